//! The deterministic backtest engine, portfolio accounting and rayon-parallel sweeps.
//!
//! - [`Engine`]: one single-threaded day loop per run (see its module docs for the order of
//!   steps within a day).
//! - [`BacktestConfig`]: capital, base currency, costs, FX, margin, weighting, dates.
//! - [`RunResult`]: summary, daily ledger ([`Ledger`], by column), trade blotter — all serde.
//! - [`Sweep`]: many runs in parallel, results in input order and bit-identical to a serial
//!   run; optional shards for batch schedulers.

mod config;
mod engine;
mod error;
mod ledger;
mod portfolio;
#[cfg(feature = "test-util")]
pub mod reference;
mod result;
mod sweep;

pub use config::{
    BacktestConfig, CostModel, FxRate, MarginChange, MarginModel, MarginRule, Weighting,
};
pub use config::{MAX_FX_STALENESS_DAYS, default_fx_rate};
pub use engine::Engine;
pub use error::BacktestError;
pub use ledger::{Days, Ledger, LedgerDayRef, LedgerError, LegColumnsRef, LegDayRef};
pub use portfolio::{
    Portfolio, PortfolioDay, PortfolioError, PortfolioResult, PortfolioSummary, PortfolioTrade,
    Provenance, TradeDay, TradeDays, TradeResult, risk_budget_units,
};
pub use result::{LedgerDay, LegDay, RunResult, RunSummary, Trade, TradeReason};
pub use sweep::{BestRun, Shard, Sweep, SweepRun, merge_shards};
