//! Unadjusted coupon schedules, previous/next coupon and remaining coupons.

use super::BondError;
use chrono::{Datelike, Months, NaiveDate};

/// The longest bond term the schedule generator accepts (dated date to maturity), in years;
/// also how far back the schedule of a bond without a dated date reaches.
pub const MAX_TERM_YEARS: u32 = 100;

/// An unadjusted coupon schedule: payment dates in ascending order, the last one the maturity,
/// plus the start of the first accrual period.
///
/// Obtain it from [`Bond::schedule`](super::Bond::schedule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouponSchedule {
    /// Coupon payment dates, ascending; the last is the maturity.
    dates: Vec<NaiveDate>,
    /// `dates` as day numbers (days from 0001-01-01 CE), for fast lookups.
    days: Vec<i32>,
    /// First day of accrual: the dated date, or the start of the generated schedule.
    accrual_start: NaiveDate,
    /// Start of the first period's reference (quasi-coupon) period; equals `accrual_start`
    /// unless the first period is a short stub.
    reference_start: NaiveDate,
    accrual_start_day: i32,
    reference_start_day: i32,
}

/// The coupon period that contains a settlement date, as seen from that date.
///
/// The period is `[accrual_start, end)`: a settlement on a coupon date starts a new period
/// (its accrued interest is zero) and the coupon paid on that date belongs to the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CouponPeriod {
    /// Start of accrual: the previous coupon date, or the dated date in a first stub period.
    pub accrual_start: NaiveDate,
    /// Start of the reference (quasi-coupon) period used by Act/Act ICMA; equals
    /// `accrual_start` except in a short first period.
    pub reference_start: NaiveDate,
    /// The next coupon date (the end of the period).
    pub end: NaiveDate,
    /// The number of coupons still to be paid, including the one paid on `end`.
    pub remaining_coupons: usize,
    /// Whether this is the bond's first coupon period.
    pub is_first: bool,
}

/// A located coupon period in day numbers; the internal form of [`CouponPeriod`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Located {
    /// Index of the next coupon date in the schedule.
    pub index: usize,
    pub accrual_start_day: i32,
    pub reference_start_day: i32,
    pub end_day: i32,
    pub remaining: usize,
}

/// The day number of a date (days from 0001-01-01 CE), the integer form used in lookups.
pub(crate) fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The last day of `date`'s month.
pub(crate) fn last_day_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = date.with_day(1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// Whether `date` is the last day of its month.
pub fn is_end_of_month(date: NaiveDate) -> bool {
    date.succ_opt()
        .is_some_and(|next| next.month() != date.month())
}

/// The date `months` months before `maturity`, with the end-of-month rule or with the
/// maturity's day clamped to the month's length.
pub(crate) fn step_back(maturity: NaiveDate, months: u32, end_of_month: bool) -> Option<NaiveDate> {
    let date = maturity.checked_sub_months(Months::new(months))?;
    if end_of_month {
        last_day_of_month(date)
    } else {
        Some(date)
    }
}

impl CouponSchedule {
    /// Generates the schedule backward from `maturity` in steps of `months_per_period`.
    ///
    /// The caller has validated that `dated_date < maturity` and that the end-of-month rule,
    /// when on, has a month-end maturity.
    pub(crate) fn generate(
        maturity: NaiveDate,
        months_per_period: u32,
        end_of_month: bool,
        dated_date: Option<NaiveDate>,
    ) -> Result<Self, BondError> {
        let out_of_range = || BondError::ScheduleOutOfRange { maturity };
        let horizon = maturity
            .checked_sub_months(Months::new(MAX_TERM_YEARS * 12))
            .ok_or_else(out_of_range)?;
        if let Some(dated) = dated_date
            && dated < horizon
        {
            return Err(BondError::TermTooLong {
                dated_date: dated,
                maturity,
                max_years: MAX_TERM_YEARS,
            });
        }
        let bound = dated_date.unwrap_or(horizon);
        // Walk back from maturity; every date is computed from the maturity itself so that
        // clamping in a short month (Feb 28) does not drift into later dates.
        let mut dates = vec![maturity];
        let mut k: u32 = 1;
        let reference_start = loop {
            let months = k.checked_mul(months_per_period).ok_or_else(out_of_range)?;
            let date = step_back(maturity, months, end_of_month).ok_or_else(out_of_range)?;
            if date <= bound {
                break date;
            }
            dates.push(date);
            k += 1;
        };
        dates.reverse();
        let accrual_start = dated_date.unwrap_or(reference_start);
        let days = dates.iter().copied().map(day_number).collect();
        Ok(CouponSchedule {
            dates,
            days,
            accrual_start,
            reference_start,
            accrual_start_day: day_number(accrual_start),
            reference_start_day: day_number(reference_start),
        })
    }

    /// The coupon payment dates (unadjusted), ascending; the last one is the maturity.
    pub fn coupon_dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// The first day of accrual: the dated date, or the start of the generated schedule.
    pub fn accrual_start(&self) -> NaiveDate {
        self.accrual_start
    }

    /// The start of the first period's reference (quasi-coupon) period. It differs from
    /// [`CouponSchedule::accrual_start`] only when the first period is a short stub.
    pub fn first_reference_start(&self) -> NaiveDate {
        self.reference_start
    }

    /// Whether the first coupon period is a short stub (the dated date is off the grid).
    pub fn has_short_first_period(&self) -> bool {
        self.accrual_start != self.reference_start
    }

    /// The maturity (the last coupon date).
    pub fn maturity(&self) -> NaiveDate {
        // The generator always pushes the maturity first, so the list is never empty.
        self.dates.last().copied().unwrap_or(self.accrual_start)
    }

    /// Locates the period containing the day number `settle`: `accrual_start <= settle < end`.
    pub(crate) fn locate_day(&self, settle: i32) -> Option<Located> {
        if settle < self.accrual_start_day {
            return None;
        }
        let index = self.days.partition_point(|&d| d <= settle);
        let end_day = *self.days.get(index)?;
        let (accrual_start_day, reference_start_day) = if index == 0 {
            (self.accrual_start_day, self.reference_start_day)
        } else {
            // 0 < index < len: `get(index)` succeeded above.
            let prev = self.days[index - 1];
            (prev, prev)
        };
        Some(Located {
            index,
            accrual_start_day,
            reference_start_day,
            end_day,
            remaining: self.days.len() - index,
        })
    }

    /// Locates `settlement` with typed errors for dates outside the bond's life.
    pub(crate) fn locate(&self, settlement: NaiveDate) -> Result<Located, BondError> {
        self.locate_day(day_number(settlement))
            .ok_or_else(|| self.outside_error(settlement))
    }

    fn outside_error(&self, settlement: NaiveDate) -> BondError {
        if settlement < self.accrual_start {
            BondError::SettlementBeforeAccrualStart {
                settlement,
                accrual_start: self.accrual_start,
            }
        } else {
            BondError::SettlementNotBeforeMaturity {
                settlement,
                maturity: self.maturity(),
            }
        }
    }

    /// The coupon period that contains `settlement`.
    ///
    /// # Errors
    /// [`BondError::SettlementBeforeAccrualStart`] before the first day of accrual,
    /// [`BondError::SettlementNotBeforeMaturity`] on or after maturity.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::{Bond, BondTerms};
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.25% 2031-02-28 (end-of-month rule): pays on Aug 31 and Feb 28/29.
    /// let bond = Bond::new(BondTerms::new(0.0425, d(2031, 2, 28)).with_dated_date(d(2024, 2, 29)))?;
    /// let period = bond.schedule().period(d(2024, 4, 16))?;
    /// assert_eq!(period.accrual_start, d(2024, 2, 29));
    /// assert_eq!(period.end, d(2024, 8, 31));
    /// assert_eq!(period.remaining_coupons, 14);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn period(&self, settlement: NaiveDate) -> Result<CouponPeriod, BondError> {
        let loc = self.locate(settlement)?;
        // `locate` returns an index of an existing coupon date, so the indexing below is in
        // bounds.
        let (accrual_start, reference_start) = if loc.index == 0 {
            (self.accrual_start, self.reference_start)
        } else {
            let prev = self.dates[loc.index - 1];
            (prev, prev)
        };
        Ok(CouponPeriod {
            accrual_start,
            reference_start,
            end: self.dates[loc.index],
            remaining_coupons: loc.remaining,
            is_first: loc.index == 0,
        })
    }

    /// The coupon date on or before `settlement` that starts its accrual period (the dated
    /// date in a first period).
    ///
    /// # Errors
    /// As [`CouponSchedule::period`].
    pub fn previous_coupon_date(&self, settlement: NaiveDate) -> Result<NaiveDate, BondError> {
        Ok(self.period(settlement)?.accrual_start)
    }

    /// The first coupon date strictly after `settlement`.
    ///
    /// # Errors
    /// As [`CouponSchedule::period`].
    pub fn next_coupon_date(&self, settlement: NaiveDate) -> Result<NaiveDate, BondError> {
        Ok(self.period(settlement)?.end)
    }

    /// The number of coupons paid strictly after `settlement` (including the one at maturity).
    ///
    /// # Errors
    /// As [`CouponSchedule::period`].
    pub fn remaining_coupons(&self, settlement: NaiveDate) -> Result<usize, BondError> {
        Ok(self.period(settlement)?.remaining_coupons)
    }

    /// The coupon dates strictly after `date` (all of them for a date before the schedule,
    /// none on or after maturity).
    pub fn dates_after(&self, date: NaiveDate) -> &[NaiveDate] {
        let index = self.dates.partition_point(|&d| d <= date);
        &self.dates[index..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn end_of_month_schedule_keeps_month_ends() {
        // UST 4.25% 2031-02-28: coupons Aug 31 / Feb 28 or 29 (ust_bonds.json next coupon 2024-08-31).
        let s = CouponSchedule::generate(d(2031, 2, 28), 6, true, Some(d(2024, 2, 29))).unwrap();
        assert_eq!(s.coupon_dates().first(), Some(&d(2024, 8, 31)));
        assert!(s.coupon_dates().contains(&d(2028, 2, 29)));
        assert!(s.coupon_dates().contains(&d(2030, 8, 31)));
        assert_eq!(s.coupon_dates().len(), 14);
        assert!(!s.has_short_first_period());
    }

    #[test]
    fn day_of_month_is_clamped_without_drift() {
        // A 30th maturity without the end-of-month rule: Feb is clamped, Aug stays on the 30th.
        let s = CouponSchedule::generate(d(2026, 8, 30), 6, false, Some(d(2024, 8, 30))).unwrap();
        assert_eq!(
            s.coupon_dates(),
            &[
                d(2025, 2, 28),
                d(2025, 8, 30),
                d(2026, 2, 28),
                d(2026, 8, 30)
            ]
        );
    }

    #[test]
    fn off_grid_dated_date_gives_a_short_first_period() {
        let s = CouponSchedule::generate(d(2030, 5, 15), 6, false, Some(d(2020, 6, 1))).unwrap();
        assert_eq!(s.accrual_start(), d(2020, 6, 1));
        assert_eq!(s.first_reference_start(), d(2020, 5, 15));
        assert_eq!(s.coupon_dates()[0], d(2020, 11, 15));
        let p = s.period(d(2020, 7, 1)).unwrap();
        assert!(p.is_first);
        assert_eq!(p.reference_start, d(2020, 5, 15));
        assert_eq!(p.accrual_start, d(2020, 6, 1));
    }

    #[test]
    fn settlement_on_a_coupon_date_starts_the_next_period() {
        let s = CouponSchedule::generate(d(2033, 8, 15), 6, false, Some(d(2023, 8, 15))).unwrap();
        let p = s.period(d(2025, 2, 15)).unwrap();
        assert_eq!(p.accrual_start, d(2025, 2, 15));
        assert_eq!(p.end, d(2025, 8, 15));
        assert_eq!(p.remaining_coupons, 17);
        assert_eq!(s.dates_after(d(2033, 2, 15)), &[d(2033, 8, 15)]);
        assert!(s.dates_after(d(2033, 8, 15)).is_empty());
    }

    #[test]
    fn settlement_outside_the_bond_life_is_an_error() {
        let s = CouponSchedule::generate(d(2033, 8, 15), 6, false, Some(d(2023, 8, 15))).unwrap();
        assert!(matches!(
            s.period(d(2023, 8, 14)),
            Err(BondError::SettlementBeforeAccrualStart { .. })
        ));
        assert!(matches!(
            s.period(d(2033, 8, 15)),
            Err(BondError::SettlementNotBeforeMaturity { .. })
        ));
        assert!(s.period(d(2023, 8, 15)).is_ok());
        assert!(s.period(d(2033, 8, 14)).is_ok());
    }

    #[test]
    fn undated_schedule_reaches_back_the_maximum_term() {
        let s = CouponSchedule::generate(d(2034, 2, 25), 12, false, None).unwrap();
        assert_eq!(s.coupon_dates().len(), MAX_TERM_YEARS as usize);
        assert_eq!(s.accrual_start(), d(1934, 2, 25));
        assert!(matches!(
            CouponSchedule::generate(d(2034, 2, 25), 12, false, Some(d(1930, 1, 1))),
            Err(BondError::TermTooLong { .. })
        ));
    }

    #[test]
    fn month_end_helpers() {
        assert!(is_end_of_month(d(2024, 2, 29)));
        assert!(!is_end_of_month(d(2023, 2, 27)));
        assert_eq!(last_day_of_month(d(2023, 2, 1)), Some(d(2023, 2, 28)));
        assert_eq!(last_day_of_month(d(2024, 12, 5)), Some(d(2024, 12, 31)));
    }
}
