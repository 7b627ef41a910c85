//! Backtest reports: CSV and JSON files, a text summary and an SVG equity/drawdown chart.
//!
//! - [`write_run`] writes `summary.json`, the ledger and the blotter (CSV and JSON) and `equity.svg` for one
//!   run into a folder;
//! - [`write_sweep`] writes `sweep.csv` and `sweep.json` for a sweep;
//! - [`text_summary`] formats a run's headline figures for a terminal;
//! - `equity_chart` draws cumulative P&L and drawdown (feature `charts`, on by default; without
//!   it [`write_run`] writes every other file and says in [`Written::notes`] that no chart was
//!   drawn).
//!
//! Every report states where its data came from ([`crate::market::Origin`]): figures made from
//! synthetic fixtures or from curve-implied prices say so.

#[cfg(feature = "charts")]
mod chart;
mod error;
mod files;
mod portfolio;
mod text;

#[cfg(feature = "charts")]
pub use chart::equity_chart;
pub use error::ReportError;
pub use files::{Written, ledger_csv, write_run, write_sweep};
#[cfg(feature = "charts")]
pub use portfolio::pnl_chart;
pub use portfolio::{portfolio_table, write_portfolio};
pub use text::text_summary;
