//! Errors of the `calendar` module.

/// Everything that can go wrong in the `calendar` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {}
