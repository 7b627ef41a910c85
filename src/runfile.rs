//! Backtests described in a file: `spreadtrade backtest run.toml` (or `.json`).
//!
//! ```toml
//! data = "../shared/data"          # optional: a data folder (relative to this file);
//!                                  # absent = the embedded synthetic fixtures
//! out = "out/steepener"            # optional: where the outputs go (relative to this file)
//! spread = "2×TUM24−1×TYM24"
//!
//! [roll]                           # optional: the roll rule (defaults: 2 business days
//! business_days_before = 2         # before the first position day / last trading day)
//! anchor = "first_position_day"    # or "last_trading_day"
//!
//! [strategy]
//! kind = "hold"                    # hold | event_window | zscore | usd_view
//! entry = "2024-03-15"
//! exit = "2024-03-27"              # or exit_after_days = 5
//! dv01 = 10000.0                   # or units = 1.0
//!
//! [backtest]                       # every field of BacktestConfig, all optional
//! start = "2024-01-02"
//! end = "2024-06-14"
//! weighting = "dv01_neutral"
//! [backtest.costs]
//! slippage_ticks = 0.5
//! [backtest.fx]                    # legs outside the base currency (CNY in a USD account
//! CNY = { inverse_series = "cny_per_usd" }   # defaults to this; or a constant, CNY = 0.14)
//! [[backtest.margin.changes]]      # optional: a margin notice, from its date on
//! root = "TY"
//! from = "2024-03-20"
//! per_contract = 3000.0            # or fraction_of_notional = 0.02
//!
//! [sweep]                          # optional, z-score strategies only: a parameter grid
//! windows = [20, 60, 120]
//! entries = [1.0, 1.5, 2.0]
//! shards = 4                       # optional: N for `spreadtrade sweep --shard auto`
//! ```
//!
//! Unknown keys are errors (naming the key), so a typo never silently runs a different
//! backtest. Validation errors name the key as written in the file (`strategy.window`).

use crate::backtest::{BacktestConfig, BestRun, Engine, RunResult, Sweep, SweepRun};
use crate::contract::{RollAnchor, RollRule};
use crate::curve::Tenor;
use crate::instrument::SpreadExpr;
use crate::report::{Written, write_run, write_sweep};
use crate::session::Session;
use crate::strategy::{
    EventWindow, Exit, Hold, SignalSource, SlopeZScore, Strategy, Target, UsdView, ZScoreGrid,
    ZScoreParams,
};
use crate::units::Currency;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

mod portfolio;
pub use portfolio::{PortfolioFile, PortfolioOutcome, SizingSpec, TradeSpec};
mod shards;
pub use shards::{MergedSweep, ShardManifest, SweepBlock, SweepShard, merge_sweeps};

/// A problem with a run file: where (the file, the key) and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RunFileError {
    /// The file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The file is not valid TOML/JSON for a run (the message names the key and position).
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A value is invalid.
    #[error("{path}: invalid value for {key}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The key, e.g. `strategy.window`.
        key: String,
        /// What was wrong and what was expected.
        reason: String,
    },
}

/// The roll rule, as written in a run file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollSpec {
    /// Business days before the anchor (default: the library's default).
    pub business_days_before: Option<u32>,
    /// `"first_position_day"` or `"last_trading_day"` (default: the exchange's usual anchor).
    pub anchor: Option<AnchorSpec>,
}

/// A roll anchor, as written in a run file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorSpec {
    /// N business days before the CBOT first position day.
    FirstPositionDay,
    /// N business days before the last trading day.
    LastTradingDay,
}

impl RollSpec {
    /// The roll rule.
    pub fn rule(&self) -> RollRule {
        let mut rule = RollRule::default();
        if let Some(n) = self.business_days_before {
            rule = rule.with_business_days_before(n);
        }
        if let Some(a) = self.anchor {
            rule = rule.with_anchor(match a {
                AnchorSpec::FirstPositionDay => RollAnchor::FirstPositionDay,
                AnchorSpec::LastTradingDay => RollAnchor::LastTradingDay,
            });
        }
        rule
    }
}

/// The signal of a z-score strategy, as written in a run file: `"usd_2s10s"`,
/// `{ series = "vix" }` or `{ currency = "USD", short = "2Y", long = "10Y" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SignalSpec {
    /// A named preset: `"usd_2s10s"`.
    Preset(String),
    /// A market series.
    Series {
        /// Series name.
        series: String,
    },
    /// A curve slope in bp.
    Slope {
        /// Curve currency.
        currency: Currency,
        /// Short tenor.
        short: Tenor,
        /// Long tenor.
        long: Tenor,
    },
}

/// The strategy of a run file (`kind = ...`): one variant per kind, each holding that kind's
/// fields as written (the field lists are spelled once, in [`HoldSpec`], [`EventWindowSpec`],
/// [`ZscoreSpec`] and [`UsdViewSpec`]).
///
/// Deserialised by hand (see the `Deserialize` impl) so that an error names the field inside
/// the strategy (`strategy.entry`), which serde's internally tagged enums cannot do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StrategySpec {
    /// [`Hold`]: enter on `entry`, exit on `exit` or after `exit_after_days`.
    Hold(HoldSpec),
    /// [`EventWindow`] around the dataset's FOMC decisions (`events = "fomc"`) or a CSV file.
    EventWindow(EventWindowSpec),
    /// [`SlopeZScore`] on a signal.
    Zscore(ZscoreSpec),
    /// [`UsdView`]: volatility-targeted from `entry` to `exit`.
    UsdView(UsdViewSpec),
}

/// The fields of `kind = "hold"` (unknown fields are errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldSpec {
    /// Entry date.
    pub entry: NaiveDate,
    /// Exit date.
    pub exit: Option<NaiveDate>,
    /// Exit after this many market days.
    #[serde(default, deserialize_with = "crate::limits::de::holding_days_opt")]
    pub exit_after_days: Option<usize>,
    /// Spread units (default 1 when `dv01` is absent).
    #[serde(default, deserialize_with = "crate::limits::de::units_opt")]
    pub units: Option<f64>,
    /// Spread DV01 in base currency per bp.
    #[serde(default, deserialize_with = "crate::limits::de::dv01_opt")]
    pub dv01: Option<f64>,
}

/// The fields of `kind = "event_window"` (unknown fields are errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventWindowSpec {
    /// `"fomc"` or a path to an event CSV (relative to the run file).
    pub events: String,
    /// Market days before each event.
    #[serde(deserialize_with = "crate::limits::de::holding_days")]
    pub before: usize,
    /// Market days after each event.
    #[serde(deserialize_with = "crate::limits::de::holding_days")]
    pub after: usize,
    /// Spread units (default 1 when `dv01` is absent).
    #[serde(default, deserialize_with = "crate::limits::de::units_opt")]
    pub units: Option<f64>,
    /// Spread DV01 in base currency per bp.
    #[serde(default, deserialize_with = "crate::limits::de::dv01_opt")]
    pub dv01: Option<f64>,
}

/// The fields of `kind = "zscore"` (unknown fields are errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZscoreSpec {
    /// The signal.
    pub signal: SignalSpec,
    /// Window L (ignored when a `[sweep]` gives windows).
    #[serde(deserialize_with = "crate::limits::de::window")]
    pub window: usize,
    /// Entry threshold k (ignored when a `[sweep]` gives entries).
    #[serde(deserialize_with = "crate::limits::de::zscore")]
    pub entry: f64,
    /// Exit threshold (default 0.25).
    #[serde(default, deserialize_with = "crate::limits::de::zscore_opt")]
    pub exit: Option<f64>,
    /// Units held (default 1).
    #[serde(default, deserialize_with = "crate::limits::de::units_opt")]
    pub units: Option<f64>,
    /// Trade with the signal instead of against it.
    #[serde(default)]
    pub momentum: bool,
}

/// The fields of `kind = "usd_view"` (unknown fields are errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsdViewSpec {
    /// Entry date.
    pub entry: NaiveDate,
    /// Exit date.
    pub exit: NaiveDate,
    /// Target annual P&L volatility, base currency.
    #[serde(deserialize_with = "crate::limits::de::target_vol")]
    pub target_vol: f64,
    /// Look-back in market days (default 60).
    #[serde(default, deserialize_with = "crate::limits::de::window_opt")]
    pub lookback: Option<usize>,
}

impl<'de> Deserialize<'de> for StrategySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_json::{Map, Value};
        const KINDS: &[&str] = &["hold", "event_window", "zscore", "usd_view"];
        let mut map = Map::<String, Value>::deserialize(d)?;
        let kind = match map.remove("kind") {
            Some(Value::String(k)) => k,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "strategy.kind: expected a string, found {other}"
                )));
            }
            None => return Err(D::Error::missing_field("kind")),
        };
        fn parse<T: serde::de::DeserializeOwned>(map: Map<String, Value>) -> Result<T, String> {
            serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| {
                let path = e.path().to_string();
                if path == "." {
                    format!("strategy: {}", e.inner())
                } else {
                    format!("strategy.{path}: {}", e.inner())
                }
            })
        }
        let spec = match kind.as_str() {
            "hold" => parse(map).map(StrategySpec::Hold),
            "event_window" => parse(map).map(StrategySpec::EventWindow),
            "zscore" => parse(map).map(StrategySpec::Zscore),
            "usd_view" => parse(map).map(StrategySpec::UsdView),
            other => return Err(D::Error::unknown_variant(other, KINDS)),
        };
        spec.map_err(D::Error::custom)
    }
}

/// A parameter grid for a z-score strategy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    /// Windows L.
    #[serde(deserialize_with = "crate::limits::de::windows")]
    pub windows: Vec<usize>,
    /// Entry thresholds k.
    #[serde(deserialize_with = "crate::limits::de::zscores")]
    pub entries: Vec<f64>,
    /// Optional: the number of shards `spreadtrade sweep --shard auto` splits the grid into
    /// when the scheduler does not say (a Kubernetes Indexed Job's `completions`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::limits::de::shards_opt"
    )]
    pub shards: Option<usize>,
}

/// A backtest described in a file. See the module docs for the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    /// Data folder; absent = the embedded synthetic fixtures.
    #[serde(default)]
    pub data: Option<PathBuf>,
    /// Output folder.
    #[serde(default)]
    pub out: Option<PathBuf>,
    /// The spread.
    pub spread: SpreadExpr,
    /// The roll rule.
    #[serde(default)]
    pub roll: RollSpec,
    /// The strategy.
    pub strategy: StrategySpec,
    /// Engine configuration.
    #[serde(default)]
    pub backtest: BacktestConfig,
    /// A parameter grid (z-score only).
    #[serde(default)]
    pub sweep: Option<SweepSpec>,
}

/// What [`RunFile::run`] produced.
#[derive(Debug)]
pub struct RunOutcome {
    /// The run (for a sweep: the best run by Sharpe, re-run once with its ledger).
    pub result: RunResult,
    /// For a sweep: every run's summary.
    pub sweep: Option<Vec<SweepRun>>,
    /// For a sweep: the best run with its deflated Sharpe ratio.
    pub best: Option<BestRun>,
    /// Files written.
    pub written: Written,
    /// The folder they were written to.
    pub out_dir: PathBuf,
    /// Where the data came from.
    pub origin: crate::market::Origin,
}

/// What [`RunFile::run_in`] produced: the run (or sweep), not yet written.
#[derive(Debug)]
pub struct RunDone {
    /// The run (for a sweep: the best run by Sharpe, re-run once with its ledger).
    pub result: RunResult,
    /// For a sweep: every run's summary.
    pub sweep: Option<Vec<SweepRun>>,
    /// For a sweep: each grid point's parameters, by grid index.
    params: Option<Vec<SweepParams>>,
    /// For a sweep: the best run with its deflated Sharpe ratio.
    pub best: Option<BestRun>,
    /// Where the data came from.
    pub origin: crate::market::Origin,
}

impl RunDone {
    /// For a sweep: each grid point's `(window, entry)`, by grid index ([`SweepRun::index`]).
    pub fn sweep_params(&self) -> Option<Vec<(usize, f64)>> {
        self.params
            .as_ref()
            .map(|p| p.iter().map(|p| (p.window, p.entry)).collect())
    }

    /// Writes the files [`RunFile::run`] writes into `dir`: for one run `summary.json`,
    /// `ledger.csv`/`.json`, `trades.csv`/`.json` and `equity.svg` ([`write_run`]); for a
    /// sweep `sweep.csv` and `sweep.json` ([`write_sweep`]) and the best run's files under
    /// `best/`.
    ///
    /// # Errors
    /// Report errors (a file that cannot be written).
    pub fn write(&self, dir: &Path) -> crate::Result<Written> {
        let (Some(runs), Some(params)) = (&self.sweep, &self.params) else {
            return Ok(write_run(&self.result, &self.origin, dir)?);
        };
        let mut written = write_sweep(runs, params, &self.origin, dir)?;
        let run_files = write_run(&self.result, &self.origin, &dir.join("best"))?;
        written.files.extend(run_files.files);
        written.notes.extend(run_files.notes);
        Ok(written)
    }
}

impl RunFile {
    /// Reads a run file: JSON if the name ends in `.json`, TOML otherwise.
    ///
    /// # Errors
    /// [`RunFileError::Io`] or [`RunFileError::Parse`] (naming the key and position).
    pub fn load(path: &Path) -> Result<Self, RunFileError> {
        let text = std::fs::read_to_string(path).map_err(|e| RunFileError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let parse = |message: String| RunFileError::Parse {
            path: path.to_path_buf(),
            message,
        };
        // serde_path_to_error names the key that failed (`strategy.entry`), which the TOML and
        // JSON parsers alone do not always do (a bad date is reported at its table).
        let key = |p: &serde_path_to_error::Path, message: &str| {
            let p = p.to_string();
            if p == "." || message.contains(&format!("{p}.")) || message.starts_with(&p) {
                String::new()
            } else {
                format!("key {p}: ")
            }
        };
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Self::from_json_str(&text, path)
        } else {
            let de =
                toml::Deserializer::parse(&text).map_err(|e| parse(toml_message(&text, &e)))?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let m = toml_message(&text, e.inner());
                parse(format!("{}{m}", key(e.path(), &m)))
            })
        }
    }

    /// Reads a run file's JSON text, as [`RunFile::load`] reads a `.json` file; `path` names
    /// the file in error messages (and is where relative paths are taken from when it runs).
    /// The Python package reads a dict through this, so that its errors name the same keys.
    ///
    /// # Errors
    /// [`RunFileError::Parse`] naming the key and position.
    pub fn from_json_str(text: &str, path: &Path) -> Result<Self, RunFileError> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let m = e.inner().to_string();
            let p = e.path().to_string();
            // As `load`: the key only when the parser's message does not already say it.
            let key = if p == "." || m.contains(&format!("{p}.")) || m.starts_with(&p) {
                String::new()
            } else {
                format!("key {p}: ")
            };
            RunFileError::Parse {
                path: path.to_path_buf(),
                message: format!("{key}{m}"),
            }
        })
    }

    /// The data folder the file names (`data`, relative to the file's folder), or `None` for
    /// the embedded synthetic fixtures.
    pub fn data_dir(&self, path: &Path) -> Option<PathBuf> {
        let base = path.parent().unwrap_or(Path::new("."));
        self.data.as_ref().map(|d| base.join(d))
    }

    /// Runs the backtest (or the sweep) and writes its outputs. Relative `data`, `out` and
    /// event paths are taken relative to `base` (the run file's folder).
    ///
    /// # Errors
    /// [`RunFileError::Invalid`] (naming the key) for invalid values, and any data, market,
    /// strategy, engine or report error.
    pub fn run(&self, path: &Path, default_out: &Path) -> crate::Result<RunOutcome> {
        let base = path.parent().unwrap_or(Path::new("."));
        let session = Session::open(self.data_dir(path).as_deref())?;
        let done = self.run_in(&session, path)?;
        let out_dir = self
            .out
            .as_ref()
            .map_or_else(|| default_out.to_path_buf(), |o| base.join(o));
        let written = done.write(&out_dir)?;
        Ok(RunOutcome {
            result: done.result,
            sweep: done.sweep,
            best: done.best,
            written,
            out_dir,
            origin: done.origin,
        })
    }

    /// Runs the backtest (or the sweep) on `session`'s data, writing nothing; `path` is where
    /// relative event paths are taken from and what errors name. The file's `data` and `out`
    /// are not used ([`RunFile::run`] opens the session the file names and writes the files).
    ///
    /// # Errors
    /// As [`RunFile::run`], without the report errors.
    pub fn run_in(&self, session: &Session, path: &Path) -> crate::Result<RunDone> {
        let base = path.parent().unwrap_or(Path::new("."));
        let invalid = |key: &str, reason: String| RunFileError::Invalid {
            path: path.to_path_buf(),
            key: key.to_owned(),
            reason,
        };
        // The session's cached table (the same table `table_for` builds): a session that
        // runs several files or shards on one spread builds it once.
        let built =
            session.cached_table(self.spread.legs().iter().map(|l| l.root()), None, None)?;
        let table = &built.table;
        let book = session.book(&self.spread, table, &self.roll.rule())?;
        let engine = Engine::new(session.market(), table, &self.backtest)
            .map_err(|e| prefix_key(e, path))?;
        let origin = session.origin().clone();

        if let Some(grid) = &self.sweep {
            let StrategySpec::Zscore(ZscoreSpec {
                signal,
                exit,
                units,
                momentum,
                ..
            }) = &self.strategy
            else {
                return Err(
                    invalid("sweep", "a parameter grid needs kind = \"zscore\"".into()).into(),
                );
            };
            if grid.windows.is_empty() || grid.entries.is_empty() {
                return Err(
                    invalid("sweep", "windows and entries must not be empty".into()).into(),
                );
            }
            let runs = grid.windows.len().saturating_mul(grid.entries.len());
            crate::limits::SWEEP_RUNS
                .check_count("runs (windows × entries)", runs)
                .map_err(|e| invalid("sweep", e.to_string()))?;
            let source = signal_source(signal).map_err(|r| invalid("strategy.signal", r))?;
            let values = source
                .values(session.market())
                .map_err(crate::backtest::BacktestError::from)?;
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
            let sweep_engine_config = self.backtest.clone().with_record(false);
            let sweep_engine = Engine::new(session.market(), table, &sweep_engine_config)
                .map_err(|e| prefix_key(e, path))?;
            let sweep = Sweep::new(&sweep_engine, &book);
            let runs = sweep.run(params, make)?;
            // The best run is re-run once, with its ledger, for both its statistics and its files.
            let (best, best_result) = match sweep.best_by_sharpe_recorded(&runs, params, make)? {
                Some((best, result)) => (Some(best), Some(result)),
                None => (None, None),
            };
            let labelled: Vec<SweepParams> = params
                .iter()
                .map(|&(i, k)| SweepParams {
                    window: grid.windows[i],
                    entry: k,
                })
                .collect();
            let result = match best_result {
                Some(result) => result,
                // No run has a Sharpe ratio: the files show the grid's first run.
                None => {
                    let first = make(&params[0]).map_err(crate::backtest::BacktestError::from)?;
                    engine.run_recorded(&book, first)?
                }
            };
            return Ok(RunDone {
                result,
                sweep: Some(runs),
                params: Some(labelled),
                best,
                origin,
            });
        }

        let strategy = self
            .strategy(base, session)
            .map_err(|(k, r)| invalid(&k, r))?;
        let result = engine.run(&book, strategy)?;
        Ok(RunDone {
            result,
            sweep: None,
            params: None,
            best: None,
            origin,
        })
    }

    fn strategy(
        &self,
        base: &Path,
        session: &Session,
    ) -> Result<Box<dyn Strategy>, (String, String)> {
        let target = |units: Option<f64>, dv01: Option<f64>| match (units, dv01) {
            (Some(_), Some(_)) => Err((
                "strategy.dv01".to_owned(),
                "give units or dv01, not both".to_owned(),
            )),
            (None, Some(x)) => Ok(Target::Dv01(x)),
            (u, None) => Ok(Target::Units(u.unwrap_or(1.0))),
        };
        Ok(match &self.strategy {
            StrategySpec::Hold(HoldSpec {
                entry,
                exit,
                exit_after_days,
                units,
                dv01,
            }) => {
                let exit = match (exit, exit_after_days) {
                    (Some(_), Some(_)) => {
                        return Err((
                            "strategy.exit_after_days".into(),
                            "give exit or exit_after_days, not both".into(),
                        ));
                    }
                    (Some(d), None) => Exit::On(*d),
                    (None, Some(n)) => Exit::AfterDays(*n),
                    (None, None) => Exit::Never,
                };
                target(*units, *dv01)?; // checks that at most one of them is given
                Box::new(match dv01 {
                    Some(x) => Hold::dv01(*entry, exit, *x),
                    None => Hold::units(*entry, exit, units.unwrap_or(1.0)),
                })
            }
            StrategySpec::EventWindow(EventWindowSpec {
                events,
                before,
                after,
                units,
                dv01,
            }) => {
                let calendar = if events.eq_ignore_ascii_case("fomc") {
                    session.dataset().fomc.clone().ok_or_else(|| {
                        (
                            "strategy.events".to_owned(),
                            "the dataset has no FOMC calendar (fomc*.csv)".to_owned(),
                        )
                    })?
                } else {
                    crate::data::EventCalendar::load(base.join(events))
                        .map_err(|e| ("strategy.events".to_owned(), e.to_string()))?
                };
                let dates = calendar.events.iter().map(|e| e.date).collect();
                Box::new(EventWindow::new(
                    dates,
                    *before,
                    *after,
                    target(*units, *dv01)?,
                ))
            }
            StrategySpec::Zscore(ZscoreSpec {
                signal,
                window,
                entry,
                exit,
                units,
                momentum,
            }) => {
                let source =
                    signal_source(signal).map_err(|r| ("strategy.signal".to_owned(), r))?;
                let mut p = ZScoreParams::reference(*window, *entry);
                p.exit = exit.unwrap_or(p.exit);
                p.units = units.unwrap_or(p.units);
                p.momentum = *momentum;
                Box::new(SlopeZScore::new(source, p).map_err(|e| {
                    let key = match &e {
                        crate::strategy::StrategyError::InvalidParameter { name, .. } => {
                            format!("strategy.{name}")
                        }
                        _ => "strategy".to_owned(),
                    };
                    (key, e.to_string())
                })?)
            }
            StrategySpec::UsdView(UsdViewSpec {
                entry,
                exit,
                target_vol,
                lookback,
            }) => Box::new(UsdView::new(
                *entry,
                *exit,
                *target_vol,
                lookback.unwrap_or(60),
            )),
        })
    }
}

/// A TOML error on one line: "line L, column C: message" (its own rendering spans several
/// lines with a source excerpt).
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let at = e.span().map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column}: ")
    });
    format!("{}{}", at.unwrap_or_default(), e.message().trim_end())
}

/// A sweep run's parameters, as written to `sweep.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepParams {
    window: usize,
    entry: f64,
}

fn signal_source(spec: &SignalSpec) -> Result<SignalSource, String> {
    match spec {
        SignalSpec::Preset(p) if p.eq_ignore_ascii_case("usd_2s10s") => {
            Ok(SignalSource::usd_2s10s())
        }
        SignalSpec::Preset(p) => Err(format!(
            "unknown signal preset {p:?}: expected \"usd_2s10s\""
        )),
        SignalSpec::Series { series } => Ok(SignalSource::Series(series.clone())),
        SignalSpec::Slope {
            currency,
            short,
            long,
        } => Ok(SignalSource::CurveSlope {
            currency: *currency,
            short: *short,
            long: *long,
        }),
    }
}

/// Engine configuration errors name keys relative to `[backtest]`; in a run file they live
/// under `backtest.`.
fn prefix_key(e: crate::backtest::BacktestError, path: &Path) -> crate::Error {
    match e {
        crate::backtest::BacktestError::InvalidConfig { key, reason } => RunFileError::Invalid {
            path: path.to_path_buf(),
            key: format!("backtest.{key}"),
            reason,
        }
        .into(),
        crate::backtest::BacktestError::OutOfRange(e) => RunFileError::Invalid {
            path: path.to_path_buf(),
            key: format!("backtest.{}", e.what),
            reason: crate::limits::OutOfRange {
                what: "value".to_owned(),
                ..e
            }
            .to_string(),
        }
        .into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_specs_round_trip_through_their_written_form() {
        let specs = [
            r#"{"kind":"hold","entry":"2024-03-15","exit":null,"exit_after_days":5,"units":null,"dv01":10000.0}"#,
            r#"{"kind":"event_window","events":"fomc","before":2,"after":3,"units":1.0,"dv01":null}"#,
            r#"{"kind":"zscore","signal":"usd_2s10s","window":60,"entry":1.5,"exit":null,"units":null,"momentum":true}"#,
            r#"{"kind":"usd_view","entry":"2024-01-02","exit":"2024-06-14","target_vol":1e6,"lookback":null}"#,
        ];
        for text in specs {
            let spec: StrategySpec = serde_json::from_str(text).unwrap();
            let back = serde_json::to_string(&spec).unwrap();
            assert_eq!(serde_json::from_str::<StrategySpec>(&back).unwrap(), spec);
            let (a, b): (serde_json::Value, serde_json::Value) = (
                serde_json::from_str(text).unwrap(),
                serde_json::from_str(&back).unwrap(),
            );
            assert_eq!(a, b, "{text}");
        }
        let e = serde_json::from_str::<StrategySpec>(
            r#"{"kind":"hold","entry":"2024-03-15","exitt":1}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("strategy.exitt") || e.contains("exitt"), "{e}");
        assert!(e.contains("unknown field"), "{e}");
    }
}
