//! The financing (repo) rate of the curve-implied model, per bond market, and its name for
//! outputs.
//!
//! | market | rate | why |
//! | --- | --- | --- |
//! | U.S. Treasury | the 3-month par yield (a Treasury bill), `BEY × 360/365`, Act/360 ([`repo_from_curve`]) | published on every row of the Treasury par curve |
//! | China government | the **1-year ChinaBond CGB yield**, Act/365 ([`cgb_financing_rate`]) | the only short rate published on every ChinaBond row 2002–2026: the 2016–2026 file has no tenor under one year, and the data folder holds no CNY money-market series (7-day repo, SHIBOR) |
//!
//! The CNY choice is a **proxy**: CGB futures basis trades are financed in the interbank
//! repo market (7-day pledged repo, DR007/R007), which trades around the 1-year CGB yield
//! but moves with the central bank's liquidity operations. One rate for the whole history
//! keeps the model's carry free of a jump on the date the two ChinaBond files are spliced
//! (2016-05-03, [`crate::market::splice_cny_curve`]).

use super::{BasketError, BondMarket, MoneyMarketBasis, repo_from_curve};
use crate::curve::{Interpolation, ParCurve};

/// The curve maturity (years) whose yield finances a CGB basis trade in the curve-implied
/// model: 1 year.
pub const CNY_FINANCING_TENOR_YEARS: f64 = 1.0;

/// The name of the CNY financing rate, as outputs print it.
pub const CNY_FINANCING_RATE_NAME: &str =
    "CGB 1Y yield (ChinaBond 1-year, Act/365; a proxy for CNY repo)";

/// The name of the USD financing rate, as outputs print it.
pub const USD_FINANCING_RATE_NAME: &str =
    "UST 3M bill yield (Treasury par curve, BEY x 360/365, Act/360)";

/// The CNY financing rate of the curve-implied model: the day's 1-year ChinaBond CGB yield,
/// used as a simple Act/365 money-market rate.
///
/// # Formula
/// ```text
/// r = y(1)
/// ```
/// - `y(1)`: the curve's yield at 1 year (decimal, annual compounding), the published 1Y
///   point (interpolated across a missing one like any other maturity);
/// - `r`: the financing rate (decimal, simple interest, Act/365), applied to the carry period
///   from spot to the CFFEX payment day (at most about nine months).
///
/// # Conventions
/// Over a period `τ ≤ 1` year, simple interest at the annual-compounded 1-year yield differs
/// from compounding it by `y²·τ(1−τ)/2` in the growth factor (about 2.5e-5 at 2%, τ = ½): left
/// out. CNY repo is quoted Act/365 ([`MoneyMarketBasis::Act365`]). See the module table for
/// why this rate stands in for repo.
///
/// # References
/// Burghardt & Belton, *The Treasury Bond Basis*, 3rd ed. (McGraw-Hill, 2005), ch. 1 (carry:
/// coupon income less financing at the term repo rate to delivery); China Central Depository
/// & Clearing (ChinaBond), CGB yield curve (中债国债收益率曲线), the 1-year point, as in the
/// shared data README sections 5 and 7 (no tenor under one year from 2016).
///
/// # Errors
/// [`BasketError::Curve`] if the curve cannot answer at 1 year (never for a built curve).
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::basket::cgb_financing_rate;
/// use spreadtrade::curve::{CouponFrequency, ParCurve, Tenor};
///
/// // ChinaBond curve of 2024-03-19 (`chinabond_cgb_ytm_curve_1y_50y_2016_2026.csv` in the
/// // shared data): 1Y 1.7725%, 2Y 2.0023%, 10Y 2.2801% (the last two quoted in its README §7).
/// let date = NaiveDate::from_ymd_opt(2024, 3, 19).unwrap();
/// let nodes = [
///     (Tenor::Years(1), 0.017725),
///     (Tenor::Years(2), 0.020023),
///     (Tenor::Years(10), 0.022801),
/// ];
/// let curve = ParCurve::new(date, &nodes, CouponFrequency::Annual)?;
/// assert_eq!(cgb_financing_rate(&curve)?, 0.017725);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cgb_financing_rate(curve: &ParCurve) -> Result<f64, BasketError> {
    curve
        .par_yield(CNY_FINANCING_TENOR_YEARS, Interpolation::MonotoneCubic)
        .map_err(|source| BasketError::Curve {
            date: curve.date(),
            source,
        })
}

impl BondMarket {
    /// The financing (repo) rate of the curve-implied model on a day's curve of this
    /// market: [`repo_from_curve`] (3-month bill, Act/360) for U.S. Treasuries,
    /// [`cgb_financing_rate`] (1-year CGB, Act/365) for China government bonds.
    ///
    /// # Errors
    /// As the two functions.
    pub fn financing_rate(self, curve: &ParCurve) -> Result<f64, BasketError> {
        match self {
            BondMarket::UsTreasury => repo_from_curve(curve, MoneyMarketBasis::Act360),
            BondMarket::ChinaGovernment => cgb_financing_rate(curve),
        }
    }

    /// The name of [`BondMarket::financing_rate`] for outputs
    /// ([`USD_FINANCING_RATE_NAME`], [`CNY_FINANCING_RATE_NAME`]).
    pub const fn financing_rate_name(self) -> &'static str {
        match self {
            BondMarket::UsTreasury => USD_FINANCING_RATE_NAME,
            BondMarket::ChinaGovernment => CNY_FINANCING_RATE_NAME,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{CouponFrequency, Tenor};
    use chrono::NaiveDate;

    fn curve(nodes: &[(Tenor, f64)]) -> ParCurve {
        let date = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
        ParCurve::new(date, nodes, CouponFrequency::Annual).unwrap()
    }

    #[test]
    fn cny_reads_the_one_year_point_with_or_without_a_money_market_end() {
        let whole_years = curve(&[(Tenor::Years(1), 0.018), (Tenor::Years(10), 0.027)]);
        assert_eq!(
            BondMarket::ChinaGovernment
                .financing_rate(&whole_years)
                .unwrap(),
            0.018
        );
        // Before 2016 the curve has a 3-month point: still the 1-year yield, not the 3-month.
        let with_bills = curve(&[
            (Tenor::Months(3), 0.012),
            (Tenor::Years(1), 0.018),
            (Tenor::Years(10), 0.027),
        ]);
        assert_eq!(cgb_financing_rate(&with_bills).unwrap(), 0.018);
        // The U.S. rule reads 3 months (flat below the 1-year point here) on Act/360.
        let usd = BondMarket::UsTreasury.financing_rate(&with_bills).unwrap();
        assert!((usd - 0.012 * 360.0 / 365.0).abs() < 1e-12);
        assert!(
            BondMarket::ChinaGovernment
                .financing_rate_name()
                .contains("1Y")
        );
        assert!(BondMarket::UsTreasury.financing_rate_name().contains("3M"));
    }
}
