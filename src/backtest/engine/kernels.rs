//! The per-leg arithmetic both the full day ([`Engine::full_day`](super::Engine)) and the
//! quiet stretch ([`quiet`](super::quiet)) perform, written once.
//!
//! Each kernel is one leg's contribution to one day, `#[inline(always)]`; both paths call
//! them leg by leg in book order and add the results into sums that start at 0.0, so the two
//! paths form the same floating-point sums in the same order and their results are
//! bit-identical (checked by the engine property tests).

use crate::backtest::config::MarginRule;

/// A leg's mark-to-market P&L for one day, in its currency: `q × (P_d − P_{d−1}) × pv`.
///
/// # Formula
/// ```text
/// pnl = q · (P_d − P_{d−1}) · pv
/// q    contracts held (signed)
/// P    the held contract's price (price points), pv its point value (currency per point)
/// ```
#[inline(always)]
pub(super) fn mark_pnl(q: f64, price: f64, prev: f64, point_value: f64) -> f64 {
    q * (price - prev) * point_value
}

/// The DV01 sums of a day: net, long side and short side, base currency per bp.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Dv01Sides {
    pub net: f64,
    pub long: f64,
    pub short: f64,
}

/// Adds one leg's position DV01 `x = q × DV01 × fx` (base currency per bp, signed) to the
/// day's sums: `net += x`, and to the long side if `x > 0`, else `−x` to the short side.
#[inline(always)]
pub(super) fn add_dv01(net: &mut f64, long: &mut f64, short: &mut f64, x: f64) {
    *net += x;
    if x > 0.0 {
        *long += x;
    } else {
        *short -= x;
    }
}

/// The initial margin of `contracts` at `price` under `rule`, in the contract's currency
/// (0 without a rule).
///
/// # Formula
/// ```text
/// margin = |contracts| · m                 (MarginRule::PerContract(m))
/// margin = |contracts| · f · |P| · pv      (MarginRule::FractionOfNotional(f))
/// ```
#[inline(always)]
pub(super) fn margin_amount(
    rule: Option<MarginRule>,
    contracts: i64,
    price: f64,
    point_value: f64,
) -> f64 {
    rule.map_or(0.0, |r| {
        contracts.unsigned_abs() as f64 * r.per_contract_at(price, point_value)
    })
}

/// Rounds to the nearest whole number of contracts, halves away from zero (the engine's
/// documented sizing rule), without a libm call and without branches (the lockstep paths size
/// at random across lanes). Sizes beyond ±2^52 contracts saturate.
#[inline(always)]
pub(super) fn round_half_away(x: f64) -> i64 {
    let t = x as i64; // truncates toward zero (saturating)
    let frac = x - t as f64;
    t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        for (x, n) in [
            (0.5, 1),
            (-0.5, -1),
            (1.49, 1),
            (-2.5, -3),
            (2.4999, 2),
            (0.0, 0),
        ] {
            assert_eq!(round_half_away(x), n, "{x}");
            assert_eq!(round_half_away(x), x.round() as i64, "{x}");
        }
    }

    #[test]
    fn dv01_sides_split_by_sign() {
        let mut s = Dv01Sides::default();
        for x in [3.0, -5.0, 1.0] {
            add_dv01(&mut s.net, &mut s.long, &mut s.short, x);
        }
        assert_eq!((s.net, s.long, s.short), (-1.0, 4.0, 5.0));
        assert_eq!(margin_amount(None, 5, 100.0, 1_000.0), 0.0);
        assert_eq!(
            margin_amount(
                Some(MarginRule::FractionOfNotional(0.02)),
                -3,
                100.0,
                10_000.0
            ),
            60_000.0
        );
    }
}
