//! The spread-expression language: `2×TUM24−1×TYM24`, `+1×T−2×TS`, `-ECM24`.

mod error;
mod lexer;
mod parser;

pub use error::ExprError;
