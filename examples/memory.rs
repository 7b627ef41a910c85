//! Peak resident memory of the three large jobs the crate does, one per invocation so that
//! each figure is the process's own high-water mark (`VmHWM` in `/proc/self/status`, Linux):
//!
//! - `table`: the TU/FV/TY/US price table over the whole history (every contract, its basket,
//!   CTD and DV01 on every day it lives);
//! - `sweep`: a z-score sweep of the DV01-neutral 2s10s steepener `2×TU−1×TY` over the whole
//!   history, `--runs` combinations (default 100,000: 40 windows × 2,500 entry thresholds),
//!   without ledgers (each run keeps its summary only);
//! - `ledger`: one run of that steepener over the whole history with its daily ledger and
//!   blotter.
//!
//! ```sh
//! cargo run --release --example memory -- --data ../shared/data table
//! cargo run --release --example memory -- --data ../shared/data sweep --runs 100000
//! cargo run --release --example memory -- --data ../shared/data ledger
//! ```
//!
//! Without `--data` the embedded synthetic fixtures are used (a few years; the figures are
//! then not the 35-year ones). Each line printed gives the resident memory at that point
//! (`VmRSS`) and the peak so far (`VmHWM`); the data loading is shown on its own line, so the
//! job's share is the difference.

use clap::{Parser, ValueEnum};
use spreadtrade::backtest::{BacktestConfig, Engine, Sweep, SweepRun, Weighting};
use spreadtrade::contract::{RollRule, Root};
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::pricing::TableSpec;
use spreadtrade::session::Session;
use spreadtrade::strategy::{SignalSource, ZScoreGrid, ZScoreParams};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// The TU/FV/TY/US price table over the whole history.
    Table,
    /// A z-score sweep of the 2s10s steepener without ledgers.
    Sweep,
    /// One run of the 2s10s steepener with its daily ledger.
    Ledger,
}

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Runs in the sweep (40 windows × runs/40 entry thresholds).
    #[arg(long, default_value_t = 100_000)]
    runs: usize,
    /// What to measure.
    scenario: Scenario,
}

/// `VmRSS` and `VmHWM` of this process in MiB, if the system reports them.
fn memory() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |key: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<f64>()
            .ok()
    };
    Some((kib("VmRSS:")? / 1024.0, kib("VmHWM:")? / 1024.0))
}

fn report(what: &str) {
    match memory() {
        Some((rss, hwm)) => println!("{what:<44} rss {rss:>8.1} MiB   peak {hwm:>8.1} MiB"),
        None => println!("{what:<44} (no /proc/self/status: memory not reported)"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    report("start");
    let session = Session::open(args.data.as_deref())?;
    println!("data: {}", session.origin().description);
    report("data loaded");
    let dates = session.market().dates();
    let days = dates.len();
    println!("market days: {days} ({} ..= {})", dates[0], dates[days - 1]);
    match args.scenario {
        Scenario::Table => {
            let t = Instant::now();
            let spec = TableSpec::new(vec![Root::TU, Root::FV, Root::TY, Root::US]);
            let table = session.price_table(&spec)?;
            let contract_days: usize = table
                .instruments()
                .iter()
                .map(|i| i.last_day() - i.first_day() + 1)
                .sum();
            println!(
                "table: {} contracts, {contract_days} contract-days, built in {:.2} s",
                table.instruments().len(),
                t.elapsed().as_secs_f64()
            );
            report("TU/FV/TY/US table built");
        }
        Scenario::Sweep | Scenario::Ledger => {
            let expr: SpreadExpr = "2×TU−1×TY".parse()?;
            let table = session.table_for(&expr, None, None)?;
            let book = session.book(&expr, &table, &RollRule::default())?;
            let signal = SignalSource::usd_2s10s().values(session.market())?;
            report("2s10s table and signal");
            let record = args.scenario == Scenario::Ledger;
            let config = BacktestConfig::default()
                .with_weighting(Weighting::Dv01Neutral)
                .with_record(record);
            let engine = Engine::new(session.market(), &table, &config)?;
            let base = ZScoreParams {
                units: 10.0,
                ..ZScoreParams::reference(60, 1.5)
            };
            if record {
                let grid = ZScoreGrid::new(&signal, &[60], &[1.5])?;
                let point = grid.points()[0];
                let t = Instant::now();
                let result = engine.run_recorded(&book, grid.strategy(&point, base)?)?;
                println!(
                    "run: {} days recorded, {} trades, total P&L {:.0}, in {:.1} ms",
                    result.summary.days,
                    result.summary.trades,
                    result.summary.total_pnl,
                    t.elapsed().as_secs_f64() * 1e3
                );
                report("whole-history run with its daily ledger");
            } else {
                let windows: Vec<usize> = (10..=205).step_by(5).collect();
                let per_window = args.runs.div_ceil(windows.len()).max(1);
                // Entry thresholds evenly from 0.5 to 2.9 standard deviations.
                let entries: Vec<f64> = (0..per_window)
                    .map(|i| 0.5 + 2.4 * i as f64 / (per_window.max(2) - 1) as f64)
                    .collect();
                let grid = ZScoreGrid::new(&signal, &windows, &entries)?;
                report("z-scores of every window");
                let t = Instant::now();
                let runs =
                    Sweep::new(&engine, &book).run(grid.points(), |p| grid.strategy(p, base))?;
                let summaries = runs.len() * std::mem::size_of::<SweepRun>()
                    + runs
                        .iter()
                        .filter_map(|r| r.summary.dv01_method.as_ref())
                        .map(String::capacity)
                        .sum::<usize>();
                println!(
                    "sweep: {} runs × {} days in {:.1} s; the summaries take {:.1} MiB",
                    runs.len(),
                    runs.first().map_or(0, |r| r.summary.days),
                    t.elapsed().as_secs_f64(),
                    summaries as f64 / (1024.0 * 1024.0)
                );
                report("sweep done (summaries kept)");
            }
        }
    }
    Ok(())
}
