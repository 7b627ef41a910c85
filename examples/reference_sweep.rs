//! The reference parameter sweep of `bench/SWEEP.md`: 1,000 z-score backtests of a 5,000-day
//! synthetic spread through the public sweep API, checked against the published checksum.
//!
//! Run it with `cargo run --release --example reference_sweep`. It prints the checksum, the
//! best combination, the L=20/k=2.0 figures and the time per sweep (best of five, after a
//! warm-up) with the ns per backtest-day that the peers (numpy, numba, vectorbt) report.
//! The criterion bench `cargo bench --bench sweep` measures the same work more carefully.

use spreadtrade::backtest::reference::{DAYS, ReferenceSweep};
use std::time::Instant;

/// The threads a sweep runs on: rayon's pool with the `parallel` feature, else one.
fn threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    1
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sweep = ReferenceSweep::new()?;
    let combos = sweep.grid().len();
    let runs = sweep.run(true)?; // warm-up
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        let again = sweep.run(true)?;
        best = best.min(t.elapsed().as_secs_f64());
        assert_eq!(again, runs, "every sweep gives the same results");
    }
    let checksum: f64 = runs.iter().map(|r| r.summary.total_pnl).sum();
    let top = runs
        .iter()
        .max_by(|a, b| a.summary.total_pnl.total_cmp(&b.summary.total_pnl))
        .ok_or("empty sweep")?;
    let l20 = &runs[2 * 25 + 15].summary;
    println!("reference sweep: {combos} combinations x {DAYS} days (bench/SWEEP.md)");
    println!("  checksum (sum of total P&L): {checksum:.6}   published: 600950.661935");
    println!(
        "  best combination: index {} total {:.6}   published: 978, 1119.481120",
        top.index, top.summary.total_pnl
    );
    println!(
        "  L=20 k=2.0: total {:.6} Sharpe {:.6} max drawdown {:.6} position changes {}",
        l20.total_pnl,
        l20.sharpe.unwrap_or(0.0),
        l20.max_drawdown,
        l20.position_changes
    );
    println!(
        "  time per sweep: {:.2} ms ({:.2} ns per backtest-day, {} threads)",
        best * 1e3,
        best / (combos * DAYS) as f64 * 1e9,
        threads()
    );
    Ok(())
}
