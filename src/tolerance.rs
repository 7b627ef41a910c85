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

/// Absolute tolerance for metric values hand-computed to 9 decimals in test and doc comments
/// (rounding the 9th decimal leaves at most 5e-10).
pub const METRICS_HAND_ABS: f64 = 1e-9;

/// Half a unit in the 3rd decimal: for figures published to 3 decimals (the minimum track
/// record length of 59.895 months in Bailey & López de Prado 2012).
pub const METRICS_PUBLISHED_3DP_ABS: f64 = 5e-4;

/// Half a unit in the 4th decimal: for figures published to 4 decimals (SR₀ = 0.1132 and
/// DSR = 0.9004 in Bailey & López de Prado 2014).
pub const METRICS_PUBLISHED_4DP_ABS: f64 = 5e-5;

/// Half a unit in the 6th decimal: for figures published to 6 decimals (the reference sweep's
/// Sharpe ratio, total and drawdown in `bench/SWEEP.md`).
pub const METRICS_PUBLISHED_6DP_ABS: f64 = 5e-7;

/// Relative tolerance between the online accumulators' volatility, Sharpe ratio and
/// t-statistic (one-pass variance from shifted power sums) and the batch two-pass values.
///
/// Shifting by the first day bounds the cancellation: `|x₀ − x̄| ≤ √(n − 1)·σ`, so the
/// one-pass sum of squares loses at most about `n²·ε` relatively in the worst case
/// (`ε = 2.2e-16`); 1e-9 covers `n` up to a few thousand in the worst case and far more in
/// practice. Measured: at most 3.5e-12 over 4,000 normal series of 2 to 5,000 days with
/// mean/σ up to 1e6 and a 30σ first day. Checked by the `online == batch` property tests.
pub const METRICS_ONLINE_MOMENT_REL: f64 = 1e-9;

/// Tolerance between online and batch skewness and kurtosis, applied as
/// `|online − batch| ≤ tol · max(1, |batch|)`: converting shifted raw third and fourth power
/// sums to central moments cancels more than the variance does. Measured: at most 6.9e-11
/// (skewness) and 1.8e-10 (kurtosis) on the series described for
/// [`METRICS_ONLINE_MOMENT_REL`].
pub const METRICS_ONLINE_HIGHER_MOMENT_TOL: f64 = 1e-8;

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

/// Relative tolerance on DV01-neutral hedge ratios recomputed from the same DV01 inputs (a
/// division and a short sum: a few ulps), and on the net DV01 of a neutralised spread relative
/// to the DV01 of its legs.
pub const HEDGE_RATIO_REL: f64 = 1e-12;

/// Absolute tolerance when comparing a hedge ratio with a figure published to two decimals
/// (spec §5.5 quotes 65.4 / 39.5 = 1.6557 as "≈ 1.65").
pub const HEDGE_RATIO_QUOTED_ABS: f64 = 0.01;

/// Absolute tolerance on a model futures price (VX term structure, EC parity) recomputed by hand
/// from the same inputs: the same few floating-point operations, possibly in another order.
pub const MODEL_PRICE_ABS: f64 = 1e-12;

/// Absolute tolerance on parameters estimated by least squares from an exactly linear
/// (noise-free) series: only rounding in the running sums remains.
pub const EXACT_FIT_ABS: f64 = 1e-9;

/// Absolute tolerance between least-squares parameters estimated from the same data by two
/// implementations (running shifted sums here, two-pass sums in numpy or a test): both are
/// accurate to about 1e-13 on the VIX history; 1e-9 leaves room for other histories.
pub const INDEPENDENT_FIT_ABS: f64 = 1e-9;

/// Synthetic issuance: a yield within this many grid units below a coupon-grid point counts as
/// on the point when it is rounded down to the grid (a published 4.25% par yield is
/// 0.042499999… in `f64`, and must give a 4.25% coupon, not 4.125%).
pub const COUPON_GRID_SNAP: f64 = 1e-6;

/// Absolute tolerance when a delivery-analytics quantity (forward price, carry or net basis
/// per 100 face; an implied repo or repo rate as a decimal; a day-count fraction) is compared
/// with the same arithmetic written out by hand or computed along another path. Both sides
/// round a few operations on numbers near 100, so they agree to a few ulps of 100 (≈ 1e-14);
/// 1e-12 leaves room for the implied repo's division by `dirty·τ`.
pub const BASIS_FORMULA_ABS: f64 = 1e-12;

/// Absolute tolerance on an identity of the basis at the fair price that holds exactly in real
/// arithmetic (the CTD's net basis is zero, its implied repo is the repo rate, `F × CF` is at
/// most every bond's forward clean price), when the two sides come from separate computations
/// (the kernel and the analysis) or went through JSON text: per 100 face or decimal rate.
pub const BASIS_IDENTITY_ABS: f64 = 1e-9;

/// Absolute tolerance for a value hand-computed to 8 decimals in a test comment: half a unit in
/// the last place.
pub const HAND_8DP_ABS: f64 = 5e-9;

/// rateslib's own tolerance in its futures duration test (`test_futures_duration_and_convexity`,
/// 1e-3 on the futures "risk" of the gilt example).
pub const RATESLIB_FUTURES_RISK_ABS: f64 = 1e-3;
