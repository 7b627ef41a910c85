//! What we trade: spread expressions (`2×TUM24−1×TYM24`), legs and spreads.

mod expr;
mod leg;
mod risk;
mod spread;

pub use expr::ExprError;
