//! The auction calendars of the synthetic issuance model: series of new issues by era (the
//! sources are tabulated in the parent module's documentation).

use super::super::BondMarket;
use crate::bond::Frequency;
use chrono::{Months, NaiveDate};

/// The day of the month on which a series is issued or matures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IssueDay {
    /// The last calendar day of the month.
    MonthEnd,
    /// A fixed day of the month (1–28).
    Day(u32),
}

impl IssueDay {
    /// The date in `year`-`month` (`None` for a day the month does not have).
    pub(super) fn date(self, year: i32, month: u32) -> Option<NaiveDate> {
        match self {
            IssueDay::Day(d) => NaiveDate::from_ymd_opt(year, month, d),
            IssueDay::MonthEnd => NaiveDate::from_ymd_opt(year, month, 1)?
                .checked_add_months(Months::new(1))?
                .pred_opt(),
        }
    }
}

/// A set of calendar months as a bit mask (bit `m − 1` for month `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthSet(u16);

impl MonthSet {
    /// Every month.
    pub const MONTHLY: MonthSet = MonthSet(0x0fff);
    /// February, May, August, November (the U.S. mid-quarter refunding months).
    pub const FEB_MAY_AUG_NOV: MonthSet = MonthSet::of(&[2, 5, 8, 11]);
    /// March, June, September, December.
    pub const MAR_JUN_SEP_DEC: MonthSet = MonthSet::of(&[3, 6, 9, 12]);
    /// January, April, July, October.
    pub const JAN_APR_JUL_OCT: MonthSet = MonthSet::of(&[1, 4, 7, 10]);

    /// The set of the given months (1–12; others are ignored).
    pub const fn of(months: &[u32]) -> MonthSet {
        let mut bits = 0u16;
        let mut i = 0;
        while i < months.len() {
            let m = months[i];
            if m >= 1 && m <= 12 {
                bits |= 1 << (m - 1);
            }
            i += 1;
        }
        MonthSet(bits)
    }

    /// Whether `month` (1–12) is in the set.
    pub const fn contains(self, month: u32) -> bool {
        month >= 1 && month <= 12 && self.0 & (1 << (month - 1)) != 0
    }
}

/// One series of new issues: a term, an issue calendar, the years it ran and its coupon
/// frequency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssuanceSeries {
    /// The term label used in identifiers (`"2Y"`, `"5Y2M"`).
    pub label: &'static str,
    /// The original term in months, as the deliverable-grade rules measure it.
    pub original_term_months: u32,
    /// Calendar months from the issue month to the maturity month.
    pub maturity_months: u32,
    /// The day of the issue (dated) date.
    pub issue_day: IssueDay,
    /// The day of the maturity date.
    pub maturity_day: IssueDay,
    /// The months in which new bonds are issued.
    pub months: MonthSet,
    /// The first issue month `(year, month)`.
    pub first_issue: (i32, u32),
    /// The last issue month, or `None` for a series still issued.
    pub last_issue: Option<(i32, u32)>,
    /// Coupon frequency.
    pub frequency: Frequency,
    /// Where the calendar comes from, with its confidence tag.
    pub source: &'static str,
    /// For callable series: the bonds are callable at par this many years before maturity.
    pub callable_years_before_maturity: Option<u32>,
}

impl IssuanceSeries {
    /// The term (years) at which the auction-date par yield is read: `original_term_months / 12`.
    pub fn term_years(&self) -> f64 {
        f64::from(self.original_term_months) / 12.0
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "const table constructor: one positional argument per column of the documented table"
)]
const fn series(
    label: &'static str,
    original_term_months: u32,
    maturity_months: u32,
    issue_day: IssueDay,
    maturity_day: IssueDay,
    months: MonthSet,
    first_issue: (i32, u32),
    last_issue: Option<(i32, u32)>,
    frequency: Frequency,
    source: &'static str,
) -> IssuanceSeries {
    IssuanceSeries {
        label,
        original_term_months,
        maturity_months,
        issue_day,
        maturity_day,
        months,
        first_issue,
        last_issue,
        frequency,
        source,
        callable_years_before_maturity: None,
    }
}

/// A callable variant of `series(...)`.
const fn callable(mut s: IssuanceSeries, years_before_maturity: u32) -> IssuanceSeries {
    s.callable_years_before_maturity = Some(years_before_maturity);
    s
}

use Frequency::{Annual, SemiAnnual};
use IssueDay::{Day, MonthEnd};

const D15: IssueDay = Day(15);
const FMAN: MonthSet = MonthSet::FEB_MAY_AUG_NOV;
const MJSD: MonthSet = MonthSet::MAR_JUN_SEP_DEC;
const JAJO: MonthSet = MonthSet::JAN_APR_JUL_OCT;
const TD_NOTES: &str = "TreasuryDirect, Timeline of U.S. Treasury Notes";
const TD_BONDS: &str = "TreasuryDirect, Timeline of U.S. Treasury Bonds";
const TD_AUG_2000: &str = "Treasury, August 2000 quarterly financing (2000-08-02): reopening of the 29-3/4-year 6-1/4% bonds [S]";

/// The U.S. Treasury new-issue calendar of the model (see the module documentation for the
/// sources of each era).
#[rustfmt::skip]
pub static UST_ISSUANCE: [IssuanceSeries; 20] = [
    series("2Y", 24, 24, MonthEnd, MonthEnd, MonthSet::MONTHLY, (1975, 1), None, SemiAnnual, TD_NOTES),
    series("3Y", 36, 36, D15, D15, FMAN, (1981, 2), Some((1998, 5)), SemiAnnual, TD_BONDS),
    series("3Y", 36, 36, D15, D15, FMAN, (2003, 11), Some((2008, 10)), SemiAnnual, "reintroduced 2003 [L]"),
    series("3Y", 36, 36, D15, D15, MonthSet::MONTHLY, (2008, 11), None, SemiAnnual, "monthly from 2008 [L]"),
    series("4Y", 48, 48, MonthEnd, MonthEnd, MJSD, (1975, 3), Some((1990, 12)), SemiAnnual, TD_NOTES),
    series("5Y2M", 62, 62, Day(1), D15, MJSD, (1979, 3), Some((1990, 12)), SemiAnnual, TD_NOTES),
    series("5Y", 60, 60, MonthEnd, MonthEnd, MonthSet::MONTHLY, (1991, 1), None, SemiAnnual, "Chicago Tribune 1990-12-12"),
    series("7Y", 84, 84, Day(1), D15, JAJO, (1981, 1), Some((1993, 4)), SemiAnnual, TD_NOTES),
    series("7Y", 84, 84, MonthEnd, MonthEnd, MonthSet::MONTHLY, (2009, 2), None, SemiAnnual, "reintroduced 2009 [L]"),
    series("10Y", 120, 120, D15, D15, FMAN, (1977, 2), None, SemiAnnual, TD_NOTES),
    series("20Y1M", 241, 241, Day(1), D15, JAJO, (1981, 1), Some((1986, 1)), SemiAnnual, TD_BONDS),
    series("20Y", 240, 240, D15, D15, FMAN, (2020, 5), None, SemiAnnual, TD_BONDS),
    callable(series("30Y", 360, 360, D15, D15, FMAN, (1977, 2), Some((1984, 11)), SemiAnnual, TD_BONDS), 5),
    series("30Y", 360, 360, D15, D15, FMAN, (1985, 2), Some((1993, 5)), SemiAnnual, TD_BONDS),
    series("30Y", 360, 360, D15, D15, MonthSet::of(&[2, 8]), (1993, 8), Some((1999, 8)), SemiAnnual, "semi-annual 1993-1999 [L]"),
    series("30Y3M", 363, 363, D15, D15, MonthSet::of(&[2]), (2000, 2), Some((2000, 2)), SemiAnnual, TD_AUG_2000),
    series("30Y", 360, 360, D15, D15, MonthSet::of(&[2]), (2001, 2), Some((2001, 2)), SemiAnnual, "5-3/8% Feb-2031 (CME SER-7191) [S]"),
    series("30Y", 360, 360, D15, D15, MonthSet::of(&[2]), (2006, 2), Some((2006, 2)), SemiAnnual, "reintroduced 2006 [S]"),
    series("30Y", 360, 360, D15, D15, MonthSet::of(&[2, 5]), (2007, 2), Some((2008, 5)), SemiAnnual, "2007-2008 [L]"),
    series("30Y", 360, 360, D15, D15, FMAN, (2009, 2), None, SemiAnnual, TD_BONDS),
];

const CGB_MODEL: &str = "crate model schedule (not CFFEX or MOF data)";

/// The China government bond new-issue calendar of the model (a simple schedule chosen for the
/// crate; see the module documentation).
#[rustfmt::skip]
pub static CGB_ISSUANCE: [IssuanceSeries; 6] = [
    series("2Y", 24, 24, D15, D15, MJSD, (2000, 1), None, Annual, CGB_MODEL),
    series("3Y", 36, 36, D15, D15, FMAN, (2000, 1), None, Annual, CGB_MODEL),
    series("5Y", 60, 60, D15, D15, JAJO, (2000, 1), None, Annual, CGB_MODEL),
    series("7Y", 84, 84, D15, D15, JAJO, (2000, 1), None, Annual, CGB_MODEL),
    series("10Y", 120, 120, D15, D15, FMAN, (2000, 1), None, SemiAnnual, CGB_MODEL),
    series("30Y", 360, 360, D15, D15, MonthSet::of(&[5, 11]), (2000, 1), None, SemiAnnual, CGB_MODEL),
];

impl BondMarket {
    /// The new-issue calendar of the synthetic issuance model for this market.
    pub fn issuance_calendar(self) -> &'static [IssuanceSeries] {
        match self {
            BondMarket::UsTreasury => &UST_ISSUANCE,
            BondMarket::ChinaGovernment => &CGB_ISSUANCE,
        }
    }

    /// The coupon grid as a count per unit of rate: coupons are whole multiples of
    /// `1 / grid_per_unit` (800 → 1/8 %, 10,000 → 0.01 %).
    pub const fn coupon_grid_per_unit(self) -> u32 {
        match self {
            BondMarket::UsTreasury => 800,
            BondMarket::ChinaGovernment => 10_000,
        }
    }

    /// The smallest coupon the model sets, in grid units (1/8 % for U.S. Treasuries, 0.01 %
    /// for CGBs).
    pub const fn min_coupon_units(self) -> u32 {
        1
    }
}
