//! Errors of the spread-expression parser.

/// A malformed spread expression: the byte offset, what was found and what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExprError {}
