//! [`SlopeZScore`]: a mean-reversion state machine on the z-score of a signal — a curve slope
//! (2s10s or any two tenors) or any series — as specified by the reference sweep
//! (`bench/SWEEP.md`).

use super::{DayView, RunContext, Strategy, StrategyError, Target};
use crate::curve::Tenor;
use crate::market::Market;
use crate::units::Currency;
use std::sync::Arc;

const NAME: &str = "slope z-score";

/// What the z-score is computed on.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SignalSource {
    /// A named market series (e.g. the spread of the reference sweep).
    Series(String),
    /// A curve slope in basis points: `(yield(long) − yield(short)) × 10,000` from the
    /// market's curve in `currency` (e.g. USD 2s10s).
    CurveSlope {
        /// Curve currency.
        currency: Currency,
        /// Short tenor (e.g. 2Y).
        short: Tenor,
        /// Long tenor (e.g. 10Y).
        long: Tenor,
    },
}

impl SignalSource {
    /// The USD 2s10s slope in bp.
    pub fn usd_2s10s() -> Self {
        SignalSource::CurveSlope {
            currency: Currency::Usd,
            short: Tenor::Years(2),
            long: Tenor::Years(10),
        }
    }

    /// The signal on every market day (`None` where it is not observed).
    ///
    /// # Errors
    /// [`StrategyError::MissingData`] when the market lacks the series or curve.
    pub fn values(&self, market: &Market) -> Result<Vec<Option<f64>>, StrategyError> {
        match self {
            SignalSource::Series(name) => market
                .series(name)
                .map(<[Option<f64>]>::to_vec)
                .ok_or_else(|| missing(format!("series {name:?}"))),
            SignalSource::CurveSlope {
                currency,
                short,
                long,
            } => {
                let curve = market
                    .curve(*currency)
                    .ok_or_else(|| missing(format!("a {currency} curve")))?;
                for t in [short, long] {
                    if !curve.tenors().contains(t) {
                        return Err(missing(format!("the {t} tenor of the {currency} curve")));
                    }
                }
                Ok((0..market.len())
                    .map(|d| Some((curve.yield_at(d, *long)? - curve.yield_at(d, *short)?) * 1e4))
                    .collect())
            }
        }
    }
}

fn missing(what: String) -> StrategyError {
    StrategyError::MissingData {
        strategy: NAME,
        what,
    }
}

/// Rolling z-scores of a signal on the market timeline.
///
/// # Formula
/// ```text
/// z_t = (s_t − mean_L) / std_L     over the last L observations including t
/// mean_L = S1 / L,  var_L = S2 / L − mean_L²   (population variance, ddof 0)
/// ```
/// with running sums `S1 = Σ s`, `S2 = Σ s²` updated by adding the newest and removing the
/// observation that leaves the window — the same arithmetic as the reference sweep's numba
/// peer, so positions agree with it exactly.
///
/// # Conventions
/// Observations are the days on which the signal exists; a day without a value has no z-score
/// and does not enter the window. `z` is undefined (`None`) until L observations exist and
/// where `var_L ≤ 0`.
///
/// # References
/// `bench/SWEEP.md` (the reference sweep's strategy family).
#[derive(Debug, Clone, PartialEq)]
pub struct ZScores {
    window: usize,
    // NaN marks "undefined" internally; the public accessor returns `Option`.
    z: Vec<f64>,
}

impl ZScores {
    /// Computes rolling z-scores over `window` observations.
    ///
    /// # Errors
    /// [`StrategyError::InvalidParameter`] for a window below 2.
    pub fn compute(signal: &[Option<f64>], window: usize) -> Result<Self, StrategyError> {
        if window < 2 {
            return Err(StrategyError::InvalidParameter {
                strategy: NAME,
                name: "window",
                value: window as f64,
                expected: "at least 2 observations",
            });
        }
        super::within(NAME, &crate::limits::WINDOW, "window", window as f64)?;
        let mut z = vec![f64::NAN; signal.len()];
        let obs: Vec<(usize, f64)> = signal
            .iter()
            .enumerate()
            .filter_map(|(d, v)| v.map(|x| (d, x)))
            .collect();
        let l = window as f64;
        let (mut s1, mut s2) = (0.0_f64, 0.0_f64);
        for (i, &(day, x)) in obs.iter().enumerate() {
            s1 += x;
            s2 += x * x;
            if i >= window {
                let y = obs[i - window].1;
                s1 -= y;
                s2 -= y * y;
            }
            if i + 1 >= window {
                let m = s1 / l;
                let v = s2 / l - m * m;
                if v > 0.0 {
                    z[day] = (x - m) / v.sqrt();
                }
            }
        }
        Ok(ZScores { window, z })
    }

    /// The window length L.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Number of days covered.
    pub fn len(&self) -> usize {
        self.z.len()
    }

    /// Whether no days are covered.
    pub fn is_empty(&self) -> bool {
        self.z.is_empty()
    }

    /// The z-score on market day `day`, where defined.
    pub fn get(&self, day: usize) -> Option<f64> {
        self.z.get(day).copied().filter(|z| !z.is_nan())
    }

    /// Every day's z-score, NaN where undefined (for the lockstep sweep).
    pub(crate) fn raw(&self) -> &[f64] {
        &self.z
    }
}

/// A [`SlopeZScore`] as the sweep's lockstep path sees it ([`Strategy::lockstep`]): its
/// shared z-scores and its parameters, from a fresh state (flat).
///
/// Only [`SlopeZScore`] builds one, so a sweep that finds one for every run knows exactly
/// which rules the runs follow (those of [`SlopeZScore`]'s `on_day`).
#[derive(Debug, Clone)]
pub struct Lockstep {
    scores: Arc<ZScores>,
    params: ZScoreParams,
}

impl Lockstep {
    /// The shared z-scores.
    pub fn scores(&self) -> &Arc<ZScores> {
        &self.scores
    }

    /// The state machine's parameters.
    pub fn params(&self) -> &ZScoreParams {
        &self.params
    }

    /// The state after a day with z-score `z` in state `state` (−1 short, 0 flat, +1 long;
    /// NaN changes nothing): the rules of [`SlopeZScore`]'s `on_day`.
    #[inline]
    pub(crate) fn next_state(&self, state: i8, z: f64) -> i8 {
        next_state(&self.params, state, z)
    }

    /// The thresholds of state `state` as `(hi, lo)`: the state changes on a day exactly when
    /// `z > hi` or `z < lo` (never on NaN), which [`Lockstep::next_state`] then decides.
    #[inline]
    pub(crate) fn triggers(&self, state: i8) -> (f64, f64) {
        let (k, exit) = (self.params.entry, self.params.exit);
        match state {
            0 => (k, -k),
            -1 => (f64::INFINITY, exit),
            _ => (-exit, f64::NEG_INFINITY),
        }
    }

    /// The spread units the engine sizes after a change into state `next`: those of the
    /// target [`SlopeZScore`]'s `on_day` returns (`Target::Flat` is 0 units).
    #[inline]
    pub(crate) fn units(&self, next: i8) -> f64 {
        match target(&self.params, next) {
            Target::Units(u) => u,
            _ => 0.0,
        }
    }
}

/// The state after a z-score of `z` in state `state` (NaN changes nothing): the rules of
/// [`SlopeZScore`]'s `on_day`, for the lockstep sweep (the sweep's tests compare every run
/// with the engine running `on_day`).
#[inline(always)]
pub(crate) fn next_state(p: &ZScoreParams, state: i8, z: f64) -> i8 {
    let (k, exit) = (p.entry, p.exit);
    match state {
        0 if z > k => -1,
        0 if z < -k => 1,
        -1 if z < exit => 0,
        1 if z > -exit => 0,
        s => s,
    }
}

/// The target of a change into state `next`, as [`SlopeZScore`]'s `on_day` returns it.
#[inline(always)]
fn target(p: &ZScoreParams, next: i8) -> Target {
    let sign = if p.momentum {
        -f64::from(next)
    } else {
        f64::from(next)
    };
    if next == 0 {
        Target::Flat
    } else {
        Target::Units(sign * p.units)
    }
}

/// A window × entry grid of z-score strategies on one signal, for a parameter sweep: one
/// [`ZScores`] per window, shared by every entry threshold.
///
/// Points are `(window index, entry)`, row-major over windows then entries (point
/// `i × entries + j` has window `windows[i]` and entry `entries[j]`), ready for
/// [`Sweep::run`](crate::backtest::Sweep::run) with [`ZScoreGrid::strategy`] as the factory.
///
/// # Examples
/// ```
/// use spreadtrade::strategy::{ZScoreGrid, ZScoreParams};
/// let signal: Vec<Option<f64>> = (0..50).map(|i| Some((i as f64 * 0.7).sin())).collect();
/// let grid = ZScoreGrid::new(&signal, &[10, 20], &[1.0, 1.5, 2.0])?;
/// assert_eq!(grid.points().len(), 6);
/// assert_eq!(grid.points()[4], (1, 1.5));
/// assert_eq!(grid.window(&grid.points()[4]), 20);
/// let s = grid.strategy(&grid.points()[4], ZScoreParams::reference(0, 1.0))?;
/// assert_eq!((s.params().window, s.params().entry), (20, 1.5));
/// # Ok::<(), spreadtrade::strategy::StrategyError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ZScoreGrid {
    windows: Vec<usize>,
    scores: Vec<Arc<ZScores>>,
    points: Vec<(usize, f64)>,
}

impl ZScoreGrid {
    /// The z-scores of `signal` for every window, and the grid's points.
    ///
    /// # Errors
    /// [`StrategyError::InvalidParameter`] for a window below 2.
    pub fn new(
        signal: &[Option<f64>],
        windows: &[usize],
        entries: &[f64],
    ) -> Result<Self, StrategyError> {
        // One window's z-scores do not depend on another's: built in parallel, the same bits;
        // the error reported is the first window's in order, as built one by one.
        let one = |&w: &usize| ZScores::compute(signal, w).map(Arc::new);
        #[cfg(feature = "parallel")]
        let scores: Vec<_> = {
            use rayon::prelude::*;
            windows.par_iter().map(one).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let scores: Vec<_> = windows.iter().map(one).collect();
        let scores = scores.into_iter().collect::<Result<Vec<_>, _>>()?;
        let points = (0..windows.len())
            .flat_map(|i| entries.iter().map(move |&k| (i, k)))
            .collect();
        Ok(ZScoreGrid {
            windows: windows.to_vec(),
            scores,
            points,
        })
    }

    /// The points, `(window index, entry)`, row-major over windows then entries.
    pub fn points(&self) -> &[(usize, f64)] {
        &self.points
    }

    /// The window of a point.
    pub fn window(&self, point: &(usize, f64)) -> usize {
        self.windows[point.0]
    }

    /// The z-scores of window index `i`.
    pub fn scores(&self, i: usize) -> &Arc<ZScores> {
        &self.scores[i]
    }

    /// The strategy at `point`: `base` with the point's window and entry, on the shared
    /// z-scores.
    ///
    /// # Errors
    /// As [`SlopeZScore::with_scores`].
    pub fn strategy(
        &self,
        point: &(usize, f64),
        base: ZScoreParams,
    ) -> Result<SlopeZScore, StrategyError> {
        let &(i, entry) = point;
        SlopeZScore::with_scores(
            Arc::clone(&self.scores[i]),
            ZScoreParams {
                window: self.windows[i],
                entry,
                ..base
            },
        )
    }
}

/// Parameters of the z-score state machine.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ZScoreParams {
    /// Window L in observations.
    pub window: usize,
    /// Entry threshold k (> 0).
    pub entry: f64,
    /// Exit threshold (the reference sweep uses 0.25).
    pub exit: f64,
    /// Spread units held when in a position (the reference sweep holds 1).
    pub units: f64,
    /// Trade with the signal (momentum) instead of against it (mean reversion, the default).
    pub momentum: bool,
}

impl ZScoreParams {
    /// The reference sweep's parameters for window `window` and entry `entry`: exit 0.25,
    /// one unit, mean reversion.
    pub fn reference(window: usize, entry: f64) -> Self {
        ZScoreParams {
            window,
            entry,
            exit: 0.25,
            units: 1.0,
            momentum: false,
        }
    }
}

/// The z-score state machine.
///
/// # Rules (mean reversion; `momentum` flips the sign of the position)
/// ```text
/// flat  → short if z > k,   → long if z < −k
/// short → flat  if z < exit
/// long  → flat  if z > −exit
/// ```
/// The position is decided at the close of day t (the engine fills at day t's price), so it
/// earns day t+1's move — the accounting of `bench/SWEEP.md`. Days without a z-score change
/// nothing.
#[derive(Debug, Clone)]
pub struct SlopeZScore {
    source: Option<SignalSource>,
    scores: Option<Arc<ZScores>>,
    params: ZScoreParams,
    state: i8,
}

impl SlopeZScore {
    /// A strategy that computes its z-scores from `source` in [`Strategy::prepare`].
    ///
    /// # Errors
    /// [`StrategyError::InvalidParameter`] for a non-positive entry, a negative exit, an exit
    /// at or above the entry, or non-positive units.
    pub fn new(source: SignalSource, params: ZScoreParams) -> Result<Self, StrategyError> {
        check(&params)?;
        Ok(SlopeZScore {
            source: Some(source),
            scores: None,
            params,
            state: 0,
        })
    }

    /// A strategy on precomputed z-scores, shared by many runs of a sweep (runs with the same
    /// window share one [`ZScores`]).
    ///
    /// # Errors
    /// As [`SlopeZScore::new`].
    pub fn with_scores(scores: Arc<ZScores>, params: ZScoreParams) -> Result<Self, StrategyError> {
        check(&params)?;
        Ok(SlopeZScore {
            source: None,
            scores: Some(scores),
            params,
            state: 0,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &ZScoreParams {
        &self.params
    }
}

fn check(p: &ZScoreParams) -> Result<(), StrategyError> {
    let bad = |name, value, expected| {
        Err(StrategyError::InvalidParameter {
            strategy: NAME,
            name,
            value,
            expected,
        })
    };
    if !(p.entry.is_finite() && p.entry > 0.0) {
        return bad("entry", p.entry, "a finite number > 0");
    }
    if !(p.exit.is_finite() && p.exit >= 0.0 && p.exit < p.entry) {
        return bad("exit", p.exit, "a finite number in [0, entry)");
    }
    if !(p.units.is_finite() && p.units > 0.0) {
        return bad("units", p.units, "a finite number > 0");
    }
    if p.window < 2 {
        return bad("window", p.window as f64, "at least 2 observations");
    }
    // The domain limits (crate::limits).
    super::within(NAME, &crate::limits::ZSCORE_THRESHOLD, "entry", p.entry)?;
    super::within(NAME, &crate::limits::UNITS, "units", p.units)?;
    super::within(NAME, &crate::limits::WINDOW, "window", p.window as f64)?;
    Ok(())
}

impl Strategy for SlopeZScore {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        self.state = 0;
        if let Some(source) = &self.source {
            let values = source.values(ctx.market)?;
            self.scores = Some(Arc::new(ZScores::compute(&values, self.params.window)?));
        }
        let found = self.scores.as_ref().map_or(0, |s| s.len());
        if found != ctx.market.len() {
            return Err(StrategyError::SignalLength {
                strategy: NAME,
                expected: ctx.market.len(),
                found,
            });
        }
        Ok(())
    }

    #[inline]
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        let Some(z) = self.scores.as_ref().and_then(|s| s.get(view.day)) else {
            return Target::Keep;
        };
        let (k, exit) = (self.params.entry, self.params.exit);
        let next = match self.state {
            0 if z > k => -1,
            0 if z < -k => 1,
            -1 if z < exit => 0,
            1 if z > -exit => 0,
            s => s,
        };
        if next == self.state {
            return Target::Keep;
        }
        self.state = next;
        let sign = if self.params.momentum {
            -f64::from(next)
        } else {
            f64::from(next)
        };
        if next == 0 {
            Target::Flat
        } else {
            Target::Units(sign * self.params.units)
        }
    }

    /// The shared z-scores and parameters, when the z-scores are precomputed (built by
    /// [`SlopeZScore::with_scores`] or a [`ZScoreGrid`]); `None` for a strategy that computes
    /// them in `prepare`.
    fn lockstep(&self) -> Option<Lockstep> {
        Some(Lockstep {
            scores: Arc::clone(self.scores.as_ref()?),
            params: self.params,
        })
    }

    /// The next day whose z-score would move the state machine: a scan of the precomputed
    /// z-scores (undefined days never trigger).
    fn quiet_until(&self, day: usize) -> usize {
        let Some(scores) = &self.scores else {
            return day + 1;
        };
        let (k, exit) = (self.params.entry, self.params.exit);
        let rest = scores.z.get(day + 1..).unwrap_or(&[]);
        // Each test is "some z beyond a threshold": a max (or min) over a block, vectorisable.
        let hit = match self.state {
            0 => first_above(rest, |z| z.abs(), k),
            -1 => first_above(rest, |z| -z, -exit),
            _ => first_above(rest, |z| z, -exit),
        };
        hit.map_or(scores.z.len().max(day + 1), |i| day + 1 + i)
    }
}

/// The index of the first value whose `f(value)` exceeds `threshold` (NaN never does).
/// Blocks of eight are screened with a branch-free maximum first, which the compiler can
/// vectorise; only a block that contains a hit is searched one value at a time.
#[inline(always)]
fn first_above(values: &[f64], f: impl Fn(f64) -> f64, threshold: f64) -> Option<usize> {
    const BLOCK: usize = 8;
    let mut blocks = values.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        // `if a > m { a } else { m }` skips NaN (the comparison is false) and maps to `maxpd`.
        let m = block.iter().fold(f64::NEG_INFINITY, |m, &z| {
            let a = f(z);
            if a > m { a } else { m }
        });
        if m > threshold {
            return block
                .iter()
                .position(|&z| f(z) > threshold)
                .map(|i| base + i);
        }
        base += BLOCK;
    }
    blocks
        .remainder()
        .iter()
        .position(|&z| f(z) > threshold)
        .map(|i| base + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_scores_match_a_hand_computation() {
        // window 3 over [1, 2, 3, 5]: day 2: mean 2, var 2/3 → z = 1/sqrt(2/3) = 1.2247...
        // day 3: [2, 3, 5] mean 10/3, var (4+9+25)/3 − 100/9 = 14/9 → z = (5 − 10/3)/sqrt(14/9).
        let s = [Some(1.0), Some(2.0), Some(3.0), Some(5.0)];
        let z = ZScores::compute(&s, 3).unwrap();
        assert_eq!(z.get(1), None);
        assert!((z.get(2).unwrap() - 1.0 / (2.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        let expect = (5.0 - 10.0 / 3.0) / (14.0_f64 / 9.0).sqrt();
        assert!((z.get(3).unwrap() - expect).abs() < 1e-12);
    }

    #[test]
    fn gaps_do_not_enter_the_window_and_flat_windows_have_no_score() {
        let s = [Some(1.0), None, Some(1.0), Some(1.0), Some(4.0)];
        let z = ZScores::compute(&s, 2).unwrap();
        assert_eq!(z.get(1), None);
        assert_eq!(z.get(2), None); // window [1, 1]: zero variance
        assert_eq!(z.get(3), None);
        assert!((z.get(4).unwrap() - 1.0).abs() < 1e-12); // [1, 4]: mean 2.5, std 1.5
    }

    #[test]
    fn a_grid_is_its_windows_built_one_by_one_and_reports_the_first_bad_window() {
        let s: Vec<Option<f64>> = (0..300)
            .map(|i| Some((f64::from(i) * 0.37).sin() * 10.0 + f64::from(i % 7)))
            .collect();
        let windows = [5, 20, 60, 150];
        let grid = ZScoreGrid::new(&s, &windows, &[1.0, 2.0]).unwrap();
        for (i, &w) in windows.iter().enumerate() {
            let one = ZScores::compute(&s, w).unwrap();
            let bits = |z: &[f64]| z.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(grid.scores(i).raw()), bits(one.raw()), "window {w}");
        }
        // Two bad windows: the first in order is the one reported, whatever the threads did.
        let err = ZScoreGrid::new(&s, &[10, 1, 20_000, 30], &[1.0]).unwrap_err();
        assert!(err.to_string().contains("at least 2"), "{err}");
        let err = ZScoreGrid::new(&s, &[10, 20_000, 1, 30], &[1.0]).unwrap_err();
        assert!(err.to_string().contains("20000"), "{err}");
    }

    #[test]
    fn rejects_bad_parameters() {
        let src = || SignalSource::Series("s".into());
        assert!(SlopeZScore::new(src(), ZScoreParams::reference(1, 2.0)).is_err());
        assert!(SlopeZScore::new(src(), ZScoreParams::reference(10, 0.0)).is_err());
        assert!(SlopeZScore::new(src(), ZScoreParams::reference(10, 0.2)).is_err());
        let mut p = ZScoreParams::reference(10, 2.0);
        p.units = -1.0;
        assert!(SlopeZScore::new(src(), p).is_err());
        assert!(SlopeZScore::new(src(), ZScoreParams::reference(10, 2.0)).is_ok());
    }
}
