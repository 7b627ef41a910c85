//! Contract codes: a root plus a delivery (or settlement) month, e.g. `TUM24`, `T2406`.

use super::root::{Root, RootSpec};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// Futures month letters (CME/CBOT/Cboe), spec §0.
pub const MONTH_LETTERS: [char; 12] = ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'];

/// The month letter for calendar month `month` (1–12), or `None` outside 1–12.
pub fn month_letter(month: u32) -> Option<char> {
    MONTH_LETTERS.get(month.checked_sub(1)? as usize).copied()
}

/// The calendar month (1–12) of a futures month letter, or `None` if `letter` is not one.
pub fn month_of_letter(letter: char) -> Option<u32> {
    MONTH_LETTERS
        .iter()
        .position(|&l| l == letter)
        .map(|i| i as u32 + 1)
}

/// One listed futures contract: a [`Root`] and its contract month.
///
/// Construct it with [`ContractCode::new`] (validated) or parse it from text (see the
/// `FromStr` impl). `Display` writes the canonical form: `TUM24`, `VXM24`, `ECM24` for CME,
/// CBOT and Cboe roots (root + month letter + 2-digit year) and `T2406`, `TS2406` for CFFEX
/// roots (root + YYMM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContractCode {
    root: Root,
    year: i32,
    month: u32,
}

/// Earliest contract year the crate represents (2-digit years resolve into 1970–2069).
pub const MIN_CONTRACT_YEAR: i32 = 1970;
/// Latest contract year the crate represents.
pub const MAX_CONTRACT_YEAR: i32 = 2069;

impl ContractCode {
    /// A validated contract code.
    ///
    /// # Errors
    /// [`super::ContractError::MonthNotListed`] if `month` is not in the root's listing cycle
    /// (e.g. `TU` in April), [`super::ContractError::YearOutOfRange`] if `year` is outside
    /// [`MIN_CONTRACT_YEAR`]..=[`MAX_CONTRACT_YEAR`].
    pub fn new(root: Root, year: i32, month: u32) -> Result<Self, super::ContractError> {
        if !(MIN_CONTRACT_YEAR..=MAX_CONTRACT_YEAR).contains(&year) {
            return Err(super::ContractError::YearOutOfRange {
                year,
                min: MIN_CONTRACT_YEAR,
                max: MAX_CONTRACT_YEAR,
            });
        }
        if !root.spec().cycle.lists_month(month) {
            return Err(super::ContractError::MonthNotListed { root, month });
        }
        Ok(ContractCode { root, year, month })
    }

    /// The root.
    pub const fn root(&self) -> Root {
        self.root
    }

    /// The root's static specification.
    pub fn spec(&self) -> &'static RootSpec {
        self.root.spec()
    }

    /// The 4-digit contract year.
    pub const fn year(&self) -> i32 {
        self.year
    }

    /// The contract month, 1–12.
    pub const fn month(&self) -> u32 {
        self.month
    }

    /// The first calendar day of the contract month (the reference date of the CBOT
    /// deliverable-grade and conversion-factor rules, spec §1.4–1.5).
    ///
    /// # Panics
    /// Never: the year and month were validated when the code was built.
    pub fn month_start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .expect("year and month were validated by ContractCode::new")
    }

    /// The next listed contract of the same root (e.g. `TUM24` → `TUU24`), or `None` past
    /// [`MAX_CONTRACT_YEAR`].
    pub fn next(&self) -> Option<ContractCode> {
        let (mut y, mut m) = (self.year, self.month);
        loop {
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
            if y > MAX_CONTRACT_YEAR {
                return None;
            }
            if self.root.spec().cycle.lists_month(m) {
                return Some(ContractCode {
                    root: self.root,
                    year: y,
                    month: m,
                });
            }
        }
    }

    /// The previous listed contract of the same root, or `None` before [`MIN_CONTRACT_YEAR`].
    pub fn prev(&self) -> Option<ContractCode> {
        let (mut y, mut m) = (self.year, self.month);
        loop {
            if m == 1 {
                m = 12;
                y -= 1;
            } else {
                m -= 1;
            }
            if y < MIN_CONTRACT_YEAR {
                return None;
            }
            if self.root.spec().cycle.lists_month(m) {
                return Some(ContractCode {
                    root: self.root,
                    year: y,
                    month: m,
                });
            }
        }
    }

    /// Whether the canonical form uses the CFFEX `YYMM` style.
    pub fn is_cffex_style(&self) -> bool {
        self.root.spec().exchange == crate::units::Exchange::Cffex
    }
}

impl fmt::Display for ContractCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yy = self.year.rem_euclid(100);
        if self.is_cffex_style() {
            write!(f, "{}{:02}{:02}", self.root, yy, self.month)
        } else {
            let letter = month_letter(self.month).expect("month validated as 1-12");
            write!(f, "{}{}{:02}", self.root, letter, yy)
        }
    }
}

/// The decade in which a 1-digit contract year is read when no reference date is given
/// (`TYM4` is June 2024). See [`ContractCode::parse_with_reference`] for other decades.
pub const ONE_DIGIT_YEAR_DECADE: i32 = 2020;

/// 2-digit years `00..=69` are read as 2000–2069 and `70..=99` as 1970–1999.
pub const TWO_DIGIT_YEAR_PIVOT: i32 = 70;

impl ContractCode {
    /// Parses a contract code, resolving a 1-digit year (`TYM4`) to the first year ending in
    /// that digit whose contract month is not before `reference`'s month.
    ///
    /// Accepted spellings: `TUM24`, `TYM4`, Globex aliases (`ZTM4`, `ZNM24`, `ZFM24`, `ZBM24`,
    /// `6EM24`), `ECM24`, `VXM24`, CFFEX `T2406`, `TS2406`, `TF2409`, `TL2412`, each optionally
    /// followed by `.CFE`. Letters may be in any case.
    ///
    /// # Errors
    /// [`super::ContractError::Parse`] with the byte offset of the problem;
    /// [`super::ContractError::MonthNotListed`] or [`super::ContractError::YearOutOfRange`] for a
    /// well-formed code that names no listed contract.
    pub fn parse_with_reference(
        text: &str,
        reference: NaiveDate,
    ) -> Result<Self, super::ContractError> {
        parse_code(text, Some(reference))
    }
}

fn err(offset: usize, found: &str, expected: &'static str) -> super::ContractError {
    super::ContractError::Parse(CodeParseError {
        offset,
        found: found.to_owned(),
        expected,
    })
}

fn parse_code(
    text: &str,
    reference: Option<NaiveDate>,
) -> Result<ContractCode, super::ContractError> {
    if text.is_empty() {
        return Err(err(0, "", "a contract code"));
    }
    let upper = text.to_ascii_uppercase();
    let body = upper.strip_suffix(".CFE").unwrap_or(&upper);
    let bytes = body.as_bytes();
    // The root is a 1-2 character prefix that names a root ("T", "TS", "6E"). Try the longer
    // one first; if it names a root but the rest is malformed, report that error.
    let mut first_error = None;
    for root_len in [2usize, 1] {
        if bytes.len() <= root_len || !body.is_char_boundary(root_len) {
            continue;
        }
        let Some(root) = Root::from_symbol(&body[..root_len]) else {
            continue;
        };
        match parse_tail(root, root_len, &body[root_len..], reference) {
            Ok(code) => return Ok(code),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let root_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len())
        .min(2);
    Err(err(
        0,
        &body[..root_end],
        "a contract root (TU FV TY TN US UB TS TF T TL EC VX or ZT ZF ZN ZB 6E)",
    ))
}

fn parse_tail(
    root: Root,
    at: usize,
    tail: &str,
    reference: Option<NaiveDate>,
) -> Result<ContractCode, super::ContractError> {
    if root.spec().exchange == crate::units::Exchange::Cffex {
        // CFFEX: YYMM.
        if tail.len() != 4 || !tail.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(at, tail, "a CFFEX contract month YYMM (e.g. 2406)"));
        }
        let yy: i32 = tail[..2].parse().map_err(|_| err(at, tail, "YYMM"))?;
        let mm: u32 = tail[2..]
            .parse()
            .map_err(|_| err(at + 2, &tail[2..], "a month 01-12"))?;
        if !(1..=12).contains(&mm) {
            return Err(err(at + 2, &tail[2..], "a month 01-12"));
        }
        return ContractCode::new(root, two_digit_year(yy), mm);
    }
    let Some(letter) = tail.chars().next() else {
        return Err(err(at, tail, "a month letter F G H J K M N Q U V X Z"));
    };
    let Some(month) = month_of_letter(letter) else {
        return Err(err(
            at,
            &tail[..letter.len_utf8()],
            "a month letter F G H J K M N Q U V X Z",
        ));
    };
    let year_text = &tail[1..];
    if year_text.is_empty() || year_text.len() > 2 || !year_text.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(err(at + 1, year_text, "a 1- or 2-digit year"));
    }
    let digits: i32 = year_text
        .parse()
        .map_err(|_| err(at + 1, year_text, "a year"))?;
    let year = if year_text.len() == 2 {
        two_digit_year(digits)
    } else {
        one_digit_year(digits, month, reference)
    };
    ContractCode::new(root, year, month)
}

fn two_digit_year(yy: i32) -> i32 {
    if yy >= TWO_DIGIT_YEAR_PIVOT {
        1900 + yy
    } else {
        2000 + yy
    }
}

fn one_digit_year(digit: i32, month: u32, reference: Option<NaiveDate>) -> i32 {
    use chrono::Datelike;
    match reference {
        None => ONE_DIGIT_YEAR_DECADE + digit,
        Some(r) => {
            let mut year = r.year() - r.year().rem_euclid(10) + digit;
            if (year, month) < (r.year(), r.month()) {
                year += 10;
            }
            year
        }
    }
}

impl FromStr for ContractCode {
    type Err = super::ContractError;

    /// Parses a contract code; a 1-digit year is read in the decade
    /// [`ONE_DIGIT_YEAR_DECADE`] (`TYM4` = June 2024).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_code(s, None)
    }
}

/// A contract code that could not be parsed: where, what was found and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected} at offset {offset}, found {found:?}")]
pub struct CodeParseError {
    /// Byte offset into the text where the problem starts.
    pub offset: usize,
    /// The text found there.
    pub found: String,
    /// What was expected.
    pub expected: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_canonical_codes() {
        let c = |r, y, m| ContractCode::new(r, y, m).unwrap().to_string();
        assert_eq!(c(Root::TU, 2024, 6), "TUM24");
        assert_eq!(c(Root::T, 2024, 6), "T2406");
        assert_eq!(c(Root::VX, 2024, 6), "VXM24");
        assert_eq!(c(Root::TY, 2005, 12), "TYZ05");
    }

    #[test]
    fn parses_exchange_and_vendor_spellings() {
        let p = |s: &str| s.parse::<ContractCode>().unwrap().to_string();
        assert_eq!(p("TUM24"), "TUM24");
        assert_eq!(p("TYM4"), "TYM24");
        assert_eq!(p("ZNM24"), "TYM24");
        assert_eq!(p("ZTM4"), "TUM24");
        assert_eq!(p("6EM24"), "ECM24");
        assert_eq!(p("T2406"), "T2406");
        assert_eq!(p("TS2406.CFE"), "TS2406");
        assert_eq!(p("TL2412"), "TL2412");
        assert_eq!(p("tym24"), "TYM24");
        assert_eq!(p("TYZ95"), "TYZ95");
        let r = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
        assert_eq!(
            ContractCode::parse_with_reference("TYH0", r)
                .unwrap()
                .to_string(),
            "TYH20"
        );
        assert_eq!(
            ContractCode::parse_with_reference("TYU9", r)
                .unwrap()
                .to_string(),
            "TYU19"
        );
        assert_eq!(
            ContractCode::parse_with_reference("TYM9", r)
                .unwrap()
                .to_string(),
            "TYM29"
        );
    }

    #[test]
    fn rejects_bad_codes_with_offsets() {
        let e = |s: &str| s.parse::<ContractCode>().unwrap_err().to_string();
        assert!(e("XXM24").contains("offset 0"), "{}", e("XXM24"));
        assert!(e("TUA24").contains("offset 2"), "{}", e("TUA24"));
        assert!(e("TUM").contains("offset 3"), "{}", e("TUM"));
        assert!(e("TUJ24").contains("does not list"), "{}", e("TUJ24"));
        assert!(e("T2413").contains("offset 3"), "{}", e("T2413"));
        assert!(e("").contains("offset 0"));
    }

    #[test]
    fn next_and_prev_follow_the_cycle() {
        let tu = ContractCode::new(Root::TU, 2024, 12).unwrap();
        assert_eq!(tu.next().unwrap().to_string(), "TUH25");
        assert_eq!(tu.next().unwrap().prev().unwrap(), tu);
        let vx = ContractCode::new(Root::VX, 2024, 12).unwrap();
        assert_eq!(vx.next().unwrap().to_string(), "VXF25");
        assert!(ContractCode::new(Root::TU, 2024, 4).is_err());
    }
}
