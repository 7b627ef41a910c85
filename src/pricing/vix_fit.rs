//! The VX term-structure model fitted to VX futures: three mean-reverting components of the
//! VIX, each decaying at its own speed towards a long-run level that includes the variance
//! risk premium ([`vx_term_structure_price`]), its state from the VIX history
//! ([`vx_states`]), and the least-squares fit of its parameters to VX settlements
//! ([`fit_vx_term_structure`]). The frozen fit on 2007–2015 is [`VX_FIT_2007_2015`].

use crate::calendar::Calendar;
use crate::contract::{ContractCode, Root};
use crate::market::MarketError;
use chrono::NaiveDate;

/// Parameters of the VX term-structure model ([`vx_term_structure_price`]). Time is counted
/// in Cboe business days (one VIX close per step).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxCurveParameters {
    /// Half-life of the short state `x` (an exponentially weighted average of the VIX
    /// closes), in closes.
    pub short_half_life_days: f64,
    /// Decay speed of the fast component `VIX − x`, per business day.
    pub fast_kappa_per_day: f64,
    /// Half-life of the medium state `m` (an exponentially weighted average of the VIX
    /// closes), in closes.
    pub medium_half_life_days: f64,
    /// Decay speed of the medium component `x − m`, per business day.
    pub medium_kappa_per_day: f64,
    /// Decay speed of the slow component `m − θ`, per business day.
    pub slow_kappa_per_day: f64,
    /// Long-run level under the pricing measure, index points: the VIX's long-run mean plus
    /// the variance risk premium that futures holders are paid.
    pub theta: f64,
}

/// The model fitted on the VX settlements of 2007-04-02..=2015-12-31 of the four nearest
/// contracts (ranks VX1..VX4 of `vx_futures_settle_vx1_vx8_2007_2021.csv` in the shared
/// validation data: 8,820 settlements, 8,711 daily changes of one contract; VIX closes from
/// the shared `vix_index_daily.csv`) by [`fit_vx_term_structure`], rounded to 4 significant
/// digits and frozen. The fit: rms daily-change error 0.463 points, rms level error 1.61
/// points. Re-run and compared by the integration test
/// `fx_vx_fit::vx_fit_on_2007_2015_reproduces_the_frozen_constants`.
///
/// Why VX1..VX4: most VX volume and open interest is in the nearest contracts, and the
/// trades the crate expresses hold them; fitting on VX1..VX2 alone makes VX2 move 17% too
/// little out of sample, fitting on all eight ranks makes the front levels 0.3–0.7 points
/// too low (both measured on 2016–2021, see `docs/DESIGN.md`).
///
/// Reading the numbers: a VIX move that fades within a day or two (the fast component:
/// `x` has a half-life of 0.41 closes and the component decays at 1.06 a day, half-life
/// 0.65 business days) hardly moves the futures; the month-scale component decays with a
/// half-life of `ln 2 / 0.02074` ≈ 33 business days, the slow one ≈ 258 (a year). θ = 33.5
/// is far above the VIX's own long-run mean (19.5 over 1990–2024): that gap is the variance
/// risk premium, which makes VX trade above the VIX when the VIX is low (`m < θ`).
pub const VX_FIT_2007_2015: VxCurveParameters = VxCurveParameters {
    short_half_life_days: 0.4051,
    fast_kappa_per_day: 1.062,
    medium_half_life_days: 44.05,
    medium_kappa_per_day: 0.020_74,
    slow_kappa_per_day: 0.002_688,
    theta: 33.46,
};

/// Nearest contracts (ranks) the frozen fit used: VX1..VX4.
pub const VX_FIT_RANKS: usize = 4;

/// First VX settlement date of the frozen fit's window.
pub const VX_FIT_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2007, 4, 2) {
    Some(d) => d,
    None => panic!("valid date literal"),
};
/// Last VX settlement date of the frozen fit's window.
pub const VX_FIT_TO: NaiveDate = match NaiveDate::from_ymd_opt(2015, 12, 31) {
    Some(d) => d,
    None => panic!("valid date literal"),
};

/// VIX closes the states need before the model prices anything (a year and a half): the
/// weight of the starting value in the medium state is then `2^(−378/h_m)`, 0.3% for the
/// frozen 44-close half-life.
pub const VX_STATE_WARMUP_CLOSES: usize = 378;

/// The state of the VX model on one day: the VIX close and its two exponentially weighted
/// averages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxState {
    /// The VIX close, index points.
    pub vix: f64,
    /// The short state `x`, index points.
    pub short: f64,
    /// The medium state `m`, index points.
    pub medium: f64,
    /// Closes seen up to and including this day.
    pub closes: usize,
}

/// The model price of a VIX future from the day's state.
///
/// # Formula
/// ```text
/// F(t, T) = θ + (m_t − θ)·e^(−κ_m·n) + (x_t − m_t)·e^(−κ_s·n) + (VIX_t − x_t)·e^(−κ_f·n)
///   VIX_t  VIX close on t (index points)
///   x_t    short state: EWMA of the VIX closes up to t, half-life h_x closes
///   m_t    medium state: EWMA of the VIX closes up to t, half-life h_m closes
///   θ      long-run level under the pricing measure (index points)
///   κ_f, κ_s, κ_m   decay speeds of the fast, medium and slow components, per business day
///   n      Cboe business days from t (counted) to the final settlement day T (not counted);
///          n = 0 on T, where F = VIX_t
/// ```
///
/// # Conventions
/// The VIX is split into a fast part (`VIX − x`: moves that fade within days), a medium part
/// (`x − m`) and a slow part (`m`), each expected to decay to the next at its own speed, the
/// slow part to θ. This is the expected VIX at T of a three-factor mean-reverting model with
/// a "central tendency" (Mencía and Sentana), its latent factors proxied by exponentially
/// weighted averages of the VIX history (no future data). θ and the speeds are **pricing
/// measure** parameters, fitted to VX settlements, not to the VIX alone: the difference
/// between θ and the VIX's long-run mean is the variance risk premium. No convexity term (it
/// is absorbed by the fit). Prices are not rounded to the 0.05 tick.
///
/// # References
/// - J. Mencía and E. Sentana, "Valuation of VIX derivatives", *Journal of Financial
///   Economics* 108(2) (2013) 367–391: a mean-reverting VIX with a stochastic central
///   tendency prices VX futures far better than a constant long-run mean.
/// - R. Grünbichler and F. A. Longstaff, "Valuing futures and options on volatility",
///   *Journal of Banking & Finance* 20 (1996) 985–1001: the one-factor form
///   `θ + (V − θ)·e^(−κτ)`, which this reduces to when `x = m = VIX`.
///
/// # Examples
/// ```
/// use spreadtrade::pricing::{VX_FIT_2007_2015, VxState, vx_term_structure_price};
///
/// let calm = VxState { vix: 12.0, short: 12.0, medium: 12.5, closes: 1000 };
/// let p = &VX_FIT_2007_2015;
/// // On the settlement day the future is the index; in a calm market it trades above it.
/// assert_eq!(vx_term_structure_price(&calm, p, 0), 12.0);
/// assert!(vx_term_structure_price(&calm, p, 40) > 12.0);
/// ```
pub fn vx_term_structure_price(state: &VxState, p: &VxCurveParameters, business_days: u32) -> f64 {
    let n = f64::from(business_days);
    let slow = (-p.slow_kappa_per_day * n).exp();
    let medium = (-p.medium_kappa_per_day * n).exp();
    let fast = (-p.fast_kappa_per_day * n).exp();
    p.theta
        + (state.medium - p.theta) * slow
        + (state.short - state.medium) * medium
        + (state.vix - state.short) * fast
}

/// The smoothing weight of an exponentially weighted average with half-life `h` closes:
/// `α = 1 − 2^(−1/h)`.
fn ewma_weight(half_life: f64) -> f64 {
    1.0 - (-std::f64::consts::LN_2 / half_life).exp()
}

/// The model state of every day of a VIX close series.
///
/// # Formula
/// ```text
/// x_s = x_{s−1} + α_x·(VIX_s − x_{s−1}),   α_x = 1 − 2^(−1/h_x)
/// m_s = m_{s−1} + α_m·(VIX_s − m_{s−1}),   α_m = 1 − 2^(−1/h_m)
///   started at the first close (x = m = VIX); a day without a close keeps the state
///   but has none (`None`)
/// ```
///
/// # Conventions
/// One step per observed close. The state of day t uses closes up to and including t only.
/// Days before [`VX_STATE_WARMUP_CLOSES`] closes have no state.
///
/// # References
/// J. S. Hunter, "The exponentially weighted moving average", *Journal of Quality Technology*
/// 18(4) (1986) 203–210.
pub fn vx_states(vix: &[Option<f64>], p: &VxCurveParameters) -> Vec<Option<VxState>> {
    let (ax, am) = (
        ewma_weight(p.short_half_life_days),
        ewma_weight(p.medium_half_life_days),
    );
    let mut out = Vec::with_capacity(vix.len());
    let mut state: Option<VxState> = None;
    for v in vix {
        let Some(v) = *v else {
            out.push(None);
            continue;
        };
        let s = match state {
            None => VxState {
                vix: v,
                short: v,
                medium: v,
                closes: 1,
            },
            Some(s) => VxState {
                vix: v,
                short: s.short + ax * (v - s.short),
                medium: s.medium + am * (v - s.medium),
                closes: s.closes + 1,
            },
        };
        state = Some(s);
        out.push((s.closes >= VX_STATE_WARMUP_CLOSES).then_some(s));
    }
    out
}

/// One VX settlement to fit: a contract's settlement price on a date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxSettlement {
    /// Trade date.
    pub date: NaiveDate,
    /// The monthly VX contract.
    pub contract: ContractCode,
    /// Settlement price, index points.
    pub settle: f64,
}

/// The result of [`fit_vx_term_structure`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VxFit {
    /// The fitted parameters.
    pub parameters: VxCurveParameters,
    /// Settlements used for the level (θ).
    pub settlements: usize,
    /// Daily changes of one contract used for the speeds.
    pub changes: usize,
    /// Root mean square of (model − real) daily changes, index points.
    pub rms_change_error: f64,
    /// Root mean square of (model − real) levels, index points.
    pub rms_level_error: f64,
}

/// Bounds of the fitted parameters: (short half-life, fast κ, medium half-life, medium κ,
/// slow κ), each `(lowest, highest)`.
const BOUNDS: [(f64, f64); 5] = [
    (0.25, 20.0),
    (0.005, 2.0),
    (5.0, 750.0),
    (0.0005, 0.5),
    (0.0001, 0.05),
];

/// The starting grid of the search (each point tried, the best refined).
const GRID: [[f64; 3]; 5] = [
    [1.0, 3.0, 8.0],
    [0.05, 0.15, 0.5],
    [21.0, 63.0, 250.0],
    [0.005, 0.015, 0.04],
    [0.001, 0.003, 0.01],
];

/// Relative step at which the coordinate search stops.
const SEARCH_STEP_MIN: f64 = 1e-4;

/// One prepared settlement: VIX index into the close series, business days to settlement,
/// the settlement price.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    vix_index: usize,
    n: u32,
    settle: f64,
}

/// Fits the VX model's parameters to VX settlements by least squares.
///
/// # Formula
/// ```text
/// speeds (h_x, κ_f, h_m, κ_s, κ_m) = argmin Σ_pairs (ΔF_model − ΔF_real)²
///   over every pair of consecutive settlements of one contract (a daily change)
/// θ = argmin Σ_settlements (F_model − F_real)²      (closed form for given speeds:
///   F_model = A + θ·(1 − e^(−κ_m·n)), so θ = Σ c·(F_real − A) / Σ c², c = 1 − e^(−κ_m·n))
/// ```
///
/// The speeds are fitted to daily changes because that is what a spread trade's P&L is made
/// of (how much a future moves when the VIX moves); the level then comes from θ. The search
/// is deterministic: every point of a 3⁵ grid, then a coordinate search in log-parameter
/// space from the best point, halving its steps to a relative step of 10⁻⁴, within fixed
/// bounds and with `h_x < h_m`, `κ_m < κ_s < κ_f`.
///
/// # Conventions
/// `vix` holds the VIX closes of `vix_dates` (the whole history: the states need closes
/// before the first settlement, see [`VX_STATE_WARMUP_CLOSES`]). n is counted on the Cboe
/// calendar to each contract's final settlement day.
///
/// # References
/// The model: [`vx_term_structure_price`]. Fitting a VIX futures model's risk-neutral
/// parameters to the futures by least squares: Mencía and Sentana (2013), §4.
///
/// # Errors
/// [`MarketError::InvalidParameter`] when `vix` and `vix_dates` differ in length, or a
/// settlement is not finite and positive; [`MarketError::MissingData`] for a settlement on a
/// day without a VIX close, one before the states are warm, a contract that is not VX or
/// whose final settlement is before the date, or fewer than 10 daily changes;
/// [`MarketError::Calendar`] for a date outside the Cboe calendar.
pub fn fit_vx_term_structure(
    vix_dates: &[NaiveDate],
    vix: &[Option<f64>],
    settlements: &[VxSettlement],
) -> Result<VxFit, MarketError> {
    if vix_dates.len() != vix.len() {
        return Err(MarketError::InvalidParameter {
            name: "VIX closes",
            value: vix.len() as f64,
            expected: "as many closes as dates",
        });
    }
    let cboe = Calendar::cboe();
    let needed_by = || "the VX term-structure fit".to_owned();
    let mut prepared = Vec::with_capacity(settlements.len());
    // Sorted by contract then date, so that daily changes are neighbours.
    let mut order: Vec<&VxSettlement> = settlements.iter().collect();
    order.sort_by_key(|s| (s.contract.year(), s.contract.month(), s.date));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, s) in order.iter().enumerate() {
        if !(s.settle.is_finite() && s.settle > 0.0) {
            return Err(MarketError::InvalidParameter {
                name: "VX settlement",
                value: s.settle,
                expected: "finite and positive",
            });
        }
        if s.contract.root() != Root::VX {
            return Err(MarketError::MissingData {
                what: format!("VX contract (found {})", s.contract),
                needed_by: needed_by(),
            });
        }
        let vix_index = vix_dates
            .binary_search(&s.date)
            .ok()
            .filter(|&i| vix[i].is_some())
            .ok_or_else(|| MarketError::MissingData {
                what: format!("VIX close on {}", s.date),
                needed_by: needed_by(),
            })?;
        let settlement_day = s
            .contract
            .dates()
            .map_err(|source| MarketError::Contract {
                code: s.contract,
                source,
            })?
            .final_settlement_day
            .filter(|&t| t >= s.date)
            .ok_or_else(|| MarketError::MissingData {
                what: format!("final settlement of {} on or after {}", s.contract, s.date),
                needed_by: needed_by(),
            })?;
        let n = cboe.business_days_between(s.date, settlement_day)?;
        prepared.push(Prepared {
            vix_index,
            n: u32::try_from(n).unwrap_or(u32::MAX),
            settle: s.settle,
        });
        if k > 0 && order[k - 1].contract == s.contract && order[k - 1].date < s.date {
            pairs.push((k - 1, k));
        }
    }
    if pairs.len() < 10 {
        return Err(MarketError::MissingData {
            what: format!("10 daily changes of one contract (found {})", pairs.len()),
            needed_by: needed_by(),
        });
    }
    let objective = |x: &[f64; 5]| -> Option<(f64, VxFit)> { evaluate(x, vix, &prepared, &pairs) };
    let mut best: Option<([f64; 5], f64, VxFit)> = None;
    for i in 0..3usize.pow(5) {
        let mut x = [0.0; 5];
        let mut rest = i;
        for (k, v) in x.iter_mut().enumerate() {
            *v = GRID[k][rest % 3];
            rest /= 3;
        }
        if let Some((sse, fit)) = objective(&x)
            && best.as_ref().is_none_or(|b| sse < b.1)
        {
            best = Some((x, sse, fit));
        }
    }
    let (mut x, mut sse, mut fit) = best.ok_or_else(|| MarketError::MissingData {
        what: "a starting point with warm states for every settlement".to_owned(),
        needed_by: needed_by(),
    })?;
    let mut step = 0.5_f64;
    while step > SEARCH_STEP_MIN {
        let mut improved = false;
        for k in 0..5 {
            for sign in [1.0, -1.0] {
                let mut y = x;
                y[k] *= (sign * step).exp();
                if let Some((s, f)) = objective(&y)
                    && s < sse
                {
                    (x, sse, fit) = (y, s, f);
                    improved = true;
                }
            }
        }
        if !improved {
            step /= 2.0;
        }
    }
    Ok(fit)
}

/// The change SSE and the fit at a point of the search; `None` outside the bounds or the
/// ordering, or when a state is missing.
fn evaluate(
    x: &[f64; 5],
    vix: &[Option<f64>],
    prepared: &[Prepared],
    pairs: &[(usize, usize)],
) -> Option<(f64, VxFit)> {
    if x.iter()
        .zip(BOUNDS)
        .any(|(v, (lo, hi))| !(*v >= lo && *v <= hi))
        || x[0] >= x[2]
        || !(x[4] < x[3] && x[3] < x[1])
    {
        return None;
    }
    let mut p = VxCurveParameters {
        short_half_life_days: x[0],
        fast_kappa_per_day: x[1],
        medium_half_life_days: x[2],
        medium_kappa_per_day: x[3],
        slow_kappa_per_day: x[4],
        theta: 0.0,
    };
    let states = vx_states(vix, &p);
    // With θ = 0 the price is A; the level fit adds θ·c.
    let mut base = Vec::with_capacity(prepared.len());
    let (mut num, mut den) = (0.0, 0.0);
    for q in prepared {
        let s = states.get(q.vix_index).copied().flatten()?;
        let a = vx_term_structure_price(&s, &p, q.n);
        let c = 1.0 - (-p.slow_kappa_per_day * f64::from(q.n)).exp();
        num += c * (q.settle - a);
        den += c * c;
        base.push((a, c));
    }
    if den.is_nan() || den <= 0.0 {
        return None;
    }
    p.theta = num / den;
    let model = |k: usize| base[k].0 + p.theta * base[k].1;
    let level_sse: f64 = prepared
        .iter()
        .enumerate()
        .map(|(k, q)| (model(k) - q.settle).powi(2))
        .sum();
    let change_sse: f64 = pairs
        .iter()
        .map(|&(a, b)| {
            let dm = model(b) - model(a);
            let dr = prepared[b].settle - prepared[a].settle;
            (dm - dr).powi(2)
        })
        .sum();
    change_sse.is_finite().then(|| {
        (
            change_sse,
            VxFit {
                parameters: p,
                settlements: prepared.len(),
                changes: pairs.len(),
                rms_change_error: (change_sse / pairs.len() as f64).sqrt(),
                rms_level_error: (level_sse / prepared.len() as f64).sqrt(),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::MODEL_PRICE_ABS;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn price_is_the_index_at_settlement_and_tends_to_theta() {
        let s = VxState {
            vix: 30.0,
            short: 25.0,
            medium: 20.0,
            closes: 500,
        };
        let p = VX_FIT_2007_2015;
        assert_eq!(vx_term_structure_price(&s, &p, 0), 30.0);
        assert!((vx_term_structure_price(&s, &p, 100_000) - p.theta).abs() < MODEL_PRICE_ABS);
        // One factor when the states equal the VIX: Grünbichler–Longstaff.
        let flat = VxState {
            vix: 15.0,
            short: 15.0,
            medium: 15.0,
            closes: 500,
        };
        let want = p.theta + (15.0 - p.theta) * (-p.slow_kappa_per_day * 30.0).exp();
        assert!((vx_term_structure_price(&flat, &p, 30) - want).abs() < MODEL_PRICE_ABS);
    }

    #[test]
    fn states_are_ewmas_from_the_first_close_and_warm_up() {
        let p = VxCurveParameters {
            short_half_life_days: 1.0,
            medium_half_life_days: 2.0,
            ..VX_FIT_2007_2015
        };
        let mut vix = vec![Some(10.0); VX_STATE_WARMUP_CLOSES + 2];
        vix[VX_STATE_WARMUP_CLOSES] = None;
        vix[VX_STATE_WARMUP_CLOSES + 1] = Some(20.0);
        let s = vx_states(&vix, &p);
        assert!(s[VX_STATE_WARMUP_CLOSES - 2].is_none());
        assert_eq!(s[VX_STATE_WARMUP_CLOSES - 1].unwrap().medium, 10.0);
        assert!(s[VX_STATE_WARMUP_CLOSES].is_none());
        let last = s[VX_STATE_WARMUP_CLOSES + 1].unwrap();
        // Half-life 1: halfway; half-life 2: 1 − 2^(−1/2) of the way.
        assert!((last.short - 15.0).abs() < MODEL_PRICE_ABS);
        assert!((last.medium - (10.0 + 10.0 * (1.0 - 0.5_f64.sqrt()))).abs() < MODEL_PRICE_ABS);
    }

    #[test]
    fn fit_recovers_the_parameters_of_model_prices() {
        // Settlements made by the model itself on a seeded VIX path: the fit finds a point
        // with (near) zero error, whose prices match.
        let truth = VxCurveParameters {
            short_half_life_days: 2.0,
            fast_kappa_per_day: 0.2,
            medium_half_life_days: 40.0,
            medium_kappa_per_day: 0.02,
            slow_kappa_per_day: 0.004,
            theta: 24.0,
        };
        let cboe = Calendar::cboe();
        let mut dates = Vec::new();
        let mut day = d(2010, 1, 4);
        while dates.len() < VX_STATE_WARMUP_CLOSES + 300 {
            if cboe.is_business_day(day).unwrap() {
                dates.push(day);
            }
            day = day.succ_opt().unwrap();
        }
        let mut rng = crate::rng::SplitMix64::new(11);
        let mut v = 20.0;
        let vix: Vec<Option<f64>> = dates
            .iter()
            .map(|_| {
                v = (20.0 + 0.95 * (v - 20.0) + 1.5 * rng.normal_pair().0).max(9.0);
                Some(v)
            })
            .collect();
        let states = vx_states(&vix, &truth);
        let mut settlements = Vec::new();
        for (k, &date) in dates.iter().enumerate().skip(VX_STATE_WARMUP_CLOSES) {
            let mut c = ContractCode::new(Root::VX, 2011, 1).unwrap();
            let mut ranks = 0;
            while ranks < 3 {
                let t = c.dates().unwrap().final_settlement_day.unwrap();
                if t > date {
                    let n = cboe.business_days_between(date, t).unwrap() as u32;
                    let settle = vx_term_structure_price(&states[k].unwrap(), &truth, n);
                    settlements.push(VxSettlement {
                        date,
                        contract: c,
                        settle,
                    });
                    ranks += 1;
                }
                c = c.next().unwrap();
            }
        }
        let fit = fit_vx_term_structure(&dates, &vix, &settlements).unwrap();
        assert!(fit.rms_change_error < 0.02, "{fit:?}");
        assert!(fit.rms_level_error < 0.05, "{fit:?}");
        assert!((fit.parameters.theta - truth.theta).abs() < 1.0, "{fit:?}");
    }

    #[test]
    fn bad_inputs_are_named() {
        let dates = [d(2020, 1, 2)];
        let c = ContractCode::new(Root::VX, 2020, 2).unwrap();
        let s = |date, settle| VxSettlement {
            date,
            contract: c,
            settle,
        };
        let e = fit_vx_term_structure(&dates, &[Some(12.0)], &[s(d(2020, 1, 3), 14.0)]);
        assert!(
            e.unwrap_err()
                .to_string()
                .contains("VIX close on 2020-01-03")
        );
        let e = fit_vx_term_structure(&dates, &[Some(12.0)], &[s(d(2020, 1, 2), f64::NAN)]);
        assert!(matches!(e, Err(MarketError::InvalidParameter { .. })));
        let e = fit_vx_term_structure(&dates, &[Some(12.0)], &[s(d(2020, 1, 2), 14.0)]);
        assert!(e.unwrap_err().to_string().contains("daily changes"));
        let e = fit_vx_term_structure(&dates, &[], &[]);
        assert!(matches!(e, Err(MarketError::InvalidParameter { .. })));
    }
}
