//! Exchange dates of a contract: first position/notice day, last trading day, delivery, payment and final settlement days.
