//! Criterion benches for the market: `Market::from_dataset` and the VX / EC price-table builds
//! over their full histories.
//!
//! Uses the real data at `../shared/data` (or `$SPREADTRADE_DATA`) when present, else the
//! embedded synthetic data (bench names say which). Inputs are loaded outside the timed
//! closures. Run: `cargo bench --bench pricetable -- --warm-up-time 1 --measurement-time 3`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::contract::Root;
use spreadtrade::data::Dataset;
use spreadtrade::market::{
    EurRateFallback, EuroFxParitySource, Market, PriceTable, QuoteSource, TableSpec, VixModel,
    VixTermStructureSource,
};
use std::hint::black_box;
use std::path::PathBuf;

/// The real data folder if present, with a label for the bench names.
fn dataset() -> (Dataset, &'static str) {
    let dir = std::env::var_os("SPREADTRADE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    match Dataset::load_dir(&dir) {
        Ok(data) => (data, "real"),
        Err(e) => {
            eprintln!(
                "pricetable bench: no real data at {} ({e}); using the embedded SYNTHETIC data",
                dir.display()
            );
            (Dataset::embedded_synthetic(), "synthetic")
        }
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
    g.finish();

    let vx = VixTermStructureSource::new(&market, VixModel::default()).expect("VIX series");
    let ec = EuroFxParitySource::new(&market, EurRateFallback::default()).expect("EUR/USD");
    let cases: [(&str, Root, &dyn QuoteSource); 2] = [("vx", Root::VX, &vx), ("ec", Root::EC, &ec)];
    let mut g = c.benchmark_group("pricetable");
    g.sample_size(10);
    for (name, root, source) in cases {
        let spec = TableSpec::new([root]);
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
