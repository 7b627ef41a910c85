//! The short path (issue 11, item 4): `Session::open(..)` / `Session::synthetic()`, then
//! `s.backtest(spread)?.dv01_neutral().hold(..).run()?`; the session's table cache; objects
//! from another market rejected by their dates; a sweep's best run computed once.

use chrono::NaiveDate;
use spreadtrade::backtest::{BacktestConfig, BacktestError, Engine, Sweep, Weighting};
use spreadtrade::contract::RollRule;
use spreadtrade::contract::Root;
use spreadtrade::market::{Book, Market, Origin, PriceTableBuilder, SeriesSpec};
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, SignalSource, ZScoreGrid, ZScoreParams};
use spreadtrade::units::Currency;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// The five lines, then the same run the long way: the same summary, bit for bit.
fn five_lines_match_the_long_way(s: &Session) -> spreadtrade::session::SessionRun {
    let entry = d(2024, 3, 19);
    let run = s
        .backtest("2×TUM24−1×TYM24")
        .unwrap()
        .dv01_neutral()
        .hold(entry, Exit::AfterDays(5), 10_000.0)
        .run()
        .unwrap();

    let expr = "2×TUM24−1×TYM24".parse().unwrap();
    let table = s.table_for(&expr, None, None).unwrap();
    let book = s.book(&expr, &table, &RollRule::default()).unwrap();
    let config = BacktestConfig::default().with_weighting(Weighting::Dv01Neutral);
    let long = Engine::new(s.market(), &table, &config)
        .unwrap()
        .run(&book, Hold::dv01(entry, Exit::AfterDays(5), 10_000.0))
        .unwrap();
    assert_eq!(run.result.summary, long.summary);
    assert_eq!(
        run.result.summary.total_pnl.to_bits(),
        long.summary.total_pnl.to_bits()
    );
    assert_eq!(run.result.ledger.len(), long.ledger.len());
    // Entered and left: two trades per leg.
    assert_eq!(run.result.summary.trades, 4, "{:?}", run.result.summary);
    assert!(!run.report().priced.is_empty());
    // The report covers the TU and TY contracts of the whole history.
    assert!(
        run.report()
            .priced
            .iter()
            .all(|p| matches!(p.code.root(), Root::TU | Root::TY)),
    );
    let text = run.to_string();
    assert!(text.contains(run.data_label()), "{text}");
    assert!(text.contains("not priced"), "{text}");
    run
}

#[test]
fn five_lines_on_synthetic_data_say_synthetic_and_match_the_engine() {
    let s = Session::synthetic().unwrap();
    let run = five_lines_match_the_long_way(&s);
    assert!(run.origin.synthetic);
    assert_eq!(run.data_label(), "SYNTHETIC");
    assert!(run.to_string().contains("SYNTHETIC"));
    // `Session::open(None)` is still the synthetic session.
    assert!(Session::open(None).unwrap().origin().synthetic);
}

#[test]
fn five_lines_on_real_data_say_real() {
    let Some(dir) = crate::support::real_data_dir() else {
        return;
    };
    // A path-like, as a quant writes it.
    let s = Session::open(dir.to_str().unwrap()).unwrap();
    let run = five_lines_match_the_long_way(&s);
    assert!(!run.origin.synthetic);
    assert_eq!(run.data_label(), "real");
    let summary = &run.result.summary;
    assert!(summary.total_pnl.is_finite());
    eprintln!(
        "short path on real data: {} P&L {:.2} USD, {} contracts priced, {} not priced",
        run.spread,
        summary.total_pnl,
        run.report().priced.len(),
        run.unpriced().len()
    );
}

#[test]
fn the_short_path_without_a_strategy_says_what_is_missing() {
    let s = Session::synthetic().unwrap();
    let e = s.backtest("2×TUM24−1×TYM24").unwrap().run().unwrap_err();
    assert!(e.to_string().contains("no strategy"), "{e}");
    let e = s.backtest("2×TUM24−−1×TYM24").unwrap_err();
    assert!(!e.to_string().is_empty());
}

#[test]
fn the_session_builds_a_table_once_and_shares_it() {
    fn sync<T: Sync + Send>() {}
    sync::<Session>();
    let s = Session::synthetic().unwrap();
    let entry = d(2024, 3, 19);
    let a = s
        .backtest("2×TUM24−1×TYM24")
        .unwrap()
        .hold_units(entry, Exit::AfterDays(5), 1.0)
        .run()
        .unwrap();
    // Another spread on the same roots: the same table, not a copy.
    let b = s
        .backtest("1×TYM24−1×TUM24")
        .unwrap()
        .hold_units(entry, Exit::AfterDays(3), 1.0)
        .run()
        .unwrap();
    assert!(Arc::ptr_eq(a.table_build(), b.table_build()));
    let direct = s
        .cached_table([Root::TY, Root::TU, Root::TU], None, None)
        .unwrap();
    assert!(Arc::ptr_eq(a.table_build(), &direct));
    // Other roots or another range: another table.
    let c = s
        .backtest("+TYM24")
        .unwrap()
        .hold_units(entry, Exit::AfterDays(3), 1.0)
        .run()
        .unwrap();
    assert!(!Arc::ptr_eq(a.table_build(), c.table_build()));
    let ranged = s
        .cached_table([Root::TU, Root::TY], Some(d(2024, 1, 2)), None)
        .unwrap();
    assert!(!Arc::ptr_eq(a.table_build(), &ranged));
    // From several threads at once: still one table per key.
    let tables: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| s.cached_table([Root::EC], None, None).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(tables.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
}

/// A market of `dates` with one series, its table and a one-leg book.
fn on(dates: &[NaiveDate]) -> (Market, spreadtrade::market::PriceTable) {
    let v: Vec<f64> = (0..dates.len()).map(|i| 100.0 + i as f64).collect();
    let m = Market::from_series("s", dates, &v, Origin::in_memory("test")).unwrap();
    let mut b = PriceTableBuilder::new(m.dates());
    let values: Vec<Option<f64>> = v.iter().map(|&x| Some(x)).collect();
    b.add_series(
        SeriesSpec {
            name: "s".into(),
            currency: Currency::Usd,
            point_value: 1.0,
            tick: None,
        },
        &values,
    )
    .unwrap();
    (m, b.build())
}

#[test]
fn tables_and_books_from_another_market_are_rejected_by_their_dates() {
    // Two markets of 30 days every other day: the same first and last date and length, one
    // day in the middle a day later.
    let a: Vec<NaiveDate> = (0..30)
        .map(|i| d(2024, 1, 1) + chrono::Days::new(2 * i))
        .collect();
    let mut b = a.clone();
    b[15] = b[15] + chrono::Days::new(1);
    let (ma, ta) = on(&a);
    let (mb, tb) = on(&b);
    assert_eq!((ma.len(), ta.dates().len()), (mb.len(), tb.dates().len()));
    let config = BacktestConfig::default();
    // A table from market B in an engine on market A.
    match Engine::new(&ma, &tb, &config) {
        Err(BacktestError::TimelineDates { day, table, market }) => {
            assert_eq!((day, table, market), (15, b[15], a[15]));
        }
        other => panic!("expected TimelineDates, found {other:?}"),
    }
    let e = Engine::new(&ma, &tb, &config).unwrap_err().to_string();
    assert!(e.contains("another market") && e.contains("day 15"), "{e}");
    // A book from market B's table in an engine on market A.
    let book_b = Book::single(&tb, "s").unwrap();
    let book_a = Book::single(&ta, "s").unwrap();
    assert_ne!(book_a.timeline(), book_b.timeline());
    assert_eq!(book_a.timeline().len, book_b.timeline().len);
    let engine = Engine::new(&ma, &ta, &config).unwrap();
    let hold = || Hold::units(a[2], Exit::AfterDays(3), 1.0);
    assert!(engine.run(&book_a, hold()).is_ok());
    match engine.run(&book_b, hold()) {
        Err(e @ BacktestError::BookTimeline { .. }) => {
            assert!(e.to_string().contains("built on another market"), "{e}");
        }
        other => panic!("expected BookTimeline, found {other:?}"),
    }
    // And across sessions: the real market and the synthetic one (when the data are here).
    if let Some(dir) = crate::support::real_data_dir() {
        let real = Session::open(dir).unwrap();
        let synth = Session::synthetic().unwrap();
        let expr = "2×TUM24−1×TYM24".parse().unwrap();
        let t_real = real.table_for(&expr, None, None).unwrap();
        let book_real = real.book(&expr, &t_real, &RollRule::default()).unwrap();
        let t_synth = synth.table_for(&expr, None, None).unwrap();
        let engine = Engine::new(synth.market(), &t_synth, &config).unwrap();
        assert!(matches!(
            engine.run(&book_real, hold()),
            Err(BacktestError::BookTimeline { .. })
        ));
        assert!(Engine::new(synth.market(), &t_real, &config).is_err());
    }
}

#[test]
fn a_sweeps_best_run_is_computed_once() {
    let s = Session::synthetic().unwrap();
    let expr = "2×TU−1×TY".parse().unwrap();
    let table = s.table_for(&expr, None, None).unwrap();
    let book = s.book(&expr, &table, &RollRule::default()).unwrap();
    let values = SignalSource::usd_2s10s().values(s.market()).unwrap();
    let grid = ZScoreGrid::new(&values, &[20, 60], &[1.0, 2.0]).unwrap();
    let made = AtomicUsize::new(0);
    let make = |p: &(usize, f64)| {
        made.fetch_add(1, Ordering::Relaxed);
        grid.strategy(p, ZScoreParams::reference(grid.window(p), p.1))
    };
    let config = BacktestConfig::default()
        .with_weighting(Weighting::Dv01Neutral)
        .with_record(false);
    let engine = Engine::new(s.market(), &table, &config).unwrap();
    let sweep = Sweep::new(&engine, &book);
    let runs = sweep.run(grid.points(), make).unwrap();
    assert_eq!(made.load(Ordering::Relaxed), 4);
    let (best, result) = sweep
        .best_by_sharpe_recorded(&runs, grid.points(), make)
        .unwrap()
        .expect("a run with a Sharpe ratio");
    // One strategy built, one run, for both the statistics and the files.
    assert_eq!(made.load(Ordering::Relaxed), 5);
    assert_eq!(result.summary, runs[best.index].summary);
    assert_eq!(result.ledger.len(), result.summary.days);
    assert!(best.deflated_sharpe.is_some());
    // The old call gives the same statistics.
    let again = sweep
        .best_by_sharpe(&runs, grid.points(), make)
        .unwrap()
        .unwrap();
    assert_eq!(again, best);
}
