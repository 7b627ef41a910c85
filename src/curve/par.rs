//! A par yield curve on one date: published tenors and yields, gaps, interpolation and an
//! explicit extrapolation rule.

use super::bootstrap::{BootstrapConfig, bootstrap};
use super::interp::Knots;
use super::{CurveError, Interpolation, Tenor, ZeroCurve};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// Lowest par yield a curve accepts (decimal): −10%. Below any yield seen in government bond
/// markets (ChinaBond's overnight point reached −0.09% in 2003; Swiss and German yields about
/// −1%), and far from the −100% where bill discounting `1/(1 + y·t)` breaks down.
pub const MIN_PAR_YIELD: f64 = -0.10;

/// Highest par yield a curve accepts (decimal): 100%. Catches yields passed in percent
/// (`4.27` instead of `0.0427`) for every curve above 1%.
pub const MAX_PAR_YIELD: f64 = 1.0;

/// Longest maturity, in years, a curve may have (tenors, bootstrap horizons, zero-curve knots).
/// ChinaBond's 50-year point is the longest in the crate's data.
pub const MAX_CURVE_YEARS: f64 = 100.0;

/// How often a par bond on the curve pays its coupon.
///
/// U.S. Treasury par yields are semi-annual bond-equivalent yields; ChinaBond CGB curves are
/// annual. `Display`/`FromStr`: `annual`, `semi-annual`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CouponFrequency {
    /// One coupon a year (ChinaBond CGB curves).
    Annual,
    /// Two coupons a year (U.S. Treasury par curve).
    SemiAnnual,
}

impl CouponFrequency {
    /// Every frequency, in a fixed order.
    pub const ALL: [CouponFrequency; 2] = [CouponFrequency::Annual, CouponFrequency::SemiAnnual];

    /// Coupons per year: 1 or 2.
    pub const fn per_year(self) -> u32 {
        match self {
            CouponFrequency::Annual => 1,
            CouponFrequency::SemiAnnual => 2,
        }
    }

    /// The canonical text form.
    pub const fn name(self) -> &'static str {
        match self {
            CouponFrequency::Annual => "annual",
            CouponFrequency::SemiAnnual => "semi-annual",
        }
    }
}

impl fmt::Display for CouponFrequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CouponFrequency {
    type Err = CurveError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "annual" => Ok(CouponFrequency::Annual),
            "semi-annual" | "semiannual" | "semi_annual" => Ok(CouponFrequency::SemiAnnual),
            _ => Err(CurveError::UnknownName {
                expected: "a coupon frequency: annual or semi-annual",
                found: s.to_owned(),
            }),
        }
    }
}

/// What a par curve answers beyond its last published tenor.
///
/// Before the first published tenor the curve is always flat back to zero years (the shortest
/// published yield holds for every shorter maturity).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum Extrapolation {
    /// The last published par yield holds at every longer maturity (up to
    /// [`MAX_CURVE_YEARS`]). The default.
    #[default]
    Flat,
    /// Flat up to `max_years`; a longer maturity is an error. `max_years` must be at least the
    /// last published tenor.
    FlatUpTo {
        /// The longest maturity (years) the curve answers.
        max_years: f64,
    },
    /// No extrapolation: a maturity beyond the last published tenor is an error.
    Forbid,
}

/// A par yield curve on one date.
///
/// Nodes are published tenors with par yields (decimal fractions, on the curve's coupon
/// frequency: semi-annual bond-equivalent for U.S. Treasuries, annual for ChinaBond). A
/// **missing** published value (a `None` in [`ParCurve::from_row`]) is simply not a node: the
/// interpolation spans the gap between the neighbouring published tenors. No data point is ever
/// invented. Beyond the last published tenor the curve follows its [`Extrapolation`] rule (flat
/// by default); before the first it is flat.
///
/// # Examples
///
/// U.S. Treasury par yields of 2024-03-20 (Treasury, "Daily Treasury Par Yield Curve Rates"):
///
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::curve::{CouponFrequency, Interpolation, ParCurve, Tenor};
/// use spreadtrade::tolerance::INTERP_KNOT_ABS;
///
/// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
/// let tenors: Vec<Tenor> = ["1M", "2M", "3M", "4M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y", "20Y", "30Y"]
///     .iter()
///     .map(|s| s.parse())
///     .collect::<Result<_, _>>()?;
/// let pct = [5.50, 5.47, 5.47, 5.41, 5.36, 5.01, 4.59, 4.41, 4.25, 4.28, 4.27, 4.53, 4.45];
/// let yields: Vec<Option<f64>> = pct.iter().map(|p| Some(p / 100.0)).collect();
/// let curve = ParCurve::from_row(date, &tenors, &yields, CouponFrequency::SemiAnnual)?;
///
/// // The published 10-year and 2-year par yields are recovered at their knots.
/// let y10 = curve.par_yield(10.0, Interpolation::MonotoneCubic)?;
/// assert!((y10 - 0.0427).abs() < INTERP_KNOT_ABS);
/// assert!((curve.par_yield(2.0, Interpolation::Linear)? - 0.0459).abs() < INTERP_KNOT_ABS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ParCurve {
    date: NaiveDate,
    frequency: CouponFrequency,
    /// The published tenors that have a value, strictly increasing.
    tenors: Vec<Tenor>,
    /// Abscissas = `tenors[i].years()`, ordinates = par yields.
    knots: Knots,
    extrapolation: Extrapolation,
}

impl ParCurve {
    /// A par curve from its nodes `(tenor, par yield)`, tenors strictly increasing.
    ///
    /// # Errors
    /// [`CurveError::TooFewNodes`] with fewer than two nodes; [`CurveError::UnsortedTenors`]
    /// if the tenors are not strictly increasing in length (`12M` after `1Y` is a duplicate);
    /// [`CurveError::TenorTooLong`] beyond [`MAX_CURVE_YEARS`]; [`CurveError::NonFinite`] for
    /// a NaN or infinite yield; [`CurveError::YieldOutOfBounds`] outside
    /// [`MIN_PAR_YIELD`]..=[`MAX_PAR_YIELD`].
    pub fn new(
        date: NaiveDate,
        nodes: &[(Tenor, f64)],
        frequency: CouponFrequency,
    ) -> Result<Self, CurveError> {
        let tenors: Vec<Tenor> = nodes.iter().map(|&(t, _)| t).collect();
        let yields: Vec<Option<f64>> = nodes.iter().map(|&(_, y)| Some(y)).collect();
        Self::from_row(date, &tenors, &yields, frequency)
    }

    /// A par curve from one published row with gaps: `tenors[i]` has yield `yields[i]`, or no
    /// value where `yields[i]` is `None` (not published that day).
    ///
    /// The row's tenors must be strictly increasing whether or not they have a value; the
    /// missing ones are left out and the interpolation spans them.
    ///
    /// # Errors
    /// [`CurveError::LengthMismatch`] if the slices differ in length; otherwise as
    /// [`ParCurve::new`], where [`CurveError::TooFewNodes`] counts the tenors with a value.
    pub fn from_row(
        date: NaiveDate,
        tenors: &[Tenor],
        yields: &[Option<f64>],
        frequency: CouponFrequency,
    ) -> Result<Self, CurveError> {
        if yields.len() != tenors.len() {
            return Err(CurveError::LengthMismatch {
                what: "yields",
                expected: tenors.len(),
                found: yields.len(),
            });
        }
        for (index, w) in tenors.windows(2).enumerate() {
            if w[1].years() <= w[0].years() {
                return Err(CurveError::UnsortedTenors {
                    index: index + 1,
                    previous: w[0],
                    found: w[1],
                });
            }
        }
        let mut kept = Vec::with_capacity(tenors.len());
        let mut xs = Vec::with_capacity(tenors.len());
        let mut ys = Vec::with_capacity(tenors.len());
        for (index, (&tenor, &y)) in tenors.iter().zip(yields).enumerate() {
            if tenor.years() > MAX_CURVE_YEARS {
                return Err(CurveError::TenorTooLong {
                    tenor,
                    max_years: MAX_CURVE_YEARS,
                });
            }
            let Some(y) = y else { continue };
            if !y.is_finite() {
                return Err(CurveError::NonFinite {
                    what: "par yield",
                    index,
                    value: y,
                });
            }
            if !(MIN_PAR_YIELD..=MAX_PAR_YIELD).contains(&y) {
                return Err(CurveError::YieldOutOfBounds {
                    tenor,
                    value: y,
                    min: MIN_PAR_YIELD,
                    max: MAX_PAR_YIELD,
                });
            }
            kept.push(tenor);
            xs.push(tenor.years());
            ys.push(y);
        }
        if kept.len() < 2 {
            return Err(CurveError::TooFewNodes {
                found: kept.len(),
                min: 2,
            });
        }
        Ok(ParCurve {
            date,
            frequency,
            tenors: kept,
            knots: Knots::new(xs, ys)?,
            extrapolation: Extrapolation::Flat,
        })
    }

    /// The same curve with another extrapolation rule beyond the last published tenor.
    ///
    /// # Errors
    /// [`CurveError::InvalidParameter`] if a [`Extrapolation::FlatUpTo`] maximum is not finite,
    /// is shorter than the last published tenor or longer than [`MAX_CURVE_YEARS`].
    pub fn with_extrapolation(mut self, extrapolation: Extrapolation) -> Result<Self, CurveError> {
        if let Extrapolation::FlatUpTo { max_years } = extrapolation
            && !(max_years >= self.knots.last_x() && max_years <= MAX_CURVE_YEARS)
        {
            return Err(CurveError::InvalidParameter {
                name: "max_years",
                value: max_years,
                expected: "at least the last published tenor and at most MAX_CURVE_YEARS",
            });
        }
        self.extrapolation = extrapolation;
        Ok(self)
    }

    /// The curve date.
    pub const fn date(&self) -> NaiveDate {
        self.date
    }

    /// The coupon frequency of the par bonds.
    pub const fn frequency(&self) -> CouponFrequency {
        self.frequency
    }

    /// The extrapolation rule beyond the last published tenor.
    pub const fn extrapolation(&self) -> Extrapolation {
        self.extrapolation
    }

    /// The published tenors that have a value, strictly increasing.
    pub fn tenors(&self) -> &[Tenor] {
        &self.tenors
    }

    /// The par yields (decimal) at [`ParCurve::tenors`].
    pub fn yields(&self) -> &[f64] {
        self.knots.ys()
    }

    /// The nodes `(tenor, par yield)`.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = (Tenor, f64)> + '_ {
        self.tenors
            .iter()
            .copied()
            .zip(self.knots.ys().iter().copied())
    }

    /// The last published tenor.
    pub fn last_tenor(&self) -> Tenor {
        // Invariant: construction keeps at least two tenors.
        self.tenors[self.tenors.len() - 1]
    }

    /// The longest maturity (years) the curve answers under its extrapolation rule.
    pub fn max_years(&self) -> f64 {
        match self.extrapolation {
            Extrapolation::Flat => MAX_CURVE_YEARS,
            Extrapolation::FlatUpTo { max_years } => max_years,
            Extrapolation::Forbid => self.knots.last_x(),
        }
    }

    /// The first published tenor at or after `years` (`None` beyond the last one).
    pub(crate) fn tenor_at_or_after(&self, years: f64) -> Option<Tenor> {
        let i = self.knots.xs().partition_point(|&x| x < years);
        self.tenors.get(i).copied()
    }

    pub(crate) fn knots(&self) -> &Knots {
        &self.knots
    }

    /// The par yield (decimal) of a bond maturing in `years`, read off the curve.
    ///
    /// # Formula
    /// ```text
    /// y(T) = y_first                       0 ≤ T ≤ T_first
    ///        I(T; (T_i, y_i))              T_first ≤ T ≤ T_last   (interpolation I)
    ///        y_last                        T_last ≤ T ≤ max_years (flat extrapolation)
    ///   T    maturity in years (a tenor's years: months/12, years; days/365)
    ///   T_i  published tenors with a value, y_i their par yields (decimal)
    /// ```
    ///
    /// # Conventions
    /// The yield is on the curve's coupon frequency (semi-annual bond-equivalent for U.S.
    /// Treasuries, annual for ChinaBond). Missing tenors are not nodes, so the interpolation
    /// spans them.
    ///
    /// # References
    /// U.S. Treasury, "Treasury Yield Curve Methodology" (par curve with on-the-run knots,
    /// bills at bond-equivalent yields); the interpolation schemes are documented on
    /// [`super::Interpolator::value`].
    ///
    /// # Errors
    /// [`CurveError::OutOfRange`] if `years` is NaN, negative, or beyond
    /// [`ParCurve::max_years`].
    ///
    /// # Examples
    /// See [`ParCurve`].
    pub fn par_yield(&self, years: f64, interpolation: Interpolation) -> Result<f64, CurveError> {
        let max = self.max_years();
        if !(0.0..=max).contains(&years) {
            return Err(CurveError::OutOfRange {
                what: "par-curve maturity in years",
                value: years,
                min: 0.0,
                max,
            });
        }
        Ok(self.knots.eval(interpolation, years))
    }

    /// Bootstraps the zero curve implied by these par yields; see [`bootstrap`](super::bootstrap).
    ///
    /// # Errors
    /// As [`super::bootstrap`].
    pub fn bootstrap(&self, config: &BootstrapConfig) -> Result<ZeroCurve, CurveError> {
        bootstrap(self, config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 20).unwrap()
    }

    fn t(s: &str) -> Tenor {
        s.parse().unwrap()
    }

    #[test]
    fn gaps_are_spanned_by_the_interpolation() {
        // 1990-style row: no 20Y. Linear between 10Y (8.00%) and 30Y (8.40%): 20Y = 8.20%.
        let tenors = [t("10Y"), t("20Y"), t("30Y")];
        let yields = [Some(0.08), None, Some(0.084)];
        let c = ParCurve::from_row(date(), &tenors, &yields, CouponFrequency::SemiAnnual).unwrap();
        assert_eq!(c.tenors(), &[t("10Y"), t("30Y")]);
        assert!((c.par_yield(20.0, Interpolation::Linear).unwrap() - 0.082).abs() < 1e-15);
    }

    #[test]
    fn extrapolation_rules() {
        let nodes = [(t("3M"), 0.05), (t("10Y"), 0.04), (t("20Y"), 0.045)];
        let c = ParCurve::new(date(), &nodes, CouponFrequency::SemiAnnual).unwrap();
        let lin = Interpolation::Linear;
        // Flat below the first tenor and, by default, beyond the last.
        assert_eq!(c.par_yield(0.0, lin).unwrap(), 0.05);
        assert_eq!(c.par_yield(30.0, lin).unwrap(), 0.045);
        assert!(c.par_yield(MAX_CURVE_YEARS + 1.0, lin).is_err());
        assert!(c.par_yield(-0.1, lin).is_err());
        assert!(c.par_yield(f64::NAN, lin).is_err());

        let capped = c
            .clone()
            .with_extrapolation(Extrapolation::FlatUpTo { max_years: 25.0 })
            .unwrap();
        assert_eq!(capped.par_yield(25.0, lin).unwrap(), 0.045);
        assert!(matches!(
            capped.par_yield(25.5, lin),
            Err(CurveError::OutOfRange { max: 25.0, .. })
        ));
        let strict = c.clone().with_extrapolation(Extrapolation::Forbid).unwrap();
        assert!(strict.par_yield(20.0, lin).is_ok());
        assert!(strict.par_yield(20.01, lin).is_err());
        assert!(
            c.with_extrapolation(Extrapolation::FlatUpTo { max_years: 15.0 })
                .is_err()
        );
    }

    #[test]
    fn validation_names_the_broken_rule() {
        let sa = CouponFrequency::SemiAnnual;
        assert_eq!(
            ParCurve::new(date(), &[(t("2Y"), 0.04)], sa),
            Err(CurveError::TooFewNodes { found: 1, min: 2 })
        );
        assert!(matches!(
            ParCurve::new(date(), &[(t("1Y"), 0.04), (t("12M"), 0.04)], sa),
            Err(CurveError::UnsortedTenors { index: 1, .. })
        ));
        assert!(matches!(
            ParCurve::new(date(), &[(t("2Y"), 0.04), (t("1Y"), 0.04)], sa),
            Err(CurveError::UnsortedTenors { .. })
        ));
        assert!(matches!(
            ParCurve::new(date(), &[(t("1Y"), 0.04), (t("2Y"), 4.27)], sa),
            Err(CurveError::YieldOutOfBounds { value: 4.27, .. })
        ));
        assert!(matches!(
            ParCurve::new(date(), &[(t("1Y"), 0.04), (t("2Y"), f64::INFINITY)], sa),
            Err(CurveError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            ParCurve::new(date(), &[(t("1Y"), 0.04), (t("200Y"), 0.04)], sa),
            Err(CurveError::TenorTooLong { .. })
        ));
        assert!(matches!(
            ParCurve::from_row(date(), &[t("1Y"), t("2Y")], &[Some(0.04)], sa),
            Err(CurveError::LengthMismatch { .. })
        ));
        assert_eq!(
            ParCurve::from_row(
                date(),
                &[t("1Y"), t("2Y"), t("3Y")],
                &[None, Some(0.04), None],
                sa
            ),
            Err(CurveError::TooFewNodes { found: 1, min: 2 })
        );
    }

    #[test]
    fn frequency_names_round_trip() {
        for f in CouponFrequency::ALL {
            assert_eq!(f.to_string().parse::<CouponFrequency>().unwrap(), f);
        }
        assert_eq!(CouponFrequency::SemiAnnual.per_year(), 2);
        assert!("quarterly".parse::<CouponFrequency>().is_err());
    }
}
