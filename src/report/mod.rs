//! Backtest reports: CSV and JSON files, a text summary and an SVG equity/drawdown chart.
//!
//! - [`write_run`] writes `summary.json`, the ledger and the blotter (CSV and JSON) and `equity.svg` for one
//!   run into a folder;
//! - [`write_sweep`] writes `sweep.csv` and `sweep.json` for a sweep;
//! - [`text_summary`] formats a run's headline figures for a terminal;
//! - [`equity_chart`] draws cumulative P&L and drawdown.
//!
//! Every report states where its data came from ([`crate::market::Origin`]): figures made from
//! synthetic fixtures or from curve-implied prices say so.

mod chart;
mod error;
mod files;
mod text;

pub use chart::equity_chart;
pub use error::ReportError;
pub use files::{Written, ledger_csv, write_run, write_sweep};
pub use text::text_summary;
