//! The crate's numerical tolerances and iteration limits, in one place.
//!
//! Tests and doctests compare against published numbers with these constants, never with
//! magic numbers.

/// Absolute tolerance on prices per 100 face when matching independent implementations
/// (QuantLib vectors agree to this).
pub const PRICE_ABS: f64 = 1e-9;

/// Absolute tolerance on DV01 per 100 face (price change for 1 bp).
pub const DV01_ABS: f64 = 1e-10;

/// Relative tolerance on DV01-neutral hedge ratios recomputed from the same DV01 inputs (a
/// division and a short sum: a few ulps), and on the net DV01 of a neutralised spread relative
/// to the DV01 of its legs.
pub const HEDGE_RATIO_REL: f64 = 1e-12;

/// Absolute tolerance when comparing a hedge ratio with a figure published to two decimals
/// (spec §5.5 quotes 65.4 / 39.5 = 1.6557 as "≈ 1.65").
pub const HEDGE_RATIO_QUOTED_ABS: f64 = 0.01;
