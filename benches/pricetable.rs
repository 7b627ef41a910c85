//! Criterion benches for the market: `Market::from_dataset`, the sources, and the price-table
//! builds over the full histories: VX, EC, and TU+FV+TY+US through their deliverable baskets.
//!
//! Uses the real data at `../shared/data` (or `$SPREADTRADE_DATA`) when present, else the
//! embedded synthetic data (bench names say which). Inputs are loaded outside the timed
//! closures. Run: `cargo bench --bench pricetable -- --warm-up-time 1 --measurement-time 3`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::contract::Root;
use spreadtrade::data::Dataset;
use spreadtrade::market::{Market, PriceTable};
use spreadtrade::pricing::{
    CurveImpliedSource, EurRateFallback, EuroFxParitySource, QuoteSource, TableSpec, VixModel,
    VixTermStructureSource,
};
use std::hint::black_box;

mod support;

/// The real data if present, with a label for the bench names.
fn dataset() -> (Dataset, &'static str) {
    match support::real_data_dir().map(|dir| Dataset::load_dir(&dir)) {
        Some(Ok(data)) => (data, "real"),
        _ => (Dataset::embedded_synthetic(), "synthetic"),
    }
}

fn benches(c: &mut Criterion) {
    let (data, label) = dataset();
    let market = Market::from_dataset(&data).expect("the dataset makes a market");

    let mut g = c.benchmark_group("market");
    g.sample_size(20);
    g.throughput(Throughput::Elements(market.len() as u64));
    g.bench_function(BenchmarkId::new("from_dataset", label), |b| {
        b.iter(|| Market::from_dataset(black_box(&data)))
    });
    g.bench_function(BenchmarkId::new("vx_source_new", label), |b| {
        b.iter(|| VixTermStructureSource::new(black_box(&market), VixModel::default()))
    });
    g.bench_function(BenchmarkId::new("ec_source_new", label), |b| {
        b.iter(|| EuroFxParitySource::new(black_box(&market), EurRateFallback::default()))
    });
    g.bench_function(BenchmarkId::new("curve_implied_source_new", label), |b| {
        b.iter(|| CurveImpliedSource::new(black_box(&market)))
    });
    g.finish();

    let vx = VixTermStructureSource::new(&market, VixModel::default()).expect("VIX series");
    let ec = EuroFxParitySource::new(&market, EurRateFallback::default()).expect("EUR/USD");
    let implied = CurveImpliedSource::new(&market).expect("the curves issue deliverables");
    let cases: [(&str, &[Root], &dyn QuoteSource); 3] = [
        ("vx", &[Root::VX], &vx),
        ("ec", &[Root::EC], &ec),
        // The target: TU, FV, TY and US over the whole history with full baskets, ≤ 1 s.
        (
            "tu_fv_ty_us",
            &[Root::TU, Root::FV, Root::TY, Root::US],
            &implied,
        ),
    ];
    let mut g = c.benchmark_group("pricetable");
    g.sample_size(10);
    for (name, roots, source) in cases {
        let spec = TableSpec::new(roots.iter().copied());
        let built = PriceTable::build(&market, &spec, &[source]).expect("the table builds");
        let quotes: usize = built.report.priced.iter().map(|p| p.quoted_days).sum();
        eprintln!(
            "pricetable/{name} ({label}): {} contracts, {quotes} quotes, {} unquoted",
            built.report.priced.len(),
            built.report.unquoted.len()
        );
        g.throughput(Throughput::Elements(quotes as u64));
        g.bench_function(
            BenchmarkId::new(format!("build_{name}_full_history"), label),
            |b| b.iter(|| PriceTable::build(black_box(&market), &spec, &[source])),
        );
    }
    g.finish();
}

criterion_group!(pricetable, benches);
criterion_main!(pricetable);
