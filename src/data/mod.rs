//! Market-data loaders: CSV files in, typed tables out, with file/line/column errors.
//!
//! This module reads files and nothing else: no curve maths, no calendars.
//!
//! | what | type | loader |
//! | --- | --- | --- |
//! | yield curves (Treasury official download and normalised file, FRED H.15, ChinaBond, generic wide and long) | [`CurveTable`] | [`CurveTable::load`] / [`CurveTable::read`] with a [`CurveFormat`] |
//! | price, index, FX and rate series (VIX `close`, EUR/USD `usd_per_eur`, a FRED series) | [`Series`] | [`Series::load`], [`Series::load_fred`] |
//! | futures settlements | [`Settlements`] | [`Settlements::load`] |
//! | real futures prices (Cboe VX files, front-month series, settlements, VX by rank, main contract), mapped to contracts | [`RealPrices`] | [`RealPrices::load`] with [`RealFileOptions`] |
//! | securities for deliverable baskets | [`SecurityList`] | [`SecurityList::load`] |
//! | event calendars (FOMC decisions, `date[,label]`) | [`EventCalendar`] | [`EventCalendar::load`] |
//! | everything in a data folder | [`Dataset`] | [`Dataset::load_dir`], [`Dataset::embedded_synthetic`] |
//!
//! Every loader reads from a path (`load*`, the path names the file in errors) or from any
//! [`std::io::Read`] with a source name (`read*`).
//!
//! # Units
//!
//! Files publish yields, coupons and rates in **percent**; the tables hold **decimal
//! fractions** (4.27 → 0.0427). Prices, index levels and FX rates are kept as written.
//!
//! # Missing data, skipped rows, order
//!
//! - A missing cell is `None`: never 0, never NaN, never dropped.
//! - A row with no value at all (the Treasury's all-`N/A` row of 2010-10-11, FRED's `.` rows)
//!   is skipped and listed in the table's [`LoadReport`] with its line and reason. Every row
//!   read is either used or listed: `rows_read == rows_used + skipped.len()`.
//! - The official Treasury download is published newest first (and may come in either
//!   order): that loader sorts it and says so in [`LoadReport::reordered`]. Every other
//!   loader requires strictly ascending dates (non-decreasing for the long curve format and
//!   settlements, where several rows share a date) and reports the first violation with its
//!   line and the line before. A repeated date (or key) is always an error.
//!
//! # Plausible ranges
//!
//! A value outside its plausible range is an error ([`DataError::OutOfRange`]), because it is
//! almost always a unit mistake or a corrupt cell: yields and rates must lie in
//! [`YIELD_PCT_MIN`]..=[`YIELD_PCT_MAX`] percent (every G10 government yield on record does;
//! a yield of 250% is rejected), coupons in 0..=[`COUPON_PCT_MAX`] percent, prices and levels
//! in [`LEVEL_MIN`]..=[`LEVEL_MAX`].

mod curve;
mod dataset;
mod error;
mod event;
mod reader;
mod realprice;
mod report;
mod security;
mod series;
mod settlement;
mod synthetic;

pub use curve::{CurveFormat, CurveFormatParseError, CurveTable};
pub use dataset::{Dataset, Provenance};
pub use error::{CellRef, DataError, LineRef};
pub use event::{Event, EventCalendar, FomcDecision, PolicyAction, PolicyActionParseError};
pub use realprice::{
    MAIN_SWITCH_OI_JUMP, RealFileOptions, RealFormat, RealFormatParseError, RealPrice, RealPrices,
    RealQuote, ReportReason, ReportedRow,
};
pub use report::{LoadReport, SkipReason, SkippedRow};
pub use security::{COUPON_FREQUENCIES, Security, SecurityList};
pub use series::{Series, ValueUnit};
pub use settlement::{Settlement, Settlements};
pub use synthetic::{
    DEFAULT_END, DEFAULT_SEED, DEFAULT_START, NS_LAMBDA_PER_MONTH, SYNTHETIC_GENERATOR,
    SyntheticConfig, SyntheticData, SyntheticFile, generate_synthetic,
};

/// The lowest plausible yield or rate, in percent. The most negative G10 government yields
/// on record (Swiss and German bills, 2015–2021) were about −1%.
pub const YIELD_PCT_MIN: f64 = -5.0;

/// The highest plausible yield or rate, in percent. The highest U.S. constant-maturity yield
/// in the H.15 history is 17.31% (1-year, 1981-09-03, FRED DGS1); 50% leaves room for any
/// developed-market history and rejects unit mistakes (a yield written in basis points, 250
/// for 2.50%).
pub const YIELD_PCT_MAX: f64 = 50.0;

/// The highest plausible coupon, in percent (U.S. Treasury coupons set at the 1981 auctions,
/// the highest on record, were in the mid-teens).
pub const COUPON_PCT_MAX: f64 = 25.0;

/// The smallest plausible price, index level or FX rate: anything at or below zero is rejected.
pub const LEVEL_MIN: f64 = 1e-6;

/// The largest plausible price, index level or FX rate.
pub const LEVEL_MAX: f64 = 1e9;
