//! Spreads: parsed expressions with their legs, canonical display and serde through the string form.

use super::expr::{ExprError, parse_legs};
use super::leg::Leg;
use crate::units::Currency;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A spread trade written as a signed, weighted sum of futures contracts, e.g.
/// `2×TUM24−1×TYM24` (long 2 TU, short 1 TY).
///
/// # Grammar
///
/// ```text
/// expr     = leg { sign leg }                 later legs need a sign
/// leg      = [sign] [ratio times] contract     the first leg's sign is optional
/// sign     = "+" | "-" | "−" (U+2212)
/// times    = "×" (U+00D7) | "*"
/// ratio    = digits [ "." digits ]             positive decimal, not zero: 2, 1.65, 0.5
/// contract = code | root [nearby]              see LegContract
/// ```
///
/// Spaces (any Unicode white space) are optional between tokens and not allowed inside one.
/// A leg without a ratio has ratio 1. A ratio is a plain decimal: no exponent, no leading or
/// trailing `.`. Contracts are [`ContractCode`](crate::contract::ContractCode)s in any spelling
/// (`TUM24`, `ZNM4`, `T2406.CFE`) or generic legs (`T` = the front T contract, `TU2` = the
/// second nearby TU); see [`LegContract`](super::LegContract) for how `T2` (second nearby) and
/// `T2406` (June 2024) are told apart.
///
/// The same contract may not appear twice (`TU` and `TU1` count as the same). Legs in
/// different currencies are allowed; [`net_dv01`](super::net_dv01) reports them separately.
///
/// # Canonical form
///
/// `Display` writes every leg as `ratio×contract` with no spaces, the Unicode signs `×` and
/// `−`, no `+` before a positive first leg, ratios in Rust's shortest round-trip decimal form
/// (`2`, `1.65`, `0.6039755351681957`), and contracts in their canonical form (`ZNM4` →
/// `TYM24`; generic legs as written: `T` stays `T`, `TU1` stays `TU1`):
///
/// | input | canonical |
/// |---|---|
/// | `2*TUM24 - TYM24` | `2×TUM24−1×TYM24` |
/// | `+1×T−2×TS` | `1×T−2×TS` |
/// | `+VXM24` | `1×VXM24` |
/// | `-ECM24` | `−1×ECM24` |
///
/// Parsing the canonical form gives back an equal value. Serde goes through the canonical
/// string.
///
/// ```
/// use spreadtrade::instrument::SpreadExpr;
///
/// let steepener: SpreadExpr = "2*TUM24 - TYM24".parse()?;
/// assert_eq!(steepener.to_string(), "2×TUM24−1×TYM24");
/// assert_eq!(steepener.legs()[1].ratio(), -1.0);
///
/// let err = "2×TUM24−".parse::<SpreadExpr>().unwrap_err();
/// assert_eq!(err.offset(), Some(11));
/// # Ok::<(), spreadtrade::instrument::ExprError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadExpr {
    /// Non-empty, no two legs with the same contract.
    legs: Vec<Leg>,
}

impl SpreadExpr {
    /// A spread from its legs.
    ///
    /// # Errors
    /// [`ExprError::NoLegs`] for an empty list; [`ExprError::DuplicateContract`] if two legs
    /// hold the same contract (by [`LegContract::same_contract`](super::LegContract::same_contract)).
    pub fn new(legs: Vec<Leg>) -> Result<SpreadExpr, ExprError> {
        if legs.is_empty() {
            return Err(ExprError::NoLegs);
        }
        for (second, leg) in legs.iter().enumerate() {
            let earlier = legs.get(..second).unwrap_or(&[]);
            if let Some(first) = earlier
                .iter()
                .position(|l| l.contract().same_contract(&leg.contract()))
            {
                return Err(ExprError::DuplicateContract {
                    contract: leg.contract().to_string(),
                    first_leg: first,
                    second_leg: second,
                });
            }
        }
        Ok(SpreadExpr { legs })
    }

    /// Parses an expression, reading 1-digit contract years (`TYM9`) against `reference` as
    /// [`ContractCode::parse_with_reference`](crate::contract::ContractCode::parse_with_reference)
    /// does. `FromStr` reads them in the decade
    /// [`ONE_DIGIT_YEAR_DECADE`](crate::contract::ONE_DIGIT_YEAR_DECADE).
    ///
    /// # Errors
    /// As the `FromStr` impl.
    pub fn parse_with_reference(text: &str, reference: NaiveDate) -> Result<SpreadExpr, ExprError> {
        parse_legs(text, Some(reference)).map(|legs| SpreadExpr { legs })
    }

    /// The legs, in the order written.
    pub fn legs(&self) -> &[Leg] {
        &self.legs
    }

    /// The currencies of the legs, in `Currency` order.
    pub fn currencies(&self) -> BTreeSet<Currency> {
        self.legs.iter().map(Leg::currency).collect()
    }

    /// Whether any leg is generic (needs a roll rule to resolve to listed contracts).
    pub fn has_generic_legs(&self) -> bool {
        self.legs.iter().any(|l| l.contract().is_generic())
    }

    /// The same contracts with new signed ratios, one per leg in order.
    ///
    /// # Errors
    /// [`ExprError::RatioCountMismatch`] if `ratios` does not have one entry per leg;
    /// [`ExprError::InvalidRatio`] for a zero or non-finite ratio.
    pub fn with_ratios(&self, ratios: &[f64]) -> Result<SpreadExpr, ExprError> {
        if ratios.len() != self.legs.len() {
            return Err(ExprError::RatioCountMismatch {
                legs: self.legs.len(),
                found: ratios.len(),
            });
        }
        let legs = self
            .legs
            .iter()
            .zip(ratios)
            .map(|(leg, &ratio)| Leg::new(ratio, leg.contract()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SpreadExpr { legs })
    }
}

impl FromStr for SpreadExpr {
    type Err = ExprError;

    /// Parses an expression (see the [grammar](SpreadExpr#grammar)).
    ///
    /// # Errors
    /// An [`ExprError`] with the byte offset of the first problem: blank text, a dangling
    /// operator, a missing sign between legs, a zero, malformed or infinite ratio, a ratio
    /// without a contract or without `×`, a duplicate leg, an unknown root, a bad nearby
    /// number, a bad contract code, a misplaced token or a stray character.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_legs(s, None).map(|legs| SpreadExpr { legs })
    }
}

impl fmt::Display for SpreadExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, leg) in self.legs.iter().enumerate() {
            leg.write(f, i == 0)?;
        }
        Ok(())
    }
}

impl Serialize for SpreadExpr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SpreadExpr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SpreadExpr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a spread expression such as \"2×TUM24−1×TYM24\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SpreadExpr, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::LegContract;

    fn canonical(text: &str) -> String {
        text.parse::<SpreadExpr>()
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .to_string()
    }

    #[test]
    fn canonical_forms_of_the_research_note_trades() {
        assert_eq!(canonical("2×TUM24−1×TYM24"), "2×TUM24−1×TYM24");
        assert_eq!(canonical("+VXM24"), "1×VXM24");
        assert_eq!(canonical("-ECM24"), "−1×ECM24");
        assert_eq!(canonical("+1×T−2×TS"), "1×T−2×TS");
        assert_eq!(canonical("2*TUM24 - TYM24"), "2×TUM24−1×TYM24");
        assert_eq!(canonical("1.65×TUM24−TYM24"), "1.65×TUM24−1×TYM24");
        assert_eq!(canonical("-TU1 + 0.50*ZNM4"), "−1×TU1+0.5×TYM24");
    }

    #[test]
    fn canonical_text_parses_back_to_the_same_value() {
        for text in [
            "2×TUM24−1×TYM24",
            "1×T−2×TS",
            "−1×ECM24",
            "0.1×TU+0.2×FV−0.3×TY",
        ] {
            let spread: SpreadExpr = text.parse().unwrap();
            assert_eq!(spread.to_string(), text);
            assert_eq!(spread.to_string().parse::<SpreadExpr>().unwrap(), spread);
        }
    }

    #[test]
    fn new_rejects_empty_and_duplicate_legs() {
        assert_eq!(SpreadExpr::new(Vec::new()), Err(ExprError::NoLegs));
        let tu = Leg::new(1.0, "TU".parse().unwrap()).unwrap();
        let tu1 = Leg::new(-1.0, "TU1".parse().unwrap()).unwrap();
        let ty = Leg::new(-1.0, "TY".parse().unwrap()).unwrap();
        assert_eq!(
            SpreadExpr::new(vec![ty, tu, tu1]),
            Err(ExprError::DuplicateContract {
                contract: "TU1".into(),
                first_leg: 1,
                second_leg: 2,
            })
        );
        let spread = SpreadExpr::new(vec![tu, ty]).unwrap();
        assert_eq!(spread.to_string(), "1×TU−1×TY");
        assert!(spread.has_generic_legs());
    }

    #[test]
    fn with_ratios_keeps_contracts_and_checks_ratios() {
        let spread: SpreadExpr = "2×TUM24−1×TYM24".parse().unwrap();
        let reweighted = spread.with_ratios(&[1.65, -1.0]).unwrap();
        assert_eq!(reweighted.to_string(), "1.65×TUM24−1×TYM24");
        assert_eq!(
            spread.with_ratios(&[1.0]),
            Err(ExprError::RatioCountMismatch { legs: 2, found: 1 })
        );
        assert!(matches!(
            spread.with_ratios(&[1.0, f64::NAN]),
            Err(ExprError::InvalidRatio { .. })
        ));
    }

    #[test]
    fn mixed_currencies_are_allowed() {
        let spread: SpreadExpr = "TUM24 - T2406".parse().unwrap();
        let currencies: Vec<Currency> = spread.currencies().into_iter().collect();
        assert_eq!(currencies, [Currency::Usd, Currency::Cny]);
    }

    #[test]
    fn serde_goes_through_the_canonical_string() {
        let spread: SpreadExpr = "2*ZTM4 - ZNM4".parse().unwrap();
        let json = serde_json::to_string(&spread).unwrap();
        assert_eq!(json, "\"2×TUM24−1×TYM24\"");
        assert_eq!(serde_json::from_str::<SpreadExpr>(&json).unwrap(), spread);
        let err = serde_json::from_str::<SpreadExpr>("\"2×TUM24−\"").unwrap_err();
        assert!(err.to_string().contains("offset 11"), "{err}");
        assert!(matches!(
            spread.legs()[0].contract(),
            LegContract::Specific(_)
        ));
    }
}
