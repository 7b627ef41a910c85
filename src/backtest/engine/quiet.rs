//! Quiet stretches: days on which nothing can happen but marking to market (no target pending,
//! no contract change, no ledger), run as tight loops over the held contracts' columns.
//!
//! Each leg adds its kernels' results ([`mark_pnl`], [`add_dv01`], [`margin_amount`]) into
//! per-day scratch columns in leg order, starting from 0.0 — exactly the sums the full day
//! forms day by day — and the statistics then take the days in order, so the results are
//! bit-identical to running every day in full. The loops are specialised on whether the leg
//! converts through an FX path, so that none of them branches per day on anything but the
//! data; the scratch columns are reused across stretches (no allocation per day).

use super::kernels::{Dv01Sides, add_dv01, margin_amount, mark_pnl};
use super::legs::{Leg, Margin};
use super::margin::Exposure;
use super::{Counters, Engine, Run};
use crate::backtest::BacktestError;
use crate::backtest::config::MarginRule;
use crate::market::Book;

/// Per-day exposure columns of a quiet stretch, reused across stretches.
#[derive(Default)]
pub(super) struct ExposureScratch {
    net: Vec<f64>,
    long: Vec<f64>,
    short: Vec<f64>,
    margin: Vec<f64>,
}

impl<'a> Engine<'a> {
    /// Days `from..to` with constant positions and contracts: mark to market and statistics,
    /// with the same kernels in the same order as the full day.
    ///
    /// # Errors
    /// [`BacktestError::NoPrice`] when a held contract's prices end inside the stretch.
    pub(super) fn quiet_days(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        from: usize,
        to: usize,
    ) -> Result<(), BacktestError> {
        if run.legs.iter().all(|l| l.contracts == 0) {
            run.stats.push_zeros(to - from);
            return Ok(());
        }
        let m = to - from;
        let Run {
            legs,
            scratch: pnl,
            exposure_scratch: ex,
            stats,
            acc,
            ..
        } = run;
        pnl.clear();
        pnl.resize(m, 0.0);
        let mut has_exposure = false;
        for (i, leg) in legs.iter_mut().enumerate() {
            if leg.contracts == 0 {
                continue;
            }
            let h = leg
                .held
                .as_ref()
                .expect("a leg with contracts holds an instrument");
            let Some(prices) = from
                .checked_sub(h.cols.first_day)
                .and_then(|j| h.cols.price.get(j..j + m))
            else {
                let d = (h.last_day() + 1).max(from);
                return Err(self.no_price(book, i, h.id, d));
            };
            // The day's P&L in the base currency, `mark_pnl × fx_d`, added to the other legs'
            // in leg order (`x × 1.0 = x`: a base-currency leg skips the product).
            let (q, pv) = (leg.contracts as f64, h.point_value);
            let mut prev = leg.mark;
            match leg.fx {
                None => {
                    for (out, &p) in pnl.iter_mut().zip(prices) {
                        *out += mark_pnl(q, p, prev, pv);
                        prev = p;
                    }
                }
                Some(fx) => {
                    for ((out, &p), &f) in pnl.iter_mut().zip(prices).zip(&fx[from..to]) {
                        *out += mark_pnl(q, p, prev, pv) * f;
                        prev = p;
                    }
                }
            }
            leg.mark = prev;
            has_exposure |= h.has_exposure();
        }
        // A local copy keeps the accumulator in registers across the loop.
        let mut st = *stats;
        for &x in pnl.iter() {
            st.push(x);
        }
        *stats = st;
        if has_exposure {
            self.quiet_exposure(legs, ex, acc, from, to);
        }
        Ok(())
    }

    /// The DV01 and margin statistics of a quiet stretch: per leg into the scratch columns,
    /// then per day — the same kernels in the same (leg) order as [`Engine::exposure`].
    fn quiet_exposure(
        &self,
        legs: &[Leg<'a>],
        ex: &mut ExposureScratch,
        acc: &mut Counters,
        from: usize,
        to: usize,
    ) {
        let m = to - from;
        for col in [&mut ex.net, &mut ex.long, &mut ex.short, &mut ex.margin] {
            col.clear();
            col.resize(m, 0.0);
        }
        for leg in legs {
            let Some(h) = leg
                .held
                .as_ref()
                .filter(|h| leg.contracts != 0 && h.has_exposure())
            else {
                continue;
            };
            let i0 = from - h.cols.first_day;
            let (dv01, prices) = (&h.cols.dv01[i0..i0 + m], &h.cols.price[i0..i0 + m]);
            let fx = leg.fx.map(|f| &f[from..to]);
            let (q, c, pv) = (leg.contracts as f64, leg.contracts, h.point_value);
            // The branches on the contract's kind are taken once per leg, not per day.
            if h.has_dv01 {
                let cols = ex
                    .net
                    .iter_mut()
                    .zip(ex.long.iter_mut())
                    .zip(ex.short.iter_mut());
                match fx {
                    None => {
                        for (((net, long), short), dv) in cols.zip(dv01) {
                            if let Some(dv) = dv {
                                add_dv01(net, long, short, q * dv);
                            }
                        }
                    }
                    Some(fx) => {
                        for ((((net, long), short), dv), &f) in cols.zip(dv01).zip(fx) {
                            if let Some(dv) = dv {
                                add_dv01(net, long, short, q * dv * f);
                            }
                        }
                    }
                }
            }
            match (h.margin, fx) {
                (Margin::None, _) => {}
                (Margin::Constant(MarginRule::PerContract(a)), None) => {
                    let amount = margin_amount(Some(MarginRule::PerContract(a)), c, 0.0, pv);
                    for e in ex.margin.iter_mut() {
                        *e += amount;
                    }
                }
                (Margin::Constant(rule), _) => {
                    for (j, (e, &p)) in ex.margin.iter_mut().zip(prices).enumerate() {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(Some(rule), c, p, pv) * f;
                    }
                }
                (Margin::Daily(root), _) => {
                    let rules = &self.margin_days[root][from..to];
                    for (j, ((e, &p), &rule)) in
                        ex.margin.iter_mut().zip(prices).zip(rules).enumerate()
                    {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(rule, c, p, pv) * f;
                    }
                }
            }
        }
        let mut a = *acc;
        for (((&net, &long), &short), &margin) in
            ex.net.iter().zip(&ex.long).zip(&ex.short).zip(&ex.margin)
        {
            a.track_exposure(&Exposure::of(Dv01Sides { net, long, short }, margin));
        }
        *acc = a;
    }
}
