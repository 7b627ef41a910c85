//! [`Book`]: a spread resolved against a price table — for every leg, which instrument it
//! holds on each market day.
//!
//! Resolving happens once, before a run: generic legs (`T`, `TU1`) follow the front contract
//! under a roll rule, specific legs (`TUM24`) start in their contract and roll forward with
//! it. The engine then only indexes the schedules.

use super::{InstrumentId, MarketError, PriceTable};
use chrono::{Datelike, NaiveDate};

/// A fingerprint of a market timeline (its dates): the first and last date, the number of
/// days and a hash of every date. Two timelines with the same fingerprint are, for every
/// practical purpose, the same dates; a [`Book`] keeps the fingerprint of the table it was
/// resolved against, so that an engine on another market rejects it by its dates, not only by
/// its length.
///
/// # Formula
/// ```text
/// hash = FNV-1a-64 over the little-endian bytes of every date's day number (days since
///        0001-01-01, proleptic Gregorian), in order
/// ```
///
/// # References
/// Fowler, Noll & Vo, "FNV hash" (IETF draft-eastlake-fnv), the 64-bit FNV-1a parameters
/// (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimelineId {
    /// The first date, if any.
    pub first: Option<NaiveDate>,
    /// The last date, if any.
    pub last: Option<NaiveDate>,
    /// The number of dates.
    pub len: usize,
    /// FNV-1a hash of the dates in order.
    pub hash: u64,
}

impl TimelineId {
    /// The fingerprint of `dates`.
    pub fn of(dates: &[NaiveDate]) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for d in dates {
            for b in d.num_days_from_ce().to_le_bytes() {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        TimelineId {
            first: dates.first().copied(),
            last: dates.last().copied(),
            len: dates.len(),
            hash,
        }
    }
}

impl std::fmt::Display for TimelineId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.first, self.last) {
            (Some(a), Some(b)) => write!(f, "{} days {a}..{b} (hash {:016x})", self.len, self.hash),
            _ => write!(f, "no days"),
        }
    }
}

/// One leg of a [`Book`].
#[derive(Debug, Clone, PartialEq)]
pub struct BookLeg {
    label: String,
    ratio: f64,
    schedule: Vec<Option<InstrumentId>>,
    // next_change[d]: the first day after d whose instrument differs from day d's.
    next_change: Vec<usize>,
    // The first and last day on which the leg holds an instrument.
    span: Option<(usize, usize)>,
}

impl BookLeg {
    /// A leg with a signed `ratio` and the instrument it holds on each market day (`None`
    /// where it has nothing to hold).
    ///
    /// # Errors
    /// [`MarketError::InvalidRatio`] for a zero or non-finite ratio.
    pub fn new(
        label: impl Into<String>,
        ratio: f64,
        schedule: Vec<Option<InstrumentId>>,
    ) -> Result<Self, MarketError> {
        let label = label.into();
        if !ratio.is_finite() || ratio == 0.0 {
            return Err(MarketError::InvalidRatio { leg: label, ratio });
        }
        let mut next_change = vec![schedule.len(); schedule.len()];
        for d in (0..schedule.len().saturating_sub(1)).rev() {
            next_change[d] = if schedule[d + 1] != schedule[d] {
                d + 1
            } else {
                next_change[d + 1]
            };
        }
        let span = schedule
            .iter()
            .position(Option::is_some)
            .zip(schedule.iter().rposition(Option::is_some));
        Ok(BookLeg {
            label,
            ratio,
            schedule,
            next_change,
            span,
        })
    }

    /// The leg as written (e.g. `"TUM24"`, `"T"`, a series name).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The signed ratio.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The instrument held on each market day.
    pub fn schedule(&self) -> &[Option<InstrumentId>] {
        &self.schedule
    }

    /// The first and the last market day on which the leg holds an instrument, if any.
    pub fn span(&self) -> Option<(usize, usize)> {
        self.span
    }

    /// The first market day after `day` on which the leg holds a different instrument (or
    /// nothing), or the timeline's length if there is none.
    pub fn next_change(&self, day: usize) -> usize {
        self.next_change
            .get(day)
            .copied()
            .unwrap_or(self.schedule.len())
    }

    /// The market days on which the leg moves from one instrument to another (roll days),
    /// with the instruments before and after.
    pub fn roll_days(&self) -> Vec<(usize, InstrumentId, InstrumentId)> {
        let mut out = Vec::new();
        for (d, w) in self.schedule.windows(2).enumerate() {
            if let [Some(a), Some(b)] = w
                && a != b
            {
                out.push((d + 1, *a, *b));
            }
        }
        out
    }
}

/// A spread resolved against a [`PriceTable`]: the legs a run trades.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    label: String,
    legs: Vec<BookLeg>,
    // The dates of the table the book was resolved against.
    timeline: TimelineId,
}

impl Book {
    /// A book from resolved legs.
    ///
    /// # Errors
    /// [`MarketError::EmptyBook`] with no legs, [`MarketError::ScheduleLength`] when a
    /// leg's schedule does not cover the table's timeline.
    pub fn new(
        label: impl Into<String>,
        legs: Vec<BookLeg>,
        table: &PriceTable,
    ) -> Result<Self, MarketError> {
        let label = label.into();
        if legs.is_empty() {
            return Err(MarketError::EmptyBook { book: label });
        }
        for leg in &legs {
            if leg.schedule.len() != table.dates().len() {
                return Err(MarketError::ScheduleLength {
                    leg: leg.label.clone(),
                    expected: table.dates().len(),
                    found: leg.schedule.len(),
                });
            }
        }
        Ok(Book {
            label,
            legs,
            timeline: TimelineId::of(table.dates()),
        })
    }

    /// A one-leg book holding a series instrument of the table on every day it lives.
    ///
    /// # Errors
    /// [`MarketError::UnknownInstrument`] when the table has no instrument of that name.
    pub fn single(table: &PriceTable, name: &str) -> Result<Self, MarketError> {
        let id = table
            .find(name)
            .ok_or_else(|| MarketError::UnknownInstrument {
                name: name.to_owned(),
            })?;
        let info = table.instrument(id);
        let schedule = (0..table.dates().len())
            .map(|d| info.lives_on(d).then_some(id))
            .collect();
        Book::new(name, vec![BookLeg::new(name, 1.0, schedule)?], table)
    }

    /// The book of a spread expression: every leg's schedule under `rule` — a specific leg
    /// (`TUM24`) starts in its contract and rolls forward on its roll day, a generic leg (`TU`,
    /// `TU2`) holds the n-th nearby (see [`PriceTable::specific_schedule`] and
    /// [`PriceTable::generic_schedule`]).
    ///
    /// # Errors
    /// [`MarketError::ContractNotPriced`] when the table lacks a specific leg's contract, or
    /// the roll-rule and schedule errors of those functions.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::contract::RollRule;
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::instrument::SpreadExpr;
    /// use spreadtrade::market::{Book, Market, PriceTable};
    /// use spreadtrade::pricing::{DatasetSources, TableSpec};
    /// use spreadtrade::contract::Root;
    ///
    /// let data = Dataset::embedded_synthetic();
    /// let market = Market::from_dataset(&data)?;
    /// let sources = DatasetSources::new(&market, &data)?;
    /// let table = PriceTable::build(&market, &TableSpec::new([Root::VX]), &sources.sources())?.table;
    /// let expr: SpreadExpr = "+VXM24".parse()?;
    /// let book = Book::from_expr(&expr, &table, &RollRule::default())?;
    /// assert_eq!(book.legs()[0].label(), "VXM24");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_expr(
        expr: &crate::instrument::SpreadExpr,
        table: &PriceTable,
        rule: &crate::contract::RollRule,
    ) -> Result<Self, MarketError> {
        use crate::instrument::LegContract;
        let legs = expr
            .legs()
            .iter()
            .map(|leg| match leg.contract() {
                LegContract::Specific(code) => table.specific_leg(&code, leg.ratio(), rule),
                LegContract::Generic { root, nearby } => {
                    table.generic_leg(root, nearby.map_or(1, |n| n.get()), leg.ratio(), rule)
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Book::new(expr.to_string(), legs, table)
    }

    /// The book's label (the expression text).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The legs.
    pub fn legs(&self) -> &[BookLeg] {
        &self.legs
    }

    /// The fingerprint of the dates of the table the book was resolved against: an engine
    /// rejects the book when its table's dates differ.
    pub fn timeline(&self) -> &TimelineId {
        &self.timeline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_with_the_same_ends_and_length_differ_by_their_dates() {
        let d = |m, dd| NaiveDate::from_ymd_opt(2024, m, dd).unwrap();
        let a = [d(1, 2), d(1, 3), d(1, 5), d(1, 8)];
        let b = [d(1, 2), d(1, 4), d(1, 5), d(1, 8)];
        let (ia, ib) = (TimelineId::of(&a), TimelineId::of(&b));
        assert_eq!((ia.first, ia.last, ia.len), (ib.first, ib.last, ib.len));
        assert_ne!(ia, ib);
        assert_eq!(ia, TimelineId::of(&a.clone()));
        assert_eq!(TimelineId::of(&[]).to_string(), "no days");
        assert!(ia.to_string().starts_with("4 days 2024-01-02..2024-01-08"));
    }
}
