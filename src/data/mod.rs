//! CSV loaders for market data (Treasury, FRED, ChinaBond, generic curves, series, settlements, securities).

mod error;
mod synthetic;

pub use error::DataError;
