//! Roll rules: when a position leaves a contract for the next one, and which contract is the
//! front on a day.
//!
//! A [`RollRule`] gives every contract a *roll day*: `N` business days before an anchor date
//! (the first position day for CBOT Treasury futures, the last trading day otherwise). The roll
//! day is the **last** day a position is held in the contract; on that day the engine trades
//! into the next contract. The *front* contract on a day `d` is the first contract whose roll
//! day is strictly after `d`.

use super::dates::{DateCalendars, check_listed, first_position_day_in, last_trading_day_in};
use super::{ContractCode, ContractError, MAX_CONTRACT_YEAR, Root};
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// The exchange date a roll is counted back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RollAnchor {
    /// The CBOT first position day (two business days before the first delivery day): from then
    /// on a long position can be assigned delivery. CBOT Treasury futures only.
    FirstPositionDay,
    /// The last trading day.
    LastTradingDay,
}

impl fmt::Display for RollAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RollAnchor::FirstPositionDay => "first position day",
            RollAnchor::LastTradingDay => "last trading day",
        })
    }
}

/// The default number of business days a roll happens before its anchor.
///
/// Two business days before the first position day is the common backtest convention for CBOT
/// Treasury futures (spec §1.3: "backtests usually roll before first position day"); two
/// business days before the last trading day keeps CFFEX, VX and EC positions out of the
/// expiry day's shortened session.
pub const DEFAULT_ROLL_BUSINESS_DAYS: u32 = 2;

/// When positions roll: `business_days_before` business days before the anchor.
///
/// `anchor: None` is the exchange default: [`RollAnchor::FirstPositionDay`] for CBOT Treasury
/// futures and [`RollAnchor::LastTradingDay`] for CFFEX, VX and EC. Business days are those of
/// the root's exchange calendar.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::contract::{Root, RollRule};
///
/// let rule = RollRule::default(); // 2 business days before the default anchor
/// let tym24 = "TYM24".parse()?;
/// // TYM24: first position day Thursday 2024-05-30 (spec §1.3), two business days earlier is
/// // Tuesday 2024-05-28.
/// assert_eq!(rule.roll_day(&tym24)?, NaiveDate::from_ymd_opt(2024, 5, 28).unwrap());
/// // So on 2024-05-28 the front is still June; from 2024-05-29 it is September.
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// assert_eq!(rule.front(Root::TY, d(2024, 5, 27))?.to_string(), "TYM24");
/// assert_eq!(rule.front(Root::TY, d(2024, 5, 29))?.to_string(), "TYU24");
/// # Ok::<(), spreadtrade::contract::ContractError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RollRule {
    /// Business days before the anchor (0: roll on the anchor day itself).
    pub business_days_before: u32,
    /// The anchor; `None` for the exchange default.
    pub anchor: Option<RollAnchor>,
}

impl Default for RollRule {
    /// [`DEFAULT_ROLL_BUSINESS_DAYS`] business days before the exchange default anchor.
    fn default() -> Self {
        RollRule {
            business_days_before: DEFAULT_ROLL_BUSINESS_DAYS,
            anchor: None,
        }
    }
}

fn is_cbot_treasury(root: Root) -> bool {
    matches!(
        root,
        Root::TU | Root::FV | Root::TY | Root::TN | Root::US | Root::UB
    )
}

impl RollRule {
    /// A rule rolling `business_days_before` business days before `anchor` (`None`: exchange
    /// default).
    pub const fn new(business_days_before: u32, anchor: Option<RollAnchor>) -> RollRule {
        RollRule {
            business_days_before,
            anchor,
        }
    }

    /// The same rule with another number of business days.
    pub const fn with_business_days_before(self, business_days_before: u32) -> RollRule {
        RollRule {
            business_days_before,
            ..self
        }
    }

    /// The same rule with an explicit anchor.
    pub const fn with_anchor(self, anchor: RollAnchor) -> RollRule {
        RollRule {
            anchor: Some(anchor),
            ..self
        }
    }

    /// The anchor used for `root`: the explicit one, or the exchange default.
    pub fn anchor_for(&self, root: Root) -> RollAnchor {
        self.anchor.unwrap_or(if is_cbot_treasury(root) {
            RollAnchor::FirstPositionDay
        } else {
            RollAnchor::LastTradingDay
        })
    }

    /// The last day a position is held in `code`; on this day the engine trades into the next
    /// contract.
    ///
    /// # Formula
    ///
    /// ```text
    /// roll day = anchor(code) - N business days
    /// ```
    ///
    /// with `N` = [`RollRule::business_days_before`] and the anchor the first position day or
    /// the last trading day ([`ContractCode::dates`]).
    ///
    /// # Conventions
    ///
    /// Business days of the root's exchange calendar ([`crate::calendar::Calendar::for_exchange`]).
    ///
    /// # References
    ///
    /// Spec §1.3 (CBOT delivery timetable; rolling before the first position day), and
    /// `docs/DESIGN.md`, "Contract dates and rolls".
    ///
    /// # Errors
    ///
    /// [`ContractError::AnchorNotApplicable`] for the first-position-day anchor on a root that
    /// has none (CFFEX, VX, EC); [`ContractError::NeverListed`] for a contract the exchange never
    /// listed; [`ContractError::Calendar`] outside the calendar's years.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::RollRule;
    ///
    /// // T2406: last trading day Friday 2024-06-14 (spec §2.2); two CFFEX trading days earlier
    /// // is Wednesday 06-12.
    /// let t2406 = "T2406".parse()?;
    /// assert_eq!(
    ///     RollRule::default().roll_day(&t2406)?,
    ///     NaiveDate::from_ymd_opt(2024, 6, 12).unwrap()
    /// );
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn roll_day(&self, code: &ContractCode) -> Result<NaiveDate, ContractError> {
        let root = code.root();
        let cals = DateCalendars::exchange(root);
        let ltd = last_trading_day_in(code, cals)?;
        check_listed(code, ltd)?;
        let anchor_day = match self.anchor_for(root) {
            RollAnchor::LastTradingDay => ltd,
            RollAnchor::FirstPositionDay => {
                first_position_day_in(code, cals)?.ok_or(ContractError::AnchorNotApplicable {
                    root,
                    anchor: RollAnchor::FirstPositionDay,
                })?
            }
        };
        // A count beyond i32::MAX business days leaves every calendar: saturate and let the
        // calendar report the step out of range.
        let n = i32::try_from(self.business_days_before).unwrap_or(i32::MAX);
        Ok(cals.main().add_business_days(anchor_day, -n)?)
    }

    /// The first contract of `root` whose roll day is on or after (`inclusive`) or strictly
    /// after `date`.
    fn first_rolling_after(
        &self,
        root: Root,
        date: NaiveDate,
        inclusive: bool,
    ) -> Result<ContractCode, ContractError> {
        let spec = root.spec();
        if date < spec.listed_from {
            return Err(ContractError::BeforeListing {
                root,
                date,
                listed_from: spec.listed_from,
            });
        }
        let no_contract = || ContractError::NoContract {
            root,
            after: date,
            max_year: MAX_CONTRACT_YEAR,
        };
        // Every contract of an earlier contract month has its last trading day, hence its roll
        // day, before `date`: start at the first listed month not before `date`'s month.
        let (mut y, mut m) = (date.year(), date.month());
        if let Some(first) = spec.listing.first_contract {
            (y, m) = (y, m).max(first);
        }
        while !spec.cycle.lists_month(m) {
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        let mut code = ContractCode::new(root, y, m).map_err(|_| no_contract())?;
        loop {
            match self.roll_day(&code) {
                Ok(roll) if roll > date || (inclusive && roll == date) => return Ok(code),
                // Rolled already, or expired before the product started (VXH04 on 2004-03-26).
                Ok(_) | Err(ContractError::NeverListed { .. }) => {}
                Err(e) => return Err(e),
            }
            code = code.next().ok_or_else(no_contract)?;
        }
    }

    /// The front contract on `date`: the first contract whose roll day is strictly after `date`.
    ///
    /// # Errors
    ///
    /// [`ContractError::BeforeListing`] for a date before the product started trading (e.g.
    /// TS before 2018-08-17); [`ContractError::Calendar`] when a roll day falls outside the
    /// calendar's years; [`ContractError::NoContract`] past the last representable contract;
    /// [`ContractError::AnchorNotApplicable`] as for [`RollRule::roll_day`].
    pub fn front(&self, root: Root, date: NaiveDate) -> Result<ContractCode, ContractError> {
        self.first_rolling_after(root, date, false)
    }

    /// The `n`-th nearby contract on `date`: `n = 1` is the front, `n = 2` the next one, and so
    /// on along the root's listing cycle.
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidNearby`] for `n = 0`; otherwise as [`RollRule::front`].
    pub fn nearby(
        &self,
        root: Root,
        n: u8,
        date: NaiveDate,
    ) -> Result<ContractCode, ContractError> {
        if n == 0 {
            return Err(ContractError::InvalidNearby { n });
        }
        let mut code = self.front(root, date)?;
        for _ in 1..n {
            code = code.next().ok_or(ContractError::NoContract {
                root,
                after: date,
                max_year: MAX_CONTRACT_YEAR,
            })?;
        }
        Ok(code)
    }

    /// Every roll of `root` whose roll day lies in `from..=to`, in order, as
    /// `(roll day, contract rolled out of, contract rolled into)`.
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidDateRange`] if `to < from`; otherwise as [`RollRule::front`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::{Root, RollRule};
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let rolls = RollRule::default().roll_schedule(Root::TY, d(2024, 1, 1), d(2024, 12, 31))?;
    /// assert_eq!(rolls.len(), 4);
    /// assert_eq!(rolls[1].0, d(2024, 5, 28));
    /// assert_eq!((rolls[1].1.to_string(), rolls[1].2.to_string()), ("TYM24".into(), "TYU24".into()));
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn roll_schedule(
        &self,
        root: Root,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, ContractCode, ContractCode)>, ContractError> {
        if to < from {
            return Err(ContractError::InvalidDateRange { from, to });
        }
        let mut code = self.first_rolling_after(root, from, true)?;
        let mut rolls = Vec::new();
        loop {
            let roll = self.roll_day(&code)?;
            if roll > to {
                return Ok(rolls);
            }
            let next = code.next().ok_or(ContractError::NoContract {
                root,
                after: roll,
                max_year: MAX_CONTRACT_YEAR,
            })?;
            rolls.push((roll, code, next));
            code = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn default_anchors_by_exchange() {
        let rule = RollRule::default();
        assert_eq!(rule.anchor_for(Root::TU), RollAnchor::FirstPositionDay);
        assert_eq!(rule.anchor_for(Root::T), RollAnchor::LastTradingDay);
        assert_eq!(rule.anchor_for(Root::VX), RollAnchor::LastTradingDay);
        assert_eq!(rule.anchor_for(Root::EC), RollAnchor::LastTradingDay);
        let ltd = rule.with_anchor(RollAnchor::LastTradingDay);
        assert_eq!(ltd.anchor_for(Root::TU), RollAnchor::LastTradingDay);
        assert_eq!(
            RollAnchor::FirstPositionDay.to_string(),
            "first position day"
        );
    }

    #[test]
    fn first_position_anchor_needs_a_cbot_root() {
        let rule = RollRule::default().with_anchor(RollAnchor::FirstPositionDay);
        let e = rule.roll_day(&"VXM24".parse().unwrap()).unwrap_err();
        assert!(
            matches!(e, ContractError::AnchorNotApplicable { root: Root::VX, .. }),
            "{e}"
        );
    }

    #[test]
    fn zero_days_rolls_on_the_anchor() {
        let rule = RollRule::new(0, Some(RollAnchor::LastTradingDay));
        assert_eq!(
            rule.roll_day(&"TUM24".parse().unwrap()).unwrap(),
            d(2024, 6, 28)
        );
        // The roll day is the last day held: on the LTD itself the engine trades into TUU24,
        // so the front (first contract rolling strictly after the date) is already TUU24.
        assert_eq!(
            rule.front(Root::TU, d(2024, 6, 27)).unwrap().to_string(),
            "TUM24"
        );
        assert_eq!(
            rule.front(Root::TU, d(2024, 6, 28)).unwrap().to_string(),
            "TUU24"
        );
    }

    #[test]
    fn errors() {
        let rule = RollRule::default();
        assert!(matches!(
            rule.front(Root::TS, d(2018, 8, 16)),
            Err(ContractError::BeforeListing { root: Root::TS, .. })
        ));
        assert!(matches!(
            rule.nearby(Root::TY, 0, d(2024, 1, 2)),
            Err(ContractError::InvalidNearby { n: 0 })
        ));
        assert!(matches!(
            rule.roll_schedule(Root::TY, d(2024, 2, 1), d(2024, 1, 1)),
            Err(ContractError::InvalidDateRange { .. })
        ));
        // Beyond the CFFEX table (2026): the roll day of T2703 is in 2027.
        assert!(matches!(
            rule.front(Root::T, d(2026, 12, 31)),
            Err(ContractError::Calendar(_))
        ));
        // Past the last representable contract.
        assert!(matches!(
            rule.front(Root::TY, d(2069, 12, 31)),
            Err(ContractError::NoContract { .. })
        ));
        // Absurd roll offsets leave the calendar.
        let far = RollRule::new(u32::MAX, None);
        assert!(matches!(
            far.roll_day(&"TYM24".parse().unwrap()),
            Err(ContractError::Calendar(_))
        ));
    }

    #[test]
    fn first_batch_is_front_at_listing() {
        // TS listed 2018-08-17 with TS1812, TS1903, TS1906 (spec §2.1).
        let rule = RollRule::default();
        assert_eq!(
            rule.front(Root::TS, d(2018, 8, 17)).unwrap().to_string(),
            "TS1812"
        );
        assert_eq!(
            rule.nearby(Root::TS, 3, d(2018, 8, 17))
                .unwrap()
                .to_string(),
            "TS1906"
        );
    }

    #[test]
    fn schedule_includes_a_roll_on_the_first_day() {
        let rule = RollRule::default();
        let rolls = rule
            .roll_schedule(Root::TY, d(2024, 5, 28), d(2024, 5, 28))
            .unwrap();
        assert_eq!(rolls.len(), 1);
        assert_eq!(rolls[0].1.to_string(), "TYM24");
        let none = rule
            .roll_schedule(Root::TY, d(2024, 5, 29), d(2024, 8, 1))
            .unwrap();
        assert!(none.is_empty());
    }

    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// Dates from the product's listing to a few years before the calendar's end, with
        /// extra weight on the days around roll and expiry (the 20th–31st of a month).
        fn date_for(root: Root) -> impl Strategy<Value = NaiveDate> {
            let start = root.spec().listed_from;
            let end = match root.spec().exchange {
                crate::units::Exchange::Cffex => d(2026, 9, 30),
                _ => d(2060, 12, 31),
            };
            let span = (end - start).num_days();
            prop_oneof![
                (0..=span).prop_map(move |k| start + chrono::Days::new(k as u64)),
                (0..=(span / 31), 20u64..=30).prop_map(move |(m, day)| {
                    let base = start + chrono::Months::new(m as u32);
                    let first = base.with_day(1).unwrap();
                    (first + chrono::Days::new(day)).clamp(start, end)
                }),
            ]
        }

        fn any_root() -> impl Strategy<Value = Root> {
            proptest::sample::select(Root::ALL.to_vec())
        }

        fn rule() -> impl Strategy<Value = RollRule> {
            (
                0u32..=15,
                proptest::option::of(Just(RollAnchor::LastTradingDay)),
            )
                .prop_map(|(n, anchor)| RollRule::new(n, anchor))
        }

        proptest! {
            #[test]
            fn front_rolls_after_the_date_and_its_predecessor_does_not(
                (root, a, b) in any_root().prop_flat_map(|r| (Just(r), date_for(r), date_for(r))),
                rule in rule(),
            ) {
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                let f_lo = rule.front(root, lo).unwrap();
                let f_hi = rule.front(root, hi).unwrap();
                prop_assert!(rule.roll_day(&f_lo).unwrap() > lo);
                prop_assert!(rule.roll_day(&f_hi).unwrap() > hi);
                // Monotone in the date.
                prop_assert!(f_lo <= f_hi, "{} > {}", f_lo, f_hi);
                // Minimal: the contract before the front has rolled (or was never listed).
                if let Some(prev) = f_lo.prev() {
                    match rule.roll_day(&prev) {
                        Ok(r) => prop_assert!(r <= lo),
                        Err(e) => prop_assert!(matches!(e, ContractError::NeverListed { .. }), "{e}"),
                    }
                }
            }
        }
    }
}
