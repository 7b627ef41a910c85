//! # spreadtrade
//!
//! Backtesting fixed-income futures spread trades: CBOT Treasury futures (TU, FV, TY, TN, US,
//! UB), CFFEX government-bond futures (TS, TF, T, TL), CME Euro FX (EC) and Cboe VIX futures
//! (VX), written as DV01-weighted spread expressions such as `2×TUM24−1×TYM24` or `+1×T−2×TS`.
//!
//! The data flow is one-way:
//!
//! ```text
//! CSV files ─► data ─► market::Market ─► market::PriceTable ─► backtest::Engine ─► metrics/report
//!                        (curves, series)   (price, DV01, CTD per     (one deterministic loop
//!                                            contract and day)         per run; rayon sweeps)
//! ```
//!
//! - [`contract`]: roots, specs with tick history, contract codes, exchange dates, roll rules.
//! - [`calendar`]: business-day calendars (US/CME, Cboe, TARGET, China/CFFEX).
//! - [`instrument`]: the spread-expression language and spreads.
//! - [`bond`]: coupon bonds, price/yield, accrued, duration, DV01, conversion factors.
//! - [`curve`]: par curves, interpolation, bootstrap, discounting.
//! - [`basket`]: deliverable baskets, cheapest-to-deliver, basis, implied repo, futures DV01.
//! - [`data`]: CSV loaders with file/line/column errors.
//! - [`market`]: the immutable `Market` and the dense `PriceTable`.
//! - [`pricing`]: where prices come from — curve-implied, VX term structure, covered interest
//!   parity and real price files, peers behind one `QuoteSource` trait; fidelity against real
//!   prices.
//! - [`strategy`], [`backtest`], [`metrics`], [`report`]: the engine and what it produces.
//! - [`limits`]: the valid range of every number a user gives (yields, prices, sizes, capital,
//!   costs, windows), checked at the boundary.
//! - [`query`]: the JSON answers of the `parse`, `contract`, `cf` and `bond` commands, shared
//!   by the command line and the Python package.
//!
//! Futures prices are **curve-implied** unless settlement prices are supplied: no exchange
//! settlement history ships with the crate, so each contract is priced from the historical
//! yield curve through its deliverable basket, and outputs say so.
//!
//! ## Cargo features
//!
//! All on by default except `test-util`. With `default-features = false` the library keeps
//! every module but `runfile` and compiles none of the optional dependencies.
//!
//! | feature | dependency | what it adds |
//! | --- | --- | --- |
//! | `cli` | clap | the `spreadtrade` binary (implies `runfile`) |
//! | `runfile` | toml, serde_path_to_error | `runfile`: backtests described in TOML or JSON files |
//! | `charts` | plotters | `report::equity_chart` and the `equity.svg` of [`report::write_run`]; off, runs write every other file and say in [`report::Written::notes`] that no chart was drawn |
//! | `parallel` | rayon | parallel [`backtest::Sweep`]s and price-table builds; off, the same work runs serially with bit-identical results |
//! | `test-util` | — | not public API: the reference sweep's workload (`backtest::reference`) for this crate's own tests, benches and examples |
//!
//! The exchange facts the documentation cites as "spec §x.y" are in the contract notes,
//! [`_contracts`] (`docs/CONTRACTS.md`).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![warn(clippy::missing_errors_doc, clippy::missing_panics_doc)]

pub mod backtest;
pub mod basket;
pub mod bond;
pub mod calendar;
pub mod contract;
pub mod curve;
pub mod data;
mod error;
pub mod instrument;
pub mod limits;
pub mod market;
pub mod metrics;
pub mod pricing;
pub mod query;
pub mod report;
mod rng;
#[cfg(feature = "runfile")]
pub mod runfile;
pub mod session;
pub mod strategy;
pub mod tolerance;
pub mod units;

pub use error::{Error, Result};

/// The handful of types most programs need: `use spreadtrade::prelude::*;`.
pub mod prelude {
    #[doc(no_inline)]
    pub use crate::backtest::{BacktestConfig, Engine, RunResult, Sweep};
    #[doc(no_inline)]
    pub use crate::bond::Bond;
    #[doc(no_inline)]
    pub use crate::contract::{ContractCode, RollRule, Root};
    #[doc(no_inline)]
    pub use crate::curve::{ParCurve, ZeroCurve};
    #[doc(no_inline)]
    pub use crate::instrument::SpreadExpr;
    #[doc(no_inline)]
    pub use crate::market::{Book, Market, PriceTable};
    #[doc(no_inline)]
    pub use crate::strategy::{Strategy, Target};
    #[doc(no_inline)]
    pub use crate::{Error, Result};
}

/// The README's code, compiled and run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Longer explanations: the design notes (`docs/DESIGN.md`).
#[doc = include_str!("../docs/DESIGN.md")]
pub mod _documentation {}

/// The contract notes (`docs/CONTRACTS.md`): the exchange facts the code cites as "spec §x.y",
/// each with its source.
#[doc = include_str!("../docs/CONTRACTS.md")]
pub mod _contracts {}
