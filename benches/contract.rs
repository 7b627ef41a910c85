//! Criterion benches for the `contract` and `calendar` areas: the lookups the price-table build
//! calls per contract and day (business-day tests and steps, exchange dates, front contracts),
//! and quote parsing/formatting.
//!
//! Run with `cargo bench --bench contract -- --warm-up-time 1 --measurement-time 3`.

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::calendar::Calendar;
use spreadtrade::contract::{ContractCode, RollRule, Root, TickRounding, parse_price};
use std::hint::black_box;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).expect("valid bench date")
}

fn calendar(c: &mut Criterion) {
    let us = Calendar::us();
    let cn = Calendar::china();
    // One year of days, built outside the timed closures.
    let days: Vec<NaiveDate> = d(2024, 1, 1).iter_days().take(366).collect();
    let mut g = c.benchmark_group("calendar");
    g.throughput(Throughput::Elements(days.len() as u64));
    g.bench_function("is_business_day/us/366_days", |b| {
        b.iter(|| {
            days.iter()
                .filter(|&&x| us.is_business_day(black_box(x)).unwrap_or(false))
                .count()
        })
    });
    g.bench_function("add_business_days/china/+-20/366_days", |b| {
        b.iter(|| {
            days.iter()
                .filter_map(|&x| cn.add_business_days(black_box(x), black_box(-20)).ok())
                .count()
        })
    });
    g.finish();
    c.bench_function("calendar/business_days_between/us/30y", |b| {
        b.iter(|| us.business_days_between(black_box(d(1995, 3, 7)), black_box(d(2025, 3, 7))))
    });
    c.bench_function("calendar/build/us_1970_2099", |b| {
        b.iter(|| {
            Calendar::from_holidays(
                "bench",
                1970..=2099,
                black_box(us.holidays(2024).unwrap_or_default()),
            )
        })
    });
}

fn dates_and_rolls(c: &mut Criterion) {
    let tym24: ContractCode = "TYM24".parse().expect("valid code");
    let t2406: ContractCode = "T2406".parse().expect("valid code");
    let vxm24: ContractCode = "VXM24".parse().expect("valid code");
    c.bench_function("contract/dates/TYM24", |b| {
        b.iter(|| black_box(tym24).dates())
    });
    c.bench_function("contract/dates/T2406", |b| {
        b.iter(|| black_box(t2406).dates())
    });
    c.bench_function("contract/dates/VXM24", |b| {
        b.iter(|| black_box(vxm24).dates())
    });
    let rule = RollRule::default();
    c.bench_function("roll/roll_day/TYM24", |b| {
        b.iter(|| rule.roll_day(black_box(&tym24)))
    });
    c.bench_function("roll/front/TY/2024-03-20", |b| {
        b.iter(|| rule.front(Root::TY, black_box(d(2024, 3, 20))))
    });
    c.bench_function("roll/roll_schedule/T/2019-2026", |b| {
        b.iter(|| rule.roll_schedule(Root::T, black_box(d(2019, 1, 2)), black_box(d(2026, 6, 30))))
    });
}

fn prices(c: &mut Criterion) {
    let ty = Root::TY.spec();
    let day = d(2024, 3, 20);
    c.bench_function("price/parse/109-165", |b| {
        b.iter(|| parse_price(black_box("109-165")))
    });
    c.bench_function("price/parse/109.515625", |b| {
        b.iter(|| parse_price(black_box("109.515625")))
    });
    c.bench_function("price/round_to_tick/TY", |b| {
        b.iter(|| ty.round_to_tick(black_box(109.51), day, TickRounding::Nearest))
    });
    c.bench_function("price/format/TY", |b| {
        b.iter(|| ty.format_price(black_box(109.515625), day))
    });
}

criterion_group!(benches, calendar, dates_and_rolls, prices);
criterion_main!(benches);
