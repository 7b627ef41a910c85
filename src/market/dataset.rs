//! [`Market::from_dataset`]: the market of a data folder — the spliced U.S. Treasury curve,
//! the ChinaBond curve and the named series — and par curves read back from it.
//!
//! # The USD curve: Treasury par curve, FRED H.15 before it
//!
//! The U.S. Treasury's daily par yield curve file starts on 1990-01-02. The Federal Reserve's
//! H.15 constant-maturity series (FRED `DGS*`) are the same numbers and go back to 1962 (the
//! shared data README cross-checks 7,756 common dates 1990–2020: identical values). So the USD
//! curve is:
//!
//! - every Treasury row, as published;
//! - every FRED row dated **before the first Treasury row**, mapped onto the same tenors,
//!   **except** the cells FRED filled while the Treasury did not publish the tenor
//!   ([`FRED_FILLED_TENORS`]: the 20-year 1987-01-01..=1993-09-30 and the 30-year
//!   2002-02-19..=2006-02-08). Those cells are left empty (`None`), as in the Treasury file;
//! - FRED rows left with no value once those cells are removed are dropped (the New Year
//!   holidays 1987-01-01, 1988-01-01 and 1989-01-02 carry a 20-year value only).
//!
//! Without a Treasury file the FRED history is used on its own, with the same exclusions;
//! without a FRED file the Treasury file is used alone. [`splice_usd_curve`] does the splice
//! and counts what it took from where.
//!
//! # Series names
//!
//! The series are stored under [`VIX_SERIES`], [`USD_PER_EUR_SERIES`],
//! [`CNY_PER_USD_SERIES`] and [`EUR_SHORT_RATE_SERIES`] (a decimal fraction, like every rate
//! in the library), whichever the dataset has; EUR/USD at noon New York under
//! [`USD_PER_EUR_NOON_NY_SERIES`], and the EONIA → €STR overnight splice, put on the €STR
//! basis by [`eur_overnight_on_estr_basis`], under [`EUR_OVERNIGHT_SERIES`].

use super::{Market, MarketError, Origin};
use crate::curve::{CouponFrequency, ParCurve, Tenor};
use crate::data::{CurveTable, Dataset, Provenance};
use crate::units::Currency;
use chrono::NaiveDate;
use ndarray::Array2;

/// Name of the VIX index close series (index points).
pub const VIX_SERIES: &str = "vix";
/// Name of the EUR/USD series: US dollars per euro (the ECB reference rate in the shared data).
pub const USD_PER_EUR_SERIES: &str = "usd_per_eur";
/// Name of the EUR/USD series at noon New York (FRED DEXUSEU, the Fed's H.10 noon buying
/// rate): US dollars per euro.
pub const USD_PER_EUR_NOON_NY_SERIES: &str = "usd_per_eur_noon_ny";
/// Name of the EUR overnight rate on the €STR basis (decimal fraction, Act/360): the EONIA →
/// €STR splice with the EONIA segment moved to the €STR basis ([`eur_overnight_on_estr_basis`]).
pub const EUR_OVERNIGHT_SERIES: &str = "eur_overnight_estr_basis";

/// First trade date of €STR (2019-10-01); EONIA before it in the overnight splice.
pub const ESTR_FIRST_DAY: NaiveDate = ymd(2019, 10, 1);

/// The fixed spread between EONIA and €STR set by the ECB for the transition, decimal
/// (8.5 bp): from 2019-10-01 EONIA = €STR + 0.085%.
pub const EONIA_ESTR_SPREAD: f64 = 0.000_85;

/// The EUR overnight splice (EONIA up to 2019-09-30, then €STR) on one basis, that of €STR:
/// the EONIA values less the ECB's transition spread.
///
/// # Formula
/// ```text
/// r(t) = EONIA(t) − s    for t < 2019-10-01 (ESTR_FIRST_DAY)
/// r(t) = €STR(t)         from 2019-10-01
///   s = 0.085% = 0.000 85 (EONIA_ESTR_SPREAD), decimal
/// ```
///
/// # Conventions
/// Decimal rates, money-market Act/360, dated by trade date. Empty days stay empty. The
/// published splice steps down by about 8.5 bp on 2019-10-01 because the two rates are
/// defined differently (EONIA was a panel rate about 8.5 bp above the ECB's pre-€STR); this
/// puts both segments on the rate the market uses today, so no model price jumps on that day.
///
/// # References
/// ECB, "Recommendations of the working group on euro risk-free rates on the transition path
/// from EONIA to the €STR" (March 2019): EONIA = €STR + 8.5 bp from 2 October 2019 (trade
/// date 1 October), the spread measured by the ECB on pre-€STR over April 2018–April 2019.
pub fn eur_overnight_on_estr_basis(
    dates: &[NaiveDate],
    values: &[Option<f64>],
) -> Vec<Option<f64>> {
    dates
        .iter()
        .zip(values)
        .map(|(&date, v)| {
            v.map(|r| {
                if date < ESTR_FIRST_DAY {
                    r - EONIA_ESTR_SPREAD
                } else {
                    r
                }
            })
        })
        .collect()
}
/// Name of the USD/CNY series: yuan per US dollar.
pub const CNY_PER_USD_SERIES: &str = "cny_per_usd";
/// Name of the EUR short-rate series (decimal fraction, money-market Act/360).
pub const EUR_SHORT_RATE_SERIES: &str = "eur_short_rate";

/// Coupons per year of the U.S. Treasury par curve (semi-annual bond-equivalent yields).
pub const USD_COUPON_FREQUENCY: u32 = 2;
/// Coupons per year of the ChinaBond CGB curve (annual).
pub const CNY_COUPON_FREQUENCY: u32 = 1;

/// A tenor that FRED/H.15 filled over a period in which the Treasury did not publish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FredFill {
    /// The tenor.
    pub tenor: Tenor,
    /// First filled date.
    pub from: NaiveDate,
    /// Last filled date (inclusive).
    pub to: NaiveDate,
}

impl FredFill {
    /// Whether the FRED value of `tenor` on `date` is a fill rather than a Treasury value.
    pub fn covers(&self, tenor: Tenor, date: NaiveDate) -> bool {
        self.tenor.years() == tenor.years() && (self.from..=self.to).contains(&date)
    }
}

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date literal"),
    }
}

/// The FRED cells that are not Treasury par-curve values (shared data README §2, "Caveats"):
/// the 20-year was not published 1987-01-01..=1993-09-30, and the 30-year bond was suspended
/// 2002-02-19..=2006-02-08; H.15 filled the 30-year with the Treasury's adjustment factor on the
/// 20-year.
pub const FRED_FILLED_TENORS: [FredFill; 2] = [
    FredFill {
        tenor: Tenor::Years(20),
        from: ymd(1987, 1, 1),
        to: ymd(1993, 9, 30),
    },
    FredFill {
        tenor: Tenor::Years(30),
        from: ymd(2002, 2, 19),
        to: ymd(2006, 2, 8),
    },
];

/// The USD par curve history after the splice of [`splice_usd_curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct SplicedCurve {
    /// Dates, strictly ascending.
    pub dates: Vec<NaiveDate>,
    /// The union of both files' tenors, ascending.
    pub tenors: Vec<Tenor>,
    /// Par yields (decimal), dates × tenors, `None` where nothing was published.
    pub yields: Array2<Option<f64>>,
    /// Rows taken from the Treasury file.
    pub treasury_rows: usize,
    /// Rows taken from the FRED file.
    pub fred_rows: usize,
    /// FRED cells left out because FRED filled a tenor the Treasury did not publish.
    pub fred_cells_excluded: usize,
    /// FRED rows left with no value after the exclusion, and dropped.
    pub fred_rows_dropped: usize,
}

/// Splices the Treasury par curve and the FRED H.15 history into one USD curve (see the
/// module docs): Treasury rows as published, FRED rows before the first Treasury date without
/// the [`FRED_FILLED_TENORS`] cells. `None` when neither table is given.
///
/// # Panics
/// Never: every tenor of either table is in their union, which is built first.
///
/// # Examples
/// ```
/// use spreadtrade::data::{CurveFormat, CurveTable};
/// use spreadtrade::market::splice_usd_curve;
///
/// let fred = "DATE,DGS10,DGS20\n1987-01-01,,7.31\n1987-01-02,7.11,7.40\n";
/// let fred = CurveTable::read(fred.as_bytes(), "fred.csv", CurveFormat::Fred)?;
/// let ust = "date,y10,y20\n1990-01-02,7.94,\n";
/// let ust = CurveTable::read(ust.as_bytes(), "ust.csv", CurveFormat::TreasuryNormalised)?;
/// let s = splice_usd_curve(Some(&ust), Some(&fred)).unwrap();
/// // 1987-01-01 had only a filled 20-year value: dropped. 1987-01-02 keeps its 10-year.
/// assert_eq!(s.dates.len(), 2);
/// assert_eq!((s.fred_rows, s.fred_rows_dropped, s.fred_cells_excluded), (1, 1, 2));
/// assert_eq!(s.yields[[0, 1]], None);
/// # Ok::<(), spreadtrade::data::DataError>(())
/// ```
pub fn splice_usd_curve(
    treasury: Option<&CurveTable>,
    fred: Option<&CurveTable>,
) -> Option<SplicedCurve> {
    let mut tenors: Vec<Tenor> = treasury
        .iter()
        .chain(fred.iter())
        .flat_map(|t| t.tenors.iter().copied())
        .collect();
    tenors.sort();
    // One column per maturity: `12M` and `1Y` are the same node.
    tenors.dedup_by(|a, b| a.years() == b.years());
    if treasury.is_none() && fred.is_none() {
        return None;
    }
    let column = |t: Tenor| -> usize {
        tenors
            .iter()
            .position(|u| u.years() == t.years())
            .expect("every source tenor is in the union")
    };
    let cutoff = treasury.and_then(|t| t.dates.first().copied());
    let mut dates = Vec::new();
    let mut cells: Vec<Option<f64>> = Vec::new();
    let mut out = SplicedCurve {
        dates: Vec::new(),
        tenors: Vec::new(),
        yields: Array2::from_elem((0, 0), None),
        treasury_rows: 0,
        fred_rows: 0,
        fred_cells_excluded: 0,
        fred_rows_dropped: 0,
    };
    if let Some(fred) = fred {
        let cols: Vec<usize> = fred.tenors.iter().map(|&t| column(t)).collect();
        let mut row = vec![None; tenors.len()];
        for (r, &date) in fred.dates.iter().enumerate() {
            if cutoff.is_some_and(|c| date >= c) {
                break;
            }
            row.fill(None);
            for ((k, &tenor), &col) in fred.tenors.iter().enumerate().zip(&cols) {
                let v = fred.yields.get((r, k)).copied().flatten();
                if v.is_some() && FRED_FILLED_TENORS.iter().any(|f| f.covers(tenor, date)) {
                    out.fred_cells_excluded += 1;
                    continue;
                }
                row[col] = v;
            }
            if row.iter().all(Option::is_none) {
                out.fred_rows_dropped += 1;
                continue;
            }
            dates.push(date);
            cells.extend_from_slice(&row);
            out.fred_rows += 1;
        }
    }
    if let Some(ust) = treasury {
        let cols: Vec<usize> = ust.tenors.iter().map(|&t| column(t)).collect();
        let mut row = vec![None; tenors.len()];
        for (r, &date) in ust.dates.iter().enumerate() {
            row.fill(None);
            for (k, &col) in cols.iter().enumerate() {
                row[col] = ust.yields.get((r, k)).copied().flatten();
            }
            dates.push(date);
            cells.extend_from_slice(&row);
            out.treasury_rows += 1;
        }
    }
    out.yields = Array2::from_shape_vec((dates.len(), tenors.len()), cells)
        .expect("one cell was pushed per date and tenor");
    out.dates = dates;
    out.tenors = tenors;
    Some(out)
}

/// The [`Origin`] of a dataset: synthetic data say so with their generator and seed; files
/// name their folder.
pub fn origin_of(provenance: &Provenance) -> Origin {
    match provenance {
        Provenance::Synthetic { .. } => Origin {
            synthetic: true,
            description: provenance.to_string(),
        },
        Provenance::Files { dir } => Origin {
            synthetic: false,
            description: dir.display().to_string(),
        },
    }
}

impl Market {
    /// The market of a [`Dataset`]: the USD curve (Treasury par curve spliced with the FRED
    /// H.15 history, see the module docs; coupon frequency 2), the CNY curve (the two
    /// ChinaBond files spliced by [`super::splice_cny_curve`]; coupon frequency 1), and the
    /// series [`VIX_SERIES`], [`USD_PER_EUR_SERIES`], [`CNY_PER_USD_SERIES`],
    /// [`EUR_SHORT_RATE_SERIES`], [`USD_PER_EUR_NOON_NY_SERIES`] and [`EUR_OVERNIGHT_SERIES`]
    /// that the dataset has.
    ///
    /// The timeline is the union of all their dates ([`super::MarketBuilder::build`]); the
    /// [`Origin`] comes from the dataset's provenance ([`origin_of`]).
    ///
    /// # Errors
    /// As [`super::MarketBuilder::build`]; a loaded dataset satisfies its checks, so an error
    /// means a hand-built dataset with unsorted or mismatched tables.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::curve::Tenor;
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::market::{Market, VIX_SERIES};
    /// use spreadtrade::units::Currency;
    ///
    /// let market = Market::from_dataset(&Dataset::embedded_synthetic())?;
    /// assert!(market.origin().synthetic);
    /// assert!(market.series(VIX_SERIES).is_some());
    /// let usd = market.curve(Currency::Usd).unwrap();
    /// assert_eq!(usd.coupon_frequency(), 2);
    /// assert!(usd.yield_at(0, Tenor::Years(10)).is_some());
    /// # Ok::<(), spreadtrade::market::MarketError>(())
    /// ```
    pub fn from_dataset(data: &Dataset) -> Result<Market, MarketError> {
        let mut b = Market::builder(origin_of(&data.provenance));
        if let Some(usd) =
            splice_usd_curve(data.us_treasury.as_ref(), data.us_treasury_fred.as_ref())
        {
            b = b.with_curve(
                Currency::Usd,
                USD_COUPON_FREQUENCY,
                &usd.dates,
                &usd.tenors,
                usd.yields,
            );
        }
        if let Some(cgb) =
            super::splice_cny_curve(data.china_bond.as_ref(), data.china_bond_ytm.as_ref())
        {
            b = b.with_curve(
                Currency::Cny,
                CNY_COUPON_FREQUENCY,
                &cgb.dates,
                &cgb.tenors,
                cgb.yields,
            );
        }
        let series = [
            (VIX_SERIES, &data.vix),
            (USD_PER_EUR_SERIES, &data.eurusd),
            (CNY_PER_USD_SERIES, &data.usdcny),
            (EUR_SHORT_RATE_SERIES, &data.eur_short_rate),
        ];
        for (name, s) in series {
            if let Some(s) = s {
                b = b.with_series(name, &s.dates, &s.values);
            }
        }
        if let Some(s) = &data.eurusd_noon_ny {
            b = b.with_series(USD_PER_EUR_NOON_NY_SERIES, &s.dates, &s.values);
        }
        if let Some(s) = &data.eur_overnight {
            let values = eur_overnight_on_estr_basis(&s.dates, &s.values);
            b = b.with_series(EUR_OVERNIGHT_SERIES, &s.dates, &values);
        }
        b.build()
    }

    /// The market day of `date` for the `currency` curve: its index when the curve has data
    /// that day.
    ///
    /// # Errors
    /// [`MarketError::MissingData`] without a curve in `currency`;
    /// [`MarketError::NotADataDay`], naming the nearest days with data, when the curve has
    /// nothing on `date` (a weekend, a holiday, a date outside the history).
    pub fn curve_day(&self, currency: Currency, date: NaiveDate) -> Result<usize, MarketError> {
        let curve = self
            .curve(currency)
            .ok_or_else(|| MarketError::MissingData {
                what: format!("{currency} curve"),
                needed_by: format!("a {currency} curve on {date}"),
            })?;
        if let Some(day) = self.day_index(date)
            && curve.has_day(day)
        {
            return Ok(day);
        }
        let before = self
            .day_on_or_before(date)
            .and_then(|d| (0..=d).rev().find(|&k| curve.has_day(k)));
        let after = self
            .day_on_or_after(date)
            .and_then(|d| (d..self.len()).find(|&k| curve.has_day(k)));
        Err(MarketError::NotADataDay {
            what: format!("{currency} curve"),
            date,
            previous: before.map(|k| self.dates()[k]),
            next: after.map(|k| self.dates()[k]),
        })
    }

    /// The par curve of `currency` published on `date`: its tenors with a value on that day,
    /// on the curve's coupon frequency, with the default (flat) extrapolation.
    ///
    /// # Errors
    /// As [`Market::curve_day`]; [`MarketError::InvalidParameter`] for a curve whose coupon
    /// frequency is neither 1 nor 2; [`MarketError::Curve`] when the row does not make a par
    /// curve (fewer than two published tenors, a yield outside the curve's bounds).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::market::Market;
    /// use spreadtrade::units::Currency;
    ///
    /// let market = Market::from_dataset(&Dataset::embedded_synthetic())?;
    /// let date = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// let par = market.par_curve(Currency::Usd, date)?;
    /// assert_eq!(par.date(), date);
    /// assert!(par.tenors().len() >= 2);
    /// # Ok::<(), spreadtrade::market::MarketError>(())
    /// ```
    pub fn par_curve(&self, currency: Currency, date: NaiveDate) -> Result<ParCurve, MarketError> {
        let day = self.curve_day(currency, date)?;
        let curve = self
            .curve(currency)
            .ok_or_else(|| MarketError::MissingData {
                what: format!("{currency} curve"),
                needed_by: format!("a {currency} par curve on {date}"),
            })?;
        let frequency = match curve.coupon_frequency() {
            1 => CouponFrequency::Annual,
            2 => CouponFrequency::SemiAnnual,
            f => {
                return Err(MarketError::InvalidParameter {
                    name: "coupon frequency",
                    value: f64::from(f),
                    expected: "1 (annual) or 2 (semi-annual)",
                });
            }
        };
        let row: Vec<Option<f64>> = curve.yields().row(day).to_vec();
        ParCurve::from_row(date, curve.tenors(), &row, frequency).map_err(|source| {
            MarketError::Curve {
                currency,
                date,
                source,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CurveFormat;
    use crate::tolerance::PERCENT_TO_DECIMAL_ABS;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn close(v: Option<f64>, want: f64) -> bool {
        v.is_some_and(|v| (v - want).abs() < PERCENT_TO_DECIMAL_ABS)
    }

    fn table(csv: &str, format: CurveFormat) -> CurveTable {
        CurveTable::read(csv.as_bytes(), "t.csv", format).unwrap()
    }

    #[test]
    fn fred_rows_before_treasury_fill_the_union_of_tenors_without_filled_cells() {
        let fred = table(
            "DATE,DGS3MO,DGS10,DGS20,DGS30\n\
             1986-12-31,5.5,7.2,7.3,7.4\n1987-01-02,5.6,7.1,7.3,7.5\n\
             1990-01-02,7.8,7.9,8.0,8.0\n2003-01-02,1.2,4.0,5.0,5.1\n",
            CurveFormat::Fred,
        );
        let ust = table(
            "date,m3,y10,y20,y30\n1990-01-02,7.83,7.94,,8.00\n",
            CurveFormat::TreasuryNormalised,
        );
        let s = splice_usd_curve(Some(&ust), Some(&fred)).unwrap();
        assert_eq!(s.dates, vec![d(1986, 12, 31), d(1987, 1, 2), d(1990, 1, 2)]);
        assert_eq!(s.tenors.len(), 4);
        // Before the 20-year gap FRED's 20-year is kept; inside it, it is not.
        assert!(close(s.yields[[0, 2]], 0.073));
        assert_eq!(s.yields[[1, 2]], None);
        // From 1990-01-02 the Treasury row wins, with its own gaps.
        assert!(close(s.yields[[2, 1]], 0.0794));
        assert_eq!(s.yields[[2, 2]], None);
        assert_eq!((s.fred_rows, s.treasury_rows), (2, 1));
        assert_eq!(s.fred_cells_excluded, 1);
    }

    #[test]
    fn fred_alone_keeps_its_history_but_not_the_30_year_fill() {
        let fred = table(
            "DATE,DGS10,DGS30\n2002-02-15,4.9,5.4\n2002-02-19,4.9,5.4\n2006-02-09,4.6,4.5\n",
            CurveFormat::Fred,
        );
        let s = splice_usd_curve(None, Some(&fred)).unwrap();
        assert_eq!(s.dates.len(), 3);
        assert!(close(s.yields[[0, 1]], 0.054));
        assert_eq!(s.yields[[1, 1]], None);
        assert!(close(s.yields[[2, 1]], 0.045));
        assert!(splice_usd_curve(None, None).is_none());
    }

    #[test]
    fn eonia_moves_to_the_estr_basis_and_estr_is_kept() {
        // 2019-09-30 EONIA −0.451%, 2019-10-01 €STR −0.549% (shared data README §5).
        let dates = [d(2019, 9, 30), d(2019, 10, 1), d(2019, 10, 2)];
        let r = eur_overnight_on_estr_basis(&dates, &[Some(-0.00451), Some(-0.00549), None]);
        assert!(close(r[0], -0.00536));
        assert_eq!(r[1], Some(-0.00549));
        assert_eq!(r[2], None);
    }

    #[test]
    fn origin_says_synthetic_with_generator_and_seed() {
        let o = origin_of(&Provenance::Synthetic {
            generator: "gen v1".into(),
            seed: 7,
        });
        assert!(o.synthetic);
        assert!(o.description.contains("gen v1") && o.description.contains('7'));
        let f = origin_of(&Provenance::Files {
            dir: "/data/x".into(),
        });
        assert_eq!((f.synthetic, f.description.as_str()), (false, "/data/x"));
    }

    #[test]
    fn curve_day_names_the_nearest_days() {
        let m = Market::from_dataset(&Dataset::embedded_synthetic()).unwrap();
        // 2024-03-23 is a Saturday; the synthetic files hold every weekday.
        let e = m.curve_day(Currency::Usd, d(2024, 3, 23)).unwrap_err();
        match e {
            MarketError::NotADataDay { previous, next, .. } => {
                assert_eq!(previous, Some(d(2024, 3, 22)));
                assert_eq!(next, Some(d(2024, 3, 25)));
            }
            other => panic!("{other}"),
        }
        assert!(m.curve_day(Currency::Usd, d(2024, 3, 22)).is_ok());
        let early = m.curve_day(Currency::Usd, d(1990, 1, 1)).unwrap_err();
        assert!(early.to_string().contains("none"), "{early}");
    }
}
