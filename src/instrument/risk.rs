//! DV01 arithmetic on spreads: net DV01 per currency and DV01-neutral ratios.
//!
//! These functions do arithmetic only. The DV01 of one contract of each leg comes from the
//! pricing layer (CTD DV01 / CF, spec §5.4) and is passed in, one number per leg in leg order,
//! in the leg's currency.
//!
//! # Sign convention
//!
//! A DV01 per contract is **positive for a long bond future**: the currency gain of one long
//! contract when yields fall by 1 bp (spec §5.3). A leg contributes `ratio × DV01`, so a
//! positive net DV01 means the spread gains when yields fall in parallel; the P&L of a parallel
//! +1 bp move is `−net DV01`. Contracts with no rate sensitivity (EC, VX) have DV01 0.

use super::leg::Leg;
use super::spread::SpreadExpr;
use crate::units::Currency;
use std::collections::BTreeMap;

/// Everything that can go wrong in DV01 arithmetic on a spread.
///
/// Leg numbers (`leg`) are indices into [`SpreadExpr::legs`], starting at 0.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RiskError {
    /// The DV01 list does not have one entry per leg.
    #[error("expected {legs} DV01s (one per leg), found {found}")]
    Dv01CountMismatch {
        /// Number of legs.
        legs: usize,
        /// Number of DV01s given.
        found: usize,
    },
    /// A DV01 that is NaN or infinite.
    #[error("expected a finite DV01 for leg {leg}, found {dv01}")]
    NonFiniteDv01 {
        /// The leg.
        leg: usize,
        /// The DV01 given.
        dv01: f64,
    },
    /// A DV01 that is zero or negative where a ratio must be solved from it.
    #[error("expected a positive DV01 for leg {leg} to solve a DV01-neutral ratio, found {dv01}")]
    NonPositiveDv01 {
        /// The leg.
        leg: usize,
        /// The DV01 given.
        dv01: f64,
    },
    /// Legs in two currencies and no FX rates to put them on one scale.
    #[error(
        "expected legs in one currency or FX rates to a base currency, found {first} and {second}"
    )]
    MixedCurrencies {
        /// The first leg's currency.
        first: Currency,
        /// The first other currency met.
        second: Currency,
    },
    /// FX rates that do not cover a leg's currency.
    #[error("expected an FX rate from {currency} to {base}, found none")]
    MissingFxRate {
        /// The leg currency without a rate.
        currency: Currency,
        /// The base currency.
        base: Currency,
    },
    /// An FX rate that is zero, negative or not finite.
    #[error("expected a positive finite FX rate for {currency}, found {rate}")]
    BadFxRate {
        /// The currency.
        currency: Currency,
        /// The rate given.
        rate: f64,
    },
    /// All legs on one side (all long or all short): no ratio makes the DV01 zero.
    #[error(
        "expected legs on both sides of the spread to solve DV01-neutral ratios, found only {side} legs"
    )]
    OneSided {
        /// `"long"` or `"short"`.
        side: &'static str,
    },
    /// A solved ratio that overflowed to infinity or underflowed to zero (extreme DV01s).
    #[error("expected a finite non-zero neutral ratio for leg {leg}, found {ratio}")]
    RatioOutOfRange {
        /// The leg.
        leg: usize,
        /// The ratio computed.
        ratio: f64,
    },
}

/// FX rates that put DV01s in different currencies on one scale: the value of one unit of
/// each currency in a base currency.
///
/// The base currency's own rate is always 1. Rates are checked when used.
///
/// ```
/// use spreadtrade::instrument::FxToBase;
/// use spreadtrade::units::Currency;
///
/// // USD base; 1 CNY = 0.138 USD.
/// let fx = FxToBase::new(Currency::Usd).with_rate(Currency::Cny, 0.138);
/// assert_eq!(fx.rate(Currency::Cny), Some(0.138));
/// assert_eq!(fx.rate(Currency::Usd), Some(1.0));
/// assert_eq!(fx.rate(Currency::Eur), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FxToBase {
    base: Currency,
    rates: BTreeMap<Currency, f64>,
}

impl Default for FxToBase {
    /// USD base, no other rates.
    fn default() -> Self {
        FxToBase::new(Currency::Usd)
    }
}

impl FxToBase {
    /// Rates to `base`, with none set yet.
    pub fn new(base: Currency) -> Self {
        FxToBase {
            base,
            rates: BTreeMap::new(),
        }
    }

    /// Sets the value of one unit of `currency` in the base currency (e.g. USD per CNY).
    /// Setting the base currency's own rate has no effect: it is always 1.
    pub fn with_rate(mut self, currency: Currency, base_per_unit: f64) -> Self {
        if currency != self.base {
            self.rates.insert(currency, base_per_unit);
        }
        self
    }

    /// The base currency.
    pub fn base(&self) -> Currency {
        self.base
    }

    /// The value of one unit of `currency` in the base currency, if known (1 for the base).
    pub fn rate(&self, currency: Currency) -> Option<f64> {
        if currency == self.base {
            Some(1.0)
        } else {
            self.rates.get(&currency).copied()
        }
    }

    /// The checked rate for `currency`.
    fn checked_rate(&self, currency: Currency) -> Result<f64, RiskError> {
        let rate = self.rate(currency).ok_or(RiskError::MissingFxRate {
            currency,
            base: self.base,
        })?;
        if rate > 0.0 && rate.is_finite() {
            Ok(rate)
        } else {
            Err(RiskError::BadFxRate { currency, rate })
        }
    }
}

/// Checks that there is one finite DV01 per leg.
fn check_dv01s(spread: &SpreadExpr, dv01s: &[f64]) -> Result<(), RiskError> {
    if dv01s.len() != spread.legs().len() {
        return Err(RiskError::Dv01CountMismatch {
            legs: spread.legs().len(),
            found: dv01s.len(),
        });
    }
    match dv01s.iter().position(|d| !d.is_finite()) {
        Some(leg) => Err(RiskError::NonFiniteDv01 {
            leg,
            dv01: dv01s[leg],
        }),
        None => Ok(()),
    }
}

/// The net DV01 of one unit of a spread, per currency.
///
/// # Formula
/// ```text
/// net_c = Σ_{i : ccy_i = c} r_i × D_i
///
/// r_i    signed ratio of leg i (contracts per unit of spread; positive long)
/// D_i    DV01 of one contract of leg i, in ccy_i per 1 bp (positive for a long bond future)
/// ccy_i  settlement currency of leg i's contract
/// net_c  net DV01 in currency c per 1 bp
/// ```
///
/// # Conventions
/// Currencies are never added together: a USD leg and a CNY leg give two entries (spec §5.5,
/// "never net USD and CNY DV01 without an FX conversion"; use [`net_dv01_in`] with FX rates
/// for one number). Every currency of the spread has an entry, zero if its legs have zero
/// DV01 (EC, VX). Sign: positive net DV01 gains when yields fall.
///
/// # References
/// Contract notes `docs/CONTRACTS.md` §5.5 (net DV01 = Σ qty × DV01_i in each
/// contract's currency) and §5.3 (DV01 sign).
///
/// # Errors
/// [`RiskError::Dv01CountMismatch`] if `dv01_per_contract` does not have one entry per leg;
/// [`RiskError::NonFiniteDv01`] for a NaN or infinite DV01.
///
/// # Examples
/// The 2:1 TUT template against the illustrative DV01s of spec §5.4 (TU ≈ $39.5, TY ≈
/// $65.4): `2 × 39.5 − 65.4 = 13.6` USD per bp, "slightly long duration" as §5.5 says.
/// ```
/// use spreadtrade::instrument::{SpreadExpr, net_dv01};
/// use spreadtrade::tolerance::HEDGE_RATIO_REL;
/// use spreadtrade::units::Currency;
///
/// let tut: SpreadExpr = "2×TUM24−1×TYM24".parse()?;
/// let net = net_dv01(&tut, &[39.5, 65.4])?;
/// assert!((net[&Currency::Usd] - 13.6).abs() <= HEDGE_RATIO_REL * 65.4);
/// assert_eq!(net.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn net_dv01(
    spread: &SpreadExpr,
    dv01_per_contract: &[f64],
) -> Result<BTreeMap<Currency, f64>, RiskError> {
    check_dv01s(spread, dv01_per_contract)?;
    let mut net = BTreeMap::new();
    for (leg, &dv01) in spread.legs().iter().zip(dv01_per_contract) {
        *net.entry(leg.currency()).or_insert(0.0) += leg.ratio() * dv01;
    }
    Ok(net)
}

/// The net DV01 of one unit of a spread in one base currency, converting each leg at an FX
/// rate.
///
/// # Formula
/// ```text
/// net = Σ_i r_i × D_i × X_{ccy_i}
///
/// r_i, D_i, ccy_i  as in net_dv01
/// X_c              value of one unit of currency c in the base currency (X_base = 1)
/// net              net DV01 in the base currency per 1 bp
/// ```
///
/// # Conventions
/// Spot conversion at the given rates; sign as [`net_dv01`].
///
/// # References
/// Contract notes `docs/CONTRACTS.md` §5.5 (convert before netting across currencies).
///
/// # Errors
/// As [`net_dv01`], plus [`RiskError::MissingFxRate`] for a leg currency without a rate and
/// [`RiskError::BadFxRate`] for a rate that is not positive and finite.
///
/// # Examples
/// ```
/// use spreadtrade::instrument::{FxToBase, SpreadExpr, net_dv01_in};
/// use spreadtrade::tolerance::HEDGE_RATIO_REL;
/// use spreadtrade::units::Currency;
///
/// // Long 1 TU ($39.5/bp), short 1 CFFEX T (RMB 650/bp) at 0.14 USD per CNY.
/// let spread: SpreadExpr = "TUM24 - T2406".parse()?;
/// let fx = FxToBase::new(Currency::Usd).with_rate(Currency::Cny, 0.14);
/// let net = net_dv01_in(&spread, &[39.5, 650.0], &fx)?;
/// assert!((net - (39.5 - 91.0)).abs() <= HEDGE_RATIO_REL * 91.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn net_dv01_in(
    spread: &SpreadExpr,
    dv01_per_contract: &[f64],
    fx: &FxToBase,
) -> Result<f64, RiskError> {
    check_dv01s(spread, dv01_per_contract)?;
    let mut net = 0.0;
    for (leg, &dv01) in spread.legs().iter().zip(dv01_per_contract) {
        net += leg.ratio() * dv01 * fx.checked_rate(leg.currency())?;
    }
    Ok(net)
}

/// The number of contracts of leg A that carry the DV01 of one contract of leg B.
///
/// # Formula
/// ```text
/// ratio = D_B / D_A
///
/// D_A, D_B  DV01 of one contract of legs A and B, same currency per 1 bp, positive
/// ratio     contracts of A per 1 contract of B (dimensionless)
/// ```
///
/// # Conventions
/// Both DV01s per contract in the same currency; the ratio is unsigned (long A against short
/// B, or the reverse).
///
/// # References
/// Contract notes `docs/CONTRACTS.md` §5.5: `ratio = DV01_B / DV01_A`, for a 2s10s
/// steepener `N_TU / N_TY = DV01_TY / DV01_TU ≈ 65.4 / 39.5 ≈ 1.65`. Reference vector
/// `vectors/futures_dv01.json` (QuantLib 1.44 CTD DV01s, settlement 2024-04-16): TU $37.617,
/// TY $64.463 per contract, 1.7137 TU per TY.
///
/// # Errors
/// [`RiskError::NonFiniteDv01`] or [`RiskError::NonPositiveDv01`] (leg 0 is A, leg 1 is B);
/// [`RiskError::RatioOutOfRange`] if the quotient overflows or underflows.
///
/// # Examples
/// ```
/// use spreadtrade::instrument::neutral_ratio;
/// use spreadtrade::tolerance::{HEDGE_RATIO_QUOTED_ABS, HEDGE_RATIO_REL};
///
/// // Spec §5.5: TU $39.5, TY $65.4 per contract → ≈ 1.65 TU per TY.
/// let tu_per_ty = neutral_ratio(39.5, 65.4)?;
/// assert!((tu_per_ty - 1.65).abs() < HEDGE_RATIO_QUOTED_ABS);
///
/// // vectors/futures_dv01.json: 1.7136627349327773 TU per TY.
/// let tu_per_ty = neutral_ratio(37.61717415757504, 64.46314954731264)?;
/// assert!((tu_per_ty - 1.7136627349327773).abs() <= HEDGE_RATIO_REL * 1.7136627349327773);
/// # Ok::<(), spreadtrade::instrument::RiskError>(())
/// ```
pub fn neutral_ratio(dv01_a: f64, dv01_b: f64) -> Result<f64, RiskError> {
    for (leg, dv01) in [dv01_a, dv01_b].into_iter().enumerate() {
        check_positive(leg, dv01)?;
    }
    let ratio = dv01_b / dv01_a;
    if ratio.is_finite() && ratio != 0.0 {
        Ok(ratio)
    } else {
        Err(RiskError::RatioOutOfRange { leg: 0, ratio })
    }
}

fn check_positive(leg: usize, dv01: f64) -> Result<(), RiskError> {
    if !dv01.is_finite() {
        Err(RiskError::NonFiniteDv01 { leg, dv01 })
    } else if dv01 <= 0.0 {
        Err(RiskError::NonPositiveDv01 { leg, dv01 })
    } else {
        Ok(())
    }
}

/// The DV01-neutral rule of [`dv01_neutral`] as a kernel over plain numbers, for callers that
/// must not allocate (the backtest engine re-solves its ratios with it at every entry, resize
/// and roll under [`Weighting::Dv01Neutral`](crate::backtest::Weighting::Dv01Neutral)).
///
/// The side of the first leg keeps its ratios; every leg on the other side is multiplied by
/// `k` (see [`dv01_neutral`] for the formula, with `D_i X_i` given directly as the DV01 in the
/// base currency).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NeutralScale {
    first_long: bool,
    k: f64,
}

impl NeutralScale {
    /// Solves `k` from `(signed ratio, DV01 per contract in the base currency)` per leg, in leg
    /// order.
    ///
    /// # Errors
    /// [`RiskError::NonFiniteDv01`] / [`RiskError::NonPositiveDv01`] for a leg's DV01,
    /// [`RiskError::OneSided`] when every leg is on the first leg's side (or there is none),
    /// [`RiskError::RatioOutOfRange`] naming the first scaled leg when `k` overflows or
    /// underflows.
    #[inline]
    pub(crate) fn solve(
        legs: impl IntoIterator<Item = (f64, f64)>,
    ) -> Result<NeutralScale, RiskError> {
        let mut first_long = None;
        // The first leg of the scaled side, for an error naming it.
        let mut first_scaled = None;
        let (mut fixed, mut scaled) = (0.0, 0.0);
        for (i, (ratio, dv01)) in legs.into_iter().enumerate() {
            check_positive(i, dv01)?;
            let long = ratio > 0.0;
            let weight = ratio.abs() * dv01;
            if long == *first_long.get_or_insert(long) {
                fixed += weight;
            } else {
                first_scaled.get_or_insert((i, ratio));
                scaled += weight;
            }
        }
        let first_long = first_long.unwrap_or(true);
        if scaled <= 0.0 {
            return Err(RiskError::OneSided {
                side: if first_long { "long" } else { "short" },
            });
        }
        let k = fixed / scaled;
        if !(k.is_finite() && k > 0.0) {
            let (leg, ratio) = first_scaled.unwrap_or((0, 1.0));
            return Err(RiskError::RatioOutOfRange {
                leg,
                ratio: ratio * k,
            });
        }
        Ok(NeutralScale { first_long, k })
    }

    /// The neutral ratio of a leg whose written ratio is `ratio`.
    #[inline(always)]
    pub(crate) fn ratio(&self, ratio: f64) -> f64 {
        if (ratio > 0.0) == self.first_long {
            ratio
        } else {
            ratio * self.k
        }
    }
}

/// The spread with its ratios re-solved so that its net DV01 is zero.
///
/// **Rule.** The legs on the same side as the first leg (long if the first leg is long) keep
/// their ratios; the legs on the other side are scaled by one common factor `k`, so their
/// relative weights are kept and the total DV01 on that side matches the first side. For two
/// legs this keeps the first leg's ratio and solves the second; for `+TU+FV−TY` it keeps the
/// TU and FV ratios and resizes TY; for `−1×TY+2×TU` (first leg short) it keeps the TY and
/// resizes the TU. This is the crate's one DV01-neutral rule: the backtest engine sizes
/// [`Weighting::Dv01Neutral`](crate::backtest::Weighting::Dv01Neutral) books with the same
/// kernel, at every entry, resize and roll.
///
/// # Formula
/// ```text
/// F = { i : sign r_i = sign r_1 }           the fixed side (includes leg 1)
/// S = { j : sign r_j ≠ sign r_1 }           the scaled side
/// k = Σ_{i∈F} |r_i| D_i X_i  /  Σ_{j∈S} |r_j| D_j X_j
/// r'_i = r_i (i ∈ F),   r'_j = k r_j (j ∈ S)        so  Σ r'_i D_i X_i = 0
///
/// r_i  signed ratio of leg i (contracts per unit of spread)
/// D_i  DV01 of one contract of leg i, in its currency per 1 bp, positive
/// X_i  value of one unit of leg i's currency in the base currency (1 for a one-currency spread)
/// k    common scale factor of side S (dimensionless, > 0)
/// ```
///
/// # Conventions
/// All legs in one currency need no FX (`fx` is ignored). Mixed currencies need `fx`; DV01s
/// are then compared in its base currency at spot. The result is not rounded to whole
/// contracts; the legs' contracts are unchanged.
///
/// # References
/// Contract notes `docs/CONTRACTS.md` §5.5 (two-leg ratio `DV01_B / DV01_A`; the
/// joint scaling of one side is this crate's extension to more legs).
///
/// # Errors
/// [`RiskError::Dv01CountMismatch`]; [`RiskError::NonFiniteDv01`] or
/// [`RiskError::NonPositiveDv01`] for a leg's DV01 (a zero DV01, e.g. VX, cannot be hedged
/// by ratio); [`RiskError::OneSided`] if every leg is on the same side;
/// [`RiskError::MixedCurrencies`] without `fx` on a multi-currency spread, and
/// [`RiskError::MissingFxRate`] / [`RiskError::BadFxRate`] with it;
/// [`RiskError::RatioOutOfRange`] if a scaled ratio overflows or underflows.
///
/// # Examples
/// The reference vector `vectors/futures_dv01.json` (QuantLib 1.44, settlement 2024-04-16)
/// gives 1.7137 TU per TY for DV01s of $37.617 (TUM24) and $64.463 (TYM24):
/// ```
/// use spreadtrade::instrument::{SpreadExpr, dv01_neutral};
/// use spreadtrade::tolerance::HEDGE_RATIO_REL;
///
/// let spread: SpreadExpr = "TYM24 - TUM24".parse()?;
/// let neutral = dv01_neutral(&spread, &[64.46314954731264, 37.61717415757504], None)?;
/// let tu_per_ty = -neutral.legs()[1].ratio();
/// assert!((tu_per_ty - 1.7136627349327773).abs() <= HEDGE_RATIO_REL * 1.7136627349327773);
/// assert_eq!(neutral.legs()[0].ratio(), 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dv01_neutral(
    spread: &SpreadExpr,
    dv01_per_contract: &[f64],
    fx: Option<&FxToBase>,
) -> Result<SpreadExpr, RiskError> {
    check_dv01s(spread, dv01_per_contract)?;
    for (leg, &dv01) in dv01_per_contract.iter().enumerate() {
        check_positive(leg, dv01)?;
    }
    let legs = spread.legs();
    let Some(first) = legs.first() else {
        // A SpreadExpr always has a leg; an empty one has nothing to neutralise.
        return Ok(spread.clone());
    };
    let first_long = first.is_long();
    if legs.iter().all(|l| l.is_long() == first_long) {
        return Err(RiskError::OneSided {
            side: if first_long { "long" } else { "short" },
        });
    }
    // One currency: FX is a common factor that cancels from k, so it is not used.
    let other_currency = legs
        .iter()
        .map(Leg::currency)
        .find(|&c| c != first.currency());
    let fx = match (other_currency, fx) {
        (None, _) => None,
        (Some(_), Some(fx)) => Some(fx),
        (Some(second), None) => {
            return Err(RiskError::MixedCurrencies {
                first: first.currency(),
                second,
            });
        }
    };
    let fx_rate = |leg: &Leg| fx.map_or(Ok(1.0), |fx| fx.checked_rate(leg.currency()));
    let mut in_base = Vec::with_capacity(legs.len());
    for (leg, &dv01) in legs.iter().zip(dv01_per_contract) {
        in_base.push((leg.ratio(), dv01 * fx_rate(leg)?));
    }
    let scale = NeutralScale::solve(in_base)?;
    let mut ratios = Vec::with_capacity(legs.len());
    for (i, leg) in legs.iter().enumerate() {
        let ratio = scale.ratio(leg.ratio());
        if !ratio.is_finite() || ratio == 0.0 {
            return Err(RiskError::RatioOutOfRange { leg: i, ratio });
        }
        ratios.push(ratio);
    }
    spread
        .with_ratios(&ratios)
        .map_err(|_| RiskError::RatioOutOfRange {
            // Unreachable: every ratio was checked finite and non-zero above.
            leg: 0,
            ratio: f64::NAN,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::{HEDGE_RATIO_QUOTED_ABS, HEDGE_RATIO_REL};

    fn spread(text: &str) -> SpreadExpr {
        text.parse().unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= HEDGE_RATIO_REL * a.abs().max(b.abs())
    }

    /// futures_dv01.json (QuantLib 1.44, settlement 2024-04-16): futures DV01 per contract.
    const TUM24_DV01: f64 = 37.61717415757504;
    const TYM24_DV01: f64 = 64.46314954731264;
    const TU_PER_TY: f64 = 1.7136627349327773;

    #[test]
    fn spec_5_5_two_leg_ratio_is_about_1_65() {
        // Spec §5.5: N_TU / N_TY = DV01_TY / DV01_TU ≈ 65.4 / 39.5 ≈ 1.65.
        let neutral = dv01_neutral(&spread("TYM24 - TUM24"), &[65.4, 39.5], None).unwrap();
        let tu_per_ty = -neutral.legs()[1].ratio();
        assert!(close(tu_per_ty, 65.4 / 39.5));
        assert!((tu_per_ty - 1.65).abs() < HEDGE_RATIO_QUOTED_ABS);
        // Keeping TU first solves the TY ratio instead: 1/1.6557 TY per TU.
        let neutral = dv01_neutral(&spread("TUM24 - TYM24"), &[39.5, 65.4], None).unwrap();
        assert_eq!(neutral.legs()[0].ratio(), 1.0);
        assert!(close(neutral.legs()[1].ratio(), -39.5 / 65.4));
    }

    #[test]
    fn reference_vector_ratio_is_reproduced() {
        assert!(close(
            neutral_ratio(TUM24_DV01, TYM24_DV01).unwrap(),
            TU_PER_TY
        ));
        let neutral = dv01_neutral(
            &spread("-1×TYM24 + 1×TUM24"),
            &[TYM24_DV01, TUM24_DV01],
            None,
        )
        .unwrap();
        assert_eq!(neutral.legs()[0].ratio(), -1.0);
        assert!(close(neutral.legs()[1].ratio(), TU_PER_TY));
    }

    #[test]
    fn net_dv01_of_the_tut_template_is_long_duration() {
        // Spec §5.5: the 2:1 template is slightly long duration against ≈ 1.65.
        let net = net_dv01(&spread("2×TUM24−1×TYM24"), &[TUM24_DV01, TYM24_DV01]).unwrap();
        assert!(close(net[&Currency::Usd], 2.0 * TUM24_DV01 - TYM24_DV01));
        assert!(net[&Currency::Usd] > 0.0);
    }

    #[test]
    fn net_dv01_never_adds_usd_to_cny() {
        let net = net_dv01(&spread("2×TUM24−1×T2406+VXM24"), &[39.5, 650.0, 0.0]).unwrap();
        assert_eq!(net.len(), 2);
        assert!(close(net[&Currency::Usd], 79.0));
        assert!(close(net[&Currency::Cny], -650.0));
    }

    #[test]
    fn neutral_spread_has_zero_net_dv01_with_several_legs() {
        // Butterfly-like: keep TU and US long, scale FV and TY jointly.
        let s = spread("2×TU + 0.5×US − 1×FV − 1×TY");
        let dv01 = [39.5, 160.0, 45.0, 65.4];
        let neutral = dv01_neutral(&s, &dv01, None).unwrap();
        let net = net_dv01(&neutral, &dv01).unwrap()[&Currency::Usd];
        let gross: f64 = neutral
            .legs()
            .iter()
            .zip(dv01)
            .map(|(l, d)| (l.ratio() * d).abs())
            .sum();
        assert!(net.abs() <= HEDGE_RATIO_REL * gross, "{net}");
        // Fixed side unchanged; scaled side keeps its 1:1 proportion.
        assert_eq!(neutral.legs()[0].ratio(), 2.0);
        assert_eq!(neutral.legs()[1].ratio(), 0.5);
        assert!(close(neutral.legs()[2].ratio(), neutral.legs()[3].ratio()));
    }

    #[test]
    fn a_short_first_leg_keeps_its_side() {
        // −TY + 2×TU + 1×FV: the short TY is fixed, TU and FV are scaled by one k.
        let s = spread("-1×TY + 2×TU + 1×FV");
        let dv01 = [65.4, 39.5, 45.0];
        let neutral = dv01_neutral(&s, &dv01, None).unwrap();
        let k = 65.4 / (2.0 * 39.5 + 45.0);
        assert_eq!(neutral.legs()[0].ratio(), -1.0);
        assert!(close(neutral.legs()[1].ratio(), 2.0 * k));
        assert!(close(neutral.legs()[2].ratio(), k));
        let net = net_dv01(&neutral, &dv01).unwrap()[&Currency::Usd];
        assert!(net.abs() <= HEDGE_RATIO_REL * 65.4 * 2.0, "{net}");
        // The kernel gives the same ratios, bit for bit.
        let scale = NeutralScale::solve([(-1.0, 65.4), (2.0, 39.5), (1.0, 45.0)]).unwrap();
        for (leg, written) in neutral.legs().iter().zip([-1.0, 2.0, 1.0]) {
            assert_eq!(leg.ratio(), scale.ratio(written));
        }
        assert_eq!(
            NeutralScale::solve([(-1.0, 65.4), (-2.0, 39.5)]),
            Err(RiskError::OneSided { side: "short" })
        );
        assert_eq!(
            NeutralScale::solve([(1.0, 65.4), (-2.0, 0.0)]),
            Err(RiskError::NonPositiveDv01 { leg: 1, dv01: 0.0 })
        );
    }

    #[test]
    fn mixed_currencies_need_fx() {
        let s = spread("+1×T−2×TS+TUM24");
        let dv01 = [650.0, 380.0, 39.5];
        assert_eq!(
            dv01_neutral(&s, &dv01, None),
            Err(RiskError::MixedCurrencies {
                first: Currency::Cny,
                second: Currency::Usd
            })
        );
        let usd_base = FxToBase::new(Currency::Usd);
        assert_eq!(
            dv01_neutral(&s, &dv01, Some(&usd_base)),
            Err(RiskError::MissingFxRate {
                currency: Currency::Cny,
                base: Currency::Usd
            })
        );
        let fx = usd_base.with_rate(Currency::Cny, 0.14);
        let neutral = dv01_neutral(&s, &dv01, Some(&fx)).unwrap();
        let net = net_dv01_in(&neutral, &dv01, &fx).unwrap();
        assert!(net.abs() <= HEDGE_RATIO_REL * 650.0 * 0.14 * 4.0, "{net}");
        let bad = FxToBase::new(Currency::Usd).with_rate(Currency::Cny, -1.0);
        assert_eq!(
            net_dv01_in(&s, &dv01, &bad),
            Err(RiskError::BadFxRate {
                currency: Currency::Cny,
                rate: -1.0
            })
        );
    }

    #[test]
    fn single_currency_spreads_ignore_fx() {
        // CFFEX `+1×T−2×TS` (spec §5.5: T ≈ RMB 650–700, TS ≈ RMB 380).
        let s = spread("+1×T−2×TS");
        let with = dv01_neutral(&s, &[650.0, 380.0], Some(&FxToBase::default())).unwrap();
        let without = dv01_neutral(&s, &[650.0, 380.0], None).unwrap();
        assert_eq!(with, without);
        assert!(close(-without.legs()[1].ratio(), 650.0 / 380.0));
    }

    #[test]
    fn bad_dv01s_are_rejected() {
        let s = spread("TU - TY");
        assert_eq!(
            net_dv01(&s, &[1.0]),
            Err(RiskError::Dv01CountMismatch { legs: 2, found: 1 })
        );
        assert!(matches!(
            net_dv01(&s, &[1.0, f64::NAN]),
            Err(RiskError::NonFiniteDv01 { leg: 1, .. })
        ));
        assert_eq!(
            dv01_neutral(&s, &[0.0, 65.4], None),
            Err(RiskError::NonPositiveDv01 { leg: 0, dv01: 0.0 })
        );
        assert_eq!(
            dv01_neutral(&s, &[39.5, -1.0], None),
            Err(RiskError::NonPositiveDv01 { leg: 1, dv01: -1.0 })
        );
        assert!(matches!(
            dv01_neutral(&s, &[39.5, f64::INFINITY], None),
            Err(RiskError::NonFiniteDv01 { leg: 1, .. })
        ));
        assert!(matches!(
            neutral_ratio(0.0, 1.0),
            Err(RiskError::NonPositiveDv01 { leg: 0, .. })
        ));
    }

    #[test]
    fn one_sided_and_extreme_spreads_are_rejected() {
        assert_eq!(
            dv01_neutral(&spread("TU + TY"), &[39.5, 65.4], None),
            Err(RiskError::OneSided { side: "long" })
        );
        assert_eq!(
            dv01_neutral(&spread("-TU - TY"), &[39.5, 65.4], None),
            Err(RiskError::OneSided { side: "short" })
        );
        assert!(matches!(
            dv01_neutral(&spread("TU - TY"), &[f64::MAX, f64::MIN_POSITIVE], None),
            Err(RiskError::RatioOutOfRange { leg: 1, .. })
        ));
        assert!(matches!(
            neutral_ratio(f64::MIN_POSITIVE, f64::MAX),
            Err(RiskError::RatioOutOfRange { .. })
        ));
    }
}
