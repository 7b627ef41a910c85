//! The run's online statistics: one O(1), allocation-free update per day.

/// Running sums over the daily P&L of a run, enough for every figure of the summary without
/// storing the series.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RunStats {
    pub n: usize,
    pub sum_sq: f64,
    pub downside_sq: f64,
    pub gains: f64,
    pub losses: f64,
    pub up_days: usize,
    pub nonzero_days: usize,
    pub cum: f64,
    pub peak: f64,
    pub max_dd: f64,
    pub under_water: usize,
    pub max_under_water: usize,
}

impl RunStats {
    /// Adds one day's P&L. Drawdown is measured from a running peak that starts at 0.
    #[inline(always)]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum_sq += x * x;
        let down = x.min(0.0);
        self.downside_sq += down * down;
        self.gains += x.max(0.0);
        self.losses -= down;
        self.up_days += usize::from(x > 0.0);
        self.nonzero_days += usize::from(x != 0.0);
        self.cum += x;
        self.peak = self.peak.max(self.cum);
        let dd = self.peak - self.cum;
        self.max_dd = self.max_dd.max(dd);
        self.under_water = if dd > 0.0 { self.under_water + 1 } else { 0 };
        self.max_under_water = self.max_under_water.max(self.under_water);
    }

    /// Adds `m` days of exactly zero P&L: the same state as `m` calls of `push(0.0)`.
    #[inline]
    pub fn push_zeros(&mut self, m: usize) {
        self.n += m;
        if self.peak - self.cum > 0.0 {
            self.under_water += m;
            self.max_under_water = self.max_under_water.max(self.under_water);
        } else {
            self.under_water = 0;
        }
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
