//! Recording (the end of step 5 when the ledger is kept): one entry per column of the
//! [`Ledger`](crate::backtest::Ledger) per market day, and the errors that name a leg, its
//! contract and the day.

use super::legs::Leg;
use super::{Engine, Run};
use crate::backtest::BacktestError;
use crate::backtest::ledger::Ledger;
use crate::backtest::portfolio::TradeDay;
use crate::market::{Book, InstrumentId};
use crate::units::CurrencyAmounts;

impl<'a> Engine<'a> {
    /// Records the ledger row of day `d`: the day's P&L and costs (base currency), the book's
    /// net DV01 and margin, cash per currency to date, and each leg's position, price and cost
    /// basis. Each figure that moves day by day is appended to its column of the
    /// [`Ledger`](crate::backtest::Ledger) (reserved for the run); the instrument, contracts,
    /// cost basis and realised P&L go through [`ConstantRows`] (written when they change).
    /// Nothing is allocated past the first day, and a leg's instrument name is interned only
    /// when the leg holds another contract.
    ///
    /// # Errors
    /// [`BacktestError::Ledger`] when the ledger cannot name another instrument.
    pub(super) fn record_day(
        &self,
        run: &mut Run<'a>,
        d: usize,
        pnl: f64,
        costs: f64,
        dv01: f64,
        margin: f64,
    ) -> Result<(), BacktestError> {
        let mut pnl_ccy = CurrencyAmounts::default();
        for (l, &p) in run.legs.iter().zip(&run.leg_pnl) {
            pnl_ccy.add(l.currency, p);
        }
        let mut cash = run
            .ledger
            .cash_by_currency()
            .last()
            .copied()
            .unwrap_or_default();
        for (c, v) in pnl_ccy.iter() {
            cash.add(c, v);
        }
        self.update_names(run)?;
        let Run {
            legs,
            leg_pnl,
            names,
            ledger,
            constant,
            acc,
            ..
        } = run;
        constant.record(ledger, legs, names, acc.realised);
        for (l, (&pnl, cols)) in legs.iter().zip(leg_pnl.iter().zip(ledger.legs.iter_mut())) {
            cols.price.push(l.held.as_ref().and_then(|h| h.price(d)));
            cols.pnl.push(pnl);
            cols.dv01.push(
                l.held
                    .and_then(|h| h.dv01(d))
                    .map(|dv| dv * l.contracts as f64),
            );
            cols.unrealised.push(l.unrealised());
        }
        let equity = self.config.capital + run.stats.total_pnl();
        let unrealised = run.legs.iter().map(|l| l.unrealised() * l.fx(d)).sum();
        let ledger = &mut run.ledger;
        ledger.dates.push(self.market.dates()[d]);
        ledger.pnl.push(pnl);
        ledger.pnl_by_currency.push(pnl_ccy);
        ledger.costs.push(costs);
        ledger.margin.push(margin);
        ledger.cash_by_currency.push(cash);
        ledger.equity.push(equity);
        ledger.dv01.push(dv01);
        ledger.unrealised.push(unrealised);
        Ok(())
    }

    /// A portfolio's feed on day `d` (instead of [`Engine::record_day`]): the trade's day —
    /// P&L and costs in the base currency, P&L in the trade's own currency (the legs' P&L in
    /// that currency, legs in book order from 0, as the ledger's P&L per currency; the
    /// base-currency P&L when the trade's currency is the base), net DV01 per currency (each
    /// leg's `DV01 × contracts` where known, legs in book order), `Σ |contracts|` and margin —
    /// and, on a day with a position, the DV01 carried in the trade's currency and the first
    /// position held. The same figures, formed in the same order, as the portfolio read from
    /// the run's ledger (the portfolio's `TradeFeed`).
    pub(super) fn feed_day(&self, run: &mut Run<'a>, d: usize, pnl: f64, costs: f64, margin: f64) {
        let Some(feed) = run.feed.as_mut() else {
            return;
        };
        let base = self.config.base_currency;
        let currency = feed.currency;
        let mut local = CurrencyAmounts::default();
        let mut dv01 = CurrencyAmounts::default();
        let mut contracts = 0;
        for (l, &p) in run.legs.iter().zip(&run.leg_pnl) {
            local.add(l.currency, p);
            if let Some(v) = leg_dv01(l, d) {
                dv01.add(l.currency, v);
            }
            contracts += l.contracts.abs();
        }
        feed.days.push(TradeDay {
            pnl,
            pnl_local: if currency == base {
                pnl
            } else {
                local.get(currency)
            },
            costs,
            dv01,
            contracts,
            margin,
        });
        if contracts != 0 {
            let (mut long, mut short) = (0.0, 0.0);
            for l in &run.legs {
                match leg_dv01(l, d) {
                    Some(v) if l.currency == currency && v > 0.0 => long += v,
                    Some(v) if l.currency == currency => short -= v,
                    _ => {}
                }
            }
            feed.carry(long, short);
            if feed.held.is_none() {
                feed.held = Some(self.held_text(&run.legs));
            }
        }
    }

    /// The contracts the legs hold, e.g. `+20 TUM24, -10 TYM24` (`-` for a leg without a
    /// contract).
    pub(super) fn held_text(&self, legs: &[super::legs::Leg<'a>]) -> String {
        use std::fmt::Write;
        let mut text = String::with_capacity(16 * legs.len());
        for (i, l) in legs.iter().enumerate() {
            let name = l
                .held
                .as_ref()
                .map_or("-", |h| self.table.instrument(h.id).name.as_str());
            let sep = if i == 0 { "" } else { ", " };
            // Writing to a String cannot fail.
            let _ = write!(text, "{sep}{:+} {name}", l.contracts);
        }
        text
    }

    /// Each leg's name index in the ledger, resolved again only when the leg holds another
    /// contract than at the last recorded day.
    ///
    /// # Errors
    /// [`BacktestError::Ledger`] when the ledger cannot name another instrument.
    pub(super) fn update_names(&self, run: &mut Run<'a>) -> Result<(), BacktestError> {
        for (l, name) in run.legs.iter().zip(&mut run.names) {
            let id = l.held.as_ref().map(|h| h.id);
            if name.as_ref().map(|(k, _)| *k) != id {
                *name = match id {
                    Some(id) => Some((id, self.name_index(&mut run.ledger, &mut run.name_of, id)?)),
                    None => None,
                };
            }
        }
        Ok(())
    }

    /// The index of instrument `id`'s name in the run's ledger, added on first use: one look-up
    /// in the run's map from instrument to name (sized to the table once per run).
    fn name_index(
        &self,
        ledger: &mut Ledger,
        name_of: &mut Vec<u32>,
        id: InstrumentId,
    ) -> Result<u32, BacktestError> {
        if name_of.is_empty() {
            *name_of = vec![u32::MAX; self.table.instruments().len()];
        }
        match name_of.get(id.index()).copied() {
            Some(k) if k != u32::MAX => Ok(k),
            _ => {
                let k = ledger.add_name(self.table.instrument(id).name.as_str())?;
                if let Some(slot) = name_of.get_mut(id.index()) {
                    *slot = k;
                }
                Ok(k)
            }
        }
    }

    /// The error for leg `leg` of `book` holding `held` on day `d`, which has no price.
    #[cold]
    pub(super) fn no_price(
        &self,
        book: &Book,
        leg: usize,
        held: InstrumentId,
        d: usize,
    ) -> BacktestError {
        BacktestError::NoPrice {
            book: book.label().to_owned(),
            leg: book.legs()[leg].label().to_owned(),
            instrument: self.table.instrument(held).name.clone(),
            date: self.market.dates()[d],
        }
    }
}

/// The DV01 of leg `l`'s position on day `d` (`DV01 × contracts`, in the leg's currency per bp),
/// where its contract has one: the ledger's leg DV01.
#[inline(always)]
pub(super) fn leg_dv01(l: &super::legs::Leg<'_>, d: usize) -> Option<f64> {
    l.held
        .and_then(|h| h.dv01(d))
        .map(|dv| dv * l.contracts as f64)
}

/// The columns of a recorded run that stay the same from one day to the next unless a leg
/// trades or changes contract — each leg's instrument, contracts, average price and realised
/// P&L, and the day's realised P&L — written lazily: the rows since the last change are
/// counted and appended as one run of equal entries when a figure changes or the run ends
/// ([`ConstantRows::flush`]), instead of entry by entry on each full day and quiet stretch.
/// The entries are the ones recording each day writes (bit for bit: figures are compared by
/// their bits).
#[derive(Debug, Default)]
pub(super) struct ConstantRows {
    // Rows counted and not yet written, all with the figures below.
    rows: usize,
    legs: Vec<LegConstant>,
    realised: f64,
}

/// One leg's figures that change only when it trades or changes contract.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LegConstant {
    instrument: Option<u32>,
    contracts: i64,
    avg_price: Option<u64>,
    realised: u64,
}

impl ConstantRows {
    /// Counts one recorded day with the legs' current figures (the day's realised P&L
    /// `realised`), writing the rows counted so far first when a figure differs from theirs.
    pub(super) fn record(
        &mut self,
        ledger: &mut Ledger,
        legs: &[Leg<'_>],
        names: &[Option<(InstrumentId, u32)>],
        realised: f64,
    ) {
        let same = self.rows > 0
            && self.realised.to_bits() == realised.to_bits()
            && self.legs.len() == legs.len()
            && legs
                .iter()
                .zip(names)
                .zip(&self.legs)
                .all(|((l, n), c)| LegConstant::of(l, n) == *c);
        if !same {
            self.flush(ledger);
            self.legs.clear();
            self.legs
                .extend(legs.iter().zip(names).map(|(l, n)| LegConstant::of(l, n)));
            self.realised = realised;
        }
        self.rows += 1;
    }

    /// Counts `m` more days with the figures of the last recorded one (a quiet stretch: no
    /// trade and no change of contract since).
    pub(super) fn repeat(&mut self, m: usize) {
        self.rows += m;
    }

    /// Writes the rows counted so far into `ledger`'s columns.
    pub(super) fn flush(&mut self, ledger: &mut Ledger) {
        let k = std::mem::take(&mut self.rows);
        if k == 0 {
            return;
        }
        for (c, cols) in self.legs.iter().zip(ledger.legs.iter_mut()) {
            cols.instrument.extend(std::iter::repeat_n(c.instrument, k));
            cols.contracts.extend(std::iter::repeat_n(c.contracts, k));
            cols.avg_price
                .extend(std::iter::repeat_n(c.avg_price.map(f64::from_bits), k));
            cols.realised
                .extend(std::iter::repeat_n(f64::from_bits(c.realised), k));
        }
        ledger
            .realised
            .extend(std::iter::repeat_n(self.realised, k));
    }
}

impl LegConstant {
    fn of(l: &Leg<'_>, name: &Option<(InstrumentId, u32)>) -> LegConstant {
        LegConstant {
            instrument: name.as_ref().map(|(_, k)| *k),
            contracts: l.contracts,
            avg_price: (l.cost_qty != 0).then_some(l.avg_price.to_bits()),
            realised: l.realised.to_bits(),
        }
    }
}
