//! Online accumulators for the backtest hot loop: push one day at a time, read the summary at
//! the end, never store the series.
//!
//! | type | per push | gives |
//! | --- | --- | --- |
//! | [`SweepAccumulator`] | count, Σx, Σd, Σd², running peak, max drawdown | total, mean, volatility, Sharpe, drawdown depth; the reference sweep's figures |
//! | [`PerformanceAccumulator`] | the above, Σd³, Σd⁴, downside, gains/losses, win counts, drawdown days, optional exposure | a full [`PerformanceSummary`] |
//!
//! `d = x − x₀` is the day's P&L minus the first day's: the moments are kept as sums of
//! powers of shifted values, which costs one subtraction per day and keeps the one-pass
//! variance accurate when the mean is large against the standard deviation (Chan, Golub &
//! LeVeque 1983, "shifted data" algorithm).
//!
//! How their results compare with the batch functions is in the [module
//! docs](super#online-equals-batch).

use super::drawdown::Drawdown;
use super::exposure::{Exposure, ExposureSeries, Turnover, pnl_per_bp_from_sums};
use super::inference::SharpeEstimate;
use super::series::{
    CentralSums, PnlSeries, annualized_ratio, negative_part, positive_part, ratio_over_positive,
};
use super::{
    Annualization, MAX_ABS_OBSERVATION, MetricsError, SeriesKind, StdConvention, is_accepted,
    is_accepted_non_negative,
};
use serde::{Deserialize, Serialize};

/// The first rejected observation, kept until `finish` reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rejected {
    series: SeriesKind,
    index: usize,
    value: f64,
    min: f64,
}

impl Rejected {
    fn into_error(self) -> MetricsError {
        MetricsError::InvalidObservation {
            series: self.series,
            index: self.index,
            value: self.value,
            min: self.min,
            max: MAX_ABS_OBSERVATION,
        }
    }
}

/// The record of a rejected observation. Cold and free of `&mut self`, so that the
/// accumulator's fields can stay in registers in the caller's loop.
#[cold]
#[inline(never)]
fn rejection(series: SeriesKind, index: usize, value: f64) -> Rejected {
    let min = match series {
        SeriesKind::AbsDv01 | SeriesKind::ContractsTraded => 0.0,
        _ => -MAX_ABS_OBSERVATION,
    };
    Rejected {
        series,
        index,
        value,
        min,
    }
}

/// Which observation of a day with exposure was rejected (P&L first).
#[cold]
#[inline(never)]
fn day_rejection(index: usize, pnl: f64, exposure: Exposure) -> Rejected {
    if !is_accepted(pnl) {
        rejection(SeriesKind::Pnl, index, pnl)
    } else if !is_accepted_non_negative(exposure.abs_dv01) {
        rejection(SeriesKind::AbsDv01, index, exposure.abs_dv01)
    } else {
        rejection(
            SeriesKind::ContractsTraded,
            index,
            exposure.contracts_traded,
        )
    }
}

/// Central sums from shifted raw power sums `S_k = Σ d^k`, `d = x − x₀`.
///
/// ```text
/// md = S1 / n
/// M2 = S2 − md·S1
/// M3 = S3 − 3 md S2 + 3 md² S1 − n md³
/// M4 = S4 − 4 md S3 + 6 md² S2 − 4 md³ S1 + n md⁴
/// ```
/// `M2` is clamped at 0 against rounding (it is exactly 0 for a constant series).
fn central_from_raw(n: usize, s1: f64, s2: f64, s3: f64, s4: f64) -> Option<CentralSums> {
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let md = s1 / nf;
    let md2 = md * md;
    let m2 = (s2 - md * s1).max(0.0);
    let m3 = s3 - 3.0 * md * s2 + 3.0 * md2 * s1 - nf * md2 * md;
    let m4 = s4 - 4.0 * md * s3 + 6.0 * md2 * s2 - 4.0 * md2 * md * s1 + nf * md2 * md2;
    Some(CentralSums { n, m2, m3, m4 })
}

/// The minimal online core: what a parameter sweep needs per run, in a few additions per day.
///
/// Tracks the day count, cumulative P&L, the shifted first and second power sums, the running
/// peak (starting at 0) and the maximum drawdown depth. Produces the reference sweep's figures
/// ([`SweepStats`]) and the `Option`-valued total, mean, volatility and Sharpe ratio.
///
/// `push` is O(1), allocation-free and branch-light. An observation that is NaN, infinite or
/// larger than [`MAX_ABS_OBSERVATION`] is not accumulated; the first one is remembered and
/// [`finish`](Self::finish) reports it.
///
/// # Examples
/// ```
/// use spreadtrade::metrics::{SweepAccumulator, DAILY_252};
/// let mut acc = SweepAccumulator::new();
/// for x in [2.0, -2.0, 3.0, 0.0, 2.0] {
///     acc.push(x);
/// }
/// let stats = acc.finish(DAILY_252)?;
/// assert_eq!((stats.days, stats.total_pnl, stats.max_drawdown), (5, 5.0, 2.0));
/// # Ok::<(), spreadtrade::metrics::MetricsError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SweepAccumulator {
    days: usize,
    cum: f64,
    shift: f64,
    sum_d: f64,
    sum_d2: f64,
    peak: f64,
    max_dd: f64,
    rejected: Option<Rejected>,
}

/// The reference sweep's per-run figures (`bench/SWEEP.md`), from a [`SweepAccumulator`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepStats {
    /// Number of days pushed.
    pub days: usize,
    /// Total P&L, currency.
    pub total_pnl: f64,
    /// `√q · mean / σ_pop` with the **population** standard deviation, **0** when that is 0 or
    /// there are no days: the sweep's definition, not the library's (see
    /// [`PnlSeries::sharpe_or_zero`](super::PnlSeries::sharpe_or_zero)).
    pub sharpe: f64,
    /// Maximum drawdown depth from a running peak starting at 0, currency; **0** when the
    /// cumulative P&L never fell below its peak (the sweep's definition).
    pub max_drawdown: f64,
}

impl Default for SweepAccumulator {
    fn default() -> Self {
        SweepAccumulator::new()
    }
}

impl SweepAccumulator {
    /// An empty accumulator.
    pub const fn new() -> Self {
        SweepAccumulator {
            days: 0,
            cum: 0.0,
            shift: 0.0,
            sum_d: 0.0,
            sum_d2: 0.0,
            peak: 0.0,
            max_dd: 0.0,
            rejected: None,
        }
    }

    /// Adds one day's P&L.
    #[inline]
    pub fn push(&mut self, pnl: f64) {
        if !is_accepted(pnl) {
            if self.rejected.is_none() {
                self.rejected = Some(rejection(SeriesKind::Pnl, self.days, pnl));
            }
            return;
        }
        if self.days == 0 {
            self.shift = pnl;
        }
        let d = pnl - self.shift;
        self.sum_d += d;
        self.sum_d2 += d * d;
        self.cum += pnl;
        // Plain compare-selects (one `maxsd` each): the inputs are finite, so the NaN
        // handling of `f64::max` would only lengthen the loop-carried chains.
        self.peak = if self.cum > self.peak {
            self.cum
        } else {
            self.peak
        };
        let depth = self.peak - self.cum;
        self.max_dd = if depth > self.max_dd {
            depth
        } else {
            self.max_dd
        };
        self.days += 1;
    }

    /// The number of days accumulated.
    pub fn days(&self) -> usize {
        self.days
    }

    /// Cumulative P&L so far (the total), currency.
    pub fn total_pnl(&self) -> f64 {
        self.cum
    }

    fn sums(&self) -> Option<CentralSums> {
        central_from_raw(self.days, self.sum_d, self.sum_d2, 0.0, 0.0)
    }

    /// Mean daily P&L; `None` before the first day.
    pub fn mean(&self) -> Option<f64> {
        (self.days > 0).then(|| self.cum / self.days as f64)
    }

    /// Annualised volatility, as [`PnlSeries::volatility`](super::PnlSeries::volatility).
    pub fn volatility(
        &self,
        annualization: Annualization,
        convention: StdConvention,
    ) -> Option<f64> {
        self.sums()?
            .std_dev(convention)
            .map(|s| annualization.annualize_volatility(s))
    }

    /// Annualised Sharpe ratio, as [`PnlSeries::sharpe`](super::PnlSeries::sharpe).
    pub fn sharpe(&self, annualization: Annualization, convention: StdConvention) -> Option<f64> {
        let sd = self.sums()?.std_dev(convention)?;
        annualized_ratio(self.mean()?, sd, annualization)
    }

    /// Maximum drawdown depth; `None` when there was no drawdown.
    pub fn max_drawdown(&self) -> Option<f64> {
        (self.max_dd > 0.0).then_some(self.max_dd)
    }

    /// The reference sweep's figures.
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] for the first day pushed with a NaN, infinite or
    /// too large P&L.
    pub fn finish(&self, annualization: Annualization) -> Result<SweepStats, MetricsError> {
        if let Some(r) = self.rejected {
            return Err(r.into_error());
        }
        Ok(SweepStats {
            days: self.days,
            total_pnl: self.cum,
            sharpe: self
                .sharpe(annualization, StdConvention::Population)
                .unwrap_or(0.0),
            max_drawdown: self.max_dd,
        })
    }
}

/// What [`PerformanceAccumulator::finish_with`] and [`PerformanceSummary::from_series`]
/// compute ratios with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SummaryConfig {
    /// Periods per year for annualised figures (default [`DAILY_252`](super::DAILY_252)).
    pub annualization: Annualization,
    /// Standard deviation for volatility and the Sharpe ratio (default population, the
    /// crate's one convention: [`StdConvention`]).
    pub std_convention: StdConvention,
}

impl SummaryConfig {
    /// The default configuration with `annualization`.
    pub fn new(annualization: Annualization) -> Self {
        SummaryConfig {
            annualization,
            std_convention: StdConvention::default(),
        }
    }

    /// Sets the annualisation.
    pub fn with_annualization(mut self, annualization: Annualization) -> Self {
        self.annualization = annualization;
        self
    }

    /// Sets the standard-deviation convention.
    pub fn with_std_convention(mut self, std_convention: StdConvention) -> Self {
        self.std_convention = std_convention;
        self
    }
}

/// Everything the metrics module reports about one run; `None` marks a figure that is not
/// defined for the run (see each field).
///
/// Built online by [`PerformanceAccumulator`] or from stored series by
/// [`from_series`](Self::from_series); serde-serialisable (missing figures become `null`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PerformanceSummary {
    /// Annualisation of the annual figures.
    pub annualization: Annualization,
    /// Standard deviation used by `volatility` and `sharpe`.
    pub std_convention: StdConvention,
    /// Number of days.
    pub days: usize,
    /// Total P&L, currency (0 for no days).
    pub total_pnl: f64,
    /// Mean daily P&L, currency; `None` for no days.
    pub mean_daily_pnl: Option<f64>,
    /// Annualised P&L, currency per year; `None` for no days.
    pub annualized_pnl: Option<f64>,
    /// Annualised volatility of daily P&L; `None` with too few days for the convention.
    pub volatility: Option<f64>,
    /// Annualised Sharpe ratio; `None` with too few days or zero volatility.
    pub sharpe: Option<f64>,
    /// Annualised Sortino ratio (target 0); `None` for no days or no losing day.
    pub sortino: Option<f64>,
    /// Maximum drawdown from a running peak starting at 0; `None` when there was none.
    pub max_drawdown: Option<Drawdown>,
    /// Annualised P&L over maximum drawdown; `None` without a drawdown.
    pub calmar: Option<f64>,
    /// Winning days among days with non-zero P&L; `None` when every day was 0.
    pub hit_rate: Option<f64>,
    /// Gross gains over gross losses; `None` without a losing day.
    pub profit_factor: Option<f64>,
    /// t-statistic of the mean daily P&L (sample standard deviation); `None` with fewer than
    /// 2 days or zero volatility.
    pub t_stat: Option<f64>,
    /// Skewness of daily P&L (population); `None` for a constant series.
    pub skewness: Option<f64>,
    /// Kurtosis of daily P&L (population, non-excess); `None` for a constant series.
    pub kurtosis: Option<f64>,
    /// Contracts traded; `None` unless exposure was given for every day.
    pub turnover: Option<Turnover>,
    /// Total P&L over the mean absolute DV01 carried, in bp; `None` unless exposure was given
    /// for every day and some DV01 was carried.
    pub pnl_per_bp_dv01: Option<f64>,
}

impl PerformanceSummary {
    /// The summary of stored series, computed with the batch functions of [`PnlSeries`] and
    /// [`ExposureSeries`].
    ///
    /// # Errors
    /// [`MetricsError::LengthMismatch`] when the exposure series are not as long as the P&L.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{PerformanceSummary, PnlSeries, SummaryConfig};
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// let s = PerformanceSummary::from_series(pnl, None, &SummaryConfig::default())?;
    /// assert_eq!((s.hit_rate, s.profit_factor, s.turnover), (Some(0.75), Some(3.5), None));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn from_series(
        pnl: PnlSeries<'_>,
        exposure: Option<ExposureSeries<'_>>,
        config: &SummaryConfig,
    ) -> Result<PerformanceSummary, MetricsError> {
        let ann = config.annualization;
        let (turnover, pnl_per_bp_dv01) = match exposure {
            Some(e) => (Some(e.turnover(ann)), e.pnl_per_bp_dv01(pnl)?),
            None => (None, None),
        };
        Ok(PerformanceSummary {
            annualization: ann,
            std_convention: config.std_convention,
            days: pnl.len(),
            total_pnl: pnl.total(),
            mean_daily_pnl: pnl.mean(),
            annualized_pnl: pnl.annualized_pnl(ann),
            volatility: pnl.volatility(ann, config.std_convention),
            sharpe: pnl.sharpe(ann, config.std_convention),
            sortino: pnl.sortino(ann),
            max_drawdown: pnl.max_drawdown(),
            calmar: pnl.calmar(ann),
            hit_rate: pnl.hit_rate(),
            profit_factor: pnl.profit_factor(),
            t_stat: pnl.t_stat(),
            skewness: pnl.skewness(),
            kurtosis: pnl.kurtosis(),
            turnover,
            pnl_per_bp_dv01,
        })
    }

    /// The per-day Sharpe estimate for the probabilistic and deflated Sharpe ratios: the
    /// sample Sharpe per day (`t / √n`), with the summary's skewness and kurtosis; `None` when
    /// any of them is undefined.
    pub fn sharpe_estimate(&self) -> Option<SharpeEstimate> {
        let per_day = self.t_stat? / (self.days as f64).sqrt();
        SharpeEstimate::from_moments(per_day, self.days as u64, self.skewness?, self.kurtosis?)
    }
}

/// The full online accumulator: every figure of [`PerformanceSummary`] without storing the
/// series.
///
/// Push each day with [`push`](Self::push) (P&L only) or
/// [`push_with_exposure`](Self::push_with_exposure) (P&L plus the day's absolute DV01 and
/// contracts traded). Turnover and P&L per bp are reported only when every day came with its
/// exposure.
///
/// `push` is O(1) and allocation-free. An observation that is NaN, infinite, too large, or
/// (for exposure) negative is not accumulated; the first one is remembered and `finish`
/// reports it with its day index.
///
/// # Examples
/// ```
/// use spreadtrade::metrics::{Exposure, PerformanceAccumulator, DAILY_252};
/// let mut acc = PerformanceAccumulator::new();
/// for (pnl, traded) in [(2.0, 1.0), (-2.0, 0.0), (3.0, 0.0), (0.0, 1.0), (2.0, 0.0)] {
///     acc.push_with_exposure(pnl, Exposure { abs_dv01: 1.0, contracts_traded: traded });
/// }
/// let s = acc.finish(DAILY_252)?;
/// assert_eq!(s.max_drawdown.map(|d| (d.depth, d.trough_index)), Some((2.0, 1)));
/// assert_eq!(s.pnl_per_bp_dv01, Some(5.0)); // total 5 over a mean DV01 of 1
/// assert_eq!(s.turnover.map(|t| t.trading_days), Some(2));
/// # Ok::<(), spreadtrade::metrics::MetricsError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceAccumulator {
    days: usize,
    cum: f64,
    shift: f64,
    sum_d: f64,
    sum_d2: f64,
    sum_d3: f64,
    sum_d4: f64,
    sum_down2: f64,
    gross_gain: f64,
    gross_loss: f64,
    wins: usize,
    nonzero: usize,
    peak: f64,
    peak_index: Option<usize>,
    worst: WorstDrawdown,
    sum_abs_dv01: f64,
    contracts_traded: f64,
    trading_days: usize,
    exposure_days: usize,
    rejected: Option<Rejected>,
}

/// The deepest drawdown so far; `depth == 0` means none yet.
#[derive(Debug, Clone, Copy, PartialEq)]
struct WorstDrawdown {
    depth: f64,
    peak_level: f64,
    trough_level: f64,
    peak_index: Option<usize>,
    trough_index: usize,
    recovery_index: Option<usize>,
}

impl Default for PerformanceAccumulator {
    fn default() -> Self {
        PerformanceAccumulator::new()
    }
}

impl PerformanceAccumulator {
    /// An empty accumulator.
    pub const fn new() -> Self {
        PerformanceAccumulator {
            days: 0,
            cum: 0.0,
            shift: 0.0,
            sum_d: 0.0,
            sum_d2: 0.0,
            sum_d3: 0.0,
            sum_d4: 0.0,
            sum_down2: 0.0,
            gross_gain: 0.0,
            gross_loss: 0.0,
            wins: 0,
            nonzero: 0,
            peak: 0.0,
            peak_index: None,
            worst: WorstDrawdown {
                depth: 0.0,
                peak_level: 0.0,
                trough_level: 0.0,
                peak_index: None,
                trough_index: 0,
                recovery_index: None,
            },
            sum_abs_dv01: 0.0,
            contracts_traded: 0.0,
            trading_days: 0,
            exposure_days: 0,
            rejected: None,
        }
    }

    /// Adds one day's P&L (currency).
    #[inline]
    pub fn push(&mut self, pnl: f64) {
        if !is_accepted(pnl) {
            if self.rejected.is_none() {
                self.rejected = Some(rejection(SeriesKind::Pnl, self.days, pnl));
            }
            return;
        }
        self.push_valid(pnl);
    }

    /// Adds one day's P&L with the day's exposure.
    #[inline]
    pub fn push_with_exposure(&mut self, pnl: f64, exposure: Exposure) {
        let Exposure {
            abs_dv01,
            contracts_traded,
        } = exposure;
        // `&` rather than `&&`: one combined test, one branch.
        let ok = is_accepted(pnl)
            & is_accepted_non_negative(abs_dv01)
            & is_accepted_non_negative(contracts_traded);
        if !ok {
            if self.rejected.is_none() {
                self.rejected = Some(day_rejection(self.days, pnl, exposure));
            }
            return;
        }
        self.sum_abs_dv01 += abs_dv01;
        self.contracts_traded += contracts_traded;
        self.trading_days += usize::from(contracts_traded > 0.0);
        self.exposure_days += 1;
        self.push_valid(pnl);
    }

    #[inline(always)]
    fn push_valid(&mut self, x: f64) {
        let t = self.days;
        if t == 0 {
            self.shift = x;
        }
        let d = x - self.shift;
        let d2 = d * d;
        self.sum_d += d;
        self.sum_d2 += d2;
        self.sum_d3 += d2 * d;
        self.sum_d4 += d2 * d2;
        let down = negative_part(x);
        self.sum_down2 += down * down;
        self.gross_gain += positive_part(x);
        self.gross_loss -= down;
        self.wins += usize::from(x > 0.0);
        self.nonzero += usize::from(x != 0.0);

        self.cum += x;
        if self.cum >= self.peak {
            self.peak = self.cum;
            self.peak_index = Some(t);
            // The first new-or-equal high after the deepest trough is its recovery: the
            // running peak has not moved since that trough.
            if self.worst.depth > 0.0 && self.worst.recovery_index.is_none() {
                self.worst.recovery_index = Some(t);
            }
        } else {
            let depth = self.peak - self.cum;
            if depth > self.worst.depth {
                self.worst = WorstDrawdown {
                    depth,
                    peak_level: self.peak,
                    trough_level: self.cum,
                    peak_index: self.peak_index,
                    trough_index: t,
                    recovery_index: None,
                };
            }
        }
        self.days = t + 1;
    }

    /// The number of days accumulated.
    pub fn days(&self) -> usize {
        self.days
    }

    /// Cumulative P&L so far, currency.
    pub fn total_pnl(&self) -> f64 {
        self.cum
    }

    /// The summary with [`SummaryConfig::new`]`(annualization)` (population standard
    /// deviation, the crate's default).
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] for the first rejected observation.
    pub fn finish(&self, annualization: Annualization) -> Result<PerformanceSummary, MetricsError> {
        self.finish_with(&SummaryConfig::new(annualization))
    }

    /// The summary under `config`.
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] for the first rejected observation.
    pub fn finish_with(&self, config: &SummaryConfig) -> Result<PerformanceSummary, MetricsError> {
        if let Some(r) = self.rejected {
            return Err(r.into_error());
        }
        let ann = config.annualization;
        let n = self.days;
        let mean = (n > 0).then(|| self.cum / n as f64);
        let sums = central_from_raw(n, self.sum_d, self.sum_d2, self.sum_d3, self.sum_d4);
        let sd = |conv| sums.and_then(|s| s.std_dev(conv));
        let sharpe_of = |conv| annualized_ratio(mean?, sd(conv)?, ann);
        let downside = (n > 0).then(|| (self.sum_down2 / n as f64).sqrt());
        let max_drawdown = (self.worst.depth > 0.0).then(|| {
            let w = self.worst;
            let end = w.recovery_index.unwrap_or(n - 1);
            Drawdown {
                depth: w.depth,
                peak_level: w.peak_level,
                trough_level: w.trough_level,
                peak_index: w.peak_index,
                trough_index: w.trough_index,
                recovery_index: w.recovery_index,
                duration_days: Drawdown::duration(w.peak_index, end),
            }
        });
        let annualized_pnl = mean.map(|m| ann.annualize_mean(m));
        // Vacuously true before the first day, as for the batch series of length 0.
        let full_exposure = self.exposure_days == n;
        Ok(PerformanceSummary {
            annualization: ann,
            std_convention: config.std_convention,
            days: n,
            total_pnl: self.cum,
            mean_daily_pnl: mean,
            annualized_pnl,
            volatility: sd(config.std_convention).map(|s| ann.annualize_volatility(s)),
            sharpe: sharpe_of(config.std_convention),
            sortino: mean
                .zip(downside)
                .and_then(|(m, dd)| annualized_ratio(m, dd, ann)),
            max_drawdown,
            calmar: annualized_pnl
                .zip(max_drawdown)
                .and_then(|(a, d)| ratio_over_positive(a, d.depth)),
            hit_rate: (self.nonzero > 0).then(|| self.wins as f64 / self.nonzero as f64),
            profit_factor: ratio_over_positive(self.gross_gain, self.gross_loss),
            t_stat: mean
                .zip(sd(StdConvention::Sample))
                .and_then(|(m, s)| ratio_over_positive(m * (n as f64).sqrt(), s)),
            skewness: sums.and_then(|s| s.skewness()),
            kurtosis: sums.and_then(|s| s.kurtosis()),
            turnover: full_exposure
                .then(|| Turnover::from_parts(self.contracts_traded, self.trading_days, n, ann)),
            pnl_per_bp_dv01: full_exposure
                .then(|| pnl_per_bp_from_sums(self.cum, self.sum_abs_dv01, n))
                .flatten(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::DAILY_252;

    #[test]
    fn hand_worked_series_online() {
        // x = [2, −2, 3, 0, 2]: see series.rs for the hand computation.
        let mut acc = PerformanceAccumulator::new();
        for x in [2.0, -2.0, 3.0, 0.0, 2.0] {
            acc.push(x);
        }
        let sample =
            SummaryConfig::new(Annualization::PerPeriod).with_std_convention(StdConvention::Sample);
        let s = acc.finish_with(&sample).unwrap();
        assert_eq!(s.total_pnl, 5.0);
        assert_eq!(s.sharpe, Some(0.5));
        // The default convention is population: 1 / √3.2.
        let p = acc.finish(Annualization::PerPeriod).unwrap();
        assert_eq!(p.std_convention, StdConvention::Population);
        assert!((p.sharpe.unwrap() - 0.559_016_994).abs() < crate::tolerance::METRICS_HAND_ABS);
        assert_eq!(s.hit_rate, Some(0.75));
        assert_eq!(s.profit_factor, Some(3.5));
        // One-pass moments agree with the hand value within rounding, not bit for bit.
        assert!((s.kurtosis.unwrap() - 1.953_125).abs() < crate::tolerance::METRICS_HAND_ABS);
        let dd = s.max_drawdown.unwrap();
        assert_eq!(
            (dd.depth, dd.peak_index, dd.trough_index, dd.recovery_index),
            (2.0, Some(0), 1, Some(2))
        );
        assert_eq!(dd.duration_days, 2);
        assert_eq!(
            (s.turnover, s.pnl_per_bp_dv01),
            (None, None),
            "no exposure pushed"
        );
    }

    #[test]
    fn empty_accumulators_report_nothing_undefined() {
        let s = PerformanceAccumulator::new().finish(DAILY_252).unwrap();
        assert_eq!(s.days, 0);
        assert_eq!(s.total_pnl, 0.0);
        for v in [
            s.mean_daily_pnl,
            s.annualized_pnl,
            s.volatility,
            s.sharpe,
            s.sortino,
            s.calmar,
        ] {
            assert_eq!(v, None);
        }
        assert_eq!(
            (
                s.hit_rate,
                s.profit_factor,
                s.t_stat,
                s.skewness,
                s.kurtosis
            ),
            (None, None, None, None, None)
        );
        assert_eq!((s.max_drawdown, s.pnl_per_bp_dv01), (None, None));
        // No days: nothing traded, and no per-year figure.
        assert_eq!(
            s.turnover
                .map(|t| (t.contracts_traded, t.contracts_per_year)),
            Some((0.0, None))
        );
        let core = SweepAccumulator::new().finish(DAILY_252).unwrap();
        assert_eq!(
            core,
            SweepStats {
                days: 0,
                total_pnl: 0.0,
                sharpe: 0.0,
                max_drawdown: 0.0
            }
        );
    }

    #[test]
    fn the_first_bad_observation_is_reported_with_its_day() {
        let mut acc = PerformanceAccumulator::new();
        acc.push(1.0);
        acc.push_with_exposure(
            1.0,
            Exposure {
                abs_dv01: -3.0,
                contracts_traded: 0.0,
            },
        );
        acc.push(f64::NAN);
        assert_eq!(
            acc.finish(DAILY_252).unwrap_err(),
            MetricsError::InvalidObservation {
                series: SeriesKind::AbsDv01,
                index: 1,
                value: -3.0,
                min: 0.0,
                max: MAX_ABS_OBSERVATION,
            }
        );
        let mut core = SweepAccumulator::new();
        core.push(f64::INFINITY);
        assert!(matches!(
            core.finish(DAILY_252),
            Err(MetricsError::InvalidObservation {
                series: SeriesKind::Pnl,
                index: 0,
                ..
            })
        ));
    }

    #[test]
    fn exposure_figures_need_every_day() {
        let mut acc = PerformanceAccumulator::new();
        acc.push_with_exposure(
            1.0,
            Exposure {
                abs_dv01: 2.0,
                contracts_traded: 1.0,
            },
        );
        acc.push(1.0);
        let s = acc.finish(DAILY_252).unwrap();
        assert_eq!((s.turnover, s.pnl_per_bp_dv01), (None, None));
    }

    #[test]
    fn the_recovery_belongs_to_the_deepest_drawdown() {
        // C = 1, −1 (dd 2 from day 0), 2 (recovers), 0 (dd 2 again, not deeper), −2 (dd 4
        // from day 2), 3 (recovers on day 5).
        let mut acc = PerformanceAccumulator::new();
        for x in [1.0, -2.0, 3.0, -2.0, -2.0, 5.0] {
            acc.push(x);
        }
        let dd = acc.finish(DAILY_252).unwrap().max_drawdown.unwrap();
        assert_eq!(
            (dd.depth, dd.peak_index, dd.trough_index, dd.recovery_index),
            (4.0, Some(2), 4, Some(5))
        );
        assert_eq!(dd.duration_days, 3);
    }

    #[test]
    fn summary_serializes_missing_figures_as_null() {
        let s = PerformanceAccumulator::new().finish(DAILY_252).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"sharpe\":null"), "{json}");
        assert!(
            json.contains("\"annualization\":\"trading-days-252\""),
            "{json}"
        );
        let back: PerformanceSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
