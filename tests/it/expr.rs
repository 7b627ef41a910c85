//! Integration tests for the `expr` area.
