//! Delivery analytics (spec §5.6): money-market day counts, the delivery date, gross basis,
//! carry, net basis, implied repo, and futures DV01 from the cheapest-to-deliver.

use super::BasketError;
use crate::bond::{Bond, BondError, CFFEX_ACCRUED_DECIMALS, SettledBond};
use crate::contract::{ContractCode, ContractDates, ConversionFactorConvention};
use crate::units::Currency;
use chrono::NaiveDate;
use std::fmt;

/// The day count of a money-market (repo) rate: simple interest on actual days over a fixed
/// year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum MoneyMarketBasis {
    /// Actual/360 (U.S. dollar repo).
    Act360,
    /// Actual/365 fixed (CNY repo as tea-bond uses it; gilt repo).
    Act365,
}

impl MoneyMarketBasis {
    /// The repo convention of a currency: Act/360 for USD and EUR, Act/365 for CNY (spec §5.6).
    pub const fn for_currency(currency: Currency) -> MoneyMarketBasis {
        match currency {
            Currency::Cny => MoneyMarketBasis::Act365,
            _ => MoneyMarketBasis::Act360,
        }
    }

    /// Days in the basis year: 360 or 365.
    pub const fn days_per_year(self) -> f64 {
        match self {
            MoneyMarketBasis::Act360 => 360.0,
            MoneyMarketBasis::Act365 => 365.0,
        }
    }

    /// The year fraction from `start` to `end`: actual days over the basis year (negative when
    /// `end < start`).
    pub fn year_fraction(self, start: NaiveDate, end: NaiveDate) -> f64 {
        (end - start).num_days() as f64 / self.days_per_year()
    }

    /// The canonical text form: `"Act/360"` or `"Act/365"`.
    pub const fn name(self) -> &'static str {
        match self {
            MoneyMarketBasis::Act360 => "Act/360",
            MoneyMarketBasis::Act365 => "Act/365",
        }
    }
}

impl fmt::Display for MoneyMarketBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The date on which a contract's delivered bonds are paid for, the horizon of carry and
/// implied repo: the **last delivery day** for CBOT contracts, the **payment day** (second
/// delivery day) for CFFEX contracts (spec §5.6).
///
/// # Errors
/// [`BasketError::NotABondFuture`] for EC and VX; [`BasketError::NoDeliveryDate`] if the
/// dates lack the needed day.
pub fn delivery_date(code: &ContractCode, dates: &ContractDates) -> Result<NaiveDate, BasketError> {
    let contract = *code;
    let day = match code.spec().cf_convention {
        None => return Err(BasketError::NotABondFuture { contract }),
        Some(ConversionFactorConvention::Cffex) => dates.payment_day,
        Some(_) => dates.last_delivery_day,
    };
    day.ok_or(BasketError::NoDeliveryDate { contract })
}

/// The accrued interest per 100 face that the invoice uses on the delivery date: the bond's
/// own accrual for CBOT (Act/Act ICMA), the CFFEX delivery rule (Act/Act rounded half up to 7
/// decimals, spec §2.5) for CFFEX.
pub(crate) fn delivery_accrued(
    convention: ConversionFactorConvention,
    at_delivery: &SettledBond,
) -> f64 {
    let ai = at_delivery.accrued_interest();
    match convention {
        ConversionFactorConvention::Cffex => {
            let scale = 10f64.powi(CFFEX_ACCRUED_DECIMALS);
            (ai * scale).round() / scale
        }
        _ => ai,
    }
}

/// Everything the basis formulas need about one deliverable, per 100 face, for one settlement
/// date and one delivery date.
///
/// Build it with [`BasisInputs::for_bond`] (from a bond, dates and a clean price) or fill the
/// fields directly. Coupons paid strictly after settlement and on or before delivery enter as
/// two sums, which is all the proceeds method needs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BasisInputs {
    /// `P`: clean price at settlement, per 100 face.
    pub clean_price: f64,
    /// `AI_s`: accrued interest at settlement, per 100 face.
    pub accrued_settlement: f64,
    /// `AI_T`: accrued interest at delivery as the invoice uses it, per 100 face.
    pub accrued_delivery: f64,
    /// `CF`: the conversion factor into the contract.
    pub conversion_factor: f64,
    /// `τ = dcf(s, T)`: years from settlement to delivery on the repo basis.
    pub financing_years: f64,
    /// `ΣC_i`: coupons paid in `(s, T]`, per 100 face.
    pub interim_coupons: f64,
    /// `ΣC_i·dcf(t_i, T)`: those coupons times the years from their payment to delivery, on
    /// the repo basis.
    pub interim_coupon_years: f64,
}

impl BasisInputs {
    /// The inputs for `bond` bought at `clean_price` for `settlement` and delivered on
    /// `delivery` with conversion factor `conversion_factor`, financed on `basis`.
    ///
    /// The delivery accrual is the bond's own (Act/Act ICMA or CCDC); for the CFFEX invoice
    /// rounding use [`BasisInputs::with_accrued_delivery`].
    ///
    /// # Errors
    /// [`BasketError::InvalidInput`] for a clean price or conversion factor that is not finite
    /// and positive, or `delivery` not after `settlement`; [`BasketError::Bond`] (id `"bond"`)
    /// if the bond does not exist on both dates.
    pub fn for_bond(
        bond: &Bond,
        settlement: NaiveDate,
        delivery: NaiveDate,
        basis: MoneyMarketBasis,
        conversion_factor: f64,
        clean_price: f64,
    ) -> Result<Self, BasketError> {
        check_positive("clean price", clean_price)?;
        check_positive("conversion factor", conversion_factor)?;
        if delivery <= settlement {
            return Err(BasketError::InvalidInput {
                name: "delivery date",
                expected: "after the settlement date",
                value: (delivery - settlement).num_days() as f64,
            });
        }
        let bond_err = |source: BondError| BasketError::Bond {
            id: "bond".to_owned(),
            source,
        };
        let at_s = bond.settle(settlement).map_err(bond_err)?;
        let at_t = bond.settle(delivery).map_err(bond_err)?;
        let mut coupons = 0.0;
        let mut coupon_years = 0.0;
        for flow in bond.cash_flows_after(settlement) {
            if flow.date > delivery {
                break;
            }
            coupons += flow.coupon;
            coupon_years += flow.coupon * basis.year_fraction(flow.date, delivery);
        }
        Ok(BasisInputs {
            clean_price,
            accrued_settlement: at_s.accrued_interest(),
            accrued_delivery: at_t.accrued_interest(),
            conversion_factor,
            financing_years: basis.year_fraction(settlement, delivery),
            interim_coupons: coupons,
            interim_coupon_years: coupon_years,
        })
    }

    /// The same inputs with another delivery accrual (e.g. the CFFEX invoice rule, rounded to
    /// 7 decimals).
    #[must_use]
    pub const fn with_accrued_delivery(mut self, accrued_delivery: f64) -> Self {
        self.accrued_delivery = accrued_delivery;
        self
    }

    /// The dirty price at settlement: `P + AI_s`.
    pub fn dirty_price(&self) -> f64 {
        self.clean_price + self.accrued_settlement
    }

    /// The invoice price per 100 face delivered at a futures price.
    ///
    /// # Formula
    /// ```text
    /// Inv = F × CF + AI_T
    /// ```
    /// - `F`: futures price (decimal points); `CF`: conversion factor; `AI_T`: accrued interest
    ///   at delivery, per 100 face.
    ///
    /// # Conventions
    /// Per 100 face; `AI_T` as the exchange computes it (spec §1.6, §2.5).
    ///
    /// # References
    /// Spec §1.6 (CBOT invoice amount) and §2.5 (CFFEX invoice).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    ///
    /// let b = BasisInputs { clean_price: 100.0, accrued_settlement: 0.0, accrued_delivery: 0.5,
    ///     conversion_factor: 0.9, financing_years: 0.25, interim_coupons: 0.0,
    ///     interim_coupon_years: 0.0 };
    /// assert_eq!(b.invoice_price(110.0), 110.0 * 0.9 + 0.5);
    /// ```
    pub fn invoice_price(&self, futures_price: f64) -> f64 {
        futures_price * self.conversion_factor + self.accrued_delivery
    }

    /// The forward clean price at delivery implied by financing the bond at the repo rate
    /// (proceeds method: interim coupons reinvested at the repo rate).
    ///
    /// # Formula
    /// ```text
    /// FwdDirty = (P + AI_s)·(1 + r·τ) − Σ C_i·(1 + r·dcf(t_i, T))
    /// FwdClean = FwdDirty − AI_T
    /// ```
    /// - `P`, `AI_s`, `AI_T`, `C_i`: per 100 face; `r`: repo rate (decimal, simple interest on
    ///   the repo basis); `τ = dcf(s, T)`, `dcf(t_i, T)`: years on the repo basis.
    ///
    /// # Conventions
    /// Money-market simple interest (Act/360 USD, Act/365 CNY); coupons paid in `(s, T]`.
    ///
    /// # References
    /// Spec §5.6 (rateslib's `BondFuture` forward price and net basis).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    /// use spreadtrade::tolerance::BASIS_FORMULA_ABS;
    ///
    /// // No coupon: 100.5 financed at 5% for a quarter, less 1.0 accrued at delivery.
    /// let b = BasisInputs { clean_price: 100.0, accrued_settlement: 0.5, accrued_delivery: 1.0,
    ///     conversion_factor: 0.9, financing_years: 0.25, interim_coupons: 0.0,
    ///     interim_coupon_years: 0.0 };
    /// assert!((b.forward_clean_price(0.05) - (100.5 * 1.0125 - 1.0)).abs() < BASIS_FORMULA_ABS);
    /// ```
    pub fn forward_clean_price(&self, repo_rate: f64) -> f64 {
        self.dirty_price() * (1.0 + repo_rate * self.financing_years)
            - self.interim_coupons
            - repo_rate * self.interim_coupon_years
            - self.accrued_delivery
    }

    /// The gross basis per 100 face: the clean price less the converted futures price.
    ///
    /// # Formula
    /// ```text
    /// B = P − F × CF
    /// ```
    /// - `P`: clean price per 100 face; `F`: futures price; `CF`: conversion factor.
    ///
    /// # Conventions
    /// Decimal points per 100 face (multiply by 32 for the CBOT quote in 32nds).
    ///
    /// # References
    /// Spec §5.6; Burghardt & Belton, *The Treasury Bond Basis*, 3rd ed., ch. 1.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    ///
    /// // rateslib's gilt example (spec §5.6): 9% 2012-08-06 at 134.455, F = 112.98,
    /// // CF 1.1619558 → gross basis 3.177230 (published to 6 dp).
    /// let b = BasisInputs { clean_price: 134.455, accrued_settlement: 0.0,
    ///     accrued_delivery: 0.0, conversion_factor: 1.161955833052853, financing_years: 0.0,
    ///     interim_coupons: 0.0, interim_coupon_years: 0.0 };
    /// assert!((b.gross_basis(112.98) - 3.177230).abs() < spreadtrade::tolerance::PUBLISHED_6DP_ABS);
    /// ```
    pub fn gross_basis(&self, futures_price: f64) -> f64 {
        self.clean_price - futures_price * self.conversion_factor
    }

    /// The carry to delivery per 100 face: coupon income less financing cost.
    ///
    /// # Formula
    /// ```text
    /// carry = (AI_T − AI_s + Σ C_i) − r·[ (P + AI_s)·τ − Σ C_i·dcf(t_i, T) ]
    /// ```
    /// Symbols as in [`BasisInputs::forward_clean_price`].
    ///
    /// # Conventions
    /// Positive carry earns money for a long bond position financed in repo.
    ///
    /// # References
    /// Spec §5.6 (tea-bond's carry, written with the reinvested-coupon adjustment).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    /// use spreadtrade::tolerance::BASIS_FORMULA_ABS;
    ///
    /// let b = BasisInputs { clean_price: 100.0, accrued_settlement: 0.5, accrued_delivery: 1.0,
    ///     conversion_factor: 0.9, financing_years: 0.25, interim_coupons: 0.0,
    ///     interim_coupon_years: 0.0 };
    /// // 0.5 of accrual less 100.5 × 5% × 0.25 of financing.
    /// assert!((b.carry(0.05) - (0.5 - 100.5 * 0.05 * 0.25)).abs() < BASIS_FORMULA_ABS);
    /// ```
    pub fn carry(&self, repo_rate: f64) -> f64 {
        (self.accrued_delivery - self.accrued_settlement + self.interim_coupons)
            - repo_rate * (self.dirty_price() * self.financing_years - self.interim_coupon_years)
    }

    /// The net basis per 100 face: gross basis less carry, which equals the forward clean
    /// price less the converted futures price.
    ///
    /// # Formula
    /// ```text
    /// NB = B − carry = FwdClean(r) − F × CF
    /// ```
    /// Symbols as in [`BasisInputs::gross_basis`], [`BasisInputs::carry`] and
    /// [`BasisInputs::forward_clean_price`].
    ///
    /// # Conventions
    /// The CTD has the lowest net basis; at the fair futures price its net basis is zero.
    ///
    /// # References
    /// Spec §5.6 (rateslib `net_basis`, tea-bond `net_basis`).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    /// use spreadtrade::tolerance::BASIS_FORMULA_ABS;
    ///
    /// let b = BasisInputs { clean_price: 100.0, accrued_settlement: 0.5, accrued_delivery: 1.0,
    ///     conversion_factor: 0.9, financing_years: 0.25, interim_coupons: 0.0,
    ///     interim_coupon_years: 0.0 };
    /// let nb = b.net_basis(110.0, 0.05);
    /// assert!((nb - (b.gross_basis(110.0) - b.carry(0.05))).abs() < BASIS_FORMULA_ABS);
    /// ```
    pub fn net_basis(&self, futures_price: f64, repo_rate: f64) -> f64 {
        self.forward_clean_price(repo_rate) - futures_price * self.conversion_factor
    }

    /// The implied repo rate: the financing rate at which buying the bond, delivering it into
    /// the future and reinvesting interim coupons breaks even (proceeds method).
    ///
    /// # Formula
    /// ```text
    /// Inv = F × CF + AI_T
    /// IRR = (Inv + Σ C_i − (P + AI_s)) / ( (P + AI_s)·τ − Σ C_i·dcf(t_i, T) )
    /// ```
    /// Symbols as in [`BasisInputs::forward_clean_price`]; `IRR` is a decimal money-market
    /// rate on the repo basis.
    ///
    /// # Conventions
    /// Simple interest on the repo basis (Act/360 USD, Act/365 CNY). `None` when the
    /// denominator is not positive (no time to delivery).
    ///
    /// # References
    /// Spec §5.6 (the same formula in rateslib and tea-bond); Burghardt & Belton, *The
    /// Treasury Bond Basis*, 3rd ed., ch. 2 (implied repo).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::BasisInputs;
    /// use spreadtrade::tolerance::BASIS_FORMULA_ABS;
    ///
    /// // No coupon: (110×0.9 + 1 − 100.5)/(100.5 × 0.25)
    /// let b = BasisInputs { clean_price: 100.0, accrued_settlement: 0.5, accrued_delivery: 1.0,
    ///     conversion_factor: 0.9, financing_years: 0.25, interim_coupons: 0.0,
    ///     interim_coupon_years: 0.0 };
    /// let irr = b.implied_repo(110.0).unwrap();
    /// assert!((irr - (100.0 / 100.5 - 1.0) / 0.25).abs() < BASIS_FORMULA_ABS);
    /// ```
    pub fn implied_repo(&self, futures_price: f64) -> Option<f64> {
        let dirty = self.dirty_price();
        let denominator = dirty * self.financing_years - self.interim_coupon_years;
        let irr = (self.invoice_price(futures_price) + self.interim_coupons - dirty) / denominator;
        (denominator > 0.0 && irr.is_finite()).then_some(irr)
    }
}

/// The futures DV01 per contract from the cheapest-to-deliver's DV01 at spot, the desk proxy.
///
/// # Formula
/// ```text
/// DV01_fut = DV01_CTD / CF × face / 100
/// ```
/// - `DV01_CTD`: the CTD's dirty-price change of 100 face for 1 bp at spot settlement;
///   `CF`: its conversion factor; `face`: the contract's face value (currency).
///
/// # Conventions
/// Currency per contract per 1 bp, positive for a long future. No forward or carry
/// adjustment: see [`forward_futures_dv01`] for the delivery-date version the price table
/// uses. `None` for a non-positive or non-finite input.
///
/// # References
/// Spec §5.4 (the CTD method; CME and MathWorks material); `shared/vectors/futures_dv01.json`.
///
/// # Examples
/// ```
/// use spreadtrade::basket::futures_dv01_spot_proxy;
///
/// // TUM24 on 2024-04-16 (futures_dv01.json): CTD 4.5% 2026-03-31, DV01 0.01834401497794147,
/// // CF 0.9753, face $200,000 → $37.61717415757504.
/// let tu = futures_dv01_spot_proxy(0.01834401497794147, 0.9753, 200_000.0).unwrap();
/// assert_eq!(tu, 37.61717415757504);
/// ```
pub fn futures_dv01_spot_proxy(
    ctd_dv01_per_100: f64,
    conversion_factor: f64,
    face: f64,
) -> Option<f64> {
    let ok = |x: f64| x.is_finite() && x > 0.0;
    if !(ok(ctd_dv01_per_100) && ok(conversion_factor) && ok(face)) {
        return None;
    }
    Some(ctd_dv01_per_100 / conversion_factor * (face / 100.0))
}

/// The CTD's yield on the delivery date implied by a futures price, and the futures DV01 per
/// contract there (the forward, rateslib-style futures DV01).
///
/// # Formula
/// ```text
/// dirty_T(y_T) = F × CF + AI_T                  (solve for y_T)
/// DV01_T       = (dirty_T(y_T − 1bp) − dirty_T(y_T + 1bp)) / 2
/// DV01_fut     = DV01_T / CF × face / 100
/// ```
/// - `F`: futures price; `CF`: the CTD's conversion factor; `AI_T`: its accrued interest at
///   delivery (per 100 face); `dirty_T(y)`: its dirty price at delivery from yield `y`
///   (market convention of the bond); `face`: contract face value.
///
/// # Conventions
/// Currency per contract per 1 bp, positive for a long future. Evaluated at the delivery date
/// (last delivery day for CBOT, payment day for CFFEX), which makes it a little smaller than
/// the spot proxy because the bond is shorter then. Ignores the delivery option.
///
/// # References
/// Spec §5.4 (rateslib `BondFuture.duration(metric="risk")`: the CTD's risk at the
/// futures-implied yield on the delivery date, divided by the CF).
///
/// # Errors
/// [`BondError`] if the yield cannot be solved or priced ±1 bp.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::basket::forward_futures_dv01;
/// use spreadtrade::bond::Bond;
/// use spreadtrade::tolerance::RATESLIB_FUTURES_RISK_ABS;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // rateslib's gilt example: CTD 5.75% 2009-12-07 delivered 2000-06-30 at F = 112.98 with
/// // CF 0.9142255; rateslib's futures "risk" (DV01 per 100 × 100 / CF) is 8.20178546111
/// // (its test tolerance 1e-3).
/// let bond = Bond::us_treasury(0.0575, None, d(2009, 12, 7))?;
/// let at_t = bond.settle(d(2000, 6, 30))?;
/// let cf = 0.9142254519590044;
/// let (_, dv01) = forward_futures_dv01(&at_t, 112.98, cf, at_t.accrued_interest(), 100.0)?;
/// assert!((dv01 * 100.0 - 8.20178546111).abs() < RATESLIB_FUTURES_RISK_ABS);
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
pub fn forward_futures_dv01(
    ctd_at_delivery: &SettledBond,
    futures_price: f64,
    conversion_factor: f64,
    accrued_delivery: f64,
    face: f64,
) -> Result<(f64, f64), BondError> {
    let dirty = futures_price * conversion_factor + accrued_delivery;
    let y_t = ctd_at_delivery.yield_from_dirty_price(dirty)?;
    let dv01 = ctd_at_delivery.dv01(y_t)?;
    Ok((y_t, dv01 / conversion_factor * (face / 100.0)))
}

pub(crate) fn check_positive(name: &'static str, value: f64) -> Result<(), BasketError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(BasketError::InvalidInput {
            name,
            expected: "a finite positive number",
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::{BASIS_FORMULA_ABS, PUBLISHED_6DP_ABS};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// The gilt CF rateslib uses: the clean price per 1 at 7% on the first delivery day
    /// (2000-06-01), unrounded. `ex_div_days` > 0 applies the ex-dividend price the gilt
    /// market uses when that day is inside the 7-business-day ex-dividend period: the next
    /// coupon is removed and accrued interest is negative, which raises the clean price by
    /// `cpn·(1 − v^w)` (w = days to the coupon over days in the period, v = 1/(1 + y/2)).
    fn gilt_cf(bond: &Bond, ex_div_days: Option<(f64, f64)>) -> f64 {
        let clean = bond.clean_price(d(2000, 6, 1), 0.07).unwrap();
        let adjust = ex_div_days.map_or(0.0, |(days, period)| {
            bond.coupon_per_period() * (1.0 - 1.035_f64.powf(-days / period))
        });
        (clean + adjust) / 100.0
    }

    #[test]
    fn gilt_example_of_spec_5_6_is_reproduced() {
        // rateslib test_dlv_screen_print (spec §5.6): settlement 2000-03-16, delivery
        // 2000-06-30, F = 112.98, repo 6.24% Act/365F; bonds dated 1999-01-01, semi-annual
        // Act/Act ICMA. Published: gross basis, implied repo (%), net basis to 6 dp.
        // Only the CF of the 5.75% 2009 bond needs ex-dividend handling (2000-06-01 is 6 days
        // before its 2000-06-07 coupon, inside the ex-dividend period); it is applied here in
        // the test, since the library has no gilt conventions. Neither settlement nor delivery
        // is ex-dividend for any bond, so the accruals need none.
        let rows = [
            (
                0.0575,
                d(2009, 12, 7),
                102.732,
                Some((6.0, 183.0)),
                -0.557192,
                7.381345,
                -0.343654,
            ),
            (
                0.09,
                d(2011, 7, 12),
                131.461,
                None,
                1.243582,
                3.564685,
                1.033668,
            ),
            (
                0.0625,
                d(2010, 11, 25),
                107.877,
                None,
                1.118677,
                2.199755,
                1.275866,
            ),
            (
                0.09,
                d(2012, 8, 6),
                134.455,
                None,
                3.177230,
                -1.414670,
                3.010371,
            ),
        ];
        let mut irrs = Vec::new();
        for (c, mat, price, ex, gb, irr, nb) in rows {
            let bond = Bond::us_treasury(c, Some(d(1999, 1, 1)), mat).unwrap();
            let cf = gilt_cf(&bond, ex);
            let b = BasisInputs::for_bond(
                &bond,
                d(2000, 3, 16),
                d(2000, 6, 30),
                MoneyMarketBasis::Act365,
                cf,
                price,
            )
            .unwrap();
            assert!(
                (b.gross_basis(112.98) - gb).abs() < PUBLISHED_6DP_ABS,
                "{c}"
            );
            let got = b.implied_repo(112.98).unwrap() * 100.0;
            assert!((got - irr).abs() < PUBLISHED_6DP_ABS, "{c}: {got}");
            assert!(
                (b.net_basis(112.98, 0.0624) - nb).abs() < PUBLISHED_6DP_ABS,
                "{c}"
            );
            let identity = b.gross_basis(112.98) - b.carry(0.0624);
            assert!((identity - b.net_basis(112.98, 0.0624)).abs() < BASIS_FORMULA_ABS);
            irrs.push(got);
        }
        // The CTD (highest implied repo) is the 5.75% 2009 bond.
        assert!(irrs[0] > irrs[1] && irrs[0] > irrs[2] && irrs[0] > irrs[3]);
    }

    #[test]
    fn interim_coupons_enter_the_sums() {
        // 6.25% 2010-11-25 pays 3.125 on 2000-05-25, 36 days before delivery 2000-06-30.
        let bond = Bond::us_treasury(0.0625, None, d(2010, 11, 25)).unwrap();
        let b = BasisInputs::for_bond(
            &bond,
            d(2000, 3, 16),
            d(2000, 6, 30),
            MoneyMarketBasis::Act365,
            1.0,
            100.0,
        )
        .unwrap();
        assert_eq!(b.interim_coupons, 3.125);
        assert!((b.interim_coupon_years - 3.125 * 36.0 / 365.0).abs() < BASIS_FORMULA_ABS);
        assert!((b.financing_years - 106.0 / 365.0).abs() < BASIS_FORMULA_ABS);
    }

    #[test]
    fn irr_at_the_forward_price_is_the_repo_rate() {
        let bond = Bond::us_treasury(0.0625, None, d(2010, 11, 25)).unwrap();
        let b = BasisInputs::for_bond(
            &bond,
            d(2000, 3, 16),
            d(2000, 6, 30),
            MoneyMarketBasis::Act360,
            0.95,
            104.0,
        )
        .unwrap();
        for r in [-0.01, 0.0, 0.0312, 0.08] {
            let f = b.forward_clean_price(r) / b.conversion_factor;
            assert!((b.implied_repo(f).unwrap() - r).abs() < BASIS_FORMULA_ABS);
            assert!(b.net_basis(f, r).abs() < BASIS_FORMULA_ABS);
        }
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let bond = Bond::us_treasury(0.0625, None, d(2010, 11, 25)).unwrap();
        let mk = |s, t, cf, p| BasisInputs::for_bond(&bond, s, t, MoneyMarketBasis::Act360, cf, p);
        assert!(matches!(
            mk(d(2000, 3, 16), d(2000, 3, 16), 1.0, 100.0),
            Err(BasketError::InvalidInput {
                name: "delivery date",
                ..
            })
        ));
        assert!(mk(d(2000, 3, 16), d(2000, 6, 30), 0.0, 100.0).is_err());
        assert!(mk(d(2000, 3, 16), d(2000, 6, 30), 1.0, f64::NAN).is_err());
        assert!(matches!(
            mk(d(2000, 3, 16), d(2011, 6, 30), 1.0, 100.0),
            Err(BasketError::Bond { .. })
        ));
        assert_eq!(futures_dv01_spot_proxy(0.05, 0.0, 1e5), None);
        assert_eq!(futures_dv01_spot_proxy(f64::NAN, 0.9, 1e5), None);
    }

    #[test]
    fn delivery_dates_by_exchange() {
        // Spec §1.3 and §2.2: TYM24 last delivery 2024-06-28; T2406 payment day 2024-06-18.
        let ty: ContractCode = "TYM24".parse().unwrap();
        assert_eq!(
            delivery_date(&ty, &ty.dates().unwrap()).unwrap(),
            d(2024, 6, 28)
        );
        let t: ContractCode = "T2406".parse().unwrap();
        assert_eq!(
            delivery_date(&t, &t.dates().unwrap()).unwrap(),
            d(2024, 6, 18)
        );
        let vx: ContractCode = "VXM24".parse().unwrap();
        assert!(matches!(
            delivery_date(&vx, &vx.dates().unwrap()),
            Err(BasketError::NotABondFuture { .. })
        ));
        assert_eq!(
            MoneyMarketBasis::for_currency(Currency::Usd),
            MoneyMarketBasis::Act360
        );
        assert_eq!(
            MoneyMarketBasis::for_currency(Currency::Cny).to_string(),
            "Act/365"
        );
    }
}
