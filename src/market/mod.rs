//! The immutable market snapshot ([`Market`]) and the dense per-contract [`PriceTable`].
//!
//! A [`Market`] holds history on one timeline: curves per currency (days × tenors) and named
//! series (VIX, EUR/USD, …), aligned by date with explicit gaps. A [`PriceTable`] holds, for
//! every instrument (a listed futures contract or a raw series) and every day it lives, its
//! price, DV01 per contract and whether it traded that day. Both are built once and shared
//! read-only (`&Market` and `&PriceTable` are `Sync`) by every backtest run.

mod book;
mod cny;
mod dataset;
mod error;
mod history;
mod pricetable;
mod schedule;

pub use book::{Book, BookLeg, TimelineId};
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
pub use error::MarketError;
pub use history::{CurveHistory, Market, MarketBuilder, Origin};
pub use pricetable::{
    Columns, CtdRef, DayQuote, DeliverableRecord, InstrumentId, InstrumentInfo, InstrumentKind,
    PriceSource, PriceTable, PriceTableBuilder, SeriesSpec,
};
pub use schedule::{BackAdjustment, Roll};
