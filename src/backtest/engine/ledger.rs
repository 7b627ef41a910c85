//! Recording (the end of step 5 when the ledger is kept): one [`LedgerDay`] per market day,
//! and the errors that name a leg, its contract and the day.

use super::{Engine, Run};
use crate::backtest::BacktestError;
use crate::backtest::result::{LedgerDay, LegDay};
use crate::market::{Book, InstrumentId};
use crate::units::CurrencyAmounts;

impl<'a> Engine<'a> {
    /// The ledger row of day `d`: the day's P&L and costs (base currency), the book's net DV01
    /// and margin, cash per currency to date, and each leg's position, price and cost basis.
    pub(super) fn ledger_day(
        &self,
        run: &Run<'a>,
        d: usize,
        pnl: f64,
        costs: f64,
        dv01: f64,
        margin: f64,
    ) -> LedgerDay {
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
        let legs = run
            .legs
            .iter()
            .zip(&run.leg_pnl)
            .map(|(l, &pnl)| LegDay {
                avg_price: (l.cost_qty != 0).then_some(l.avg_price),
                realised: l.realised,
                unrealised: l.unrealised(),
                instrument: l
                    .held
                    .as_ref()
                    .map(|h| self.table.instrument(h.id).name.clone()),
                contracts: l.contracts,
                price: l.held.as_ref().and_then(|h| h.price(d)),
                pnl,
                dv01: l
                    .held
                    .and_then(|h| h.dv01(d))
                    .map(|dv| dv * l.contracts as f64),
            })
            .collect();
        LedgerDay {
            date: self.market.dates()[d],
            pnl,
            pnl_by_currency: pnl_ccy,
            cash_by_currency: cash,
            costs,
            equity: self.config.capital + run.stats.total_pnl(),
            realised: run.acc.realised,
            unrealised: run.legs.iter().map(|l| l.unrealised() * l.fx(d)).sum(),
            dv01,
            margin,
            legs,
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
