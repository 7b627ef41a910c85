//! Sharded run-file sweeps: `spreadtrade sweep run.toml --shard I/N --out DIR` runs one
//! contiguous block of the grid ([`Shard::range`]) and writes `sweep.csv`, `sweep.json` and a
//! manifest `shard.json`; `spreadtrade merge DIR... --out DIR` checks that the shards belong
//! to one grid, that every shard is there exactly once, and writes the `sweep.csv` and
//! `sweep.json` one unsharded run writes, byte for byte.
//!
//! # Conventions
//! - Shards are 0-based: `0/4` .. `3/4`. Shard `i` of `n` over a grid of `N` runs covers
//!   `[i·N/n, (i+1)·N/n)` (a shard may be empty when `n > N`).
//! - `shard.json` keys: `shard` (`{index, count}`, `null` for the whole grid), `grid_runs`,
//!   `first_run`, `end_run` (the block, end exclusive), `windows`, `entries`, `run_file`,
//!   `fingerprint` (FNV-1a-64 of the run file's content without `out` and `shards`, hex) and
//!   `data` (where the data came from).
//! - Each run is independent and deterministic ([`crate::backtest::Sweep`]), so the shards'
//!   rows are the rows of the unsharded run; the merge re-reads them (f64 values round-trip
//!   exactly through the JSON, serde_json's `float_roundtrip`) and writes them with the same
//!   writer ([`write_sweep`]).

use super::{
    RunFile, RunFileError, StrategySpec, SweepParams, ZscoreSpec, prefix_key, signal_source,
};
use crate::backtest::{BacktestError, Engine, RunSummary, Shard, Sweep, SweepRun, merge_shards};
use crate::market::Origin;
use crate::report::{Written, write_sweep};
use crate::session::Session;
use crate::strategy::{ZScoreGrid, ZScoreParams};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest of one shard's output folder (`shard.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardManifest {
    /// The shard, or `None` for the whole grid.
    pub shard: Option<Shard>,
    /// Runs in the whole grid.
    pub grid_runs: usize,
    /// The first run of the block.
    pub first_run: usize,
    /// One past the last run of the block.
    pub end_run: usize,
    /// The grid's windows.
    pub windows: Vec<usize>,
    /// The grid's entry thresholds.
    pub entries: Vec<f64>,
    /// The run file as given.
    pub run_file: PathBuf,
    /// FNV-1a-64 (hex) of the run file's content without `out` and `sweep.shards`.
    pub fingerprint: String,
    /// Where the data came from.
    pub data: Origin,
}

/// What [`RunFile::run_sweep`] produced.
#[derive(Debug)]
pub struct SweepShard {
    /// The block's runs, in grid order.
    pub runs: Vec<SweepRun>,
    /// The manifest written to `shard.json`.
    pub manifest: ShardManifest,
    /// Files written.
    pub written: Written,
}

/// What [`RunFile::sweep_in`] produced: a block of a sweep, not yet written.
#[derive(Debug)]
pub struct SweepBlock {
    /// The block's runs, in grid order.
    pub runs: Vec<SweepRun>,
    /// Every grid point's parameters, by grid index.
    params: Vec<SweepParams>,
    /// The manifest [`RunFile::run_sweep`] writes to `shard.json`.
    pub manifest: ShardManifest,
}

impl SweepBlock {
    /// Each grid point's `(window, entry)`, by grid index ([`SweepRun::index`]).
    pub fn params(&self) -> Vec<(usize, f64)> {
        self.params.iter().map(|p| (p.window, p.entry)).collect()
    }
}

/// What [`merge_sweeps`] produced.
#[derive(Debug)]
pub struct MergedSweep {
    /// Every run of the grid, in grid order.
    pub runs: Vec<SweepRun>,
    /// The manifest of the merged folder (`shard: None`, the whole grid).
    pub manifest: ShardManifest,
    /// Files written.
    pub written: Written,
}

/// FNV-1a-64 of `bytes`, as 16 hex digits.
///
/// # References
/// Fowler, Noll & Vo, "FNV hash" (IETF draft-eastlake-fnv), 64-bit FNV-1a parameters.
fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

impl RunFile {
    /// The number of shards the run file's `[sweep]` gives (`shards = N`), if any.
    pub fn shard_count(&self) -> Option<usize> {
        self.sweep.as_ref().and_then(|s| s.shards)
    }

    /// The fingerprint of the sweep this file describes: FNV-1a-64 of its JSON form without
    /// `out` and `sweep.shards` (which do not change the runs).
    ///
    /// # Errors
    /// [`RunFileError::Invalid`] if the file cannot be serialised (not expected).
    pub fn sweep_fingerprint(&self, path: &Path) -> Result<String, RunFileError> {
        let mut bare = self.clone();
        bare.out = None;
        if let Some(s) = &mut bare.sweep {
            s.shards = None;
        }
        let text = serde_json::to_string(&bare).map_err(|e| RunFileError::Invalid {
            path: path.to_path_buf(),
            key: "sweep".to_owned(),
            reason: format!("cannot serialise the run file: {e}"),
        })?;
        Ok(fnv1a_hex(text.as_bytes()))
    }

    /// Runs the file's `[sweep]` grid, or only `shard`'s block of it, and writes `sweep.csv`,
    /// `sweep.json` (rows of the block, each with its grid index) and `shard.json` into
    /// `out_dir` (relative to the current folder; the file's own `out` is not used, so that
    /// shards do not overwrite each other). Without a shard the files are those of the
    /// sweep of [`RunFile::run`], byte for byte.
    ///
    /// # Errors
    /// [`RunFileError::Invalid`] without a `[sweep]`, with a strategy other than `zscore`, or
    /// with an empty grid; any data, market, engine or report error.
    pub fn run_sweep(
        &self,
        path: &Path,
        out_dir: &Path,
        shard: Option<Shard>,
    ) -> crate::Result<SweepShard> {
        let block = self.sweep_block(path, shard, None)?;
        let mut written = write_sweep(&block.runs, &block.params, &block.manifest.data, out_dir)?;
        written
            .files
            .push(write_manifest(&block.manifest, out_dir)?);
        Ok(SweepShard {
            runs: block.runs,
            manifest: block.manifest,
            written,
        })
    }

    /// Runs the file's `[sweep]` grid, or only `shard`'s block of it, on `session`'s data
    /// (the file's `data` is not used), writing nothing: the rows and manifest
    /// [`RunFile::run_sweep`] writes.
    ///
    /// # Errors
    /// As [`RunFile::run_sweep`], without the report errors.
    pub fn sweep_in(
        &self,
        session: &Session,
        path: &Path,
        shard: Option<Shard>,
    ) -> crate::Result<SweepBlock> {
        self.sweep_block(path, shard, Some(session))
    }

    /// The grid's checks, then the block's runs on `session` (or the session the file names).
    fn sweep_block(
        &self,
        path: &Path,
        shard: Option<Shard>,
        session: Option<&Session>,
    ) -> crate::Result<SweepBlock> {
        let invalid = |key: &str, reason: String| RunFileError::Invalid {
            path: path.to_path_buf(),
            key: key.to_owned(),
            reason,
        };
        let Some(grid) = &self.sweep else {
            return Err(invalid(
                "sweep",
                "expected a [sweep] table with windows and entries, found none".into(),
            )
            .into());
        };
        let StrategySpec::Zscore(ZscoreSpec {
            signal,
            exit,
            units,
            momentum,
            ..
        }) = &self.strategy
        else {
            return Err(invalid("sweep", "a parameter grid needs kind = \"zscore\"".into()).into());
        };
        if grid.windows.is_empty() || grid.entries.is_empty() {
            return Err(invalid("sweep", "windows and entries must not be empty".into()).into());
        }
        let runs = grid.windows.len().saturating_mul(grid.entries.len());
        crate::limits::SWEEP_RUNS
            .check_count("runs (windows × entries)", runs)
            .map_err(|e| invalid("sweep", e.to_string()))?;
        let fingerprint = self.sweep_fingerprint(path)?;
        let opened;
        let session = match session {
            Some(s) => s,
            None => {
                opened = Session::open(self.data_dir(path).as_deref())?;
                &opened
            }
        };
        // The session's cached table (the same table `table_for` builds): a session that
        // runs several files or shards on one spread builds it once.
        let built =
            session.cached_table(self.spread.legs().iter().map(|l| l.root()), None, None)?;
        let table = &built.table;
        let book = session.book(&self.spread, table, &self.roll.rule())?;
        let source = signal_source(signal).map_err(|r| invalid("strategy.signal", r))?;
        let values = source
            .values(session.market())
            .map_err(BacktestError::from)?;
        let zgrid = ZScoreGrid::new(&values, &grid.windows, &grid.entries)
            .map_err(|e| invalid("sweep.windows", e.to_string()))?;
        let params = zgrid.points();
        let make = |point: &(usize, f64)| {
            let mut p = ZScoreParams::reference(zgrid.window(point), point.1);
            p.exit = exit.unwrap_or(p.exit);
            p.units = units.unwrap_or(p.units);
            p.momentum = *momentum;
            zgrid.strategy(point, p)
        };
        let config = self.backtest.clone().with_record(false);
        let engine =
            Engine::new(session.market(), table, &config).map_err(|e| prefix_key(e, path))?;
        let mut sweep = Sweep::new(&engine, &book);
        if let Some(shard) = shard {
            sweep = sweep.with_shard(shard);
        }
        let runs = sweep.run(params, make)?;
        let labelled: Vec<SweepParams> = params
            .iter()
            .map(|&(i, k)| SweepParams {
                window: grid.windows[i],
                entry: k,
            })
            .collect();
        let origin = session.origin().clone();
        let block = shard.map_or(0..params.len(), |s| s.range(params.len()));
        let manifest = ShardManifest {
            shard,
            grid_runs: params.len(),
            first_run: block.start,
            end_run: block.end,
            windows: grid.windows.clone(),
            entries: grid.entries.clone(),
            run_file: path.to_path_buf(),
            fingerprint,
            data: origin,
        };
        Ok(SweepBlock {
            runs,
            params: labelled,
            manifest,
        })
    }
}

fn write_manifest(manifest: &ShardManifest, dir: &Path) -> Result<PathBuf, RunFileError> {
    let path = dir.join("shard.json");
    let text = serde_json::to_string_pretty(manifest).map_err(|e| RunFileError::Invalid {
        path: path.clone(),
        key: "shard".to_owned(),
        reason: format!("cannot serialise the manifest: {e}"),
    })?;
    std::fs::write(&path, text + "\n").map_err(|e| RunFileError::Io {
        path: path.clone(),
        message: e.to_string(),
    })?;
    Ok(path)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, RunFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| RunFileError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| RunFileError::Parse {
        path: path.to_path_buf(),
        message: format!("key {}: {}", e.path(), e.inner()),
    })
}

/// One row of `sweep.json` as written by [`write_sweep`].
#[derive(Deserialize)]
struct RowIn {
    index: usize,
    params: Option<SweepParams>,
    #[serde(flatten)]
    summary: RunSummary,
}

/// `sweep.json` as written by [`write_sweep`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFileIn {
    data: Origin,
    runs: Vec<RowIn>,
}

/// Checks the shard folders `dirs` (each written by [`RunFile::run_sweep`] with a shard) and
/// joins them into `out`: `sweep.csv`, `sweep.json` (the same bytes as one unsharded run of
/// the grid) and `shard.json` (the whole grid). The folders may be given in any order.
///
/// # Errors
/// [`BacktestError::ShardMismatch`] naming the folders when no folder is given, shards come
/// from different grids (run file, data or shard count), a shard is missing or given twice, a
/// folder's rows are not its block, or a row has no parameters; [`RunFileError::Io`] /
/// [`RunFileError::Parse`] for an unreadable `shard.json` or `sweep.json`; report errors
/// writing the output.
pub fn merge_sweeps(dirs: &[PathBuf], out: &Path) -> crate::Result<MergedSweep> {
    let mismatch = |reason: String| crate::Error::from(BacktestError::ShardMismatch { reason });
    let Some(first_dir) = dirs.first() else {
        return Err(mismatch(
            "expected at least one shard folder, found none".to_owned(),
        ));
    };
    let mut shards: Vec<(PathBuf, ShardManifest, SweepFileIn)> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let manifest: ShardManifest = read_json(&dir.join("shard.json"))?;
        let file: SweepFileIn = read_json(&dir.join("sweep.json"))?;
        shards.push((dir.clone(), manifest, file));
    }
    let reference = shards[0].1.clone();
    let count = reference.shard.map_or(1, |s| s.count());
    for (dir, m, file) in &shards {
        let shard_count = m.shard.map_or(1, |s| s.count());
        if m.fingerprint != reference.fingerprint
            || m.grid_runs != reference.grid_runs
            || m.windows != reference.windows
            || m.entries != reference.entries
        {
            return Err(mismatch(format!(
                "{} is a different grid from {}: fingerprint {} with {} runs (windows {:?}, entries {:?}) against fingerprint {} with {} runs (windows {:?}, entries {:?})",
                dir.display(),
                first_dir.display(),
                m.fingerprint,
                m.grid_runs,
                m.windows,
                m.entries,
                reference.fingerprint,
                reference.grid_runs,
                reference.windows,
                reference.entries
            )));
        }
        if m.data != reference.data || file.data != m.data {
            return Err(mismatch(format!(
                "{} ran on other data ({}) than {} ({})",
                dir.display(),
                m.data.description,
                first_dir.display(),
                reference.data.description
            )));
        }
        if shard_count != count {
            return Err(mismatch(format!(
                "{} is a shard of {shard_count} but {} is a shard of {count}",
                dir.display(),
                first_dir.display()
            )));
        }
    }
    // Every shard exactly once.
    let mut by_index: Vec<Option<usize>> = vec![None; count];
    for (k, (dir, m, _)) in shards.iter().enumerate() {
        let i = m.shard.map_or(0, |s| s.index());
        if let Some(slot) = by_index.get_mut(i) {
            if let Some(other) = *slot {
                return Err(mismatch(format!(
                    "shard {}/{count} is given twice: {} and {}",
                    i + 1,
                    shards[other].0.display(),
                    dir.display()
                )));
            }
            *slot = Some(k);
        }
    }
    let missing: Vec<String> = by_index
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_none())
        .map(|(i, _)| format!("{}/{count}", i + 1))
        .collect();
    if !missing.is_empty() {
        return Err(mismatch(format!(
            "missing shard{} {} of the {count} (given {} folder{})",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            dirs.len(),
            if dirs.len() == 1 { "" } else { "s" }
        )));
    }
    let n = reference.grid_runs;
    let mut params: Vec<Option<SweepParams>> = vec![None; n];
    let mut blocks: Vec<Vec<SweepRun>> = Vec::with_capacity(count);
    for k in by_index.into_iter().flatten() {
        let (dir, m, file) = &mut shards[k];
        let expected = m.shard.map_or(0..n, |s| s.range(n));
        let indices: Vec<usize> = file.runs.iter().map(|r| r.index).collect();
        if (m.first_run, m.end_run) != (expected.start, expected.end)
            || !indices.iter().copied().eq(expected.clone())
        {
            return Err(mismatch(format!(
                "{}: expected runs {}..{} of {n} for shard {}, found {} rows ({})",
                dir.display(),
                expected.start,
                expected.end,
                m.shard.map_or_else(|| "1/1".to_owned(), |s| s.to_string()),
                indices.len(),
                match (indices.first(), indices.last()) {
                    (Some(a), Some(b)) => format!("runs {a}..={b}"),
                    _ => "none".to_owned(),
                }
            )));
        }
        let mut block = Vec::with_capacity(file.runs.len());
        for row in std::mem::take(&mut file.runs) {
            let Some(p) = row.params else {
                return Err(mismatch(format!(
                    "{}: run {} has no parameters",
                    dir.display(),
                    row.index
                )));
            };
            params[row.index] = Some(p);
            block.push(SweepRun {
                index: row.index,
                summary: row.summary,
            });
        }
        blocks.push(block);
    }
    let runs = merge_shards(blocks)?;
    let params: Vec<SweepParams> = params.into_iter().flatten().collect();
    if params.len() != n {
        return Err(mismatch(format!(
            "expected parameters for {n} runs, found {}",
            params.len()
        )));
    }
    let mut written = write_sweep(&runs, &params, &reference.data, out)?;
    let manifest = ShardManifest {
        shard: None,
        first_run: 0,
        end_run: n,
        ..reference
    };
    written.files.push(write_manifest(&manifest, out)?);
    Ok(MergedSweep {
        runs,
        manifest,
        written,
    })
}
