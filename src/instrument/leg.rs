//! A leg of a spread: a signed ratio and a contract reference (specific or generic).

use super::expr::{ExprError, parse_leg_contract};
use crate::contract::{ContractCode, Root, RootSpec};
use crate::units::Currency;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::num::NonZeroU8;
use std::str::FromStr;

/// The largest nearby number a generic leg can name (`TU9`, `VX9`).
///
/// One digit keeps the text unambiguous next to CFFEX `YYMM` codes (`T2` is the second
/// nearby, `T2406` is June 2024) and covers the longest strip anyone trades as a generic: Cboe
/// lists up to nine near serial VX months (spec §3); the bond futures list three quarterlies.
pub const MAX_NEARBY: u8 = 9;

/// Which nearby contract a generic leg means: 1 is the front contract, 2 the next, up to
/// [`MAX_NEARBY`].
///
/// ```
/// use spreadtrade::instrument::Nearby;
///
/// assert_eq!(Nearby::new(2).map(Nearby::get), Some(2));
/// assert_eq!(Nearby::new(0), None);
/// assert_eq!(Nearby::FRONT.get(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nearby(NonZeroU8);

impl Nearby {
    /// The front contract (nearby 1).
    pub const FRONT: Nearby = Nearby(NonZeroU8::MIN);

    /// Nearby number `n`, or `None` unless `1 <= n <= MAX_NEARBY`.
    pub const fn new(n: u8) -> Option<Nearby> {
        if n > MAX_NEARBY {
            return None;
        }
        match NonZeroU8::new(n) {
            Some(n) => Some(Nearby(n)),
            None => None,
        }
    }

    /// The nearby number, 1–[`MAX_NEARBY`].
    pub const fn get(self) -> u8 {
        self.0.get()
    }
}

impl fmt::Display for Nearby {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a leg trades: one listed contract, or a generic reference that a roll rule resolves
/// to a listed contract on each day.
///
/// # Text forms
///
/// | text | value | meaning |
/// |---|---|---|
/// | `TUM24`, `ZTM4`, `T2406` | `Specific(code)` | that contract (any [`ContractCode`] spelling) |
/// | `TU`, `T`, `ZN` | `Generic { root, nearby: None }` | the front contract under the roll rule in force |
/// | `TU1`, `T2`, `VX3` | `Generic { root, nearby: Some(n) }` | the n-th nearby contract under that rule |
///
/// `TU` and `TU1` **resolve to the same contract**; they stay distinct values only so that the
/// text a user wrote displays back unchanged (`T` stays `T`, `TU1` stays `TU1`).
/// [`LegContract::same_contract`] treats them as equal, and a spread cannot hold both.
///
/// # Digits after a root
///
/// After a root, **one** digit `1`–`9` is a nearby number (`T2`, `TS2`, `TU2`) and **four**
/// digits are a CFFEX contract month `YYMM` (`T2406`); any other number of digits is an error,
/// as is `0`. CME, CBOT and Cboe codes always have a month letter after the root (`TUM24`), so
/// they never collide with a nearby number.
///
/// Letters may be in any case; `Display` writes the canonical root (`ZN` → `TY`). Serde goes
/// through the string form.
///
/// ```
/// use spreadtrade::instrument::{LegContract, Nearby};
/// use spreadtrade::contract::Root;
///
/// let front: LegContract = "T".parse()?;
/// let first: LegContract = "T1".parse()?;
/// assert_eq!(front, LegContract::Generic { root: Root::T, nearby: None });
/// assert_eq!((front.to_string(), first.to_string()), ("T".to_owned(), "T1".to_owned()));
/// assert!(front.same_contract(&first));
/// assert_eq!("T2".parse::<LegContract>()?.resolved_nearby(), Nearby::new(2));
/// assert!(matches!("T2406".parse::<LegContract>()?, LegContract::Specific(_)));
/// # Ok::<(), spreadtrade::instrument::ExprError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LegContract {
    /// One listed contract.
    Specific(ContractCode),
    /// The front (`nearby: None`, written `TU`) or n-th nearby (`Some(n)`, written `TU1`,
    /// `TU2`) contract of `root` under the roll rule in force.
    Generic {
        /// The product.
        root: Root,
        /// The nearby number as written; `None` (a bare root) means the front contract.
        nearby: Option<Nearby>,
    },
}

impl LegContract {
    /// The root of the contract.
    pub const fn root(&self) -> Root {
        match self {
            LegContract::Specific(code) => code.root(),
            LegContract::Generic { root, .. } => *root,
        }
    }

    /// The root's static specification.
    pub fn spec(&self) -> &'static RootSpec {
        self.root().spec()
    }

    /// The currency the contract settles in (the currency of its DV01 and P&L).
    pub fn currency(&self) -> Currency {
        self.spec().currency
    }

    /// Whether this is a generic (rolling) reference rather than one listed contract.
    pub const fn is_generic(&self) -> bool {
        matches!(self, LegContract::Generic { .. })
    }

    /// The nearby a generic leg resolves to (`TU` and `TU1` both give 1), or `None` for a
    /// specific contract.
    pub const fn resolved_nearby(&self) -> Option<Nearby> {
        match self {
            LegContract::Specific(_) => None,
            LegContract::Generic { nearby: None, .. } => Some(Nearby::FRONT),
            LegContract::Generic {
                nearby: Some(n), ..
            } => Some(*n),
        }
    }

    /// Whether two references always name the same contract: equal codes, or generic legs of
    /// the same root and resolved nearby (`TU` and `TU1`).
    ///
    /// A specific code and a generic leg of the same root are *not* the same contract: which
    /// listed contract the generic one resolves to depends on the day, and a calendar spread
    /// such as `TUM24−TU2` is a legitimate trade.
    pub fn same_contract(&self, other: &LegContract) -> bool {
        match (self, other) {
            (LegContract::Specific(a), LegContract::Specific(b)) => a == b,
            (LegContract::Generic { root: a, .. }, LegContract::Generic { root: b, .. }) => {
                a == b && self.resolved_nearby() == other.resolved_nearby()
            }
            _ => false,
        }
    }
}

impl From<ContractCode> for LegContract {
    fn from(code: ContractCode) -> Self {
        LegContract::Specific(code)
    }
}

impl fmt::Display for LegContract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegContract::Specific(code) => write!(f, "{code}"),
            LegContract::Generic { root, nearby } => {
                write!(f, "{root}")?;
                if let Some(n) = nearby {
                    write!(f, "{n}")?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for LegContract {
    type Err = ExprError;

    /// Parses one contract reference (see the [type docs](LegContract)); surrounding
    /// whitespace is ignored.
    ///
    /// # Errors
    /// The positioned [`ExprError`] of the leg grammar: [`ExprError::Blank`],
    /// [`ExprError::UnknownRoot`], [`ExprError::BadNearby`], [`ExprError::BadCode`], or
    /// [`ExprError::UnexpectedToken`] / [`ExprError::StrayCharacter`] for anything around the
    /// contract.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_leg_contract(s)
    }
}

impl Serialize for LegContract {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LegContract {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = LegContract;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a contract such as \"TUM24\", \"T2406\", \"TU\" or \"TU2\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LegContract, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// One leg of a spread: how many contracts per unit of spread, and which contract.
///
/// The ratio is signed: positive is long, negative is short (`2×TUM24−1×TYM24` has ratios
/// `2` and `−1`). It is always finite and non-zero. `Display` writes the leg as it would open
/// a spread: `2×TUM24`, `−1×TYM24`.
///
/// Serde uses `{"ratio": 2.0, "contract": "TUM24"}` (the shape of `spreadtrade parse --json`);
/// deserializing checks the ratio.
///
/// ```
/// use spreadtrade::instrument::{Leg, LegContract};
///
/// let leg = Leg::new(-1.0, "TYM24".parse::<LegContract>()?)?;
/// assert!(!leg.is_long());
/// assert_eq!(leg.to_string(), "−1×TYM24");
/// assert!(Leg::new(0.0, leg.contract()).is_err());
/// # Ok::<(), spreadtrade::instrument::ExprError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    ratio: f64,
    contract: LegContract,
}

impl Leg {
    /// A leg of `ratio` contracts (signed: positive long, negative short) of `contract`.
    ///
    /// # Errors
    /// [`ExprError::InvalidRatio`] if `ratio` is zero (of either sign), NaN or infinite.
    pub fn new(ratio: f64, contract: LegContract) -> Result<Leg, ExprError> {
        if ratio == 0.0 || !ratio.is_finite() {
            return Err(ExprError::InvalidRatio { ratio });
        }
        Ok(Leg { ratio, contract })
    }

    /// The signed ratio: contracts of this leg per unit of the spread.
    pub const fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The contract reference.
    pub const fn contract(&self) -> LegContract {
        self.contract
    }

    /// The root of the leg's contract.
    pub const fn root(&self) -> Root {
        self.contract.root()
    }

    /// The currency of the leg's contract.
    pub fn currency(&self) -> Currency {
        self.contract.currency()
    }

    /// Whether the leg is long (positive ratio).
    pub fn is_long(&self) -> bool {
        self.ratio > 0.0
    }

    /// Writes the leg with the sign of a leg that is not first (`+2×TUM24`, `−1×TYM24`) or
    /// first (`2×TUM24`, `−1×TYM24`).
    pub(crate) fn write(&self, f: &mut fmt::Formatter<'_>, first: bool) -> fmt::Result {
        if self.ratio < 0.0 {
            f.write_str("\u{2212}")?;
        } else if !first {
            f.write_str("+")?;
        }
        // `{}` on f64 is Rust's shortest representation that parses back to the same value,
        // and never uses an exponent, so it is always valid ratio text.
        write!(f, "{}\u{00D7}{}", self.ratio.abs(), self.contract)
    }
}

impl fmt::Display for Leg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

/// The serde shape of a leg.
#[derive(Serialize, Deserialize)]
struct LegRepr {
    ratio: f64,
    contract: LegContract,
}

impl Serialize for Leg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        LegRepr {
            ratio: self.ratio,
            contract: self.contract,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Leg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = LegRepr::deserialize(deserializer)?;
        Leg::new(repr.ratio, repr.contract).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(root: Root, nearby: Option<u8>) -> LegContract {
        LegContract::Generic {
            root,
            nearby: nearby.and_then(Nearby::new),
        }
    }

    #[test]
    fn nearby_accepts_one_to_nine_only() {
        assert!((1..=MAX_NEARBY).all(|n| Nearby::new(n).map(Nearby::get) == Some(n)));
        assert_eq!(Nearby::new(0), None);
        assert_eq!(Nearby::new(MAX_NEARBY + 1), None);
        assert_eq!(Nearby::new(u8::MAX), None);
    }

    #[test]
    fn generic_legs_display_as_written() {
        assert_eq!(generic(Root::T, None).to_string(), "T");
        assert_eq!(generic(Root::TU, Some(1)).to_string(), "TU1");
        assert_eq!(generic(Root::TS, Some(2)).to_string(), "TS2");
        assert_eq!("zn".parse::<LegContract>().unwrap().to_string(), "TY");
        assert_eq!("6E2".parse::<LegContract>().unwrap().to_string(), "EC2");
    }

    #[test]
    fn bare_root_and_first_nearby_are_the_same_contract() {
        let tu = generic(Root::TU, None);
        let tu1 = generic(Root::TU, Some(1));
        let tu2 = generic(Root::TU, Some(2));
        assert_ne!(tu, tu1);
        assert!(tu.same_contract(&tu1) && tu1.same_contract(&tu));
        assert!(!tu.same_contract(&tu2));
        assert!(!tu.same_contract(&generic(Root::TY, None)));
        let tum24: LegContract = "TUM24".parse().unwrap();
        assert!(!tu.same_contract(&tum24));
        assert!(tum24.same_contract(&"ZTM4".parse().unwrap()));
        assert_eq!(tu.resolved_nearby(), Some(Nearby::FRONT));
        assert_eq!(tum24.resolved_nearby(), None);
    }

    #[test]
    fn currency_and_root_come_from_the_spec() {
        let t: LegContract = "T".parse().unwrap();
        assert_eq!((t.root(), t.currency()), (Root::T, Currency::Cny));
        let ec: LegContract = "ECM24".parse().unwrap();
        assert_eq!((ec.root(), ec.currency()), (Root::EC, Currency::Usd));
        assert!(t.is_generic() && !ec.is_generic());
    }

    #[test]
    fn leg_contract_text_errors_are_positioned() {
        let e = " TU2406".parse::<LegContract>().unwrap_err();
        assert_eq!(e.offset(), Some(3), "{e}");
        assert!(matches!(e, ExprError::BadNearby { .. }), "{e:?}");
        let e = "TU TY".parse::<LegContract>().unwrap_err();
        assert!(
            matches!(e, ExprError::UnexpectedToken { offset: 3, .. }),
            "{e:?}"
        );
        let e = "".parse::<LegContract>().unwrap_err();
        assert!(matches!(e, ExprError::Blank { offset: 0 }), "{e:?}");
        let e = "×".parse::<LegContract>().unwrap_err();
        assert!(
            matches!(e, ExprError::UnexpectedToken { offset: 0, .. }),
            "{e:?}"
        );
        let e = "/".parse::<LegContract>().unwrap_err();
        assert!(
            matches!(e, ExprError::StrayCharacter { offset: 0, .. }),
            "{e:?}"
        );
    }

    #[test]
    fn legs_reject_zero_and_non_finite_ratios() {
        let c = generic(Root::TU, None);
        for bad in [0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(
                matches!(Leg::new(bad, c), Err(ExprError::InvalidRatio { .. })),
                "{bad}"
            );
        }
        let leg = Leg::new(1.65, c).unwrap();
        assert_eq!(leg.to_string(), "1.65×TU");
        assert!(leg.is_long());
    }

    #[test]
    fn leg_serde_uses_ratio_and_contract_keys() {
        let leg = Leg::new(-1.0, "TYM24".parse().unwrap()).unwrap();
        let json = serde_json::to_string(&leg).unwrap();
        assert_eq!(json, r#"{"ratio":-1.0,"contract":"TYM24"}"#);
        assert_eq!(serde_json::from_str::<Leg>(&json).unwrap(), leg);
        let zero = r#"{"ratio":0.0,"contract":"TYM24"}"#;
        assert!(serde_json::from_str::<Leg>(zero).is_err());
        let generic_json = r#"{"ratio":2.0,"contract":"TU1"}"#;
        let g: Leg = serde_json::from_str(generic_json).unwrap();
        assert_eq!(g.contract(), generic(Root::TU, Some(1)));
    }
}
