//! Errors of the `data` module: every one says where (file, line, column) and what.

use crate::contract::ContractError;
use chrono::NaiveDate;
use std::fmt;

/// A line of a data file: the source name (a path or the name given to a reader) and the
/// 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRef {
    /// The file (or the source name given to a `read_*` function).
    pub file: String,
    /// The 1-based line number where the record starts.
    pub line: u64,
}

impl fmt::Display for LineRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One cell of a data file: file, line, column name and 1-based column index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    /// The file (or the source name given to a `read_*` function).
    pub file: String,
    /// The 1-based line number where the record starts.
    pub line: u64,
    /// The column's name as written in the header.
    pub column: String,
    /// The 1-based column index.
    pub index: usize,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: column {:?} ({})",
            self.file, self.line, self.column, self.index
        )
    }
}

/// Everything that can go wrong reading market data.
///
/// Messages are `file:line: column "name" (index): expected …, found …`, for example
/// `us.csv:17: column "y10" (13): expected a number in percent, found "4.2x"`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file could not be opened or read.
    #[error("{file}: could not read the file: {error}")]
    Io {
        /// The path or source name.
        file: String,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// A field that is not valid UTF-8 text (the column name is empty in the header line).
    #[error("{at}: expected UTF-8 text, found invalid bytes")]
    Encoding {
        /// The cell with the invalid bytes.
        at: Box<CellRef>,
    },
    /// The file has no header, or a header and no data row (or only rows without values).
    #[error("{file}: expected at least one data row with a value, found {rows_read} data rows")]
    Empty {
        /// The path or source name.
        file: String,
        /// How many data rows there were (all of them skipped when this is not 0).
        rows_read: usize,
    },
    /// A required column is not in the header.
    #[error("{at}: expected a column {expected}, found columns {}", .columns.join(","))]
    MissingColumn {
        /// The header line.
        at: LineRef,
        /// The column (or the alternatives) that was expected.
        expected: String,
        /// The header as found.
        columns: Vec<String>,
    },
    /// A header column that this format does not know.
    #[error("{at}: expected {expected}, found unknown column {:?}", .at.column)]
    UnknownColumn {
        /// The header cell.
        at: Box<CellRef>,
        /// What the format accepts there.
        expected: String,
    },
    /// A header column that repeats an earlier one (or names the same tenor).
    #[error("{at}: expected each column once, found a repeat of column {first_index}")]
    DuplicateColumn {
        /// The repeated header cell.
        at: Box<CellRef>,
        /// The 1-based index of the first occurrence.
        first_index: usize,
    },
    /// A record with a different number of fields than the header.
    #[error("{at}: expected {expected} fields as in the header, found {found}")]
    FieldCount {
        /// The record.
        at: LineRef,
        /// The number of header columns.
        expected: usize,
        /// The number of fields in the record.
        found: usize,
    },
    /// A cell that is not a date in the expected form.
    #[error("{at}: expected {expected}, found {found:?}")]
    BadDate {
        /// The cell.
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// The form expected, e.g. `a date YYYY-MM-DD`.
        expected: String,
    },
    /// A cell that is not a (finite) number.
    #[error("{at}: expected {expected}, found {found:?}")]
    BadNumber {
        /// The cell.
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// What was expected, e.g. `a number in percent`.
        expected: String,
    },
    /// A number outside the plausible range for its column (e.g. a yield of 250%).
    #[error("{at}: expected {what} in {min}..={max}, found {found:?}")]
    OutOfRange {
        /// The cell.
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// The value as read (in the file's unit).
        value: f64,
        /// The smallest plausible value (in the file's unit).
        min: f64,
        /// The largest plausible value (in the file's unit).
        max: f64,
        /// What the column holds, with its unit, e.g. `a yield in percent`.
        what: String,
    },
    /// A cell that is not a contract code.
    #[error("{at}: expected a contract code like TYM24 or T2406, found {found:?} ({reason})")]
    BadContractCode {
        /// The cell.
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// Why the contract parser rejected it.
        reason: ContractError,
    },
    /// Any other cell that does not hold what its column requires (a tenor label, a coupon
    /// frequency, a policy decision, a required cell left empty, an inconsistent value).
    #[error("{at}: expected {expected}, found {found:?}")]
    BadValue {
        /// The cell.
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// A real price row whose contract cannot be mapped: a contract cell that names no
    /// contract of the expected kind, a row of another root, or a date on which no contract of
    /// the file's root can be found (before its listing, or a main contract past its expiry).
    #[error("{at}: expected {expected}, found {found:?}")]
    UnmappedContract {
        /// The cell (the contract cell, or the date cell of a continuous file).
        at: Box<CellRef>,
        /// The text found.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// A real price dated outside the market's range of dates.
    #[error("{at}: expected a date in the market's range {first}..={last}, found {date}")]
    DateOutsideMarket {
        /// The date cell.
        at: Box<CellRef>,
        /// The date.
        date: NaiveDate,
        /// The market's first date.
        first: NaiveDate,
        /// The market's last date.
        last: NaiveDate,
    },
    /// A date that appears twice.
    #[error("{at}: expected each date once, found {date} again (first on line {first_line})")]
    DuplicateDate {
        /// The second occurrence.
        at: LineRef,
        /// The repeated date.
        date: NaiveDate,
        /// The line of the first occurrence.
        first_line: u64,
    },
    /// A date earlier than the one before it (the first violation is reported).
    #[error(
        "{at}: expected dates in ascending order, found {date} after {previous} (line {previous_line})"
    )]
    UnsortedDates {
        /// The record out of order.
        at: LineRef,
        /// Its date.
        date: NaiveDate,
        /// The date of the record before it.
        previous: NaiveDate,
        /// The line of the record before it.
        previous_line: u64,
    },
    /// A key other than a date that must be unique and repeats: `(date, tenor)` in a long
    /// curve file, `(date, contract)` in settlements, the code in a securities list.
    #[error("{at}: expected each {what} once, found {key} again (first on line {first_line})")]
    DuplicateKey {
        /// The second occurrence.
        at: LineRef,
        /// What the key is, e.g. `(date, contract)`.
        what: String,
        /// The repeated key as text.
        key: String,
        /// The line of the first occurrence.
        first_line: u64,
    },
    /// A data folder could not be listed.
    #[error("{dir}: could not list the folder: {error}")]
    ReadDir {
        /// The folder.
        dir: String,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// Two files in a data folder match the same name pattern.
    #[error("{dir}: expected at most one file matching {pattern}, found {first} and {second}")]
    AmbiguousFiles {
        /// The folder.
        dir: String,
        /// The name pattern, e.g. `eurusd*.csv`.
        pattern: String,
        /// The first match (by name).
        first: String,
        /// The second match.
        second: String,
    },
    /// A data folder with no yield-curve file at all.
    #[error(
        "{dir}: expected a yield-curve file (us_treasury_par_yield_curve*.csv, us_treasury_cmt_fred*.csv, china_govt_bond_yield_curve*.csv or chinabond_cgb_ytm_curve*.csv), found none"
    )]
    NoCurve {
        /// The folder.
        dir: String,
    },
    /// A synthetic-data generator parameter out of its domain.
    #[error("synthetic data parameter {name}: expected {expected}, found {found}")]
    BadParameter {
        /// The parameter.
        name: String,
        /// What it must be.
        expected: String,
        /// What was given.
        found: String,
    },
    /// A `MANIFEST.json` that is not the generator's manifest.
    #[error("{file}:{line}:{column}: expected the synthetic-data manifest, found {message}")]
    Manifest {
        /// The manifest path.
        file: String,
        /// 1-based line (0 when the problem is not tied to a position).
        line: usize,
        /// 1-based column (0 when the problem is not tied to a position).
        column: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl DataError {
    /// The file (path or source name) the error is about, or the folder for folder errors;
    /// `None` for a generator parameter.
    pub fn file(&self) -> Option<&str> {
        let file = match self {
            DataError::Io { file, .. }
            | DataError::Empty { file, .. }
            | DataError::Manifest { file, .. } => file,
            DataError::MissingColumn { at, .. }
            | DataError::FieldCount { at, .. }
            | DataError::DuplicateDate { at, .. }
            | DataError::UnsortedDates { at, .. }
            | DataError::DuplicateKey { at, .. } => &at.file,
            DataError::Encoding { at }
            | DataError::UnknownColumn { at, .. }
            | DataError::DuplicateColumn { at, .. }
            | DataError::BadDate { at, .. }
            | DataError::BadNumber { at, .. }
            | DataError::OutOfRange { at, .. }
            | DataError::BadContractCode { at, .. }
            | DataError::BadValue { at, .. }
            | DataError::UnmappedContract { at, .. }
            | DataError::DateOutsideMarket { at, .. } => &at.file,
            DataError::ReadDir { dir, .. }
            | DataError::AmbiguousFiles { dir, .. }
            | DataError::NoCurve { dir } => dir,
            DataError::BadParameter { .. } => return None,
        };
        Some(file)
    }

    /// The 1-based line the error is about, where it is tied to one.
    pub fn line(&self) -> Option<u64> {
        match self {
            DataError::MissingColumn { at, .. }
            | DataError::FieldCount { at, .. }
            | DataError::DuplicateDate { at, .. }
            | DataError::UnsortedDates { at, .. }
            | DataError::DuplicateKey { at, .. } => Some(at.line),
            DataError::Encoding { at }
            | DataError::UnknownColumn { at, .. }
            | DataError::DuplicateColumn { at, .. }
            | DataError::BadDate { at, .. }
            | DataError::BadNumber { at, .. }
            | DataError::OutOfRange { at, .. }
            | DataError::BadContractCode { at, .. }
            | DataError::BadValue { at, .. }
            | DataError::UnmappedContract { at, .. }
            | DataError::DateOutsideMarket { at, .. } => Some(at.line),
            DataError::Manifest { line, .. } if *line > 0 => Some(*line as u64),
            _ => None,
        }
    }

    /// The cell the error is about (column name and 1-based index), where it is tied to one.
    pub fn cell(&self) -> Option<&CellRef> {
        match self {
            DataError::Encoding { at }
            | DataError::UnknownColumn { at, .. }
            | DataError::DuplicateColumn { at, .. }
            | DataError::BadDate { at, .. }
            | DataError::BadNumber { at, .. }
            | DataError::OutOfRange { at, .. }
            | DataError::BadContractCode { at, .. }
            | DataError::BadValue { at, .. }
            | DataError::UnmappedContract { at, .. }
            | DataError::DateOutsideMarket { at, .. } => Some(at.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_line_column_expected_and_found() {
        let e = DataError::BadNumber {
            at: Box::new(CellRef {
                file: "us.csv".into(),
                line: 17,
                column: "y10".into(),
                index: 13,
            }),
            found: "4.2x".into(),
            expected: "a number in percent".into(),
        };
        assert_eq!(
            e.to_string(),
            r#"us.csv:17: column "y10" (13): expected a number in percent, found "4.2x""#
        );
        assert_eq!(e.file(), Some("us.csv"));
        assert_eq!(e.line(), Some(17));
        assert_eq!(e.cell().map(|c| c.index), Some(13));
    }

    #[test]
    fn header_errors_list_the_columns_found() {
        let e = DataError::MissingColumn {
            at: LineRef {
                file: "a.csv".into(),
                line: 1,
            },
            expected: "\"date\"".into(),
            columns: vec!["day".into(), "m3".into()],
        };
        assert_eq!(
            e.to_string(),
            r#"a.csv:1: expected a column "date", found columns day,m3"#
        );
        assert!(e.cell().is_none());
    }
}
