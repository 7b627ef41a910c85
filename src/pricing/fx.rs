//! [`EuroFxParitySource`]: CME Euro FX futures (EC) from EUR/USD spot (noon New York by
//! default, or the ECB reference rate) by covered interest parity with Treasury bills and the
//! EUR overnight rate. A model, not market prices.

use super::{ContractQuotes, QuoteSource};
use crate::calendar::Calendar;
use crate::contract::{ContractCode, ContractDates, Root};
use crate::market::{DayQuote, Market, MarketError, PriceSource};
use crate::market::{
    EUR_OVERNIGHT_SERIES, EUR_SHORT_RATE_SERIES, USD_PER_EUR_NOON_NY_SERIES, USD_PER_EUR_SERIES,
};
use crate::tolerance::KNOT_TIME_ABS;
use crate::units::{Currency, Exchange};
use std::fmt;
use std::sync::OnceLock;

/// Days in the money-market year of USD and EUR deposits (Act/360).
pub const MONEY_MARKET_DAYS: f64 = 360.0;

/// Days in the year of a Treasury bill's bond-equivalent (investment) yield.
pub const BOND_EQUIVALENT_DAYS: f64 = 365.0;

/// Business days from the trade date to the spot date of EUR/USD (T+2).
pub const SPOT_LAG_BUSINESS_DAYS: i32 = 2;

/// Longest a rate observation (a USD curve row, a EUR short rate) is carried forward to a day
/// without its own, in calendar days: covers a holiday in one market (Columbus Day for the
/// Treasury curve) and a long weekend, not a gap in the data.
pub const MAX_RATE_STALENESS_DAYS: i64 = 7;

/// The longest USD curve tenor read as a bill for the short rate, in years (the Treasury's
/// 52-week bill).
const BILL_MAX_YEARS: f64 = 1.0;

/// What to use for the EUR rate when the market has no [`EUR_SHORT_RATE_SERIES`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum EurRateFallback {
    /// `r_EUR = r_USD`: no interest-rate differential, so `F = S` (the futures price is the
    /// spot rate, with zero forward points). The default: it invents no EUR rate.
    #[default]
    ZeroCarry,
    /// A constant EUR money-market rate (decimal, Act/360) on every day.
    Constant(f64),
}

/// Which EUR/USD spot a [`EuroFxParitySource`] prices from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum EurUsdSpot {
    /// [`USD_PER_EUR_NOON_NY_SERIES`]: the Fed's H.10 noon buying rate in New York (FRED
    /// DEXUSEU), about three hours before CME's Euro FX settlement (14:00 CT). The default:
    /// of the rates in the data it is the closest in time to the futures settlement.
    #[default]
    NoonNewYork,
    /// [`USD_PER_EUR_SERIES`]: the `eurusd*.csv` file, the ECB reference rate in the shared
    /// data (fixed at 14:15 CET, about seven hours before CME's settlement).
    Reference,
}

impl EurUsdSpot {
    /// The market series this choice reads.
    pub fn series_name(self) -> &'static str {
        match self {
            EurUsdSpot::NoonNewYork => USD_PER_EUR_NOON_NY_SERIES,
            EurUsdSpot::Reference => USD_PER_EUR_SERIES,
        }
    }

    /// [`EurUsdSpot::NoonNewYork`] when `market` has that series, else
    /// [`EurUsdSpot::Reference`] (the only EUR/USD of the synthetic data); the choice is
    /// reported by [`EuroFxParitySource::spot`].
    pub fn preferred(market: &Market) -> Self {
        if market.series(USD_PER_EUR_NOON_NY_SERIES).is_some() {
            EurUsdSpot::NoonNewYork
        } else {
            EurUsdSpot::Reference
        }
    }
}

impl fmt::Display for EurUsdSpot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EurUsdSpot::NoonNewYork => write!(
                f,
                "series {USD_PER_EUR_NOON_NY_SERIES:?} (EUR/USD at noon New York, Fed H.10)"
            ),
            EurUsdSpot::Reference => write!(
                f,
                "series {USD_PER_EUR_SERIES:?} (the eurusd*.csv file; in the shared data the ECB \
                 reference rate, 14:15 CET)"
            ),
        }
    }
}

/// The EUR rate a [`EuroFxParitySource`] uses, for labelling outputs.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum EurRateUsed {
    /// The market's [`EUR_SHORT_RATE_SERIES`].
    Series,
    /// The market's [`EUR_OVERNIGHT_SERIES`]: EONIA less 8.5 bp to 2019-09-30, then €STR.
    Overnight,
    /// The fallback, because the market has no EUR rate series.
    Fallback(EurRateFallback),
}

impl fmt::Display for EurRateUsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EurRateUsed::Series => write!(f, "series {EUR_SHORT_RATE_SERIES:?} (Act/360)"),
            EurRateUsed::Overnight => write!(
                f,
                "series {EUR_OVERNIGHT_SERIES:?} (overnight: EONIA − 8.5 bp to 2019-09-30, then \
                 €STR; Act/360)"
            ),
            EurRateUsed::Fallback(EurRateFallback::ZeroCarry) => f.write_str(
                "fallback: no EUR rate in the data, r_EUR = r_USD (zero carry, F = spot)",
            ),
            EurRateUsed::Fallback(EurRateFallback::Constant(r)) => write!(
                f,
                "fallback: no EUR rate in the data, constant r_EUR = {}% (Act/360)",
                r * 100.0
            ),
        }
    }
}

/// A Treasury bill's bond-equivalent yield as a money-market (Act/360) yield.
///
/// # Formula
/// ```text
/// r_MM = r_BEY · 360 / 365
///   r_BEY  bond-equivalent (investment) yield, decimal: (100 − P)/P · 365/d
///   r_MM   money-market yield, decimal:               (100 − P)/P · 360/d
///   P      bill price per 100, d days to maturity
/// ```
///
/// # Conventions
/// Exact for bills of at most a half-year (one simple-interest period); for longer bills the
/// Treasury's investment rate compounds once, and the conversion is then an approximation.
/// The 366-day year the Treasury uses when the year after issue has a 29 February is ignored.
///
/// # References
/// 31 CFR Part 356, Appendix B, §VI (investment rate of a bill of not more than one
/// half-year: `(100 − P)/P × y/r` with `y` = 365 or 366 days); M. Stigum and A. Crescenzi,
/// *Stigum's Money Market*, 4th ed. (McGraw-Hill, 2007), ch. 12 on bill yields (discount,
/// money-market and bond-equivalent bases).
///
/// # Examples
/// ```
/// use spreadtrade::pricing::bey_to_money_market;
/// use spreadtrade::tolerance::RATE_ABS;
///
/// // A 3-month bill at 5.47% bond-equivalent (Treasury par curve, 2024-03-20).
/// assert!((bey_to_money_market(0.0547) - 0.0547 * 360.0 / 365.0).abs() < RATE_ABS);
/// ```
pub fn bey_to_money_market(yield_bey: f64) -> f64 {
    yield_bey * MONEY_MARKET_DAYS / BOND_EQUIVALENT_DAYS
}

/// The covered-interest-parity price of a Euro FX future, US dollars per euro.
///
/// # Formula
/// ```text
/// F = S · (1 + r_USD · τ) / (1 + r_EUR · τ),   τ = days(spot date → delivery day) / 360
///   S      EUR/USD spot, US dollars per euro
///   r_USD  USD money-market rate (decimal, Act/360)
///   r_EUR  EUR money-market rate (decimal, Act/360)
///   τ      year fraction, money-market Act/360
/// ```
///
/// Returns `None` when a growth factor `1 + r·τ` is not positive or the result is not finite
/// and positive (never for real rates).
///
/// # Conventions
/// Simple interest on both deposits over the same Act/360 period (the money-market convention
/// for USD and EUR). The difference between a futures and a forward price (daily settlement)
/// is ignored.
///
/// # References
/// J. C. Hull, *Options, Futures, and Other Derivatives*, 8th ed. (Pearson, 2012), §5.10
/// "Forward and futures contracts on currencies", eq. (5.9), written here with simple
/// money-market interest instead of continuous compounding; CME Group, Euro FX futures
/// contract specifications (USD per EUR quote, delivery on the third Wednesday, spec §4).
///
/// # Examples
/// ```
/// use spreadtrade::pricing::euro_fx_forward;
/// use spreadtrade::tolerance::MODEL_PRICE_ABS;
///
/// // ECB EUR/USD 1.0844 on 2024-03-20; 91 days to delivery at illustrative money-market
/// // rates of 5.30% (USD) and 3.90% (EUR).
/// let tau = 91.0 / 360.0;
/// let f = euro_fx_forward(1.0844, 0.053, 0.039, tau).unwrap();
/// assert!((f - 1.0844 * (1.0 + 0.053 * tau) / (1.0 + 0.039 * tau)).abs() < MODEL_PRICE_ABS);
/// assert!(f > 1.0844); // USD rates above EUR rates: the euro trades at a forward premium
/// ```
pub fn euro_fx_forward(spot: f64, r_usd: f64, r_eur: f64, tau: f64) -> Option<f64> {
    let usd = 1.0 + r_usd * tau;
    let eur = 1.0 + r_eur * tau;
    if !(usd > 0.0 && eur > 0.0) {
        return None;
    }
    let f = spot * usd / eur;
    (f.is_finite() && f > 0.0).then_some(f)
}

/// U.S. and TARGET business days together: the EUR/USD spot calendar.
fn usd_eur() -> &'static Calendar {
    static USD_EUR: OnceLock<Calendar> = OnceLock::new();
    USD_EUR.get_or_init(|| {
        Calendar::joint("US (NYSE) + TARGET", Calendar::us(), Calendar::target())
            .expect("the US (1970-2099) and TARGET (1999-2099) calendars share 1999-2099")
    })
}

#[derive(Debug, Clone, PartialEq)]
enum EurRate {
    Series(Vec<Option<f64>>),
    Overnight(Vec<Option<f64>>),
    Fallback(EurRateFallback),
}

/// Euro FX futures by covered interest parity ([`euro_fx_forward`]); labelled
/// [`PriceSource::CoveredInterestParity`]. DV01 is `None`.
///
/// # Inputs on a pricing day t
/// - **S**: the EUR/USD of t chosen by [`EurUsdSpot`]: by default the noon New York rate
///   ([`USD_PER_EUR_NOON_NY_SERIES`], FRED DEXUSEU), about two hours before CME settles EC
///   (14:00 CT = 15:00 New York); or the [`USD_PER_EUR_SERIES`] (the ECB reference rate in
///   the shared data, fixed at 14:15 CET = 08:15 New York, so a U.S. afternoon move such as
///   the FOMC decision of 2024-03-20 shows only the next day). The hours between the rate and
///   the settlement are not modelled.
/// - **Days**: t must be a CME business day ([`Calendar::for_exchange`]) **and** have a rate.
///   A CME day without one (a U.S. holiday without an H.10 rate; for the ECB rate Easter
///   Monday, 1 May, 26 December) gets no quote, so the table carries the last price with
///   `traded = false`; a rate on a day CME is closed is not used.
/// - **τ**: from the spot date (t + [`SPOT_LAG_BUSINESS_DAYS`] U.S.-and-TARGET business days)
///   to the contract's delivery day (the third Wednesday, [`ContractDates::final_settlement_day`]),
///   Act/360, floored at 0 (on the last trading day spot and delivery coincide).
/// - **r_USD**: the U.S. Treasury **bill** yields of t's USD curve row (tenors up to 1 year:
///   1, 2, 3, 4, 6 months, 52 weeks, whichever are published), read linearly at the maturity
///   `days(spot → delivery)/365` and flat outside the published bills (only the 3- and 6-month
///   bills exist before 2001), then converted from bond-equivalent to money-market yield
///   ([`bey_to_money_market`]). Deferred contracts more than a year out therefore use the
///   52-week bill with simple interest: an approximation. If the curve has no row on t, the
///   last row within [`MAX_RATE_STALENESS_DAYS`] is used.
/// - **r_EUR**: the first the market has of (1) the [`EUR_SHORT_RATE_SERIES`] (a user's own
///   EUR rate; the synthetic data's), (2) the [`EUR_OVERNIGHT_SERIES`] (EONIA → €STR on the
///   €STR basis), each a decimal Act/360 rate used for every τ, on t or within
///   [`MAX_RATE_STALENESS_DAYS`] before it; when the market has neither, the
///   [`EurRateFallback`]. Which one is reported by [`EuroFxParitySource::eur_rate`] and in the
///   CLI output.
///
/// # Why these two rates
/// The USD leg is the Treasury bill, as in the rest of the crate (the curve-implied bond
/// futures finance at the 3-month bill): it is the one USD money-market rate in the data over
/// the whole EC history (SOFR starts in 2018-04, USD LIBOR stops in 2021-08) and carries no
/// bank credit risk. Its EUR counterpart is the overnight rate (EONIA, then €STR), not 3-month
/// EURIBOR: EURIBOR is an unsecured bank term rate whose credit and liquidity premium over
/// overnight rates reached 1–2 percentage points in 2008 and 2011–12, which a bill-based USD
/// leg does not have (so parity with EURIBOR would understate the forward points in stress);
/// the overnight rates are published by the ECB for free reuse, EURIBOR is not openly
/// licensed. What the overnight rate misses is the expected path of rates over the contract's
/// life: at most a few basis points of the price over a front contract's three months.
/// Measured against the real front contract 2004–2015 (`tests/it/fx_vx_fit.rs`): the same
/// daily-change correlation either way (0.879), a mean level error of −0.00066 USD with the
/// overnight rate and −0.00135 with EURIBOR.
/// The −8.5 bp EONIA → €STR step is removed ([`crate::market::eur_overnight_on_estr_basis`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EuroFxParitySource {
    spot: EurUsdSpot,
    timeline: crate::market::TimelineId,
    /// (column in the USD curve, years) of the bill tenors, ascending.
    bills: Vec<(usize, f64)>,
    /// For each market day, the USD curve row to read (as-of, within the staleness limit).
    usd_row: Vec<Option<usize>>,
    eur_rate: EurRate,
}

impl EuroFxParitySource {
    /// Prepares the source for `market`: the bill columns of its USD curve, the as-of curve
    /// row and EUR rate of every day.
    ///
    /// # Errors
    /// [`MarketError::MissingData`] without the EUR/USD series of [`EurUsdSpot::preferred`]
    /// (neither [`USD_PER_EUR_NOON_NY_SERIES`] nor [`USD_PER_EUR_SERIES`]), a USD curve, or a bill
    /// tenor (≤ 1 year) on that curve; [`MarketError::InvalidParameter`] for a constant
    /// fallback rate that is not finite or not in (−100%, 100%).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::market::Market;
    /// use spreadtrade::pricing::{EuroFxParitySource, EurRateFallback, EurRateUsed};
    ///
    /// let market = Market::from_dataset(&Dataset::embedded_synthetic())?;
    /// let ec = EuroFxParitySource::new(&market, EurRateFallback::default())?;
    /// // The synthetic data have a EUR short-rate series, so no fallback is used.
    /// assert_eq!(ec.eur_rate(), EurRateUsed::Series);
    /// # Ok::<(), spreadtrade::market::MarketError>(())
    /// ```
    pub fn new(market: &Market, fallback: EurRateFallback) -> Result<Self, MarketError> {
        Self::with_spot(market, EurUsdSpot::preferred(market), fallback)
    }

    /// [`EuroFxParitySource::new`] with the EUR/USD spot chosen explicitly (e.g. the ECB
    /// reference rate, [`EurUsdSpot::Reference`]).
    ///
    /// # Errors
    /// As [`EuroFxParitySource::new`]; [`MarketError::MissingData`] when the market has no
    /// series for `spot`.
    pub fn with_spot(
        market: &Market,
        spot: EurUsdSpot,
        fallback: EurRateFallback,
    ) -> Result<Self, MarketError> {
        let needed_by = || "the EC covered-interest-parity source".to_owned();
        if market.series(spot.series_name()).is_none() {
            return Err(MarketError::MissingData {
                what: format!("series {:?}", spot.series_name()),
                needed_by: needed_by(),
            });
        }
        let usd = market
            .curve(Currency::Usd)
            .ok_or_else(|| MarketError::MissingData {
                what: "USD curve".to_owned(),
                needed_by: needed_by(),
            })?;
        let bills: Vec<(usize, f64)> = usd
            .tenors()
            .iter()
            .enumerate()
            .map(|(k, t)| (k, t.years()))
            .filter(|&(_, y)| y > 0.0 && y <= BILL_MAX_YEARS + KNOT_TIME_ABS)
            .collect();
        if bills.is_empty() {
            return Err(MarketError::MissingData {
                what: "bill tenor (1 year or shorter) on the USD curve".to_owned(),
                needed_by: needed_by(),
            });
        }
        if let EurRateFallback::Constant(r) = fallback
            && !(r.is_finite() && r > -1.0 && r < 1.0)
        {
            return Err(MarketError::InvalidParameter {
                name: "EUR fallback rate",
                value: r,
                expected: "a finite decimal rate in (-1, 1)",
            });
        }
        let dates = market.dates();
        let mut usd_row = Vec::with_capacity(dates.len());
        let mut last: Option<usize> = None;
        for (day, &date) in dates.iter().enumerate() {
            if usd.has_day(day) {
                last = Some(day);
            }
            usd_row.push(last.filter(|&k| (date - dates[k]).num_days() <= MAX_RATE_STALENESS_DAYS));
        }
        let as_of = |series: &[Option<f64>]| -> Vec<Option<f64>> {
            let mut out = Vec::with_capacity(series.len());
            let mut last: Option<(usize, f64)> = None;
            for (day, (&date, v)) in dates.iter().zip(series).enumerate() {
                if let Some(v) = *v {
                    last = Some((day, v));
                }
                out.push(
                    last.filter(|&(k, _)| (date - dates[k]).num_days() <= MAX_RATE_STALENESS_DAYS)
                        .map(|(_, v)| v),
                );
            }
            out
        };
        let eur_rate = match (
            market.series(EUR_SHORT_RATE_SERIES),
            market.series(EUR_OVERNIGHT_SERIES),
        ) {
            (Some(series), _) => EurRate::Series(as_of(series)),
            (None, Some(series)) => EurRate::Overnight(as_of(series)),
            (None, None) => EurRate::Fallback(fallback),
        };
        Ok(EuroFxParitySource {
            spot,
            timeline: market.timeline(),
            bills,
            usd_row,
            eur_rate,
        })
    }

    /// The EUR/USD spot the source prices from.
    pub fn spot(&self) -> EurUsdSpot {
        self.spot
    }

    /// The EUR rate the source uses: a series, or the fallback.
    pub fn eur_rate(&self) -> EurRateUsed {
        match self.eur_rate {
            EurRate::Series(_) => EurRateUsed::Series,
            EurRate::Overnight(_) => EurRateUsed::Overnight,
            EurRate::Fallback(f) => EurRateUsed::Fallback(f),
        }
    }

    /// The USD money-market rate (decimal, Act/360) the source uses on market day `day` for
    /// a deposit of `years` (Act/365 years to maturity): the bill yields of the day's USD
    /// curve row, linear in maturity, flat outside, converted by [`bey_to_money_market`].
    /// `None` without a curve row within [`MAX_RATE_STALENESS_DAYS`] or without a published
    /// bill yield that day.
    pub fn usd_rate(&self, market: &Market, day: usize, years: f64) -> Option<f64> {
        let row = (*self.usd_row.get(day)?)?;
        let yields = market.curve(Currency::Usd)?.yields();
        let at = |k: usize| yields.get((row, k)).copied().flatten();
        // Linear interpolation over the published bills, flat outside, without allocating.
        let mut below: Option<(f64, f64)> = None;
        for &(k, t) in &self.bills {
            let Some(y) = at(k) else { continue };
            if t >= years {
                let bey = match below {
                    Some((t0, y0)) if t > t0 => y0 + (y - y0) * (years - t0) / (t - t0),
                    _ => y,
                };
                return Some(bey_to_money_market(bey));
            }
            below = Some((t, y));
        }
        below.map(|(_, y)| bey_to_money_market(y))
    }
}

impl QuoteSource for EuroFxParitySource {
    fn kind(&self) -> PriceSource {
        PriceSource::CoveredInterestParity
    }

    fn covers(&self, root: Root) -> bool {
        root == Root::EC
    }

    fn quotes(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
        market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError> {
        if code.root() != Root::EC {
            return Ok(ContractQuotes::default());
        }
        if market.timeline() != self.timeline {
            return Err(MarketError::MarketMismatch {
                what: "the EC covered-interest-parity source",
                expected: self.timeline,
                found: market.timeline(),
            });
        }
        let spot =
            market
                .series(self.spot.series_name())
                .ok_or_else(|| MarketError::MissingData {
                    what: format!("series {:?}", self.spot.series_name()),
                    needed_by: "the EC covered-interest-parity source".to_owned(),
                })?;
        let delivery = dates
            .final_settlement_day
            .ok_or_else(|| MarketError::MissingData {
                what: "delivery day".to_owned(),
                needed_by: format!("the EC parity price of {code}"),
            })?;
        let cme = Calendar::for_exchange(Exchange::Cme);
        let spot_calendar = usd_eur();
        let days = market.dates();
        let life = days.get(first_day..=last_day).unwrap_or_default();
        let mut quotes = Vec::with_capacity(life.len());
        for (day, &date) in (first_day..).zip(life) {
            let Some(Some(s)) = spot.get(day) else {
                continue;
            };
            if !cme.is_business_day(date)? {
                continue;
            }
            let spot_date = spot_calendar.add_business_days(date, SPOT_LAG_BUSINESS_DAYS)?;
            let tau_days = (delivery - spot_date).num_days().max(0) as f64;
            let Some(r_usd) = self.usd_rate(market, day, tau_days / BOND_EQUIVALENT_DAYS) else {
                continue;
            };
            let price = match &self.eur_rate {
                EurRate::Series(r) | EurRate::Overnight(r) => {
                    let Some(Some(r_eur)) = r.get(day) else {
                        continue;
                    };
                    euro_fx_forward(*s, r_usd, *r_eur, tau_days / MONEY_MARKET_DAYS)
                }
                EurRate::Fallback(EurRateFallback::ZeroCarry) => Some(*s),
                EurRate::Fallback(EurRateFallback::Constant(r_eur)) => {
                    euro_fx_forward(*s, r_usd, *r_eur, tau_days / MONEY_MARKET_DAYS)
                }
            };
            let Some(price) = price else {
                return Err(MarketError::BadQuote {
                    contract: *code,
                    source_label: PriceSource::CoveredInterestParity.label(),
                    day,
                    problem: format!(
                        "no parity price (a growth factor 1 + r·τ is not positive, τ = {tau_days}/360)"
                    ),
                });
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
    use crate::curve::Tenor;
    use crate::market::Origin;
    use crate::tolerance::MODEL_PRICE_ABS;
    use chrono::NaiveDate;
    use ndarray::Array2;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// 2024-03-18..=2024-03-22: EUR/USD every day, USD bills 3M 5.47% and 6M 5.36% (Treasury
    /// par curve of 2024-03-20), no curve row on 03-21, EUR rate optional.
    fn market(eur: bool) -> Market {
        let dates: Vec<NaiveDate> = (18..=22).map(|dd| d(2024, 3, dd)).collect();
        let curve_dates = [dates[0], dates[1], dates[2], dates[4]];
        let y = Array2::from_shape_fn((4, 3), |(_, k)| match k {
            0 => Some(0.0547),
            1 => Some(0.0536),
            _ => Some(0.0427),
        });
        let mut b = Market::builder(Origin::in_memory("t"))
            .with_curve(
                Currency::Usd,
                2,
                &curve_dates,
                &[Tenor::Months(3), Tenor::Months(6), Tenor::Years(10)],
                y,
            )
            .with_series(
                USD_PER_EUR_SERIES,
                &dates,
                &[
                    Some(1.0872),
                    Some(1.0856),
                    Some(1.0844),
                    Some(1.0907),
                    Some(1.0823),
                ],
            );
        if eur {
            b = b.with_series(EUR_SHORT_RATE_SERIES, &dates[..1], &[Some(0.039)]);
        }
        b.build().unwrap()
    }

    #[test]
    fn usd_rate_interpolates_the_bills_and_converts_to_money_market() {
        let m = market(false);
        let ec = EuroFxParitySource::new(&m, EurRateFallback::ZeroCarry).unwrap();
        let mm = |bey: f64| bey * 360.0 / 365.0;
        assert!((ec.usd_rate(&m, 0, 0.1).unwrap() - mm(0.0547)).abs() < MODEL_PRICE_ABS);
        let mid = 0.0547 + (0.0536 - 0.0547) * (0.375 - 0.25) / 0.25;
        assert!((ec.usd_rate(&m, 0, 0.375).unwrap() - mm(mid)).abs() < MODEL_PRICE_ABS);
        assert!((ec.usd_rate(&m, 0, 3.0).unwrap() - mm(0.0536)).abs() < MODEL_PRICE_ABS);
        // 03-21 has no curve row: the 03-20 row is used.
        assert_eq!(ec.usd_rate(&m, 3, 0.25), ec.usd_rate(&m, 2, 0.25));
    }

    #[test]
    fn parity_price_with_the_series_and_with_each_fallback() {
        // ECM24 delivers Wednesday 2024-06-19... which is Juneteenth: the delivery day is the
        // next U.S. and TARGET business day, 2024-06-20 (spec §4, ContractCode::dates).
        let code: ContractCode = "ECM24".parse().unwrap();
        let dates = code.dates().unwrap();
        let delivery = dates.final_settlement_day.unwrap();
        // Trade date 2024-03-20 → spot 2024-03-22.
        let tau_days = (delivery - d(2024, 3, 22)).num_days() as f64;
        let m = market(true);
        let ec = EuroFxParitySource::new(&m, EurRateFallback::ZeroCarry).unwrap();
        assert_eq!(ec.eur_rate(), EurRateUsed::Series);
        let q = ec.quotes(&code, &dates, &m, 0, 4).unwrap();
        let on = |day: usize| q.quotes.iter().find(|q| q.day == day).map(|q| q.price);
        let r_usd = ec.usd_rate(&m, 2, tau_days / 365.0).unwrap();
        let want = 1.0844 * (1.0 + r_usd * tau_days / 360.0) / (1.0 + 0.039 * tau_days / 360.0);
        assert!((on(2).unwrap() - want).abs() < MODEL_PRICE_ABS);
        // The EUR rate of 03-18 is carried to 03-22 (4 days), within the staleness limit.
        assert!(on(4).is_some());
        // Fallbacks: zero carry gives the spot; a constant gives the parity price with it.
        let m = market(false);
        let zero = EuroFxParitySource::new(&m, EurRateFallback::ZeroCarry).unwrap();
        let q = zero.quotes(&code, &dates, &m, 0, 4).unwrap();
        assert_eq!(q.quotes[2].price, 1.0844);
        let konst = EuroFxParitySource::new(&m, EurRateFallback::Constant(0.039)).unwrap();
        assert_eq!(
            konst.eur_rate(),
            EurRateUsed::Fallback(EurRateFallback::Constant(0.039))
        );
        let q = konst.quotes(&code, &dates, &m, 0, 4).unwrap();
        assert!((q.quotes[2].price - want).abs() < MODEL_PRICE_ABS);
        assert!(konst.eur_rate().to_string().contains("3.9%"));
        assert!(zero.eur_rate().to_string().contains("zero carry"));
    }

    #[test]
    fn noon_new_york_is_preferred_and_the_reference_rate_selectable() {
        // FRED DEXUSEU 2024-03-18..22 (noon New York) next to the ECB rates of `market`.
        let dates: Vec<NaiveDate> = (18..=22).map(|dd| d(2024, 3, dd)).collect();
        let noon = [1.0886, 1.0859, 1.0856, 1.0861, 1.0821].map(Some);
        let m = Market::builder(Origin::in_memory("t"))
            .with_curve(
                Currency::Usd,
                2,
                &dates,
                &[Tenor::Months(3), Tenor::Months(6)],
                Array2::from_elem((5, 2), Some(0.0547)),
            )
            .with_series(USD_PER_EUR_SERIES, &dates, &[Some(1.0844); 5])
            .with_series(USD_PER_EUR_NOON_NY_SERIES, &dates, &noon)
            .with_series(EUR_OVERNIGHT_SERIES, &dates, &[Some(0.039); 5])
            .build()
            .unwrap();
        let code: ContractCode = "ECM24".parse().unwrap();
        let dates_c = code.dates().unwrap();
        let ny = EuroFxParitySource::new(&m, EurRateFallback::ZeroCarry).unwrap();
        assert_eq!(ny.spot(), EurUsdSpot::NoonNewYork);
        assert_eq!(ny.eur_rate(), EurRateUsed::Overnight);
        assert!(ny.eur_rate().to_string().contains("€STR"));
        let ecb =
            EuroFxParitySource::with_spot(&m, EurUsdSpot::Reference, EurRateFallback::ZeroCarry)
                .unwrap();
        let (q_ny, q_ecb) = (
            ny.quotes(&code, &dates_c, &m, 0, 4).unwrap(),
            ecb.quotes(&code, &dates_c, &m, 0, 4).unwrap(),
        );
        // Same rates, so the prices are in the ratio of the spots.
        let ratio = q_ny.quotes[2].price / q_ecb.quotes[2].price;
        assert!((ratio - 1.0856 / 1.0844).abs() < MODEL_PRICE_ABS);
        assert!(
            q_ny.quotes[2].price > 1.0856,
            "USD bills above the EUR rate"
        );
        // Without the noon series the preferred spot is the reference rate; asking for noon
        // New York is an error naming the series.
        let only_ecb = market(false);
        assert_eq!(EurUsdSpot::preferred(&only_ecb), EurUsdSpot::Reference);
        let e = EuroFxParitySource::with_spot(
            &only_ecb,
            EurUsdSpot::NoonNewYork,
            EurRateFallback::ZeroCarry,
        )
        .unwrap_err();
        assert!(e.to_string().contains(USD_PER_EUR_NOON_NY_SERIES), "{e}");
        assert!(
            EurUsdSpot::NoonNewYork
                .to_string()
                .contains("noon New York")
        );
    }

    #[test]
    fn missing_inputs_are_named() {
        let only_fx = Market::from_series(
            USD_PER_EUR_SERIES,
            &[d(2024, 3, 20)],
            &[1.08],
            Origin::in_memory("t"),
        )
        .unwrap();
        let e = EuroFxParitySource::new(&only_fx, EurRateFallback::ZeroCarry).unwrap_err();
        assert!(e.to_string().contains("USD curve"), "{e}");
        let m = market(false);
        let e = EuroFxParitySource::new(&m, EurRateFallback::Constant(f64::NAN)).unwrap_err();
        assert!(matches!(e, MarketError::InvalidParameter { .. }));
        assert_eq!(euro_fx_forward(1.1, 0.05, -5.0, 1.0), None);
    }
}
