//! The book's risk at a close: net and carried DV01 and initial margin (part of step 5 of the
//! day loop), from the per-leg kernels the quiet stretch shares.

use super::Engine;
use super::kernels::{Dv01Sides, add_dv01, margin_amount};
use super::legs::{Held, Leg, Margin};

/// The book's risk at a close, base currency.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Exposure {
    /// Σ contracts × DV01 × fx over the legs.
    pub net_dv01: f64,
    /// The DV01 carried: the larger of the long side's and the short side's DV01 (for a
    /// DV01-neutral spread, the DV01 of one side: the P&L per bp of spread move).
    pub carried_dv01: f64,
    /// Initial margin.
    pub margin: f64,
}

impl Exposure {
    /// The exposure of a day's DV01 sums and margin.
    #[inline(always)]
    pub fn of(dv01: Dv01Sides, margin: f64) -> Self {
        Exposure {
            net_dv01: dv01.net,
            carried_dv01: f64::max(dv01.long, dv01.short),
            margin,
        }
    }
}

impl Engine<'_> {
    /// The book's exposure on day `d` (legs without a DV01 or a margin figure count 0).
    #[inline]
    pub(super) fn exposure(&self, legs: &[Leg<'_>], d: usize) -> Exposure {
        let mut dv01 = Dv01Sides::default();
        let mut margin = 0.0;
        for leg in legs {
            if leg.contracts == 0 {
                continue;
            }
            let Some(h) = leg.held.as_ref().filter(|h| h.has_exposure()) else {
                continue;
            };
            let fx = leg.fx(d);
            if let Some(dv) = h.dv01(d) {
                let x = leg.contracts as f64 * dv * fx;
                add_dv01(&mut dv01.net, &mut dv01.long, &mut dv01.short, x);
            }
            if let Some(price) = h.price(d) {
                margin += self.margin_of(h, d, leg.contracts, price) * fx;
            }
        }
        Exposure::of(dv01, margin)
    }

    /// The initial margin of `contracts` of `h` at `price` on day `d`, in its currency (0 where
    /// no figure is configured).
    #[inline(always)]
    pub(super) fn margin_of(&self, h: &Held<'_>, d: usize, contracts: i64, price: f64) -> f64 {
        let rule = match h.margin {
            Margin::None => None,
            Margin::Constant(rule) => Some(rule),
            Margin::Daily(root) => self.margin_days[root][d],
        };
        margin_amount(rule, contracts, price, h.point_value)
    }
}
