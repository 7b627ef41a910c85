//! Yield curves: tenors, interpolation, par curves, the par-to-zero bootstrap, discounting and
//! the value of dated cash flows.
//!
//! ```text
//! published row ──► ParCurve ──bootstrap──► ZeroCurve ──► DF(t), zero/forward rates,
//! (Tenor, Option<yield>)   (gaps spanned,            (log-linear DF,   price_cashflows, forward_value
//!                           explicit extrapolation)   Act/365F)
//! ```
//!
//! - [`ParCurve`]: par yields on one date (decimal; semi-annual bond-equivalent for U.S.
//!   Treasuries, annual for ChinaBond). Missing tenors are not nodes: the interpolation spans
//!   them. Before the first tenor the curve is flat; beyond the last it follows an explicit
//!   [`Extrapolation`] rule (flat by default, or flat up to a maximum, or an error).
//! - [`Interpolation`]: linear or monotone cubic (Steffen 1990: no overshoot between knots);
//!   [`Interpolator`] is the stand-alone form.
//! - [`bootstrap`]: par yields → discount factors on the coupon grid, bills (≤ 1 year by
//!   default) at their bond-equivalent yields. It is a **model**; [`bootstrap`] lists each
//!   assumption and [`BootstrapConfig`] holds the choices.
//! - [`ZeroCurve`]: discount factors (log-linear between knots), zero and forward rates in a
//!   chosen [`Compounding`], and values of dated cash flows at a settlement date or for
//!   forward delivery ([`ForwardValue`]). Time is Act/365F years from the curve date
//!   ([`DAYS_PER_YEAR`]); queries outside the curve are errors, never extrapolated.
//!
//! - [`smoothed_par_curve`]: a Svensson fit to a day's par yields (one year and longer), the
//!   curve that off-the-run bonds are priced from by default in the curve-implied futures
//!   model ([`CurveSmoothing`]).
//!
//! The module is pure maths: no I/O, no dependence on the data loaders or the backtest.

mod bootstrap;
mod compounding;
mod error;
mod fit;
mod interp;
mod par;
mod tenor;
mod zero;

pub use bootstrap::{BootstrapConfig, bill_discount_factor, bootstrap};
pub use compounding::Compounding;
pub use error::CurveError;
pub use fit::{
    CurveSmoothing, SMOOTHED_GRID_MONTHS, SvenssonConfig, SvenssonFit, smoothed_par_curve,
};
pub use interp::{Interpolation, Interpolator};
pub use par::{
    CouponFrequency, Extrapolation, MAX_CURVE_YEARS, MAX_PAR_YIELD, MIN_PAR_YIELD, ParCurve,
};
pub use tenor::{Tenor, TenorParseError};
pub use zero::{DAYS_PER_YEAR, ForwardValue, ZeroCurve};
