//! Futures settlement prices: `date,contract,settle[,volume,open_interest]`.

use super::error::DataError;
use super::reader::{CsvTable, DateOrder, DateStyle, MISSING_EMPTY, NumberRule, Row, read_path};
use super::report::{LoadReport, SkipReason, SkippedRow};
use crate::contract::ContractCode;
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

/// One daily settlement of one futures contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settlement {
    /// The trade date.
    pub date: NaiveDate,
    /// The contract.
    pub contract: ContractCode,
    /// The settlement price in **decimal** points (109.5, not `109-16`).
    pub settle: f64,
    /// Contracts traded, where given.
    pub volume: Option<u64>,
    /// Open interest, where given.
    pub open_interest: Option<u64>,
}

/// A file of settlement prices, in file order (dates non-decreasing).
#[derive(Debug, Clone, PartialEq)]
pub struct Settlements {
    /// Where the rows came from (the path or the source name given to the reader).
    pub source: String,
    /// The settlements, dates non-decreasing, each `(date, contract)` once.
    pub rows: Vec<Settlement>,
    /// What the loader did with each row.
    pub report: LoadReport,
}

const COLUMNS: [&str; 5] = ["date", "contract", "settle", "volume", "open_interest"];

impl Settlements {
    /// Loads a settlements CSV at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`Settlements::read`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?)
    }

    /// Reads `date,contract,settle[,volume,open_interest]` from any reader; `source` names it
    /// in errors.
    ///
    /// `settle` must be a **decimal** price. CBOT Treasury futures are quoted in 32nds
    /// (`109-16` = 109.5): convert such quotes to decimals before loading. Contract codes are
    /// parsed with [`ContractCode::parse_with_reference`] against the row's date, so a 1-digit
    /// year (`TYM4`) means the first such contract not before that date. Dates must be
    /// non-decreasing (several contracts share a date); a `(date, contract)` pair may appear
    /// once. A row with an empty `settle` is skipped and listed in the report.
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`], [`DataError::UnknownColumn`],
    /// [`DataError::DuplicateColumn`], [`DataError::FieldCount`], [`DataError::BadDate`],
    /// [`DataError::BadContractCode`], [`DataError::BadNumber`] (also a volume or open
    /// interest that is not a whole number), [`DataError::OutOfRange`] (a settle price that is
    /// not positive), [`DataError::UnsortedDates`], [`DataError::DuplicateKey`],
    /// [`DataError::Empty`], [`DataError::Encoding`], [`DataError::Io`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Settlements;
    ///
    /// let csv = "date,contract,settle\n2024-03-20,TYM4,110.5\n2024-03-20,TUM24,102.25\n";
    /// let s = Settlements::read(csv.as_bytes(), "settle.csv")?;
    /// assert_eq!(s.rows[0].contract.to_string(), "TYM24");
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(reader: R, source: &str) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?)
    }

    fn from_table(table: CsvTable) -> Result<Self, DataError> {
        Self::from_csv_table(table).map(|l| l.settlements)
    }

    /// Reads an opened table, keeping each used row's line (for the real-price loaders).
    pub(crate) fn from_csv_table(mut table: CsvTable) -> Result<LinedSettlements, DataError> {
        let source = table.file().to_owned();
        table.check_unique_names()?;
        table.check_known(&COLUMNS)?;
        let date_col = table.require(&["date"])?;
        let contract_col = table.require(&["contract"])?;
        let settle_col = table.require(&["settle"])?;
        let volume_col = table.find(&["volume"]);
        let oi_col = table.find(&["open_interest"]);
        let settle_name = table.header().get(settle_col).cloned().unwrap_or_default();
        let rule = NumberRule::level(MISSING_EMPTY);
        let mut order = DateOrder::non_decreasing();
        let mut report = LoadReport::default();
        let mut rows: Vec<Settlement> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let mut current: Option<NaiveDate> = None;
        let mut today: Vec<(ContractCode, u64)> = Vec::new();
        while let Some(row) = table.next_row()? {
            let date = row.date(date_col, DateStyle::Iso)?;
            order.check(row.at(), date)?;
            if current != Some(date) {
                current = Some(date);
                today.clear();
            }
            let text = row.text(contract_col);
            let contract = ContractCode::parse_with_reference(text, date).map_err(|reason| {
                DataError::BadContractCode {
                    at: row.cell(contract_col),
                    found: text.to_owned(),
                    reason,
                }
            })?;
            if let Some(&(_, first_line)) = today.iter().find(|&&(c, _)| c == contract) {
                return Err(DataError::DuplicateKey {
                    at: row.at(),
                    what: "(date, contract)".to_owned(),
                    key: format!("({date}, {contract})"),
                    first_line,
                });
            }
            today.push((contract, row.line()));
            let Some(settle) = row.number(settle_col, &rule)? else {
                report.skipped.push(SkippedRow {
                    line: row.line(),
                    date,
                    reason: SkipReason::MissingValue {
                        column: settle_name.clone(),
                    },
                });
                continue;
            };
            let volume = count(&row, volume_col)?;
            let open_interest = count(&row, oi_col)?;
            report.missing_cells += usize::from(volume_col.is_some() && volume.is_none())
                + usize::from(oi_col.is_some() && open_interest.is_none());
            rows.push(Settlement {
                date,
                contract,
                settle,
                volume,
                open_interest,
            });
            lines.push(row.line());
        }
        report.rows_read = table.rows_read();
        report.rows_used = rows.len();
        if rows.is_empty() {
            return Err(DataError::Empty {
                file: source.clone(),
                rows_read: report.rows_read,
            });
        }
        Ok(LinedSettlements {
            settlements: Settlements {
                source,
                rows,
                report,
            },
            lines,
        })
    }

    /// The settlements of one contract, in date order.
    pub fn of(&self, contract: ContractCode) -> impl Iterator<Item = &Settlement> {
        self.rows.iter().filter(move |r| r.contract == contract)
    }
}

/// Settlements with the 1-based line of each row.
pub(crate) struct LinedSettlements {
    pub(crate) settlements: Settlements,
    pub(crate) lines: Vec<u64>,
}

/// An optional whole-number column (volume, open interest).
fn count(row: &Row<'_>, col: Option<usize>) -> Result<Option<u64>, DataError> {
    let Some(col) = col else {
        return Ok(None);
    };
    let text = row.text(col);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u64>()
        .map(Some)
        .map_err(|_| DataError::BadNumber {
            at: row.cell(col),
            found: text.to_owned(),
            expected: "a whole number of contracts".to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_optional_columns_and_skips_empty_settles() {
        let csv = "date,contract,settle,volume,open_interest\n\
                   2024-03-20,TYM24,110.5,1200,\n2024-03-20,TUM24,,5,6\n";
        let s = Settlements::read(csv.as_bytes(), "s.csv").unwrap();
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].volume, Some(1200));
        assert_eq!(s.rows[0].open_interest, None);
        assert_eq!(s.report.skipped.len(), 1);
        assert!(s.report.is_balanced());
    }

    #[test]
    fn repeated_contract_on_a_date_is_an_error() {
        let csv = "date,contract,settle\n2024-03-20,TYM24,110.5\n2024-03-20,ZNM4,110.5\n";
        let e = Settlements::read(csv.as_bytes(), "s.csv").unwrap_err();
        assert!(matches!(e, DataError::DuplicateKey { first_line: 2, .. }));
    }

    #[test]
    fn bad_volume_is_located() {
        let csv = "date,contract,settle,volume\n2024-03-20,TYM24,110.5,1.5\n";
        let e = Settlements::read(csv.as_bytes(), "s.csv").unwrap_err();
        assert!(matches!(e, DataError::BadNumber { ref at, .. } if at.index == 4));
    }
}
