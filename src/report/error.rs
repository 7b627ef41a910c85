//! Errors of the `report` module.

/// Everything that can go wrong in the `report` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {}
