//! The run's online statistics: one O(1), allocation-free update per day.

/// Running sums over the daily P&L of a run, enough for every figure of the summary without
/// storing the series.
///
/// The updates are compare-selects and additions with no data-dependent branches, because
/// they run once per day per backtest; gross losses are derived at the end as
/// `gains − Σ P&L` rather than accumulated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RunStats {
    pub n: usize,
    pub sum_sq: f64,
    pub downside_sq: f64,
    pub gains: f64,
    pub up_days: usize,
    pub nonzero_days: usize,
    pub cum: f64,
    pub peak: f64,
    pub max_dd: f64,
    // `n` at the last day that ended at the running peak (0 before the first day).
    pub last_at_peak: usize,
    pub max_under_water: usize,
}

impl RunStats {
    /// Adds one day's P&L. Drawdown is measured from a running peak that starts at 0; a day
    /// counts as under water while the cumulative P&L is below that peak.
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

    /// Gross losses, `Σ max(−x, 0)`, as `gains − Σ x`.
    pub fn losses(&self) -> f64 {
        self.gains - self.cum
    }

    /// Sum of the P&L pushed (the cumulative P&L).
    pub fn sum(&self) -> f64 {
        self.cum
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.cum / self.n as f64)
    }

    /// Population variance (ddof 0).
    pub fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        Some((self.sum_sq / self.n as f64 - m * m).max(0.0))
    }
}
