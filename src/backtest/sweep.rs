//! [`Sweep`]: many independent runs over a parameter grid, in parallel across runs.
//!
//! # Determinism
//! Each run is single-threaded and shares only read-only inputs (`&Market`, `&PriceTable`,
//! `&Book`, the engine's configuration), so its result does not depend on which thread ran it
//! or when. Results are collected **in input order**, so a parallel sweep equals the serial
//! one bit for bit (a test checks it).
//!
//! # Shards
//! A grid too large for one machine is split into `count` contiguous blocks; shard `index`
//! runs block `index` only. Each result carries its global index, and [`merge_shards`]
//! concatenates the shards' results back into exactly the unsharded output. An existing batch
//! scheduler (Slurm job arrays, Kubernetes indexed jobs) runs one shard per task: a shard is
//! written `I/N` ([`Shard`]'s `FromStr`) or read from the scheduler's variables
//! ([`Shard::from_env`]), and `spreadtrade sweep --shard` / `spreadtrade merge` do this for run
//! files (`docs/CLUSTER.md`).
//!
//! # Lockstep
//! When every strategy of the grid is a [`SlopeZScore`](crate::strategy::SlopeZScore) on
//! precomputed z-scores ([`Strategy::lockstep`], e.g. the points of a
//! [`ZScoreGrid`](crate::strategy::ZScoreGrid), as run-file sweeps and the reference sweep
//! build them) and the book is one the lockstep path reproduces exactly, [`Sweep::run`]
//! advances runs eight at a time instead of one engine run each. Two kinds of book qualify
//! (see the engine's `lanes` and `lanes_book` modules): one instrument held all run in the
//! base currency without DV01, margin or rolls; and books of up to four legs in the base
//! currency that roll on days both contracts trade, with or without DV01 (VX, Euro FX), DV01
//! weighting or ratios as written, and a margin per contract or none (the rolled,
//! DV01-neutral 2s10s steepener `2×TU−1×TY` of the real-data bench, a rolled VX book); in both
//! cases without a ledger. Every run's
//! summary is bit for bit the engine's (tested field by field); anything else — another book,
//! configuration or strategy — runs one run at a time. [`Sweep::per_run`] turns the lockstep
//! path off.

use super::engine::{LANES, LockstepPlan};
use super::{BacktestError, Engine, RunResult, RunSummary};
use crate::market::Book;
use crate::metrics::{PnlSeries, SharpeEstimate, trial_sharpe_variance};
use crate::strategy::{Lockstep, Strategy, StrategyError};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs per block of the lockstep path: 64 chunks of [`LANES`], enough to keep every thread
/// busy, few enough that the block's working memory (its strategies and their results before
/// they join the sweep's one vector of summaries) stays small whatever the grid's size.
const LOCKSTEP_BLOCK: usize = 64 * LANES;

/// One block of a sharded sweep: shard `index` of `count` (0-based in the library; written
/// and read as `I/N` counted from 1, as on the command line, also in serde).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// [`BacktestError::InvalidShard`] unless `index < count`.
    pub fn new(index: usize, count: usize) -> Result<Self, BacktestError> {
        if index < count {
            Ok(Shard { index, count })
        } else {
            Err(BacktestError::InvalidShard { index, count })
        }
    }

    /// The block of a grid of `n` runs this shard covers: `[index·n/count, (index+1)·n/count)`.
    pub fn range(&self, n: usize) -> Range<usize> {
        (self.index * n / self.count)..((self.index + 1) * n / self.count)
    }

    /// The shard's index (0-based).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The number of shards.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The shard of this task of a batch scheduler, read through `var` (e.g.
    /// `|k| std::env::var(k).ok()`):
    ///
    /// - Slurm job arrays: `SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN` (0 when unset)
    ///   of `SLURM_ARRAY_TASK_COUNT` (or `count` when Slurm does not say);
    /// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` of `count` (Kubernetes does not
    ///   export the completion count to the pod; give it in the run file or by flag).
    ///
    /// When both are set, Slurm's variables win. When `count` is given and the scheduler's
    /// count differs, that is an error (the grid would be split two ways).
    ///
    /// # Errors
    /// [`BacktestError::ShardSpec`] when no scheduler variable is set, a value is not a
    /// whole number, or the count is unknown or inconsistent; [`BacktestError::InvalidShard`]
    /// unless `index < count`.
    pub fn from_env(
        var: impl Fn(&str) -> Option<String>,
        count: Option<usize>,
    ) -> Result<Self, BacktestError> {
        let number = |name: &str| -> Result<Option<usize>, BacktestError> {
            match var(name) {
                None => Ok(None),
                Some(v) => {
                    v.trim()
                        .parse::<usize>()
                        .map(Some)
                        .map_err(|_| BacktestError::ShardSpec {
                            text: format!("{name}={v}"),
                            reason: "expected a whole number >= 0".to_owned(),
                        })
                }
            }
        };
        let (index, found, env_count) = if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id
                .checked_sub(min)
                .ok_or_else(|| BacktestError::ShardSpec {
                    text: format!("SLURM_ARRAY_TASK_ID={id}"),
                    reason: format!("expected at least SLURM_ARRAY_TASK_MIN={min}"),
                })?;
            (
                index,
                "SLURM_ARRAY_TASK_ID",
                number("SLURM_ARRAY_TASK_COUNT")?,
            )
        } else if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            (index, "JOB_COMPLETION_INDEX", None)
        } else {
            return Err(BacktestError::ShardSpec {
                text: "auto".to_owned(),
                reason: "expected SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) in the environment, found neither".to_owned(),
            });
        };
        let count = match (env_count, count) {
            (Some(e), Some(c)) if e != c => {
                return Err(BacktestError::ShardSpec {
                    text: format!("SLURM_ARRAY_TASK_COUNT={e}"),
                    reason: format!("the run file or --shards says {c} shards"),
                });
            }
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => {
                return Err(BacktestError::ShardSpec {
                    text: format!("{found}={index}"),
                    reason: "the number of shards is unknown: expected `shards = N` in the run file's [sweep] or --shards N".to_owned(),
                });
            }
        };
        Shard::new(index, count)
    }
}

/// `I/N`: shard `I` of `N`, counted from 1 as on the command line (`1/4` .. `4/4`); the
/// library's [`Shard::index`] is `I − 1`.
impl std::str::FromStr for Shard {
    type Err = BacktestError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| BacktestError::ShardSpec {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| bad("expected I/N, e.g. 1/4 (shard I of N, counted from 1)"))?;
        let i: usize = i
            .trim()
            .parse()
            .map_err(|_| bad("expected a whole number >= 1 before the /"))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| bad("expected a whole number >= 1 after the /"))?;
        if i == 0 || i > n {
            return Err(bad(&format!(
                "expected 1 <= I <= N (shards are counted from 1), found {i} of {n}"
            )));
        }
        Shard::new(i - 1, n)
    }
}

impl TryFrom<String> for Shard {
    type Error = BacktestError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Shard> for String {
    fn from(shard: Shard) -> String {
        shard.to_string()
    }
}

/// `I/N` counted from 1, the form [`Shard::from_str`](std::str::FromStr) reads.
impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)
    }
}

/// One run of a sweep: its global index in the parameter grid and its summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepRun {
    /// Position of the run's parameters in the grid.
    pub index: usize,
    /// The run's headline figures.
    pub summary: RunSummary,
}

/// A progress callback: `(runs finished, runs in this sweep or shard)`.
pub type Progress<'p> = &'p (dyn Fn(usize, usize) + Sync);

/// Runs one strategy per parameter set on one book, in parallel across runs.
#[derive(Clone, Copy)]
pub struct Sweep<'a> {
    engine: &'a Engine<'a>,
    book: &'a Book,
    shard: Option<Shard>,
    progress: Option<Progress<'a>>,
    parallel: bool,
    lockstep: bool,
}

impl std::fmt::Debug for Sweep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sweep")
            .field("book", &self.book.label())
            .field("shard", &self.shard)
            .field("parallel", &self.parallel)
            .field("lockstep", &self.lockstep)
            .finish_non_exhaustive()
    }
}

impl<'a> Sweep<'a> {
    /// A sweep of `book` through `engine` (build the engine with `record = false` unless you
    /// need ledgers: a sweep keeps only the summaries).
    pub fn new(engine: &'a Engine<'a>, book: &'a Book) -> Self {
        Sweep {
            engine,
            book,
            shard: None,
            progress: None,
            parallel: cfg!(feature = "parallel"),
            lockstep: true,
        }
    }

    /// Runs every strategy through [`Engine::run`] one run at a time, never in lockstep (the
    /// results are the same; for comparisons and measurements).
    pub fn per_run(mut self) -> Self {
        self.lockstep = false;
        self
    }

    /// Whether the lockstep path can run this sweep's book under its engine (see the module
    /// documentation for the books it takes; it then also needs every strategy of the grid to
    /// be a [`SlopeZScore`](crate::strategy::SlopeZScore) on precomputed z-scores of the
    /// market's length).
    pub fn lockstep_applies(&self) -> bool {
        self.lockstep && self.engine.lockstep_plan(self.book, false).is_some()
    }

    /// Runs only one block of the grid.
    pub fn with_shard(mut self, shard: Shard) -> Self {
        self.shard = Some(shard);
        self
    }

    /// Calls `progress(done, total)` after every finished run (from worker threads).
    pub fn with_progress(mut self, progress: Progress<'a>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Runs on the calling thread only (the results are the same).
    pub fn serial(mut self) -> Self {
        self.parallel = false;
        self
    }

    /// Runs `make(p)` for every parameter set `p` of the grid (or of the shard's block).
    ///
    /// # Errors
    /// [`BacktestError::SweepRun`] naming the first failing run in input order and its cause:
    /// a strategy that cannot be built or prepared, or any [`Engine::run`] error.
    pub fn run<P, S, F>(&self, params: &[P], make: F) -> Result<Vec<SweepRun>, BacktestError>
    where
        P: Sync,
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError> + Sync,
    {
        let range = self
            .shard
            .map_or(0..params.len(), |s| s.range(params.len()));
        let total = range.len();
        let done = AtomicUsize::new(0);
        if let Some(plan) = self
            .lockstep
            .then(|| self.engine.lockstep_plan(self.book, self.parallel))
            .flatten()
        {
            return self.run_lockstep(&plan, range, params, &make, &done, total);
        }
        self.run_each(range, params, &make, &done, total)
    }

    /// One engine run per parameter set of `range`, in parallel unless [`Sweep::serial`];
    /// `done` counts finished runs out of `total` for the progress callback.
    fn run_each<P, S, F>(
        &self,
        range: Range<usize>,
        params: &[P],
        make: &F,
        done: &AtomicUsize,
        total: usize,
    ) -> Result<Vec<SweepRun>, BacktestError>
    where
        P: Sync,
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError> + Sync,
    {
        let one = |index: usize| -> Result<SweepRun, BacktestError> {
            let in_run = |error: BacktestError| BacktestError::SweepRun {
                index,
                error: Box::new(error),
            };
            let strategy = make(&params[index]).map_err(|e| in_run(e.into()))?;
            let result = self.engine.run(self.book, strategy).map_err(in_run)?;
            if let Some(progress) = self.progress {
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            }
            Ok(SweepRun {
                index,
                summary: result.summary,
            })
        };
        #[cfg(feature = "parallel")]
        if self.parallel {
            use rayon::prelude::*;
            // Straight into one vector of the grid's length (rayon's `collect` into a
            // `Result` gathers per-thread chunks and copies them: twice the summaries at the
            // end); the error boxed so that a slot is no larger than a summary, and the
            // vector reused in place for the summaries. The error reported is the first
            // failing run in input order.
            let mut slots: Vec<Result<SweepRun, Box<BacktestError>>> = Vec::new();
            range
                .into_par_iter()
                .map(|i| one(i).map_err(Box::new))
                .collect_into_vec(&mut slots);
            return slots.into_iter().map(|r| r.map_err(|e| *e)).collect();
        }
        range.map(one).collect()
    }

    /// The lockstep path of [`Sweep::run`], block by block of [`LOCKSTEP_BLOCK`] runs in input
    /// order, so that what it holds besides the summaries is bounded by a block, not by the
    /// grid. A block with a strategy that cannot join the lockstep path (or cannot be built)
    /// runs one engine run per combination instead: the two paths give the same bits.
    fn run_lockstep<P, S, F>(
        &self,
        plan: &LockstepPlan<'a>,
        range: Range<usize>,
        params: &[P],
        make: &F,
        done: &AtomicUsize,
        total: usize,
    ) -> Result<Vec<SweepRun>, BacktestError>
    where
        P: Sync,
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError> + Sync,
    {
        let mut runs = Vec::with_capacity(total);
        let mut start = range.start;
        while start < range.end {
            let block = start..range.end.min(start + LOCKSTEP_BLOCK);
            start = block.end;
            match self.lockstep_block(plan, block.clone(), params, make, (done, total), &mut runs) {
                Some(out) => out?,
                None => runs.extend(self.run_each(block, params, make, done, total)?),
            }
        }
        Ok(runs)
    }

    /// One block of the lockstep path, its runs onto `runs` in input order: `None` (nothing
    /// run, nothing added) when a strategy of the block cannot join it.
    fn lockstep_block<P, S, F>(
        &self,
        plan: &LockstepPlan<'a>,
        range: Range<usize>,
        params: &[P],
        make: &F,
        (done, total): (&AtomicUsize, usize),
        runs: &mut Vec<SweepRun>,
    ) -> Option<Result<(), BacktestError>>
    where
        P: Sync,
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError> + Sync,
    {
        let mut machines = Vec::with_capacity(range.len());
        for index in range.clone() {
            // A strategy that cannot be built leaves the block to the per-run path, which
            // reports the first failing run in input order.
            let strategy = make(&params[index]).ok()?;
            match strategy.lockstep() {
                Some(m) if plan.accepts(&m) => machines.push(m),
                _ => return None,
            }
        }
        // Chunks of LANES runs on one window (they share every z-score), then the windows'
        // remainders together. Which runs share a chunk does not change any run's figures.
        let n = machines.len();
        let mut chunks: Vec<Vec<usize>> = Vec::with_capacity(n.div_ceil(LANES) + 1);
        let mut rest: Vec<usize> = Vec::new();
        let mut start = 0;
        while start < n {
            let scores = machines[start].scores();
            let end = (start..n)
                .find(|&j| !std::sync::Arc::ptr_eq(machines[j].scores(), scores))
                .unwrap_or(n);
            let whole = start + (end - start) / LANES * LANES;
            chunks.extend(
                (start..whole)
                    .step_by(LANES)
                    .map(|c| (c..c + LANES).collect()),
            );
            rest.extend(whole..end);
            start = end;
        }
        chunks.extend(rest.chunks(LANES).map(<[usize]>::to_vec));
        let chunk = |members: &Vec<usize>| {
            let lanes: Vec<Lockstep> = members.iter().map(|&j| machines[j].clone()).collect();
            let out = self.engine.run_lockstep(plan, self.book, &lanes);
            if let Some(progress) = self.progress {
                for _ in 0..out.len() {
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                }
            }
            out
        };
        #[cfg(feature = "parallel")]
        let results: Vec<Vec<Result<RunSummary, BacktestError>>> = if self.parallel {
            use rayon::prelude::*;
            chunks.par_iter().map(chunk).collect()
        } else {
            chunks.iter().map(chunk).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let results: Vec<Vec<Result<RunSummary, BacktestError>>> =
            chunks.iter().map(chunk).collect();
        // Each run's chunk. A chunk's members are in input order, so in input order each run's
        // summary is the next of its chunk's: moved once, into the sweep's vector.
        let mut chunk_of = vec![usize::MAX; n];
        for (c, members) in chunks.iter().enumerate() {
            for &j in members {
                chunk_of[j] = c;
            }
        }
        let mut outs: Vec<_> = results.into_iter().map(Vec::into_iter).collect();
        let from = runs.len();
        for (j, index) in range.enumerate() {
            // Every run is in exactly one chunk; were one missing, the engine would run the
            // block.
            let Some(summary) = outs.get_mut(chunk_of[j]).and_then(Iterator::next) else {
                runs.truncate(from);
                return None;
            };
            match summary {
                Ok(summary) => runs.push(SweepRun { index, summary }),
                Err(error) => {
                    return Some(Err(BacktestError::SweepRun {
                        index,
                        error: Box::new(error),
                    }));
                }
            }
        }
        Some(Ok(()))
    }
}

/// The best run of a sweep by Sharpe ratio, with that Sharpe ratio deflated for the number of
/// combinations tried.
///
/// # Formula
/// ```text
/// SR_i   = per-day Sharpe ratio of trial i (0 for a trial without volatility)
/// V      = sample variance of the SR_i over the N trials
/// SR₀    = E[max of N trials' SR under no skill] = √V · ((1−γ)·Φ⁻¹(1−1/N) + γ·Φ⁻¹(1−1/(N·e)))
/// PSR(b) = Φ( (SR − b)·√(T−1) / √(1 − γ₃·SR + (γ₄−1)/4·SR²) )
/// DSR    = PSR(SR₀)
/// ```
/// with γ the Euler–Mascheroni constant, T the best run's number of days, γ₃ its skewness and
/// γ₄ its (non-excess) kurtosis of daily P&L.
///
/// # References
/// Bailey, D. H. & López de Prado, M. (2012), "The Sharpe Ratio Efficient Frontier", Journal
/// of Risk 15(2) (PSR); Bailey & López de Prado (2014), "The Deflated Sharpe Ratio",
/// Journal of Portfolio Management 40(5) (DSR). Computed by [`crate::metrics`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BestRun {
    /// Index of the best run in the grid.
    pub index: usize,
    /// Its summary.
    pub summary: RunSummary,
    /// Number of trials (runs) the selection was made from.
    pub trials: usize,
    /// Skewness of the best run's daily P&L.
    pub skewness: Option<f64>,
    /// Non-excess kurtosis of the best run's daily P&L (normal = 3).
    pub kurtosis: Option<f64>,
    /// Sample variance of the trials' per-day Sharpe ratios.
    pub trial_sharpe_variance: Option<f64>,
    /// Expected maximum annualised Sharpe ratio of the trials under no skill (SR₀, annualised).
    pub expected_max_sharpe: Option<f64>,
    /// Probabilistic Sharpe ratio against 0: P(true Sharpe > 0).
    pub probabilistic_sharpe: Option<f64>,
    /// Deflated Sharpe ratio: P(true Sharpe > SR₀).
    pub deflated_sharpe: Option<f64>,
}

impl Sweep<'_> {
    /// Picks the run with the highest Sharpe ratio among `runs` (the whole grid — merge shards
    /// first), re-runs it with a ledger to get its daily P&L, and deflates its Sharpe ratio for
    /// the number of runs tried. `None` when no run has a Sharpe ratio.
    ///
    /// # Errors
    /// Errors of re-running the best strategy, or of the statistics
    /// ([`BacktestError::Metrics`]).
    pub fn best_by_sharpe<P, S, F>(
        &self,
        runs: &[SweepRun],
        params: &[P],
        make: F,
    ) -> Result<Option<BestRun>, BacktestError>
    where
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError>,
    {
        Ok(self
            .best_by_sharpe_recorded(runs, params, make)?
            .map(|(best, _)| best))
    }

    /// As [`Sweep::best_by_sharpe`], and also returns the best run's recorded result (ledger
    /// and blotter) from the one re-run the statistics need, so that a caller writing the best
    /// run's files does not run it a third time. `make` is called once, for the best run.
    ///
    /// # Errors
    /// As [`Sweep::best_by_sharpe`].
    pub fn best_by_sharpe_recorded<P, S, F>(
        &self,
        runs: &[SweepRun],
        params: &[P],
        make: F,
    ) -> Result<Option<(BestRun, RunResult)>, BacktestError>
    where
        S: Strategy,
        F: Fn(&P) -> Result<S, StrategyError>,
    {
        let ann = self.engine.config().annualization;
        let Some(best) = runs
            .iter()
            .filter(|r| r.summary.sharpe.is_some())
            .max_by(|a, b| {
                let (x, y) = (
                    a.summary.sharpe.unwrap_or(0.0),
                    b.summary.sharpe.unwrap_or(0.0),
                );
                x.total_cmp(&y).then(b.index.cmp(&a.index))
            })
        else {
            return Ok(None);
        };
        let Some(p) = params.get(best.index) else {
            return Err(BacktestError::ShardMismatch {
                reason: format!(
                    "run {} has no parameters in a grid of {}",
                    best.index,
                    params.len()
                ),
            });
        };
        let per_period: Vec<f64> = runs
            .iter()
            .map(|r| r.summary.sharpe.map_or(0.0, |s| ann.deannualize_sharpe(s)))
            .collect();
        let variance = trial_sharpe_variance(&per_period)?;
        let result = self.engine.run_recorded(self.book, make(p)?)?;
        let daily = result.ledger.pnl();
        let series = PnlSeries::new(daily)?;
        let (skewness, kurtosis) = (series.skewness(), series.kurtosis());
        let sr = best.summary.sharpe.map(|s| ann.deannualize_sharpe(s));
        let estimate = match (sr, skewness, kurtosis) {
            (Some(sr), Some(g3), Some(g4)) => {
                Some(SharpeEstimate::new(sr, daily.len() as u64, g3, g4)?)
            }
            _ => None,
        };
        let probabilistic_sharpe = match &estimate {
            Some(e) => e.probabilistic_sharpe(0.0)?,
            None => None,
        };
        let deflated = match (&estimate, variance) {
            (Some(e), Some(v)) => e.deflated_sharpe(runs.len() as u64, v)?,
            _ => None,
        };
        let best_run = BestRun {
            index: best.index,
            summary: best.summary.clone(),
            trials: runs.len(),
            skewness,
            kurtosis,
            trial_sharpe_variance: variance,
            expected_max_sharpe: deflated
                .as_ref()
                .map(|d| ann.annualize_sharpe(d.expected_max_sharpe_per_period)),
            probabilistic_sharpe,
            deflated_sharpe: deflated.map(|d| d.probability),
        };
        Ok(Some((best_run, result)))
    }
}

/// Concatenates the results of shards `0..count` (given in shard order) into the result of
/// the whole grid.
///
/// # Errors
/// [`BacktestError::ShardMismatch`] when the shards' indices are not exactly `0..n` in order.
pub fn merge_shards(shards: Vec<Vec<SweepRun>>) -> Result<Vec<SweepRun>, BacktestError> {
    let merged: Vec<SweepRun> = shards.into_iter().flatten().collect();
    for (expected, run) in merged.iter().enumerate() {
        if run.index != expected {
            return Err(BacktestError::ShardMismatch {
                reason: format!("expected run {expected}, found run {}", run.index),
            });
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod shard_tests {
    use super::*;

    #[test]
    fn shard_text_counts_from_one_and_serde_uses_it() {
        let s: Shard = "3/4".parse().unwrap();
        assert_eq!(
            (s.index(), s.count(), s.to_string()),
            (2, 4, "3/4".to_owned())
        );
        assert_eq!(s.range(8), 4..6);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"3/4\"");
        assert_eq!(serde_json::from_str::<Shard>("\"3/4\"").unwrap(), s);
        for bad in ["0/4", "5/4", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
            assert!(serde_json::from_str::<Shard>(&format!("\"{bad}\"")).is_err());
        }
    }
}
