//! Lockstep runs of books with several legs, rolls and DV01 weighting (the rolled,
//! DV01-neutral 2s10s steepener `2×TU−1×TY` of the real-data sweep), for
//! [`Sweep::run`](crate::backtest::Sweep::run) through [`super::lanes`].
//!
//! A flat run follows each leg's schedule; a run that holds contracts rolls on the schedule's
//! days. When every roll of the run's days can fill on its day (both contracts trade), every
//! run holds, on every day, the scheduled contract of each leg — whatever it did before. What
//! the engine reads of the market on a day is then the same for every run, and is computed
//! once per sweep ([`BookPlan`]): each leg's price change of the contract carried into the
//! day, its DV01, whether it trades, the roll days, and the ratios a target is sized with
//! (the DV01-neutral solution of the day's DV01s). Per run only its state remains: the
//! state machine and a pending target, the contracts and cost basis of each leg, the
//! counters and the statistics.
//!
//! # Two passes
//! Up to [`LANES`] runs form a chunk.
//! 1. **Acting days** ([`Engine::book_events`]): the days on which some lane has something to
//!    do — its state machine moves, a target pending since a day some leg could not trade can
//!    fill, or a leg it holds rolls or expires — found by scanning the z-scores for the next
//!    threshold crossed (the lowest upper and highest lower threshold of the lanes, for runs
//!    on one window) and by the plan's next roll and next tradable day. On such a day the
//!    lane takes the engine's whole day ([`Engine::lane_day`]): the mark `q·ΔP·pv` per held
//!    leg; the rolls, out of the old contract and into the new at the day's prices, then
//!    re-sized under DV01 weighting from the day's ratios; the target sized
//!    `round(units × ratio)` per leg (rounded half away from zero as the engine's
//!    [`round_half_away`](super::kernels::round_half_away)) and filled through the engine's
//!    fill arithmetic ([`fill_at_fx`], with the day's price and slippage from the plan);
//!    the day's P&L `0.0 + Σ (mark − costs)`; the initial margin of the contracts then held,
//!    `0.0 + Σ |c|·m` over the held legs with `m` the scheduled contract's figure per
//!    contract (from the plan, 0 without one), into the run's maximum. The lane keeps the day
//!    as an event: its P&L and its contracts; the chunk lists the day and the lanes that
//!    acted on it ([`Acting`]).
//! 2. **Every day** ([`group_stats`]): each group of lanes through the run, in blocks of days
//!    (eight lanes in 512-bit registers where the CPU has AVX-512, four in 256-bit registers
//!    where it has AVX2, else pairs: [`Grouping`]), from one acting day of the chunk on which
//!    some lane of the group acted to the next.
//!    Between two events a lane's contracts `c` are constant and its P&L is
//!    `x = (0.0 + c₁·ΔP₁·pv₁) + c₂·ΔP₂·pv₂ …` (legs in book order); on an event day it is the
//!    event's. The DV01 sums take the contracts after the day's fills: per leg in book order
//!    `y = c·DV01`, `net += y`, `long += y` if `y > 0` else `short −= y`, then
//!    `Σ|net| += |net|`, `Σ carried += max(long, short)` and the days with a DV01. The
//!    statistics are the engine's [`RunAccumulator`] operations per lane, the group's lanes
//!    in one packed update. A group flat over a stretch takes it as zero days in O(1).
//!
//! # Bit-identity with the engine
//! Each step performs the floating-point operations of [`Engine::run`](super::Engine::run)
//! on the same operands in the same order: the price change `P_d − P_{d−1}` of a leg is the
//! engine's `price − mark` (a held leg's mark is the price of the contract it held the day
//! before, also after a roll or an entry); a flat leg adds `0·ΔP·pv = ±0` where the engine
//! adds `0.0`, and a DV01 of `0·DV01`, which change no sum that starts at `+0.0`; `x · 1.0`
//! is `x` (base-currency legs); the margin of a position under a figure per contract
//! (`PerContract`) does not move between a lane's acting days, so its maximum taken on those
//! days is the engine's daily maximum; the long and the short side of the DV01 are never NaN
//! nor −0.0 (DV01 bounded by `MAX_DV01`), so their larger one is `f64::max`'s. The sweep's
//! tests (`tests/it/lockstep.rs`) compare every field of every run's summary, bit for bit,
//! with the engine's: the embedded synthetic 2s10s steepener and TU/FV/TY butterfly from 2019,
//! and the real 1990–2025 2s10s sweep, with default and other costs, ratios as written,
//! momentum, serial, parallel and in shards.
//!
//! # When it applies
//! [`Engine::book_plan`] accepts a book (when no ledger is kept) whose legs, at most
//! [`MAX_LEGS`], all settle in the base currency and, over every day of the run, hold a
//! contract with a finite price and a DV01 that is finite and at most `MAX_DV01` in size where
//! there is one (a contract or day without a DV01 — VX, Euro FX — adds nothing to the
//! engine's DV01 sums, as `c·0 = ±0` adds nothing here), the same point value throughout, a
//! margin figure per contract or none (not a fraction of notional, no margin changes), and roll only
//! on days when both contracts trade; no contract may expire with nothing to roll into before
//! the run's last day (on the last day a held leg is closed at expiry, as the engine does).
//! Every other book runs through the engine one run at a time.

use super::fills::fill_at_fx;
use super::kernels::round_half_away;
use super::lanes::{Grouping, LANES, bounds, crossed, first_trigger};
use super::legs::{Held, Leg, Margin};
use super::{Counters, Engine};
use crate::backtest::config::{MarginRule, Weighting};
use crate::backtest::{BacktestError, RunSummary};
use crate::market::{Book, BookLeg};
use crate::metrics::{RunAccumulator, RunAccumulatorLanes};
use crate::strategy::Lockstep;
use crate::units::Currency;

/// The most legs a book of the lockstep path may have.
pub(super) const MAX_LEGS: usize = 4;
const W: usize = LANES;
/// The largest DV01 per contract the path takes (any currency per bp).
const MAX_DV01: f64 = 1e100;

/// What every run of a sweep on a book reads of the market, day by day
/// ([`Engine::book_plan`]); index `k` is day `first_day + k`.
pub(crate) struct BookPlan<'a> {
    first_day: usize,
    last_day: usize,
    market_len: usize,
    legs: Vec<PlanLeg<'a>>,
    /// Per day: what an acting day reads of each leg.
    /// (`⌈legs/2⌉` rows a day: a book of one or two legs reads one cache line a day.)
    rows: Vec<DayRow>,
    /// Whether every leg's scheduled contract trades.
    tradable: Vec<bool>,
    /// The legs whose schedule moves to the next contract that day (bit `i`).
    rolls: Vec<u8>,
    /// The first day at or after this one with a roll, and with every leg trading (index
    /// `n` for none).
    next_roll: Vec<u32>,
    next_tradable: Vec<u32>,
    /// Whether the DV01-neutral solution exists (a roll re-sizes only then).
    solved: Vec<bool>,
    dv01_neutral: bool,
    /// The legs whose contract ends on the last day before the history does: a held one is
    /// closed at expiry (nothing to roll into).
    expiring_last: u8,
    /// Whether some leg has a non-zero DV01 on some day (else every DV01 sum stays 0).
    has_dv01: bool,
    /// Each leg's initial margin per contract where all its contracts have the same (the
    /// contracts of one root: no look-up on a day).
    margins: Option<[f64; MAX_LEGS]>,
}

/// One leg of a [`BookPlan`].
struct PlanLeg<'a> {
    ratio: f64,
    point_value: f64,
    /// The leg's contracts, in the order it holds them.
    contracts: Vec<Held<'a>>,
    /// Each contract's initial margin per contract (0 without a figure).
    margins: Vec<f64>,
    /// Per day: the scheduled contract (index into `contracts`).
    seg: Vec<u32>,
    /// Per day: `P_d − P_{d−1}` of the contract held into the day (0 on the first day).
    delta: Vec<f64>,
    /// Per day: the scheduled contract's DV01 per contract.
    dv01: Vec<f64>,
    /// Per day: whether the scheduled contract trades.
    traded: Vec<bool>,
    /// Per day: the price and slippage of the contract carried into the day (the one a roll
    /// sells; the scheduled one on other days), for the fills of a roll.
    carried: Vec<(f64, f64)>,
}

impl<'a> PlanLeg<'a> {
    #[inline(always)]
    fn held(&self, k: usize) -> &Held<'a> {
        &self.contracts[self.seg[k] as usize]
    }

    /// The scheduled contract's initial margin per contract on day `k` (0 without a figure).
    #[inline(always)]
    fn margin(&self, k: usize) -> f64 {
        self.margins[self.seg[k] as usize]
    }
}

/// What an acting day reads of two legs on one day, together in one cache line (legs `2j`
/// and `2j + 1` in the day's row `j`), since the acting days of a chunk fall here and there:
/// with one row a day, the rows of the 1990–2025 2s10s plan (590 KB) fit a 1 MB L2 cache
/// beside the statistics pass's arrays (300 KB), where four legs' room (1.2 MB) did not. The
/// first read of an acting day's row is still the first pass's hottest instruction (`perf`).
/// The day's sizing ratios are in the row too (2026-12-03: the separate array of four ratios
/// a day, 295 KB, went; a leg's margin per contract, which the row held, is its contract's,
/// fixed per leg for contracts of one root): simulated last-level misses of a serial sweep
/// (callgrind, 1 MB) 21% fewer.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct DayRow {
    legs: [LegDay; 2],
}

/// One leg's [`DayRow`]: the mark, the figures of a fill of the scheduled contract as
/// [`Engine::fill_leg`] reads them (price, slippage in price points per contract as
/// [`Engine::slip`] forms it; commission and point value are the contract's), and the ratio
/// a target sizes the leg with: the DV01-neutral solution of the day's DV01s under DV01
/// weighting (as written where there is none), else as written.
#[derive(Clone, Copy, Default)]
struct LegDay {
    /// `P_d − P_{d−1}` of the contract held into the day (0 on the first day).
    delta: f64,
    price: f64,
    slip: f64,
    ratio: f64,
}

impl LegDay {
    /// The figures of a fill of the scheduled contract `h`, with the leg's point value `pv`
    /// (the contract's: a leg's contracts all have the same).
    #[inline(always)]
    fn fill(&self, h: &Held<'_>, pv: f64) -> (f64, f64, f64, f64) {
        (self.price, self.slip, h.commission, pv)
    }
}

impl BookPlan<'_> {
    /// The market's length (a run's z-scores must cover it).
    pub(crate) fn market_len(&self) -> usize {
        self.market_len
    }
}

impl<'a> Engine<'a> {
    /// The plan of `book` for the lockstep path, or `None` when the book needs anything the
    /// path does not reproduce (see the module documentation). The caller has checked that
    /// no ledger is kept and that the book is on the engine's timeline.
    ///
    /// `parallel`: the legs, and stretches of days, are planned on rayon's threads (the same
    /// plan either way).
    pub(crate) fn book_plan(&self, book: &Book, parallel: bool) -> Option<BookPlan<'a>> {
        let n_legs = book.legs().len();
        if n_legs == 0 || n_legs > MAX_LEGS {
            return None;
        }
        // The run's days, as the engine narrows them.
        let (mut first, mut last) = (0, usize::MAX);
        for leg in book.legs() {
            let (a, b) = leg.span()?;
            first = first.max(a);
            last = last.min(b);
        }
        let (first, last) = (first.max(self.first_day), last.min(self.last_day));
        if first > last {
            return None;
        }
        let n = last - first + 1;
        // Each leg's days (independent of the other legs'), on the sweep's threads.
        let built: Vec<Option<(PlanLeg<'a>, Vec<LegDay>, bool)>> =
            par_map(parallel, book.legs(), |leg| self.plan_leg(leg, first, last));
        let mut legs = Vec::with_capacity(n_legs);
        let rows_a_day = n_legs.div_ceil(2);
        let mut rows = vec![DayRow::default(); n * rows_a_day];
        let mut expiring_last = 0_u8;
        let mut has_dv01 = false;
        for (i, leg) in built.into_iter().enumerate() {
            let (plan, days, expiring) = leg?;
            for (k, day) in days.into_iter().enumerate() {
                has_dv01 |= plan.dv01[k] != 0.0;
                rows[k * rows_a_day + i / 2].legs[i % 2] = day;
            }
            expiring_last |= u8::from(expiring) << i;
            legs.push(plan);
        }
        // Per day: tradability, roll days and the sizing ratios of the scheduled contracts
        // (each day's independent of the others': in stretches of days on the sweep's
        // threads).
        let dv01_neutral = self.config.weighting == Weighting::Dv01Neutral;
        const STRETCH: usize = 1024;
        let starts: Vec<usize> = (0..n).step_by(STRETCH).collect();
        let stretches = par_map(parallel, &starts, |&from| {
            self.plan_days(&legs, first, from..n.min(from + STRETCH), dv01_neutral)
        });
        let mut tradable = Vec::with_capacity(n);
        let mut rolls = Vec::with_capacity(n);
        let mut solved = Vec::with_capacity(n);
        for (k, (t, r, ratios, ok)) in stretches.into_iter().flatten().enumerate() {
            tradable.push(t);
            rolls.push(r);
            solved.push(ok);
            for (i, ratio) in ratios.into_iter().take(n_legs).enumerate() {
                rows[k * rows_a_day + i / 2].legs[i % 2].ratio = ratio;
            }
        }
        let next_of = |hit: &dyn Fn(usize) -> bool| -> Option<Vec<u32>> {
            let mut out = vec![0_u32; n];
            let mut next = u32::try_from(n).ok()?;
            for k in (0..n).rev() {
                if hit(k) {
                    next = k as u32;
                }
                out[k] = next;
            }
            Some(out)
        };
        let next_roll = next_of(&|k| rolls[k] != 0)?;
        let next_tradable = next_of(&|k| tradable[k])?;
        let mut margins = [0.0; MAX_LEGS];
        for (m, leg) in margins.iter_mut().zip(&legs) {
            *m = leg.margins.first().copied().unwrap_or(0.0);
        }
        let fixed = legs
            .iter()
            .zip(margins)
            .all(|(l, m)| l.margins.iter().all(|x| x.to_bits() == m.to_bits()));
        Some(BookPlan {
            margins: fixed.then_some(margins),
            first_day: first,
            last_day: last,
            market_len: self.market.len(),
            legs,
            rows,
            tradable,
            rolls,
            next_roll,
            next_tradable,
            solved,
            dv01_neutral,
            expiring_last,
            has_dv01,
        })
    }

    /// One leg of [`Engine::book_plan`] over days `first..=last`: its days, what an acting day
    /// reads of it on each, and whether it ends on the last day with nothing to roll into
    /// (`None` when the leg needs what the path does not reproduce).
    fn plan_leg(
        &self,
        leg: &BookLeg,
        first: usize,
        last: usize,
    ) -> Option<(PlanLeg<'a>, Vec<LegDay>, bool)> {
        let base = self.config.base_currency;
        let n = last - first + 1;
        let schedule = leg.schedule();
        // The engine names the leg's currency by the first instrument of its span.
        let first_id = schedule.get(leg.span()?.0).copied().flatten()?;
        if self.table.instrument(first_id).currency != base || !leg.ratio().is_finite() {
            return None;
        }
        let mut plan = PlanLeg {
            ratio: leg.ratio(),
            point_value: f64::NAN,
            contracts: Vec::new(),
            margins: Vec::new(),
            seg: Vec::with_capacity(n),
            delta: Vec::with_capacity(n),
            dv01: Vec::with_capacity(n),
            traded: Vec::with_capacity(n),
            carried: Vec::with_capacity(n),
        };
        let mut days = Vec::with_capacity(n);
        let mut expiring = false;
        for d in first..=last {
            let id = schedule[d]?;
            // A new contract: the first, or a roll out of the last.
            let rolled = plan.contracts.last().map(|h| h.id) != Some(id);
            if rolled {
                let prev = plan.contracts.last();
                let h = self.held(Some(id))?;
                let margin_ok = matches!(
                    h.margin,
                    Margin::None | Margin::Constant(MarginRule::PerContract(_))
                );
                let pv_ok = prev.is_none_or(|p| p.point_value.to_bits() == h.point_value.to_bits());
                if self.table.instrument(id).currency != base
                    || !margin_ok
                    || !pv_ok
                    || !h.point_value.is_finite()
                {
                    return None;
                }
                // A roll fills on its day: both contracts trade.
                if let Some(old) = prev
                    && !(old.traded(d) && h.traded(d))
                {
                    return None;
                }
                plan.point_value = h.point_value;
                plan.contracts.push(h);
                plan.margins.push(match h.margin {
                    Margin::Constant(MarginRule::PerContract(m)) => m,
                    _ => 0.0,
                });
            }
            let held = plan.contracts.len();
            let h = plan.contracts.last()?;
            // The contract carried into the day: the one before a roll (none on the first
            // day), else the day's.
            let prev = if rolled {
                held.checked_sub(2).map(|i| &plan.contracts[i])
            } else {
                Some(h)
            };
            let price = h.price(d).filter(|p| p.is_finite())?;
            // Bounded far beyond any contract's, so that no DV01 sum of the path can reach ±∞
            // or NaN (its maximum of the long and short side is then `f64::max`'s). A day
            // without a DV01 adds nothing to the engine's sums, as `0·0` here.
            let dv01 = match h.dv01(d) {
                Some(v) if v.abs() <= MAX_DV01 => v,
                Some(_) => return None,
                None => 0.0,
            };
            let slip = self.slip(h, d);
            // The price change of the contract carried into the day (the old one on a roll
            // day): what a held leg marks.
            let (delta, carried) = match prev {
                Some(old) if d > first => {
                    let (p1, p0) = (old.price(d)?, old.price(d - 1)?);
                    if !(p1.is_finite() && p0.is_finite()) {
                        return None;
                    }
                    (p1 - p0, (p1, if rolled { self.slip(old, d) } else { slip }))
                }
                _ => (0.0, (price, slip)),
            };
            if !slip.is_finite() {
                return None;
            }
            if self.ends_before_history(h, d) {
                // Expiring with nothing to roll into: the engine closes a held leg; the path
                // reproduces that on the run's last day only.
                let successor = schedule.get(d + 1).copied().flatten();
                if d < last || successor.is_some_and(|s| s != id) {
                    return None;
                }
                expiring = true;
            }
            let traded = h.traded(d);
            plan.seg.push(u32::try_from(held - 1).ok()?);
            plan.delta.push(delta);
            plan.dv01.push(dv01);
            plan.traded.push(traded);
            plan.carried.push(carried);
            days.push(LegDay {
                delta,
                price,
                slip,
                // The day's sizing ratio, from `Engine::plan_days`.
                ratio: f64::NAN,
            });
        }
        Some((plan, days, expiring))
    }

    /// Days `range` (indices from `first`) of [`Engine::book_plan`] for `legs`: per day,
    /// whether every leg's scheduled contract trades, the legs that roll (bit `i`), the
    /// ratios a target is sized with as [`Engine::size`] forms them (the DV01-neutral
    /// solution of the day's DV01s under DV01 weighting, as written where there is none;
    /// else as written) and whether that solution exists.
    fn plan_days(
        &self,
        legs: &[PlanLeg<'a>],
        first: usize,
        range: std::ops::Range<usize>,
        dv01_neutral: bool,
    ) -> Vec<(bool, u8, [f64; MAX_LEGS], bool)> {
        let n_legs = legs.len();
        let base = self.config.base_currency;
        let mut scratch: Vec<Leg<'a>> =
            legs.iter().map(|l| Leg::new(l.ratio, base, None)).collect();
        let (mut row, mut dv01s) = ([0.0; MAX_LEGS], [0.0; MAX_LEGS]);
        let start = range.start;
        range
            .map(|k| {
                let mut roll = 0_u8;
                for (i, (s, l)) in scratch.iter_mut().zip(legs).enumerate() {
                    let rolls = k > 0 && l.seg[k] != l.seg[k - 1];
                    roll |= u8::from(rolls) << i;
                    // The scheduled contract, set when it changes.
                    if rolls || k == start {
                        s.held = Some(*l.held(k));
                    }
                }
                let ok = if dv01_neutral {
                    self.solve_ratios_of(
                        &scratch,
                        first + k,
                        &mut row[..n_legs],
                        &mut dv01s[..n_legs],
                    )
                } else {
                    for (o, l) in row.iter_mut().zip(legs) {
                        *o = l.ratio;
                    }
                    false
                };
                (legs.iter().all(|l| l.traded[k]), roll, row, ok)
            })
            .collect()
    }

    /// The lockstep path for 1..=[`LANES`] runs of `book` under `plan` (`SHARED`: all on the
    /// same z-scores). Bit for bit what [`Engine::run`] returns for each.
    ///
    /// Two passes: the days on which some lane acts ([`Engine::book_events`]), then the
    /// statistics and DV01 sums of each group of lanes over all days ([`group_stats`]), with
    /// constant contracts between the acting days.
    pub(super) fn book_chunk<const SHARED: bool>(
        &self,
        plan: &BookPlan<'a>,
        book: &Book,
        runs: &[Lockstep],
    ) -> Vec<Result<RunSummary, BacktestError>> {
        let n = runs.len();
        let nl = plan.legs.len();
        let (first, last) = (plan.first_day, plan.last_day);
        let base = self.config.base_currency;
        let mut lanes: [Lane<'a>; W] = std::array::from_fn(|_| Lane::new(plan, base));
        let g = Grouping::detect();
        let events = BookEvents::<SHARED> {
            engine: self,
            plan,
            book,
            runs,
            lanes: &mut lanes,
        };
        let acting = match g {
            Grouping::Pairs => pulp::NullaryFnOnce::call(events),
            #[cfg(target_arch = "x86_64")]
            Grouping::Quads(v3) => v3.vectorize(events),
            #[cfg(target_arch = "x86_64")]
            Grouping::Octs(v4) => v4.vectorize(events),
        };
        // Without a DV01 on any day, every DV01 sum stays exactly 0: not formed.
        let (stats, dv) = match (nl, plan.has_dv01) {
            (1, false) => chunk_stats::<1, false>(plan, &lanes, &acting, g),
            (1, true) => chunk_stats::<1, true>(plan, &lanes, &acting, g),
            (2, false) => chunk_stats::<2, false>(plan, &lanes, &acting, g),
            (2, true) => chunk_stats::<2, true>(plan, &lanes, &acting, g),
            (3, false) => chunk_stats::<3, false>(plan, &lanes, &acting, g),
            (3, true) => chunk_stats::<3, true>(plan, &lanes, &acting, g),
            (_, false) => chunk_stats::<4, false>(plan, &lanes, &acting, g),
            (_, true) => chunk_stats::<4, true>(plan, &lanes, &acting, g),
        };
        let k_last = last - first;
        lanes
            .iter_mut()
            .take(n)
            .enumerate()
            .map(|(l, lane)| {
                if let Some(e) = lane.error.take() {
                    return Err(e);
                }
                let mut acc = lane.acc;
                acc.abs_net_dv01_sum = dv.abs_net[l];
                acc.carried_dv01_sum = dv.carried[l];
                acc.dv01_days = dv.days[l] as usize;
                let legs = &mut lane.legs[..nl];
                for (i, (leg, pl)) in legs.iter_mut().zip(&plan.legs).enumerate() {
                    // A leg closed at expiry holds nothing; the others the scheduled contract,
                    // marked at its last price.
                    if lane.expired & (1 << i) != 0 {
                        leg.held = None;
                    } else {
                        let h = *pl.held(k_last);
                        leg.held = Some(h);
                        if let Some(p) = h.price(last) {
                            leg.mark = p;
                        }
                    }
                }
                let open = legs.iter().any(|leg| leg.contracts != 0);
                let unrealised: f64 = legs.iter().map(|l| l.unrealised() * l.fx(last)).sum();
                let summary = self.summary(&stats[l], &acc, open, (first, last), unrealised);
                self.checked_lane_summary(book, vec![base; nl], summary)
            })
            .collect()
    }

    /// The first pass: every day on which some lane acts — its state machine moves, a target
    /// pending since a day some leg could not trade can fill, a leg it holds rolls or expires
    /// — in order, each lane's whole day by [`Engine::lane_day`], kept as the lane's events.
    /// The days between are found by scanning the z-scores for the next threshold crossed and
    /// by the plan's next roll and next tradable day.
    #[inline(always)]
    fn book_events<const SHARED: bool, const NL: usize>(
        &self,
        plan: &BookPlan<'a>,
        book: &Book,
        runs: &[Lockstep],
        lanes: &mut [Lane<'a>; W],
    ) -> Vec<Acting> {
        debug_assert_eq!(plan.legs.len(), NL);
        let mut acting = Vec::with_capacity(1024);
        let n = runs.len();
        let (first, last) = (plan.first_day, plan.last_day);
        // Lanes beyond `n` read the first run's z-scores and never act.
        let z: [&[f64]; W] =
            std::array::from_fn(|l| runs.get(l).unwrap_or(&runs[0]).scores().raw());
        let mut hi = [f64::INFINITY; W];
        let mut lo = [f64::NEG_INFINITY; W];
        for (l, run) in runs.iter().enumerate() {
            (hi[l], lo[l]) = run.triggers(0);
        }
        let (mut hi_min, mut lo_max) = bounds(&hi, &lo);
        // Lanes holding contracts, and lanes with a pending target (bit l).
        let (mut held_mask, mut pending_mask) = (0_u32, 0_u32);
        let mut d = first;
        while d <= last {
            // The next day on which something may happen.
            let k = d - first;
            let mut next = last + 1;
            if held_mask != 0 {
                next = next.min(first + plan.next_roll[k] as usize);
                if plan.expiring_last != 0 {
                    next = next.min(last);
                }
            }
            if pending_mask != 0 {
                next = next.min(first + plan.next_tradable[k] as usize);
            }
            // Thresholds crossed before that day (on it, the day is looked at anyway).
            if next > d {
                let bound = next - 1;
                let hit = if SHARED {
                    first_trigger(z[0], hi_min, lo_max, d, bound)
                } else {
                    (0..n)
                        .map(|l| first_trigger(z[l], hi[l], lo[l], d, bound))
                        .min()
                        .unwrap_or(usize::MAX)
                };
                next = next.min(hit);
            }
            if next > last {
                break;
            }
            d = next;
            let k = d - first;
            let zd: [f64; W] = std::array::from_fn(|l| if SHARED { z[0][d] } else { z[l][d] });
            let mut att = crossed(&zd, &hi, &lo);
            if plan.tradable[k] {
                att |= pending_mask;
            }
            if plan.rolls[k] != 0 || (d == last && plan.expiring_last != 0) {
                att |= held_mask;
            }
            if att != 0 {
                acting.push(Acting {
                    k: k as u32,
                    lanes: att,
                });
            }
            let mut mask = att;
            while mask != 0 {
                let l = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let lane = &mut lanes[l];
                let zl = zd[l];
                let x = self.lane_day::<NL>(plan, book, &runs[l], lane, d, zl);
                if lane.error.is_some() {
                    (hi[l], lo[l]) = (f64::INFINITY, f64::NEG_INFINITY);
                    lane.pending = None;
                } else {
                    (hi[l], lo[l]) = runs[l].triggers(lane.state);
                }
                let mut c = [0.0; MAX_LEGS];
                let mut holds = false;
                for (o, leg) in c.iter_mut().zip(&lane.legs).take(NL) {
                    *o = leg.contracts as f64;
                    holds |= leg.contracts != 0;
                }
                lane.events.push(Event { k: k as u32, x, c });
                let bit = 1_u32 << l;
                held_mask = (held_mask & !bit) | (u32::from(holds) << l);
                pending_mask = (pending_mask & !bit) | (u32::from(lane.pending.is_some()) << l);
            }
            (hi_min, lo_max) = bounds(&hi, &lo);
            d += 1;
        }
        acting
    }

    /// The whole day `d` of one lane (steps 1–5 of the engine's day for this run) in a book
    /// of `NL` legs: returns the day's P&L in the base currency; the lane's contracts, cost
    /// basis, counters, state and pending target move on. An error of the engine's checks is
    /// kept in the lane.
    ///
    /// Every leg settles in the base currency, whose FX rate [`Leg::fx`] is `1.0`: the fills
    /// take that constant ([`fill_at_fx`]). A flat leg's mark is `0·ΔP·pv = ±0` where the
    /// engine has none (`0.0`): the day's P&L adds it from `+0.0`, which it leaves unchanged
    /// (a sum from `+0.0` is never `−0.0`), and a fill's cost subtracted from it gives what it
    /// gives from `0.0` (`−0 − 0` is `−0`, added as `+0` is).
    #[inline(always)]
    fn lane_day<const NL: usize>(
        &self,
        plan: &BookPlan<'a>,
        book: &Book,
        run: &Lockstep,
        lane: &mut Lane<'a>,
        d: usize,
        z: f64,
    ) -> f64 {
        const FX: f64 = 1.0;
        let k = d - plan.first_day;
        let expiring = if d == plan.last_day {
            plan.expiring_last
        } else {
            0
        };
        let legs: [&PlanLeg<'a>; NL] = std::array::from_fn(|i| &plan.legs[i]);
        let rows = &plan.rows[k * NL.div_ceil(2)..];
        let day: [&LegDay; NL] = std::array::from_fn(|i| &rows[i / 2].legs[i % 2]);
        let pv: [f64; NL] = std::array::from_fn(|i| legs[i].point_value);
        let rolls = plan.rolls[k];
        // 1. Mark to market: `q·(P_d − P_{d−1})·pv` per leg.
        let mut leg_pnl = [0.0_f64; NL];
        let mut held = 0_u8;
        for i in 0..NL {
            let c = lane.legs[i].contracts;
            leg_pnl[i] = c as f64 * day[i].delta * pv[i];
            held |= u8::from(c != 0) << i;
        }
        // 2. Rolls, and closes at expiry.
        if held & (rolls | expiring) != 0 {
            let mut moved = false;
            for i in 0..NL {
                let c = lane.legs[i].contracts;
                if c == 0 {
                    continue;
                }
                let leg = &mut lane.legs[i];
                if rolls & (1 << i) != 0 {
                    let (price, slip) = legs[i].carried[k];
                    let out = (price, slip, legs[i].held(k - 1).commission, pv[i]);
                    let cost_out = fill_at_fx(leg, &mut lane.acc, out, -c, FX).cost;
                    let into = day[i].fill(legs[i].held(k), pv[i]);
                    let cost_in = fill_at_fx(leg, &mut lane.acc, into, c, FX).cost;
                    leg_pnl[i] -= cost_out + cost_in;
                    moved = true;
                } else if expiring & (1 << i) != 0 {
                    let fig = day[i].fill(legs[i].held(k), pv[i]);
                    leg_pnl[i] -= fill_at_fx(leg, &mut lane.acc, fig, -c, FX).cost;
                    leg.contracts = 0;
                    lane.expired |= 1 << i;
                }
            }
            // Re-sized from the new contracts' DV01s (not with a leg closed at expiry: it
            // holds nothing, so there is no solution).
            if moved
                && plan.dv01_neutral
                && lane.units != 0.0
                && plan.solved[k]
                && lane.expired == 0
            {
                let units = lane.units;
                for i in 0..NL {
                    let desired = round_half_away(units * day[i].ratio);
                    let leg = &mut lane.legs[i];
                    let qty = desired - leg.contracts;
                    if qty != 0 && legs[i].traded[k] {
                        let fig = day[i].fill(legs[i].held(k), pv[i]);
                        leg_pnl[i] -= fill_at_fx(leg, &mut lane.acc, fig, qty, FX).cost;
                        leg.contracts = desired;
                    }
                }
            }
        }
        // 3. Strategy: the state machine's target, or the one pending.
        let next = run.next_state(lane.state, z);
        let target = if next != lane.state {
            lane.state = next;
            Some(run.units(next))
        } else {
            lane.pending.take()
        };
        // 4. Orders and fills.
        if let Some(units) = target {
            if !(plan.tradable[k] && lane.expired == 0) {
                lane.pending = Some(units);
            } else {
                let ratios: [f64; NL] = std::array::from_fn(|i| day[i].ratio);
                // The engine's checks (`check_units`, `check_contracts`), whose errors are
                // formed only when a size is out of its range.
                let within = crate::limits::UNITS.contains(units)
                    && ratios
                        .iter()
                        .all(|r| crate::limits::CONTRACTS.contains(units * r));
                if !within {
                    let checked = self
                        .check_units(book, d, units)
                        .and_then(|()| self.check_contracts_of(book, &ratios, d, units));
                    if let Err(e) = checked {
                        lane.error = Some(e);
                        return 0.0;
                    }
                }
                lane.units = units;
                let mut changed = false;
                for i in 0..NL {
                    let desired = round_half_away(units * ratios[i]);
                    let leg = &mut lane.legs[i];
                    let qty = desired - leg.contracts;
                    if qty != 0 {
                        changed = true;
                        let fig = day[i].fill(legs[i].held(k), pv[i]);
                        leg_pnl[i] -= fill_at_fx(leg, &mut lane.acc, fig, qty, FX).cost;
                        leg.contracts = desired;
                    }
                }
                lane.acc.position_changes += usize::from(changed);
            }
        }
        // 5. The day's P&L in the base currency, and the initial margin now held.
        let per_contract: [f64; NL] = match &plan.margins {
            Some(m) => std::array::from_fn(|i| m[i]),
            None => std::array::from_fn(|i| legs[i].margin(k)),
        };
        let mut pnl = 0.0;
        let mut margin = 0.0;
        for i in 0..NL {
            let c = lane.legs[i].contracts;
            pnl += leg_pnl[i];
            let m = c.unsigned_abs() as f64 * per_contract[i];
            margin += if c != 0 { m } else { 0.0 };
        }
        let max = lane.acc.max_margin;
        lane.acc.max_margin = if margin > max { margin } else { max };
        pnl
    }
}

/// The first pass of a chunk ([`Engine::book_events`] for the book's number of legs), inlined
/// into the function `pulp` compiles for the instructions of the chunk's [`Grouping`] (the
/// scalar arithmetic is the same; the compiler has more registers and instructions for it).
struct BookEvents<'e, 'p, 'a, const SHARED: bool> {
    engine: &'e Engine<'a>,
    plan: &'p BookPlan<'a>,
    book: &'p Book,
    runs: &'p [Lockstep],
    lanes: &'p mut [Lane<'a>; W],
}

impl<const SHARED: bool> pulp::NullaryFnOnce for BookEvents<'_, '_, '_, SHARED> {
    type Output = Vec<Acting>;

    #[inline(always)]
    fn call(self) -> Self::Output {
        let BookEvents {
            engine,
            plan,
            book,
            runs,
            lanes,
        } = self;
        match plan.legs.len() {
            1 => engine.book_events::<SHARED, 1>(plan, book, runs, lanes),
            2 => engine.book_events::<SHARED, 2>(plan, book, runs, lanes),
            3 => engine.book_events::<SHARED, 3>(plan, book, runs, lanes),
            _ => engine.book_events::<SHARED, MAX_LEGS>(plan, book, runs, lanes),
        }
    }
}

/// One lane's state: what differs between the runs of a chunk.
struct Lane<'a> {
    legs: [Leg<'a>; MAX_LEGS],
    acc: Counters,
    state: i8,
    pending: Option<f64>,
    // The spread units last targeted.
    units: f64,
    // Legs closed at expiry on the last day (bit i).
    expired: u8,
    error: Option<BacktestError>,
    // The days the lane acted, in order.
    events: Vec<Event>,
}

impl<'a> Lane<'a> {
    /// A flat lane of `plan`'s book, in the state machine's first state.
    fn new(plan: &BookPlan<'a>, base: Currency) -> Lane<'a> {
        Lane {
            legs: std::array::from_fn(|i| {
                Leg::new(plan.legs.get(i).map_or(0.0, |l| l.ratio), base, None)
            }),
            acc: Counters::default(),
            state: 0,
            pending: None,
            units: 0.0,
            expired: 0,
            error: None,
            // Room for a lane acting every eighth day or so (a 2s10s run of 1990–2025 acts on
            // about 400 days), not regrown on the way.
            events: Vec::with_capacity(plan.tradable.len() / 8 + 64),
        }
    }
}

/// A day on which a lane acted: its P&L (with the day's costs) and the contracts it holds
/// after the day's fills, per leg, as `f64`.
#[derive(Clone, Copy)]
struct Event {
    k: u32,
    x: f64,
    c: [f64; MAX_LEGS],
}

/// A day on which some lane of a chunk acted (index `k`), and which (bit `l` for lane `l`).
#[derive(Clone, Copy)]
struct Acting {
    k: u32,
    lanes: u32,
}

/// The DV01 sums of the lanes: `Σ |net DV01|`, `Σ carried DV01` and the days with a DV01.
struct Dv01Sums {
    abs_net: [f64; W],
    carried: [f64; W],
    days: [f64; W],
}

/// The second pass: the statistics and DV01 sums of each group of lanes ([`group_stats`]),
/// in one group of eight compiled for AVX-512 where the CPU has it, else in groups of four
/// compiled for AVX2, else in pairs ([`Grouping`]: the same bits every way).
///
/// Measured on the real 1990–2025 2s10s sweep (serial CPU time per sweep, builds alternated
/// four to five times, 2-core AMD EPYC under KVM, 2026-12-02): groups of four in AVX2
/// 33.2–34.4 ms against 41.6–47.6 ms for the pairs of scalar accumulators they replace;
/// pairs in one SSE2 register each (what a CPU without AVX2 takes, forced here) 45.2–48.4 ms.
/// 2026-12-03: the eight in AVX-512 29.5 against 36.5 ms for the AVX2 fours (the fours
/// spilled some of their fourteen sums to memory; 32 registers hold them all).
fn chunk_stats<const NL: usize, const DV01: bool>(
    plan: &BookPlan<'_>,
    lanes: &[Lane<'_>; W],
    acting: &[Acting],
    grouping: Grouping,
) -> ([RunAccumulator; W], Dv01Sums) {
    match grouping {
        Grouping::Pairs => groups::<2>(lanes, acting, |g| group_stats::<2, NL, DV01>(plan, g)),
        #[cfg(target_arch = "x86_64")]
        Grouping::Quads(v3) => groups::<4>(lanes, acting, |events| {
            v3.vectorize(BookGroup::<4, NL, DV01> { plan, events })
        }),
        #[cfg(target_arch = "x86_64")]
        Grouping::Octs(v4) => groups::<8>(lanes, acting, |events| {
            v4.vectorize(BookGroup::<8, NL, DV01> { plan, events })
        }),
    }
}

/// The events of a group of `G` lanes of a chunk: each lane's, and the chunk's acting days
/// with the lanes that acted, the group's lanes from bit `shift`.
#[derive(Clone, Copy)]
struct GroupEvents<'p, const G: usize> {
    lanes: [&'p [Event]; G],
    acting: &'p [Acting],
    shift: u32,
}

/// Each lane's statistics and DV01 sums from `stats` of each group of `G` lanes.
#[inline(always)]
fn groups<const G: usize>(
    lanes: &[Lane<'_>; W],
    acting: &[Acting],
    mut stats: impl FnMut(GroupEvents<'_, G>) -> (RunAccumulatorLanes<G>, GroupDv01<G>),
) -> ([RunAccumulator; W], Dv01Sums) {
    const { assert!(W.is_multiple_of(G), "a chunk holds whole groups") };
    let mut out = [RunAccumulator::default(); W];
    let mut dv = Dv01Sums {
        abs_net: [0.0; W],
        carried: [0.0; W],
        days: [0.0; W],
    };
    for k in 0..W / G {
        let (acc, sums) = stats(GroupEvents {
            lanes: std::array::from_fn(|j| &lanes[G * k + j].events[..]),
            acting,
            shift: (G * k) as u32,
        });
        for j in 0..G {
            let l = G * k + j;
            out[l] = acc.lane(j);
            dv.abs_net[l] = sums.abs_net[j];
            dv.carried[l] = sums.carried[j];
            dv.days[l] = sums.days[j];
        }
    }
    (out, dv)
}

/// [`group_stats`] of a group of `G` lanes, inlined into the function `pulp` compiles for the
/// grouping's instructions (AVX2 for fours, AVX-512 for eights).
#[cfg(target_arch = "x86_64")]
struct BookGroup<'p, 'a, const G: usize, const NL: usize, const DV01: bool> {
    plan: &'p BookPlan<'a>,
    events: GroupEvents<'p, G>,
}

#[cfg(target_arch = "x86_64")]
impl<const G: usize, const NL: usize, const DV01: bool> pulp::NullaryFnOnce
    for BookGroup<'_, '_, G, NL, DV01>
{
    type Output = (RunAccumulatorLanes<G>, GroupDv01<G>);

    #[inline(always)]
    fn call(self) -> Self::Output {
        group_stats::<G, NL, DV01>(self.plan, self.events)
    }
}

/// A group of `G` lanes through every day of the run, from their events: the statistics (the
/// engine's [`RunAccumulator`] per lane, the group's lanes in one packed update,
/// [`RunAccumulatorLanes`]) and the DV01 sums. Between two of a lane's events its contracts
/// `c` are constant, and a day's P&L is the engine's mark `(0.0 + c₁·ΔP₁·pv₁) + c₂·ΔP₂·pv₂ …`;
/// on an event day it is the event's (costs included), and the DV01 sums take the contracts
/// after its fills. A group flat over a stretch takes it as zero days. A lane's operations do
/// not depend on the group it is in.
#[inline(always)]
fn group_stats<const G: usize, const NL: usize, const DV01: bool>(
    plan: &BookPlan<'_>,
    events: GroupEvents<'_, G>,
) -> (RunAccumulatorLanes<G>, GroupDv01<G>) {
    let n_days = plan.last_day - plan.first_day + 1;
    let delta: [&[f64]; NL] = std::array::from_fn(|i| &plan.legs[i].delta[..]);
    let dv01: [&[f64]; NL] = std::array::from_fn(|i| &plan.legs[i].dv01[..]);
    let pv: [f64; NL] = std::array::from_fn(|i| plan.legs[i].point_value);
    const BLOCK: usize = 256;
    let group = u32::MAX >> (32 - G);
    let ev = events.lanes;
    // The days on which some lane of the group acts, and which.
    let mut acting = events
        .acting
        .iter()
        .map(|a| (a.k as usize, (a.lanes >> events.shift) & group))
        .filter(|&(_, lanes)| lanes != 0);
    // Per block: each day's P&L of the group.
    let mut buf = [[0.0_f64; G]; BLOCK];
    let mut acc = RunAccumulatorLanes::<G>::default();
    let mut sums = GroupDv01::<G>::default();
    let mut c = [[0.0_f64; G]; NL];
    let mut idx = [0_usize; G];
    let mut k = 0;
    loop {
        let (next, mut lanes) = acting.next().unwrap_or((n_days, 0));
        if k < next {
            if c.iter().all(|c| c.iter().all(|&c| c == 0.0)) {
                acc.push_zeros(next - k);
            } else {
                // In blocks: the P&L and the DV01 sums first, then the statistics, each
                // loop with its sums in registers.
                let mut from = k;
                while from < next {
                    let to = next.min(from + BLOCK);
                    let dp: [&[f64]; NL] = std::array::from_fn(|i| &delta[i][from..to]);
                    let dv: [&[f64]; NL] = std::array::from_fn(|i| &dv01[i][from..to]);
                    let rows = &mut buf[..to - from];
                    let mut s = sums;
                    for (t, row) in rows.iter_mut().enumerate() {
                        *row = mark::<G, NL>(&dp, &pv, &c, t);
                        if DV01 {
                            s.add::<NL>(&dv, &c, t);
                        }
                    }
                    sums = s;
                    let mut a = acc;
                    for row in rows.iter() {
                        a.push(row);
                    }
                    acc = a;
                    from = to;
                }
            }
        }
        if next >= n_days {
            break;
        }
        // The acting day: the acting lanes' P&L and contracts from their events, the
        // others' mark as on any day.
        let mut x = mark::<G, NL>(&delta, &pv, &c, next);
        while lanes != 0 {
            let j = lanes.trailing_zeros() as usize;
            lanes &= lanes - 1;
            let e = &ev[j][idx[j]];
            debug_assert_eq!(
                e.k as usize, next,
                "a lane's events are the chunk's acting days"
            );
            x[j] = e.x;
            for (ci, &ei) in c.iter_mut().zip(&e.c) {
                ci[j] = ei;
            }
            idx[j] += 1;
        }
        acc.push(&x);
        if DV01 {
            sums.add::<NL>(&dv01, &c, next);
        }
        k = next + 1;
    }
    (acc, sums)
}

/// Day `t`'s mark-to-market P&L of a group holding `c`: per leg in book order from `0.0`,
/// `c·(P_t − P_{t−1})·pv` (the engine's [`mark_pnl`](super::kernels::mark_pnl) on the same
/// operands; a flat leg's `±0` changes no sum that starts at `+0.0`).
#[inline(always)]
fn mark<const G: usize, const NL: usize>(
    delta: &[&[f64]; NL],
    pv: &[f64; NL],
    c: &[[f64; G]; NL],
    t: usize,
) -> [f64; G] {
    let mut x = [0.0_f64; G];
    for i in 0..NL {
        let dp = delta[i][t];
        for j in 0..G {
            x[j] += c[i][j] * dp * pv[i];
        }
    }
    x
}

/// The DV01 sums of a group of lanes.
#[derive(Clone, Copy)]
struct GroupDv01<const G: usize> {
    abs_net: [f64; G],
    carried: [f64; G],
    days: [f64; G],
}

impl<const G: usize> Default for GroupDv01<G> {
    fn default() -> Self {
        GroupDv01 {
            abs_net: [0.0; G],
            carried: [0.0; G],
            days: [0.0; G],
        }
    }
}

impl<const G: usize> GroupDv01<G> {
    /// Adds day `t`'s exposure of a group holding `c` to [`Counters::track_exposure`]'s sums
    /// (a flat lane adds exactly zero).
    #[inline(always)]
    fn add<const NL: usize>(&mut self, dv01: &[&[f64]; NL], c: &[[f64; G]; NL], t: usize) {
        let (net, carried) = exposure::<G, NL>(dv01, c, t);
        for j in 0..G {
            self.abs_net[j] += net[j].abs();
            self.carried[j] += carried[j];
            // Counted where carried (a masked add; the count is a whole number).
            let days = self.days[j];
            self.days[j] = if carried[j] != 0.0 { days + 1.0 } else { days };
        }
    }
}

/// Day `t`'s net and carried DV01 of a group holding `c`: the engine's
/// [`add_dv01`](super::kernels::add_dv01) per leg in book order from `0.0`, and the larger
/// of the long and the short side.
#[inline(always)]
fn exposure<const G: usize, const NL: usize>(
    dv01: &[&[f64]; NL],
    c: &[[f64; G]; NL],
    t: usize,
) -> ([f64; G], [f64; G]) {
    let (mut net, mut long, mut short) = ([0.0_f64; G], [0.0_f64; G], [0.0_f64; G]);
    for i in 0..NL {
        let dv = dv01[i][t];
        for j in 0..G {
            let x = c[i][j] * dv;
            net[j] += x;
            // `long += x` if x > 0, else `short −= x`: the engine's sums, which add +0.0 to
            // the other (changing neither: both start at +0.0 and never reach −0.0); a masked
            // add and a masked subtraction.
            let (l0, s0) = (long[j], short[j]);
            long[j] = if x > 0.0 { l0 + x } else { l0 };
            short[j] = if x > 0.0 { s0 } else { s0 - x };
        }
    }
    // `f64::max` of two numbers that are neither NaN nor −0.0 (finite DV01s up to
    // `MAX_DV01` times contracts below 2⁶³).
    let carried: [f64; G] = std::array::from_fn(|j| {
        if long[j] > short[j] {
            long[j]
        } else {
            short[j]
        }
    });
    (net, carried)
}

/// `f` of every item of `items`, in order: on rayon's threads when `parallel` (and the
/// `parallel` feature is on), else on this one.
fn par_map<T: Sync, U: Send>(parallel: bool, items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        let mut out = Vec::with_capacity(items.len());
        items.par_iter().map(&f).collect_into_vec(&mut out);
        return out;
    }
    let _ = parallel;
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::BacktestConfig;
    use crate::backtest::config::Weighting;
    use crate::strategy::{SignalSource, Strategy, ZScoreGrid, ZScoreParams};

    /// Each lane's statistics and DV01 sums bit for bit (`Debug` shows the sign of a zero and
    /// every digit).
    fn bits((stats, dv): &([RunAccumulator; W], Dv01Sums)) -> Vec<String> {
        (0..W)
            .map(|l| {
                let sums = [dv.abs_net[l], dv.carried[l], dv.days[l]];
                format!("{:?} {:?}", stats[l], sums.map(f64::to_bits))
            })
            .collect()
    }

    /// The second pass gives the same bits in pairs, in groups of four and of eight (generic
    /// code in the build's baseline instructions), and in the groups of four compiled for AVX2
    /// and of eight compiled for AVX-512 where this CPU has them: chunks of the DV01-neutral
    /// steepener `2×TU−1×TY` on the embedded synthetic curves from 2019, rolled each quarter,
    /// on one window and on several.
    /// The DV01-neutral steepener `2×TU−1×TY` on the embedded synthetic curves from 2019,
    /// rolled each quarter, its z-score grid on windows 10 and 60 (25 entries each) and the
    /// engine: `f(engine, book, grid)`.
    fn with_steepener(f: impl FnOnce(&Engine<'_>, &Book, &ZScoreGrid)) {
        use crate::contract::RollRule;
        use crate::instrument::SpreadExpr;
        let session = crate::session::Session::synthetic().expect("the embedded data loads");
        let expr: SpreadExpr = "2×TU−1×TY".parse().expect("a valid expression");
        let table = session.table_for(&expr, None, None).expect("a table");
        let book = session
            .book(&expr, &table, &RollRule::default())
            .expect("a book");
        let signal = SignalSource::usd_2s10s()
            .values(session.market())
            .expect("a USD curve");
        let entries: Vec<f64> = (5..=29).map(|i| f64::from(i) / 10.0).collect();
        let grid = ZScoreGrid::new(&signal, &[10, 60], &entries).expect("a grid");
        let config = BacktestConfig::default()
            .with_weighting(Weighting::Dv01Neutral)
            .with_dates(chrono::NaiveDate::from_ymd_opt(2019, 1, 1), None)
            .with_record(false);
        let engine = Engine::new(session.market(), &table, &config).expect("a valid config");
        f(&engine, &book, &grid);
    }

    fn runs_of(grid: &ZScoreGrid, points: &[(usize, f64)]) -> Vec<Lockstep> {
        let base = ZScoreParams {
            units: 10.0,
            ..ZScoreParams::reference(0, 1.0)
        };
        points
            .iter()
            .map(|p| {
                let s = grid.strategy(p, base).expect("a grid point");
                s.lockstep()
                    .expect("a z-score strategy on precomputed z-scores")
            })
            .collect()
    }

    /// Every figure of a plan, as bits.
    fn plan_bits(plan: &BookPlan<'_>) -> Vec<u64> {
        let mut out = vec![plan.first_day as u64, plan.last_day as u64];
        for row in &plan.rows {
            for d in &row.legs {
                out.extend([d.delta, d.price, d.slip, d.ratio].map(f64::to_bits));
            }
        }
        for leg in &plan.legs {
            out.extend(leg.seg.iter().map(|&s| u64::from(s)));
            out.extend(leg.delta.iter().chain(&leg.dv01).map(|x| x.to_bits()));
            out.extend(
                leg.carried
                    .iter()
                    .flat_map(|(p, s)| [p.to_bits(), s.to_bits()]),
            );
            out.extend(leg.traded.iter().map(|&t| u64::from(t)));
            out.extend(leg.margins.iter().map(|x| x.to_bits()));
        }
        out.extend(
            plan.tradable
                .iter()
                .chain(&plan.solved)
                .map(|&t| u64::from(t)),
        );
        out.extend(plan.rolls.iter().map(|&r| u64::from(r)));
        out.extend(
            plan.next_roll
                .iter()
                .chain(&plan.next_tradable)
                .map(|&k| u64::from(k)),
        );
        out.extend(plan.margins.iter().flatten().map(|x| x.to_bits()));
        out
    }

    /// The plan is the same built on rayon's threads as on one; a chunk's runs are the same
    /// with each leg's margin looked up by its contract day by day as with the legs' fixed
    /// figures (and the runs hold margin).
    #[test]
    fn plans_in_parallel_and_margins_by_contract_give_the_same_runs() {
        with_steepener(|engine, book, grid| {
            let plan = engine
                .book_plan(book, false)
                .expect("the rolled lockstep path");
            let parallel = engine
                .book_plan(book, true)
                .expect("the rolled lockstep path");
            assert_eq!(
                plan_bits(&plan),
                plan_bits(&parallel),
                "serial and parallel plans"
            );
            assert!(plan.rolls.iter().any(|&r| r != 0), "the legs roll");
            assert!(
                plan.margins.is_some(),
                "each leg's contracts have one figure"
            );
            let runs = runs_of(grid, &grid.points()[0..8]);
            let fixed = engine.book_chunk::<true>(&plan, book, &runs);
            let mut by_contract = parallel;
            by_contract.margins = None;
            let looked_up = engine.book_chunk::<true>(&by_contract, book, &runs);
            assert_eq!(fixed, looked_up, "fixed and looked-up margins");
            let held = fixed
                .iter()
                .filter(|r| r.as_ref().is_ok_and(|s| s.max_margin > 0.0));
            assert!(held.count() >= 4, "the runs hold margin");
        });
    }

    #[test]
    fn every_grouping_gives_the_same_bits() {
        with_steepener(every_grouping);
    }

    fn every_grouping(engine: &Engine<'_>, book: &Book, grid: &ZScoreGrid) {
        let Some(plan) = engine.book_plan(book, false) else {
            panic!("the steepener takes the rolled lockstep path");
        };
        assert!(plan.has_dv01, "the Treasury legs have a DV01");
        let points = grid.points();
        let simd = Grouping::simd_for_test();
        let chunks: [Vec<(usize, f64)>; 3] = [
            points[0..8].to_vec(),
            points[25..30].to_vec(),
            [0, 7, 24, 25, 33, 49].map(|i| points[i]).to_vec(),
        ];
        for (c, members) in chunks.iter().enumerate() {
            let runs = runs_of(grid, members);
            let n = runs.len();
            let mut lanes: [Lane<'_>; W] =
                std::array::from_fn(|_| Lane::new(&plan, engine.config.base_currency));
            let acting = if c < 2 {
                engine.book_events::<true, 2>(&plan, book, &runs, &mut lanes)
            } else {
                engine.book_events::<false, 2>(&plan, book, &runs, &mut lanes)
            };
            let events: usize = lanes[..n].iter().map(|l| l.events.len()).sum();
            assert!(
                events > 10 * n,
                "chunk {c}: {events} acting days: the runs trade"
            );
            let listed: u32 = acting.iter().map(|a| a.lanes.count_ones()).sum();
            assert_eq!(
                listed as usize, events,
                "chunk {c}: the chunk lists every event"
            );
            let pairs = chunk_stats::<2, true>(&plan, &lanes, &acting, Grouping::Pairs);
            assert!(
                pairs.1.days[..n].iter().any(|&d| d > 0.0),
                "chunk {c}: DV01 days"
            );
            let fours = groups::<4>(&lanes, &acting, |g| group_stats::<4, 2, true>(&plan, g));
            let eights = groups::<8>(&lanes, &acting, |g| group_stats::<8, 2, true>(&plan, g));
            assert_eq!(bits(&pairs), bits(&fours), "chunk {c}: pairs and fours");
            assert_eq!(bits(&pairs), bits(&eights), "chunk {c}: pairs and eights");
            for &grouping in &simd {
                assert_eq!(
                    bits(&pairs),
                    bits(&chunk_stats::<2, true>(&plan, &lanes, &acting, grouping)),
                    "chunk {c}: pairs and {grouping:?}"
                );
            }
        }
    }
}
