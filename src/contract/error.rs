//! Errors of the `contract` module.

use super::Root;
use super::code::CodeParseError;

/// Everything that can go wrong building or parsing a contract, or computing its dates.
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
}
