//! Fills and costs (step 4 of the day loop): fill prices with slippage, commissions, the cost
//! basis of each leg and the blotter.

use super::legs::{Held, Leg, TickRule};
use super::{Counters, Engine, Run};
use crate::backtest::result::{Trade, TradeReason};

impl<'a> Engine<'a> {
    /// Fills `qty` of leg `leg`'s contract on day `d` — the contract it holds, or `other` (the
    /// other side of a roll) — and returns the cost (commission + slippage) in the contract's
    /// currency.
    ///
    /// # Formula
    /// ```text
    /// slip       = slippage_ticks · tick(d)                 (price points; 0 without a tick)
    /// fill price = P_d + slip · sign(qty)
    /// cost       = |qty| · commission + |qty| · slip · pv    (contract's currency)
    /// ```
    pub(super) fn fill(
        &self,
        run: &mut Run<'a>,
        leg: usize,
        other: Option<&Held<'a>>,
        qty: i64,
        d: usize,
        reason: TradeReason,
    ) -> f64 {
        let Run {
            legs,
            acc,
            trades,
            record,
            ..
        } = run;
        let l = &legs[leg];
        let h = *other
            .or(l.held.as_ref())
            .expect("a leg that trades holds (or rolls into) a contract");
        let f = self.fill_leg(&mut legs[leg], acc, &h, qty, d);
        if *record {
            let info = self.table.instrument(h.id);
            trades.push(Trade {
                date: self.market.dates()[d],
                leg,
                instrument: std::sync::Arc::clone(info.shared_name()),
                quantity: qty,
                market_price: f.price,
                fill_price: f.fill_price,
                commission: f.commission,
                slippage: f.slippage,
                currency: info.currency,
                reason,
            });
        }
        f.cost
    }

    /// The arithmetic of [`Engine::fill`] without the blotter: `qty` of `h` on day `d` into
    /// `leg`'s cost basis and the counters `acc`. The one place the engine and the lockstep
    /// path of rolled books ([`super::lanes_book`]) fill, so both give the same bits.
    #[inline]
    pub(super) fn fill_leg(
        &self,
        leg: &mut Leg<'a>,
        acc: &mut Counters,
        h: &Held<'a>,
        qty: i64,
        d: usize,
    ) -> Fill {
        let price = h.price(d).expect("fills happen only on days with a price");
        let slip = self.slip(h, d);
        fill_at(leg, acc, (price, slip, h.commission, h.point_value), qty, d)
    }

    /// The slippage of one contract of `h` on day `d`, in price points:
    /// `slippage_ticks · tick(d)` (0 without a tick).
    #[inline]
    pub(super) fn slip(&self, h: &Held<'a>, d: usize) -> f64 {
        let slippage_ticks = self.config.costs.slippage_ticks;
        match h.tick {
            TickRule::None => 0.0,
            TickRule::Fixed(t) => slippage_ticks * t,
            TickRule::Root(spec) => slippage_ticks * spec.tick_size(self.market.dates()[d]),
        }
    }
}

/// The arithmetic of a fill of `qty` contracts on day `d` at market `price` with `slip`
/// (price points per contract), `commission` per contract and `point_value`, into `leg`'s
/// cost basis and the counters `acc` ([`Engine::fill_leg`] with the contract's figures
/// resolved), at the leg's FX rate of the day ([`fill_at_fx`]).
#[inline(always)]
pub(super) fn fill_at(
    leg: &mut Leg<'_>,
    acc: &mut Counters,
    figures: (f64, f64, f64, f64),
    qty: i64,
    d: usize,
) -> Fill {
    let fx = leg.fx(d);
    fill_at_fx(leg, acc, figures, qty, fx)
}

/// [`fill_at`] given the leg's FX rate `fx` of the fill's day: the lockstep path of rolled
/// books, whose legs all settle in the base currency, passes the constant `1.0` that
/// [`Leg::fx`] returns for them (the same operand, and the compiler drops its products).
#[inline(always)]
pub(super) fn fill_at_fx(
    leg: &mut Leg<'_>,
    acc: &mut Counters,
    (price, slip, commission_per_contract, point_value): (f64, f64, f64, f64),
    qty: i64,
    fx: f64,
) -> Fill {
    let abs_q = qty.unsigned_abs() as f64;
    let (commission, slippage, cost) = fill_cost(abs_q, slip, commission_per_contract, point_value);
    let fill_price = fill_price(price, slip, sign_of(qty));
    let realised = apply_fill(leg, qty, fill_price, point_value);
    count_fill(
        acc,
        (qty, abs_q),
        fill_price,
        point_value,
        (commission, cost),
        realised,
        fx,
    );
    Fill {
        price,
        fill_price,
        commission,
        slippage,
        cost,
    }
}

/// The cost of a fill of `abs_q` contracts (`|qty|`) with `slip` price points of slippage per
/// contract, `commission` per contract and `point_value`, in the contract's currency, as
/// `(commission, slippage, cost)`: the one place [`fill_at`] and the lockstep lanes of one-leg
/// books ([`super::lanes`], which size the same positions every time) compute it.
///
/// # Formula
/// ```text
/// commission = |qty| · commission per contract
/// slippage   = |qty| · slip · pv
/// cost       = commission + slippage
/// ```
#[inline(always)]
pub(super) fn fill_cost(
    abs_q: f64,
    slip: f64,
    commission_per_contract: f64,
    point_value: f64,
) -> (f64, f64, f64) {
    let commission = abs_q * commission_per_contract;
    let slippage = abs_q * slip * point_value;
    (commission, slippage, commission + slippage)
}

/// The price of a fill of `qty` contracts at market `price` with `slip` price points of
/// slippage per contract: `P + slip · sign(qty)` (buyers pay up, sellers receive less), given
/// `sign = sign(qty)` as `f64` (the lockstep lanes keep it per step). The one place
/// [`fill_at`] and the lockstep lanes of one-leg books form it.
#[inline(always)]
pub(super) fn fill_price(price: f64, slip: f64, sign: f64) -> f64 {
    price + slip * sign
}

/// `sign(q)` as `f64` (−1, 0 or 1), the factor of [`fill_price`] and [`realised_on_close`].
#[inline(always)]
pub(super) fn sign_of(q: i64) -> f64 {
    q.signum() as f64
}

/// The P&L a fill realises closing `closed` contracts (a whole number) of a position `q₀`
/// held at average cost `avg`, at `fill`: `closed · (fill − avg) · sign(q₀) · pv`, given
/// `sign0 = sign(q₀)` ([`sign_of`]). The one place [`apply_fill`] and the lockstep lanes of
/// one-leg books form it.
#[inline(always)]
pub(super) fn realised_on_close(
    closed: f64,
    fill: f64,
    avg: f64,
    sign0: f64,
    point_value: f64,
) -> f64 {
    closed * (fill - avg) * sign0 * point_value
}

/// One fill's figures, in the contract's currency.
#[derive(Clone, Copy)]
pub(super) struct Fill {
    /// The market price.
    pub price: f64,
    /// The price with slippage.
    pub fill_price: f64,
    pub commission: f64,
    pub slippage: f64,
    /// Commission and slippage.
    pub cost: f64,
}

/// Counts one fill in the run's counters, in the base currency at the fill day's FX rate
/// `fx`: costs (`commission` and slippage, `cost` in all), commissions, the realised P&L, the
/// amount traded `|qty| · |fill price| · point value` (`abs_q` is `|qty|` as `f64`), the fill
/// and its contracts. The one place the engine and the lockstep path ([`super::lanes`]) count
/// a fill, so both give the same bits.
#[inline(always)]
pub(super) fn count_fill(
    acc: &mut Counters,
    (qty, abs_q): (i64, f64),
    fill_price: f64,
    point_value: f64,
    (commission, cost): (f64, f64),
    realised: f64,
    fx: f64,
) {
    debug_assert_eq!(abs_q, qty.unsigned_abs() as f64);
    acc.day_costs += cost * fx;
    acc.costs += cost * fx;
    acc.commissions += commission * fx;
    acc.realised += realised * fx;
    acc.notional += abs_q * fill_price.abs() * point_value * fx;
    acc.trades += 1;
    acc.contracts += qty.abs();
}

/// Updates a leg's cost basis for a fill of `q` contracts at `fill` and returns the P&L it
/// realises, in the leg's currency.
///
/// # Conventions
/// Average cost: adding to a position averages the fill into the cost; reducing it realises
/// `closed × (fill − average) × sign(position) × point value`; a reversal realises the whole
/// position and opens the rest at the fill. Fill prices include slippage, so a position's
/// unrealised P&L at the mark is net of its slippage, and for a single-currency book
/// `Σ daily P&L = realised + unrealised − commissions` (tested).
#[inline]
pub(super) fn apply_fill(l: &mut Leg<'_>, q: i64, fill: f64, point_value: f64) -> f64 {
    let q0 = l.cost_qty;
    let q1 = q0 + q;
    let mut realised = 0.0;
    if q0 == 0 {
        // Opening: the cost is the fill (exactly; `fill × a / a` may round).
        l.avg_price = fill;
    } else if q0.signum() == q.signum() {
        let (a0, a) = (q0.unsigned_abs() as f64, q.unsigned_abs() as f64);
        l.avg_price = (l.avg_price * a0 + fill * a) / (a0 + a);
    } else {
        let closed = q.unsigned_abs().min(q0.unsigned_abs()) as f64;
        realised = realised_on_close(closed, fill, l.avg_price, sign_of(q0), point_value);
        if q1 == 0 {
            l.avg_price = 0.0;
        } else if q1.signum() != q0.signum() {
            l.avg_price = fill;
        }
    }
    l.cost_qty = q1;
    l.realised += realised;
    realised
}
