//! Errors of the `market` module.

/// Everything that can go wrong in the `market` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MarketError {}
