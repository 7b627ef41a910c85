//! One backtest through the engine: a DV01-neutral 2s10s steepener `2×TU−1×TY` on the front
//! contracts (rolled each quarter), traded by the z-score strategy over the whole history —
//! 35 years of the real Treasury curve when `../shared/data` is present, else the 8 synthetic
//! years. The price table is built outside the timed loop; the bench times the run alone
//! (target for 35 years: ≤ 100 µs), without and with the daily ledger (target: ≤ 3×; printed
//! first as 15 paired rounds, then criterion's figures). Throughput is in market days.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::backtest::{BacktestConfig, Engine, Weighting};
use spreadtrade::strategy::{SlopeZScore, ZScoreParams, ZScores};
use std::hint::black_box;
use std::sync::Arc;

mod support;

fn one_run(c: &mut Criterion) {
    let (label, session, table, book, signal) = support::steepener_2s10s();
    let scores = Arc::new(ZScores::compute(&signal, 60).expect("a valid window"));
    let make = || {
        SlopeZScore::with_scores(
            Arc::clone(&scores),
            ZScoreParams {
                units: 10.0,
                ..ZScoreParams::reference(60, 1.5)
            },
        )
        .expect("valid parameters")
    };
    paired(label, &session, &table, &book, &make);
    let mut g = c.benchmark_group("backtest");
    for record in [false, true] {
        let config = BacktestConfig::default()
            .with_weighting(Weighting::Dv01Neutral)
            .with_record(record);
        let engine = Engine::new(session.market(), &table, &config).expect("a valid config");
        let result = engine.run(&book, make()).expect("the run completes");
        let s = &result.summary;
        eprintln!(
            "backtest ({label}, record {record}): {} .. {}, {} days, {} fills ({} roll days)",
            s.start,
            s.end,
            s.days,
            s.trades,
            book.legs()[0].roll_days().len()
        );
        g.throughput(Throughput::Elements(s.days as u64));
        let name = if record {
            "2s10s_zscore_with_ledger"
        } else {
            "2s10s_zscore"
        };
        g.bench_function(BenchmarkId::new(name, label), |b| {
            b.iter(|| {
                engine
                    .run(black_box(&book), make())
                    .expect("the run completes")
            })
        });
    }
    g.finish();
}

/// The run with its daily ledger against the run without, in alternating rounds (A B A B …),
/// each round timing both over the same number of runs: the ratio of each round is paired,
/// so that the load of a shared machine, which drifts over seconds, moves both sides alike
/// (target: ≤ 3). Printed before the criterion figures: min, median and max of the per-round
/// ratio and each side's median time per run.
fn paired<S: spreadtrade::strategy::Strategy>(
    label: &str,
    session: &spreadtrade::session::Session,
    table: &spreadtrade::market::PriceTable,
    book: &spreadtrade::market::Book,
    make: &dyn Fn() -> S,
) {
    let config = |record| {
        BacktestConfig::default()
            .with_weighting(Weighting::Dv01Neutral)
            .with_record(record)
    };
    let (quiet, recorded) = (config(false), config(true));
    let without = Engine::new(session.market(), table, &quiet).expect("a valid config");
    let with = Engine::new(session.market(), table, &recorded).expect("a valid config");
    let (k, rounds) = (200, 15);
    let run = |engine: &Engine| {
        black_box(
            engine
                .run(black_box(book), make())
                .expect("the run completes"),
        );
    };
    let p = support::paired_rounds(rounds, k, &|| run(&with), &|| run(&without));
    let ([lo, mid, hi], a, b) = p.summary();
    eprintln!(
        "backtest ({label}) paired ({rounds} rounds of {k}): with ledger / without min {lo:.2} \
         median {mid:.2} max {hi:.2}; with ledger median {:.1} µs, without median {:.1} µs",
        a * 1e6,
        b * 1e6
    );
}

criterion_group!(benches, one_run);
criterion_main!(benches);
