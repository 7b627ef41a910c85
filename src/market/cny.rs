//! The CNY (ChinaBond) curve of a data folder: two ChinaBond files spliced into one history,
//! 2002–2026.
//!
//! # The two files
//!
//! | file | dates | tenors |
//! | --- | --- | --- |
//! | standard tenors (`china_govt_bond_yield_curve*.csv`, [`Dataset::china_bond`]) | 2002-01-04 .. 2016-12-31 | `d0`, 1–9 months, 1–10, 15, 20, 30, 40, 50 years; `y2 y4 y6 y8 y9` empty from 2016-02-01 |
//! | yield to maturity (`chinabond_cgb_ytm_curve*.csv`, [`Dataset::china_bond_ytm`]) | 2016-05-03 .. 2026-08-21 | every whole year 1Y..50Y, nothing under one year |
//!
//! Both are the ChinaBond CGB yield-to-maturity curve (percent, annual compounding). On the
//! 167 dates they share (2016-05-03 .. 2016-12-30) every tenor both publish agrees within
//! 0.0001 percentage points (the shared data README, section 7, and the integration test
//! `cgb::splice_overlap_agrees_to_1e_4_percent`); [`CnyCurveSplice::overlap_max_abs`]
//! measures it on every splice.
//!
//! # The splice ([`splice_cny_curve`])
//!
//! One file per date, never a blend:
//!
//! - every row of the standard-tenor file dated **before the first row of the 1Y..50Y file**;
//! - every row of the 1Y..50Y file: from 2016-05-03 on it has every tenor the futures need
//!   (the standard file has no 2-year point after 2016-02-01);
//! - the standard-tenor rows on or after that date are not used. They are counted
//!   ([`CnyCurveSplice::standard_rows_superseded`]); three of them (2016-10-08, 2016-10-09 and
//!   2016-12-31, weekend days) have no row in the other file, and are counted in
//!   [`CnyCurveSplice::standard_only_rows_dropped`].
//!
//! The tenors are the union of both files', so the rows before 2016-05-03 keep their
//! money-market points and the later rows have none: a tenor a row does not publish is `None`.
//!
//! Dates are China interbank business days, which include the official make-up working
//! weekends; CFFEX does not trade on those ([`crate::calendar::Calendar::china`]), so the
//! curve-implied source gives CFFEX contracts no quote on them.
//!
//! [`Dataset::china_bond`]: crate::data::Dataset::china_bond
//! [`Dataset::china_bond_ytm`]: crate::data::Dataset::china_bond_ytm

use crate::curve::Tenor;
use crate::data::CurveTable;
use chrono::NaiveDate;
use ndarray::Array2;

/// The CNY curve history after [`splice_cny_curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct CnyCurveSplice {
    /// Dates, strictly ascending.
    pub dates: Vec<NaiveDate>,
    /// The union of both files' tenors, ascending.
    pub tenors: Vec<Tenor>,
    /// Yields (decimal), dates × tenors, `None` where the row's file does not publish the tenor.
    pub yields: Array2<Option<f64>>,
    /// Rows taken from the standard-tenor file (2002–2016).
    pub standard_rows: usize,
    /// Rows taken from the 1Y..50Y file (2016 on).
    pub ytm_rows: usize,
    /// Standard-tenor rows dated on or after the first 1Y..50Y row: not used.
    pub standard_rows_superseded: usize,
    /// Of those, the rows whose date the 1Y..50Y file does not have (so the date is not in
    /// the spliced curve at all).
    pub standard_only_rows_dropped: usize,
    /// Dates both files publish.
    pub overlap_dates: usize,
    /// Cells (date, tenor) both files publish.
    pub overlap_cells: usize,
    /// The largest absolute difference between the two files over those cells (decimal
    /// yield; 1e-6 is 0.0001 percentage points). `None` without an overlap.
    pub overlap_max_abs: Option<f64>,
}

/// Splices the ChinaBond standard-tenor curve (2002–2016) and the 1Y..50Y curve (2016 on)
/// into one CNY history (see the module docs): the standard file before the first date of
/// the 1Y..50Y file, the 1Y..50Y file from then on. Either may be absent; `None` when both are.
///
/// # Panics
/// Never: every tenor of either table is in their union, which is built first.
///
/// # Examples
/// ```
/// use spreadtrade::data::{CurveFormat, CurveTable};
/// use spreadtrade::market::splice_cny_curve;
///
/// let old = "date,m3,y1,y10\n2016-04-29,2.30,2.35,2.90\n2016-05-03,2.31,2.36,2.91\n";
/// let old = CurveTable::read(old.as_bytes(), "old.csv", CurveFormat::ChinaBond)?;
/// let new = "date,y1,y2,y10\n2016-05-03,2.36,2.50,2.9101\n";
/// let new = CurveTable::read(new.as_bytes(), "new.csv", CurveFormat::ChinaBond)?;
/// let s = splice_cny_curve(Some(&old), Some(&new)).unwrap();
/// assert_eq!(s.dates.len(), 2);
/// assert_eq!((s.standard_rows, s.ytm_rows, s.standard_rows_superseded), (1, 1, 1));
/// // 3M is published before the splice date only; 2Y after it only.
/// assert_eq!(s.tenors.len(), 4);
/// assert!(s.yields[[0, 0]].is_some() && s.yields[[1, 0]].is_none());
/// assert!((s.overlap_max_abs.unwrap() - 0.0001 / 100.0).abs() < 1e-12);
/// # Ok::<(), spreadtrade::data::DataError>(())
/// ```
pub fn splice_cny_curve(
    standard: Option<&CurveTable>,
    ytm: Option<&CurveTable>,
) -> Option<CnyCurveSplice> {
    if standard.is_none() && ytm.is_none() {
        return None;
    }
    let mut tenors: Vec<Tenor> = standard
        .iter()
        .chain(ytm.iter())
        .flat_map(|t| t.tenors.iter().copied())
        .collect();
    tenors.sort();
    tenors.dedup_by(|a, b| a.years() == b.years());
    let column = |t: Tenor| -> usize {
        tenors
            .iter()
            .position(|u| u.years() == t.years())
            .expect("every source tenor is in the union")
    };
    let cutoff = ytm.and_then(|t| t.dates.first().copied());
    let mut out = CnyCurveSplice {
        dates: Vec::new(),
        tenors: Vec::new(),
        yields: Array2::from_elem((0, 0), None),
        standard_rows: 0,
        ytm_rows: 0,
        standard_rows_superseded: 0,
        standard_only_rows_dropped: 0,
        overlap_dates: 0,
        overlap_cells: 0,
        overlap_max_abs: None,
    };
    let mut dates = Vec::new();
    let mut cells: Vec<Option<f64>> = Vec::new();
    let mut row = vec![None; tenors.len()];
    if let Some(old) = standard {
        let cols: Vec<usize> = old.tenors.iter().map(|&t| column(t)).collect();
        for (r, &date) in old.dates.iter().enumerate() {
            if let (Some(c), Some(new)) = (cutoff, ytm)
                && date >= c
            {
                out.standard_rows_superseded += 1;
                match new.date_index(date) {
                    None => out.standard_only_rows_dropped += 1,
                    Some(nr) => {
                        out.overlap_dates += 1;
                        for (k, &tenor) in old.tenors.iter().enumerate() {
                            let a = old.yields.get((r, k)).copied().flatten();
                            let b = new
                                .tenor_index(tenor)
                                .and_then(|nk| new.yields.get((nr, nk)).copied().flatten());
                            if let (Some(a), Some(b)) = (a, b) {
                                out.overlap_cells += 1;
                                let d = (a - b).abs();
                                out.overlap_max_abs =
                                    Some(out.overlap_max_abs.map_or(d, |m: f64| m.max(d)));
                            }
                        }
                    }
                }
                continue;
            }
            row.fill(None);
            for (k, &col) in cols.iter().enumerate() {
                row[col] = old.yields.get((r, k)).copied().flatten();
            }
            dates.push(date);
            cells.extend_from_slice(&row);
            out.standard_rows += 1;
        }
    }
    if let Some(new) = ytm {
        let cols: Vec<usize> = new.tenors.iter().map(|&t| column(t)).collect();
        for (r, &date) in new.dates.iter().enumerate() {
            row.fill(None);
            for (k, &col) in cols.iter().enumerate() {
                row[col] = new.yields.get((r, k)).copied().flatten();
            }
            dates.push(date);
            cells.extend_from_slice(&row);
            out.ytm_rows += 1;
        }
    }
    out.yields = Array2::from_shape_vec((dates.len(), tenors.len()), cells)
        .expect("one cell was pushed per date and tenor");
    out.dates = dates;
    out.tenors = tenors;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CurveFormat;

    fn table(csv: &str) -> CurveTable {
        CurveTable::read(csv.as_bytes(), "t.csv", CurveFormat::ChinaBond).unwrap()
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn old_rows_before_the_new_file_then_the_new_file_only() {
        let old = table(
            "date,m3,y1,y2,y10\n2016-04-28,2.3,2.4,2.5,2.9\n2016-05-03,2.3,2.4,,2.9\n\
             2016-10-08,2.2,2.3,,2.7\n2016-10-10,2.2,2.3,,2.7\n",
        );
        let new = table("date,y1,y2,y10\n2016-05-03,2.4,2.52,2.9\n2016-10-10,2.3,2.45,2.7003\n");
        let s = splice_cny_curve(Some(&old), Some(&new)).unwrap();
        assert_eq!(
            s.dates,
            vec![d(2016, 4, 28), d(2016, 5, 3), d(2016, 10, 10)]
        );
        assert_eq!(s.tenors.len(), 4);
        // The first row is the old file's, with its 3M point; later rows are the new file's.
        assert_eq!(s.yields[[0, 2]].map(|v| (v * 1e4).round()), Some(250.0));
        assert_eq!(s.yields[[1, 0]], None);
        assert_eq!(s.yields[[1, 2]].map(|v| (v * 1e4).round()), Some(252.0));
        assert_eq!((s.standard_rows, s.ytm_rows), (1, 2));
        assert_eq!(s.standard_rows_superseded, 3);
        assert_eq!(s.standard_only_rows_dropped, 1);
        assert_eq!(s.overlap_dates, 2);
        // 05-03: y1, y10 (y2 empty in the old file); 10-10: y1, y10.
        assert_eq!(s.overlap_cells, 4);
        let m = s.overlap_max_abs.unwrap();
        assert!((m - 0.0003 / 100.0).abs() < 1e-12, "{m}");
    }

    #[test]
    fn either_file_alone_is_the_curve() {
        let old = table("date,m3,y10\n2010-01-04,1.5,3.6\n");
        let s = splice_cny_curve(Some(&old), None).unwrap();
        assert_eq!(
            (s.standard_rows, s.ytm_rows, s.overlap_max_abs),
            (1, 0, None)
        );
        let new = table("date,y1,y10\n2020-01-02,2.4,3.1\n");
        let s = splice_cny_curve(None, Some(&new)).unwrap();
        assert_eq!((s.standard_rows, s.ytm_rows), (0, 1));
        assert!(splice_cny_curve(None, None).is_none());
    }
}
