//! The CSV machinery shared by every loader: a header-aware record reader that knows its
//! file name and line numbers, and cell parsers that return located errors.

use super::error::{CellRef, DataError, LineRef};
use super::{COUPON_PCT_MAX, LEVEL_MAX, LEVEL_MIN, YIELD_PCT_MAX, YIELD_PCT_MIN};
use chrono::NaiveDate;
use csv::StringRecord;
use std::io::{Cursor, Read};
use std::path::Path;

/// Cells that mean "no value": only an empty cell.
pub(crate) const MISSING_EMPTY: &[&str] = &[""];
/// The official Treasury download: `N/A` or empty.
pub(crate) const MISSING_TREASURY: &[&str] = &["", "N/A"];
/// FRED: `.` or empty.
pub(crate) const MISSING_FRED: &[&str] = &["", "."];
/// Generic files: empty, `N/A` or `NA`.
pub(crate) const MISSING_GENERIC: &[&str] = &["", "N/A", "NA"];

/// How dates are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `YYYY-MM-DD`.
    Iso,
    /// `MM/DD/YYYY` (1- or 2-digit month and day), as the Treasury download writes them; ISO
    /// is accepted too.
    UsOrIso,
}

impl DateStyle {
    fn expected(self) -> &'static str {
        match self {
            DateStyle::Iso => "a date YYYY-MM-DD",
            DateStyle::UsOrIso => "a date MM/DD/YYYY (or YYYY-MM-DD)",
        }
    }

    fn parse(self, text: &str) -> Option<NaiveDate> {
        match self {
            DateStyle::Iso => parse_iso(text),
            DateStyle::UsOrIso => parse_us(text).or_else(|| parse_iso(text)),
        }
    }
}

/// What a numeric column holds: how missing cells are written, what the text must be, and the
/// plausible range of values (in the file's unit).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NumberRule {
    pub missing: &'static [&'static str],
    pub expected: &'static str,
    pub what: &'static str,
    pub min: f64,
    pub max: f64,
}

impl NumberRule {
    /// A yield in percent.
    pub(crate) const fn yield_percent(missing: &'static [&'static str]) -> Self {
        NumberRule {
            missing,
            expected: "a number in percent",
            what: "a yield in percent",
            min: YIELD_PCT_MIN,
            max: YIELD_PCT_MAX,
        }
    }

    /// A money-market or policy rate in percent.
    pub(crate) const fn rate_percent(missing: &'static [&'static str]) -> Self {
        NumberRule {
            missing,
            expected: "a number in percent",
            what: "a rate in percent",
            min: YIELD_PCT_MIN,
            max: YIELD_PCT_MAX,
        }
    }

    /// A coupon rate in percent.
    pub(crate) const fn coupon_percent() -> Self {
        NumberRule {
            missing: MISSING_EMPTY,
            expected: "a coupon in percent",
            what: "a coupon in percent",
            min: 0.0,
            max: COUPON_PCT_MAX,
        }
    }

    /// A price, index level or exchange rate: positive.
    pub(crate) const fn level(missing: &'static [&'static str]) -> Self {
        NumberRule {
            missing,
            expected: "a number",
            what: "a positive price or level",
            min: LEVEL_MIN,
            max: LEVEL_MAX,
        }
    }
}

/// Reads a whole file into memory and its header, naming it by its path in errors.
pub(crate) fn read_path(path: &Path) -> Result<CsvTable, DataError> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => CsvTable::from_bytes(bytes, &name),
        Err(error) => Err(DataError::Io { file: name, error }),
    }
}

/// A CSV file being read record by record, with its header and line numbers.
///
/// The whole input is held in memory: line numbers are counted from the record's byte
/// offset, because the `csv` crate's own line counter does not count skipped blank lines.
pub(crate) struct CsvTable {
    file: String,
    reader: csv::Reader<Cursor<Vec<u8>>>,
    header: Vec<String>,
    header_line: u64,
    record: StringRecord,
    rows_read: usize,
    /// A byte offset and the 1-based line it lies on, advanced record by record.
    line_mark: (usize, u64),
}

impl CsvTable {
    /// Reads all of `reader` and its header.
    ///
    /// # Errors
    /// As [`CsvTable::from_bytes`]; [`DataError::Io`] if the reader fails.
    pub(crate) fn new<R: Read>(mut reader: R, file: &str) -> Result<Self, DataError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|error| DataError::Io {
                file: file.to_owned(),
                error,
            })?;
        Self::from_bytes(bytes, file)
    }

    /// Opens CSV text and reads its header (trimmed, a UTF-8 byte-order mark removed).
    ///
    /// # Errors
    /// [`DataError::Empty`] when there is no header; [`DataError::Encoding`].
    pub(crate) fn from_bytes(bytes: Vec<u8>, file: &str) -> Result<Self, DataError> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Cursor::new(bytes));
        let mut table = CsvTable {
            file: file.to_owned(),
            reader,
            header: Vec::new(),
            header_line: 1,
            record: StringRecord::new(),
            rows_read: 0,
            line_mark: (0, 1),
        };
        if !table.read_record()? {
            return Err(DataError::Empty {
                file: file.to_owned(),
                rows_read: 0,
            });
        }
        table.header_line = table.record_line();
        table.header = table
            .record
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        Ok(table)
    }

    fn read_record(&mut self) -> Result<bool, DataError> {
        self.reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(&self.file, &self.header, e))
    }

    /// The 1-based line where the current record starts.
    fn record_line(&mut self) -> u64 {
        let Some(offset) = self
            .record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
        else {
            return self.line_mark.1;
        };
        let (mark, line) = self.line_mark;
        let data = self.reader.get_ref().get_ref();
        // The reported position is where the reader started looking, before any blank lines
        // it skipped: move to the record's first byte.
        let offset = offset
            + data.get(offset..).map_or(0, |rest| {
                rest.iter()
                    .take_while(|&&c| c == b'\n' || c == b'\r')
                    .count()
            });
        let newlines = data
            .get(mark..offset)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        let line = line + newlines as u64;
        self.line_mark = (offset.max(mark), line);
        line
    }

    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    pub(crate) fn rows_read(&self) -> usize {
        self.rows_read
    }

    pub(crate) fn header_at(&self) -> LineRef {
        LineRef {
            file: self.file.clone(),
            line: self.header_line,
        }
    }

    /// The header cell at 0-based `index`.
    pub(crate) fn header_cell(&self, index: usize) -> Box<CellRef> {
        Box::new(CellRef {
            file: self.file.clone(),
            line: self.header_line,
            column: self.header.get(index).cloned().unwrap_or_default(),
            index: index + 1,
        })
    }

    /// The 0-based index of the first column named like one of `names` (any case).
    pub(crate) fn find(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }

    /// Like [`CsvTable::find`], but a missing column is an error.
    pub(crate) fn require(&self, names: &[&str]) -> Result<usize, DataError> {
        self.find(names).ok_or_else(|| DataError::MissingColumn {
            at: self.header_at(),
            expected: names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or "),
            columns: self.header.clone(),
        })
    }

    /// Rejects a header that names a column twice (any case).
    pub(crate) fn check_unique_names(&self) -> Result<(), DataError> {
        for (i, h) in self.header.iter().enumerate() {
            if let Some(first) = self.header[..i]
                .iter()
                .position(|g| g.eq_ignore_ascii_case(h))
            {
                return Err(DataError::DuplicateColumn {
                    at: self.header_cell(i),
                    first_index: first + 1,
                });
            }
        }
        Ok(())
    }

    /// Rejects a header with a column not in `known` (any case).
    pub(crate) fn check_known(&self, known: &[&str]) -> Result<(), DataError> {
        for (i, h) in self.header.iter().enumerate() {
            if !known.iter().any(|k| h.eq_ignore_ascii_case(k)) {
                return Err(DataError::UnknownColumn {
                    at: self.header_cell(i),
                    expected: format!("one of the columns {}", known.join(",")),
                });
            }
        }
        Ok(())
    }

    /// The next data record, checked to have as many fields as the header.
    pub(crate) fn next_row(&mut self) -> Result<Option<Row<'_>>, DataError> {
        if !self.read_record()? {
            return Ok(None);
        }
        self.rows_read += 1;
        let line = self.record_line();
        if self.record.len() != self.header.len() {
            return Err(DataError::FieldCount {
                at: LineRef {
                    file: self.file.clone(),
                    line,
                },
                expected: self.header.len(),
                found: self.record.len(),
            });
        }
        Ok(Some(Row {
            file: &self.file,
            header: &self.header,
            record: &self.record,
            line,
        }))
    }
}

/// One data record of a [`CsvTable`].
pub(crate) struct Row<'a> {
    file: &'a str,
    header: &'a [String],
    record: &'a StringRecord,
    line: u64,
}

impl Row<'_> {
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    pub(crate) fn at(&self) -> LineRef {
        LineRef {
            file: self.file.to_owned(),
            line: self.line,
        }
    }

    /// The number of fields (equal to the header's, checked by [`CsvTable::next_row`]).
    pub(crate) fn width(&self) -> usize {
        self.record.len()
    }

    /// The cell at 0-based `index`.
    pub(crate) fn cell(&self, index: usize) -> Box<CellRef> {
        Box::new(CellRef {
            file: self.file.to_owned(),
            line: self.line,
            column: self.header.get(index).cloned().unwrap_or_default(),
            index: index + 1,
        })
    }

    /// The trimmed text of the cell at 0-based `index` (empty past the end).
    pub(crate) fn text(&self, index: usize) -> &str {
        self.record.get(index).unwrap_or("").trim_ascii()
    }

    /// Whether the cell holds one of the `missing` markers (any case).
    pub(crate) fn is_missing(&self, index: usize, missing: &[&str]) -> bool {
        let t = self.text(index);
        missing.iter().any(|m| t.eq_ignore_ascii_case(m))
    }

    /// A date cell.
    pub(crate) fn date(&self, index: usize, style: DateStyle) -> Result<NaiveDate, DataError> {
        let text = self.text(index);
        style.parse(text).ok_or_else(|| DataError::BadDate {
            at: self.cell(index),
            found: text.to_owned(),
            expected: style.expected().to_owned(),
        })
    }

    /// A numeric cell: `None` for a missing marker, else a finite number in the rule's range.
    pub(crate) fn number(&self, index: usize, rule: &NumberRule) -> Result<Option<f64>, DataError> {
        let text = self.text(index);
        if rule.missing.iter().any(|m| text.eq_ignore_ascii_case(m)) {
            return Ok(None);
        }
        let value = match parse_decimal(text).map_or_else(|| text.parse::<f64>(), Ok) {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(DataError::BadNumber {
                    at: self.cell(index),
                    found: text.to_owned(),
                    expected: rule.expected.to_owned(),
                });
            }
        };
        if !(rule.min..=rule.max).contains(&value) {
            return Err(DataError::OutOfRange {
                at: self.cell(index),
                found: text.to_owned(),
                value,
                min: rule.min,
                max: rule.max,
                what: rule.what.to_owned(),
            });
        }
        Ok(Some(value))
    }

    /// A numeric cell that must be present.
    pub(crate) fn required_number(
        &self,
        index: usize,
        rule: &NumberRule,
    ) -> Result<f64, DataError> {
        self.number(index, rule)?
            .ok_or_else(|| self.bad_value(index, rule.expected))
    }

    /// A [`DataError::BadValue`] for the cell at `index`.
    pub(crate) fn bad_value(&self, index: usize, expected: impl Into<String>) -> DataError {
        DataError::BadValue {
            at: self.cell(index),
            found: self.text(index).to_owned(),
            expected: expected.into(),
        }
    }
}

/// Checks that record dates ascend, reporting the first violation with both lines.
#[derive(Debug)]
pub(crate) struct DateOrder {
    previous: Option<(NaiveDate, u64)>,
    allow_equal: bool,
}

impl DateOrder {
    /// Strictly ascending: a repeated date is an error.
    pub(crate) fn strict() -> Self {
        DateOrder {
            previous: None,
            allow_equal: false,
        }
    }

    /// Non-decreasing: several rows may share a date (long formats); the caller checks keys.
    pub(crate) fn non_decreasing() -> Self {
        DateOrder {
            previous: None,
            allow_equal: true,
        }
    }

    pub(crate) fn check(&mut self, at: LineRef, date: NaiveDate) -> Result<(), DataError> {
        if let Some((previous, previous_line)) = self.previous {
            if date == previous && !self.allow_equal {
                return Err(DataError::DuplicateDate {
                    at,
                    date,
                    first_line: previous_line,
                });
            }
            if date < previous {
                return Err(DataError::UnsortedDates {
                    at,
                    date,
                    previous,
                    previous_line,
                });
            }
        }
        self.previous = Some((date, at.line));
        Ok(())
    }
}

fn csv_error(file: &str, header: &[String], e: csv::Error) -> DataError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(error) => DataError::Io {
            file: file.to_owned(),
            error,
        },
        csv::ErrorKind::Utf8 { pos, err } => DataError::Encoding {
            at: Box::new(CellRef {
                file: file.to_owned(),
                line: pos.map_or(line, |p| p.line()),
                column: header.get(err.field()).cloned().unwrap_or_default(),
                index: err.field() + 1,
            }),
        },
        other => DataError::Io {
            file: file.to_owned(),
            error: std::io::Error::other(format!("{other:?}")),
        },
    }
}

/// Exact powers of ten 10^0 ..= 10^15 (every one is a double).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A fast path for plain decimals (`-4.27`, `0.0609`, `125`) with at most 15 digits, which
/// is what market-data files hold; `None` for anything else (exponents, `inf`, junk), which
/// then goes to `str::parse`.
///
/// The result is bit-identical to `str::parse::<f64>`: the digits form an integer m < 10^15
/// and 10^k is exact, so the IEEE division m / 10^k is the correctly rounded value of the
/// decimal, as `str::parse` returns.
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut decimals = 0usize;
    let mut seen_point = false;
    for &c in body {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                digits += 1;
                decimals += usize::from(seen_point);
                if digits > 15 {
                    return None;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let value = mantissa as f64 / POW10.get(decimals).copied()?;
    Some(if negative { -value } else { value })
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD`.
pub(crate) fn parse_iso(text: &str) -> Option<NaiveDate> {
    match text.as_bytes() {
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => {
            let year = digits(&[*y0, *y1, *y2, *y3])?;
            let month = digits(&[*m0, *m1])?;
            let day = digits(&[*d0, *d1])?;
            NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
        }
        _ => None,
    }
}

/// `M/D/YYYY` or `MM/DD/YYYY`.
fn parse_us(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
        return None;
    }
    let year = i32::try_from(digits(y.as_bytes())?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(m.as_bytes())?, digits(d.as_bytes())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    proptest::proptest! {
        #[test]
        fn fast_decimals_equal_str_parse_bit_for_bit(
            sign in proptest::sample::select(vec!["", "-", "+"]),
            int in 0u64..100_000_000,
            frac in proptest::option::of("[0-9]{0,7}"),
        ) {
            let text = match &frac {
                Some(f) => format!("{sign}{int}.{f}"),
                None => format!("{sign}{int}"),
            };
            let fast = parse_decimal(&text).unwrap();
            let slow: f64 = text.parse().unwrap();
            proptest::prop_assert_eq!(fast.to_bits(), slow.to_bits(), "{}", text);
        }
    }

    #[test]
    fn fast_decimals_leave_the_rest_to_str_parse() {
        for text in [
            "",
            ".",
            "-",
            "1e3",
            "inf",
            "NaN",
            "4.2x",
            "1.2.3",
            "1234567890123456",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("5."), Some(5.0));
    }

    #[test]
    fn parses_iso_and_us_dates_strictly() {
        assert_eq!(parse_iso("2024-03-20"), Some(d(2024, 3, 20)));
        assert_eq!(parse_iso("2024-02-30"), None);
        assert_eq!(parse_iso("2024-3-20"), None);
        assert_eq!(parse_iso("2024/03/20"), None);
        assert_eq!(parse_iso("+024-03-20"), None);
        assert_eq!(parse_us("03/20/2024"), Some(d(2024, 3, 20)));
        assert_eq!(parse_us("3/2/2024"), Some(d(2024, 3, 2)));
        assert_eq!(parse_us("3/2/24"), None);
        assert_eq!(parse_us("13/01/2024"), None);
        assert_eq!(parse_us("03/20/2024/1"), None);
        assert_eq!(DateStyle::UsOrIso.parse("2024-03-20"), Some(d(2024, 3, 20)));
        assert_eq!(DateStyle::Iso.parse("03/20/2024"), None);
    }

    #[test]
    fn rows_carry_line_numbers_and_check_field_counts() {
        let text = "date,a\n2024-01-02,1\n\n2024-01-03,2,3\n";
        let mut t = CsvTable::new(text.as_bytes(), "t.csv").unwrap();
        let row = t.next_row().unwrap().unwrap();
        assert_eq!(row.line(), 2);
        let e = t.next_row().err().unwrap();
        assert!(matches!(
            e,
            DataError::FieldCount { ref at, expected: 2, found: 3 } if at.line == 4
        ));
        assert_eq!(t.rows_read(), 2);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_newlines() {
        let text = "date,a\n\n2024-01-02,\"x\ny\"\n\n\n2024-01-03,2\n";
        let mut t = CsvTable::new(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(t.next_row().unwrap().unwrap().line(), 3);
        assert_eq!(t.next_row().unwrap().unwrap().line(), 7);
        let mut t = CsvTable::new("\r\ndate\r\n2024-01-02\r\n".as_bytes(), "t.csv").unwrap();
        assert_eq!(t.header_line, 2);
        assert_eq!(t.next_row().unwrap().unwrap().line(), 3);
    }

    #[test]
    fn numbers_respect_missing_markers_and_ranges() {
        let text = "date,y\n2024-01-02,N/A\n2024-01-03,250\n2024-01-04,NaN\n";
        let mut t = CsvTable::new(text.as_bytes(), "t.csv").unwrap();
        let rule = NumberRule::yield_percent(MISSING_TREASURY);
        assert_eq!(
            t.next_row().unwrap().unwrap().number(1, &rule).unwrap(),
            None
        );
        let e = t.next_row().unwrap().unwrap().number(1, &rule).unwrap_err();
        assert!(matches!(e, DataError::OutOfRange { value, .. } if value == 250.0));
        let e = t.next_row().unwrap().unwrap().number(1, &rule).unwrap_err();
        assert!(matches!(e, DataError::BadNumber { .. }));
    }

    #[test]
    fn header_without_rows_and_empty_input() {
        assert!(matches!(
            CsvTable::new(&b""[..], "e.csv"),
            Err(DataError::Empty { rows_read: 0, .. })
        ));
        let t = CsvTable::new(&b"\xef\xbb\xbfDate,x\n"[..], "b.csv").unwrap();
        assert_eq!(t.header()[0], "Date");
    }

    #[test]
    fn date_order_reports_first_violation() {
        let at = |line| LineRef {
            file: "f".into(),
            line,
        };
        let mut o = DateOrder::strict();
        o.check(at(2), d(2024, 1, 2)).unwrap();
        assert!(matches!(
            o.check(at(3), d(2024, 1, 2)),
            Err(DataError::DuplicateDate { first_line: 2, .. })
        ));
        let mut o = DateOrder::non_decreasing();
        o.check(at(2), d(2024, 1, 2)).unwrap();
        o.check(at(3), d(2024, 1, 2)).unwrap();
        assert!(matches!(
            o.check(at(4), d(2024, 1, 1)),
            Err(DataError::UnsortedDates {
                previous_line: 3,
                ..
            })
        ));
    }
}
