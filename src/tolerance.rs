//! The crate's numerical tolerances and iteration limits, in one place.
//!
//! Tests and doctests compare against published numbers with these constants, never with
//! magic numbers.

/// Absolute tolerance on prices per 100 face when matching independent implementations
/// (QuantLib vectors agree to this).
pub const PRICE_ABS: f64 = 1e-9;

/// Absolute tolerance on DV01 per 100 face (price change for 1 bp).
pub const DV01_ABS: f64 = 1e-10;

/// Absolute tolerance on durations (years) and convexity (years²) when matching independent
/// implementations (the QuantLib vectors in `shared/vectors/ust_bonds.json` agree to this).
pub const RISK_ABS: f64 = 1e-9;

/// Absolute tolerance for a value published to 6 decimal places (the rateslib street-price
/// rows of spec §5.1): half a unit in the last place, rounded up to 1e-6.
pub const PUBLISHED_6DP_ABS: f64 = 1e-6;

/// Absolute tolerance when two implementations evaluate the same closed-form formula in
/// `f64` (conversion-factor intermediates `a`, `b`, `c`, `d` and unrounded factors).
pub const FORMULA_ABS: f64 = 1e-12;

/// Absolute tolerance on a yield (decimal) recovered by the yield solver from a price that was
/// computed from a known yield.
pub const YIELD_ABS: f64 = 1e-12;

/// Yield solver: converged when the relative price error `|ln(P(y) / P)|` is at most this
/// (about 45 ulp of a price).
pub const YIELD_SOLVE_REL_TOL: f64 = 1e-14;

/// Yield solver: when bisection has exhausted its bracket without reaching
/// [`YIELD_SOLVE_REL_TOL`], the result is still accepted up to this relative price error.
pub const YIELD_SOLVE_ACCEPT_REL: f64 = 1e-12;

/// Yield solver: safeguarded Newton iterations before switching to plain bisection.
pub const YIELD_SOLVE_MAX_NEWTON_ITERATIONS: u32 = 50;

/// Yield solver: bisection iterations after the Newton phase (the analytic bracket is narrow
/// enough that 200 halvings reach `f64` resolution).
pub const YIELD_SOLVE_MAX_BISECTION_ITERATIONS: u32 = 200;
