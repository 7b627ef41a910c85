//! Curve-implied Treasury futures (TU, FV, TY, US) against real front-month closes 2001–2015
//! (`../shared/validation/yahoo_Z?F_front_2000_2015.csv`, Yahoo `ZT=F` .. `ZB=F`).
//!
//! Measurement protocol (the validation README's conventions):
//! - a row's contract is the first quarterly contract whose last trading day is after the date;
//!   TU and FV rows still hold the expiring contract on its last trading day;
//! - rows from a contract's first notice day on are thin delivery-month prints: left out; so is
//!   the TY/US roll day (the previous contract's last trading day), on which the series changes
//!   contract;
//! - rows with fewer than [`MIN_VOLUME`] contracts traded are left out: Yahoo's volume is the
//!   electronic market's, and before the pit closed TU traded a few dozen to a few hundred
//!   contracts a day there (median 39 in 2001, 265 in 2002), so those closes are stale prints;
//!   FV, TY and US lose a handful of rows;
//! - daily changes are taken between consecutive rows of the same contract; `beta` is the
//!   regression of real on model changes, `level` the mean of model − real;
//! - a DV01-neutral spread `A/B` is one contract of A against `h = DV01_A / DV01_B` contracts of
//!   B (the model's DV01 of the day before), its daily change in USD per contract of A.
//!
//! The thresholds are the targets of issue 9 for the legs (correlation ≥ 0.96, TU ≥ 0.94; beta
//! in 0.95–1.05; mean level error within ±0.25 points) and, for the spreads, a little below what
//! the default model measures (FV/TY 0.756, TU/TY 0.884 over 2001–2015; FV/TY 0.907 over
//! 2011–2015), so that a regression of the model fails them.

use crate::support::{real_data_dir, validation_dir};
use chrono::{Datelike, NaiveDate};
use spreadtrade::contract::{ContractCode, ContractDates, Root};
use spreadtrade::data::Dataset;
use spreadtrade::market::Market;
use spreadtrade::pricing::{CurveImpliedSource, QuoteSource};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// Rows with fewer contracts traded are stale prints (see the module documentation).
const MIN_VOLUME: f64 = 1000.0;

#[derive(Debug, Clone, Copy)]
struct Row {
    date: NaiveDate,
    code: ContractCode,
    real: f64,
    model: f64,
    dv01: f64,
}

/// `(date, close, volume)` rows of a Yahoo front-month file.
fn read_front(path: &Path) -> Vec<(NaiveDate, f64, f64)> {
    let mut reader = csv::Reader::from_path(path).expect("validation file opens");
    let headers = reader.headers().expect("header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{} has no {name} column", path.display()))
    };
    let (d, c, v) = (col("Date"), col("Close"), col("Volume"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("csv record");
            let date = NaiveDate::parse_from_str(&r[d], "%Y-%m-%d").expect("ISO date");
            let close: f64 = r[c].parse().expect("numeric close");
            let volume: f64 = r[v].parse().unwrap_or(0.0);
            (date, close, volume)
        })
        .collect()
}

/// The contract a Yahoo front-month row holds on `date`, with its dates.
fn front_contract(root: Root, date: NaiveDate) -> (ContractCode, ContractDates) {
    let holds_on_last_day = matches!(root, Root::TU | Root::FV);
    let mut code = ContractCode::new(root, date.year(), ((date.month() - 1) / 3) * 3 + 3)
        .expect("quarterly contract");
    loop {
        let dates = code.dates().expect("contract dates");
        let ltd = dates.last_trading_day;
        if ltd > date || (holds_on_last_day && ltd == date) {
            return (code, dates);
        }
        code = ContractCode::new(
            root,
            code.year() + i32::from(code.month() == 12),
            code.month() % 12 + 3,
        )
        .expect("next quarterly contract");
    }
}

fn previous_contract(code: ContractCode) -> ContractCode {
    let (year, month) = if code.month() == 3 {
        (code.year() - 1, 12)
    } else {
        (code.year(), code.month() - 3)
    };
    ContractCode::new(code.root(), year, month).expect("previous quarterly contract")
}

/// Model and real prices of one root on every usable row of 2001–2015.
fn rows_of(
    root: Root,
    file: &str,
    source: &CurveImpliedSource,
    market: &Market,
    dir: &Path,
) -> Vec<Row> {
    let mut by_code: BTreeMap<ContractCode, (ContractDates, Vec<(NaiveDate, f64)>)> =
        BTreeMap::new();
    for (date, close, volume) in read_front(&dir.join(file)) {
        if !(2001..=2015).contains(&date.year()) || volume < MIN_VOLUME {
            continue;
        }
        let (code, dates) = front_contract(root, date);
        let first_notice = dates.first_notice_day.expect("CBOT first notice day");
        let roll_day = previous_contract(code)
            .last_trading_day()
            .expect("previous contract's last trading day");
        if date >= first_notice || (!matches!(root, Root::TU | Root::FV) && date <= roll_day) {
            continue;
        }
        by_code
            .entry(code)
            .or_insert_with(|| (dates, Vec::new()))
            .1
            .push((date, close));
    }
    let mut rows = Vec::new();
    for (code, (dates, obs)) in by_code {
        let first = market.day_on_or_after(obs[0].0).expect("in the market");
        let last = market
            .day_on_or_before(obs[obs.len() - 1].0)
            .expect("in the market");
        let q = source
            .quotes(&code, &dates, market, first, last)
            .expect("the curve-implied source prices the contract");
        let model: BTreeMap<NaiveDate, (f64, f64)> = q
            .quotes
            .iter()
            .map(|x| (market.dates()[x.day], (x.price, x.dv01.expect("DV01"))))
            .collect();
        for (date, real) in obs {
            if let Some(&(price, dv01)) = model.get(&date) {
                rows.push(Row {
                    date,
                    code,
                    real,
                    model: price,
                    dv01,
                });
            }
        }
    }
    rows.sort_by_key(|r| r.date);
    rows
}

/// `(days, corr, beta real on model)` of paired changes.
fn fit(pairs: &[(f64, f64)]) -> (usize, f64, f64) {
    let n = pairs.len() as f64;
    let (mr, mm) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut rr, mut mmv, mut rm) = (0.0, 0.0, 0.0);
    for &(r, m) in pairs {
        rr += (r - mr) * (r - mr);
        mmv += (m - mm) * (m - mm);
        rm += (r - mr) * (m - mm);
    }
    (pairs.len(), rm / (rr * mmv).sqrt(), rm / mmv)
}

fn years(rows: &[Row], from: i32, to: i32) -> Vec<Row> {
    rows.iter()
        .copied()
        .filter(|r| (from..=to).contains(&r.date.year()))
        .collect()
}

fn leg_changes(rows: &[Row]) -> Vec<(f64, f64)> {
    rows.windows(2)
        .filter(|w| w[0].code == w[1].code)
        .map(|w| (w[1].real - w[0].real, w[1].model - w[0].model))
        .collect()
}

/// Daily changes (real, model) of the DV01-neutral spread `a/b`, USD per contract of `a`.
fn spread_changes(a: &[Row], b: &[Row]) -> Vec<(f64, f64)> {
    let point = |code: ContractCode| code.spec().face_or_multiplier / 100.0;
    let by_date: BTreeMap<NaiveDate, Row> = b.iter().map(|r| (r.date, *r)).collect();
    let both: Vec<(Row, Row)> = a
        .iter()
        .filter_map(|r| by_date.get(&r.date).map(|s| (*r, *s)))
        .collect();
    both.windows(2)
        .filter(|w| w[0].0.code == w[1].0.code && w[0].1.code == w[1].1.code)
        .map(|w| {
            let (pa, pb) = (point(w[0].0.code), point(w[0].1.code));
            let h = w[0].0.dv01 / w[0].1.dv01;
            (
                (w[1].0.real - w[0].0.real) * pa - h * pb * (w[1].1.real - w[0].1.real),
                (w[1].0.model - w[0].0.model) * pa - h * pb * (w[1].1.model - w[0].1.model),
            )
        })
        .collect()
}

/// Per root, the rows of 2001–2015 under the default curve-implied model (built once).
fn measured() -> Option<&'static BTreeMap<&'static str, Vec<Row>>> {
    static CELL: OnceLock<Option<BTreeMap<&'static str, Vec<Row>>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let data_dir = real_data_dir()?;
        let dir = validation_dir()?;
        let data = Dataset::load_dir(&data_dir).expect("the shared data load");
        let market = Market::from_dataset(&data).expect("the shared data make a market");
        let source = CurveImpliedSource::new(&market).expect("the default source builds");
        let files = [
            (Root::TU, "TU", "yahoo_ZTF_front_2000_2015.csv"),
            (Root::FV, "FV", "yahoo_ZFF_front_2000_2015.csv"),
            (Root::TY, "TY", "yahoo_ZNF_front_2000_2015.csv"),
            (Root::US, "US", "yahoo_ZBF_front_2000_2015.csv"),
        ];
        Some(
            files
                .iter()
                .map(|&(root, name, file)| (name, rows_of(root, file, &source, &market, &dir)))
                .collect(),
        )
    })
    .as_ref()
}

#[test]
fn treasury_futures_track_real_closes_2001_2015() {
    let Some(all) = measured() else { return };
    for (name, rows) in all {
        let rows = years(rows, 2001, 2015);
        let (days, corr, beta) = fit(&leg_changes(&rows));
        let level = rows.iter().map(|r| r.model - r.real).sum::<f64>() / rows.len() as f64;
        eprintln!("{name} 2001-2015: days {days} corr {corr:.4} beta {beta:.3} level {level:+.3}");
        assert!(days > 1900, "{name}: only {days} daily changes");
        let min_corr = if *name == "TU" { 0.94 } else { 0.96 };
        assert!(
            corr >= min_corr,
            "{name}: correlation {corr:.4} < {min_corr}"
        );
        assert!((0.95..=1.05).contains(&beta), "{name}: beta {beta:.3}");
        assert!(level.abs() <= 0.25, "{name}: mean level error {level:+.3}");
        // No year far off: a hole in the deliverable basket (such as the February 2031 bond
        // the exchange excluded from USM15..USZ15) shows as a level error of many points.
        for year in 2001..=2015 {
            let y = years(&rows, year, year);
            let level = y.iter().map(|r| r.model - r.real).sum::<f64>() / y.len() as f64;
            assert!(
                level.abs() <= 1.5,
                "{name} {year}: mean level error {level:+.3}"
            );
        }
    }
}

#[test]
fn dv01_neutral_spreads_track_real_spreads() {
    let Some(all) = measured() else { return };
    let cases = [
        ("FV", "TY", 2001, 2015, 0.74),
        ("FV", "TY", 2011, 2015, 0.89),
        ("TU", "TY", 2001, 2015, 0.87),
        ("TY", "US", 2001, 2015, 0.80),
    ];
    for (a, b, from, to, min_corr) in cases {
        let (days, corr, beta) = fit(&spread_changes(
            &years(&all[a], from, to),
            &years(&all[b], from, to),
        ));
        eprintln!("{a}/{b} {from}-{to}: days {days} corr {corr:.4} beta {beta:.3}");
        assert!(days > 700, "{a}/{b}: only {days} daily changes");
        assert!(
            corr >= min_corr,
            "{a}/{b} {from}-{to}: correlation {corr:.4} < {min_corr}"
        );
    }
}
