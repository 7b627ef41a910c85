//! Backtest reports: serde/CSV/JSON export, a text summary and SVG charts.

mod error;

pub use error::ReportError;
