//! Yield curves: tenors, interpolation, par-to-zero bootstrap, discounting and bond prices off a curve.

mod bootstrap;
mod error;
mod interp;
mod par;
mod tenor;
mod zero;

pub use error::CurveError;
pub use tenor::{Tenor, TenorParseError};
