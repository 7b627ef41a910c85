//! Securities lists for deliverable baskets:
//! `code,coupon,frequency,issue_date,maturity[,original_term][,currency]`.

use super::error::DataError;
use super::reader::{CsvTable, DateStyle, NumberRule, Row, read_path};
use super::report::LoadReport;
use crate::curve::Tenor;
use crate::units::Currency;
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

/// Coupon frequencies a securities list may state (payments per year).
pub const COUPON_FREQUENCIES: [u32; 4] = [1, 2, 4, 12];

/// One fixed-coupon bond or note.
#[derive(Debug, Clone, PartialEq)]
pub struct Security {
    /// The identifier (a CUSIP, a China interbank code such as `240004`, or any unique label).
    pub code: String,
    /// The annual coupon as a **decimal fraction** (the file gives percent: 4.5 → 0.045).
    pub coupon_rate: f64,
    /// Coupon payments per year (one of [`COUPON_FREQUENCIES`]).
    pub coupons_per_year: u32,
    /// The dated (first accrual) date.
    pub issue_date: NaiveDate,
    /// The maturity date, after `issue_date`.
    pub maturity: NaiveDate,
    /// The original term (`10Y`, `7Y`, `63M`), where given; deliverable-grade rules use it.
    pub original_term: Option<Tenor>,
    /// The currency, where given (`USD`, `CNY`).
    pub currency: Option<Currency>,
}

/// A securities list, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityList {
    /// Where the list came from (the path or the source name given to the reader).
    pub source: String,
    /// The securities, each code once.
    pub securities: Vec<Security>,
    /// What the loader did with each row (no row is ever skipped: every cell is required).
    pub report: LoadReport,
}

const COLUMNS: [&str; 7] = [
    "code",
    "coupon",
    "frequency",
    "issue_date",
    "maturity",
    "original_term",
    "currency",
];

impl SecurityList {
    /// Loads a securities list at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`SecurityList::read`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?)
    }

    /// Reads `code,coupon,frequency,issue_date,maturity[,original_term][,currency]` from any
    /// reader; `source` names it in errors.
    ///
    /// `coupon` is in **percent** (4.500) and becomes a decimal fraction; `frequency` is the
    /// number of payments per year (`1`, `2`, `4`, `12`, or `annual`, `semiannual`,
    /// `quarterly`, `monthly`); dates are ISO; `original_term` is a tenor (`10Y`, `7Y`, `63M`)
    /// or a bare number of months (`63`), and may be empty; `currency` is an ISO code. Rows may
    /// come in any order (the list is keyed by code, not by date).
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`], [`DataError::UnknownColumn`],
    /// [`DataError::DuplicateColumn`], [`DataError::FieldCount`], [`DataError::BadDate`],
    /// [`DataError::BadNumber`], [`DataError::OutOfRange`] (a coupon outside
    /// 0..=[`super::COUPON_PCT_MAX`] percent), [`DataError::BadValue`] (an empty code, a bad
    /// frequency, term or currency, a maturity not after the issue date),
    /// [`DataError::DuplicateKey`] (a code twice), [`DataError::Empty`], [`DataError::Io`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::SecurityList;
    ///
    /// // 24附息国债05: 1.99%, annual, matures 2026-03-15 (CFFEX notice of 2024-03-15, spec §2.4).
    /// let csv = "code,coupon,frequency,issue_date,maturity,original_term\n\
    ///            240005,1.99,1,2024-03-15,2026-03-15,2Y\n";
    /// let list = SecurityList::read(csv.as_bytes(), "securities.csv")?;
    /// let bond = list.get("240005").unwrap();
    /// assert_eq!(bond.coupons_per_year, 1);
    /// assert!((bond.coupon_rate - 0.0199).abs() < spreadtrade::tolerance::PERCENT_TO_DECIMAL_ABS);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(reader: R, source: &str) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?)
    }

    fn from_table(mut table: CsvTable) -> Result<Self, DataError> {
        let source = table.file().to_owned();
        table.check_unique_names()?;
        table.check_known(&COLUMNS)?;
        let code_col = table.require(&["code"])?;
        let coupon_col = table.require(&["coupon"])?;
        let freq_col = table.require(&["frequency"])?;
        let issue_col = table.require(&["issue_date"])?;
        let maturity_col = table.require(&["maturity"])?;
        let term_col = table.find(&["original_term"]);
        let currency_col = table.find(&["currency"]);
        let coupon_rule = NumberRule::coupon_percent();
        let mut securities: Vec<Security> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let mut report = LoadReport::default();
        while let Some(row) = table.next_row()? {
            let code = row.text(code_col);
            if code.is_empty() {
                return Err(row.bad_value(code_col, "a security code"));
            }
            if let Some(i) = securities.iter().position(|s| s.code == code) {
                return Err(DataError::DuplicateKey {
                    at: row.at(),
                    what: "code".to_owned(),
                    key: code.to_owned(),
                    first_line: lines.get(i).copied().unwrap_or(0),
                });
            }
            let coupon_pct = row.required_number(coupon_col, &coupon_rule)?;
            let coupons_per_year = frequency(&row, freq_col)?;
            let issue_date = row.date(issue_col, DateStyle::Iso)?;
            let maturity = row.date(maturity_col, DateStyle::Iso)?;
            if maturity <= issue_date {
                return Err(row.bad_value(
                    maturity_col,
                    format!("a maturity after the issue date {issue_date}"),
                ));
            }
            let original_term = match term_col {
                Some(col) => term(&row, col)?,
                None => None,
            };
            if term_col.is_some() && original_term.is_none() {
                report.missing_cells += 1;
            }
            let currency = match currency_col {
                Some(col) if !row.text(col).is_empty() => Some(
                    row.text(col)
                        .parse::<Currency>()
                        .map_err(|_| row.bad_value(col, "a currency code USD, CNY or EUR"))?,
                ),
                Some(_) => {
                    report.missing_cells += 1;
                    None
                }
                None => None,
            };
            securities.push(Security {
                code: code.to_owned(),
                coupon_rate: coupon_pct / 100.0,
                coupons_per_year,
                issue_date,
                maturity,
                original_term,
                currency,
            });
            lines.push(row.line());
        }
        report.rows_read = table.rows_read();
        report.rows_used = securities.len();
        if securities.is_empty() {
            return Err(DataError::Empty {
                file: source.clone(),
                rows_read: report.rows_read,
            });
        }
        Ok(SecurityList {
            source,
            securities,
            report,
        })
    }

    /// The security with `code`.
    pub fn get(&self, code: &str) -> Option<&Security> {
        self.securities.iter().find(|s| s.code == code)
    }

    /// The securities outstanding on `date`: issued on or before it and maturing after it.
    pub fn outstanding_on(&self, date: NaiveDate) -> impl Iterator<Item = &Security> {
        self.securities
            .iter()
            .filter(move |s| s.issue_date <= date && date < s.maturity)
    }
}

fn frequency(row: &Row<'_>, col: usize) -> Result<u32, DataError> {
    let expected = "coupons per year: 1, 2, 4, 12, annual, semiannual, quarterly or monthly";
    let text = row.text(col);
    let n = match text.to_ascii_lowercase().as_str() {
        "annual" => 1,
        "semiannual" | "semi-annual" => 2,
        "quarterly" => 4,
        "monthly" => 12,
        other => other.parse().map_err(|_| row.bad_value(col, expected))?,
    };
    if COUPON_FREQUENCIES.contains(&n) {
        Ok(n)
    } else {
        Err(row.bad_value(col, expected))
    }
}

fn term(row: &Row<'_>, col: usize) -> Result<Option<Tenor>, DataError> {
    let text = row.text(col);
    if text.is_empty() {
        return Ok(None);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map(|m| Some(Tenor::Months(m)))
            .map_err(|_| row.bad_value(col, "an original term like 10Y, 7Y or 63M"));
    }
    text.parse()
        .map(Some)
        .map_err(|_| row.bad_value(col, "an original term like 10Y, 7Y or 63M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,coupon,frequency,issue_date,maturity,original_term,currency\n";

    #[test]
    fn parses_words_months_and_currency() {
        let csv = format!("{HEADER}A,4.5,semiannual,2024-03-31,2026-03-31,24,USD\n");
        let l = SecurityList::read(csv.as_bytes(), "s.csv").unwrap();
        let s = &l.securities[0];
        assert_eq!(s.coupons_per_year, 2);
        assert_eq!(s.original_term, Some(Tenor::Months(24)));
        assert_eq!(s.currency, Some(Currency::Usd));
        let on = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
        assert_eq!(l.outstanding_on(on).count(), 1);
    }

    #[test]
    fn rejects_bad_rows_with_their_column() {
        let cases = [
            ("A,4.5,3,2024-03-31,2026-03-31,2Y,USD", 3),
            ("A,4.5,2,2024-03-31,2024-03-31,2Y,USD", 5),
            ("A,4.5,2,2024-03-31,2026-03-31,2Q,USD", 6),
            ("A,4.5,2,2024-03-31,2026-03-31,2Y,JPY", 7),
            (",4.5,2,2024-03-31,2026-03-31,2Y,USD", 1),
            ("A,40,2,2024-03-31,2026-03-31,2Y,USD", 2),
        ];
        for (row, col) in cases {
            let csv = format!("{HEADER}{row}\n");
            let e = SecurityList::read(csv.as_bytes(), "s.csv").unwrap_err();
            assert_eq!(e.cell().map(|c| (c.line, c.index)), Some((2, col)), "{e}");
        }
    }

    #[test]
    fn repeated_code_is_an_error() {
        let csv = format!(
            "{HEADER}A,4.5,2,2024-03-31,2026-03-31,2Y,USD\nA,4.5,2,2024-03-31,2026-03-31,2Y,USD\n"
        );
        let e = SecurityList::read(csv.as_bytes(), "s.csv").unwrap_err();
        assert!(matches!(e, DataError::DuplicateKey { first_line: 2, .. }));
    }
}
