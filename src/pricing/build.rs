//! [`PriceTable::build`]: every listed contract of some roots over a date range, priced by the
//! first [`QuoteSource`] that covers it, in parallel, assembled in a fixed order.

use super::{ContractQuotes, QuoteSource};
use crate::contract::{ContractCode, ContractDates, ContractError, MIN_CONTRACT_YEAR, Root};
use crate::market::{
    DeliverableRecord, InstrumentId, Market, MarketError, PriceSource, PriceTable,
    PriceTableBuilder,
};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashMap;
use std::fmt;

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Which contracts a [`PriceTable::build`] prices: roots (or explicit contracts) and a date
/// range. `Default`: every root over the whole market.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::contract::Root;
/// use spreadtrade::pricing::TableSpec;
///
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let spec = TableSpec::new([Root::VX, Root::EC]).with_range(d(2024, 1, 2), d(2024, 6, 28));
/// assert_eq!(spec.roots(), &[Root::EC, Root::VX]);
/// assert_eq!(spec.from(), Some(d(2024, 1, 2)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    roots: Vec<Root>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    contracts: Option<Vec<ContractCode>>,
}

impl Default for TableSpec {
    fn default() -> Self {
        TableSpec::new(Root::ALL)
    }
}

impl TableSpec {
    /// Every listed contract of `roots` (kept in [`Root`] order, without repeats), over the
    /// whole market.
    pub fn new(roots: impl IntoIterator<Item = Root>) -> Self {
        let mut roots: Vec<Root> = roots.into_iter().collect();
        roots.sort();
        roots.dedup();
        TableSpec {
            roots,
            from: None,
            to: None,
            contracts: None,
        }
    }

    /// Only these contracts (in (root, expiry) order, without repeats), over the whole
    /// market. A contract among them that does not live in the range is reported.
    pub fn for_contracts(codes: impl IntoIterator<Item = ContractCode>) -> Self {
        let mut codes: Vec<ContractCode> = codes.into_iter().collect();
        codes.sort();
        codes.dedup();
        let mut roots: Vec<Root> = codes.iter().map(ContractCode::root).collect();
        roots.dedup();
        TableSpec {
            roots,
            from: None,
            to: None,
            contracts: Some(codes),
        }
    }

    /// Starts the range at `from` (inclusive).
    pub fn with_from(mut self, from: NaiveDate) -> Self {
        self.from = Some(from);
        self
    }

    /// Ends the range at `to` (inclusive).
    pub fn with_to(mut self, to: NaiveDate) -> Self {
        self.to = Some(to);
        self
    }

    /// The range `from ..= to`.
    pub fn with_range(self, from: NaiveDate, to: NaiveDate) -> Self {
        self.with_from(from).with_to(to)
    }

    /// The roots, in [`Root`] order.
    pub fn roots(&self) -> &[Root] {
        &self.roots
    }

    /// The start of the range, if set.
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    /// The end of the range, if set.
    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }

    /// The explicit contracts, if the spec names them.
    pub fn explicit_contracts(&self) -> Option<&[ContractCode]> {
        self.contracts.as_deref()
    }
}

/// A contract that went into the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PricedContract {
    /// The contract.
    pub code: ContractCode,
    /// Its instrument in the table.
    pub id: InstrumentId,
    /// The source that priced it (the real one when any day is real).
    pub source: PriceSource,
    /// Market days with a quote (days without one inside its range are carried, not traded).
    pub quoted_days: usize,
    /// Of these, days with a real price (settlement or close); the others are model days.
    pub real_days: usize,
}

/// Why a contract is not in the table.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UnquotedReason {
    /// No source covers the contract's root.
    NoSource,
    /// The sources that cover its root (listed) returned no quote on any day of its range.
    NoQuotes {
        /// The covering sources, in the order tried.
        tried: Vec<PriceSource>,
    },
    /// Its exchange dates could not be computed (e.g. beyond a holiday table's years).
    DatesUnavailable {
        /// What went wrong.
        error: ContractError,
    },
    /// An explicitly requested contract whose life has no market day in the range.
    OutsideRange,
}

impl fmt::Display for UnquotedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnquotedReason::NoSource => f.write_str("no price source covers its root"),
            UnquotedReason::NoQuotes { tried } => {
                f.write_str("no quote on any day from ")?;
                for (i, s) in tried.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{s}")?;
                }
                Ok(())
            }
            UnquotedReason::DatesUnavailable { error } => {
                write!(f, "its exchange dates are unavailable: {error}")
            }
            UnquotedReason::OutsideRange => {
                f.write_str("it has no market day in the requested range")
            }
        }
    }
}

/// A contract of the requested roots that is not in the table, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnquotedContract {
    /// The contract.
    pub code: ContractCode,
    /// Why.
    pub reason: UnquotedReason,
}

impl fmt::Display for UnquotedContract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.reason)
    }
}

/// What a [`PriceTable::build`] did, contract by contract, in (root, expiry) order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BuildReport {
    /// The contracts in the table.
    pub priced: Vec<PricedContract>,
    /// The contracts of the requested roots that are not in it.
    pub unquoted: Vec<UnquotedContract>,
}

impl BuildReport {
    /// The report line of one contract, if it was considered.
    pub fn unquoted_reason(&self, code: &ContractCode) -> Option<&UnquotedReason> {
        self.unquoted
            .iter()
            .find(|u| u.code == *code)
            .map(|u| &u.reason)
    }
}

/// A built table and its report.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBuild {
    /// The table.
    pub table: PriceTable,
    /// What went in and what did not.
    pub report: BuildReport,
}

/// A contract to price: its dates and the market days of its life within the range.
#[derive(Debug, Clone, Copy)]
struct Job {
    code: ContractCode,
    dates: ContractDates,
    first_day: usize,
    last_day: usize,
}

/// One job's outcome: quotes with the source of each.
enum Outcome {
    Priced(Vec<PriceSource>, ContractQuotes),
    Unquoted(UnquotedReason),
}

/// Months beyond the range end in which a contract of `root` may already be listed: the
/// deepest listing (EC's twenty quarterlies, five years) plus a quarter of slack.
fn listing_horizon_months(root: Root) -> u32 {
    let l = root.spec().listing;
    (u32::from(l.quarterly) * 3).max(u32::from(l.serial)) + 3
}

/// The market-day range of a contract's life within `lo..=hi`, if it has a market day there.
fn life_days(
    market: &Market,
    dates: &ContractDates,
    lo: NaiveDate,
    hi: NaiveDate,
) -> Option<(usize, usize)> {
    let start = dates.first_trading_day.max(lo);
    let end = dates.last_trading_day.min(hi);
    if start > end {
        return None;
    }
    let first = market.day_on_or_after(start)?;
    let last = market.day_on_or_before(end)?;
    (first <= last).then_some((first, last))
}

/// Every listed contract of `root` living in `lo..=hi` with a market day there, in expiry
/// order; contracts that cannot be dated are reported and stop the enumeration.
fn enumerate_root(
    market: &Market,
    root: Root,
    lo: NaiveDate,
    hi: NaiveDate,
    jobs: &mut Vec<Job>,
    unquoted: &mut Vec<UnquotedContract>,
) {
    // Every contract of an earlier month expires before its month ends, so before `lo`; and
    // nothing was listed before the product started, nor before the first representable year.
    let min_start = NaiveDate::from_ymd_opt(MIN_CONTRACT_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    let start = lo.max(root.spec().listed_from).max(min_start);
    let (mut y, mut m) = (start.year(), start.month());
    while !root.spec().cycle.lists_month(m) {
        m += 1;
        if m > 12 {
            (y, m) = (y + 1, 1);
        }
    }
    let Ok(mut code) = ContractCode::new(root, y, m) else {
        return;
    };
    let horizon = hi
        .checked_add_months(Months::new(listing_horizon_months(root)))
        .unwrap_or(NaiveDate::MAX);
    while code.month_start() <= horizon {
        match code.dates() {
            Ok(dates) => {
                if let Some((first_day, last_day)) = life_days(market, &dates, lo, hi) {
                    jobs.push(Job {
                        code,
                        dates,
                        first_day,
                        last_day,
                    });
                }
            }
            Err(ContractError::NeverListed { .. }) => {}
            Err(error) => {
                unquoted.push(UnquotedContract {
                    code,
                    reason: UnquotedReason::DatesUnavailable { error },
                });
                return;
            }
        }
        match code.next() {
            Some(next) => code = next,
            None => return,
        }
    }
}

/// Checks a source's quotes for one contract (see the module docs, "Checks").
fn check_quotes(job: &Job, source: PriceSource, q: &ContractQuotes) -> Result<(), MarketError> {
    let bad = |day: usize, problem: String| MarketError::BadQuote {
        contract: job.code,
        source_label: source.label(),
        day,
        problem,
    };
    let mut previous: Option<usize> = None;
    for quote in &q.quotes {
        if !(job.first_day..=job.last_day).contains(&quote.day) {
            return Err(bad(
                quote.day,
                format!(
                    "a quote outside the days asked for ({}..={})",
                    job.first_day, job.last_day
                ),
            ));
        }
        if previous.is_some_and(|p| quote.day <= p) {
            return Err(bad(quote.day, "quotes out of day order".to_owned()));
        }
        previous = Some(quote.day);
        if !(quote.price.is_finite() && quote.price > 0.0) {
            return Err(bad(quote.day, format!("price {}", quote.price)));
        }
        if let Some(dv01) = quote.dv01
            && !dv01.is_finite()
        {
            return Err(bad(quote.day, format!("DV01 {dv01}")));
        }
        if let Some(ctd) = quote.ctd
            && (ctd.deliverable as usize) >= q.deliverables.len()
        {
            return Err(bad(
                quote.day,
                format!(
                    "CTD deliverable {} of {} listed",
                    ctd.deliverable,
                    q.deliverables.len()
                ),
            ));
        }
    }
    Ok(())
}

fn price_job(
    job: &Job,
    market: &Market,
    sources: &[&dyn QuoteSource],
) -> Result<Outcome, MarketError> {
    let mut tried = Vec::new();
    // Real sources fill the days they have; the first model source with quotes fills the
    // rest and ends the search (module docs of `PriceTable::build`, "Sources").
    let mut parts: Vec<(PriceSource, ContractQuotes)> = Vec::new();
    for source in sources.iter().filter(|s| s.covers(job.code.root())) {
        let kind = source.kind();
        let q = source.quotes(&job.code, &job.dates, market, job.first_day, job.last_day)?;
        check_quotes(job, kind, &q)?;
        if q.quotes.is_empty() {
            if parts.is_empty() {
                tried.push(kind);
            }
            continue;
        }
        parts.push((kind, q));
        if kind.is_model() {
            break;
        }
    }
    if parts.is_empty() {
        return Ok(Outcome::Unquoted(if tried.is_empty() {
            UnquotedReason::NoSource
        } else {
            UnquotedReason::NoQuotes { tried }
        }));
    }
    if parts.len() == 1 {
        let (kind, q) = parts.remove(0);
        return Ok(Outcome::Priced(vec![kind], q));
    }
    Ok(merge_parts(parts))
}

/// Merges the quotes of several sources of one contract: for each day, the first source (in
/// order) with a quote gives the price; a real quote without DV01 takes the DV01 and CTD of
/// the model's quote of the same day (the last part, when it is a model). Deliverable lists
/// are concatenated and the CTD indices re-based.
fn merge_parts(parts: Vec<(PriceSource, ContractQuotes)>) -> Outcome {
    let model_day: HashMap<usize, (Option<f64>, Option<crate::market::CtdRef>)> = match parts.last()
    {
        Some((kind, q)) if kind.is_model() => {
            let base: usize = parts[..parts.len() - 1]
                .iter()
                .map(|(_, p)| p.deliverables.len())
                .sum();
            q.quotes
                .iter()
                .map(|x| {
                    let ctd = x.ctd.map(|mut c| {
                        c.deliverable += base as u32;
                        c
                    });
                    (x.day, (x.dv01, ctd))
                })
                .collect()
        }
        _ => HashMap::new(),
    };
    let mut by_day: std::collections::BTreeMap<usize, (PriceSource, crate::market::DayQuote)> =
        std::collections::BTreeMap::new();
    let mut deliverables = Vec::new();
    for (kind, q) in parts {
        let base = deliverables.len() as u32;
        for mut quote in q.quotes {
            if let Some(c) = &mut quote.ctd {
                c.deliverable += base;
            }
            if !kind.is_model()
                && quote.dv01.is_none()
                && let Some(&(dv01, ctd)) = model_day.get(&quote.day)
            {
                quote.dv01 = dv01;
                quote.ctd = ctd;
            }
            by_day.entry(quote.day).or_insert((kind, quote));
        }
        deliverables.extend(q.deliverables);
    }
    let (kinds, quotes): (Vec<PriceSource>, Vec<crate::market::DayQuote>) =
        by_day.into_values().unzip();
    Outcome::Priced(
        kinds,
        ContractQuotes {
            quotes,
            deliverables,
        },
    )
}

/// Key of a deliverable for de-duplication across contracts.
type DeliverableKey = (String, NaiveDate, u64, bool);

fn key_of(d: &DeliverableRecord) -> DeliverableKey {
    (
        d.id.clone(),
        d.maturity,
        d.coupon_rate.to_bits(),
        d.synthetic,
    )
}

impl PriceTable {
    /// Builds the table of `spec`'s contracts from `sources`, with a report of every contract
    /// left out.
    ///
    /// The range is `spec`'s, clipped to the market's timeline.
    ///
    /// # What is built
    /// 1. **Contracts.** For each requested root (in [`Root`] order), every listed contract whose
    ///    life `first_trading_day ..= last_trading_day` ([`ContractCode::dates`]) overlaps the
    ///    requested range *and* has a market day in it. A contract the calendars cannot date
    ///    (a CFFEX contract beyond the holiday table's last year) is reported, and enumeration of
    ///    that root stops there. A contract of a month before the product existed is skipped
    ///    (never listed).
    /// 2. **Sources.** For each contract, the sources that [`QuoteSource::covers`] its root are
    ///    tried in the order given. A real source ([`PriceSource::is_model`] false: settlements,
    ///    real closes) prices the days it has a quote on; the next covering sources fill the
    ///    days left, until a model source with quotes has filled them (so real prices come
    ///    first and the model prices the rest). Each day's row records its source
    ///    ([`PriceTable::source`]); a real day without a DV01 takes the model's DV01 and CTD of
    ///    that day. A covering source that returns no quote for this contract passes it on. A
    ///    contract nobody quotes is **reported** ([`BuildReport::unquoted`]), never silently
    ///    dropped.
    /// 3. **Parallelism.** Contracts are priced in parallel with rayon (feature `parallel`, on by
    ///    default), then added to the table one by one in (root, expiry) order, so the table is the
    ///    same for any number of threads, and with the feature off.
    /// 4. **Checks.** Every quote must lie in the days asked for, in increasing order, with a finite
    ///    positive price, a finite DV01 where given, and a CTD that names one of the source's
    ///    deliverables; otherwise the build fails with [`MarketError::BadQuote`]. Deliverables
    ///    shared by several contracts are stored once.
    ///
    /// # Errors
    /// [`MarketError::InvalidDateRange`] when the spec's `from` is after its `to`; the first
    /// error (in (root, expiry) order) a source returns; [`MarketError::BadQuote`] for a quote
    /// that fails the checks; errors of [`PriceTableBuilder::add_future`] (none for checked
    /// quotes).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::contract::{ContractCode, Root};
    /// use spreadtrade::data::Dataset;
    /// use spreadtrade::market::{Market, PriceSource, PriceTable};
    /// use spreadtrade::pricing::{DatasetSources, TableSpec};
    /// use chrono::NaiveDate;
    ///
    /// let data = Dataset::embedded_synthetic();
    /// let market = Market::from_dataset(&data)?;
    /// let sources = DatasetSources::new(&market, &data)?;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let spec = TableSpec::new([Root::VX, Root::EC]).with_range(d(2024, 3, 1), d(2024, 3, 29));
    /// let built = PriceTable::build(&market, &spec, &sources.sources())?;
    /// let vxm24 = built.table.require_contract(&"VXM24".parse::<ContractCode>()?)?;
    /// assert_eq!(built.table.instrument(vxm24).source, PriceSource::TermStructureModel);
    /// assert!(built.report.unquoted.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(
        market: &Market,
        spec: &TableSpec,
        sources: &[&dyn QuoteSource],
    ) -> Result<TableBuild, MarketError> {
        if let (Some(from), Some(to)) = (spec.from, spec.to)
            && from > to
        {
            return Err(MarketError::InvalidDateRange { from, to });
        }
        let dates = market.dates();
        let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
            return Err(MarketError::Empty {
                what: "market".to_owned(),
            });
        };
        let lo = spec.from.map_or(first, |f| f.max(first));
        let hi = spec.to.map_or(last, |t| t.min(last));
        let mut jobs = Vec::new();
        let mut unquoted = Vec::new();
        if lo <= hi {
            match &spec.contracts {
                None => {
                    for &root in &spec.roots {
                        enumerate_root(market, root, lo, hi, &mut jobs, &mut unquoted);
                    }
                }
                Some(codes) => {
                    for &code in codes {
                        match code.dates() {
                            Ok(dates) => match life_days(market, &dates, lo, hi) {
                                Some((first_day, last_day)) => jobs.push(Job {
                                    code,
                                    dates,
                                    first_day,
                                    last_day,
                                }),
                                None => unquoted.push(UnquotedContract {
                                    code,
                                    reason: UnquotedReason::OutsideRange,
                                }),
                            },
                            Err(error) => unquoted.push(UnquotedContract {
                                code,
                                reason: UnquotedReason::DatesUnavailable { error },
                            }),
                        }
                    }
                }
            }
        } else if let Some(codes) = &spec.contracts {
            unquoted.extend(codes.iter().map(|&code| UnquotedContract {
                code,
                reason: UnquotedReason::OutsideRange,
            }));
        }

        #[cfg(feature = "parallel")]
        let outcomes: Vec<Result<Outcome, MarketError>> = jobs
            .par_iter()
            .map(|job| price_job(job, market, sources))
            .collect();
        #[cfg(not(feature = "parallel"))]
        let outcomes: Vec<Result<Outcome, MarketError>> = jobs
            .iter()
            .map(|job| price_job(job, market, sources))
            .collect();

        let mut builder = PriceTableBuilder::new(dates);
        let mut seen: HashMap<DeliverableKey, u32> = HashMap::new();
        let mut report = BuildReport::default();
        for (job, outcome) in jobs.iter().zip(outcomes) {
            match outcome? {
                Outcome::Priced(kinds, q) => {
                    let ContractQuotes {
                        mut quotes,
                        deliverables,
                    } = q;
                    let index: Vec<u32> = deliverables
                        .into_iter()
                        .map(|d| {
                            *seen
                                .entry(key_of(&d))
                                .or_insert_with(|| builder.add_deliverable(d))
                        })
                        .collect();
                    for quote in &mut quotes {
                        if let Some(ctd) = &mut quote.ctd {
                            // Checked above: every CTD names a listed deliverable.
                            ctd.deliverable = index[ctd.deliverable as usize];
                        }
                    }
                    let id = builder.add_future_mixed(job.code, &kinds, &quotes)?;
                    let info = builder.instrument(id);
                    report.priced.push(PricedContract {
                        code: job.code,
                        id,
                        source: info.map_or(kinds[0], |i| i.source),
                        quoted_days: quotes.len(),
                        real_days: if kinds.len() == 1 {
                            if kinds[0].is_model() { 0 } else { quotes.len() }
                        } else {
                            kinds.iter().filter(|k| !k.is_model()).count()
                        },
                    });
                }
                Outcome::Unquoted(reason) => unquoted.push(UnquotedContract {
                    code: job.code,
                    reason,
                }),
            }
        }
        unquoted.sort_by_key(|u| u.code);
        report.unquoted = unquoted;
        builder.set_dv01_method(sources.iter().find_map(|s| s.dv01_method()));
        Ok(TableBuild {
            table: builder.build(),
            report,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{CtdRef, DayQuote, Origin};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn weekdays(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        from.iter_days()
            .take_while(|&x| x <= to)
            .filter(|x| x.weekday().num_days_from_monday() < 5)
            .collect()
    }

    fn market(from: NaiveDate, to: NaiveDate) -> Market {
        let dates = weekdays(from, to);
        let v = vec![1.0; dates.len()];
        Market::from_series("x", &dates, &v, Origin::in_memory("t")).unwrap()
    }

    /// Quotes every day with price 100 + day, optionally only for some contracts, with a CTD.
    struct Flat {
        root: Root,
        only: Option<ContractCode>,
        kind: PriceSource,
    }

    impl QuoteSource for Flat {
        fn kind(&self) -> PriceSource {
            self.kind
        }
        fn covers(&self, root: Root) -> bool {
            root == self.root
        }
        fn quotes(
            &self,
            code: &ContractCode,
            _dates: &ContractDates,
            _market: &Market,
            first_day: usize,
            last_day: usize,
        ) -> Result<ContractQuotes, MarketError> {
            if self.only.is_some_and(|c| c != *code) {
                return Ok(ContractQuotes::default());
            }
            Ok(ContractQuotes {
                quotes: (first_day..=last_day)
                    .map(|day| DayQuote {
                        day,
                        price: 100.0 + day as f64,
                        dv01: Some(50.0),
                        ctd: Some(CtdRef {
                            deliverable: 0,
                            conversion_factor: 0.9,
                        }),
                    })
                    .collect(),
                deliverables: vec![DeliverableRecord {
                    id: "912828XX".into(),
                    coupon_rate: 0.02,
                    maturity: d(2030, 5, 15),
                    synthetic: false,
                }],
            })
        }
    }

    #[test]
    fn enumerates_the_listed_contracts_alive_in_the_range() {
        let m = market(d(2024, 3, 1), d(2024, 4, 30));
        let src = Flat {
            root: Root::TY,
            only: None,
            kind: PriceSource::CurveImplied,
        };
        let spec = TableSpec::new([Root::TY, Root::TU]);
        let b = PriceTable::build(&m, &spec, &[&src]).unwrap();
        // TY: three quarterlies listed (spec §1.3). TYH24 expires 2024-03-19 (in range),
        // TYM24, TYU24 live; TYZ24 lists the day after TYH24's last trading day.
        let names: Vec<String> = b.report.priced.iter().map(|p| p.code.to_string()).collect();
        assert_eq!(names, ["TYH24", "TYM24", "TYU24", "TYZ24"]);
        let tyz = b.table.require_contract(&"TYZ24".parse().unwrap()).unwrap();
        assert_eq!(
            b.table.dates()[b.table.instrument(tyz).first_day()],
            d(2024, 3, 20)
        );
        // No source covers TU: every live TU contract is reported, none silently dropped.
        assert!(
            b.report
                .unquoted
                .iter()
                .all(|u| u.code.root() == Root::TU && u.reason == UnquotedReason::NoSource)
        );
        assert_eq!(b.report.unquoted.len(), 4);
        // The four contracts share one deliverable.
        assert_eq!(b.table.deliverables().len(), 1);
        assert_eq!(
            b.table.ctd(tyz, 20).map(|(d, cf)| (d.id.as_str(), cf)),
            Some(("912828XX", 0.9))
        );
    }

    #[test]
    fn a_covering_source_without_quotes_passes_the_contract_on() {
        let m = market(d(2024, 3, 1), d(2024, 3, 29));
        let tym: ContractCode = "TYM24".parse().unwrap();
        let settle = Flat {
            root: Root::TY,
            only: Some(tym),
            kind: PriceSource::Settlement,
        };
        let model = Flat {
            root: Root::TY,
            only: Some("TYU24".parse().unwrap()),
            kind: PriceSource::CurveImplied,
        };
        let b = PriceTable::build(&m, &TableSpec::new([Root::TY]), &[&settle, &model]).unwrap();
        let kinds: Vec<(String, PriceSource)> = b
            .report
            .priced
            .iter()
            .map(|p| (p.code.to_string(), p.source))
            .collect();
        assert_eq!(
            kinds,
            [
                ("TYM24".to_owned(), PriceSource::Settlement),
                ("TYU24".to_owned(), PriceSource::CurveImplied)
            ]
        );
        assert_eq!(
            b.report.unquoted_reason(&"TYH24".parse().unwrap()),
            Some(&UnquotedReason::NoQuotes {
                tried: vec![PriceSource::Settlement, PriceSource::CurveImplied]
            })
        );
        assert!(
            b.report
                .unquoted_reason(&"TYH24".parse().unwrap())
                .unwrap()
                .to_string()
                .contains("settlement, curve-implied")
        );
    }

    #[test]
    fn real_days_come_first_and_the_model_fills_the_rest() {
        /// Real prices of TYM24 on days 2 and 4 only, no DV01.
        struct Real;
        impl QuoteSource for Real {
            fn kind(&self) -> PriceSource {
                PriceSource::Close
            }
            fn covers(&self, root: Root) -> bool {
                root == Root::TY
            }
            fn quotes(
                &self,
                code: &ContractCode,
                _: &ContractDates,
                _: &Market,
                _: usize,
                _: usize,
            ) -> Result<ContractQuotes, MarketError> {
                if code.to_string() != "TYM24" {
                    return Ok(ContractQuotes::default());
                }
                let q = |day, price| DayQuote {
                    day,
                    price,
                    dv01: None,
                    ctd: None,
                };
                Ok(ContractQuotes {
                    quotes: vec![q(2, 50.0), q(4, 51.0)],
                    deliverables: vec![],
                })
            }
        }
        let m = market(d(2024, 3, 1), d(2024, 3, 29));
        let model = Flat {
            root: Root::TY,
            only: None,
            kind: PriceSource::CurveImplied,
        };
        let spec = TableSpec::for_contracts(["TYM24".parse().unwrap(), "TYU24".parse().unwrap()])
            .with_range(d(2024, 3, 1), d(2024, 3, 8));
        let b = PriceTable::build(&m, &spec, &[&Real, &model]).unwrap();
        let t = &b.table;
        let id = t.require_contract(&"TYM24".parse().unwrap()).unwrap();
        let sources: Vec<PriceSource> = (0..=5).map(|day| t.source(id, day).unwrap()).collect();
        use PriceSource::{Close as R, CurveImplied as M};
        assert_eq!(sources, [M, M, R, M, R, M]);
        // Real prices on their days, with the model's DV01 and CTD of the same day.
        assert_eq!((t.price(id, 2), t.price(id, 3)), (Some(50.0), Some(103.0)));
        assert_eq!(t.dv01(id, 2), Some(50.0));
        assert_eq!(t.ctd(id, 4).map(|(d, _)| d.id.as_str()), Some("912828XX"));
        assert_eq!(t.instrument(id).sources, [R, M]);
        assert_eq!(t.instrument(id).source, R);
        assert_eq!(
            (b.report.priced[0].real_days, b.report.priced[0].quoted_days),
            (2, 6)
        );
        // A contract the file does not have is the model's alone.
        let u = t.require_contract(&"TYU24".parse().unwrap()).unwrap();
        assert_eq!(t.instrument(u).sources, [M]);
        assert_eq!(b.report.priced[1].real_days, 0);
        // With no model, the real days alone (carried between, not traded).
        let b = PriceTable::build(&m, &spec, &[&Real]).unwrap();
        let id = b.table.require_contract(&"TYM24".parse().unwrap()).unwrap();
        assert_eq!(b.table.source(id, 3), Some(R));
        assert!(!b.table.traded(id, 3));
        assert_eq!(b.report.priced[0].real_days, 2);
    }

    #[test]
    fn explicit_contracts_and_ranges() {
        let m = market(d(2024, 3, 1), d(2024, 3, 29));
        let src = Flat {
            root: Root::TY,
            only: None,
            kind: PriceSource::CurveImplied,
        };
        let spec = TableSpec::for_contracts(["TYM24".parse().unwrap(), "TYM25".parse().unwrap()])
            .with_range(d(2024, 3, 4), d(2024, 3, 8));
        let b = PriceTable::build(&m, &spec, &[&src]).unwrap();
        assert_eq!(b.report.priced.len(), 1);
        assert_eq!(b.report.priced[0].quoted_days, 5);
        assert_eq!(b.report.unquoted[0].reason, UnquotedReason::OutsideRange);
        let bad = TableSpec::new([Root::TY]).with_range(d(2024, 3, 8), d(2024, 3, 4));
        assert!(matches!(
            PriceTable::build(&m, &bad, &[&src]),
            Err(MarketError::InvalidDateRange { .. })
        ));
    }

    #[test]
    fn bad_quotes_fail_the_build_with_the_contract_named() {
        struct Nan;
        impl QuoteSource for Nan {
            fn kind(&self) -> PriceSource {
                PriceSource::CurveImplied
            }
            fn covers(&self, _: Root) -> bool {
                true
            }
            fn quotes(
                &self,
                _: &ContractCode,
                _: &ContractDates,
                _: &Market,
                first_day: usize,
                _: usize,
            ) -> Result<ContractQuotes, MarketError> {
                Ok(ContractQuotes {
                    quotes: vec![DayQuote {
                        day: first_day,
                        price: f64::NAN,
                        dv01: None,
                        ctd: None,
                    }],
                    deliverables: vec![],
                })
            }
        }
        let m = market(d(2024, 3, 1), d(2024, 3, 29));
        let e = PriceTable::build(&m, &TableSpec::new([Root::TY]), &[&Nan]).unwrap_err();
        assert!(
            matches!(e, MarketError::BadQuote { contract, .. } if contract.to_string() == "TYH24"),
            "{e}"
        );
    }

    #[test]
    fn cffex_contracts_beyond_the_holiday_table_are_reported() {
        // The CFFEX table ends in 2026: T2703's last trading day cannot be computed.
        let m = market(d(2026, 6, 1), d(2026, 6, 30));
        let b = PriceTable::build(&m, &TableSpec::new([Root::T]), &[]).unwrap();
        let last = b.report.unquoted.last().unwrap();
        assert!(
            matches!(last.reason, UnquotedReason::DatesUnavailable { .. }),
            "{last}"
        );
        assert!(
            b.report
                .unquoted
                .iter()
                .any(|u| u.reason == UnquotedReason::NoSource)
        );
    }
}
