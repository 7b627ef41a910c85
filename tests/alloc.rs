//! A sweep's memory grows with its number of runs by their summaries only.
//!
//! Its own test target (`[[test]] name = "alloc"`), because it installs a counting global
//! allocator that would count every other test of the `it` binary too. The allocator keeps
//! the bytes live now and the peak; the test runs sweeps of N and 4N runs (no ledgers) on one
//! shared market and checks that the peak grows by no more than the 3N extra summaries
//! (`SweepRun` values, which own no heap memory here) plus a small constant: nothing else is
//! kept per run, and the results are not copied at the end.

use spreadtrade::backtest::reference::{COST, SERIES, series};
use spreadtrade::backtest::{BacktestConfig, CostModel, Engine, Sweep, SweepRun};
use spreadtrade::market::{Book, Market, Origin, PriceTableBuilder, SeriesSpec};
use spreadtrade::strategy::{ZScoreGrid, ZScoreParams};
use spreadtrade::units::Currency;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters are
// plain atomics and never touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of live bytes while `f` runs, above the live bytes before it, and `f`'s result.
fn peak_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = f();
    (PEAK.load(Ordering::SeqCst) - before, out)
}

#[test]
fn sweep_memory_grows_by_the_summaries_only() {
    // The reference sweep's series (shortened so that the test is quick in a debug build),
    // its costs and its strategy, on a grid of N and 4N points.
    const DAYS: usize = 400;
    let values = &series()[..DAYS];
    let dates: Vec<_> = (0..DAYS as u64)
        .map(|i| chrono::NaiveDate::from_ymd_opt(2000, 1, 3).unwrap() + chrono::Days::new(i))
        .collect();
    let market =
        Market::from_series(SERIES, &dates, values, Origin::in_memory("alloc test")).unwrap();
    let mut builder = PriceTableBuilder::new(market.dates());
    builder
        .add_series(
            SeriesSpec {
                name: SERIES.to_owned(),
                currency: Currency::Usd,
                point_value: 1.0,
                tick: None,
            },
            market.series(SERIES).unwrap(),
        )
        .unwrap();
    let table = builder.build();
    let book = Book::single(&table, SERIES).unwrap();
    let config = BacktestConfig::default()
        .with_costs(CostModel::zero().with_series_commission(COST))
        .with_record(false);
    let engine = Engine::new(&market, &table, &config).unwrap();
    let grid = ZScoreGrid::new(
        market.series(SERIES).unwrap(),
        &[10, 20, 40],
        &[1.0, 1.5, 2.0],
    )
    .unwrap();
    let sweep = Sweep::new(&engine, &book);
    let make = |p: &(usize, f64)| grid.strategy(p, ZScoreParams::reference(grid.window(p), p.1));
    let points = |n: usize| -> Vec<(usize, f64)> {
        (0..n)
            .map(|i| grid.points()[i % grid.points().len()])
            .collect()
    };

    const N: usize = 2_000;
    let (small, large) = (points(N), points(4 * N));
    // Warm up: the thread pool and anything allocated once.
    let _ = sweep.run(&small, make).unwrap();
    let (peak_n, runs_n) = peak_during(|| sweep.run(&small, make).unwrap());
    let (peak_4n, runs_4n) = peak_during(|| sweep.run(&large, make).unwrap());
    assert_eq!((runs_n.len(), runs_4n.len()), (N, 4 * N));
    // The summaries own no heap memory here (a series has no DV01 method), so their size is
    // their inline size.
    assert!(runs_4n.iter().all(|r| r.summary.dv01_method.is_none()));
    let per_summary = std::mem::size_of::<SweepRun>();
    let extra_summaries = 3 * N * per_summary;
    const SLACK: usize = 256 * 1024;
    let growth = peak_4n.saturating_sub(peak_n);
    println!(
        "peak above baseline: N = {N}: {peak_n} B, 4N: {peak_4n} B; growth {growth} B for {extra} \
         B of summaries ({per_summary} B each)",
        extra = extra_summaries
    );
    assert!(
        growth <= extra_summaries + SLACK,
        "growth {growth} B > {extra_summaries} B of summaries + {SLACK} B"
    );
    // And the figures say something: the summaries are the growth, within the slack either
    // way (each peak also holds whatever chunks are in flight at its moment — two threads'
    // lists of acting days, one of them perhaps growing — which differs from run to run by
    // some kilobytes).
    assert!(
        growth + SLACK >= extra_summaries,
        "growth {growth} B < {extra_summaries} B of summaries − {SLACK} B"
    );
}
