//! Errors of the `basket` module.

use super::BondMarket;
use crate::bond::BondError;
use crate::contract::{ContractCode, ContractError};
use crate::curve::CurveError;
use chrono::NaiveDate;

/// Everything that can go wrong in the `basket` module: a security that cannot be a
/// deliverable, a contract without a basket, delivery inputs out of range, or a bond or curve
/// computation that fails for one deliverable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BasketError {
    /// A security pays coupons at a frequency the bond analytics do not support.
    #[error("security {id:?} pays {coupons_per_year} coupons a year: expected 1 or 2")]
    UnsupportedFrequency {
        /// The security's identifier.
        id: String,
        /// Coupons per year given.
        coupons_per_year: u32,
    },
    /// Two deliverables share one identifier.
    #[error("deliverable {id:?} appears twice in the universe")]
    DuplicateId {
        /// The repeated identifier.
        id: String,
    },
    /// A deliverable's bond could not be built, settled or priced.
    #[error("deliverable {id:?}: {source}")]
    Bond {
        /// The deliverable's identifier.
        id: String,
        /// What the bond analytics reported.
        source: BondError,
    },
    /// The contract is not a bond future (EC, VX), so it has no deliverable basket.
    #[error("{contract} is not a bond future: it has no deliverable basket")]
    NotABondFuture {
        /// The contract.
        contract: ContractCode,
    },
    /// The contract's root has no deliverable-grade rule for its month (e.g. a TN contract
    /// before the product existed).
    #[error("{contract} has no deliverable-grade rule for its contract month")]
    NoDeliverableRule {
        /// The contract.
        contract: ContractCode,
    },
    /// The contract's bonds come from another market than the universe's.
    #[error("{contract} delivers {expected} bonds, but the universe holds {found} bonds")]
    MarketMismatch {
        /// The contract.
        contract: ContractCode,
        /// The market the contract delivers.
        expected: BondMarket,
        /// The market of the universe given.
        found: BondMarket,
    },
    /// The contract's exchange dates could not be computed.
    #[error("dates of {contract}: {source}")]
    ContractDates {
        /// The contract.
        contract: ContractCode,
        /// What the contract module reported.
        source: ContractError,
    },
    /// The contract has no delivery date (last delivery day for CBOT, payment day for CFFEX).
    #[error("{contract} has no delivery date")]
    NoDeliveryDate {
        /// The contract.
        contract: ContractCode,
    },
    /// Spot settlement must come before the delivery date.
    #[error("settlement {settlement} must be before the delivery date {delivery} of {contract}")]
    SettlementNotBeforeDelivery {
        /// The contract.
        contract: ContractCode,
        /// The settlement date given.
        settlement: NaiveDate,
        /// The contract's delivery date.
        delivery: NaiveDate,
    },
    /// No deliverable of the contract is outstanding on the date.
    #[error("{contract} has no deliverable bond outstanding on {date}")]
    EmptyBasket {
        /// The contract.
        contract: ContractCode,
        /// The date asked for.
        date: NaiveDate,
    },
    /// A number given to the delivery analytics is out of range.
    #[error("{name} must be {expected}, found {value}")]
    InvalidInput {
        /// The parameter name.
        name: &'static str,
        /// What was expected.
        expected: &'static str,
        /// The value given.
        value: f64,
    },
    /// Prices were given for a different number of bonds than the basket holds.
    #[error("expected {expected} bond prices (one per deliverable in the basket), found {found}")]
    PriceCount {
        /// Bonds in the basket.
        expected: usize,
        /// Prices given.
        found: usize,
    },
    /// A curve could not be built from a published row or did not answer a query.
    #[error("curve of {date}: {source}")]
    Curve {
        /// The curve date.
        date: NaiveDate,
        /// What the curve module reported.
        source: CurveError,
    },
    /// A yield history's shape does not match its dates and tenors.
    #[error(
        "yield history {label:?} has {rows}×{columns} yields for {dates} dates and {tenors} tenors"
    )]
    HistoryShape {
        /// The history's label.
        label: String,
        /// Rows of the yield matrix.
        rows: usize,
        /// Columns of the yield matrix.
        columns: usize,
        /// Dates given.
        dates: usize,
        /// Tenors given.
        tenors: usize,
    },
}
