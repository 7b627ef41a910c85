//! Errors of the `backtest` module.

use crate::market::MarketError;
use crate::strategy::StrategyError;
use crate::units::Currency;
use chrono::NaiveDate;

/// Everything that can go wrong configuring or running a backtest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BacktestError {
    /// A number outside its domain limit ([`crate::limits`]): capital, a cost, a margin, an
    /// FX rate, a size; `what` names it as in a config file (`costs.slippage_ticks`).
    #[error(transparent)]
    OutOfRange(#[from] crate::limits::OutOfRange),
    /// A configuration value is invalid; `key` names it as in a config file.
    #[error("invalid config value for {key}: {reason}")]
    InvalidConfig {
        /// The key, e.g. `costs.slippage_ticks`.
        key: String,
        /// What was wrong and what was expected.
        reason: String,
    },
    /// A leg trades in a currency that has no FX rate into the base currency.
    #[error(
        "leg {leg:?} settles in {currency} but the base currency is {base} and no fx rate for \
         {currency} is configured (set fx.{currency}: {base} per {currency}, a number or a \
         market series)"
    )]
    MissingFx {
        /// The leg.
        leg: String,
        /// Its currency.
        currency: Currency,
        /// The base currency.
        base: Currency,
    },
    /// An FX series has no rate on or before a day that needs one.
    #[error("fx series {series:?} has no rate on or before {date}")]
    FxGap {
        /// The series.
        series: String,
        /// The date.
        date: NaiveDate,
    },
    /// An FX series' last rate before a day of the run is older than the carry-forward limit
    /// ([`super::MAX_FX_STALENESS_DAYS`]): the series ended or has a gap.
    #[error(
        "fx series {series:?} has no rate within {max_days} days before {date} (the last is on {last}); end the run earlier or supply a rate"
    )]
    FxStale {
        /// The series.
        series: String,
        /// The day of the run that needs a rate.
        date: NaiveDate,
        /// The last observation before it.
        last: NaiveDate,
        /// The carry-forward limit in calendar days.
        max_days: i64,
    },
    /// The run's dates fall outside the market.
    #[error("run dates {start}..={end} do not overlap the market history {first}..={last}")]
    DatesOutOfRange {
        /// Configured start.
        start: NaiveDate,
        /// Configured end.
        end: NaiveDate,
        /// First market date.
        first: NaiveDate,
        /// Last market date.
        last: NaiveDate,
    },
    /// The book has no instrument to hold on any day of the run.
    #[error(
        "book {book:?} holds nothing between {start} and {end}: no listed contract is priced there"
    )]
    NothingToHold {
        /// The book.
        book: String,
        /// First day of the run.
        start: NaiveDate,
        /// Last day of the run.
        end: NaiveDate,
    },
    /// A held position has no price on a day (its instrument ended without a roll target).
    #[error(
        "book {book:?}, leg {leg:?}: holds {instrument} on {date}, which has no price that day"
    )]
    NoPrice {
        /// The book.
        book: String,
        /// The leg.
        leg: String,
        /// The instrument.
        instrument: String,
        /// The date.
        date: NaiveDate,
    },
    /// The price table and the market are on different timelines.
    #[error("the price table has {table} days but the market has {market}")]
    TimelineMismatch {
        /// Days in the table.
        table: usize,
        /// Days in the market.
        market: usize,
    },
    /// The price table and the market have as many days but not the same dates: the table
    /// was built on another market.
    #[error(
        "the price table was built on another market: day {day} is {table} in the table but {market} in the market"
    )]
    TimelineDates {
        /// The first day index on which they differ.
        day: usize,
        /// The table's date there.
        table: NaiveDate,
        /// The market's date there.
        market: NaiveDate,
    },
    /// A book was resolved against a table on other dates than the engine's.
    #[error(
        "book {book} was built on another market: its table has {book_timeline}, the engine's has {engine_timeline}"
    )]
    BookTimeline {
        /// The book.
        book: String,
        /// The fingerprint of the dates the book was built on.
        book_timeline: crate::market::TimelineId,
        /// The fingerprint of the engine's dates.
        engine_timeline: crate::market::TimelineId,
    },
    /// A sweep shard specification is invalid.
    #[error("invalid shard {index} of {count}: expected 0 <= index < count")]
    InvalidShard {
        /// The shard index.
        index: usize,
        /// The number of shards.
        count: usize,
    },
    /// A shard given on the command line (`I/N`, or `auto` from the environment) cannot be
    /// read.
    #[error("invalid shard {text:?}: {reason}")]
    ShardSpec {
        /// The text as given (or the environment variables read).
        text: String,
        /// What was expected and what was found.
        reason: String,
    },
    /// Shards that do not fit together.
    #[error("shards do not merge: {reason}")]
    ShardMismatch {
        /// What did not fit.
        reason: String,
    },
    /// An accounting identity does not hold (a bug, reported rather than hidden).
    #[error("book {book:?}: accounting identity broken: {what}")]
    Identity {
        /// The book whose run broke it.
        book: String,
        /// Which identity and the numbers.
        what: String,
    },
    /// An FX rate names a market series the market does not have.
    #[error(
        "fx.{currency} names the series {series:?}, which the market does not have (expected \
         the name of a loaded series or a constant rate)"
    )]
    UnknownFxSeries {
        /// The foreign currency.
        currency: Currency,
        /// The series named.
        series: String,
    },
    /// A strategy that could not prepare for a book. The cause is part of the message and is
    /// not repeated as [`source`](std::error::Error::source), so it prints once.
    #[error("book {book:?}: the strategy cannot prepare: {error}")]
    Prepare {
        /// The book.
        book: String,
        /// Why.
        error: StrategyError,
    },
    /// One run of a sweep failed: its index in the grid and why (the cause is part of the
    /// message, not repeated as [`source`](std::error::Error::source)).
    #[error("sweep run {index}: {error}")]
    SweepRun {
        /// The run's index in the grid (row-major over the parameters).
        index: usize,
        /// Why.
        error: Box<BacktestError>,
    },
    /// A market or price-table problem.
    #[error(transparent)]
    Market(#[from] MarketError),
    /// A statistic that could not be computed from the run's P&L.
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    /// A strategy that could not prepare.
    #[error(transparent)]
    Strategy(#[from] StrategyError),
    /// The ledger could not take a row (see [`super::LedgerError`]).
    #[error(transparent)]
    Ledger(#[from] super::LedgerError),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole message a reader sees: the error and every `source()` below it.
    fn chain(e: &dyn std::error::Error) -> String {
        let mut out = e.to_string();
        let mut next = e.source();
        while let Some(s) = next {
            out.push_str(": ");
            out.push_str(&s.to_string());
            next = s.source();
        }
        out
    }

    #[test]
    fn context_is_added_and_the_cause_printed_once() {
        let cause = StrategyError::InvalidParameter {
            strategy: "zscore",
            name: "window",
            value: 0.0,
            expected: "at least 2",
        };
        let cause_text = cause.to_string();
        let e = BacktestError::SweepRun {
            index: 7,
            error: Box::new(BacktestError::Prepare {
                book: "2×TU−1×TY".into(),
                error: cause,
            }),
        };
        let text = chain(&e);
        assert!(
            text.starts_with("sweep run 7: book \"2×TU−1×TY\": "),
            "{text}"
        );
        assert_eq!(text.matches(&cause_text).count(), 1, "{text}");
        let no_price = BacktestError::NoPrice {
            book: "TY".into(),
            leg: "TY".into(),
            instrument: "TYM24".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 6, 20).unwrap(),
        };
        assert_eq!(
            no_price.to_string(),
            "book \"TY\", leg \"TY\": holds TYM24 on 2024-06-20, which has no price that day"
        );
    }
}
