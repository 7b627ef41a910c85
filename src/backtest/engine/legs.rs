//! Legs and the contracts they hold: resolving a contract's columns and cost figures when a
//! leg changes contract, rolls and closes at expiry, and sizing targets into whole contracts
//! (steps 2 and 4 of the day loop).

use super::kernels::round_half_away;
use super::{Engine, Run};
use crate::backtest::config::{MarginRule, Weighting};
use crate::backtest::result::TradeReason;
use crate::instrument::NeutralScale;
use crate::market::{Book, Columns, InstrumentId, InstrumentKind};
use crate::strategy::Target;
use crate::units::Currency;

/// What the loop needs about the contract a leg holds, resolved when the contract changes.
#[derive(Clone, Copy)]
pub(super) struct Held<'t> {
    pub id: InstrumentId,
    pub cols: Columns<'t>,
    pub point_value: f64,
    pub has_dv01: bool,
    // Commission per contract per side, in the contract's currency.
    pub commission: f64,
    // Where the tick for slippage comes from.
    pub tick: TickRule,
    // Initial margin per contract.
    pub margin: Margin,
}

/// Where a held contract's initial-margin figure comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Margin {
    /// Not tracked (no figure configured).
    None,
    /// One figure for the whole run.
    Constant(MarginRule),
    /// A figure per market day: `Engine::margin_days[root]` (a root with margin changes).
    Daily(usize),
}

impl Held<'_> {
    /// Whether the contract carries a DV01 or an initial margin to track.
    #[inline(always)]
    pub fn has_exposure(&self) -> bool {
        self.has_dv01 || !matches!(self.margin, Margin::None)
    }

    #[inline(always)]
    pub fn price(&self, d: usize) -> Option<f64> {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.price.get(i))
            .copied()
    }
    #[inline(always)]
    pub fn dv01(&self, d: usize) -> Option<f64> {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.dv01.get(i))
            .copied()
            .flatten()
    }
    #[inline(always)]
    pub fn traded(&self, d: usize) -> bool {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.traded.get(i))
            .copied()
            .unwrap_or(false)
    }
    pub fn last_day(&self) -> usize {
        self.cols.first_day + self.cols.price.len() - 1
    }
}

/// The tick a held instrument's slippage is measured in.
#[derive(Clone, Copy)]
pub(super) enum TickRule {
    /// No tick (a series without one): no slippage.
    None,
    /// A fixed increment (series instruments).
    Fixed(f64),
    /// The root's tick history (listed contracts).
    Root(&'static crate::contract::RootSpec),
}

/// One leg's state during a run.
#[derive(Clone, Copy)]
pub(super) struct Leg<'t> {
    pub ratio: f64,
    // The leg's currency (every contract of a leg settles in it) and its FX path into the
    // base currency (`None` for the base currency).
    pub currency: Currency,
    pub fx: Option<&'t [f64]>,
    pub held: Option<Held<'t>>,
    pub contracts: i64,
    pub mark: f64,
    // Cost basis: the open quantity and its average fill price (both updated by `fill`), and
    // the P&L realised so far in the leg's currency (fill price against average cost).
    pub cost_qty: i64,
    pub avg_price: f64,
    pub realised: f64,
}

impl<'t> Leg<'t> {
    /// A flat leg with `ratio`, settling in `currency` through `fx`.
    pub fn new(ratio: f64, currency: Currency, fx: Option<&'t [f64]>) -> Self {
        Leg {
            ratio,
            currency,
            fx,
            held: None,
            contracts: 0,
            mark: 0.0,
            cost_qty: 0,
            avg_price: 0.0,
            realised: 0.0,
        }
    }

    #[inline(always)]
    pub fn fx(&self, d: usize) -> f64 {
        self.fx.map_or(1.0, |f| f[d])
    }

    /// The leg's open P&L at its mark against its average cost, in its currency.
    pub fn unrealised(&self) -> f64 {
        match &self.held {
            Some(h) if self.cost_qty != 0 => {
                self.cost_qty as f64 * (self.mark - self.avg_price) * h.point_value
            }
            _ => 0.0,
        }
    }
}

impl<'a> Engine<'a> {
    /// The loop's view of instrument `id` (commission, tick and margin resolved).
    pub(super) fn held(&self, id: Option<InstrumentId>) -> Option<Held<'a>> {
        let id = id?;
        let info = self.table.instrument(id);
        let (margin, commission, tick) = match &info.kind {
            InstrumentKind::Future(code) => {
                let (commission, margin) = self.per_root[code.root().index()];
                (margin, commission, TickRule::Root(code.spec()))
            }
            _ => (
                Margin::None,
                self.config.costs.series_commission,
                info.series_tick.map_or(TickRule::None, TickRule::Fixed),
            ),
        };
        Some(Held {
            id,
            cols: self.table.columns(id),
            point_value: info.point_value,
            has_dv01: info.has_dv01,
            commission,
            tick,
            margin,
        })
    }

    /// Moves every leg whose schedule changed — or whose contract ends today — into its next
    /// contract with the same number of contracts; under DV01 weighting the whole book is then
    /// re-sized from the new contracts' DV01s. A contract ending today with nothing to roll into
    /// is closed.
    pub(super) fn roll(&self, book: &Book, run: &mut Run<'a>, d: usize) {
        let mut moved = false;
        for i in 0..run.legs.len() {
            let leg = run.legs[i];
            let Some(old) = leg.held else { continue };
            if leg.contracts == 0 {
                continue;
            }
            let schedule = book.legs()[i].schedule();
            let expiring = self.ends_before_history(&old, d);
            let successor = if schedule[d] != Some(old.id) {
                schedule[d]
            } else if expiring {
                schedule
                    .get(d + 1)
                    .copied()
                    .flatten()
                    .filter(|&s| s != old.id)
            } else {
                continue;
            };
            match self.held(successor) {
                Some(new) if new.traded(d) && old.traded(d) => {
                    let cost_out =
                        self.fill(run, i, Some(&old), -leg.contracts, d, TradeReason::Roll);
                    let cost_in =
                        self.fill(run, i, Some(&new), leg.contracts, d, TradeReason::Roll);
                    run.leg_pnl[i] -= cost_out + cost_in;
                    let l = &mut run.legs[i];
                    l.held = Some(new);
                    l.mark = new.price(d).expect("a traded contract has a price");
                    moved = true;
                }
                new if expiring => {
                    // Expiring with nothing to roll into today: close at the last price.
                    let cost =
                        self.fill(run, i, Some(&old), -leg.contracts, d, TradeReason::Expiry);
                    run.leg_pnl[i] -= cost;
                    let l = &mut run.legs[i];
                    l.contracts = 0;
                    l.held = new;
                    if let Some(price) = new.and_then(|h| h.price(d)) {
                        l.mark = price;
                    }
                }
                _ => {} // wait for a day when both contracts trade
            }
        }
        if !(moved && self.config.weighting == Weighting::Dv01Neutral && run.units != 0.0) {
            return;
        }
        if !self.solve_ratios(run, d) {
            return; // DV01s missing: keep the rolled sizes (the ledger shows the net DV01)
        }
        let units = run.units;
        for i in 0..run.legs.len() {
            let desired = round_half_away(units * run.ratios[i]);
            let leg = &run.legs[i];
            let q = desired - leg.contracts;
            if q == 0 {
                continue;
            }
            if leg.held.as_ref().is_some_and(|h| h.traded(d)) {
                let cost = self.fill(run, i, None, q, d, TradeReason::Roll);
                run.leg_pnl[i] -= cost;
                run.legs[i].contracts = desired;
            }
        }
    }

    /// Whether `h`'s last quote is on day `d` while the market history goes on: the contract
    /// expires today. (An instrument quoted until the end of the history has not expired.)
    #[inline]
    pub(super) fn ends_before_history(&self, h: &Held<'_>, d: usize) -> bool {
        h.last_day() == d && d + 1 < self.market.len()
    }

    /// The spread units a target asks for, or `None` to leave the book as it is.
    pub(super) fn units_for(&self, t: Target, run: &mut Run<'a>, d: usize) -> Option<f64> {
        match t {
            Target::Flat => Some(0.0),
            Target::Units(u) => Some(u),
            Target::Dv01(per_bp) => {
                if !self.solve_ratios(run, d) {
                    return None;
                }
                let (mut long, mut short) = (0.0, 0.0);
                for (i, leg) in run.legs.iter().enumerate() {
                    let dv = leg.held.as_ref()?.dv01(d)? * leg.fx(d);
                    let r = run.ratios[i];
                    if r > 0.0 {
                        long += r * dv;
                    } else {
                        short -= r * dv;
                    }
                }
                let per_unit = f64::max(long, short);
                (per_unit.is_finite() && per_unit > 0.0).then(|| per_bp / per_unit)
            }
            _ => None,
        }
    }

    /// Today's ratios into `run.ratios`: as written, or — under DV01 weighting — re-solved by
    /// the crate's one DV01-neutral rule ([`dv01_neutral`](crate::instrument::dv01_neutral):
    /// the first leg's side keeps its ratios, the other side is scaled jointly). Returns
    /// `false` when a DV01 needed is missing or the rule has no solution (one-sided book, a
    /// DV01 that is not positive); the ratios are then as written.
    pub(super) fn solve_ratios(&self, run: &mut Run<'a>, d: usize) -> bool {
        self.solve_ratios_of(&run.legs, d, &mut run.ratios, &mut run.dv01s)
    }

    /// [`Engine::solve_ratios`] for `legs` (the contracts they hold) into `ratios`, with
    /// `dv01s` as scratch: also the lockstep path's per-day ratios ([`super::lanes_book`]).
    pub(super) fn solve_ratios_of(
        &self,
        legs: &[Leg<'a>],
        d: usize,
        ratios: &mut [f64],
        dv01s: &mut [f64],
    ) -> bool {
        for (o, l) in ratios.iter_mut().zip(legs) {
            *o = l.ratio;
        }
        for (dv_out, l) in dv01s.iter_mut().zip(legs) {
            let Some(dv) = l.held.as_ref().and_then(|h| h.dv01(d)) else {
                return false;
            };
            *dv_out = dv * l.fx(d);
        }
        if self.config.weighting == Weighting::Dv01Neutral && legs.len() > 1 {
            let pairs = legs.iter().map(|l| l.ratio).zip(dv01s.iter().copied());
            let Ok(scale) = NeutralScale::solve(pairs) else {
                return false;
            };
            for (o, l) in ratios.iter_mut().zip(legs) {
                *o = scale.ratio(l.ratio);
            }
        }
        true
    }

    /// Whole contracts per leg for `units` into `run.desired`.
    pub(super) fn size(&self, run: &mut Run<'a>, d: usize, units: f64) {
        if self.config.weighting == Weighting::Dv01Neutral {
            // Without a solution the ratios stay as written (the ledger shows the net DV01).
            let _ = self.solve_ratios(run, d);
        } else {
            for (o, l) in run.ratios.iter_mut().zip(&run.legs) {
                *o = l.ratio;
            }
        }
        for (o, r) in run.desired.iter_mut().zip(&run.ratios) {
            *o = round_half_away(units * r);
        }
    }

    /// The spread units a target asks for, checked against
    /// [`limits::UNITS`](crate::limits::UNITS) before any contract is sized (a strategy's
    /// `Target::Units(1e300)`, or a DV01 target over a DV01 near zero).
    pub(super) fn check_units(
        &self,
        book: &Book,
        d: usize,
        units: f64,
    ) -> Result<(), crate::backtest::BacktestError> {
        if crate::limits::UNITS.contains(units) {
            return Ok(());
        }
        let what = format!(
            "book {:?}: spread units targeted on {}",
            book.label(),
            self.market.dates()[d]
        );
        Err(crate::limits::UNITS.error(&what, units).into())
    }

    /// Each leg's `units × ratio`, checked against [`limits::CONTRACTS`](crate::limits::CONTRACTS)
    /// before any fill (rounding to `i64` would saturate silently).
    pub(super) fn check_contracts(
        &self,
        book: &Book,
        run: &Run<'a>,
        d: usize,
        units: f64,
    ) -> Result<(), crate::backtest::BacktestError> {
        self.check_contracts_of(book, &run.ratios, d, units)
    }

    /// [`Engine::check_contracts`] for `ratios` (also the lockstep path's).
    pub(super) fn check_contracts_of(
        &self,
        book: &Book,
        ratios: &[f64],
        d: usize,
        units: f64,
    ) -> Result<(), crate::backtest::BacktestError> {
        for (i, r) in ratios.iter().enumerate() {
            let contracts = units * r;
            if !crate::limits::CONTRACTS.contains(contracts) {
                let what = format!(
                    "book {:?}, leg {:?}: contracts for {units} units on {}",
                    book.label(),
                    book.legs()[i].label(),
                    self.market.dates()[d]
                );
                return Err(crate::limits::CONTRACTS.error(&what, contracts).into());
            }
        }
        Ok(())
    }
}
