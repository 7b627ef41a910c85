//! The immutable market snapshot ([`Market`]) and the dense per-contract [`PriceTable`].
//!
//! A [`Market`] holds history on one timeline: curves per currency (days × tenors) and named
//! series (VIX, EUR/USD, …), aligned by date with explicit gaps. A [`PriceTable`] holds, for
//! every instrument (a listed futures contract or a raw series) and every day it lives, its
//! price, DV01 per contract and whether it traded that day. Both are built once and shared
//! read-only (`&Market` and `&PriceTable` are `Sync`) by every backtest run.

mod book;
mod build;
mod cny;
mod dataset;
mod defaults;
mod error;
mod fidelity;
mod fx;
mod history;
mod implied;
mod pricetable;
mod schedule;
mod settlement;
mod source;
mod vix;
mod vix_fit;

pub use book::{Book, BookLeg};
pub use build::{
    BuildReport, PricedContract, TableBuild, TableSpec, UnquotedContract, UnquotedReason,
};
pub use cny::{CnyCurveSplice, splice_cny_curve};
pub use dataset::{
    CNY_COUPON_FREQUENCY, CNY_PER_USD_SERIES, EUR_SHORT_RATE_SERIES, FRED_FILLED_TENORS, FredFill,
    SplicedCurve, USD_COUPON_FREQUENCY, USD_PER_EUR_SERIES, VIX_SERIES, origin_of,
    splice_usd_curve,
};
pub use dataset::{
    EONIA_ESTR_SPREAD, ESTR_FIRST_DAY, EUR_OVERNIGHT_SERIES, USD_PER_EUR_NOON_NY_SERIES,
    eur_overnight_on_estr_basis,
};
pub use defaults::DatasetSources;
pub use error::MarketError;
pub use fidelity::{Fidelity, FidelityError, FidelityStats, Pair, compare as compare_fidelity};
pub use fx::{
    BOND_EQUIVALENT_DAYS, EurRateFallback, EurRateUsed, EurUsdSpot, EuroFxParitySource,
    MAX_RATE_STALENESS_DAYS, MONEY_MARKET_DAYS, SPOT_LAG_BUSINESS_DAYS, bey_to_money_market,
    euro_fx_forward,
};
pub use history::{CurveHistory, Market, MarketBuilder, Origin};
pub use implied::{CurveImpliedConfig, CurveImpliedSource};
pub use pricetable::{
    Columns, CtdRef, DayQuote, DeliverableRecord, InstrumentId, InstrumentInfo, InstrumentKind,
    PriceSource, PriceTable, PriceTableBuilder, SeriesSpec,
};
pub use schedule::{BackAdjustment, Roll};
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
