//! The short path from a spread to a P&L: [`Session::backtest`] → [`Backtest`] →
//! [`SessionRun`].
//!
//! ```
//! use spreadtrade::session::Session;
//! use spreadtrade::strategy::Exit;
//!
//! let s = Session::synthetic()?; // or Session::open("../shared/data")?
//! let entry = chrono::NaiveDate::from_ymd_opt(2024, 3, 19).unwrap();
//! let run = s
//!     .backtest("2×TUM24−1×TYM24")?
//!     .dv01_neutral()
//!     .hold(entry, Exit::AfterDays(5), 10_000.0) // $10k per bp of the spread
//!     .run()?;
//! assert_eq!(run.data_label(), "SYNTHETIC");
//! assert!(run.result.summary.trades > 0);
//! # Ok::<(), spreadtrade::Error>(())
//! ```
//!
//! The table behind the run is the session's cached table of the spread's roots over the
//! whole history ([`Session::cached_table`]): a second backtest on the same roots reuses it.

use super::Session;
use crate::Result;
use crate::backtest::{BacktestConfig, BacktestError, Engine, RunResult, Weighting};
use crate::contract::{RollRule, Root};
use crate::instrument::SpreadExpr;
use crate::market::{Book, Origin, PriceTable};
use crate::pricing::{BuildReport, TableBuild, UnquotedContract};
use crate::strategy::{Exit, Hold, Strategy};
use crate::units::Currency;
use chrono::NaiveDate;
use std::fmt;
use std::sync::Arc;

/// A backtest of one spread on a [`Session`], configured step by step and run with
/// [`Backtest::run`]. Defaults: [`BacktestConfig::default`], [`RollRule::default`], no
/// strategy (set one with [`Backtest::hold`], [`Backtest::hold_units`] or
/// [`Backtest::strategy`]).
pub struct Backtest<'s> {
    session: &'s Session,
    expr: SpreadExpr,
    config: BacktestConfig,
    rule: RollRule,
    strategy: Option<Box<dyn Strategy + 's>>,
}

impl fmt::Debug for Backtest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Backtest")
            .field("spread", &self.expr.to_string())
            .field("config", &self.config)
            .field("rule", &self.rule)
            .field("strategy", &self.strategy.is_some())
            .finish_non_exhaustive()
    }
}

impl<'s> Backtest<'s> {
    pub(super) fn new(session: &'s Session, expr: SpreadExpr) -> Self {
        Backtest {
            session,
            expr,
            config: BacktestConfig::default(),
            rule: RollRule::default(),
            strategy: None,
        }
    }

    /// Weights the legs DV01-neutral ([`Weighting::Dv01Neutral`]): each day the ratios are
    /// rescaled so that every leg carries the DV01 its ratio says.
    pub fn dv01_neutral(mut self) -> Self {
        self.config = self.config.with_weighting(Weighting::Dv01Neutral);
        self
    }

    /// Replaces the whole engine configuration (keeps nothing set before).
    pub fn config(mut self, config: BacktestConfig) -> Self {
        self.config = config;
        self
    }

    /// Restricts the run to `start..=end` (each optional).
    pub fn dates(mut self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Self {
        self.config = self.config.with_dates(start, end);
        self
    }

    /// The account's base currency (USD by default).
    pub fn base_currency(mut self, currency: Currency) -> Self {
        self.config = self.config.with_base_currency(currency);
        self
    }

    /// The roll rule.
    pub fn roll(mut self, rule: RollRule) -> Self {
        self.rule = rule;
        self
    }

    /// Holds a spread DV01 of `per_bp` base-currency units per bp from the close of `entry`
    /// until `exit` ([`Hold::dv01`]).
    pub fn hold(self, entry: NaiveDate, exit: Exit, per_bp: f64) -> Self {
        self.strategy(Hold::dv01(entry, exit, per_bp))
    }

    /// Holds `units` spread units from the close of `entry` until `exit` ([`Hold::units`]).
    pub fn hold_units(self, entry: NaiveDate, exit: Exit, units: f64) -> Self {
        self.strategy(Hold::units(entry, exit, units))
    }

    /// Runs any strategy.
    pub fn strategy(mut self, strategy: impl Strategy + 's) -> Self {
        self.strategy = Some(Box::new(strategy));
        self
    }

    /// Builds (or reuses) the table, resolves the book and runs the strategy.
    ///
    /// # Errors
    /// [`BacktestError::InvalidConfig`] (key `strategy`) without a strategy; table, book and
    /// engine errors otherwise.
    pub fn run(self) -> Result<SessionRun> {
        let Some(strategy) = self.strategy else {
            return Err(BacktestError::InvalidConfig {
                key: "strategy".to_owned(),
                reason: "no strategy: expected .hold(..), .hold_units(..) or .strategy(..) before .run()"
                    .to_owned(),
            }
            .into());
        };
        let roots: Vec<Root> = self.expr.legs().iter().map(|l| l.root()).collect();
        let table = self.session.cached_table(roots, None, None)?;
        let book = self.session.book(&self.expr, &table.table, &self.rule)?;
        let result =
            Engine::new(self.session.market(), &table.table, &self.config)?.run(&book, strategy)?;
        Ok(SessionRun {
            spread: self.expr.to_string(),
            origin: self.session.origin().clone(),
            result,
            table,
            book,
        })
    }
}

/// The result of a [`Backtest`]: the run, where its data came from, and the table's report of
/// what it could not price.
#[derive(Debug, Clone)]
pub struct SessionRun {
    /// The spread as written in canonical form.
    pub spread: String,
    /// Where the data came from (real folder or SYNTHETIC fixtures).
    pub origin: Origin,
    /// Summary, ledger and blotter.
    pub result: RunResult,
    table: Arc<TableBuild>,
    book: Book,
}

impl SessionRun {
    /// `"SYNTHETIC"` for model-made data, `"real"` for a data folder.
    pub fn data_label(&self) -> &'static str {
        if self.origin.synthetic {
            "SYNTHETIC"
        } else {
            "real"
        }
    }

    /// The table's build report: every contract priced (and by which source) and every
    /// contract of the roots it could not price, with the reason.
    pub fn report(&self) -> &BuildReport {
        &self.table.report
    }

    /// The contracts of the spread's roots the table could not price, with the reason.
    pub fn unpriced(&self) -> &[UnquotedContract] {
        &self.table.report.unquoted
    }

    /// The price table the run used (shared with the session's cache).
    pub fn table(&self) -> &PriceTable {
        &self.table.table
    }

    /// The table and its report as cached by the session.
    pub fn table_build(&self) -> &Arc<TableBuild> {
        &self.table
    }

    /// The book the run traded.
    pub fn book(&self) -> &Book {
        &self.book
    }
}

impl fmt::Display for SessionRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.result.summary;
        writeln!(
            f,
            "{}: total P&L {:.2} (base currency), {} trades, costs {:.2}, {} .. {}",
            self.spread, s.total_pnl, s.trades, s.costs, s.start, s.end
        )?;
        writeln!(
            f,
            "data: {} ({})",
            self.data_label(),
            self.origin.description
        )?;
        write!(
            f,
            "table: {} contracts priced, {} not priced",
            self.report().priced.len(),
            self.unpriced().len()
        )
    }
}
