//! Lockstep runs: up to [`LANES`] z-score runs of one book advanced through the days together,
//! for [`Sweep::run`](crate::backtest::Sweep::run). This module holds the plan
//! ([`LockstepPlan`]), the dispatch and the two passes of one-leg books; rolled books of
//! several legs are in [`super::lanes_book`].
//!
//! Every run of a parameter sweep on a single-instrument book marks the same price change each
//! day; only its position, its state machine and its statistics differ. The runs of a chunk
//! go through two passes:
//! 1. **Acting days** (`lockstep_events`): a chunk's runs normally share one window (the
//!    sweep groups them so), hence every z-score; the pass scans them for the next day that
//!    crosses the lowest upper or the highest lower threshold of the lanes' states (blocks of
//!    eight days compared branch-free), and there moves the lanes whose own threshold is
//!    crossed. A change of target fills through the engine's arithmetic; the lane keeps the
//!    day as an event (its P&L and the contracts held after it). About one day in ten acts.
//! 2. **Every day** (`group_marks`): a group of lanes at a time through the run, their
//!    statistics ([`RunAccumulatorLanes`], one packed update for the group) in registers:
//!    eight lanes in 512-bit registers where the CPU has AVX-512, four in 256-bit ones where
//!    it has AVX2 (detected at run time, the code — the first pass's too — compiled for it
//!    through `pulp`), else two in the build's baseline SSE2 registers ([`Grouping`]; the
//!    same bits either way). Between two events a lane's contracts are
//!    constant and its P&L is the mark `c·ΔP·pv`; on an event day it is the event's. A stretch
//!    on which every lane of the group is flat (half the pair-days of the reference sweep) is
//!    taken as zero days in O(1), and a stretch's winning and non-zero days are counted from
//!    prefix counts of the days the price rose and fell rather than day by day.
//!
//! # Bit-identity with the engine
//! Each lane performs the floating-point operations of [`Engine::run`](super::Engine::run)
//! for its run, in the same order:
//! - mark to market `0.0 + q·(P_d − P_{d−1})·pv` (the day's sum over the one leg starting at
//!   0.0, as in the full day and the quiet stretch; a flat lane's `0·Δ·pv` is ±0 and the sum
//!   is +0.0, the engine's flat day). Between events the statistics take `q·ΔP·pv` without
//!   the `0.0 +`, which changes only the sign of a zero, and no statistic sees that sign
//!   (`group_marks` says why); winning and non-zero days are counted by the sign of
//!   `q·ΔP·pv`, which is the sign of `q`, `ΔP` and `pv` together whenever the product cannot
//!   underflow (the plan checks that);
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
//! [`Engine::lockstep_plan`] takes this module's passes for a book that needs nothing more
//! than the above: no ledger kept; one leg holding one instrument over the whole run (no
//! roll, no expiry, no schedule change) in the base currency; no DV01 and no margin; a fixed
//! tick or none (slippage a constant); a finite price and a tradable day on every day of the
//! run; a non-zero point value whose product with the smallest non-zero price change is not
//! 0. Books with several legs, rolls, DV01 (and DV01 weighting) and a margin per contract —
//! the rolled, DV01-neutral 2s10s steepener — take the path of [`super::lanes_book`] when its
//! plan accepts them (its module documentation says when). Every other book, and any strategy
//! that is not a [`SlopeZScore`](crate::strategy::SlopeZScore) on precomputed z-scores of the
//! market's length, runs through the engine one run at a time.

use super::fills::{count_fill, fill_cost, fill_price, realised_on_close, sign_of};
use super::kernels::{mark_pnl, round_half_away};
use super::lanes_book::BookPlan;
use super::legs::{Held, Leg, TickRule};
use super::{Counters, Engine};
use crate::backtest::{BacktestError, RunResult, RunSummary};
use crate::market::Book;
use crate::metrics::{RunAccumulator, RunAccumulatorLanes};
use crate::strategy::{Lockstep, ZScoreParams};
use crate::units::Currency;
use std::hint::select_unpredictable;
use std::sync::Arc;
use wide::f64x4;

/// Runs advanced together in one day loop.
pub(crate) const LANES: usize = 8;
const _: () = assert!(LANES.is_power_of_two() && LANES <= 32);

/// A book the lockstep path reproduces exactly ([`Engine::lockstep_plan`]), with what the
/// day loop needs of it.
pub(crate) enum LockstepPlan<'a> {
    /// One instrument held all run, without DV01 or margin (this module's day loop).
    OneLeg(Box<OneLegPlan<'a>>),
    /// Legs that roll, with DV01 and margin ([`super::lanes_book`]).
    Book(Box<BookPlan<'a>>),
}

/// A one-leg book without rolls, DV01 or margin.
pub(crate) struct OneLegPlan<'a> {
    held: Held<'a>,
    ratio: f64,
    currency: Currency,
    first_day: usize,
    last_day: usize,
    // Slippage in price points per contract, as `fill` computes it from a fixed tick.
    slip: f64,
    market_len: usize,
    /// The run's prices, first day to last.
    prices: &'a [f64],
    /// Per day `k` of the run: the days before it whose price rose (`P_t > P_{t−1}`, `t ≥ 1`)
    /// and fell; index `k = len` covers the whole run.
    rises: Vec<u32>,
    falls: Vec<u32>,
    /// Per day of the run: `P_d − P_{d−1}`, the engine's `price − mark` (on the first day
    /// `P_d − 0.0`, the mark of a leg that held nothing).
    deltas: Vec<f64>,
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
    ///
    /// `parallel`: a rolled book's plan is built on rayon's threads (the same plan either
    /// way).
    pub(crate) fn lockstep_plan(&self, book: &Book, parallel: bool) -> Option<LockstepPlan<'a>> {
        if self.config.record || *book.timeline() != self.timeline {
            return None;
        }
        if let Some(plan) = self.one_leg_plan(book) {
            return Some(LockstepPlan::OneLeg(Box::new(plan)));
        }
        self.book_plan(book, parallel)
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
        // Events keep their day as 32 bits.
        if first_day > last_day || last_day - first_day >= u32::MAX as usize {
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
        // Held contracts `c` (a whole number, |c| ≥ 1) make the day's P&L `c·ΔP·pv` of ΔP's
        // sign times theirs and pv's, zero exactly when ΔP is, unless the product underflows:
        // it cannot when the smallest non-zero |ΔP| times |pv| is not 0 (rounding is
        // monotone and |c·ΔP| ≥ |ΔP|). Then the statistics count a stretch's winning and
        // non-zero days from these prefix counts (`group_marks`).
        let pv = held.point_value;
        let smallest = prices
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .filter(|&d| d > 0.0)
            .fold(f64::INFINITY, f64::min);
        if pv == 0.0 || (smallest.is_finite() && smallest * pv.abs() == 0.0) {
            return None;
        }
        // `[0, 0, #(t ≤ 1), …, #(t ≤ len − 1)]`: `len + 1` entries.
        let count = |rise: bool| {
            let mut k = 0_u32;
            [0, 0]
                .into_iter()
                .chain(prices.windows(2).map(|w| {
                    k += u32::from(if rise { w[1] > w[0] } else { w[1] < w[0] });
                    k
                }))
                .collect::<Vec<u32>>()
        };
        Some(OneLegPlan {
            held,
            ratio: leg.ratio(),
            currency: base,
            first_day,
            last_day,
            slip,
            market_len: self.market.len(),
            prices,
            rises: count(true),
            falls: count(false),
            deltas: prices
                .iter()
                .scan(0.0, |prev, &p| {
                    let delta = p - *prev;
                    *prev = p;
                    Some(delta)
                })
                .collect(),
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

    /// The two passes of [`Engine::run_lockstep`] for 1..=[`LANES`] runs (`SHARED`: all on
    /// the same z-scores): the acting days, then the statistics group by group.
    fn lockstep_chunk<const SHARED: bool>(
        &self,
        plan: &OneLegPlan<'a>,
        book: &Book,
        runs: &[Lockstep],
    ) -> Vec<Result<RunSummary, BacktestError>> {
        let ChunkLanes {
            mut legs,
            acc,
            stats,
        } = self.chunk_lanes::<SHARED>(plan, runs, Grouping::detect());
        let n = runs.len();
        let prices = plan.prices;
        let (first, last) = (plan.first_day, plan.last_day);
        let last_price = prices[prices.len() - 1];
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
                let summary = self.summary(&stats[l], &acc[l], open, (first, last), unrealised);
                self.checked_lane_summary(book, vec![plan.currency], summary)
            })
            .collect()
    }

    /// The two passes of a chunk in the groups of `grouping` (the same bits for every
    /// grouping).
    fn chunk_lanes<const SHARED: bool>(
        &self,
        plan: &OneLegPlan<'a>,
        runs: &[Lockstep],
        grouping: Grouping,
    ) -> ChunkLanes<'a> {
        let n = runs.len();
        match grouping {
            Grouping::Pairs => {
                let lanes = self.lockstep_events::<SHARED, 2>(plan, runs);
                lanes_in(lanes, n, |days| group_marks(plan, days))
            }
            #[cfg(target_arch = "x86_64")]
            Grouping::Quads(v3) => {
                let lanes = v3.vectorize(OneLegEvents::<SHARED, 4> {
                    engine: self,
                    plan,
                    runs,
                });
                lanes_in(lanes, n, |days| v3.vectorize(Group { plan, days }))
            }
            #[cfg(target_arch = "x86_64")]
            Grouping::Octs(v4) => {
                let lanes = v4.vectorize(OneLegEvents::<SHARED, 8> {
                    engine: self,
                    plan,
                    runs,
                });
                lanes_in(lanes, n, |days| v4.vectorize(Group { plan, days }))
            }
        }
    }

    /// The first pass of [`Engine::run_lockstep`]: the days on which some lane's state
    /// machine moves, found by scanning the z-scores for the next threshold crossed (for runs
    /// on one window, the lowest upper and the highest lower threshold of the lanes); on each,
    /// the lanes that move fill through the engine's arithmetic and keep the day as an
    /// [`Event`]: its P&L `0.0 + (mark − cost)·fx` and the contracts held after it.
    #[inline(always)]
    fn lockstep_events<const SHARED: bool, const G: usize>(
        &self,
        plan: &OneLegPlan<'a>,
        runs: &[Lockstep],
    ) -> LaneEvents<'a, G> {
        const W: usize = LANES;
        // The plan's leg settles in the base currency: the fills' and marks' FX rate is 1.
        const FX: f64 = 1.0;
        let n = runs.len();
        let h = plan.held;
        let (pv, off, prices) = (h.point_value, h.cols.first_day, h.cols.price);
        let (first, last) = (plan.first_day, plan.last_day);
        // Lanes beyond `n` read the first run's z-scores and never act.
        let run = |l: usize| runs.get(l).unwrap_or(&runs[0]);
        let z: [&[f64]; W] = std::array::from_fn(|l| run(l).scores().raw());
        let params: [ZScoreParams; W] = std::array::from_fn(|l| *run(l).params());
        // Per lane and state index `k = state + 1` (short, flat, long): the thresholds (each
        // lane acts on the first day with `z > hi` or `z < lo` of its state) and the move
        // into that state from the one the lane leaves (`Move::into`). Lanes beyond `n` keep
        // thresholds no z-score crosses.
        let mut moves = [[Move::idle(); 3]; W];
        for (l, run) in runs.iter().enumerate() {
            let targets = [-1, 0, 1].map(|s| {
                if s == 0 {
                    0
                } else {
                    round_half_away(run.units(s) * plan.ratio)
                }
            });
            moves[l] =
                std::array::from_fn(|k| Move::into(k, run, targets, plan.slip, h.commission, pv));
        }
        // Per lane, state index and direction of the crossing: its step (`Step::of`).
        let steps: [[Step; 6]; W] = std::array::from_fn(|l| {
            std::array::from_fn(|i| Step::of(&params[l], &moves[l], i / 2, i % 2 == 1))
        });
        let mut k_state = [1_usize; W];
        let mut hi: [f64; W] = std::array::from_fn(|l| moves[l][1].hi);
        let mut lo: [f64; W] = std::array::from_fn(|l| moves[l][1].lo);
        // Each lane's position: contracts, average cost and the P&L realised (the engine's
        // leg), then its counters and fill days.
        // Contracts held as `f64` (whole numbers: exact), as the marks take them.
        let mut held = [0.0_f64; W];
        let mut avg = [0.0_f64; W];
        let mut realised_leg = [0.0_f64; W];
        let mut acc = [Counters::default(); W];
        // Each group's acting days. Room for one every eighth day (a chunk of the reference
        // sweep acts on about 520 of its 5,000), grown for groups that act more often: room
        // for one every fourth day allocated 170 KB per chunk, fresh pages from the kernel
        // for every chunk (3–6% of a serial reference sweep's time, alternated).
        const { assert!(LANES.is_multiple_of(G), "a chunk holds whole groups") };
        let mut groups: Vec<Vec<GroupDay<G>>> = (0..W / G)
            .map(|_| Vec::with_capacity((last - first) / 8 + 2))
            .collect();
        // Per lane, the next day it acts on (runs on one window: any lane, from the bounds).
        let mut next = [usize::MAX; W];
        let (mut hi_min, mut lo_max) = bounds(&hi, &lo);
        if !SHARED {
            for l in 0..n {
                next[l] = first_trigger(z[l], hi[l], lo[l], first, last);
            }
        }
        let mut d = first;
        loop {
            d = if SHARED {
                // The day after an acting day often acts too: look before scanning.
                match z[0].get(d) {
                    Some(&v) if (d <= last) & ((v > hi_min) | (v < lo_max)) => d,
                    _ => first_trigger(z[0], hi_min, lo_max, d, last),
                }
            } else {
                next[..n].iter().copied().min().unwrap_or(usize::MAX)
            };
            if d > last {
                break;
            }
            let p = prices[d - off];
            // A lane holding contracts on `d` held them on `d − 1` (no fill on the first day
            // finds any held; its mark is not taken).
            let prev = prices[d.max(first + 1) - 1 - off];
            let zd: [f64; W] = std::array::from_fn(|l| if SHARED { z[0][d] } else { z[l][d] });
            let mut mask = crossed(&zd, &hi, &lo);
            let acting = mask;
            // Every lane's day: the engine's mark `0.0 + c·ΔP·pv` of the contracts held
            // into it, or a fill's P&L; and the lanes that fill.
            let delta = plan.deltas[d - first];
            let mut x: [f64; W] = std::array::from_fn(|l| 0.0 + held[l] * delta * pv);
            let mut filled = 0_u32;
            while mask != 0 {
                let l = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let k0 = k_state[l];
                let step = &steps[l][2 * k0 + usize::from(zd[l] > hi[l])];
                debug_assert_eq!(
                    step.k as i8 - 1,
                    crate::strategy::next_state(&params[l], k0 as i8 - 1, zd[l]),
                    "a lane's step is its state machine's"
                );
                (k_state[l], hi[l], lo[l]) = (step.k, step.hi, step.lo);
                if !step.fills {
                    continue;
                }
                let c0 = held[l];
                debug_assert_eq!(
                    c0 + step.qty as f64,
                    step.desired,
                    "a lane holds its state's target"
                );
                let (opening, (abs_q, commission, cost), qty) = (c0 == 0.0, step.size, step.qty);
                let fill_price = fill_price(p, plan.slip, step.sign);
                // `apply_fill` for an open (average = fill, nothing realised) or a close of
                // all `|q₀|` contracts (average 0), as selects: whether a lane opens or closes
                // is a coin toss to the branch predictor (a mispredicted branch cost more than
                // the products).
                let on_close = realised_on_close(abs_q, fill_price, avg[l], step.sign0, pv);
                let realised = select_unpredictable(opening, 0.0, on_close);
                avg[l] = select_unpredictable(opening, fill_price, 0.0);
                realised_leg[l] += realised;
                count_fill(
                    &mut acc[l],
                    (qty, abs_q),
                    fill_price,
                    pv,
                    (commission, cost),
                    realised,
                    FX,
                );
                let mark = mark_pnl(c0, p, prev, pv);
                let pnl = select_unpredictable(opening, 0.0, mark);
                held[l] = step.desired;
                acc[l].position_changes += 1;
                x[l] = 0.0 + (pnl - cost) * FX;
                filled |= 1 << l;
            }
            for (g, days) in groups.iter_mut().enumerate() {
                if filled >> (G * g) & ((1 << G) - 1) != 0 {
                    days.push(GroupDay {
                        // The plan's runs are shorter than 2³² days.
                        day: (d - first) as u32,
                        x: std::array::from_fn(|j| x[G * g + j]),
                        contracts: std::array::from_fn(|j| held[G * g + j]),
                    });
                }
            }
            if SHARED {
                (hi_min, lo_max) = bounds(&hi, &lo);
            } else {
                let mut m = acting;
                while m != 0 {
                    let l = m.trailing_zeros() as usize;
                    m &= m - 1;
                    next[l] = first_trigger(z[l], hi[l], lo[l], d + 1, last);
                }
            }
            d += 1;
        }
        // Every list ends with a day past the run, which no lane reaches.
        for days in &mut groups {
            days.push(GroupDay {
                day: (last + 1 - first) as u32,
                x: [0.0; G],
                contracts: [0.0; G],
            });
        }
        LaneEvents {
            legs: std::array::from_fn(|l| {
                let mut leg = Leg::new(plan.ratio, plan.currency, None);
                leg.held = Some(h);
                // Whole numbers held as `f64`: exact.
                leg.contracts = held[l] as i64;
                leg.cost_qty = leg.contracts;
                leg.avg_price = avg[l];
                leg.realised = realised_leg[l];
                leg
            }),
            acc,
            groups,
        }
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
}

/// The lanes whose z-score `z` is above their `hi` or below their `lo` threshold, as a bit
/// mask (lane `l` at bit `l`): four lanes per packed compare (NaN crosses nothing).
#[inline(always)]
pub(super) fn crossed(z: &[f64; LANES], hi: &[f64; LANES], lo: &[f64; LANES]) -> u32 {
    const { assert!(LANES.is_multiple_of(4), "lanes come in fours") };
    let quad = |a: &[f64; LANES], h: usize| f64x4::new(std::array::from_fn(|i| a[4 * h + i]));
    (0..LANES / 4).fold(0, |mask, h| {
        let zh = quad(z, h);
        let hit = zh.simd_gt(quad(hi, h)) | zh.simd_lt(quad(lo, h));
        mask | hit.to_bitmask() << (4 * h)
    })
}

/// The lowest upper and the highest lower threshold of the lanes (pairwise, a short
/// dependency chain).
#[inline(always)]
pub(super) fn bounds(hi: &[f64; LANES], lo: &[f64; LANES]) -> (f64, f64) {
    let (mut a, mut b) = (*hi, *lo);
    let mut w = LANES / 2;
    while w > 0 {
        for l in 0..w {
            // Compare-selects (one packed min or max each): thresholds are never NaN.
            a[l] = if a[l + w] < a[l] { a[l + w] } else { a[l] };
            b[l] = if b[l + w] > b[l] { b[l + w] } else { b[l] };
        }
        w /= 2;
    }
    (a[0], b[0])
}

/// The first day in `from..=last` with `z > hi` or `z < lo` (`usize::MAX` if none; NaN never
/// qualifies). Blocks of eight days are compared four at a time into a bit mask of the days
/// that qualify, the first of which is its lowest bit (no search loop to mispredict).
#[inline(never)]
pub(super) fn first_trigger(z: &[f64], hi: f64, lo: f64, from: usize, last: usize) -> usize {
    const BLOCK: usize = 8;
    let Some(rest) = z.get(from..z.len().min(last + 1)) else {
        return usize::MAX;
    };
    let (hi4, lo4) = (f64x4::splat(hi), f64x4::splat(lo));
    let quad = |b: &[f64], h: usize| f64x4::new(std::array::from_fn(|i| b[4 * h + i]));
    let mut blocks = rest.chunks_exact(BLOCK);
    let mut base = from;
    for block in &mut blocks {
        let mask = (0..BLOCK / 4).fold(0_u32, |mask, h| {
            let v = quad(block, h);
            mask | (v.simd_gt(hi4) | v.simd_lt(lo4)).to_bitmask() << (4 * h)
        });
        if mask != 0 {
            return base + mask.trailing_zeros() as usize;
        }
        base += BLOCK;
    }
    blocks
        .remainder()
        .iter()
        .position(|&v| (v > hi) | (v < lo))
        .map_or(usize::MAX, |i| base + i)
}

/// How the statistics pass of a one-leg chunk groups its lanes ([`chunk_stats`]).
///
/// Measured on the reference sweep (serial CPU time, builds alternated four times, 2-core AMD
/// EPYC under KVM, 2026-12-02): groups of four lanes compiled for AVX2 (one 256-bit register
/// per statistic) 7.85–7.95 ms against pairs in SSE2 registers 8.75–9.2 ms; four lanes in SSE2
/// registers were slower than pairs (10.0 against 9.3 ms), as a group of four processes every
/// day on which any of its lanes holds a position. Groups of eight compiled for AVX-512 (the
/// same CPU, 2026-12-03, alternated three to four times against the AVX2 fours): reference
/// sweep 7.0–7.4 against 7.2–7.8 ms; the real 2s10s sweep 29.5 against 36.5 ms (its statistics
/// keep fourteen sums a group: in 16 AVX2 registers some spill to memory, in 32 none do).
#[derive(Debug, Clone, Copy)]
pub(super) enum Grouping {
    /// Two lanes per group, in the build's baseline instructions (SSE2 on x86-64).
    Pairs,
    /// Four lanes per group, compiled for x86-64-v3 (AVX2) and run only where the CPU has
    /// it (the token is proof of that, from run-time detection).
    #[cfg(target_arch = "x86_64")]
    Quads(pulp::x86::V3),
    /// Eight lanes per group (the whole chunk), compiled for x86-64-v4 (AVX-512: one 512-bit
    /// register per statistic, and 32 of them) and run only where the CPU has it.
    #[cfg(target_arch = "x86_64")]
    Octs(pulp::x86::V4),
}

impl Grouping {
    /// Groups of eight where the CPU has AVX-512, else of four where it has AVX2, else pairs.
    pub(super) fn detect() -> Grouping {
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(v4) = pulp::x86::V4::try_new() {
                return Grouping::Octs(v4);
            }
            if let Some(v3) = pulp::x86::V3::try_new() {
                return Grouping::Quads(v3);
            }
        }
        Grouping::Pairs
    }

    /// The groupings compiled for instructions beyond the build's baseline that this CPU can
    /// run (the AVX2 groups of four, the AVX-512 groups of eight), saying which it cannot.
    #[cfg(test)]
    pub(super) fn simd_for_test() -> Vec<Grouping> {
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            match pulp::x86::V3::try_new() {
                Some(v3) => out.push(Grouping::Quads(v3)),
                None => eprintln!("this CPU has no AVX2: its groups of four are not compared"),
            }
            match pulp::x86::V4::try_new() {
                Some(v4) => out.push(Grouping::Octs(v4)),
                None => eprintln!("this CPU has no AVX-512: its groups of eight are not compared"),
            }
        }
        out
    }
}

/// A lane's move into a state of its z-score machine: the state's thresholds, the contracts
/// it targets and the size of the fill that opens it from flat or closes it to flat
/// (`(|contracts|, commission, cost)` of [`fill_cost`]: every fill of a lane does one or the
/// other, as its states pass through flat, whose target is 0 contracts).
#[derive(Clone, Copy)]
struct Move {
    hi: f64,
    lo: f64,
    desired: i64,
    size: (f64, f64, f64),
}

impl Move {
    /// The move of a lane that never acts (thresholds no z-score crosses).
    fn idle() -> Move {
        Move {
            hi: f64::INFINITY,
            lo: f64::NEG_INFINITY,
            desired: 0,
            size: (0.0, 0.0, 0.0),
        }
    }

    /// The move of `run` into the state of index `k`, its contracts `targets[k]` sized as the
    /// engine sizes a target (`round(units × ratio)`, the same product every time).
    fn into(
        k: usize,
        run: &Lockstep,
        targets: [i64; 3],
        slip: f64,
        commission: f64,
        pv: f64,
    ) -> Move {
        let (hi, lo) = run.triggers(k as i8 - 1);
        let desired = targets[k];
        let abs_q = desired.unsigned_abs() as f64;
        let (commission, _, cost) = fill_cost(abs_q, slip, commission, pv);
        Move {
            hi,
            lo,
            desired,
            size: (abs_q, commission, cost),
        }
    }
}

/// What a lane does on a day its threshold is crossed: the state it moves into, that
/// state's thresholds, and whether it fills, with the fill's size. Which state follows
/// depends only on the state and on the side crossed (above `hi` or below `lo`), not on how
/// far: [`Step::of`] takes it from the state machine's own rules
/// ([`next_state`](crate::strategy::next_state)) on the nearest z-score beyond the threshold
/// (and a debug assertion checks it on every crossing of the tests).
#[derive(Clone, Copy)]
struct Step {
    /// The state index after the day (`state + 1`).
    k: usize,
    hi: f64,
    lo: f64,
    /// Whether the contracts targeted change (a fill).
    fills: bool,
    /// The contracts held after the day, and the fill's quantity.
    desired: f64,
    qty: i64,
    /// `sign(qty)` and the sign of the contracts held before ([`sign_of`]).
    sign: f64,
    sign0: f64,
    /// `(|quantity|, commission, cost)` of the fill: the move's into the state when it
    /// opens from flat, the one's out of the state left when it closes to flat (every state
    /// passes through flat, whose target is 0 contracts).
    size: (f64, f64, f64),
}

impl Step {
    /// The step of a lane with `params` and `moves` (per state index) from state index `k0`
    /// on a crossing upwards (`up`) or downwards.
    fn of(params: &ZScoreParams, moves: &[Move; 3], k0: usize, up: bool) -> Step {
        let from = &moves[k0];
        let z = if up {
            from.hi.next_up()
        } else {
            from.lo.next_down()
        };
        let k = (crate::strategy::next_state(params, k0 as i8 - 1, z) + 1) as usize;
        let to = &moves[k];
        let qty = to.desired - from.desired;
        Step {
            k,
            hi: to.hi,
            lo: to.lo,
            fills: k != k0 && qty != 0,
            desired: to.desired as f64,
            qty,
            sign: sign_of(qty),
            sign0: sign_of(from.desired),
            size: if from.desired == 0 {
                to.size
            } else {
                from.size
            },
        }
    }
}

/// Each lane's statistics, from `stats` of each group of `G` lanes (its acting days;
/// lanes past `n` are the idle lanes of a short chunk).
#[inline(always)]
fn groups<const G: usize>(
    groups: &[Vec<GroupDay<G>>],
    n: usize,
    mut stats: impl FnMut(&[GroupDay<G>]) -> RunAccumulatorLanes<G>,
) -> [RunAccumulator; LANES] {
    let mut out = [RunAccumulator::default(); LANES];
    for (k, days) in groups.iter().enumerate().take(n.div_ceil(G)) {
        let group = stats(days);
        for j in 0..G {
            if G * k + j < n {
                out[G * k + j] = group.lane(j);
            }
        }
    }
    out
}

/// Both passes' results for a chunk of `n` runs: the first pass's `lanes`, then `stats`
/// taking each group of `G` lanes through the run.
#[inline(always)]
fn lanes_in<'a, const G: usize>(
    lanes: LaneEvents<'a, G>,
    n: usize,
    stats: impl FnMut(&[GroupDay<G>]) -> RunAccumulatorLanes<G>,
) -> ChunkLanes<'a> {
    ChunkLanes {
        stats: groups::<G>(&lanes.groups, n, stats),
        legs: lanes.legs,
        acc: lanes.acc,
    }
}

/// The first pass of a chunk ([`Engine::lockstep_events`]) in groups of `G` lanes, inlined
/// into the function `pulp` compiles for the grouping's instructions (the lanes' scalar
/// arithmetic is unchanged; the compiler has more registers and instructions for it).
#[cfg(target_arch = "x86_64")]
struct OneLegEvents<'p, 'a, const SHARED: bool, const G: usize> {
    engine: &'p Engine<'a>,
    plan: &'p OneLegPlan<'a>,
    runs: &'p [Lockstep],
}

#[cfg(target_arch = "x86_64")]
impl<'a, const SHARED: bool, const G: usize> pulp::NullaryFnOnce
    for OneLegEvents<'_, 'a, SHARED, G>
{
    type Output = LaneEvents<'a, G>;

    #[inline(always)]
    fn call(self) -> Self::Output {
        self.engine
            .lockstep_events::<SHARED, G>(self.plan, self.runs)
    }
}

/// [`group_marks`] of a group of `G` lanes, inlined into the function `pulp` compiles for the
/// grouping's instructions (AVX2 for fours, AVX-512 for eights; one call per group: the
/// statistics loop alone in that function vectorises best).
#[cfg(target_arch = "x86_64")]
struct Group<'p, 'a, const G: usize> {
    plan: &'p OneLegPlan<'a>,
    days: &'p [GroupDay<G>],
}

#[cfg(target_arch = "x86_64")]
impl<const G: usize> pulp::NullaryFnOnce for Group<'_, '_, G> {
    type Output = RunAccumulatorLanes<G>;

    #[inline(always)]
    fn call(self) -> Self::Output {
        group_marks::<G>(self.plan, self.days)
    }
}

/// What the first pass of a lockstep chunk leaves for the second: each lane's leg (contracts,
/// cost basis) and counters, and the acting days of each group of `G` lanes.
struct LaneEvents<'a, const G: usize> {
    legs: [Leg<'a>; LANES],
    acc: [Counters; LANES],
    /// Per group of lanes `G·k..G·k + G`, the days on which some lane of it fills, in order,
    /// then a day past the run.
    groups: Vec<Vec<GroupDay<G>>>,
}

/// Each lane of a chunk after both passes: its leg, counters and statistics.
struct ChunkLanes<'a> {
    legs: [Leg<'a>; LANES],
    acc: [Counters; LANES],
    stats: [RunAccumulator; LANES],
}

/// A day on which some lane of a group fills: every lane's P&L of the day (a fill's, or the
/// engine's mark `0.0 + c·ΔP·pv` of the contracts it held into it) and the contracts each
/// holds after it.
#[derive(Clone, Copy)]
struct GroupDay<const G: usize> {
    /// Day index from the run's first day (32 bits: the plan's runs are shorter).
    day: u32,
    x: [f64; G],
    contracts: [f64; G],
}

/// The statistics of a group of `G` lanes through the run (the group in one packed update:
/// see [`Grouping`] for the sizes taken), from the days on which some lane of the group fills
/// (the list ends with a day past the run): between two of them the lanes' contracts `c` are
/// constant and their P&L is the engine's one-leg day `0.0 + c·(P_d − P_{d−1})·pv`; on such
/// a day it is the day's record. A stretch on which every lane of the group is flat is taken
/// as zero days in O(1) (every such day is exactly `+0.0`, see
/// [`RunAccumulator::push_zeros`]); the others are pushed day by day, the group's lanes in
/// one update, in order. A lane's operations do not depend on the group it is in (the
/// group's size changes only which days are pushed together, and a lane's record on a day
/// another lane of its group fills is its mark), so its statistics have the same bits in a
/// pair or in a group of four.
///
/// Within a stretch the P&L is pushed as `c·ΔP·pv`, without the engine's `0.0 +`: the two
/// differ only in the sign of a zero, which no statistic sees (`(−0)² = +0`, neither day
/// counts as a loss or a gain, and the cumulative sum, never `−0.0`, adds either zero to the
/// same result). The stretch's winning and non-zero days are counted from the plan's rises
/// and falls (see [`Engine::one_leg_plan`]) instead of day by day.
#[inline(always)]
fn group_marks<const G: usize>(
    plan: &OneLegPlan<'_>,
    days: &[GroupDay<G>],
) -> RunAccumulatorLanes<G> {
    let pv = plan.held.point_value;
    let len = plan.prices.len();
    let mut acc = RunAccumulatorLanes::<G>::default();
    let mut c = [0.0_f64; G];
    let mut d = 0;
    for day in days {
        let stop = (day.day as usize).min(len);
        // Every lane compared (no early exit to mispredict).
        if c.iter().fold(true, |flat, &c| flat & (c == 0.0)) {
            acc.push_zeros(stop - d);
        } else {
            for &delta in &plan.deltas[d..stop] {
                let x: [f64; G] = std::array::from_fn(|l| c[l] * delta * pv);
                acc.push_uncounted(&x);
            }
            let rises = (plan.rises[stop] - plan.rises[d]) as usize;
            let falls = (plan.falls[stop] - plan.falls[d]) as usize;
            for (l, &cl) in c.iter().enumerate() {
                // Branch-free (a lane's side is a coin toss to the branch predictor): a flat
                // lane adds nothing.
                let held = usize::from(cl != 0.0);
                let up = [falls, rises][usize::from((cl > 0.0) == (pv > 0.0))];
                acc.add_counts(l, up * held, (rises + falls) * held);
            }
        }
        if stop >= len {
            break;
        }
        acc.push(&day.x);
        c = day.contracts;
        d = stop + 1;
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first day a plain scan finds.
    fn scan(z: &[f64], hi: f64, lo: f64, from: usize, last: usize) -> usize {
        (from..z.len().min(last + 1))
            .find(|&d| z[d] > hi || z[d] < lo)
            .unwrap_or(usize::MAX)
    }

    /// Each lane's statistics bit for bit (`Debug` shows the sign of a zero and every digit).
    fn bits(stats: &[RunAccumulator; LANES]) -> Vec<String> {
        stats.iter().map(|a| format!("{a:?}")).collect()
    }

    /// What the first pass leaves of each lane: its counters and its leg's position, cost
    /// basis and realised P&L.
    fn first_pass(lanes: &ChunkLanes<'_>) -> Vec<String> {
        lanes
            .acc
            .iter()
            .zip(&lanes.legs)
            .map(|(acc, leg)| {
                format!(
                    "{acc:?} {} {} {:?} {:?}",
                    leg.contracts, leg.cost_qty, leg.avg_price, leg.realised
                )
            })
            .collect()
    }

    /// Both passes give the same bits in pairs, in groups of four and of eight (generic code
    /// in the build's baseline instructions), and in the groups of four compiled for AVX2 and
    /// of eight compiled for AVX-512 where this CPU has them (the first pass's counters and
    /// positions, the second's statistics): on chunks of the
    /// reference sweep on one window (the first, a middle and the last window) and on a chunk
    /// of runs on different windows.
    #[test]
    fn every_grouping_gives_the_same_bits() {
        use crate::backtest::reference::ReferenceSweep;
        use crate::strategy::Strategy;
        let sweep = ReferenceSweep::new().expect("the reference workload builds");
        let (engine, book) = sweep.engine().expect("a valid configuration");
        let Some(LockstepPlan::OneLeg(plan)) = engine.lockstep_plan(book, false) else {
            panic!("the reference book takes the one-leg lockstep path");
        };
        let grid = sweep.grid();
        let simd = Grouping::simd_for_test();
        let chunks: [Vec<(usize, f64)>; 4] = [
            grid[0..8].to_vec(),
            grid[500..508].to_vec(),
            grid[992..995].to_vec(),
            [24, 49, 74, 99, 124].map(|i| grid[i]).to_vec(),
        ];
        for (c, members) in chunks.iter().enumerate() {
            let runs: Vec<Lockstep> = members
                .iter()
                .map(|p| {
                    let s = sweep.strategy(p).expect("a grid point");
                    s.lockstep()
                        .expect("a z-score strategy on precomputed z-scores")
                })
                .collect();
            let n = runs.len();
            let shared = c < 3;
            // Both passes in groups of `G` lanes, in the build's baseline instructions.
            fn generic<const G: usize>(
                engine: &Engine<'_>,
                plan: &OneLegPlan<'_>,
                runs: &[Lockstep],
                shared: bool,
            ) -> [RunAccumulator; LANES] {
                let stats = |days: &[GroupDay<G>]| group_marks::<G>(plan, days);
                let lanes = if shared {
                    engine.lockstep_events::<true, G>(plan, runs)
                } else {
                    engine.lockstep_events::<false, G>(plan, runs)
                };
                lanes_in(lanes, runs.len(), stats).stats
            }
            let chunk = |grouping| {
                if shared {
                    engine.chunk_lanes::<true>(&plan, &runs, grouping)
                } else {
                    engine.chunk_lanes::<false>(&plan, &runs, grouping)
                }
            };
            let baseline = chunk(Grouping::Pairs);
            let pairs = baseline.stats;
            let fills: usize = baseline.acc[..n].iter().map(|a| a.trades).sum();
            assert!(fills > 10 * n, "chunk {c}: {fills} fills: the runs trade");
            let fours = generic::<4>(&engine, &plan, &runs, shared);
            let eights = generic::<8>(&engine, &plan, &runs, shared);
            assert!(pairs[..n].iter().all(|a| a.days() == 5_000), "chunk {c}");
            assert_eq!(bits(&pairs), bits(&fours), "chunk {c}: pairs and fours");
            assert_eq!(bits(&pairs), bits(&eights), "chunk {c}: pairs and eights");
            for &grouping in &simd {
                let lanes = chunk(grouping);
                assert_eq!(
                    first_pass(&baseline),
                    first_pass(&lanes),
                    "chunk {c}: first pass, pairs and {grouping:?}"
                );
                assert_eq!(
                    bits(&pairs),
                    bits(&lanes.stats),
                    "chunk {c}: pairs and {grouping:?}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn first_trigger_is_the_first_day_a_scan_finds(
            z in prop::collection::vec(
                prop_oneof![8 => -3.0..3.0_f64, 1 => Just(f64::NAN)],
                0..60,
            ),
            hi in 0.0..3.5_f64,
            lo in -3.5..0.0_f64,
            from in 0..70_usize,
            span in 0..70_usize,
        ) {
            let last = from + span;
            prop_assert_eq!(first_trigger(&z, hi, lo, from, last), scan(&z, hi, lo, from, last));
        }

        #[test]
        fn crossed_marks_each_lane_that_crosses(
            z in prop::array::uniform8(prop_oneof![8 => -3.0..3.0_f64, 1 => Just(f64::NAN)]),
            hi in prop::array::uniform8(prop_oneof![4 => 0.0..3.0_f64, 1 => Just(f64::INFINITY)]),
            lo in prop::array::uniform8(prop_oneof![4 => -3.0..0.0_f64, 1 => Just(f64::NEG_INFINITY)]),
        ) {
            let want = (0..LANES).fold(0_u32, |m, l| m | u32::from(z[l] > hi[l] || z[l] < lo[l]) << l);
            prop_assert_eq!(crossed(&z, &hi, &lo), want);
        }
    }
}
