//! Errors of the `contract` module.

use super::Root;
use super::code::{CodeParseError, ContractCode};
use super::price::PriceParseError;
use super::roll::RollAnchor;
use crate::calendar::CalendarError;
use chrono::NaiveDate;

/// Everything that can go wrong building or parsing a contract, computing its dates, rolling
/// it, or reading and rounding its prices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The year is outside the representable range.
    #[error("contract year {year} is out of range: expected {min}..={max}")]
    YearOutOfRange {
        /// The year given.
        year: i32,
        /// Smallest accepted year.
        min: i32,
        /// Largest accepted year.
        max: i32,
    },
    /// The month is not in the root's listing cycle.
    #[error("{root} does not list a contract in month {month}")]
    MonthNotListed {
        /// The root.
        root: Root,
        /// The month given (1-12).
        month: u32,
    },
    /// A contract code that could not be parsed.
    #[error(transparent)]
    Parse(#[from] CodeParseError),
    /// A business-day calendar could not answer (typically a date outside its years).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A well-formed code for a contract the exchange never listed (its contract month is
    /// before the product's first listed contract, or it expired before the product started).
    #[error("{code} was never listed: {root} contracts trade from {listed_from}", root = .code.root())]
    NeverListed {
        /// The code given.
        code: ContractCode,
        /// The product's first trading day.
        listed_from: NaiveDate,
    },
    /// A date before the product started trading.
    #[error("{root} started trading on {listed_from}, found date {date} before that")]
    BeforeListing {
        /// The root.
        root: Root,
        /// The date given.
        date: NaiveDate,
        /// The product's first trading day.
        listed_from: NaiveDate,
    },
    /// A roll anchor that the root's contracts do not have.
    #[error("{root} contracts have no {anchor} (expected the last-trading-day anchor)")]
    AnchorNotApplicable {
        /// The root.
        root: Root,
        /// The anchor asked for.
        anchor: RollAnchor,
    },
    /// No contract in the representable years satisfies the request.
    #[error("no {root} contract after {after} up to contract year {max_year}")]
    NoContract {
        /// The root.
        root: Root,
        /// The date or contract month searched from.
        after: NaiveDate,
        /// The last representable contract year.
        max_year: i32,
    },
    /// A nearby position of zero.
    #[error("expected a nearby position n >= 1, found {n}")]
    InvalidNearby {
        /// The position given.
        n: u8,
    },
    /// A date range whose end is before its start.
    #[error("expected from <= to, found from {from} after to {to}")]
    InvalidDateRange {
        /// Start of the range.
        from: NaiveDate,
        /// End of the range.
        to: NaiveDate,
    },
    /// A price quote that could not be parsed.
    #[error(transparent)]
    Price(#[from] PriceParseError),
    /// A price that cannot be rounded or displayed (not finite, or beyond the exact range).
    #[error("expected {expected}, found price {value}")]
    InvalidPrice {
        /// The value given.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
}
