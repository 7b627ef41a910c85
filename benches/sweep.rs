//! Sweeps through the public sweep API.
//!
//! - `sweep/reference_1000x5000`: the reference parameter sweep (`bench/SWEEP.md`), 1,000
//!   z-score backtests of 5,000 days. Throughput is reported in backtest-days, so criterion's
//!   time per element is the "ns per backtest-day" of the peer table (numba parallel: 6.0 ns;
//!   vectorbt: 365 ns on a 2-core machine). `parallel` and `serial` take the sweep's lockstep
//!   path (eight runs per day loop); `per_run_parallel` runs the engine once per combination,
//!   as before the lockstep path. Those three start from the built grid (the z-scores of the
//!   40 windows computed once, outside the timed loop); `parallel_from_series` also builds
//!   the market, the book and the grid in the timed loop, as the peer computes its z-scores
//!   in its timed function (once per combination, where the grid shares them per window).
//! - `sweep/2s10s_zscore_1000`: a real-data sweep, 1,000 z-score combinations (40 windows ×
//!   25 entries on the USD 2s10s slope) of the DV01-neutral steepener `2×TU−1×TY` on the front
//!   contracts, rolled each quarter, over 1990–2025 when `../shared/data` is present (else the
//!   embedded synthetic years). The price table and the z-scores are built outside the timed
//!   loop. Throughput is in backtest-days. `{label}` (parallel) and `{label}/serial` take the
//!   sweep's lockstep path (eight runs per day loop, rolls and DV01 sizing included);
//!   `{label}/per_run_parallel` and `{label}/per_run_serial` run the engine once per
//!   combination (`Sweep::per_run`), for the side-by-side figure in the same criterion run.
//! - `sweep/vx_zscore_1000`: the same grid on the front VX contract rolled monthly (a book
//!   without DV01), serial, lockstep against one engine run per combination.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::backtest::reference::{DAYS, ReferenceSweep};
use spreadtrade::backtest::{BacktestConfig, Engine, Sweep, Weighting};
use spreadtrade::strategy::{ZScoreGrid, ZScoreParams};
use std::hint::black_box;

mod support;

fn reference_sweep(c: &mut Criterion) {
    let sweep = ReferenceSweep::new().expect("the reference workload builds");
    let combos = sweep.grid().len();
    let mut g = c.benchmark_group("sweep");
    g.throughput(Throughput::Elements((combos * DAYS) as u64));
    g.sample_size(20);
    g.bench_function("reference_1000x5000/parallel", |b| {
        b.iter(|| black_box(sweep.run(true).expect("runs")))
    });
    g.bench_function("reference_1000x5000/serial", |b| {
        b.iter(|| black_box(sweep.run(false).expect("runs")))
    });
    // From the series: the z-scores of the 40 windows computed in the timed loop too, as the
    // numba peer computes them in its (once per combination).
    g.bench_function("reference_1000x5000/parallel_from_series", |b| {
        b.iter(|| {
            let sweep = ReferenceSweep::new().expect("the reference workload builds");
            black_box(sweep.run(true).expect("runs"))
        })
    });
    // The same sweep one engine run at a time (no lockstep), for the side-by-side figure.
    g.bench_function("reference_1000x5000/per_run_parallel", |b| {
        b.iter(|| black_box(sweep.run_per_run(true).expect("runs")))
    });
    g.finish();
}

/// The 1,000-combination grid of the real-data sweeps: 40 windows (10, 15, …, 205) × 25
/// entries (0.5, 0.6, …, 2.9), as the reference sweep's.
fn grid_1000(signal: &[Option<f64>]) -> ZScoreGrid {
    let windows: Vec<usize> = (10..=205).step_by(5).collect();
    let entries: Vec<f64> = (5..=29).map(|i| f64::from(i) / 10.0).collect();
    ZScoreGrid::new(signal, &windows, &entries).expect("a valid grid")
}

fn real_sweep(c: &mut Criterion) {
    let (label, session, table, book, signal) = support::steepener_2s10s();
    let grid = grid_1000(&signal);
    let base = ZScoreParams {
        units: 10.0,
        ..ZScoreParams::reference(60, 1.5)
    };
    let first = chrono::NaiveDate::from_ymd_opt(1990, 1, 1);
    let last = chrono::NaiveDate::from_ymd_opt(2025, 12, 31);
    let config = BacktestConfig::default()
        .with_weighting(Weighting::Dv01Neutral)
        .with_dates(first, last)
        .with_record(false);
    let engine = Engine::new(session.market(), &table, &config).expect("a valid config");
    let sweep = Sweep::new(&engine, &book);
    let run = || {
        sweep
            .run(grid.points(), |p| grid.strategy(p, base))
            .expect("the sweep runs")
    };
    let runs = run();
    let days = runs[0].summary.days;
    eprintln!(
        "sweep ({label}): {} combinations, {} .. {}, {days} days, {} fills in all",
        runs.len(),
        runs[0].summary.start,
        runs[0].summary.end,
        runs.iter().map(|r| r.summary.trades).sum::<usize>()
    );
    let per_run = || {
        sweep
            .per_run()
            .run(grid.points(), |p| grid.strategy(p, base))
            .expect("the sweep runs")
    };
    eprintln!(
        "sweep ({label}): lockstep path {}",
        if sweep.lockstep_applies() {
            "taken"
        } else {
            "NOT taken (one engine run per combination)"
        }
    );
    assert_eq!(
        per_run(),
        runs,
        "the lockstep path gives the per-run results"
    );
    let mut g = c.benchmark_group("sweep");
    g.throughput(Throughput::Elements((runs.len() * days) as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("2s10s_zscore_1000", label), |b| {
        b.iter(|| black_box(run()))
    });
    // The same sweep one engine run at a time (no lockstep), in the same criterion run.
    g.bench_function(
        BenchmarkId::new("2s10s_zscore_1000", format!("{label}/per_run_parallel")),
        |b| b.iter(|| black_box(per_run())),
    );
    g.bench_function(
        BenchmarkId::new("2s10s_zscore_1000", format!("{label}/serial")),
        |b| {
            b.iter(|| {
                black_box(
                    sweep
                        .serial()
                        .run(grid.points(), |p| grid.strategy(p, base))
                        .expect("the sweep runs"),
                )
            })
        },
    );
    g.bench_function(
        BenchmarkId::new("2s10s_zscore_1000", format!("{label}/per_run_serial")),
        |b| {
            b.iter(|| {
                black_box(
                    sweep
                        .serial()
                        .per_run()
                        .run(grid.points(), |p| grid.strategy(p, base))
                        .expect("the sweep runs"),
                )
            })
        },
    );
    g.finish();
}

/// A rolled VX sweep: 1,000 z-score combinations (the 2s10s grid) on the front VX contract,
/// rolled monthly, sized in contracts; the book has no DV01. Lockstep serial against one
/// engine run per combination, serial, in the same criterion run.
fn vx_sweep(c: &mut Criterion) {
    let (label, session, table, book, signal) = support::rolled_book("VX");
    let grid = grid_1000(&signal);
    let base = ZScoreParams {
        units: 3.0,
        ..ZScoreParams::reference(60, 1.5)
    };
    let config = BacktestConfig::default().with_record(false);
    let engine = Engine::new(session.market(), &table, &config).expect("a valid config");
    let sweep = Sweep::new(&engine, &book).serial();
    let run = |s: Sweep<'_>| {
        s.run(grid.points(), |p| grid.strategy(p, base))
            .expect("the sweep runs")
    };
    let runs = run(sweep);
    assert!(
        sweep.lockstep_applies(),
        "the rolled VX book takes the lockstep path"
    );
    assert_eq!(
        run(sweep.per_run()),
        runs,
        "the lockstep path gives the per-run results"
    );
    let days = runs[0].summary.days;
    let mut g = c.benchmark_group("sweep");
    g.throughput(Throughput::Elements((runs.len() * days) as u64));
    g.sample_size(10);
    g.bench_function(
        BenchmarkId::new("vx_zscore_1000", format!("{label}/serial")),
        |b| b.iter(|| black_box(run(sweep))),
    );
    g.bench_function(
        BenchmarkId::new("vx_zscore_1000", format!("{label}/per_run_serial")),
        |b| b.iter(|| black_box(run(sweep.per_run()))),
    );
    g.finish();
}

criterion_group!(benches, reference_sweep, real_sweep, vx_sweep);
criterion_main!(benches);
