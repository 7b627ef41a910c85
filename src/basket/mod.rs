//! Deliverable baskets, cheapest-to-deliver, basis, implied repo, futures fair price and futures
//! DV01.
//!
//! | type / function | what it gives |
//! | --- | --- |
//! | [`Deliverable`], [`DeliverableUniverse`] | bonds that may be delivered, per [`BondMarket`] |
//! | [`DeliverableUniverse::from_securities`] | the universe of a [`SecurityList`](crate::data::SecurityList) (real terms) |
//! | [`synthetic_universe`] | the **synthetic issuance model**: auction calendars + coupons from the par curve |
//! | [`DeliverableUniverse::basket`] | the deliverables of one contract ([`DeliverableRule`](crate::contract::DeliverableRule)) |
//! | [`BasisInputs`] | gross basis, carry, net basis, implied repo, forward price (spec §5.6) |
//! | [`futures_dv01_spot_proxy`], [`forward_futures_dv01`] | futures DV01 from the CTD (spec §5.4) |
//! | [`ContractPricer`] | one contract's basket prepared for pricing: [`ContractPricer::quote`] (the per-day kernel) and [`ContractPricer::analyse`] (the full basis table) |
//!
//! Units: rates, yields, coupons and repo rates are decimal fractions; prices, accrued
//! interest, basis and carry are per 100 face; futures prices are decimal points; futures DV01
//! is currency per contract per basis point, positive for a long future.
//!
//! # How a curve-implied futures price is made
//!
//! No settlement prices of real bond futures are available to the project, so the price table
//! prices them from the historical yield curve through the deliverable basket:
//!
//! 1. **Basket.** The deliverables of the contract's market that meet its grade rule
//!    (remaining and original term, spec §1.4 and §2.3). On a given day only bonds already
//!    issued count. The deliverables come from a securities list when one is given, otherwise
//!    from the synthetic issuance model (the default, because no public list of issued
//!    UST/CGB coupons could be had): see [`synthetic_universe`].
//! 2. **Bond prices** ([`Valuation::ParYield`], the default): each bond's yield is the day's
//!    par yield at its remaining maturity (monotone cubic interpolation, the curve's
//!    compounding converted to the bond's coupon frequency), priced under its market
//!    convention; [`Valuation::ZeroCurve`] discounts the cash flows on the bootstrapped zero
//!    curve instead (the coupon effect). The price table's source
//!    ([`CurveImpliedSource`](crate::pricing::CurveImpliedSource)) reads U.S. Treasury
//!    deliverables off a Svensson fit of the par curve up to 10 years
//!    ([`crate::curve::smoothed_par_curve`]): the deliverables are off-the-run bonds, the
//!    published knots on-the-run issues with their own liquidity premia.
//! 3. **Financing**: the 3-month par yield on the money-market basis ([`repo_from_curve`])
//!    for U.S. Treasuries; the 1-year CGB yield for China government bonds
//!    ([`cgb_financing_rate`]: the ChinaBond curve has no tenor under one year from 2016).
//! 4. **Forward prices and CTD**: each bond's forward clean price at delivery (proceeds method
//!    with interim coupons); the futures fair price is the minimum over the basket of forward
//!    clean price / conversion factor, and the bond attaining it is the cheapest to deliver
//!    (it has zero net basis, hence the highest implied repo, equal to the repo rate).
//! 5. **DV01**: the CTD's DV01 at the delivery date at the futures-implied yield, divided by
//!    its conversion factor and scaled to the contract face ([`forward_futures_dv01`]).
//!
//! The delivery date is the last delivery day for CBOT contracts and the payment (second
//! delivery) day for CFFEX contracts. The short's delivery options (timing, quality switch,
//! wild card) are not valued: the model price is the forward price of today's CTD. Issues the
//! exchange excluded from a contract's grade are not in its basket ([`CBOT_EXCLUDED_ISSUES`]).

mod deliverable;
mod delivery;
mod error;
mod financing;
mod issuance;
mod pricer;

pub use deliverable::{
    BondMarket, CBOT_EXCLUDED_ISSUES, Deliverable, DeliverableSource, DeliverableUniverse,
    ExcludedIssue,
};
pub use delivery::{
    BasisInputs, MoneyMarketBasis, delivery_date, forward_futures_dv01, futures_dv01_spot_proxy,
};
pub use error::BasketError;
pub use financing::{
    CNY_FINANCING_RATE_NAME, CNY_FINANCING_TENOR_YEARS, USD_FINANCING_RATE_NAME, cgb_financing_rate,
};
pub use issuance::{
    CGB_ISSUANCE, IssuanceConfig, IssuanceReport, IssuanceSeries, IssueDay, MonthSet,
    SyntheticUniverse, UST_ISSUANCE, YieldHistory, coupon_for_yield, synthetic_universe,
};
pub(crate) use pricer::convert_compounding;
pub use pricer::{
    BasisRow, BondPrice, CURVE_DAYS_PER_YEAR, ContractPricer, DeliveryAnalysis, FuturesDv01Method,
    KernelQuote, REPO_TENOR_YEARS, Valuation, ZERO_CURVE_HORIZON_YEARS, model_yield,
    repo_from_curve, zero_curve_config,
};
