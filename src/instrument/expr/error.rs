//! Errors of the spread-expression parser and of building spreads from legs.

use crate::contract::ContractError;
use std::fmt;

/// Shows `found` in a message: quoted, or `end of input` when the text ended there.
struct Found<'a>(&'a str);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("end of input")
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

/// A malformed spread expression or an invalid set of legs.
///
/// Parse errors carry the byte `offset` into the expression where the problem is (always a
/// `char` boundary), the text `found` there (empty at the end of the input) and, where the
/// cause leaves a choice, what was `expected`. Messages read `expected … at offset N, found …`.
/// Errors of [`SpreadExpr::new`](crate::instrument::SpreadExpr::new) and
/// [`Leg::new`](crate::instrument::Leg::new), which build from values rather than text, have no
/// offset.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExprError {
    /// The text is empty or only whitespace.
    #[error(
        "expected a spread expression such as 2×TUM24−1×TYM24 at offset {offset}, found end of input"
    )]
    Blank {
        /// The end of the text (its length).
        offset: usize,
    },
    /// A sign or multiplication sign with nothing after it (`2×`, `TUM24−`).
    #[error(
        "expected a leg at offset {offset} after the dangling {operator:?} at offset {operator_offset}, found end of input"
    )]
    DanglingOperator {
        /// The end of the text (its length).
        offset: usize,
        /// The operator as written (`+`, `-`, `−`, `×` or `*`).
        operator: String,
        /// Where the operator is.
        operator_offset: usize,
    },
    /// Two legs with no `+` or `−` between them (`TUM24 TYM24`).
    #[error("expected + or − before the next leg at offset {offset}, found {}", Found(.found))]
    MissingSign {
        /// Where the second leg starts.
        offset: usize,
        /// The token found there.
        found: String,
    },
    /// A ratio that is zero (`0×TUM24`, `-0.0×TYM24`): a leg must trade something.
    #[error("expected a non-zero ratio at offset {offset}, found {}", Found(.found))]
    ZeroRatio {
        /// Where the ratio is.
        offset: usize,
        /// The ratio as written.
        found: String,
    },
    /// A ratio that is not a plain positive decimal (`1.2.3`, `.5`, `1e3`, `x`), or one too
    /// large to be a finite `f64`.
    #[error("expected {expected} at offset {offset}, found {}", Found(.found))]
    BadRatio {
        /// Where the ratio is.
        offset: usize,
        /// The ratio as written.
        found: String,
        /// What a ratio must look like.
        expected: &'static str,
    },
    /// A ratio written against its contract with no `×` or `*` (`2TUM24`, `2 TUM24`).
    #[error(
        "expected × or * between the ratio and the contract at offset {offset}, found {}",
        Found(.found)
    )]
    MissingMultiply {
        /// Where the contract starts.
        offset: usize,
        /// The contract text found there.
        found: String,
    },
    /// A ratio with no contract after it (`TUM24−2`, `2+TYM24`).
    #[error(
        "expected × or * and a contract at offset {offset} after the ratio {ratio:?} at offset {ratio_offset}, found {}",
        Found(.found)
    )]
    RatioWithoutContract {
        /// Where the contract should be.
        offset: usize,
        /// What was found there (empty at the end of the input).
        found: String,
        /// The ratio as written.
        ratio: String,
        /// Where the ratio is.
        ratio_offset: usize,
    },
    /// The same contract twice, including `TU` and `TU1` (both the front TU contract) and
    /// `ZNM24` and `TYM24` (an alias of the same code).
    #[error(
        "expected a contract not already in the spread at offset {offset}, found {found:?} (the same contract as {first:?} at offset {first_offset})"
    )]
    DuplicateLeg {
        /// Where the second occurrence is.
        offset: usize,
        /// The second occurrence as written.
        found: String,
        /// The first occurrence as written.
        first: String,
        /// Where the first occurrence is.
        first_offset: usize,
    },
    /// A contract that does not start with a known root or Globex alias.
    #[error(
        "expected a contract root (TU FV TY TN US UB TS TF T TL EC VX, or ZT ZF ZN ZB 6E) at offset {offset}, found {}",
        Found(.found)
    )]
    UnknownRoot {
        /// Where the contract starts.
        offset: usize,
        /// The contract text found there.
        found: String,
    },
    /// Digits after a root that are neither a nearby number `1`–`9` (`TU2`, `T2`) nor a CFFEX
    /// month `YYMM` (`T2406`).
    #[error("expected {expected} at offset {offset}, found {}", Found(.found))]
    BadNearby {
        /// Where the digits start.
        offset: usize,
        /// The digits found.
        found: String,
        /// What was expected for this root.
        expected: &'static str,
    },
    /// A specific contract code that does not parse. The wrapped error's offset is already
    /// shifted into the expression, so both offsets point at the same byte.
    #[error("{}", BadCodeMessage(.offset, .error))]
    BadCode {
        /// Where the problem in the code is, in the expression.
        offset: usize,
        /// The contract-code error, with its offset shifted into the expression.
        error: ContractError,
    },
    /// A valid token in the wrong place (`×TUM24`, `TUM24×2`, `+−TYM24`).
    #[error("expected {expected} at offset {offset}, found {}", Found(.found))]
    UnexpectedToken {
        /// Where the token is.
        offset: usize,
        /// The token.
        found: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A character that is not part of the language (`/`, `(`, `÷`, a letter from another
    /// script).
    #[error("expected {expected} at offset {offset}, found {}", Found(.found))]
    StrayCharacter {
        /// Where the character is.
        offset: usize,
        /// The character.
        found: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A leg built from a ratio that is zero or not finite.
    #[error("expected a finite non-zero ratio, found {ratio}")]
    InvalidRatio {
        /// The ratio given.
        ratio: f64,
    },
    /// A spread built from no legs.
    #[error("expected at least one leg, found none")]
    NoLegs,
    /// A spread built with the same contract in two legs (see [`ExprError::DuplicateLeg`]).
    #[error(
        "expected each contract in one leg only, found {contract} in legs {first_leg} and {second_leg}"
    )]
    DuplicateContract {
        /// The contract, as displayed.
        contract: String,
        /// Index of the first leg holding it.
        first_leg: usize,
        /// Index of the second leg holding it.
        second_leg: usize,
    },
    /// A list of new ratios whose length is not the number of legs.
    #[error("expected {legs} ratios (one per leg), found {found}")]
    RatioCountMismatch {
        /// Number of legs.
        legs: usize,
        /// Number of ratios given.
        found: usize,
    },
}

/// The message of [`ExprError::BadCode`]: the code error itself when it is positioned.
struct BadCodeMessage<'a>(&'a usize, &'a ContractError);

impl fmt::Display for BadCodeMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            ContractError::Parse(e) => write!(f, "{e}"),
            other => write!(f, "invalid contract code at offset {}: {other}", self.0),
        }
    }
}

impl ExprError {
    /// The byte offset of the problem in the expression, or `None` for errors of building a
    /// spread from values ([`ExprError::InvalidRatio`], [`ExprError::NoLegs`],
    /// [`ExprError::DuplicateContract`], [`ExprError::RatioCountMismatch`]).
    pub fn offset(&self) -> Option<usize> {
        use ExprError as E;
        match self {
            E::Blank { offset }
            | E::DanglingOperator { offset, .. }
            | E::MissingSign { offset, .. }
            | E::ZeroRatio { offset, .. }
            | E::BadRatio { offset, .. }
            | E::MissingMultiply { offset, .. }
            | E::RatioWithoutContract { offset, .. }
            | E::DuplicateLeg { offset, .. }
            | E::UnknownRoot { offset, .. }
            | E::BadNearby { offset, .. }
            | E::BadCode { offset, .. }
            | E::UnexpectedToken { offset, .. }
            | E::StrayCharacter { offset, .. } => Some(*offset),
            E::InvalidRatio { .. }
            | E::NoLegs
            | E::DuplicateContract { .. }
            | E::RatioCountMismatch { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_found_reads_end_of_input() {
        let e = ExprError::RatioWithoutContract {
            offset: 1,
            found: String::new(),
            ratio: "2".into(),
            ratio_offset: 0,
        };
        assert_eq!(
            e.to_string(),
            "expected × or * and a contract at offset 1 after the ratio \"2\" at offset 0, found end of input"
        );
        assert_eq!(e.offset(), Some(1));
    }

    #[test]
    fn construction_errors_have_no_offset() {
        assert_eq!(ExprError::NoLegs.offset(), None);
        assert_eq!(
            ExprError::InvalidRatio { ratio: f64::NAN }.to_string(),
            "expected a finite non-zero ratio, found NaN"
        );
    }
}
