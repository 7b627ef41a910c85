//! The value of dated cash flows off a zero curve: at the curve date, at a settlement date, and
//! for forward delivery.

use super::ZeroCurve;
use crate::curve::CurveError;
use chrono::NaiveDate;

/// The value of a list of cash flows for forward delivery, split the cost-of-carry way.
///
/// All values are in the units of the cash flows (per 100 face for a bond's flows, so
/// `forward_value` is a forward **dirty** price per 100). The identity
/// `forward_value = (spot_value − income_value) / discount_factor` holds up to rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForwardValue {
    /// Value at settlement of the flows paid after settlement (the spot dirty price).
    pub spot_value: f64,
    /// Value at settlement of the flows paid after settlement and on or before delivery
    /// (coupons the holder receives before delivering).
    pub income_value: f64,
    /// Discount factor from settlement to delivery, `DF(T_del) / DF(T_set)`.
    pub discount_factor: f64,
    /// Value at delivery of the flows paid after delivery (the forward dirty price).
    pub forward_value: f64,
}

impl ZeroCurve {
    /// The value at the curve date of cash flows `(years, amount)` (Act/365F years).
    ///
    /// # Formula
    /// ```text
    /// PV = Σ_i CF_i · DF(t_i)
    /// ```
    ///
    /// # Conventions
    /// Every flow counts, including one at `t = 0`. Units are those of the amounts.
    ///
    /// # References
    /// Tuckman and Serrat (2011), ch. 1 (prices from discount factors).
    ///
    /// # Errors
    /// [`CurveError::NonFinite`] for a NaN or infinite amount; [`CurveError::OutOfRange`] for a
    /// time outside `[0, max_years]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::PRICE_ABS;
    ///
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// let curve = ZeroCurve::from_zero_rates(date, &[(2.0, 0.05)], Compounding::SemiAnnual)?;
    /// // A 2-year 5% semi-annual bond on a flat 5% semi-annual curve is worth par.
    /// let flows = [(0.5, 2.5), (1.0, 2.5), (1.5, 2.5), (2.0, 102.5)];
    /// assert!((curve.present_value(&flows)? - 100.0).abs() < PRICE_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn present_value(&self, flows: &[(f64, f64)]) -> Result<f64, CurveError> {
        let mut hint = 0;
        let mut pv = 0.0;
        for (index, &(t, amount)) in flows.iter().enumerate() {
            check_amount(index, amount)?;
            self.check_years(t, "cash-flow time in years")?;
            pv += amount * self.log_df_from(t, &mut hint).exp();
        }
        Ok(pv)
    }

    /// The value at `settle` of dated cash flows paid after `settle` — a dirty price when the
    /// flows are a bond's coupons and principal per 100 face.
    ///
    /// # Formula
    /// ```text
    /// V(s) = Σ_{d_i > s} CF_i · DF(t_i) / DF(t_s)
    ///   t_i = (d_i − curve date)/365,  t_s = (s − curve date)/365   (Act/365F years)
    ///   CF_i  amount paid on date d_i (units of the flows, e.g. per 100 face)
    /// ```
    ///
    /// # Conventions
    /// A flow on the settlement date itself belongs to the seller and is excluded (a coupon
    /// paid on the settlement date is not bought); flows before it are ignored. Settlement on
    /// a later date than the curve date discounts forward to it (so it is also the forward
    /// value at that date). Dates are calendar dates, not adjusted for business days.
    ///
    /// # References
    /// Tuckman and Serrat (2011), ch. 1 (prices from discount factors); spec §5.1 for the
    /// dirty-price convention.
    ///
    /// # Errors
    /// [`CurveError::DateOutOfRange`] if `settle` or a counted flow's date lies outside the
    /// curve's dates; [`CurveError::NonFinite`] for a NaN or infinite amount.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::PRICE_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::from_zero_rates(d(2024, 1, 1), &[(5.0, 0.04)], Compounding::Continuous)?;
    /// // 365 days at 4% continuous: 100·e^−0.04; the flow on the settlement date is excluded.
    /// let flows = [(d(2024, 1, 1), 7.0), (d(2024, 12, 31), 100.0)];
    /// let v = curve.price_cashflows(d(2024, 1, 1), &flows)?;
    /// assert!((v - 100.0 * (-0.04_f64).exp()).abs() < PRICE_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn price_cashflows(
        &self,
        settle: NaiveDate,
        flows: &[(NaiveDate, f64)],
    ) -> Result<f64, CurveError> {
        let base = self.log_df(self.years_to(settle)?);
        let mut hint = 0;
        let mut value = 0.0;
        for (index, &(date, amount)) in flows.iter().enumerate() {
            check_amount(index, amount)?;
            if date <= settle {
                continue;
            }
            let t = self.years_to(date)?;
            value += amount * (self.log_df_from(t, &mut hint) - base).exp();
        }
        Ok(value)
    }

    /// The forward value at `delivery` of dated cash flows, with its cost-of-carry parts at
    /// `settle` — a forward dirty price for bond flows per 100 face.
    ///
    /// # Formula
    /// ```text
    /// spot     S = Σ_{d_i > s}      CF_i · DF(t_i)/DF(t_s)
    /// income   I = Σ_{s < d_i ≤ T}  CF_i · DF(t_i)/DF(t_s)
    /// DF(s,T)    = DF(t_T)/DF(t_s)
    /// forward  F = Σ_{d_i > T}      CF_i · DF(t_i)/DF(t_T)  =  (S − I) / DF(s,T)
    ///   s settlement date, T delivery date, t = Act/365F years from the curve date
    /// ```
    ///
    /// # Conventions
    /// Flows on or before `settle` are ignored; flows in `(settle, delivery]` are income to the
    /// holder before delivery (reinvested at the curve's forward rates, which is what the
    /// identity `F = (S − I)/DF(s,T)` says); flows after `delivery` are delivered. Financing is
    /// at the curve's own rates, not a repo rate. The clean forward price is `F` minus the
    /// accrued interest at delivery (the bond module's business).
    ///
    /// # References
    /// Tuckman and Serrat (2011), forward prices of bonds from discount factors; the carry
    /// decomposition matches spec §5.6 (proceeds method, with the curve in place of repo).
    ///
    /// # Errors
    /// [`CurveError::DatesOutOfOrder`] if `delivery < settle`; [`CurveError::DateOutOfRange`]
    /// for dates outside the curve; [`CurveError::NonFinite`] for a NaN or infinite amount.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{Compounding, ZeroCurve};
    /// use spreadtrade::tolerance::PRICE_ABS;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::from_zero_rates(d(2024, 1, 1), &[(5.0, 0.04)], Compounding::Continuous)?;
    /// let flows = [(d(2024, 6, 30), 2.0), (d(2025, 6, 30), 102.0)];
    /// let fv = curve.forward_value(d(2024, 1, 2), d(2024, 12, 31), &flows)?;
    /// // 181 days from delivery to the last flow at a flat 4%:
    /// assert!((fv.forward_value - 102.0 * (-0.04 * 181.0 / 365.0_f64).exp()).abs() < PRICE_ABS);
    /// let carry = (fv.spot_value - fv.income_value) / fv.discount_factor;
    /// assert!((fv.forward_value - carry).abs() < PRICE_ABS);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn forward_value(
        &self,
        settle: NaiveDate,
        delivery: NaiveDate,
        flows: &[(NaiveDate, f64)],
    ) -> Result<ForwardValue, CurveError> {
        if delivery < settle {
            return Err(CurveError::DatesOutOfOrder { settle, delivery });
        }
        let log_s = self.log_df(self.years_to(settle)?);
        let log_t = self.log_df(self.years_to(delivery)?);
        let mut hint = 0;
        let (mut spot, mut income, mut forward) = (0.0, 0.0, 0.0);
        for (index, &(date, amount)) in flows.iter().enumerate() {
            check_amount(index, amount)?;
            if date <= settle {
                continue;
            }
            let log_i = self.log_df_from(self.years_to(date)?, &mut hint);
            let at_settle = amount * (log_i - log_s).exp();
            spot += at_settle;
            if date <= delivery {
                income += at_settle;
            } else {
                forward += amount * (log_i - log_t).exp();
            }
        }
        Ok(ForwardValue {
            spot_value: spot,
            income_value: income,
            discount_factor: (log_t - log_s).exp(),
            forward_value: forward,
        })
    }
}

fn check_amount(index: usize, amount: f64) -> Result<(), CurveError> {
    if amount.is_finite() {
        Ok(())
    } else {
        Err(CurveError::NonFinite {
            what: "cash-flow amount",
            index,
            value: amount,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, zero_curve};
    use super::*;
    use crate::curve::Compounding;
    use crate::tolerance::{PRICE_ABS, TEXTBOOK_PRICE_ABS};
    use chrono::Days;
    use proptest::prelude::*;

    #[test]
    fn hull_bootstrap_zero_rates_reprice_hulls_bonds() {
        // J. C. Hull, Options, Futures, and Other Derivatives, 8th ed., ch. 4, Tables 4.3–4.4:
        // bonds (maturity, annual coupon, price) = (0.25, 0, 97.5), (0.5, 0, 94.9),
        // (1.0, 0, 90.0), (1.5, 8, 96.0), (2.0, 12, 101.6), semi-annual coupons; bootstrapped
        // continuously compounded zero rates 10.127%, 10.469%, 10.536%, 10.681%, 10.808%.
        let zeros = [
            (0.25, 0.10127),
            (0.5, 0.10469),
            (1.0, 0.10536),
            (1.5, 0.10681),
            (2.0, 0.10808),
        ];
        let curve =
            ZeroCurve::from_zero_rates(d(2024, 1, 1), &zeros, Compounding::Continuous).unwrap();
        let bonds: [(&[(f64, f64)], f64); 5] = [
            (&[(0.25, 100.0)], 97.5),
            (&[(0.5, 100.0)], 94.9),
            (&[(1.0, 100.0)], 90.0),
            (&[(0.5, 4.0), (1.0, 4.0), (1.5, 104.0)], 96.0),
            (&[(0.5, 6.0), (1.0, 6.0), (1.5, 6.0), (2.0, 106.0)], 101.6),
        ];
        for (flows, price) in bonds {
            let pv = curve.present_value(flows).unwrap();
            assert!((pv - price).abs() < TEXTBOOK_PRICE_ABS, "{pv} vs {price}");
        }
    }

    #[test]
    fn price_cashflows_equals_present_value_on_dates() {
        let curve = ZeroCurve::from_zero_rates(
            d(2024, 3, 20),
            &[(0.5, 0.053), (2.0, 0.046), (10.5, 0.043)],
            Compounding::SemiAnnual,
        )
        .unwrap();
        let flows: Vec<(NaiveDate, f64)> = (1..=20)
            .map(|k| {
                let date = d(2024, 3, 20) + chrono::Months::new(6 * k);
                (date, if k == 20 { 102.0 } else { 2.0 })
            })
            .collect();
        let years: Vec<(f64, f64)> = flows
            .iter()
            .map(|&(dt, a)| ((dt - d(2024, 3, 20)).num_days() as f64 / 365.0, a))
            .collect();
        let v = curve.price_cashflows(d(2024, 3, 20), &flows).unwrap();
        assert!((v - curve.present_value(&years).unwrap()).abs() < PRICE_ABS);
    }

    #[test]
    fn bad_flows_and_dates_are_errors() {
        let curve =
            ZeroCurve::from_zero_rates(d(2024, 1, 1), &[(1.0, 0.05)], Compounding::Annual).unwrap();
        let flows = [(d(2025, 6, 1), 100.0)];
        assert!(curve.price_cashflows(d(2024, 1, 2), &flows).is_err());
        assert!(matches!(
            curve.price_cashflows(d(2024, 1, 2), &[(d(2024, 6, 1), f64::NAN)]),
            Err(CurveError::NonFinite { index: 0, .. })
        ));
        assert!(matches!(
            curve.forward_value(d(2024, 6, 1), d(2024, 3, 1), &[]),
            Err(CurveError::DatesOutOfOrder { .. })
        ));
    }

    proptest! {
        #[test]
        fn forward_value_identity_holds(
            curve in zero_curve(),
            offsets in prop::collection::vec(0..3000u64, 1..25),
            settle in 0..400u64,
            gap in 0..400u64,
        ) {
            let last = (curve.last_date() - curve.date()).num_days() as u64;
            let day = |n: u64| curve.date() + Days::new(n.min(last));
            let flows: Vec<(NaiveDate, f64)> = offsets.iter().map(|&o| (day(o), 3.0)).collect();
            let (s, t) = (day(settle), day(settle + gap));
            let fv = curve.forward_value(s, t, &flows).unwrap();
            let carry = (fv.spot_value - fv.income_value) / fv.discount_factor;
            prop_assert!((fv.forward_value - carry).abs() < PRICE_ABS);
            let spot = curve.price_cashflows(s, &flows).unwrap();
            prop_assert!((spot - fv.spot_value).abs() < PRICE_ABS);
            let fwd = curve.price_cashflows(t, &flows).unwrap();
            prop_assert!((fwd - fv.forward_value).abs() < PRICE_ABS);
        }
        #[test]
        fn hinted_valuation_matches_single_lookups(
            curve in zero_curve(),
            flows in prop::collection::vec((0.0..1.0f64, -50.0..150.0f64), 0..40),
        ) {
            // Unsorted times: the hint must fall back to the search whenever it is wrong.
            let flows: Vec<(f64, f64)> =
                flows.iter().map(|&(q, a)| (q * curve.max_years(), a)).collect();
            let one_by_one: f64 = flows
                .iter()
                .map(|&(t, a)| a * curve.discount_factor(t).unwrap())
                .sum();
            prop_assert!((curve.present_value(&flows).unwrap() - one_by_one).abs() < PRICE_ABS);
        }
    }
}
