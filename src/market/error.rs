//! Errors of the `market` module.

use chrono::NaiveDate;

/// Everything that can go wrong building or querying a [`super::Market`] or
/// [`super::PriceTable`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MarketError {
    /// A series' dates and values have different lengths.
    #[error("series {name:?} has {dates} dates but {values} values")]
    LengthMismatch {
        /// Series name.
        name: String,
        /// Number of dates.
        dates: usize,
        /// Number of values.
        values: usize,
    },
    /// Dates must be strictly increasing.
    #[error("{what}: dates must be strictly increasing, found {found} after {previous}")]
    Unsorted {
        /// What was being built.
        what: String,
        /// The earlier date.
        previous: NaiveDate,
        /// The offending date.
        found: NaiveDate,
    },
    /// Two instruments or series with the same name.
    #[error("duplicate instrument or series {name:?}")]
    Duplicate {
        /// The repeated name.
        name: String,
    },
    /// The timeline is empty.
    #[error("{what} has no dates")]
    Empty {
        /// What was empty.
        what: String,
    },
    /// A value that must be finite and positive was not.
    #[error("{what} must be finite and positive, found {value}")]
    NotPositive {
        /// The parameter.
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// A date outside the market's timeline.
    #[error("date {date} is outside the market's history {first}..={last}")]
    DateOutOfRange {
        /// The date asked for.
        date: NaiveDate,
        /// First date of the history.
        first: NaiveDate,
        /// Last date of the history.
        last: NaiveDate,
    },
    /// An instrument the table does not hold.
    #[error("the price table has no instrument {name:?}")]
    UnknownInstrument {
        /// The name or code asked for.
        name: String,
    },
    /// A leg ratio that is zero or not finite.
    #[error("leg {leg:?} has ratio {ratio}: expected a finite non-zero number")]
    InvalidRatio {
        /// The leg.
        leg: String,
        /// The ratio given.
        ratio: f64,
    },
    /// A book without legs.
    #[error("book {book:?} has no legs")]
    EmptyBook {
        /// The book's label.
        book: String,
    },
    /// A leg schedule that does not cover the price table's timeline.
    #[error("leg {leg:?} has a schedule of {found} days, expected {expected}")]
    ScheduleLength {
        /// The leg.
        leg: String,
        /// Days on the timeline.
        expected: usize,
        /// Days in the schedule.
        found: usize,
    },
}
