//! [`VixTermStructureSource`]: Cboe VIX futures (VX) from the VIX index through a
//! mean-reverting term-structure model. A model, not market prices.
//!
//! The default model ([`VixModel::TermStructure`] with [`VX_FIT_2007_2015`]) is fitted to VX
//! futures settlements (see [`super::fit_vx_term_structure`]); the one-factor AR(1) models on
//! the VIX alone ([`VixModel::Estimated`], [`VixModel::Fixed`]) remain for comparison: they
//! move 20–30% more than the futures do.

use super::vix_fit::{
    VX_FIT_2007_2015, VxCurveParameters, VxState, vx_states, vx_term_structure_price,
};
use super::{ContractQuotes, QuoteSource};
use crate::calendar::Calendar;
use crate::contract::{ContractCode, ContractDates, Root};
use crate::market::VIX_SERIES;
use crate::market::{DayQuote, Market, MarketError, PriceSource};
use crate::units::Exchange;

/// Fewest (VIX_{s−1}, VIX_s) pairs the expanding-window estimate needs before the model
/// prices anything: two years of Cboe business days. With fewer, the AR(1) slope is too noisy
/// to give a mean-reversion speed (the VIX's own half-life is about six weeks).
pub const DEFAULT_VIX_MIN_OBSERVATIONS: usize = 504;

/// Cboe business days per year, used only to *display* a per-day mean-reversion speed as an
/// annual one ([`VixParameters::kappa_per_year`]); prices use business days directly.
pub const BUSINESS_DAYS_PER_YEAR: f64 = 252.0;

/// Which VX model, and how its parameters are set.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum VixModel {
    /// The three-component model fitted to VX futures ([`vx_term_structure_price`]), with
    /// the given parameters; the default uses the frozen fit [`VX_FIT_2007_2015`].
    TermStructure(VxCurveParameters),
    /// Estimated on every day from the VIX history **up to and including that day** (an
    /// expanding window; no future data): the least-squares AR(1) fit of each close on the
    /// previous one (see [`VixTermStructureSource::new`]). Days before `min_observations`
    /// pairs exist, or whose fit is not mean-reverting (slope outside (0, 1)), get no price.
    Estimated {
        /// Fewest pairs needed (default [`DEFAULT_VIX_MIN_OBSERVATIONS`]).
        min_observations: usize,
    },
    /// Fixed parameters for every day.
    Fixed {
        /// Long-run level θ, index points (> 0).
        theta: f64,
        /// Mean-reversion speed κ per Cboe business day (> 0).
        kappa_per_day: f64,
    },
}

impl Default for VixModel {
    /// [`VixModel::TermStructure`] with [`VX_FIT_2007_2015`].
    fn default() -> Self {
        VixModel::TermStructure(VX_FIT_2007_2015)
    }
}

impl VixModel {
    /// The one-factor AR(1) model of the previous releases: [`VixModel::Estimated`] with
    /// [`DEFAULT_VIX_MIN_OBSERVATIONS`].
    pub fn estimated() -> Self {
        VixModel::Estimated {
            min_observations: DEFAULT_VIX_MIN_OBSERVATIONS,
        }
    }
}

/// The model's parameters on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VixParameters {
    /// Long-run level θ, index points.
    pub theta: f64,
    /// Mean-reversion speed κ per Cboe business day.
    pub kappa_per_day: f64,
    /// Pairs of consecutive closes the estimate used (0 for fixed parameters).
    pub observations: usize,
}

impl VixParameters {
    /// κ expressed per year ([`BUSINESS_DAYS_PER_YEAR`] business days), for reading only.
    pub fn kappa_per_year(&self) -> f64 {
        self.kappa_per_day * BUSINESS_DAYS_PER_YEAR
    }

    /// Business days for a gap to the long-run level to halve: `ln 2 / κ`; `None` unless κ is
    /// finite and positive.
    pub fn half_life_days(&self) -> Option<f64> {
        (self.kappa_per_day.is_finite() && self.kappa_per_day > 0.0)
            .then(|| std::f64::consts::LN_2 / self.kappa_per_day)
    }
}

/// The model price of a VIX future.
///
/// # Formula
/// ```text
/// F(t, T) = θ + (VIX_t − θ) · e^(−κ·n)
///   VIX_t  VIX close on the pricing day t (index points)
///   θ      long-run level (index points)
///   κ      mean-reversion speed per Cboe business day
///   n      Cboe business days from t (counted) to the final settlement day T (not counted);
///          n = 0 on T itself, where F = VIX_t
/// ```
///
/// # Conventions
/// Time in Cboe business days (the unit the parameters are estimated in). No volatility
/// risk premium and no convexity term: `F` is the expected VIX at `T` under the fitted
/// mean-reverting dynamics. Prices are not rounded to the 0.05 tick.
///
/// # References
/// - R. Grünbichler and F. A. Longstaff, "Valuing futures and options on volatility",
///   *Journal of Banking & Finance* 20 (1996) 985–1001: for a mean-reverting (square-root)
///   volatility process the futures price is `e^(−κτ)·V + (1 − e^(−κτ))·θ`, the formula above.
/// - J. E. Zhang and Y. Zhu, "VIX futures", *Journal of Futures Markets* 26(6) (2006)
///   521–531: a mean-reverting model of the VIX for VX prices; parameters fitted to the whole
///   1990–2005 history overprice the futures, recent-window fits much less.
///
/// # Examples
/// ```
/// use spreadtrade::pricing::{VixParameters, vix_futures_price};
/// use spreadtrade::tolerance::MODEL_PRICE_ABS;
///
/// let p = VixParameters { theta: 20.0, kappa_per_day: 0.02, observations: 0 };
/// // On the settlement day the future is the index; far out it tends to θ.
/// assert_eq!(vix_futures_price(14.0, &p, 0), 14.0);
/// let f = vix_futures_price(14.0, &p, 35);
/// assert!((f - (20.0 - 6.0 * (-0.7_f64).exp())).abs() < MODEL_PRICE_ABS);
/// ```
pub fn vix_futures_price(vix: f64, params: &VixParameters, business_days: u32) -> f64 {
    let decay = (-params.kappa_per_day * f64::from(business_days)).exp();
    // Written as the weighted average e^(−κn)·VIX + (1 − e^(−κn))·θ (Grünbichler and
    // Longstaff's form): exactly VIX when n = 0, and never outside [VIX, θ].
    decay * vix + (1.0 - decay) * params.theta
}

/// Expanding-window least squares of `y = a + b·x` on shifted sums.
#[derive(Debug, Clone, Copy)]
struct Ols {
    shift: f64,
    n: usize,
    sx: f64,
    sy: f64,
    sxx: f64,
    sxy: f64,
}

impl Ols {
    fn new(shift: f64) -> Self {
        Ols {
            shift,
            n: 0,
            sx: 0.0,
            sy: 0.0,
            sxx: 0.0,
            sxy: 0.0,
        }
    }

    fn push(&mut self, x: f64, y: f64) {
        // Shifting by the first close keeps the sums small and the cancellation in the
        // variance mild (values stay within tens of points of the shift).
        let (x, y) = (x - self.shift, y - self.shift);
        self.n += 1;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.sxy += x * y;
    }

    /// θ and κ per step, when the fit is mean-reverting.
    fn parameters(&self) -> Option<VixParameters> {
        let n = self.n as f64;
        let det = n * self.sxx - self.sx * self.sx;
        if !(det > 0.0 && det.is_finite()) {
            return None;
        }
        let b = (n * self.sxy - self.sx * self.sy) / det;
        if !(b > 0.0 && b < 1.0) {
            return None;
        }
        let a = (self.sy - b * self.sx) / n;
        let theta = a / (1.0 - b) + self.shift;
        (theta.is_finite() && theta > 0.0).then(|| VixParameters {
            theta,
            kappa_per_day: -b.ln(),
            observations: self.n,
        })
    }
}

/// VX futures from the VIX close through [`vx_term_structure_price`] (the default,
/// [`VixModel::TermStructure`]) or [`vix_futures_price`] (the one-factor models); labelled
/// [`PriceSource::TermStructureModel`]. DV01 is `None` (not a rate product).
///
/// # Which days
/// Every Cboe business day ([`Calendar::cboe`]) of the contract's life on which the
/// [`VIX_SERIES`] has a close and the model has parameters (one-factor) or a warm state
/// ([`super::VX_STATE_WARMUP_CLOSES`] closes), up to the contract's last trading day. For contracts from December 2011 on the last trading day is the final settlement day,
/// where `n = 0` and the price is that day's VIX close.
///
/// # The final settlement value (SOQ)
/// VX settle at the Special Opening Quotation: a VIX computed from the opening prices of SPX
/// options on the settlement morning. The data hold only the VIX close, so the model prices
/// the settlement day at that day's **close**, a stand-in for the SOQ; their difference (the
/// index's move from the open to the close of that day) is not modelled. Before December 2011
/// the last trading day was the business day before the settlement day, so those contracts
/// stop one day earlier and never show the settlement value.
#[derive(Debug, Clone, PartialEq)]
pub struct VixTermStructureSource {
    model: VixModel,
    timeline: crate::market::TimelineId,
    /// One-factor parameters per day ([`VixModel::Estimated`], [`VixModel::Fixed`]); empty
    /// for [`VixModel::TermStructure`].
    params: Vec<Option<VixParameters>>,
    /// States per day ([`VixModel::TermStructure`]); empty otherwise.
    states: Vec<Option<VxState>>,
}

impl VixTermStructureSource {
    /// Prepares the model on every market day: the states of [`VixModel::TermStructure`], or
    /// the one-factor parameters fitted (or fixed) below.
    ///
    /// # Formula
    /// ```text
    /// VIX_s = a + b · VIX_{s−1} + ε_s      least squares over every pair of consecutive
    ///                                      closes with s ≤ t (expanding window)
    /// κ_t = −ln b,   θ_t = a / (1 − b)     when 0 < b < 1
    ///   VIX_{s−1}, VIX_s  consecutive observed closes (index points); a gap in the series
    ///                     (2001-09-11..14) joins the closes on either side
    /// ```
    ///
    /// # Conventions
    /// One step is one observation (a Cboe business day), so κ is per business day. The
    /// estimate on day t uses closes up to and including t, as known at t's close: no future
    /// data.
    ///
    /// # References
    /// The AR(1) form is the exact discrete-time conditional mean of a mean-reverting process
    /// observed at a fixed step, `E[V_{s+1} | V_s] = θ + (V_s − θ)·e^(−κ)` (Grünbichler and
    /// Longstaff 1996, §2). On the shared VIX history (1990-01-02..2024-03-20) the fit gives
    /// b ≈ 0.9786, θ ≈ 19.5, κ ≈ 5.4 per year, a half-life of about 32 business days.
    ///
    /// # Errors
    /// [`MarketError::MissingData`] without a [`VIX_SERIES`] in `market`;
    /// [`MarketError::InvalidParameter`] for a fixed θ or κ (or a term-structure parameter)
    /// that is not finite and positive, or fewer than 2 minimum observations.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::market::Market;
    /// use spreadtrade::pricing::{VixModel, VixTermStructureSource};
    ///
    /// let market = Market::from_dataset(&Dataset::embedded_synthetic())?;
    /// let vx = VixTermStructureSource::new(&market, VixModel::estimated())?;
    /// let last = vx.parameters(market.len() - 1).unwrap();
    /// assert!(last.theta > 0.0 && last.kappa_per_day > 0.0);
    /// // The default, fitted to VX futures: a state (VIX and its averages) every day.
    /// let fitted = VixTermStructureSource::new(&market, VixModel::default())?;
    /// assert!(fitted.state(market.len() - 1).is_some());
    /// # Ok::<(), spreadtrade::market::MarketError>(())
    /// ```
    pub fn new(market: &Market, model: VixModel) -> Result<Self, MarketError> {
        let vix = market
            .series(VIX_SERIES)
            .ok_or_else(|| MarketError::MissingData {
                what: format!("series {VIX_SERIES:?}"),
                needed_by: "the VX term-structure source".to_owned(),
            })?;
        if let VixModel::TermStructure(p) = model {
            let values = [
                ("short_half_life_days", p.short_half_life_days),
                ("fast_kappa_per_day", p.fast_kappa_per_day),
                ("medium_half_life_days", p.medium_half_life_days),
                ("medium_kappa_per_day", p.medium_kappa_per_day),
                ("slow_kappa_per_day", p.slow_kappa_per_day),
                ("theta", p.theta),
            ];
            for (name, value) in values {
                if !(value.is_finite() && value > 0.0) {
                    return Err(MarketError::InvalidParameter {
                        name,
                        value,
                        expected: "finite and positive",
                    });
                }
            }
            return Ok(VixTermStructureSource {
                model,
                timeline: market.timeline(),
                params: Vec::new(),
                states: vx_states(vix, &p),
            });
        }
        let params = match model {
            VixModel::Fixed {
                theta,
                kappa_per_day,
            } => {
                for (name, value) in [("theta", theta), ("kappa_per_day", kappa_per_day)] {
                    if !(value.is_finite() && value > 0.0) {
                        return Err(MarketError::InvalidParameter {
                            name,
                            value,
                            expected: "finite and positive",
                        });
                    }
                }
                let p = VixParameters {
                    theta,
                    kappa_per_day,
                    observations: 0,
                };
                vec![Some(p); vix.len()]
            }
            VixModel::Estimated { min_observations } => {
                if min_observations < 2 {
                    return Err(MarketError::InvalidParameter {
                        name: "min_observations",
                        value: min_observations as f64,
                        expected: "at least 2",
                    });
                }
                let mut out = Vec::with_capacity(vix.len());
                let mut ols: Option<Ols> = None;
                let mut previous: Option<f64> = None;
                for v in vix {
                    if let Some(v) = *v {
                        if let Some(x) = previous {
                            ols.get_or_insert_with(|| Ols::new(x)).push(x, v);
                        }
                        previous = Some(v);
                    }
                    out.push(
                        ols.filter(|o| o.n >= min_observations)
                            .and_then(|o| o.parameters()),
                    );
                }
                out
            }
            VixModel::TermStructure(_) => Vec::new(),
        };
        Ok(VixTermStructureSource {
            model,
            timeline: market.timeline(),
            params,
            states: Vec::new(),
        })
    }

    /// The model set-up.
    pub fn model(&self) -> VixModel {
        self.model
    }

    /// The one-factor parameters on market day `day`, if the model has them (`None` for
    /// [`VixModel::TermStructure`], whose parameters are fixed: see [`Self::model`]).
    pub fn parameters(&self, day: usize) -> Option<VixParameters> {
        self.params.get(day).copied().flatten()
    }

    /// The [`VixModel::TermStructure`] state on market day `day` (`None` for the one-factor
    /// models, on days without a VIX close and before the states are warm).
    pub fn state(&self, day: usize) -> Option<VxState> {
        self.states.get(day).copied().flatten()
    }

    /// How the source makes its prices, in one sentence for outputs.
    pub fn description(&self) -> String {
        let tail = "n = Cboe business days to final settlement; the settlement day is priced at \
                    the VIX close (stand-in for the SOQ)";
        match self.model {
            VixModel::TermStructure(p) => format!(
                "F = θ + (m − θ)·exp(−κ_m·n) + (x − m)·exp(−κ_s·n) + (VIX − x)·exp(−κ_f·n), x and \
                 m = EWMAs of the VIX closes (half-lives {} and {} closes), κ_f = {}, κ_s = {}, \
                 κ_m = {} per day, θ = {} (includes the variance risk premium){}; {tail}",
                p.short_half_life_days,
                p.medium_half_life_days,
                p.fast_kappa_per_day,
                p.medium_kappa_per_day,
                p.slow_kappa_per_day,
                p.theta,
                if p == VX_FIT_2007_2015 {
                    ", fitted to VX1..VX4 settlements 2007-2015 and frozen"
                } else {
                    ""
                }
            ),
            VixModel::Estimated { .. } => format!(
                "F = θ + (VIX − θ)·exp(−κ·n); θ and κ fitted each day by AR(1) least squares on \
                 the VIX closes up to that day; {tail}"
            ),
            VixModel::Fixed {
                theta,
                kappa_per_day,
            } => format!(
                "F = θ + (VIX − θ)·exp(−κ·n), θ = {theta}, κ = {kappa_per_day} per day; {tail}"
            ),
        }
    }
}

impl QuoteSource for VixTermStructureSource {
    fn kind(&self) -> PriceSource {
        PriceSource::TermStructureModel
    }

    fn covers(&self, root: Root) -> bool {
        root == Root::VX
    }

    fn quotes(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
        market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError> {
        if code.root() != Root::VX {
            return Ok(ContractQuotes::default());
        }
        if market.timeline() != self.timeline {
            return Err(MarketError::MarketMismatch {
                what: "the VX term-structure source",
                expected: self.timeline,
                found: market.timeline(),
            });
        }
        let vix = market
            .series(VIX_SERIES)
            .ok_or_else(|| MarketError::MissingData {
                what: format!("series {VIX_SERIES:?}"),
                needed_by: "the VX term-structure source".to_owned(),
            })?;
        let settlement = dates
            .final_settlement_day
            .ok_or_else(|| MarketError::MissingData {
                what: "final settlement day".to_owned(),
                needed_by: format!("the VX model price of {code}"),
            })?;
        let cboe = Calendar::for_exchange(Exchange::Cfe);
        let days = market.dates();
        let life = days.get(first_day..=last_day).unwrap_or_default();
        let mut quotes = Vec::with_capacity(life.len());
        for (day, &date) in (first_day..).zip(life) {
            if date > settlement {
                break;
            }
            let Some(Some(v)) = vix.get(day) else {
                continue;
            };
            let (one_factor, state) = (self.parameters(day), self.state(day));
            if one_factor.is_none() && state.is_none() {
                continue;
            }
            if !cboe.is_business_day(date)? {
                continue;
            }
            let n = cboe.business_days_between(date, settlement)?;
            // n ≥ 0 since date ≤ settlement; a contract lives months, far below u32::MAX days.
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            let price = match (self.model, state, one_factor) {
                (VixModel::TermStructure(p), Some(s), _) => vx_term_structure_price(&s, &p, n),
                (_, _, Some(p)) => vix_futures_price(*v, &p, n),
                _ => continue,
            };
            quotes.push(DayQuote {
                day,
                price,
                dv01: None,
                ctd: None,
            });
        }
        Ok(ContractQuotes {
            quotes,
            deliverables: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::Origin;
    use crate::tolerance::EXACT_FIT_ABS;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn ols_recovers_an_exact_ar1_path() {
        // x_{s+1} = 2 + 0.9·x_s exactly: b = 0.9, θ = 20.
        let mut x = 30.0;
        let mut ols = Ols::new(x);
        for _ in 0..50 {
            let y = 2.0 + 0.9 * x;
            ols.push(x, y);
            x = y;
        }
        let p = ols.parameters().unwrap();
        assert!((p.theta - 20.0).abs() < EXACT_FIT_ABS, "{}", p.theta);
        assert!((p.kappa_per_day + 0.9_f64.ln()).abs() < EXACT_FIT_ABS);
        assert_eq!(p.observations, 50);
        let half_life = 2.0_f64.ln() / -(0.9_f64.ln());
        assert!((p.half_life_days().unwrap() - half_life).abs() < EXACT_FIT_ABS);
    }

    #[test]
    fn trending_or_constant_paths_have_no_parameters() {
        let mut up = Ols::new(10.0);
        for i in 0..10 {
            up.push(10.0 + f64::from(i), 11.0 + f64::from(i) * 1.1);
        }
        assert!(up.parameters().is_none());
        let mut flat = Ols::new(10.0);
        for _ in 0..10 {
            flat.push(10.0, 10.0);
        }
        assert!(flat.parameters().is_none());
    }

    #[test]
    fn estimates_use_no_future_data() {
        let dates: Vec<NaiveDate> = (0..40)
            .map(|i| d(2024, 1, 1) + chrono::Days::new(i))
            .collect();
        // A noisy AR(1) around 20 (slope 0.8), seeded.
        let mut rng = crate::rng::SplitMix64::new(7);
        let mut x = 15.0;
        let path: Vec<f64> = (0..40)
            .map(|_| {
                x = 20.0 + 0.8 * (x - 20.0) + rng.normal_pair().0;
                x
            })
            .collect();
        let m = Market::from_series(VIX_SERIES, &dates, &path, Origin::in_memory("t")).unwrap();
        let model = VixModel::Estimated {
            min_observations: 10,
        };
        let full = VixTermStructureSource::new(&m, model).unwrap();
        // The same history cut at day 25 gives the same parameters up to day 25.
        let cut = Market::from_series(
            VIX_SERIES,
            &dates[..26],
            &path[..26],
            Origin::in_memory("t"),
        )
        .unwrap();
        let part = VixTermStructureSource::new(&cut, model).unwrap();
        for day in 0..26 {
            assert_eq!(full.parameters(day), part.parameters(day), "day {day}");
        }
        assert!(full.parameters(9).is_none() && full.parameters(10).is_some());
    }

    #[test]
    fn fitted_model_prices_from_warm_states_only() {
        use crate::pricing::VX_STATE_WARMUP_CLOSES;
        let cboe = Calendar::cboe();
        let mut dates = Vec::new();
        let mut day = d(2022, 1, 3);
        while day <= d(2024, 6, 20) {
            if cboe.is_business_day(day).unwrap() {
                dates.push(day);
            }
            day = day.succ_opt().unwrap();
        }
        let path: Vec<f64> = (0..dates.len())
            .map(|i| 15.0 + 3.0 * (i as f64 / 20.0).sin())
            .collect();
        let m = Market::from_series(VIX_SERIES, &dates, &path, Origin::in_memory("t")).unwrap();
        let src = VixTermStructureSource::new(&m, VixModel::default()).unwrap();
        assert_eq!(src.model(), VixModel::TermStructure(VX_FIT_2007_2015));
        assert!(src.parameters(dates.len() - 1).is_none());
        let code: ContractCode = "VXM24".parse().unwrap();
        let q = src
            .quotes(&code, &code.dates().unwrap(), &m, 0, dates.len() - 1)
            .unwrap();
        // Nothing before the states are warm; the settlement day is the VIX close.
        assert_eq!(q.quotes[0].day, VX_STATE_WARMUP_CLOSES - 1);
        let last = q.quotes.last().unwrap();
        assert_eq!(dates[last.day], d(2024, 6, 18));
        assert_eq!(last.price, path[last.day]);
        let k = q.quotes[10].day;
        let n = cboe
            .business_days_between(dates[k], d(2024, 6, 18))
            .unwrap() as u32;
        let want = vx_term_structure_price(&src.state(k).unwrap(), &VX_FIT_2007_2015, n);
        assert_eq!(q.quotes[10].price, want);
        assert!(src.description().contains("fitted to VX1..VX4"));
        let bad = VixModel::TermStructure(VxCurveParameters {
            theta: f64::NAN,
            ..VX_FIT_2007_2015
        });
        assert!(matches!(
            VixTermStructureSource::new(&m, bad),
            Err(MarketError::InvalidParameter { name: "theta", .. })
        ));
    }

    #[test]
    fn bad_fixed_parameters_are_rejected() {
        let m = Market::from_series(
            VIX_SERIES,
            &[d(2024, 1, 2)],
            &[13.0],
            Origin::in_memory("t"),
        )
        .unwrap();
        for (theta, kappa) in [(0.0, 0.1), (20.0, f64::NAN), (20.0, -0.1)] {
            let e = VixTermStructureSource::new(
                &m,
                VixModel::Fixed {
                    theta,
                    kappa_per_day: kappa,
                },
            )
            .unwrap_err();
            assert!(matches!(e, MarketError::InvalidParameter { .. }), "{e}");
        }
        let no_vix =
            Market::from_series("other", &[d(2024, 1, 2)], &[13.0], Origin::in_memory("t"))
                .unwrap();
        assert!(matches!(
            VixTermStructureSource::new(&no_vix, VixModel::default()),
            Err(MarketError::MissingData { .. })
        ));
    }

    #[test]
    fn prices_cboe_days_up_to_settlement_and_equal_the_index_on_it() {
        // VXM24 settles Tuesday 2024-06-18 (spec §3, Juneteenth shift). Calendar days
        // 2024-06-10..=2024-06-20 with a VIX value on each.
        let dates: Vec<NaiveDate> = (0..11)
            .map(|i| d(2024, 6, 10) + chrono::Days::new(i))
            .collect();
        let path: Vec<f64> = (0..11).map(|i| 12.0 + i as f64 * 0.1).collect();
        let m = Market::from_series(VIX_SERIES, &dates, &path, Origin::in_memory("t")).unwrap();
        let p = VixParameters {
            theta: 20.0,
            kappa_per_day: 0.03,
            observations: 0,
        };
        let src = VixTermStructureSource::new(
            &m,
            VixModel::Fixed {
                theta: p.theta,
                kappa_per_day: p.kappa_per_day,
            },
        )
        .unwrap();
        let code: ContractCode = "VXM24".parse().unwrap();
        let q = src
            .quotes(&code, &code.dates().unwrap(), &m, 0, 10)
            .unwrap();
        let days: Vec<NaiveDate> = q.quotes.iter().map(|q| dates[q.day]).collect();
        // Weekdays from 06-10 to the settlement day 06-18 (the weekend is skipped).
        assert_eq!(
            days,
            vec![
                d(2024, 6, 10),
                d(2024, 6, 11),
                d(2024, 6, 12),
                d(2024, 6, 13),
                d(2024, 6, 14),
                d(2024, 6, 17),
                d(2024, 6, 18)
            ]
        );
        let last = q.quotes.last().unwrap();
        assert_eq!(last.price, path[8]);
        // 06-14 is 2 Cboe business days before 06-18.
        assert_eq!(q.quotes[4].price, vix_futures_price(path[4], &p, 2));
        assert!(q.quotes.iter().all(|q| q.dv01.is_none()));
    }
}
