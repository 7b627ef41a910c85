//! Criterion benches for the `basket` area: CTD selection, the per-day curve-implied kernel and
//! whole price-table builds from the curve-implied source.
//!
//! Targets (brief): CTD selection over a 30-bond basket ≤ 20 µs; a few µs per contract-day;
//! TU/FV/TY/US over 1990–2025 (~100k contract-days) ≤ 1 s on 2 cores. Inputs are built
//! outside the timed closures. The real-data benches run only when `../shared/data` (or
//! `$SPREADTRADE_DATA`) holds the Treasury and FRED files.
//!
//! Run: `cargo bench --bench basket -- --warm-up-time 1 --measurement-time 3`

use chrono::{Months, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use spreadtrade::basket::{
    BondMarket, ContractPricer, Deliverable, DeliverableSource, DeliverableUniverse,
};
use spreadtrade::bond::Bond;
use spreadtrade::contract::{ContractCode, Root};
use spreadtrade::curve::{CouponFrequency, ParCurve, Tenor};
use spreadtrade::data::{CurveFormat, CurveTable, Dataset};
use spreadtrade::market::{Market, Origin};
use spreadtrade::pricing::{CurveImpliedConfig, CurveImpliedSource, QuoteSource};
use spreadtrade::units::Currency;
use std::hint::black_box;
use std::path::PathBuf;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).expect("valid bench date")
}

/// The Treasury par curve of 2024-04-16 (percent, from the Treasury file).
fn curve_2024_04_16() -> ParCurve {
    let nodes = [
        (Tenor::Months(1), 5.49),
        (Tenor::Months(3), 5.45),
        (Tenor::Months(6), 5.41),
        (Tenor::Years(1), 5.20),
        (Tenor::Years(2), 4.97),
        (Tenor::Years(3), 4.82),
        (Tenor::Years(5), 4.69),
        (Tenor::Years(7), 4.69),
        (Tenor::Years(10), 4.67),
        (Tenor::Years(20), 4.89),
        (Tenor::Years(30), 4.78),
    ]
    .map(|(t, p)| (t, p / 100.0));
    ParCurve::new(d(2024, 4, 16), &nodes, CouponFrequency::SemiAnnual).expect("valid curve")
}

/// Thirty TYM24-deliverable notes maturing 2030-12-15 to 2034-03-15 (7-year notes first, then
/// 10-year notes, all issued before delivery), coupons 1%-5%.
fn thirty_note_universe() -> DeliverableUniverse {
    let notes = (0..30u32)
        .map(|k| {
            let maturity = d(2030, 12, 15)
                .checked_add_months(Months::new(k * 40 / 30))
                .expect("valid date");
            let issue = maturity
                .checked_sub_months(Months::new(if k < 6 { 84 } else { 120 }))
                .expect("valid date");
            let coupon = 0.01 + 0.04 * f64::from((k * 7) % 30) / 29.0;
            let bond = Bond::us_treasury(coupon, Some(issue), maturity).expect("valid bond");
            Deliverable::new(
                format!("N{k}"),
                bond,
                issue,
                None,
                DeliverableSource::SecuritiesList,
            )
            .expect("valid deliverable")
        })
        .collect();
    DeliverableUniverse::new(
        BondMarket::UsTreasury,
        DeliverableSource::SecuritiesList,
        "bench",
        notes,
    )
    .expect("unique ids")
}

fn ctd_selection(c: &mut Criterion) {
    let universe = thirty_note_universe();
    let code: ContractCode = "TYM24".parse().expect("valid code");
    let pricer = ContractPricer::new(code, &universe).expect("pricer");
    assert_eq!(pricer.len(), 30, "bench basket");
    let curve = curve_2024_04_16();
    let date = d(2024, 4, 16);
    c.bench_function(
        "basket/ctd_selection/30 bonds (quote: prices, CTD, forward DV01)",
        |b| b.iter(|| pricer.quote(black_box(date), black_box(&curve), black_box(0.0537))),
    );
    c.bench_function(
        "basket/analyse/30 bonds (full basis table, allocates)",
        |b| b.iter(|| pricer.analyse_curve(black_box(date), black_box(&curve), Some(0.0537), None)),
    );
    c.bench_function("basket/pricer_new/30 bonds (basket, CFs, accruals)", |b| {
        b.iter(|| ContractPricer::new(black_box(code), &universe))
    });
}

fn synthetic_kernel(c: &mut Criterion) {
    let data = Dataset::embedded_synthetic();
    let ust = data.us_treasury.expect("embedded UST curve");
    let market = Market::builder(Origin::in_memory("synthetic"))
        .with_curve(
            Currency::Usd,
            2,
            &ust.dates,
            &ust.tenors,
            ust.yields.clone(),
        )
        .build()
        .expect("market");
    let source = CurveImpliedSource::new(&market).expect("source");
    for name in ["TYZ22", "USZ23"] {
        let code: ContractCode = name.parse().expect("valid code");
        let pricer = source
            .pricer(&code, &code.dates().expect("dates"))
            .expect("pricer");
        let date = d(2022, 9, 1);
        let day = market.day_index(date).expect("market day");
        let curve = source.curve(BondMarket::UsTreasury, day).expect("curve");
        let repo = source.repo_rate(BondMarket::UsTreasury, day).expect("repo");
        c.bench_function(
            &format!(
                "basket/kernel/{name} one contract-day ({} bonds, synthetic data)",
                pricer.len()
            ),
            |b| b.iter(|| pricer.quote(black_box(date), black_box(curve), black_box(repo))),
        );
    }
}

mod support;

fn data_dir() -> Option<PathBuf> {
    support::real_data_dir()
        .filter(|dir| dir.join("us_treasury_cmt_fred_h15_1962_2021.csv").is_file())
}

/// Every contract of `roots` expiring 1991-2025 within the data, with its market-day range.
fn contracts(
    market: &Market,
    roots: &[Root],
) -> Vec<(
    ContractCode,
    spreadtrade::contract::ContractDates,
    usize,
    usize,
)> {
    let mut out = Vec::new();
    for &root in roots {
        for year in 1991..=2025 {
            for month in [3, 6, 9, 12] {
                let code = ContractCode::new(root, year, month).expect("valid code");
                let dates = code.dates().expect("dates");
                let (Some(first), Some(last)) = (
                    market.day_on_or_after(dates.first_trading_day),
                    market.day_on_or_before(dates.last_trading_day),
                ) else {
                    continue;
                };
                if dates.last_trading_day <= *market.dates().last().expect("non-empty") {
                    out.push((code, dates, first, last));
                }
            }
        }
    }
    out
}

fn history_builds(c: &mut Criterion) {
    let Some(dir) = data_dir() else { return };
    let ust = CurveTable::load(
        dir.join("us_treasury_par_yield_curve_daily.csv"),
        CurveFormat::TreasuryNormalised,
    )
    .expect("Treasury file");
    let fred = CurveTable::load(
        dir.join("us_treasury_cmt_fred_h15_1962_2021.csv"),
        CurveFormat::Fred,
    )
    .expect("FRED file");
    let market = Market::builder(Origin::in_memory("real"))
        .with_curve(
            Currency::Usd,
            2,
            &ust.dates,
            &ust.tenors,
            ust.yields.clone(),
        )
        .build()
        .expect("market");
    let config = CurveImpliedConfig::default().with_usd_early_history(fred);
    let mut group = c.benchmark_group("basket/history");
    group.sample_size(10);
    group.bench_function(
        "source build (daily curves + synthetic issuance 1975-2025)",
        |b| b.iter(|| CurveImpliedSource::with_config(black_box(&market), config.clone())),
    );
    let source = CurveImpliedSource::with_config(&market, config).expect("source");
    let ty = contracts(&market, &[Root::TY]);
    let all = contracts(&market, &[Root::TU, Root::FV, Root::TY, Root::US]);
    let days = |list: &[(
        ContractCode,
        spreadtrade::contract::ContractDates,
        usize,
        usize,
    )]| {
        list.iter()
            .map(|(code, dates, first, last)| {
                source
                    .quotes(code, dates, &market, *first, *last)
                    .expect("quotes")
                    .quotes
                    .len()
            })
            .sum::<usize>()
    };
    eprintln!(
        "basket/history: TY {} contracts, {} contract-days; TU+FV+TY+US {} contracts, {} contract-days",
        ty.len(),
        days(&ty),
        all.len(),
        days(&all)
    );
    group.bench_function("TY 1991-2025 quotes, one thread", |b| {
        b.iter(|| days(black_box(&ty)))
    });
    group.bench_function("TU+FV+TY+US 1991-2025 quotes, rayon", |b| {
        b.iter(|| {
            all.par_iter()
                .map(|(code, dates, first, last)| {
                    source
                        .quotes(code, dates, &market, *first, *last)
                        .expect("quotes")
                        .quotes
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, ctd_selection, synthetic_kernel, history_builds);
criterion_main!(benches);
