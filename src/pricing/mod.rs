//! Pricing models: where a [`PriceTable`](crate::market::PriceTable)'s prices come from.
//!
//! Every way of pricing a futures contract from market history is a peer behind one trait,
//! [`QuoteSource`]:
//!
//! | source | label (`source` in outputs) | prices | real or model |
//! | --- | --- | --- | --- |
//! | [`CurveImpliedSource`] | `curve-implied` | bond futures (CBOT TU FV TY TN US UB, CFFEX TS TF T TL) through the deliverable basket | model |
//! | [`VixTermStructureSource`] | `term-structure model` | VX from the VIX close (fitted to VX futures) | model |
//! | [`EuroFxParitySource`] | `covered interest parity` | EC from EUR/USD and the two short rates | model |
//! | [`SettlementSource`] | `settlement` | any contract, from a settlements file | real |
//! | [`RealPriceSource`] | `settlement` / `close` | any contract, from a real price file (Cboe VX, front-month, VX by rank, main contract) | real |
//!
//! [`DatasetSources`] holds a dataset's sources in the order a table build tries them (real
//! prices first); [`PriceTable::build`](crate::market::PriceTable::build) asks each contract's
//! first covering source for its quotes, contracts in parallel, and assembles the table in a
//! fixed order. [`compare_fidelity`] measures a model against real prices.
//!
//! `market` keeps the market ([`Market`](crate::market::Market)) and the table; this module
//! depends on it, never the other way round.

mod build;
mod defaults;
mod fidelity;
mod fx;
mod implied;
mod settlement;
mod source;
mod vix;
mod vix_fit;

pub use build::{
    BuildReport, PricedContract, TableBuild, TableSpec, UnquotedContract, UnquotedReason,
};
pub use defaults::DatasetSources;
pub use fidelity::{Fidelity, FidelityError, FidelityStats, Pair, compare as compare_fidelity};
pub use fx::{
    BOND_EQUIVALENT_DAYS, EurRateFallback, EurRateUsed, EurUsdSpot, EuroFxParitySource,
    MAX_RATE_STALENESS_DAYS, MONEY_MARKET_DAYS, SPOT_LAG_BUSINESS_DAYS, bey_to_money_market,
    euro_fx_forward,
};
pub use implied::{CurveImpliedConfig, CurveImpliedSource};
pub use settlement::{RealPriceSource, SettlementSource};
pub use source::{ContractQuotes, QuoteSource};
pub use vix::{
    BUSINESS_DAYS_PER_YEAR, DEFAULT_VIX_MIN_OBSERVATIONS, VixModel, VixParameters,
    VixTermStructureSource, vix_futures_price,
};
pub use vix_fit::{
    VX_FIT_2007_2015, VX_FIT_FROM, VX_FIT_RANKS, VX_FIT_TO, VX_STATE_WARMUP_CLOSES,
    VxCurveParameters, VxFit, VxSettlement, VxState, fit_vx_term_structure, vx_states,
    vx_term_structure_price,
};
