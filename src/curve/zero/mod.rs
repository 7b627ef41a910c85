//! A zero (discount) curve: discount factors, zero and forward rates; the value of dated cash
//! flows is in `cashflow`.

mod cashflow;

pub use cashflow::ForwardValue;

use super::par::{CouponFrequency, MAX_CURVE_YEARS};
use super::{Compounding, CurveError};
use crate::tolerance::KNOT_TIME_ABS;
use chrono::{Days, NaiveDate};

/// Days per year of the curve's time axis: Act/365 Fixed (`t = days / 365`).
pub const DAYS_PER_YEAR: f64 = 365.0;

/// A zero curve: discount factors from the curve date, log-linear between knots.
///
/// Knots are times `t_i` in Act/365F years from the curve date with discount factors
/// `DF_i > 0`; the curve date itself is always a knot with `DF(0) = 1`. Between knots
/// `ln DF` is linear in `t` (piecewise-constant continuously compounded forward rates). The
/// curve answers times in `[0, t_last]` and dates from the curve date to
/// [`ZeroCurve::last_date`]; beyond them queries are errors, never extrapolated.
///
/// Built from a par curve by [`bootstrap`](super::bootstrap), or directly from discount
/// factors or zero rates.
///
/// # Examples
///
/// Forward rates from zero rates: J. C. Hull, *Options, Futures, and Other Derivatives*, 8th
/// ed., ch. 4, Table 4.5 (continuously compounded zero rates 3.0%, 4.0%, 4.6%, 5.0%, 5.3% for
/// years 1–5 give one-year forwards 5.0%, 5.8%, 6.2%, 6.5%):
///
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::curve::{Compounding, ZeroCurve};
/// use spreadtrade::tolerance::RATE_ABS;
///
/// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
/// let zeros = [(1.0, 0.030), (2.0, 0.040), (3.0, 0.046), (4.0, 0.050), (5.0, 0.053)];
/// let curve = ZeroCurve::from_zero_rates(date, &zeros, Compounding::Continuous)?;
/// for (n, want) in [(1.0, 0.050), (2.0, 0.058), (3.0, 0.062), (4.0, 0.065)] {
///     let f = curve.forward_rate(n, n + 1.0, Compounding::Continuous)?;
///     assert!((f - want).abs() < RATE_ABS);
/// }
/// # Ok::<(), spreadtrade::curve::CurveError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ZeroCurve {
    date: NaiveDate,
    /// Knot times in years, strictly increasing, `times[0] == 0`, at least two.
    times: Vec<f64>,
    /// `ln DF` at the knots, `log_df[0] == 0`.
    log_df: Vec<f64>,
    /// Continuously compounded forward on `[times[i], times[i+1]]` (length `n − 1`).
    forward: Vec<f64>,
    /// Last date covered: the curve date plus ⌊t_last · 365⌋ days.
    last_date: NaiveDate,
}

impl ZeroCurve {
    /// A zero curve through the knots `(years, discount factor)`; the curve date (`t = 0`,
    /// `DF = 1`) is added.
    ///
    /// # Errors
    /// [`CurveError::TooFewNodes`] for an empty list; [`CurveError::NonFinite`] for a NaN or
    /// infinite time; [`CurveError::NotIncreasing`] unless the times are strictly increasing
    /// and positive; [`CurveError::OutOfRange`] for a time beyond [`MAX_CURVE_YEARS`];
    /// [`CurveError::InvalidDiscountFactor`] unless every discount factor is finite and positive.
    pub fn from_discount_factors(
        date: NaiveDate,
        knots: &[(f64, f64)],
    ) -> Result<Self, CurveError> {
        let mut log_df = Vec::with_capacity(knots.len() + 1);
        log_df.push(0.0);
        for (index, &(years, df)) in knots.iter().enumerate() {
            if !(df > 0.0 && df.is_finite()) {
                return Err(CurveError::InvalidDiscountFactor {
                    index,
                    years,
                    value: df,
                });
            }
            log_df.push(df.ln());
        }
        Self::from_times_and_logs(date, knots, log_df)
    }

    /// A zero curve through the knots `(years, zero rate)` with the rates' compounding.
    ///
    /// # Formula
    /// ```text
    /// DF(t) = exp(−z·t)              continuous
    ///       = (1 + z/m)^(−m·t)       m = 1 (annual), 2 (semi-annual)
    ///   t  years from the curve date (Act/365F), z zero rate (decimal)
    /// ```
    ///
    /// # Conventions
    /// Act/365F time; every rate uses the one `compounding`. Between the knots the curve is
    /// log-linear in the discount factor, not linear in the zero rate.
    ///
    /// # References
    /// J. C. Hull, *Options, Futures, and Other Derivatives*, 8th ed., ch. 4 (compounding
    /// frequencies and zero rates).
    ///
    /// # Errors
    /// As [`ZeroCurve::from_discount_factors`]; a rate at or below `−m` (periodic compounding)
    /// or a non-finite rate gives [`CurveError::InvalidDiscountFactor`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::DISCOUNT_FACTOR_ABS;
    ///
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// let curve = ZeroCurve::from_zero_rates(date, &[(3.0, 0.05)], Compounding::SemiAnnual)?;
    /// assert!((curve.discount_factor(3.0)? - 1.025_f64.powi(-6)).abs() < DISCOUNT_FACTOR_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn from_zero_rates(
        date: NaiveDate,
        knots: &[(f64, f64)],
        compounding: Compounding,
    ) -> Result<Self, CurveError> {
        let mut log_df = Vec::with_capacity(knots.len() + 1);
        log_df.push(0.0);
        for (index, &(years, rate)) in knots.iter().enumerate() {
            let ln = match compounding.periods_per_year() {
                None => -rate * years,
                Some(m) => {
                    let m = f64::from(m);
                    -m * years * (rate / m).ln_1p()
                }
            };
            if !ln.is_finite() {
                return Err(CurveError::InvalidDiscountFactor {
                    index,
                    years,
                    value: ln.exp(),
                });
            }
            log_df.push(ln);
        }
        Self::from_times_and_logs(date, knots, log_df)
    }

    fn from_times_and_logs(
        date: NaiveDate,
        knots: &[(f64, f64)],
        log_df: Vec<f64>,
    ) -> Result<Self, CurveError> {
        if knots.is_empty() {
            return Err(CurveError::TooFewNodes { found: 0, min: 1 });
        }
        let mut times = Vec::with_capacity(knots.len() + 1);
        times.push(0.0);
        for (index, &(years, _)) in knots.iter().enumerate() {
            if !years.is_finite() {
                return Err(CurveError::NonFinite {
                    what: "knot time in years",
                    index,
                    value: years,
                });
            }
            let previous = times[times.len() - 1];
            if years <= previous {
                return Err(CurveError::NotIncreasing {
                    what: "discount-factor times after the curve date",
                    index,
                    previous,
                    found: years,
                });
            }
            if years > MAX_CURVE_YEARS {
                return Err(CurveError::OutOfRange {
                    what: "knot time in years",
                    value: years,
                    min: 0.0,
                    max: MAX_CURVE_YEARS,
                });
            }
            times.push(years);
        }
        Self::from_log_parts(date, times, log_df)
    }

    /// The curve from validated parts: `times` strictly increasing from 0, `log_df[0] == 0`,
    /// every `log_df` finite, at most [`MAX_CURVE_YEARS`].
    pub(crate) fn from_log_parts(
        date: NaiveDate,
        times: Vec<f64>,
        log_df: Vec<f64>,
    ) -> Result<Self, CurveError> {
        if times.len() < 2 || times.len() != log_df.len() {
            return Err(CurveError::TooFewNodes {
                found: times.len().min(log_df.len()).saturating_sub(1),
                min: 1,
            });
        }
        let forward: Vec<f64> = times
            .windows(2)
            .zip(log_df.windows(2))
            .map(|(t, l)| -(l[1] - l[0]) / (t[1] - t[0]))
            .collect();
        if let Some((index, &value)) = forward.iter().enumerate().find(|(_, f)| !f.is_finite()) {
            return Err(CurveError::NonFinite {
                what: "forward rate between knots (knots too close)",
                index,
                value,
            });
        }
        let t_last = times[times.len() - 1];
        // t_last ≤ MAX_CURVE_YEARS, so the day count is small and exact.
        let days = (t_last * DAYS_PER_YEAR + KNOT_TIME_ABS * DAYS_PER_YEAR).floor() as u64;
        let last_date = date
            .checked_add_days(Days::new(days))
            .ok_or(CurveError::OutOfRange {
                what: "last date of the curve (beyond the calendar)",
                value: t_last,
                min: 0.0,
                max: MAX_CURVE_YEARS,
            })?;
        Ok(ZeroCurve {
            date,
            times,
            log_df,
            forward,
            last_date,
        })
    }

    /// The curve date (`t = 0`).
    pub const fn date(&self) -> NaiveDate {
        self.date
    }

    /// The last knot time in years: the longest maturity the curve answers.
    pub fn max_years(&self) -> f64 {
        // Invariant: at least two knots (checked in `from_log_parts`).
        self.times[self.times.len() - 1]
    }

    /// The last date the curve answers: the curve date plus ⌊max_years · 365⌋ days.
    pub const fn last_date(&self) -> NaiveDate {
        self.last_date
    }

    /// The knots `(years, discount factor)`, starting with `(0, 1)`.
    pub fn knots(&self) -> impl ExactSizeIterator<Item = (f64, f64)> + '_ {
        self.times
            .iter()
            .zip(&self.log_df)
            .map(|(&t, &l)| (t, l.exp()))
    }

    /// Act/365F years from the curve date to `date`.
    ///
    /// # Errors
    /// [`CurveError::DateOutOfRange`] before the curve date or after [`ZeroCurve::last_date`].
    pub fn years_to(&self, date: NaiveDate) -> Result<f64, CurveError> {
        if date < self.date || date > self.last_date {
            return Err(CurveError::DateOutOfRange {
                date,
                first: self.date,
                last: self.last_date,
            });
        }
        let days = (date - self.date).num_days();
        // Within range, so days ≤ 36,525 and the conversion is exact; the clamp absorbs the
        // rounding of ⌊t_last · 365⌋ / 365.
        Ok((days as f64 / DAYS_PER_YEAR).min(self.max_years()))
    }

    fn check_years(&self, years: f64, what: &'static str) -> Result<(), CurveError> {
        if (0.0..=self.max_years()).contains(&years) {
            Ok(())
        } else {
            Err(CurveError::OutOfRange {
                what,
                value: years,
                min: 0.0,
                max: self.max_years(),
            })
        }
    }

    /// `ln DF(t)` for `0 ≤ t ≤ t_last`, interval search from `*hint`.
    #[inline]
    fn log_df_from(&self, t: f64, hint: &mut usize) -> f64 {
        // Invariant: at least two knots, so `last` is a valid interval index.
        let last = self.times.len() - 2;
        let mut i = (*hint).min(last);
        let inside = |i: usize| self.times[i] <= t && (i == last || t < self.times[i + 1]);
        // Fast path: the hinted interval or the next one (sorted cash flows); else search.
        if !inside(i) {
            i = if i < last && inside(i + 1) {
                i + 1
            } else {
                self.times
                    .partition_point(|&k| k <= t)
                    .saturating_sub(1)
                    .min(last)
            };
        }
        *hint = i;
        self.log_df[i] - self.forward[i] * (t - self.times[i])
    }

    #[inline]
    fn log_df(&self, t: f64) -> f64 {
        let i = self
            .times
            .partition_point(|&k| k <= t)
            .saturating_sub(1)
            .min(self.times.len() - 2);
        self.log_df[i] - self.forward[i] * (t - self.times[i])
    }

    /// The discount factor from the curve date to `years` (Act/365F).
    ///
    /// # Formula
    /// ```text
    /// DF(t) = exp( ln DF_i + (t − t_i)/(t_{i+1} − t_i) · (ln DF_{i+1} − ln DF_i) ),  t_i ≤ t ≤ t_{i+1}
    ///   t      years from the curve date (Act/365F)
    ///   t_i    knot times (years), DF_i knot discount factors
    /// ```
    ///
    /// # Conventions
    /// Log-linear between knots: the continuously compounded forward rate is constant on each
    /// knot interval. No extrapolation.
    ///
    /// # References
    /// P. S. Hagan and G. West, "Interpolation methods for curve construction", *Applied
    /// Mathematical Finance* 13(2) (2006), 89–129 (raw interpolation).
    ///
    /// # Errors
    /// [`CurveError::OutOfRange`] if `years` is NaN, negative or beyond
    /// [`ZeroCurve::max_years`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::DISCOUNT_FACTOR_ABS;
    ///
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// // Continuously compounded 4% at one year and 5% at two: the forward for year 2 is 6%.
    /// let curve = ZeroCurve::from_zero_rates(date, &[(1.0, 0.04), (2.0, 0.05)], Compounding::Continuous)?;
    /// let df = curve.discount_factor(1.5)?;
    /// assert!((df - (-0.04 - 0.06 * 0.5_f64).exp()).abs() < DISCOUNT_FACTOR_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn discount_factor(&self, years: f64) -> Result<f64, CurveError> {
        self.check_years(years, "discount-factor time in years")?;
        Ok(self.log_df(years).exp())
    }

    /// The discount factor from the curve date to `date`: [`ZeroCurve::discount_factor`] at
    /// `t = (date − curve date) / 365` (Act/365F, calendar days).
    ///
    /// # Errors
    /// [`CurveError::DateOutOfRange`] before the curve date or after [`ZeroCurve::last_date`].
    pub fn discount_factor_at(&self, date: NaiveDate) -> Result<f64, CurveError> {
        let t = self.years_to(date)?;
        Ok(self.log_df(t).exp())
    }

    /// The zero (spot) rate to `years` with the given compounding.
    ///
    /// # Formula
    /// ```text
    /// continuous:  z = −ln DF(t) / t
    /// periodic:    z = m·(DF(t)^(−1/(m·t)) − 1),   m = 1 (annual), 2 (semi-annual)
    ///   t  years from the curve date (Act/365F), z decimal
    /// ```
    ///
    /// # Conventions
    /// Act/365F time; the rate is annualised with the stated compounding.
    ///
    /// # References
    /// Tuckman and Serrat, *Fixed Income Securities*, 3rd ed. (2011), ch. 2 (spot rates).
    ///
    /// # Errors
    /// [`CurveError::InvalidPeriod`] for `years == 0` (a rate over no time);
    /// [`CurveError::OutOfRange`] for NaN, negative or beyond [`ZeroCurve::max_years`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::RATE_ABS;
    ///
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// // DF(2) = 1.025^-4: 5% semi-annual, 5.0625% annual, 2·ln 1.025 continuous.
    /// let curve = ZeroCurve::from_discount_factors(date, &[(2.0, 1.025_f64.powi(-4))])?;
    /// assert!((curve.zero_rate(2.0, Compounding::SemiAnnual)? - 0.05).abs() < RATE_ABS);
    /// assert!((curve.zero_rate(2.0, Compounding::Annual)? - 0.050625).abs() < RATE_ABS);
    /// let cc = 2.0 * 1.025_f64.ln();
    /// assert!((curve.zero_rate(2.0, Compounding::Continuous)? - cc).abs() < RATE_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn zero_rate(&self, years: f64, compounding: Compounding) -> Result<f64, CurveError> {
        self.check_years(years, "zero-rate maturity in years")?;
        if years == 0.0 {
            return Err(CurveError::InvalidPeriod {
                start_years: 0.0,
                end_years: 0.0,
            });
        }
        Ok(compounding.rate_from_log_growth(-self.log_df(years), years))
    }

    /// The zero rate to `date` with the given compounding: [`ZeroCurve::zero_rate`] at
    /// `t = (date − curve date) / 365` (Act/365F, calendar days).
    ///
    /// # Errors
    /// [`CurveError::DateOutOfRange`] outside the curve's dates, [`CurveError::InvalidPeriod`]
    /// on the curve date itself.
    pub fn zero_rate_at(
        &self,
        date: NaiveDate,
        compounding: Compounding,
    ) -> Result<f64, CurveError> {
        let t = self.years_to(date)?;
        self.zero_rate(t, compounding)
    }

    /// The forward rate between `start_years` and `end_years` with the given compounding.
    ///
    /// # Formula
    /// ```text
    /// continuous:  F = ln(DF(t1)/DF(t2)) / (t2 − t1)
    /// periodic:    F = m·((DF(t1)/DF(t2))^(1/(m·(t2 − t1))) − 1)
    ///   t1 < t2  years from the curve date (Act/365F), F decimal
    /// ```
    ///
    /// # Conventions
    /// The rate that grows 1 at `t1` to `DF(t1)/DF(t2)` at `t2`, annualised with the stated
    /// compounding over Act/365F years.
    ///
    /// # References
    /// J. C. Hull, *Options, Futures, and Other Derivatives*, 8th ed., ch. 4 "Forward rates"
    /// (Table 4.5); Tuckman and Serrat (2011), ch. 2.
    ///
    /// # Errors
    /// [`CurveError::InvalidPeriod`] unless `end_years > start_years`;
    /// [`CurveError::OutOfRange`] if either end is NaN, negative or beyond the curve.
    ///
    /// # Examples
    /// See [`ZeroCurve`] (Hull's Table 4.5).
    pub fn forward_rate(
        &self,
        start_years: f64,
        end_years: f64,
        compounding: Compounding,
    ) -> Result<f64, CurveError> {
        self.check_years(start_years, "forward start in years")?;
        self.check_years(end_years, "forward end in years")?;
        if end_years <= start_years {
            return Err(CurveError::InvalidPeriod {
                start_years,
                end_years,
            });
        }
        let growth = self.log_df(start_years) - self.log_df(end_years);
        Ok(compounding.rate_from_log_growth(growth, end_years - start_years))
    }

    /// The par yield the curve implies for a bond maturing at `years`, a whole number of
    /// coupon periods from the curve date.
    ///
    /// # Formula
    /// ```text
    /// c = f · (1 − DF(t_n)) / Σ_{k=1..n} DF(k/f),   t_n = n/f
    ///   f  coupons per year, n coupon periods, c decimal par coupon rate
    /// ```
    ///
    /// # Conventions
    /// Coupons on the grid `k/f` years (Act/365F), first period full. On a curve bootstrapped
    /// from par yields this gives the input back at every coupon-grid point beyond the bill
    /// cutoff; at bill tenors it does not, since those are zero-coupon bills.
    ///
    /// # References
    /// Tuckman and Serrat (2011), ch. 2 (par rates); J. C. Hull, *Options, Futures, and Other
    /// Derivatives*, 8th ed., ch. 4 "Par yield".
    ///
    /// # Errors
    /// [`CurveError::InvalidParameter`] unless `years` is a positive whole number of coupon
    /// periods; [`CurveError::OutOfRange`] beyond the curve.
    ///
    /// # Examples
    ///
    /// Hull, 8th ed., ch. 4 "Par yield": continuously compounded zero rates 5.0%, 5.8%, 6.4%,
    /// 6.8% at 0.5, 1, 1.5, 2 years give a 2-year semi-annual par yield of 6.87%:
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, CouponFrequency, ZeroCurve};
    /// use spreadtrade::tolerance::PUBLISHED_2DP_PCT_ABS;
    ///
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// let zeros = [(0.5, 0.050), (1.0, 0.058), (1.5, 0.064), (2.0, 0.068)];
    /// let curve = ZeroCurve::from_zero_rates(date, &zeros, Compounding::Continuous)?;
    /// let c = curve.par_yield(2.0, CouponFrequency::SemiAnnual)?;
    /// assert!((c - 0.0687).abs() < PUBLISHED_2DP_PCT_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn par_yield(&self, years: f64, frequency: CouponFrequency) -> Result<f64, CurveError> {
        let f = f64::from(frequency.per_year());
        let n = (years * f).round();
        if !(n >= 1.0 && (n - years * f).abs() <= KNOT_TIME_ABS * f) {
            return Err(CurveError::InvalidParameter {
                name: "par maturity in years",
                value: years,
                expected: "a positive whole number of coupon periods",
            });
        }
        self.check_years(n / f, "par maturity in years")?;
        // n ≤ f · MAX_CURVE_YEARS after the range check.
        let n = n as u32;
        let mut hint = 0;
        let annuity: f64 = (1..=n)
            .map(|k| self.log_df_from(f64::from(k) / f, &mut hint).exp())
            .sum();
        let df_n = self.log_df(f64::from(n) / f).exp();
        Ok(f * (1.0 - df_n) / annuity)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::tolerance::{DISCOUNT_FACTOR_ABS, RATE_ABS};
    use proptest::prelude::*;

    pub(crate) fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn compounding_conversions_agree() {
        let curve =
            ZeroCurve::from_zero_rates(d(2024, 1, 1), &[(3.0, 0.05)], Compounding::Annual).unwrap();
        assert!(
            (curve.discount_factor(3.0).unwrap() - 1.05_f64.powi(-3)).abs() < DISCOUNT_FACTOR_ABS
        );
        let sa = curve.zero_rate(3.0, Compounding::SemiAnnual).unwrap();
        assert!((sa - 2.0 * (1.05_f64.sqrt() - 1.0)).abs() < RATE_ABS);
        let cc = curve.zero_rate(3.0, Compounding::Continuous).unwrap();
        assert!((cc - 1.05_f64.ln()).abs() < RATE_ABS);
        // Flat curve: every forward equals the zero rate.
        let fwd = curve.forward_rate(0.5, 2.5, Compounding::Annual).unwrap();
        assert!((fwd - 0.05).abs() < RATE_ABS);
    }

    #[test]
    fn queries_outside_the_curve_are_errors() {
        let curve =
            ZeroCurve::from_zero_rates(d(2024, 1, 1), &[(1.0, 0.05)], Compounding::Annual).unwrap();
        assert_eq!(curve.last_date(), d(2024, 12, 31));
        assert!(curve.discount_factor(1.0).is_ok());
        assert!(matches!(
            curve.discount_factor(1.01),
            Err(CurveError::OutOfRange { .. })
        ));
        assert!(curve.discount_factor(-0.01).is_err());
        assert!(curve.discount_factor(f64::NAN).is_err());
        assert_eq!(curve.discount_factor(0.0), Ok(1.0));
        assert!(matches!(
            curve.zero_rate(0.0, Compounding::Continuous),
            Err(CurveError::InvalidPeriod { .. })
        ));
        assert!(matches!(
            curve.forward_rate(0.5, 0.5, Compounding::Continuous),
            Err(CurveError::InvalidPeriod { .. })
        ));
        assert!(matches!(
            curve.discount_factor_at(d(2023, 12, 31)),
            Err(CurveError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            curve.discount_factor_at(d(2025, 1, 1)),
            Err(CurveError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            curve.par_yield(0.7, CouponFrequency::SemiAnnual),
            Err(CurveError::InvalidParameter { .. })
        ));
    }

    #[test]
    fn construction_is_validated() {
        let day = d(2024, 1, 1);
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[]),
            Err(CurveError::TooFewNodes { .. })
        ));
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[(0.0, 1.0)]),
            Err(CurveError::NotIncreasing { index: 0, .. })
        ));
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[(1.0, 0.9), (1.0, 0.8)]),
            Err(CurveError::NotIncreasing { index: 1, .. })
        ));
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[(1.0, 0.0)]),
            Err(CurveError::InvalidDiscountFactor { index: 0, .. })
        ));
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[(f64::INFINITY, 0.5)]),
            Err(CurveError::NonFinite { .. })
        ));
        assert!(matches!(
            ZeroCurve::from_discount_factors(day, &[(150.0, 0.5)]),
            Err(CurveError::OutOfRange { .. })
        ));
        assert!(matches!(
            ZeroCurve::from_zero_rates(day, &[(1.0, -2.5)], Compounding::SemiAnnual),
            Err(CurveError::InvalidDiscountFactor { .. })
        ));
    }

    #[test]
    fn positive_zero_rates_alone_do_not_make_discount_factors_decrease() {
        // z(1) = 5%, z(2) = 1% (continuous): DF(1) = e^-0.05 < DF(2) = e^-0.02. Discount
        // factors fall where forward rates are positive, not wherever zero rates are.
        let curve = ZeroCurve::from_zero_rates(
            d(2024, 1, 1),
            &[(1.0, 0.05), (2.0, 0.01)],
            Compounding::Continuous,
        )
        .unwrap();
        let (d1, d2) = (
            curve.discount_factor(1.0).unwrap(),
            curve.discount_factor(2.0).unwrap(),
        );
        assert!(d2 > d1);
        let fwd = curve
            .forward_rate(1.0, 2.0, Compounding::Continuous)
            .unwrap();
        assert!((fwd - -0.03).abs() < RATE_ABS);
    }

    /// Zero curves with 1–12 knots, 0.05–30 years, rates −2%..15%.
    pub(crate) fn zero_curve() -> impl Strategy<Value = ZeroCurve> {
        prop::collection::vec((0.05..2.5f64, -0.02..0.15f64), 1..12).prop_map(|steps| {
            let mut t = 0.0;
            let knots: Vec<(f64, f64)> = steps
                .into_iter()
                .map(|(dt, z)| {
                    t += dt;
                    (t, z)
                })
                .collect();
            ZeroCurve::from_zero_rates(d(2024, 1, 1), &knots, Compounding::Continuous).unwrap()
        })
    }

    proptest! {


        #[test]
        fn knots_are_exact_and_rates_consistent(curve in zero_curve()) {
            for (t, df) in curve.knots() {
                prop_assert!((curve.discount_factor(t).unwrap() - df).abs() < DISCOUNT_FACTOR_ABS);
                if t > 0.0 {
                    let z = curve.zero_rate(t, Compounding::Continuous).unwrap();
                    prop_assert!(((-z * t).exp() - df).abs() < DISCOUNT_FACTOR_ABS);
                }
            }
        }

        #[test]
        fn queries_never_panic(curve in zero_curve(), t in prop::num::f64::ANY, u in prop::num::f64::ANY) {
            for c in Compounding::ALL {
                if let Ok(v) = curve.zero_rate(t, c) {
                    prop_assert!(v.is_finite());
                }
                if let Ok(v) = curve.forward_rate(t, u, c) {
                    prop_assert!(v.is_finite());
                }
            }
            if let Ok(v) = curve.discount_factor(t) {
                prop_assert!(v.is_finite() && v > 0.0);
            }
            let _ = curve.par_yield(t, CouponFrequency::SemiAnnual);
            let _ = curve.present_value(&[(t, u)]);
        }
    }
}
