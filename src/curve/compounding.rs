//! Compounding conventions for zero and forward rates.

use super::CurveError;
use std::fmt;
use std::str::FromStr;

/// How a zero or forward rate compounds.
///
/// `Display`/`FromStr`: `continuous`, `annual`, `semi-annual`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compounding {
    /// Continuous: `DF = exp(−r·t)`.
    Continuous,
    /// Once a year: `DF = (1 + r)^(−t)`.
    Annual,
    /// Twice a year: `DF = (1 + r/2)^(−2t)` (the U.S. bond-equivalent basis).
    SemiAnnual,
}

impl Compounding {
    /// Every compounding, in a fixed order.
    pub const ALL: [Compounding; 3] = [
        Compounding::Continuous,
        Compounding::Annual,
        Compounding::SemiAnnual,
    ];

    /// Compounding periods per year; `None` for continuous compounding.
    pub const fn periods_per_year(self) -> Option<u32> {
        match self {
            Compounding::Continuous => None,
            Compounding::Annual => Some(1),
            Compounding::SemiAnnual => Some(2),
        }
    }

    /// The canonical text form.
    pub const fn name(self) -> &'static str {
        match self {
            Compounding::Continuous => "continuous",
            Compounding::Annual => "annual",
            Compounding::SemiAnnual => "semi-annual",
        }
    }

    /// The rate with this compounding that grows 1 to `exp(growth)` over `years` (> 0).
    pub(crate) fn rate_from_log_growth(self, growth: f64, years: f64) -> f64 {
        match self.periods_per_year() {
            None => growth / years,
            Some(m) => {
                let m = f64::from(m);
                m * (growth / (m * years)).exp_m1()
            }
        }
    }
}

impl fmt::Display for Compounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Compounding {
    type Err = CurveError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "continuous" => Ok(Compounding::Continuous),
            "annual" => Ok(Compounding::Annual),
            "semi-annual" | "semiannual" | "semi_annual" => Ok(Compounding::SemiAnnual),
            _ => Err(CurveError::UnknownName {
                expected: "a compounding: continuous, annual or semi-annual",
                found: s.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounding_names_round_trip() {
        for c in Compounding::ALL {
            assert_eq!(c.to_string().parse::<Compounding>().unwrap(), c);
        }
        assert!("monthly".parse::<Compounding>().is_err());
    }
}
