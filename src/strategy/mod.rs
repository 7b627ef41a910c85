//! Strategies: the [`Strategy`] trait and the built-in strategies.
//!
//! A strategy sees one [`DayView`] per market day, after the book has been marked to market,
//! and answers with a [`Target`]: keep the position, go flat, hold a number of spread units,
//! or hold a DV01 (base currency per bp). The engine turns targets into whole contracts, fills
//! and costs; the strategy never touches orders. Anything expensive (signals, rolling
//! statistics) belongs in [`Strategy::prepare`], which runs once before the first day.
//!
//! Built-ins:
//! - [`Hold`]: enter on a date, exit on a date or after N days (the seed trades).
//! - [`EventWindow`]: enter N days before and exit M days after each date of an event calendar.
//! - [`SlopeZScore`]: the z-score state machine of the reference sweep, on a curve slope or any
//!   series.
//! - [`UsdView`]: a volatility-targeted position (long VX / short EC).

mod event;
mod hold;
mod usd_view;
mod zscore;

pub use event::EventWindow;
pub use hold::{Exit, Hold};
pub use usd_view::UsdView;
pub use zscore::Lockstep;
pub(crate) use zscore::next_state;
pub use zscore::{SignalSource, SlopeZScore, ZScoreGrid, ZScoreParams, ZScores};

use crate::market::{Book, InstrumentId, Market, PriceTable};
use chrono::NaiveDate;

/// What a strategy wants to hold after today.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Target {
    /// Leave the position as it is.
    Keep,
    /// Close every leg.
    Flat,
    /// Hold `units` times the spread as written (+1 = long the expression, −1 = short it);
    /// each leg holds `round(units × ratio)` contracts.
    Units(f64),
    /// Hold a spread DV01 of this many base-currency units per basis point (sign = direction).
    /// A spread's DV01 per unit is the larger of its long legs' and its short legs' DV01, so a
    /// DV01-neutral steepener sized at 10,000 carries $10k/bp on each leg.
    Dv01(f64),
}

/// One leg's state on the day a strategy is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LegState {
    /// The instrument the leg holds (or would hold) today.
    pub instrument: Option<InstrumentId>,
    /// Contracts held (signed).
    pub contracts: i64,
}

/// What a strategy sees on one market day.
#[derive(Debug, Clone, Copy)]
pub struct DayView<'a> {
    /// Market day index (into `market.dates()`).
    pub day: usize,
    /// The date.
    pub date: NaiveDate,
    /// The spread units currently targeted (0 when flat).
    pub units: f64,
    /// Every leg's state.
    pub legs: &'a [LegState],
    /// Whether every leg can trade today.
    pub tradable: bool,
    /// The market.
    pub market: &'a Market,
    /// The price table.
    pub table: &'a PriceTable,
}

impl DayView<'_> {
    /// Today's price of leg `leg`'s instrument.
    pub fn price(&self, leg: usize) -> Option<f64> {
        let id = self.legs.get(leg)?.instrument?;
        self.table.price(id, self.day)
    }

    /// Today's DV01 per contract of leg `leg`'s instrument, in its currency.
    pub fn dv01(&self, leg: usize) -> Option<f64> {
        let id = self.legs.get(leg)?.instrument?;
        self.table.dv01(id, self.day)
    }
}

/// What a strategy sees once, before the first day, to prepare its signals.
#[derive(Debug, Clone, Copy)]
pub struct RunContext<'a> {
    /// The market.
    pub market: &'a Market,
    /// The price table.
    pub table: &'a PriceTable,
    /// The book the run trades.
    pub book: &'a Book,
    /// First market day of the run.
    pub first_day: usize,
    /// Last market day of the run (inclusive).
    pub last_day: usize,
}

/// A trading strategy.
///
/// Implementations are plain structs; the engine is generic over them, so `on_day` inlines
/// into the day loop. A strategy owns its state; one instance serves one run.
pub trait Strategy {
    /// Prepares signals before the first day (default: nothing).
    ///
    /// # Errors
    /// A [`StrategyError`] when the market lacks what the strategy needs.
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        let _ = ctx;
        Ok(())
    }

    /// Decides today's target.
    fn on_day(&mut self, view: &DayView<'_>) -> Target;

    /// A promise about the days after `day` (the day [`Strategy::on_day`] was last called
    /// for): the first day on which the strategy might return anything but [`Target::Keep`],
    /// **whatever prices do in between**. The engine may skip calling `on_day` before that day
    /// and only mark the book to market. The default, `day + 1`, promises nothing.
    ///
    /// A strategy whose decisions depend only on precomputed signals or on dates (the z-score
    /// state machine, [`Hold`], [`EventWindow`]) can answer exactly, which lets long quiet
    /// stretches run as a tight mark-to-market loop. Results are identical either way.
    fn quiet_until(&self, day: usize) -> usize {
        day + 1
    }

    /// The strategy as a z-score state machine on precomputed z-scores, when it is one, so
    /// that a sweep can advance it in lockstep with the other runs of its grid
    /// ([`Sweep::run`](crate::backtest::Sweep::run)). Only the crate's own [`SlopeZScore`]
    /// answers (a [`Lockstep`] cannot be built outside the crate); the default, `None`, runs
    /// the strategy through [`Strategy::on_day`] as usual.
    fn lockstep(&self) -> Option<Lockstep> {
        None
    }
}

impl<S: Strategy + ?Sized> Strategy for &mut S {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        (**self).prepare(ctx)
    }
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        (**self).on_day(view)
    }
    fn quiet_until(&self, day: usize) -> usize {
        (**self).quiet_until(day)
    }
    fn lockstep(&self) -> Option<Lockstep> {
        (**self).lockstep()
    }
}

impl<S: Strategy + ?Sized> Strategy for Box<S> {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        (**self).prepare(ctx)
    }
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        (**self).on_day(view)
    }
    fn quiet_until(&self, day: usize) -> usize {
        (**self).quiet_until(day)
    }
    fn lockstep(&self) -> Option<Lockstep> {
        (**self).lockstep()
    }
}

/// Checks a target's size against its domain limit: [`Target::Units`] against
/// [`limits::UNITS`](crate::limits::UNITS), [`Target::Dv01`] against
/// [`limits::DV01_TARGET`](crate::limits::DV01_TARGET).
///
/// # Errors
/// [`StrategyError::OutOfRange`] naming the strategy, the parameter and the range.
pub fn check_target(strategy: &'static str, target: Target) -> Result<(), StrategyError> {
    let checked = match target {
        Target::Units(u) => crate::limits::UNITS.check("units", u),
        Target::Dv01(x) => crate::limits::DV01_TARGET.check("dv01", x),
        Target::Keep | Target::Flat => return Ok(()),
    };
    checked
        .map(drop)
        .map_err(|error| StrategyError::OutOfRange {
            strategy,
            error: Box::new(error),
        })
}

/// Checks a parameter against its domain limit.
pub(crate) fn within(
    strategy: &'static str,
    limit: &crate::limits::Limit,
    name: &str,
    value: f64,
) -> Result<(), StrategyError> {
    limit
        .check(name, value)
        .map(drop)
        .map_err(|error| StrategyError::OutOfRange {
            strategy,
            error: Box::new(error),
        })
}

/// Why a strategy could not prepare.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StrategyError {
    /// A parameter outside its domain limit ([`crate::limits`]): a size, a window, a
    /// threshold.
    #[error("strategy {strategy}: {error}")]
    OutOfRange {
        /// The strategy.
        strategy: &'static str,
        /// The parameter, its value and its range (boxed: it keeps the error small).
        error: Box<crate::limits::OutOfRange>,
    },
    /// The market has no series or curve the strategy needs.
    #[error("strategy {strategy} needs {what}, which the market does not have")]
    MissingData {
        /// The strategy.
        strategy: &'static str,
        /// What is missing.
        what: String,
    },
    /// A parameter is out of its valid range.
    #[error("strategy {strategy}: parameter {name} = {value} is invalid: expected {expected}")]
    InvalidParameter {
        /// The strategy.
        strategy: &'static str,
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range.
        expected: &'static str,
    },
    /// A date parameter outside the days the run covers.
    #[error(
        "strategy {strategy}: {name} {date} is outside the run's days {first} ..= {last} (the configured dates within the span on which every leg of the book trades)"
    )]
    DateOutOfRange {
        /// The strategy.
        strategy: &'static str,
        /// The parameter.
        name: &'static str,
        /// The date given.
        date: chrono::NaiveDate,
        /// First day of the run.
        first: chrono::NaiveDate,
        /// Last day of the run.
        last: chrono::NaiveDate,
    },
    /// A signal built for a different timeline.
    #[error("strategy {strategy}: signal has {found} days, the market has {expected}")]
    SignalLength {
        /// The strategy.
        strategy: &'static str,
        /// Market days.
        expected: usize,
        /// Signal days.
        found: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{DV01_TARGET, UNITS};

    #[test]
    fn targets_are_checked_against_their_limits() {
        for t in [
            Target::Keep,
            Target::Flat,
            Target::Units(UNITS.max),
            Target::Units(UNITS.min),
            Target::Dv01(DV01_TARGET.max),
            Target::Dv01(-10_000.0),
        ] {
            assert_eq!(check_target("hold", t), Ok(()), "{t:?}");
        }
        for (t, name) in [
            (Target::Units(1e300), "units"),
            (Target::Units(f64::NAN), "units"),
            (Target::Units(UNITS.max.next_up()), "units"),
            (Target::Dv01(f64::NEG_INFINITY), "dv01"),
            (Target::Dv01(DV01_TARGET.min.next_down()), "dv01"),
        ] {
            match check_target("hold", t) {
                Err(StrategyError::OutOfRange { strategy, error }) => {
                    assert_eq!((strategy, error.what.as_str()), ("hold", name), "{t:?}");
                    let text = StrategyError::OutOfRange { strategy, error }.to_string();
                    assert!(text.starts_with("strategy hold: "), "{text}");
                }
                other => panic!("{t:?}: {other:?}"),
            }
        }
    }
}
