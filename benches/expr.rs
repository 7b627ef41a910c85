//! Criterion benches for the `expr` area: parsing spread expressions and contract codes,
//! canonical display, and the DV01 helpers.
//!
//! Target: parsing `2×TUM24−1×TYM24` under 200 ns (the legs `Vec` is the only allocation).
//! Run briefly with `cargo bench --bench expr -- --warm-up-time 1 --measurement-time 3`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::contract::ContractCode;
use spreadtrade::instrument::{SpreadExpr, dv01_neutral, net_dv01};
use std::hint::black_box;

/// The research note's expressions (shared DESIGN.md) and the brief's spelling variants.
const EXPRESSIONS: [&str; 6] = [
    "2×TUM24−1×TYM24",
    "+VXM24",
    "-ECM24",
    "+1×T−2×TS",
    "2*TUM24 - TYM24",
    "1.65×TUM24−TYM24",
];

fn parse_expressions(c: &mut Criterion) {
    let mut group = c.benchmark_group("expr/parse");
    group.throughput(Throughput::Elements(1));
    for text in EXPRESSIONS {
        group.bench_function(text, |b| b.iter(|| black_box(text).parse::<SpreadExpr>()));
    }
    group.finish();
}

fn parse_errors(c: &mut Criterion) {
    // The error path allocates the found text; measured so that a regression shows.
    c.bench_function("expr/parse_error/2×TUM24−", |b| {
        b.iter(|| black_box("2×TUM24−").parse::<SpreadExpr>())
    });
}

fn parse_codes(c: &mut Criterion) {
    let mut group = c.benchmark_group("expr/contract_code");
    for text in ["TUM24", "ZNM4", "TS2406.CFE"] {
        group.bench_function(text, |b| b.iter(|| black_box(text).parse::<ContractCode>()));
    }
    group.finish();
}

fn display(c: &mut Criterion) {
    let spread: SpreadExpr = "2×TUM24−1×TYM24".parse().expect("a valid expression");
    c.bench_function("expr/display/2×TUM24−1×TYM24", |b| {
        b.iter(|| black_box(&spread).to_string())
    });
}

fn dv01(c: &mut Criterion) {
    let spread: SpreadExpr = "2×TUM24−1×TYM24".parse().expect("a valid expression");
    // vectors/futures_dv01.json: TUM24 and TYM24 futures DV01 per contract.
    let dv01s = [37.61717415757504, 64.46314954731264];
    c.bench_function("expr/net_dv01", |b| {
        b.iter(|| net_dv01(black_box(&spread), black_box(&dv01s)))
    });
    c.bench_function("expr/dv01_neutral", |b| {
        b.iter(|| dv01_neutral(black_box(&spread), black_box(&dv01s), None))
    });
}

criterion_group!(
    benches,
    parse_expressions,
    parse_errors,
    parse_codes,
    display,
    dv01
);
criterion_main!(benches);
