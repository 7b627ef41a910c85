//! Integration tests for the `data` area.
