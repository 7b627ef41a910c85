//! The reference sweep of `bench/SWEEP.md` through the public sweep API: checksum, the
//! L=20/k=2.0 figures, determinism (parallel = serial bit for bit) and shards.

use spreadtrade::backtest::reference::{ReferenceSweep, entries, windows};
use spreadtrade::backtest::{BacktestConfig, CostModel, Engine, Shard, Sweep, merge_shards};
use spreadtrade::strategy::{SlopeZScore, ZScoreParams, ZScores};
use std::sync::Arc;

#[test]
fn reference_sweep_hits_the_published_checksum_and_figures() {
    let sweep = ReferenceSweep::new().unwrap();
    let runs = sweep.run(true).unwrap();
    assert_eq!(runs.len(), 1000);
    // bench/SWEEP.md: "Sum of total P&L over the 1,000 combinations: 600950.661935".
    let checksum: f64 = runs.iter().map(|r| r.summary.total_pnl).sum();
    assert!(
        (checksum - 600_950.661_935).abs() < 5e-7,
        "checksum {checksum:.6}"
    );
    // "Best combination: index 978 (row-major over L then k), total 1119.481120."
    let best = runs
        .iter()
        .max_by(|a, b| a.summary.total_pnl.total_cmp(&b.summary.total_pnl))
        .unwrap();
    assert_eq!(best.index, 978);
    assert!((best.summary.total_pnl - 1_119.481_120).abs() < 5e-7);
    // "L=20, k=2.0: total 239.037775, Sharpe 0.375766, max drawdown 74.150084, 400 position
    // changes."
    let i = windows().iter().position(|&l| l == 20).unwrap() * 25
        + entries().iter().position(|&k| k == 2.0).unwrap();
    let s = &runs[i].summary;
    assert!((s.total_pnl - 239.037_775).abs() < 5e-7, "{}", s.total_pnl);
    assert!(
        (s.sharpe.unwrap() - 0.375_766).abs() < 5e-7,
        "{:?}",
        s.sharpe
    );
    assert!(
        (s.max_drawdown - 74.150_084).abs() < 5e-7,
        "{}",
        s.max_drawdown
    );
    assert_eq!(s.position_changes, 400);
    assert_eq!(s.days, 5000);
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
