//! Criterion benches for the `bond` area: the pricing kernels the backtest calls per day.
//!
//! Targets (brief): price from yield for a 10-year semi-annual note ≤ 90 ns, yield from price
//! ≤ 500 ns, one CBOT conversion factor ≤ 50 ns. Inputs are built outside the timed closures.
//!
//! Run: `cargo bench --bench bond -- --warm-up-time 1 --measurement-time 3`

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use spreadtrade::bond::{
    Bond, Frequency, cbot_conversion_factor, cffex_conversion_factor, conversion_factor,
};
use spreadtrade::contract::{ContractCode, ConversionFactorConvention};
use spreadtrade::query::{self, BondQuery};
use std::hint::black_box;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).expect("valid bench date")
}

/// UST 4.000% 2034-02-15 (a 10-year note), settled 2024-04-16 at 4.63%.
fn ten_year() -> Bond {
    Bond::us_treasury(0.04, Some(d(2024, 2, 15)), d(2034, 2, 15)).expect("valid bench bond")
}

fn price_and_yield(c: &mut Criterion) {
    let bond = ten_year();
    let settle = d(2024, 4, 16);
    let at = bond.settle(settle).expect("settles");
    let clean = at.clean_price(0.0463).expect("prices");
    c.bench_function("bond/price_from_yield/10y (date lookup + price)", |b| {
        b.iter(|| bond.dirty_price(black_box(settle), black_box(0.0463)))
    });
    c.bench_function("bond/price_from_yield/10y (settled)", |b| {
        b.iter(|| black_box(&at).dirty_price(black_box(0.0463)))
    });
    c.bench_function("bond/yield_from_price/10y (date lookup + solve)", |b| {
        b.iter(|| bond.yield_from_clean_price(black_box(settle), black_box(clean)))
    });
    c.bench_function("bond/yield_from_price/10y (settled)", |b| {
        b.iter(|| black_box(&at).yield_from_clean_price(black_box(clean)))
    });
    c.bench_function("bond/dv01/10y (settled)", |b| {
        b.iter(|| black_box(&at).dv01(black_box(0.0463)))
    });
    c.bench_function("bond/analytics/10y", |b| {
        b.iter(|| bond.analytics(black_box(settle), black_box(0.0463)))
    });
    c.bench_function("bond/new/10y (validate + schedule)", |b| {
        b.iter(|| Bond::us_treasury(black_box(0.04), Some(d(2024, 2, 15)), d(2034, 2, 15)))
    });
    // The whole `spreadtrade bond --json` answer (and Python's `spreadtrade.bond`) without
    // the process or the interpreter: text dates, a bond without an issue date, analytics, JSON.
    c.bench_function("bond/query/bond_json/10y (spreadtrade bond --json)", |b| {
        b.iter(|| {
            let q = BondQuery::new(black_box(4.0), "2034-02-15", "2024-04-16").with_yield(4.63);
            query::bond_json(&q)
        })
    });
}

fn conversion_factors(c: &mut Criterion) {
    let maturity = d(2031, 3, 31);
    let start = d(2024, 6, 1);
    c.bench_function("bond/cbot_cf", |b| {
        b.iter(|| {
            cbot_conversion_factor(
                black_box(0.04125),
                black_box(maturity),
                black_box(start),
                ConversionFactorConvention::CbotQuarters,
            )
        })
    });
    let cgb = Bond::cgb(
        0.0235,
        Frequency::SemiAnnual,
        Some(d(2024, 2, 25)),
        d(2034, 2, 25),
    )
    .expect("valid bench bond");
    c.bench_function("bond/cffex_cf", |b| {
        b.iter(|| cffex_conversion_factor(black_box(&cgb), black_box(d(2024, 6, 18))))
    });
    let note = Bond::us_treasury(0.04125, None, maturity).expect("valid bench bond");
    let code: ContractCode = "TYM24".parse().expect("valid code");
    c.bench_function("bond/conversion_factor dispatch (TYM24)", |b| {
        b.iter(|| conversion_factor(black_box(&code), black_box(&note), None))
    });
}

criterion_group!(benches, price_and_yield, conversion_factors);
criterion_main!(benches);
