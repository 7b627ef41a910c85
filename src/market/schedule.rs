//! Leg schedules under a roll rule — which contract a leg holds on each market day — roll
//! days on the market timeline, and back-adjusted continuous prices for charts.
//!
//! # Rules
//! - The **front** contract on day `d` is the first contract whose roll day is strictly after
//!   `d` ([`RollRule::front`]); the n-th nearby is the contract n − 1 listing steps after it.
//! - A **generic** leg (`root`, nearby `n`) holds the n-th nearby on every day.
//! - A **specific** leg (`TUM24`) holds its contract up to the day before its roll day, then
//!   follows the front contract (it rolls forward, as a position kept open would).
//! - **On a roll day** the schedule already names the new contract: the engine sees the change
//!   and trades the roll that day. When the roll day is not a market day, the change shows on
//!   the first market day after it.
//! - A day whose contract is not in the table (unquoted, or not yet / no longer alive there)
//!   is `None`: the leg holds nothing.

use super::{BookLeg, InstrumentId, MarketError, PriceTable};
use crate::contract::{ContractCode, ContractError, RollRule, Root};
use chrono::NaiveDate;

/// One roll of a root under a rule, placed on the market timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roll {
    /// The roll day of the contract rolled out of (the last day it is held, per the rule).
    pub roll_day: NaiveDate,
    /// The market day on which schedules switch: the first market day on or after the roll
    /// day (`None` past the end of the timeline).
    pub day: Option<usize>,
    /// The contract rolled out of.
    pub from: ContractCode,
    /// The contract rolled into.
    pub to: ContractCode,
}

/// How a back-adjusted continuous series removes the jumps at rolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BackAdjustment {
    /// Add the price gap `P_new − P_old` at each later roll to every earlier price.
    Difference,
    /// Multiply every earlier price by the ratio `P_new / P_old` at each later roll.
    Ratio,
}

/// Walks the front contract of a root forward in time, recomputing it only when it rolls.
struct FrontTracker<'r> {
    rule: &'r RollRule,
    root: Root,
    front: Option<(ContractCode, NaiveDate)>,
}

impl<'r> FrontTracker<'r> {
    fn new(rule: &'r RollRule, root: Root) -> Self {
        FrontTracker {
            rule,
            root,
            front: None,
        }
    }

    /// The front on `date` (dates must not decrease between calls), or `None` where the rule
    /// has none (before the product's listing, beyond the calendars).
    fn at(&mut self, date: NaiveDate) -> Option<ContractCode> {
        if let Some((code, roll)) = self.front
            && roll > date
        {
            return Some(code);
        }
        self.front = self
            .rule
            .front(self.root, date)
            .ok()
            .and_then(|code| self.rule.roll_day(&code).ok().map(|roll| (code, roll)));
        self.front.map(|(code, _)| code)
    }
}

fn nth_after(code: ContractCode, steps: u8) -> Option<ContractCode> {
    (0..steps).try_fold(code, |c, _| c.next())
}

impl PriceTable {
    /// The schedule of a generic leg: the `nearby`-th contract of `root` (1 = the front)
    /// under `rule` on every market day, where the table holds it alive that day.
    ///
    /// # Errors
    /// [`MarketError::Roll`] with [`ContractError::InvalidNearby`] for `nearby = 0`.
    ///
    /// # Examples
    /// See [`PriceTable::specific_schedule`].
    pub fn generic_schedule(
        &self,
        root: Root,
        nearby: u8,
        rule: &RollRule,
    ) -> Result<Vec<Option<InstrumentId>>, MarketError> {
        if nearby == 0 {
            return Err(MarketError::Roll {
                root,
                source: ContractError::InvalidNearby { n: 0 },
            });
        }
        let mut tracker = FrontTracker::new(rule, root);
        let mut cache: Option<(ContractCode, Option<InstrumentId>)> = None;
        let out = self
            .dates()
            .iter()
            .enumerate()
            .map(|(day, &date)| {
                let code = tracker.at(date).and_then(|f| nth_after(f, nearby - 1))?;
                self.alive(code, day, &mut cache)
            })
            .collect();
        Ok(out)
    }

    /// The schedule of a specific leg: `code` up to the day before its roll day under `rule`,
    /// the front contract from the roll day on; `None` on days whose contract the table does
    /// not hold alive.
    ///
    /// # Errors
    /// [`MarketError::ContractNotPriced`] when the table does not hold `code`;
    /// [`MarketError::Contract`] when its roll day cannot be computed.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::{ContractCode, RollRule};
    /// use spreadtrade::market::{DayQuote, Market, Origin, PriceSource, PriceTableBuilder};
    ///
    /// // TYM24 rolls on 2024-05-28 under the default rule (2 business days before the first
    /// // position day 2024-05-30, spec §1.3).
    /// let d = |dd| NaiveDate::from_ymd_opt(2024, 5, dd).unwrap();
    /// let dates = [d(24), d(28), d(29)];
    /// let market = Market::from_series("x", &dates, &[1.0; 3], Origin::in_memory("doc"))?;
    /// let mut b = PriceTableBuilder::new(market.dates());
    /// let q = |day| DayQuote { day, price: 110.0, dv01: None, ctd: None };
    /// let m24 = b.add_future("TYM24".parse()?, PriceSource::Settlement, &[q(0), q(1), q(2)])?;
    /// let u24 = b.add_future("TYU24".parse()?, PriceSource::Settlement, &[q(0), q(1), q(2)])?;
    /// let table = b.build();
    /// let rule = RollRule::default();
    /// let tym24: ContractCode = "TYM24".parse()?;
    /// assert_eq!(table.specific_schedule(&tym24, &rule)?, [Some(m24), Some(u24), Some(u24)]);
    /// assert_eq!(table.generic_schedule(tym24.root(), 2, &rule)?, [Some(u24), None, None]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn specific_schedule(
        &self,
        code: &ContractCode,
        rule: &RollRule,
    ) -> Result<Vec<Option<InstrumentId>>, MarketError> {
        let id = self.require_contract(code)?;
        let roll = rule
            .roll_day(code)
            .map_err(|source| MarketError::Contract {
                code: *code,
                source,
            })?;
        let info = self.instrument(id);
        let mut tracker = FrontTracker::new(rule, code.root());
        let mut cache: Option<(ContractCode, Option<InstrumentId>)> = None;
        let out = self
            .dates()
            .iter()
            .enumerate()
            .map(|(day, &date)| {
                if date < roll {
                    info.lives_on(day).then_some(id)
                } else {
                    let front = tracker.at(date)?;
                    self.alive(front, day, &mut cache)
                }
            })
            .collect();
        Ok(out)
    }

    /// A [`BookLeg`] for a specific contract (`label` = its code) with the schedule of
    /// [`PriceTable::specific_schedule`].
    ///
    /// # Errors
    /// As [`PriceTable::specific_schedule`] and [`BookLeg::new`].
    pub fn specific_leg(
        &self,
        code: &ContractCode,
        ratio: f64,
        rule: &RollRule,
    ) -> Result<BookLeg, MarketError> {
        BookLeg::new(code.to_string(), ratio, self.specific_schedule(code, rule)?)
    }

    /// A [`BookLeg`] for the `nearby`-th contract of `root` (`label` = root, or root and
    /// nearby for `nearby > 1`, e.g. `TY2`) with the schedule of
    /// [`PriceTable::generic_schedule`].
    ///
    /// # Errors
    /// As [`PriceTable::generic_schedule`] and [`BookLeg::new`].
    pub fn generic_leg(
        &self,
        root: Root,
        nearby: u8,
        ratio: f64,
        rule: &RollRule,
    ) -> Result<BookLeg, MarketError> {
        let label = if nearby == 1 {
            root.to_string()
        } else {
            format!("{root}{nearby}")
        };
        BookLeg::new(label, ratio, self.generic_schedule(root, nearby, rule)?)
    }

    /// The rolls of `root` under `rule` whose roll day lies in `from ..= to`, each placed on
    /// the market day where schedules switch.
    ///
    /// # Errors
    /// [`MarketError::InvalidDateRange`] for `to < from`; [`MarketError::Roll`] when a roll
    /// day cannot be computed (before the product's listing, beyond the calendars).
    pub fn rolls(
        &self,
        root: Root,
        rule: &RollRule,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Roll>, MarketError> {
        if to < from {
            return Err(MarketError::InvalidDateRange { from, to });
        }
        let schedule = rule
            .roll_schedule(root, from, to)
            .map_err(|source| MarketError::Roll { root, source })?;
        let dates = self.dates();
        Ok(schedule
            .into_iter()
            .map(|(roll_day, from, to)| {
                let i = dates.partition_point(|&d| d < roll_day);
                Roll {
                    roll_day,
                    day: (i < dates.len()).then_some(i),
                    from,
                    to,
                }
            })
            .collect())
    }

    /// A back-adjusted continuous price series along a leg schedule, **for charts only**.
    ///
    /// # Formula
    /// ```text
    /// Difference:  A_d = P_d + Σ_{rolls r > d} (P_new(r) − P_old(r))
    /// Ratio:       A_d = P_d · Π_{rolls r > d} (P_new(r) / P_old(r))
    ///   P_d       price on day d of the contract the schedule holds that day
    ///   r         a day on which the schedule switches directly from one contract to another
    ///   P_old(r), P_new(r)  both contracts' prices on r, or on the day before r when the old
    ///             contract no longer has a price on r
    /// ```
    ///
    /// # Conventions
    /// The last segment is unadjusted; earlier prices are shifted (difference) or scaled
    /// (ratio) so that the series has no jump at a roll. The result is **not a tradable
    /// price**: a backtest must trade the schedule's contracts through the engine (which pays
    /// the roll), never this series. Days the schedule holds nothing are `None`, and a switch
    /// across such a gap is not adjusted.
    ///
    /// # References
    /// The difference ("Panama") and ratio back-adjustments as described for continuous
    /// futures charts in J. J. Murphy, *Technical Analysis of the Financial Markets* (New York
    /// Institute of Finance, 1999), ch. 8 "Continuous futures contracts".
    ///
    /// # Errors
    /// [`MarketError::ScheduleLength`] when the schedule is not as long as the timeline;
    /// [`MarketError::NoRollOverlap`] when the two contracts of a roll have no common price on
    /// the roll day or the day before; [`MarketError::NotPositive`] for a ratio adjustment
    /// with a non-positive old price.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::market::{BackAdjustment, DayQuote, Market, Origin, PriceSource, PriceTableBuilder};
    ///
    /// let dates: Vec<NaiveDate> = (20..=23).map(|d| NaiveDate::from_ymd_opt(2024, 5, d).unwrap()).collect();
    /// let market = Market::from_series("x", &dates, &[1.0; 4], Origin::in_memory("doc"))?;
    /// let mut b = PriceTableBuilder::new(market.dates());
    /// let q = |day, price| DayQuote { day, price, dv01: None, ctd: None };
    /// let a = b.add_future("TYM24".parse()?, PriceSource::Settlement, &[q(0, 110.0), q(1, 111.0), q(2, 111.5)])?;
    /// let c = b.add_future("TYU24".parse()?, PriceSource::Settlement, &[q(1, 109.0), q(2, 109.5), q(3, 110.0)])?;
    /// let table = b.build();
    /// // Held: TYM24 on days 0-1, TYU24 from day 2; gap at day 2 is 109.5 − 111.5 = −2.
    /// let schedule = [Some(a), Some(a), Some(c), Some(c)];
    /// let adj = table.continuous_prices(&schedule, BackAdjustment::Difference)?;
    /// assert_eq!(adj, [Some(108.0), Some(109.0), Some(109.5), Some(110.0)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn continuous_prices(
        &self,
        schedule: &[Option<InstrumentId>],
        method: BackAdjustment,
    ) -> Result<Vec<Option<f64>>, MarketError> {
        let n = self.dates().len();
        if schedule.len() != n {
            return Err(MarketError::ScheduleLength {
                leg: "continuous series".to_owned(),
                expected: n,
                found: schedule.len(),
            });
        }
        let mut out = vec![None; n];
        let mut shift = 0.0;
        let mut scale = 1.0;
        for d in (0..n).rev() {
            let Some(id) = schedule[d] else { continue };
            out[d] = self.price(id, d).map(|p| match method {
                BackAdjustment::Difference => p + shift,
                BackAdjustment::Ratio => p * scale,
            });
            let Some(Some(old)) = d.checked_sub(1).map(|p| schedule[p]) else {
                continue;
            };
            if old == id {
                continue;
            }
            let pair = |day: usize| Some((self.price(old, day)?, self.price(id, day)?));
            let (p_old, p_new) =
                pair(d)
                    .or_else(|| pair(d - 1))
                    .ok_or_else(|| MarketError::NoRollOverlap {
                        from: self.instrument(old).name.clone(),
                        to: self.instrument(id).name.clone(),
                        date: self.dates()[d],
                    })?;
            match method {
                BackAdjustment::Difference => shift += p_new - p_old,
                BackAdjustment::Ratio => {
                    if p_old.is_nan() || p_old <= 0.0 {
                        return Err(MarketError::NotPositive {
                            what: "price rolled out of (ratio back-adjustment)",
                            value: p_old,
                        });
                    }
                    scale *= p_new / p_old;
                }
            }
        }
        Ok(out)
    }

    /// The table's instrument for `code` if it lives on `day`, looking the code up only when
    /// it changes.
    fn alive(
        &self,
        code: ContractCode,
        day: usize,
        cache: &mut Option<(ContractCode, Option<InstrumentId>)>,
    ) -> Option<InstrumentId> {
        let id = match *cache {
            Some((c, id)) if c == code => id,
            _ => {
                let id = self.find_contract(&code);
                *cache = Some((code, id));
                id
            }
        }?;
        self.instrument(id).lives_on(day).then_some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{DayQuote, Market, Origin, PriceSource, PriceTableBuilder};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn the_tracker_agrees_with_the_rule_every_day() {
        let rule = RollRule::default();
        for root in [Root::TU, Root::T, Root::VX, Root::EC] {
            let mut tracker = FrontTracker::new(&rule, root);
            for date in d(2023, 11, 1).iter_days().take(400) {
                assert_eq!(
                    tracker.at(date),
                    rule.front(root, date).ok(),
                    "{root} {date}"
                );
            }
        }
        // Before the product existed there is no front.
        let mut ts = FrontTracker::new(&rule, Root::TS);
        assert_eq!(ts.at(d(2018, 8, 16)), None);
        assert_eq!(
            ts.at(d(2018, 8, 17)).map(|c| c.to_string()),
            Some("TS1812".into())
        );
    }

    #[test]
    fn nearby_steps_follow_the_listing_cycle() {
        let c: ContractCode = "TYZ24".parse().unwrap();
        assert_eq!(nth_after(c, 0), Some(c));
        assert_eq!(nth_after(c, 2).map(|c| c.to_string()), Some("TYM25".into()));
    }

    #[test]
    fn a_roll_without_a_common_price_cannot_be_back_adjusted() {
        let dates = [d(2024, 5, 20), d(2024, 5, 21), d(2024, 5, 22)];
        let m = Market::from_series("x", &dates, &[1.0; 3], Origin::in_memory("t")).unwrap();
        let mut b = PriceTableBuilder::new(m.dates());
        let q = |day| DayQuote {
            day,
            price: 100.0,
            dv01: None,
            ctd: None,
        };
        let a = b
            .add_future("TYM24".parse().unwrap(), PriceSource::Settlement, &[q(0)])
            .unwrap();
        let c = b
            .add_future("TYU24".parse().unwrap(), PriceSource::Settlement, &[q(2)])
            .unwrap();
        let t = b.build();
        let e = t
            .continuous_prices(&[Some(a), None, Some(c)], BackAdjustment::Ratio)
            .unwrap();
        // A switch across a day holding nothing is not adjusted.
        assert_eq!(e, [Some(100.0), None, Some(100.0)]);
        let e = t
            .continuous_prices(&[Some(a), Some(c), Some(c)], BackAdjustment::Difference)
            .unwrap_err();
        assert!(matches!(e, MarketError::NoRollOverlap { .. }), "{e}");
    }
}
