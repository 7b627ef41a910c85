//! Maximum drawdown of cumulative P&L, with its peak, trough and recovery days.

use serde::{Deserialize, Serialize};

/// The largest fall of cumulative P&L below its running peak, where the running peak starts
/// at 0 (the book's value before its first day).
///
/// # Formula
/// ```text
/// C_t = Σ_{i=0}^{t} x_i                    cumulative P&L after day t, currency (C_{−1} = 0)
/// P_t = max(0, C_0, …, C_t)                running peak, starting at 0
/// D_t = P_t − C_t ≥ 0                      drawdown after day t
/// MDD = max_t D_t = depth                  attained first on the trough day
/// ```
///
/// # Conventions
/// - Days are zero-based indices into the P&L series.
/// - `peak_index` is the last day, up to the trough, on which `C_t ≥ P_{t−1}` (a new or equal
///   high); `None` means the peak is the starting level 0, before day 0.
/// - `trough_index` is the first day on which the maximum depth is reached.
/// - `recovery_index` is the first day after the trough with `C_t ≥` the peak level; `None`
///   if the series ends under water.
/// - `duration_days` runs from the peak to the recovery: `recovery − peak`, counting the
///   start as day −1; when there is no recovery it runs to the last day, `(n − 1) − peak`.
///   So a one-day dip that is made back the next day lasts 2 days.
///
/// The starting peak of 0 matters: a series that loses from its first day has a drawdown
/// measured from 0, not from its first close.
///
/// # References
/// `bench/SWEEP.md` ("maximum drawdown of cumulative P&L measured from a running peak that
/// starts at 0"); A. Chekhlov, S. Uryasev & M. Zabarankin, "Drawdown Measure in Portfolio
/// Optimization", *International Journal of Theoretical and Applied Finance* 8(1), 2005
/// (drawdown as the distance below the running maximum of the uncompounded cumulative
/// return).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Drawdown {
    /// The depth `P − C` at the trough, currency; always `> 0`.
    pub depth: f64,
    /// Cumulative P&L at the peak, currency (`≥ 0`).
    pub peak_level: f64,
    /// Cumulative P&L at the trough, currency.
    pub trough_level: f64,
    /// The day that set the peak; `None` when the peak is the starting level 0.
    pub peak_index: Option<usize>,
    /// The day of the trough.
    pub trough_index: usize,
    /// The first day after the trough back at or above the peak level; `None` if none.
    pub recovery_index: Option<usize>,
    /// Days from the peak to the recovery, or to the last day when not recovered.
    pub duration_days: usize,
}

impl Drawdown {
    /// Whether the cumulative P&L got back to the peak level before the series ended.
    pub fn is_recovered(&self) -> bool {
        self.recovery_index.is_some()
    }

    /// `duration_days` from the peak (day −1 for the start) to `end`.
    pub(crate) fn duration(peak_index: Option<usize>, end: usize) -> usize {
        match peak_index {
            Some(p) => end - p,
            None => end + 1,
        }
    }
}

/// Batch maximum drawdown: one pass for the depth, peak and trough, then a scan forward from
/// the trough for the recovery.
pub(crate) fn max_drawdown(pnl: &[f64]) -> Option<Drawdown> {
    let mut cum = 0.0_f64;
    let mut peak = 0.0_f64;
    let mut peak_index: Option<usize> = None;
    // (depth, peak level, trough level, peak day, trough day)
    let mut worst: Option<(f64, f64, f64, Option<usize>, usize)> = None;
    for (t, &x) in pnl.iter().enumerate() {
        cum += x;
        if cum >= peak {
            peak = cum;
            peak_index = Some(t);
        } else {
            let depth = peak - cum;
            if worst.is_none_or(|w| depth > w.0) {
                worst = Some((depth, peak, cum, peak_index, t));
            }
        }
    }
    let (depth, peak_level, trough_level, peak_index, trough_index) = worst?;

    // Continue the same left-to-right cumulative sum from the trough.
    let mut cum = trough_level;
    let mut recovery_index = None;
    for (t, &x) in pnl.iter().enumerate().skip(trough_index + 1) {
        cum += x;
        if cum >= peak_level {
            recovery_index = Some(t);
            break;
        }
    }
    let end = recovery_index.unwrap_or(pnl.len() - 1);
    Some(Drawdown {
        depth,
        peak_level,
        trough_level,
        peak_index,
        trough_index,
        recovery_index,
        duration_days: Drawdown::duration(peak_index, end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_from_the_starting_peak_then_a_deeper_unrecovered_one() {
        // x     = −1, −2,  4, −5,  1
        // C     = −1, −3,  1, −4, −3
        // P     =  0,  0,  1,  1,  1
        // D     =  1,  3,  0,  5,  4
        // First episode: depth 3 from the start (peak None) to day 1, recovered day 2,
        // duration 2 − (−1) = 3. The maximum is the second: depth 5, peak day 2 (C = 1),
        // trough day 3 (C = −4), never recovered: duration (5 − 1) − 2 = 2.
        let dd = max_drawdown(&[-1.0, -2.0, 4.0, -5.0, 1.0]).unwrap();
        assert_eq!(
            dd,
            Drawdown {
                depth: 5.0,
                peak_level: 1.0,
                trough_level: -4.0,
                peak_index: Some(2),
                trough_index: 3,
                recovery_index: None,
                duration_days: 2,
            }
        );
        assert!(!dd.is_recovered());

        let first = max_drawdown(&[-1.0, -2.0, 4.0]).unwrap();
        assert_eq!(
            (first.depth, first.peak_index, first.trough_index),
            (3.0, None, 1)
        );
        assert_eq!((first.recovery_index, first.duration_days), (Some(2), 3));
    }

    #[test]
    fn a_loss_on_the_first_day_is_a_drawdown_from_zero() {
        let dd = max_drawdown(&[-2.0]).unwrap();
        assert_eq!(
            (dd.depth, dd.peak_level, dd.peak_index, dd.duration_days),
            (2.0, 0.0, None, 1)
        );
    }

    #[test]
    fn equal_highs_move_the_peak_day_and_ties_keep_the_first_trough() {
        // C = 1, 0, 1, 0, 1: two dips of 1; the first is kept. Day 2 equals the peak, so it
        // is the recovery of the first dip (duration 2 − 0 = 2).
        let dd = max_drawdown(&[1.0, -1.0, 1.0, -1.0, 1.0]).unwrap();
        assert_eq!(
            (dd.depth, dd.peak_index, dd.trough_index, dd.recovery_index),
            (1.0, Some(0), 1, Some(2))
        );
        assert_eq!(dd.duration_days, 2);
    }

    #[test]
    fn no_drawdown_is_none() {
        assert_eq!(max_drawdown(&[]), None);
        assert_eq!(max_drawdown(&[0.0, 1.0, 0.0, 2.0]), None);
    }
}
