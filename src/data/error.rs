//! Errors of the `data` module.

/// Everything that can go wrong in the `data` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {}
