//! CSV loaders for market data (Treasury, FRED, ChinaBond, generic curves, series, settlements, securities).

mod error;

pub use error::DataError;
