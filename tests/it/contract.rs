//! Integration tests for the `contract` area.
