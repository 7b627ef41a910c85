//! A smooth par curve fitted to a day's published par yields (Svensson's functional form), for
//! pricing off-the-run bonds without the issue-specific noise of the on-the-run knots.
//!
//! The Treasury par curve passes through the yields of the **on-the-run** notes and bonds (and
//! through Treasury's own interpolated values where no such issue exists, e.g. the 7-year point
//! from 1993 to 2009). Each on-the-run issue carries its own liquidity premium, which moves with
//! auctions, squeezes and flight-to-quality flows. The bonds that are cheapest to deliver into
//! Treasury futures are **off-the-run** issues: they do not share that premium, and they sit on
//! a smooth curve. The Federal Reserve's own off-the-run curve (Gürkaynak, Sack & Wright 2007)
//! is a Svensson curve fitted to off-the-run securities for that reason. With only the
//! published par yields at hand, [`smoothed_par_curve`] fits the same functional form to them
//! by least squares and reads the par curve off the fit, so that a knot's idiosyncratic move
//! spreads over the curve instead of bending it locally.

use super::{CurveError, ParCurve, Tenor};

/// The choices of a Svensson fit. `Default`: decay times of 2 and 10 years, tenors of one
/// year and longer fitted, the fitted curve sampled every 6 months and used up to 10 years.
///
/// # Examples
/// ```
/// use spreadtrade::curve::SvenssonConfig;
///
/// let c = SvenssonConfig::default();
/// assert_eq!((c.tau1_years(), c.tau2_years(), c.min_years()), (2.0, 10.0, 1.0));
/// let c = SvenssonConfig::new(1.5, 8.0)?;
/// assert_eq!(c.tau2_years(), 8.0);
/// assert!(SvenssonConfig::new(0.0, 8.0).is_err());
/// # Ok::<(), spreadtrade::curve::CurveError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvenssonConfig {
    tau1_years: f64,
    tau2_years: f64,
    min_years: f64,
    max_years: f64,
}

impl Default for SvenssonConfig {
    fn default() -> Self {
        SvenssonConfig {
            tau1_years: 2.0,
            tau2_years: 10.0,
            min_years: 1.0,
            max_years: 10.0,
        }
    }
}

/// The fitted curve is sampled every this many months between [`SvenssonConfig::min_years`]
/// and the last published tenor.
pub const SMOOTHED_GRID_MONTHS: u32 = 6;

impl SvenssonConfig {
    /// Decay times `τ1`, `τ2` in years (the humps of the two curvature terms peak near
    /// `1.8·τ`).
    ///
    /// # Errors
    /// [`CurveError::InvalidParameter`] unless both are finite, positive and `τ1 < τ2` (equal
    /// decay times make the two curvature factors the same column).
    pub fn new(tau1_years: f64, tau2_years: f64) -> Result<Self, CurveError> {
        for (name, value) in [("tau1_years", tau1_years), ("tau2_years", tau2_years)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(CurveError::InvalidParameter {
                    name,
                    value,
                    expected: "a finite, positive decay time in years",
                });
            }
        }
        if tau1_years >= tau2_years {
            return Err(CurveError::InvalidParameter {
                name: "tau2_years",
                value: tau2_years,
                expected: "longer than tau1_years",
            });
        }
        Ok(SvenssonConfig {
            tau1_years,
            tau2_years,
            ..SvenssonConfig::default()
        })
    }

    /// The first decay time (years).
    pub const fn tau1_years(&self) -> f64 {
        self.tau1_years
    }

    /// The second decay time (years).
    pub const fn tau2_years(&self) -> f64 {
        self.tau2_years
    }

    /// Published tenors at least this long (years) are fitted; shorter ones (bills) are kept
    /// as published.
    pub const fn min_years(&self) -> f64 {
        self.min_years
    }

    /// The fitted curve replaces the published one up to this maturity (years); longer
    /// published tenors are kept as published (default 10).
    pub const fn max_years(&self) -> f64 {
        self.max_years
    }

    /// The same configuration replacing the published curve up to `years` (at least
    /// [`SvenssonConfig::min_years`]).
    ///
    /// # Errors
    /// [`CurveError::InvalidParameter`] for a value that is not finite or is shorter than
    /// `min_years`.
    pub fn with_max_years(mut self, years: f64) -> Result<Self, CurveError> {
        if !(years.is_finite() && years >= self.min_years) {
            return Err(CurveError::InvalidParameter {
                name: "max_years",
                value: years,
                expected: "a finite maturity of at least min_years",
            });
        }
        self.max_years = years;
        Ok(self)
    }
}

/// Svensson's par-yield function fitted to one day's published par yields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvenssonFit {
    beta: [f64; 4],
    tau1_years: f64,
    tau2_years: f64,
}

/// The four factor loadings of Svensson's form at `t` years.
fn loadings(t: f64, tau1: f64, tau2: f64) -> [f64; 4] {
    let slope = |x: f64| {
        if x < 1e-9 {
            1.0 - x / 2.0
        } else {
            (1.0 - (-x).exp()) / x
        }
    };
    let (x1, x2) = (t / tau1, t / tau2);
    let l1 = slope(x1);
    [1.0, l1, l1 - (-x1).exp(), slope(x2) - (-x2).exp()]
}

impl SvenssonFit {
    /// Fits Svensson's form to the published par yields of `par` at tenors of at least
    /// `config.min_years()`, by ordinary least squares with the decay times fixed.
    ///
    /// # Formula
    /// ```text
    /// y(t) = β0 + β1·L(t/τ1) + β2·[L(t/τ1) − e^(−t/τ1)] + β3·[L(t/τ2) − e^(−t/τ2)]
    /// L(x) = (1 − e^(−x)) / x
    /// β    = argmin Σ_i (y_i − y(t_i))²      over published tenors t_i ≥ min_years
    /// ```
    /// - `t`: maturity in years; `y`: par yield (decimal, the curve's compounding);
    ///   `τ1`, `τ2`: decay times in years (fixed, so the fit is linear in `β`).
    ///
    /// # Conventions
    /// The form is fitted to par yields as published (not to bond prices or zero rates): it is
    /// a smoother of the par curve, not a term-structure model. Every fitted tenor has the
    /// same weight.
    ///
    /// # References
    /// L. E. O. Svensson, "Estimating and Interpreting Forward Interest Rates: Sweden
    /// 1992–1994", NBER Working Paper 4871 (1994) (the functional form); R. S. Gürkaynak,
    /// B. Sack and J. H. Wright, "The U.S. Treasury Yield Curve: 1961 to the Present", *Journal
    /// of Monetary Economics* 54 (2007), 2291–2304 (the same form fitted to off-the-run
    /// Treasuries, on-the-run issues left out for their liquidity premia).
    ///
    /// # Errors
    /// [`CurveError::TooFewNodes`] with fewer than five fitted tenors (four parameters and at
    /// least one degree of freedom); [`CurveError::InvalidParameter`] when the normal
    /// equations are singular (tenors too close together for the factors).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::curve::{CouponFrequency, ParCurve, SvenssonConfig, SvenssonFit, Tenor};
    ///
    /// // A curve that is exactly a Nelson–Siegel level + slope shape is fitted exactly.
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// let f = |t: f64| 0.05 - 0.02 * (1.0 - (-t / 2.0).exp()) / (t / 2.0);
    /// let nodes: Vec<(Tenor, f64)> = [1, 2, 3, 5, 7, 10, 20, 30]
    ///     .iter()
    ///     .map(|&y| (Tenor::Years(y), f(f64::from(y))))
    ///     .collect();
    /// let par = ParCurve::new(date, &nodes, CouponFrequency::SemiAnnual)?;
    /// let fit = SvenssonFit::fit(&par, &SvenssonConfig::default())?;
    /// assert!((fit.par_yield(4.0) - f(4.0)).abs() < 1e-9);
    /// # Ok::<(), spreadtrade::curve::CurveError>(())
    /// ```
    pub fn fit(par: &ParCurve, config: &SvenssonConfig) -> Result<Self, CurveError> {
        let (tau1, tau2) = (config.tau1_years, config.tau2_years);
        let mut normal = [[0.0_f64; 4]; 4];
        let mut rhs = [0.0_f64; 4];
        let mut used = 0;
        for (tenor, y) in par.nodes() {
            let t = tenor.years();
            if t + 1e-9 < config.min_years {
                continue;
            }
            used += 1;
            let a = loadings(t, tau1, tau2);
            for i in 0..4 {
                rhs[i] += a[i] * y;
                for j in 0..4 {
                    normal[i][j] += a[i] * a[j];
                }
            }
        }
        if used < 5 {
            return Err(CurveError::TooFewNodes {
                found: used,
                min: 5,
            });
        }
        let beta = solve4(normal, rhs).ok_or(CurveError::InvalidParameter {
            name: "fitted tenors",
            value: used as f64,
            expected: "tenors spread enough for the four Svensson factors",
        })?;
        Ok(SvenssonFit {
            beta,
            tau1_years: tau1,
            tau2_years: tau2,
        })
    }

    /// The fitted par yield (decimal) at `years`.
    pub fn par_yield(&self, years: f64) -> f64 {
        let a = loadings(years, self.tau1_years, self.tau2_years);
        a.iter().zip(self.beta).map(|(a, b)| a * b).sum()
    }

    /// The coefficients `β0..β3` (decimal).
    pub const fn coefficients(&self) -> [f64; 4] {
        self.beta
    }
}

/// Solves a 4×4 linear system by Gaussian elimination with partial pivoting; `None` when it
/// is singular.
fn solve4(mut m: [[f64; 4]; 4], mut v: [f64; 4]) -> Option<[f64; 4]> {
    let scale = m.iter().flatten().fold(0.0_f64, |s, x| s.max(x.abs()));
    for col in 0..4 {
        let pivot = (col..4).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        // A NaN pivot is singular too.
        if m[pivot][col].abs().partial_cmp(&(1e-12 * scale)) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        m.swap(col, pivot);
        v.swap(col, pivot);
        let pivot_row = m[col];
        for row in col + 1..4 {
            let f = m[row][col] / pivot_row[col];
            for (x, p) in m[row].iter_mut().zip(pivot_row).skip(col) {
                *x -= f * p;
            }
            v[row] -= f * v[col];
        }
    }
    let mut x = [0.0; 4];
    for i in (0..4).rev() {
        let tail: f64 = (i + 1..4).map(|k| m[i][k] * x[k]).sum();
        x[i] = (v[i] - tail) / m[i][i];
    }
    x.iter().all(|b| b.is_finite()).then_some(x)
}

/// The par curve read off a Svensson fit of `par`: the published tenors shorter than
/// [`SvenssonConfig::min_years`] as published (bills, and so the repo rate), the fitted par
/// yield every [`SMOOTHED_GRID_MONTHS`] months from `min_years` up to the shorter of
/// [`SvenssonConfig::max_years`] and the last published tenor, then the published tenors
/// beyond `max_years` as published; same date, compounding and extrapolation rule.
///
/// The long end is kept as published by default because its published points are already
/// off-the-run yields where it matters: from 1993 to 2020 no 20-year bond was issued, and the
/// Treasury read its 20-year point off outstanding old 30-year bonds — the bonds deliverable
/// into the US contract — whose yields sat above the 30-year's (the "20-year hump" a
/// four-factor curve does not follow).
///
/// # Errors
/// As [`SvenssonFit::fit`]; [`CurveError`] from [`ParCurve::new`] if a fitted yield falls
/// outside the par-yield bounds.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::curve::{CouponFrequency, Interpolation, ParCurve, SvenssonConfig, Tenor, smoothed_par_curve};
///
/// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
/// // 2024-03-20 Treasury par curve (3M, 1Y..30Y).
/// let pct = [(Tenor::Months(3), 5.47), (Tenor::Years(1), 5.01), (Tenor::Years(2), 4.59),
///     (Tenor::Years(3), 4.41), (Tenor::Years(5), 4.25), (Tenor::Years(7), 4.28),
///     (Tenor::Years(10), 4.27), (Tenor::Years(20), 4.53), (Tenor::Years(30), 4.45)];
/// let nodes: Vec<(Tenor, f64)> = pct.iter().map(|&(t, p)| (t, p / 100.0)).collect();
/// let par = ParCurve::new(date, &nodes, CouponFrequency::SemiAnnual)?;
/// let smooth = smoothed_par_curve(&par, &SvenssonConfig::default())?;
/// // The bill is kept; the fitted 7-year stays within a few basis points of the published one.
/// assert_eq!(smooth.par_yield(0.25, Interpolation::Linear)?, 0.0547);
/// assert!((smooth.par_yield(7.0, Interpolation::Linear)? - 0.0428).abs() < 0.0010);
/// # Ok::<(), spreadtrade::curve::CurveError>(())
/// ```
pub fn smoothed_par_curve(par: &ParCurve, config: &SvenssonConfig) -> Result<ParCurve, CurveError> {
    let fit = SvenssonFit::fit(par, config)?;
    let mut nodes: Vec<(Tenor, f64)> = par
        .nodes()
        .filter(|(t, _)| t.years() + 1e-9 < config.min_years)
        .collect();
    let last_months = (par.last_tenor().years().min(config.max_years) * 12.0).round();
    let first_months = (config.min_years * 12.0).ceil();
    let step = f64::from(SMOOTHED_GRID_MONTHS);
    let mut months = (first_months / step).ceil() * step;
    while months <= last_months + 1e-9 {
        // months ≤ 12 × MAX_CURVE_YEARS, so the cast is exact.
        let m = months as u32;
        nodes.push((Tenor::Months(m), fit.par_yield(months / 12.0)));
        months += step;
    }
    if (last_months % step).abs() > 1e-9 {
        // A last fitted maturity off the grid (not the case for U.S. Treasury tenors and the
        // default 10 years) is kept as a knot.
        nodes.push((
            Tenor::Months(last_months as u32),
            fit.par_yield(last_months / 12.0),
        ));
    }
    nodes.extend(
        par.nodes()
            .filter(|(t, _)| t.years() * 12.0 > last_months + 1e-9),
    );
    ParCurve::new(par.date(), &nodes, par.frequency())?.with_extrapolation(par.extrapolation())
}

/// How a day's published par curve is turned into the curve bonds are priced from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum CurveSmoothing {
    /// The published par yields, interpolated between tenors.
    Published,
    /// [`smoothed_par_curve`]: a Svensson fit to the tenors of one year and longer.
    #[default]
    Svensson,
}

impl CurveSmoothing {
    /// The canonical text form: `"published"` or `"svensson"`.
    pub const fn name(self) -> &'static str {
        match self {
            CurveSmoothing::Published => "published",
            CurveSmoothing::Svensson => "svensson",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{CouponFrequency, Interpolation};
    use chrono::NaiveDate;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 20).unwrap()
    }

    fn curve(points: &[(Tenor, f64)]) -> ParCurve {
        ParCurve::new(date(), points, CouponFrequency::SemiAnnual).unwrap()
    }

    #[test]
    fn a_kink_at_one_knot_is_spread_over_the_curve() {
        // Flat 4% with the 7-year 30 bp above: the fit moves the 7-year by much less than
        // 30 bp and keeps the bill.
        let mut pts: Vec<(Tenor, f64)> = [1, 2, 3, 5, 7, 10, 20, 30]
            .iter()
            .map(|&y| (Tenor::Years(y), 0.04))
            .collect();
        pts.insert(0, (Tenor::Months(3), 0.05));
        pts[5].1 = 0.043;
        let par = curve(&pts);
        let whole = SvenssonConfig::default().with_max_years(30.0).unwrap();
        let s = smoothed_par_curve(&par, &whole).unwrap();
        let y7 = s.par_yield(7.0, Interpolation::MonotoneCubic).unwrap();
        assert!(y7 > 0.04 && y7 < 0.0415, "{y7}");
        assert_eq!(s.par_yield(0.25, Interpolation::Linear).unwrap(), 0.05);
        assert_eq!(s.last_tenor().years(), 30.0);
        assert_eq!(s.tenors().len(), 1 + 59);
        // Default: fitted up to 10 years (1Y..10Y every 6 months), 20Y and 30Y as published.
        let s = smoothed_par_curve(&par, &SvenssonConfig::default()).unwrap();
        assert_eq!(s.tenors().len(), 1 + 19 + 2);
        assert_eq!(s.par_yield(20.0, Interpolation::Linear).unwrap(), 0.04);
        assert!(SvenssonConfig::default().with_max_years(0.5).is_err());
    }

    #[test]
    fn too_few_tenors_and_bad_decays_are_errors() {
        let par = curve(&[
            (Tenor::Months(3), 0.05),
            (Tenor::Years(2), 0.04),
            (Tenor::Years(10), 0.04),
        ]);
        assert!(matches!(
            SvenssonFit::fit(&par, &SvenssonConfig::default()),
            Err(CurveError::TooFewNodes { found: 2, min: 5 })
        ));
        assert!(SvenssonConfig::new(3.0, 2.0).is_err());
        assert!(SvenssonConfig::new(f64::NAN, 2.0).is_err());
        assert_eq!(CurveSmoothing::default().name(), "svensson");
    }

    #[test]
    fn solver_rejects_a_singular_system() {
        assert!(solve4([[1.0; 4]; 4], [1.0; 4]).is_none());
        let id = [
            [2.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 4.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
        ];
        assert_eq!(solve4(id, [2.0, 3.0, 4.0, 5.0]), Some([1.0, 3.0, 1.0, 5.0]));
    }
}
