//! [`Engine`]: one deterministic, single-threaded day loop per run.
//!
//! # The day loop
//! For each market day `d` of the run, in this order:
//! 1. **Mark to market** every leg's position at `d`'s price of the contract it holds:
//!    `pnl = contracts × (P_d − P_{d−1}) × point_value` in the leg's currency
//!    ([`kernels::mark_pnl`]).
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
//!    its changes); the ledger row is recorded. The statistics are
//!    [`metrics::RunAccumulator`](crate::metrics::RunAccumulator)'s.
//!
//! # Quiet stretches
//! When the strategy promises ([`Strategy::quiet_until`]) that it will not act before some
//! later day, no target is pending and no leg changes contract, the days in between only need
//! step 1 and the statistics: the engine runs them as a tight loop over the held contracts'
//! price columns ([`quiet`]); with a ledger, the stretch's rows are then appended column by
//! column from the loop's scratch columns (P&L, DV01, margin) and the held contracts' columns.
//! Both paths call the same per-leg kernels ([`kernels`]) in the same order as the full day,
//! so the results (ledger included, bit for bit) are those of calling the strategy every day.
//!
//! Nothing in the loop allocates (the ledger's columns and the blotter are reserved up front),
//! hashes or formats: instruments are dense indices and their columns are resolved when a leg
//! changes contract. A recorded day appends one entry to each column of the
//! [`Ledger`](super::Ledger) that moves day by day; the columns that change only when a leg
//! trades or changes contract (instrument, contracts, cost basis, realised P&L) are written
//! as runs of equal entries when they change and at the end of the run. A leg's instrument
//! name is interned once per contract it holds.

//!
//! # Parts
//! | file | concern |
//! | --- | --- |
//! | `mod.rs` | the engine, the run loop and the full day (steps 1–5 in order) |
//! | [`setup`] | configuration checks, FX paths, commission and margin figures per root |
//! | [`legs`] | held contracts, rolls and expiries, sizing (DV01-neutral through [`crate::instrument`]'s rule) |
//! | [`fills`] | fill prices, costs, cost basis, blotter |
//! | [`margin`] | net and carried DV01, initial margin |
//! | [`accounting`] | counters and the run's summary (statistics from [`crate::metrics`]) |
//! | [`ledger`] | ledger rows and errors naming the leg, contract and day |
//! | [`quiet`] | quiet stretches |
//! | [`kernels`] | the per-leg arithmetic shared by the full day and the quiet stretch |
//! | [`lanes`] | z-score runs of a sweep in lockstep, bit-identical to one run at a time |
//! | [`lanes_book`] | the same for books with several legs, rolls, DV01 weighting and margin |

mod accounting;
mod fills;
mod kernels;
mod lanes;
mod lanes_book;
mod ledger;
mod legs;
mod margin;
mod quiet;
mod setup;

use super::BacktestError;
use super::config::{BacktestConfig, FxRate};
use super::ledger::Ledger;
use super::portfolio::TradeFeed;
use super::result::{RunResult, Trade, TradeReason};
use crate::market::{Book, InstrumentId, Market, PriceTable, TimelineId};
use crate::metrics::RunAccumulator;
use crate::strategy::{DayView, LegState, RunContext, Strategy, Target};
use crate::units::Currency;
use accounting::Counters;
use kernels::mark_pnl;
use legs::Leg;

pub(crate) use lanes::{LANES, LockstepPlan};

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
    per_root: setup::PerRoot,
    // Per root: the figure in force on each market day for a root with margin changes (the
    // ones whose `Margin` is `Daily`), empty for the others.
    margin_days: setup::MarginDays,
    // The fingerprint of the market's dates: a book built on other dates is rejected.
    timeline: TimelineId,
}

/// The mutable state of one run.
struct Run<'a> {
    legs: Vec<Leg<'a>>,
    view: Vec<LegState>,
    leg_pnl: Vec<f64>,
    desired: Vec<i64>,
    ratios: Vec<f64>,
    // Each leg's DV01 per contract in the base currency, while ratios are solved.
    dv01s: Vec<f64>,
    stats: RunAccumulator,
    acc: Counters,
    units: f64,
    ledger: Ledger,
    // Per leg, while recording: the contract it last held and the index of its name in the
    // ledger's names (resolved once per contract, not per leg-day).
    names: Vec<Option<(InstrumentId, u32)>>,
    // While recording: per instrument of the table, the index of its name in the ledger's names
    // (`u32::MAX` for none yet); empty until the first name is needed.
    name_of: Vec<u32>,
    // While recording: the ledger's rows whose instrument, contracts, cost basis and realised
    // P&L are not yet written (written when they change and at the end of the run).
    constant: ledger::ConstantRows,
    // While recording a quiet stretch: each leg's mark before it.
    marks: Vec<f64>,
    trades: Vec<Trade>,
    // Per-day P&L of a quiet stretch (sized to the run when no ledger is kept).
    scratch: Vec<f64>,
    // Per-day net DV01, long DV01, short DV01 and margin of a quiet stretch.
    exposure_scratch: quiet::ExposureScratch,
    // Keep the ledger and the blotter.
    record: bool,
    // A portfolio's feed: while recording, each day goes straight into the trade's days
    // instead of a ledger.
    feed: Option<TradeFeed>,
}

impl<'a> Engine<'a> {
    /// An engine for `market`, its `table` and `config`.
    ///
    /// # Errors
    /// [`BacktestError::TimelineMismatch`] when table and market differ in length,
    /// [`BacktestError::TimelineDates`] when they have as many days but not the same dates,
    /// [`BacktestError::InvalidConfig`] for an invalid value (naming its key),
    /// [`BacktestError::DatesOutOfRange`] when the run's dates miss the market,
    /// [`BacktestError::FxGap`] / [`BacktestError::UnknownFxSeries`] for an unusable FX series.
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
        // Same length is not enough: a table built on another market is rejected by its dates.
        if let Some((day, (&t, &m))) = table
            .dates()
            .iter()
            .zip(market.dates())
            .enumerate()
            .find(|(_, (t, m))| t != m)
        {
            return Err(BacktestError::TimelineDates {
                day,
                table: t,
                market: m,
            });
        }
        let timeline = TimelineId::of(table.dates());
        setup::validate(config)?;
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
                fx[ccy.index()] = Some(setup::fx_path(market, ccy, rate, first_day, last_day)?);
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
            match setup::fx_path(market, ccy, &rate, first_day, last_day) {
                Ok(path) => {
                    fx[ccy.index()] = Some(path);
                    fx_rates[ccy.index()] = Some(rate);
                }
                Err(e) => fx_default_error[ccy.index()] = Some(e),
            }
        }
        let (per_root, margin_days) = setup::per_root(market, config);
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
            timeline,
        })
    }

    /// The FX rate that converts P&L in `currency` into the base currency: the configured
    /// one, else the default of [`super::default_fx_rate`] when the market has its series;
    /// `None` for the base currency and for a currency without either.
    pub fn fx_rate(&self, currency: Currency) -> Option<&FxRate> {
        self.fx_rates[currency.index()].as_ref()
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

    /// Runs `strategy` on `book`.
    ///
    /// # Errors
    /// [`BacktestError::MissingFx`] for a leg in a currency without an FX rate,
    /// [`BacktestError::Prepare`] when the strategy cannot prepare (naming the book),
    /// [`BacktestError::NoPrice`] when a held contract has no price and nothing to roll into;
    /// [`BacktestError::Identity`] if the run's accounting identities do not hold
    /// ([`RunResult::check_identities`], checked on every run).
    pub fn run<S: Strategy>(&self, book: &Book, strategy: S) -> Result<RunResult, BacktestError> {
        self.run_with(book, strategy, None, None).map(|(r, _)| r)
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
        self.run_with(book, strategy, Some(true), None)
            .map(|(r, _)| r)
    }

    /// Runs `strategy` on `book` for a [`Portfolio`](crate::backtest::Portfolio): the blotter,
    /// and each day of the run appended to `feed`'s days as the trade's
    /// [`TradeDay`](crate::backtest::TradeDay) (the figures the portfolio would otherwise read
    /// from the run's ledger, which is not kept), with the trade's carried DV01 and first
    /// position. `feed`'s currency is set to the trade's own currency. The summary is the
    /// same as [`Engine::run`]'s; the ledger's identities are the portfolio's to check on the
    /// trade's days.
    ///
    /// # Errors
    /// As [`Engine::run`].
    pub(crate) fn run_feed<S: Strategy>(
        &self,
        book: &Book,
        strategy: S,
        feed: &mut TradeFeed,
    ) -> Result<RunResult, BacktestError> {
        let (result, back) =
            self.run_with(book, strategy, Some(true), Some(std::mem::take(feed)))?;
        if let Some(back) = back {
            *feed = back;
        }
        Ok(result)
    }

    /// The market days a run of `book` covers, inclusive: the configured days within the span
    /// on which every leg of the book can hold something.
    ///
    /// # Errors
    /// [`BacktestError::BookTimeline`] for a book built on other dates,
    /// [`BacktestError::NothingToHold`] when its legs cannot all hold something on those days.
    pub(crate) fn run_days(&self, book: &Book) -> Result<(usize, usize), BacktestError> {
        if *book.timeline() != self.timeline {
            return Err(BacktestError::BookTimeline {
                book: book.label().to_owned(),
                book_timeline: *book.timeline(),
                engine_timeline: self.timeline,
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
        Ok((first_day, last_day))
    }

    fn run_with<S: Strategy>(
        &self,
        book: &Book,
        mut strategy: S,
        record: Option<bool>,
        mut feed: Option<TradeFeed>,
    ) -> Result<(RunResult, Option<TradeFeed>), BacktestError> {
        let table = self.table;
        if *book.timeline() != self.timeline {
            return Err(BacktestError::BookTimeline {
                book: book.label().to_owned(),
                book_timeline: *book.timeline(),
                engine_timeline: self.timeline,
            });
        }
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
            legs.push(Leg::new(leg.ratio(), ccy, fx));
        }
        if let Some(feed) = feed.as_mut() {
            // The trade's own currency: its legs' when they share one, else the base currency.
            feed.currency = match leg_currencies.split_first() {
                Some((c, rest)) if rest.iter().all(|x| x == c) => *c,
                _ => base,
            };
        }
        let (first_day, last_day) = self.run_days(book)?;
        strategy
            .prepare(&RunContext {
                market: self.market,
                table,
                book,
                first_day,
                last_day,
            })
            .map_err(|error| BacktestError::Prepare {
                book: book.label().to_owned(),
                error,
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
            dv01s: vec![0.0; n_legs],
            stats: RunAccumulator::default(),
            acc: Counters::default(),
            units: 0.0,
            ledger: if record && feed.is_none() {
                Ledger::with_capacity(n_days, n_legs)
            } else {
                Ledger::default()
            },
            names: vec![None; if record { n_legs } else { 0 }],
            name_of: Vec::new(),
            constant: ledger::ConstantRows::default(),
            marks: Vec::with_capacity(n_legs),
            scratch: Vec::with_capacity(if record { 0 } else { n_days }),
            exposure_scratch: quiet::ExposureScratch::default(),
            trades: Vec::with_capacity(if record { 64 } else { 0 }),
            record,
            feed,
        };
        let mut pending: Option<Target> = None;
        let mut d = first_day;
        while d <= last_day {
            self.full_day(book, &mut run, &mut strategy, &mut pending, d)?;
            // Quiet stretch: nothing can happen before `stop` but marking to market.
            if pending.is_none() {
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
                if stop > d + 1 && record {
                    // Recorded: the same tight loops, then the stretch's ledger rows appended
                    // column by column.
                    self.quiet_days_recorded(book, &mut run, d + 1, stop)?;
                    d = stop;
                    continue;
                }
                if stop > d + 1 {
                    self.quiet_days(book, &mut run, d + 1, stop)?;
                    d = stop;
                    continue;
                }
            }
            d += 1;
        }

        run.constant.flush(&mut run.ledger);
        let open = run.legs.iter().any(|l| l.contracts != 0);
        let unrealised: f64 = run
            .legs
            .iter()
            .map(|l| l.unrealised() * l.fx(last_day))
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
        Ok((result, run.feed))
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
        let roll_needed = self.mark(book, run, d)?;

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
                self.check_units(book, d, units)?;
                run.units = units;
                self.size(run, d, units);
                self.check_contracts(book, run, d, units)?;
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
        self.account(run, d)
    }

    /// Step 1 of day `d`: marks every leg to market into `run.leg_pnl`; whether a leg has to
    /// roll (or close at expiry).
    #[inline(always)]
    fn mark(&self, book: &Book, run: &mut Run<'a>, d: usize) -> Result<bool, BacktestError> {
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
                pnl = mark_pnl(leg.contracts as f64, price, leg.mark, h.point_value);
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
        Ok(roll_needed)
    }

    /// Step 5 of day `d`: the day's P&L into the statistics and, when recording, the ledger.
    #[inline(always)]
    fn account(&self, run: &mut Run<'a>, d: usize) -> Result<(), BacktestError> {
        let mut pnl_base = 0.0;
        for (leg, &pnl) in run.legs.iter().zip(&run.leg_pnl) {
            pnl_base += pnl * leg.fx(d);
        }
        let e = self.exposure(&run.legs, d);
        run.stats.push(pnl_base);
        run.acc.track_exposure(&e);
        let costs = std::mem::take(&mut run.acc.day_costs);
        if run.record {
            if run.feed.is_some() {
                self.feed_day(run, d, pnl_base, costs, e.margin);
            } else {
                self.record_day(run, d, pnl_base, costs, e.net_dv01, e.margin)?;
            }
        }
        Ok(())
    }
}
