//! Errors of the `market` module.

use crate::calendar::CalendarError;
use crate::contract::{ContractCode, ContractError, Root};
use crate::curve::CurveError;
use crate::units::{Currency, Exchange};
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
    /// A contract the table holds no prices for.
    #[error(
        "{code} is not priced on this data: it trades {first_trading} ..= {last_trading}, the price table covers {first} ..= {last}"
    )]
    ContractNotPriced {
        /// The contract.
        code: String,
        /// Its first trading day.
        first_trading: NaiveDate,
        /// Its last trading day.
        last_trading: NaiveDate,
        /// First date of the table.
        first: NaiveDate,
        /// Last date of the table.
        last: NaiveDate,
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
    /// The market lacks data a source or query needs.
    #[error("the market has no {what}, needed by {needed_by}")]
    MissingData {
        /// What is missing, e.g. `"series \"usd_per_eur\""` or `"USD curve"`.
        what: String,
        /// Who needs it, e.g. `"the EC parity source"`.
        needed_by: String,
    },
    /// A source or query was given a market other than the one it was built from (told by
    /// the dates, not only their number).
    #[error("{what} was built for the market of {expected}, found the market of {found}")]
    MarketMismatch {
        /// The source or object.
        what: &'static str,
        /// The timeline of the market it was built from.
        expected: super::TimelineId,
        /// The timeline of the market it was given.
        found: super::TimelineId,
    },
    /// A contract's exchange dates or roll day could not be computed.
    #[error("{code}: {source}")]
    Contract {
        /// The contract.
        code: ContractCode,
        /// What went wrong.
        source: ContractError,
    },
    /// A roll or nearby-contract question about a root could not be answered.
    #[error("{root} rolls: {source}")]
    Roll {
        /// The root.
        root: Root,
        /// What went wrong.
        source: ContractError,
    },
    /// A business-day question outside a calendar's years.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A curve on one day could not be built or queried.
    #[error("{currency} curve on {date}: {source}")]
    Curve {
        /// The curve's currency.
        currency: Currency,
        /// The market day.
        date: NaiveDate,
        /// What went wrong.
        source: CurveError,
    },
    /// A date on which the asked-for data has no observation.
    #[error(
        "{date} is not a {what} day: expected a date with data, the nearest are {} and {}",
        show_date(*previous),
        show_date(*next)
    )]
    NotADataDay {
        /// What was asked for, e.g. `"USD curve"`.
        what: String,
        /// The date asked for.
        date: NaiveDate,
        /// The last day with data before it, if any.
        previous: Option<NaiveDate>,
        /// The first day with data after it, if any.
        next: Option<NaiveDate>,
    },
    /// A settlement price on a day its exchange is closed (see [`crate::pricing::SettlementSource`]).
    #[error("settlement of {contract} on {date}: {exchange} is closed that day")]
    SettlementOnClosedDay {
        /// The contract.
        contract: ContractCode,
        /// The settlement date.
        date: NaiveDate,
        /// The contract's exchange.
        exchange: Exchange,
    },
    /// A settlement price on a date that is not on the market's timeline.
    #[error(
        "settlement of {contract} on {date}: the date is not on the market timeline \
         (the union of the dates of its curves and series)"
    )]
    SettlementOffTimeline {
        /// The contract.
        contract: ContractCode,
        /// The settlement date.
        date: NaiveDate,
    },
    /// A quote source returned a quote that cannot go into a table.
    #[error("{contract}: quote source {source_label:?} returned {problem} on market day {day}")]
    BadQuote {
        /// The contract.
        contract: ContractCode,
        /// The source's label.
        source_label: &'static str,
        /// The market day index of the quote.
        day: usize,
        /// What is wrong: a price that is not finite and positive, a day outside the range asked
        /// for, a CTD index without a deliverable.
        problem: String,
    },
    /// A model parameter outside its domain.
    #[error("{name} must be {expected}, found {value}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The domain, in words.
        expected: &'static str,
    },
    /// A date range whose end is before its start.
    #[error("expected a date range with from <= to, found {from}..={to}")]
    InvalidDateRange {
        /// Start of the range.
        from: NaiveDate,
        /// End of the range.
        to: NaiveDate,
    },
    /// A back-adjusted series cannot measure the gap at a roll: the two contracts have no price
    /// on the same day around it.
    #[error("roll from {from} to {to} on {date}: no day with a price in both contracts")]
    NoRollOverlap {
        /// The contract rolled out of.
        from: String,
        /// The contract rolled into.
        to: String,
        /// The market day of the roll.
        date: NaiveDate,
    },
    /// A contract could not be priced through its deliverable basket.
    #[error("cannot price {contract} from the curve: {source}")]
    Pricing {
        /// The contract.
        contract: crate::contract::ContractCode,
        /// What the basket reported.
        source: Box<crate::basket::BasketError>,
    },
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "none".to_owned(), |d| d.to_string())
}
