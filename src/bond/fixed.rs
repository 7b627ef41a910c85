//! The fixed-coupon bond type and its view from one settlement date.

use super::schedule::{CouponSchedule, Located, day_number, is_end_of_month, step_back};
use super::{BondError, BondTerms, Frequency, MarketConvention};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A fixed-coupon bullet bond with its unadjusted coupon schedule, validated on construction.
///
/// Build it from [`BondTerms`] with [`Bond::new`] (or the [`Bond::us_treasury`] /
/// [`Bond::cgb`] shortcuts). The schedule is generated once; every price, yield, accrual and
/// risk computation after that is arithmetic on precomputed day numbers.
///
/// Prices and accrued interest are **per 100 face**; rates and yields are decimal fractions.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::bond::Bond;
/// use spreadtrade::tolerance::PRICE_ABS;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // UST 4.125% 2031-03-31 at 4.64% on 2024-04-16; clean 96.96599238348377 from QuantLib 1.44
/// // (shared/vectors/ust_bonds.json).
/// let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
/// let clean = bond.clean_price(d(2024, 4, 16), 0.0464)?;
/// assert!((clean - 96.96599238348377).abs() < PRICE_ABS);
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bond {
    terms: BondTerms,
    end_of_month: bool,
    schedule: CouponSchedule,
    /// Regular coupon per 100 face, `100 c / f`.
    coupon: f64,
    /// The first coupon per 100 face: `coupon` scaled by the stub fraction of a short first
    /// period, else `coupon`.
    first_coupon: f64,
    /// Actual days in the year that ends on the maturity date (365 or 366): `TY` of the CCDC
    /// final-period formula. The year starts 12 months before maturity under the schedule's
    /// own date rule (end-of-month or clamped day).
    final_year_days: f64,
}

/// One payment of a bond, per 100 face.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CashFlow {
    /// Payment date (unadjusted).
    pub date: NaiveDate,
    /// Coupon paid on `date`, per 100 face.
    pub coupon: f64,
    /// Principal repaid on `date`, per 100 face (100 at maturity, else 0).
    pub principal: f64,
}

impl CashFlow {
    /// The total paid on the date, per 100 face.
    pub fn amount(&self) -> f64 {
        self.coupon + self.principal
    }
}

impl Bond {
    /// Validates `terms` and generates the coupon schedule.
    ///
    /// # Errors
    /// [`BondError::InvalidCouponRate`] for a coupon outside `[0, 1]` (decimal) or not finite;
    /// [`BondError::DatedDateNotBeforeMaturity`]; [`BondError::EndOfMonthMaturity`] if the
    /// end-of-month rule is forced on for a maturity that is not a month end;
    /// [`BondError::TermTooLong`] beyond [`MAX_TERM_YEARS`](super::MAX_TERM_YEARS);
    /// [`BondError::ScheduleOutOfRange`] if the schedule leaves `chrono`'s date range.
    pub fn new(terms: BondTerms) -> Result<Self, BondError> {
        Self::build(terms, None)
    }

    /// A bond to be settled on or after `earliest` only: without a dated date, its schedule
    /// starts at the last coupon date on or before `earliest` instead of reaching back
    /// [`MAX_TERM_YEARS`](super::MAX_TERM_YEARS) (a tenth of the dates for a 10-year note, the
    /// cost of one-off calculations such as `spreadtrade bond`).
    ///
    /// For every settlement on or after `earliest` the bond prices exactly as
    /// [`Bond::new`]'s, bit for bit: the coupon grid is the same (every date is stepped back
    /// from the maturity), only the dates before `earliest` are left out, so
    /// [`CouponSchedule::accrual_start`] is that coupon date. With a dated date, or when no
    /// coupon date before `earliest` lies within the term limit, this is [`Bond::new`].
    ///
    /// # Errors
    /// As [`Bond::new`].
    pub fn for_settlements_from(terms: BondTerms, earliest: NaiveDate) -> Result<Self, BondError> {
        if terms.dated_date().is_some() || earliest >= terms.maturity() {
            return Self::new(terms);
        }
        let maturity = terms.maturity();
        let end_of_month = terms
            .end_of_month()
            .unwrap_or_else(|| is_end_of_month(maturity));
        let months_per_period = terms.frequency().months();
        // Whole months from `earliest` to the maturity bound the number of periods; step back
        // from there (at most two steps) to the last coupon date on or before `earliest`.
        let months = (maturity.year() - earliest.year()) * 12 + maturity.month() as i32
            - earliest.month() as i32;
        let Ok(months) = u32::try_from(months) else {
            return Self::new(terms);
        };
        let mut k = months / months_per_period;
        let start = loop {
            let back = k * months_per_period;
            if back > super::MAX_TERM_YEARS * 12 {
                return Self::new(terms);
            }
            match step_back(maturity, back, end_of_month) {
                Some(date) if date <= earliest => break date,
                Some(_) => k += 1,
                None => return Self::new(terms),
            }
        };
        Self::build(terms, Some(start))
    }

    /// Validates `terms` and generates the schedule from `schedule_start` (a coupon date on
    /// the maturity's grid) or from the dated date.
    fn build(terms: BondTerms, schedule_start: Option<NaiveDate>) -> Result<Self, BondError> {
        terms.validate()?;
        let maturity = terms.maturity();
        let end_of_month = terms
            .end_of_month()
            .unwrap_or_else(|| is_end_of_month(maturity));
        let frequency = terms.frequency();
        let schedule = CouponSchedule::generate(
            maturity,
            frequency.months(),
            end_of_month,
            schedule_start.or(terms.dated_date()),
        )?;
        let coupon = 100.0 * terms.coupon_rate() / frequency.per_year_f64();
        let first_coupon = match schedule.coupon_dates().first() {
            Some(&first) if schedule.has_short_first_period() => {
                let accrued_days = days_between(schedule.accrual_start(), first);
                let reference_days = days_between(schedule.first_reference_start(), first);
                coupon * accrued_days / reference_days
            }
            _ => coupon,
        };
        // One year before maturity by the schedule's own date rule, so that for an annual
        // bond TY is exactly the final coupon period (2033-02-28 under the end-of-month rule
        // looks back to 2032-02-29, not 2032-02-28).
        let year_before = step_back(maturity, 12, end_of_month)
            .ok_or(BondError::ScheduleOutOfRange { maturity })?;
        Ok(Bond {
            terms,
            end_of_month,
            schedule,
            coupon,
            first_coupon,
            final_year_days: days_between(year_before, maturity),
        })
    }

    /// A U.S. Treasury note or bond: semi-annual, street convention, end-of-month rule when the
    /// maturity is a month end.
    ///
    /// # Errors
    /// As [`Bond::new`].
    pub fn us_treasury(
        coupon_rate: f64,
        dated_date: Option<NaiveDate>,
        maturity: NaiveDate,
    ) -> Result<Self, BondError> {
        let mut terms = BondTerms::new(coupon_rate, maturity);
        if let Some(dated) = dated_date {
            terms = terms.with_dated_date(dated);
        }
        Bond::new(terms)
    }

    /// A China government bond under the interbank (CCDC) convention.
    ///
    /// # Errors
    /// As [`Bond::new`].
    pub fn cgb(
        coupon_rate: f64,
        frequency: Frequency,
        dated_date: Option<NaiveDate>,
        maturity: NaiveDate,
    ) -> Result<Self, BondError> {
        let mut terms = BondTerms::new(coupon_rate, maturity)
            .with_frequency(frequency)
            .with_convention(MarketConvention::ChinaInterbank);
        if let Some(dated) = dated_date {
            terms = terms.with_dated_date(dated);
        }
        Bond::new(terms)
    }

    /// The terms the bond was built from.
    pub fn terms(&self) -> &BondTerms {
        &self.terms
    }

    /// The annual coupon rate (decimal).
    pub fn coupon_rate(&self) -> f64 {
        self.terms.coupon_rate()
    }

    /// The regular coupon paid each period, per 100 face (`100 c / f`).
    pub fn coupon_per_period(&self) -> f64 {
        self.coupon
    }

    /// The coupon frequency.
    pub fn frequency(&self) -> Frequency {
        self.terms.frequency()
    }

    /// The maturity date.
    pub fn maturity(&self) -> NaiveDate {
        self.terms.maturity()
    }

    /// The dated date, if one was given.
    pub fn dated_date(&self) -> Option<NaiveDate> {
        self.terms.dated_date()
    }

    /// Whether the end-of-month rule is in force for the schedule.
    pub fn end_of_month(&self) -> bool {
        self.end_of_month
    }

    /// The market convention.
    pub fn convention(&self) -> MarketConvention {
        self.terms.convention()
    }

    /// The unadjusted coupon schedule.
    pub fn schedule(&self) -> &CouponSchedule {
        &self.schedule
    }

    /// Actual days in the year that ends on maturity (365 or 366): the `TY` of the CCDC
    /// final-period formula (spec §5.2).
    pub fn final_year_days(&self) -> f64 {
        self.final_year_days
    }

    /// The bond's payments strictly after `date`, per 100 face, in date order. A date before
    /// the schedule starts gives every payment; a date on or after maturity gives none.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let bond = Bond::us_treasury(0.045, Some(d(2024, 3, 31)), d(2026, 3, 31))?;
    /// let flows = bond.cash_flows_after(d(2025, 9, 30));
    /// assert_eq!(flows.len(), 1);
    /// assert_eq!(flows[0].amount(), 102.25);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn cash_flows_after(&self, date: NaiveDate) -> Vec<CashFlow> {
        let all = self.schedule.coupon_dates();
        let after = self.schedule.dates_after(date);
        let first_index = all.len() - after.len();
        let maturity = self.maturity();
        after
            .iter()
            .enumerate()
            .map(|(i, &pay)| CashFlow {
                date: pay,
                coupon: if first_index + i == 0 {
                    self.first_coupon
                } else {
                    self.coupon
                },
                principal: if pay == maturity { 100.0 } else { 0.0 },
            })
            .collect()
    }

    /// The bond as seen from `settlement`: coupon period, fraction of a period to the next
    /// coupon, remaining coupons and accrued interest, computed once for repeated pricing.
    ///
    /// # Errors
    /// [`BondError::SettlementBeforeAccrualStart`] or
    /// [`BondError::SettlementNotBeforeMaturity`] for a date outside the bond's life.
    pub fn settle(&self, settlement: NaiveDate) -> Result<SettledBond, BondError> {
        let loc = self.schedule.locate(settlement)?;
        Ok(self.settled_from(settlement, loc))
    }

    fn settled_from(&self, settlement: NaiveDate, loc: Located) -> SettledBond {
        let s = day_number(settlement);
        let reference_days = f64::from(loc.end_day - loc.reference_start_day);
        let days_to_next = f64::from(loc.end_day - s);
        let accrued_days = f64::from(s - loc.accrual_start_day);
        // `loc` comes from `locate`, whose index names an existing coupon date: in bounds.
        let (next_coupon, accrual_start) = if loc.index == 0 {
            (self.first_coupon, self.schedule.accrual_start())
        } else {
            (self.coupon, self.schedule.coupon_dates()[loc.index - 1])
        };
        SettledBond {
            settlement,
            convention: self.terms.convention(),
            frequency: self.terms.frequency(),
            coupon: self.coupon,
            next_coupon,
            w: days_to_next / reference_days,
            accrued: self.coupon * accrued_days / reference_days,
            remaining: loc.remaining,
            days_to_next,
            final_year_days: self.final_year_days,
            period_index: loc.index,
            accrual_start,
            next_coupon_date: self.schedule.coupon_dates()[loc.index],
        }
    }
}

/// Whole days from `start` to `end` as `f64` (Actual day count).
fn days_between(start: NaiveDate, end: NaiveDate) -> f64 {
    f64::from(day_number(end) - day_number(start))
}

/// A bond seen from one settlement date.
///
/// Holds what every price, yield and risk computation at that date needs: the fraction of a
/// period to the next coupon `w`, the number of remaining coupons `N`, the next coupon amount
/// and the accrued interest. Obtain it from [`Bond::settle`]; it is `Copy` and does no date
/// arithmetic after construction, so it suits solvers and per-day loops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SettledBond {
    pub(crate) settlement: NaiveDate,
    pub(crate) convention: MarketConvention,
    pub(crate) frequency: Frequency,
    /// Regular coupon per 100 face.
    pub(crate) coupon: f64,
    /// The coupon paid on the next coupon date (a short first period pays less).
    pub(crate) next_coupon: f64,
    /// `(N - s) / (N - L)`: fraction of the (reference) period left to the next coupon.
    pub(crate) w: f64,
    /// Accrued interest per 100 face.
    pub(crate) accrued: f64,
    /// Coupons remaining, including the next one.
    pub(crate) remaining: usize,
    /// Actual days from settlement to the next coupon date.
    pub(crate) days_to_next: f64,
    /// `TY`: actual days in the year ending on maturity.
    pub(crate) final_year_days: f64,
    /// Index of the next coupon in the schedule.
    pub(crate) period_index: usize,
    /// Start of the accrual period (previous coupon date, or the dated date).
    pub(crate) accrual_start: NaiveDate,
    /// The next coupon date.
    pub(crate) next_coupon_date: NaiveDate,
}

impl SettledBond {
    /// The settlement date.
    pub fn settlement(&self) -> NaiveDate {
        self.settlement
    }

    /// The market convention in force.
    pub fn convention(&self) -> MarketConvention {
        self.convention
    }

    /// The coupons remaining after settlement, including the next one.
    pub fn remaining_coupons(&self) -> usize {
        self.remaining
    }

    /// The fraction of a coupon period from settlement to the next coupon, `w` in `(0, 1]`:
    /// actual days to the next coupon over actual days in the (reference) period.
    pub fn period_fraction(&self) -> f64 {
        self.w
    }

    /// Whether the price–yield formula at this date is the CCDC final-period simple-interest
    /// form (China interbank convention with one coupon left).
    pub fn is_simple_final_period(&self) -> bool {
        self.convention == MarketConvention::ChinaInterbank && self.remaining == 1
    }

    /// The start of the accrual period: the previous coupon date, or the dated date in the
    /// first period.
    pub fn accrual_start(&self) -> NaiveDate {
        self.accrual_start
    }

    /// The next coupon date (strictly after settlement).
    pub fn next_coupon_date(&self) -> NaiveDate {
        self.next_coupon_date
    }

    /// The coupon paid on the next coupon date, per 100 face (prorated in a short first
    /// period).
    pub fn next_coupon_amount(&self) -> f64 {
        self.next_coupon
    }

    /// Whether settlement falls in the bond's first coupon period.
    pub fn is_first_period(&self) -> bool {
        self.period_index == 0
    }
}
