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
//! - [`strategy`], [`backtest`], [`metrics`], [`report`]: the engine and what it produces.
//!
//! Futures prices are **curve-implied** unless settlement prices are supplied: no exchange
//! settlement history ships with the crate, so each contract is priced from the historical
//! yield curve through its deliverable basket, and outputs say so.

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
pub mod market;
pub mod metrics;
pub mod report;
pub mod rng;
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
