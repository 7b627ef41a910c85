//! Lockstep runs: up to [`LANES`] z-score runs of one book advanced through the days together,
//! for [`Sweep::run`](crate::backtest::Sweep::run). This module holds the plan
//! ([`LockstepPlan`]), the dispatch and the day loop of one-leg books; rolled books of several
//! legs are in [`super::lanes_book`].
//!
//! Every run of a parameter sweep on a single-instrument book marks the same price change each
//! day; only its position, its state machine and its statistics differ. Here the runs of a
//! chunk share one day loop: the day's P&L of every lane is formed as one array update, while
//! state changes, fills and costs — about one day in twenty per run — are taken one lane at a
//! time. A chunk's runs normally share one window (the sweep groups them so), hence every
//! z-score: the day loop compares the day's z-score with the lowest upper and the highest lower
//! threshold of the lanes' states to know whether any lane acts. Stretches on which every lane
//! is flat are added as zero days in O(1). The days' P&L rows go into a block of 256 days,
//! which the statistics ([`RunAccumulatorLanes`], vectorised by the compiler) then take two
//! lanes at a time with their accumulators in registers; a pair flat through the block takes
//! it as zero days.
//!
//! # Bit-identity with the engine
//! Each lane performs the floating-point operations of [`Engine::run`](super::Engine::run)
//! for its run, in the same order:
//! - mark to market `0.0 + q·(P_d − P_{d−1})·pv` (the day's sum over the one leg starting at
//!   0.0, as in the full day and the quiet stretch; a flat lane's `0·Δ·pv` is ±0 and the sum
//!   is +0.0, the engine's flat day);
//! - on a fill day `0.0 + (pnl − cost)·1`, with the fill's price, commission, slippage, cost
//!   basis and counters of [`fills`](super::fills) and sizes `round(units × ratio)` of
//!   [`legs`](super::legs);
//! - the statistics of [`RunAccumulator::push`](crate::metrics::RunAccumulator::push) per
//!   lane; DV01 and margin sums stay exactly 0 (the book has neither);
//! - the summary and the identity check of the engine ([`Engine::summary`]).
//!
//! The sweep's tests compare every field of every run's summary, bit for bit, with the
//! engine's.
//!
//! # When it applies
//! [`Engine::lockstep_plan`] takes this module's day loop for a book that needs nothing more
//! than the above: no ledger kept; one leg holding one instrument over the whole run (no
//! roll, no expiry, no schedule change) in the base currency; no DV01 and no margin; a fixed
//! tick or none (slippage a constant); a finite price and a tradable day on every day of the
//! run. Books with several legs, rolls, DV01 (and DV01 weighting) and a margin per contract —
//! the rolled, DV01-neutral 2s10s steepener — take the path of [`super::lanes_book`] when its
//! plan accepts them (its module documentation says when). Every other book, and any strategy
//! that is not a [`SlopeZScore`](crate::strategy::SlopeZScore) on precomputed z-scores of the
//! market's length, runs through the engine one run at a time.

use super::fills::{apply_fill, count_fill};
use super::kernels::{mark_pnl, round_half_away};
use super::lanes_book::BookPlan;
use super::legs::{Held, Leg, TickRule};
use super::{Counters, Engine};
use crate::backtest::{BacktestError, RunResult, RunSummary};
use crate::market::Book;
use crate::metrics::RunAccumulatorLanes;
use crate::strategy::Lockstep;
use crate::units::Currency;
use std::sync::Arc;

/// Runs advanced together in one day loop.
pub(crate) const LANES: usize = 8;
const _: () = assert!(LANES.is_power_of_two() && LANES <= 32);

/// A book the lockstep path reproduces exactly ([`Engine::lockstep_plan`]), with what the
/// day loop needs of it.
pub(crate) enum LockstepPlan<'a> {
    /// One instrument held all run, without DV01 or margin (this module's day loop).
    OneLeg(OneLegPlan<'a>),
    /// Legs that roll, with DV01 and margin ([`super::lanes_book`]).
    Book(Box<BookPlan<'a>>),
}

/// A one-leg book without rolls, DV01 or margin.
#[derive(Clone, Copy)]
pub(crate) struct OneLegPlan<'a> {
    held: Held<'a>,
    ratio: f64,
    currency: Currency,
    first_day: usize,
    last_day: usize,
    // Slippage in price points per contract, as `fill` computes it from a fixed tick.
    slip: f64,
    market_len: usize,
}

impl LockstepPlan<'_> {
    /// Whether a run can join: its z-scores cover the market's days (else the engine's
    /// `prepare` reports the mismatch, through the per-run path).
    pub(crate) fn accepts(&self, run: &Lockstep) -> bool {
        let market_len = match self {
            LockstepPlan::OneLeg(p) => p.market_len,
            LockstepPlan::Book(p) => p.market_len(),
        };
        run.scores().len() == market_len
    }
}

impl<'a> Engine<'a> {
    /// The lockstep plan of `book` under this engine, or `None` when the book or the
    /// configuration needs anything the lockstep path does not reproduce (see the module
    /// documentation): the sweep then runs each strategy through [`Engine::run`].
    pub(crate) fn lockstep_plan(&self, book: &Book) -> Option<LockstepPlan<'a>> {
        if self.config.record || *book.timeline() != self.timeline {
            return None;
        }
        if let Some(plan) = self.one_leg_plan(book) {
            return Some(LockstepPlan::OneLeg(plan));
        }
        self.book_plan(book)
            .map(|plan| LockstepPlan::Book(Box::new(plan)))
    }

    /// The plan of a one-leg book without rolls, DV01 or margin, or `None`.
    fn one_leg_plan(&self, book: &Book) -> Option<OneLegPlan<'a>> {
        let [leg] = book.legs() else {
            return None;
        };
        let base = self.config.base_currency;
        let (a, b) = leg.span()?;
        let (first_day, last_day) = (a.max(self.first_day), b.min(self.last_day));
        if first_day > last_day {
            return None;
        }
        // The engine names the leg's currency by the first instrument of its span.
        let first_id = leg.schedule().get(a).copied().flatten()?;
        let id = leg.schedule().get(first_day).copied().flatten()?;
        if self.table.instrument(first_id).currency != base
            || self.table.instrument(id).currency != base
            || leg.next_change(first_day) <= last_day
        {
            return None;
        }
        let held = self.held(Some(id))?;
        if held.has_exposure() || self.ends_before_history(&held, last_day) {
            return None;
        }
        let slip = match held.tick {
            TickRule::None => 0.0,
            TickRule::Fixed(t) => self.config.costs.slippage_ticks * t,
            TickRule::Root(_) => return None,
        };
        let i0 = first_day.checked_sub(held.cols.first_day)?;
        let i1 = last_day - held.cols.first_day;
        let prices = held.cols.price.get(i0..=i1)?;
        let traded = held.cols.traded.get(i0..=i1)?;
        let no_dv01 = held
            .cols
            .dv01
            .get(i0..=i1)
            .is_none_or(|c| c.iter().all(Option::is_none));
        let finite = [leg.ratio(), slip, held.commission, held.point_value]
            .iter()
            .chain(prices)
            .all(|v| v.is_finite());
        if !(finite && no_dv01 && traded.iter().all(|&t| t)) {
            return None;
        }
        Some(OneLegPlan {
            held,
            ratio: leg.ratio(),
            currency: base,
            first_day,
            last_day,
            slip,
            market_len: self.market.len(),
        })
    }

    /// Runs up to [`LANES`] z-score runs of `book` in lockstep and returns each run's summary
    /// (or its error), in order: bit for bit what [`Engine::run`] returns for each.
    pub(crate) fn run_lockstep(
        &self,
        plan: &LockstepPlan<'a>,
        book: &Book,
        runs: &[Lockstep],
    ) -> Vec<Result<RunSummary, BacktestError>> {
        let runs = &runs[..runs.len().min(LANES)];
        if runs.is_empty() {
            return Vec::new();
        }
        // Runs on one window share every z-score: one load and two compares a day tell
        // whether any of them acts.
        let shared = runs
            .windows(2)
            .all(|w| Arc::ptr_eq(w[0].scores(), w[1].scores()));
        match (plan, shared) {
            (LockstepPlan::OneLeg(p), true) => self.lockstep_chunk::<true>(p, book, runs),
            (LockstepPlan::OneLeg(p), false) => self.lockstep_chunk::<false>(p, book, runs),
            (LockstepPlan::Book(p), true) => self.book_chunk::<true>(p, book, runs),
            (LockstepPlan::Book(p), false) => self.book_chunk::<false>(p, book, runs),
        }
    }

    /// The day loop of [`Engine::run_lockstep`] for 1..=[`LANES`] runs (`SHARED`: all on the
    /// same z-scores).
    fn lockstep_chunk<const SHARED: bool>(
        &self,
        plan: &OneLegPlan<'a>,
        book: &Book,
        runs: &[Lockstep],
    ) -> Vec<Result<RunSummary, BacktestError>> {
        const W: usize = LANES;
        let n = runs.len();
        let h = plan.held;
        let (pv, off, prices) = (h.point_value, h.cols.first_day, h.cols.price);
        let (first, last) = (plan.first_day, plan.last_day);
        // Lanes beyond `n` read the first run's z-scores and never act.
        let z: [&[f64]; W] =
            std::array::from_fn(|l| runs.get(l).unwrap_or(&runs[0]).scores().raw());
        let mut legs: [Leg<'a>; W] = std::array::from_fn(|_| {
            let mut leg = Leg::new(plan.ratio, plan.currency, None);
            leg.held = Some(h);
            leg
        });
        let mut acc = [Counters::default(); W];
        let mut state = [0_i8; W];
        let mut q = [0.0_f64; W];
        // Each lane acts on the first day with `z > hi` or `z < lo` (its state's thresholds).
        let mut hi = [f64::INFINITY; W];
        let mut lo = [f64::NEG_INFINITY; W];
        // Contracts held short (state −1) and long (+1), sized as the engine sizes a target:
        // `round(units × ratio)`, the same product every time.
        let mut sizes = [[0_i64; 2]; W];
        for (l, run) in runs.iter().enumerate() {
            (hi[l], lo[l]) = run.triggers(0);
            sizes[l] = [-1, 1].map(|s| round_half_away(run.units(s) * plan.ratio));
        }
        let (mut hi_min, mut lo_max) = bounds(&hi, &lo);
        let mut held_lanes = 0_usize;
        // Lanes holding contracts (bit l): the others' P&L is exactly 0 on a day without a fill.
        let mut held_mask = 0_u32;
        let mut stats = Stats::default();
        let mut prev = 0.0_f64;
        let mut d = first;
        while d <= last {
            let p = prices[d - off];
            let delta = p - prev;
            let mut x = [0.0_f64; W];
            for l in 0..W {
                x[l] = 0.0 + q[l] * delta * pv;
            }
            let mut moved = held_mask;
            let zd = z[0][d];
            if !SHARED || zd > hi_min || zd < lo_max {
                let mut mask = 0_u32;
                for l in 0..W {
                    let zl = if SHARED { zd } else { z[l][d] };
                    mask |= u32::from((zl > hi[l]) | (zl < lo[l])) << l;
                }
                while mask != 0 {
                    let l = mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    let run = &runs[l];
                    let s = run.next_state(state[l], if SHARED { zd } else { z[l][d] });
                    if s == state[l] {
                        continue;
                    }
                    state[l] = s;
                    (hi[l], lo[l]) = run.triggers(s);
                    let desired = match s {
                        -1 => sizes[l][0],
                        1 => sizes[l][1],
                        _ => 0,
                    };
                    let c0 = legs[l].contracts;
                    let qty = desired - c0;
                    if qty != 0 {
                        let cost = self.lockstep_fill(plan, &mut legs[l], &mut acc[l], qty, d);
                        let pnl = if c0 != 0 {
                            mark_pnl(c0 as f64, p, prev, pv)
                        } else {
                            0.0
                        };
                        x[l] = 0.0 + (pnl - cost) * legs[l].fx(d);
                        legs[l].contracts = desired;
                        q[l] = desired as f64;
                        acc[l].position_changes += 1;
                        held_lanes = held_lanes + usize::from(desired != 0) - usize::from(c0 != 0);
                        moved |= 1 << l;
                        held_mask = (held_mask & !(1 << l)) | (u32::from(desired != 0) << l);
                    }
                }
                (hi_min, lo_max) = bounds(&hi, &lo);
            }
            stats.push(x, moved);
            prev = p;
            d += 1;
            // Every lane flat until one acts: zero days, in O(1).
            if held_lanes == 0 && d <= last {
                let stop = if SHARED {
                    first_trigger(z[0], hi_min, lo_max, d, last)
                } else {
                    (0..n)
                        .map(|l| first_trigger(z[l], hi[l], lo[l], d, last))
                        .min()
                        .unwrap_or(usize::MAX)
                }
                .min(last + 1);
                if stop > d {
                    stats.push_zeros(stop - d);
                    prev = prices[stop - 1 - off];
                    d = stop;
                }
            }
        }
        stats.flush();
        let last_price = prices[last - off];
        (0..n)
            .map(|l| {
                let leg = &mut legs[l];
                // A flat leg's mark does not enter its (zero) unrealised P&L.
                leg.mark = last_price;
                let open = leg.contracts != 0;
                let unrealised: f64 = std::slice::from_ref(&*leg)
                    .iter()
                    .map(|l| l.unrealised() * l.fx(last))
                    .sum();
                let summary =
                    self.summary(&stats.lane(l), &acc[l], open, (first, last), unrealised);
                self.checked_lane_summary(book, vec![plan.currency], summary)
            })
            .collect()
    }

    /// A lockstep lane's summary after the identity checks [`Engine::run`] makes on every
    /// run (on a result without ledger or blotter, as the engine's own without a ledger).
    ///
    /// # Errors
    /// [`BacktestError`] from [`RunResult::check_identities`].
    pub(super) fn checked_lane_summary(
        &self,
        book: &Book,
        leg_currencies: Vec<Currency>,
        summary: RunSummary,
    ) -> Result<RunSummary, BacktestError> {
        let result = RunResult {
            book: book.label().to_owned(),
            base_currency: self.config.base_currency,
            leg_currencies,
            summary,
            ledger: Default::default(),
            trades: Default::default(),
        };
        result.check_identities()?;
        Ok(result.summary)
    }

    /// A fill of `qty` contracts on day `d` in a lockstep lane: the price, commission,
    /// slippage, cost basis and counters of [`Engine::fill`](super::Engine) for a contract
    /// with a fixed tick (or none), without a blotter. Returns the cost.
    ///
    /// # Formula
    /// ```text
    /// cost       = |qty| · commission + |qty| · slip · pv
    /// fill price = P_d + slip · sign(qty)
    /// ```
    fn lockstep_fill(
        &self,
        plan: &OneLegPlan<'a>,
        leg: &mut Leg<'a>,
        acc: &mut Counters,
        qty: i64,
        d: usize,
    ) -> f64 {
        let h = &plan.held;
        let price = h.cols.price[d - h.cols.first_day];
        let slip = plan.slip;
        let abs_q = qty.unsigned_abs() as f64;
        let commission = abs_q * h.commission;
        let slippage = abs_q * slip * h.point_value;
        let cost = commission + slippage;
        let fx = leg.fx(d);
        let fill_price = price + slip * qty.signum() as f64;
        let realised = apply_fill(leg, qty, fill_price, h.point_value);
        count_fill(
            acc,
            qty,
            fill_price,
            h.point_value,
            (commission, cost),
            realised,
            fx,
        );
        cost
    }
}

/// The lowest upper and the highest lower threshold of the lanes (pairwise, a short
/// dependency chain).
#[inline(always)]
pub(super) fn bounds(hi: &[f64; LANES], lo: &[f64; LANES]) -> (f64, f64) {
    let (mut a, mut b) = (*hi, *lo);
    let mut w = LANES / 2;
    while w > 0 {
        for l in 0..w {
            a[l] = a[l].min(a[l + w]);
            b[l] = b[l].max(b[l + w]);
        }
        w /= 2;
    }
    (a[0], b[0])
}

/// The first day in `from..=last` with `z > hi` or `z < lo` (`usize::MAX` if none; NaN never
/// qualifies). Blocks of eight are screened branch-free first (vectorisable).
pub(super) fn first_trigger(z: &[f64], hi: f64, lo: f64, from: usize, last: usize) -> usize {
    const BLOCK: usize = 8;
    let Some(rest) = z.get(from..z.len().min(last + 1)) else {
        return usize::MAX;
    };
    let hit = |v: f64| (v > hi) | (v < lo);
    let mut blocks = rest.chunks_exact(BLOCK);
    let mut base = from;
    for block in &mut blocks {
        if block.iter().fold(false, |a, &v| a | hit(v)) {
            return block
                .iter()
                .position(|&v| hit(v))
                .map_or(usize::MAX, |i| base + i);
        }
        base += BLOCK;
    }
    blocks
        .remainder()
        .iter()
        .position(|&v| hit(v))
        .map_or(usize::MAX, |i| base + i)
}

/// Days of P&L buffered per block before the statistics take them.
const BLOCK_DAYS: usize = 256;

/// The statistics of a chunk's lanes, taken in blocks of days: the day loop writes each day's
/// P&L row (and the zero days between rows), then each pair of lanes runs through the block
/// with its accumulator in registers (ten fields of two lanes). The days reach every lane in
/// order, so the result is the accumulator of pushing them one by one. A pair flat through
/// the whole block (every day exactly +0.0: `0.0 + 0·Δ·pv`) takes the block as zero days,
/// the same state ([`RunAccumulator::push_zeros`](crate::metrics::RunAccumulator::push_zeros)).
pub(super) struct Stats {
    rows: [[f64; LANES]; BLOCK_DAYS],
    // Zero days before row `i` (and, at `len`, after the last row).
    zeros: [usize; BLOCK_DAYS + 1],
    len: usize,
    // Lanes with a possibly non-zero day in the block (bit l).
    moved: u32,
    pairs: [RunAccumulatorLanes<2>; LANES / 2],
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            rows: [[0.0; LANES]; BLOCK_DAYS],
            zeros: [0; BLOCK_DAYS + 1],
            len: 0,
            moved: 0,
            pairs: [RunAccumulatorLanes::default(); LANES / 2],
        }
    }
}

impl Stats {
    /// Adds a day's row; `moved` has bit `l` set when lane `l`'s P&L may be non-zero.
    #[inline(always)]
    pub(super) fn push(&mut self, x: [f64; LANES], moved: u32) {
        self.rows[self.len] = x;
        self.moved |= moved;
        self.len += 1;
        if self.len == BLOCK_DAYS {
            self.flush();
        }
    }

    #[inline(always)]
    pub(super) fn push_zeros(&mut self, m: usize) {
        self.zeros[self.len] += m;
    }

    #[inline(never)]
    pub(super) fn flush(&mut self) {
        let (rows, zeros) = (&self.rows[..self.len], &self.zeros[..=self.len]);
        for (k, pair) in self.pairs.iter_mut().enumerate() {
            if (self.moved >> (2 * k)) & 3 == 0 {
                // Every day of the block is exactly 0 for both lanes: as many zero days.
                pair.push_zeros(self.len + zeros.iter().sum::<usize>());
                continue;
            }
            let mut acc = *pair;
            for (row, &z) in rows.iter().zip(zeros) {
                if z > 0 {
                    acc.push_zeros(z);
                }
                acc.push(&[row[2 * k], row[2 * k + 1]]);
            }
            if zeros[self.len] > 0 {
                acc.push_zeros(zeros[self.len]);
            }
            *pair = acc;
        }
        self.zeros[..=self.len].fill(0);
        self.len = 0;
        self.moved = 0;
    }

    pub(super) fn lane(&self, l: usize) -> crate::metrics::RunAccumulator {
        self.pairs[l / 2].lane(l % 2)
    }
}
