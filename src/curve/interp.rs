//! Interpolation schemes: linear and monotone cubic (Steffen 1990).
//!
//! Both schemes work on strictly increasing knots `x_0 < x_1 < … < x_{n-1}` (n ≥ 2) with finite
//! ordinates, and share these rules:
//!
//! - **Through the knots.** At a knot the value is the knot's ordinate exactly (the lookup lands
//!   on the interval that starts at that knot, where the offset is zero).
//! - **Flat extrapolation.** Below `x_0` the value is `y_0`; above `x_{n-1}` it is `y_{n-1}`.
//!   Callers that must not extrapolate (a par curve with a maximum maturity, a zero curve) check
//!   the range before they ask.
//! - **Two knots.** With two knots both schemes give the straight line through them: the cubic's
//!   end slopes are both set to the secant, which makes the Hermite cubic linear.
//! - **Lookup.** A binary search over the knot abscissas (`partition_point`), then a polynomial of
//!   degree one or three whose coefficients were computed once at construction. Walks over
//!   increasing abscissas (the bootstrap grid) reuse the last interval as a hint.
//!
//! ## Why Steffen (1990) for the monotone cubic
//!
//! Steffen's slopes are a closed-form, one-pass, local rule: each knot's slope depends only on
//! its two neighbouring intervals. The interpolant is C¹, **monotone on every interval where the
//! data are monotone**, and — the property that matters most for yield curves, which are often
//! humped — has **no extremum strictly inside an interval**: on `[x_i, x_{i+1}]` the value stays
//! between `y_i` and `y_{i+1}`, so a par curve never overshoots its published yields. Fritsch &
//! Carlson (1980) guarantee monotonicity too, but need a second pass that rescales slopes in the
//! regions where their sufficient condition fails, and do not bound the interpolant by the
//! neighbouring ordinates where the data change direction.

use super::CurveError;
use std::fmt;
use std::str::FromStr;

/// How values between the knots of a curve are computed.
///
/// `Display` and `FromStr` use `linear` and `monotone-cubic` (parsing also accepts
/// `monotone_cubic` and `steffen`, in any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Interpolation {
    /// Straight lines between neighbouring knots (continuous, kinked at the knots).
    Linear,
    /// Steffen's (1990) monotone, C¹ piecewise cubic: no overshoot between knots.
    MonotoneCubic,
}

impl Interpolation {
    /// Every scheme, in a fixed order.
    pub const ALL: [Interpolation; 2] = [Interpolation::Linear, Interpolation::MonotoneCubic];

    /// The canonical text form, e.g. `"monotone-cubic"`.
    pub const fn name(self) -> &'static str {
        match self {
            Interpolation::Linear => "linear",
            Interpolation::MonotoneCubic => "monotone-cubic",
        }
    }
}

impl fmt::Display for Interpolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Interpolation {
    type Err = CurveError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "linear" => Ok(Interpolation::Linear),
            "monotone-cubic" | "monotone_cubic" | "steffen" => Ok(Interpolation::MonotoneCubic),
            _ => Err(CurveError::UnknownName {
                expected: "an interpolation: linear or monotone-cubic",
                found: s.to_owned(),
            }),
        }
    }
}

/// An interpolant through strictly increasing knots, with flat extrapolation beyond the ends.
///
/// Built once (validation and the per-interval coefficients), then evaluated many times with
/// [`Interpolator::value`]; evaluation does not allocate.
///
/// # Examples
///
/// ```
/// use spreadtrade::curve::{Interpolation, Interpolator};
/// use spreadtrade::tolerance::INTERP_KNOT_ABS;
///
/// let xs = [1.0, 2.0, 5.0, 10.0];
/// let ys = [0.040, 0.042, 0.045, 0.046];
/// let linear = Interpolator::new(Interpolation::Linear, &xs, &ys)?;
/// // Halfway between the 2- and 5-year knots.
/// assert!((linear.value(3.5).unwrap() - 0.0435).abs() < INTERP_KNOT_ABS);
/// // Flat beyond the last knot.
/// assert_eq!(linear.value(30.0), Some(0.046));
///
/// let cubic = Interpolator::new(Interpolation::MonotoneCubic, &xs, &ys)?;
/// let v = cubic.value(7.0).unwrap();
/// assert!(0.045 < v && v < 0.046); // no overshoot between knots
/// # Ok::<(), spreadtrade::curve::CurveError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Interpolator {
    kind: Interpolation,
    knots: Knots,
}

impl Interpolator {
    /// An interpolant of `kind` through the knots `(xs[i], ys[i])`.
    ///
    /// # Errors
    /// [`CurveError::LengthMismatch`] if `xs` and `ys` differ in length,
    /// [`CurveError::TooFewNodes`] with fewer than two knots, [`CurveError::NonFinite`] for a
    /// NaN or infinite abscissa or ordinate (or coefficients that overflow, e.g. knots 1e-300
    /// apart), [`CurveError::NotIncreasing`] if the abscissas are not strictly increasing.
    pub fn new(kind: Interpolation, xs: &[f64], ys: &[f64]) -> Result<Self, CurveError> {
        Ok(Interpolator {
            kind,
            knots: Knots::new(xs.to_vec(), ys.to_vec())?,
        })
    }

    /// The scheme.
    pub const fn kind(&self) -> Interpolation {
        self.kind
    }

    /// The knot abscissas, strictly increasing.
    pub fn xs(&self) -> &[f64] {
        &self.knots.xs
    }

    /// The knot ordinates.
    pub fn ys(&self) -> &[f64] {
        &self.knots.ys
    }

    /// The interpolated value at `x`; flat beyond the end knots.
    ///
    /// # Formula
    /// ```text
    /// linear:          y(x) = y_i + s_i·δ
    /// monotone cubic:  y(x) = y_i + y'_i·δ + b_i·δ² + a_i·δ³
    ///   δ   = x − x_i, where x_i ≤ x < x_{i+1}                (units of x)
    ///   h_i = x_{i+1} − x_i,  s_i = (y_{i+1} − y_i)/h_i        (secant slope)
    ///   b_i = (3·s_i − 2·y'_i − y'_{i+1}) / h_i
    ///   a_i = (y'_i + y'_{i+1} − 2·s_i) / h_i²
    ///   y'_i  Steffen's slope at knot i (interior knots):
    ///         p_i  = (s_{i−1}·h_i + s_i·h_{i−1}) / (h_{i−1} + h_i)
    ///         y'_i = (sign s_{i−1} + sign s_i) · min(|s_{i−1}|, |s_i|, |p_i|/2)
    ///   end knots: the slope p_0 of the parabola through the first three knots,
    ///         p_0 = s_0·(1 + h_0/(h_0 + h_1)) − s_1·h_0/(h_0 + h_1),
    ///         set to 0 if p_0·s_0 ≤ 0 and to 2·s_0 if |p_0| > 2·|s_0| (mirror image at x_{n−1});
    ///         with only two knots both end slopes are s_0 (a straight line).
    /// x < x_0: y_0;   x ≥ x_{n−1}: y_{n−1}.
    /// ```
    ///
    /// # Conventions
    /// Units are whatever the knots carry (years and decimal yields for the curves in this
    /// module). Extrapolation is flat at both ends.
    ///
    /// # References
    /// - M. Steffen, "A simple method for monotonic interpolation in one dimension",
    ///   *Astronomy and Astrophysics* 239 (1990), 443–450: the interior slope rule, the
    ///   one-sided parabolic end-point slope with its limiter, and the proof that every interval
    ///   is monotone with extrema only at the knots.
    /// - F. N. Fritsch and R. E. Carlson, "Monotone piecewise cubic interpolation",
    ///   *SIAM J. Numer. Anal.* 17(2) (1980), 238–246: the sufficient condition
    ///   `0 ≤ y'_i/s_i, y'_{i+1}/s_i ≤ 3`, which Steffen's slopes satisfy (they are at most 2·s_i).
    ///
    /// # Examples
    /// See [`Interpolator`].
    ///
    /// Returns `None` for a NaN `x` or if the polynomial overflows (ordinates near `f64::MAX`);
    /// `±∞` give the flat end values.
    #[inline]
    pub fn value(&self, x: f64) -> Option<f64> {
        if x.is_nan() {
            return None;
        }
        let v = self.knots.eval(self.kind, x);
        v.is_finite().then_some(v)
    }
}

/// Validated knots with the per-interval coefficients of both schemes, so that a curve can be
/// asked in either scheme without rebuilding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Knots {
    /// Strictly increasing, finite, at least two.
    xs: Vec<f64>,
    /// Finite, same length as `xs`.
    ys: Vec<f64>,
    /// One entry per interval `[x_i, x_{i+1}]` (length `n − 1`).
    segments: Vec<Segment>,
}

/// The coefficients on one interval, relative to its left knot.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Segment {
    /// Secant slope `s_i`.
    secant: f64,
    /// Steffen slope at the left knot `y'_i`.
    slope: f64,
    /// Quadratic coefficient `b_i`.
    b: f64,
    /// Cubic coefficient `a_i`.
    a: f64,
}

impl Knots {
    /// Validates the knots and computes both schemes' coefficients.
    pub(crate) fn new(xs: Vec<f64>, ys: Vec<f64>) -> Result<Self, CurveError> {
        if ys.len() != xs.len() {
            return Err(CurveError::LengthMismatch {
                what: "knot ordinates",
                expected: xs.len(),
                found: ys.len(),
            });
        }
        if xs.len() < 2 {
            return Err(CurveError::TooFewNodes {
                found: xs.len(),
                min: 2,
            });
        }
        for (index, (&x, &y)) in xs.iter().zip(&ys).enumerate() {
            if !x.is_finite() {
                return Err(CurveError::NonFinite {
                    what: "knot abscissa",
                    index,
                    value: x,
                });
            }
            if !y.is_finite() {
                return Err(CurveError::NonFinite {
                    what: "knot ordinate",
                    index,
                    value: y,
                });
            }
        }
        for (index, w) in xs.windows(2).enumerate() {
            if w[1] <= w[0] {
                return Err(CurveError::NotIncreasing {
                    what: "knot abscissas",
                    index: index + 1,
                    previous: w[0],
                    found: w[1],
                });
            }
        }
        let segments = steffen_segments(&xs, &ys);
        for (index, s) in segments.iter().enumerate() {
            for value in [s.secant, s.slope, s.b, s.a] {
                if !value.is_finite() {
                    return Err(CurveError::NonFinite {
                        what: "interpolation coefficient (knots too close or ordinates too large)",
                        index,
                        value,
                    });
                }
            }
        }
        Ok(Knots { xs, ys, segments })
    }

    pub(crate) fn xs(&self) -> &[f64] {
        &self.xs
    }

    pub(crate) fn ys(&self) -> &[f64] {
        &self.ys
    }

    /// The last abscissa.
    pub(crate) fn last_x(&self) -> f64 {
        // Invariant: `Knots::new` guarantees at least two knots.
        self.xs[self.xs.len() - 1]
    }

    /// The value at `x` (not NaN) with flat extrapolation.
    #[inline]
    pub(crate) fn eval(&self, kind: Interpolation, x: f64) -> f64 {
        let n = self.xs.len();
        // Invariant: n >= 2 (checked in `Knots::new`), so both indices exist.
        if x <= self.xs[0] {
            return self.ys[0];
        }
        if x >= self.xs[n - 1] {
            return self.ys[n - 1];
        }
        // x_0 < x < x_{n−1}, so the count of knots ≤ x is in 1..=n−1 and i in 0..=n−2.
        let i = self.xs.partition_point(|&k| k <= x) - 1;
        self.eval_in(kind, i, x)
    }

    /// The value at `x` (not NaN), starting the interval search at `*hint` and leaving the
    /// interval used there: O(1) for increasing abscissas.
    #[inline]
    pub(crate) fn eval_from(&self, kind: Interpolation, x: f64, hint: &mut usize) -> f64 {
        let n = self.xs.len();
        if x <= self.xs[0] {
            return self.ys[0];
        }
        if x >= self.xs[n - 1] {
            return self.ys[n - 1];
        }
        let mut i = (*hint).min(n - 2);
        if self.xs[i] > x {
            i = self.xs.partition_point(|&k| k <= x) - 1;
        } else {
            // Walk forward; terminates because x < x_{n−1}.
            while self.xs[i + 1] <= x {
                i += 1;
            }
        }
        *hint = i;
        self.eval_in(kind, i, x)
    }

    #[inline]
    fn eval_in(&self, kind: Interpolation, i: usize, x: f64) -> f64 {
        let s = &self.segments[i];
        let dx = x - self.xs[i];
        let y0 = self.ys[i];
        match kind {
            Interpolation::Linear => y0 + s.secant * dx,
            Interpolation::MonotoneCubic => y0 + dx * (s.slope + dx * (s.b + dx * s.a)),
        }
    }
}

/// The sign of `v` with `sign(0) = 0` (unlike `f64::signum`).
fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Steffen's end-knot slope from the parabola through the three end knots, limited so that the
/// end interval stays monotone (Steffen 1990, eqs. 26–27). `h0`, `s0` belong to the end interval.
fn steffen_end_slope(h0: f64, s0: f64, h1: f64, s1: f64) -> f64 {
    let w = h0 / (h0 + h1);
    let p = s0 * (1.0 + w) - s1 * w;
    if p * s0 <= 0.0 {
        0.0
    } else if p.abs() > 2.0 * s0.abs() {
        2.0 * s0
    } else {
        p
    }
}

/// Per-interval coefficients for both schemes (n ≥ 2 knots, strictly increasing xs).
fn steffen_segments(xs: &[f64], ys: &[f64]) -> Vec<Segment> {
    let n = xs.len();
    let h: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    let s: Vec<f64> = ys
        .windows(2)
        .zip(&h)
        .map(|(w, &hi)| (w[1] - w[0]) / hi)
        .collect();
    let mut slopes = vec![0.0; n];
    if n == 2 {
        slopes[0] = s[0];
        slopes[1] = s[0];
    } else {
        for i in 1..n - 1 {
            let p = (s[i - 1] * h[i] + s[i] * h[i - 1]) / (h[i - 1] + h[i]);
            let bound = s[i - 1].abs().min(s[i].abs()).min(0.5 * p.abs());
            slopes[i] = (sign(s[i - 1]) + sign(s[i])) * bound;
        }
        slopes[0] = steffen_end_slope(h[0], s[0], h[1], s[1]);
        slopes[n - 1] = steffen_end_slope(h[n - 2], s[n - 2], h[n - 3], s[n - 3]);
    }
    (0..n - 1)
        .map(|i| {
            let (yl, yr) = (slopes[i], slopes[i + 1]);
            Segment {
                secant: s[i],
                slope: yl,
                b: (3.0 * s[i] - 2.0 * yl - yr) / h[i],
                a: (yl + yr - 2.0 * s[i]) / (h[i] * h[i]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::INTERP_KNOT_ABS;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= INTERP_KNOT_ABS
    }

    #[test]
    fn linear_between_two_knots_is_the_chord() {
        // Hand-computed: the line through (1, 0.02) and (3, 0.05) has slope 0.015 per year.
        let f = Interpolator::new(Interpolation::Linear, &[1.0, 3.0], &[0.02, 0.05]).unwrap();
        assert!(close(f.value(2.0).unwrap(), 0.035));
        assert!(close(f.value(1.5).unwrap(), 0.0275));
        assert_eq!(f.value(0.0), Some(0.02));
        assert_eq!(f.value(10.0), Some(0.05));
        assert_eq!(f.value(f64::NEG_INFINITY), Some(0.02));
        assert_eq!(f.value(f64::NAN), None);
    }

    #[test]
    fn monotone_cubic_with_two_knots_is_the_same_line() {
        let c =
            Interpolator::new(Interpolation::MonotoneCubic, &[1.0, 3.0], &[0.02, 0.05]).unwrap();
        for k in 0..=20 {
            let x = 1.0 + 0.1 * f64::from(k);
            assert!(
                close(c.value(x).unwrap(), 0.02 + 0.015 * (x - 1.0)),
                "x = {x}"
            );
        }
    }

    #[test]
    fn monotone_cubic_hand_computed_values() {
        // Knots (0,0), (1,1), (2,4): h = 1, s = [1, 3].
        // Interior slope: p_1 = (1·1 + 3·1)/2 = 2; y'_1 = 2·min(1, 3, 1) = 2.
        // Left end: p_0 = 1·(1 + 1/2) − 3·1/2 = 0 → p_0·s_0 ≤ 0 → y'_0 = 0.
        // Right end: p_2 = 3·1.5 − 1·0.5 = 4; |4| ≤ 2·3 → y'_2 = 4.
        // Interval 0: b = (3 − 0 − 2)/1 = 1, a = (0 + 2 − 2)/1 = 0 → y = x² on [0, 1].
        // Interval 1: b = (9 − 4 − 4) = 1, a = (2 + 4 − 6) = 0 → y = 1 + 2δ + δ² = x² on [1, 2].
        let c = Interpolator::new(
            Interpolation::MonotoneCubic,
            &[0.0, 1.0, 2.0],
            &[0.0, 1.0, 4.0],
        )
        .unwrap();
        for k in 0..=20 {
            let x = 0.1 * f64::from(k);
            assert!(close(c.value(x).unwrap(), x * x), "x = {x}");
        }
    }

    #[test]
    fn monotone_cubic_flattens_at_a_local_extremum() {
        // A humped curve: slope at the hump knot is 0 and no value exceeds the hump.
        let xs = [0.0, 1.0, 2.0, 3.0];
        let ys = [0.01, 0.03, 0.02, 0.025];
        let c = Interpolator::new(Interpolation::MonotoneCubic, &xs, &ys).unwrap();
        for k in 0..=300 {
            let x = 0.01 * f64::from(k);
            assert!(c.value(x).unwrap() <= 0.03 + INTERP_KNOT_ABS, "x = {x}");
        }
    }

    #[test]
    fn rejects_bad_knots() {
        let lin = Interpolation::Linear;
        assert_eq!(
            Interpolator::new(lin, &[1.0], &[1.0]),
            Err(CurveError::TooFewNodes { found: 1, min: 2 })
        );
        assert!(matches!(
            Interpolator::new(lin, &[1.0, 2.0], &[1.0]),
            Err(CurveError::LengthMismatch { .. })
        ));
        assert!(matches!(
            Interpolator::new(lin, &[1.0, 1.0], &[1.0, 2.0]),
            Err(CurveError::NotIncreasing { index: 1, .. })
        ));
        assert!(matches!(
            Interpolator::new(lin, &[1.0, 2.0], &[1.0, f64::NAN]),
            Err(CurveError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            Interpolator::new(lin, &[0.0, 1e-310], &[0.0, 1e300]),
            Err(CurveError::NonFinite { .. })
        ));
    }

    #[test]
    fn interpolation_names_round_trip() {
        for kind in Interpolation::ALL {
            assert_eq!(kind.to_string().parse::<Interpolation>().unwrap(), kind);
        }
        assert_eq!(
            "Steffen".parse::<Interpolation>().unwrap(),
            Interpolation::MonotoneCubic
        );
        assert!("spline".parse::<Interpolation>().is_err());
    }

    /// Strictly increasing abscissas: 2..=16 knots with gaps from 1e-3 to 10 (curve-like
    /// spacing, including very uneven neighbours).
    fn knot_xs() -> impl Strategy<Value = Vec<f64>> {
        (
            -5.0..5.0f64,
            prop::collection::vec(
                prop_oneof![1e-3..1e-2f64, 1e-2..1.0f64, 1.0..10.0f64],
                1..16,
            ),
        )
            .prop_map(|(start, gaps)| {
                let mut x = start;
                let mut xs = vec![x];
                for g in gaps {
                    x += g;
                    xs.push(x);
                }
                xs
            })
    }

    /// Knots with arbitrary ordinates in a yield-like range, including zero steps.
    fn knots() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        knot_xs().prop_flat_map(|xs| {
            let n = xs.len();
            (
                Just(xs),
                prop::collection::vec(prop_oneof![Just(0.0), -0.2..0.2f64], n),
            )
        })
    }

    /// Knots with non-decreasing ordinates (monotone data, flat steps included).
    fn monotone_knots() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        knots().prop_map(|(xs, mut ys)| {
            ys.sort_by(f64::total_cmp);
            (xs, ys)
        })
    }

    /// Points to evaluate at, as fractions of the knot span (below and above included).
    fn fractions() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(-0.2..1.2f64, 1..40)
    }

    fn at(xs: &[f64], frac: f64) -> f64 {
        let (lo, hi) = (xs[0], xs[xs.len() - 1]);
        lo + frac * (hi - lo)
    }

    proptest! {
        #[test]
        fn passes_through_knots((xs, ys) in knots()) {
            for kind in Interpolation::ALL {
                let f = Interpolator::new(kind, &xs, &ys).unwrap();
                for (x, y) in xs.iter().zip(&ys) {
                    prop_assert!((f.value(*x).unwrap() - y).abs() <= INTERP_KNOT_ABS);
                }
            }
        }

        #[test]
        fn monotone_cubic_preserves_monotone_data(
            (xs, ys) in monotone_knots(),
            mut fr in fractions(),
        ) {
            let f = Interpolator::new(Interpolation::MonotoneCubic, &xs, &ys).unwrap();
            fr.sort_by(f64::total_cmp);
            let vals: Vec<f64> = fr.iter().map(|&q| f.value(at(&xs, q)).unwrap()).collect();
            for w in vals.windows(2) {
                prop_assert!(w[1] >= w[0] - INTERP_KNOT_ABS, "{} then {}", w[0], w[1]);
            }
        }

        #[test]
        fn monotone_cubic_stays_between_neighbouring_knots((xs, ys) in knots(), fr in fractions()) {
            let f = Interpolator::new(Interpolation::MonotoneCubic, &xs, &ys).unwrap();
            for q in fr {
                let x = at(&xs, q);
                let v = f.value(x).unwrap();
                let i = xs.partition_point(|&k| k <= x).clamp(1, xs.len() - 1);
                let (lo, hi) = (ys[i - 1].min(ys[i]), ys[i - 1].max(ys[i]));
                prop_assert!(v >= lo - INTERP_KNOT_ABS && v <= hi + INTERP_KNOT_ABS);
            }
        }

        #[test]
        fn hinted_and_plain_lookups_agree((xs, ys) in knots(), mut fr in fractions()) {
            let k = Knots::new(xs.clone(), ys).unwrap();
            fr.sort_by(f64::total_cmp);
            let mut hint = 0;
            for q in fr {
                let x = at(&xs, q);
                for kind in Interpolation::ALL {
                    prop_assert_eq!(k.eval_from(kind, x, &mut hint), k.eval(kind, x));
                }
            }
        }

        #[test]
        fn never_panics_on_finite_input(
            xs in prop::collection::vec(prop::num::f64::NORMAL | prop::num::f64::ZERO, 0..8),
            ys in prop::collection::vec(prop::num::f64::NORMAL | prop::num::f64::ZERO, 0..8),
            x in prop::num::f64::ANY,
        ) {
            for kind in Interpolation::ALL {
                if let Ok(f) = Interpolator::new(kind, &xs, &ys)
                    && let Some(v) = f.value(x) {
                        prop_assert!(v.is_finite());
                    }
            }
        }
    }
}
