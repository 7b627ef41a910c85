//! The crate's numerical tolerances and iteration limits, in one place.
//!
//! Tests and doctests compare against published numbers with these constants, never with
//! magic numbers.

/// Absolute tolerance on prices per 100 face when matching independent implementations
/// (QuantLib vectors agree to this).
pub const PRICE_ABS: f64 = 1e-9;

/// Absolute tolerance on DV01 per 100 face (price change for 1 bp).
pub const DV01_ABS: f64 = 1e-10;

/// Absolute tolerance on an interpolated value at (or bounded by) its knots, in the knots' own
/// units (decimal yields for curves): interpolants pass through their knots up to rounding.
pub const INTERP_KNOT_ABS: f64 = 1e-12;

/// Absolute tolerance on a discount factor computed two ways (closed form vs curve lookup).
pub const DISCOUNT_FACTOR_ABS: f64 = 1e-12;

/// Absolute tolerance on a rate (decimal, e.g. a zero or forward rate) computed two ways.
pub const RATE_ABS: f64 = 1e-12;

/// Absolute tolerance, per 100 face, on repricing a par bond (or a bill at its yield) off a
/// bootstrapped zero curve: the bootstrap solves each par equation exactly, so only rounding
/// remains.
pub const PAR_REPRICE_ABS: f64 = 1e-9;

/// Curve times (years) closer than this are the same knot (about 0.03 seconds); used when bill
/// tenors are merged with the coupon grid of a bootstrap.
pub const KNOT_TIME_ABS: f64 = 1e-9;

/// Absolute tolerance (decimal) when comparing with a rate published in percent to two
/// decimals (Treasury par yields, textbook tables): half a unit of the last digit, 0.005%.
pub const PUBLISHED_2DP_PCT_ABS: f64 = 5e-5;

/// Absolute tolerance, per 100 face, when repricing a textbook's bonds from its zero rates
/// rounded to 0.001%: a rounding of at most 5e-6 in each rate moves a 2-year bond's price by
/// at most Σ t·CF·DF · 5e-6 ≈ 9e-4.
pub const TEXTBOOK_PRICE_ABS: f64 = 1e-3;
