//! What we trade: spread expressions (`2×TUM24−1×TYM24`), legs and spreads.
//!
//! - [`SpreadExpr`]: a parsed spread with its [`Leg`]s; `FromStr`, canonical `Display` and
//!   serde through the string form. The grammar and canonical form are documented there.
//! - [`Leg`] and [`LegContract`]: a signed ratio and a specific contract (`TUM24`) or a
//!   generic one (`T` = front, `TU2` = second nearby, resolved by a roll rule).
//! - [`net_dv01`], [`net_dv01_in`], [`neutral_ratio`], [`dv01_neutral`]: DV01 arithmetic on a
//!   spread given the legs' DV01s from the pricing layer.
//!
//! ```
//! use spreadtrade::instrument::{SpreadExpr, net_dv01};
//! use spreadtrade::units::Currency;
//!
//! let flattener: SpreadExpr = "+1×T−2×TS".parse()?;
//! assert_eq!(flattener.to_string(), "1×T−2×TS");
//! // CFFEX DV01s per contract, spec §5.5 (illustrative): T ≈ RMB 650, TS ≈ RMB 380.
//! let net = net_dv01(&flattener, &[650.0, 380.0])?;
//! assert!(net[&Currency::Cny] < 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod expr;
mod leg;
mod risk;
mod spread;

pub use expr::ExprError;
pub use leg::{Leg, LegContract, MAX_NEARBY, Nearby};
pub(crate) use risk::NeutralScale;
pub use risk::{FxToBase, RiskError, dv01_neutral, net_dv01, net_dv01_in, neutral_ratio};
pub use spread::SpreadExpr;
