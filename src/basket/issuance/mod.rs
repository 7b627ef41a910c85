//! The synthetic issuance model: deliverable bonds issued on a documented auction calendar with
//! coupons set from the historical par curve. A **model**, not a list of real securities.
//!
//! No public list of issued U.S. Treasury or China government coupons could be obtained for
//! this project (see `shared/data/README.md`), so deliverable baskets are built from what is
//! known: when each kind of note or bond was issued, and what the par yield of its term was on
//! the auction date. Every bond it makes says so ([`DeliverableSource::SyntheticIssuance`],
//! identifiers starting `SYN-`).
//!
//! # The model
//!
//! For each [`IssuanceSeries`] and each month of its calendar between its first and last
//! issue:
//!
//! 1. **Issue (dated) date** from the series' day rule (month end, or a fixed day); the
//!    **maturity** `maturity_months` later under its own day rule. Reopenings do not create new
//!    bonds.
//! 2. **Auction date** = issue date − [`IssuanceConfig::auction_lag_days`] (7 by default:
//!    coupon securities are auctioned about a week before they settle).
//! 3. **Auction-date curve**: the first history in the list given (e.g. the Treasury par curve,
//!    then the FRED H.15 history for earlier years) with a published row on the auction date
//!    or up to [`IssuanceConfig::max_stale_days`] days before it. An auction with no such row
//!    makes no bond and is counted in [`IssuanceReport::skipped_no_curve`].
//! 4. **Yield of the term**: the par yield at the series' term (`original_term_months / 12`
//!    years) read off that row by monotone cubic interpolation; this is the **nearest-tenor
//!    rule** for terms the row does not publish: a missing tenor is interpolated between its
//!    published neighbours, and a term beyond the longest published tenor takes the longest
//!    one's yield (flat), one shorter than the shortest takes the shortest's.
//! 5. **Compounding**: the yield is converted from the curve's compounding (semi-annual for
//!    U.S. Treasury and FRED, annual for ChinaBond) to the bond's coupon frequency
//!    (`y_f = f·((1 + y_c/c)^(c/f) − 1)`), so the coupon is that of a par bond.
//! 6. **Coupon** = that yield rounded **down** to the market's coupon grid: 1/8 % with a
//!    1/8 % floor for U.S. Treasuries (the auction rule since the 1970s); 0.01 % for CGBs.
//!
//! # U.S. Treasury calendar ([`UST_ISSUANCE`])
//!
//! | series | issue → maturity | months | years issued | source |
//! | --- | --- | --- | --- | --- |
//! | 2Y | month end → month end | every month | 1975– | TreasuryDirect, *Timeline of U.S. Treasury Notes* (2-year cycle at every month end from 1974–75) [S] |
//! | 3Y | 15th → 15th | Feb May Aug Nov | 1981–05/1998 | TreasuryDirect, *Timeline of U.S. Treasury Bonds*, 1981 (refundings standardised to 3-, 10- and 30-year issues) [S]; suspended after May 1998 [L] |
//! | 3Y | 15th → 15th | Feb May Aug Nov | 11/2003–10/2008 | reintroduced November 2003 [L] |
//! | 3Y | 15th → 15th | every month | 11/2008– | monthly since November 2008 [L]; TreasuryDirect today: 2-, 3-, 5- and 7-year notes every month [S] |
//! | 4Y | quarter end → quarter end | Mar Jun Sep Dec | 1975–12/1990 | TreasuryDirect notes timeline, 1975 [S]; discontinued in 1991 (Chicago Tribune, 1990-12-12, "Treasury to drop 4-year note sales") [S] |
//! | 5Y2M | 1st → 15th, 62 months | Mar Jun Sep Dec | 1979–12/1990 | TreasuryDirect notes timeline, 1979 (settled early in the last month of a quarter, maturing on a mid-quarter refunding date) [S]; replaced in 1991 (Tribune, as above) [S] |
//! | 5Y | month end → month end | every month | 1991– | Tribune, as above (monthly 5-year notes settling on the last day of each month) [S] |
//! | 7Y | 1st → 15th, 84 months | Jan Apr Jul Oct | 1981–04/1993 | TreasuryDirect notes timeline, 1981 [S]; discontinued after April 1993 [L] |
//! | 7Y | month end → month end | every month | 02/2009– | reintroduced February 2009 [L]; monthly today [S] |
//! | 10Y | 15th → 15th | Feb May Aug Nov | 1977– | TreasuryDirect: 10-year original issues in Feb, May, Aug and Nov, reopened in the other months [S] |
//! | 20Y1M | 1st → 15th, 241 months | Jan Apr Jul Oct | 1981–01/1986 | TreasuryDirect bonds timeline, 1981 [S]; last issue [L] |
//! | 20Y | 15th → 15th | Feb May Aug Nov | 05/2020– | TreasuryDirect: 20-year bonds originally issued in Feb, May, Aug and Nov [S]; reintroduced May 2020 [S] |
//! | 30Y | 15th → 15th | Feb May Aug Nov | 1977–11/1984 | TreasuryDirect bonds timeline, 1977 ("30-year area bonds (callable after 25 years)") [S]: **callable** in their last 5 years; the last callable bond was issued in November 1984 [L] |
//! | 30Y | 15th → 15th | Feb May Aug Nov | 1985–05/1993 | non-callable; quarterly until 1993 [L] |
//! | 30Y | 15th → 15th | Feb Aug | 08/1993–08/1999 | semi-annual new issues [L] (some November issues of 1994–98 are not modelled) |
//! | 30Y3M | 15 Feb → 15 May, 363 months | Feb | 2000 | the 6-1/4% bond of May 2030, issued in February 2000 and **reopened** in August 2000 (no new 30-year issue that August): Treasury press release "Treasury August Quarterly Financing", 2000-08-02 ("29-3/4-year 6-1/4% bonds") [S] |
//! | 30Y | 15th → 15th | Feb | 2001 | the 5-3/8% bond of February 2031, the last before the suspension (CME Group SER-7191 names it) [S]; the August 2001 auction reopened it [S] |
//! | 30Y | 15th → 15th | Feb | 2006 | suspended from October 2001, reintroduced February 2006 [S] |
//! | 30Y | 15th → 15th | Feb May | 2007–2008 | [L] |
//! | 30Y | 15th → 15th | Feb May Aug Nov | 2009– | TreasuryDirect: 30-year original issues in Feb, May, Aug and Nov [S]; start [L] |
//!
//! Simplifications: the stub first coupons of the 5Y2M, 7Y (1981–93) and 20Y1M series are
//! modelled as short front stubs (the bond module's stub rule), where the Treasury paid a long
//! or short first coupon as the case required; month-end issues are dated on the month end even
//! when they settled on the next business day. The 20-year constant-maturity series that the
//! Treasury par curve publishes from October 1993 is a curve point, not an issuance: no 20-year
//! bond was issued between 1986 and 2020.
//!
//! # China government bond calendar ([`CGB_ISSUANCE`])
//!
//! A simple schedule chosen for this crate (not CFFEX or Ministry of Finance data), in line
//! with the bonds named in spec §2.3–2.4 (10-year issues in Feb/May/Aug/Nov, a 2-year in
//! March, a 5-year in April): new 2-year issues on the 15th of Mar/Jun/Sep/Dec, 3-year on
//! Feb/May/Aug/Nov, 5- and 7-year on Jan/Apr/Jul/Oct, 10-year on Feb/May/Aug/Nov, 30-year on
//! May/Nov, from 2000. 2- to 7-year bonds pay **annually** and 10- and 30-year bonds
//! **semi-annually** (spec §2.3). **7-year bonds are treated as annual throughout**: the recent
//! 7-year CGBs pay annually (240006, f = 1), older ones semi-annually, and the date of the
//! change was not found [L].

use super::{
    BasketError, BondMarket, Deliverable, DeliverableSource, DeliverableUniverse,
    convert_compounding,
};
use crate::bond::{Bond, BondTerms};
use crate::curve::{CouponFrequency, CurveError, Interpolation, ParCurve, Tenor};
use crate::data::CurveTable;
use crate::tolerance::COUPON_GRID_SNAP;
use chrono::{Datelike, Days, Months, NaiveDate};
use ndarray::{Array2, ArrayView2};

mod calendar;

pub use calendar::{CGB_ISSUANCE, IssuanceSeries, IssueDay, MonthSet, UST_ISSUANCE};

/// The coupon a par auction sets: the yield rounded **down** to the market's coupon grid, at
/// least the grid's minimum.
///
/// # Formula
/// ```text
/// units  = floor(y · G + ε)
/// coupon = max(units, u_min) / G
/// ```
/// - `y`: the auction-date par yield on the bond's coupon frequency (decimal)
/// - `G`: grid points per unit of rate ([`BondMarket::coupon_grid_per_unit`]: 800 for 1/8 %,
///   10,000 for 0.01 %); `u_min`: the minimum coupon in grid units (1)
/// - `ε`: [`COUPON_GRID_SNAP`], so that a yield a few ulps below a grid point counts as on it
///
/// # Conventions
/// Coupons are decimal fractions. A negative or NaN yield gives the minimum coupon.
///
/// # References
/// U.S. Treasury auction rules (31 CFR 356.20: the interest rate is set in increments of 1/8
/// of one percent, at or below the high yield, minimum 1/8 %) as summarised on TreasuryDirect;
/// CGB coupons are quoted to 0.01 % (spec §2.4 lists coupons such as 2.35 %, 1.99 %).
///
/// # Examples
/// ```
/// use spreadtrade::basket::{BondMarket, coupon_for_yield};
///
/// // A 4.64% 7-year yield sets a 4.625% coupon; 0.06% sets the 1/8% floor.
/// assert_eq!(coupon_for_yield(BondMarket::UsTreasury, 0.0464), 0.04625);
/// assert_eq!(coupon_for_yield(BondMarket::UsTreasury, 0.0006), 0.00125);
/// assert_eq!(coupon_for_yield(BondMarket::ChinaGovernment, 0.023456), 0.0234);
/// ```
pub fn coupon_for_yield(market: BondMarket, yield_rate: f64) -> f64 {
    let grid = f64::from(market.coupon_grid_per_unit());
    let units = (yield_rate * grid + COUPON_GRID_SNAP).floor();
    let min = f64::from(market.min_coupon_units());
    let units = if units.is_nan() { min } else { units.max(min) };
    units / grid
}

/// A daily yield-curve history to read auction-date par yields from: dates, tenors and a
/// (dates × tenors) matrix of decimal par yields (`None` = not published), with the curve's
/// compounding.
#[derive(Debug, Clone)]
pub struct YieldHistory<'a> {
    label: String,
    dates: &'a [NaiveDate],
    tenors: &'a [Tenor],
    yields: ArrayView2<'a, Option<f64>>,
    frequency: CouponFrequency,
}

impl<'a> YieldHistory<'a> {
    /// A history from its parts.
    ///
    /// # Errors
    /// [`BasketError::HistoryShape`] unless `yields` is `dates.len() × tenors.len()`.
    pub fn new(
        label: impl Into<String>,
        dates: &'a [NaiveDate],
        tenors: &'a [Tenor],
        yields: &'a Array2<Option<f64>>,
        frequency: CouponFrequency,
    ) -> Result<Self, BasketError> {
        let label = label.into();
        if yields.nrows() != dates.len() || yields.ncols() != tenors.len() {
            return Err(BasketError::HistoryShape {
                label,
                rows: yields.nrows(),
                columns: yields.ncols(),
                dates: dates.len(),
                tenors: tenors.len(),
            });
        }
        Ok(YieldHistory {
            label,
            dates,
            tenors,
            yields: yields.view(),
            frequency,
        })
    }

    /// A history over a loaded curve file (e.g. the FRED H.15 file for years before the
    /// Treasury par curve).
    ///
    /// # Errors
    /// As [`YieldHistory::new`] (never for a table from the loaders, whose shape is checked).
    pub fn from_curve_table(
        table: &'a CurveTable,
        frequency: CouponFrequency,
    ) -> Result<Self, BasketError> {
        YieldHistory::new(
            table.source.clone(),
            &table.dates,
            &table.tenors,
            &table.yields,
            frequency,
        )
    }

    /// The history's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The curve's compounding.
    pub fn frequency(&self) -> CouponFrequency {
        self.frequency
    }

    /// The first and last dates, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }

    /// The par curve of the last row on or before `date` and at most `max_stale_days` days
    /// before it that publishes at least two tenors, or `None`.
    ///
    /// # Errors
    /// [`BasketError::Curve`] for a row the curve module rejects (yields out of bounds,
    /// unsorted tenors); a row with fewer than two published tenors is skipped instead.
    pub fn curve_on_or_before(
        &self,
        date: NaiveDate,
        max_stale_days: u32,
    ) -> Result<Option<ParCurve>, BasketError> {
        let oldest = date
            .checked_sub_days(Days::new(u64::from(max_stale_days)))
            .unwrap_or(NaiveDate::MIN);
        let mut i = self.dates.partition_point(|&d| d <= date);
        let mut row: Vec<Option<f64>> = Vec::with_capacity(self.tenors.len());
        while i > 0 {
            i -= 1;
            let day = self.dates[i];
            if day < oldest {
                break;
            }
            row.clear();
            row.extend(self.yields.row(i).iter().copied());
            match ParCurve::from_row(day, self.tenors, &row, self.frequency) {
                Ok(curve) => return Ok(Some(curve)),
                Err(CurveError::TooFewNodes { .. }) => continue,
                Err(source) => return Err(BasketError::Curve { date: day, source }),
            }
        }
        Ok(None)
    }
}

/// Choices of the synthetic issuance model. `Default` gives the documented model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssuanceConfig {
    auction_lag_days: u32,
    max_stale_days: u32,
    first_issue: Option<NaiveDate>,
    last_issue: Option<NaiveDate>,
}

impl Default for IssuanceConfig {
    fn default() -> Self {
        IssuanceConfig {
            auction_lag_days: 7,
            max_stale_days: 10,
            first_issue: None,
            last_issue: None,
        }
    }
}

impl IssuanceConfig {
    /// Days between the auction (whose curve sets the coupon) and the issue date (default 7).
    #[must_use]
    pub const fn with_auction_lag_days(mut self, days: u32) -> Self {
        self.auction_lag_days = days;
        self
    }

    /// How many days before the auction date a curve row may be (default 10: a long holiday
    /// weekend plus a missing day).
    #[must_use]
    pub const fn with_max_stale_days(mut self, days: u32) -> Self {
        self.max_stale_days = days;
        self
    }

    /// Issue only bonds dated on or after `date` (default: every series from its first issue).
    #[must_use]
    pub const fn with_first_issue(mut self, date: NaiveDate) -> Self {
        self.first_issue = Some(date);
        self
    }

    /// Issue only bonds dated on or before `date` (default: every issue whose auction date is
    /// at most [`IssuanceConfig::max_stale_days`] after the last date of the histories).
    #[must_use]
    pub const fn with_last_issue(mut self, date: NaiveDate) -> Self {
        self.last_issue = Some(date);
        self
    }

    /// Days between auction and issue.
    pub const fn auction_lag_days(&self) -> u32 {
        self.auction_lag_days
    }

    /// How stale an auction-date curve row may be, in days.
    pub const fn max_stale_days(&self) -> u32 {
        self.max_stale_days
    }
}

/// What the issuance model did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IssuanceReport {
    /// Bonds issued.
    pub issued: usize,
    /// Scheduled issues without a curve row within the staleness window of the auction date
    /// (typically before the first date of the histories).
    pub skipped_no_curve: usize,
}

/// A universe made by the synthetic issuance model, with the model's report.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticUniverse {
    /// The deliverables.
    pub universe: DeliverableUniverse,
    /// What the model did.
    pub report: IssuanceReport,
}

/// Builds the deliverable universe of `market` with the synthetic issuance model (see the
/// module documentation): every scheduled new issue whose auction date has a curve row in one
/// of `histories` (tried in order), with a coupon set from that row's par yield of its term.
///
/// # Formula
/// ```text
/// auction  = issue − lag
/// y_term   = I(T; curve row on or ≤ max_stale days before auction),  T = term in years
/// y_bond   = f·((1 + y_term/c)^(c/f) − 1)            (curve compounding c → bond frequency f)
/// coupon   = coupon_for_yield(market, y_bond)
/// ```
/// - `I`: monotone cubic interpolation of the par curve (flat beyond its end tenors).
///
/// # Conventions
/// Issue and maturity dates are unadjusted; the bond's dated date is its issue date. Bonds use
/// the market's convention ([`BondMarket::convention`]).
///
/// # References
/// The issuance calendars and their sources are tabulated in the module documentation.
///
/// # Errors
/// [`BasketError::Curve`] for a curve row the curve module rejects; [`BasketError::Bond`] if a
/// modelled bond cannot be built (not expected).
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use ndarray::Array2;
/// use spreadtrade::basket::{BondMarket, IssuanceConfig, YieldHistory, synthetic_universe};
/// use spreadtrade::curve::{CouponFrequency, Tenor};
///
/// let dates = [NaiveDate::from_ymd_opt(2024, 3, 20).unwrap()];
/// let tenors = [Tenor::Years(2), Tenor::Years(10)];
/// // Treasury par yields of 2024-03-20: 2-year 4.59%, 10-year 4.27%.
/// let yields = Array2::from_shape_vec((1, 2), vec![Some(0.0459), Some(0.0427)]).unwrap();
/// let history = YieldHistory::new("t", &dates, &tenors, &yields, CouponFrequency::SemiAnnual)?;
/// let config = IssuanceConfig::default()
///     .with_first_issue(NaiveDate::from_ymd_opt(2024, 3, 27).unwrap());
/// let made = synthetic_universe(BondMarket::UsTreasury, &[history], &config)?;
/// // Only the 2- and 5-year notes of 2024-03-31 auction within 10 days of the one curve row;
/// // the 2-year coupon is 4.59% rounded down to 4.5%.
/// let two = made.universe.get("SYN-UST-2Y-4.500-2026-03-31").expect("modelled 2-year");
/// assert!(two.is_synthetic());
/// assert_eq!(made.report.issued, 3); // 2Y, 5Y and 7Y of 2024-03-31
/// # Ok::<(), spreadtrade::basket::BasketError>(())
/// ```
pub fn synthetic_universe(
    market: BondMarket,
    histories: &[YieldHistory<'_>],
    config: &IssuanceConfig,
) -> Result<SyntheticUniverse, BasketError> {
    // Auctions are modelled up to the last history date plus the staleness window (later ones
    // could not find a row), and never past the configured last issue.
    let last_auction = histories
        .iter()
        .filter_map(|h| h.date_range().map(|r| r.1))
        .max()
        .and_then(|d| d.checked_add_days(Days::new(u64::from(config.max_stale_days))));
    let mut report = IssuanceReport::default();
    let mut out = Vec::new();
    let Some(last_auction) = last_auction else {
        return finish(market, histories, out, report);
    };
    let lag = Days::new(u64::from(config.auction_lag_days));
    for s in market.issuance_calendar() {
        let (mut year, mut month) = s.first_issue;
        loop {
            if let Some(last) = s.last_issue
                && (year, month) > last
            {
                break;
            }
            let Some(issue) = s.issue_day.date(year, month) else {
                break;
            };
            let past_data = issue.checked_sub_days(lag).is_none_or(|a| a > last_auction);
            if past_data || config.last_issue.is_some_and(|l| issue > l) {
                break;
            }
            if s.months.contains(month) && config.first_issue.is_none_or(|f| issue >= f) {
                match issue_one(market, s, issue, year, month, histories, config)? {
                    Some(d) => {
                        report.issued += 1;
                        out.push(d);
                    }
                    None => report.skipped_no_curve += 1,
                }
            }
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
    }
    finish(market, histories, out, report)
}

fn finish(
    market: BondMarket,
    histories: &[YieldHistory<'_>],
    out: Vec<Deliverable>,
    report: IssuanceReport,
) -> Result<SyntheticUniverse, BasketError> {
    let labels: Vec<&str> = histories.iter().map(|h| h.label()).collect();
    let description = format!(
        "synthetic issuance model ({market} auction calendar, {} bonds, coupons from the par \
         curve of {}; {} scheduled issues without a curve skipped)",
        report.issued,
        if labels.is_empty() {
            "no history".to_owned()
        } else {
            labels.join(" then ")
        },
        report.skipped_no_curve
    );
    Ok(SyntheticUniverse {
        universe: DeliverableUniverse::new(
            market,
            DeliverableSource::SyntheticIssuance,
            description,
            out,
        )?,
        report,
    })
}

fn issue_one(
    market: BondMarket,
    s: &IssuanceSeries,
    issue: NaiveDate,
    year: i32,
    month: u32,
    histories: &[YieldHistory<'_>],
    config: &IssuanceConfig,
) -> Result<Option<Deliverable>, BasketError> {
    let Some(auction) = issue.checked_sub_days(Days::new(u64::from(config.auction_lag_days)))
    else {
        return Ok(None);
    };
    let mut found = None;
    for h in histories {
        if let Some(curve) = h.curve_on_or_before(auction, config.max_stale_days)? {
            found = Some((curve, h.frequency()));
            break;
        }
    }
    let Some((curve, curve_frequency)) = found else {
        return Ok(None);
    };
    let y_curve = curve
        .par_yield(s.term_years(), Interpolation::MonotoneCubic)
        .map_err(|source| BasketError::Curve {
            date: curve.date(),
            source,
        })?;
    let y_bond = convert_compounding(
        y_curve,
        f64::from(curve_frequency.per_year()),
        s.frequency.per_year_f64(),
    );
    let coupon = coupon_for_yield(market, y_bond);
    let Some(maturity) = maturity_date(s, year, month) else {
        return Ok(None);
    };
    let decimals = if market == BondMarket::UsTreasury {
        3
    } else {
        2
    };
    let id = format!(
        "SYN-{market}-{}-{:.*}-{maturity}",
        s.label,
        decimals,
        coupon * 100.0
    );
    let terms = BondTerms::new(coupon, maturity)
        .with_frequency(s.frequency)
        .with_dated_date(issue)
        .with_convention(market.convention());
    let bond = Bond::new(terms).map_err(|source| BasketError::Bond {
        id: id.clone(),
        source,
    })?;
    let d = Deliverable::new(
        id,
        bond,
        issue,
        Some(s.original_term_months),
        DeliverableSource::SyntheticIssuance,
    )?;
    Ok(Some(match s.callable_years_before_maturity {
        Some(years) => match maturity.checked_sub_months(Months::new(12 * years)) {
            Some(call) => d.with_first_call_date(call),
            None => d,
        },
        None => d,
    }))
}

fn maturity_date(s: &IssuanceSeries, year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(s.maturity_months))?;
    s.maturity_day.date(first.year(), first.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bond::Frequency;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// A flat curve history at `level` on every day of `days`.
    fn flat(days: &[NaiveDate], level: f64) -> (Vec<Tenor>, Array2<Option<f64>>) {
        let tenors = vec![
            Tenor::Months(3),
            Tenor::Years(2),
            Tenor::Years(10),
            Tenor::Years(30),
        ];
        let y = Array2::from_elem((days.len(), tenors.len()), Some(level));
        (tenors, y)
    }

    #[test]
    fn coupon_rounds_down_to_the_grid() {
        use BondMarket::*;
        // 4.25% exactly (as 0.0425, one ulp under in binary) stays 4.25%.
        assert_eq!(coupon_for_yield(UsTreasury, 0.0425), 0.0425);
        assert_eq!(coupon_for_yield(UsTreasury, 0.042499), 0.04125);
        assert_eq!(coupon_for_yield(UsTreasury, 0.0), 0.00125);
        assert_eq!(coupon_for_yield(UsTreasury, -0.01), 0.00125);
        assert_eq!(coupon_for_yield(UsTreasury, f64::NAN), 0.00125);
        assert_eq!(coupon_for_yield(ChinaGovernment, 0.0235), 0.0235);
        assert_eq!(coupon_for_yield(ChinaGovernment, 0.023499), 0.0234);
    }

    #[test]
    fn month_sets_and_issue_days() {
        assert!(MonthSet::FEB_MAY_AUG_NOV.contains(11));
        assert!(!MonthSet::FEB_MAY_AUG_NOV.contains(12));
        assert!(!MonthSet::MONTHLY.contains(13));
        assert_eq!(IssueDay::MonthEnd.date(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(IssueDay::Day(15).date(2024, 2), Some(d(2024, 2, 15)));
    }

    #[test]
    fn calendar_eras_issue_what_the_table_says() {
        // One flat 4% curve every day of 1975..=2025 (weekly rows are enough for a 10-day
        // staleness window).
        let days: Vec<NaiveDate> = (0..)
            .map(|k| d(1975, 1, 1) + Days::new(7 * k))
            .take_while(|&x| x <= d(2025, 12, 31))
            .collect();
        let (tenors, y) = flat(&days, 0.04);
        let h = YieldHistory::new("flat", &days, &tenors, &y, CouponFrequency::SemiAnnual).unwrap();
        let made =
            synthetic_universe(BondMarket::UsTreasury, &[h], &IssuanceConfig::default()).unwrap();
        let u = &made.universe;
        let count = |label: &str, from: NaiveDate, to: NaiveDate| {
            u.deliverables()
                .iter()
                .filter(|b| b.id().contains(&format!("-{label}-")))
                .filter(|b| (from..=to).contains(&b.issue_date()))
                .count()
        };
        // No 30-year bond between the suspension (after Feb 2001) and Feb 2006.
        assert_eq!(count("30Y", d(2001, 3, 1), d(2006, 1, 31)), 0);
        assert_eq!(count("30Y", d(2006, 2, 1), d(2006, 12, 31)), 1);
        // 2000: one new bond, February, maturing in May 2030 (reopened in August); 2001: Feb.
        assert_eq!(count("30Y", d(1999, 9, 1), d(2000, 12, 31)), 0);
        let may30 = u.get("SYN-UST-30Y3M-4.000-2030-05-15").unwrap();
        assert_eq!(may30.issue_date(), d(2000, 2, 15));
        assert_eq!(count("30Y", d(2001, 1, 1), d(2001, 12, 31)), 1);
        // No 3-year note from June 1998 to October 2003; monthly from November 2008.
        assert_eq!(count("3Y", d(1998, 6, 1), d(2003, 10, 31)), 0);
        assert_eq!(count("3Y", d(2009, 1, 1), d(2009, 12, 31)), 12);
        // No 7-year from May 1993 to January 2009; 2-year notes every month.
        assert_eq!(count("7Y", d(1993, 5, 1), d(2009, 1, 31)), 0);
        assert_eq!(count("2Y", d(2000, 1, 1), d(2000, 12, 31)), 12);
        // 20-year bonds only in 1981-86 (20Y1M) and from May 2020.
        assert_eq!(count("20Y", d(1986, 2, 1), d(2020, 4, 30)), 0);
        assert_eq!(count("20Y1M", d(1981, 1, 1), d(1986, 1, 31)), 21);
        // Flat 4% semi-annual curve: every coupon is 4%.
        assert!(u.deliverables().iter().all(|b| b.coupon_rate() == 0.04));
        let two = u.get("SYN-UST-2Y-4.000-2026-03-31").unwrap();
        assert_eq!(two.issue_date(), d(2024, 3, 31));
        assert_eq!(two.original_term_months(), Some(24));
        let old = u.get("SYN-UST-5Y2M-4.000-1991-02-15").unwrap();
        assert_eq!(old.issue_date(), d(1985, 12, 1));
        assert!(old.bond().schedule().has_short_first_period());
        assert_eq!(made.report.skipped_no_curve, 0);
    }

    #[test]
    fn auctions_without_a_curve_are_skipped_and_counted() {
        let days = [d(2024, 3, 20)];
        let (tenors, y) = flat(&days, 0.045);
        let h = YieldHistory::new("one", &days, &tenors, &y, CouponFrequency::SemiAnnual).unwrap();
        let made =
            synthetic_universe(BondMarket::UsTreasury, &[h], &IssuanceConfig::default()).unwrap();
        // Auctions of 2024-03-31 (2Y, 5Y, 7Y: auction 03-24, row 03-20 within 10 days) only.
        assert_eq!(made.report.issued, 3);
        assert!(made.report.skipped_no_curve > 1000);
        assert!(
            made.universe
                .description()
                .contains("synthetic issuance model")
        );
    }

    #[test]
    fn a_later_history_fills_dates_the_first_lacks() {
        let early = [d(1985, 11, 5)];
        let late = [d(2024, 2, 5)];
        let (t1, y1) = flat(&early, 0.09);
        let (t2, y2) = flat(&late, 0.043);
        let config = IssuanceConfig::default().with_first_issue(d(1985, 11, 1));
        let h_late =
            YieldHistory::new("late", &late, &t2, &y2, CouponFrequency::SemiAnnual).unwrap();
        let h_early =
            YieldHistory::new("early", &early, &t1, &y1, CouponFrequency::SemiAnnual).unwrap();
        let made = synthetic_universe(BondMarket::UsTreasury, &[h_late, h_early], &config).unwrap();
        let u = &made.universe;
        assert_eq!(
            u.get("SYN-UST-10Y-9.000-1995-11-15").unwrap().coupon_rate(),
            0.09
        );
        assert_eq!(
            u.get("SYN-UST-10Y-4.250-2034-02-15").unwrap().coupon_rate(),
            0.0425
        );
    }

    #[test]
    fn cgb_coupons_convert_annual_curve_to_semi_annual_bonds() {
        let days = [d(2024, 2, 5)];
        let (tenors, y) = flat(&days, 0.03);
        let h = YieldHistory::new("cgb", &days, &tenors, &y, CouponFrequency::Annual).unwrap();
        let config = IssuanceConfig::default().with_first_issue(d(2024, 2, 15));
        let made = synthetic_universe(BondMarket::ChinaGovernment, &[h], &config).unwrap();
        // 10-year (semi-annual): 2·(1.03^0.5 − 1) = 2.9778% → 2.97%; 3-year (annual): 3.00%.
        let ten = made.universe.get("SYN-CGB-10Y-2.97-2034-02-15").unwrap();
        assert_eq!(ten.bond().frequency(), Frequency::SemiAnnual);
        let three = made.universe.get("SYN-CGB-3Y-3.00-2027-02-15").unwrap();
        assert_eq!(three.bond().frequency(), Frequency::Annual);
        assert_eq!(made.universe.market(), BondMarket::ChinaGovernment);
    }

    #[test]
    fn shape_errors_are_typed() {
        let days = [d(2024, 2, 5)];
        let tenors = [Tenor::Years(2)];
        let y = Array2::from_elem((2, 1), Some(0.03));
        assert!(matches!(
            YieldHistory::new("x", &days, &tenors, &y, CouponFrequency::Annual),
            Err(BasketError::HistoryShape { rows: 2, .. })
        ));
    }
}
