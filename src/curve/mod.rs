//! Yield curves: tenors, interpolation, par-to-zero bootstrap, discounting and bond prices off a curve.

mod error;
mod tenor;

pub use error::CurveError;
pub use tenor::{Tenor, TenorParseError};
