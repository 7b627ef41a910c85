//! Inference on a Sharpe ratio: the probabilistic Sharpe ratio, the minimum track record
//! length and the deflated Sharpe ratio.
//!
//! **Everything here is per period.** The formulas of Bailey & López de Prado take the Sharpe
//! ratio of one observation period (one day for daily P&L), the number of periods `T`, and
//! the skewness and (non-excess) kurtosis of the per-period P&L. An annual Sharpe ratio must
//! be converted first with [`Annualization::deannualize_sharpe`], and the variance of annual
//! trial Sharpe ratios with [`Annualization::deannualize_sharpe_variance`] (which divides by
//! `q`, not `√q`). Passing an annual Sharpe ratio where a daily one is expected makes the
//! probabilities saturate at 1.
//!
//! [`Annualization::deannualize_sharpe`]: super::Annualization::deannualize_sharpe
//! [`Annualization::deannualize_sharpe_variance`]: super::Annualization::deannualize_sharpe_variance

use super::{MAX_ABS_OBSERVATION, MetricsError, SeriesKind, is_accepted};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

/// The Euler–Mascheroni constant γ, as used in the expected maximum of `N` normal draws.
const EULER_MASCHERONI: f64 = statrs::consts::EULER_MASCHERONI;

fn standard_normal() -> Normal {
    Normal::standard()
}

/// An observed per-period Sharpe ratio with the sample facts its sampling distribution
/// depends on: the number of observations and the skewness and kurtosis of the P&L.
///
/// Build one from a stored series with [`PnlSeries::sharpe_estimate`], from an online run
/// with [`PerformanceSummary::sharpe_estimate`], or from published figures with
/// [`SharpeEstimate::new`].
///
/// [`PnlSeries::sharpe_estimate`]: super::PnlSeries::sharpe_estimate
/// [`PerformanceSummary::sharpe_estimate`]: super::PerformanceSummary::sharpe_estimate
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SharpeEstimate {
    sharpe_per_period: f64,
    observations: u64,
    skewness: f64,
    kurtosis: f64,
}

/// The result of a deflated Sharpe ratio computation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DeflatedSharpe {
    /// `SR₀`: the expected maximum per-period Sharpe ratio of the trials under the null of no
    /// skill, the benchmark the observed ratio is deflated against.
    pub expected_max_sharpe_per_period: f64,
    /// `DSR = PSR(SR₀)`: the probability that the true Sharpe ratio exceeds `SR₀`.
    pub probability: f64,
}

impl SharpeEstimate {
    /// An estimate from its parts.
    ///
    /// # Errors
    /// [`MetricsError::InvalidParameter`] when the Sharpe ratio or skewness is not finite, or
    /// the kurtosis is not finite and `≥ 1` (every distribution's non-excess kurtosis is at
    /// least 1; a normal distribution's is 3, so an *excess* kurtosis passed by mistake is
    /// usually caught here); [`MetricsError::CountTooSmall`] for fewer than 2 observations.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{SharpeEstimate, MetricsError};
    /// assert!(SharpeEstimate::new(0.1, 1250, -3.0, 10.0).is_ok());
    /// assert!(matches!(
    ///     SharpeEstimate::new(0.1, 1250, 0.0, 0.0), // excess kurtosis of a normal
    ///     Err(MetricsError::InvalidParameter { name: "kurtosis", .. })
    /// ));
    /// ```
    pub fn new(
        sharpe_per_period: f64,
        observations: u64,
        skewness: f64,
        kurtosis: f64,
    ) -> Result<SharpeEstimate, MetricsError> {
        if !sharpe_per_period.is_finite() {
            return Err(MetricsError::InvalidParameter {
                name: "per-period sharpe ratio",
                value: sharpe_per_period,
                expected: "finite",
            });
        }
        if observations < 2 {
            return Err(MetricsError::CountTooSmall {
                name: "number of observations",
                value: observations,
                min: 2,
            });
        }
        if !skewness.is_finite() {
            return Err(MetricsError::InvalidParameter {
                name: "skewness",
                value: skewness,
                expected: "finite",
            });
        }
        if !(kurtosis.is_finite() && kurtosis >= 1.0) {
            return Err(MetricsError::InvalidParameter {
                name: "kurtosis",
                value: kurtosis,
                expected: "finite and at least 1 (non-excess: 3 for a normal distribution)",
            });
        }
        Ok(SharpeEstimate {
            sharpe_per_period,
            observations,
            skewness,
            kurtosis,
        })
    }

    /// From moments computed by this module (finite by construction). The kurtosis of
    /// observed data is at least 1 in exact arithmetic; it is clamped to 1 against rounding
    /// for two-point data, where it is exactly 1.
    pub(crate) fn from_moments(
        sharpe_per_period: f64,
        observations: u64,
        skewness: f64,
        kurtosis: f64,
    ) -> Option<SharpeEstimate> {
        SharpeEstimate::new(sharpe_per_period, observations, skewness, kurtosis.max(1.0)).ok()
    }

    /// The per-period Sharpe ratio `SR̂`.
    pub fn sharpe_per_period(&self) -> f64 {
        self.sharpe_per_period
    }

    /// The number of observations `T`.
    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// The skewness `γ̂3` of the per-period P&L.
    pub fn skewness(&self) -> f64 {
        self.skewness
    }

    /// The non-excess kurtosis `γ̂4` of the per-period P&L.
    pub fn kurtosis(&self) -> f64 {
        self.kurtosis
    }

    /// The non-normality factor of the Sharpe ratio's variance.
    ///
    /// # Formula
    /// ```text
    /// v = 1 − γ̂3 · SR̂ + (γ̂4 − 1)/4 · SR̂²
    ///   SR̂  per-period Sharpe ratio
    ///   γ̂3  skewness, γ̂4 non-excess kurtosis of per-period P&L
    /// ```
    /// For normal P&L (`γ̂3 = 0`, `γ̂4 = 3`) it is `1 + SR̂²/2`, Lo's (2002) i.i.d. result.
    /// It is `≥ 0` whenever `γ̂4 ≥ 1 + γ̂3²` (always true of sample moments).
    ///
    /// # Conventions
    /// Per-period Sharpe ratio; non-excess kurtosis.
    ///
    /// # References
    /// D. H. Bailey & M. López de Prado, "The Sharpe Ratio Efficient Frontier", *Journal of
    /// Risk* 15(2), 2012 (the asymptotic distribution of `SR̂`, after Mertens 2002).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::SharpeEstimate;
    /// let normal = SharpeEstimate::new(0.5, 100, 0.0, 3.0)?;
    /// assert_eq!(normal.variance_factor(), 1.0 + 0.5 * 0.5 / 2.0);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn variance_factor(&self) -> f64 {
        let sr = self.sharpe_per_period;
        1.0 - self.skewness * sr + (self.kurtosis - 1.0) / 4.0 * sr * sr
    }

    /// The standard error of the per-period Sharpe ratio; `None` when the variance factor is
    /// not positive or overflows.
    ///
    /// # Formula
    /// ```text
    /// σ(SR̂) = √( v / (T − 1) )
    ///   v  variance_factor, T number of observations
    /// ```
    ///
    /// # Conventions
    /// Per period; `T − 1` as in the PSR.
    ///
    /// # References
    /// Bailey & López de Prado (2012) (the denominator of the PSR).
    ///
    /// # Examples
    /// ```
    /// # use spreadtrade::metrics::SharpeEstimate;
    /// let est = SharpeEstimate::new(0.0, 101, 0.0, 3.0)?;
    /// assert_eq!(est.standard_error(), Some(0.1)); // √(1 / 100)
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn standard_error(&self) -> Option<f64> {
        let v = self.variance_factor();
        (v > 0.0 && v.is_finite()).then(|| (v / (self.observations - 1) as f64).sqrt())
    }

    /// The probabilistic Sharpe ratio: the probability that the true per-period Sharpe ratio
    /// exceeds a benchmark `SR*`, given the observed one; `None` when the variance factor is
    /// not positive, or overflows for an absurdly large Sharpe ratio.
    ///
    /// # Formula
    /// ```text
    /// PSR(SR*) = Φ( (SR̂ − SR*) · √(T − 1) / √v ),   v = 1 − γ̂3·SR̂ + (γ̂4 − 1)/4 · SR̂²
    ///   SR̂   observed per-period Sharpe ratio
    ///   SR*  benchmark per-period Sharpe ratio
    ///   T    number of observations
    ///   γ̂3   skewness, γ̂4 non-excess kurtosis of the per-period P&L
    ///   Φ    standard normal CDF
    /// ```
    ///
    /// # Conventions
    /// Per-period Sharpe ratios, both of them; non-excess kurtosis.
    ///
    /// # References
    /// D. H. Bailey & M. López de Prado, "The Sharpe Ratio Efficient Frontier", *Journal of
    /// Risk* 15(2), 2012, the definition of `PSR(SR*)`.
    ///
    /// # Errors
    /// [`MetricsError::InvalidParameter`] when the benchmark is not finite.
    ///
    /// # Examples
    /// Hand-computed: `SR̂ = 0.5`, `T = 5`, `γ̂3 = −0.628894`, `γ̂4 = 1.953125` (the series
    /// `[2, −2, 3, 0, 2]`): `v = 1.374017`, `z = 0.5 · 2 / 1.172185 = 0.853108`,
    /// `Φ(z) = 0.803200`.
    /// ```
    /// use spreadtrade::metrics::PnlSeries;
    /// use spreadtrade::tolerance::METRICS_PUBLISHED_6DP_ABS;
    /// let est = PnlSeries::new(&[2.0, -2.0, 3.0, 0.0, 2.0])?.sharpe_estimate().unwrap();
    /// let psr = est.probabilistic_sharpe(0.0)?.unwrap();
    /// assert!((psr - 0.803_200).abs() < METRICS_PUBLISHED_6DP_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn probabilistic_sharpe(
        &self,
        benchmark_per_period: f64,
    ) -> Result<Option<f64>, MetricsError> {
        check_finite("benchmark per-period sharpe ratio", benchmark_per_period)?;
        let v = self.variance_factor();
        let z = (self.sharpe_per_period - benchmark_per_period)
            * ((self.observations - 1) as f64).sqrt()
            / v.sqrt();
        // v ≤ 0, or a Sharpe ratio so large that v or z overflows: not representable.
        if !(v > 0.0 && v.is_finite() && z.is_finite()) {
            return Ok(None);
        }
        Ok(Some(standard_normal().cdf(z)))
    }

    /// The minimum track record length: how many observations it takes for the observed
    /// Sharpe ratio to exceed the benchmark with the given confidence; `None` when the
    /// observed ratio does not exceed the benchmark (no length suffices), the variance
    /// factor is not positive, or the length overflows.
    ///
    /// # Formula
    /// ```text
    /// MinTRL = 1 + v · ( Z_α / (SR̂ − SR*) )²
    ///   v    1 − γ̂3·SR̂ + (γ̂4 − 1)/4 · SR̂²
    ///   Z_α  standard normal quantile at confidence α (1.644854 for 95 %)
    ///   result in observation periods (not rounded)
    /// ```
    ///
    /// # Conventions
    /// Per-period Sharpe ratios; non-excess kurtosis; `T` itself is not used.
    ///
    /// # References
    /// D. H. Bailey & M. López de Prado, "The Sharpe Ratio Efficient Frontier", *Journal of
    /// Risk* 15(2), 2012: the definition of MinTRL and the paper's numerical example: monthly P&L with
    /// annual Sharpe 2 against a benchmark of 1, skewness −0.72, kurtosis 5.78, at 95 %,
    /// needs 59.895 months.
    ///
    /// # Errors
    /// [`MetricsError::InvalidParameter`] when the benchmark is not finite or the confidence
    /// is not in (0, 1).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::SharpeEstimate;
    /// use spreadtrade::tolerance::METRICS_PUBLISHED_3DP_ABS;
    /// let monthly = SharpeEstimate::new(2.0 / 12f64.sqrt(), 60, -0.72, 5.78)?;
    /// let months = monthly.min_track_record_length(1.0 / 12f64.sqrt(), 0.95)?.unwrap();
    /// assert!((months - 59.895).abs() < METRICS_PUBLISHED_3DP_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn min_track_record_length(
        &self,
        benchmark_per_period: f64,
        confidence: f64,
    ) -> Result<Option<f64>, MetricsError> {
        check_finite("benchmark per-period sharpe ratio", benchmark_per_period)?;
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(MetricsError::InvalidParameter {
                name: "confidence",
                value: confidence,
                expected: "in (0, 1)",
            });
        }
        let edge = self.sharpe_per_period - benchmark_per_period;
        let v = self.variance_factor();
        if !(edge > 0.0 && v > 0.0 && v.is_finite()) {
            return Ok(None);
        }
        // confidence ∈ (0, 1) was checked above, so inverse_cdf cannot panic.
        let z = standard_normal().inverse_cdf(confidence);
        let length = 1.0 + v * (z / edge).powi(2);
        // An edge so small that the length overflows has no finite answer.
        Ok(length.is_finite().then_some(length))
    }

    /// The deflated Sharpe ratio: the probabilistic Sharpe ratio against the Sharpe ratio the
    /// best of `N` unskilled trials would be expected to show; `None` when the probabilistic
    /// Sharpe ratio is (see [`probabilistic_sharpe`](Self::probabilistic_sharpe)).
    ///
    /// # Formula
    /// ```text
    /// SR₀ = √V · [ (1 − γ) Z⁻¹(1 − 1/N) + γ Z⁻¹(1 − 1/(N e)) ]     (expected_max_sharpe)
    /// DSR = PSR(SR₀)
    ///   V  variance of the N trials' per-period Sharpe ratios
    ///   N  number of independent trials (N ≥ 1; SR₀ = 0 for N = 1)
    ///   γ  Euler–Mascheroni constant 0.5772…, e Euler's number
    /// ```
    ///
    /// # Conventions
    /// Per period throughout: `V` is the variance of *per-period* trial Sharpe ratios (an
    /// annual variance divides by `q`). The observed estimate is the selected trial's.
    ///
    /// # References
    /// D. H. Bailey & M. López de Prado, "The Deflated Sharpe Ratio: Correcting for Selection
    /// Bias, Backtest Overfitting and Non-Normality", *Journal of Portfolio Management* 40(5),
    /// 2014, pp. 94–107: eqs. for `SR₀` and `DSR`, and the numerical example reproduced below
    /// (annual SR 2.5 over 5 years of daily data, 250 a year; N = 100 trials whose annual
    /// Sharpe ratios have variance 1/2; skewness −3, kurtosis 10: SR₀ = 0.1132 per day,
    /// DSR = 0.9004).
    ///
    /// # Errors
    /// As [`expected_max_sharpe`]: no trials, or a variance that is negative or not finite.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{Annualization, SharpeEstimate};
    /// use spreadtrade::tolerance::METRICS_PUBLISHED_4DP_ABS;
    ///
    /// let daily250 = Annualization::trading_days(250).unwrap();
    /// let best = SharpeEstimate::new(daily250.deannualize_sharpe(2.5), 1250, -3.0, 10.0)?;
    /// let v = daily250.deannualize_sharpe_variance(0.5);
    /// let dsr = best.deflated_sharpe(100, v)?.unwrap();
    /// assert!((dsr.expected_max_sharpe_per_period - 0.1132).abs() < METRICS_PUBLISHED_4DP_ABS);
    /// assert!((dsr.probability - 0.9004).abs() < METRICS_PUBLISHED_4DP_ABS);
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn deflated_sharpe(
        &self,
        n_trials: u64,
        trial_sharpe_variance_per_period: f64,
    ) -> Result<Option<DeflatedSharpe>, MetricsError> {
        let sr0 = expected_max_sharpe(n_trials, trial_sharpe_variance_per_period)?;
        Ok(self
            .probabilistic_sharpe(sr0)?
            .map(|probability| DeflatedSharpe {
                expected_max_sharpe_per_period: sr0,
                probability,
            }))
    }
}

fn check_finite(name: &'static str, value: f64) -> Result<(), MetricsError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(MetricsError::InvalidParameter {
            name,
            value,
            expected: "finite",
        })
    }
}

/// The expected maximum per-period Sharpe ratio of `N` independent trials with no skill,
/// whose Sharpe ratios have variance `V`: the benchmark `SR₀` of the deflated Sharpe ratio.
///
/// # Formula
/// ```text
/// SR₀ = √V · [ (1 − γ) Z⁻¹(1 − 1/N) + γ Z⁻¹(1 − 1/(N e)) ]
///   V    variance of the trials' per-period Sharpe ratios
///   N    number of independent trials
///   Z⁻¹  standard normal quantile; γ Euler–Mascheroni constant; e Euler's number
/// ```
///
/// # Conventions
/// Per period. The mean of the trials' Sharpe ratios is 0 under the null. The bracket
/// approximates the expected maximum of `N` standard normals for large `N`; for `N = 1` it
/// would be `Z⁻¹(0) = −∞`, so `N = 1` returns the exact value 0 (one draw's expectation)
/// instead.
///
/// # References
/// Bailey & López de Prado, "The Deflated Sharpe Ratio", *Journal of Portfolio Management*
/// 40(5), 2014, eq. for `SR₀` (after Bailey, Borwein, López de Prado & Zhu, "Pseudo-
/// Mathematics and Financial Charlatanism", *Notices of the AMS* 61(5), 2014, for the
/// expected maximum of `N` standard normal draws).
///
/// # Errors
/// [`MetricsError::CountTooSmall`] for `N = 0`; [`MetricsError::InvalidParameter`] for a
/// variance that is negative or not finite.
///
/// # Examples
/// ```
/// use spreadtrade::metrics::expected_max_sharpe;
/// use spreadtrade::tolerance::METRICS_PUBLISHED_4DP_ABS;
/// // DSR paper example: N = 100, annual variance 1/2 over 250 days a year
/// let sr0 = expected_max_sharpe(100, 0.5 / 250.0)?;
/// assert!((sr0 - 0.1132).abs() < METRICS_PUBLISHED_4DP_ABS);
/// assert_eq!(expected_max_sharpe(1, 0.5)?, 0.0);
/// # Ok::<(), spreadtrade::metrics::MetricsError>(())
/// ```
pub fn expected_max_sharpe(
    n_trials: u64,
    trial_sharpe_variance_per_period: f64,
) -> Result<f64, MetricsError> {
    if n_trials == 0 {
        return Err(MetricsError::CountTooSmall {
            name: "number of trials",
            value: 0,
            min: 1,
        });
    }
    let v = trial_sharpe_variance_per_period;
    if !(v.is_finite() && v >= 0.0) {
        return Err(MetricsError::InvalidParameter {
            name: "variance of the trials' per-period sharpe ratios",
            value: v,
            expected: "finite and non-negative",
        });
    }
    if n_trials == 1 {
        return Ok(0.0);
    }
    let n = n_trials as f64;
    let normal = standard_normal();
    // Z⁻¹(1 − p) is evaluated as −Z⁻¹(p): for N > 2⁵³, 1 − 1/N rounds to 1 and Z⁻¹(1) = ∞,
    // while p = 1/N stays representable. For N ≥ 2 both p lie in (0, 1/2], so inverse_cdf
    // cannot panic.
    let max_z = -(1.0 - EULER_MASCHERONI) * normal.inverse_cdf(1.0 / n)
        - EULER_MASCHERONI * normal.inverse_cdf(1.0 / (n * std::f64::consts::E));
    Ok(v.sqrt() * max_z)
}

/// The sample variance of the trials' per-period Sharpe ratios, the `V` of
/// [`expected_max_sharpe`]; `None` with fewer than 2 trials.
///
/// # Formula
/// ```text
/// V = Σ_n (SR_n − mean(SR))² / (N − 1)
/// ```
///
/// # Conventions
/// Sample variance (`N − 1`), two passes. Pass per-period Sharpe ratios (e.g. the
/// `PerPeriod` Sharpe of each run of a sweep), not annual ones.
///
/// # References
/// Bailey & López de Prado (2014), `V[{SR_n}]` in the expression for `SR₀`.
///
/// # Errors
/// [`MetricsError::InvalidObservation`] for a Sharpe ratio that is NaN, infinite or larger
/// than [`MAX_ABS_OBSERVATION`].
///
/// # Examples
/// ```
/// use spreadtrade::metrics::trial_sharpe_variance;
/// // mean 0.1; deviations −0.1, 0, 0.1: (0.01 + 0 + 0.01) / 2 = 0.01
/// let v = trial_sharpe_variance(&[0.0, 0.1, 0.2])?.unwrap();
/// assert!((v - 0.01).abs() < 1e-15);
/// # Ok::<(), spreadtrade::metrics::MetricsError>(())
/// ```
pub fn trial_sharpe_variance(
    trial_sharpes_per_period: &[f64],
) -> Result<Option<f64>, MetricsError> {
    if let Some((index, &value)) = trial_sharpes_per_period
        .iter()
        .enumerate()
        .find(|(_, x)| !is_accepted(**x))
    {
        return Err(MetricsError::InvalidObservation {
            series: SeriesKind::TrialSharpe,
            index,
            value,
            min: -MAX_ABS_OBSERVATION,
            max: MAX_ABS_OBSERVATION,
        });
    }
    let sums = super::series::CentralSums::of(trial_sharpes_per_period);
    Ok(sums.and_then(|s| s.std_dev(super::StdConvention::Sample).map(|sd| sd * sd)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::{
        METRICS_HAND_ABS, METRICS_PUBLISHED_4DP_ABS, METRICS_PUBLISHED_6DP_ABS,
    };

    /// The DSR paper's numerical example (Bailey & López de Prado 2014): per-day SR
    /// 2.5/√250, T = 1250, skewness −3, kurtosis 10; trials' per-day SR variance 0.5/250.
    fn paper_best() -> SharpeEstimate {
        SharpeEstimate::new(2.5 / 250f64.sqrt(), 1250, -3.0, 10.0).unwrap()
    }

    #[test]
    fn dsr_paper_example_and_its_two_follow_ups() {
        let v = 0.5 / 250.0;
        let d = paper_best().deflated_sharpe(100, v).unwrap().unwrap();
        assert!((d.expected_max_sharpe_per_period - 0.1132).abs() < METRICS_PUBLISHED_4DP_ABS);
        assert!((d.probability - 0.9004).abs() < METRICS_PUBLISHED_4DP_ABS);
        // The paper goes on: with N = 46 trials the DSR would have been 0.9505 …
        let d46 = paper_best().deflated_sharpe(46, v).unwrap().unwrap();
        assert!((d46.probability - 0.9505).abs() < METRICS_PUBLISHED_4DP_ABS);
        // … and with normal returns (skew 0, kurtosis 3) it takes N = 88 to get 0.9505.
        let normal = SharpeEstimate::new(2.5 / 250f64.sqrt(), 1250, 0.0, 3.0).unwrap();
        let d88 = normal.deflated_sharpe(88, v).unwrap().unwrap();
        assert!((d88.probability - 0.9505).abs() < METRICS_PUBLISHED_4DP_ABS);
    }

    #[test]
    fn the_psr_chain_uses_raw_kurtosis_and_t_minus_one() {
        // Born-failing checks: swapping in excess kurtosis (7) or T instead of T − 1 moves the
        // paper's DSR off 0.9004 by more than the printed precision.
        let sr = 2.5 / 250f64.sqrt();
        let sr0 = expected_max_sharpe(100, 0.5 / 250.0).unwrap();
        let with_excess = SharpeEstimate::new(sr, 1250, -3.0, 7.0).unwrap();
        let p = with_excess.probabilistic_sharpe(sr0).unwrap().unwrap();
        assert!((p - 0.9004).abs() > 10.0 * METRICS_PUBLISHED_4DP_ABS, "{p}");
        let with_t = SharpeEstimate::new(sr, 1251, -3.0, 10.0).unwrap();
        let p = with_t.probabilistic_sharpe(sr0).unwrap().unwrap();
        assert!((p - 0.9004).abs() > METRICS_PUBLISHED_4DP_ABS, "{p}");
    }

    #[test]
    fn psr_by_hand_for_normal_moments() {
        // SR̂ 0.1, T 101, normal: v = 1 + 0.01·2/4 = 1.005; z = 0.1·10/√1.005 = 0.997509;
        // Φ(0.997509) = 0.840741 (Python statistics.NormalDist().cdf).
        let est = SharpeEstimate::new(0.1, 101, 0.0, 3.0).unwrap();
        let p = est.probabilistic_sharpe(0.0).unwrap().unwrap();
        assert!((p - 0.840_741).abs() < METRICS_PUBLISHED_6DP_ABS, "{p}");
        // At the benchmark itself the PSR is exactly one half.
        assert_eq!(est.probabilistic_sharpe(0.1).unwrap(), Some(0.5));
    }

    #[test]
    fn min_trl_example_is_where_the_psr_reaches_the_confidence() {
        // Bailey & López de Prado (2012): 59.895 months; in between, PSR at 59 and 61 months
        // brackets 95 %.
        let sr = 2.0 / 12f64.sqrt();
        let bench = 1.0 / 12f64.sqrt();
        let est = SharpeEstimate::new(sr, 60, -0.72, 5.78).unwrap();
        let m = est.min_track_record_length(bench, 0.95).unwrap().unwrap();
        assert!((m - 59.895).abs() < 1e-3, "{m}");
        let psr_at = |t| {
            SharpeEstimate::new(sr, t, -0.72, 5.78)
                .unwrap()
                .probabilistic_sharpe(bench)
                .unwrap()
                .unwrap()
        };
        assert!(psr_at(59) < 0.95 && psr_at(61) > 0.95);
        assert_eq!(est.min_track_record_length(sr, 0.95).unwrap(), None);
        assert!(est.min_track_record_length(bench, 1.0).is_err());
        assert!(est.min_track_record_length(bench, f64::NAN).is_err());
    }

    #[test]
    fn expected_max_sharpe_domain() {
        assert!(matches!(
            expected_max_sharpe(0, 1.0),
            Err(MetricsError::CountTooSmall {
                value: 0,
                min: 1,
                ..
            })
        ));
        assert!(expected_max_sharpe(10, -1.0).is_err());
        assert!(expected_max_sharpe(10, f64::NAN).is_err());
        assert_eq!(expected_max_sharpe(10, 0.0).unwrap(), 0.0);
        // N = 2: (1 − γ)·Z⁻¹(0.5) + γ·Z⁻¹(1 − 1/(2e)) = 0 + 0.577216·0.900453 = 0.519755
        // (Z⁻¹(0.816060) = 0.900453 from Python statistics.NormalDist().inv_cdf).
        let two = expected_max_sharpe(2, 1.0).unwrap();
        assert!((two - 0.519_755).abs() < METRICS_PUBLISHED_6DP_ABS, "{two}");
        // Huge N stays finite (1 − 1/N would round to 1 for N > 2⁵³).
        let huge = expected_max_sharpe(u64::MAX, 1.0).unwrap();
        assert!(
            huge.is_finite() && huge > expected_max_sharpe(1 << 40, 1.0).unwrap(),
            "{huge}"
        );
        // Grows with N and with V.
        assert!(expected_max_sharpe(1000, 1.0).unwrap() > expected_max_sharpe(100, 1.0).unwrap());
        assert!(expected_max_sharpe(100, 4.0).unwrap() > expected_max_sharpe(100, 1.0).unwrap());
    }

    #[test]
    fn estimate_validation_and_the_degenerate_variance_factor() {
        assert!(SharpeEstimate::new(f64::NAN, 10, 0.0, 3.0).is_err());
        assert!(SharpeEstimate::new(0.1, 1, 0.0, 3.0).is_err());
        assert!(SharpeEstimate::new(0.1, 10, f64::INFINITY, 3.0).is_err());
        // Two-point data: γ4 = 1 + γ3²; with γ3·SR = 2 the variance factor is exactly 0.
        let edge = SharpeEstimate::new(2.0, 10, 1.0, 2.0).unwrap();
        assert_eq!(edge.variance_factor(), 0.0);
        assert_eq!(edge.standard_error(), None);
        assert_eq!(edge.probabilistic_sharpe(0.0).unwrap(), None);
        assert_eq!(edge.deflated_sharpe(10, 0.01).unwrap(), None);
        assert!(edge.probabilistic_sharpe(f64::NAN).is_err());
        // An absurd Sharpe ratio overflows the variance factor: no probability, no length.
        let absurd = SharpeEstimate::new(1e200, 10, 0.0, 3.0).unwrap();
        assert_eq!(absurd.probabilistic_sharpe(0.0).unwrap(), None);
        assert_eq!(absurd.standard_error(), None);
        let tiny_edge = SharpeEstimate::new(1e-300, 10, 0.0, 3.0).unwrap();
        assert_eq!(tiny_edge.min_track_record_length(0.0, 0.95).unwrap(), None);
    }

    #[test]
    fn trial_variance_rejects_bad_values_and_needs_two_trials() {
        assert_eq!(trial_sharpe_variance(&[0.3]).unwrap(), None);
        assert_eq!(trial_sharpe_variance(&[]).unwrap(), None);
        assert!(matches!(
            trial_sharpe_variance(&[0.1, f64::NAN]),
            Err(MetricsError::InvalidObservation {
                series: SeriesKind::TrialSharpe,
                index: 1,
                ..
            })
        ));
        let v = trial_sharpe_variance(&[0.1, 0.3]).unwrap().unwrap();
        assert!((v - 0.02).abs() < METRICS_HAND_ABS);
    }
}
