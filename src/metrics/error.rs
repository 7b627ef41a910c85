//! Errors of the `metrics` module.

use std::fmt;

/// Which input series an observation error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SeriesKind {
    /// Daily P&L in currency.
    Pnl,
    /// The day's absolute DV01 carried, in currency per basis point.
    AbsDv01,
    /// Contracts traded on the day (absolute lots, summed over legs).
    ContractsTraded,
    /// Signed positions in contracts held at each day's close.
    Position,
    /// Per-period Sharpe ratios of the trials of a parameter search.
    TrialSharpe,
}

impl SeriesKind {
    /// A short lowercase name for messages, e.g. `"daily p&l"`.
    pub const fn name(self) -> &'static str {
        match self {
            SeriesKind::Pnl => "daily p&l",
            SeriesKind::AbsDv01 => "absolute dv01",
            SeriesKind::ContractsTraded => "contracts traded",
            SeriesKind::Position => "position",
            SeriesKind::TrialSharpe => "trial sharpe ratio",
        }
    }
}

impl fmt::Display for SeriesKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong computing performance metrics.
///
/// Degenerate *results* (an empty series, zero volatility, no losses for a profit factor) are
/// not errors: the functions return `None` for them. Errors are for inputs that are wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// An observation is NaN, infinite, larger in magnitude than the accepted limit, or
    /// negative where only non-negative values make sense.
    #[error("expected a finite {series} in [{min:e}, {max:e}] at index {index}, found {value}")]
    InvalidObservation {
        /// The series the observation belongs to.
        series: SeriesKind,
        /// Zero-based index of the observation (the day for daily series).
        index: usize,
        /// The value found.
        value: f64,
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// Two series that must be aligned day by day have different lengths.
    #[error(
        "expected the {series} series to have {expected} observations like the p&l, found {found}"
    )]
    LengthMismatch {
        /// The series whose length is wrong.
        series: SeriesKind,
        /// The number of observations expected (the P&L series' length).
        expected: usize,
        /// The number found.
        found: usize,
    },
    /// A real-valued parameter is outside its domain.
    #[error("expected {name} {expected}, found {value}")]
    InvalidParameter {
        /// The parameter's name, e.g. `"kurtosis"`.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What was expected, e.g. `"in (0, 1)"`.
        expected: &'static str,
    },
    /// A count is below its minimum.
    #[error("expected {name} to be at least {min}, found {value}")]
    CountTooSmall {
        /// The count's name, e.g. `"number of trials"`.
        name: &'static str,
        /// The value given.
        value: u64,
        /// The smallest accepted value.
        min: u64,
    },
    /// Text that is not an annualisation convention.
    #[error(
        "expected an annualisation like \"trading-days-252\", \"calendar-365\" or \"per-period\", found {found:?}"
    )]
    UnknownAnnualization {
        /// The text that was given.
        found: String,
    },
    /// Text that is not a standard-deviation convention.
    #[error(
        "expected a standard-deviation convention \"sample\" or \"population\", found {found:?}"
    )]
    UnknownStdConvention {
        /// The text that was given.
        found: String,
    },
}
