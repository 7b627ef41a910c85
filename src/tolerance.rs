//! The crate's numerical tolerances and iteration limits, in one place.
//!
//! Tests and doctests compare against published numbers with these constants, never with
//! magic numbers.

/// Absolute tolerance on prices per 100 face when matching independent implementations
/// (QuantLib vectors agree to this).
pub const PRICE_ABS: f64 = 1e-9;

/// Absolute tolerance on DV01 per 100 face (price change for 1 bp).
pub const DV01_ABS: f64 = 1e-10;

/// Distance, in ticks, within which a price counts as lying on the tick grid when it is rounded
/// to ticks (absorbs the binary representation error of decimal ticks such as 0.005, whose
/// multiples are not exact in `f64`).
pub const TICK_GRID_SNAP: f64 = 1e-6;

/// Absolute tolerance when comparing a rate read from a file in percent (and divided by 100)
/// with a decimal literal: the division is exact to a few ulps, far below this.
pub const PERCENT_TO_DECIMAL_ABS: f64 = 1e-12;
