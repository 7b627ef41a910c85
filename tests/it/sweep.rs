//! The reference sweep of `bench/SWEEP.md` through the public sweep API: checksum, the
//! L=20/k=2.0 figures (`tests/data/reference_sweep.json`), determinism (parallel = serial bit
//! for bit) and shards.

use spreadtrade::backtest::reference::{ReferenceSweep, entries, windows};
use spreadtrade::backtest::{BacktestConfig, CostModel, Engine, Shard, Sweep, merge_shards};
use spreadtrade::strategy::{SlopeZScore, ZScoreParams, ZScores};
use spreadtrade::tolerance::METRICS_PUBLISHED_6DP_ABS;
use std::sync::Arc;

#[test]
fn reference_sweep_hits_the_published_checksum_and_figures() {
    // tests/data/reference_sweep.json (bench/SWEEP.md, "Results every implementation must
    // reproduce"): checksum 600950.661935, best run 978 with 1119.481120, and the L=20, k=2.0
    // figures, all printed to 6 decimals.
    let golden = crate::support::golden("reference_sweep.json");
    let want = &golden["results"];
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    assert_eq!(golden["published_decimals"], 6);
    // The grid: L from 10 to 205 by 5, k from 0.5 to 2.9 by 0.1 (each rounded to one decimal).
    let grid = &golden["grid"];
    let int = |v: &serde_json::Value| usize::try_from(v.as_u64().unwrap()).unwrap();
    let (w, k) = (&grid["windows"], &grid["entries_tenths"]);
    let want_windows: Vec<usize> = (int(&w["from"])..=int(&w["to"]))
        .step_by(int(&w["step"]))
        .collect();
    assert_eq!(windows(), want_windows);
    let want_entries: Vec<f64> = (int(&k["from"])..=int(&k["to"]))
        .map(|i| i as f64 / 10.0)
        .collect();
    assert_eq!(entries(), want_entries);
    let sweep = ReferenceSweep::new().unwrap();
    let runs = sweep.run(true).unwrap();
    assert_eq!(runs.len(), 1000);
    let checksum: f64 = runs.iter().map(|r| r.summary.total_pnl).sum();
    assert!(
        (checksum - num(&want["checksum_total_pnl"])).abs() < METRICS_PUBLISHED_6DP_ABS,
        "checksum {checksum:.6}"
    );
    let best = runs
        .iter()
        .max_by(|a, b| a.summary.total_pnl.total_cmp(&b.summary.total_pnl))
        .unwrap();
    assert_eq!(best.index as u64, want["best_index"].as_u64().unwrap());
    assert!(
        (best.summary.total_pnl - num(&want["best_total_pnl"])).abs() < METRICS_PUBLISHED_6DP_ABS
    );
    let l20 = &want["l20_k2"];
    let i = windows()
        .iter()
        .position(|&l| l as u64 == l20["window"].as_u64().unwrap())
        .unwrap()
        * 25
        + entries()
            .iter()
            .position(|&k| k == num(&l20["entry"]))
            .unwrap();
    let s = &runs[i].summary;
    let close = |got: f64, key: &str| {
        assert!(
            (got - num(&l20[key])).abs() < METRICS_PUBLISHED_6DP_ABS,
            "{key}: {got}"
        );
    };
    close(s.total_pnl, "total_pnl");
    close(s.sharpe.unwrap(), "sharpe");
    close(s.max_drawdown, "max_drawdown");
    assert_eq!(
        s.position_changes as u64,
        l20["position_changes"].as_u64().unwrap()
    );
    assert_eq!(s.days as u64, golden["series"]["days"].as_u64().unwrap());
}

#[test]
fn the_best_run_is_deflated_for_the_thousand_trials() {
    let sweep = ReferenceSweep::new().unwrap();
    let runs = sweep.run(true).unwrap();
    let best = sweep.best_by_sharpe(&runs).unwrap().unwrap();
    let top = runs
        .iter()
        .filter_map(|r| r.summary.sharpe.map(|s| (r.index, s)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    assert_eq!(best.index, top.0);
    assert_eq!(best.trials, 1000);
    let (psr, dsr) = (
        best.probabilistic_sharpe.unwrap(),
        best.deflated_sharpe.unwrap(),
    );
    // Selecting the best of 1,000 trials must cost confidence: DSR < PSR(0), both probabilities.
    assert!(
        (0.0..=1.0).contains(&dsr) && (0.0..=1.0).contains(&psr),
        "{psr} {dsr}"
    );
    assert!(dsr < psr, "{psr} {dsr}");
    assert!(best.expected_max_sharpe.unwrap() > 0.0);
    eprintln!(
        "best {} sharpe {:?} psr {psr} dsr {dsr} sr0 {:?}",
        best.index, best.summary.sharpe, best.expected_max_sharpe
    );
}

#[test]
fn parallel_sweep_equals_serial_bit_for_bit() {
    let sweep = ReferenceSweep::new().unwrap();
    let parallel = sweep.run(true).unwrap();
    let serial = sweep.run(false).unwrap();
    assert_eq!(parallel.len(), serial.len());
    for (p, s) in parallel.iter().zip(&serial) {
        assert_eq!(p.index, s.index);
        assert_eq!(p.summary.total_pnl.to_bits(), s.summary.total_pnl.to_bits());
        assert_eq!(p.summary, s.summary);
    }
}

#[test]
fn shards_merge_into_the_unsharded_sweep() {
    let r = ReferenceSweep::new().unwrap();
    let market = r.market();
    let mut b = spreadtrade::market::PriceTableBuilder::new(market.dates());
    b.add_series(
        spreadtrade::market::SeriesSpec {
            name: "spread".into(),
            currency: spreadtrade::units::Currency::Usd,
            point_value: 1.0,
            tick: None,
        },
        market.series("spread").unwrap(),
    )
    .unwrap();
    let table = b.build();
    let book = spreadtrade::market::Book::single(&table, "spread").unwrap();
    let config = BacktestConfig::default()
        .with_costs(CostModel::zero().with_series_commission(0.1))
        .with_record(false);
    let engine = Engine::new(market, &table, &config).unwrap();
    let scores = Arc::new(ZScores::compute(market.series("spread").unwrap(), 30).unwrap());
    let grid: Vec<f64> = (5..=29).map(|k| f64::from(k) / 10.0).collect();
    let make =
        |&k: &f64| SlopeZScore::with_scores(Arc::clone(&scores), ZScoreParams::reference(30, k));
    let whole = Sweep::new(&engine, &book).run(&grid, make).unwrap();
    let shards: Vec<_> = (0..3)
        .map(|i| {
            Sweep::new(&engine, &book)
                .with_shard(Shard::new(i, 3).unwrap())
                .run(&grid, make)
                .unwrap()
        })
        .collect();
    assert_eq!(shards.iter().map(Vec::len).sum::<usize>(), grid.len());
    assert_eq!(merge_shards(shards.clone()).unwrap(), whole);
    let mut swapped = shards;
    swapped.swap(0, 1);
    assert!(merge_shards(swapped).is_err());
    assert!(Shard::new(3, 3).is_err());
}

#[test]
fn progress_is_reported_for_every_run() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let r = ReferenceSweep::new().unwrap();
    let market = r.market();
    let mut b = spreadtrade::market::PriceTableBuilder::new(market.dates());
    b.add_series(
        spreadtrade::market::SeriesSpec {
            name: "spread".into(),
            currency: spreadtrade::units::Currency::Usd,
            point_value: 1.0,
            tick: None,
        },
        market.series("spread").unwrap(),
    )
    .unwrap();
    let table = b.build();
    let book = spreadtrade::market::Book::single(&table, "spread").unwrap();
    let config = BacktestConfig::default().with_record(false);
    let engine = Engine::new(market, &table, &config).unwrap();
    let scores = Arc::new(ZScores::compute(market.series("spread").unwrap(), 30).unwrap());
    let grid: Vec<f64> = vec![1.0, 1.5, 2.0, 2.5];
    let calls = AtomicUsize::new(0);
    let last_total = AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        calls.fetch_add(1, Ordering::Relaxed);
        assert!(done >= 1 && done <= total);
        last_total.store(total, Ordering::Relaxed);
    };
    Sweep::new(&engine, &book)
        .with_progress(&progress)
        .run(&grid, |&k| {
            SlopeZScore::with_scores(Arc::clone(&scores), ZScoreParams::reference(30, k))
        })
        .unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 4);
    assert_eq!(last_total.load(Ordering::Relaxed), 4);
}
