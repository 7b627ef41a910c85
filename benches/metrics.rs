//! Criterion benches for the `metrics` area: the per-day cost of the online accumulators
//! (the backtest hot loop), the batch summary, and the deflated Sharpe ratio.
//!
//! Input: the daily P&L of the reference sweep's z-score strategy (L = 20, k = 2.0) on its
//! 5,000-day series (`bench/SWEEP.md`), built outside the timed closures. Throughput is set
//! to the number of days, so criterion reports days per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::backtest::reference;
use spreadtrade::metrics::{
    DAILY_252, Exposure, ExposureSeries, PerformanceAccumulator, PerformanceSummary, PnlSeries,
    SharpeEstimate, SummaryConfig, SweepAccumulator,
};
use std::hint::black_box;

/// The sweep's daily P&L and contracts traded for L = 20, k = 2.0.
fn sweep_pnl() -> (Vec<f64>, Vec<f64>) {
    let s = reference::series();
    let (window, entry, exit, cost) = (20usize, 2.0, 0.25, 0.10);
    let (mut s1, mut s2, mut pos, mut prev) = (0.0, 0.0, 0.0_f64, 0.0_f64);
    let (mut pnl, mut traded) = (Vec::new(), Vec::new());
    for t in 0..s.len() {
        s1 += s[t];
        s2 += s[t] * s[t];
        if t >= window {
            s1 -= s[t - window];
            s2 -= s[t - window] * s[t - window];
        }
        if t + 1 >= window {
            let m = s1 / window as f64;
            let v = s2 / window as f64 - m * m;
            if v > 0.0 {
                let z = (s[t] - m) / v.sqrt();
                if pos == 0.0 {
                    pos = if z > entry {
                        -1.0
                    } else if z < -entry {
                        1.0
                    } else {
                        0.0
                    };
                } else if (pos < 0.0 && z < exit) || (pos > 0.0 && z > -exit) {
                    pos = 0.0;
                }
            }
        }
        let ds = if t > 0 { s[t] - s[t - 1] } else { 0.0 };
        pnl.push(prev * ds - cost * (pos - prev).abs());
        traded.push((pos - prev).abs());
        prev = pos;
    }
    (pnl, traded)
}

fn online(c: &mut Criterion) {
    let (pnl, traded) = sweep_pnl();
    let dv01 = vec![1_000.0; pnl.len()];
    let mut g = c.benchmark_group("metrics/online_5000_days");
    g.throughput(Throughput::Elements(pnl.len() as u64));

    // Baseline: the cumulative sum alone, to show what the accumulators add per day.
    g.bench_function("baseline_cumsum", |b| {
        b.iter(|| {
            let mut cum = 0.0;
            for &x in black_box(&pnl[..]) {
                cum += x;
            }
            black_box(cum)
        })
    });
    g.bench_function("sweep_core_push_finish", |b| {
        b.iter(|| {
            let mut acc = SweepAccumulator::new();
            for &x in black_box(&pnl[..]) {
                acc.push(x);
            }
            black_box(acc.finish(DAILY_252))
        })
    });
    g.bench_function("full_push_finish", |b| {
        b.iter(|| {
            let mut acc = PerformanceAccumulator::new();
            for &x in black_box(&pnl[..]) {
                acc.push(x);
            }
            black_box(acc.finish(DAILY_252))
        })
    });
    g.bench_function("full_push_with_exposure_finish", |b| {
        b.iter(|| {
            let mut acc = PerformanceAccumulator::new();
            for ((&x, &d), &c) in black_box(&pnl[..]).iter().zip(&dv01).zip(&traded) {
                acc.push_with_exposure(
                    x,
                    Exposure {
                        abs_dv01: d,
                        contracts_traded: c,
                    },
                );
            }
            black_box(acc.finish(DAILY_252))
        })
    });
    g.bench_function("batch_summary_from_series", |b| {
        b.iter(|| {
            let series = PnlSeries::new(black_box(&pnl[..])).ok()?;
            let exposure = ExposureSeries::new(&dv01, &traded).ok()?;
            black_box(
                PerformanceSummary::from_series(series, Some(exposure), &SummaryConfig::default())
                    .ok(),
            )
        })
    });
    g.finish();
}

fn inference(c: &mut Criterion) {
    let best = SharpeEstimate::new(2.5 / 250f64.sqrt(), 1_250, -3.0, 10.0).ok();
    c.bench_function("metrics/deflated_sharpe", |b| {
        b.iter(|| black_box(best).map(|e| e.deflated_sharpe(black_box(100), black_box(0.002))))
    });
}

criterion_group!(benches, online, inference);
criterion_main!(benches);
