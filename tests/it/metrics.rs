//! Integration tests for the `metrics` area.
