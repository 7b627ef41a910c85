//! Errors of the `bond` module.

use super::Frequency;
use crate::contract::{ContractCode, ConversionFactorConvention, Root};
use chrono::NaiveDate;

/// Everything that can go wrong in the `bond` module: invalid bond terms, a settlement date
/// outside the bond's life, a yield or price outside the pricing domain, a yield solve that
/// does not converge, or conversion-factor inputs that do not fit the exchange rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BondError {
    /// A number outside its domain limit ([`crate::limits`]): a yield, a price.
    #[error(transparent)]
    OutOfRange(#[from] crate::limits::OutOfRange),
    /// The coupon rate is not a finite decimal fraction in `[0, max]`.
    #[error(
        "coupon rate must be a finite decimal fraction in [0, {max}] (0.045 for 4.5%), found {coupon_rate}"
    )]
    InvalidCouponRate {
        /// The coupon rate given.
        coupon_rate: f64,
        /// The largest accepted coupon rate.
        max: f64,
    },
    /// The dated (issue) date is not before the maturity date.
    #[error("dated date {dated_date} must be before maturity {maturity}")]
    DatedDateNotBeforeMaturity {
        /// The dated date given.
        dated_date: NaiveDate,
        /// The maturity date given.
        maturity: NaiveDate,
    },
    /// The bond's term (dated date to maturity) is longer than the schedule supports.
    #[error("bond term from {dated_date} to {maturity} is longer than {max_years} years")]
    TermTooLong {
        /// The dated date given.
        dated_date: NaiveDate,
        /// The maturity date given.
        maturity: NaiveDate,
        /// The longest supported term in years.
        max_years: u32,
    },
    /// The end-of-month rule was requested for a maturity that is not the last day of its month.
    #[error(
        "end-of-month rule needs a maturity on the last day of its month, found maturity {maturity}"
    )]
    EndOfMonthMaturity {
        /// The maturity date given.
        maturity: NaiveDate,
    },
    /// The coupon schedule would leave the calendar range that `chrono` represents.
    #[error("coupon schedule of a bond maturing {maturity} leaves the representable date range")]
    ScheduleOutOfRange {
        /// The maturity date given.
        maturity: NaiveDate,
    },
    /// The settlement date is before the start of the first coupon period.
    #[error("settlement {settlement} is before the bond accrues interest (from {accrual_start})")]
    SettlementBeforeAccrualStart {
        /// The settlement date given.
        settlement: NaiveDate,
        /// The first day of accrual (dated date, or start of the generated schedule).
        accrual_start: NaiveDate,
    },
    /// The settlement date is on or after maturity: there is nothing left to price.
    #[error("settlement {settlement} must be before maturity {maturity}")]
    SettlementNotBeforeMaturity {
        /// The settlement date given.
        settlement: NaiveDate,
        /// The bond's maturity.
        maturity: NaiveDate,
    },
    /// The yield is not finite or lies outside the pricing domain.
    #[error(
        "yield must be finite and greater than {min} (decimal; 1 + y/f > 0), found {yield_rate}"
    )]
    YieldOutOfDomain {
        /// The yield given (decimal).
        yield_rate: f64,
        /// The exclusive lower bound of the domain (decimal).
        min: f64,
    },
    /// The price at this yield overflows `f64` (a yield just above the domain's lower bound).
    #[error("price at yield {yield_rate} is not a finite number")]
    PriceNotFinite {
        /// The yield given (decimal).
        yield_rate: f64,
    },
    /// A price is not finite or not positive.
    #[error("{kind} price must be finite and positive, found {price}")]
    InvalidPrice {
        /// Which price: `"clean"` or `"dirty"`.
        kind: &'static str,
        /// The price given (per 100 face).
        price: f64,
    },
    /// The yield that reproduces the price is not representable in `f64` (a price so small
    /// that the yield overflows, or so large that `1 + y/f` rounds to zero).
    #[error("no yield representable as a finite f64 gives dirty price {dirty_price}")]
    YieldNotRepresentable {
        /// The dirty price (per 100 face).
        dirty_price: f64,
    },
    /// The yield solver did not reach its tolerance.
    #[error(
        "yield solver did not converge for dirty price {dirty_price} after {iterations} iterations (relative price error {relative_error})"
    )]
    NoConvergence {
        /// The dirty price (per 100 face).
        dirty_price: f64,
        /// Iterations used (Newton and bisection together).
        iterations: u32,
        /// The remaining relative price error `|ln(P(y)/P)|`.
        relative_error: f64,
    },
    /// A position parameter (face, units, DV01) is not a finite number or is out of range.
    #[error("{name} must be {expected}, found {value}")]
    InvalidPosition {
        /// The parameter name.
        name: &'static str,
        /// What was expected.
        expected: &'static str,
        /// The value given.
        value: f64,
    },
    /// A CBOT conversion factor needs the first day of the contract month.
    #[error("expected the first day of a contract month, found {date}")]
    NotFirstOfMonth {
        /// The date given.
        date: NaiveDate,
    },
    /// The bond matures before the reference date of the conversion factor.
    #[error("bond maturing {maturity} does not mature after the reference date {reference_date}")]
    MaturityNotAfterReference {
        /// The bond's maturity.
        maturity: NaiveDate,
        /// The conversion factor's reference date.
        reference_date: NaiveDate,
    },
    /// The conversion-factor function was called with another exchange's convention.
    #[error("expected a {expected} conversion-factor convention, found {found:?}")]
    ConventionMismatch {
        /// The family of conventions the function implements (`"CBOT"` or `"CFFEX"`).
        expected: &'static str,
        /// The convention given.
        found: ConversionFactorConvention,
    },
    /// The bond's coupon frequency does not fit the exchange's conversion-factor formula.
    #[error("{rule} conversion factors need {expected} coupons, found {found}")]
    FrequencyMismatch {
        /// The rule (`"CBOT"`).
        rule: &'static str,
        /// The frequency the rule is defined for.
        expected: Frequency,
        /// The bond's frequency.
        found: Frequency,
    },
    /// The contract's root is not a bond future, so it has no conversion factor.
    #[error("{root} is not a bond future: it has no conversion factor")]
    NotABondFuture {
        /// The root.
        root: Root,
    },
    /// A CFFEX conversion factor needs the contract's payment day, and none was given.
    #[error("the CFFEX conversion factor of {contract} needs its payment (second delivery) day")]
    MissingPaymentDay {
        /// The contract.
        contract: ContractCode,
    },
    /// The reference date given for a CFFEX conversion factor is outside the contract month.
    #[error("payment day {reference_date} is not in the delivery month of {contract}")]
    ReferenceOutsideContractMonth {
        /// The contract.
        contract: ContractCode,
        /// The date given.
        reference_date: NaiveDate,
    },
}
