//! Errors of the `instrument` module.

/// Everything that can go wrong in the `instrument` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExprError {}
