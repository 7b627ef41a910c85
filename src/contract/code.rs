//! Contract codes: a root plus a delivery (or settlement) month, e.g. `TUM24`, `T2406`.

use super::root::{Root, RootSpec};
use chrono::NaiveDate;
use std::fmt;

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
    fn next_and_prev_follow_the_cycle() {
        let tu = ContractCode::new(Root::TU, 2024, 12).unwrap();
        assert_eq!(tu.next().unwrap().to_string(), "TUH25");
        assert_eq!(tu.next().unwrap().prev().unwrap(), tu);
        let vx = ContractCode::new(Root::VX, 2024, 12).unwrap();
        assert_eq!(vx.next().unwrap().to_string(), "VXF25");
        assert!(ContractCode::new(Root::TU, 2024, 4).is_err());
    }
}
