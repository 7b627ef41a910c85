//! The curve-implied futures price kernel: a per-contract pricer that values every deliverable
//! off a day's par curve, finds the cheapest-to-deliver, and returns the futures fair price and
//! DV01 per contract.

use super::delivery::delivery_accrued;
use super::{
    BasketError, BondMarket, Deliverable, DeliverableUniverse, MoneyMarketBasis, delivery_date,
    forward_futures_dv01,
};
use crate::bond::{BondError, SettledBond, conversion_factor};
use crate::contract::{ContractCode, ContractDates};
use crate::curve::{BootstrapConfig, CurveError, Interpolation, ParCurve, ZeroCurve};
use chrono::{Datelike, NaiveDate};
use std::fmt;

mod analysis;
#[cfg(test)]
mod test_support;

pub use analysis::{BasisRow, BondPrice, DeliveryAnalysis};

/// Days per year used to turn a bond's remaining life into a curve maturity: 365.25, so that a
/// bond issued today for `n` years reads the curve at `n` years (a curve tenor of `n` years is
/// `n`; 10 years of dates hold 3,652 or 3,653 days).
pub const CURVE_DAYS_PER_YEAR: f64 = 365.25;

/// The curve maturity (years) whose par yield finances the basis trade: the 3-month point.
pub const REPO_TENOR_YEARS: f64 = 0.25;

/// The horizon (years) of the zero curves [`Valuation::ZeroCurve`] bootstraps: past the 30-year
/// tenor, so that a new 30-year bond (up to 30 years and a few days left) is discounted on the
/// curve; beyond the last published tenor the par curve is flat (its default extrapolation).
pub const ZERO_CURVE_HORIZON_YEARS: f64 = 31.0;

/// The bootstrap set-up of [`Valuation::ZeroCurve`] for a par-curve `interpolation`:
/// [`BootstrapConfig::default`] (bills up to one year, log-linear discount factors) with the
/// grid extended to [`ZERO_CURVE_HORIZON_YEARS`].
pub fn zero_curve_config(interpolation: Interpolation) -> BootstrapConfig {
    BootstrapConfig::default()
        .with_interpolation(interpolation)
        .with_horizon_years(ZERO_CURVE_HORIZON_YEARS)
}

/// How a deliverable is valued from a day's par curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Valuation {
    /// The bond's yield is the par yield interpolated at its remaining maturity, in the
    /// curve's compounding converted to the bond's coupon frequency; its price follows from
    /// that yield under the market convention. Fast (one curve lookup and one closed-form price
    /// per bond) and exact for a bond whose coupon equals the par yield; an off-par coupon is
    /// priced at the par yield of its maturity (no coupon effect). The default: on the
    /// 2001–2010 design years it tracks real TY and US futures levels better than
    /// [`Valuation::ZeroCurve`] (see the crate's design notes for the measurements).
    #[default]
    ParYield,
    /// The bond's cash flows are discounted on the zero curve bootstrapped from the day's par
    /// curve ([`crate::curve::bootstrap`] with [`zero_curve_config`]): the dirty price is
    /// `Σ CF_i · DF(t_i) / DF(t_s)`. This prices the **coupon effect** that the par-yield
    /// valuation leaves out: on an upward-sloping curve a bond whose coupon is above the par
    /// yield pays more of its value early, at lower zero rates, so its yield is below the par
    /// yield of its maturity (and above it on an inverted curve). Old high-coupon bonds are the
    /// cheapest to deliver into TY and US whenever yields are below the 6% notional coupon, so
    /// the effect moves the futures price: measured against real front-month closes, about
    /// +0.2 points for TY and +1.6 for US on the steep curves of 2011–2015 (where it brings the
    /// mean level error of TY from −0.30 to −0.12 points), but +0.9 for US in 2001–2010,
    /// where the par-yield model was already level (see the crate's design notes).
    ///
    /// # References
    /// Tuckman & Serrat, *Fixed Income Securities*, 3rd ed., ch. 2 (prices from discount
    /// factors) and ch. 3 ("the coupon effect": yields of bonds of one maturity differ with
    /// their coupons when the curve is not flat).
    ZeroCurve,
}

impl Valuation {
    /// A one-line description for outputs.
    pub const fn description(self) -> &'static str {
        match self {
            Valuation::ParYield => {
                "model: each bond yields the day's par yield at its remaining maturity \
                 (monotone cubic), converted to its coupon frequency; repo = the 3-month par \
                 yield (U.S. Treasuries) or the 1-year CGB yield (CGBs) on the money-market \
                 basis"
            }
            Valuation::ZeroCurve => {
                "model: each bond's cash flows discounted on the zero curve bootstrapped from \
                 the day's par curve; repo = the 3-month par yield on the money-market basis"
            }
        }
    }

    /// The canonical text form: `"par-yield"` or `"zero-curve"`.
    pub const fn name(self) -> &'static str {
        match self {
            Valuation::ParYield => "par-yield",
            Valuation::ZeroCurve => "zero-curve",
        }
    }
}

impl fmt::Display for Valuation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which futures DV01: the crate's one description of the three figures and of the default
/// each use takes.
///
/// Every quote computes the forward and the spot-proxy figures
/// ([`KernelQuote::forward_dv01_per_contract`], [`KernelQuote::spot_dv01_per_contract`]); the
/// method chooses the headline number ([`KernelQuote::dv01_per_contract`]).
///
/// # Defaults per use
/// | use | default | why |
/// | --- | --- | --- |
/// | the pricer ([`ContractPricer`]) and `spreadtrade dlv` | [`PRICER_DEFAULT`](Self::PRICER_DEFAULT) = [`Forward`](Self::Forward) | the desk figure: risk to the futures' own implied yield |
/// | the price table's DV01 column (`CurveImpliedSource`): `spreadtrade prices`, the ledger's and summary's DV01, DV01 weighting and DV01 targets | [`TABLE_DEFAULT`](Self::TABLE_DEFAULT) = [`SpotCurve`](Self::SpotCurve) | the table's prices — and so a backtest's P&L — move with the spot curve |
///
/// Outputs that show a DV01 name the method by its [`name`](Self::name) (`futures_dv01_method`
/// in `spreadtrade dlv --json`, `dv01_method` in `spreadtrade prices --json`). For TU three
/// months before delivery the forward figure is about 10% smaller than the other two (the CTD
/// is shorter at delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum FuturesDv01Method {
    /// The CTD's DV01 at the delivery date at the futures-implied yield, over its CF
    /// ([`forward_futures_dv01`], rateslib `duration(metric="risk")`). The pricer's default.
    #[default]
    Forward,
    /// The CTD's DV01 at spot settlement at its model yield, over its CF
    /// ([`futures_dv01_spot_proxy`](super::futures_dv01_spot_proxy)): the desk proxy of
    /// `futures_dv01.json`. For a parallel shift of the spot curve with repo unchanged the
    /// futures price moves by this times `1 + r·τ`; the forward DV01 is smaller by roughly the
    /// ratio of the CTD's durations at delivery and at spot (about 10% for TU three months
    /// before delivery).
    SpotProxy,
    /// The sensitivity of the model futures price itself to a parallel 1 bp shift of the spot
    /// curve, with the CTD and the repo rate held: `DV01_CTD(spot) × (1 + r·τ) / CF × face/100`
    /// (differentiate `F = [(P + AI_s)(1 + r·τ) − coupons − AI_T] / CF` in the CTD's yield,
    /// which moves one-for-one with the curve in the par-yield valuation). The price table
    /// carries this one, because the table's prices — and so a backtest's P&L — move with the
    /// spot curve.
    SpotCurve,
}

impl FuturesDv01Method {
    /// The default of the pricer and of `spreadtrade dlv`: [`FuturesDv01Method::Forward`].
    pub const PRICER_DEFAULT: FuturesDv01Method = FuturesDv01Method::Forward;
    /// The default of the price table's DV01 column, and so of every backtest:
    /// [`FuturesDv01Method::SpotCurve`].
    pub const TABLE_DEFAULT: FuturesDv01Method = FuturesDv01Method::SpotCurve;

    /// The canonical text form: `"forward"`, `"spot-proxy"` or `"spot-curve"`.
    pub const fn name(self) -> &'static str {
        match self {
            FuturesDv01Method::Forward => "forward",
            FuturesDv01Method::SpotProxy => "spot-proxy",
            FuturesDv01Method::SpotCurve => "spot-curve",
        }
    }
}

impl fmt::Display for FuturesDv01Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Converts a yield between compounding frequencies with the same growth over a year.
///
/// ```text
/// (1 + y_to/f_to)^f_to = (1 + y_from/f_from)^f_from
/// ```
pub(crate) fn convert_compounding(yield_rate: f64, from_per_year: f64, to_per_year: f64) -> f64 {
    if from_per_year == to_per_year {
        yield_rate
    } else {
        to_per_year * ((1.0 + yield_rate / from_per_year).powf(from_per_year / to_per_year) - 1.0)
    }
}

/// The financing (repo) rate read off a par curve: the 3-month par yield converted to the
/// money-market basis.
///
/// # Formula
/// ```text
/// r = y(0.25) · D / 365
/// ```
/// - `y(0.25)`: the curve's par yield at 3 months (decimal), interpolated across a missing
///   3-month point like any other maturity;
/// - `D`: days in the repo basis year (360 for USD, 365 for CNY).
///
/// # Conventions
/// U.S. Treasury par yields under one year are bills' bond-equivalent yields, simple interest
/// on Act/365, so `y·360/365` is the same bill's money-market (Act/360) yield. ChinaBond's
/// 3-month yield is taken as an Act/365 simple rate as it is. A T-bill rate is a proxy for
/// general-collateral repo (GC repo usually trades a few basis points around it).
///
/// # References
/// U.S. Treasury, "Interest Rate Statistics: Daily Treasury Par Yield Curve Rates" (bill
/// yields are bond-equivalent); Stigum & Crescenzi, *Stigum's Money Market*, 4th ed., ch. 5
/// (bond-equivalent vs money-market yields: `MMY = BEY × 360/365` for bills up to 6 months).
///
/// # Errors
/// [`BasketError::Curve`] if the curve cannot answer at 3 months (never for a built curve).
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::basket::{MoneyMarketBasis, repo_from_curve};
/// use spreadtrade::tolerance::RATE_ABS;
/// use spreadtrade::curve::{CouponFrequency, ParCurve, Tenor};
///
/// // 2024-04-16 Treasury par curve: 3-month 5.45% → 5.3753% Act/360.
/// let date = NaiveDate::from_ymd_opt(2024, 4, 16).unwrap();
/// let nodes = [(Tenor::Months(3), 0.0545), (Tenor::Years(10), 0.0466)];
/// let curve = ParCurve::new(date, &nodes, CouponFrequency::SemiAnnual)?;
/// let r = repo_from_curve(&curve, MoneyMarketBasis::Act360)?;
/// assert!((r - 0.0545 * 360.0 / 365.0).abs() < RATE_ABS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn repo_from_curve(curve: &ParCurve, basis: MoneyMarketBasis) -> Result<f64, BasketError> {
    let y = curve
        .par_yield(REPO_TENOR_YEARS, Interpolation::MonotoneCubic)
        .map_err(|source| BasketError::Curve {
            date: curve.date(),
            source,
        })?;
    Ok(y * basis.days_per_year() / 365.0)
}

/// The model yield of a bond maturing on `maturity`, on `settlement`, off a par curve
/// ([`Valuation::ParYield`]).
///
/// # Formula
/// ```text
/// T   = (maturity − settlement) / 365.25          (years)
/// y_c = I(T)                                       (par yield, curve compounding c)
/// y   = f·((1 + y_c/c)^(c/f) − 1)                  (bond's coupon frequency f)
/// ```
/// - `I`: monotone cubic (Steffen) interpolation of the par curve, flat beyond its ends.
///
/// # Conventions
/// Decimal yields; `c` = 2 for U.S. Treasury par yields, 1 for ChinaBond; `f` the bond's
/// coupons per year.
///
/// # References
/// U.S. Treasury, "Treasury Yield Curve Methodology" (par yields of on-the-run issues,
/// interpolated); Tuckman & Serrat, *Fixed Income Securities*, 3rd ed., ch. 2 (par yields)
/// and ch. 3 (compounding conversion).
///
/// # Errors
/// [`BasketError::Curve`] for a maturity the curve does not answer (beyond its extrapolation
/// limit).
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::basket::model_yield;
/// use spreadtrade::bond::Frequency;
/// use spreadtrade::curve::{CouponFrequency, ParCurve, Tenor};
/// use spreadtrade::tolerance::INTERP_KNOT_ABS;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // Treasury par curve of 2024-03-20 (2-year 4.59%, 10-year 4.27%; two knots interpolate
/// // linearly). A 10-year note issued that day has 3,652 days = 9.9986 years left.
/// let nodes = [(Tenor::Years(2), 0.0459), (Tenor::Years(10), 0.0427)];
/// let curve = ParCurve::new(d(2024, 3, 20), &nodes, CouponFrequency::SemiAnnual)?;
/// let y = model_yield(&curve, d(2024, 3, 20), d(2034, 3, 20), Frequency::SemiAnnual)?;
/// let t = 3652.0 / 365.25;
/// assert!((y - (0.0459 + (0.0427 - 0.0459) * (t - 2.0) / 8.0)).abs() < INTERP_KNOT_ABS);
/// // Beyond the last tenor the curve is flat.
/// let y = model_yield(&curve, d(2024, 3, 20), d(2036, 3, 20), Frequency::SemiAnnual)?;
/// assert_eq!(y, 0.0427);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn model_yield(
    curve: &ParCurve,
    settlement: NaiveDate,
    maturity: NaiveDate,
    frequency: crate::bond::Frequency,
) -> Result<f64, BasketError> {
    let years = (maturity - settlement).num_days() as f64 / CURVE_DAYS_PER_YEAR;
    let y = curve
        .par_yield(years, Interpolation::MonotoneCubic)
        .map_err(|source| BasketError::Curve {
            date: curve.date(),
            source,
        })?;
    Ok(convert_compounding(
        y,
        f64::from(curve.frequency().per_year()),
        frequency.per_year_f64(),
    ))
}

/// A coupon paid between a settlement date and delivery, precomputed per bond.
#[derive(Debug, Clone, Copy, PartialEq)]
struct InterimFlow {
    /// Payment date as a day number (days from 0001-01-01).
    day: i32,
    /// Coupon per 100 face.
    amount: f64,
    /// `amount · dcf(t, T)` on the repo basis.
    amount_years: f64,
}

/// One deliverable with everything about it that does not depend on the trade date.
#[derive(Debug, Clone)]
struct BasketBond<'u> {
    deliverable: &'u Deliverable,
    conversion_factor: f64,
    issue_day: i32,
    maturity_day: i32,
    frequency: f64,
    /// The bond seen from the delivery date.
    at_delivery: SettledBond,
    /// `AI_T` as the invoice computes it.
    accrued_delivery: f64,
    /// Coupons in `(issue, T]`, ascending: `flows[first_flow..end_flow]` of the pricer.
    first_flow: usize,
    end_flow: usize,
    /// Payments after issue: `payments[first_payment..end_payment]` of the pricer.
    first_payment: usize,
    end_payment: usize,
}

/// One day's curve-implied quote of a contract from [`ContractPricer::quote`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KernelQuote {
    /// The futures fair price: the CTD's forward clean price over its conversion factor
    /// (decimal points).
    pub price: f64,
    /// Futures DV01 per contract in the contract's currency by the pricer's
    /// [`FuturesDv01Method`] ([`FuturesDv01Method::PRICER_DEFAULT`] unless set), positive for a
    /// long future.
    pub dv01_per_contract: f64,
    /// Futures DV01 per contract at the delivery date ([`FuturesDv01Method::Forward`]).
    pub forward_dv01_per_contract: f64,
    /// Futures DV01 per contract from the CTD's spot DV01 ([`FuturesDv01Method::SpotProxy`]).
    pub spot_dv01_per_contract: f64,
    /// Index of the CTD in the pricer's basket ([`ContractPricer::deliverable`]).
    pub ctd: usize,
    /// The CTD's conversion factor.
    pub conversion_factor: f64,
    /// The CTD's futures-implied yield at the delivery date (decimal).
    pub ctd_forward_yield: f64,
    /// The repo rate used (decimal, money-market basis).
    pub repo_rate: f64,
}

/// A contract's basket prepared for pricing on any date before delivery: deliverables,
/// conversion factors, the delivery date, accruals at delivery and the coupons before it.
///
/// Built once per contract ([`ContractPricer::new`]); [`ContractPricer::quote`] then prices one
/// day from a par curve without allocating, and [`ContractPricer::analyse`] gives the full
/// basis table from given prices.
#[derive(Debug, Clone)]
pub struct ContractPricer<'u> {
    code: ContractCode,
    delivery: NaiveDate,
    delivery_day: i32,
    basis: MoneyMarketBasis,
    face: f64,
    valuation: Valuation,
    interpolation: Interpolation,
    dv01_method: FuturesDv01Method,
    bonds: Vec<BasketBond<'u>>,
    flows: Vec<InterimFlow>,
    /// Every payment of every bond after its issue date: `(day number, amount per 100)`,
    /// ascending per bond; bond `b` owns `payments[b.first_payment..b.end_payment]`.
    payments: Vec<(i32, f64)>,
}

pub(super) fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

impl<'u> ContractPricer<'u> {
    /// The pricer of `code` over its basket in `universe`, with the exchange dates.
    ///
    /// # Errors
    /// [`BasketError::ContractDates`] if the contract's dates cannot be computed; otherwise as
    /// [`ContractPricer::with_dates`].
    pub fn new(code: ContractCode, universe: &'u DeliverableUniverse) -> Result<Self, BasketError> {
        let dates = code.dates().map_err(|source| BasketError::ContractDates {
            contract: code,
            source,
        })?;
        ContractPricer::with_dates(code, &dates, universe)
    }

    /// The pricer of `code` given its exchange dates (as the price-table builder has them).
    ///
    /// The basket is every deliverable of `universe` that meets the contract's rule and is
    /// issued before delivery; each bond's conversion factor, accrual at delivery and coupons
    /// up to delivery are computed here.
    ///
    /// # Errors
    /// As [`DeliverableUniverse::basket`] and [`delivery_date`]; [`BasketError::Bond`] if a
    /// conversion factor or the delivery-date view of a bond cannot be computed.
    pub fn with_dates(
        code: ContractCode,
        dates: &ContractDates,
        universe: &'u DeliverableUniverse,
    ) -> Result<Self, BasketError> {
        let basket = universe.basket(&code)?;
        let delivery = delivery_date(&code, dates)?;
        let spec = code.spec();
        let Some(cf_convention) = spec.cf_convention else {
            return Err(BasketError::NotABondFuture { contract: code });
        };
        let basis = MoneyMarketBasis::for_currency(spec.currency);
        let delivery_day = day_number(delivery);
        let mut bonds = Vec::with_capacity(basket.len());
        let mut flows = Vec::new();
        let mut payments = Vec::new();
        for d in basket {
            if d.issue_date() >= delivery {
                continue;
            }
            let bond_err = |source: BondError| BasketError::Bond {
                id: d.id().to_owned(),
                source,
            };
            let cf = conversion_factor(&code, d.bond(), dates.payment_day)
                .map_err(bond_err)?
                .factor();
            let at_delivery = d.bond().settle(delivery).map_err(bond_err)?;
            let first_flow = flows.len();
            let first_payment = payments.len();
            for f in d.bond().cash_flows_after(d.issue_date()) {
                payments.push((day_number(f.date), f.amount()));
                if f.date > delivery {
                    continue;
                }
                flows.push(InterimFlow {
                    day: day_number(f.date),
                    amount: f.coupon,
                    amount_years: f.coupon * basis.year_fraction(f.date, delivery),
                });
            }
            bonds.push(BasketBond {
                deliverable: d,
                conversion_factor: cf,
                issue_day: day_number(d.issue_date()),
                maturity_day: day_number(d.maturity()),
                frequency: d.bond().frequency().per_year_f64(),
                at_delivery,
                accrued_delivery: delivery_accrued(cf_convention, &at_delivery),
                first_flow,
                end_flow: flows.len(),
                first_payment,
                end_payment: payments.len(),
            });
        }
        Ok(ContractPricer {
            code,
            delivery,
            delivery_day,
            basis,
            face: spec.face_or_multiplier,
            valuation: Valuation::default(),
            interpolation: Interpolation::MonotoneCubic,
            dv01_method: FuturesDv01Method::PRICER_DEFAULT,
            bonds,
            flows,
            payments,
        })
    }

    /// The same pricer valuing bonds with `valuation` (default [`Valuation::ParYield`]).
    #[must_use]
    pub fn with_valuation(mut self, valuation: Valuation) -> Self {
        self.valuation = valuation;
        self
    }

    /// The same pricer reading the par curve between its published tenors with
    /// `interpolation` (default [`Interpolation::MonotoneCubic`]), both for par yields and in
    /// the zero-curve bootstrap.
    #[must_use]
    pub fn with_interpolation(mut self, interpolation: Interpolation) -> Self {
        self.interpolation = interpolation;
        self
    }

    /// The par-curve interpolation of [`ContractPricer::quote`].
    pub fn interpolation(&self) -> Interpolation {
        self.interpolation
    }

    /// The same pricer reporting `method` as [`KernelQuote::dv01_per_contract`].
    #[must_use]
    pub fn with_dv01_method(mut self, method: FuturesDv01Method) -> Self {
        self.dv01_method = method;
        self
    }

    /// The headline futures DV01 method.
    pub fn dv01_method(&self) -> FuturesDv01Method {
        self.dv01_method
    }

    /// The contract.
    pub fn contract(&self) -> ContractCode {
        self.code
    }

    /// The delivery date (CBOT last delivery day, CFFEX payment day).
    pub fn delivery_date(&self) -> NaiveDate {
        self.delivery
    }

    /// The repo day-count basis of the contract's currency.
    pub fn basis(&self) -> MoneyMarketBasis {
        self.basis
    }

    /// The valuation model of [`ContractPricer::quote`].
    pub fn valuation(&self) -> Valuation {
        self.valuation
    }

    /// The number of deliverables in the basket (issued before delivery).
    pub fn len(&self) -> usize {
        self.bonds.len()
    }

    /// Whether the basket is empty.
    pub fn is_empty(&self) -> bool {
        self.bonds.is_empty()
    }

    /// The `i`-th deliverable of the basket (sorted by maturity).
    pub fn deliverable(&self, i: usize) -> Option<&'u Deliverable> {
        self.bonds.get(i).map(|b| b.deliverable)
    }

    /// The `i`-th deliverable's conversion factor.
    pub fn conversion_factor(&self, i: usize) -> Option<f64> {
        self.bonds.get(i).map(|b| b.conversion_factor)
    }

    /// Interim coupon sums `(ΣC_i, ΣC_i·dcf(t_i, T))` of bond `b` for settlement day `s`.
    #[inline]
    fn interim(&self, b: &BasketBond<'_>, s: i32) -> (f64, f64) {
        let mut sum = 0.0;
        let mut sum_years = 0.0;
        // Flows are ascending; walk back from the last one (at most a few are after s).
        for f in self.flows[b.first_flow..b.end_flow].iter().rev() {
            if f.day <= s {
                break;
            }
            sum += f.amount;
            sum_years += f.amount_years;
        }
        (sum, sum_years)
    }

    /// The curve-implied futures price, DV01 per contract and CTD on `settlement`: the
    /// per-day kernel of the price table.
    ///
    /// With [`Valuation::ZeroCurve`] this bootstraps the day's zero curve first; a caller
    /// pricing many contracts on one day bootstraps once and calls [`ContractPricer::quote_on`].
    ///
    /// # Formula
    /// ```text
    /// for each deliverable i outstanding on s (issued on or before s):
    ///   D_i      = dirty price at s:
    ///                ParYield:  dirty_s(y_i), y_i = par yield at remaining maturity (model_yield)
    ///                ZeroCurve: Σ_{t_j > s} CF_j · DF(t_j) / DF(s)
    ///   Fwd_i    = D_i·(1 + r·τ) − Σ C·(1 + r·dcf(t, T)) − AI_T,i
    /// F          = min_i Fwd_i / CF_i,   CTD = argmin
    /// DV01_fut   = forward_futures_dv01(CTD, F)       (at the delivery date)
    /// ```
    /// - `r`: repo (decimal, money-market basis), `τ = dcf(s, T)`; `CF_j` the bond's payments
    ///   per 100 face on dates `t_j` (Act/365F years on the zero curve); other symbols as in
    ///   [`BasisInputs::forward_clean_price`](super::BasisInputs::forward_clean_price) and
    ///   [`forward_futures_dv01`].
    ///
    /// # Conventions
    /// Settlement is the trade date itself (no T+1 lag). Prices in decimal points; DV01 per
    /// contract in the contract currency, positive for a long future. The fair price has zero
    /// net basis for the CTD, so the CTD's implied repo equals `r`. The spot DV01 of the CTD is
    /// taken at its yield (the par-curve yield, or the yield of its zero-curve price).
    ///
    /// # References
    /// Spec §5.4 (futures DV01 at the delivery date) and §5.6 (forward price, CTD = lowest net
    /// basis); Burghardt & Belton, *The Treasury Bond Basis*, 3rd ed., ch. 2 (the futures
    /// price converges to the CTD's forward price over its factor).
    ///
    /// # Errors
    /// [`BasketError::SettlementNotBeforeDelivery`]; [`BasketError::InvalidInput`] for a repo
    /// rate that is not finite or not in `(−1, 1)`; [`BasketError::Curve`] or
    /// [`BasketError::Bond`] if a bond cannot be valued or the zero curve cannot be
    /// bootstrapped. `Ok(None)` when no deliverable is outstanding on `settlement`.
    pub fn quote(
        &self,
        settlement: NaiveDate,
        curve: &ParCurve,
        repo_rate: f64,
    ) -> Result<Option<KernelQuote>, BasketError> {
        let zero = match self.valuation {
            Valuation::ParYield => None,
            Valuation::ZeroCurve => Some(
                curve
                    .bootstrap(&zero_curve_config(self.interpolation))
                    .map_err(|source| BasketError::Curve {
                        date: curve.date(),
                        source,
                    })?,
            ),
        };
        self.quote_on(settlement, curve, zero.as_ref(), repo_rate)
    }

    /// [`ContractPricer::quote`] with the day's zero curve given (bootstrapped from `curve`
    /// with [`zero_curve_config`] of this pricer's interpolation); `zero` is read only by
    /// [`Valuation::ZeroCurve`].
    ///
    /// # Errors
    /// As [`ContractPricer::quote`]; [`BasketError::InvalidInput`] when the valuation needs a
    /// zero curve and `zero` is `None`.
    pub fn quote_on(
        &self,
        settlement: NaiveDate,
        curve: &ParCurve,
        zero: Option<&ZeroCurve>,
        repo_rate: f64,
    ) -> Result<Option<KernelQuote>, BasketError> {
        let s = day_number(settlement);
        self.check_settlement(settlement, s)?;
        check_repo(repo_rate)?;
        let zero = match (self.valuation, zero) {
            (Valuation::ParYield, _) => None,
            (Valuation::ZeroCurve, Some(z)) => Some((z, day_number(z.date()))),
            (Valuation::ZeroCurve, None) => {
                return Err(BasketError::InvalidInput {
                    name: "zero curve",
                    expected: "the day's zero curve for the zero-curve valuation",
                    value: f64::NAN,
                });
            }
        };
        let curve_err = |source: CurveError| BasketError::Curve {
            date: curve.date(),
            source,
        };
        let tau = (self.delivery_day - s) as f64 / self.basis.days_per_year();
        let growth = 1.0 + repo_rate * tau;
        let curve_f = f64::from(curve.frequency().per_year());
        // (index, F candidate, bond at s, its yield if known, its dirty price)
        let mut best: Option<(usize, f64, SettledBond, Option<f64>, f64)> = None;
        for (i, b) in self.bonds.iter().enumerate() {
            if b.issue_day > s {
                continue;
            }
            let bond_err = |source: BondError| BasketError::Bond {
                id: b.deliverable.id().to_owned(),
                source,
            };
            let at = b.deliverable.bond().settle(settlement).map_err(bond_err)?;
            let (dirty, y) = match zero {
                None => {
                    let years = (b.maturity_day - s) as f64 / CURVE_DAYS_PER_YEAR;
                    let y_curve = curve
                        .par_yield(years, self.interpolation)
                        .map_err(curve_err)?;
                    let y = convert_compounding(y_curve, curve_f, b.frequency);
                    (at.dirty_price(y).map_err(bond_err)?, Some(y))
                }
                Some((z, z_day)) => (self.zero_dirty(b, s, z, z_day).map_err(curve_err)?, None),
            };
            let (coupons, coupon_years) = self.interim(b, s);
            let forward_clean =
                dirty * growth - coupons - repo_rate * coupon_years - b.accrued_delivery;
            let ratio = forward_clean / b.conversion_factor;
            if best.is_none_or(|(_, r, _, _, _)| ratio < r) {
                best = Some((i, ratio, at, y, dirty));
            }
        }
        let Some((ctd, price, ctd_spot, ctd_yield, ctd_dirty)) = best else {
            return Ok(None);
        };
        // `ctd` came from enumerating `self.bonds`.
        let b = &self.bonds[ctd];
        let bond_err = |source: BondError| BasketError::Bond {
            id: b.deliverable.id().to_owned(),
            source,
        };
        let ctd_yield = match ctd_yield {
            Some(y) => y,
            None => ctd_spot
                .yield_from_dirty_price(ctd_dirty)
                .map_err(bond_err)?,
        };
        let (ctd_forward_yield, forward_dv01) = forward_futures_dv01(
            &b.at_delivery,
            price,
            b.conversion_factor,
            b.accrued_delivery,
            self.face,
        )
        .map_err(bond_err)?;
        let spot_dv01 =
            ctd_spot.dv01(ctd_yield).map_err(bond_err)? / b.conversion_factor * (self.face / 100.0);
        Ok(Some(KernelQuote {
            price,
            dv01_per_contract: match self.dv01_method {
                FuturesDv01Method::Forward => forward_dv01,
                FuturesDv01Method::SpotProxy => spot_dv01,
                FuturesDv01Method::SpotCurve => spot_dv01 * growth,
            },
            forward_dv01_per_contract: forward_dv01,
            spot_dv01_per_contract: spot_dv01,
            ctd,
            conversion_factor: b.conversion_factor,
            ctd_forward_yield,
            repo_rate,
        }))
    }

    /// The dirty price at day `s` of bond `b`'s payments after `s`, discounted on `zero`
    /// (curve date = day `z_day`): `Σ CF_j · DF(t_j) / DF(t_s)`, Act/365F years.
    fn zero_dirty(
        &self,
        b: &BasketBond<'_>,
        s: i32,
        zero: &ZeroCurve,
        z_day: i32,
    ) -> Result<f64, CurveError> {
        let years = |day: i32| f64::from(day - z_day) / crate::curve::DAYS_PER_YEAR;
        let df_s = zero.discount_factor(years(s))?;
        let mut value = 0.0;
        for &(day, amount) in &self.payments[b.first_payment..b.end_payment] {
            if day <= s {
                continue;
            }
            value += amount * zero.discount_factor(years(day))?;
        }
        Ok(value / df_s)
    }

    fn check_settlement(&self, settlement: NaiveDate, s: i32) -> Result<(), BasketError> {
        if s >= self.delivery_day {
            Err(BasketError::SettlementNotBeforeDelivery {
                contract: self.code,
                settlement,
                delivery: self.delivery,
            })
        } else {
            Ok(())
        }
    }

    /// The basket of [`BondMarket`] this pricer delivers.
    pub fn market(&self) -> Option<BondMarket> {
        BondMarket::for_root(self.code.root())
    }
}

pub(super) fn check_repo(repo_rate: f64) -> Result<(), BasketError> {
    if repo_rate.is_finite() && repo_rate.abs() < 1.0 {
        Ok(())
    } else {
        Err(BasketError::InvalidInput {
            name: "repo rate",
            expected: "a finite decimal rate in (-1, 1) (0.053 for 5.3%)",
            value: repo_rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bond::Frequency;
    use crate::curve::CouponFrequency;
    use crate::tolerance::RATE_ABS;

    use super::test_support::{d, fixture, flat};

    #[test]
    fn compounding_conversion_keeps_annual_growth() {
        // 3% annual = 2·(√1.03 − 1) = 2.977831…% semi-annual.
        let semi = convert_compounding(0.03, 1.0, 2.0);
        assert!((semi - 2.0 * (1.03_f64.sqrt() - 1.0)).abs() < RATE_ABS);
        assert!((convert_compounding(semi, 2.0, 1.0) - 0.03).abs() < RATE_ABS);
        assert_eq!(convert_compounding(0.05, 2.0, 2.0), 0.05);
    }

    #[test]
    fn repo_and_model_yield_follow_the_curve() {
        let date = d(2024, 4, 16);
        let c = flat(date, 0.05, CouponFrequency::SemiAnnual);
        assert_eq!(repo_from_curve(&c, MoneyMarketBasis::Act365).unwrap(), 0.05);
        assert!(
            (repo_from_curve(&c, MoneyMarketBasis::Act360).unwrap() - 0.05 * 360.0 / 365.0).abs()
                < RATE_ABS
        );
        let annual = flat(date, 0.03, CouponFrequency::Annual);
        let y = model_yield(&annual, date, d(2034, 4, 16), Frequency::SemiAnnual).unwrap();
        assert!((y - convert_compounding(0.03, 1.0, 2.0)).abs() < RATE_ABS);
    }

    #[test]
    fn dv01_method_chooses_the_headline_number() {
        let u = fixture(BondMarket::UsTreasury);
        let p = ContractPricer::new("TYM24".parse().unwrap(), &u)
            .unwrap()
            .with_dv01_method(FuturesDv01Method::SpotProxy);
        assert_eq!(p.dv01_method().to_string(), "spot-proxy");
        let date = d(2024, 4, 16);
        let q = p
            .quote(date, &flat(date, 0.045, CouponFrequency::SemiAnnual), 0.05)
            .unwrap()
            .unwrap();
        assert_eq!(q.dv01_per_contract, q.spot_dv01_per_contract);
        assert!(q.forward_dv01_per_contract < q.spot_dv01_per_contract);
    }

    #[test]
    fn zero_curve_valuation_matches_par_yield_on_a_flat_curve() {
        let u = fixture(BondMarket::UsTreasury);
        let code = "TYM24".parse().unwrap();
        let date = d(2024, 4, 16);
        let c = flat(date, 0.045, CouponFrequency::SemiAnnual);
        let par = ContractPricer::new(code, &u)
            .unwrap()
            .with_valuation(Valuation::ParYield);
        let zero = ContractPricer::new(code, &u)
            .unwrap()
            .with_valuation(Valuation::ZeroCurve);
        assert_eq!(zero.valuation().to_string(), "zero-curve");
        let qp = par.quote(date, &c, 0.05).unwrap().unwrap();
        let qz = zero.quote(date, &c, 0.05).unwrap().unwrap();
        // Flat par curve ⇒ flat zero curve at the same rate: the two valuations differ only
        // by day counts (Act/365F discounting vs Act/Act coupon periods), a few cents.
        assert!(
            (qp.price - qz.price).abs() < 0.05,
            "{} vs {}",
            qp.price,
            qz.price
        );
        assert!((qp.dv01_per_contract / qz.dv01_per_contract - 1.0).abs() < 0.01);
        // The zero valuation needs the day's zero curve.
        assert!(matches!(
            zero.quote_on(date, &c, None, 0.05),
            Err(BasketError::InvalidInput { .. })
        ));
    }

    #[test]
    fn zero_curve_valuation_prices_the_coupon_effect() {
        use crate::curve::Tenor;
        let u = fixture(BondMarket::UsTreasury);
        let code = "TYM24".parse().unwrap();
        let date = d(2024, 4, 16);
        // A steep curve: 1% at 3 months rising to 5% at 30 years.
        let nodes = [
            (Tenor::Months(3), 0.01),
            (Tenor::Years(2), 0.02),
            (Tenor::Years(5), 0.03),
            (Tenor::Years(10), 0.04),
            (Tenor::Years(30), 0.05),
        ];
        let c = ParCurve::new(date, &nodes, CouponFrequency::SemiAnnual).unwrap();
        let par = ContractPricer::new(code, &u).unwrap();
        let zero = ContractPricer::new(code, &u)
            .unwrap()
            .with_valuation(Valuation::ZeroCurve)
            .with_interpolation(Interpolation::Linear);
        assert_eq!(zero.interpolation(), Interpolation::Linear);
        let qp = par.quote(date, &c, 0.01).unwrap().unwrap();
        let qz = zero.quote(date, &c, 0.01).unwrap().unwrap();
        // The fixture's TY deliverables carry coupons above the 3–4% par yields of their
        // maturities: on an upward-sloping curve their zero-curve yields are lower than the
        // par yields, so the zero valuation prices them (and the future) higher.
        let ctd = zero.deliverable(qz.ctd).unwrap();
        let years = (ctd.maturity() - date).num_days() as f64 / CURVE_DAYS_PER_YEAR;
        let y_par = c.par_yield(years, Interpolation::Linear).unwrap();
        assert!(
            ctd.coupon_rate() > y_par,
            "{} vs {y_par}",
            ctd.coupon_rate()
        );
        assert!(qz.price > qp.price, "{} vs {}", qz.price, qp.price);
    }
}
