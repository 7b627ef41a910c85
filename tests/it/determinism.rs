//! Determinism across threads: the same sweep and the same price table with 1, 2 and 8 rayon
//! threads are identical bit for bit (every f64 compared with `to_bits`).
//!
//! A run is single-threaded and results are collected in input order; tables are built
//! contract by contract and assembled in a fixed order (`docs/DESIGN.md`, "Sweeps and
//! determinism", "PriceTable layout"). These tests hold that to the bit on the reference
//! sweep, on the synthetic fixtures and, when the data is there, on the real 2s10s sweep and
//! the real TU/FV/TY/US table.

use chrono::NaiveDate;
use serde_json::Value;
use spreadtrade::backtest::reference::ReferenceSweep;
use spreadtrade::backtest::{BacktestConfig, Engine, Sweep, SweepRun};
use spreadtrade::contract::{RollRule, Root};
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::market::PriceTable;
use spreadtrade::pricing::TableSpec;
use spreadtrade::session::Session;
use spreadtrade::strategy::{SignalSource, ZScoreGrid, ZScoreParams};

const THREADS: [usize; 3] = [1, 2, 8];

/// Runs `f` on a rayon pool of `n` threads (every `par_iter` inside uses it).
fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("a thread pool")
        .install(|| {
            assert_eq!(rayon::current_num_threads(), n, "the pool in force");
            f()
        })
}

/// Every number of a serialisable value with its path, f64s as their bits (`to_bits`), so
/// that two results compare bit for bit (0.0 and −0.0 differ; NaN is written as null and its
/// path kept).
fn bits(v: &Value, path: &mut String, out: &mut Vec<(String, u64)>) {
    match v {
        Value::Number(n) => {
            let b = match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => u,
                (None, Some(i), _) => i as u64,
                (None, None, Some(f)) => f.to_bits(),
                _ => unreachable!("a JSON number is u64, i64 or f64"),
            };
            out.push((path.clone(), b));
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                bits(x, path, out);
                path.truncate(len);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                bits(x, path, out);
                path.truncate(len);
            }
        }
        Value::Null => out.push((path.clone(), u64::MAX)),
        Value::Bool(b) => out.push((path.clone(), u64::from(*b))),
        Value::String(_) => {}
    }
}

fn run_bits(runs: &[SweepRun]) -> Vec<(String, u64)> {
    // `to_value` keeps each f64 as it is (no text round trip).
    let v = serde_json::to_value(runs).expect("summaries serialise");
    let mut out = Vec::new();
    bits(&v, &mut String::new(), &mut out);
    out
}

/// Every cell of a table: price, DV01, traded flag, source and CTD conversion factor, as bits.
fn table_bits(t: &PriceTable) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for info in t.instruments() {
        let id = t
            .find(&info.name)
            .expect("each instrument is found by its name");
        let c = t.columns(id);
        for (i, p) in c.price.iter().enumerate() {
            let day = c.first_day + i;
            let at = |what: &str| format!("{}[{day}].{what}", info.name);
            out.push((at("price"), p.to_bits()));
            out.push((at("dv01"), c.dv01[i].map_or(u64::MAX, f64::to_bits)));
            out.push((at("traded"), u64::from(c.traded[i])));
            out.push((at("source"), c.source[i] as u64));
            if let Some((ctd, cf)) = t.ctd(id, day) {
                out.push((format!("{}:{}", at("ctd"), ctd.id), cf.to_bits()));
            }
        }
    }
    out
}

/// The first difference between two bit lists, for the failure message.
fn first_difference(a: &[(String, u64)], b: &[(String, u64)]) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("{} values against {}", a.len(), b.len()));
    }
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("{} = {:#x} against {} = {:#x}", x.0, x.1, y.0, y.1))
}

fn assert_same_on_every_pool(what: &str, results: Vec<Vec<(String, u64)>>) {
    assert!(!results[0].is_empty(), "{what}: nothing compared");
    for (n, r) in THREADS.iter().zip(&results).skip(1) {
        if let Some(d) = first_difference(&results[0], r) {
            panic!("{what}: 1 thread and {n} threads differ: {d}");
        }
    }
}

#[test]
fn the_reference_sweep_is_identical_on_1_2_and_8_threads() {
    let sweep = ReferenceSweep::new().unwrap();
    let results: Vec<_> = THREADS
        .iter()
        .map(|&n| on_threads(n, || run_bits(&sweep.run(true).unwrap())))
        .collect();
    // 1,000 runs, each with its whole summary.
    assert!(results[0].len() > 1_000 * 10, "{}", results[0].len());
    assert_same_on_every_pool("reference sweep", results);
    // And the serial loop gives the same bits.
    let serial = run_bits(&sweep.run(false).unwrap());
    let parallel = on_threads(8, || run_bits(&sweep.run(true).unwrap()));
    assert_eq!(first_difference(&serial, &parallel), None);
}

/// A small z-score sweep of the 2s10s steepener on a session (the run-file sweep's path).
fn slope_sweep(session: &Session, table: &PriceTable) -> Vec<SweepRun> {
    let expr: SpreadExpr = "2×TU−1×TY".parse().unwrap();
    let book = session.book(&expr, table, &RollRule::default()).unwrap();
    let config = BacktestConfig::default().with_record(false);
    let engine = Engine::new(session.market(), table, &config).unwrap();
    let values = SignalSource::usd_2s10s().values(session.market()).unwrap();
    let grid = ZScoreGrid::new(&values, &[20, 60, 120], &[1.0, 1.5, 2.0]).unwrap();
    let make = |point: &(usize, f64)| {
        let p = ZScoreParams::reference(grid.window(point), point.1);
        grid.strategy(point, p)
    };
    Sweep::new(&engine, &book).run(grid.points(), make).unwrap()
}

fn table_spec(session: &Session, from: NaiveDate, to: NaiveDate) -> TableSpec {
    let _ = session;
    TableSpec::new(vec![Root::TU, Root::FV, Root::TY, Root::US]).with_range(from, to)
}

#[test]
fn a_synthetic_table_and_sweep_are_identical_on_1_2_and_8_threads() {
    let session = Session::synthetic().unwrap();
    let dates = session.market().dates();
    let (first, last) = (dates[0], dates[dates.len() - 1]);
    let tables: Vec<PriceTable> = THREADS
        .iter()
        .map(|&n| {
            on_threads(n, || {
                session
                    .price_table(&table_spec(&session, first, last))
                    .unwrap()
            })
        })
        .collect();
    assert_same_on_every_pool("synthetic table", tables.iter().map(table_bits).collect());
    let results = THREADS
        .iter()
        .map(|&n| on_threads(n, || run_bits(&slope_sweep(&session, &tables[0]))))
        .collect();
    assert_same_on_every_pool("synthetic 2s10s sweep", results);
}

#[test]
fn the_real_table_and_2s10s_sweep_are_identical_on_1_2_and_8_threads() {
    let Some(dir) = crate::support::real_data_dir() else {
        return;
    };
    let session = Session::open(dir.as_path()).unwrap();
    // Five years of the four Treasury roots: every pricing path (curve fit, baskets, CTD,
    // DV01) on about 80 contracts; the 35-year build is the same code on more days.
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let spec = table_spec(&session, d(2015, 1, 2), d(2019, 12, 31));
    let tables: Vec<PriceTable> = THREADS
        .iter()
        .map(|&n| on_threads(n, || session.price_table(&spec).unwrap()))
        .collect();
    assert!(
        tables[0].instruments().len() > 50,
        "{}",
        tables[0].instruments().len()
    );
    assert_same_on_every_pool(
        "real TU/FV/TY/US table",
        tables.iter().map(table_bits).collect(),
    );
    let results = THREADS
        .iter()
        .map(|&n| on_threads(n, || run_bits(&slope_sweep(&session, &tables[0]))))
        .collect();
    assert_same_on_every_pool("real 2s10s sweep", results);
}
