//! The reference parameter sweep (`bench/SWEEP.md`): 1,000 z-score backtests of 5,000 days
//! through the public sweep API. Throughput is reported in backtest-days, so criterion's
//! time per element is the "ns per backtest-day" of the peer table (numba parallel: 6.0 ns;
//! vectorbt: 365 ns on a 2-core machine).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::backtest::reference::{DAYS, ReferenceSweep};
use std::hint::black_box;

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
    g.finish();
}

criterion_group!(benches, reference_sweep);
criterion_main!(benches);
