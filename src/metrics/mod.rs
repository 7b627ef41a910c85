//! Performance metrics of daily P&L: total and annualised P&L, volatility, Sharpe, Sortino,
//! drawdown, Calmar, hit rate, profit factor, turnover, P&L per bp of DV01, t-statistic, and
//! the probabilistic and deflated Sharpe ratios.
//!
//! Pure maths: nothing here knows about markets, data files or the engine.
//!
//! # Inputs are P&L, not returns
//! A futures spread book has no natural capital base, so every input is a **daily P&L in
//! one currency** (day `t`'s mark-to-market plus realised P&L minus costs). Ratios that would
//! need capital are defined on P&L (a Sharpe ratio of P&L is unit-free); none here takes a
//! capital base.
//!
//! # Three ways in
//! - **Stored series:** [`PnlSeries::new`] checks a slice once, then its methods compute each
//!   metric; [`PerformanceSummary::from_series`] collects them all.
//! - **Online:** push one day at a time into a [`PerformanceAccumulator`] (everything) or a
//!   [`SweepAccumulator`] (the minimal core for parameter sweeps) and call `finish` at the end.
//! - **The engine:** every backtest run ([`crate::backtest::Engine`]) pushes its days into a
//!   [`RunAccumulator`] and takes its summary's statistics from
//!   [`RunAccumulator::statistics`]; the engine computes no ratio of its own.
//!
//! The online accumulators' results equal the batch functions' (see
//! [below](#online-equals-batch) for which are identical and which agree within a named
//! tolerance).
//!
//! # Conventions
//!
//! | choice | default | alternatives |
//! | --- | --- | --- |
//! | annualisation | [`DAILY_252`] (252 trading days, `√252` for volatility and Sharpe) | [`Annualization::Calendar365`], [`Annualization::trading_days`], [`Annualization::PerPeriod`] |
//! | standard deviation (volatility, Sharpe) | [`StdConvention::Population`] (`n`): backtest runs, sweeps and the reference sweep | [`StdConvention::Sample`] (`n − 1`) |
//! | t-statistic | always the sample standard deviation (the t-test's) | — |
//! | risk-free rate | none: futures P&L is already an excess return | — |
//! | Sortino target | 0, downside sum over all days divided by `n` | — |
//! | drawdown | from a running peak that starts at 0 | — |
//! | hit rate | wins / days with non-zero P&L | — |
//! | skewness, kurtosis | population moment ratios; kurtosis non-excess (normal = 3) | — |
//! | PSR, DSR, MinTRL | per-period Sharpe ratios throughout | convert with [`Annualization::deannualize_sharpe`] |
//!
//! # Online equals batch
//! Fed the same days, the accumulators reproduce the [`PnlSeries`] and [`ExposureSeries`]
//! results as follows:
//! - **identical** (`==`, the same operations in the same order): total, mean, annualised
//!   P&L, downside deviation and Sortino ratio, drawdown (depth, levels, its three days and
//!   duration), Calmar ratio, hit rate, profit factor, turnover, P&L per bp of DV01;
//! - **within [`METRICS_ONLINE_MOMENT_REL`]** (relative): volatility, Sharpe ratio and
//!   t-statistic, whose variance is one-pass online and two-pass in the batch functions;
//! - [`RunAccumulator`] keeps raw power sums (so that flat days add exactly nothing): its
//!   totals, drawdown depth, hit rate and Calmar ratio are identical, its moments agree
//!   within rounding of the one-pass formula;
//! - **within [`METRICS_ONLINE_HIGHER_MOMENT_TOL`]** (`|Δ| ≤ tol · max(1, |value|)`):
//!   skewness and kurtosis.
//!
//! The online moments are kept as sums of powers of `d = x − x₀` (the day's P&L minus the
//! first day's), the "shifted data" algorithm of Chan, Golub & LeVeque (1983): one extra
//! subtraction per day, and the one-pass variance stays accurate when the mean is large
//! against the standard deviation. Degenerate cases agree exactly: a constant series has
//! zero variance in both paths (every shifted value is 0), so ratios over it are `None` in
//! both.
//!
//! [`METRICS_ONLINE_MOMENT_REL`]: crate::tolerance::METRICS_ONLINE_MOMENT_REL
//! [`METRICS_ONLINE_HIGHER_MOMENT_TOL`]: crate::tolerance::METRICS_ONLINE_HIGHER_MOMENT_TOL
//!
//! # Degenerate cases and bad input
//! A figure that is not defined for the data (no days, zero volatility, no losing day for a
//! profit factor, no drawdown for a Calmar ratio, …) is `None`, never NaN, ±∞ or a 0
//! standing in for "undefined". The one exception is the reference sweep's own Sharpe
//! ([`PnlSeries::sharpe_or_zero`], [`SweepStats`]), which that workload defines as 0 when the
//! volatility is 0 (and whose drawdown is 0 when there is none). A ratio whose value is too
//! large for an `f64` (say a P&L of 10⁵⁹ over a drawdown of 10⁻³⁰⁰) is also `None`.
//!
//! Observations must be finite with magnitude at most [`MAX_ABS_OBSERVATION`] (exposures also
//! non-negative); anything else — NaN included — is an error naming the series and the day,
//! from [`PnlSeries::new`] or from the accumulators' `finish`. The bound keeps every
//! intermediate sum (up to fourth powers of deviations) finite.
//!
//! # Example
//! ```
//! use spreadtrade::metrics::{PerformanceAccumulator, PnlSeries, StdConvention, DAILY_252};
//!
//! let days = [2.0, -2.0, 3.0, 0.0, 2.0];
//! let pnl = PnlSeries::new(&days)?;
//! let mut acc = PerformanceAccumulator::new();
//! for &x in &days {
//!     acc.push(x);
//! }
//! let summary = acc.finish(DAILY_252)?;
//! assert_eq!(summary.total_pnl, pnl.total());
//! assert_eq!(summary.max_drawdown, pnl.max_drawdown());
//! assert_eq!(summary.calmar, pnl.calmar(DAILY_252));
//! assert_eq!(pnl.sharpe(DAILY_252, StdConvention::Sample).map(|s| s > 7.9), Some(true));
//! # Ok::<(), spreadtrade::metrics::MetricsError>(())
//! ```

mod annualization;
mod drawdown;
mod error;
mod exposure;
mod inference;
mod online;
mod run;
mod series;

pub use annualization::{Annualization, DAILY_252, StdConvention};
pub use drawdown::Drawdown;
pub use error::{MetricsError, SeriesKind};
pub use exposure::{Exposure, ExposureSeries, Turnover, pnl_per_bp_dv01};
pub use inference::{DeflatedSharpe, SharpeEstimate, expected_max_sharpe, trial_sharpe_variance};
pub use online::{
    PerformanceAccumulator, PerformanceSummary, SummaryConfig, SweepAccumulator, SweepStats,
};
pub(crate) use run::RunAccumulatorLanes;
pub use run::{RunAccumulator, RunStatistics};
pub use series::PnlSeries;
pub(crate) use series::ratio_over_positive;

/// The largest magnitude accepted for a daily P&L, DV01, position or contract count.
///
/// 10⁶⁰ is far beyond any book (world GDP is about 10¹⁴ USD) while keeping every sum finite:
/// a deviation is at most 2·10⁶⁰, its fourth power about 1.6·10²⁴¹, so sums of fourth powers
/// over up to 10⁶⁶ days stay below `f64::MAX`. No sum can overflow to ±∞ or NaN; ratios that
/// would overflow are `None`.
pub const MAX_ABS_OBSERVATION: f64 = 1e60;

/// Whether `x` is an accepted signed observation: finite with `|x| ≤ MAX_ABS_OBSERVATION`
/// (false for NaN and ±∞).
#[inline(always)]
pub(crate) fn is_accepted(x: f64) -> bool {
    (-MAX_ABS_OBSERVATION..=MAX_ABS_OBSERVATION).contains(&x)
}

/// Whether `x` is an accepted non-negative observation: `0 ≤ x ≤ MAX_ABS_OBSERVATION`.
#[inline(always)]
pub(crate) fn is_accepted_non_negative(x: f64) -> bool {
    (0.0..=MAX_ABS_OBSERVATION).contains(&x)
}
