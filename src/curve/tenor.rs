//! Tenors: the maturity labels of a yield curve's nodes (`1M`, `6W`, `2Y`, `30 Yr`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A curve tenor, kept in the unit it was published in so that labels round-trip.
///
/// Year fractions (for interpolation and discounting) use the conventions of
/// [`Tenor::years`]: a month is 1/12 year, a week 7/365, a day 1/365.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Tenor {
    /// A number of days (`0D` is ChinaBond's overnight point).
    Days(u32),
    /// A number of weeks (`6W` is the 1.5-month bill the Treasury added in 2025).
    Weeks(u32),
    /// A number of months.
    Months(u32),
    /// A number of years.
    Years(u32),
}

impl Tenor {
    /// The tenor as a year fraction: days/365, weeks×7/365, months/12, years.
    pub fn years(self) -> f64 {
        match self {
            Tenor::Days(d) => f64::from(d) / 365.0,
            Tenor::Weeks(w) => f64::from(w) * 7.0 / 365.0,
            Tenor::Months(m) => f64::from(m) / 12.0,
            Tenor::Years(y) => f64::from(y),
        }
    }

    /// The tenor in whole months where it is a whole number of months or years.
    pub fn whole_months(self) -> Option<u32> {
        match self {
            Tenor::Months(m) => Some(m),
            Tenor::Years(y) => y.checked_mul(12),
            Tenor::Days(_) | Tenor::Weeks(_) => None,
        }
    }
}

impl PartialOrd for Tenor {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tenor {
    /// Orders by length ([`Tenor::years`]), then by unit so that the order is total.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.years()
            .total_cmp(&other.years())
            .then_with(|| self.unit_rank().cmp(&other.unit_rank()))
    }
}

impl Tenor {
    fn unit_rank(self) -> u8 {
        match self {
            Tenor::Days(_) => 0,
            Tenor::Weeks(_) => 1,
            Tenor::Months(_) => 2,
            Tenor::Years(_) => 3,
        }
    }
}

impl fmt::Display for Tenor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tenor::Days(n) => write!(f, "{n}D"),
            Tenor::Weeks(n) => write!(f, "{n}W"),
            Tenor::Months(n) => write!(f, "{n}M"),
            Tenor::Years(n) => write!(f, "{n}Y"),
        }
    }
}

/// Error for text that is not a tenor label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a tenor like 3M, 6W, 2Y, \"1 Mo\" or \"30 Yr\", found {found:?}")]
pub struct TenorParseError {
    /// The text that was given.
    pub found: String,
}

impl FromStr for Tenor {
    type Err = TenorParseError;

    /// Parses `3M`, `2Y`, `6W`, `0D` (any case, optional space) and the Treasury CSV headers
    /// `1 Mo`, `1.5 Month`, `2 Yr`, `30 Yr`. `1.5 Month` is the 6-week bill, parsed as `6W`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || TenorParseError {
            found: s.to_owned(),
        };
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(err)?;
        let (num, unit) = t.split_at(split);
        let unit = unit.trim().to_ascii_lowercase();
        if num == "1.5" && matches!(unit.as_str(), "mo" | "month" | "months" | "m") {
            return Ok(Tenor::Weeks(6));
        }
        let n: u32 = num.parse().map_err(|_| err())?;
        match unit.as_str() {
            "d" | "day" | "days" => Ok(Tenor::Days(n)),
            "w" | "wk" | "week" | "weeks" => Ok(Tenor::Weeks(n)),
            "m" | "mo" | "mos" | "month" | "months" => Ok(Tenor::Months(n)),
            "y" | "yr" | "yrs" | "year" | "years" => Ok(Tenor::Years(n)),
            _ => Err(err()),
        }
    }
}

impl TryFrom<String> for Tenor {
    type Error = TenorParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Tenor> for String {
    fn from(t: Tenor) -> String {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_treasury_headers_and_short_labels() {
        assert_eq!("1 Mo".parse::<Tenor>().unwrap(), Tenor::Months(1));
        assert_eq!("1.5 Month".parse::<Tenor>().unwrap(), Tenor::Weeks(6));
        assert_eq!("30 Yr".parse::<Tenor>().unwrap(), Tenor::Years(30));
        assert_eq!("3m".parse::<Tenor>().unwrap(), Tenor::Months(3));
        assert_eq!("0D".parse::<Tenor>().unwrap(), Tenor::Days(0));
        assert!("Yr".parse::<Tenor>().is_err());
        assert!("2Q".parse::<Tenor>().is_err());
        assert!("".parse::<Tenor>().is_err());
    }

    #[test]
    fn orders_by_length_and_round_trips() {
        let mut v: Vec<Tenor> = ["10Y", "3M", "6W", "1M", "2Y"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|t| t.to_string()).collect();
        assert_eq!(s, ["1M", "6W", "3M", "2Y", "10Y"]);
        for t in v {
            assert_eq!(t.to_string().parse::<Tenor>().unwrap(), t);
        }
    }
}
