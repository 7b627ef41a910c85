//! The backtest engine's accumulator: [`RunAccumulator`], one O(1), allocation-free update per
//! day, and [`RunStatistics`], the figures a run's summary reports.
//!
//! The engine ([`crate::backtest::Engine`]) pushes every day of a run here and reads its
//! statistics from [`RunAccumulator::statistics`]; nothing in the engine computes a ratio of
//! its own. The ratios share their guards with [`PnlSeries`](super::PnlSeries) and
//! [`PerformanceAccumulator`](super::PerformanceAccumulator), and the standard deviation of
//! volatility and the Sharpe ratio is the crate's one default,
//! [`StdConvention::Population`] (see [`StdConvention`]).

use super::series::{annualized_ratio, ratio_over_positive};
use super::{Annualization, StdConvention};

/// Running sums over the daily P&L of a run, enough for every figure of a run's summary
/// without storing the series.
///
/// Unlike [`PerformanceAccumulator`](super::PerformanceAccumulator), the moments are raw
/// (unshifted) power sums: a day of exactly zero P&L adds exactly nothing to them, so a
/// stretch of flat days can be added in O(1) ([`push_zeros`](Self::push_zeros)) with the same
/// state as pushing each day. The updates are compare-selects and additions with no
/// data-dependent branches; gross losses are derived at the end as `gains − Σ P&L`.
///
/// # Formula
/// ```text
/// n      days pushed;  S = Σ x_t  (currency);  Q = Σ x_t²  (currency²)
/// x̄      = S / n
/// σ_pop  = √max(Q/n − x̄², 0)                  σ_s = √max((Q − n x̄²)/(n − 1), 0)
/// D      = √(Σ min(x_t, 0)² / n)                (downside deviation, target 0)
/// C_t    = Σ_{u≤t} x_u,  P_t = max(0, C_1..C_t),  MDD = max_t (P_t − C_t)
/// ```
///
/// # Conventions
/// Drawdown is measured from a running peak that starts at 0; a day counts as under water
/// while the cumulative P&L is below that peak, and the longest such run of days is the
/// drawdown's length. The one-pass variance `Q/n − x̄²` loses precision when the mean is large
/// against the standard deviation (not the case for a spread book's daily P&L); it is clamped
/// at 0.
///
/// # References
/// One-pass moments from raw power sums and their precision: Chan, T. F., Golub, G. H. & LeVeque, R. J. (1983),
/// "Algorithms for Computing the Sample Variance", *The American Statistician* 37(3).
///
/// # Examples
/// ```
/// use spreadtrade::metrics::{RunAccumulator, DAILY_252};
/// let mut acc = RunAccumulator::default();
/// for x in [2.0, -2.0, 3.0, 0.0, 2.0] {
///     acc.push(x);
/// }
/// let s = acc.statistics(DAILY_252);
/// assert_eq!((s.days, s.total_pnl, s.max_drawdown, s.hit_rate), (5, 5.0, 2.0, Some(0.75)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunAccumulator {
    n: usize,
    sum_sq: f64,
    downside_sq: f64,
    gains: f64,
    up_days: usize,
    nonzero_days: usize,
    cum: f64,
    peak: f64,
    max_dd: f64,
    // `n` at the last day that ended at the running peak (0 before the first day).
    last_at_peak: usize,
    max_under_water: usize,
}

/// The figures of a run from a [`RunAccumulator`]: P&L in the run's currency; a ratio that is
/// not defined for the run is `None` (see [`RunAccumulator`] for the formulas).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStatistics {
    /// Days pushed.
    pub days: usize,
    /// Σ P&L.
    pub total_pnl: f64,
    /// Mean daily P&L, annualised (`x̄ · q`; 0 for no days).
    pub annualized_pnl: f64,
    /// Annualised volatility `σ · √q` under [`StdConvention::default`]; `None` when the
    /// standard deviation is 0 or there are no days.
    pub volatility: Option<f64>,
    /// Annualised Sharpe ratio `√q · x̄ / σ` under [`StdConvention::default`], every day
    /// counted; `None` when `σ` is 0.
    pub sharpe: Option<f64>,
    /// Annualised Sortino ratio `√q · x̄ / D`; `None` without a losing day.
    pub sortino: Option<f64>,
    /// Maximum drawdown depth (0 when there was none).
    pub max_drawdown: f64,
    /// Longest stretch under water, in days.
    pub max_drawdown_days: usize,
    /// Annualised P&L over the maximum drawdown; `None` without a drawdown.
    pub calmar: Option<f64>,
    /// Winning days among days with non-zero P&L.
    pub hit_rate: Option<f64>,
    /// Gross gains over gross losses; `None` without a losing day.
    pub profit_factor: Option<f64>,
    /// `x̄ √n / σ_s` with the sample standard deviation (the t-test's, whatever the Sharpe
    /// ratio's convention); `None` with fewer than 2 days or `σ_s = 0`.
    pub t_stat: Option<f64>,
}

impl RunAccumulator {
    /// Adds one day's P&L.
    #[inline(always)]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum_sq += x * x;
        let down = if x < 0.0 { x } else { 0.0 };
        self.downside_sq += down * down;
        self.gains += if x > 0.0 { x } else { 0.0 };
        self.up_days += usize::from(x > 0.0);
        self.nonzero_days += usize::from(x != 0.0);
        self.cum += x;
        self.peak = if self.cum > self.peak {
            self.cum
        } else {
            self.peak
        };
        let dd = self.peak - self.cum;
        self.max_dd = if dd > self.max_dd { dd } else { self.max_dd };
        self.last_at_peak = if dd > 0.0 { self.last_at_peak } else { self.n };
        let under = self.n - self.last_at_peak;
        self.max_under_water = if under > self.max_under_water {
            under
        } else {
            self.max_under_water
        };
    }

    /// Adds `m` days of exactly zero P&L: the same state as `m` calls of `push(0.0)`.
    #[inline]
    pub fn push_zeros(&mut self, m: usize) {
        self.n += m;
        if self.peak - self.cum > 0.0 {
            self.max_under_water = self.max_under_water.max(self.n - self.last_at_peak);
        } else {
            self.last_at_peak = self.n;
        }
    }

    /// Days pushed.
    pub fn days(&self) -> usize {
        self.n
    }

    /// Σ P&L so far (the cumulative P&L).
    pub fn total_pnl(&self) -> f64 {
        self.cum
    }

    /// Mean daily P&L; `None` before the first day.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.cum / self.n as f64)
    }

    /// The standard deviation of the daily P&L under `convention`; `None` when `n ≤ ddof`.
    pub fn std_dev(&self, convention: StdConvention) -> Option<f64> {
        let m = self.mean()?;
        let n = self.n as f64;
        match convention {
            StdConvention::Population => Some((self.sum_sq / n - m * m).max(0.0).sqrt()),
            StdConvention::Sample => {
                (self.n > 1).then(|| ((self.sum_sq - n * m * m) / (n - 1.0)).max(0.0).sqrt())
            }
        }
    }

    /// The run's figures, annualised with `annualization`.
    pub fn statistics(&self, annualization: Annualization) -> RunStatistics {
        let ann = annualization;
        let n = self.n as f64;
        let mean = self.mean().unwrap_or(0.0);
        let sd = self.std_dev(StdConvention::default()).filter(|&s| s > 0.0);
        let downside = (self.n > 0).then(|| (self.downside_sq / n).sqrt());
        let annualized = ann.annualize_mean(mean);
        RunStatistics {
            days: self.n,
            total_pnl: self.cum,
            annualized_pnl: annualized,
            volatility: sd.map(|s| ann.annualize_volatility(s)),
            sharpe: sd.and_then(|s| annualized_ratio(mean, s, ann)),
            sortino: downside.and_then(|d| annualized_ratio(mean, d, ann)),
            max_drawdown: self.max_dd,
            max_drawdown_days: self.max_under_water,
            calmar: ratio_over_positive(annualized, self.max_dd),
            hit_rate: (self.nonzero_days > 0)
                .then(|| self.up_days as f64 / self.nonzero_days as f64),
            profit_factor: ratio_over_positive(self.gains, self.gains - self.cum),
            t_stat: self
                .std_dev(StdConvention::Sample)
                .and_then(|s| ratio_over_positive(mean * n.sqrt(), s)),
        }
    }
}

/// [`RunAccumulator`]s of `W` runs advanced together, one lane per run, for a sweep that moves
/// several runs through the same days in lockstep
/// ([`Sweep::run`](crate::backtest::Sweep::run)).
///
/// Each lane performs exactly the floating-point operations of [`RunAccumulator::push`], in
/// the same order, on its own day's P&L, so [`lane`](Self::lane) returns bit for bit the
/// accumulator that pushing the same days one run at a time gives (tested). The lanes are
/// fixed-size arrays updated element-wise with compare-selects, which the compiler turns into
/// SIMD instructions. The whole-number counters are kept as `f64` (exact below 2⁵³ days) so
/// that they vectorise with the sums, and the days under water as a running count
/// (`n − last_at_peak`, reset to 0 at the peak).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunAccumulatorLanes<const W: usize> {
    n: usize,
    sum_sq: [f64; W],
    downside_sq: [f64; W],
    gains: [f64; W],
    up_days: [f64; W],
    nonzero_days: [f64; W],
    cum: [f64; W],
    peak: [f64; W],
    max_dd: [f64; W],
    under: [f64; W],
    max_under_water: [f64; W],
}

impl<const W: usize> Default for RunAccumulatorLanes<W> {
    fn default() -> Self {
        RunAccumulatorLanes {
            n: 0,
            sum_sq: [0.0; W],
            downside_sq: [0.0; W],
            gains: [0.0; W],
            up_days: [0.0; W],
            nonzero_days: [0.0; W],
            cum: [0.0; W],
            peak: [0.0; W],
            max_dd: [0.0; W],
            under: [0.0; W],
            max_under_water: [0.0; W],
        }
    }
}

impl<const W: usize> RunAccumulatorLanes<W> {
    /// Adds one day's P&L to every lane: lane `l` takes `x[l]` exactly as
    /// [`RunAccumulator::push`] would.
    #[inline(always)]
    pub(crate) fn push(&mut self, x: &[f64; W]) {
        // Each sum adds only where its condition holds (one masked add a sum where the CPU
        // has masks; a sum of whole numbers or of squares, never −0.0, is unchanged by the
        // +0.0 the scalar accumulator adds elsewhere).
        for (l, &x) in x.iter().enumerate() {
            let (up, nonzero) = (self.up_days[l], self.nonzero_days[l]);
            self.up_days[l] = if x > 0.0 { up + 1.0 } else { up };
            self.nonzero_days[l] = if x != 0.0 { nonzero + 1.0 } else { nonzero };
        }
        self.push_uncounted(x);
    }

    /// [`push`](Self::push) without the two day counts (winning days, days with non-zero
    /// P&L), which the caller adds for a stretch of days at once with
    /// [`add_counts`](Self::add_counts). Every other field takes exactly the operations of
    /// `push`.
    #[inline(always)]
    pub(crate) fn push_uncounted(&mut self, x: &[f64; W]) {
        self.n += 1;
        for l in 0..W {
            let x = x[l];
            let square = x * x;
            self.sum_sq[l] += square;
            // The scalar accumulator's `+ 0.0` elsewhere leaves these sums (from +0.0, of
            // squares and of gains: never −0.0) as they are: a masked add each.
            let (downside, gains) = (self.downside_sq[l], self.gains[l]);
            self.downside_sq[l] = if x < 0.0 { downside + square } else { downside };
            self.gains[l] = if x > 0.0 { gains + x } else { gains };
            let cum = self.cum[l] + x;
            self.cum[l] = cum;
            let peak = if cum > self.peak[l] {
                cum
            } else {
                self.peak[l]
            };
            self.peak[l] = peak;
            let dd = peak - cum;
            self.max_dd[l] = if dd > self.max_dd[l] {
                dd
            } else {
                self.max_dd[l]
            };
            let under = if dd > 0.0 { self.under[l] + 1.0 } else { 0.0 };
            self.under[l] = under;
            self.max_under_water[l] = if under > self.max_under_water[l] {
                under
            } else {
                self.max_under_water[l]
            };
        }
    }

    /// Adds to lane `l` the winning days and the days with non-zero P&L of a stretch pushed
    /// with [`push_uncounted`](Self::push_uncounted) (whole numbers below 2⁵³: exact).
    #[inline(always)]
    pub(crate) fn add_counts(&mut self, l: usize, up: usize, nonzero: usize) {
        self.up_days[l] += up as f64;
        self.nonzero_days[l] += nonzero as f64;
    }

    /// Adds `m` days of exactly zero P&L to every lane: the same state as
    /// [`RunAccumulator::push_zeros`] (and as `m` pushes of zeros).
    #[inline(always)]
    pub(crate) fn push_zeros(&mut self, m: usize) {
        self.n += m;
        for l in 0..W {
            // Compare-selects, not a branch per lane.
            let under = self.under[l] + m as f64;
            self.under[l] = if self.peak[l] - self.cum[l] > 0.0 {
                under
            } else {
                0.0
            };
            self.max_under_water[l] = if self.under[l] > self.max_under_water[l] {
                self.under[l]
            } else {
                self.max_under_water[l]
            };
        }
    }

    /// Lane `l` as a [`RunAccumulator`].
    pub(crate) fn lane(&self, l: usize) -> RunAccumulator {
        let count = |x: f64| x as usize; // whole numbers below 2⁵³: exact
        RunAccumulator {
            n: self.n,
            sum_sq: self.sum_sq[l],
            downside_sq: self.downside_sq[l],
            gains: self.gains[l],
            up_days: count(self.up_days[l]),
            nonzero_days: count(self.nonzero_days[l]),
            cum: self.cum[l],
            peak: self.peak[l],
            max_dd: self.max_dd[l],
            last_at_peak: self.n - count(self.under[l]),
            max_under_water: count(self.max_under_water[l]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{DAILY_252, PnlSeries};
    use crate::tolerance::METRICS_HAND_ABS;

    #[test]
    fn push_zeros_is_pushing_zeros() {
        for prefix in [&[][..], &[1.0, -2.0][..], &[3.0][..], &[-1.0, 0.0][..]] {
            let (mut a, mut b) = (RunAccumulator::default(), RunAccumulator::default());
            for &x in prefix {
                a.push(x);
                b.push(x);
            }
            for _ in 0..7 {
                a.push(0.0);
            }
            b.push_zeros(7);
            assert_eq!(a, b, "after {prefix:?}");
        }
    }

    #[test]
    fn agrees_with_the_batch_functions() {
        // The DSR paper's example series (see tests/it/metrics.rs for the hand values).
        let days = [1.0, -3.0, 2.0, 2.0, -1.0, -1.0, 4.0];
        let mut acc = RunAccumulator::default();
        for &x in &days {
            acc.push(x);
        }
        let pnl = PnlSeries::new(&days).unwrap();
        let s = acc.statistics(DAILY_252);
        let close = |a: Option<f64>, b: Option<f64>| (a.unwrap() - b.unwrap()).abs() < 1e-12;
        assert!(close(
            s.sharpe,
            pnl.sharpe(DAILY_252, StdConvention::default())
        ));
        assert!(close(
            s.volatility,
            pnl.volatility(DAILY_252, StdConvention::default())
        ));
        assert!(close(s.t_stat, pnl.t_stat()));
        assert_eq!(s.sortino, pnl.sortino(DAILY_252));
        assert_eq!(s.hit_rate, pnl.hit_rate());
        assert_eq!(s.profit_factor, pnl.profit_factor());
        assert_eq!(s.calmar, pnl.calmar(DAILY_252));
        assert_eq!(Some(s.max_drawdown), pnl.max_drawdown().map(|d| d.depth));
        // Per day, population: x̄ = 4/7, σ = √(32.857142857/7) → Sharpe/day 0.263...
        let per_day = DAILY_252.deannualize_sharpe(s.sharpe.unwrap());
        assert!(
            (per_day - 0.260_377_822).abs() < METRICS_HAND_ABS,
            "{per_day}"
        );
        // Under water: C = 1, −2, 0, 2, 1, 0, 4 → days 1–2 and 4–5: two days at most.
        assert_eq!(s.max_drawdown_days, 2);
    }

    #[test]
    fn a_flat_run_has_no_ratios() {
        let mut acc = RunAccumulator::default();
        acc.push_zeros(10);
        let s = acc.statistics(DAILY_252);
        assert_eq!((s.days, s.total_pnl, s.max_drawdown), (10, 0.0, 0.0));
        assert_eq!(
            (s.volatility, s.sharpe, s.sortino, s.calmar),
            (None, None, None, None)
        );
        assert_eq!((s.hit_rate, s.profit_factor, s.t_stat), (None, None, None));
        let empty = RunAccumulator::default().statistics(DAILY_252);
        assert_eq!(
            (empty.days, empty.sharpe, empty.annualized_pnl),
            (0, None, 0.0)
        );
    }
    #[test]
    fn lanes_are_the_scalar_accumulator_bit_for_bit() {
        // Eight runs of different P&L (negative zeros, zeros, long drawdowns) pushed in lanes
        // and one by one, with stretches of zeros in between.
        let day = |l: usize, t: usize| -> f64 {
            let v = ((t * 7 + l * 13) % 23) as f64 - 11.0;
            match (t + l) % 9 {
                0 => 0.0,
                1 => -0.0,
                _ => v * 0.37 + l as f64 * 1e-3,
            }
        };
        let mut lanes = RunAccumulatorLanes::<8>::default();
        let mut one = [RunAccumulator::default(); 8];
        for t in 0..400 {
            if t % 50 == 10 {
                lanes.push_zeros(t % 7 + 1);
                for a in &mut one {
                    a.push_zeros(t % 7 + 1);
                }
            }
            let x: [f64; 8] = std::array::from_fn(|l| day(l, t));
            lanes.push(&x);
            for (a, &x) in one.iter_mut().zip(&x) {
                a.push(x);
            }
        }
        for (l, a) in one.iter().enumerate() {
            let b = lanes.lane(l);
            assert_eq!(a, &b, "lane {l}");
            for (p, q) in [(a.sum_sq, b.sum_sq), (a.cum, b.cum), (a.gains, b.gains)] {
                assert_eq!(p.to_bits(), q.to_bits(), "lane {l}");
            }
        }
    }
}
