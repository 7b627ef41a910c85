//! Cash-bond analytics for deliverables: schedules, price/yield, accrued, duration, DV01,
//! conversion factors.
//!
//! | type / function | what it gives |
//! | --- | --- |
//! | [`BondTerms`] → [`Bond::new`] | a validated fixed-coupon bond with its unadjusted schedule |
//! | [`Bond::settle`] → [`SettledBond`] | the bond seen from a settlement date (period, `w`, AI) |
//! | [`SettledBond::dirty_price`], [`SettledBond::yield_from_clean_price`] | price ↔ yield |
//! | [`SettledBond::accrued_interest`], [`Bond::cffex_delivery_accrued`] | accrued interest |
//! | [`SettledBond::analytics`] → [`BondAnalytics`] | price, durations, convexity, DV01 |
//! | [`cbot_conversion_factor`], [`cffex_conversion_factor`], [`conversion_factor`] | exchange CFs |
//!
//! Units: rates, coupons and yields are decimal fractions (0.045); prices, accrued interest and
//! DV01 are per 100 face; durations are in years and convexity in years². Dates are
//! [`chrono::NaiveDate`] and coupon dates are never business-day adjusted.
//!
//! Two market conventions are supported ([`MarketConvention`]): U.S. street (spec §5.1) and
//! China interbank / CCDC (spec §5.2). They share the accrual rule for regular periods and
//! differ in the final coupon period, where CCDC uses simple interest.
//!
//! ## Schedules
//!
//! A schedule is generated **backward from maturity** in steps of 12/f months, once, when a
//! [`Bond`] is built. Coupon dates are **unadjusted**: a coupon date that falls on a weekend
//! still bounds the accrual period (spec §5.1, the 2025-02-15 rows). With the
//! end-of-month rule every generated date is the last day of its month (a 2031-02-28 note pays
//! on Aug 31 and Feb 28/29); without it the maturity's day of month is kept and clamped to the
//! month's length (a 30th becomes Feb 28/29).
//!
//! When a dated (issue) date is given, the first period runs from it to the first generated
//! date after it. If the dated date is not itself on the generated grid, the first period is a
//! **short front stub** whose reference (quasi-coupon) period is the regular period that
//! contains it, as Act/Act ICMA requires. Without a dated date the schedule goes back
//! [`MAX_TERM_YEARS`] years from maturity.
//!
//! All lookups are binary searches over day numbers computed at construction, so pricing does
//! no date generation.
//!
//! ## Price and yield
//!
//! ### The price–yield formulas
//!
//! With settlement `s`, the coupon period `[L, N)` that contains it (reference period
//! `[L_ref, N)`), `w = (N − s)/(N − L_ref)`, `n` coupons remaining, regular coupon
//! `cpn = 100·c/f`, next coupon `cpn₀` (equal to `cpn` unless the first period is a short
//! stub) and `v = 1/(1 + y/f)`:
//!
//! ```text
//! dirty(y) = v^w · [ cpn₀ + cpn·(v + v² + … + v^(n−1)) + 100·v^(n−1) ]
//! ```
//!
//! This is the U.S. street convention in every period and the China interbank (CCDC)
//! convention while more than one coupon remains. In the CCDC final period (`n = 1`) the
//! yield is simple interest: `dirty = (100 + cpn₀)/(1 + y·d/TY)`.
//!
//! ### Closed form (no loop, no date work)
//!
//! With `g = 1 + y/f` and `v = 1/g`, the geometric sum is exact algebra:
//!
//! ```text
//! Σ_{k=0}^{n−1} v^k = (1 − v^n)/(1 − v),   1 − v = (y/f)·v
//! dirty = g^(−w) · [ cpn·(1 − v^n)/((y/f)·v) + (cpn₀ − cpn) + 100·v^(n−1) ]
//! ```
//!
//! `1 − v^n` cancels when `n·|y/f|` is small; below 0.5 the annuity is evaluated as
//! `expm1(−nλ)/expm1(−λ)` with `λ = ln(1 + y/f)`, which keeps full relative precision down to
//! `y = 0` (where the sum is `n`). One `powf`, one `powi` and two divisions per price.
//!
//! ### The yield solver
//!
//! The solver works in `λ = ln(1 + y/f)`, where the domain `1 + y/f > 0` is the whole real
//! line. `P(λ) = Σ CF_k·e^(−(k+w)λ)` is a positive sum of decreasing exponentials, hence
//! **convex and strictly decreasing** from `+∞` to `0`, so every positive price has exactly one
//! `λ`. `ln P(λ)`, a log-sum-exp of affine functions, is convex and decreasing too, so Newton's
//! method on it rises monotonically to the root from any start on its left (each tangent lies
//! below the curve), and a start on its right is sent left of the root in one step. In
//! addition:
//!
//! - with `C = Σ CF_k`, `T_min = w` and `T_max = n − 1 + w`,
//!   `C·e^(−T_max·λ) ≤ P(λ) ≤ C·e^(−T_min·λ)` for `λ ≥ 0` (reversed for `λ ≤ 0`), so the root
//!   lies between `ln(C/P*)/T_max` and `ln(C/P*)/T_min`: an analytic bracket;
//! - the start is the smaller root of the second-order expansion
//!   `ln P(λ) ≈ ln C − μ·λ + ½·σ²·λ²` (μ, σ² the mean and variance of the cash-flow times
//!   at `λ = 0`, in closed form), which is within `O(λ³)` of the root, so a 10-year note
//!   needs two or three Newton steps.
//!
//! Each step is Newton on `ln P(λ) − ln P*` (nearly linear in `λ`: its slope is minus the
//! duration in periods) with the analytic derivative `d ln P/dλ = −Σ (k + w)·PV_k / P`; a step
//! that leaves the bracket (or meets an overflow) is replaced by bisection, and after
//! [`YIELD_SOLVE_MAX_NEWTON_ITERATIONS`](crate::tolerance::YIELD_SOLVE_MAX_NEWTON_ITERATIONS)
//! steps the solver bisects. It stops at a relative price error `|ln(P(λ)/P*)|` of
//! [`YIELD_SOLVE_REL_TOL`](crate::tolerance::YIELD_SOLVE_REL_TOL).
//!
//! ## Risk
//!
//! Definitions follow QuantLib's `BondFunctions` for a yield compounded `f` times a year, with
//! times measured on the Act/Act ICMA grid `t_k = (k + w)/f`, so that modified duration is
//! exactly `−(1/P)·dP/dy` of the price formula in [`SettledBond::dirty_price`].
//! In the CCDC final period (one cash flow, simple interest) the same derivative definitions
//! give closed forms in `τ = d/TY`.
//!
//! ## Conversion factors
//!
//! A conversion factor (CF) is, roughly, the price per 1 of face at which a deliverable bond
//! would yield the contract's notional rate, computed with the exchange's simplified timing and
//! rounded to 4 decimals. The invoice price of a delivered bond is `F × CF + AI`.
//!
//! - [`cbot_conversion_factor`]: CBOT Treasury futures (TU, FV: whole months; TY, TN, US, UB:
//!   months rounded down to a quarter), measured from the first day of the contract month.
//! - [`cffex_conversion_factor`]: CFFEX CGB futures (TS, TF, T, TL), from the contract's
//!   payment day.
//! - [`conversion_factor`]: dispatch on a contract code's root.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use spreadtrade::bond::Bond;
//! use spreadtrade::tolerance::{DV01_ABS, PRICE_ABS};
//!
//! let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
//! // UST 4.125% 2031-03-31 at 4.64% for settlement 2024-04-16 (QuantLib 1.44 vector).
//! let bond = Bond::us_treasury(0.04125, Some(d(2024, 3, 31)), d(2031, 3, 31))?;
//! let at = bond.settle(d(2024, 4, 16))?;
//! assert!((at.clean_price(0.0464)? - 96.96599238348377).abs() < PRICE_ABS);
//! assert!((at.dv01(0.0464)? - 0.05782989145889417).abs() < DV01_ABS);
//! # Ok::<(), spreadtrade::bond::BondError>(())
//! ```

mod conversion;
mod error;
mod fixed;
mod pricing;
mod risk;
mod schedule;
mod terms;

pub use conversion::{
    CBOT_NOTIONAL_YIELD, CFFEX_NOTIONAL_COUPON, CONVERSION_FACTOR_DECIMALS, CbotConversionFactor,
    CffexConversionFactor, ConversionFactor, cbot_conversion_factor, cffex_conversion_factor,
    conversion_factor,
};
pub use error::BondError;
pub use fixed::{Bond, CashFlow, SettledBond};
pub use pricing::CFFEX_ACCRUED_DECIMALS;
pub use risk::{BASIS_POINT, BondAnalytics, position_dv01};
pub use schedule::{CouponPeriod, CouponSchedule, MAX_TERM_YEARS, is_end_of_month};
pub use terms::{
    BondTerms, Frequency, MAX_COUPON_RATE, MarketConvention, UnknownFrequency,
    UnknownMarketConvention,
};
