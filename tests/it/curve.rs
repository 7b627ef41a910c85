//! Integration tests for the `curve` area.
