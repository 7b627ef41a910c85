//! [`CurveImpliedSource`]: bond-futures prices, DV01 and CTD from the historical yield curve
//! through the deliverable basket. A **model**, labelled [`PriceSource::CurveImplied`].
//!
//! For every market day of a contract's life on which its currency's curve is published and
//! its exchange is open ([`Calendar::for_exchange`]; a day outside the calendar's years counts
//! as closed), the source prices the contract with the basket kernel
//! ([`ContractPricer::quote_on`]): each deliverable is valued off the day's curve, financed at
//! the 3-month par yield (U.S. Treasuries) or the 1-year CGB yield (CGBs,
//! [`crate::basket::cgb_financing_rate`]) to the delivery date, and the futures price is the
//! cheapest-to-deliver's forward clean price over its conversion factor; the DV01 per contract
//! is the table's spot-curve DV01 by default (see the [`crate::basket`] module documentation
//! for the formulas and conventions).
//!
//! # The curve, by default (U.S. Treasury futures)
//!
//! The day's Treasury par curve, smoothed up to 10 years by a Svensson fit
//! ([`CurveSmoothing::Svensson`], [`smoothed_par_curve`]), bills and the 20- and 30-year points
//! as published; each bond at the par yield of its remaining maturity
//! ([`Valuation::ParYield`]). [`CurveImpliedConfig`] offers the published curve, the
//! zero-curve valuation and linear interpolation instead. Against real front-month closes
//! 2001–2015 the default tracks TU/FV/TY/US with daily-change correlations 0.951 / 0.966 /
//! 0.966 / 0.976 and mean level errors within ±0.14 points; the published curve gives the
//! DV01-neutral FV/TY spread a correlation of 0.65, the smoothed one 0.76 (crate design notes,
//! "Curve-implied Treasury futures against real closes"). CGB futures use the published
//! ChinaBond curve with the par-yield valuation.
//!
//! # Work per day
//!
//! Everything that does not depend on the day is computed once: the per-day par curves and
//! repo rates when the source is built (shared by every contract), and the basket, conversion
//! factors, delivery accruals and interim coupons when a contract is priced. A contract-day then
//! costs one curve lookup and one closed-form price per deliverable plus one yield solve for the
//! CTD, and allocates nothing.

use super::{ContractQuotes, QuoteSource};
use crate::basket::{
    BasketError, BondMarket, ContractPricer, DeliverableUniverse, FuturesDv01Method,
    IssuanceConfig, IssuanceReport, Valuation, YieldHistory, repo_from_curve, synthetic_universe,
    zero_curve_config,
};
use crate::calendar::Calendar;
use crate::contract::{ContractCode, ContractDates, Root};
use crate::curve::{
    CouponFrequency, CurveError, CurveSmoothing, Interpolation, ParCurve, SvenssonConfig,
    ZeroCurve, smoothed_par_curve,
};
use crate::data::{CurveTable, SecurityList};
use crate::market::{CtdRef, DayQuote, DeliverableRecord, Market, MarketError, PriceSource};
use crate::units::Exchange;

/// Choices for a [`CurveImpliedSource`]. `Default`: the synthetic issuance model on the
/// market's own curves, and [`FuturesDv01Method::TABLE_DEFAULT`] (spot-curve) in the table's
/// DV01 column.
#[derive(Debug, Clone)]
pub struct CurveImpliedConfig {
    securities: Option<SecurityList>,
    usd_early_history: Option<CurveTable>,
    cny_early_history: Option<CurveTable>,
    issuance: IssuanceConfig,
    dv01_method: FuturesDv01Method,
    valuation: Valuation,
    interpolation: Interpolation,
    smoothing: CurveSmoothing,
    svensson: SvenssonConfig,
}

impl Default for CurveImpliedConfig {
    fn default() -> Self {
        CurveImpliedConfig {
            securities: None,
            usd_early_history: None,
            cny_early_history: None,
            issuance: IssuanceConfig::default(),
            dv01_method: FuturesDv01Method::TABLE_DEFAULT,
            valuation: Valuation::default(),
            interpolation: Interpolation::MonotoneCubic,
            smoothing: CurveSmoothing::default(),
            svensson: SvenssonConfig::default(),
        }
    }
}

impl CurveImpliedConfig {
    /// Which futures DV01 goes into the table's DV01 column (default
    /// [`FuturesDv01Method::TABLE_DEFAULT`]; the methods and the default of each use are
    /// described once, at [`FuturesDv01Method`]).
    #[must_use]
    pub fn with_dv01_method(mut self, method: FuturesDv01Method) -> Self {
        self.dv01_method = method;
        self
    }

    /// Take the deliverables from a securities list instead of the synthetic issuance model
    /// (each market from the securities in its currency).
    #[must_use]
    pub fn with_securities(mut self, list: SecurityList) -> Self {
        self.securities = Some(list);
        self
    }

    /// A U.S. Treasury yield history read after the market's USD curve when setting synthetic
    /// coupons (e.g. the FRED H.15 file, for auctions before the 1990 start of the Treasury par
    /// curve); semi-annual bond-equivalent yields.
    #[must_use]
    pub fn with_usd_early_history(mut self, table: CurveTable) -> Self {
        self.usd_early_history = Some(table);
        self
    }

    /// A CGB yield history read after the market's CNY curve when setting synthetic coupons
    /// (annual compounding).
    #[must_use]
    pub fn with_cny_early_history(mut self, table: CurveTable) -> Self {
        self.cny_early_history = Some(table);
        self
    }

    /// How each U.S. Treasury deliverable is valued off the day's curve (default
    /// [`Valuation::ParYield`]; [`Valuation::ZeroCurve`] discounts the cash flows on the
    /// bootstrapped zero curve and so prices the coupon effect). CGB
    /// futures keep [`Valuation::ParYield`] whatever this says: ChinaBond's early long end does
    /// not always bootstrap (2002-04-26: a 25-year par yield of 6.56% over a 2–4% short end
    /// gives negative discount factors).
    #[must_use]
    pub fn with_valuation(mut self, valuation: Valuation) -> Self {
        self.valuation = valuation;
        self
    }

    /// How the USD par curve is read between published tenors, for par yields and in the
    /// zero-curve bootstrap (default [`Interpolation::MonotoneCubic`]; CGB futures keep
    /// monotone cubic).
    #[must_use]
    pub fn with_interpolation(mut self, interpolation: Interpolation) -> Self {
        self.interpolation = interpolation;
        self
    }

    /// How the day's USD par curve is turned into the curve the deliverables are priced from
    /// (default [`CurveSmoothing::Svensson`] with [`SvenssonConfig::default`]: a least-squares
    /// Svensson fit to the tenors of one year and longer, bills as published;
    /// [`CurveSmoothing::Published`] interpolates the published par yields). CGB futures use the
    /// published ChinaBond curve whatever this says.
    #[must_use]
    pub fn with_smoothing(mut self, smoothing: CurveSmoothing, svensson: SvenssonConfig) -> Self {
        self.smoothing = smoothing;
        self.svensson = svensson;
        self
    }

    /// The USD curve smoothing.
    pub fn smoothing(&self) -> CurveSmoothing {
        self.smoothing
    }

    /// The valuation of the deliverables.
    pub fn valuation(&self) -> Valuation {
        self.valuation
    }

    /// The par-curve interpolation.
    pub fn interpolation(&self) -> Interpolation {
        self.interpolation
    }

    /// The synthetic issuance model's settings.
    #[must_use]
    pub fn with_issuance(mut self, issuance: IssuanceConfig) -> Self {
        self.issuance = issuance;
        self
    }
}

/// One bond market's inputs: its deliverables, and per market day its par curve and repo rate.
#[derive(Debug, Clone)]
struct MarketSide {
    universe: DeliverableUniverse,
    report: Option<IssuanceReport>,
    curves: Vec<Option<ParCurve>>,
    /// Per market day, the zero curve bootstrapped from `curves` (only with
    /// [`Valuation::ZeroCurve`]; empty otherwise).
    zeros: Vec<Option<ZeroCurve>>,
    repo: Vec<Option<f64>>,
    valuation: Valuation,
    interpolation: Interpolation,
    /// Days whose curve could not be smoothed (fewer than five tenors of a year or more) and
    /// are priced off the published curve.
    unsmoothed_days: usize,
}

/// The curve-implied [`QuoteSource`] for CBOT Treasury futures (USD curve) and CFFEX CGB futures
/// (CNY curve).
///
/// # Examples
/// ```
/// use spreadtrade::contract::ContractCode;
/// use spreadtrade::data::Dataset;
/// use spreadtrade::market::{Market, Origin};
/// use spreadtrade::pricing::{CurveImpliedSource, QuoteSource};
/// use spreadtrade::units::Currency;
///
/// let data = Dataset::embedded_synthetic();
/// let ust = data.us_treasury.expect("embedded UST curve");
/// let market = Market::builder(Origin::in_memory("synthetic UST"))
///     .with_curve(Currency::Usd, 2, &ust.dates, &ust.tenors, ust.yields.clone())
///     .build()?;
/// let source = CurveImpliedSource::new(&market)?;
/// let code: ContractCode = "TYZ22".parse()?;
/// let dates = code.dates()?;
/// let first = market.day_on_or_after(dates.first_trading_day).expect("in range");
/// let last = market.day_on_or_before(dates.last_trading_day).expect("in range");
/// let q = source.quotes(&code, &dates, &market, first, last)?;
/// assert!(!q.quotes.is_empty());
/// assert!(q.quotes.iter().all(|d| d.dv01.is_some_and(|v| v > 0.0) && d.ctd.is_some()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CurveImpliedSource {
    n_days: usize,
    timeline: crate::market::TimelineId,
    dv01_method: FuturesDv01Method,
    sides: [Option<MarketSide>; 2],
    /// Per market day: CBOT (U.S. calendar) open, CFFEX (China calendar) open.
    open: [Vec<bool>; 2],
}

fn side_index(market: BondMarket) -> usize {
    match market {
        BondMarket::UsTreasury => 0,
        BondMarket::ChinaGovernment => 1,
    }
}

fn frequency_of(per_year: u32, date: chrono::NaiveDate) -> Result<CouponFrequency, BasketError> {
    match per_year {
        1 => Ok(CouponFrequency::Annual),
        2 => Ok(CouponFrequency::SemiAnnual),
        other => Err(BasketError::Curve {
            date,
            source: CurveError::InvalidParameter {
                name: "coupon frequency",
                value: f64::from(other),
                expected: "1 or 2 coupons a year",
            },
        }),
    }
}

impl CurveImpliedSource {
    /// The source for `market` with the default choices: synthetic deliverables on the
    /// market's USD and CNY curves (whichever it has).
    ///
    /// # Errors
    /// As [`CurveImpliedSource::with_config`].
    pub fn new(market: &Market) -> Result<Self, crate::Error> {
        CurveImpliedSource::with_config(market, CurveImpliedConfig::default())
    }

    /// The source for `market` with `config`.
    ///
    /// For each of USD and CNY that the market has a curve for: the deliverable universe
    /// (securities list or synthetic issuance), and for every market day the par curve
    /// (`None` on days with fewer than two published tenors) and the repo rate.
    ///
    /// # Errors
    /// [`BasketError`] (as [`crate::Error::Basket`]) for a curve row the curve module rejects,
    /// a curve with a coupon frequency other than 1 or 2, a security that cannot be a
    /// deliverable, or a failure of the issuance model.
    pub fn with_config(market: &Market, config: CurveImpliedConfig) -> Result<Self, crate::Error> {
        let dates = market.dates();
        let mut sides: [Option<MarketSide>; 2] = [None, None];
        for bond_market in BondMarket::ALL {
            let Some(history) = market.curve(bond_market.currency()) else {
                continue;
            };
            let first_date = dates.first().copied().unwrap_or_default();
            let frequency = frequency_of(history.coupon_frequency(), first_date)?;
            let tenors = history.tenors();
            let mut curves = Vec::with_capacity(dates.len());
            let mut repo = Vec::with_capacity(dates.len());
            let mut zeros = Vec::new();
            // The valuation and interpolation choices are for U.S. Treasury futures; CGB
            // futures keep the par-yield valuation with monotone cubic interpolation.
            let (valuation, interpolation, smoothing) = match bond_market {
                BondMarket::UsTreasury => {
                    (config.valuation, config.interpolation, config.smoothing)
                }
                BondMarket::ChinaGovernment => (
                    Valuation::ParYield,
                    Interpolation::MonotoneCubic,
                    CurveSmoothing::Published,
                ),
            };
            let mut unsmoothed_days = 0;
            let zero_config = zero_curve_config(interpolation);
            let basis = crate::basket::MoneyMarketBasis::for_currency(bond_market.currency());
            for (day, &date) in dates.iter().enumerate() {
                let row: Vec<Option<f64>> = history.yields().row(day).to_vec();
                let curve = match ParCurve::from_row(date, tenors, &row, frequency) {
                    Ok(c) => Some(c),
                    Err(CurveError::TooFewNodes { .. }) => None,
                    Err(source) => return Err(BasketError::Curve { date, source }.into()),
                };
                let curve = match (curve, smoothing) {
                    (Some(c), CurveSmoothing::Svensson) => {
                        match smoothed_par_curve(&c, &config.svensson) {
                            Ok(s) => Some(s),
                            // Counted and reported (`unsmoothed_days`), priced as published.
                            Err(CurveError::TooFewNodes { .. }) => {
                                unsmoothed_days += 1;
                                Some(c)
                            }
                            Err(source) => {
                                return Err(BasketError::Curve { date, source }.into());
                            }
                        }
                    }
                    (c, _) => c,
                };
                repo.push(match &curve {
                    // CNY: the 1-year CGB yield (`basket::cgb_financing_rate`).
                    Some(c) if bond_market == BondMarket::ChinaGovernment => {
                        Some(crate::basket::cgb_financing_rate(c)?)
                    }
                    Some(c) => Some(repo_from_curve(c, basis)?),
                    None => None,
                });
                if valuation == Valuation::ZeroCurve {
                    zeros.push(match &curve {
                        Some(c) => Some(
                            c.bootstrap(&zero_config)
                                .map_err(|source| BasketError::Curve { date, source })?,
                        ),
                        None => None,
                    });
                }
                curves.push(curve);
            }
            let (universe, report) = match &config.securities {
                Some(list) => (
                    DeliverableUniverse::from_securities(list, bond_market)?,
                    None,
                ),
                None => {
                    let early = match bond_market {
                        BondMarket::UsTreasury => config.usd_early_history.as_ref(),
                        _ => config.cny_early_history.as_ref(),
                    };
                    let mut histories = vec![YieldHistory::new(
                        format!("market {} curve", bond_market.currency()),
                        dates,
                        tenors,
                        history.yields(),
                        frequency,
                    )?];
                    if let Some(table) = early {
                        let f = if bond_market == BondMarket::UsTreasury {
                            CouponFrequency::SemiAnnual
                        } else {
                            CouponFrequency::Annual
                        };
                        histories.push(YieldHistory::from_curve_table(table, f)?);
                    }
                    let made = synthetic_universe(bond_market, &histories, &config.issuance)?;
                    (made.universe, Some(made.report))
                }
            };
            sides[side_index(bond_market)] = Some(MarketSide {
                universe,
                report,
                curves,
                zeros,
                repo,
                valuation,
                interpolation,
                unsmoothed_days,
            });
        }
        let open_on = |exchange: Exchange| -> Vec<bool> {
            let cal = Calendar::for_exchange(exchange);
            // A date outside the calendar's years is not known to be open: no quote.
            dates
                .iter()
                .map(|&d| cal.is_business_day(d).unwrap_or(false))
                .collect()
        };
        Ok(CurveImpliedSource {
            n_days: dates.len(),
            timeline: market.timeline(),
            dv01_method: config.dv01_method,
            open: [open_on(Exchange::Cbot), open_on(Exchange::Cffex)],
            sides,
        })
    }

    fn side(&self, market: BondMarket) -> Option<&MarketSide> {
        self.sides[side_index(market)].as_ref()
    }

    /// The deliverable universe of a bond market, if the market had its curve.
    pub fn universe(&self, market: BondMarket) -> Option<&DeliverableUniverse> {
        self.side(market).map(|s| &s.universe)
    }

    /// What the synthetic issuance model did for a market (`None` with a securities list or
    /// without the market's curve).
    pub fn issuance_report(&self, market: BondMarket) -> Option<IssuanceReport> {
        self.side(market).and_then(|s| s.report)
    }

    /// How many market days of a bond market's curve could not be smoothed (fewer than five
    /// tenors of a year or more) and are priced off the published curve instead (0 without
    /// smoothing).
    pub fn unsmoothed_days(&self, market: BondMarket) -> usize {
        self.side(market).map_or(0, |s| s.unsmoothed_days)
    }

    /// The par curve a bond market's deliverables are priced from on market day `day` (the
    /// smoothed curve for USD with [`CurveSmoothing::Svensson`]), if published.
    pub fn curve(&self, market: BondMarket, day: usize) -> Option<&ParCurve> {
        self.side(market)?.curves.get(day)?.as_ref()
    }

    /// The repo rate (decimal, money-market basis) of a bond market on market day `day`.
    pub fn repo_rate(&self, market: BondMarket, day: usize) -> Option<f64> {
        *self.side(market)?.repo.get(day)?
    }

    /// The pricer of a contract over this source's universe (e.g. for a full
    /// [`ContractPricer::analyse`] on one day).
    ///
    /// # Errors
    /// [`BasketError::NotABondFuture`] for EC and VX; [`BasketError::NoDeliverableRule`] when
    /// the source has no universe for the contract's market (its curve was missing, see
    /// [`QuoteSource::covers`]); otherwise as [`ContractPricer::with_dates`].
    pub fn pricer(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
    ) -> Result<ContractPricer<'_>, BasketError> {
        let Some(bond_market) = BondMarket::for_root(code.root()) else {
            return Err(BasketError::NotABondFuture { contract: *code });
        };
        let Some(side) = self.side(bond_market) else {
            return Err(BasketError::NoDeliverableRule { contract: *code });
        };
        ContractPricer::with_dates(*code, dates, &side.universe).map(|p| {
            p.with_dv01_method(self.dv01_method)
                .with_valuation(side.valuation)
                .with_interpolation(side.interpolation)
        })
    }
}

/// Wraps a basket failure for one contract in the market error the trait returns.
fn pricing_error(code: &ContractCode, e: &BasketError) -> MarketError {
    MarketError::Pricing {
        contract: *code,
        source: Box::new(e.clone()),
    }
}

impl QuoteSource for CurveImpliedSource {
    fn kind(&self) -> PriceSource {
        PriceSource::CurveImplied
    }

    fn covers(&self, root: Root) -> bool {
        BondMarket::for_root(root).is_some_and(|m| self.side(m).is_some())
    }

    fn dv01_method(&self) -> Option<FuturesDv01Method> {
        Some(self.dv01_method)
    }

    fn quotes(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
        market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError> {
        if market.timeline() != self.timeline {
            return Err(MarketError::MarketMismatch {
                what: "the curve-implied source",
                expected: self.timeline,
                found: market.timeline(),
            });
        }
        let Some(bond_market) = BondMarket::for_root(code.root()) else {
            return Err(pricing_error(
                code,
                &BasketError::NotABondFuture { contract: *code },
            ));
        };
        let Some(side) = self.side(bond_market) else {
            return Err(MarketError::Empty {
                what: format!("{} curve", bond_market.currency()),
            });
        };
        let pricer = ContractPricer::with_dates(*code, dates, &side.universe)
            .map_err(|e| pricing_error(code, &e))?
            .with_dv01_method(self.dv01_method)
            .with_valuation(side.valuation)
            .with_interpolation(side.interpolation);
        let open = &self.open[side_index(bond_market)];
        let delivery = pricer.delivery_date();
        let last = last_day.min(self.n_days.saturating_sub(1));
        let mut out = ContractQuotes {
            quotes: Vec::with_capacity((last + 1).saturating_sub(first_day)),
            deliverables: Vec::new(),
        };
        // Basket index → index into `out.deliverables`, filled the first time a bond is CTD.
        let mut record_of: Vec<Option<u32>> = vec![None; pricer.len()];
        for day in first_day..=last {
            let (Some(&date), Some(&is_open), Some(Some(curve)), Some(&Some(repo))) = (
                market.dates().get(day),
                open.get(day),
                side.curves.get(day),
                side.repo.get(day),
            ) else {
                continue;
            };
            if date >= delivery {
                break;
            }
            if !is_open {
                continue;
            }
            let zero = side.zeros.get(day).and_then(Option::as_ref);
            let Some(q) = pricer
                .quote_on(date, curve, zero, repo)
                .map_err(|e| pricing_error(code, &e))?
            else {
                continue;
            };
            let record = match record_of.get(q.ctd).copied().flatten() {
                Some(r) => r,
                None => {
                    let Some(d) = pricer.deliverable(q.ctd) else {
                        continue;
                    };
                    out.deliverables.push(DeliverableRecord {
                        id: d.id().to_owned(),
                        coupon_rate: d.coupon_rate(),
                        maturity: d.maturity(),
                        synthetic: d.is_synthetic(),
                    });
                    let r = u32::try_from(out.deliverables.len() - 1).unwrap_or(u32::MAX);
                    if let Some(slot) = record_of.get_mut(q.ctd) {
                        *slot = Some(r);
                    }
                    r
                }
            };
            out.quotes.push(DayQuote {
                day,
                price: q.price,
                dv01: Some(q.dv01_per_contract),
                ctd: Some(CtdRef {
                    deliverable: record,
                    conversion_factor: q.conversion_factor,
                }),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Tenor;
    use crate::data::Dataset;
    use crate::market::Origin;
    use crate::units::Currency;
    use chrono::NaiveDate;
    use ndarray::Array2;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// A flat 4.5% USD par curve on every calendar day of 2024-04-01..=2024-06-30, except that
    /// 2024-05-01 publishes a single tenor (no curve that day).
    fn market() -> Market {
        let dates: Vec<NaiveDate> = d(2024, 4, 1).iter_days().take(91).collect();
        let tenors = [
            Tenor::Months(3),
            Tenor::Years(2),
            Tenor::Years(10),
            Tenor::Years(30),
        ];
        let mut y = Array2::from_elem((dates.len(), tenors.len()), Some(0.045));
        let may1 = dates.iter().position(|&x| x == d(2024, 5, 1)).unwrap();
        for k in 1..tenors.len() {
            y[[may1, k]] = None;
        }
        Market::builder(Origin::in_memory("flat"))
            .with_curve(Currency::Usd, 2, &dates, &tenors, y)
            .build()
            .unwrap()
    }

    fn source(m: &Market) -> CurveImpliedSource {
        let list = Dataset::embedded_synthetic().securities.unwrap();
        CurveImpliedSource::with_config(m, CurveImpliedConfig::default().with_securities(list))
            .unwrap()
    }

    #[test]
    fn quotes_only_open_days_with_a_curve_before_delivery() {
        let m = market();
        let s = source(&m);
        let code: ContractCode = "TYM24".parse().unwrap();
        let dates = code.dates().unwrap();
        let q = s.quotes(&code, &dates, &m, 0, m.len() - 1).unwrap();
        let us = Calendar::us();
        for x in &q.quotes {
            let date = m.dates()[x.day];
            assert!(us.is_business_day(date).unwrap(), "{date}");
            assert_ne!(date, d(2024, 5, 1));
            assert!(date < d(2024, 6, 28));
        }
        // Every U.S. business day of 2024-04-01..2024-06-27 except May 1.
        let expected = m
            .dates()
            .iter()
            .filter(|&&x| x < d(2024, 6, 28) && x != d(2024, 5, 1))
            .filter(|&&x| us.is_business_day(x).unwrap())
            .count();
        assert_eq!(q.quotes.len(), expected);
        // CTD records are shared across days and index `deliverables`.
        assert!(!q.deliverables.is_empty() && q.deliverables.len() <= 6);
        for x in &q.quotes {
            let r = x.ctd.unwrap();
            assert!((r.deliverable as usize) < q.deliverables.len());
            assert!(!q.deliverables[r.deliverable as usize].synthetic);
        }
        assert_eq!(s.curve(BondMarket::UsTreasury, 30), None);
        assert!(s.repo_rate(BondMarket::UsTreasury, 0).is_some());
        assert!(s.universe(BondMarket::ChinaGovernment).is_none());
    }

    #[test]
    fn wrong_market_or_root_is_an_error() {
        let m = market();
        let s = source(&m);
        assert_eq!(s.kind(), PriceSource::CurveImplied);
        assert!(s.covers(Root::TU) && !s.covers(Root::TS) && !s.covers(Root::EC));
        let code: ContractCode = "TYM24".parse().unwrap();
        let dates = code.dates().unwrap();
        let other =
            Market::from_series("x", &[d(2024, 1, 2)], &[1.0], Origin::in_memory("x")).unwrap();
        assert!(matches!(
            s.quotes(&code, &dates, &other, 0, 0),
            Err(MarketError::MarketMismatch { .. })
        ));
        let t: ContractCode = "T2406".parse().unwrap();
        assert!(matches!(
            s.quotes(&t, &t.dates().unwrap(), &m, 0, 10),
            Err(MarketError::Empty { .. })
        ));
        assert!(s.pricer(&t, &t.dates().unwrap()).is_err());
    }

    #[test]
    fn usd_curves_are_smoothed_by_default_and_days_without_enough_tenors_are_counted() {
        // The flat market has three tenors of a year or more: no day can be smoothed.
        let m = market();
        let s = source(&m);
        let with_curve = (0..m.len())
            .filter(|&d| s.curve(BondMarket::UsTreasury, d).is_some())
            .count();
        assert_eq!(s.unsmoothed_days(BondMarket::UsTreasury), with_curve);
        // Eight tenors with a 7-year 30 bp above an otherwise flat 4% curve: the default source
        // prices off the fitted curve (bill kept), the published choice off the kinked one.
        let dates = [d(2024, 4, 1), d(2024, 4, 2)];
        let tenors = [
            Tenor::Months(3),
            Tenor::Years(1),
            Tenor::Years(2),
            Tenor::Years(3),
            Tenor::Years(5),
            Tenor::Years(7),
            Tenor::Years(10),
            Tenor::Years(20),
            Tenor::Years(30),
        ];
        let mut y = Array2::from_elem((2, tenors.len()), Some(0.04));
        y[[0, 0]] = Some(0.05);
        y[[0, 5]] = Some(0.043);
        let kinked = Market::builder(Origin::in_memory("kinked"))
            .with_curve(Currency::Usd, 2, &dates, &tenors, y)
            .build()
            .unwrap();
        let list = Dataset::embedded_synthetic().securities.unwrap();
        let smooth = CurveImpliedSource::with_config(
            &kinked,
            CurveImpliedConfig::default().with_securities(list.clone()),
        )
        .unwrap();
        let published = CurveImpliedSource::with_config(
            &kinked,
            CurveImpliedConfig::default()
                .with_securities(list)
                .with_smoothing(CurveSmoothing::Published, SvenssonConfig::default()),
        )
        .unwrap();
        assert_eq!(smooth.unsmoothed_days(BondMarket::UsTreasury), 0);
        let y7 = |s: &CurveImpliedSource| {
            s.curve(BondMarket::UsTreasury, 0)
                .unwrap()
                .par_yield(7.0, Interpolation::MonotoneCubic)
                .unwrap()
        };
        assert_eq!(y7(&published), 0.043);
        assert!(y7(&smooth) < 0.0415, "{}", y7(&smooth));
        assert_eq!(
            smooth.repo_rate(BondMarket::UsTreasury, 0),
            published.repo_rate(BondMarket::UsTreasury, 0)
        );
        assert_eq!(
            CurveImpliedConfig::default().smoothing(),
            CurveSmoothing::Svensson
        );
        assert_eq!(
            CurveImpliedConfig::default().valuation(),
            Valuation::ParYield
        );
        assert_eq!(
            CurveImpliedConfig::default().interpolation(),
            Interpolation::MonotoneCubic
        );
    }

    #[test]
    fn synthetic_universe_is_the_default() {
        let m = market();
        let s = CurveImpliedSource::new(&m).unwrap();
        let report = s.issuance_report(BondMarket::UsTreasury).unwrap();
        assert!(report.issued > 0);
        let u = s.universe(BondMarket::UsTreasury).unwrap();
        assert!(u.deliverables().iter().all(|x| x.is_synthetic()));
    }
}
