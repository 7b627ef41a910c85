//! Futures contracts as static and calendar facts: roots and specs, contract codes, dates.
//!
//! - [`Root`] / [`RootSpec`]: exchange, currency, face or multiplier, tick history, listing
//!   cycle and depth, deliverable-grade rules, conversion-factor convention; the one source of
//!   truth for contract facts.
//! - [`ContractCode`]: one listed contract (`TUM24`, `T2406`), parsed from exchange and vendor
//!   spellings and displayed canonically.
//! - [`ContractDates`] ([`ContractCode::dates`]): listing, first position/notice/delivery, last
//!   trading, delivery, payment and final settlement days on the exchange calendar.
//! - [`RollRule`]: roll days, the front and n-th nearby contract, roll schedules.
//! - Prices: [`parse_price`], [`ThirtySeconds`] (exact 32nds), [`RootSpec::format_price`],
//!   [`RootSpec::round_to_tick`] and the tick counts of [`RootSpec::price_to_ticks`].
//! - [`DeliverableRule`] ([`RootSpec::deliverable_rule`]): which bonds are deliverable.

mod code;
mod dates;
mod error;
mod price;
mod roll;
mod root;

#[cfg(test)]
pub(crate) use code::root_of_bytes;
pub(crate) use code::root_prefix;
pub use code::{
    CodeErrorKind, CodeParseError, ContractCode, MAX_CONTRACT_YEAR, MIN_CONTRACT_YEAR,
    MONTH_LETTERS, ONE_DIGIT_YEAR_DECADE, TWO_DIGIT_YEAR_PIVOT, month_letter, month_of_letter,
};
pub use dates::ContractDates;
pub use error::ContractError;
pub use price::{MAX_HANDLE, PriceParseError, ThirtySeconds, TickRounding, parse_price};
pub use roll::{DEFAULT_ROLL_BUSINESS_DAYS, RollAnchor, RollRule};
pub use root::{
    ConversionFactorConvention, DeliverableRule, Listing, ListingCycle, ProductKind,
    QuoteConvention, Root, RootSpec, TermBounds, TermMeasure, TickEra,
};
