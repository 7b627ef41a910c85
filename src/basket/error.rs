//! Errors of the `basket` module.

/// Everything that can go wrong in the `basket` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BasketError {}
