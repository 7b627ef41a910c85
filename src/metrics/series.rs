//! Performance statistics of a stored daily P&L series (the batch functions).
//!
//! [`PnlSeries`] wraps a slice of daily P&L after checking every value once; its methods then
//! return `Option`s, `None` for degenerate cases, and never NaN.

use super::drawdown::{Drawdown, max_drawdown};
use super::inference::SharpeEstimate;
use super::{
    Annualization, MAX_ABS_OBSERVATION, MetricsError, SeriesKind, StdConvention, is_accepted,
};

/// A daily P&L series in one currency, checked to hold only finite values with magnitude at
/// most [`MAX_ABS_OBSERVATION`].
///
/// Day `i` of the series is the P&L earned over trading day `i` (mark-to-market of the
/// positions held plus realised P&L minus costs), in currency units, not a return: futures
/// spread books have no natural capital base.
///
/// Sums run left to right in day order, so that [`PerformanceAccumulator`] fed the same days
/// gives bit-identical totals, means, drawdowns, hit rates and profit factors.
///
/// [`PerformanceAccumulator`]: super::PerformanceAccumulator
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PnlSeries<'a> {
    pnl: &'a [f64],
}

/// Sums of powers of deviations from the mean, computed in two passes.
///
/// The deviations are taken about the first observation and then about the mean of those
/// shifted values, `e = (x − x₀) − mean(x − x₀)`, so that a constant series gives exactly zero
/// (the plain `x − mean(x)` does not when `Σx / n` rounds).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CentralSums {
    pub(crate) n: usize,
    pub(crate) m2: f64,
    pub(crate) m3: f64,
    pub(crate) m4: f64,
}

impl CentralSums {
    pub(crate) fn of(xs: &[f64]) -> Option<CentralSums> {
        let (&x0, _) = xs.split_first()?;
        let n = xs.len();
        let shifted_mean = xs.iter().fold(0.0, |s, &x| s + (x - x0)) / n as f64;
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        for &x in xs {
            let e = (x - x0) - shifted_mean;
            let e2 = e * e;
            m2 += e2;
            m3 += e2 * e;
            m4 += e2 * e2;
        }
        Some(CentralSums { n, m2, m3, m4 })
    }

    /// `√(m2 / (n − ddof))`; `None` when `n ≤ ddof`.
    pub(crate) fn std_dev(&self, convention: StdConvention) -> Option<f64> {
        let dof = self.n.checked_sub(convention.ddof()).filter(|&d| d > 0)?;
        Some((self.m2 / dof as f64).sqrt())
    }

    /// Population skewness `(m3/n) / (m2/n)^{3/2}`; `None` when `m2 = 0`. Deviations below
    /// about 1e-100 underflow their cubes: the ratio then loses precision, or is `None` if
    /// the denominator underflows to 0.
    pub(crate) fn skewness(&self) -> Option<f64> {
        let n = self.n as f64;
        let var = self.m2 / n;
        ratio_over_positive(self.m3 / n, var * var.sqrt())
    }

    /// Population (non-excess) kurtosis `(m4/n) / (m2/n)²`; `None` when `m2 = 0`. Deviations
    /// below about 1e-77 underflow their fourth powers: the ratio then loses precision, or is
    /// `None` if the denominator underflows to 0.
    pub(crate) fn kurtosis(&self) -> Option<f64> {
        let n = self.n as f64;
        let var = self.m2 / n;
        ratio_over_positive(self.m4 / n, var * var)
    }
}

/// `a / b` when `b > 0` and the quotient is finite: the guard every ratio here shares. A
/// quotient that overflows (a huge P&L over a drawdown of 1e-300) is not representable and is
/// `None`, like any other undefined figure.
pub(crate) fn ratio_over_positive(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b).filter(|r| r.is_finite())
}

/// `√q · a / b` under the same guard (Sharpe-like ratios).
pub(crate) fn annualized_ratio(a: f64, b: f64, annualization: Annualization) -> Option<f64> {
    ratio_over_positive(a, b)
        .map(|r| annualization.annualize_sharpe(r))
        .filter(|r| r.is_finite())
}

impl<'a> PnlSeries<'a> {
    /// Wraps `pnl` after checking that every value is finite with `|x| ≤ MAX_ABS_OBSERVATION`.
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] naming the first bad day (NaN, ±∞ or too large).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{MetricsError, PnlSeries};
    ///
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// assert_eq!(pnl.len(), 5);
    /// assert!(matches!(
    ///     PnlSeries::new(&[1.0, f64::NAN]),
    ///     Err(MetricsError::InvalidObservation { index: 1, .. })
    /// ));
    /// # Ok::<(), MetricsError>(())
    /// ```
    pub fn new(pnl: &'a [f64]) -> Result<Self, MetricsError> {
        if let Some((index, &value)) = pnl.iter().enumerate().find(|(_, x)| !is_accepted(**x)) {
            return Err(MetricsError::InvalidObservation {
                series: SeriesKind::Pnl,
                index,
                value,
                min: -MAX_ABS_OBSERVATION,
                max: MAX_ABS_OBSERVATION,
            });
        }
        Ok(PnlSeries { pnl })
    }

    /// The underlying daily P&L.
    pub fn as_slice(self) -> &'a [f64] {
        self.pnl
    }

    /// The number of days.
    pub fn len(self) -> usize {
        self.pnl.len()
    }

    /// Whether the series has no days.
    pub fn is_empty(self) -> bool {
        self.pnl.is_empty()
    }

    /// Total P&L over the series.
    ///
    /// # Formula
    /// ```text
    /// total = Σ_{t=0}^{n−1} x_t
    ///   x_t  P&L of day t, currency
    /// ```
    ///
    /// # Conventions
    /// Summed left to right in day order. The sum over no days is 0 (an empty book made
    /// nothing), which is a value, not a missing one.
    ///
    /// # References
    /// Definition.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// assert_eq!(PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.total(), 5.0);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn total(self) -> f64 {
        sum_in_order(self.pnl)
    }

    /// Mean daily P&L; `None` for an empty series.
    ///
    /// # Formula
    /// ```text
    /// x̄ = total / n
    ///   n  number of days
    /// ```
    ///
    /// # Conventions
    /// Every day counts, including days with no position (P&L 0).
    ///
    /// # References
    /// Definition.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// assert_eq!(PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.mean(), Some(1.0));
    /// assert_eq!(PnlSeries::new(&[])?.mean(), None);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn mean(self) -> Option<f64> {
        (!self.is_empty()).then(|| self.total() / self.len() as f64)
    }

    /// Annualised P&L: the mean daily P&L scaled to a year; `None` for an empty series.
    ///
    /// # Formula
    /// ```text
    /// annualised P&L = q · x̄
    ///   q  periods per year (252 for DAILY_252), x̄ mean daily P&L, currency
    /// ```
    ///
    /// # Conventions
    /// Arithmetic scaling (P&L adds; there is no compounding without a capital base).
    ///
    /// # References
    /// Definition; see [`Annualization`] for `q`.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, DAILY_252};
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// assert_eq!(pnl.annualized_pnl(DAILY_252), Some(252.0));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn annualized_pnl(self, annualization: Annualization) -> Option<f64> {
        self.mean().map(|m| annualization.annualize_mean(m))
    }

    /// Standard deviation of daily P&L, per day; `None` when there are too few days
    /// (`n ≤ ddof`: fewer than 2 for sample, 0 for population).
    ///
    /// # Formula
    /// ```text
    /// σ = √( Σ (x_t − x̄)² / (n − ddof) )
    ///   ddof  1 for StdConvention::Sample, 0 for StdConvention::Population
    /// ```
    ///
    /// # Conventions
    /// Two passes; deviations are taken about the first day and then about the mean of those
    /// shifted values, which equals `x_t − x̄` in exact arithmetic and gives exactly 0 for a
    /// constant series. A constant series has volatility `Some(0.0)`: a value, not a
    /// degenerate case (ratios that divide by it return `None`).
    ///
    /// # References
    /// Sample variance with Bessel's correction; the shifted two-pass form follows
    /// T. F. Chan, G. H. Golub & R. J. LeVeque, "Algorithms for Computing the Sample
    /// Variance: Analysis and Recommendations", *The American Statistician* 37(3), 1983.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, StdConvention};
    /// // deviations from the mean 1: 1, −3, 2, −1, 1; squares sum to 16
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// assert_eq!(pnl.std_dev(StdConvention::Sample), Some(2.0)); // √(16/4)
    /// assert_eq!(pnl.std_dev(StdConvention::Population), Some(3.2_f64.sqrt())); // √(16/5)
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn std_dev(self, convention: StdConvention) -> Option<f64> {
        CentralSums::of(self.pnl)?.std_dev(convention)
    }

    /// Annualised volatility of daily P&L (currency per √year); `None` when there are too few
    /// days for the convention.
    ///
    /// # Formula
    /// ```text
    /// vol = √q · σ
    ///   σ  per-day standard deviation (see std_dev), currency
    ///   q  periods per year
    /// ```
    ///
    /// # Conventions
    /// `√q` scaling assumes independent days. The crate's default convention is population
    /// (`n`, [`StdConvention`]).
    ///
    /// # References
    /// A. W. Lo, "The Statistics of Sharpe Ratios", *Financial Analysts Journal* 58(4), 2002.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, StdConvention, Annualization};
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// let daily4 = Annualization::trading_days(4).unwrap();
    /// assert_eq!(pnl.volatility(daily4, StdConvention::Sample), Some(4.0)); // √4 · 2
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn volatility(
        self,
        annualization: Annualization,
        convention: StdConvention,
    ) -> Option<f64> {
        self.std_dev(convention)
            .map(|s| annualization.annualize_volatility(s))
    }

    /// Annualised Sharpe ratio of daily P&L; `None` when there are too few days or the
    /// standard deviation is 0.
    ///
    /// # Formula
    /// ```text
    /// SR = √q · x̄ / σ
    ///   x̄  mean daily P&L, currency
    ///   σ  standard deviation of daily P&L under the chosen convention, currency
    ///   q  periods per year
    /// ```
    ///
    /// # Conventions
    /// No risk-free rate is subtracted: a futures position needs no funding, so its P&L is
    /// already an excess return (Sharpe 1994 defines the ratio on such differential returns).
    /// Every day counts, flat days included. The crate's default convention is population
    /// (`n`, [`StdConvention`]).
    ///
    /// # References
    /// W. F. Sharpe, "The Sharpe Ratio", *Journal of Portfolio Management* 21(1), 1994;
    /// A. W. Lo, "The Statistics of Sharpe Ratios", *Financial Analysts Journal* 58(4), 2002,
    /// section "Time aggregation" for the `√q` annualisation and its i.i.d. assumption.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, StdConvention, Annualization};
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// // x̄ = 1, s = 2: 0.5 per day
    /// assert_eq!(pnl.sharpe(Annualization::PerPeriod, StdConvention::Sample), Some(0.5));
    /// assert_eq!(PnlSeries::new(&[1.0, 1.0])?.sharpe(Annualization::PerPeriod, StdConvention::Sample), None);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn sharpe(self, annualization: Annualization, convention: StdConvention) -> Option<f64> {
        let sd = self.std_dev(convention)?;
        let mean = self.mean()?;
        annualized_ratio(mean, sd, annualization)
    }

    /// The reference sweep's Sharpe: `√q · x̄ / σ` with the **population** standard deviation,
    /// and **0** when that deviation is 0 or the series is empty.
    ///
    /// Use this only where `bench/SWEEP.md` semantics are required (comparing with the peer
    /// implementations); everywhere else use [`sharpe`](Self::sharpe), which returns `None`
    /// instead of a 0 that is not a measurement.
    ///
    /// # Formula
    /// ```text
    /// SR = √q · x̄ / σ_pop   if σ_pop > 0,   else 0
    ///   σ_pop = √( Σ (x_t − x̄)² / n )
    /// ```
    ///
    /// # Conventions
    /// Population standard deviation (ddof 0), all days.
    ///
    /// # References
    /// `bench/SWEEP.md`, "Per combination: … Sharpe".
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, DAILY_252};
    /// assert_eq!(PnlSeries::new(&[0.0; 10])?.sharpe_or_zero(DAILY_252), 0.0);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn sharpe_or_zero(self, annualization: Annualization) -> f64 {
        self.sharpe(annualization, StdConvention::Population)
            .unwrap_or(0.0)
    }

    /// Downside deviation of daily P&L below a target of 0, per day; `None` for an empty
    /// series.
    ///
    /// # Formula
    /// ```text
    /// DD = √( Σ_t min(x_t, 0)² / n )
    ///   n  number of days, all of them (not only the losing ones)
    /// ```
    ///
    /// # Conventions
    /// Target (minimum acceptable P&L) 0; the sum runs over every day and is divided by the
    /// total number of days, the discrete form of Sortino & Price's downside risk integral
    /// `√∫_{−∞}^{T} (T − x)² f(x) dx` with `T = 0`.
    ///
    /// # References
    /// F. A. Sortino & L. N. Price, "Performance Measurement in a Downside Risk Framework",
    /// *Journal of Investing* 3(3), 1994, pp. 59–64 (downside deviation and the Sortino
    /// ratio).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// // only day 1 loses: √((−2)² / 5) = √0.8
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// assert_eq!(pnl.downside_deviation(), Some(0.8_f64.sqrt()));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn downside_deviation(self) -> Option<f64> {
        if self.is_empty() {
            return None;
        }
        let sum_sq = self.pnl.iter().fold(0.0, |s, &x| {
            let down = negative_part(x);
            s + down * down
        });
        Some((sum_sq / self.len() as f64).sqrt())
    }

    /// Annualised Sortino ratio (target 0); `None` for an empty series or when no day lost
    /// money (downside deviation 0).
    ///
    /// # Formula
    /// ```text
    /// Sortino = √q · x̄ / DD
    ///   DD  downside deviation per day (see downside_deviation), currency
    /// ```
    ///
    /// # Conventions
    /// Target 0, all days in the downside sum; `√q` annualisation as for the Sharpe ratio.
    ///
    /// # References
    /// F. A. Sortino & L. N. Price, "Performance Measurement in a Downside Risk Framework",
    /// *Journal of Investing* 3(3), 1994.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, Annualization};
    /// use spreadtrade::tolerance::METRICS_HAND_ABS;
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// // x̄ = 1, DD = √0.8: 1 / 0.894427191 = 1.118033989
    /// let s = pnl.sortino(Annualization::PerPeriod).unwrap();
    /// assert!((s - 1.118_033_989).abs() < METRICS_HAND_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn sortino(self, annualization: Annualization) -> Option<f64> {
        let dd = self.downside_deviation()?;
        let mean = self.mean()?;
        annualized_ratio(mean, dd, annualization)
    }

    /// The maximum drawdown of cumulative P&L from a running peak that starts at 0, with the
    /// days of its peak, trough and recovery; `None` when the cumulative P&L never falls below
    /// its running peak (including an empty series).
    ///
    /// See [`Drawdown`] for the formula and the day conventions.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// // cumulative 2, 0, 3, 3, 5: down 2 from day 0 to day 1, back above 2 on day 2
    /// let dd = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.max_drawdown().unwrap();
    /// assert_eq!((dd.depth, dd.peak_index, dd.trough_index), (2.0, Some(0), 1));
    /// assert_eq!((dd.recovery_index, dd.duration_days), (Some(2), 2));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn max_drawdown(self) -> Option<Drawdown> {
        max_drawdown(self.pnl)
    }

    /// Calmar ratio: annualised P&L over the maximum drawdown; `None` when there is no
    /// drawdown (or no days).
    ///
    /// # Formula
    /// ```text
    /// Calmar = q · x̄ / MDD
    ///   MDD  maximum drawdown of cumulative P&L from a running peak starting at 0, currency
    /// ```
    ///
    /// # Conventions
    /// Over the whole series (Young's original used the last 36 months); both numerator and
    /// denominator are in currency, so the ratio is unit-free.
    ///
    /// # References
    /// T. W. Young, "Calmar Ratio: A Smoother Tool", *Futures* magazine, October 1991.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::{PnlSeries, DAILY_252};
    /// let pnl = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?;
    /// assert_eq!(pnl.calmar(DAILY_252), Some(126.0)); // 252 · 1 / 2
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn calmar(self, annualization: Annualization) -> Option<f64> {
        let dd = self.max_drawdown()?;
        ratio_over_positive(self.annualized_pnl(annualization)?, dd.depth)
    }

    /// Hit rate: the share of winning days among days with non-zero P&L; `None` when every
    /// day's P&L is 0 (or there are no days).
    ///
    /// # Formula
    /// ```text
    /// hit rate = #{t : x_t > 0} / #{t : x_t ≠ 0}
    /// ```
    ///
    /// # Conventions
    /// Days with exactly zero P&L (no position, or a flat mark) are neither wins nor losses
    /// and are left out of both counts, so that a strategy that is mostly flat is judged on
    /// the days it was exposed.
    ///
    /// # References
    /// Definition (the "percent profitable" of trading-system reports, here per day).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// // wins on days 0, 2, 4; a loss on day 1; day 3 is flat
    /// assert_eq!(PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.hit_rate(), Some(0.75));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn hit_rate(self) -> Option<f64> {
        let wins = self.pnl.iter().filter(|&&x| x > 0.0).count();
        let nonzero = self.pnl.iter().filter(|&&x| x != 0.0).count();
        (nonzero > 0).then(|| wins as f64 / nonzero as f64)
    }

    /// Profit factor: gross gains over gross losses; `None` when there are no losing days.
    ///
    /// # Formula
    /// ```text
    /// PF = Σ_t max(x_t, 0) / Σ_t max(−x_t, 0)
    /// ```
    ///
    /// # Conventions
    /// Per day (not per round-trip trade). A series with losses and no gains has PF 0, a
    /// value.
    ///
    /// # References
    /// Definition (the profit factor of trading-system reports, here per day).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// // gains 2 + 3 + 2 = 7, losses 2
    /// assert_eq!(PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.profit_factor(), Some(3.5));
    /// assert_eq!(PnlSeries::new(&[1.0, 0.0])?.profit_factor(), None);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn profit_factor(self) -> Option<f64> {
        let (gains, losses) = gross_gain_loss(self.pnl);
        ratio_over_positive(gains, losses)
    }

    /// The t-statistic of the mean daily P&L against 0; `None` with fewer than 2 days or a
    /// zero standard deviation.
    ///
    /// # Formula
    /// ```text
    /// t = x̄ / (s / √n)
    ///   s  sample standard deviation of daily P&L (n − 1), currency
    /// ```
    ///
    /// # Conventions
    /// Always the sample standard deviation, whatever convention a Sharpe ratio uses; equal
    /// to the per-day sample Sharpe ratio times `√n`. Under i.i.d. normal P&L it is Student-t
    /// with `n − 1` degrees of freedom.
    ///
    /// # References
    /// The one-sample t-test ("Student", "The Probable Error of a Mean", *Biometrika* 6(1),
    /// 1908); Lo (2002) for its relation to the Sharpe ratio.
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// use spreadtrade::tolerance::METRICS_HAND_ABS;
    /// // x̄ = 1, s = 2, n = 5: t = √5 / 2 = 1.118033989
    /// let t = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.t_stat().unwrap();
    /// assert!((t - 1.118_033_989).abs() < METRICS_HAND_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn t_stat(self) -> Option<f64> {
        let s = self.std_dev(StdConvention::Sample)?;
        let mean = self.mean()?;
        ratio_over_positive(mean * (self.len() as f64).sqrt(), s)
    }

    /// Skewness of daily P&L (population moment ratio); `None` for an empty or constant
    /// series (or one whose deviations are too small, below about 1e-100, to cube).
    ///
    /// # Formula
    /// ```text
    /// γ3 = m3 / m2^{3/2},   m_k = Σ (x_t − x̄)^k / n
    /// ```
    ///
    /// # Conventions
    /// Biased (population) moments, as `scipy.stats.skew` with its default `bias=True`; this
    /// is the `γ̂3` the probabilistic Sharpe ratio takes.
    ///
    /// # References
    /// D. H. Bailey & M. López de Prado, "The Sharpe Ratio Efficient Frontier", *Journal of
    /// Risk* 15(2), 2012 (γ̂3 in the PSR).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// use spreadtrade::tolerance::METRICS_HAND_ABS;
    /// // deviations 1, −3, 2, −1, 1: m2 = 16/5, m3 = −18/5; γ3 = −3.6 / 3.2^1.5
    /// let g = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.skewness().unwrap();
    /// assert!((g - (-0.628_894_119)).abs() < METRICS_HAND_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn skewness(self) -> Option<f64> {
        CentralSums::of(self.pnl)?.skewness()
    }

    /// Kurtosis of daily P&L (population moment ratio, **not** excess: 3 for a normal
    /// distribution); `None` for an empty or constant series (or one whose deviations are too
    /// small, below about 1e-77, to raise to the fourth power).
    ///
    /// # Formula
    /// ```text
    /// γ4 = m4 / m2²,   m_k = Σ (x_t − x̄)^k / n
    /// ```
    ///
    /// # Conventions
    /// Biased (population) moments, non-excess, as `scipy.stats.kurtosis(fisher=False)`; the
    /// `γ̂4` of the probabilistic Sharpe ratio.
    ///
    /// # References
    /// Bailey & López de Prado (2012) (γ̂4 in the PSR).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// // m4 = (1 + 81 + 16 + 1 + 1)/5 = 20, m2² = 3.2² = 10.24
    /// use spreadtrade::tolerance::METRICS_HAND_ABS;
    /// let k = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.kurtosis().unwrap();
    /// assert!((k - 1.953_125).abs() < METRICS_HAND_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn kurtosis(self) -> Option<f64> {
        CentralSums::of(self.pnl)?.kurtosis()
    }

    /// The per-day Sharpe ratio with the moments the probabilistic and deflated Sharpe ratios
    /// need; `None` with fewer than 2 days or a zero standard deviation.
    ///
    /// The Sharpe ratio uses the sample standard deviation; skewness and kurtosis are the
    /// population moment ratios of [`skewness`](Self::skewness) and
    /// [`kurtosis`](Self::kurtosis).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::PnlSeries;
    /// let est = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.sharpe_estimate().unwrap();
    /// assert_eq!((est.sharpe_per_period(), est.observations()), (0.5, 5));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn sharpe_estimate(self) -> Option<SharpeEstimate> {
        let sums = CentralSums::of(self.pnl)?;
        let sr = ratio_over_positive(self.mean()?, sums.std_dev(StdConvention::Sample)?)?;
        SharpeEstimate::from_moments(sr, self.len() as u64, sums.skewness()?, sums.kurtosis()?)
    }
}

/// `Σ x` left to right from `+0.0` (`Iterator::sum` starts from `−0.0`, which would make the
/// empty total print as `-0`).
pub(crate) fn sum_in_order(xs: &[f64]) -> f64 {
    xs.iter().fold(0.0, |s, &x| s + x)
}

/// `max(x, 0)` as a plain compare-select (inputs are finite; see the online accumulator).
#[inline(always)]
pub(crate) fn positive_part(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

/// `min(x, 0)` as a plain compare-select.
#[inline(always)]
pub(crate) fn negative_part(x: f64) -> f64 {
    if x < 0.0 { x } else { 0.0 }
}

/// `(Σ max(x, 0), Σ max(−x, 0))` in day order; the loss sum subtracts `min(x, 0)`, exactly
/// as the online accumulator does.
pub(crate) fn gross_gain_loss(pnl: &[f64]) -> (f64, f64) {
    pnl.iter().fold((0.0, 0.0), |(g, l), &x| {
        (g + positive_part(x), l - negative_part(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::DAILY_252;
    use crate::tolerance::METRICS_HAND_ABS;

    // The hand-worked series of the module docs: x = [2, −2, 3, 0, 2], n = 5.
    //   total 5, x̄ = 1, deviations 1, −3, 2, −1, 1 (Σe² = 16, Σe³ = −18, Σe⁴ = 100)
    //   sample s = √(16/4) = 2, population σ = √3.2 = 1.788854382
    const X: [f64; 5] = [2.0, -2.0, 3.0, 0.0, 2.0];
    const SQRT_252: f64 = 15.874_507_866_387_544;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < METRICS_HAND_ABS
    }

    #[test]
    fn hand_worked_series_every_metric() {
        let p = PnlSeries::new(&X).unwrap();
        assert_eq!(p.total(), 5.0);
        assert_eq!(p.mean(), Some(1.0));
        assert_eq!(p.annualized_pnl(DAILY_252), Some(252.0));
        // Sharpe (sample) per day 1/2; annualised √252/2 = 7.937253933
        assert!(close(
            p.sharpe(DAILY_252, StdConvention::Sample).unwrap(),
            7.937_253_933
        ));
        // Sharpe (population) per day 1/√3.2 = 0.559016994; √252 × = 8.874119674
        assert!(close(
            p.sharpe(DAILY_252, StdConvention::Population).unwrap(),
            8.874_119_674
        ));
        assert!(close(p.sharpe_or_zero(DAILY_252), 8.874_119_674));
        // Sortino: DD = √(4/5) = 0.894427191; 1/DD = 1.118033989; × √252 = 17.748239349
        assert!(close(p.sortino(DAILY_252).unwrap(), 17.748_239_349));
        // vol: s √252 = 31.749015733
        assert!(close(
            p.volatility(DAILY_252, StdConvention::Sample).unwrap(),
            31.749_015_733
        ));
        assert_eq!(p.hit_rate(), Some(0.75));
        assert_eq!(p.profit_factor(), Some(3.5));
        assert!(close(p.t_stat().unwrap(), 5f64.sqrt() / 2.0));
        assert_eq!(p.calmar(DAILY_252), Some(126.0));
        // skew −3.6 / 3.2^1.5 = −3.6 / 5.724334022 = −0.628894119
        assert!(close(p.skewness().unwrap(), -0.628_894_119));
        // kurtosis (100/5) / 3.2² = 20 / 10.24 = 1.953125
        assert!(close(p.kurtosis().unwrap(), 1.953_125));
        assert!(close(SQRT_252, 252f64.sqrt()));
    }

    #[test]
    fn degenerate_series_give_none_not_nan_or_zero() {
        let empty = PnlSeries::new(&[]).unwrap();
        assert_eq!(empty.total(), 0.0);
        assert_eq!(empty.mean(), None);
        assert_eq!(empty.annualized_pnl(DAILY_252), None);
        assert_eq!(empty.std_dev(StdConvention::Population), None);
        assert_eq!(empty.sharpe(DAILY_252, StdConvention::Sample), None);
        assert_eq!(empty.sortino(DAILY_252), None);
        assert_eq!(empty.max_drawdown(), None);
        assert_eq!(empty.calmar(DAILY_252), None);
        assert_eq!(empty.hit_rate(), None);
        assert_eq!(empty.profit_factor(), None);
        assert_eq!(empty.t_stat(), None);
        assert_eq!(empty.skewness(), None);
        assert!(empty.sharpe_estimate().is_none());
        assert_eq!(empty.sharpe_or_zero(DAILY_252), 0.0);

        let one = PnlSeries::new(&[3.0]).unwrap();
        assert_eq!(one.std_dev(StdConvention::Sample), None);
        assert_eq!(one.std_dev(StdConvention::Population), Some(0.0));
        assert_eq!(one.sharpe(DAILY_252, StdConvention::Population), None);
        assert_eq!(one.t_stat(), None);

        // A constant series whose mean rounds (0.1 × 3 / 3 ≠ 0.1) still has zero volatility.
        let flat = PnlSeries::new(&[0.1, 0.1, 0.1]).unwrap();
        assert_eq!(flat.std_dev(StdConvention::Sample), Some(0.0));
        assert_eq!(flat.sharpe(DAILY_252, StdConvention::Sample), None);
        assert_eq!(flat.skewness(), None);
        assert_eq!(flat.kurtosis(), None);
        assert_eq!(flat.sortino(DAILY_252), None, "no losing day");
        assert_eq!(flat.profit_factor(), None, "no losses");
        assert_eq!(flat.max_drawdown(), None, "never below the running peak");
        assert_eq!(flat.calmar(DAILY_252), None);

        let zeros = PnlSeries::new(&[0.0; 4]).unwrap();
        assert_eq!(zeros.hit_rate(), None);
        assert_eq!(zeros.sharpe_or_zero(DAILY_252), 0.0);

        // Losses only: profit factor 0 is a value; hit rate 0 too.
        let losing = PnlSeries::new(&[-1.0, -2.0]).unwrap();
        assert_eq!(losing.profit_factor(), Some(0.0));
        assert_eq!(losing.hit_rate(), Some(0.0));
    }

    #[test]
    fn invalid_observations_are_rejected_with_their_index() {
        for bad in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2.0 * MAX_ABS_OBSERVATION,
        ] {
            let err = PnlSeries::new(&[1.0, 2.0, bad, f64::NAN]).unwrap_err();
            match err {
                MetricsError::InvalidObservation { series, index, .. } => {
                    assert_eq!((series, index), (SeriesKind::Pnl, 2));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let msg = PnlSeries::new(&[f64::NAN]).unwrap_err().to_string();
        assert!(
            msg.starts_with("expected a finite daily p&l in [-1e60, 1e60] at index 0, found NaN"),
            "{msg}"
        );
        assert!(PnlSeries::new(&[MAX_ABS_OBSERVATION, -MAX_ABS_OBSERVATION]).is_ok());
    }

    #[test]
    fn central_sums_of_a_constant_series_are_exactly_zero() {
        let s = CentralSums::of(&[1e10 + 0.3; 7]).unwrap();
        assert_eq!((s.m2, s.m3, s.m4), (0.0, 0.0, 0.0));
    }
}
