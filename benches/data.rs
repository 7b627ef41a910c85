//! Criterion benches for the `data` area (filled in by the issue that builds it).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn root_lookup(c: &mut Criterion) {
    c.bench_function("data/root_lookup", |b| {
        b.iter(|| spreadtrade::contract::Root::from_symbol(black_box("ZN")))
    });
}

criterion_group!(benches, root_lookup);
criterion_main!(benches);
