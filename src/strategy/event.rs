//! [`EventWindow`]: trade around the dates of an event calendar (e.g. FOMC decisions).

use super::{DayView, RunContext, Strategy, StrategyError, Target};
use chrono::NaiveDate;

/// Enters `target` `before` market days before each event and exits `after` market days after
/// it.
///
/// # Conventions
/// An event's market day is the first market day on or after its date (a Sunday decision such
/// as 2020-03-15 maps to the Monday). Windows that overlap merge: the position stays on until
/// the last exit. Events outside the run are ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct EventWindow {
    events: Vec<NaiveDate>,
    before: usize,
    after: usize,
    target: Target,
    // Per market day: +1 enter, −1 exit, 0 nothing (built in `prepare`).
    actions: Vec<i8>,
}

impl EventWindow {
    /// A window of `before` days before and `after` days after each event, holding `target`.
    pub fn new(events: Vec<NaiveDate>, before: usize, after: usize, target: Target) -> Self {
        EventWindow {
            events,
            before,
            after,
            target,
            actions: Vec::new(),
        }
    }
}

impl Strategy for EventWindow {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        super::check_target("event_window", self.target)?;
        let days = &crate::limits::HOLDING_DAYS;
        super::within("event_window", days, "before", self.before as f64)?;
        super::within("event_window", days, "after", self.after as f64)?;
        let n = ctx.market.len();
        let mut depth = vec![0i32; n + 1];
        for &e in &self.events {
            let Some(day) = ctx.market.day_on_or_after(e) else {
                continue;
            };
            if day > ctx.last_day || day + self.after < ctx.first_day {
                continue;
            }
            let start = day.saturating_sub(self.before).max(ctx.first_day);
            let stop = (day + self.after).min(n - 1);
            depth[start] += 1;
            depth[stop] -= 1;
        }
        // A running count > 0 means "in a window"; entries/exits are its 0 ↔ >0 transitions.
        self.actions = vec![0; n];
        let mut running = 0;
        for (action, step) in self.actions.iter_mut().zip(&depth) {
            let was = running > 0;
            running += step;
            let is = running > 0;
            *action = match (was, is) {
                (false, true) => 1,
                (true, false) => -1,
                _ => 0,
            };
        }
        Ok(())
    }

    fn quiet_until(&self, day: usize) -> usize {
        let rest = self.actions.get(day + 1..).unwrap_or(&[]);
        rest.iter()
            .position(|&a| a != 0)
            .map_or(usize::MAX, |i| day + 1 + i)
    }

    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        match self.actions.get(view.day) {
            Some(1) => self.target,
            Some(-1) => Target::Flat,
            _ => Target::Keep,
        }
    }
}
