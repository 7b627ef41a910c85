//! Errors of the `curve` module.

/// Everything that can go wrong in the `curve` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CurveError {}
