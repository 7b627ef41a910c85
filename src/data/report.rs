//! What a loader did with each row: the [`LoadReport`].

use chrono::NaiveDate;
use std::fmt;

/// Why a loader left a row out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// Every value cell of the row is missing (e.g. the Treasury's all-`N/A` holiday row of
    /// 2010-10-11, or FRED's `.` rows).
    NoValues,
    /// The one value a row exists for is missing (a long-format curve row with an empty
    /// yield, a settlement row with an empty settle price).
    MissingValue {
        /// The column whose cell is empty.
        column: String,
    },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NoValues => f.write_str("every value is missing"),
            SkipReason::MissingValue { column } => write!(f, "column {column:?} is empty"),
        }
    }
}

/// A row that a loader read and did not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// The 1-based line of the row.
    pub line: u64,
    /// The row's date.
    pub date: NaiveDate,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// What a loader did with the rows of one file.
///
/// Every data row is either used or listed in [`LoadReport::skipped`]:
/// `rows_read == rows_used + skipped.len()` ([`LoadReport::is_balanced`]). Missing cells in
/// used rows stay `None` in the table and are counted in `missing_cells`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Data rows read (the header not counted).
    pub rows_read: usize,
    /// Rows that made it into the table.
    pub rows_used: usize,
    /// Rows read and left out, with line and reason.
    pub skipped: Vec<SkippedRow>,
    /// Missing cells (`None`) among the values the loader kept.
    pub missing_cells: usize,
    /// Whether the loader put the rows into ascending date order (only the official Treasury
    /// download, which is published newest first, is reordered; every other format must
    /// already be ascending).
    pub reordered: bool,
}

impl LoadReport {
    /// Whether every row read is accounted for: `rows_read == rows_used + skipped.len()`.
    pub fn is_balanced(&self) -> bool {
        self.rows_read == self.rows_used + self.skipped.len()
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rows read, {} used, {} skipped, {} missing cells",
            self.rows_read,
            self.rows_used,
            self.skipped.len(),
            self.missing_cells
        )?;
        if self.reordered {
            f.write_str(", sorted into ascending date order")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_counts_every_row() {
        let mut r = LoadReport {
            rows_read: 3,
            rows_used: 2,
            ..LoadReport::default()
        };
        assert!(!r.is_balanced());
        r.skipped.push(SkippedRow {
            line: 4,
            date: NaiveDate::from_ymd_opt(2010, 10, 11).unwrap(),
            reason: SkipReason::NoValues,
        });
        assert!(r.is_balanced());
        assert_eq!(
            r.to_string(),
            "3 rows read, 2 used, 1 skipped, 0 missing cells"
        );
    }
}
