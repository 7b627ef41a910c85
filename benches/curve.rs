//! Criterion benches for the `curve` area: par-yield lookup, one Treasury-day bootstrap,
//! discount-factor lookup and pricing a 10-year semi-annual cash-flow list.
//!
//! Input: the U.S. Treasury par curve of 2025-07-11 (all 14 published tenors, percent), typed
//! in here from Treasury's "Daily Treasury Par Yield Curve Rates".

use chrono::{Months, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::curve::{BootstrapConfig, CouponFrequency, Interpolation, ParCurve, Tenor};
use std::hint::black_box;

const TENORS: [&str; 14] = [
    "1M", "6W", "2M", "3M", "4M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y", "20Y", "30Y",
];
const PCT_2025_07_11: [f64; 14] = [
    4.37, 4.39, 4.47, 4.41, 4.42, 4.31, 4.09, 3.90, 3.86, 3.99, 4.19, 4.43, 4.96, 4.96,
];

fn par_curve() -> ParCurve {
    let date = NaiveDate::from_ymd_opt(2025, 7, 11).expect("valid date");
    let nodes: Vec<(Tenor, f64)> = TENORS
        .iter()
        .zip(PCT_2025_07_11)
        .map(|(t, p)| (t.parse().expect("tenor label"), p / 100.0))
        .collect();
    ParCurve::new(date, &nodes, CouponFrequency::SemiAnnual).expect("valid curve")
}

/// 64 maturities spread over 0–30 years (not on knots), so lookups hit every interval.
fn query_years() -> Vec<f64> {
    (0..64).map(|i| 0.05 + 29.9 * f64::from(i) / 63.0).collect()
}

fn par_yield_lookup(c: &mut Criterion) {
    let par = par_curve();
    let qs = query_years();
    let mut g = c.benchmark_group("curve/par_yield");
    g.throughput(Throughput::Elements(qs.len() as u64));
    for kind in Interpolation::ALL {
        g.bench_function(format!("{kind}/64 lookups"), |b| {
            b.iter(|| {
                let mut acc = 0.0;
                for &t in black_box(&qs) {
                    acc += par.par_yield(t, kind).unwrap_or(0.0);
                }
                acc
            })
        });
    }
    g.finish();
}

fn bootstrap_one_day(c: &mut Criterion) {
    let par = par_curve();
    let mut g = c.benchmark_group("curve/bootstrap");
    for (name, config) in [
        ("ust_14_nodes_monotone_cubic", BootstrapConfig::default()),
        (
            "ust_14_nodes_linear",
            BootstrapConfig::default().with_interpolation(Interpolation::Linear),
        ),
        (
            "ust_14_nodes_to_30.5y",
            BootstrapConfig::default().with_horizon_years(30.5),
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(&par).bootstrap(black_box(&config)))
        });
    }
    // Building the par curve from a row as well (validation + Steffen coefficients).
    let date = par.date();
    let tenors: Vec<Tenor> = par.tenors().to_vec();
    let yields: Vec<Option<f64>> = par.yields().iter().map(|&y| Some(y)).collect();
    g.bench_function("ust_row_to_zero_curve", |b| {
        b.iter(|| {
            let sa = CouponFrequency::SemiAnnual;
            ParCurve::from_row(date, black_box(&tenors), black_box(&yields), sa)
                .and_then(|p| p.bootstrap(&BootstrapConfig::default()))
        })
    });
    g.finish();
}

fn discount_factor_lookup(c: &mut Criterion) {
    let zero = par_curve()
        .bootstrap(&BootstrapConfig::default())
        .expect("bootstrap");
    let qs = query_years();
    let mut g = c.benchmark_group("curve/discount_factor");
    g.throughput(Throughput::Elements(qs.len() as u64));
    g.bench_function("64 lookups", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &t in black_box(&qs) {
                acc += zero.discount_factor(t).unwrap_or(0.0);
            }
            acc
        })
    });
    g.finish();
}

fn price_ten_year_cashflows(c: &mut Criterion) {
    let zero = par_curve()
        .bootstrap(&BootstrapConfig::default())
        .expect("bootstrap");
    let settle = zero.date();
    // A 10-year 4.43% semi-annual note issued on the curve date: 20 dated flows per 100 face.
    let flows: Vec<(NaiveDate, f64)> = (1..=20u32)
        .map(|k| {
            let date = settle + Months::new(6 * k);
            (date, if k == 20 { 102.215 } else { 2.215 })
        })
        .collect();
    let delivery = settle + Months::new(3);
    let mut g = c.benchmark_group("curve/price");
    g.throughput(Throughput::Elements(flows.len() as u64));
    g.bench_function("10y_semiannual_20_flows", |b| {
        b.iter(|| zero.price_cashflows(black_box(settle), black_box(&flows)))
    });
    g.bench_function("10y_semiannual_20_flows_forward", |b| {
        b.iter(|| zero.forward_value(black_box(settle), black_box(delivery), black_box(&flows)))
    });
    g.finish();
}

criterion_group!(
    benches,
    par_yield_lookup,
    bootstrap_one_day,
    discount_factor_lookup,
    price_ten_year_cashflows
);
criterion_main!(benches);
