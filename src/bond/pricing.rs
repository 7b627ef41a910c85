//! Price from yield and yield from price; accrued interest (Act/Act ICMA, CCDC, CFFEX delivery).

use super::conversion::round_half_up;
use super::{Bond, BondError, SettledBond};
use crate::tolerance::{
    YIELD_SOLVE_ACCEPT_REL, YIELD_SOLVE_MAX_BISECTION_ITERATIONS,
    YIELD_SOLVE_MAX_NEWTON_ITERATIONS, YIELD_SOLVE_REL_TOL,
};
use chrono::NaiveDate;

/// Below this value of `n·|y/f|` the coupon annuity is summed with `expm1` instead of
/// `1 − v^n`, whose cancellation would lose more than a few ulps (at 0.5, `1 − v^n ≥ 0.39`).
const SMALL_ANNUITY_EXPONENT: f64 = 0.5;

/// Decimal places of the CFFEX delivery accrued interest (spec §2.5).
pub const CFFEX_ACCRUED_DECIMALS: i32 = 7;

impl SettledBond {
    /// Accrued interest per 100 face at settlement.
    ///
    /// # Formula
    /// ```text
    /// AI = cpn · (s − L) / (N − L_ref)
    /// ```
    /// - `cpn`: regular coupon per 100 face, `100·c/f` (c decimal, f coupons a year)
    /// - `s`: settlement date; `L`: start of accrual (previous coupon date, or the dated date
    ///   in the first period); `N`: next coupon date; `L_ref`: start of the reference period
    ///   (equal to `L` except in a short first period); differences are actual days.
    ///
    /// # Conventions
    /// - [`MarketConvention::UsStreet`](super::MarketConvention::UsStreet): Act/Act ICMA on
    ///   the **unadjusted** schedule (a weekend coupon date still bounds the period).
    /// - [`MarketConvention::ChinaInterbank`](super::MarketConvention::ChinaInterbank): the
    ///   first day counts and the last does not (算头不算尾) over the actual days of the
    ///   period, which is the same number for regular periods.
    /// - Settlement on a coupon date gives zero (the coupon belongs to the seller).
    ///
    /// # References
    /// Spec §5.1 (street accrual, rateslib rows) and §5.2 (interbank accrual, tea-bond);
    /// ICMA Rule 251 (Actual/Actual ICMA).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::PUBLISHED_6DP_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // 3.875% 2033-08-15: accrued 0.032113 on 2025-02-18 (spec §5.1, rateslib): accrual
    /// // restarts from the unadjusted Saturday coupon date 2025-02-15.
    /// let bond = Bond::us_treasury(0.03875, Some(d(2023, 8, 15)), d(2033, 8, 15))?;
    /// let ai = bond.settle(d(2025, 2, 18))?.accrued_interest();
    /// assert!((ai - 0.032113).abs() < PUBLISHED_6DP_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn accrued_interest(&self) -> f64 {
        self.accrued
    }

    /// The smallest yield (exclusive) the price formula accepts at this date, in decimal.
    ///
    /// `−f` for compounded yields (`1 + y/f > 0`); `−TY/d` for the CCDC final period
    /// (`1 + y·d/TY > 0`).
    pub fn min_yield(&self) -> f64 {
        if self.is_simple_final_period() {
            -self.final_year_days / self.days_to_next
        } else {
            -self.frequency.per_year_f64()
        }
    }

    fn check_yield(&self, yield_rate: f64) -> Result<(), BondError> {
        let min = self.min_yield();
        if yield_rate.is_finite() && yield_rate > min {
            Ok(())
        } else {
            Err(BondError::YieldOutOfDomain { yield_rate, min })
        }
    }

    /// Dirty (full) price per 100 face from a yield.
    ///
    /// # Formula
    /// ```text
    /// n > 1, or street convention:
    ///   dirty = Σ_{k=0}^{n−1} CF_k / (1 + y/f)^(k + w),   w = (N − s)/(N − L_ref)
    ///         = g^(−w)·[cpn·(1 − v^n)/((y/f)·v) + (cpn₀ − cpn) + 100·v^(n−1)],
    ///           g = 1 + y/f, v = 1/g   (geometric sum; see the module documentation)
    /// CCDC final period (China interbank, n = 1):
    ///   dirty = (100 + cpn₀) / (1 + y·d/TY)
    /// ```
    /// - `y`: yield, decimal; `f`: coupons a year; `n`: coupons remaining
    /// - `CF_k`: payment k per 100 face (`cpn₀` first, `cpn = 100·c/f` after, plus 100 at
    ///   maturity); `w`: fraction of a period to the next coupon (days/days)
    /// - `d`: actual days to the next (final) coupon; `TY`: actual days in the year ending on
    ///   maturity (365 or 366)
    ///
    /// # Conventions
    /// Street convention compounds `f` times a year in every period, the last included; the
    /// CCDC convention uses simple interest in the final period. Discounting uses the
    /// unadjusted schedule. Price per 100 face.
    ///
    /// # References
    /// Spec §5.1 (U.S. street, checked against rateslib and QuantLib 1.44 vectors) and §5.2
    /// (CCDC convention as implemented by tea-bond); Tuckman & Serrat, *Fixed Income
    /// Securities*, 3rd ed., ch. 3 (price–yield with accrued interest).
    ///
    /// # Errors
    /// [`BondError::OutOfRange`] for a yield outside [`limits::YIELD`](crate::limits::YIELD)
    /// (NaN and ±∞ included); [`BondError::YieldOutOfDomain`] for one at or below
    /// [`SettledBond::min_yield`]; [`BondError::PriceNotFinite`] if the price overflows.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::PRICE_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.000% 2034-02-15 at 4.63% on 2024-04-16: dirty 95.73402833430619 (QuantLib 1.44,
    /// // shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.04, Some(d(2024, 2, 15)), d(2034, 2, 15))?;
    /// let dirty = bond.settle(d(2024, 4, 16))?.dirty_price(0.0463)?;
    /// assert!((dirty - 95.73402833430619).abs() < PRICE_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn dirty_price(&self, yield_rate: f64) -> Result<f64, BondError> {
        // The domain limit (a yield a market can quote) before the formula's own domain,
        // which the limit lies inside for every convention (min_yield ≤ −1).
        crate::limits::YIELD.check("yield", yield_rate)?;
        self.price_in_domain(yield_rate)
    }

    /// [`SettledBond::dirty_price`] without the domain limit (the formula's own domain only):
    /// the DV01's ±1 bp bumps of a yield at the limit.
    pub(crate) fn price_in_domain(&self, yield_rate: f64) -> Result<f64, BondError> {
        self.check_yield(yield_rate)?;
        let price = if self.is_simple_final_period() {
            self.simple_final_price(yield_rate)
        } else {
            self.compounded_price(yield_rate)
        };
        if price.is_finite() {
            Ok(price)
        } else {
            Err(BondError::PriceNotFinite { yield_rate })
        }
    }

    /// Clean price per 100 face from a yield: `clean = dirty − AI`.
    ///
    /// # Formula
    /// ```text
    /// clean = dirty(y) − AI
    /// ```
    /// with `dirty(y)` of [`SettledBond::dirty_price`] and `AI` of
    /// [`SettledBond::accrued_interest`], both per 100 face.
    ///
    /// # Conventions
    /// As [`SettledBond::dirty_price`]; clean prices are what the market quotes.
    ///
    /// # References
    /// Spec §5.1 and §5.2.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::PUBLISHED_6DP_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // 3.875% 2033-08-15 at 4.000%: clean 99.106414 on 2025-02-14 (spec §5.1, rateslib).
    /// let bond = Bond::us_treasury(0.03875, Some(d(2023, 8, 15)), d(2033, 8, 15))?;
    /// let clean = bond.settle(d(2025, 2, 14))?.clean_price(0.04)?;
    /// assert!((clean - 99.106414).abs() < PUBLISHED_6DP_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn clean_price(&self, yield_rate: f64) -> Result<f64, BondError> {
        Ok(self.dirty_price(yield_rate)? - self.accrued)
    }

    /// The dirty price from a yield in the compounded formula, in closed form.
    ///
    /// With `g = 1 + y/f` and `v = 1/g`, the coupon annuity `Σ_{k=0}^{n−1} v^k` is
    /// `(1 − v^n)/(1 − v)` where `1 − v = (y/f)·v` has no cancellation. `1 − v^n` cancels when
    /// `n·|y/f|` is small, so there the annuity is `expm1(−nλ)/expm1(−λ)` with
    /// `λ = ln1p(y/f)`, which keeps full relative precision down to `y = 0`.
    pub(crate) fn compounded_price(&self, yield_rate: f64) -> f64 {
        let n = self.remaining as f64;
        let rate = yield_rate / self.frequency.per_year_f64();
        let g = 1.0 + rate;
        let v = 1.0 / g;
        // n − 1 < 2·MAX_TERM_YEARS, far inside i32.
        let v_last = v.powi(self.remaining as i32 - 1);
        let annuity = if (n * rate).abs() >= SMALL_ANNUITY_EXPONENT {
            (1.0 - v_last * v) / (rate * v)
        } else if rate == 0.0 {
            n
        } else {
            let lambda = rate.ln_1p();
            (-n * lambda).exp_m1() / (-lambda).exp_m1()
        };
        g.powf(-self.w)
            * (self.coupon * annuity + (self.next_coupon - self.coupon) + 100.0 * v_last)
    }

    /// The CCDC final-period price `(100 + cpn₀)/(1 + y·d/TY)`.
    pub(crate) fn simple_final_price(&self, yield_rate: f64) -> f64 {
        let tau = self.days_to_next / self.final_year_days;
        (100.0 + self.next_coupon) / (1.0 + yield_rate * tau)
    }

    /// `(P(λ), Σ τ_k·PV_k)` with `τ_k = k + w` in periods: price and its first moment, by
    /// one pass over the remaining cash flows.
    pub(crate) fn price_and_moment(&self, lambda: f64) -> (f64, f64) {
        let ratio = (-lambda).exp();
        let mut df = (-self.w * lambda).exp();
        let mut tau = self.w;
        let mut pv = self.next_coupon * df;
        let mut moment = tau * pv;
        for _ in 1..self.remaining {
            df *= ratio;
            tau += 1.0;
            let term = self.coupon * df;
            pv += term;
            moment += tau * term;
        }
        let redemption = 100.0 * df;
        (pv + redemption, moment + tau * redemption)
    }

    /// Yield (decimal) from a dirty price per 100 face.
    ///
    /// # Formula
    /// ```text
    /// Find y with dirty(y) = P, dirty(y) as in SettledBond::dirty_price.
    /// Compounded: solve in λ = ln(1 + y/f):  λ ← λ + (ln P(λ) − ln P) / D(λ),
    ///   D(λ) = Σ (k + w)·PV_k / P(λ)  (= −d ln P/dλ, duration in periods),  y = f·expm1(λ)
    /// CCDC final period: y = ((100 + cpn₀)/P − 1) · TY/d   (closed form)
    /// ```
    /// - `P`: dirty price per 100 face; other symbols as in [`SettledBond::dirty_price`].
    ///
    /// # Conventions
    /// As [`SettledBond::dirty_price`]. The yield domain is `1 + y/f > 0` (`1 + y·d/TY > 0`
    /// in the CCDC final period); every finite positive price has exactly one yield in it.
    /// The solver is safeguarded Newton in `λ` inside an analytic bracket, falling back to
    /// bisection (see the module documentation).
    ///
    /// # References
    /// Spec §5.1–5.2; Press et al., *Numerical Recipes*, 3rd ed., §9.4 (Newton–Raphson with
    /// bracketing, `rtsafe`).
    ///
    /// # Errors
    /// [`BondError::InvalidPrice`] for a non-finite or non-positive price;
    /// [`BondError::OutOfRange`] for a price outside
    /// [`limits::BOND_PRICE`](crate::limits::BOND_PRICE), or when the yield that reproduces
    /// it lies outside [`limits::YIELD`](crate::limits::YIELD) (a price no market quotes at
    /// any yield this crate prices at);
    /// [`BondError::YieldNotRepresentable`] when the yield overflows `f64`;
    /// [`BondError::NoConvergence`] if the tolerance is not reached.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::YIELD_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.250% 2031-02-28: dirty 98.2655838722692 on 2024-04-16 is a 4.64% yield
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.0425, Some(d(2024, 2, 29)), d(2031, 2, 28))?;
    /// let y = bond.settle(d(2024, 4, 16))?.yield_from_dirty_price(98.2655838722692)?;
    /// assert!((y - 0.0464).abs() < YIELD_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn yield_from_dirty_price(&self, dirty_price: f64) -> Result<f64, BondError> {
        if !dirty_price.is_finite() || dirty_price <= 0.0 {
            return Err(BondError::InvalidPrice {
                kind: "dirty",
                price: dirty_price,
            });
        }
        crate::limits::BOND_PRICE.check("dirty price", dirty_price)?;
        let y = self.solve_yield(dirty_price)?;
        if !crate::limits::YIELD.contains(y) {
            let what = format!("yield solved from dirty price {dirty_price}");
            return Err(crate::limits::YIELD.error(&what, y).into());
        }
        Ok(y)
    }

    /// The yield of a dirty price in the formula's whole domain (no domain limit).
    fn solve_yield(&self, dirty_price: f64) -> Result<f64, BondError> {
        if self.is_simple_final_period() {
            let tau = self.days_to_next / self.final_year_days;
            let y = ((100.0 + self.next_coupon) / dirty_price - 1.0) / tau;
            return if y.is_finite() {
                Ok(y)
            } else {
                Err(BondError::YieldNotRepresentable { dirty_price })
            };
        }
        let lambda = self.solve_lambda(dirty_price)?;
        let f = self.frequency.per_year_f64();
        let y = f * lambda.exp_m1();
        if y.is_finite() && y > -f {
            Ok(y)
        } else {
            Err(BondError::YieldNotRepresentable { dirty_price })
        }
    }

    /// Yield (decimal) from a clean price per 100 face: solves with `dirty = clean + AI`.
    ///
    /// # Formula
    /// ```text
    /// y = yield_from_dirty_price(clean + AI)
    /// ```
    ///
    /// # Conventions
    /// As [`SettledBond::yield_from_dirty_price`].
    ///
    /// # References
    /// Spec §5.1–5.2.
    ///
    /// # Errors
    /// [`BondError::InvalidPrice`] for a non-finite or non-positive clean price; otherwise as
    /// [`SettledBond::yield_from_dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::YIELD_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 2.875% 2032-05-15: clean 88.34185500920718 on 2024-04-16 is a 4.62% yield
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.02875, Some(d(2022, 5, 15)), d(2032, 5, 15))?;
    /// let y = bond.settle(d(2024, 4, 16))?.yield_from_clean_price(88.34185500920718)?;
    /// assert!((y - 0.0462).abs() < YIELD_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn yield_from_clean_price(&self, clean_price: f64) -> Result<f64, BondError> {
        if !clean_price.is_finite() || clean_price <= 0.0 {
            return Err(BondError::InvalidPrice {
                kind: "clean",
                price: clean_price,
            });
        }
        crate::limits::BOND_PRICE.check("clean price", clean_price)?;
        self.yield_from_dirty_price(clean_price + self.accrued)
    }

    /// Solves `P(λ) = P*` for `λ` (compounded formula); see the module documentation.
    fn solve_lambda(&self, dirty_price: f64) -> Result<f64, BondError> {
        let n = self.remaining as f64;
        let w = self.w;
        let cpn = self.coupon;
        let extra_first = self.next_coupon - cpn;
        // Undiscounted cash flows C and the mean and variance of their times (periods), from
        // Σ_{k<n}(k + w) = n·w + n(n−1)/2 and Σ_{k<n}(k + w)² = n·w² + w·n(n−1) + (n−1)n(2n−1)/6.
        let t_max = n - 1.0 + w;
        let total = cpn * n + extra_first + 100.0;
        let sum_t = n * w + 0.5 * n * (n - 1.0);
        let sum_t2 = n * w * w + w * n * (n - 1.0) + (n - 1.0) * n * (2.0 * n - 1.0) / 6.0;
        let mean = (cpn * sum_t + extra_first * w + 100.0 * t_max) / total;
        let second = (cpn * sum_t2 + extra_first * w * w + 100.0 * t_max * t_max) / total;
        let variance = (second - mean * mean).max(0.0);
        let log_ratio = (total / dirty_price).ln();
        if !log_ratio.is_finite() {
            return Err(BondError::YieldNotRepresentable { dirty_price });
        }
        // Analytic bracket: C·e^(−T_max·λ) ≤ P(λ) ≤ C·e^(−T_min·λ) for λ ≥ 0, reversed below.
        let (mut lo, mut hi) = if log_ratio >= 0.0 {
            (log_ratio / t_max, log_ratio / w)
        } else {
            (log_ratio / w, log_ratio / t_max)
        };
        // Start from the second-order expansion ln P(λ) ≈ ln C − mean·λ + ½·variance·λ²: its
        // smaller root, written without cancellation. With no real root, the tangent's zero
        // ln(C/P*)/mean, which is at or left of the root because ln P is convex.
        let discriminant = mean * mean - 2.0 * variance * log_ratio;
        let start = if discriminant > 0.0 {
            2.0 * log_ratio / (mean + discriminant.sqrt())
        } else {
            log_ratio / mean
        };
        let mut lambda = start.clamp(lo, hi);
        let target = dirty_price.ln();
        let mut iterations = 0;
        let mut best = (f64::INFINITY, lambda);
        let max_total = YIELD_SOLVE_MAX_NEWTON_ITERATIONS + YIELD_SOLVE_MAX_BISECTION_ITERATIONS;
        while iterations < max_total {
            iterations += 1;
            let (pv, moment) = self.price_and_moment(lambda);
            // Residual in ln P, which is nearly linear in λ (slope −D, the duration in
            // periods), so Newton converges faster than on P itself. An overflowed price
            // (inf, or inf·0 = NaN for a zero coupon) is "too high".
            let relative = if pv.is_nan() {
                f64::INFINITY
            } else {
                pv.ln() - target
            };
            if relative.abs() < best.0 {
                best = (relative.abs(), lambda);
            }
            if relative.abs() <= YIELD_SOLVE_REL_TOL {
                return Ok(lambda);
            }
            // P is decreasing in λ: a price above target means the root is to the right.
            if relative > 0.0 {
                lo = lambda;
            } else {
                hi = lambda;
            }
            let bisect = 0.5 * (lo + hi);
            let next = if iterations <= YIELD_SOLVE_MAX_NEWTON_ITERATIONS && relative.is_finite() {
                // Newton on ln P: d ln P/dλ = −Σ τ_k·PV_k / P = −moment/pv.
                let step = lambda + relative * pv / moment;
                if step.is_finite() && step >= lo && step <= hi {
                    step
                } else {
                    bisect
                }
            } else {
                bisect
            };
            if next == lambda {
                // No representable progress: the bracket is exhausted.
                break;
            }
            lambda = next;
        }
        if best.0 <= YIELD_SOLVE_ACCEPT_REL {
            Ok(best.1)
        } else {
            Err(BondError::NoConvergence {
                dirty_price,
                iterations,
                relative_error: best.0,
            })
        }
    }
}

impl Bond {
    /// Accrued interest per 100 face at `settlement` (see [`SettledBond::accrued_interest`]).
    ///
    /// # Errors
    /// [`BondError::SettlementBeforeAccrualStart`] or
    /// [`BondError::SettlementNotBeforeMaturity`].
    pub fn accrued_interest(&self, settlement: NaiveDate) -> Result<f64, BondError> {
        Ok(self.settle(settlement)?.accrued_interest())
    }

    /// Dirty price per 100 face at `settlement` from a yield (see
    /// [`SettledBond::dirty_price`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::dirty_price`].
    pub fn dirty_price(&self, settlement: NaiveDate, yield_rate: f64) -> Result<f64, BondError> {
        self.settle(settlement)?.dirty_price(yield_rate)
    }

    /// Clean price per 100 face at `settlement` from a yield (see
    /// [`SettledBond::clean_price`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::dirty_price`].
    pub fn clean_price(&self, settlement: NaiveDate, yield_rate: f64) -> Result<f64, BondError> {
        self.settle(settlement)?.clean_price(yield_rate)
    }

    /// Yield (decimal) at `settlement` from a clean price per 100 face (see
    /// [`SettledBond::yield_from_clean_price`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::yield_from_clean_price`].
    pub fn yield_from_clean_price(
        &self,
        settlement: NaiveDate,
        clean_price: f64,
    ) -> Result<f64, BondError> {
        self.settle(settlement)?.yield_from_clean_price(clean_price)
    }

    /// Yield (decimal) at `settlement` from a dirty price per 100 face (see
    /// [`SettledBond::yield_from_dirty_price`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::yield_from_dirty_price`].
    pub fn yield_from_dirty_price(
        &self,
        settlement: NaiveDate,
        dirty_price: f64,
    ) -> Result<f64, BondError> {
        self.settle(settlement)?.yield_from_dirty_price(dirty_price)
    }

    /// CFFEX delivery accrued interest per 100 face on the payment (second delivery) day,
    /// rounded half up to 7 decimal places.
    ///
    /// # Formula
    /// ```text
    /// AI = round_half_up( (100·c/f) · (P − L) / (N − L_ref), 7 )
    /// ```
    /// - `c`: coupon rate (decimal); `f`: coupons a year; `P`: payment day; `L`: previous
    ///   coupon date; `N`: next coupon date; `L_ref`: reference-period start (= `L` for regular
    ///   periods); differences in actual days.
    ///
    /// # Conventions
    /// Actual/Actual over the current coupon period; a payment day that is itself a coupon
    /// date accrues nothing. The invoice per 100 face is `F × CF + AI`.
    ///
    /// # References
    /// Spec §2.5 (CFFEX delivery accrued-interest rule) and §2.2 (payment day).
    ///
    /// # Errors
    /// [`BondError::SettlementBeforeAccrualStart`] or
    /// [`BondError::SettlementNotBeforeMaturity`] for a payment day outside the bond's life.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::{Bond, Frequency};
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // 240004 (2.35% semi-annual, 2034-02-25) delivered into T2406, payment day 2024-06-18:
    /// // 1.175 × 114 / 182 = 0.73598901… → 0.7359890 (hand computation from spec §2.5).
    /// let bond = Bond::cgb(0.0235, Frequency::SemiAnnual, Some(d(2024, 2, 25)), d(2034, 2, 25))?;
    /// assert_eq!(bond.cffex_delivery_accrued(d(2024, 6, 18))?, 0.7359890);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn cffex_delivery_accrued(&self, payment_day: NaiveDate) -> Result<f64, BondError> {
        let ai = self.settle(payment_day)?.accrued_interest();
        Ok(round_half_up(ai, CFFEX_ACCRUED_DECIMALS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bond::{BondTerms, Frequency, MarketConvention};
    use crate::limits::YIELD;
    use crate::tolerance::{PRICE_ABS, PUBLISHED_6DP_ABS, YIELD_ABS};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn note_2033() -> Bond {
        Bond::us_treasury(0.03875, Some(d(2023, 8, 15)), d(2033, 8, 15)).unwrap()
    }

    #[test]
    fn street_rows_of_spec_5_1_match_rateslib() {
        // Spec §5.1 (rateslib tests): 3.875% 2033-08-15 at 4.000%.
        let bond = note_2033();
        for (settle, clean, accrued) in [
            (d(2025, 2, 14), 99.106414, 1.926970),
            (d(2025, 2, 18), 99.107179, 0.032113),
            (d(2025, 8, 15), 99.151393, 0.000000),
        ] {
            let s = bond.settle(settle).unwrap();
            assert!((s.clean_price(0.04).unwrap() - clean).abs() < PUBLISHED_6DP_ABS);
            assert!((s.accrued_interest() - accrued).abs() < PUBLISHED_6DP_ABS);
        }
    }

    #[test]
    fn closed_form_equals_the_cash_flow_sum() {
        let s = note_2033().settle(d(2025, 2, 14)).unwrap();
        // Both sides of the n·|y/f| = 0.5 switch (n = 17: y = ±0.0588).
        for y in [
            -0.5, -0.06, -0.058, -0.01, 0.0, 1e-12, 0.04, 0.058, 0.06, 0.25, 3.0,
        ] {
            let lambda = (y / 2.0_f64).ln_1p();
            let (sum, _) = s.price_and_moment(lambda);
            let closed = s.compounded_price(y);
            assert!(
                (sum - closed).abs() <= 1e-12 * sum,
                "y={y}: {sum} vs {closed}"
            );
        }
    }

    #[test]
    fn zero_yield_price_is_the_undiscounted_cash_flows() {
        // 17 coupons of 1.9375 plus 100 remain after 2025-02-18.
        let s = note_2033().settle(d(2025, 2, 18)).unwrap();
        assert!((s.dirty_price(0.0).unwrap() - (17.0 * 1.9375 + 100.0)).abs() < PRICE_ABS);
    }

    #[test]
    fn yield_domain_is_enforced() {
        let s = note_2033().settle(d(2025, 2, 18)).unwrap();
        assert_eq!(s.min_yield(), -2.0);
        for y in [-2.0, -2.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                s.price_in_domain(y),
                Err(BondError::YieldOutOfDomain { .. })
            ));
        }
        // Just inside the domain a 30-year bond's price overflows: a typed error, not infinity.
        let long = Bond::us_treasury(0.045, Some(d(2024, 2, 15)), d(2054, 2, 15)).unwrap();
        let at = long.settle(d(2024, 4, 16)).unwrap();
        assert!(matches!(
            at.price_in_domain(-2.0 + 1e-15),
            Err(BondError::PriceNotFinite { .. })
        ));
    }

    #[test]
    fn yields_outside_the_limit_are_out_of_range() {
        let long = Bond::us_treasury(0.045, Some(d(2024, 2, 15)), d(2054, 2, 15)).unwrap();
        let at = long.settle(d(2024, 4, 16)).unwrap();
        // `bond --yield -150` priced this kind of bond in the billions before the limit.
        for y in [
            -1.5,
            -2.0 + 1e-15,
            YIELD.min.next_down(),
            YIELD.max.next_up(),
            f64::NAN,
        ] {
            match at.dirty_price(y) {
                Err(BondError::OutOfRange(e)) => {
                    assert_eq!(
                        (e.what.as_str(), e.min, e.max),
                        ("yield", YIELD.min, YIELD.max)
                    );
                    assert_eq!(e.value.to_bits(), y.to_bits());
                }
                other => panic!("{y}: {other:?}"),
            }
            assert!(at.clean_price(y).is_err() && at.analytics(y).is_err());
        }
        // The limits themselves price finitely.
        for y in [YIELD.min, YIELD.max] {
            assert!(at.dirty_price(y).unwrap().is_finite());
        }
    }

    #[test]
    fn bad_prices_are_rejected() {
        let s = note_2033().settle(d(2025, 2, 18)).unwrap();
        for p in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                s.yield_from_clean_price(p),
                Err(BondError::InvalidPrice { kind: "clean", .. })
            ));
            assert!(matches!(
                s.yield_from_dirty_price(p),
                Err(BondError::InvalidPrice { kind: "dirty", .. })
            ));
        }
    }

    #[test]
    fn extreme_prices_still_solve() {
        let s = note_2033().settle(d(2025, 2, 18)).unwrap();
        // Inside the price and yield limits, as far as they go.
        for p in [10.0, 99.0, 140.0, 500.0] {
            let y = s.yield_from_dirty_price(p).unwrap();
            let back = s.dirty_price(y).unwrap();
            assert!((back / p - 1.0).abs() < 1e-12, "p={p} y={y} back={back}");
        }
        // The solver itself covers the formula's whole domain.
        for p in [1e-6, 0.5, 1e4, 1e8] {
            let y = s.solve_yield(p).unwrap();
            let back = s.price_in_domain(y).unwrap();
            assert!((back / p - 1.0).abs() < 1e-12, "p={p} y={y} back={back}");
        }
        // C/P overflows: no yield is representable.
        assert!(matches!(
            s.solve_yield(f64::MIN_POSITIVE * 1e-10),
            Err(BondError::YieldNotRepresentable { .. })
        ));
    }

    #[test]
    fn prices_outside_the_limits_are_out_of_range() {
        let s = note_2033().settle(d(2025, 2, 18)).unwrap();
        // A price outside BOND_PRICE, and one inside it whose yield is outside YIELD.
        for (p, what) in [
            (1e-7, "dirty price"),
            (2e6, "dirty price"),
            (0.5, "yield solved from dirty price 0.5"),
            (1e4, "yield solved from dirty price 10000"),
        ] {
            match s.yield_from_dirty_price(p) {
                Err(BondError::OutOfRange(e)) => assert_eq!(e.what, what, "{e}"),
                other => panic!("{p}: {other:?}"),
            }
        }
        assert!(matches!(
            s.yield_from_clean_price(2e6),
            Err(BondError::OutOfRange(e)) if e.what == "clean price"
        ));
    }

    #[test]
    fn zero_coupon_bond_prices_and_solves() {
        let bond = Bond::us_treasury(0.0, Some(d(2024, 1, 15)), d(2034, 1, 15)).unwrap();
        let s = bond.settle(d(2024, 1, 15)).unwrap();
        // 20 periods at 2% a period: 100 / 1.02^20.
        let p = s.dirty_price(0.04).unwrap();
        assert!((p - 100.0 / 1.02_f64.powi(20)).abs() < PRICE_ABS);
        assert!((s.yield_from_dirty_price(p).unwrap() - 0.04).abs() < YIELD_ABS);
    }

    #[test]
    fn short_first_period_prorates_the_first_coupon() {
        // Dated 2020-06-01, first coupon 2020-11-15, reference period 2020-05-15..11-15 (184 d).
        let bond = Bond::us_treasury(0.04, Some(d(2020, 6, 1)), d(2030, 5, 15)).unwrap();
        let flows = bond.cash_flows_after(d(2020, 6, 1));
        assert!((flows[0].coupon - 2.0 * 167.0 / 184.0).abs() < PRICE_ABS);
        let s = bond.settle(d(2020, 7, 1)).unwrap();
        assert!((s.accrued_interest() - 2.0 * 30.0 / 184.0).abs() < PRICE_ABS);
        let y = s.yield_from_clean_price(101.0).unwrap();
        assert!((s.clean_price(y).unwrap() - 101.0).abs() < PRICE_ABS);
    }

    #[test]
    fn cgb_final_period_uses_simple_interest() {
        // 240005: 1.99% annual CGB maturing 2026-03-15, settle 2025-09-15 (final period).
        // d = 181 days (2025-09-15 → 2026-03-15), TY = 365 (2025-03-15 → 2026-03-15),
        // AI = 1.99 × 184/365 = 1.00317808 (184 days since 2025-03-15).
        // At y = 1.80%: 181/365 = 0.49589041, 1 + 0.018 × 0.49589041 = 1.00892603,
        //             dirty = 101.99 / 1.00892603 = 101.08768852.
        let bond = Bond::cgb(
            0.0199,
            Frequency::Annual,
            Some(d(2024, 3, 15)),
            d(2026, 3, 15),
        )
        .unwrap();
        let s = bond.settle(d(2025, 9, 15)).unwrap();
        assert!(s.is_simple_final_period());
        assert!((s.accrued_interest() - 1.99 * 184.0 / 365.0).abs() < PRICE_ABS);
        let dirty = s.dirty_price(0.018).unwrap();
        assert!((dirty - 101.99 / (1.0 + 0.018 * 181.0 / 365.0)).abs() < PRICE_ABS);
        assert!((dirty - 101.087_688_52).abs() < 1e-8);
        assert!((s.yield_from_dirty_price(dirty).unwrap() - 0.018).abs() < YIELD_ABS);
        // The same bond under the street convention compounds: 101.99 / 1.018^(181/365).
        let street = Bond::new(
            BondTerms::new(0.0199, d(2026, 3, 15))
                .with_frequency(Frequency::Annual)
                .with_dated_date(d(2024, 3, 15)),
        )
        .unwrap();
        let p = street.dirty_price(d(2025, 9, 15), 0.018).unwrap();
        assert!((p - 101.99 / 1.018_f64.powf(181.0 / 365.0)).abs() < PRICE_ABS);
        assert_eq!(street.convention(), MarketConvention::UsStreet);
    }

    #[test]
    fn cgb_two_coupons_left_compounds() {
        // 240005 settled 2024-09-15: n = 2, d = 181 (→ 2025-03-15), TS = 365
        // (2024-03-15 → 2025-03-15), AI = 1.99 × 184/365.
        // dirty at 1.80% = 1.99/1.018^(181/365) + 101.99/1.018^(1 + 181/365)
        //   1.018^0.49589041 = exp(0.49589041 × ln 1.018) = exp(0.49589041 × 0.01783992)
        //                    = exp(0.00884664) = 1.008885892;  × 1.018 = 1.027045838
        //   = 1.99/1.008885892 + 101.99/1.027045838 = 1.97247282 + 99.30423382 = 101.27670664
        let bond = Bond::cgb(
            0.0199,
            Frequency::Annual,
            Some(d(2024, 3, 15)),
            d(2026, 3, 15),
        )
        .unwrap();
        let s = bond.settle(d(2024, 9, 15)).unwrap();
        assert!(!s.is_simple_final_period());
        let w = 181.0 / 365.0;
        let expected = 1.99 / 1.018_f64.powf(w) + 101.99 / 1.018_f64.powf(1.0 + w);
        let dirty = s.dirty_price(0.018).unwrap();
        assert!((dirty - expected).abs() < PRICE_ABS);
        assert!((dirty - 101.276_706_64).abs() < 1e-8);
    }

    #[test]
    fn cffex_accrued_is_zero_on_a_coupon_date() {
        let bond = Bond::cgb(
            0.0235,
            Frequency::SemiAnnual,
            Some(d(2024, 2, 25)),
            d(2034, 2, 25),
        )
        .unwrap();
        assert_eq!(bond.cffex_delivery_accrued(d(2024, 8, 25)).unwrap(), 0.0);
    }
}
