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
//! scheduler (Slurm job arrays, Kubernetes indexed jobs) runs one shard per task.

use super::{BacktestError, Engine, RunSummary};
use crate::market::Book;
use crate::strategy::{Strategy, StrategyError};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One block of a sharded sweep: shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
}

impl std::fmt::Debug for Sweep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sweep")
            .field("book", &self.book.label())
            .field("shard", &self.shard)
            .field("parallel", &self.parallel)
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
        }
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
    /// The error of the first failing run in input order: a strategy that cannot be built or
    /// prepared, or any [`Engine::run`] error.
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
        let one = |index: usize| -> Result<SweepRun, BacktestError> {
            let strategy = make(&params[index])?;
            let result = self.engine.run(self.book, strategy)?;
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
            return range.into_par_iter().map(one).collect();
        }
        range.map(one).collect()
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
