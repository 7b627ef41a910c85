//! Macaulay and modified duration, convexity and DV01.

use super::{Bond, BondError, SettledBond};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One basis point as a decimal rate (0.0001): the DV01 bump.
pub const BASIS_POINT: f64 = 1e-4;

/// Price and risk of a bond at one settlement date and yield, ready to serialize.
///
/// Prices are per 100 face, the yield a decimal, durations in years, convexity in years²,
/// DV01 the dirty-price change of 100 face for 1 bp (positive for a long position).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BondAnalytics {
    /// The settlement date.
    pub settlement: NaiveDate,
    /// The yield (decimal).
    pub yield_rate: f64,
    /// Clean price per 100 face.
    pub clean_price: f64,
    /// Dirty (full) price per 100 face.
    pub dirty_price: f64,
    /// Accrued interest per 100 face.
    pub accrued_interest: f64,
    /// Macaulay duration in years.
    pub macaulay_duration: f64,
    /// Modified duration in years.
    pub modified_duration: f64,
    /// Convexity in years².
    pub convexity: f64,
    /// DV01 per 100 face: central ±1 bp difference of the dirty price.
    pub dv01_per_100: f64,
    /// Start of the current accrual period.
    pub accrual_start: NaiveDate,
    /// The next coupon date.
    pub next_coupon: NaiveDate,
    /// Coupons remaining, including the next one.
    pub remaining_coupons: usize,
}

/// Weighted sums of the discounted cash flows at one yield.
#[derive(Debug, Clone, Copy)]
struct Moments {
    /// Σ PV_k (the dirty price).
    pv: f64,
    /// Σ t_k · PV_k, t_k in years.
    t1: f64,
    /// Σ t_k · (t_k + 1/f) · PV_k.
    t2: f64,
}

impl SettledBond {
    fn moments(&self, yield_rate: f64) -> Result<Moments, BondError> {
        // Validates the yield and checks the price is finite.
        self.dirty_price(yield_rate)?;
        let f = self.frequency.per_year_f64();
        let lambda = (yield_rate / f).ln_1p();
        let ratio = (-lambda).exp();
        let mut df = (-self.w * lambda).exp();
        let mut t = self.w / f;
        let step = 1.0 / f;
        let mut pv = 0.0;
        let mut t1 = 0.0;
        let mut t2 = 0.0;
        for k in 0..self.remaining {
            if k > 0 {
                df *= ratio;
                t += step;
            }
            let mut amount = if k == 0 {
                self.next_coupon
            } else {
                self.coupon
            };
            if k + 1 == self.remaining {
                amount += 100.0;
            }
            let term = amount * df;
            pv += term;
            t1 += t * term;
            t2 += t * (t + step) * term;
        }
        Ok(Moments { pv, t1, t2 })
    }

    /// Macaulay duration, modified duration and convexity from one pass over the cash flows
    /// (or the CCDC final-period closed forms).
    fn duration_and_convexity(&self, yield_rate: f64) -> Result<(f64, f64, f64), BondError> {
        if self.is_simple_final_period() {
            self.dirty_price(yield_rate)?;
            let tau = self.days_to_next / self.final_year_days;
            let g = 1.0 + yield_rate * tau;
            return Ok((tau, tau / g, 2.0 * tau * tau / (g * g)));
        }
        let m = self.moments(yield_rate)?;
        let g = 1.0 + yield_rate / self.frequency.per_year_f64();
        let macaulay = m.t1 / m.pv;
        Ok((macaulay, macaulay / g, m.t2 / (g * g * m.pv)))
    }

    /// Macaulay duration in years: the present-value-weighted mean time of the cash flows.
    ///
    /// # Formula
    /// ```text
    /// compounded:       D_mac = Σ t_k·PV_k / Σ PV_k,   t_k = (k + w)/f,
    ///                   PV_k = CF_k / (1 + y/f)^(k + w)
    /// CCDC final period: D_mac = τ = d/TY
    /// ```
    /// - `t_k`: time to payment k in years on the Act/Act ICMA grid; `w`: fraction of a
    ///   period to the next coupon; `CF_k`: payment per 100 face; `y`: yield (decimal);
    ///   `d`: days to maturity; `TY`: days in the final year.
    ///
    /// # Conventions
    /// Times in years of `f` equal periods (ICMA), matching QuantLib's
    /// `BondFunctions::duration(…, Duration::Macaulay)` with an Act/Act ICMA day counter.
    ///
    /// # References
    /// Spec §5.3; Tuckman & Serrat, *Fixed Income Securities*, 3rd ed., ch. 4 (duration);
    /// QuantLib 1.44 `CashFlows::duration`.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::RISK_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.125% 2031-03-31 at 4.64% on 2024-04-16: 6.090970771682599 years
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
    /// let mac = bond.settle(d(2024, 4, 16))?.macaulay_duration(0.0464)?;
    /// assert!((mac - 6.090970771682599).abs() < RISK_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn macaulay_duration(&self, yield_rate: f64) -> Result<f64, BondError> {
        Ok(self.duration_and_convexity(yield_rate)?.0)
    }

    /// Modified duration in years: `−(1/P)·dP/dy` of the dirty price.
    ///
    /// # Formula
    /// ```text
    /// compounded:        D_mod = D_mac / (1 + y/f)
    /// CCDC final period: D_mod = τ / (1 + y·τ),   τ = d/TY
    /// ```
    /// - `D_mac`: Macaulay duration (years); `y`: yield (decimal); `f`: coupons a year.
    ///
    /// # Conventions
    /// Derivative of the dirty price with respect to the yield quoted with the bond's own
    /// compounding; positive for a long position.
    ///
    /// # References
    /// Spec §5.3; Tuckman & Serrat, ch. 4; QuantLib 1.44 `Duration::Modified`.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::RISK_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.500% 2026-03-31 at 4.93% on 2024-04-16: 1.8454390416157618 years
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.045, Some(d(2024, 3, 31)), d(2026, 3, 31))?;
    /// let dm = bond.settle(d(2024, 4, 16))?.modified_duration(0.0493)?;
    /// assert!((dm - 1.8454390416157618).abs() < RISK_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn modified_duration(&self, yield_rate: f64) -> Result<f64, BondError> {
        Ok(self.duration_and_convexity(yield_rate)?.1)
    }

    /// Convexity in years²: `(1/P)·d²P/dy²` of the dirty price.
    ///
    /// # Formula
    /// ```text
    /// compounded:        C = Σ t_k·(t_k + 1/f)·PV_k / ((1 + y/f)² · P)
    /// CCDC final period: C = 2τ² / (1 + y·τ)²
    /// ```
    /// - symbols as in [`SettledBond::macaulay_duration`]; `P = Σ PV_k` the dirty price.
    ///
    /// # Conventions
    /// Second derivative with respect to the bond's own yield; QuantLib's
    /// `BondFunctions::convexity` definition.
    ///
    /// # References
    /// Spec §5.3; Tuckman & Serrat, ch. 5 (convexity); QuantLib 1.44 `CashFlows::convexity`.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::RISK_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 2.875% 2032-05-15 at 4.62% on 2024-04-16: 55.99751267518193
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.02875, Some(d(2022, 5, 15)), d(2032, 5, 15))?;
    /// let cx = bond.settle(d(2024, 4, 16))?.convexity(0.0462)?;
    /// assert!((cx - 55.99751267518193).abs() < RISK_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn convexity(&self, yield_rate: f64) -> Result<f64, BondError> {
        Ok(self.duration_and_convexity(yield_rate)?.2)
    }

    /// DV01 per 100 face: the dirty-price change for a 1 bp fall in yield, by central
    /// difference.
    ///
    /// # Formula
    /// ```text
    /// DV01 = ( P(y − 1bp) − P(y + 1bp) ) / 2,   1bp = 0.0001
    /// ```
    /// - `P`: dirty price per 100 face ([`SettledBond::dirty_price`]); `y`: yield (decimal).
    ///
    /// # Conventions
    /// Dirty prices (spec §5.3 recommends them: exact for the pricing function, where the
    /// analytic `D_mod·P/10⁴` is first order). Positive for a long bond; the P&L of a long
    /// position for a +1 bp move is about `−DV01`.
    ///
    /// # References
    /// Spec §5.3; QuantLib 1.44 vectors `dv01_per_100_bump_1bp`.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`] at `y − 1bp` and `y + 1bp` (a yield within 1 bp of the
    /// domain bound is out of domain).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::DV01_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.125% 2031-03-31 at 4.64% on 2024-04-16: 0.05782989145889417 per 100
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json; also the TYM24 CTD DV01 in
    /// // futures_dv01.json).
    /// let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
    /// let dv01 = bond.settle(d(2024, 4, 16))?.dv01(0.0464)?;
    /// assert!((dv01 - 0.05782989145889417).abs() < DV01_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn dv01(&self, yield_rate: f64) -> Result<f64, BondError> {
        crate::limits::YIELD.check("yield", yield_rate)?;
        // The bumps may step 1 bp past the limit; the formula's domain still applies.
        let down = self.price_in_domain(yield_rate - BASIS_POINT)?;
        let up = self.price_in_domain(yield_rate + BASIS_POINT)?;
        Ok(0.5 * (down - up))
    }

    /// Analytic DV01 per 100 face: modified duration times dirty price per basis point.
    ///
    /// # Formula
    /// ```text
    /// DV01_analytic = D_mod · P / 10,000
    /// ```
    /// - `D_mod`: modified duration (years); `P`: dirty price per 100 face.
    ///
    /// # Conventions
    /// First-order approximation of [`SettledBond::dv01`]; positive for a long bond.
    ///
    /// # References
    /// Spec §5.3; QuantLib 1.44 vectors `dv01_per_100_analytic`.
    ///
    /// # Errors
    /// As [`SettledBond::dirty_price`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::DV01_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.000% 2034-02-15 at 4.63% on 2024-04-16: 0.07597075389521363
    /// // (QuantLib 1.44, shared/vectors/ust_bonds.json).
    /// let bond = Bond::us_treasury(0.04, Some(d(2024, 2, 15)), d(2034, 2, 15))?;
    /// let dv01 = bond.settle(d(2024, 4, 16))?.dv01_analytic(0.0463)?;
    /// assert!((dv01 - 0.07597075389521363).abs() < DV01_ABS);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn dv01_analytic(&self, yield_rate: f64) -> Result<f64, BondError> {
        let dirty = self.dirty_price(yield_rate)?;
        Ok(self.modified_duration(yield_rate)? * dirty * BASIS_POINT)
    }

    /// DV01 of a position, in currency: DV01 per 100 face scaled to the face held.
    ///
    /// # Formula
    /// ```text
    /// DV01_position = DV01_100 · face / 100 · units
    /// ```
    /// - `DV01_100`: [`SettledBond::dv01`] (price per 100 face for 1 bp); `face`: face value of
    ///   one unit in currency; `units`: number of units held (negative when short).
    ///
    /// # Conventions
    /// Positive for a long position; currency of `face`.
    ///
    /// # References
    /// Spec §5.3 ("DV01 of a position").
    ///
    /// # Errors
    /// As [`SettledBond::dv01`] and [`position_dv01`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // USD 10 million face of the 4.125% 2031 note: DV01 per 100 ≈ 0.05783 → ≈ $5,783 per bp.
    /// let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
    /// let usd = bond.settle(d(2024, 4, 16))?.position_dv01(0.0464, 1_000_000.0, 10.0)?;
    /// assert!((usd - 5_782.989).abs() < 1e-3);
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn position_dv01(&self, yield_rate: f64, face: f64, units: f64) -> Result<f64, BondError> {
        position_dv01(self.dv01(yield_rate)?, face, units)
    }

    /// Price and risk at `yield_rate` in one call.
    ///
    /// # Errors
    /// As [`SettledBond::dv01`].
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::bond::Bond;
    /// use spreadtrade::tolerance::{PRICE_ABS, RISK_ABS};
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // UST 4.625% 2026-03-15 at 4.94% on 2024-04-16 (QuantLib 1.44, ust_bonds.json).
    /// let bond = Bond::us_treasury(0.04625, Some(d(2023, 3, 15)), d(2026, 3, 15))?;
    /// let a = bond.settle(d(2024, 4, 16))?.analytics(0.0494)?;
    /// assert!((a.clean_price - 99.4276127270857).abs() < PRICE_ABS);
    /// assert!((a.convexity - 4.195167717773006).abs() < RISK_ABS);
    /// assert_eq!(a.next_coupon, d(2024, 9, 15));
    /// # Ok::<(), spreadtrade::bond::BondError>(())
    /// ```
    pub fn analytics(&self, yield_rate: f64) -> Result<BondAnalytics, BondError> {
        let dirty_price = self.dirty_price(yield_rate)?;
        let (macaulay_duration, modified_duration, convexity) =
            self.duration_and_convexity(yield_rate)?;
        Ok(BondAnalytics {
            settlement: self.settlement,
            yield_rate,
            clean_price: dirty_price - self.accrued,
            dirty_price,
            accrued_interest: self.accrued,
            macaulay_duration,
            modified_duration,
            convexity,
            dv01_per_100: self.dv01(yield_rate)?,
            accrual_start: self.accrual_start,
            next_coupon: self.next_coupon_date,
            remaining_coupons: self.remaining,
        })
    }
}

/// DV01 of a position in currency from a DV01 per 100 face.
///
/// # Formula
/// ```text
/// DV01_position = DV01_100 · face / 100 · units
/// ```
/// - `DV01_100`: price change of 100 face for 1 bp; `face`: face value of one unit in
///   currency (e.g. 100,000 for a TY contract's deliverable); `units`: units held (signed).
///
/// # Conventions
/// Positive for a long position; currency of `face`.
///
/// # References
/// Spec §5.3 ("DV01 of a position") and §5.4 (futures DV01 from the CTD).
///
/// # Errors
/// [`BondError::InvalidPosition`] if `dv01_per_100` or `units` is not finite, or `face` is not
/// finite and positive.
///
/// # Examples
/// ```
/// use spreadtrade::bond::position_dv01;
///
/// // TYM24 from futures_dv01.json: CTD DV01 0.05782989145889417 / CF 0.8971, face 100,000
/// // → 64.46314954731264 USD per contract.
/// let per_contract = position_dv01(0.05782989145889417 / 0.8971, 100_000.0, 1.0)?;
/// assert!((per_contract - 64.46314954731264).abs() < 1e-9);
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
pub fn position_dv01(dv01_per_100: f64, face: f64, units: f64) -> Result<f64, BondError> {
    if !dv01_per_100.is_finite() {
        return Err(BondError::InvalidPosition {
            name: "dv01_per_100",
            expected: "a finite number",
            value: dv01_per_100,
        });
    }
    if !face.is_finite() || face <= 0.0 {
        return Err(BondError::InvalidPosition {
            name: "face",
            expected: "finite and positive",
            value: face,
        });
    }
    if !units.is_finite() {
        return Err(BondError::InvalidPosition {
            name: "units",
            expected: "a finite number",
            value: units,
        });
    }
    Ok(dv01_per_100 * face / 100.0 * units)
}

impl Bond {
    /// Price and risk at `settlement` and `yield_rate` in one call (see
    /// [`SettledBond::analytics`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::dv01`].
    pub fn analytics(
        &self,
        settlement: NaiveDate,
        yield_rate: f64,
    ) -> Result<BondAnalytics, BondError> {
        self.settle(settlement)?.analytics(yield_rate)
    }

    /// DV01 per 100 face at `settlement` and `yield_rate` (see [`SettledBond::dv01`]).
    ///
    /// # Errors
    /// Settlement outside the bond's life, or as [`SettledBond::dv01`].
    pub fn dv01(&self, settlement: NaiveDate, yield_rate: f64) -> Result<f64, BondError> {
        self.settle(settlement)?.dv01(yield_rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bond::Frequency;
    use crate::limits::YIELD;
    use crate::tolerance::{DV01_ABS, PRICE_ABS, RISK_ABS};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn vector_4_25_2031_end_of_month() {
        // QuantLib 1.44 (shared/vectors/ust_bonds.json): UST 4.250% 2031-02-28 at 4.64%.
        let bond = Bond::us_treasury(0.0425, Some(d(2024, 2, 29)), d(2031, 2, 28)).unwrap();
        let a = bond.analytics(d(2024, 4, 16), 0.0464).unwrap();
        assert!((a.clean_price - 97.72278495922573).abs() < PRICE_ABS);
        assert!((a.dirty_price - 98.2655838722692).abs() < PRICE_ABS);
        assert!((a.accrued_interest - 0.542798913043474).abs() < PRICE_ABS);
        assert!((a.macaulay_duration - 5.9874997243224986).abs() < RISK_ABS);
        assert!((a.modified_duration - 5.851739370917218).abs() < RISK_ABS);
        assert!((a.convexity - 40.25251947425131).abs() < RISK_ABS);
        assert!((a.dv01_per_100 - 0.05750246355042776).abs() < DV01_ABS);
        assert_eq!(a.accrual_start, d(2024, 2, 29));
        assert_eq!(a.next_coupon, d(2024, 8, 31));
    }

    #[test]
    fn convexity_matches_a_second_difference() {
        let s = Bond::us_treasury(0.02875, Some(d(2022, 5, 15)), d(2032, 5, 15))
            .unwrap()
            .settle(d(2024, 4, 16))
            .unwrap();
        let y = 0.0462;
        let h = 1e-4;
        let p = s.dirty_price(y).unwrap();
        let second =
            (s.dirty_price(y + h).unwrap() - 2.0 * p + s.dirty_price(y - h).unwrap()) / (h * h) / p;
        assert!((s.convexity(y).unwrap() - second).abs() < 1e-5);
        let first =
            (s.dirty_price(y - 1e-6).unwrap() - s.dirty_price(y + 1e-6).unwrap()) / 2e-6 / p;
        assert!((s.modified_duration(y).unwrap() - first).abs() < 1e-7);
    }

    #[test]
    fn cgb_final_period_risk_is_closed_form() {
        // 240005 on 2025-09-15: τ = 181/365; at 1.8%, D_mod = τ/(1 + 0.018τ).
        let bond = Bond::cgb(
            0.0199,
            Frequency::Annual,
            Some(d(2024, 3, 15)),
            d(2026, 3, 15),
        )
        .unwrap();
        let s = bond.settle(d(2025, 9, 15)).unwrap();
        let tau = 181.0 / 365.0;
        let y = 0.018;
        assert!((s.macaulay_duration(y).unwrap() - tau).abs() < RISK_ABS);
        assert!((s.modified_duration(y).unwrap() - tau / (1.0 + y * tau)).abs() < RISK_ABS);
        let h = 1e-4;
        let p = s.dirty_price(y).unwrap();
        let second =
            (s.dirty_price(y + h).unwrap() - 2.0 * p + s.dirty_price(y - h).unwrap()) / (h * h) / p;
        assert!((s.convexity(y).unwrap() - second).abs() < 1e-6);
    }

    #[test]
    fn position_dv01_validates_inputs() {
        assert_eq!(position_dv01(0.05, 100_000.0, -2.0).unwrap(), -100.0);
        assert!(position_dv01(f64::NAN, 100_000.0, 1.0).is_err());
        assert!(position_dv01(0.05, 0.0, 1.0).is_err());
        assert!(position_dv01(0.05, 100.0, f64::INFINITY).is_err());
    }

    #[test]
    fn dv01_outside_the_yield_limit_is_an_error() {
        let s = Bond::us_treasury(0.04, Some(d(2024, 2, 15)), d(2034, 2, 15))
            .unwrap()
            .settle(d(2024, 4, 16))
            .unwrap();
        for y in [-2.0 + 0.5 * BASIS_POINT, f64::NAN, YIELD.max.next_up()] {
            assert!(matches!(s.dv01(y), Err(BondError::OutOfRange(_))), "{y}");
        }
        // At the limits themselves the ±1 bp bumps step outside and still price.
        for y in [YIELD.min, YIELD.max] {
            let dv01 = s.dv01(y).unwrap();
            assert!(dv01.is_finite() && dv01 > 0.0, "{y}: {dv01}");
        }
    }
}
