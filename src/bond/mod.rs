//! Cash-bond analytics for deliverables: schedules, price/yield, accrued, duration, DV01,
//! conversion factors.
//!
//! | type / function | what it gives |
//! | --- | --- |
//! | [`BondTerms`] → [`Bond::new`] | a validated fixed-coupon bond with its unadjusted schedule |
//! | [`Bond::settle`] → [`SettledBond`] | the bond seen from a settlement date (period, `w`, AI) |
//! | [`SettledBond::dirty_price`], [`SettledBond::yield_from_clean_price`] | price ↔ yield |
//! | [`SettledBond::accrued_interest`], [`Bond::cffex_delivery_accrued`] | accrued interest |
//! | [`SettledBond::analytics`] → [`BondAnalytics`] | price, durations, convexity, DV01 |
//! | [`cbot_conversion_factor`], [`cffex_conversion_factor`], [`conversion_factor`] | exchange CFs |
//!
//! Units: rates, coupons and yields are decimal fractions (0.045); prices, accrued interest and
//! DV01 are per 100 face; durations are in years and convexity in years². Dates are
//! [`chrono::NaiveDate`] and coupon dates are never business-day adjusted.
//!
//! Two market conventions are supported ([`MarketConvention`]): U.S. street (spec §5.1) and
//! China interbank / CCDC (spec §5.2). They share the accrual rule for regular periods and
//! differ in the final coupon period, where CCDC uses simple interest.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use spreadtrade::bond::Bond;
//! use spreadtrade::tolerance::{DV01_ABS, PRICE_ABS};
//!
//! let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
//! // UST 4.125% 2031-03-31 at 4.64% for settlement 2024-04-16 (QuantLib 1.44 vector).
//! let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
//! let at = bond.settle(d(2024, 4, 16))?;
//! assert!((at.clean_price(0.0464)? - 96.96599238348377).abs() < PRICE_ABS);
//! assert!((at.dv01(0.0464)? - 0.05782989145889417).abs() < DV01_ABS);
//! # Ok::<(), spreadtrade::bond::BondError>(())
//! ```

mod conversion;
mod error;
mod fixed;
mod pricing;
mod risk;
mod schedule;
mod terms;

pub use conversion::{
    CBOT_NOTIONAL_YIELD, CFFEX_NOTIONAL_COUPON, CONVERSION_FACTOR_DECIMALS, CbotConversionFactor,
    CffexConversionFactor, ConversionFactor, cbot_conversion_factor, cffex_conversion_factor,
    conversion_factor,
};
pub use error::BondError;
pub use fixed::{Bond, CashFlow, SettledBond};
pub use pricing::CFFEX_ACCRUED_DECIMALS;
pub use risk::{BASIS_POINT, BondAnalytics, position_dv01};
pub use schedule::{CouponPeriod, CouponSchedule, MAX_TERM_YEARS, is_end_of_month};
pub use terms::{
    BondTerms, Frequency, MAX_COUPON_RATE, MarketConvention, UnknownFrequency,
    UnknownMarketConvention,
};
