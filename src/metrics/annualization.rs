//! Annualisation conventions and the standard-deviation convention, as typed choices.

use super::MetricsError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::NonZeroU16;
use std::str::FromStr;

/// How many observation periods make a year, for scaling per-period figures to annual ones.
///
/// | variant | periods per year | use it for |
/// | --- | --- | --- |
/// | [`TradingDays(n)`](Annualization::TradingDays) | `n` | one observation per trading day (252 in the U.S.; see [`DAILY_252`]) |
/// | [`Calendar365`](Annualization::Calendar365) | 365 | one observation per calendar day, weekends included |
/// | [`PerPeriod`](Annualization::PerPeriod) | 1 | no scaling: figures stay per observation period |
///
/// Scaling assumes independent, identically distributed daily P&L (Lo 2002): means scale with
/// `q` periods per year, standard deviations and Sharpe ratios with `√q`.
///
/// The text form (`Display`/`FromStr`, also used by serde) is `trading-days-252`,
/// `calendar-365` or `per-period`.
///
/// # References
/// - A. W. Lo, "The Statistics of Sharpe Ratios", *Financial Analysts Journal* 58(4), 2002,
///   §"Time aggregation" (the `√q` rule and its i.i.d. assumption).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum Annualization {
    /// No annualisation: every figure is per observation period.
    PerPeriod,
    /// `n` trading days per year, one observation per trading day.
    TradingDays(NonZeroU16),
    /// 365 observations per year: one per calendar day.
    Calendar365,
}

/// 252 trading days per year: the usual convention for daily U.S. futures P&L, and the one the
/// reference sweep (`bench/SWEEP.md`) uses.
pub const DAILY_252: Annualization = Annualization::DAILY_252;

impl Annualization {
    /// 252 trading days per year (also available as the free constant [`DAILY_252`]).
    pub const DAILY_252: Annualization = match NonZeroU16::new(252) {
        Some(n) => Annualization::TradingDays(n),
        // 252 is a non-zero literal; this arm is unreachable and would fail at compile time.
        None => Annualization::PerPeriod,
    };

    /// `n` trading days per year; `None` for `n = 0`.
    pub const fn trading_days(n: u16) -> Option<Annualization> {
        match NonZeroU16::new(n) {
            Some(n) => Some(Annualization::TradingDays(n)),
            None => None,
        }
    }

    /// The number of observation periods per year `q` (1 for [`PerPeriod`](Self::PerPeriod)).
    pub const fn periods_per_year(self) -> f64 {
        match self {
            Annualization::PerPeriod => 1.0,
            Annualization::TradingDays(n) => n.get() as f64,
            Annualization::Calendar365 => 365.0,
        }
    }

    /// Scales a per-period mean (e.g. mean daily P&L) to a year: `q · mean`.
    pub fn annualize_mean(self, per_period: f64) -> f64 {
        per_period * self.periods_per_year()
    }

    /// Scales a per-period standard deviation to a year: `√q · σ`.
    pub fn annualize_volatility(self, per_period: f64) -> f64 {
        per_period * self.periods_per_year().sqrt()
    }

    /// Scales a per-period Sharpe ratio to an annual one: `√q · SR`.
    pub fn annualize_sharpe(self, per_period: f64) -> f64 {
        per_period * self.periods_per_year().sqrt()
    }

    /// Converts an annual Sharpe ratio to a per-period one: `SR / √q`.
    ///
    /// The probabilistic and deflated Sharpe ratios take per-period Sharpe ratios.
    pub fn deannualize_sharpe(self, annual: f64) -> f64 {
        annual / self.periods_per_year().sqrt()
    }

    /// Converts the variance of annual Sharpe ratios to the variance of per-period ones:
    /// `V / q` (a Sharpe ratio scales with `√q`, so its variance scales with `q`).
    pub fn deannualize_sharpe_variance(self, annual_variance: f64) -> f64 {
        annual_variance / self.periods_per_year()
    }
}

impl Default for Annualization {
    /// [`DAILY_252`].
    fn default() -> Self {
        DAILY_252
    }
}

impl fmt::Display for Annualization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Annualization::PerPeriod => f.write_str("per-period"),
            Annualization::TradingDays(n) => write!(f, "trading-days-{n}"),
            Annualization::Calendar365 => f.write_str("calendar-365"),
        }
    }
}

impl FromStr for Annualization {
    type Err = MetricsError;

    /// Parses `trading-days-N` (N ≥ 1), `calendar-365` and `per-period`, ignoring ASCII case
    /// and surrounding whitespace.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || MetricsError::UnknownAnnualization {
            found: s.to_owned(),
        };
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "per-period" => Ok(Annualization::PerPeriod),
            "calendar-365" => Ok(Annualization::Calendar365),
            _ => {
                let digits = t.strip_prefix("trading-days-").ok_or_else(err)?;
                // `u16::from_str` accepts a leading '+'; require plain digits so that the text
                // form round-trips.
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err());
                }
                let n: u16 = digits.parse().map_err(|_| err())?;
                Annualization::trading_days(n).ok_or_else(err)
            }
        }
    }
}

impl TryFrom<String> for Annualization {
    type Error = MetricsError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Annualization> for String {
    fn from(a: Annualization) -> String {
        a.to_string()
    }
}

/// Which standard deviation of daily P&L a ratio divides by.
///
/// The crate has one default, [`Population`](StdConvention::Population) (divide by `n`,
/// numpy's default): the standard deviation of the days the run actually had, every day
/// counted. Backtest runs, sweeps and the reference sweep (`bench/SWEEP.md`, whose published
/// Sharpe ratios are population ones) all use it, and so do [`SummaryConfig::default`] and
/// [`PerformanceAccumulator::finish`]. [`Sample`](StdConvention::Sample) (divide by `n − 1`,
/// as pandas, R's `sd` and PerformanceAnalytics do) is available explicitly; the t-statistic
/// always uses it.
///
/// [`SummaryConfig::default`]: super::SummaryConfig
/// [`PerformanceAccumulator::finish`]: super::PerformanceAccumulator::finish
///
/// The text form is `sample` or `population`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum StdConvention {
    /// `σ² = Σ(x − x̄)² / (n − 1)`: the unbiased variance estimator; needs `n ≥ 2`.
    Sample,
    /// `σ² = Σ(x − x̄)² / n`: the variance of the observed days themselves; needs `n ≥ 1`.
    /// The default.
    #[default]
    Population,
}

impl StdConvention {
    /// The delta degrees of freedom: 1 for sample, 0 for population.
    pub const fn ddof(self) -> usize {
        match self {
            StdConvention::Sample => 1,
            StdConvention::Population => 0,
        }
    }
}

impl fmt::Display for StdConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StdConvention::Sample => "sample",
            StdConvention::Population => "population",
        })
    }
}

impl FromStr for StdConvention {
    type Err = MetricsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sample" => Ok(StdConvention::Sample),
            "population" => Ok(StdConvention::Population),
            _ => Err(MetricsError::UnknownStdConvention {
                found: s.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn periods_per_year_per_variant() {
        assert_eq!(DAILY_252.periods_per_year(), 252.0);
        assert_eq!(Annualization::Calendar365.periods_per_year(), 365.0);
        assert_eq!(Annualization::PerPeriod.periods_per_year(), 1.0);
        assert_eq!(Annualization::trading_days(0), None);
        assert_eq!(Annualization::default(), DAILY_252);
    }

    #[test]
    fn sharpe_scaling_round_trips() {
        // √252 = 15.874507866387544; 2.5 / √250 is the DSR paper's per-day Sharpe.
        let a = Annualization::trading_days(250).unwrap();
        let per_day = a.deannualize_sharpe(2.5);
        assert!((per_day - 0.158_113_883_008_418_98).abs() < 1e-15);
        assert!((a.annualize_sharpe(per_day) - 2.5).abs() < 1e-15);
        assert_eq!(a.deannualize_sharpe_variance(0.5), 0.002);
    }

    #[test]
    fn text_forms_parse_and_reject() {
        assert_eq!(
            "trading-days-252".parse::<Annualization>().unwrap(),
            DAILY_252
        );
        assert_eq!(
            " Calendar-365 ".parse::<Annualization>().unwrap(),
            Annualization::Calendar365
        );
        assert_eq!(
            "per-period".parse::<Annualization>().unwrap(),
            Annualization::PerPeriod
        );
        for bad in [
            "",
            "252",
            "trading-days-0",
            "trading-days-",
            "trading-days-+5",
            "trading-days-70000",
        ] {
            assert!(
                bad.parse::<Annualization>().is_err(),
                "{bad:?} should not parse"
            );
        }
        assert_eq!(
            "Sample".parse::<StdConvention>().unwrap(),
            StdConvention::Sample
        );
        assert!("ddof".parse::<StdConvention>().is_err());
    }

    #[test]
    fn serde_goes_through_the_text_form() {
        let json = serde_json::to_string(&DAILY_252).unwrap();
        assert_eq!(json, "\"trading-days-252\"");
        assert_eq!(
            serde_json::from_str::<Annualization>(&json).unwrap(),
            DAILY_252
        );
        assert!(serde_json::from_str::<Annualization>("\"weekly\"").is_err());
        assert_eq!(
            serde_json::to_string(&StdConvention::Population).unwrap(),
            "\"population\""
        );
    }

    fn any_annualization() -> impl Strategy<Value = Annualization> {
        prop_oneof![
            Just(Annualization::PerPeriod),
            Just(Annualization::Calendar365),
            (1u16..=u16::MAX).prop_map(|n| Annualization::trading_days(n).unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(a in any_annualization()) {
            prop_assert_eq!(a.to_string().parse::<Annualization>().unwrap(), a);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC*") {
            let _ = s.parse::<Annualization>();
            let _ = s.parse::<StdConvention>();
        }
    }
}
