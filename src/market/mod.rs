//! The immutable market snapshot ([`Market`]) and the dense per-contract [`PriceTable`].
//!
//! A [`Market`] holds history on one timeline: curves per currency (days × tenors) and named
//! series (VIX, EUR/USD, …), aligned by date with explicit gaps. A [`PriceTable`] holds, for
//! every instrument (a listed futures contract or a raw series) and every day it lives, its
//! price, DV01 per contract and whether it traded that day. Both are built once and shared
//! read-only (`&Market` and `&PriceTable` are `Sync`) by every backtest run.

mod book;
mod error;
mod history;
mod implied;
mod pricetable;
mod source;

pub use book::{Book, BookLeg};
pub use error::MarketError;
pub use history::{CurveHistory, Market, MarketBuilder, Origin};
pub use implied::{CurveImpliedConfig, CurveImpliedSource};
pub use pricetable::{
    Columns, CtdRef, DayQuote, DeliverableRecord, InstrumentId, InstrumentInfo, InstrumentKind,
    PriceSource, PriceTable, PriceTableBuilder, SeriesSpec,
};
pub use source::{ContractQuotes, QuoteSource};
