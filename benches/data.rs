//! Criterion benches for the `data` area: parsing the U.S. Treasury par-curve history.
//!
//! Uses the real 1990–2025 file (`../shared/data/us_treasury_par_yield_curve_daily.csv`, or
//! `$SPREADTRADE_DATA`) when present, else the committed synthetic fixture, and says which.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::data::{CurveFormat, CurveTable, Dataset};
use std::hint::black_box;
use std::path::PathBuf;

fn treasury_file() -> PathBuf {
    let dir = std::env::var_os("SPREADTRADE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let real = dir.join("us_treasury_par_yield_curve_daily.csv");
    if real.is_file() {
        real
    } else {
        eprintln!("*** real Treasury file absent: benching the synthetic fixture instead ***");
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/synthetic/us_treasury_par_yield_curve_synthetic.csv")
    }
}

fn treasury_curve(c: &mut Criterion) {
    let path = treasury_file();
    let bytes = std::fs::read(&path).expect("the bench input is readable");
    let rows = bytes.iter().filter(|&&b| b == b'\n').count();
    eprintln!(
        "data bench input: {} ({} bytes, {rows} lines)",
        path.display(),
        bytes.len()
    );

    let mut group = c.benchmark_group("data/treasury_par_curve");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_from_memory", |b| {
        b.iter(|| {
            CurveTable::read(
                black_box(bytes.as_slice()),
                "bench.csv",
                CurveFormat::TreasuryNormalised,
            )
        })
    });
    group.bench_function("load_from_path", |b| {
        b.iter(|| CurveTable::load(black_box(&path), CurveFormat::TreasuryNormalised))
    });
    group.finish();

    c.bench_function("data/embedded_synthetic_dataset", |b| {
        b.iter(Dataset::try_embedded_synthetic)
    });
}

criterion_group!(benches, treasury_curve);
criterion_main!(benches);
