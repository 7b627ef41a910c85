//! [`Engine`]: one deterministic, single-threaded day loop per run.
//!
//! # The day loop
//! For each market day `d` of the run, in this order:
//! 1. **Mark to market** every leg's position at `d`'s price of the contract it holds:
//!    `pnl = contracts × (P_d − P_{d−1}) × point_value` in the leg's currency.
//! 2. **Roll**: where a leg's schedule moves to the next contract, sell the old and buy the new
//!    at `d`'s prices (costed like any trade; sizes re-solved under DV01 weighting). If either
//!    contract cannot trade that day the roll waits for the next day when both can; a contract
//!    on its last day with nothing to roll into is closed at its price
//!    ([`TradeReason::Expiry`]).
//! 3. **Strategy**: the strategy sees the marked book and returns a [`Target`]. A target on a
//!    day when some leg cannot trade is kept pending and executed on the next day when all
//!    can.
//! 4. **Orders and fills**: targets become whole contracts per leg (`round(units × ratio)`,
//!    half away from zero); fills at `d`'s price ± slippage in ticks of the tick in force on
//!    `d`, commission per contract per side.
//! 5. **Accounting**: the day's P&L per currency is converted to the base currency at `d`'s
//!    FX rate and added to equity and to the run statistics; the initial margin is taken at
//!    the figure in force on `d` ([`MarginModel`](super::MarginModel), time-varying through
//!    its changes); the ledger row is recorded.
//!
//! # Quiet stretches
//! When the strategy promises ([`Strategy::quiet_until`]) that it will not act before some
//! later day, no target is pending, no leg changes contract and no ledger is kept, the days in
//! between only need step 1 and the statistics: the engine runs them as a tight loop over the
//! held contracts' price columns. The arithmetic is the same, in the same order, so the
//! results are bit-identical to calling the strategy every day.
//!
//! Nothing in the loop allocates (ledger and blotter vectors are reserved up front), hashes
//! or formats: instruments are dense indices and their columns are resolved when a leg
//! changes contract.

use super::BacktestError;
use super::config::{BacktestConfig, FxRate, MarginRule, Weighting};
use super::result::{LedgerDay, LegDay, RunResult, RunSummary, Trade, TradeReason};
use super::stats::RunStats;
use crate::contract::Root;
use crate::market::{Book, Columns, InstrumentId, InstrumentKind, Market, PriceTable};
use crate::strategy::{DayView, LegState, RunContext, Strategy, Target};
use crate::units::{Currency, CurrencyAmounts};

/// Runs backtests of books against one market and price table under one configuration.
///
/// Build it once and call [`Engine::run`] per book and strategy; it is `Sync`, so a sweep
/// shares one engine between threads.
#[derive(Debug)]
pub struct Engine<'a> {
    market: &'a Market,
    table: &'a PriceTable,
    config: &'a BacktestConfig,
    first_day: usize,
    last_day: usize,
    // Per currency (`Currency::index`): the base-currency value of one unit on each market day,
    // for currencies with a configured rate. The base currency itself converts at exactly 1.
    fx: [Option<Vec<f64>>; 3],
    // Per currency: the rate behind `fx` (configured, or `default_fx_rate`), for outputs; and
    // the error of a default rate that cannot serve the run's days, returned only to a run
    // with a leg in that currency.
    fx_rates: [Option<FxRate>; 3],
    fx_default_error: [Option<BacktestError>; 3],
    // Per root (`Root::index`): commission per contract and the margin figure — resolved from
    // the configuration's maps once, not at every roll.
    per_root: [(f64, Margin); Root::ALL.len()],
    // Per root: the figure in force on each market day for a root with margin changes (the
    // ones whose `Margin` is `Daily`), empty for the others.
    margin_days: [Vec<Option<MarginRule>>; Root::ALL.len()],
}

/// What the loop needs about the contract a leg holds, resolved when the contract changes.
#[derive(Clone, Copy)]
struct Held<'t> {
    id: InstrumentId,
    cols: Columns<'t>,
    point_value: f64,
    has_dv01: bool,
    // Commission per contract per side, in the contract's currency.
    commission: f64,
    // Where the tick for slippage comes from.
    tick: TickRule,
    // Initial margin per contract.
    margin: Margin,
}

/// Where a held contract's initial-margin figure comes from.
#[derive(Debug, Clone, Copy)]
enum Margin {
    /// Not tracked (no figure configured).
    None,
    /// One figure for the whole run.
    Constant(MarginRule),
    /// A figure per market day: `Engine::margin_days[root]` (a root with margin changes).
    Daily(usize),
}

impl Held<'_> {
    /// Whether the contract carries a DV01 or an initial margin to track.
    #[inline(always)]
    fn has_exposure(&self) -> bool {
        self.has_dv01 || !matches!(self.margin, Margin::None)
    }

    #[inline(always)]
    fn price(&self, d: usize) -> Option<f64> {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.price.get(i))
            .copied()
    }
    #[inline(always)]
    fn dv01(&self, d: usize) -> Option<f64> {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.dv01.get(i))
            .copied()
            .flatten()
    }
    #[inline(always)]
    fn traded(&self, d: usize) -> bool {
        d.checked_sub(self.cols.first_day)
            .and_then(|i| self.cols.traded.get(i))
            .copied()
            .unwrap_or(false)
    }
    fn last_day(&self) -> usize {
        self.cols.first_day + self.cols.price.len() - 1
    }
}

/// The tick a held instrument's slippage is measured in.
#[derive(Clone, Copy)]
enum TickRule {
    /// No tick (a series without one): no slippage.
    None,
    /// A fixed increment (series instruments).
    Fixed(f64),
    /// The root's tick history (listed contracts).
    Root(&'static crate::contract::RootSpec),
}

/// One leg's state during a run.
#[derive(Clone, Copy)]
struct Leg<'t> {
    ratio: f64,
    // The leg's currency (every contract of a leg settles in it) and its FX path into the
    // base currency (`None` for the base currency).
    currency: Currency,
    fx: Option<&'t [f64]>,
    held: Option<Held<'t>>,
    contracts: i64,
    mark: f64,
    // Cost basis: the open quantity and its average fill price (both updated by `fill`), and
    // the P&L realised so far in the leg's currency (fill price against average cost).
    cost_qty: i64,
    avg_price: f64,
    realised: f64,
}

impl Leg<'_> {
    #[inline(always)]
    fn fx(&self, d: usize) -> f64 {
        self.fx.map_or(1.0, |f| f[d])
    }
}

/// Counters the loop keeps besides the P&L statistics.
#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    trades: usize,
    position_changes: usize,
    contracts: i64,
    costs: f64,
    commissions: f64,
    realised: f64,
    day_costs: f64,
    abs_net_dv01_sum: f64,
    carried_dv01_sum: f64,
    dv01_days: usize,
    max_margin: f64,
}

impl<'a> Engine<'a> {
    /// An engine for `market`, its `table` and `config`.
    ///
    /// # Errors
    /// [`BacktestError::TimelineMismatch`] when table and market differ in length,
    /// [`BacktestError::InvalidConfig`] for an invalid value (naming its key),
    /// [`BacktestError::DatesOutOfRange`] when the run's dates miss the market,
    /// [`BacktestError::FxGap`] / [`BacktestError::Market`] for an unusable FX series.
    pub fn new(
        market: &'a Market,
        table: &'a PriceTable,
        config: &'a BacktestConfig,
    ) -> Result<Self, BacktestError> {
        if table.dates().len() != market.len() {
            return Err(BacktestError::TimelineMismatch {
                table: table.dates().len(),
                market: market.len(),
            });
        }
        validate(config)?;
        let dates = market.dates();
        let (first, last) = (dates[0], dates[dates.len() - 1]);
        let start = config.start.unwrap_or(first);
        let end = config.end.unwrap_or(last);
        let out_of_range = || BacktestError::DatesOutOfRange {
            start,
            end,
            first,
            last,
        };
        let first_day = market.day_on_or_after(start).ok_or_else(out_of_range)?;
        let last_day = market.day_on_or_before(end).ok_or_else(out_of_range)?;
        if first_day > last_day {
            return Err(out_of_range());
        }
        let mut fx: [Option<Vec<f64>>; 3] = [None, None, None];
        let mut fx_rates: [Option<FxRate>; 3] = [None, None, None];
        let mut fx_default_error: [Option<BacktestError>; 3] = [None, None, None];
        for (&ccy, rate) in &config.fx {
            if ccy != config.base_currency {
                fx[ccy.index()] = Some(fx_path(market, rate, first_day, last_day)?);
                fx_rates[ccy.index()] = Some(rate.clone());
            }
        }
        // Currencies the configuration leaves out: the documented default where the market
        // has its series (e.g. CNY in a USD account at DEXCHUS).
        for ccy in Currency::ALL {
            if ccy == config.base_currency || config.fx.contains_key(&ccy) {
                continue;
            }
            let Some(rate) = super::config::default_fx_rate(config.base_currency, ccy) else {
                continue;
            };
            let (FxRate::Series(name) | FxRate::InverseSeries(name)) = &rate else {
                continue;
            };
            if market.series(name).is_none() {
                continue;
            }
            match fx_path(market, &rate, first_day, last_day) {
                Ok(path) => {
                    fx[ccy.index()] = Some(path);
                    fx_rates[ccy.index()] = Some(rate);
                }
                Err(e) => fx_default_error[ccy.index()] = Some(e),
            }
        }
        let margins = &config.margin;
        let per_root = Root::ALL.map(|root| {
            let margin = if margins.varies(root) {
                Margin::Daily(root.index())
            } else {
                margins
                    .base_rule(root)
                    .map_or(Margin::None, Margin::Constant)
            };
            (config.costs.commission_for(root), margin)
        });
        // The figure in force on every market day, for the roots whose margin changes.
        let margin_days = Root::ALL.map(|root| {
            if !margins.varies(root) {
                return Vec::new();
            }
            let mut changes: Vec<_> = margins.changes.iter().filter(|c| c.root == root).collect();
            changes.sort_by_key(|c| c.from);
            let mut next = 0;
            let mut rule = margins.base_rule(root);
            market
                .dates()
                .iter()
                .map(|&date| {
                    while let Some(c) = changes.get(next).filter(|c| c.from <= date) {
                        rule = c.rule();
                        next += 1;
                    }
                    rule
                })
                .collect()
        });
        Ok(Engine {
            market,
            table,
            config,
            first_day,
            last_day,
            fx,
            fx_rates,
            fx_default_error,
            per_root,
            margin_days,
        })
    }

    /// The market days the configuration covers, inclusive (a run further narrows them to the
    /// days its book can hold something).
    pub fn day_range(&self) -> (usize, usize) {
        (self.first_day, self.last_day)
    }

    /// The configuration.
    pub fn config(&self) -> &BacktestConfig {
        self.config
    }

    /// The FX rate that converts P&L in `currency` into the base currency: the configured
    /// one, else the default of [`super::default_fx_rate`] when the market has its series;
    /// `None` for the base currency and for a currency without either.
    pub fn fx_rate(&self, currency: Currency) -> Option<&FxRate> {
        self.fx_rates[currency.index()].as_ref()
    }

    fn held(&self, id: Option<InstrumentId>) -> Option<Held<'a>> {
        let id = id?;
        let info = self.table.instrument(id);
        let (margin, commission, tick) = match &info.kind {
            InstrumentKind::Future(code) => {
                let (commission, margin) = self.per_root[code.root().index()];
                (margin, commission, TickRule::Root(code.spec()))
            }
            _ => (
                Margin::None,
                self.config.costs.series_commission,
                info.series_tick.map_or(TickRule::None, TickRule::Fixed),
            ),
        };
        Some(Held {
            id,
            cols: self.table.columns(id),
            point_value: info.point_value,
            has_dv01: info.has_dv01,
            commission,
            tick,
            margin,
        })
    }

    /// Runs `strategy` on `book`.
    ///
    /// # Errors
    /// [`BacktestError::MissingFx`] for a leg in a currency without an FX rate,
    /// [`BacktestError::Strategy`] when the strategy cannot prepare,
    /// [`BacktestError::NoPrice`] when a held contract has no price and nothing to roll into;
    /// [`BacktestError::Identity`] if the run's accounting identities do not hold
    /// ([`RunResult::check_identities`], checked on every run).
    pub fn run<S: Strategy>(&self, book: &Book, strategy: S) -> Result<RunResult, BacktestError> {
        self.run_with(book, strategy, None)
    }

    /// Runs `strategy` on `book` keeping the ledger and the blotter whatever the configuration
    /// says (e.g. to look closer at the best run of a sweep). The summary is the same as
    /// [`Engine::run`]'s.
    ///
    /// # Errors
    /// As [`Engine::run`].
    pub fn run_recorded<S: Strategy>(
        &self,
        book: &Book,
        strategy: S,
    ) -> Result<RunResult, BacktestError> {
        self.run_with(book, strategy, Some(true))
    }

    fn run_with<S: Strategy>(
        &self,
        book: &Book,
        mut strategy: S,
        record: Option<bool>,
    ) -> Result<RunResult, BacktestError> {
        let table = self.table;
        let base = self.config.base_currency;
        let mut legs: Vec<Leg<'_>> = Vec::with_capacity(book.legs().len());
        let mut leg_currencies = Vec::with_capacity(book.legs().len());
        for leg in book.legs() {
            // The first instrument the leg holds (at the start of its span) names its currency.
            let ccy = leg
                .span()
                .and_then(|(first, _)| leg.schedule()[first])
                .map_or(base, |id| table.instrument(id).currency);
            leg_currencies.push(ccy);
            let fx = if ccy == base {
                None
            } else {
                Some(self.fx[ccy.index()].as_deref().ok_or_else(|| {
                    if let Some(e) = &self.fx_default_error[ccy.index()] {
                        return e.clone();
                    }
                    BacktestError::MissingFx {
                        leg: leg.label().to_owned(),
                        currency: ccy,
                        base,
                    }
                })?)
            };
            legs.push(Leg {
                ratio: leg.ratio(),
                currency: ccy,
                fx,
                held: None,
                contracts: 0,
                mark: 0.0,
                cost_qty: 0,
                avg_price: 0.0,
                realised: 0.0,
            });
        }
        // The run covers the configured days within the span on which every leg of the book can
        // hold something (a TU/TY book on a market that also carries 1962-2026 series runs over
        // the years both contracts trade), so that statistics are not diluted by days on which
        // the spread could not exist.
        // A spread trades only when all its legs can: the intersection of the legs' spans.
        let (mut first_day, mut last_day) = (0, usize::MAX);
        for leg in book.legs() {
            let (a, b) = leg.span().unwrap_or((usize::MAX, 0));
            first_day = first_day.max(a);
            last_day = last_day.min(b);
        }
        let first_day = first_day.max(self.first_day);
        let last_day = last_day.min(self.last_day);
        if first_day > last_day {
            let dates = self.market.dates();
            return Err(BacktestError::NothingToHold {
                book: book.label().to_owned(),
                start: dates[self.first_day],
                end: dates[self.last_day],
            });
        }
        strategy.prepare(&RunContext {
            market: self.market,
            table,
            book,
            first_day,
            last_day,
        })?;

        let n_legs = legs.len();
        let n_days = last_day - first_day + 1;
        let record = record.unwrap_or(self.config.record);
        let mut run = Run {
            legs,
            view: vec![LegState::default(); n_legs],
            leg_pnl: vec![0.0; n_legs],
            desired: vec![0; n_legs],
            ratios: vec![0.0; n_legs],
            stats: RunStats::default(),
            acc: Counters::default(),
            units: 0.0,
            ledger: Vec::with_capacity(if record { n_days } else { 0 }),
            scratch: Vec::with_capacity(if record { 0 } else { n_days }),
            exposure_scratch: ExposureScratch::default(),
            trades: Vec::with_capacity(if record { 64 } else { 0 }),
            record,
        };
        let mut pending: Option<Target> = None;
        let mut d = first_day;
        while d <= last_day {
            self.full_day(book, &mut run, &mut strategy, &mut pending, d)?;
            // Quiet stretch: nothing can happen before `stop` but marking to market.
            if !record && pending.is_none() {
                let mut stop = strategy.quiet_until(d).min(last_day + 1);
                for (leg, sched) in run.legs.iter().zip(book.legs()) {
                    let held = leg.held.as_ref().map(|h| h.id);
                    stop = if sched.schedule()[d] == held {
                        stop.min(sched.next_change(d))
                    } else {
                        d + 1
                    };
                    // A held contract's last day is a full day (it may have to be closed).
                    if let Some(h) = leg.held.as_ref().filter(|_| leg.contracts != 0) {
                        stop = stop.min(h.last_day());
                    }
                }
                if stop > d + 1 {
                    self.quiet_days(&mut run, d + 1, stop)?;
                    d = stop;
                    continue;
                }
            }
            d += 1;
        }

        let open = run.legs.iter().any(|l| l.contracts != 0);
        let unrealised: f64 = run
            .legs
            .iter()
            .map(|l| unrealised(l) * l.fx(last_day))
            .sum();
        let summary = self.summary(
            &run.stats,
            &run.acc,
            open,
            (first_day, last_day),
            unrealised,
        );
        let result = RunResult {
            book: book.label().to_owned(),
            base_currency: base,
            leg_currencies,
            summary,
            ledger: run.ledger,
            trades: run.trades,
        };
        // Built-in accounting check: a broken identity is a bug, reported rather than hidden.
        result.check_identities()?;
        Ok(result)
    }

    /// Days `from..to` with constant positions and contracts: mark to market and statistics,
    /// with the same arithmetic in the same order as [`Engine::full_day`].
    ///
    /// Each leg adds its column into per-day scratch arrays (P&L, net/long/short DV01,
    /// margin) in leg order, starting from 0.0 — exactly the sums `full_day` forms day by
    /// day — and the statistics then take the days in order. The loops are specialised on
    /// whether the leg converts through an FX path, so that none of them branches per day on
    /// anything but the data.
    fn quiet_days(&self, run: &mut Run<'a>, from: usize, to: usize) -> Result<(), BacktestError> {
        if run.legs.iter().all(|l| l.contracts == 0) {
            run.stats.push_zeros(to - from);
            return Ok(());
        }
        let m = to - from;
        let Run {
            legs,
            scratch: pnl,
            exposure_scratch: ex,
            stats,
            acc,
            ..
        } = run;
        pnl.clear();
        pnl.resize(m, 0.0);
        let mut has_exposure = false;
        for leg in legs.iter_mut().filter(|l| l.contracts != 0) {
            let h = leg
                .held
                .as_ref()
                .expect("a leg with contracts holds an instrument");
            let Some(prices) = from
                .checked_sub(h.cols.first_day)
                .and_then(|i| h.cols.price.get(i..i + m))
            else {
                let d = (h.last_day() + 1).max(from);
                return Err(self.no_price_id(h.id, d));
            };
            // The day's P&L in the base currency, `q × (P_d − P_{d−1}) × pv × fx_d`, added to the
            // other legs' in leg order (`x × 1.0 = x`: a base-currency leg skips the product).
            let (q, pv) = (leg.contracts as f64, h.point_value);
            let mut prev = leg.mark;
            match leg.fx {
                None => {
                    for (out, &p) in pnl.iter_mut().zip(prices) {
                        *out += q * (p - prev) * pv;
                        prev = p;
                    }
                }
                Some(fx) => {
                    for ((out, &p), &f) in pnl.iter_mut().zip(prices).zip(&fx[from..to]) {
                        *out += q * (p - prev) * pv * f;
                        prev = p;
                    }
                }
            }
            leg.mark = prev;
            has_exposure |= h.has_exposure();
        }
        // A local copy keeps the accumulator in registers across the loop.
        let mut st = *stats;
        for &x in pnl.iter() {
            st.push(x);
        }
        *stats = st;
        if has_exposure {
            self.quiet_exposure(legs, ex, acc, from, to);
        }
        Ok(())
    }

    /// The DV01 and margin statistics of a quiet stretch: per leg into the scratch columns,
    /// then per day — the same sums in the same (leg) order as [`Engine::exposure`], so the
    /// results equal the day-by-day path's.
    fn quiet_exposure(
        &self,
        legs: &[Leg<'a>],
        ex: &mut ExposureScratch,
        acc: &mut Counters,
        from: usize,
        to: usize,
    ) {
        let m = to - from;
        for col in [&mut ex.net, &mut ex.long, &mut ex.short, &mut ex.margin] {
            col.clear();
            col.resize(m, 0.0);
        }
        for leg in legs {
            let Some(h) = leg
                .held
                .as_ref()
                .filter(|h| leg.contracts != 0 && h.has_exposure())
            else {
                continue;
            };
            let i0 = from - h.cols.first_day;
            let (dv01, prices) = (&h.cols.dv01[i0..i0 + m], &h.cols.price[i0..i0 + m]);
            let fx = leg.fx.map(|f| &f[from..to]);
            let (q, c, pv) = (leg.contracts as f64, leg.contracts, h.point_value);
            // The branches on the contract's kind are taken once per leg, not per day.
            if h.has_dv01 {
                let cols = ex
                    .net
                    .iter_mut()
                    .zip(ex.long.iter_mut())
                    .zip(ex.short.iter_mut());
                let add = |((net, long), short): ((&mut f64, &mut f64), &mut f64), x: f64| {
                    *net += x;
                    if x > 0.0 {
                        *long += x;
                    } else {
                        *short -= x;
                    }
                };
                match fx {
                    None => {
                        for (e, dv) in cols.zip(dv01) {
                            if let Some(dv) = dv {
                                add(e, q * dv);
                            }
                        }
                    }
                    Some(fx) => {
                        for ((e, dv), &f) in cols.zip(dv01).zip(fx) {
                            if let Some(dv) = dv {
                                add(e, q * dv * f);
                            }
                        }
                    }
                }
            }
            match (h.margin, fx) {
                (Margin::None, _) => {}
                (Margin::Constant(MarginRule::PerContract(a)), None) => {
                    let amount = margin_amount(Some(MarginRule::PerContract(a)), c, 0.0, pv);
                    for e in ex.margin.iter_mut() {
                        *e += amount;
                    }
                }
                (Margin::Constant(rule), _) => {
                    for (j, (e, &p)) in ex.margin.iter_mut().zip(prices).enumerate() {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(Some(rule), c, p, pv) * f;
                    }
                }
                (Margin::Daily(root), _) => {
                    let rules = &self.margin_days[root][from..to];
                    for (j, ((e, &p), &rule)) in
                        ex.margin.iter_mut().zip(prices).zip(rules).enumerate()
                    {
                        let f = fx.map_or(1.0, |fx| fx[j]);
                        *e += margin_amount(rule, c, p, pv) * f;
                    }
                }
            }
        }
        let mut a = *acc;
        for (((&net, &long), &short), &margin) in
            ex.net.iter().zip(&ex.long).zip(&ex.short).zip(&ex.margin)
        {
            a.track_exposure(&Exposure {
                net_dv01: net,
                carried_dv01: f64::max(long, short),
                margin,
            });
        }
        *acc = a;
    }

    /// One day with every step of the loop.
    fn full_day<S: Strategy>(
        &self,
        book: &Book,
        run: &mut Run<'a>,
        strategy: &mut S,
        pending: &mut Option<Target>,
        d: usize,
    ) -> Result<(), BacktestError> {
        // 1. Mark to market.
        let mut roll_needed = false;
        for (i, (leg, sched)) in run.legs.iter_mut().zip(book.legs()).enumerate() {
            let sched = sched.schedule()[d];
            let mut pnl = 0.0;
            if leg.contracts != 0 {
                let h = leg
                    .held
                    .as_ref()
                    .expect("a leg with contracts holds an instrument");
                let price = h.price(d).ok_or_else(|| self.no_price(book, i, h.id, d))?;
                pnl = leg.contracts as f64 * (price - leg.mark) * h.point_value;
                leg.mark = price;
                roll_needed |= sched != Some(h.id) || self.ends_before_history(h, d);
            } else {
                // Flat: follow the schedule and keep the mark current for the next entry.
                if leg.held.as_ref().map(|h| h.id) != sched {
                    leg.held = self.held(sched);
                }
                if let Some(price) = leg.held.as_ref().and_then(|h| h.price(d)) {
                    leg.mark = price;
                }
            }
            run.leg_pnl[i] = pnl;
        }

        // 2. Rolls (and closes at expiry).
        if roll_needed {
            self.roll(book, run, d);
        }

        // 3. Strategy.
        let mut tradable = true;
        for ((view, leg), sched) in run.view.iter_mut().zip(&run.legs).zip(book.legs()) {
            let held = leg.held.as_ref().map(|h| h.id);
            tradable &= held.is_some()
                && held == sched.schedule()[d]
                && leg.held.as_ref().is_some_and(|h| h.traded(d));
            *view = LegState {
                instrument: held,
                contracts: leg.contracts,
            };
        }
        let view = DayView {
            day: d,
            date: self.market.dates()[d],
            units: run.units,
            legs: &run.view,
            tradable,
            market: self.market,
            table: self.table,
        };
        let target = match strategy.on_day(&view) {
            Target::Keep => pending.take(),
            t => Some(t),
        };

        // 4. Orders and fills.
        if let Some(t) = target {
            if !tradable {
                *pending = Some(t);
            } else if let Some(units) = self.units_for(t, run, d) {
                run.units = units;
                self.size(run, d, units);
                let mut changed = false;
                for i in 0..run.legs.len() {
                    let q = run.desired[i] - run.legs[i].contracts;
                    if q != 0 {
                        changed = true;
                        let cost = self.fill(run, i, None, q, d, TradeReason::Target);
                        run.leg_pnl[i] -= cost;
                        run.legs[i].contracts = run.desired[i];
                    }
                }
                run.acc.position_changes += usize::from(changed);
            }
        }

        // 5. Accounting.
        let mut pnl_base = 0.0;
        for (leg, &pnl) in run.legs.iter().zip(&run.leg_pnl) {
            pnl_base += pnl * leg.fx(d);
        }
        let e = self.exposure(&run.legs, d);
        run.stats.push(pnl_base);
        run.acc.track_exposure(&e);
        let costs = std::mem::take(&mut run.acc.day_costs);
        if run.record {
            let row = self.ledger_day(run, d, pnl_base, costs, e.net_dv01, e.margin);
            run.ledger.push(row);
        }
        Ok(())
    }

    fn no_price(&self, book: &Book, leg: usize, held: InstrumentId, d: usize) -> BacktestError {
        BacktestError::NoPrice {
            leg: book.legs()[leg].label().to_owned(),
            instrument: self.table.instrument(held).name.clone(),
            date: self.market.dates()[d],
        }
    }

    fn no_price_id(&self, held: InstrumentId, d: usize) -> BacktestError {
        BacktestError::NoPrice {
            leg: self.table.instrument(held).name.clone(),
            instrument: self.table.instrument(held).name.clone(),
            date: self.market.dates()[d],
        }
    }

    /// Moves every leg whose schedule changed — or whose contract ends today — into its next
    /// contract with the same number of contracts; under DV01 weighting the whole book is then
    /// re-sized from the new contracts' DV01s. A contract ending today with nothing to roll into
    /// is closed.
    fn roll(&self, book: &Book, run: &mut Run<'a>, d: usize) {
        let mut moved = false;
        for i in 0..run.legs.len() {
            let leg = run.legs[i];
            let Some(old) = leg.held else { continue };
            if leg.contracts == 0 {
                continue;
            }
            let schedule = book.legs()[i].schedule();
            let expiring = self.ends_before_history(&old, d);
            let successor = if schedule[d] != Some(old.id) {
                schedule[d]
            } else if expiring {
                schedule
                    .get(d + 1)
                    .copied()
                    .flatten()
                    .filter(|&s| s != old.id)
            } else {
                continue;
            };
            match self.held(successor) {
                Some(new) if new.traded(d) && old.traded(d) => {
                    let cost_out =
                        self.fill(run, i, Some(&old), -leg.contracts, d, TradeReason::Roll);
                    let cost_in =
                        self.fill(run, i, Some(&new), leg.contracts, d, TradeReason::Roll);
                    run.leg_pnl[i] -= cost_out + cost_in;
                    let l = &mut run.legs[i];
                    l.held = Some(new);
                    l.mark = new.price(d).expect("a traded contract has a price");
                    moved = true;
                }
                new if expiring => {
                    // Expiring with nothing to roll into today: close at the last price.
                    let cost =
                        self.fill(run, i, Some(&old), -leg.contracts, d, TradeReason::Expiry);
                    run.leg_pnl[i] -= cost;
                    let l = &mut run.legs[i];
                    l.contracts = 0;
                    l.held = new;
                    if let Some(price) = new.and_then(|h| h.price(d)) {
                        l.mark = price;
                    }
                }
                _ => {} // wait for a day when both contracts trade
            }
        }
        if !(moved && self.config.weighting == Weighting::Dv01Neutral && run.units != 0.0) {
            return;
        }
        if !self.solve_ratios(run, d) {
            return; // DV01s missing: keep the rolled sizes (the ledger shows the net DV01)
        }
        let units = run.units;
        for i in 0..run.legs.len() {
            let desired = round_half_away(units * run.ratios[i]);
            let leg = &run.legs[i];
            let q = desired - leg.contracts;
            if q == 0 {
                continue;
            }
            if leg.held.as_ref().is_some_and(|h| h.traded(d)) {
                let cost = self.fill(run, i, None, q, d, TradeReason::Roll);
                run.leg_pnl[i] -= cost;
                run.legs[i].contracts = desired;
            }
        }
    }

    /// Whether `h`'s last quote is on day `d` while the market history goes on: the contract
    /// expires today. (An instrument quoted until the end of the history has not expired.)
    #[inline]
    fn ends_before_history(&self, h: &Held<'_>, d: usize) -> bool {
        h.last_day() == d && d + 1 < self.market.len()
    }

    /// The spread units a target asks for, or `None` to leave the book as it is.
    fn units_for(&self, t: Target, run: &mut Run<'a>, d: usize) -> Option<f64> {
        match t {
            Target::Flat => Some(0.0),
            Target::Units(u) => Some(u),
            Target::Dv01(per_bp) => {
                if !self.solve_ratios(run, d) {
                    return None;
                }
                let (mut long, mut short) = (0.0, 0.0);
                for (i, leg) in run.legs.iter().enumerate() {
                    let dv = leg.held.as_ref()?.dv01(d)? * leg.fx(d);
                    let r = run.ratios[i];
                    if r > 0.0 {
                        long += r * dv;
                    } else {
                        short -= r * dv;
                    }
                }
                let per_unit = f64::max(long, short);
                (per_unit.is_finite() && per_unit > 0.0).then(|| per_bp / per_unit)
            }
            _ => None,
        }
    }

    /// Today's ratios into `run.ratios`: as written, or — under DV01 weighting — with the short
    /// legs scaled jointly so that their DV01 equals the long legs' (the long side keeps its
    /// ratios). Returns `false` when a DV01 needed is missing or a side has none; the ratios are
    /// then as written.
    fn solve_ratios(&self, run: &mut Run<'a>, d: usize) -> bool {
        for (o, l) in run.ratios.iter_mut().zip(&run.legs) {
            *o = l.ratio;
        }
        let (mut long, mut short) = (0.0, 0.0);
        for l in &run.legs {
            let Some(dv) = l.held.as_ref().and_then(|h| h.dv01(d)) else {
                return false;
            };
            let dv = dv * l.fx(d);
            if l.ratio > 0.0 {
                long += l.ratio * dv;
            } else {
                short -= l.ratio * dv;
            }
        }
        if self.config.weighting == Weighting::Dv01Neutral && run.legs.len() > 1 {
            if !(long > 0.0 && short > 0.0) {
                return false;
            }
            let scale = long / short;
            for (o, l) in run.ratios.iter_mut().zip(&run.legs) {
                if l.ratio < 0.0 {
                    *o = l.ratio * scale;
                }
            }
        }
        true
    }

    /// Whole contracts per leg for `units` into `run.desired`.
    fn size(&self, run: &mut Run<'a>, d: usize, units: f64) {
        if self.config.weighting == Weighting::Dv01Neutral {
            // Without DV01s the ratios stay as written (the ledger shows the net DV01).
            let _ = self.solve_ratios(run, d);
        } else {
            for (o, l) in run.ratios.iter_mut().zip(&run.legs) {
                *o = l.ratio;
            }
        }
        for (o, r) in run.desired.iter_mut().zip(&run.ratios) {
            *o = round_half_away(units * r);
        }
    }

    /// Fills `qty` of leg `leg`'s contract on day `d` — the contract it holds, or `other` (the
    /// other side of a roll) — and returns the cost (commission + slippage) in the contract's
    /// currency.
    fn fill(
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
        let h = other
            .or(l.held.as_ref())
            .expect("a leg that trades holds (or rolls into) a contract");
        let (id, point_value) = (h.id, h.point_value);
        let price = h.price(d).expect("fills happen only on days with a price");
        let slippage_ticks = self.config.costs.slippage_ticks;
        let slip = match h.tick {
            TickRule::None => 0.0,
            TickRule::Fixed(t) => slippage_ticks * t,
            TickRule::Root(spec) => slippage_ticks * spec.tick_size(self.market.dates()[d]),
        };
        let abs_q = qty.unsigned_abs() as f64;
        let commission = abs_q * h.commission;
        let slippage = abs_q * slip * point_value;
        let cost = commission + slippage;
        let fx = l.fx(d);
        let fill_price = price + slip * qty.signum() as f64;
        let realised = apply_fill(&mut legs[leg], qty, fill_price, point_value);
        acc.day_costs += cost * fx;
        acc.costs += cost * fx;
        acc.commissions += commission * fx;
        acc.realised += realised * fx;
        acc.trades += 1;
        acc.contracts += qty.abs();
        if *record {
            let info = self.table.instrument(id);
            trades.push(Trade {
                date: self.market.dates()[d],
                leg,
                instrument: info.name.clone(),
                quantity: qty,
                market_price: price,
                fill_price,
                commission,
                slippage,
                currency: info.currency,
                reason,
            });
        }
        cost
    }

    fn ledger_day(
        &self,
        run: &Run<'a>,
        d: usize,
        pnl: f64,
        costs: f64,
        dv01: f64,
        margin: f64,
    ) -> LedgerDay {
        let mut pnl_ccy = CurrencyAmounts::default();
        for (l, &p) in run.legs.iter().zip(&run.leg_pnl) {
            pnl_ccy.add(l.currency, p);
        }
        let mut cash = run
            .ledger
            .last()
            .map_or_else(CurrencyAmounts::default, |l| l.cash_by_currency);
        for (c, v) in pnl_ccy.iter() {
            cash.add(c, v);
        }
        let legs = run
            .legs
            .iter()
            .zip(&run.leg_pnl)
            .map(|(l, &pnl)| LegDay {
                avg_price: (l.cost_qty != 0).then_some(l.avg_price),
                realised: l.realised,
                unrealised: unrealised(l),
                instrument: l
                    .held
                    .as_ref()
                    .map(|h| self.table.instrument(h.id).name.clone()),
                contracts: l.contracts,
                price: l.held.as_ref().and_then(|h| h.price(d)),
                pnl,
                dv01: l
                    .held
                    .and_then(|h| h.dv01(d))
                    .map(|dv| dv * l.contracts as f64),
            })
            .collect();
        LedgerDay {
            date: self.market.dates()[d],
            pnl,
            pnl_by_currency: pnl_ccy,
            cash_by_currency: cash,
            costs,
            equity: self.config.capital + run.stats.cum,
            realised: run.acc.realised,
            unrealised: run.legs.iter().map(|l| unrealised(l) * l.fx(d)).sum(),
            dv01,
            margin,
            legs,
        }
    }

    fn summary(
        &self,
        s: &RunStats,
        acc: &Counters,
        open_at_end: bool,
        (first_day, last_day): (usize, usize),
        unrealised_pnl: f64,
    ) -> RunSummary {
        let dates = self.market.dates();
        let ann = self.config.annualization;
        let n = s.n as f64;
        let mean = s.mean().unwrap_or(0.0);
        let sd = s.variance().unwrap_or(0.0).sqrt();
        let positive = |x: f64| (x.is_finite() && x > 0.0).then_some(x);
        let ratio = |num: f64, den: f64| positive(den).map(|d| num / d).filter(|r| r.is_finite());
        let downside = (s.downside_sq / n).sqrt();
        let sample_sd =
            (s.n > 1).then(|| ((s.sum_sq - n * mean * mean) / (n - 1.0)).max(0.0).sqrt());
        let annualised = ann.annualize_mean(mean);
        let per_day = |sum: f64| (acc.dv01_days > 0).then(|| sum / acc.dv01_days as f64);
        let mean_dv01_carried = per_day(acc.carried_dv01_sum);
        RunSummary {
            start: dates[first_day],
            end: dates[last_day],
            days: s.n,
            total_pnl: s.sum(),
            final_equity: self.config.capital + s.sum(),
            annualised_pnl: annualised,
            volatility: positive(sd).map(|sd| ann.annualize_volatility(sd)),
            sharpe: ratio(mean, sd).map(|r| ann.annualize_sharpe(r)),
            sortino: ratio(mean, downside).map(|r| ann.annualize_sharpe(r)),
            max_drawdown: s.max_dd,
            max_drawdown_days: s.max_under_water,
            calmar: ratio(annualised, s.max_dd),
            hit_rate: (s.nonzero_days > 0).then(|| s.up_days as f64 / s.nonzero_days as f64),
            profit_factor: ratio(s.gains, s.losses()),
            t_stat: sample_sd.and_then(|sd| ratio(mean * n.sqrt(), sd)),
            trades: acc.trades,
            position_changes: acc.position_changes,
            contracts_traded: acc.contracts,
            costs: acc.costs,
            commissions: acc.commissions,
            realised_pnl: acc.realised,
            unrealised_pnl,
            turnover_per_year: (s.n > 0)
                .then(|| acc.contracts as f64 * ann.periods_per_year() / s.n as f64),
            mean_dv01_carried,
            mean_abs_net_dv01: per_day(acc.abs_net_dv01_sum),
            pnl_per_bp: mean_dv01_carried.and_then(|dv| ratio(s.sum(), dv)),
            max_margin: acc.max_margin,
            open_at_end,
        }
    }
}

/// The mutable state of one run.
struct Run<'a> {
    legs: Vec<Leg<'a>>,
    view: Vec<LegState>,
    leg_pnl: Vec<f64>,
    desired: Vec<i64>,
    ratios: Vec<f64>,
    stats: RunStats,
    acc: Counters,
    units: f64,
    ledger: Vec<LedgerDay>,
    trades: Vec<Trade>,
    // Per-day P&L of a quiet stretch (sized to the run when no ledger is kept).
    scratch: Vec<f64>,
    // Per-day net DV01, long DV01, short DV01 and margin of a quiet stretch.
    exposure_scratch: ExposureScratch,
    // Keep the ledger and the blotter.
    record: bool,
}

/// Per-day exposure columns of a quiet stretch, reused across stretches.
#[derive(Default)]
struct ExposureScratch {
    net: Vec<f64>,
    long: Vec<f64>,
    short: Vec<f64>,
    margin: Vec<f64>,
}

impl Counters {
    #[inline(always)]
    fn track_exposure(&mut self, e: &Exposure) {
        // Days without DV01 add exactly 0.0 to the sums and are not counted.
        self.abs_net_dv01_sum += e.net_dv01.abs();
        self.carried_dv01_sum += e.carried_dv01;
        self.dv01_days += usize::from(e.carried_dv01 != 0.0);
        self.max_margin = if e.margin > self.max_margin {
            e.margin
        } else {
            self.max_margin
        };
    }
}

/// The book's risk at a close, base currency.
#[derive(Debug, Clone, Copy, Default)]
struct Exposure {
    /// Σ contracts × DV01 × fx over the legs.
    net_dv01: f64,
    /// The DV01 carried: the larger of the long side's and the short side's DV01 (for a
    /// DV01-neutral spread, the DV01 of one side: the P&L per bp of spread move).
    carried_dv01: f64,
    /// Initial margin.
    margin: f64,
}

impl Engine<'_> {
    /// The book's exposure on day `d` (legs without a DV01 or a margin figure count 0).
    #[inline]
    fn exposure(&self, legs: &[Leg<'_>], d: usize) -> Exposure {
        let (mut net, mut long, mut short, mut margin) = (0.0, 0.0, 0.0, 0.0);
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
                net += x;
                if x > 0.0 {
                    long += x;
                } else {
                    short -= x;
                }
            }
            if let Some(price) = h.price(d) {
                margin += self.margin_of(h, d, leg.contracts, price) * fx;
            }
        }
        Exposure {
            net_dv01: net,
            carried_dv01: f64::max(long, short),
            margin,
        }
    }

    /// The initial margin of `contracts` of `h` at `price` on day `d`, in its currency (0 where
    /// no figure is configured).
    #[inline(always)]
    fn margin_of(&self, h: &Held<'_>, d: usize, contracts: i64, price: f64) -> f64 {
        let rule = match h.margin {
            Margin::None => None,
            Margin::Constant(rule) => Some(rule),
            Margin::Daily(root) => self.margin_days[root][d],
        };
        margin_amount(rule, contracts, price, h.point_value)
    }
}

/// The initial margin of `contracts` at `price` under `rule` (0 without one).
#[inline(always)]
fn margin_amount(rule: Option<MarginRule>, contracts: i64, price: f64, point_value: f64) -> f64 {
    rule.map_or(0.0, |r| {
        contracts.unsigned_abs() as f64 * r.per_contract_at(price, point_value)
    })
}

/// A leg's open P&L at its mark against its average cost, in its currency.
fn unrealised(l: &Leg<'_>) -> f64 {
    match &l.held {
        Some(h) if l.cost_qty != 0 => l.cost_qty as f64 * (l.mark - l.avg_price) * h.point_value,
        _ => 0.0,
    }
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
fn apply_fill(l: &mut Leg<'_>, q: i64, fill: f64, point_value: f64) -> f64 {
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
        realised = closed * (fill - l.avg_price) * q0.signum() as f64 * point_value;
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

/// Rounds to the nearest whole number of contracts, halves away from zero (the engine's
/// documented sizing rule), without a libm call. Sizes beyond ±2^52 contracts saturate.
#[inline(always)]
fn round_half_away(x: f64) -> i64 {
    let t = x as i64; // truncates toward zero (saturating)
    let frac = x - t as f64;
    if frac >= 0.5 {
        t + 1
    } else if frac <= -0.5 {
        t - 1
    } else {
        t
    }
}

fn validate(c: &BacktestConfig) -> Result<(), BacktestError> {
    let bad = |key: &str, reason: String| BacktestError::InvalidConfig {
        key: key.to_owned(),
        reason,
    };
    let non_negative = |key: &str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(())
        } else {
            Err(bad(
                key,
                format!("expected a finite number >= 0, found {v}"),
            ))
        }
    };
    if !(c.capital.is_finite() && c.capital > 0.0) {
        return Err(bad(
            "capital",
            format!("expected a finite amount > 0, found {}", c.capital),
        ));
    }
    non_negative("costs.slippage_ticks", c.costs.slippage_ticks)?;
    non_negative("costs.series_commission", c.costs.series_commission)?;
    for (ccy, v) in &c.costs.commission_per_contract {
        non_negative(&format!("costs.commission_per_contract.{ccy}"), *v)?;
    }
    for (root, v) in &c.costs.commission_by_root {
        non_negative(&format!("costs.commission_by_root.{root}"), *v)?;
    }
    for (root, v) in &c.margin.per_contract {
        non_negative(&format!("margin.per_contract.{root}"), *v)?;
    }
    for (root, v) in &c.margin.fraction_of_notional {
        non_negative(&format!("margin.fraction_of_notional.{root}"), *v)?;
    }
    for (i, change) in c.margin.changes.iter().enumerate() {
        let key = format!("margin.changes[{i}]");
        match change.rule() {
            Some(MarginRule::PerContract(v)) => non_negative(&format!("{key}.per_contract"), v)?,
            Some(MarginRule::FractionOfNotional(v)) => {
                non_negative(&format!("{key}.fraction_of_notional"), v)?;
            }
            None => {
                return Err(bad(
                    &key,
                    "expected exactly one of per_contract and fraction_of_notional".to_owned(),
                ));
            }
        }
        if let Some(j) = c.margin.changes[..i]
            .iter()
            .position(|o| o.root == change.root && o.from == change.from)
        {
            return Err(bad(
                &format!("{key}.from"),
                format!(
                    "expected one change per root and date, found a second {} change on {} (the first is margin.changes[{j}])",
                    change.root, change.from
                ),
            ));
        }
    }
    if let (Some(s), Some(e)) = (c.start, c.end)
        && e < s
    {
        return Err(bad(
            "end",
            format!("expected a date on or after start {s}, found {e}"),
        ));
    }
    for (ccy, rate) in &c.fx {
        if let FxRate::Constant(r) = rate
            && !(r.is_finite() && *r > 0.0)
        {
            return Err(bad(
                &format!("fx.{ccy}"),
                format!("expected a finite rate > 0, found {r}"),
            ));
        }
    }
    Ok(())
}

/// The base-currency value of one foreign unit on every market day.
///
/// # Conventions
/// An FX series is carried forward over days it did not publish (the ECB, for instance, fixes
/// only on TARGET days) for at most [`super::MAX_FX_STALENESS_DAYS`] calendar days; a day of
/// the run (`first_day..=last_day`) before its first observation, or further from the last
/// one, is an error, never a guess.
fn fx_path(
    market: &Market,
    rate: &FxRate,
    first_day: usize,
    last_day: usize,
) -> Result<Vec<f64>, BacktestError> {
    let n = market.len();
    match rate {
        FxRate::Constant(r) => Ok(vec![*r; n]),
        FxRate::Series(name) | FxRate::InverseSeries(name) => {
            let invert = matches!(rate, FxRate::InverseSeries(_));
            let series = market.series(name).ok_or_else(|| {
                crate::market::MarketError::UnknownInstrument { name: name.clone() }
            })?;
            let mut out = vec![0.0; n];
            let mut last: Option<f64> = None;
            let mut last_date: Option<chrono::NaiveDate> = None;
            let dates = market.dates();
            for (d, o) in out.iter_mut().enumerate() {
                if let Some(v) = series[d].filter(|v| v.is_finite() && *v > 0.0) {
                    last = Some(if invert { 1.0 / v } else { v });
                    last_date = Some(dates[d]);
                }
                if let Some(seen) = last_date
                    && (first_day..=last_day).contains(&d)
                    && (dates[d] - seen).num_days() > super::MAX_FX_STALENESS_DAYS
                {
                    return Err(BacktestError::FxStale {
                        series: name.clone(),
                        date: dates[d],
                        last: seen,
                        max_days: super::MAX_FX_STALENESS_DAYS,
                    });
                }
                match last {
                    Some(v) => *o = v,
                    None if d >= first_day => {
                        return Err(BacktestError::FxGap {
                            series: name.clone(),
                            date: market.dates()[d],
                        });
                    }
                    None => {}
                }
            }
            Ok(out)
        }
    }
}
