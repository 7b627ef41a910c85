//! Contract codes: a root plus a delivery (or settlement) month, e.g. `TUM24`, `T2406`.
//!
//! The accepted spellings, the year rules and the error conventions are documented on
//! [`ContractCode`], which is the public face of this module.

use super::root::{ListingCycle, Root, RootSpec};
use crate::units::Exchange;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Futures month letters (CME/CBOT/Cboe), spec §0.
pub const MONTH_LETTERS: [char; 12] = ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'];

/// The month letter for calendar month `month` (1–12), or `None` outside 1–12.
pub fn month_letter(month: u32) -> Option<char> {
    MONTH_LETTERS.get(month.checked_sub(1)? as usize).copied()
}

/// The calendar month (1–12) of a futures month letter, or `None` if `letter` is not one.
///
/// Only the upper-case letters of [`MONTH_LETTERS`] are month letters here; the parser
/// upper-cases its input first.
pub fn month_of_letter(letter: char) -> Option<u32> {
    MONTH_LETTERS
        .iter()
        .position(|&l| l == letter)
        .map(|i| i as u32 + 1)
}

/// One listed futures contract: a [`Root`] and its contract month.
///
/// Construct it with [`ContractCode::new`] (validated) or parse it from text with `FromStr`
/// or [`ContractCode::parse_with_reference`]. `Display` writes the canonical form: `TUM24`,
/// `VXM24`, `ECM24` for CME, CBOT and Cboe roots (root + month letter + 2-digit year) and
/// `T2406`, `TS2406` for CFFEX roots (root + YYMM). Parsing the canonical form gives the same
/// code back.
///
/// # Accepted spellings (spec §0)
///
/// | style | form | examples |
/// |---|---|---|
/// | CME / CBOT / Cboe | root + month letter + 2-digit year | `TUM24`, `TYZ05`, `VXM24`, `ECM24` |
/// | vendor feeds | root + month letter + 1-digit year | `TYM4`, `ZNM4`, `6EM4` |
/// | Globex aliases | `ZT` `ZF` `ZN` `ZB` `6E` for `TU` `FV` `TY` `US` `EC` | `ZTM4`, `ZNM24`, `6EM24` |
/// | CFFEX | root + `YYMM`, optional `.CFE` vendor suffix | `T2406`, `TS2406`, `TF2409.CFE` |
///
/// Letters may be in any case (`tym24`); nothing else is accepted: no surrounding spaces, no
/// 4-digit years, no `.CFE` suffix on a non-CFFEX root (Cboe's exchange is also called CFE, so
/// the suffix would be ambiguous there). The month must be one the root lists (`TUJ24` is
/// rejected: TU is quarterly).
///
/// # Year rules
///
/// - **2-digit years** pivot at [`TWO_DIGIT_YEAR_PIVOT`]: `00..=69` are 2000–2069 and
///   `70..=99` are 1970–1999, so every representable year ([`MIN_CONTRACT_YEAR`] ..=
///   [`MAX_CONTRACT_YEAR`]) has exactly one 2-digit spelling and `Display` round-trips.
/// - **1-digit years** (`TYM4`) are read in the decade [`ONE_DIGIT_YEAR_DECADE`] by `FromStr`
///   (`TYM4` = June 2024). [`ContractCode::parse_with_reference`] instead picks the first year
///   ending in that digit whose contract month is not before the reference date's month, the
///   way a feed that only lists live contracts means it.
///
/// # Errors
///
/// Every malformed code gives [`ContractError::Parse`](super::ContractError::Parse) with a
/// [`CodeParseError`]: the byte offset of the problem, the text found there and what was
/// expected, e.g. `expected a month letter (F G H J K M N Q U V X Z) at offset 2, found "A"`.
/// Its `kind` field says which rule was broken (empty text, unknown root, bad month, month not
/// listed, bad year, year out of range, trailing text).
///
/// # Serde
///
/// A code serializes as its canonical string (`"TUM24"`) and deserializes from any spelling
/// `FromStr` accepts.
///
/// # Examples
///
/// ```
/// use spreadtrade::contract::{ContractCode, Root};
///
/// let code: ContractCode = "ZNM4".parse()?;
/// assert_eq!(code.root(), Root::TY);
/// assert_eq!((code.year(), code.month()), (2024, 6));
/// assert_eq!(code.to_string(), "TYM24");
/// assert_eq!("t2406.cfe".parse::<ContractCode>()?.to_string(), "T2406");
///
/// let err = "TUA24".parse::<ContractCode>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"expected a month letter (F G H J K M N Q U V X Z) at offset 2, found "A""#
/// );
/// # Ok::<(), spreadtrade::contract::ContractError>(())
/// ```
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
        is_cffex(self.root)
    }
}

fn is_cffex(root: Root) -> bool {
    root.spec().exchange == Exchange::Cffex
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
    /// With a reference in July 2019, `TYU9` is September 2019, `TYM9` is June 2029 (June 2019
    /// has already gone) and `TYH0` is March 2020. 2-digit years ignore the reference and use
    /// the [`TWO_DIGIT_YEAR_PIVOT`] rule. The accepted spellings are those of the `FromStr`
    /// impl (see [`ContractCode`]).
    ///
    /// # Errors
    /// [`super::ContractError::Parse`] with the byte offset of the problem, including a
    /// 1-digit year that resolves outside [`MIN_CONTRACT_YEAR`]..=[`MAX_CONTRACT_YEAR`]
    /// (kind `YearOutOfRange`) and a month the root does not list (kind `MonthNotListed`).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::ContractCode;
    ///
    /// let july_2019 = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
    /// let code = ContractCode::parse_with_reference("TYM9", july_2019)?;
    /// assert_eq!(code.to_string(), "TYM29");
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn parse_with_reference(
        text: &str,
        reference: NaiveDate,
    ) -> Result<Self, super::ContractError> {
        Ok(parse_code(text, Some(reference))?)
    }
}

impl FromStr for ContractCode {
    type Err = super::ContractError;

    /// Parses a contract code; a 1-digit year is read in the decade
    /// [`ONE_DIGIT_YEAR_DECADE`] (`TYM4` = June 2024) and a 2-digit year with the
    /// [`TWO_DIGIT_YEAR_PIVOT`] rule (`TYZ95` = December 1995).
    ///
    /// # Errors
    /// Always [`super::ContractError::Parse`], with the byte offset, what was found and what
    /// was expected.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(parse_code(s, None)?)
    }
}

impl Serialize for ContractCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ContractCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = ContractCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a contract code such as \"TUM24\" or \"T2406\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ContractCode, E> {
                parse_code(v, None).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

/// Which rule of the contract-code grammar a [`CodeParseError`] broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeErrorKind {
    /// The text is empty.
    Empty,
    /// The text does not start with a known root or Globex alias.
    UnknownRoot,
    /// No month where one was expected, or something that is not a month letter (CME style) or
    /// a month `01`–`12` (CFFEX style).
    BadMonth,
    /// A real month that the root does not list (`TUJ24`: TU is quarterly).
    MonthNotListed {
        /// The root.
        root: Root,
        /// The calendar month given (1–12).
        month: u32,
    },
    /// The year is missing or malformed (not 1 or 2 ASCII digits; CFFEX: not `YYMM`).
    BadYear,
    /// A 1-digit year that resolves (against a reference date) outside
    /// [`MIN_CONTRACT_YEAR`]..=[`MAX_CONTRACT_YEAR`].
    YearOutOfRange {
        /// The year it resolved to.
        year: i32,
    },
    /// Text after a complete code (other than `.CFE` on a CFFEX root).
    TrailingText,
}

/// A contract code that could not be parsed: where, what was found and what was expected.
///
/// The message reads `expected {expected} at offset {offset}, found {found}`, with `found`
/// quoted (or `end of input` when the text ended early).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeParseError {
    /// Byte offset into the text where the problem starts (always a `char` boundary).
    pub offset: usize,
    /// The text found there; empty when the text ended early.
    pub found: String,
    /// What was expected.
    pub expected: &'static str,
    /// Which rule was broken.
    pub kind: CodeErrorKind,
}

impl CodeParseError {
    /// The same error with its offset moved `by` bytes to the right: for a code embedded in a
    /// longer text (a spread expression) at byte offset `by`.
    pub fn shifted(mut self, by: usize) -> Self {
        self.offset += by;
        self
    }
}

/// Writes `found` for an error message: quoted, or `end of input` when empty.
fn fmt_found(f: &mut fmt::Formatter<'_>, found: &str) -> fmt::Result {
    if found.is_empty() {
        f.write_str("end of input")
    } else {
        write!(f, "{found:?}")
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for CodeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} at offset {}, found ",
            self.expected, self.offset
        )?;
        fmt_found(f, &self.found)?;
        match self.kind {
            CodeErrorKind::MonthNotListed { root, month } => {
                let name = month
                    .checked_sub(1)
                    .and_then(|i| MONTH_NAMES.get(i as usize))
                    .copied()
                    .unwrap_or("that month");
                write!(f, " ({root} does not list {name} contracts)")
            }
            CodeErrorKind::YearOutOfRange { year } => write!(f, " (year {year})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for CodeParseError {}

/// What the parser expected, as shown in error messages.
mod expect {
    pub const CODE: &str = "a contract code such as TUM24 or T2406";
    pub const ROOT: &str =
        "a contract root (TU FV TY TN US UB TS TF T TL EC VX, or ZT ZF ZN ZB 6E)";
    pub const MONTH_LETTER: &str = "a month letter (F G H J K M N Q U V X Z)";
    pub const QUARTERLY_LETTER: &str = "a quarterly month letter (H M U Z)";
    pub const YYMM: &str = "a CFFEX contract month YYMM (e.g. 2406)";
    pub const QUARTERLY_MM: &str = "a quarterly month 03, 06, 09 or 12";
    pub const YEAR: &str = "a 1- or 2-digit year";
    pub const YEAR_RANGE: &str = "a year in 1970..=2069";
    pub const END: &str = "the end of the contract code";
    pub const END_CFFEX: &str = "the end of the contract code or .CFE";
}

fn error(
    text: &str,
    offset: usize,
    len: usize,
    expected: &'static str,
    kind: CodeErrorKind,
) -> CodeParseError {
    CodeParseError {
        offset,
        found: text.get(offset..offset + len).unwrap_or("").to_owned(),
        expected,
        kind,
    }
}

/// The length in bytes of the `char` starting at `offset` (0 at the end of `text`).
fn char_len_at(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

/// The length of the run of ASCII digits at the start of `bytes`.
fn digit_run(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The root a symbol of one or two ASCII bytes names (canonical or Globex alias), in any case,
/// without allocating: the same table as [`Root::from_symbol`] (a test checks that they
/// agree), shared by the code and spread-expression parsers.
pub(crate) fn root_of_bytes(symbol: &[u8]) -> Option<Root> {
    let root = match symbol {
        [a] => match a.to_ascii_uppercase() {
            b'T' => Root::T,
            _ => return None,
        },
        [a, b] => match [a.to_ascii_uppercase(), b.to_ascii_uppercase()] {
            [b'T', b'U'] | [b'Z', b'T'] => Root::TU,
            [b'F', b'V'] | [b'Z', b'F'] => Root::FV,
            [b'T', b'Y'] | [b'Z', b'N'] => Root::TY,
            [b'T', b'N'] => Root::TN,
            [b'U', b'S'] | [b'Z', b'B'] => Root::US,
            [b'U', b'B'] => Root::UB,
            [b'T', b'S'] => Root::TS,
            [b'T', b'F'] => Root::TF,
            [b'T', b'L'] => Root::TL,
            [b'E', b'C'] | [b'6', b'E'] => Root::EC,
            [b'V', b'X'] => Root::VX,
            _ => return None,
        },
        _ => return None,
    };
    Some(root)
}

/// The root at the start of `text` and its length in bytes: the longest symbol that names a
/// root (`TS` before `T`), in any case.
///
/// `T` followed by an ASCII letter is not a root prefix: no code or generic leg of the CFFEX
/// root `T` continues with a letter, so `TX…` is reported as an unknown root rather than as a
/// malformed `T` code.
pub(crate) fn root_prefix(text: &str) -> Option<(Root, usize)> {
    let bytes = text.as_bytes();
    if let Some(root) = bytes.get(..2).and_then(root_of_bytes) {
        return Some((root, 2));
    }
    let root = bytes.get(..1).and_then(root_of_bytes)?;
    match bytes.get(1) {
        Some(b) if b.is_ascii_alphabetic() => None,
        _ => Some((root, 1)),
    }
}

/// The error for text that does not start with a root: the leading run of ASCII alphanumerics
/// (or the first `char` when that is not one).
fn unknown_root(text: &str) -> CodeParseError {
    let run = text
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count()
        .max(char_len_at(text, 0));
    error(text, 0, run, expect::ROOT, CodeErrorKind::UnknownRoot)
}

/// Parses a whole contract code without allocating (errors allocate their `found` text).
fn parse_code(text: &str, reference: Option<NaiveDate>) -> Result<ContractCode, CodeParseError> {
    if text.is_empty() {
        return Err(error(text, 0, 0, expect::CODE, CodeErrorKind::Empty));
    }
    let Some((root, at)) = root_prefix(text) else {
        return Err(unknown_root(text));
    };
    let bytes = text.as_bytes();
    let cffex = is_cffex(root);
    let (year, month, end) = if cffex {
        parse_yymm(text, root, at)?
    } else {
        parse_letter_year(text, root, at, reference)?
    };
    // `end` is just past the last digit, so it is a char boundary.
    let rest = bytes.get(end..).unwrap_or(&[]);
    let suffix_ok = cffex && rest.eq_ignore_ascii_case(b".CFE");
    if !(rest.is_empty() || suffix_ok) {
        let expected = if cffex {
            expect::END_CFFEX
        } else {
            expect::END
        };
        return Err(error(
            text,
            end,
            rest.len(),
            expected,
            CodeErrorKind::TrailingText,
        ));
    }
    Ok(ContractCode { root, year, month })
}

/// CFFEX `YYMM` starting at `at`: the year, the month and the offset just past `MM`.
fn parse_yymm(text: &str, root: Root, at: usize) -> Result<(i32, u32, usize), CodeParseError> {
    let digits = &text.as_bytes()[at..];
    let run = digit_run(digits);
    if run < 4 {
        // Point at the first thing that is not a digit (or at the end).
        let bad = at + run;
        let len = char_len_at(text, bad);
        return Err(error(text, bad, len, expect::YYMM, CodeErrorKind::BadYear));
    }
    if run > 4 {
        let len = run - 4;
        return Err(error(
            text,
            at + 4,
            len,
            expect::END_CFFEX,
            CodeErrorKind::TrailingText,
        ));
    }
    let num = |i: usize| u32::from(digits[i] - b'0');
    let yy = num(0) * 10 + num(1);
    let mm = num(2) * 10 + num(3);
    let listed = root.spec().cycle.lists_month(mm);
    if !listed {
        let kind = if (1..=12).contains(&mm) {
            CodeErrorKind::MonthNotListed { root, month: mm }
        } else {
            CodeErrorKind::BadMonth
        };
        return Err(error(text, at + 2, 2, expect::QUARTERLY_MM, kind));
    }
    // `yy` < 100, so the conversion cannot fail.
    Ok((two_digit_year(yy as i32), mm, at + 4))
}

/// Month letter and 1- or 2-digit year starting at `at`: the year, the month and the offset
/// just past the year.
fn parse_letter_year(
    text: &str,
    root: Root,
    at: usize,
    reference: Option<NaiveDate>,
) -> Result<(i32, u32, usize), CodeParseError> {
    let bytes = text.as_bytes();
    let month = bytes.get(at).and_then(|&b| month_of_byte(b));
    let Some(month) = month else {
        let len = char_len_at(text, at);
        return Err(error(
            text,
            at,
            len,
            expect::MONTH_LETTER,
            CodeErrorKind::BadMonth,
        ));
    };
    if !root.spec().cycle.lists_month(month) {
        let expected = match root.spec().cycle {
            ListingCycle::Quarterly => expect::QUARTERLY_LETTER,
            ListingCycle::Monthly => expect::MONTH_LETTER,
        };
        return Err(error(
            text,
            at,
            1,
            expected,
            CodeErrorKind::MonthNotListed { root, month },
        ));
    }
    let year_at = at + 1;
    let run = digit_run(&bytes[year_at..]);
    if run == 0 || run > 2 {
        // Nothing, or too many digits (`TUM2024`): show the whole digit run, else one char.
        let len = if run == 0 {
            char_len_at(text, year_at)
        } else {
            run
        };
        return Err(error(
            text,
            year_at,
            len,
            expect::YEAR,
            CodeErrorKind::BadYear,
        ));
    }
    let digits = &bytes[year_at..year_at + run];
    let value = digits
        .iter()
        .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    let year = if run == 2 {
        two_digit_year(value)
    } else {
        one_digit_year(value, month, reference)
    };
    if !(MIN_CONTRACT_YEAR..=MAX_CONTRACT_YEAR).contains(&year) {
        return Err(error(
            text,
            year_at,
            run,
            expect::YEAR_RANGE,
            CodeErrorKind::YearOutOfRange { year },
        ));
    }
    Ok((year, month, year_at + run))
}

/// The month of a futures month letter given as a byte, in any case: the table of
/// [`MONTH_LETTERS`] as a `match`, so the parser does not search the array.
fn month_of_byte(b: u8) -> Option<u32> {
    let month = match b.to_ascii_uppercase() {
        b'F' => 1,
        b'G' => 2,
        b'H' => 3,
        b'J' => 4,
        b'K' => 5,
        b'M' => 6,
        b'N' => 7,
        b'Q' => 8,
        b'U' => 9,
        b'V' => 10,
        b'X' => 11,
        b'Z' => 12,
        _ => return None,
    };
    Some(month)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ContractError;

    fn parse_err(s: &str) -> CodeParseError {
        match parse_code(s, None) {
            Err(e) => e,
            Ok(c) => panic!("{s:?} parsed as {c}"),
        }
    }

    /// (offset, found, kind) of the error for `s`.
    fn where_(s: &str) -> (usize, String, CodeErrorKind) {
        let e = parse_err(s);
        (e.offset, e.found, e.kind)
    }

    #[test]
    fn month_byte_table_agrees_with_the_month_letters() {
        for b in 0..=u8::MAX {
            let letter = char::from(b.to_ascii_uppercase());
            assert_eq!(month_of_byte(b), month_of_letter(letter), "{b}");
        }
        for (i, &letter) in MONTH_LETTERS.iter().enumerate() {
            assert_eq!(month_letter(i as u32 + 1), Some(letter));
        }
    }

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
    fn spec_symbol_round_trips() {
        // Spec §6 item 6: TUM24 ↔ (TU, 2024-06), TYM4 ↔ (TY, 2024-06), T2406 ↔ (T, 2024-06),
        // TS2406, VXM24, ECM24 / 6EM4.
        for (text, root, canonical) in [
            ("TUM24", Root::TU, "TUM24"),
            ("TYM4", Root::TY, "TYM24"),
            ("T2406", Root::T, "T2406"),
            ("TS2406", Root::TS, "TS2406"),
            ("VXM24", Root::VX, "VXM24"),
            ("ECM24", Root::EC, "ECM24"),
            ("6EM4", Root::EC, "ECM24"),
        ] {
            let code: ContractCode = text.parse().unwrap();
            assert_eq!((code.root(), code.year(), code.month()), (root, 2024, 6));
            assert_eq!(code.to_string(), canonical);
        }
    }

    #[test]
    fn empty_text_is_reported_at_offset_zero() {
        assert_eq!(where_(""), (0, String::new(), CodeErrorKind::Empty));
        assert_eq!(
            parse_err("").to_string(),
            "expected a contract code such as TUM24 or T2406 at offset 0, found end of input"
        );
    }

    #[test]
    fn unknown_roots_name_the_whole_symbol() {
        use CodeErrorKind::UnknownRoot;
        assert_eq!(where_("XXM24"), (0, "XXM24".into(), UnknownRoot));
        // `T` followed by a letter is no CFFEX code: report the symbol, not a bad YYMM.
        assert_eq!(where_("TXM24"), (0, "TXM24".into(), UnknownRoot));
        assert_eq!(where_("×TU"), (0, "×".into(), UnknownRoot));
        assert_eq!(where_(" TUM24"), (0, " ".into(), UnknownRoot));
        assert_eq!(where_("ＴＵM24"), (0, "Ｔ".into(), UnknownRoot));
        assert_eq!(where_("ZZ"), (0, "ZZ".into(), UnknownRoot));
    }

    #[test]
    fn bad_month_letters_are_located() {
        use CodeErrorKind::BadMonth;
        assert_eq!(where_("TUA24"), (2, "A".into(), BadMonth));
        assert_eq!(where_("TU"), (2, String::new(), BadMonth));
        assert_eq!(where_("TU24"), (2, "2".into(), BadMonth));
        assert_eq!(where_("VXé24"), (2, "é".into(), BadMonth));
        assert_eq!(where_("TU×24"), (2, "×".into(), BadMonth));
    }

    #[test]
    fn months_outside_the_cycle_are_month_not_listed() {
        let e = parse_err("TUJ24");
        assert_eq!(e.offset, 2);
        assert_eq!(e.found, "J");
        assert_eq!(
            e.kind,
            CodeErrorKind::MonthNotListed {
                root: Root::TU,
                month: 4
            }
        );
        assert_eq!(
            e.to_string(),
            "expected a quarterly month letter (H M U Z) at offset 2, found \"J\" \
             (TU does not list April contracts)"
        );
        let e = parse_err("T2405");
        assert_eq!((e.offset, e.found.as_str()), (3, "05"));
        assert!(matches!(
            e.kind,
            CodeErrorKind::MonthNotListed { month: 5, .. }
        ));
        // Not a month at all.
        assert_eq!(where_("T2413"), (3, "13".into(), CodeErrorKind::BadMonth));
        assert_eq!(where_("TS2400"), (4, "00".into(), CodeErrorKind::BadMonth));
        // VX and EC list every month.
        assert!("VXJ24".parse::<ContractCode>().is_ok());
        assert!("ECF25".parse::<ContractCode>().is_ok());
    }

    #[test]
    fn bad_years_are_located() {
        use CodeErrorKind::BadYear;
        assert_eq!(where_("TUM"), (3, String::new(), BadYear));
        assert_eq!(where_("TUM2024"), (3, "2024".into(), BadYear));
        assert_eq!(where_("TUMX4"), (3, "X".into(), BadYear));
        assert_eq!(where_("TUM２４"), (3, "２".into(), BadYear));
        assert_eq!(where_("T24"), (3, String::new(), BadYear));
        assert_eq!(where_("TS24A6"), (4, "A".into(), BadYear));
        assert_eq!(where_("T"), (1, String::new(), BadYear));
    }

    #[test]
    fn one_digit_years_outside_the_range_are_rejected() {
        let r = NaiveDate::from_ymd_opt(2069, 7, 1).unwrap();
        let e = ContractCode::parse_with_reference("TYM9", r).unwrap_err();
        let ContractError::Parse(e) = e else {
            panic!("expected a parse error, got {e:?}")
        };
        assert_eq!(e.offset, 3);
        assert_eq!(e.kind, CodeErrorKind::YearOutOfRange { year: 2079 });
        assert!(e.to_string().contains("1970..=2069"), "{e}");
    }

    #[test]
    fn trailing_text_is_located() {
        use CodeErrorKind::TrailingText;
        assert_eq!(where_("TUM24X"), (5, "X".into(), TrailingText));
        assert_eq!(where_("TUM24 "), (5, " ".into(), TrailingText));
        assert_eq!(where_("TUM24.CFE"), (5, ".CFE".into(), TrailingText));
        assert_eq!(where_("T24066"), (5, "6".into(), TrailingText));
        assert_eq!(where_("T2406.CF"), (5, ".CF".into(), TrailingText));
        assert_eq!(where_("T2406−"), (5, "−".into(), TrailingText));
        assert_eq!(where_("TUM4Z"), (4, "Z".into(), TrailingText));
        assert!("t2406.cfe".parse::<ContractCode>().is_ok());
    }

    #[test]
    fn error_messages_follow_the_crate_style() {
        assert_eq!(
            parse_err("TUA24").to_string(),
            "expected a month letter (F G H J K M N Q U V X Z) at offset 2, found \"A\""
        );
        assert_eq!(
            parse_err("TUM").to_string(),
            "expected a 1- or 2-digit year at offset 3, found end of input"
        );
    }

    #[test]
    fn shifted_moves_the_offset() {
        assert_eq!(parse_err("TUA24").shifted(10).offset, 12);
    }

    #[test]
    fn serde_goes_through_the_canonical_string() {
        let code: ContractCode = "ZNM4".parse().unwrap();
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, "\"TYM24\"");
        let back: ContractCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, code);
        let alias: ContractCode = serde_json::from_str("\"6EM24\"").unwrap();
        assert_eq!(alias.to_string(), "ECM24");
        let err = serde_json::from_str::<ContractCode>("\"TUJ24\"").unwrap_err();
        assert!(err.to_string().contains("offset 2"), "{err}");
        assert!(serde_json::from_str::<ContractCode>("42").is_err());
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

    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// Any root, any month in its cycle, any year in the representable range (both ends
        /// of the 2-digit pivot included).
        fn any_code() -> impl Strategy<Value = ContractCode> {
            (
                proptest::sample::select(Root::ALL.to_vec()),
                MIN_CONTRACT_YEAR..=MAX_CONTRACT_YEAR,
                1u32..=12,
            )
                .prop_filter_map("month not in the root's cycle", |(root, year, month)| {
                    ContractCode::new(root, year, month).ok()
                })
        }

        /// Text near the grammar: root letters, month letters, digits, the CFFEX suffix and a
        /// few non-ASCII characters, so that every error path is reached.
        fn near_code_text() -> impl Strategy<Value = String> {
            "[TUFVYNSBLECXZ6MHJ0-9.×é ]{0,8}"
        }

        proptest! {
            #[test]
            fn display_round_trips(code in any_code()) {
                let text = code.to_string();
                prop_assert_eq!(text.parse::<ContractCode>().unwrap(), code);
                prop_assert_eq!(text.to_ascii_lowercase().parse::<ContractCode>().unwrap(), code);
            }

            #[test]
            fn serde_round_trips(code in any_code()) {
                let json = serde_json::to_string(&code).unwrap();
                prop_assert_eq!(serde_json::from_str::<ContractCode>(&json).unwrap(), code);
            }

            #[test]
            fn arbitrary_text_never_panics_and_errors_point_inside(text in any::<String>()) {
                if let Err(e) = parse_code(&text, None) {
                    prop_assert!(e.offset <= text.len());
                    prop_assert!(text.is_char_boundary(e.offset));
                    prop_assert!(text[e.offset..].starts_with(&e.found));
                }
            }

            #[test]
            fn near_grammar_text_never_panics(text in near_code_text()) {
                match parse_code(&text, None) {
                    Ok(code) => {
                        // Whatever parses must display to something that parses back to it.
                        prop_assert_eq!(code.to_string().parse::<ContractCode>().unwrap(), code);
                    }
                    Err(e) => {
                        prop_assert!(text.is_char_boundary(e.offset));
                        prop_assert!(text[e.offset..].starts_with(&e.found));
                    }
                }
            }
        }
    }
}
