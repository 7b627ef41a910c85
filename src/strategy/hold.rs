//! [`Hold`]: enter a position on a date and exit on a date or after a number of days.

use super::{DayView, RunContext, Strategy, StrategyError, Target};
use chrono::NaiveDate;

/// When a [`Hold`] leaves its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exit {
    /// On the first market day on or after this date.
    On(NaiveDate),
    /// After this many market days in the position (1 = the day after entry).
    AfterDays(usize),
    /// Never: the position is still open at the end of the run (marked to market).
    Never,
}

/// Enters `target` on the first market day on or after `entry` and leaves it per [`Exit`].
///
/// This replays the seed trades of the research note: e.g. the steepener `2×TUM24−1×TYM24`
/// entered before the 2024-03-20 FOMC decision and held for a few days. If a leg cannot trade
/// on the entry day, the engine fills on the next day when all legs can. An entry outside the
/// days the run covers is an error ([`StrategyError::DateOutOfRange`]), never a late entry or
/// a silent run without a trade.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    entry: NaiveDate,
    exit: Exit,
    target: Target,
    entered_on: Option<usize>,
    done: bool,
    // Market day indices of the entry and of an `Exit::On` date (set in `prepare`).
    entry_day: usize,
    exit_day: Option<usize>,
}

impl Hold {
    /// Holds `units` spread units from `entry` until `exit`.
    pub fn units(entry: NaiveDate, exit: Exit, units: f64) -> Self {
        Hold {
            entry,
            exit,
            target: Target::Units(units),
            entered_on: None,
            done: false,
            entry_day: 0,
            exit_day: None,
        }
    }

    /// Holds a spread DV01 of `per_bp` base-currency units per bp from `entry` until `exit`.
    pub fn dv01(entry: NaiveDate, exit: Exit, per_bp: f64) -> Self {
        Hold {
            entry,
            exit,
            target: Target::Dv01(per_bp),
            entered_on: None,
            done: false,
            entry_day: 0,
            exit_day: None,
        }
    }

    /// The market day index of the entry, once entered.
    pub fn entered_on(&self) -> Option<usize> {
        self.entered_on
    }
}

impl Strategy for Hold {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        self.entered_on = None;
        self.done = false;
        super::check_target("hold", self.target)?;
        if let Exit::AfterDays(n) = self.exit {
            super::within(
                "hold",
                &crate::limits::HOLDING_DAYS,
                "exit_after_days",
                n as f64,
            )?;
        }
        if let Exit::On(exit) = self.exit
            && exit < self.entry
        {
            return Err(StrategyError::InvalidParameter {
                strategy: "hold",
                name: "exit",
                value: (exit - self.entry).num_days() as f64,
                expected: "an exit date on or after the entry date",
            });
        }
        // An entry the run cannot reach would silently enter late or never.
        let dates = ctx.market.dates();
        let (first, last) = (dates[ctx.first_day], dates[ctx.last_day]);
        if self.entry < first || self.entry > last {
            return Err(StrategyError::DateOutOfRange {
                strategy: "hold",
                name: "entry",
                date: self.entry,
                first,
                last,
            });
        }
        let never = ctx.market.len();
        self.entry_day = ctx.market.day_on_or_after(self.entry).unwrap_or(never);
        self.exit_day = match self.exit {
            Exit::On(d) => Some(ctx.market.day_on_or_after(d).unwrap_or(never)),
            Exit::AfterDays(_) | Exit::Never => None,
        };
        Ok(())
    }

    fn quiet_until(&self, day: usize) -> usize {
        let next = match (self.done, self.entered_on) {
            (true, _) => usize::MAX,
            (false, None) => self.entry_day,
            (false, Some(entered)) => match self.exit {
                Exit::On(_) => self.exit_day.unwrap_or(usize::MAX),
                Exit::AfterDays(n) => entered + n,
                Exit::Never => usize::MAX,
            },
        };
        next.max(day + 1)
    }

    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        if self.done {
            return Target::Keep;
        }
        match self.entered_on {
            None if view.date >= self.entry => {
                self.entered_on = Some(view.day);
                self.target
            }
            None => Target::Keep,
            Some(entered) => {
                let leave = match self.exit {
                    Exit::On(d) => view.date >= d,
                    Exit::AfterDays(n) => view.day >= entered + n,
                    Exit::Never => false,
                };
                if leave {
                    self.done = true;
                    Target::Flat
                } else {
                    Target::Keep
                }
            }
        }
    }
}
