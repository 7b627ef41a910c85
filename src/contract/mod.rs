//! Futures contracts as static and calendar facts: roots and specs, contract codes, dates.
//!
//! - [`Root`] / [`RootSpec`]: exchange, currency, face or multiplier, tick history, listing
//!   cycle, conversion-factor convention; the one source of truth for contract facts.
//! - [`ContractCode`]: one listed contract (`TUM24`, `T2406`), parsed from exchange and vendor
//!   spellings and displayed canonically.

mod code;
mod dates;
mod error;
mod price;
mod roll;
mod root;

pub use code::{
    CodeParseError, ContractCode, MAX_CONTRACT_YEAR, MIN_CONTRACT_YEAR, MONTH_LETTERS,
    ONE_DIGIT_YEAR_DECADE, TWO_DIGIT_YEAR_PIVOT, month_letter, month_of_letter,
};
pub use error::ContractError;
pub use root::{
    ConversionFactorConvention, ListingCycle, ProductKind, QuoteConvention, Root, RootSpec, TickEra,
};
