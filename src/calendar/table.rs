//! Holiday tables: a small CSV format with a `date` column, parsed with line/column errors.

use super::{Calendar, CalendarError, check_years};
use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// Parses a holiday table (see [`Calendar::from_holiday_csv`] for the format) into a calendar.
pub(crate) fn parse_holiday_table(
    text: &str,
    source: &str,
    name: Cow<'static, str>,
    years: RangeInclusive<i32>,
) -> Result<Calendar, CalendarError> {
    let (first, last) = (*years.start(), *years.end());
    check_years(first, last)?;
    let table_err =
        |line: usize, column: usize, found: &str, expected: &'static str| CalendarError::Table {
            file: source.to_owned(),
            line,
            column,
            found: found.to_owned(),
            expected,
        };
    let mut seen_header = false;
    let mut holidays: HashMap<NaiveDate, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let field = trimmed.split(',').next().unwrap_or("").trim_end();
        let column = line[..indent].chars().count() + 1;
        if !seen_header {
            if field != "date" {
                return Err(table_err(
                    line_no,
                    column,
                    field,
                    "a header line starting with `date`",
                ));
            }
            seen_header = true;
            continue;
        }
        let date = parse_iso_date(field)
            .ok_or_else(|| table_err(line_no, column, field, "an ISO date YYYY-MM-DD"))?;
        if !years.contains(&date.year()) {
            return Err(CalendarError::HolidayOutsideYears {
                file: source.to_owned(),
                line: line_no,
                date,
                first_year: first,
                last_year: last,
            });
        }
        if let Some(&first_line) = holidays.get(&date) {
            return Err(CalendarError::DuplicateHoliday {
                file: source.to_owned(),
                line: line_no,
                first_line,
                date,
            });
        }
        holidays.insert(date, line_no);
    }
    if !seen_header {
        return Err(table_err(
            text.lines().count().max(1),
            1,
            "",
            "a header line starting with `date`",
        ));
    }
    Calendar::build(name, first, last, |d| holidays.contains_key(&d))
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let y = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(y, digits(5..7)?, digits(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Calendar, CalendarError> {
        parse_holiday_table(text, "t.csv", Cow::Borrowed("t"), 2024..=2024)
    }

    #[test]
    fn parses_comments_header_and_names() {
        let cal =
            parse("# a comment\n\ndate,name\r\n2024-02-12,Spring Festival\n2024-02-13\n").unwrap();
        let h = cal.holidays(2024).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0], NaiveDate::from_ymd_opt(2024, 2, 12).unwrap());
    }

    #[test]
    fn reports_line_and_column() {
        let e = parse("date\n  2024-13-01,x\n").unwrap_err();
        assert_eq!(
            e,
            CalendarError::Table {
                file: "t.csv".into(),
                line: 2,
                column: 3,
                found: "2024-13-01".into(),
                expected: "an ISO date YYYY-MM-DD",
            }
        );
        assert!(
            e.to_string().starts_with("t.csv:2:3: expected an ISO date"),
            "{e}"
        );
        let e = parse("day,name\n").unwrap_err();
        assert!(matches!(e, CalendarError::Table { line: 1, .. }), "{e}");
        let e = parse("# only comments\n").unwrap_err();
        assert!(matches!(e, CalendarError::Table { .. }), "{e}");
        let e = parse("date\n2024-1-05\n").unwrap_err();
        assert!(matches!(e, CalendarError::Table { line: 2, .. }), "{e}");
    }

    #[test]
    fn rejects_dates_outside_the_years_and_duplicates() {
        let e = parse("date\n2025-01-01\n").unwrap_err();
        assert!(
            matches!(e, CalendarError::HolidayOutsideYears { line: 2, .. }),
            "{e}"
        );
        let e = parse("date\n2024-01-01\n2024-01-01\n").unwrap_err();
        assert!(
            matches!(
                e,
                CalendarError::DuplicateHoliday {
                    line: 3,
                    first_line: 2,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn iso_dates_are_strict() {
        assert!(parse_iso_date("2024-02-29").is_some());
        assert!(parse_iso_date("2023-02-29").is_none());
        assert!(parse_iso_date("2024/02/01").is_none());
        assert!(parse_iso_date("+024-02-01").is_none());
        assert!(parse_iso_date("２０２４-02-01").is_none());
    }
}
