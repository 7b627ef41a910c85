//! Integration tests for the `bond` area.
