//! [`Ledger`]: a run's daily ledger, stored by column.
//!
//! One vector per field of the day (date, P&L, costs, equity, …) and, per leg of the book, one
//! vector per field of the leg-day (instrument, contracts, price, …): a book has the same legs
//! on every day of its run, so the leg table is one column set per leg, each as long as the
//! ledger. Instrument names are interned: each contract a leg holds is named once in
//! [`Ledger::names`] and every leg-day refers to it by index. The engine appends a day without
//! allocating (the columns are reserved for the run), and readers get either whole columns
//! (`ledger.pnl()`, `ledger.leg(0)?.contracts()`: slices, ready for a data frame) or a row view
//! per day ([`Ledger::days`], [`LedgerDayRef`], [`LedgerDayRef::legs`]).
//!
//! # Conventions
//! Serialised (serde) as the list of days it stores, each day exactly as a [`LedgerDay`] with
//! its [`LegDay`]s: `ledger.json` is the same text as when the ledger was a `Vec<LedgerDay>`.
//! [`Ledger::to_days`] and [`Ledger::from_days`] convert to and from owned rows.
//!
//! # Errors
//! [`LedgerError`] when owned rows do not make a ledger (days with different numbers of legs).

use super::result::{LedgerDay, LegDay};
use crate::units::{Currency, CurrencyAmounts};
use chrono::NaiveDate;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Owned rows that do not make a ledger.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// A day has another number of legs than the first day (a ledger's book has the same legs
    /// on every day).
    #[error(
        "ledger day {index} ({date}) has {found} legs, expected {expected} as on the first day"
    )]
    LegCount {
        /// Position of the day in the rows.
        index: usize,
        /// Its date.
        date: NaiveDate,
        /// Legs on the first day.
        expected: usize,
        /// Legs on this day.
        found: usize,
    },
    /// More distinct instrument names than an index can address.
    #[error("a ledger names at most {max} instruments, found more")]
    TooManyNames {
        /// The largest number of names.
        max: usize,
    },
}

/// The columns of one leg: one entry per ledger day (see [`LegDay`] for each field's meaning).
#[derive(Debug, Clone, Default)]
pub(super) struct LegColumns {
    pub(super) instrument: Vec<Option<u32>>,
    pub(super) contracts: Vec<i64>,
    pub(super) price: Vec<Option<f64>>,
    pub(super) pnl: Vec<f64>,
    pub(super) dv01: Vec<Option<f64>>,
    pub(super) avg_price: Vec<Option<f64>>,
    pub(super) realised: Vec<f64>,
    pub(super) unrealised: Vec<f64>,
}

impl LegColumns {
    fn with_capacity(days: usize) -> LegColumns {
        LegColumns {
            instrument: Vec::with_capacity(days),
            contracts: Vec::with_capacity(days),
            price: Vec::with_capacity(days),
            pnl: Vec::with_capacity(days),
            dv01: Vec::with_capacity(days),
            avg_price: Vec::with_capacity(days),
            realised: Vec::with_capacity(days),
            unrealised: Vec::with_capacity(days),
        }
    }

    fn push(&mut self, e: LegEntry) {
        self.instrument.push(e.instrument);
        self.contracts.push(e.contracts);
        self.dv01.push(e.dv01);
        self.price.push(e.price);
        self.pnl.push(e.pnl);
        self.avg_price.push(e.avg_price);
        self.realised.push(e.realised);
        self.unrealised.push(e.unrealised);
    }
}

/// One leg-day as the engine appends it: the instrument as an index into the ledger's names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LegEntry {
    pub(crate) instrument: Option<u32>,
    pub(crate) contracts: i64,
    pub(crate) price: Option<f64>,
    pub(crate) pnl: f64,
    pub(crate) dv01: Option<f64>,
    pub(crate) avg_price: Option<f64>,
    pub(crate) realised: f64,
    pub(crate) unrealised: f64,
}

/// One day's own figures as the engine appends them (its legs come through
/// [`Ledger::push_leg`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayEntry {
    pub(crate) date: NaiveDate,
    pub(crate) pnl: f64,
    pub(crate) pnl_by_currency: CurrencyAmounts,
    pub(crate) cash_by_currency: CurrencyAmounts,
    pub(crate) costs: f64,
    pub(crate) equity: f64,
    pub(crate) dv01: f64,
    pub(crate) margin: f64,
    pub(crate) realised: f64,
    pub(crate) unrealised: f64,
}

/// A run's daily ledger, by column.
///
/// One vector per field of the day ([`LedgerDay`]'s fields) and, per leg of the book (the same
/// legs every day), one vector per field of the leg-day ([`LegDay`]'s); each contract a leg
/// holds is named once ([`Ledger::names`]) and leg-days refer to it by index. Read whole
/// columns (`ledger.pnl()`, `ledger.leg(0)?.contracts()`, [`Ledger::pnl_in`]) or row views
/// ([`Ledger::days`], [`LedgerDayRef::legs`]).
///
/// # Conventions
/// serde writes the list of its days, each exactly as a [`LedgerDay`] (the same text as a
/// `Vec<LedgerDay>`), and reads that list back; [`Ledger::to_days`] and [`Ledger::from_days`]
/// convert to and from owned rows.
///
/// ```
/// use spreadtrade::backtest::{Ledger, LedgerDay};
/// let ledger = Ledger::default();
/// assert!(ledger.is_empty() && ledger.pnl().is_empty() && ledger.leg(0).is_none());
/// assert_eq!(ledger.days().count(), 0);
/// assert_eq!(serde_json::to_string(&ledger).unwrap(), "[]");
/// assert_eq!(Ledger::from_days(Vec::<LedgerDay>::new()).unwrap(), ledger);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub(super) dates: Vec<NaiveDate>,
    pub(super) pnl: Vec<f64>,
    pub(super) pnl_by_currency: Vec<CurrencyAmounts>,
    pub(super) cash_by_currency: Vec<CurrencyAmounts>,
    pub(super) costs: Vec<f64>,
    pub(super) equity: Vec<f64>,
    pub(super) dv01: Vec<f64>,
    pub(super) margin: Vec<f64>,
    pub(super) realised: Vec<f64>,
    pub(super) unrealised: Vec<f64>,
    pub(super) legs: Vec<LegColumns>,
    // The names, one after the other in one buffer, and where each ends.
    pub(super) name_text: String,
    pub(super) name_ends: Vec<u32>,
}

impl Ledger {
    /// An empty ledger for a book of `legs` legs, with room for `days` days.
    pub(crate) fn with_capacity(days: usize, legs: usize) -> Ledger {
        Ledger {
            dates: Vec::with_capacity(days),
            pnl: Vec::with_capacity(days),
            pnl_by_currency: Vec::with_capacity(days),
            cash_by_currency: Vec::with_capacity(days),
            costs: Vec::with_capacity(days),
            equity: Vec::with_capacity(days),
            dv01: Vec::with_capacity(days),
            margin: Vec::with_capacity(days),
            realised: Vec::with_capacity(days),
            unrealised: Vec::with_capacity(days),
            legs: (0..legs).map(|_| LegColumns::with_capacity(days)).collect(),
            name_text: String::new(),
            name_ends: Vec::new(),
        }
    }

    /// The index of `name` in [`Ledger::names`], added when new (a linear search; the engine
    /// and [`Ledger::from_days`] keep maps and call [`Ledger::add_name`]).
    #[cfg(test)]
    pub(crate) fn intern(&mut self, name: &str) -> Result<u32, LedgerError> {
        let found = self.names().position(|n| n == name);
        match found {
            Some(i) => u32::try_from(i).map_err(|_| LedgerError::TooManyNames {
                max: u32::MAX as usize,
            }),
            None => self.add_name(name),
        }
    }

    /// Adds `name` to [`Ledger::names`] and returns its index, without looking for it first
    /// (the engine keeps its own map from instrument to index).
    pub(crate) fn add_name(&mut self, name: &str) -> Result<u32, LedgerError> {
        let too_many = || LedgerError::TooManyNames {
            max: u32::MAX as usize,
        };
        let i = u32::try_from(self.name_ends.len()).map_err(|_| too_many())?;
        let end = u32::try_from(self.name_text.len() + name.len()).map_err(|_| too_many())?;
        self.name_text.push_str(name);
        self.name_ends.push(end);
        Ok(i)
    }

    /// Appends leg `leg`'s entry of the day being recorded: the engine pushes every leg, then
    /// the day ([`Ledger::push_day`]), so that the columns are as long again after each day.
    pub(crate) fn push_leg(&mut self, leg: usize, entry: LegEntry) {
        if let Some(l) = self.legs.get_mut(leg) {
            l.push(entry);
        }
    }

    /// Appends the day's own figures (after its legs).
    pub(crate) fn push_day(&mut self, e: DayEntry) {
        self.dates.push(e.date);
        self.pnl.push(e.pnl);
        self.pnl_by_currency.push(e.pnl_by_currency);
        self.costs.push(e.costs);
        self.margin.push(e.margin);
        self.cash_by_currency.push(e.cash_by_currency);
        self.equity.push(e.equity);
        self.dv01.push(e.dv01);
        self.realised.push(e.realised);
        self.unrealised.push(e.unrealised);
    }

    /// Number of days.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether the ledger has no day (recording was off, or the run had no day).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Number of legs of the book (the same on every day).
    pub fn leg_count(&self) -> usize {
        self.legs.len()
    }

    /// The dates, one per day.
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// P&L of each day in the base currency ([`LedgerDay::pnl`]).
    pub fn pnl(&self) -> &[f64] {
        &self.pnl
    }

    /// P&L of each day per currency ([`LedgerDay::pnl_by_currency`]).
    pub fn pnl_by_currency(&self) -> &[CurrencyAmounts] {
        &self.pnl_by_currency
    }

    /// Cash per currency at each day's close ([`LedgerDay::cash_by_currency`]).
    pub fn cash_by_currency(&self) -> &[CurrencyAmounts] {
        &self.cash_by_currency
    }

    /// P&L of each day in `currency`, before conversion (0 on days without any): one column of
    /// [`Ledger::pnl_by_currency`].
    pub fn pnl_in(&self, currency: Currency) -> Vec<f64> {
        self.pnl_by_currency
            .iter()
            .map(|a| a.get(currency))
            .collect()
    }

    /// Cash in `currency` at each day's close: one column of [`Ledger::cash_by_currency`].
    pub fn cash_in(&self, currency: Currency) -> Vec<f64> {
        self.cash_by_currency
            .iter()
            .map(|a| a.get(currency))
            .collect()
    }

    /// Costs of each day in the base currency ([`LedgerDay::costs`]).
    pub fn costs(&self) -> &[f64] {
        &self.costs
    }

    /// Equity at each day's close ([`LedgerDay::equity`]).
    pub fn equity(&self) -> &[f64] {
        &self.equity
    }

    /// Net DV01 at each day's close ([`LedgerDay::dv01`]).
    pub fn dv01(&self) -> &[f64] {
        &self.dv01
    }

    /// Initial margin at each day's close ([`LedgerDay::margin`]).
    pub fn margin(&self) -> &[f64] {
        &self.margin
    }

    /// Realised P&L to date at each day's close ([`LedgerDay::realised`]).
    pub fn realised(&self) -> &[f64] {
        &self.realised
    }

    /// Unrealised P&L at each day's close ([`LedgerDay::unrealised`]).
    pub fn unrealised(&self) -> &[f64] {
        &self.unrealised
    }

    /// The instrument names the legs held, each once, in the order first held; leg-days refer
    /// to them by index ([`LegColumnsRef::instrument_ids`]).
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.name_ends.len()).map(|k| self.name_at(k))
    }

    /// The name of index `k` (a leg-day's [`LegColumnsRef::instrument_ids`] entry), `None`
    /// past the last name.
    pub fn name(&self, k: u32) -> Option<&str> {
        let k = usize::try_from(k).ok()?;
        (k < self.name_ends.len()).then(|| self.name_at(k))
    }

    /// Name `k` (`k` below the number of names).
    fn name_at(&self, k: usize) -> &str {
        let start = if k == 0 {
            0
        } else {
            self.name_ends[k - 1] as usize
        };
        &self.name_text[start..self.name_ends[k] as usize]
    }

    /// The columns of leg `leg` (book order), `None` past the last leg.
    pub fn leg(&self, leg: usize) -> Option<LegColumnsRef<'_>> {
        self.legs.get(leg).map(|columns| LegColumnsRef {
            columns,
            ledger: self,
        })
    }

    /// The columns of every leg, in book order.
    pub fn legs(&self) -> impl ExactSizeIterator<Item = LegColumnsRef<'_>> + '_ {
        self.legs.iter().map(|columns| LegColumnsRef {
            columns,
            ledger: self,
        })
    }

    /// Day `index` as a row view, `None` past the last day.
    pub fn day(&self, index: usize) -> Option<LedgerDayRef<'_>> {
        (index < self.len()).then(|| self.row(index))
    }

    /// The first day.
    pub fn first(&self) -> Option<LedgerDayRef<'_>> {
        self.day(0)
    }

    /// The last day.
    pub fn last(&self) -> Option<LedgerDayRef<'_>> {
        self.len().checked_sub(1).map(|i| self.row(i))
    }

    /// Every day as a row view, in date order.
    pub fn days(&self) -> Days<'_> {
        Days {
            ledger: self,
            range: 0..self.len(),
        }
    }

    /// The days as owned rows (allocates per day; [`Ledger::days`] does not).
    pub fn to_days(&self) -> Vec<LedgerDay> {
        self.days().map(|d| d.to_owned_day()).collect()
    }

    /// A ledger from owned rows (names interned, one per distinct instrument).
    ///
    /// # Errors
    /// [`LedgerError::LegCount`] when a day has another number of legs than the first.
    pub fn from_days(days: Vec<LedgerDay>) -> Result<Ledger, LedgerError> {
        let legs = days.first().map_or(0, |d| d.legs.len());
        let mut out = Ledger::with_capacity(days.len(), legs);
        let mut index: HashMap<Arc<str>, u32> = HashMap::new();
        for (i, day) in days.into_iter().enumerate() {
            if day.legs.len() != legs {
                return Err(LedgerError::LegCount {
                    index: i,
                    date: day.date,
                    expected: legs,
                    found: day.legs.len(),
                });
            }
            for (k, l) in day.legs.into_iter().enumerate() {
                let instrument = match l.instrument {
                    None => None,
                    Some(name) => Some(match index.get(&name) {
                        Some(&id) => id,
                        None => {
                            let id = out.add_name(&name)?;
                            index.insert(name, id);
                            id
                        }
                    }),
                };
                out.push_leg(
                    k,
                    LegEntry {
                        instrument,
                        contracts: l.contracts,
                        price: l.price,
                        pnl: l.pnl,
                        dv01: l.dv01,
                        avg_price: l.avg_price,
                        realised: l.realised,
                        unrealised: l.unrealised,
                    },
                );
            }
            out.push_day(DayEntry {
                date: day.date,
                pnl: day.pnl,
                pnl_by_currency: day.pnl_by_currency,
                cash_by_currency: day.cash_by_currency,
                costs: day.costs,
                equity: day.equity,
                dv01: day.dv01,
                margin: day.margin,
                realised: day.realised,
                unrealised: day.unrealised,
            });
        }
        Ok(out)
    }

    fn row(&self, i: usize) -> LedgerDayRef<'_> {
        LedgerDayRef {
            date: self.dates[i],
            pnl: self.pnl[i],
            pnl_by_currency: self.pnl_by_currency[i],
            cash_by_currency: self.cash_by_currency[i],
            costs: self.costs[i],
            equity: self.equity[i],
            dv01: self.dv01[i],
            margin: self.margin[i],
            realised: self.realised[i],
            unrealised: self.unrealised[i],
            ledger: self,
            index: i,
        }
    }

    fn leg_row(&self, leg: &LegColumns, i: usize) -> LegDayRef<'_> {
        LegDayRef {
            instrument: leg.instrument[i].map(|k| self.name_at(k as usize)),
            contracts: leg.contracts[i],
            price: leg.price[i],
            pnl: leg.pnl[i],
            dv01: leg.dv01[i],
            avg_price: leg.avg_price[i],
            realised: leg.realised[i],
            unrealised: leg.unrealised[i],
        }
    }
}

/// Two ledgers are equal when they have the same days with the same figures; instruments are
/// compared by name (not by their place in [`Ledger::names`]).
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        let named = |l: &Ledger, c: &LegColumns, o: &Ledger, d: &LegColumns| {
            fn name<'x>(l: &'x Ledger, k: &Option<u32>) -> Option<&'x str> {
                k.map(|k| l.name_at(k as usize))
            }
            c.instrument
                .iter()
                .zip(&d.instrument)
                .all(|(x, y)| name(l, x) == name(o, y))
        };
        self.dates == other.dates
            && self.pnl == other.pnl
            && self.pnl_by_currency == other.pnl_by_currency
            && self.cash_by_currency == other.cash_by_currency
            && self.costs == other.costs
            && self.equity == other.equity
            && self.dv01 == other.dv01
            && self.margin == other.margin
            && self.realised == other.realised
            && self.unrealised == other.unrealised
            && self.legs.len() == other.legs.len()
            && self.legs.iter().zip(&other.legs).all(|(a, b)| {
                a.contracts == b.contracts
                    && a.price == b.price
                    && a.pnl == b.pnl
                    && a.dv01 == b.dv01
                    && a.avg_price == b.avg_price
                    && a.realised == b.realised
                    && a.unrealised == b.unrealised
                    && a.instrument.len() == b.instrument.len()
                    && named(self, a, other, b)
            })
    }
}

/// The columns of one leg of a [`Ledger`], one entry per day (see [`LegDay`] for the fields).
#[derive(Clone, Copy)]
pub struct LegColumnsRef<'a> {
    columns: &'a LegColumns,
    ledger: &'a Ledger,
}

impl std::fmt::Debug for LegColumnsRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegColumnsRef")
            .field("instruments", &self.instruments().collect::<Vec<_>>())
            .field("columns", self.columns)
            .finish()
    }
}

impl<'a> LegColumnsRef<'a> {
    /// The instrument held at each day's close as an index into [`Ledger::names`].
    pub fn instrument_ids(&self) -> &'a [Option<u32>] {
        &self.columns.instrument
    }

    /// The instrument held at each day's close, by name.
    pub fn instruments(&self) -> impl ExactSizeIterator<Item = Option<&'a str>> + 'a {
        let ledger = self.ledger;
        self.columns
            .instrument
            .iter()
            .map(move |k| k.map(|k| ledger.name_at(k as usize)))
    }

    /// Contracts held at each day's close ([`LegDay::contracts`]).
    pub fn contracts(&self) -> &'a [i64] {
        &self.columns.contracts
    }

    /// The held instrument's price each day ([`LegDay::price`]).
    pub fn price(&self) -> &'a [Option<f64>] {
        &self.columns.price
    }

    /// The leg's P&L each day, in its currency ([`LegDay::pnl`]).
    pub fn pnl(&self) -> &'a [f64] {
        &self.columns.pnl
    }

    /// DV01 of the leg's position at each day's close ([`LegDay::dv01`]).
    pub fn dv01(&self) -> &'a [Option<f64>] {
        &self.columns.dv01
    }

    /// Average fill price of the open position ([`LegDay::avg_price`]).
    pub fn avg_price(&self) -> &'a [Option<f64>] {
        &self.columns.avg_price
    }

    /// P&L realised to date ([`LegDay::realised`]).
    pub fn realised(&self) -> &'a [f64] {
        &self.columns.realised
    }

    /// P&L of the open position against its average cost ([`LegDay::unrealised`]).
    pub fn unrealised(&self) -> &'a [f64] {
        &self.columns.unrealised
    }
}

/// One day of a [`Ledger`], read in place: the day's figures (copied out of the columns; see
/// [`LedgerDay`] for each field) and its legs through [`LedgerDayRef::legs`].
#[derive(Clone, Copy)]
pub struct LedgerDayRef<'a> {
    /// The date.
    pub date: NaiveDate,
    /// P&L of the day in the base currency.
    pub pnl: f64,
    /// P&L of the day per currency, before conversion.
    pub pnl_by_currency: CurrencyAmounts,
    /// Cash per currency to date.
    pub cash_by_currency: CurrencyAmounts,
    /// Costs of the day in the base currency.
    pub costs: f64,
    /// Equity at the close in the base currency.
    pub equity: f64,
    /// Net DV01 at the close, base currency per bp.
    pub dv01: f64,
    /// Initial margin at the close, base currency.
    pub margin: f64,
    /// Realised P&L so far in the base currency.
    pub realised: f64,
    /// Unrealised P&L at the close, base currency.
    pub unrealised: f64,
    ledger: &'a Ledger,
    index: usize,
}

impl<'a> LedgerDayRef<'a> {
    /// The day's position in the ledger.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The legs on this day, in book order.
    pub fn legs(&self) -> impl ExactSizeIterator<Item = LegDayRef<'a>> + 'a {
        let (ledger, i) = (self.ledger, self.index);
        ledger.legs.iter().map(move |l| ledger.leg_row(l, i))
    }

    /// Leg `leg` on this day, `None` past the last leg.
    pub fn leg(&self, leg: usize) -> Option<LegDayRef<'a>> {
        let ledger = self.ledger;
        ledger.legs.get(leg).map(|l| ledger.leg_row(l, self.index))
    }

    /// The day as an owned row.
    pub fn to_owned_day(&self) -> LedgerDay {
        LedgerDay {
            date: self.date,
            pnl: self.pnl,
            pnl_by_currency: self.pnl_by_currency,
            cash_by_currency: self.cash_by_currency,
            costs: self.costs,
            equity: self.equity,
            dv01: self.dv01,
            margin: self.margin,
            realised: self.realised,
            unrealised: self.unrealised,
            legs: self
                .ledger
                .legs
                .iter()
                .map(|l| {
                    let r = self.ledger.leg_row(l, self.index);
                    LegDay {
                        instrument: l.instrument[self.index]
                            .map(|k| Arc::from(self.ledger.name_at(k as usize))),
                        contracts: r.contracts,
                        price: r.price,
                        pnl: r.pnl,
                        dv01: r.dv01,
                        avg_price: r.avg_price,
                        realised: r.realised,
                        unrealised: r.unrealised,
                    }
                })
                .collect(),
        }
    }
}

impl std::fmt::Debug for LedgerDayRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerDayRef")
            .field("date", &self.date)
            .field("pnl", &self.pnl)
            .field("pnl_by_currency", &self.pnl_by_currency)
            .field("cash_by_currency", &self.cash_by_currency)
            .field("costs", &self.costs)
            .field("equity", &self.equity)
            .field("dv01", &self.dv01)
            .field("margin", &self.margin)
            .field("realised", &self.realised)
            .field("unrealised", &self.unrealised)
            .field("legs", &self.legs().collect::<Vec<_>>())
            .finish()
    }
}

/// Written exactly as the [`LedgerDay`] it stands for.
impl Serialize for LedgerDayRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Legs<'b>(LedgerDayRef<'b>);
        impl Serialize for Legs<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.ledger.legs.len()))?;
                for leg in self.0.legs() {
                    seq.serialize_element(&leg)?;
                }
                seq.end()
            }
        }
        let mut st = s.serialize_struct("LedgerDay", 11)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("pnl", &self.pnl)?;
        st.serialize_field("pnl_by_currency", &self.pnl_by_currency)?;
        st.serialize_field("cash_by_currency", &self.cash_by_currency)?;
        st.serialize_field("costs", &self.costs)?;
        st.serialize_field("equity", &self.equity)?;
        st.serialize_field("dv01", &self.dv01)?;
        st.serialize_field("margin", &self.margin)?;
        st.serialize_field("realised", &self.realised)?;
        st.serialize_field("unrealised", &self.unrealised)?;
        st.serialize_field("legs", &Legs(*self))?;
        st.end()
    }
}

/// One leg on one day of a [`Ledger`], read in place (see [`LegDay`] for each field).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegDayRef<'a> {
    /// Instrument held at the close, if any.
    pub instrument: Option<&'a str>,
    /// Contracts held at the close.
    pub contracts: i64,
    /// The held instrument's price that day.
    pub price: Option<f64>,
    /// P&L of the leg that day, in its currency.
    pub pnl: f64,
    /// DV01 of the leg's position at the close, in its currency per bp, where known.
    pub dv01: Option<f64>,
    /// Average fill price of the open position, if any.
    pub avg_price: Option<f64>,
    /// P&L realised so far by the leg, in its currency.
    pub realised: f64,
    /// P&L of the open position against its average cost, in its currency.
    pub unrealised: f64,
}

/// Written exactly as the [`LegDay`] it stands for.
impl Serialize for LegDayRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("LegDay", 8)?;
        st.serialize_field("instrument", &self.instrument)?;
        st.serialize_field("contracts", &self.contracts)?;
        st.serialize_field("price", &self.price)?;
        st.serialize_field("pnl", &self.pnl)?;
        st.serialize_field("dv01", &self.dv01)?;
        st.serialize_field("avg_price", &self.avg_price)?;
        st.serialize_field("realised", &self.realised)?;
        st.serialize_field("unrealised", &self.unrealised)?;
        st.end()
    }
}

/// The days of a [`Ledger`] in date order ([`Ledger::days`]).
#[derive(Debug, Clone)]
pub struct Days<'a> {
    ledger: &'a Ledger,
    range: Range<usize>,
}

impl<'a> Iterator for Days<'a> {
    type Item = LedgerDayRef<'a>;

    fn next(&mut self) -> Option<LedgerDayRef<'a>> {
        self.range.next().map(|i| self.ledger.row(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<LedgerDayRef<'a>> {
        self.range.nth(n).map(|i| self.ledger.row(i))
    }
}

impl DoubleEndedIterator for Days<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.range.next_back().map(|i| self.ledger.row(i))
    }
}

impl ExactSizeIterator for Days<'_> {}

impl<'a> IntoIterator for &'a Ledger {
    type Item = LedgerDayRef<'a>;
    type IntoIter = Days<'a>;

    fn into_iter(self) -> Days<'a> {
        self.days()
    }
}

/// Written as the list of its days, each exactly as a [`LedgerDay`].
impl Serialize for Ledger {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for day in self.days() {
            seq.serialize_element(&day)?;
        }
        seq.end()
    }
}

/// Read from the list of days [`Ledger`]'s `Serialize` writes.
impl<'de> Deserialize<'de> for Ledger {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ledger::from_days(Vec::<LedgerDay>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: u32, legs: Vec<LegDay>) -> LedgerDay {
        let mut pnl_by_currency = CurrencyAmounts::default();
        pnl_by_currency.add(Currency::Usd, f64::from(date) * 10.0);
        pnl_by_currency.add(Currency::Cny, -3.5);
        LedgerDay {
            date: NaiveDate::from_ymd_opt(2024, 6, date).unwrap(),
            pnl: f64::from(date) * 10.0,
            pnl_by_currency,
            cash_by_currency: pnl_by_currency,
            costs: 0.25 * f64::from(date),
            equity: 1e6 + f64::from(date),
            dv01: -12.5,
            margin: 3000.0,
            realised: 1.5,
            unrealised: -2.5,
            legs,
        }
    }

    fn leg(name: Option<&str>, contracts: i64) -> LegDay {
        LegDay {
            instrument: name.map(Arc::from),
            contracts,
            price: name.map(|_| 110.5),
            pnl: 12.5 * contracts as f64,
            dv01: name.map(|_| 65.0 * contracts as f64),
            avg_price: (contracts != 0).then_some(110.25),
            realised: 1.0,
            unrealised: -0.75,
        }
    }

    fn rows() -> Vec<LedgerDay> {
        vec![
            day(3, vec![leg(None, 0), leg(Some("TYM24"), 0)]),
            day(4, vec![leg(Some("TUM24"), 20), leg(Some("TYM24"), -10)]),
            day(5, vec![leg(Some("TUU24"), 20), leg(Some("TYM24"), -10)]),
            day(6, vec![leg(Some("TUM24"), 0), leg(None, 0)]),
        ]
    }

    /// The columnar ledger writes the very text the list of owned rows writes (JSON, compact
    /// and pretty), and reads back to an equal ledger.
    #[test]
    fn serialises_exactly_as_the_owned_rows() {
        let days = rows();
        let ledger = Ledger::from_days(days.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&ledger).unwrap(),
            serde_json::to_string(&days).unwrap()
        );
        assert_eq!(
            serde_json::to_string_pretty(&ledger).unwrap(),
            serde_json::to_string_pretty(&days).unwrap()
        );
        let back: Ledger = serde_json::from_str(&serde_json::to_string(&ledger).unwrap()).unwrap();
        assert_eq!(back, ledger);
        assert_eq!(back.to_days(), days);
    }

    /// Names are stored once per instrument; rows and columns read the same figures.
    #[test]
    fn columns_and_rows_agree_and_names_are_interned() {
        let days = rows();
        let ledger = Ledger::from_days(days.clone()).unwrap();
        assert_eq!(ledger.len(), 4);
        assert_eq!(ledger.leg_count(), 2);
        let names: Vec<&str> = ledger.names().collect();
        assert_eq!(names, ["TYM24", "TUM24", "TUU24"]);
        let tu = ledger.leg(0).unwrap();
        assert_eq!(tu.contracts(), [0, 20, 20, 0]);
        assert_eq!(tu.instrument_ids(), [None, Some(1), Some(2), Some(1)]);
        assert_eq!(
            tu.instruments().collect::<Vec<_>>(),
            [None, Some("TUM24"), Some("TUU24"), Some("TUM24")]
        );
        assert_eq!(ledger.pnl(), [30.0, 40.0, 50.0, 60.0]);
        assert_eq!(ledger.pnl_in(Currency::Cny), [-3.5; 4]);
        assert_eq!(ledger.cash_in(Currency::Eur), [0.0; 4]);
        for (view, owned) in ledger.days().zip(&days) {
            assert_eq!(view.to_owned_day(), *owned);
            assert_eq!(view.legs().len(), 2);
            assert_eq!(
                view.leg(1).unwrap().instrument,
                owned.legs[1].instrument.as_deref()
            );
            assert!(view.leg(2).is_none());
        }
        assert_eq!(ledger.last().unwrap().date, days[3].date);
        assert_eq!(ledger.days().next_back().unwrap().index(), 3);
        assert!(ledger.day(4).is_none() && ledger.leg(2).is_none());
    }

    /// Equality compares instruments by name, whatever their place in the names.
    #[test]
    fn equality_is_by_name_and_figure() {
        let a = Ledger::from_days(rows()).unwrap();
        // The same rows with the names interned in another order.
        let mut b = Ledger::with_capacity(4, 2);
        b.intern("TUU24").unwrap();
        for day in rows() {
            for (k, l) in day.legs.iter().enumerate() {
                let instrument = l.instrument.as_deref().map(|n| b.intern(n).unwrap());
                b.push_leg(
                    k,
                    LegEntry {
                        instrument,
                        contracts: l.contracts,
                        price: l.price,
                        pnl: l.pnl,
                        dv01: l.dv01,
                        avg_price: l.avg_price,
                        realised: l.realised,
                        unrealised: l.unrealised,
                    },
                );
            }
            b.push_day(DayEntry {
                date: day.date,
                pnl: day.pnl,
                pnl_by_currency: day.pnl_by_currency,
                cash_by_currency: day.cash_by_currency,
                costs: day.costs,
                equity: day.equity,
                dv01: day.dv01,
                margin: day.margin,
                realised: day.realised,
                unrealised: day.unrealised,
            });
        }
        assert_ne!(a.names().collect::<Vec<_>>(), b.names().collect::<Vec<_>>());
        assert_eq!(b.name(0), Some("TUU24"));
        assert_eq!(b.name(3), None);
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        let mut changed = rows();
        changed[2].legs[0].instrument = Some(Arc::from("TUZ24"));
        assert_ne!(a, Ledger::from_days(changed).unwrap());
        let mut changed = rows();
        changed[1].legs[1].dv01 = None;
        assert_ne!(a, Ledger::from_days(changed).unwrap());
        let mut swapped = rows();
        swapped.swap(0, 1);
        assert_ne!(a, Ledger::from_days(swapped).unwrap());
    }

    #[test]
    fn days_with_other_leg_counts_do_not_make_a_ledger() {
        let mut days = rows();
        days[2].legs.pop();
        let e = Ledger::from_days(days).unwrap_err();
        assert_eq!(
            e,
            LedgerError::LegCount {
                index: 2,
                date: NaiveDate::from_ymd_opt(2024, 6, 5).unwrap(),
                expected: 2,
                found: 1
            }
        );
        assert!(e.to_string().contains("has 1 legs, expected 2"), "{e}");
        let json = r#"[{"date":"2024-06-03","pnl":0.0,"pnl_by_currency":[],"cash_by_currency":[],
            "costs":0.0,"equity":1.0,"dv01":0.0,"margin":0.0,"realised":0.0,"unrealised":0.0,
            "legs":[]},{"date":"2024-06-04","pnl":0.0,"pnl_by_currency":[],"cash_by_currency":[],
            "costs":0.0,"equity":1.0,"dv01":0.0,"margin":0.0,"realised":0.0,"unrealised":0.0,
            "legs":[{"instrument":null,"contracts":0,"price":null,"pnl":0.0,"dv01":null,
            "avg_price":null,"realised":0.0,"unrealised":0.0}]}]"#;
        let e = serde_json::from_str::<Ledger>(json).unwrap_err();
        assert!(e.to_string().contains("expected 0"), "{e}");
    }
}
