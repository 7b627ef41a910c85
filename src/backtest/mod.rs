//! The deterministic backtest engine, portfolio accounting and rayon-parallel sweeps.

mod error;

pub use error::BacktestError;
