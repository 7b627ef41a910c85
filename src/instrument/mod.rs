//! What we trade: spread expressions (`2×TUM24−1×TYM24`), legs and spreads.

mod error;

pub use error::ExprError;
