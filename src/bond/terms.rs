//! Bond terms: coupon frequency, market convention and the validated-on-build term sheet.

use super::BondError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest coupon rate a bond may have, as a decimal fraction (100%).
///
/// Rates are decimal fractions in this crate; the bound catches a coupon given in percent
/// (`4.125` instead of `0.04125`).
pub const MAX_COUPON_RATE: f64 = 1.0;

/// How many coupons a bond pays per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Frequency {
    /// One coupon a year (most 1-, 2-, 3-, 5- and recent 7-year CGBs; spec §2.3).
    Annual,
    /// Two coupons a year (U.S. Treasury notes and bonds; 10- and 30-year CGBs).
    SemiAnnual,
}

impl Frequency {
    /// Coupons per year, `f`.
    pub const fn per_year(self) -> u32 {
        match self {
            Frequency::Annual => 1,
            Frequency::SemiAnnual => 2,
        }
    }

    /// Coupons per year as `f64`, for formulas.
    pub const fn per_year_f64(self) -> f64 {
        match self {
            Frequency::Annual => 1.0,
            Frequency::SemiAnnual => 2.0,
        }
    }

    /// Months in one coupon period, `12 / f`.
    pub const fn months(self) -> u32 {
        match self {
            Frequency::Annual => 12,
            Frequency::SemiAnnual => 6,
        }
    }

    /// The frequency with `per_year` coupons a year, or `None` if it is not supported.
    pub const fn from_per_year(per_year: u32) -> Option<Frequency> {
        match per_year {
            1 => Some(Frequency::Annual),
            2 => Some(Frequency::SemiAnnual),
            _ => None,
        }
    }

    /// The canonical text form, as written by `Display`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Frequency::Annual => "annual",
            Frequency::SemiAnnual => "semi-annual",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error returned when text names no supported coupon frequency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown coupon frequency {found:?}: expected annual, semi-annual, 1 or 2")]
pub struct UnknownFrequency {
    /// The text that was given.
    pub found: String,
}

impl FromStr for Frequency {
    type Err = UnknownFrequency;

    /// Parses `annual`/`1` and `semi-annual`/`semiannual`/`2` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "annual" | "1" => Ok(Frequency::Annual),
            "semi-annual" | "semiannual" | "2" => Ok(Frequency::SemiAnnual),
            _ => Err(UnknownFrequency {
                found: s.to_owned(),
            }),
        }
    }
}

/// The market convention that fixes accrual and the price–yield formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MarketConvention {
    /// U.S. Treasury street convention (spec §5.1): Act/Act ICMA accrual on the unadjusted
    /// schedule, yield compounded `f` times a year in **every** period, including the last.
    UsStreet,
    /// China interbank / CCDC convention (spec §5.2): accrual counts the first day and not the
    /// last (算头不算尾) over the actual days of the period, yield compounded `f` times a year
    /// while more than one coupon remains and **simple interest** over the final period.
    ChinaInterbank,
}

impl MarketConvention {
    /// The canonical text form, as written by `Display`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MarketConvention::UsStreet => "us-street",
            MarketConvention::ChinaInterbank => "china-interbank",
        }
    }
}

impl fmt::Display for MarketConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error returned when text names no market convention.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown market convention {found:?}: expected us-street (ust) or china-interbank (cgb)")]
pub struct UnknownMarketConvention {
    /// The text that was given.
    pub found: String,
}

impl FromStr for MarketConvention {
    type Err = UnknownMarketConvention;

    /// Parses `us-street`/`ust` and `china-interbank`/`cgb` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us-street" | "ust" => Ok(MarketConvention::UsStreet),
            "china-interbank" | "cgb" => Ok(MarketConvention::ChinaInterbank),
            _ => Err(UnknownMarketConvention {
                found: s.to_owned(),
            }),
        }
    }
}

/// The term sheet of a fixed-coupon bond, before validation.
///
/// Start from [`BondTerms::new`] (coupon and maturity; semi-annual, U.S. street convention, no
/// dated date, end-of-month rule decided by the maturity) and adjust with the `with_*`
/// methods; [`Bond::new`](super::Bond::new) validates the terms and builds the schedule.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::bond::{Bond, BondTerms, Frequency, MarketConvention};
///
/// // 24附息国债05 (240005): 1.99% annual CGB maturing 2026-03-15 (spec §2.4).
/// let terms = BondTerms::new(0.0199, NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
///     .with_frequency(Frequency::Annual)
///     .with_dated_date(NaiveDate::from_ymd_opt(2024, 3, 15).unwrap())
///     .with_convention(MarketConvention::ChinaInterbank);
/// let bond = Bond::new(terms)?;
/// assert_eq!(bond.schedule().coupon_dates().len(), 2);
/// # Ok::<(), spreadtrade::bond::BondError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BondTerms {
    coupon_rate: f64,
    maturity: NaiveDate,
    frequency: Frequency,
    dated_date: Option<NaiveDate>,
    end_of_month: Option<bool>,
    convention: MarketConvention,
}

impl BondTerms {
    /// Terms for a bond paying `coupon_rate` (decimal: 0.04125 for 4.125%) and maturing on
    /// `maturity`; semi-annual, U.S. street convention, no dated date, end-of-month rule on
    /// exactly when the maturity is the last day of its month.
    pub const fn new(coupon_rate: f64, maturity: NaiveDate) -> Self {
        BondTerms {
            coupon_rate,
            maturity,
            frequency: Frequency::SemiAnnual,
            dated_date: None,
            end_of_month: None,
            convention: MarketConvention::UsStreet,
        }
    }

    /// Sets the coupon frequency.
    #[must_use]
    pub const fn with_frequency(mut self, frequency: Frequency) -> Self {
        self.frequency = frequency;
        self
    }

    /// Sets the dated (issue, interest-accrual start) date; the first period runs from it.
    #[must_use]
    pub const fn with_dated_date(mut self, dated_date: NaiveDate) -> Self {
        self.dated_date = Some(dated_date);
        self
    }

    /// Forces the end-of-month rule on or off (by default it is on exactly when the maturity
    /// is the last day of its month). Turning it on for a maturity that is not a month end is
    /// rejected by [`Bond::new`](super::Bond::new).
    #[must_use]
    pub const fn with_end_of_month(mut self, end_of_month: bool) -> Self {
        self.end_of_month = Some(end_of_month);
        self
    }

    /// Sets the market convention.
    #[must_use]
    pub const fn with_convention(mut self, convention: MarketConvention) -> Self {
        self.convention = convention;
        self
    }

    /// The annual coupon rate (decimal).
    pub const fn coupon_rate(&self) -> f64 {
        self.coupon_rate
    }

    /// The maturity date.
    pub const fn maturity(&self) -> NaiveDate {
        self.maturity
    }

    /// The coupon frequency.
    pub const fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// The dated date, if one was given.
    pub const fn dated_date(&self) -> Option<NaiveDate> {
        self.dated_date
    }

    /// The end-of-month setting: `None` means "decided by the maturity".
    pub const fn end_of_month(&self) -> Option<bool> {
        self.end_of_month
    }

    /// The market convention.
    pub const fn convention(&self) -> MarketConvention {
        self.convention
    }

    /// Checks the terms that do not need a schedule.
    pub(crate) fn validate(&self) -> Result<(), BondError> {
        if !self.coupon_rate.is_finite() || !(0.0..=MAX_COUPON_RATE).contains(&self.coupon_rate) {
            return Err(BondError::InvalidCouponRate {
                coupon_rate: self.coupon_rate,
                max: MAX_COUPON_RATE,
            });
        }
        if let Some(dated) = self.dated_date
            && dated >= self.maturity
        {
            return Err(BondError::DatedDateNotBeforeMaturity {
                dated_date: dated,
                maturity: self.maturity,
            });
        }
        if self.end_of_month == Some(true) && !super::schedule::is_end_of_month(self.maturity) {
            return Err(BondError::EndOfMonthMaturity {
                maturity: self.maturity,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequency_round_trips_through_text() {
        for f in [Frequency::Annual, Frequency::SemiAnnual] {
            assert_eq!(f.to_string().parse::<Frequency>().unwrap(), f);
            assert_eq!(Frequency::from_per_year(f.per_year()), Some(f));
            assert_eq!(f.months() * f.per_year(), 12);
        }
        assert_eq!("2".parse::<Frequency>().unwrap(), Frequency::SemiAnnual);
        assert!("4".parse::<Frequency>().is_err());
        assert_eq!(Frequency::from_per_year(4), None);
    }

    #[test]
    fn convention_round_trips_through_text() {
        for c in [MarketConvention::UsStreet, MarketConvention::ChinaInterbank] {
            assert_eq!(c.to_string().parse::<MarketConvention>().unwrap(), c);
        }
        assert_eq!(
            "CGB".parse::<MarketConvention>().unwrap(),
            MarketConvention::ChinaInterbank
        );
        assert!("jgb".parse::<MarketConvention>().is_err());
    }

    #[test]
    fn percent_coupon_is_rejected() {
        let m = NaiveDate::from_ymd_opt(2031, 3, 31).unwrap();
        assert!(matches!(
            BondTerms::new(4.125, m).validate(),
            Err(BondError::InvalidCouponRate { .. })
        ));
        assert!(BondTerms::new(-0.01, m).validate().is_err());
        assert!(BondTerms::new(f64::NAN, m).validate().is_err());
        assert!(BondTerms::new(0.0, m).validate().is_ok());
    }
}
