//! [`Portfolio`]: several books (each a spread with its own strategy, roll rule and sizing) in
//! one account — one base currency, one equity curve, one margin total — with per-trade
//! attribution on every day.
//!
//! Each book runs through the single-book [`Engine`] on the shared market, price table and
//! configuration (so foreign legs are converted day by day at the engine's FX rates, e.g. CNY
//! at DEXCHUS in a USD account). The runs are independent; instead of a daily ledger, the
//! engine writes each day of a trade's run straight into the trade's [`TradeDay`]s (the
//! figures the ledger would have given). A trade keeps only the days of its own run
//! ([`TradeDays`]: flat on the portfolio's other days, which are not stored), and in one pass
//! over them they are added to the portfolio's days, to the identity check's sums and to the
//! correlation's P&L panels.
//!
//! # Formula
//! For trade `t` on market day `d` (P&L in the base currency, `0` outside the trade's run):
//! ```text
//! pnl(d)     = Σ_t pnl_t(d)                  (likewise costs and initial margin)
//! equity(d)  = capital + Σ_{s ≤ d} pnl(s)
//! ρ_ij       = Σ_d (x_i − x̄_i)(x_j − x̄_j) / √(Σ_d (x_i − x̄_i)² · Σ_d (x_j − x̄_j)²)
//! ```
//! with `x_t(d) = pnl_t(d)` over every day of the portfolio (Pearson correlation; `None` when a
//! trade's P&L does not vary). Portfolio statistics are [`RunAccumulator`]'s over `pnl(d)`.
//!
//! # Conventions
//! A trade's own currency is its legs' currency when they share one, else the base currency.
//! DV01 per currency is the net of the legs' DV01 ([`LegColumnsRef::dv01`](super::LegColumnsRef::dv01)) in each
//! leg's currency (per bp). Contracts are `Σ |contracts|` over the legs at the close.
//!
//! # References
//! Pearson correlation: Wilks, *Statistical Methods in the Atmospheric Sciences*, 4th ed.,
//! §3.5.2. Daily sweep of foreign P&L into the base currency: see
//! [`LedgerDay::cash_by_currency`](super::LedgerDay::cash_by_currency).
//!
//! # Errors
//! [`PortfolioError`]: engine errors name the trade; a broken identity
//! ([`PortfolioResult::check_identities`], checked on every run) names the day and the figures.

use super::{BacktestConfig, BacktestError, Engine, RunResult};
use crate::market::{Book, Market, PriceSource, PriceTable};
use crate::metrics::{RunAccumulator, RunStatistics};
use crate::strategy::Strategy;
use crate::units::{Currency, CurrencyAmounts};
use chrono::NaiveDate;
use serde::Serialize;

/// A portfolio problem: which trade, and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PortfolioError {
    /// A portfolio needs at least one trade.
    #[error("a portfolio needs at least one trade, found none")]
    Empty,
    /// Two trades share a name.
    #[error("trade names must be unique: {name:?} appears twice")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A trade's run failed.
    #[error("trade {name:?}: {error}")]
    Trade {
        /// The trade.
        name: String,
        /// The engine's error.
        error: BacktestError,
    },
    /// Risk-budget sizing could not be done (which trade, and why).
    #[error("risk-budget sizing of {book:?}: {reason}")]
    RiskBudget {
        /// The book.
        book: String,
        /// What was expected and what was found.
        reason: String,
    },
    /// An engine could not be built for the portfolio's market, table and configuration.
    #[error(transparent)]
    Engine(#[from] BacktestError),
    /// An identity between the trades and the portfolio does not hold (a bug, reported
    /// rather than hidden).
    #[error("portfolio accounting identity broken: {what}")]
    Identity {
        /// Which identity, the day and the numbers.
        what: String,
    },
}

/// One trade of a portfolio: a name, its spread as written, its book and its strategy.
pub struct PortfolioTrade<'b> {
    /// The trade's name (unique in the portfolio).
    pub name: String,
    /// The spread as written, e.g. `2×TUM24−1×TYM24`.
    pub spread: String,
    /// The book (built on the portfolio's table).
    pub book: &'b Book,
    /// The strategy, with its sizing.
    pub strategy: Box<dyn Strategy + 'b>,
}

impl std::fmt::Debug for PortfolioTrade<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortfolioTrade")
            .field("name", &self.name)
            .field("spread", &self.spread)
            .field("book", &self.book.label())
            .finish_non_exhaustive()
    }
}

/// One trade on one day of the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TradeDay {
    /// P&L of the day in the base currency (0 outside the trade's run).
    pub pnl: f64,
    /// P&L of the day in the trade's own currency.
    pub pnl_local: f64,
    /// Costs of the day in the base currency.
    pub costs: f64,
    /// Net DV01 per currency at the close (each in its currency, per bp).
    pub dv01: CurrencyAmounts,
    /// `Σ |contracts|` over the legs at the close.
    pub contracts: i64,
    /// Initial margin at the close, base currency.
    pub margin: f64,
}

impl TradeDay {
    /// A day outside the trade's run: nothing held, nothing made.
    pub const FLAT: TradeDay = TradeDay {
        pnl: 0.0,
        pnl_local: 0.0,
        costs: 0.0,
        dv01: CurrencyAmounts::ZERO,
        contracts: 0,
        margin: 0.0,
    };

    /// A day outside the trade's run: nothing held, nothing made ([`TradeDay::FLAT`]).
    pub fn flat() -> TradeDay {
        TradeDay::FLAT
    }
}

/// A trade's days over the portfolio's days ([`TradeResult::days`]): the days of the trade's
/// own run, stored, with [`TradeDay::FLAT`] on the portfolio's days before and after it, not
/// stored (a trade over a few years of a 35-year portfolio keeps only its years).
///
/// Read it as the slice it stands for: `days[i]` (the portfolio's day `i`; flat outside the
/// run, and a panic past the portfolio's last day, as a slice), [`TradeDays::get`],
/// [`TradeDays::iter`], [`TradeDays::len`]; the run's own days are [`TradeDays::live`], from
/// the portfolio's day [`TradeDays::offset`] on. Serialised as the full list, one object per
/// portfolio day.
#[derive(Debug, Clone, PartialEq)]
pub struct TradeDays {
    /// The run's days, from the portfolio's day `offset` on.
    live: Vec<TradeDay>,
    offset: usize,
    /// The portfolio's days.
    len: usize,
}

impl TradeDays {
    /// The days `live` of a run starting on the portfolio's day `offset`, in a portfolio of
    /// `len` days; `None` when the run does not fit in the portfolio's days.
    pub fn new(live: Vec<TradeDay>, offset: usize, len: usize) -> Option<TradeDays> {
        (offset.checked_add(live.len())? <= len).then_some(TradeDays { live, offset, len })
    }

    /// The portfolio's days (flat ones included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the portfolio has no days.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The portfolio's day on which the trade's run starts (its first [`TradeDays::live`] day).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The days of the trade's own run, from the portfolio's day [`TradeDays::offset`] on.
    pub fn live(&self) -> &[TradeDay] {
        &self.live
    }

    /// The days of the trade's own run, to change (e.g. to see a broken identity reported).
    pub fn live_mut(&mut self) -> &mut [TradeDay] {
        &mut self.live
    }

    /// The trade on the portfolio's day `i` ([`TradeDay::FLAT`] outside its run); `None` past
    /// the portfolio's last day.
    pub fn get(&self, i: usize) -> Option<&TradeDay> {
        if i >= self.len {
            return None;
        }
        Some(
            self.live
                .get(i.wrapping_sub(self.offset))
                .unwrap_or(&TradeDay::FLAT),
        )
    }

    /// The trade on every day of the portfolio, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TradeDay> + ExactSizeIterator + '_ {
        (0..self.len).map(|i| &self[i])
    }
}

impl std::ops::Index<usize> for TradeDays {
    type Output = TradeDay;

    /// The trade on the portfolio's day `i` ([`TradeDay::FLAT`] outside its run).
    ///
    /// # Panics
    /// Past the portfolio's last day, as a slice's index (use [`TradeDays::get`] to ask).
    fn index(&self, i: usize) -> &TradeDay {
        match self.live.get(i.wrapping_sub(self.offset)) {
            Some(day) => day,
            None => {
                assert!(i < self.len, "day {i} of a portfolio of {} days", self.len);
                &TradeDay::FLAT
            }
        }
    }
}

impl<'a> IntoIterator for &'a TradeDays {
    type Item = &'a TradeDay;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a TradeDay> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for TradeDays {
    /// Every portfolio day, flat ones included (as the list of days it stands for).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One day of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioDay {
    /// The date.
    pub date: NaiveDate,
    /// P&L of the day in the base currency (`Σ` over the trades).
    pub pnl: f64,
    /// Costs of the day in the base currency.
    pub costs: f64,
    /// Equity at the close in the base currency.
    pub equity: f64,
    /// Initial margin at the close, base currency (`Σ` over the trades).
    pub margin: f64,
    /// Net DV01 per currency (`Σ` over the trades, each currency per bp).
    pub dv01: CurrencyAmounts,
}

/// Where a trade's prices came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Every price source of the rows the trade held, in the order first met.
    pub sources: Vec<PriceSource>,
    /// Whether any of them is a model ([`PriceSource::is_model`]).
    pub model: bool,
    /// Whether the data are the embedded synthetic fixtures (everything is then SYNTHETIC).
    pub synthetic: bool,
}

impl Provenance {
    /// A label for outputs: `SYNTHETIC`, `model (curve-implied)`, `real (settlement)` or
    /// `real+model (close, curve-implied)`.
    pub fn label(&self) -> String {
        let names: Vec<&str> = self.sources.iter().map(|s| s.label()).collect();
        let names = names.join(", ");
        if self.synthetic {
            return format!("SYNTHETIC ({names})");
        }
        let real = self.sources.iter().any(|s| !s.is_model());
        match (real, self.model) {
            (true, true) => format!("real+model ({names})"),
            (false, true) => format!("model ({names})"),
            (true, false) => format!("real ({names})"),
            (false, false) => "no prices held".to_owned(),
        }
    }
}

/// One trade's result in a portfolio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradeResult {
    /// The trade's name.
    pub name: String,
    /// The spread as written.
    pub spread: String,
    /// The trade's own currency (see the module's conventions).
    pub currency: Currency,
    /// Total P&L in the trade's currency.
    pub total_pnl: f64,
    /// Total P&L in the base currency.
    pub total_pnl_base: f64,
    /// Mean DV01 carried on days with a position, in the trade's currency per bp (the larger
    /// of the long and short sides); `None` for a trade without DV01 (VX, EC).
    pub dv01_carried: Option<f64>,
    /// Maximum drawdown of the trade's cumulative P&L, base currency.
    pub max_drawdown: f64,
    /// The contracts held on the first day with a position, e.g. `+20 TUM24, -10 TYM24`.
    pub held: String,
    /// Where its prices came from.
    pub provenance: Provenance,
    /// The trade on each day of the portfolio ([`PortfolioResult::ledger`]'s days, flat
    /// outside the trade's run, where nothing is stored).
    pub days: TradeDays,
    /// The trade's own run in the base currency: its summary and blotter. Its ledger is
    /// folded into [`TradeResult::days`] and left empty.
    pub run: RunResult,
}

/// Portfolio figures (P&L in the base currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioSummary {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Market days.
    pub days: usize,
    /// Σ daily P&L.
    pub total_pnl: f64,
    /// Capital + total P&L.
    pub final_equity: f64,
    /// Annualised mean daily P&L.
    pub annualised_pnl: f64,
    /// Annualised volatility of daily P&L; `None` when 0.
    pub volatility: Option<f64>,
    /// Annualised Sharpe ratio.
    pub sharpe: Option<f64>,
    /// Annualised Sortino ratio.
    pub sortino: Option<f64>,
    /// Maximum drawdown of cumulative P&L.
    pub max_drawdown: f64,
    /// Longest time under water, market days.
    pub max_drawdown_days: usize,
    /// Costs paid.
    pub costs: f64,
    /// Largest total initial margin.
    pub max_margin: f64,
}

/// Everything a portfolio run produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioResult {
    /// Base currency.
    pub base_currency: Currency,
    /// Starting capital.
    pub capital: f64,
    /// Portfolio figures.
    pub summary: PortfolioSummary,
    /// Per trade, in the order given.
    pub trades: Vec<TradeResult>,
    /// The portfolio's days.
    pub ledger: Vec<PortfolioDay>,
    /// Pearson correlation of the trades' daily base-currency P&L (`None` where undefined).
    pub correlation: Vec<Vec<Option<f64>>>,
}

/// Runs several books in one account (see the module docs).
#[derive(Debug)]
pub struct Portfolio<'a> {
    market: &'a Market,
    table: &'a PriceTable,
    engine: Engine<'a>,
}

impl<'a> Portfolio<'a> {
    /// A portfolio on `market`, its `table` and `config` (the account: base currency, capital,
    /// costs, FX, margin, dates).
    ///
    /// # Errors
    /// [`PortfolioError::Engine`] as [`Engine::new`].
    pub fn new(
        market: &'a Market,
        table: &'a PriceTable,
        config: &'a BacktestConfig,
    ) -> Result<Self, PortfolioError> {
        Ok(Portfolio {
            market,
            table,
            engine: Engine::new(market, table, config)?,
        })
    }

    /// Runs every trade (each through the single-book engine, which writes the trade's days
    /// as it goes: the figures of [`Engine::run_recorded`]'s ledger, without the ledger) and
    /// adds them up.
    ///
    /// # Errors
    /// [`PortfolioError::Empty`], [`PortfolioError::DuplicateName`],
    /// [`PortfolioError::Trade`] (naming the trade), [`PortfolioError::Identity`].
    pub fn run(&self, trades: Vec<PortfolioTrade<'_>>) -> Result<PortfolioResult, PortfolioError> {
        if trades.is_empty() {
            return Err(PortfolioError::Empty);
        }
        for (i, t) in trades.iter().enumerate() {
            if trades[..i].iter().any(|u| u.name == t.name) {
                return Err(PortfolioError::DuplicateName {
                    name: t.name.clone(),
                });
            }
        }
        let config = self.engine.config();
        let base = config.base_currency;
        // The portfolio's days: from the first trade's first day to the last trade's last. A
        // trade whose days cannot be known fails its run below, in its turn.
        let spans: Vec<Option<(usize, usize)>> = trades
            .iter()
            .map(|t| self.engine.run_days(t.book).ok())
            .collect();
        let first = spans.iter().flatten().map(|s| s.0).min().unwrap_or(0);
        let last = spans.iter().flatten().map(|s| s.1).max().unwrap_or(0);
        let len = last + 1 - first;
        let dates = self.market.dates();
        let mut ledger: Vec<PortfolioDay> = dates[first..=last]
            .iter()
            .map(|&date| PortfolioDay {
                date,
                pnl: 0.0,
                costs: 0.0,
                equity: 0.0,
                margin: 0.0,
                dv01: CurrencyAmounts::default(),
            })
            .collect();
        let mut results: Vec<TradeResult> = Vec::with_capacity(trades.len());
        let mut sums = TradeSums::new(len);
        // The trades' daily P&L for the correlation (0 outside a trade's run).
        let mut pnl = PnlPanels::new(trades.len(), len);
        // Trade by trade, in the trades' order (the same sums on every run): the engine writes
        // the days of the trade's own run, and in one pass over them they are added to the
        // portfolio's days and to the check's sums. The portfolio's other days are flat for
        // the trade: nothing is stored or added for them.
        // The feed's scratch columns, handed from trade to trade.
        let mut scratch = (Vec::new(), Vec::new());
        for (t, span) in trades.into_iter().zip(&spans) {
            let a = span.map_or(first, |s| s.0) - first;
            let mut feed = TradeFeed::new(span.map_or(0, |s| s.1 + 1 - s.0));
            (feed.long, feed.short) = std::mem::take(&mut scratch);
            let run = self
                .engine
                .run_feed(t.book, t.strategy, &mut feed)
                .map_err(|error| PortfolioError::Trade {
                    name: t.name.clone(),
                    error,
                })?;
            let own = feed.days.len();
            let starts = self.market.day_on_or_after(run.summary.start) == Some(a + first);
            if !(starts && span.is_some() && own == run.summary.days && own > 0 && a + own <= len) {
                return Err(PortfolioError::Identity {
                    what: format!(
                        "trade {:?}: the engine fed {own} days from {}, the run has {} from {}",
                        t.name,
                        dates[a + first],
                        run.summary.days,
                        run.summary.start
                    ),
                });
            }
            scratch = (
                std::mem::take(&mut feed.long),
                std::mem::take(&mut feed.short),
            );
            let t_index = results.len();
            sums.add(a, &feed.days, |i, td| {
                pnl.set(t_index, i, td.pnl);
                let day = &mut ledger[i];
                day.pnl += td.pnl;
                day.costs += td.costs;
                day.margin += td.margin;
                // Every currency, zeros included: adding ±0.0 to a sum that started at +0.0
                // leaves it unchanged, so this is the sum of the non-zero amounts, without a
                // branch per currency.
                for c in Currency::ALL {
                    day.dv01.add(c, td.dv01.get(c));
                }
            });
            results.push(self.trade_result(
                t.name,
                t.spread,
                t.book,
                run,
                (a + first, a, len),
                feed,
            )?);
        }
        let mut acc = RunAccumulator::default();
        let mut equity = config.capital;
        let (mut costs, mut max_margin) = (0.0, 0.0_f64);
        for day in &mut ledger {
            equity += day.pnl;
            day.equity = equity;
            acc.push(day.pnl);
            costs += day.costs;
            max_margin = max_margin.max(day.margin);
        }
        let st: RunStatistics = acc.statistics(config.annualization);
        let summary = PortfolioSummary {
            start: dates[first],
            end: dates[last],
            days: st.days,
            total_pnl: st.total_pnl,
            final_equity: config.capital + st.total_pnl,
            annualised_pnl: st.annualized_pnl,
            volatility: st.volatility,
            sharpe: st.sharpe,
            sortino: st.sortino,
            max_drawdown: st.max_drawdown,
            max_drawdown_days: st.max_drawdown_days,
            costs,
            max_margin,
        };
        let pnl_sums: Vec<f64> = sums.by_trade.iter().map(|s| s.0).collect();
        let correlation = pnl.correlation(&pnl_sums);
        let result = PortfolioResult {
            base_currency: base,
            capital: config.capital,
            summary,
            trades: results,
            ledger,
            correlation,
        };
        // The identities of `check_identities` on every run.
        result.check_lengths()?;
        result.check_sums(&sums)?;
        Ok(result)
    }

    /// A trade's result from its run and the days the engine fed (`feed.days`: the run's
    /// days; `first`: the run's first market day, `offset` its first portfolio day, `len` the
    /// portfolio's days).
    ///
    /// # Errors
    /// [`PortfolioError::Identity`] when the run's days do not fit in the portfolio's.
    fn trade_result(
        &self,
        name: String,
        spread: String,
        book: &Book,
        run: RunResult,
        (first, offset, len): (usize, usize, usize),
        feed: TradeFeed,
    ) -> Result<TradeResult, PortfolioError> {
        let currency = feed.currency;
        let own = &feed.days;
        let total_pnl = if currency == run.base_currency {
            run.summary.total_pnl
        } else {
            own.iter().map(|d| d.pnl_local).sum()
        };
        // Sources of the contracts each leg is scheduled to hold over the run (one look-up per
        // contract, not per day: every source of that contract's rows).
        let mut sources: Vec<PriceSource> = Vec::new();
        let end = first + run.summary.days;
        for leg in book.legs() {
            let mut d = first;
            while d < end {
                if let Some(id) = leg.schedule()[d] {
                    for &s in &self.table.instrument(id).sources {
                        if !sources.contains(&s) {
                            sources.push(s);
                        }
                    }
                }
                d = leg.next_change(d).max(d + 1);
            }
        }
        let provenance = Provenance {
            model: sources.iter().any(|s| s.is_model()),
            sources,
            synthetic: self.market.origin().synthetic,
        };
        Ok(TradeResult {
            spread,
            currency,
            total_pnl,
            total_pnl_base: run.summary.total_pnl,
            dv01_carried: (feed.held_days > 0).then(|| feed.carried / feed.held_days as f64),
            max_drawdown: run.summary.max_drawdown,
            held: feed.held.unwrap_or_else(|| "never entered".to_owned()),
            provenance,
            days: TradeDays::new(feed.days, offset, len).ok_or_else(|| {
                PortfolioError::Identity {
                    what: format!(
                        "trade {name:?}: its run's days from day {offset} overrun the portfolio's {len}"
                    ),
                }
            })?,
            name,
            run,
        })
    }
}

/// One trade's days as the engine writes them while it runs the trade's book
/// ([`Engine::run_feed`]), with what the portfolio keeps of the run besides: the DV01 carried
/// and the first position. Each figure is formed as the portfolio formerly formed it from the
/// run's daily ledger, in the same order (bit-identical; see the tests).
#[derive(Debug)]
pub(crate) struct TradeFeed {
    /// The trade's own currency (see the module's conventions), set by the engine when the
    /// run starts.
    pub(crate) currency: Currency,
    /// One per day of the trade's run.
    pub(crate) days: Vec<TradeDay>,
    /// `Σ max(long, short)` DV01 in the trade's currency over the days with a position and
    /// DV01, and how many such days.
    pub(crate) carried: f64,
    pub(crate) held_days: usize,
    /// The contracts held on the first day with a position, e.g. `+20 TUM24, -10 TYM24`.
    pub(crate) held: Option<String>,
    /// Scratch for a quiet stretch: each day's long and short DV01 in the trade's currency.
    pub(crate) long: Vec<f64>,
    pub(crate) short: Vec<f64>,
}

impl Default for TradeFeed {
    fn default() -> TradeFeed {
        TradeFeed::new(0)
    }
}

impl TradeFeed {
    /// A feed with room for `len` days.
    fn new(len: usize) -> TradeFeed {
        TradeFeed {
            // Replaced by the trade's currency when its run starts.
            currency: Currency::Usd,
            days: Vec::with_capacity(len),
            carried: 0.0,
            held_days: 0,
            held: None,
            long: Vec::new(),
            short: Vec::new(),
        }
    }

    /// Adds a day with a position and these long and short DV01s to the carried DV01.
    pub(crate) fn carry(&mut self, long: f64, short: f64) {
        Self::carry_into(&mut self.carried, &mut self.held_days, long, short);
    }

    /// [`TradeFeed::carry`] on the feed's fields.
    pub(crate) fn carry_into(carried: &mut f64, held_days: &mut usize, long: f64, short: f64) {
        if long + short > 0.0 {
            *carried += f64::max(long, short);
            *held_days += 1;
        }
    }
}

/// Spread units that put `budget` (base currency) on one standard deviation of the spread's
/// daily P&L, measured over the `lookback` market days up to and including `entry` (the first
/// market day on or after it) on the contracts each leg is scheduled to hold at entry.
///
/// # Formula
/// ```text
/// x(d)  = Σ_legs ratio · (P_d − P_{d−1}) · point_value      (one spread unit, base currency)
/// σ     = population standard deviation of x over the lookback days
/// units = budget / σ
/// ```
///
/// # Conventions
/// Legs must be in the base currency (a foreign leg would need an FX path; the sizing says
/// so rather than assuming a rate). The engine rounds `units × ratio` to whole contracts.
///
/// # References
/// Volatility-targeted position sizing: Moskowitz, Ooi and Pedersen (2012), "Time series
/// momentum", *Journal of Financial Economics* 104(2), §2.4 (positions scaled by ex-ante
/// volatility).
///
/// # Errors
/// [`PortfolioError::RiskBudget`] for a budget or lookback that is not positive, an entry
/// outside the market, a leg without a contract at entry, a foreign leg, a missing price in
/// the lookback, or no variation.
pub fn risk_budget_units(
    market: &Market,
    table: &PriceTable,
    book: &Book,
    base: Currency,
    entry: NaiveDate,
    budget: f64,
    lookback: usize,
) -> Result<f64, PortfolioError> {
    let fail = |reason: String| PortfolioError::RiskBudget {
        book: book.label().to_owned(),
        reason,
    };
    if !(budget.is_finite() && budget > 0.0) || lookback < 2 {
        return Err(fail(format!(
            "expected a positive budget and a lookback of at least 2 days, found {budget} and {lookback}"
        )));
    }
    // The domain limits (crate::limits).
    crate::limits::RISK_BUDGET
        .check("risk_budget", budget)
        .and_then(|_| crate::limits::WINDOW.check_count("lookback", lookback))
        .map_err(|e| fail(e.to_string()))?;
    let d = market
        .day_on_or_after(entry)
        .ok_or_else(|| fail(format!("entry {entry} is after the market's last day")))?;
    if d < lookback {
        return Err(fail(format!(
            "expected {lookback} market days before {entry}, found {d}"
        )));
    }
    let mut ids = Vec::with_capacity(book.legs().len());
    for leg in book.legs() {
        let id = leg.schedule()[d]
            .ok_or_else(|| fail(format!("leg {} holds no contract on {entry}", leg.label())))?;
        let info = table.instrument(id);
        if info.currency != base {
            return Err(fail(format!(
                "leg {} is in {}, expected the base currency {base}",
                leg.label(),
                info.currency
            )));
        }
        ids.push((id, leg.ratio(), info.point_value));
    }
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    let dates = market.dates();
    for day in d + 1 - lookback..=d {
        let mut x = 0.0;
        for &(id, ratio, pv) in &ids {
            let (Some(p0), Some(p1)) = (table.price(id, day - 1), table.price(id, day)) else {
                return Err(fail(format!(
                    "{} has no price on {} or {}",
                    table.instrument(id).name,
                    dates[day - 1],
                    dates[day]
                )));
            };
            x += ratio * (p1 - p0) * pv;
        }
        sum += x;
        sum_sq += x * x;
    }
    let n = lookback as f64;
    let var = (sum_sq / n - (sum / n).powi(2)).max(0.0);
    if var <= 0.0 {
        return Err(fail(
            "the spread's daily P&L did not vary over the lookback".to_owned(),
        ));
    }
    Ok(budget / var.sqrt())
}

/// The trades' daily P&L in panels of 4 trades, day by day (`x[c·len + d][k]` is trade
/// `4c + k` on day `d`; 0 outside a trade's run and in the padding of the last panel): what
/// [`PnlPanels::correlation`] reads, written as the trades' days are added up.
struct PnlPanels {
    x: Vec<[f64; 4]>,
    n: usize,
    len: usize,
}

impl PnlPanels {
    /// `n` trades over `len` days, every P&L 0.
    fn new(n: usize, len: usize) -> PnlPanels {
        PnlPanels {
            x: vec![[0.0; 4]; n.div_ceil(4) * len],
            n,
            len,
        }
    }

    /// Trade `t`'s P&L on day `d`.
    fn set(&mut self, t: usize, d: usize, pnl: f64) {
        if let Some(p) = self.x.get_mut((t / 4) * self.len + d) {
            p[t % 4] = pnl;
        }
    }

    /// Pearson correlation of the trades' daily P&L over the portfolio's days (see the
    /// module's formula): `pnl_sums[t]` is `Σ_d pnl_t(d)` over those days in order.
    ///
    /// Bit-identical to centring each trade's full column of days and summing each pair's
    /// products in day order from `Iterator::sum`'s neutral element: the same operations in
    /// the same order, without the columns. `Σ_d x_i²` is the pair `(i, i)`.
    fn correlation(mut self, pnl_sums: &[f64]) -> Vec<Vec<Option<f64>>> {
        let (n, len) = (self.n, self.len);
        let q = n.div_ceil(4);
        // Centred: `x − mean` (`0 − mean` on a flat day, as in the full column); the padding
        // stays 0.
        let mut means = vec![[0.0; 4]; q];
        for (t, s) in pnl_sums.iter().enumerate().take(n) {
            means[t / 4][t % 4] = s / len.max(1) as f64;
        }
        for (panel, mean) in self.x.chunks_mut(len.max(1)).zip(&means) {
            for p in panel {
                for (x, m) in p.iter_mut().zip(mean) {
                    *x -= m;
                }
            }
        }
        let x = &self.x;
        // `Σ_d x_i·x_j` for each block of 4×4 pairs `(i, j)` on or above the diagonal:
        // sixteen independent sums, kept in registers over a tile of days, each adding its
        // products in day order from `Iterator::sum`'s neutral element (bit-identical to
        // summing pair by pair). The pairs below the diagonal in a diagonal block and the
        // padding are summed too, and never read.
        const TILE: usize = 256;
        let zero: f64 = std::iter::empty::<f64>().sum();
        let mut sums = vec![[zero; 4]; 4 * q * q];
        for d0 in (0..len).step_by(TILE) {
            let d1 = (d0 + TILE).min(len);
            for bi in 0..q {
                let pi = &x[bi * len + d0..bi * len + d1];
                for bj in bi..q {
                    let pj = &x[bj * len + d0..bj * len + d1];
                    let mut acc = [[zero; 4]; 4];
                    for (a, row) in acc.iter_mut().enumerate() {
                        *row = sums[(4 * bi + a) * q + bj];
                    }
                    for (xi, xj) in pi.iter().zip(pj) {
                        for (row, xa) in acc.iter_mut().zip(xi) {
                            for (s, xb) in row.iter_mut().zip(xj) {
                                *s += xa * xb;
                            }
                        }
                    }
                    for (a, row) in acc.iter().enumerate() {
                        sums[(4 * bi + a) * q + bj] = *row;
                    }
                }
            }
        }
        let sum = |i: usize, j: usize| sums[i * q + j / 4][j % 4];
        // Symmetric: `(i, j)` and `(j, i)` read the same sums (`si·sj` is `sj·si` exactly).
        let rho = |i: usize, j: usize| {
            let (si, sj, sij) = (sum(i, i), sum(j, j), sum(i.min(j), i.max(j)));
            (si > 0.0 && sj > 0.0).then(|| (sij / (si * sj).sqrt()).clamp(-1.0, 1.0))
        };
        (0..n)
            .map(|i| (0..n).map(|j| rho(i, j)).collect())
            .collect()
    }
}

impl PortfolioResult {
    /// Checks that the trades add up to the portfolio and names the first identity that
    /// fails:
    ///
    /// - on every day, `Σ_t pnl_t = pnl`, `Σ_t costs_t = costs`, `Σ_t margin_t = margin`,
    ///   `Σ_t dv01_t = dv01` per currency, and `equity = capital + Σ pnl to date`;
    /// - per trade, its days add up to its own run's total (base and own currency);
    /// - `Σ_t total_pnl_base = total_pnl` and the final equity is `capital + total_pnl`;
    /// - a trade without contracts on a day carries no DV01 and no margin that day.
    ///
    /// Sums are compared within a relative `1e-9`. [`Portfolio::run`] runs this on every run
    /// (adding each trade's days up as soon as they are complete, then comparing).
    ///
    /// # Errors
    /// [`PortfolioError::Identity`] naming the identity, the day and the numbers.
    pub fn check_identities(&self) -> Result<(), PortfolioError> {
        self.check_lengths()?;
        let mut sums = TradeSums::new(self.ledger.len());
        for t in &self.trades {
            sums.add(t.days.offset(), t.days.live(), |_, _| {});
        }
        self.check_sums(&sums)
    }

    /// Every trade has the portfolio's days.
    fn check_lengths(&self) -> Result<(), PortfolioError> {
        let fail = |what: String| Err(PortfolioError::Identity { what });
        for t in &self.trades {
            if t.days.len() != self.ledger.len() {
                return fail(format!(
                    "trade {:?} has {} days, the portfolio {}",
                    t.name,
                    t.days.len(),
                    self.ledger.len()
                ));
            }
        }
        Ok(())
    }

    /// The identities, from the trades' sums (`sums`: every trade added, in order).
    fn check_sums(&self, sums: &TradeSums) -> Result<(), PortfolioError> {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        let fail = |what: String| Err(PortfolioError::Identity { what });
        if sums.by_trade.len() != self.trades.len() || sums.days.len() != self.ledger.len() {
            return fail(format!(
                "{} trades over {} days were added up, the portfolio has {} over {}",
                sums.by_trade.len(),
                sums.days.len(),
                self.trades.len(),
                self.ledger.len()
            ));
        }
        if let Some((t, i)) = sums.flat_exposed {
            let (t, day) = (&self.trades[t], &self.trades[t].days[i]);
            return fail(format!(
                "trade {:?} holds no contracts on {} but carries DV01 {:?} and margin {}",
                t.name,
                self.ledger[i].date,
                day.dv01.to_vec(),
                day.margin
            ));
        }
        // Every day at once without a branch per figure, exactly (a run forms the portfolio's
        // figures as these sums, in the same order); the days again, one by one and within
        // the tolerance, only when some figure differs, to name the first that fails.
        let mut ok = true;
        let mut equity = self.capital;
        for (day, acc) in self.ledger.iter().zip(&sums.days) {
            ok &= (acc[0] == day.pnl) & (acc[1] == day.costs) & (acc[2] == day.margin);
            for (k, c) in Currency::ALL.into_iter().enumerate() {
                ok &= acc[3 + k] == day.dv01.get(c);
            }
            equity += day.pnl;
            ok &= equity == day.equity;
        }
        let mut equity = self.capital;
        for (day, acc) in self.ledger.iter().zip(&sums.days).filter(|_| !ok) {
            for (what, s, v) in [
                ("P&L", acc[0], day.pnl),
                ("costs", acc[1], day.costs),
                ("margin", acc[2], day.margin),
            ] {
                if !close(s, v) {
                    return fail(format!(
                        "{}: the trades' {what} adds up to {s}, the portfolio's is {v}",
                        day.date
                    ));
                }
            }
            for (k, c) in Currency::ALL.into_iter().enumerate() {
                if !close(acc[3 + k], day.dv01.get(c)) {
                    return fail(format!(
                        "{}: the trades' {c} DV01 adds up to {}, the portfolio's is {}",
                        day.date,
                        acc[3 + k],
                        day.dv01.get(c)
                    ));
                }
            }
            equity += day.pnl;
            if !close(equity, day.equity) {
                return fail(format!(
                    "{}: equity {} is not capital + P&L to date {equity}",
                    day.date, day.equity
                ));
            }
        }
        let mut total = 0.0;
        for (t, &(base, local)) in self.trades.iter().zip(&sums.by_trade) {
            if !close(base, t.total_pnl_base) || !close(local, t.total_pnl) {
                return fail(format!(
                    "trade {:?}: its days add up to {base} ({} {local}), its run to {} ({} {})",
                    t.name, t.currency, t.total_pnl_base, t.currency, t.total_pnl
                ));
            }
            total += t.total_pnl_base;
        }
        let s = &self.summary;
        if !close(total, s.total_pnl) || !close(s.final_equity, self.capital + s.total_pnl) {
            return fail(format!(
                "the trades' totals add up to {total}, the portfolio's is {} (final equity {})",
                s.total_pnl, s.final_equity
            ));
        }
        if let Some(last) = self.ledger.last()
            && !close(last.equity, s.final_equity)
        {
            return fail(format!(
                "last equity {} is not the final equity {}",
                last.equity, s.final_equity
            ));
        }
        Ok(())
    }
}

/// Per-day sums of P&L, costs, margin and DV01 per currency over the trades' days.
const SUMS: usize = 3 + Currency::ALL.len();

/// The trades' days added up for [`PortfolioResult::check_identities`], trade by trade.
struct TradeSums {
    /// Per day: `Σ_t` P&L, costs, margin, then DV01 per currency ([`Currency::ALL`] order).
    days: Vec<[f64; SUMS]>,
    /// Per trade: `Σ_d` P&L in the base currency and in the trade's own currency. The first
    /// over every portfolio day in order from `Iterator::sum`'s neutral element, bit for bit
    /// (the correlation's mean).
    by_trade: Vec<(f64, f64)>,
    /// The first trade and day without contracts but with DV01 or margin.
    flat_exposed: Option<(usize, usize)>,
}

impl TradeSums {
    fn new(days: usize) -> TradeSums {
        TradeSums {
            days: vec![[0.0; SUMS]; days],
            by_trade: Vec::new(),
            flat_exposed: None,
        }
    }

    /// Adds the next trade's days: `days`, the days of its run, from the portfolio's day
    /// `offset` on (its other days are flat and add nothing: a sum that starts at +0.0 is
    /// never −0.0, so adding +0.0 leaves it as it is), calling `also` with each portfolio day
    /// and the trade's day (one pass for the caller's sums too).
    fn add(&mut self, offset: usize, days: &[TradeDay], mut also: impl FnMut(usize, &TradeDay)) {
        // The flat days add +0.0 to the sum of base-currency P&L as they come, which leaves
        // any sum but −0.0 as it is: once before the run's days, once after them.
        let zero: f64 = std::iter::empty::<f64>().sum();
        let mut base = if offset > 0 { zero + 0.0 } else { zero };
        let mut local = 0.0;
        let mut flat_exposed = None;
        let span = self.days.get_mut(offset..).unwrap_or_default();
        for (k, (acc, d)) in span.iter_mut().zip(days).enumerate() {
            acc[0] += d.pnl;
            acc[1] += d.costs;
            acc[2] += d.margin;
            for (k, c) in Currency::ALL.into_iter().enumerate() {
                acc[3 + k] += d.dv01.get(c);
            }
            base += d.pnl;
            local += d.pnl_local;
            if d.contracts == 0
                && flat_exposed.is_none()
                && (d.margin != 0.0 || Currency::ALL.iter().any(|&c| d.dv01.get(c) != 0.0))
            {
                flat_exposed = Some(offset + k);
            }
            also(offset + k, d);
        }
        if offset + days.len() < self.days.len() {
            base += 0.0;
        }
        if self.flat_exposed.is_none() {
            self.flat_exposed = flat_exposed.map(|i| (self.by_trade.len(), i));
        }
        self.by_trade.push((base, local));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`PnlPanels::correlation`] of full columns (every trade over every day).
    fn correlation_of_columns(columns: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
        let len = columns[0].len();
        let mut panels = PnlPanels::new(columns.len(), len);
        for (t, c) in columns.iter().enumerate() {
            for (d, &x) in c.iter().enumerate() {
                panels.set(t, d, x);
            }
        }
        let sums: Vec<f64> = columns.iter().map(|c| c.iter().sum()).collect();
        panels.correlation(&sums)
    }

    /// Pearson correlation of full columns, pair by pair (the definition).
    fn pairwise(columns: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
        let centred: Vec<Vec<f64>> = columns
            .iter()
            .map(|c| {
                let mean = c.iter().sum::<f64>() / c.len() as f64;
                c.iter().map(|x| x - mean).collect()
            })
            .collect();
        let n = columns.len();
        let mut m = vec![vec![None; n]; n];
        for i in 0..n {
            for j in 0..n {
                let sij: f64 = centred[i].iter().zip(&centred[j]).map(|(x, y)| x * y).sum();
                let si: f64 = centred[i].iter().map(|x| x * x).sum();
                let sj: f64 = centred[j].iter().map(|x| x * x).sum();
                m[i][j] = (si > 0.0 && sj > 0.0).then(|| (sij / (si * sj).sqrt()).clamp(-1.0, 1.0));
            }
        }
        m
    }

    #[test]
    fn correlation_is_pearson_and_undefined_without_variation() {
        // x = 1, 2, 3, 4; y = 2x (ρ = 1); z = −x + 5 (ρ = −1); w constant (undefined);
        // v = 1, 0, 0, 1 (ρ with x = 0 by symmetry).
        let rows = [
            [1.0, 2.0, 4.0, 3.0, 1.0],
            [2.0, 4.0, 3.0, 3.0, 0.0],
            [3.0, 6.0, 2.0, 3.0, 0.0],
            [4.0, 8.0, 1.0, 3.0, 1.0],
        ];
        let columns: Vec<Vec<f64>> = (0..5)
            .map(|t| rows.iter().map(|r| r[t]).collect())
            .collect();
        let m = correlation_of_columns(&columns);
        let near = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
        assert!(near(m[0][1], 1.0));
        assert!(near(m[0][2], -1.0));
        assert!(near(m[0][4], 0.0));
        assert_eq!(m[0][3], None);
        assert_eq!(m[3][3], None);
        assert_eq!(m[1][2], m[2][1]);
    }

    /// The one-pass pair sums give the very bits of summing each pair on its own, for every
    /// number of trades around the kernel's chunks.
    #[test]
    fn correlation_is_bit_identical_to_pairwise_sums() {
        for n in 1..=10 {
            let columns: Vec<Vec<f64>> = (0..n)
                .map(|t| {
                    (0..300)
                        .map(|d| ((d * (t + 3)) as f64 * 0.37).sin() * 1e3 + t as f64)
                        .collect()
                })
                .collect();
            let m = correlation_of_columns(&columns);
            let want = pairwise(&columns);
            for i in 0..n {
                for j in 0..n {
                    assert_eq!(
                        m[i][j].map(f64::to_bits),
                        want[i][j].map(f64::to_bits),
                        "{n}: {i} {j}"
                    );
                }
            }
        }
    }

    /// Trades that keep only the days of their runs (flat before and after, not stored)
    /// correlate as their full columns, bit for bit, −0.0 days included.
    #[test]
    fn correlation_of_live_days_is_that_of_the_full_columns() {
        let len = 250;
        // (first day, days of the run) per trade.
        let spans = [
            (0, 250),
            (40, 100),
            (0, 17),
            (200, 50),
            (3, 1),
            (90, 60),
            (10, 230),
            (0, 250),
        ];
        let columns: Vec<Vec<f64>> = spans
            .iter()
            .enumerate()
            .map(|(t, &(a, k))| {
                (0..len)
                    .map(|d| {
                        if d < a || d >= a + k {
                            0.0
                        } else if d % 7 == 3 || t == 7 {
                            -0.0
                        } else {
                            ((d * (t + 2)) as f64 * 0.61).cos() * 250.0 - t as f64
                        }
                    })
                    .collect()
            })
            .collect();
        // As `Portfolio::run` adds them up: only the days of each trade's run, into the
        // panels and into `TradeSums` (whose base-currency sums are the means').
        let mut panels = PnlPanels::new(spans.len(), len);
        let mut sums = TradeSums::new(len);
        for (t, (&(a, k), c)) in spans.iter().zip(&columns).enumerate() {
            let live: Vec<TradeDay> = c[a..a + k]
                .iter()
                .map(|&pnl| TradeDay {
                    pnl,
                    ..TradeDay::FLAT
                })
                .collect();
            sums.add(a, &live, |i, td| panels.set(t, i, td.pnl));
            let s = sums.by_trade[t].0;
            assert_eq!(s.to_bits(), c.iter().sum::<f64>().to_bits(), "{t}");
        }
        let means: Vec<f64> = sums.by_trade.iter().map(|s| s.0).collect();
        let m = panels.correlation(&means);
        let want = pairwise(&columns);
        assert!(want[0][1].is_some() && want[7][7].is_none());
        for i in 0..spans.len() {
            for j in 0..spans.len() {
                assert_eq!(
                    m[i][j].map(f64::to_bits),
                    want[i][j].map(f64::to_bits),
                    "{i} {j}"
                );
            }
        }
    }

    /// A trade's days stand for the portfolio's: flat outside the run, stored inside it.
    #[test]
    fn trade_days_are_flat_outside_the_run() {
        let day = |pnl| TradeDay {
            pnl,
            contracts: 2,
            ..TradeDay::FLAT
        };
        let days = TradeDays::new(vec![day(1.0), day(-2.0)], 3, 7).unwrap();
        assert_eq!((days.len(), days.offset(), days.live().len()), (7, 3, 2));
        let pnl: Vec<f64> = days.iter().map(|d| d.pnl).collect();
        assert_eq!(pnl, [0.0, 0.0, 0.0, 1.0, -2.0, 0.0, 0.0]);
        assert_eq!(days[2], TradeDay::FLAT);
        assert_eq!(days[4], day(-2.0));
        assert_eq!(days.get(6), Some(&TradeDay::FLAT));
        assert_eq!(days.get(7), None);
        assert_eq!(days.iter().rev().nth(2), Some(&day(-2.0)));
        let json = serde_json::to_value(&days).unwrap();
        let full: Vec<TradeDay> = days.iter().copied().collect();
        assert_eq!(json, serde_json::to_value(&full).unwrap());
        assert!(TradeDays::new(vec![day(1.0); 5], 3, 7).is_none());
        assert!(TradeDays::new(Vec::new(), 7, 7).is_some());
    }

    #[test]
    fn provenance_labels_say_real_model_or_synthetic() {
        let p = |sources: Vec<PriceSource>, synthetic| Provenance {
            model: sources.iter().any(|s| s.is_model()),
            sources,
            synthetic,
        };
        assert_eq!(
            p(vec![PriceSource::CurveImplied], false).label(),
            "model (curve-implied)"
        );
        assert_eq!(
            p(vec![PriceSource::Settlement], false).label(),
            "real (settlement)"
        );
        assert_eq!(
            p(vec![PriceSource::Close, PriceSource::CurveImplied], false).label(),
            "real+model (close, curve-implied)"
        );
        assert_eq!(
            p(vec![PriceSource::CurveImplied], true).label(),
            "SYNTHETIC (curve-implied)"
        );
    }
}
