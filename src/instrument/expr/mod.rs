//! The spread-expression language: `2×TUM24−1×TYM24`, `+1×T−2×TS`, `-ECM24`.
//!
//! The [`lexer`] turns text into borrowed tokens; the [`parser`] builds the legs with one
//! token of look-ahead. Neither allocates on the success path except the `Vec` of legs. The
//! grammar and the canonical form are documented on [`SpreadExpr`](super::SpreadExpr).

mod error;
mod lexer;
mod parser;

pub use error::ExprError;
pub(crate) use parser::{parse_leg_contract, parse_legs};
