//! Turnover and P&L per basis point of DV01 carried: metrics that need the book's exposure as
//! well as its P&L.

use super::series::{PnlSeries, sum_in_order};
use super::{
    Annualization, MAX_ABS_OBSERVATION, MetricsError, SeriesKind, is_accepted,
    is_accepted_non_negative,
};
use serde::{Deserialize, Serialize};

/// One day's exposure, as the backtest engine knows it, for [`PerformanceAccumulator`].
///
/// [`PerformanceAccumulator`]: super::PerformanceAccumulator
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Exposure {
    /// The absolute DV01 carried over the day, currency per basis point (`≥ 0`).
    ///
    /// Which DV01 is the caller's choice and should be stated with the result: for a
    /// DV01-neutral spread the *net* DV01 is close to 0, so pass the gross DV01 (the sum of
    /// the legs' absolute DV01s) or one leg's DV01.
    pub abs_dv01: f64,
    /// Contracts traded on the day: absolute lots, summed over legs (`≥ 0`).
    pub contracts_traded: f64,
}

/// Per-day exposure series aligned with a P&L series: the DV01 carried and the contracts
/// traded each day, checked once to be finite, non-negative and at most
/// [`MAX_ABS_OBSERVATION`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExposureSeries<'a> {
    abs_dv01: &'a [f64],
    contracts_traded: &'a [f64],
}

fn check_non_negative(series: SeriesKind, xs: &[f64]) -> Result<(), MetricsError> {
    match xs
        .iter()
        .enumerate()
        .find(|(_, x)| !is_accepted_non_negative(**x))
    {
        Some((index, &value)) => Err(MetricsError::InvalidObservation {
            series,
            index,
            value,
            min: 0.0,
            max: MAX_ABS_OBSERVATION,
        }),
        None => Ok(()),
    }
}

impl<'a> ExposureSeries<'a> {
    /// Wraps the two series after checking them.
    ///
    /// # Errors
    /// - [`MetricsError::InvalidObservation`] for the first value that is NaN, infinite,
    ///   negative or larger than [`MAX_ABS_OBSERVATION`];
    /// - [`MetricsError::LengthMismatch`] when the contracts series is not as long as the
    ///   DV01 series.
    pub fn new(abs_dv01: &'a [f64], contracts_traded: &'a [f64]) -> Result<Self, MetricsError> {
        if contracts_traded.len() != abs_dv01.len() {
            return Err(MetricsError::LengthMismatch {
                series: SeriesKind::ContractsTraded,
                expected: abs_dv01.len(),
                found: contracts_traded.len(),
            });
        }
        check_non_negative(SeriesKind::AbsDv01, abs_dv01)?;
        check_non_negative(SeriesKind::ContractsTraded, contracts_traded)?;
        Ok(ExposureSeries {
            abs_dv01,
            contracts_traded,
        })
    }

    /// The number of days.
    pub fn len(self) -> usize {
        self.abs_dv01.len()
    }

    /// Whether the series have no days.
    pub fn is_empty(self) -> bool {
        self.abs_dv01.is_empty()
    }

    /// The absolute DV01 carried each day.
    pub fn abs_dv01(self) -> &'a [f64] {
        self.abs_dv01
    }

    /// The contracts traded each day.
    pub fn contracts_traded(self) -> &'a [f64] {
        self.contracts_traded
    }

    /// Turnover of the contracts-traded series (see [`Turnover`]).
    pub fn turnover(self, annualization: Annualization) -> Turnover {
        Turnover::from_checked_traded(self.contracts_traded, annualization)
    }

    /// P&L per basis point of DV01 carried, in basis points (see [`pnl_per_bp_dv01`]).
    ///
    /// # Errors
    /// [`MetricsError::LengthMismatch`] when `pnl` is not as long as these series.
    pub fn pnl_per_bp_dv01(self, pnl: PnlSeries<'_>) -> Result<Option<f64>, MetricsError> {
        if pnl.len() != self.len() {
            return Err(MetricsError::LengthMismatch {
                series: SeriesKind::AbsDv01,
                expected: pnl.len(),
                found: self.len(),
            });
        }
        Ok(pnl_per_bp_from_sums(
            pnl.total(),
            sum_in_order(self.abs_dv01),
            pnl.len(),
        ))
    }
}

/// `total / (Σ|DV01| / n)`; `None` when no DV01 was carried (or the quotient overflows).
pub(crate) fn pnl_per_bp_from_sums(total: f64, sum_abs_dv01: f64, days: usize) -> Option<f64> {
    super::series::ratio_over_positive(total, sum_abs_dv01 / days as f64)
}

/// Total P&L expressed in basis points of the average DV01 carried.
///
/// Answers "how many basis points of yield move, at the risk this book typically carried, is
/// the P&L worth?": carrying $10,000/bp on average and making $250,000 is 25 bp.
///
/// # Formula
/// ```text
/// P&L per bp = Σ_t x_t / D̄,     D̄ = (1/n) Σ_t |DV01_t|
///   x_t       P&L of day t, currency
///   |DV01_t|  absolute DV01 carried over day t, currency per bp
///   n         number of days, flat days (DV01 0) included
///   result    basis points
/// ```
///
/// # Conventions
/// The mean runs over every day, so time spent flat lowers `D̄` and raises the figure: it
/// measures P&L against the risk carried *on average over the period*. DV01 is the book's
/// absolute DV01 over day `t` (the position held from the close of `t − 1`), whichever
/// DV01 measure the caller chooses (see [`Exposure::abs_dv01`]).
///
/// # References
/// Definition. DV01 is the price value of a basis point (B. Tuckman & A. Serrat, *Fixed
/// Income Securities*, 3rd ed., Wiley 2012, ch. 4).
///
/// # Errors
/// - [`MetricsError::InvalidObservation`] for a DV01 that is NaN, infinite, negative or too
///   large;
/// - [`MetricsError::LengthMismatch`] when the DV01 series is not as long as the P&L.
///
/// Returns `Ok(None)` when no DV01 was carried on any day (including an empty series).
///
/// # Examples
/// ```
/// use spreadtrade::metrics::{pnl_per_bp_dv01, PnlSeries};
///
/// // $250,000 made while carrying $10,000/bp on 3 days of 4 (mean $7,500/bp): 33.3 bp
/// let pnl = PnlSeries::new(&[100_000.0, 0.0, -50_000.0, 200_000.0])?;
/// let per_bp = pnl_per_bp_dv01(pnl, &[10_000.0, 0.0, 10_000.0, 10_000.0])?.unwrap();
/// assert!((per_bp - 250_000.0 / 7_500.0).abs() < 1e-9);
/// assert_eq!(pnl_per_bp_dv01(pnl, &[0.0; 4])?, None);
/// # Ok::<(), spreadtrade::metrics::MetricsError>(())
/// ```
pub fn pnl_per_bp_dv01(pnl: PnlSeries<'_>, abs_dv01: &[f64]) -> Result<Option<f64>, MetricsError> {
    check_non_negative(SeriesKind::AbsDv01, abs_dv01)?;
    if abs_dv01.len() != pnl.len() {
        return Err(MetricsError::LengthMismatch {
            series: SeriesKind::AbsDv01,
            expected: pnl.len(),
            found: abs_dv01.len(),
        });
    }
    Ok(pnl_per_bp_from_sums(
        pnl.total(),
        sum_in_order(abs_dv01),
        pnl.len(),
    ))
}

/// How much a strategy trades: contracts traded in total, on how many days, and per year.
///
/// # Formula
/// ```text
/// traded_t            = |pos_t − pos_{t−1}|      from positions (pos_{−1} = 0), or given
/// contracts_traded    = Σ_t traded_t             lots
/// trading_days        = #{t : traded_t > 0}      days with at least one trade
/// contracts_per_year  = q · contracts_traded / n
///   pos_t  signed contracts held at the close of day t (long > 0)
///   q      periods per year, n number of days
/// ```
///
/// # Conventions
/// Lots are counted in absolute terms and summed over legs: a flip from −1 to +1 trades 2;
/// a roll that sells 1 expiring and buys 1 next contract trades 2. Entering the first
/// position counts (the book starts flat); an open position at the end is not closed.
/// `trading_days` is the reference sweep's "number of position changes" when positions are
/// given.
///
/// # References
/// Definition; `bench/SWEEP.md` for the position-change count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Turnover {
    /// Total absolute lots traded.
    pub contracts_traded: f64,
    /// Days with a non-zero trade.
    pub trading_days: usize,
    /// Lots traded per year; `None` for an empty series.
    pub contracts_per_year: Option<f64>,
}

impl Turnover {
    /// Turnover from the contracts traded each day (absolute lots, summed over legs).
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] for a value that is NaN, infinite, negative or
    /// larger than [`MAX_ABS_OBSERVATION`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{Turnover, DAILY_252};
    /// let t = Turnover::from_traded(&[1.0, 0.0, 2.0, 0.0], DAILY_252)?;
    /// assert_eq!((t.contracts_traded, t.trading_days, t.contracts_per_year), (3.0, 2, Some(189.0)));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn from_traded(
        contracts_traded: &[f64],
        annualization: Annualization,
    ) -> Result<Turnover, MetricsError> {
        check_non_negative(SeriesKind::ContractsTraded, contracts_traded)?;
        Ok(Turnover::from_checked_traded(
            contracts_traded,
            annualization,
        ))
    }

    /// Turnover from the signed positions held at each day's close; the book starts flat.
    ///
    /// # Errors
    /// [`MetricsError::InvalidObservation`] for a position that is NaN, infinite or larger in
    /// magnitude than [`MAX_ABS_OBSERVATION`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::metrics::{Turnover, Annualization};
    /// // enter short 1, hold, flip to long 1 (2 lots), exit: 1 + 2 + 1 lots on 3 days
    /// let t = Turnover::from_positions(&[-1.0, -1.0, 1.0, 0.0], Annualization::PerPeriod)?;
    /// assert_eq!((t.contracts_traded, t.trading_days, t.contracts_per_year), (4.0, 3, Some(1.0)));
    /// # Ok::<(), spreadtrade::metrics::MetricsError>(())
    /// ```
    pub fn from_positions(
        positions: &[f64],
        annualization: Annualization,
    ) -> Result<Turnover, MetricsError> {
        if let Some((index, &value)) = positions
            .iter()
            .enumerate()
            .find(|(_, x)| !is_accepted(**x))
        {
            return Err(MetricsError::InvalidObservation {
                series: SeriesKind::Position,
                index,
                value,
                min: -MAX_ABS_OBSERVATION,
                max: MAX_ABS_OBSERVATION,
            });
        }
        let mut previous = 0.0;
        let mut total = 0.0;
        let mut days = 0;
        for &pos in positions {
            let traded = (pos - previous).abs();
            total += traded;
            days += usize::from(traded > 0.0);
            previous = pos;
        }
        Ok(Turnover::from_parts(
            total,
            days,
            positions.len(),
            annualization,
        ))
    }

    fn from_checked_traded(contracts_traded: &[f64], annualization: Annualization) -> Turnover {
        let total = sum_in_order(contracts_traded);
        let days = contracts_traded.iter().filter(|&&c| c > 0.0).count();
        Turnover::from_parts(total, days, contracts_traded.len(), annualization)
    }

    pub(crate) fn from_parts(
        contracts_traded: f64,
        trading_days: usize,
        days: usize,
        annualization: Annualization,
    ) -> Turnover {
        Turnover {
            contracts_traded,
            trading_days,
            contracts_per_year: (days > 0)
                .then(|| annualization.annualize_mean(contracts_traded / days as f64)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::DAILY_252;

    #[test]
    fn exposure_series_checks_values_and_lengths() {
        assert!(ExposureSeries::new(&[1.0, 2.0], &[0.0, 1.0]).is_ok());
        assert!(matches!(
            ExposureSeries::new(&[1.0, 2.0], &[0.0]),
            Err(MetricsError::LengthMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            ExposureSeries::new(&[1.0, -2.0], &[0.0, 1.0]),
            Err(MetricsError::InvalidObservation {
                series: SeriesKind::AbsDv01,
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            ExposureSeries::new(&[1.0, 2.0], &[f64::NAN, 1.0]),
            Err(MetricsError::InvalidObservation {
                series: SeriesKind::ContractsTraded,
                index: 0,
                ..
            })
        ));
        assert!(matches!(
            Turnover::from_positions(&[1.0, f64::INFINITY], DAILY_252),
            Err(MetricsError::InvalidObservation {
                series: SeriesKind::Position,
                index: 1,
                ..
            })
        ));
    }

    #[test]
    fn pnl_per_bp_by_hand_and_its_degenerate_cases() {
        // Σx = 30; |DV01| = 2, 4, 0 → mean 2; 30 / 2 = 15 bp
        let pnl = PnlSeries::new(&[10.0, 20.0, 0.0]).unwrap();
        let exp = ExposureSeries::new(&[2.0, 4.0, 0.0], &[1.0, 0.0, 1.0]).unwrap();
        assert_eq!(exp.pnl_per_bp_dv01(pnl).unwrap(), Some(15.0));
        assert_eq!(pnl_per_bp_dv01(pnl, &[2.0, 4.0, 0.0]).unwrap(), Some(15.0));
        assert!(matches!(
            pnl_per_bp_dv01(pnl, &[2.0, 4.0]),
            Err(MetricsError::LengthMismatch {
                expected: 3,
                found: 2,
                ..
            })
        ));
        let empty = PnlSeries::new(&[]).unwrap();
        assert_eq!(pnl_per_bp_dv01(empty, &[]).unwrap(), None);
        assert_eq!(
            Turnover::from_traded(&[], DAILY_252)
                .unwrap()
                .contracts_per_year,
            None
        );
    }

    #[test]
    fn turnover_from_positions_equals_turnover_from_their_changes() {
        let positions = [0.0, 2.0, 2.0, -1.0, -1.0, 0.0, 3.0];
        // |Δpos| = 0, 2, 0, 3, 0, 1, 3
        let traded = [0.0, 2.0, 0.0, 3.0, 0.0, 1.0, 3.0];
        let a = Turnover::from_positions(&positions, DAILY_252).unwrap();
        let b = Turnover::from_traded(&traded, DAILY_252).unwrap();
        assert_eq!(a, b);
        assert_eq!((a.contracts_traded, a.trading_days), (9.0, 4));
        assert_eq!(a.contracts_per_year, Some(9.0 / 7.0 * 252.0));
    }
}
