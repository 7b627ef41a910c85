//! Errors of the `calendar` module.

use chrono::NaiveDate;

/// Everything that can go wrong building or querying a business-day calendar.
///
/// A calendar answers only for the years it covers ([`super::Calendar::years`]); a date outside
/// them is an error, never a weekends-only guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A date outside the years the calendar can answer for.
    #[error(
        "calendar {calendar:?} covers {first_year}..={last_year}, found date {date} outside that range"
    )]
    DateOutOfRange {
        /// Name of the calendar.
        calendar: String,
        /// The date asked about (or the date a business-day step would have reached).
        date: NaiveDate,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A business-day step from a covered date that would leave the covered years.
    #[error(
        "adding {n} business days to {date} leaves calendar {calendar:?}, which covers {first_year}..={last_year}"
    )]
    StepOutOfRange {
        /// Name of the calendar.
        calendar: String,
        /// The starting date.
        date: NaiveDate,
        /// The number of business days asked for.
        n: i32,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A year outside the years the calendar can answer for.
    #[error(
        "calendar {calendar:?} covers {first_year}..={last_year}, found year {year} outside that range"
    )]
    YearOutOfRange {
        /// Name of the calendar.
        calendar: String,
        /// The year asked about.
        year: i32,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A month number outside 1–12.
    #[error("expected a month 1..=12, found {month}")]
    InvalidMonth {
        /// The month given.
        month: u32,
    },
    /// A month in which the calendar has no business day at all (only possible with a custom
    /// holiday table).
    #[error("calendar {calendar:?} has no business day in {year}-{month:02}")]
    NoBusinessDayInMonth {
        /// Name of the calendar.
        calendar: String,
        /// Year.
        year: i32,
        /// Month (1–12).
        month: u32,
    },
    /// Adding zero business days to a day that is not a business day has no single answer.
    #[error(
        "cannot add 0 business days to {date}: it is not a business day of calendar {calendar:?} (use next_business_day or previous_business_day)"
    )]
    NotABusinessDay {
        /// Name of the calendar.
        calendar: String,
        /// The date given.
        date: NaiveDate,
    },
    /// A year range that is empty or outside what a calendar may span.
    #[error(
        "expected a year range within {min}..={max} with first <= last, found {first}..={last}"
    )]
    InvalidYears {
        /// First year given.
        first: i32,
        /// Last year given.
        last: i32,
        /// Smallest supported year.
        min: i32,
        /// Largest supported year.
        max: i32,
    },
    /// Calendars to be joined have no year in common.
    #[error("calendars {first:?} and {second:?} have no covered year in common")]
    NoCommonYears {
        /// Name of one calendar.
        first: String,
        /// Name of the other calendar.
        second: String,
    },
    /// A holiday table file that could not be read.
    #[error("cannot read holiday table {path:?}: {message}")]
    Io {
        /// The path given.
        path: String,
        /// The operating-system error text.
        message: String,
    },
    /// A malformed holiday-table line.
    #[error("{file}:{line}:{column}: expected {expected}, found {found:?}")]
    Table {
        /// The file (or the name given to an in-memory table).
        file: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column (character position) of the offending field.
        column: usize,
        /// The text found.
        found: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A holiday-table date outside the years the table says it covers.
    #[error(
        "{file}:{line}: holiday {date} is outside the table's years {first_year}..={last_year}"
    )]
    HolidayOutsideYears {
        /// The file (or table name).
        file: String,
        /// 1-based line number.
        line: usize,
        /// The holiday.
        date: NaiveDate,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A holiday listed twice in a table.
    #[error("{file}:{line}: holiday {date} is listed twice (first on line {first_line})")]
    DuplicateHoliday {
        /// The file (or table name).
        file: String,
        /// 1-based line of the repeated entry.
        line: usize,
        /// Line of the first entry.
        first_line: usize,
        /// The holiday.
        date: NaiveDate,
    },
}
