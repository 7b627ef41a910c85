//! Yield-curve files: the [`CurveTable`] (dates × tenors) and the formats it is read from.

use super::error::DataError;
use super::reader::{
    CsvTable, DateOrder, DateStyle, MISSING_EMPTY, MISSING_FRED, MISSING_GENERIC, MISSING_TREASURY,
    NumberRule, read_path,
};
use super::report::{LoadReport, SkipReason, SkippedRow};
use crate::curve::Tenor;
use chrono::NaiveDate;
use ndarray::Array2;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

/// The layouts of yield-curve files the loaders read. Every one of them publishes yields in
/// **percent**; the [`CurveTable`] holds decimal fractions (4.27 → 0.0427).
///
/// | format | header | dates | missing cells | order |
/// | --- | --- | --- | --- | --- |
/// | [`TreasuryOfficial`](CurveFormat::TreasuryOfficial) | `Date,"1 Mo","1.5 Month","2 Mo",…,"30 Yr"` | `MM/DD/YYYY` (ISO accepted) | `N/A`, empty | any (sorted by the loader) |
/// | [`TreasuryNormalised`](CurveFormat::TreasuryNormalised) | `date,m1,m1_5,m2,…,y30` | ISO | empty | strictly ascending |
/// | [`Fred`](CurveFormat::Fred) | `DATE` / `observation_date` / `date`, `DGS1MO`…`DGS30` | ISO | `.`, empty | strictly ascending |
/// | [`ChinaBond`](CurveFormat::ChinaBond) | `date,d0,m1,…,y50` | ISO | empty | strictly ascending |
/// | [`Wide`](CurveFormat::Wide) | `date` + tenor labels (`3M`, `2Y`, `10Y`; also `m3`, `y10`) | ISO | empty, `N/A`, `NA` | strictly ascending |
/// | [`Long`](CurveFormat::Long) | `date,tenor,yield` | ISO | empty, `N/A`, `NA` | dates non-decreasing |
///
/// Columns may come in any order and any subset (older Treasury files lack the newer bills);
/// the table's tenors are sorted by length. Header names match in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CurveFormat {
    /// The U.S. Treasury "Daily Treasury Par Yield Curve Rates" CSV as downloaded from
    /// home.treasury.gov: newest first, `MM/DD/YYYY`, `N/A` for tenors not published.
    TreasuryOfficial,
    /// The normalised Treasury par-curve file of the shared data folder
    /// (`us_treasury_par_yield_curve_daily.csv`).
    TreasuryNormalised,
    /// A FRED download of the H.15 constant-maturity series (`DGS1MO` … `DGS30`), one column
    /// per series.
    Fred,
    /// The ChinaBond CGB yield curve at standard tenors (`d0` is the overnight point). Rows
    /// may fall on weekends: China has official make-up working days.
    ChinaBond,
    /// A generic wide file: `date` and one column per tenor.
    Wide,
    /// A generic long file: one `date,tenor,yield` row per observation.
    Long,
}

impl CurveFormat {
    /// Every format, in a fixed order.
    pub const ALL: [CurveFormat; 6] = [
        CurveFormat::TreasuryOfficial,
        CurveFormat::TreasuryNormalised,
        CurveFormat::Fred,
        CurveFormat::ChinaBond,
        CurveFormat::Wide,
        CurveFormat::Long,
    ];

    /// The short name used by `Display`/`FromStr` (and CLI flags).
    pub const fn name(self) -> &'static str {
        match self {
            CurveFormat::TreasuryOfficial => "treasury",
            CurveFormat::TreasuryNormalised => "treasury-normalised",
            CurveFormat::Fred => "fred",
            CurveFormat::ChinaBond => "chinabond",
            CurveFormat::Wide => "wide",
            CurveFormat::Long => "long",
        }
    }

    fn date_columns(self) -> &'static [&'static str] {
        match self {
            CurveFormat::Fred => &["DATE", "observation_date"],
            _ => &["date"],
        }
    }

    fn date_style(self) -> DateStyle {
        match self {
            CurveFormat::TreasuryOfficial => DateStyle::UsOrIso,
            _ => DateStyle::Iso,
        }
    }

    fn missing(self) -> &'static [&'static str] {
        match self {
            CurveFormat::TreasuryOfficial => MISSING_TREASURY,
            CurveFormat::Fred => MISSING_FRED,
            CurveFormat::TreasuryNormalised | CurveFormat::ChinaBond => MISSING_EMPTY,
            CurveFormat::Wide | CurveFormat::Long => MISSING_GENERIC,
        }
    }

    fn column_tenor(self, name: &str) -> Option<Tenor> {
        match self {
            CurveFormat::TreasuryOfficial => name.parse().ok(),
            CurveFormat::TreasuryNormalised | CurveFormat::ChinaBond => snake_tenor(name),
            CurveFormat::Fred => fred_tenor(name),
            CurveFormat::Wide | CurveFormat::Long => {
                name.parse().ok().or_else(|| snake_tenor(name))
            }
        }
    }

    fn column_expectation(self) -> &'static str {
        match self {
            CurveFormat::TreasuryOfficial => {
                "a tenor column like \"1 Mo\", \"1.5 Month\" or \"10 Yr\""
            }
            CurveFormat::TreasuryNormalised | CurveFormat::ChinaBond => {
                "a tenor column like d0, m1, m1_5, m3, y2 or y10"
            }
            CurveFormat::Fred => "a FRED constant-maturity column like DGS3MO or DGS10",
            CurveFormat::Wide | CurveFormat::Long => "a tenor column like 3M, 6W, 2Y or 10Y",
        }
    }
}

impl fmt::Display for CurveFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for text that names no [`CurveFormat`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a curve format (treasury, treasury-normalised, fred, chinabond, wide, long), found {found:?}"
)]
pub struct CurveFormatParseError {
    /// The text that was given.
    pub found: String,
}

impl FromStr for CurveFormat {
    type Err = CurveFormatParseError;

    /// Parses the names of [`CurveFormat::name`] in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CurveFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| CurveFormatParseError {
                found: s.to_owned(),
            })
    }
}

/// A yield-curve history: one row per date, one column per tenor.
///
/// Invariants kept by the loaders: `dates` strictly ascending, `tenors` strictly ascending by
/// length, `yields` of shape `(dates.len(), tenors.len())`. Yields are **decimal fractions**
/// (the files publish percent); a tenor not published on a date is `None`, never 0 or NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveTable {
    /// Where the table came from (the path or the source name given to the reader).
    pub source: String,
    /// Observation dates, strictly ascending.
    pub dates: Vec<NaiveDate>,
    /// Tenors, ascending by length.
    pub tenors: Vec<Tenor>,
    /// Yields as decimal fractions, dates × tenors.
    pub yields: Array2<Option<f64>>,
    /// What the loader did with each row.
    pub report: LoadReport,
}

impl CurveTable {
    /// Loads a curve file from `path` (the path names the file in errors).
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`CurveTable::read`].
    pub fn load(path: impl AsRef<Path>, format: CurveFormat) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?, format)
    }

    /// Reads a curve file in `format` from any reader; `source` names it in errors.
    ///
    /// Rows whose every yield cell is missing are skipped and listed in the report (the
    /// Treasury published such a row for 2010-10-11); other missing cells stay `None`.
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`] (no date column, no tenor
    /// column), [`DataError::UnknownColumn`], [`DataError::DuplicateColumn`] (also two columns
    /// naming the same maturity, such as `12M` and `1Y`), [`DataError::FieldCount`],
    /// [`DataError::BadDate`], [`DataError::BadNumber`], [`DataError::OutOfRange`] (a yield
    /// outside [`super::YIELD_PCT_MIN`]..=[`super::YIELD_PCT_MAX`] percent),
    /// [`DataError::DuplicateDate`], [`DataError::UnsortedDates`] (except for
    /// [`CurveFormat::TreasuryOfficial`], which is sorted), [`DataError::DuplicateKey`] (long
    /// format: a `(date, tenor)` pair twice), [`DataError::BadValue`] (long format: a bad tenor),
    /// [`DataError::Empty`] (no row with a value), [`DataError::Encoding`], [`DataError::Io`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::curve::Tenor;
    /// use spreadtrade::data::{CurveFormat, CurveTable};
    /// use spreadtrade::tolerance::PERCENT_TO_DECIMAL_ABS;
    ///
    /// // U.S. Treasury par yields of 2024-03-20 and 2024-03-19, newest first as downloaded.
    /// let csv = "Date,\"2 Yr\",\"10 Yr\"\n03/20/2024,4.59,4.27\n03/19/2024,4.68,4.30\n";
    /// let t = CurveTable::read(csv.as_bytes(), "treasury.csv", CurveFormat::TreasuryOfficial)?;
    /// assert_eq!(t.dates[0].to_string(), "2024-03-19");
    /// let ten = t.yield_at(t.dates[1], Tenor::Years(10)).unwrap();
    /// assert!((ten - 0.0427).abs() < PERCENT_TO_DECIMAL_ABS);
    /// assert!(t.report.reordered);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(reader: R, source: &str, format: CurveFormat) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?, format)
    }

    fn from_table(table: CsvTable, format: CurveFormat) -> Result<Self, DataError> {
        match format {
            CurveFormat::Long => read_long(table),
            _ => read_wide(table, format),
        }
    }

    /// Number of dates.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether there are no dates (never true for a loaded table).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The row of `date`, if the table has it.
    pub fn date_index(&self, date: NaiveDate) -> Option<usize> {
        self.dates.binary_search(&date).ok()
    }

    /// The column of `tenor`, if the table has it.
    pub fn tenor_index(&self, tenor: Tenor) -> Option<usize> {
        self.tenors.binary_search(&tenor).ok()
    }

    /// The yield (decimal fraction) at `date` and `tenor`; `None` if the table lacks the date
    /// or the tenor or the cell is missing.
    pub fn yield_at(&self, date: NaiveDate, tenor: Tenor) -> Option<f64> {
        let row = self.date_index(date)?;
        let col = self.tenor_index(tenor)?;
        self.yields.get((row, col)).copied().flatten()
    }

    /// The first and last date, or `None` for an empty table.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }
}

/// `m3` → 3M, `m1_5` → 6W, `y10` → 10Y, `d0` → 0D, `w6` → 6W.
fn snake_tenor(name: &str) -> Option<Tenor> {
    let lower = name.to_ascii_lowercase();
    if lower == "m1_5" {
        return Some(Tenor::Weeks(6));
    }
    let unit = lower.get(..1)?;
    let n = whole_number(lower.get(1..)?)?;
    match unit {
        "d" => Some(Tenor::Days(n)),
        "w" => Some(Tenor::Weeks(n)),
        "m" => Some(Tenor::Months(n)),
        "y" => Some(Tenor::Years(n)),
        _ => None,
    }
}

/// `DGS3MO` → 3M, `DGS10` → 10Y.
fn fred_tenor(name: &str) -> Option<Tenor> {
    let upper = name.to_ascii_uppercase();
    let rest = upper.strip_prefix("DGS")?;
    match rest.strip_suffix("MO") {
        Some(months) => whole_number(months).map(Tenor::Months),
        None => whole_number(rest).map(Tenor::Years),
    }
}

fn whole_number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn same_length(a: Tenor, b: Tenor) -> bool {
    a.years().total_cmp(&b.years()).is_eq()
}

fn into_table(
    source: &str,
    dates: Vec<NaiveDate>,
    tenors: Vec<Tenor>,
    cells: Vec<Option<f64>>,
    mut report: LoadReport,
) -> Result<CurveTable, DataError> {
    if dates.is_empty() {
        return Err(DataError::Empty {
            file: source.to_owned(),
            rows_read: report.rows_read,
        });
    }
    report.missing_cells = cells.iter().filter(|c| c.is_none()).count();
    let yields = Array2::from_shape_vec((dates.len(), tenors.len()), cells)
        .expect("the loader pushed exactly one cell per date and tenor");
    Ok(CurveTable {
        source: source.to_owned(),
        dates,
        tenors,
        yields,
        report,
    })
}

fn read_wide(mut table: CsvTable, format: CurveFormat) -> Result<CurveTable, DataError> {
    let source = table.file().to_owned();
    table.check_unique_names()?;
    let date_col = table.require(format.date_columns())?;
    let mut columns: Vec<(usize, Tenor)> = Vec::new();
    for (i, name) in table.header().iter().enumerate() {
        if i == date_col {
            continue;
        }
        let tenor = format
            .column_tenor(name)
            .ok_or_else(|| DataError::UnknownColumn {
                at: table.header_cell(i),
                expected: format.column_expectation().to_owned(),
            })?;
        if let Some(&(first, _)) = columns.iter().find(|&&(_, t)| same_length(t, tenor)) {
            return Err(DataError::DuplicateColumn {
                at: table.header_cell(i),
                first_index: first + 1,
            });
        }
        columns.push((i, tenor));
    }
    if columns.is_empty() {
        return Err(DataError::MissingColumn {
            at: table.header_at(),
            expected: format!("for at least one tenor ({})", format.column_expectation()),
            columns: table.header().to_vec(),
        });
    }
    columns.sort_by_key(|&(_, t)| t);
    let tenors: Vec<Tenor> = columns.iter().map(|&(_, t)| t).collect();

    let rule = NumberRule::yield_percent(format.missing());
    let style = format.date_style();
    let sorts = format == CurveFormat::TreasuryOfficial;
    let mut order = DateOrder::strict();
    let mut report = LoadReport::default();
    let mut dates = Vec::new();
    // Every row's (date, line), for the duplicate check of a file that is sorted here.
    let mut every: Vec<(NaiveDate, u64)> = Vec::new();
    let mut cells: Vec<Option<f64>> = Vec::new();
    while let Some(row) = table.next_row()? {
        let date = row.date(date_col, style)?;
        if sorts {
            every.push((date, row.line()));
        } else {
            order.check(row.at(), date)?;
        }
        let start = cells.len();
        let mut any = false;
        for &(i, _) in &columns {
            let value = row.number(i, &rule)?.map(|pct| pct / 100.0);
            any |= value.is_some();
            cells.push(value);
        }
        if any {
            dates.push(date);
        } else {
            cells.truncate(start);
            report.skipped.push(SkippedRow {
                line: row.line(),
                date,
                reason: SkipReason::NoValues,
            });
        }
    }
    report.rows_read = table.rows_read();
    report.rows_used = dates.len();
    if sorts {
        check_unique_dates(&source, every)?;
        report.reordered = sort_rows(&mut dates, &mut cells, tenors.len());
    }
    into_table(&source, dates, tenors, cells, report)
}

/// Rejects a date that appears on two rows (used or skipped), naming both lines.
fn check_unique_dates(source: &str, mut every: Vec<(NaiveDate, u64)>) -> Result<(), DataError> {
    every.sort_unstable();
    for w in every.windows(2) {
        let ((date, first_line), (again, line)) = (w[0], w[1]);
        if date == again {
            return Err(DataError::DuplicateDate {
                at: super::error::LineRef {
                    file: source.to_owned(),
                    line,
                },
                date,
                first_line,
            });
        }
    }
    Ok(())
}

/// Puts rows into ascending date order (reversing a newest-first file, else a sort); the
/// dates are distinct. Returns whether anything moved.
fn sort_rows(dates: &mut Vec<NaiveDate>, cells: &mut Vec<Option<f64>>, width: usize) -> bool {
    if dates.windows(2).all(|w| w[0] < w[1]) {
        return false;
    }
    let mut order: Vec<usize> = (0..dates.len()).collect();
    if dates.windows(2).all(|w| w[0] > w[1]) {
        order.reverse();
    } else {
        order.sort_unstable_by_key(|&i| dates.get(i).copied());
    }
    let rows: Vec<&[Option<f64>]> = cells.chunks_exact(width.max(1)).collect();
    let sorted_cells: Vec<Option<f64>> = order
        .iter()
        .filter_map(|&i| rows.get(i))
        .flat_map(|r| r.iter().copied())
        .collect();
    *dates = order
        .iter()
        .filter_map(|&i| dates.get(i).copied())
        .collect();
    *cells = sorted_cells;
    true
}

fn read_long(mut table: CsvTable) -> Result<CurveTable, DataError> {
    let source = table.file().to_owned();
    table.check_unique_names()?;
    table.check_known(&["date", "tenor", "yield"])?;
    let date_col = table.require(&["date"])?;
    let tenor_col = table.require(&["tenor"])?;
    let yield_col = table.require(&["yield"])?;
    let yield_name = table.header().get(yield_col).cloned().unwrap_or_default();
    let rule = NumberRule::yield_percent(MISSING_GENERIC);
    let mut order = DateOrder::non_decreasing();
    let mut report = LoadReport::default();
    let mut dates: Vec<NaiveDate> = Vec::new();
    let mut entries: Vec<(usize, Tenor, f64)> = Vec::new();
    let mut current: Option<NaiveDate> = None;
    let mut seen_today: Vec<(Tenor, u64)> = Vec::new();
    while let Some(row) = table.next_row()? {
        let date = row.date(date_col, DateStyle::Iso)?;
        order.check(row.at(), date)?;
        if current != Some(date) {
            current = Some(date);
            seen_today.clear();
        }
        let tenor: Tenor = row
            .text(tenor_col)
            .parse()
            .map_err(|_| row.bad_value(tenor_col, "a tenor like 3M, 6W, 2Y or 10Y"))?;
        if let Some(&(_, first_line)) = seen_today.iter().find(|&&(t, _)| same_length(t, tenor)) {
            return Err(DataError::DuplicateKey {
                at: row.at(),
                what: "(date, tenor)".to_owned(),
                key: format!("({date}, {tenor})"),
                first_line,
            });
        }
        seen_today.push((tenor, row.line()));
        match row.number(yield_col, &rule)? {
            Some(pct) => {
                if dates.last() != Some(&date) {
                    dates.push(date);
                }
                entries.push((dates.len() - 1, tenor, pct / 100.0));
            }
            None => report.skipped.push(SkippedRow {
                line: row.line(),
                date,
                reason: SkipReason::MissingValue {
                    column: yield_name.clone(),
                },
            }),
        }
    }
    report.rows_read = table.rows_read();
    report.rows_used = entries.len();
    let mut tenors: Vec<Tenor> = entries.iter().map(|&(_, t, _)| t).collect();
    tenors.sort();
    tenors.dedup_by(|a, b| same_length(*a, *b));
    let width = tenors.len();
    let mut cells = vec![None; dates.len() * width];
    for &(row, tenor, value) in &entries {
        let col = tenors
            .iter()
            .position(|&t| same_length(t, tenor))
            .expect("every entry's tenor is in the deduplicated tenor list");
        if let Some(cell) = cells.get_mut(row * width + col) {
            *cell = Some(value);
        }
    }
    into_table(&source, dates, tenors, cells, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::PERCENT_TO_DECIMAL_ABS;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn column_names_map_to_tenors() {
        assert_eq!(snake_tenor("m1_5"), Some(Tenor::Weeks(6)));
        assert_eq!(snake_tenor("Y10"), Some(Tenor::Years(10)));
        assert_eq!(snake_tenor("d0"), Some(Tenor::Days(0)));
        assert_eq!(snake_tenor("x7"), None);
        assert_eq!(snake_tenor("m+3"), None);
        assert_eq!(snake_tenor("m"), None);
        assert_eq!(fred_tenor("DGS3MO"), Some(Tenor::Months(3)));
        assert_eq!(fred_tenor("dgs30"), Some(Tenor::Years(30)));
        assert_eq!(fred_tenor("DEXUSEU"), None);
        assert_eq!(fred_tenor("DGS"), None);
    }

    #[test]
    fn format_names_round_trip() {
        for f in CurveFormat::ALL {
            assert_eq!(f.to_string().parse::<CurveFormat>().unwrap(), f);
        }
        assert!("csv".parse::<CurveFormat>().is_err());
    }

    #[test]
    fn wide_columns_are_sorted_by_length() {
        let csv = "date,10Y,3M,y2\n2024-01-02,4.0,5.0,4.3\n";
        let t = CurveTable::read(csv.as_bytes(), "w.csv", CurveFormat::Wide).unwrap();
        assert_eq!(
            t.tenors,
            [Tenor::Months(3), Tenor::Years(2), Tenor::Years(10)]
        );
        let v = t.yield_at(d(2024, 1, 2), Tenor::Months(3)).unwrap();
        assert!((v - 0.05).abs() < PERCENT_TO_DECIMAL_ABS);
    }

    #[test]
    fn same_maturity_twice_is_a_duplicate_column() {
        let csv = "date,12M,1Y\n2024-01-02,4.0,4.0\n";
        let e = CurveTable::read(csv.as_bytes(), "w.csv", CurveFormat::Wide).unwrap_err();
        assert!(matches!(
            e,
            DataError::DuplicateColumn { ref at, first_index: 2 } if at.index == 3
        ));
    }

    #[test]
    fn official_mixed_order_is_sorted_and_duplicates_rejected() {
        let csv = "Date,\"2 Yr\"\n01/03/2024,1\n01/05/2024,2\n01/04/2024,3\n";
        let t = CurveTable::read(csv.as_bytes(), "o.csv", CurveFormat::TreasuryOfficial).unwrap();
        assert_eq!(t.dates, [d(2024, 1, 3), d(2024, 1, 4), d(2024, 1, 5)]);
        assert_eq!(t.yields[[1, 0]].map(|v| (v * 100.0).round()), Some(3.0));
        let csv = "Date,\"2 Yr\"\n01/03/2024,1\n01/05/2024,2\n01/03/2024,N/A\n";
        let e =
            CurveTable::read(csv.as_bytes(), "o.csv", CurveFormat::TreasuryOfficial).unwrap_err();
        assert!(matches!(
            e,
            DataError::DuplicateDate { ref at, first_line: 2, .. } if at.line == 4
        ));
    }

    #[test]
    fn long_format_fills_a_grid_and_reports_empty_rows() {
        let csv = "date,tenor,yield\n2024-01-02,10Y,4.0\n2024-01-02,2Y,4.3\n\
                   2024-01-03,2Y,\n2024-01-03,10Y,4.1\n";
        let t = CurveTable::read(csv.as_bytes(), "l.csv", CurveFormat::Long).unwrap();
        assert_eq!(t.tenors, [Tenor::Years(2), Tenor::Years(10)]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.yield_at(d(2024, 1, 3), Tenor::Years(2)), None);
        assert_eq!(t.report.rows_read, 4);
        assert_eq!(t.report.rows_used, 3);
        assert_eq!(t.report.skipped.len(), 1);
        assert!(t.report.is_balanced());
        assert_eq!(t.report.missing_cells, 1);
    }

    #[test]
    fn fred_holiday_rows_are_skipped_and_reported() {
        let csv = "DATE,DGS2,DGS10\n2024-01-01,.,.\n2024-01-02,4.33,.\n";
        let t = CurveTable::read(csv.as_bytes(), "f.csv", CurveFormat::Fred).unwrap();
        assert_eq!(t.dates, [d(2024, 1, 2)]);
        assert_eq!(t.yield_at(d(2024, 1, 2), Tenor::Years(10)), None);
        assert_eq!(t.report.skipped.len(), 1);
        assert_eq!(t.report.skipped[0].line, 2);
        assert_eq!(t.report.missing_cells, 1);
        assert!(t.report.is_balanced());
    }

    #[test]
    fn long_format_rejects_repeated_pairs() {
        let csv = "date,tenor,yield\n2024-01-02,2Y,4.0\n2024-01-02,24M,4.3\n";
        let e = CurveTable::read(csv.as_bytes(), "l.csv", CurveFormat::Long).unwrap_err();
        assert!(matches!(e, DataError::DuplicateKey { first_line: 2, ref at, .. } if at.line == 3));
    }
}
