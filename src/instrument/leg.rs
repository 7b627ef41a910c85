//! A leg of a spread: a signed ratio and a contract reference (specific or generic).
