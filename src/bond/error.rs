//! Errors of the `bond` module.

/// Everything that can go wrong in the `bond` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BondError {}
