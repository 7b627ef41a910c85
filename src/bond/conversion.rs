//! Exchange conversion factors: the CBOT 6% formula and the CFFEX 3% formula.

use super::{Bond, BondError, Frequency, MAX_COUPON_RATE};
use crate::contract::{ContractCode, ConversionFactorConvention};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The CBOT notional yield (6%, spec §1.5), as a decimal.
pub const CBOT_NOTIONAL_YIELD: f64 = 0.06;

/// The CFFEX notional coupon (3%, spec §2.1 and §2.4), as a decimal.
pub const CFFEX_NOTIONAL_COUPON: f64 = 0.03;

/// One half-year at the CBOT notional yield: `1 + 0.06/2 = 1.03`.
const CBOT_HALF_YEAR: f64 = 1.0 + CBOT_NOTIONAL_YIELD / 2.0;

/// `a = 1/1.03^(v/6)` for `v = 0..=6`, computed once (the only fractional power in the CBOT
/// formula, so that a factor costs no `powf`).
static CBOT_A_BY_V: LazyLock<[f64; 7]> =
    LazyLock::new(|| std::array::from_fn(|v| 1.0 / CBOT_HALF_YEAR.powf(v as f64 / 6.0)));

/// Decimal places of a published conversion factor (both exchanges).
pub const CONVERSION_FACTOR_DECIMALS: i32 = 4;

/// Rounds a non-negative value half up to `places` decimals.
///
/// For the non-negative values it is used on (factors, accrued interest) `f64::round`, which
/// rounds half away from zero, is round half up. The scaling `x·10^places` is itself rounded
/// to the nearest `f64`, so a value within an ulp of a tie may go either way; exchange inputs
/// do not produce such ties (a coupon in 1/1000 % times a day ratio).
pub(crate) fn round_half_up(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// A CBOT conversion factor with the intermediates of the exchange formula.
///
/// Field names follow the CME formula text (`n`, `z`, `v`, `a`, `b`, `c`, `d`), so they can be
/// compared one by one with `shared/vectors/cbot_conversion_factors.json`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CbotConversionFactor {
    /// The factor rounded half up to 4 decimals: the exchange's published number.
    pub factor: f64,
    /// The factor before rounding.
    pub unrounded: f64,
    /// Whole calendar months from the first day of the contract month to maturity.
    pub months: u32,
    /// Whole years in `months`.
    pub n: u32,
    /// Remaining months (rounded down to a quarter for TY, TN, US, UB).
    pub z: u32,
    /// Months into the current half-year period: `z` if `z < 7`, else `z − 6`.
    pub v: u32,
    /// Discount for `v` months at 3% a half-year: `1/1.03^(v/6)`.
    pub a: f64,
    /// Accrued coupon for `6 − v` months: `(coupon/2)·(6 − v)/6`.
    pub b: f64,
    /// Discount for the whole half-years: `1/1.03^(2n)` or `1/1.03^(2n+1)`.
    pub c: f64,
    /// Present value of the remaining coupons: `(coupon/0.06)·(1 − c)`.
    pub d: f64,
}

/// A CFFEX conversion factor with the inputs of the exchange formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CffexConversionFactor {
    /// The factor rounded half up to 4 decimals: the exchange's published number.
    pub factor: f64,
    /// The factor before rounding.
    pub unrounded: f64,
    /// `x`: months from the reference (payment) month to the month of the next coupon.
    pub x_months: u32,
    /// `n`: coupons paid strictly after the reference date, maturity included.
    pub n_coupons: u32,
    /// The reference (payment) date the factor was computed for.
    pub reference_date: NaiveDate,
    /// The first coupon date strictly after the reference date.
    pub next_coupon: NaiveDate,
}

/// A conversion factor under either exchange's rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "lowercase")]
#[non_exhaustive]
pub enum ConversionFactor {
    /// CBOT 6% formula (spec §1.5).
    Cbot(CbotConversionFactor),
    /// CFFEX 3% formula (spec §2.4).
    Cffex(CffexConversionFactor),
}

impl ConversionFactor {
    /// The factor rounded to 4 decimals, as the exchange publishes it.
    pub fn factor(&self) -> f64 {
        match self {
            ConversionFactor::Cbot(cf) => cf.factor,
            ConversionFactor::Cffex(cf) => cf.factor,
        }
    }

    /// The factor before rounding.
    pub fn unrounded(&self) -> f64 {
        match self {
            ConversionFactor::Cbot(cf) => cf.unrounded,
            ConversionFactor::Cffex(cf) => cf.unrounded,
        }
    }
}

fn check_coupon(coupon_rate: f64) -> Result<(), BondError> {
    if coupon_rate.is_finite() && (0.0..=MAX_COUPON_RATE).contains(&coupon_rate) {
        Ok(())
    } else {
        Err(BondError::InvalidCouponRate {
            coupon_rate,
            max: MAX_COUPON_RATE,
        })
    }
}

/// Whole calendar months from `start`'s month to `end`'s month (days ignored).
fn month_difference(start: NaiveDate, end: NaiveDate) -> i32 {
    (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32
}

/// The CBOT conversion factor of a semi-annual Treasury into a contract month.
///
/// # Formula
/// ```text
/// months = (Y_mat − Y_start)·12 + (M_mat − M_start)
/// n = months div 12,  z = months mod 12      (CbotQuarters: z rounded down to 0, 3, 6, 9)
/// v = z        if z < 7
///     z − 6    if z ≥ 7                      (z = 9 gives v = 3 under CbotQuarters)
/// a = 1 / 1.03^(v/6)
/// b = (cpn/2) · (6 − v)/6
/// c = 1 / 1.03^(2n)       if z < 7
///     1 / 1.03^(2n + 1)   otherwise
/// d = (cpn/0.06) · (1 − c)
/// CF = round_half_up( a·(cpn/2 + c + d) − b , 4 )
/// ```
/// - `cpn`: annual coupon rate (decimal); `months`: whole calendar months from the first day
///   of the contract month to maturity; `n`: whole years; `z`: remaining months; `v`: months
///   into the current half-year; `a`: discount over `v` months; `b`: accrued coupon for
///   `6 − v` months; `c`: discount over the whole half-years; `d`: value of the coupons, all
///   per 1 of face at the 6% notional yield (3% a half-year).
///
/// # Conventions
/// Time to maturity runs from the **first day of the contract month**; TU and FV keep whole
/// months ([`ConversionFactorConvention::CbotWholeMonths`]), TY, TN, US and UB round down to
/// a quarter ([`ConversionFactorConvention::CbotQuarters`]). Rounded half up to 4 decimals.
///
/// # References
/// Spec §1.5 (CME "Calculating U.S. Treasury Futures Conversion Factors", as restated there),
/// with its December 2008 CME values 0.9229 / 0.8653 / 0.8357 / 0.7943; Burghardt & Belton,
/// *The Treasury Bond Basis*, 3rd ed., ch. 1 (conversion factors).
///
/// # Errors
/// [`BondError::InvalidCouponRate`]; [`BondError::NotFirstOfMonth`] if `contract_month_start`
/// is not the 1st; [`BondError::MaturityNotAfterReference`] if the bond matures on or before
/// it; [`BondError::ConventionMismatch`] for [`ConversionFactorConvention::Cffex`].
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::bond::cbot_conversion_factor;
/// use spreadtrade::contract::ConversionFactorConvention;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // CME, December 2008 TU: 1.5% of 2010-10-31 → 0.9229 (spec §1.5).
/// let cf = cbot_conversion_factor(
///     0.015,
///     d(2010, 10, 31),
///     d(2008, 12, 1),
///     ConversionFactorConvention::CbotWholeMonths,
/// )?;
/// assert_eq!(cf.factor, 0.9229);
/// assert_eq!((cf.n, cf.z, cf.v), (1, 10, 4));
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
pub fn cbot_conversion_factor(
    coupon_rate: f64,
    maturity: NaiveDate,
    contract_month_start: NaiveDate,
    convention: ConversionFactorConvention,
) -> Result<CbotConversionFactor, BondError> {
    check_coupon(coupon_rate)?;
    let quarters = match convention {
        ConversionFactorConvention::CbotWholeMonths => false,
        ConversionFactorConvention::CbotQuarters => true,
        other => {
            return Err(BondError::ConventionMismatch {
                expected: "CBOT",
                found: other,
            });
        }
    };
    if contract_month_start.day() != 1 {
        return Err(BondError::NotFirstOfMonth {
            date: contract_month_start,
        });
    }
    if maturity <= contract_month_start {
        return Err(BondError::MaturityNotAfterReference {
            maturity,
            reference_date: contract_month_start,
        });
    }
    // maturity > start (checked), so the difference is non-negative.
    let months = month_difference(contract_month_start, maturity).unsigned_abs();
    let n = months / 12;
    let mut z = months % 12;
    if quarters {
        z -= z % 3;
    }
    let v = if z < 7 { z } else { z - 6 };
    // v ≤ 6 by construction (z < 12).
    let a = CBOT_A_BY_V[v as usize];
    let half_coupon = coupon_rate / 2.0;
    let b = half_coupon * f64::from(6 - v) / 6.0;
    // months fits in i32 (it came from an i32 difference), so 2n + 1 ≤ months/6 + 1 does too.
    let periods = 2 * (months / 12) as i32 + i32::from(z >= 7);
    let c = (1.0 / CBOT_HALF_YEAR).powi(periods);
    let d = coupon_rate / CBOT_NOTIONAL_YIELD * (1.0 - c);
    let unrounded = a * (half_coupon + c + d) - b;
    Ok(CbotConversionFactor {
        factor: round_half_up(unrounded, CONVERSION_FACTOR_DECIMALS),
        unrounded,
        months,
        n,
        z,
        v,
        a,
        b,
        c,
        d,
    })
}

/// The CFFEX conversion factor of a CGB for a contract, from its payment (reference) day.
///
/// # Formula
/// ```text
/// CF = [ c/f + c/r + (1 − c/r) / (1 + r/f)^(n−1) ] / (1 + r/f)^(x·f/12)  −  (c/f)·(1 − x·f/12)
/// CF (published) = round_half_up(CF, 4)
/// ```
/// - `r`: notional coupon, 3% (decimal); `c`: the bond's coupon rate (decimal); `f`: coupons a
///   year; `x`: months from the reference month to the month of the next coupon
///   (`(Y_next − Y_ref)·12 + M_next − M_ref`); `n`: coupons paid strictly after the reference
///   date, maturity included.
///
/// # Conventions
/// The reference date is the contract's payment day (second delivery day, spec §2.2); any
/// later day of the delivery month before the next coupon gives the same result. When the
/// payment day is itself a coupon date that coupon is not counted in `n`, and the next coupon
/// is one full period later (`x = 12/f`). Rounded half up to 4 decimals.
///
/// # References
/// Spec §2.4 (CFFEX conversion-factor notice text; T1903 attachment and 2024 "add deliverable
/// bond" notices, all reproduced); tea-bond's `cffex_tb_cf_formula` for the payment-day edge
/// case.
///
/// # Errors
/// [`BondError::MaturityNotAfterReference`] if the bond matures on or before the reference
/// date.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::bond::{cffex_conversion_factor, Bond, Frequency};
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // T1903: 150023 (2.99%, semi-annual, 2025-10-15), payment day 2019-03-12 → 0.9994
/// // (CFFEX attachment "T1903合约可交割国债和转换因子", spec §2.4).
/// let bond = Bond::cgb(0.0299, Frequency::SemiAnnual, None, d(2025, 10, 15))?;
/// let cf = cffex_conversion_factor(&bond, d(2019, 3, 12))?;
/// assert_eq!(cf.factor, 0.9994);
/// assert_eq!((cf.x_months, cf.n_coupons), (1, 14));
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
pub fn cffex_conversion_factor(
    bond: &Bond,
    reference_date: NaiveDate,
) -> Result<CffexConversionFactor, BondError> {
    let remaining = bond.schedule().dates_after(reference_date);
    let Some(&next_coupon) = remaining.first() else {
        return Err(BondError::MaturityNotAfterReference {
            maturity: bond.maturity(),
            reference_date,
        });
    };
    // next_coupon > reference_date, so the month difference is non-negative.
    let x_months = month_difference(reference_date, next_coupon).unsigned_abs();
    // At most MAX_TERM_YEARS · 2 coupons: far inside u32.
    let n_coupons = u32::try_from(remaining.len()).unwrap_or(u32::MAX);
    let r = CFFEX_NOTIONAL_COUPON;
    let c = bond.coupon_rate();
    let f = bond.frequency().per_year_f64();
    let g = 1.0 + r / f;
    let fraction = f64::from(x_months) * f / 12.0;
    // n ≥ 1 coupons, at most 2·MAX_TERM_YEARS + 1: n − 1 fits in i32.
    let unrounded = (c / f + c / r + (1.0 - c / r) / g.powi(n_coupons as i32 - 1))
        / g.powf(fraction)
        - c / f * (1.0 - fraction);
    Ok(CffexConversionFactor {
        factor: round_half_up(unrounded, CONVERSION_FACTOR_DECIMALS),
        unrounded,
        x_months,
        n_coupons,
        reference_date,
        next_coupon,
    })
}

/// The conversion factor of `bond` into the contract `code`, by the root's exchange rule.
///
/// CBOT roots use the first day of the contract month ([`ContractCode::month_start`]) and
/// [`cbot_conversion_factor`]; `payment_day` is not used for them. CFFEX roots use
/// `payment_day` (the contract's second delivery day, spec §2.2), which must be given and lie
/// in the contract month, and [`cffex_conversion_factor`].
///
/// # Errors
/// [`BondError::NotABondFuture`] for EC and VX; [`BondError::FrequencyMismatch`] for a CBOT
/// contract and a bond that is not semi-annual; [`BondError::MissingPaymentDay`] or
/// [`BondError::ReferenceOutsideContractMonth`] for a CFFEX contract; otherwise as the
/// exchange's function.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::bond::{conversion_factor, Bond, Frequency};
/// use spreadtrade::contract::ContractCode;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // 240004 (2.35%, semi-annual, 2034-02-25) into T2406, payment day 2024-06-18 → 0.9458
/// // (CFFEX notice of 2024-02-26, spec §2.4).
/// let bond = Bond::cgb(0.0235, Frequency::SemiAnnual, Some(d(2024, 2, 25)), d(2034, 2, 25))?;
/// let code: ContractCode = "T2406".parse()?;
/// assert_eq!(conversion_factor(&code, &bond, Some(d(2024, 6, 18)))?.factor(), 0.9458);
/// // UST 4.125% 2031-03-31 into TYM24 → 0.8971 (shared/vectors/cbot_conversion_factors.json).
/// let note = Bond::us_treasury(0.04125, None, d(2031, 3, 31))?;
/// let code: ContractCode = "TYM24".parse()?;
/// assert_eq!(conversion_factor(&code, &note, None)?.factor(), 0.8971);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn conversion_factor(
    code: &ContractCode,
    bond: &Bond,
    payment_day: Option<NaiveDate>,
) -> Result<ConversionFactor, BondError> {
    let root = code.root();
    let Some(convention) = root.spec().cf_convention else {
        return Err(BondError::NotABondFuture { root });
    };
    match convention {
        ConversionFactorConvention::Cffex => {
            let reference_date =
                payment_day.ok_or(BondError::MissingPaymentDay { contract: *code })?;
            if reference_date.year() != code.year() || reference_date.month() != code.month() {
                return Err(BondError::ReferenceOutsideContractMonth {
                    contract: *code,
                    reference_date,
                });
            }
            cffex_conversion_factor(bond, reference_date).map(ConversionFactor::Cffex)
        }
        cbot => {
            if bond.frequency() != Frequency::SemiAnnual {
                return Err(BondError::FrequencyMismatch {
                    rule: "CBOT",
                    expected: Frequency::SemiAnnual,
                    found: bond.frequency(),
                });
            }
            cbot_conversion_factor(
                bond.coupon_rate(),
                bond.maturity(),
                code.month_start(),
                cbot,
            )
            .map(ConversionFactor::Cbot)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Root;
    use crate::tolerance::FORMULA_ABS;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn notional_rates_match_the_root_specs() {
        for root in [Root::TU, Root::FV, Root::TY, Root::TN, Root::US, Root::UB] {
            assert_eq!(root.spec().notional_coupon, Some(CBOT_NOTIONAL_YIELD));
        }
        for root in [Root::TS, Root::TF, Root::T, Root::TL] {
            assert_eq!(root.spec().notional_coupon, Some(CFFEX_NOTIONAL_COUPON));
        }
    }

    #[test]
    fn cme_december_2008_examples() {
        // Spec §1.5, CME precalculated tables via rateslib: start 2008-12-01.
        use ConversionFactorConvention::{CbotQuarters, CbotWholeMonths};
        let start = d(2008, 12, 1);
        let cases = [
            (0.015, d(2010, 10, 31), CbotWholeMonths, 0.9229, (1, 10)),
            (0.0275, d(2013, 10, 31), CbotWholeMonths, 0.8653, (4, 10)),
            (0.0375, d(2018, 11, 15), CbotQuarters, 0.8357, (9, 9)),
            (0.045, d(2038, 5, 15), CbotQuarters, 0.7943, (29, 3)),
        ];
        for (coupon, maturity, conv, factor, (n, z)) in cases {
            let cf = cbot_conversion_factor(coupon, maturity, start, conv).unwrap();
            assert_eq!(cf.factor, factor, "{coupon} {maturity}");
            assert_eq!((cf.n, cf.z), (n, z));
        }
        // Unrounded values quoted in spec §1.5 for the first two.
        let tu = cbot_conversion_factor(0.015, d(2010, 10, 31), start, CbotWholeMonths).unwrap();
        assert!((tu.unrounded - 0.922939).abs() < 5e-7);
        let fv = cbot_conversion_factor(0.0275, d(2013, 10, 31), start, CbotWholeMonths).unwrap();
        assert!((fv.unrounded - 0.865330).abs() < 5e-7);
    }

    #[test]
    fn maturity_in_the_delivery_month_has_factor_one() {
        // months = 0: a = 1, b = cpn/2, c = 1, d = 0, so CF = 1 for any coupon.
        let cf = cbot_conversion_factor(
            0.07,
            d(2024, 6, 30),
            d(2024, 6, 1),
            ConversionFactorConvention::CbotWholeMonths,
        )
        .unwrap();
        assert!((cf.unrounded - 1.0).abs() < FORMULA_ABS);
    }

    #[test]
    fn cbot_rejects_bad_inputs() {
        let conv = ConversionFactorConvention::CbotQuarters;
        assert!(matches!(
            cbot_conversion_factor(0.04, d(2031, 3, 31), d(2024, 6, 2), conv),
            Err(BondError::NotFirstOfMonth { .. })
        ));
        assert!(matches!(
            cbot_conversion_factor(0.04, d(2024, 6, 1), d(2024, 6, 1), conv),
            Err(BondError::MaturityNotAfterReference { .. })
        ));
        assert!(matches!(
            cbot_conversion_factor(4.0, d(2031, 3, 31), d(2024, 6, 1), conv),
            Err(BondError::InvalidCouponRate { .. })
        ));
        assert!(matches!(
            cbot_conversion_factor(
                0.04,
                d(2031, 3, 31),
                d(2024, 6, 1),
                ConversionFactorConvention::Cffex
            ),
            Err(BondError::ConventionMismatch { .. })
        ));
    }

    #[test]
    fn cffex_payment_day_on_a_coupon_date_skips_that_coupon() {
        // 150023 pays Apr 15 / Oct 15. Reference 2019-04-15 (a coupon date): the next coupon is
        // 2019-10-15 (x = 6, a full period), and n counts 13 coupons after it is excluded.
        let bond = Bond::cgb(0.0299, Frequency::SemiAnnual, None, d(2025, 10, 15)).unwrap();
        let on = cffex_conversion_factor(&bond, d(2019, 4, 15)).unwrap();
        assert_eq!((on.x_months, on.n_coupons), (6, 13));
        assert_eq!(on.next_coupon, d(2019, 10, 15));
        // x·f/12 = 1: the formula is the price one period ahead at 3%, with no accrual term.
        let g: f64 = 1.015;
        let expected = (0.01495 + 0.0299 / 0.03 + (1.0 - 0.0299 / 0.03) / g.powi(12)) / g;
        assert!((on.unrounded - expected).abs() < FORMULA_ABS);
        // The day before, the April coupon is still ahead in the same month (x = 0, n = 14).
        let before = cffex_conversion_factor(&bond, d(2019, 4, 14)).unwrap();
        assert_eq!((before.x_months, before.n_coupons), (0, 14));
    }

    #[test]
    fn dispatch_checks_root_and_inputs() {
        let bond = Bond::cgb(0.0235, Frequency::SemiAnnual, None, d(2034, 2, 25)).unwrap();
        let t2406: ContractCode = "T2406".parse().unwrap();
        assert!(matches!(
            conversion_factor(&t2406, &bond, None),
            Err(BondError::MissingPaymentDay { .. })
        ));
        assert!(matches!(
            conversion_factor(&t2406, &bond, Some(d(2024, 7, 2))),
            Err(BondError::ReferenceOutsideContractMonth { .. })
        ));
        let vx: ContractCode = "VXM24".parse().unwrap();
        assert!(matches!(
            conversion_factor(&vx, &bond, None),
            Err(BondError::NotABondFuture { root: Root::VX })
        ));
        let annual = Bond::cgb(0.0199, Frequency::Annual, None, d(2026, 3, 15)).unwrap();
        let tu: ContractCode = "TUM24".parse().unwrap();
        assert!(matches!(
            conversion_factor(&tu, &annual, None),
            Err(BondError::FrequencyMismatch { .. })
        ));
    }

    #[test]
    fn rounding_is_half_up_at_four_places() {
        assert_eq!(round_half_up(0.97735001, 4), 0.9774);
        assert_eq!(round_half_up(0.97734999, 4), 0.9773);
        assert_eq!(round_half_up(0.0, 4), 0.0);
    }
}
