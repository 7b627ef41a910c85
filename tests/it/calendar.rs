//! Integration tests for the `calendar` area.
