//! A zero (discount) curve: discount factors, zero and forward rates, prices of cash flows and bonds.
