//! Errors of the `curve` module.

use super::Tenor;
use chrono::NaiveDate;

/// Everything that can go wrong in the `curve` module.
///
/// Every variant carries the offending value and what was expected, so that a caller can say
/// which node, which query or which parameter was wrong without parsing the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CurveError {
    /// Fewer usable nodes (knots, published tenors) than the construction needs.
    #[error("expected at least {min} curve nodes, found {found}")]
    TooFewNodes {
        /// How many usable nodes were given.
        found: usize,
        /// The minimum the construction needs.
        min: usize,
    },

    /// Two parallel inputs (abscissas and ordinates, tenors and yields) differ in length.
    #[error("expected {expected} {what} to match, found {found}")]
    LengthMismatch {
        /// Which input is too short or too long, e.g. `"yields"`.
        what: &'static str,
        /// The length of the input it must match.
        expected: usize,
        /// Its actual length.
        found: usize,
    },

    /// Knot abscissas (times in years) that are not strictly increasing.
    #[error("expected strictly increasing {what}, found {found} at index {index} after {previous}")]
    NotIncreasing {
        /// What the abscissas are, e.g. `"knot abscissas"` or `"discount-factor times"`.
        what: &'static str,
        /// Index of the first value that is not larger than its predecessor.
        index: usize,
        /// The predecessor.
        previous: f64,
        /// The value at `index`.
        found: f64,
    },

    /// Tenors that are not strictly increasing in length (a duplicate such as `12M` after `1Y`,
    /// or an unsorted row).
    #[error("expected strictly increasing tenors, found {found} at index {index} after {previous}")]
    UnsortedTenors {
        /// Index of the first tenor that is not longer than its predecessor.
        index: usize,
        /// The predecessor.
        previous: Tenor,
        /// The tenor at `index`.
        found: Tenor,
    },

    /// A NaN or infinite input where a finite number is required.
    #[error("expected a finite {what} at index {index}, found {value}")]
    NonFinite {
        /// What the number is, e.g. `"par yield"`, `"knot ordinate"`, `"cash flow"`.
        what: &'static str,
        /// Its position in the input.
        index: usize,
        /// The value found.
        value: f64,
    },

    /// A par yield outside the accepted band (decimal fractions; a percent value such as `4.5`
    /// lands here).
    #[error(
        "expected a par yield at {tenor} between {min} and {max} (decimal, not percent), found {value}"
    )]
    YieldOutOfBounds {
        /// The tenor of the node.
        tenor: Tenor,
        /// The yield given.
        value: f64,
        /// Lowest accepted yield.
        min: f64,
        /// Highest accepted yield.
        max: f64,
    },

    /// A tenor longer than the longest maturity a curve may have.
    #[error("expected tenors of at most {max_years} years, found {tenor}")]
    TenorTooLong {
        /// The tenor given.
        tenor: Tenor,
        /// The longest accepted maturity in years.
        max_years: f64,
    },

    /// A discount factor that is not finite and positive.
    #[error(
        "expected a positive finite discount factor at {years} years (index {index}), found {value}"
    )]
    InvalidDiscountFactor {
        /// Index of the knot.
        index: usize,
        /// Its time in years.
        years: f64,
        /// The discount factor given.
        value: f64,
    },

    /// A configuration parameter outside its domain.
    #[error("expected {name} {expected}, found {value}")]
    InvalidParameter {
        /// The parameter's name, e.g. `"horizon_years"`.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What was expected, e.g. `"finite and in [0, 100]"`.
        expected: &'static str,
    },

    /// The bootstrap produced a discount factor that is not positive and finite: the par yields
    /// are not arbitrage-free under the model (e.g. an extreme inversion).
    #[error(
        "bootstrap failed at {years} years (segment ending at {}): par yield {par_yield} gives discount factor {discount_factor}, expected a positive finite discount factor",
        segment_end.map_or_else(|| "the extrapolated end".to_owned(), |t| t.to_string())
    )]
    BootstrapFailed {
        /// The grid time (years) where the bootstrap failed.
        years: f64,
        /// The first published tenor at or after `years`; `None` beyond the last tenor.
        segment_end: Option<Tenor>,
        /// The (interpolated) par yield used at `years`.
        par_yield: f64,
        /// The discount factor the par-bond equation gave.
        discount_factor: f64,
    },

    /// A query outside the range a curve answers.
    #[error("expected {what} in [{min}, {max}], found {value}")]
    OutOfRange {
        /// What was queried, e.g. `"maturity in years"`.
        what: &'static str,
        /// The value given.
        value: f64,
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value (`inf` when unbounded).
        max: f64,
    },

    /// A period whose end is not after its start (a zero rate over zero time, a forward rate
    /// with `end <= start`).
    #[error(
        "expected a period with end after start, found start {start_years} and end {end_years} (years)"
    )]
    InvalidPeriod {
        /// Start of the period in years from the curve date.
        start_years: f64,
        /// End of the period in years from the curve date.
        end_years: f64,
    },

    /// A date outside the dates a zero curve covers.
    #[error("expected a date from {first} to {last}, found {date}")]
    DateOutOfRange {
        /// The date given.
        date: NaiveDate,
        /// The curve date (the earliest date the curve answers).
        first: NaiveDate,
        /// The last date the curve covers.
        last: NaiveDate,
    },

    /// A delivery date before the settlement date.
    #[error("expected a delivery date on or after settlement {settle}, found {delivery}")]
    DatesOutOfOrder {
        /// The settlement date.
        settle: NaiveDate,
        /// The delivery date.
        delivery: NaiveDate,
    },

    /// Text that is not the name of one of the closed sets in this module.
    #[error("expected {expected}, found {found:?}")]
    UnknownName {
        /// The accepted spellings.
        expected: &'static str,
        /// The text given.
        found: String,
    },
}
