//! [`PriceTable`]: price, DV01 and cheapest-to-deliver per instrument and day, stored densely.
//!
//! # Layout
//! Each instrument lives on a contiguous range of market days `[first_day, last_day]`; its
//! values sit in flat vectors at `offset + (day − first_day)`. Memory is proportional to the
//! days each instrument actually lives (≈ 190 days for a bond future), and the engine's hot
//! loop reads a price with two additions and a bounds check.
//!
//! # Gaps
//! Inside an instrument's range, a day on which it has no quote (its market was closed, or its
//! curve was not published) carries the previous price forward with `traded = false`: the
//! position is marked unchanged (zero P&L) and the engine does not trade it that day. Nothing
//! is filled before the first or after the last quote: the range simply ends there.
//!
//! # Sources per row
//! Every row (instrument × day) says where its price comes from ([`PriceTable::source`], one
//! byte per row in its own dense column next to the prices): a contract may mix real days (a
//! settlement file, a real close) with model days. [`InstrumentInfo::source`] is the
//! instrument's first source (the real one when any row is real) and
//! [`InstrumentInfo::sources`] lists them all. A carried day keeps the source of the price it
//! carries.

use super::MarketError;
use crate::basket::FuturesDv01Method;
use crate::contract::{ContractCode, Root};
use crate::units::Currency;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

/// A dense index of an instrument in a [`PriceTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstrumentId(u32);

impl InstrumentId {
    /// The index into [`PriceTable::instruments`].
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an instrument is.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InstrumentKind {
    /// A listed futures contract.
    Future(ContractCode),
    /// A raw price series traded as if it were an instrument (e.g. a spread in bp, as in the
    /// reference sweep).
    Series(String),
}

/// How an instrument's prices were obtained. Every model-made figure says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum PriceSource {
    /// Exchange settlement prices supplied by the user.
    Settlement,
    /// Curve-implied: priced from the historical yield curve through the deliverable basket
    /// (cheapest-to-deliver forward price / conversion factor). A model, not a market price.
    CurveImplied,
    /// VIX futures from the VIX index through a term-structure model. A model.
    TermStructureModel,
    /// Euro FX futures from EUR/USD spot by covered interest parity. A model.
    CoveredInterestParity,
    /// A raw series given by the caller.
    Series,
    /// A real last-trade close from a price file (a front-month or main-contract series),
    /// not the exchange settlement.
    Close,
}

impl PriceSource {
    /// Whether the prices come from a model rather than the market.
    pub fn is_model(self) -> bool {
        !matches!(
            self,
            PriceSource::Settlement | PriceSource::Series | PriceSource::Close
        )
    }
}

/// Static facts about one instrument in a table.
#[derive(Debug, Clone, PartialEq)]
pub struct InstrumentInfo {
    /// What it is.
    pub kind: InstrumentKind,
    /// Display name: the canonical contract code or the series name.
    pub name: String,
    /// Currency of prices and P&L.
    pub currency: Currency,
    /// Currency value of a move of 1.0 in the price (per contract or unit).
    pub point_value: f64,
    /// Price increment used for slippage and rounding when the instrument is not a listed
    /// contract (listed contracts use the tick history of their root).
    pub series_tick: Option<f64>,
    /// How the prices were obtained: the first of [`InstrumentInfo::sources`] (the real
    /// source when any row is real).
    pub source: PriceSource,
    /// Every source of its rows, real ones first (see [`PriceTable::source`] per row).
    pub sources: Vec<PriceSource>,
    /// Whether any day has a DV01.
    pub has_dv01: bool,
    first_day: usize,
    last_day: usize,
    offset: usize,
    // The name once more, shared by every fill of the instrument in a blotter.
    shared_name: std::sync::Arc<str>,
}

impl InstrumentInfo {
    /// [`InstrumentInfo::name`] as a shared string: a clone is a reference count, not an
    /// allocation (the blotter's [`Trade::instrument`](crate::backtest::Trade::instrument)).
    pub(crate) fn shared_name(&self) -> &std::sync::Arc<str> {
        &self.shared_name
    }

    /// First market day with a value.
    pub fn first_day(&self) -> usize {
        self.first_day
    }

    /// Last market day with a value (inclusive).
    pub fn last_day(&self) -> usize {
        self.last_day
    }

    /// Whether the instrument has a value on market day `day`.
    pub fn lives_on(&self, day: usize) -> bool {
        (self.first_day..=self.last_day).contains(&day)
    }

    /// The contract code, for futures.
    pub fn contract(&self) -> Option<&ContractCode> {
        match &self.kind {
            InstrumentKind::Future(code) => Some(code),
            InstrumentKind::Series(_) => None,
        }
    }

    /// The tick size in force on `date`: the root's tick history for listed contracts, the
    /// series tick otherwise.
    pub fn tick_size(&self, date: NaiveDate) -> Option<f64> {
        match &self.kind {
            InstrumentKind::Future(code) => Some(code.spec().tick_size(date)),
            InstrumentKind::Series(_) => self.series_tick,
        }
    }
}

/// A deliverable bond referred to by a table's cheapest-to-deliver column.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeliverableRecord {
    /// Identifier (CUSIP/ISIN/code from a securities list, or a synthetic label).
    pub id: String,
    /// Annual coupon rate (decimal).
    pub coupon_rate: f64,
    /// Maturity date.
    pub maturity: NaiveDate,
    /// `true` when the bond comes from the synthetic issuance model rather than a securities
    /// list.
    pub synthetic: bool,
}

/// The cheapest-to-deliver on one day: the deliverable and its conversion factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CtdRef {
    /// Index into [`PriceTable::deliverables`].
    pub deliverable: u32,
    /// The CTD's conversion factor into the contract.
    pub conversion_factor: f64,
}

/// One day's values for an instrument, as given to [`PriceTableBuilder::add_future`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayQuote {
    /// Market day index.
    pub day: usize,
    /// Price (decimal points).
    pub price: f64,
    /// DV01 per contract in the instrument's currency (price change for a 1 bp fall in
    /// yields, positive for a long bond future), where the instrument has one.
    pub dv01: Option<f64>,
    /// The cheapest-to-deliver, for bond futures.
    pub ctd: Option<CtdRef>,
}

/// What [`PriceTableBuilder::add_series`] needs to treat a raw series as an instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSpec {
    /// Series name (unique in the table).
    pub name: String,
    /// Currency of the P&L.
    pub currency: Currency,
    /// Currency value of a move of 1.0 in the series, per unit held.
    pub point_value: f64,
    /// Price increment for slippage in ticks; `None` = slippage cannot be expressed in ticks.
    pub tick: Option<f64>,
}

/// Price, DV01 and CTD per instrument and market day, computed once and shared read-only.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    dates: Vec<NaiveDate>,
    instruments: Vec<InstrumentInfo>,
    by_name: HashMap<String, InstrumentId>,
    price: Vec<f64>,
    dv01: Vec<Option<f64>>,
    traded: Vec<bool>,
    source: Vec<PriceSource>,
    ctd: Vec<Option<CtdRef>>,
    deliverables: Vec<DeliverableRecord>,
    dv01_method: Option<FuturesDv01Method>,
}

impl PriceTable {
    /// Which futures DV01 the table's DV01 column holds for bond futures (the source's method,
    /// [`FuturesDv01Method::TABLE_DEFAULT`] unless configured otherwise); `None` when no
    /// source of the table computes a bond-futures DV01. Outputs that show a DV01 from the
    /// table name it with this.
    pub fn dv01_method(&self) -> Option<FuturesDv01Method> {
        self.dv01_method
    }

    /// The market timeline the table is aligned to.
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// All instruments, indexed by [`InstrumentId::index`].
    pub fn instruments(&self) -> &[InstrumentInfo] {
        &self.instruments
    }

    /// One instrument's static facts.
    ///
    /// # Panics
    /// If `id` did not come from this table.
    pub fn instrument(&self, id: InstrumentId) -> &InstrumentInfo {
        &self.instruments[id.index()]
    }

    /// The instrument with this name (canonical contract code or series name).
    pub fn find(&self, name: &str) -> Option<InstrumentId> {
        self.by_name.get(name).copied()
    }

    /// The instrument for a listed contract.
    pub fn find_contract(&self, code: &ContractCode) -> Option<InstrumentId> {
        self.find(&code.to_string())
    }

    /// The instrument for a contract, or a typed error naming it.
    ///
    /// # Errors
    /// [`MarketError::ContractNotPriced`] (with the contract's trading days and the table's
    /// dates) when the table does not hold the contract, [`MarketError::UnknownInstrument`]
    /// if its dates cannot be computed either.
    pub fn require_contract(&self, code: &ContractCode) -> Result<InstrumentId, MarketError> {
        self.find_contract(code).ok_or_else(|| {
            // Say when the contract trades and what the table covers, where both are known.
            match (code.dates(), self.dates.first(), self.dates.last()) {
                (Ok(dates), Some(&first), Some(&last)) => MarketError::ContractNotPriced {
                    code: code.to_string(),
                    first_trading: dates.first_trading_day,
                    last_trading: dates.last_trading_day,
                    first,
                    last,
                },
                _ => MarketError::UnknownInstrument {
                    name: code.to_string(),
                },
            }
        })
    }

    /// The contracts of one root held by the table, in expiry order.
    pub fn contracts_of(&self, root: Root) -> Vec<(InstrumentId, ContractCode)> {
        let mut v: Vec<(InstrumentId, ContractCode)> = self
            .instruments
            .iter()
            .enumerate()
            .filter_map(|(i, info)| match &info.kind {
                InstrumentKind::Future(c) if c.root() == root => Some((InstrumentId(i as u32), *c)),
                _ => None,
            })
            .collect();
        v.sort_by_key(|(_, c)| *c);
        v
    }

    /// The deliverables referred to by the CTD column.
    pub fn deliverables(&self) -> &[DeliverableRecord] {
        &self.deliverables
    }

    #[inline]
    fn cell(&self, id: InstrumentId, day: usize) -> Option<usize> {
        let info = self.instruments.get(id.index())?;
        if day < info.first_day || day > info.last_day {
            return None;
        }
        Some(info.offset + (day - info.first_day))
    }

    /// The price on market day `day` (carried forward on days without a quote, see the module
    /// docs), or `None` outside the instrument's range.
    #[inline]
    pub fn price(&self, id: InstrumentId, day: usize) -> Option<f64> {
        self.cell(id, day).map(|c| self.price[c])
    }

    /// The DV01 per contract on `day`, where the instrument has one.
    #[inline]
    pub fn dv01(&self, id: InstrumentId, day: usize) -> Option<f64> {
        self.cell(id, day).and_then(|c| self.dv01[c])
    }

    /// Whether the instrument was quoted (can be traded) on `day`.
    #[inline]
    pub fn traded(&self, id: InstrumentId, day: usize) -> bool {
        self.cell(id, day).is_some_and(|c| self.traded[c])
    }

    /// An instrument's values as contiguous slices over its life, for loops that walk days.
    ///
    /// # Panics
    /// If `id` did not come from this table.
    pub fn columns(&self, id: InstrumentId) -> Columns<'_> {
        let info = &self.instruments[id.index()];
        let range = info.offset..info.offset + (info.last_day - info.first_day + 1);
        Columns {
            first_day: info.first_day,
            price: &self.price[range.clone()],
            dv01: &self.dv01[range.clone()],
            traded: &self.traded[range.clone()],
            source: &self.source[range],
        }
    }

    /// Where the price on `day` comes from (on a carried day: the source of the carried
    /// price), or `None` outside the instrument's range.
    #[inline]
    pub fn source(&self, id: InstrumentId, day: usize) -> Option<PriceSource> {
        self.cell(id, day).map(|c| self.source[c])
    }

    /// The cheapest-to-deliver on `day`, for bond futures priced through a basket.
    pub fn ctd(&self, id: InstrumentId, day: usize) -> Option<(&DeliverableRecord, f64)> {
        let r = self.cell(id, day).and_then(|c| self.ctd[c])?;
        self.deliverables
            .get(r.deliverable as usize)
            .map(|d| (d, r.conversion_factor))
    }
}

/// One instrument's values over its life (`index = day − first_day`).
#[derive(Debug, Clone, Copy)]
pub struct Columns<'t> {
    /// First market day of the slices.
    pub first_day: usize,
    /// Prices.
    pub price: &'t [f64],
    /// DV01 per contract.
    pub dv01: &'t [Option<f64>],
    /// Whether it traded.
    pub traded: &'t [bool],
    /// Where each price comes from.
    pub source: &'t [PriceSource],
}

/// Assembles a [`PriceTable`] instrument by instrument.
#[derive(Debug, Clone)]
pub struct PriceTableBuilder {
    table: PriceTable,
}

impl PriceTableBuilder {
    /// A builder for a table on the given market timeline.
    pub fn new(dates: &[NaiveDate]) -> Self {
        PriceTableBuilder {
            table: PriceTable {
                dates: dates.to_vec(),
                instruments: Vec::new(),
                by_name: HashMap::new(),
                price: Vec::new(),
                dv01: Vec::new(),
                traded: Vec::new(),
                source: Vec::new(),
                ctd: Vec::new(),
                deliverables: Vec::new(),
                dv01_method: None,
            },
        }
    }

    /// Registers a deliverable bond and returns its index for [`CtdRef::deliverable`].
    pub fn add_deliverable(&mut self, record: DeliverableRecord) -> u32 {
        self.table.deliverables.push(record);
        (self.table.deliverables.len() - 1) as u32
    }

    /// Adds a raw series (aligned to the timeline, `None` = no observation) as an instrument.
    ///
    /// # Errors
    /// [`MarketError::LengthMismatch`] if `values` is not as long as the timeline,
    /// [`MarketError::NotPositive`] for a non-positive point value or tick,
    /// [`MarketError::Duplicate`] for a name already in the table, [`MarketError::Empty`] when
    /// the series has no observation at all.
    pub fn add_series(
        &mut self,
        spec: SeriesSpec,
        values: &[Option<f64>],
    ) -> Result<InstrumentId, MarketError> {
        if values.len() != self.table.dates.len() {
            return Err(MarketError::LengthMismatch {
                name: spec.name,
                dates: self.table.dates.len(),
                values: values.len(),
            });
        }
        if let Some(t) = spec.tick {
            check_positive("tick", t)?;
        }
        let quotes: Vec<DayQuote> = values
            .iter()
            .enumerate()
            .filter_map(|(day, v)| {
                v.map(|price| DayQuote {
                    day,
                    price,
                    dv01: None,
                    ctd: None,
                })
            })
            .collect();
        self.push(
            InstrumentKind::Series(spec.name.clone()),
            spec.name,
            spec.currency,
            spec.point_value,
            spec.tick,
            &[PriceSource::Series],
            &quotes,
        )
    }

    /// Adds a futures contract with its daily quotes (sorted by day, at most one per day).
    ///
    /// # Errors
    /// [`MarketError::Unsorted`] if quotes are not in strictly increasing day order or refer to
    /// a day off the timeline, [`MarketError::Duplicate`] for a contract already in the table,
    /// [`MarketError::Empty`] with no quotes.
    pub fn add_future(
        &mut self,
        code: ContractCode,
        source: PriceSource,
        quotes: &[DayQuote],
    ) -> Result<InstrumentId, MarketError> {
        let spec = code.spec();
        self.push(
            InstrumentKind::Future(code),
            code.to_string(),
            spec.currency,
            spec.point_value,
            None,
            &[source],
            quotes,
        )
    }

    /// Adds a futures contract whose quotes come from several sources: `sources[i]` is the
    /// source of `quotes[i]` (one for all when `sources` has one element).
    ///
    /// # Errors
    /// As [`PriceTableBuilder::add_future`]; [`MarketError::LengthMismatch`] when `sources`
    /// has neither one element nor one per quote.
    pub fn add_future_mixed(
        &mut self,
        code: ContractCode,
        sources: &[PriceSource],
        quotes: &[DayQuote],
    ) -> Result<InstrumentId, MarketError> {
        if sources.len() != 1 && sources.len() != quotes.len() {
            return Err(MarketError::LengthMismatch {
                name: code.to_string(),
                dates: quotes.len(),
                values: sources.len(),
            });
        }
        let spec = code.spec();
        self.push(
            InstrumentKind::Future(code),
            code.to_string(),
            spec.currency,
            spec.point_value,
            None,
            sources,
            quotes,
        )
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "private helper shared by the two adders"
    )]
    fn push(
        &mut self,
        kind: InstrumentKind,
        name: String,
        currency: Currency,
        point_value: f64,
        series_tick: Option<f64>,
        sources: &[PriceSource],
        quotes: &[DayQuote],
    ) -> Result<InstrumentId, MarketError> {
        check_positive("point value", point_value)?;
        // One source for every quote, or one per quote (checked by the callers).
        let source_of = |i: usize| {
            sources
                .get(if sources.len() == 1 { 0 } else { i })
                .copied()
                .unwrap_or(PriceSource::Series)
        };
        if self.table.by_name.contains_key(&name) {
            return Err(MarketError::Duplicate { name });
        }
        let (Some(first), Some(last)) = (quotes.first(), quotes.last()) else {
            return Err(MarketError::Empty { what: name });
        };
        let n_days = self.table.dates.len();
        for w in quotes.windows(2) {
            if w[1].day <= w[0].day {
                return Err(MarketError::Unsorted {
                    what: name,
                    previous: self.table.dates.get(w[0].day).copied().unwrap_or_default(),
                    found: self.table.dates.get(w[1].day).copied().unwrap_or_default(),
                });
            }
        }
        if last.day >= n_days {
            return Err(MarketError::Empty {
                what: format!("{name}: quote beyond the timeline"),
            });
        }
        let offset = self.table.price.len();
        let t = &mut self.table;
        let mut next = quotes.iter().enumerate().peekable();
        let mut carried = (first.price, source_of(0));
        let mut used: Vec<PriceSource> = Vec::new();
        for day in first.day..=last.day {
            match next.peek() {
                Some(&(i, q)) if q.day == day => {
                    carried = (q.price, source_of(i));
                    if !used.contains(&carried.1) {
                        used.push(carried.1);
                    }
                    t.price.push(q.price);
                    t.dv01.push(q.dv01);
                    t.ctd.push(q.ctd);
                    t.traded.push(true);
                    t.source.push(carried.1);
                    next.next();
                }
                _ => {
                    // No quote today: carry the last price, do not trade (module docs).
                    t.price.push(carried.0);
                    t.dv01.push(t.dv01.last().copied().flatten());
                    t.ctd.push(t.ctd.last().copied().flatten());
                    t.traded.push(false);
                    t.source.push(carried.1);
                }
            }
        }
        // Real sources first (stable otherwise).
        used.sort_by_key(|s| s.is_model());
        let id = InstrumentId(t.instruments.len() as u32);
        t.instruments.push(InstrumentInfo {
            kind,
            name: name.clone(),
            currency,
            point_value,
            series_tick,
            source: used.first().copied().unwrap_or_else(|| source_of(0)),
            sources: used,
            has_dv01: quotes.iter().any(|q| q.dv01.is_some()),
            first_day: first.day,
            last_day: last.day,
            offset,
            shared_name: name.as_str().into(),
        });
        t.by_name.insert(name, id);
        Ok(id)
    }

    /// The facts of an instrument added so far.
    pub fn instrument(&self, id: InstrumentId) -> Option<&InstrumentInfo> {
        self.table.instruments.get(id.index())
    }

    /// The finished table.
    pub fn build(self) -> PriceTable {
        self.table
    }

    /// Records which futures DV01 the DV01 column holds ([`PriceTable::dv01_method`]).
    pub fn set_dv01_method(&mut self, method: Option<FuturesDv01Method>) {
        self.table.dv01_method = method;
    }
}

fn check_positive(what: &'static str, value: f64) -> Result<(), MarketError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(MarketError::NotPositive { what, value })
    }
}

impl PriceSource {
    /// The label outputs use: `"settlement"`, `"curve-implied"`, `"term-structure model"`,
    /// `"covered interest parity"`, `"series"`, `"close"`.
    pub const fn label(self) -> &'static str {
        match self {
            PriceSource::Settlement => "settlement",
            PriceSource::CurveImplied => "curve-implied",
            PriceSource::TermStructureModel => "term-structure model",
            PriceSource::CoveredInterestParity => "covered interest parity",
            PriceSource::Series => "series",
            PriceSource::Close => "close",
        }
    }
}

impl fmt::Display for PriceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(n: usize) -> Vec<NaiveDate> {
        let d0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        (0..n).map(|i| d0 + chrono::Days::new(i as u64)).collect()
    }

    #[test]
    fn carries_prices_across_gaps_without_trading() {
        let mut b = PriceTableBuilder::new(&dates(6));
        let code: ContractCode = "TYM24".parse().unwrap();
        let q = |day, price| DayQuote {
            day,
            price,
            dv01: Some(65.0),
            ctd: None,
        };
        let id = b
            .add_future(
                code,
                PriceSource::CurveImplied,
                &[q(1, 110.0), q(2, 110.5), q(4, 111.0)],
            )
            .unwrap();
        let t = b.build();
        assert_eq!(t.price(id, 0), None);
        assert_eq!(t.price(id, 3), Some(110.5));
        assert!(!t.traded(id, 3));
        assert!(t.traded(id, 4));
        assert_eq!(t.price(id, 5), None);
        assert_eq!(t.dv01(id, 3), Some(65.0));
        assert_eq!(t.find("TYM24"), Some(id));
        assert_eq!(t.instrument(id).tick_size(t.dates()[2]), Some(1.0 / 64.0));
        assert!(t.instrument(id).source.is_model());
    }

    #[test]
    fn each_row_keeps_its_source_and_carried_days_keep_the_carried_one() {
        let mut b = PriceTableBuilder::new(&dates(5));
        let q = |day, price| DayQuote {
            day,
            price,
            dv01: None,
            ctd: None,
        };
        let code: ContractCode = "TYM24".parse().unwrap();
        let quotes = [q(0, 110.0), q(1, 110.5), q(3, 111.0)];
        use PriceSource::{CurveImplied as M, Settlement as R};
        assert!(matches!(
            b.add_future_mixed(code, &[M, R], &quotes),
            Err(MarketError::LengthMismatch { .. })
        ));
        let id = b.add_future_mixed(code, &[M, R, M], &quotes).unwrap();
        let t = b.build();
        let got: Vec<Option<PriceSource>> = (0..5).map(|d| t.source(id, d)).collect();
        // Day 2 carries day 1's settlement; day 4 is outside the range.
        assert_eq!(got, [Some(M), Some(R), Some(R), Some(M), None]);
        assert_eq!(t.instrument(id).sources, [R, M]);
        assert_eq!(t.instrument(id).source, R);
        assert_eq!(t.columns(id).source, [M, R, R, M]);
    }

    #[test]
    fn rejects_bad_instruments() {
        let mut b = PriceTableBuilder::new(&dates(3));
        let spec = |name: &str| SeriesSpec {
            name: name.into(),
            currency: Currency::Usd,
            point_value: 1.0,
            tick: None,
        };
        assert!(
            b.add_series(spec("s"), &[Some(1.0), None, Some(2.0)])
                .is_ok()
        );
        assert!(matches!(
            b.add_series(spec("s"), &[Some(1.0), None, Some(2.0)]),
            Err(MarketError::Duplicate { .. })
        ));
        assert!(matches!(
            b.add_series(spec("t"), &[Some(1.0)]),
            Err(MarketError::LengthMismatch { .. })
        ));
        assert!(matches!(
            b.add_series(spec("u"), &[None, None, None]),
            Err(MarketError::Empty { .. })
        ));
        let mut bad = spec("v");
        bad.point_value = 0.0;
        assert!(matches!(
            b.add_series(bad, &[Some(1.0), None, None]),
            Err(MarketError::NotPositive { .. })
        ));
    }
}
