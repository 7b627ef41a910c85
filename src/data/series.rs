//! Single time series: index levels (VIX), exchange rates (EUR/USD), rates (a EUR short rate).

use super::error::DataError;
use super::reader::{
    CsvTable, DateOrder, DateStyle, MISSING_FRED, MISSING_GENERIC, NumberRule, read_path,
};
use super::report::{LoadReport, SkipReason, SkippedRow};
use chrono::NaiveDate;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The unit of a series column, which decides validation and conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueUnit {
    /// A price, index level or exchange rate, kept as written; it must be positive and at most
    /// [`super::LEVEL_MAX`] (VIX `close`, EUR/USD `usd_per_eur`).
    Level,
    /// A rate published in percent, converted to a decimal fraction (3.90 → 0.039); it must lie
    /// in [`super::YIELD_PCT_MIN`]..=[`super::YIELD_PCT_MAX`] percent (a EUR short rate
    /// `rate_pct`, a FRED `DGS10`).
    Percent,
}

impl ValueUnit {
    fn rule(self, missing: &'static [&'static str]) -> NumberRule {
        match self {
            ValueUnit::Level => NumberRule::level(missing),
            ValueUnit::Percent => NumberRule::rate_percent(missing),
        }
    }

    fn convert(self, value: f64) -> f64 {
        match self {
            ValueUnit::Level => value,
            ValueUnit::Percent => value / 100.0,
        }
    }
}

impl fmt::Display for ValueUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueUnit::Level => "level",
            ValueUnit::Percent => "percent",
        })
    }
}

/// One named daily series.
///
/// Invariants kept by the loaders: `dates` strictly ascending and as long as `values`. A
/// value is `None` where the row has other values but not this one (e.g. a VIX row with an
/// open but no close); rows with no value at all are skipped and listed in `report`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Where the series came from (the path or the source name given to the reader).
    pub source: String,
    /// The series name: the column it was read from (`close`, `usd_per_eur`, `DGS10`).
    pub name: String,
    /// The unit of `values` before conversion ([`ValueUnit::Percent`] values are stored as
    /// decimal fractions).
    pub unit: ValueUnit,
    /// Observation dates, strictly ascending.
    pub dates: Vec<NaiveDate>,
    /// One value per date.
    pub values: Vec<Option<f64>>,
    /// What the loader did with each row.
    pub report: LoadReport,
}

impl Series {
    /// Loads column `column` of a `date,…` CSV at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`Series::read`].
    pub fn load(path: impl AsRef<Path>, column: &str, unit: ValueUnit) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?, column, unit)
    }

    /// Reads column `column` of a CSV with a `date` column (ISO dates, strictly ascending)
    /// from any reader; `source` names it in errors. Other columns are not read, except to
    /// tell whether a row has any value at all. Missing cells are empty, `N/A` or `NA`.
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`] (no `date` or no `column`),
    /// [`DataError::DuplicateColumn`], [`DataError::FieldCount`], [`DataError::BadDate`],
    /// [`DataError::BadNumber`], [`DataError::OutOfRange`] (see [`ValueUnit`]),
    /// [`DataError::DuplicateDate`], [`DataError::UnsortedDates`], [`DataError::Empty`],
    /// [`DataError::Encoding`], [`DataError::Io`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::{Series, ValueUnit};
    ///
    /// // Cboe VIX close of 2020-03-16, its all-time closing high (Cboe VIX_History.csv).
    /// let csv = "date,open,high,low,close\n2020-03-16,71.17,83.56,57.83,82.69\n";
    /// let vix = Series::read(csv.as_bytes(), "vix.csv", "close", ValueUnit::Level)?;
    /// assert_eq!(vix.values, [Some(82.69)]);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(
        reader: R,
        source: &str,
        column: &str,
        unit: ValueUnit,
    ) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?, column, unit)
    }

    fn from_table(table: CsvTable, column: &str, unit: ValueUnit) -> Result<Self, DataError> {
        table.check_unique_names()?;
        let date_col = table.require(&["date"])?;
        let value_col = table.require(&[column])?;
        read_series(table, date_col, value_col, unit, MISSING_GENERIC)
    }

    /// Loads a single-series FRED download at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`Series::read_fred`].
    pub fn load_fred(path: impl AsRef<Path>, unit: ValueUnit) -> Result<Self, DataError> {
        Self::from_fred_table(read_path(path.as_ref())?, unit)
    }

    /// Reads a single-series FRED download: a `DATE` (or `observation_date`, or `date`) column
    /// and one series column, named by its FRED id (`DGS10`, `VIXCLS`, `DEXUSEU`); `.` marks a
    /// missing observation (FRED writes it on holidays).
    ///
    /// # Errors
    /// [`DataError::UnknownColumn`] for a second series column; otherwise as [`Series::read`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::{Series, ValueUnit};
    /// use spreadtrade::tolerance::PERCENT_TO_DECIMAL_ABS;
    ///
    /// let csv = "observation_date,DGS10\n2024-03-19,4.30\n2024-03-20,4.27\n";
    /// let s = Series::read_fred(csv.as_bytes(), "DGS10.csv", ValueUnit::Percent)?;
    /// assert_eq!(s.name, "DGS10");
    /// assert!((s.values[1].unwrap() - 0.0427).abs() < PERCENT_TO_DECIMAL_ABS);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read_fred<R: Read>(reader: R, source: &str, unit: ValueUnit) -> Result<Self, DataError> {
        Self::from_fred_table(CsvTable::new(reader, source)?, unit)
    }

    fn from_fred_table(table: CsvTable, unit: ValueUnit) -> Result<Self, DataError> {
        table.check_unique_names()?;
        let date_col = table.require(&["DATE", "observation_date", "date"])?;
        let mut others = (0..table.header().len()).filter(|&i| i != date_col);
        let Some(value_col) = others.next() else {
            return Err(DataError::MissingColumn {
                at: table.header_at(),
                expected: "for the series (a FRED id such as DGS10)".to_owned(),
                columns: table.header().to_vec(),
            });
        };
        if let Some(extra) = others.next() {
            return Err(DataError::UnknownColumn {
                at: table.header_cell(extra),
                expected: "a single series column in a FRED download".to_owned(),
            });
        }
        read_series(table, date_col, value_col, unit, MISSING_FRED)
    }

    /// Number of observations.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether there are no observations (never true for a loaded series).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The value on `date` (decimal fraction for [`ValueUnit::Percent`]); `None` if the date is
    /// absent or its value is missing.
    pub fn value_at(&self, date: NaiveDate) -> Option<f64> {
        let i = self.dates.binary_search(&date).ok()?;
        self.values.get(i).copied().flatten()
    }
}

fn read_series(
    mut table: CsvTable,
    date_col: usize,
    value_col: usize,
    unit: ValueUnit,
    missing: &'static [&'static str],
) -> Result<Series, DataError> {
    let name = table.header().get(value_col).cloned().unwrap_or_default();
    let rule = unit.rule(missing);
    let mut order = DateOrder::strict();
    let mut report = LoadReport::default();
    let mut dates = Vec::new();
    let mut values = Vec::new();
    while let Some(row) = table.next_row()? {
        let date = row.date(date_col, DateStyle::Iso)?;
        order.check(row.at(), date)?;
        let value = row.number(value_col, &rule)?.map(|v| unit.convert(v));
        let has_other_value = value.is_none()
            && (0..row.width())
                .any(|i| i != date_col && i != value_col && !row.is_missing(i, missing));
        if value.is_some() || has_other_value {
            dates.push(date);
            values.push(value);
        } else {
            report.skipped.push(SkippedRow {
                line: row.line(),
                date,
                reason: SkipReason::NoValues,
            });
        }
    }
    report.rows_read = table.rows_read();
    report.rows_used = dates.len();
    report.missing_cells = values.iter().filter(|v| v.is_none()).count();
    if dates.is_empty() {
        return Err(DataError::Empty {
            file: table.file().to_owned(),
            rows_read: report.rows_read,
        });
    }
    Ok(Series {
        source: table.file().to_owned(),
        name,
        unit,
        dates,
        values,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_no_value_are_reported_and_partial_rows_kept() {
        let csv = "date,open,close\n2024-01-02,1,2\n2024-01-03,,\n2024-01-04,3,\n";
        let s = Series::read(csv.as_bytes(), "s.csv", "close", ValueUnit::Level).unwrap();
        assert_eq!(s.values, [Some(2.0), None]);
        assert_eq!(s.report.skipped.len(), 1);
        assert_eq!(s.report.skipped[0].line, 3);
        assert!(s.report.is_balanced());
        assert_eq!(s.report.missing_cells, 1);
    }

    #[test]
    fn fred_dots_are_missing_and_a_second_series_is_rejected() {
        let csv = "DATE,DGS10\n2024-01-01,.\n2024-01-02,3.95\n";
        let s = Series::read_fred(csv.as_bytes(), "f.csv", ValueUnit::Percent).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s.report.skipped[0].reason, SkipReason::NoValues);
        let csv = "DATE,DGS10,DGS2\n2024-01-02,3.95,4.33\n";
        let e = Series::read_fred(csv.as_bytes(), "f.csv", ValueUnit::Percent).unwrap_err();
        assert!(matches!(e, DataError::UnknownColumn { ref at, .. } if at.index == 3));
    }

    #[test]
    fn levels_must_be_positive() {
        let csv = "date,close\n2024-01-02,-1\n";
        let e = Series::read(csv.as_bytes(), "s.csv", "close", ValueUnit::Level).unwrap_err();
        assert!(matches!(e, DataError::OutOfRange { .. }));
    }
}
