//! Recording (the end of step 5 when the ledger is kept): one [`LedgerDay`] per market day,
//! and the errors that name a leg, its contract and the day.

use super::{Engine, Run};
use crate::backtest::BacktestError;
use crate::backtest::result::{LedgerDay, LegDay};
use crate::market::{Book, InstrumentId};
use crate::units::CurrencyAmounts;
use std::sync::Arc;

impl<'a> Engine<'a> {
    /// Records the ledger row of day `d`: the day's P&L and costs (base currency), the book's
    /// net DV01 and margin, cash per currency to date, and each leg's position, price and cost
    /// basis. The row is built in place in the ledger (reserved for the run): one allocation
    /// per day, for the legs.
    pub(super) fn record_day(
        &self,
        run: &mut Run<'a>,
        d: usize,
        pnl: f64,
        costs: f64,
        dv01: f64,
        margin: f64,
    ) {
        let mut pnl_ccy = CurrencyAmounts::default();
        for (l, &p) in run.legs.iter().zip(&run.leg_pnl) {
            pnl_ccy.add(l.currency, p);
        }
        let mut cash = run
            .ledger
            .last()
            .map_or_else(CurrencyAmounts::default, |l| l.cash_by_currency);
        for (c, v) in pnl_ccy.iter() {
            cash.add(c, v);
        }
        // Each leg's name, resolved again only when it holds another contract.
        for (l, name) in run.legs.iter().zip(&mut run.names) {
            let id = l.held.as_ref().map(|h| h.id);
            if name.as_ref().map(|(k, _)| *k) != id {
                *name = id.map(|id| (id, Arc::from(self.table.instrument(id).name.as_str())));
            }
        }
        let legs = run
            .legs
            .iter()
            .zip(&run.leg_pnl)
            .zip(&run.names)
            .map(|((l, &pnl), name)| LegDay {
                avg_price: (l.cost_qty != 0).then_some(l.avg_price),
                realised: l.realised,
                unrealised: l.unrealised(),
                instrument: name.as_ref().map(|(_, n)| Arc::clone(n)),
                contracts: l.contracts,
                price: l.held.as_ref().and_then(|h| h.price(d)),
                pnl,
                dv01: l
                    .held
                    .and_then(|h| h.dv01(d))
                    .map(|dv| dv * l.contracts as f64),
            })
            .collect();
        let equity = self.config.capital + run.stats.total_pnl();
        let unrealised = run.legs.iter().map(|l| l.unrealised() * l.fx(d)).sum();
        run.ledger.push(LedgerDay {
            date: self.market.dates()[d],
            pnl,
            pnl_by_currency: pnl_ccy,
            cash_by_currency: cash,
            costs,
            equity,
            realised: run.acc.realised,
            unrealised,
            dv01,
            margin,
            legs,
        });
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
