//! The reference parameter sweep of the project's benchmark (`bench/SWEEP.md`; its figures in
//! `tests/data/reference_sweep.json`), expressed through the public API: a one-series market, a
//! series instrument, the built-in [`SlopeZScore`](crate::strategy::SlopeZScore) strategy and
//! [`Sweep`].
//!
//! It exists so that this crate's tests, benches and examples can check the engine against the
//! published checksum (sum of total P&L over the 1,000 combinations = 600950.661935) and time
//! it against the numpy/numba/vectorbt peers on the same work.
//!
//! **Not public API**: compiled only with the `test-util` feature, which the crate's own
//! tests, benches and examples turn on through their dev-dependency on the crate; a library
//! user never sees it.
//!
//! ```no_run
//! use spreadtrade::backtest::reference::ReferenceSweep;
//! let sweep = ReferenceSweep::new()?;
//! let runs = sweep.run(true)?;
//! let checksum: f64 = runs.iter().map(|r| r.summary.total_pnl).sum();
//! assert!((checksum - 600950.661935).abs() < 1e-6);
//! # Ok::<(), spreadtrade::backtest::BacktestError>(())
//! ```

use super::{BacktestConfig, BacktestError, BestRun, CostModel, Engine, Sweep, SweepRun};
use crate::market::{Book, Market, Origin, PriceTable, PriceTableBuilder, SeriesSpec};
use crate::strategy::{ZScoreGrid, ZScoreParams};
use crate::units::Currency;
use chrono::NaiveDate;

/// Seed of the reference series.
pub const SEED: u64 = 20_240_614;
/// Number of daily observations.
pub const DAYS: usize = 5_000;
/// Cost per unit of position change (bp).
pub const COST: f64 = 0.10;
/// The series' name in the market and the price table.
pub const SERIES: &str = "spread";

/// The reference series: 5,000 days of the Ornstein–Uhlenbeck process of `bench/SWEEP.md`
/// (μ = 100, κ = 0.02, σ = 3, SplitMix64 seed 20240614), the same values as the market built
/// by [`ReferenceSweep::new`].
pub fn series() -> Vec<f64> {
    crate::rng::ornstein_uhlenbeck(SEED, DAYS, 100.0, 0.02, 3.0)
}

/// The window grid L ∈ {10, 15, …, 205}.
pub fn windows() -> Vec<usize> {
    (10..=205).step_by(5).collect()
}

/// The entry grid k ∈ {0.5, 0.6, …, 2.9}, each rounded to one decimal as in the peer.
pub fn entries() -> Vec<f64> {
    (5..=29).map(|i| f64::from(i) / 10.0).collect()
}

/// The reference workload, built once.
#[derive(Debug)]
pub struct ReferenceSweep {
    market: Market,
    table: PriceTable,
    book: Book,
    config: BacktestConfig,
    grid: ZScoreGrid,
}

impl ReferenceSweep {
    /// Builds the series (Ornstein–Uhlenbeck, μ = 100, κ = 0.02, σ = 3, seed 20240614), a
    /// one-series market on consecutive weekdays from 2000-01-03, a table with the series as
    /// an instrument (point value 1, commission 0.10 per unit), and the z-scores of every
    /// window.
    ///
    /// # Errors
    /// Never in practice; errors of the building blocks are passed on.
    ///
    /// # Panics
    /// Never: the dates are literals far from the ends of the calendar.
    pub fn new() -> Result<Self, BacktestError> {
        let values = series();
        let mut dates = Vec::with_capacity(DAYS);
        let mut d = NaiveDate::from_ymd_opt(2000, 1, 3).expect("a valid literal date");
        while dates.len() < DAYS {
            use chrono::Datelike;
            if d.weekday().num_days_from_monday() < 5 {
                dates.push(d);
            }
            d = d
                .succ_opt()
                .expect("dates stay far from the end of the calendar");
        }
        let market = Market::from_series(
            SERIES,
            &dates,
            &values,
            Origin::in_memory("reference sweep OU series"),
        )?;
        let mut builder = PriceTableBuilder::new(market.dates());
        builder.add_series(
            SeriesSpec {
                name: SERIES.to_owned(),
                currency: Currency::Usd,
                point_value: 1.0,
                tick: None,
            },
            market.series(SERIES).expect("the series was just added"),
        )?;
        let table = builder.build();
        let book = Book::single(&table, SERIES)?;
        let config = BacktestConfig::default()
            .with_costs(CostModel::zero().with_series_commission(COST))
            .with_record(false);
        let signal = market.series(SERIES).expect("the series was just added");
        let grid = ZScoreGrid::new(signal, &windows(), &entries())?;
        Ok(ReferenceSweep {
            market,
            table,
            book,
            config,
            grid,
        })
    }

    /// The parameter grid, row-major over L then k (index = iL × 25 + ik).
    pub fn grid(&self) -> Vec<(usize, f64)> {
        self.grid.points().to_vec()
    }

    /// Runs all 1,000 combinations one engine run at a time ([`Sweep::per_run`]), never in
    /// lockstep (in parallel unless `parallel` is false): the same results as
    /// [`ReferenceSweep::run`], for comparisons.
    ///
    /// # Errors
    /// Errors of [`Sweep::run`].
    pub fn run_per_run(&self, parallel: bool) -> Result<Vec<SweepRun>, BacktestError> {
        let engine = Engine::new(&self.market, &self.table, &self.config)?;
        let sweep = Sweep::new(&engine, &self.book).per_run();
        let sweep = if parallel { sweep } else { sweep.serial() };
        sweep.run(self.grid.points(), |p| self.strategy(p))
    }

    /// Runs all 1,000 combinations (in parallel unless `parallel` is false).
    ///
    /// # Errors
    /// Errors of [`Sweep::run`].
    pub fn run(&self, parallel: bool) -> Result<Vec<SweepRun>, BacktestError> {
        let engine = Engine::new(&self.market, &self.table, &self.config)?;
        let sweep = Sweep::new(&engine, &self.book);
        let sweep = if parallel { sweep } else { sweep.serial() };
        sweep.run(self.grid.points(), |p| self.strategy(p))
    }

    /// The best of `runs` by Sharpe ratio with its deflated Sharpe ratio
    /// ([`Sweep::best_by_sharpe`]).
    ///
    /// # Errors
    /// Errors of [`Sweep::best_by_sharpe`].
    pub fn best_by_sharpe(&self, runs: &[SweepRun]) -> Result<Option<BestRun>, BacktestError> {
        let engine = Engine::new(&self.market, &self.table, &self.config)?;
        Sweep::new(&engine, &self.book)
            .best_by_sharpe(runs, self.grid.points(), |p| self.strategy(p))
    }

    /// The reference strategy at a grid point (exit 0.25, one unit, mean reversion).
    pub(crate) fn strategy(
        &self,
        point: &(usize, f64),
    ) -> Result<crate::strategy::SlopeZScore, crate::strategy::StrategyError> {
        self.grid.strategy(
            point,
            ZScoreParams::reference(self.grid.window(point), point.1),
        )
    }

    /// The market (one series).
    pub fn market(&self) -> &Market {
        &self.market
    }

    /// An engine on the workload's market, table and configuration, and its book.
    ///
    /// # Errors
    /// Never in practice: errors of [`Engine::new`].
    #[cfg(test)]
    pub(crate) fn engine(&self) -> Result<(Engine<'_>, &Book), BacktestError> {
        Ok((
            Engine::new(&self.market, &self.table, &self.config)?,
            &self.book,
        ))
    }
}
