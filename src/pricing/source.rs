//! Where a [`super::PriceTable`]'s prices come from: the [`QuoteSource`] trait.
//!
//! Each source prices the contracts of some roots from the [`Market`]: settlements supplied by
//! the user, the curve-implied model for bond futures (through the deliverable basket), a
//! term-structure model for VX, covered interest parity for EC. The table builder asks each
//! contract's source for its quotes, contracts in parallel, and assembles the table in a fixed
//! order, so the result does not depend on the number of threads.

use crate::basket::FuturesDv01Method;
use crate::contract::{ContractCode, ContractDates, Root};
use crate::market::{DayQuote, DeliverableRecord, Market, MarketError, PriceSource};

/// The quotes of one contract from a source, with the deliverables its CTD column refers to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContractQuotes {
    /// One quote per market day on which the contract has a price, in day order. Each
    /// `ctd.deliverable` indexes into `deliverables` (the builder re-bases the indices).
    pub quotes: Vec<DayQuote>,
    /// The deliverables referred to by the quotes' CTD fields.
    pub deliverables: Vec<DeliverableRecord>,
}

/// A way of pricing contracts from market history.
///
/// Implementations must be deterministic (the same inputs give the same quotes on any thread)
/// and `Sync`: the builder calls them for many contracts at once.
pub trait QuoteSource: Sync {
    /// How this source's prices are labelled in outputs.
    fn kind(&self) -> PriceSource;

    /// Whether this source can price contracts of `root`.
    fn covers(&self, root: Root) -> bool;

    /// Which futures DV01 this source puts in its quotes' `dv01` (bond futures), if any.
    fn dv01_method(&self) -> Option<FuturesDv01Method> {
        None
    }

    /// The quotes of `code` on the market days in `first_day..=last_day` on which it can be
    /// priced (days outside the contract's life are never asked for).
    ///
    /// # Errors
    /// A [`MarketError`] when the market lacks data the source needs for this contract.
    fn quotes(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
        market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError>;
}
