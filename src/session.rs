//! [`Session`]: from a data folder (or the embedded synthetic fixtures) to a market, a price
//! table with every default source, and books for spread expressions — the few lines every
//! program and the CLI would otherwise repeat.
//!
//! ```
//! use spreadtrade::contract::RollRule;
//! use spreadtrade::session::Session;
//!
//! let session = Session::open(None)?; // embedded synthetic data, labelled as such
//! let expr = "2×TUM24−1×TYM24".parse()?;
//! let table = session.table_for(&expr, None, None)?;
//! let book = session.book(&expr, &table, &RollRule::default())?;
//! assert_eq!(book.legs().len(), 2);
//! assert!(session.market().origin().synthetic);
//! # Ok::<(), spreadtrade::Error>(())
//! ```

use crate::contract::{ContractCode, RollRule, Root};
use crate::data::{Dataset, RealPrices};
use crate::instrument::SpreadExpr;
use crate::market::{Book, Market, Origin, PriceTable};
use crate::pricing::{
    CurveImpliedSource, DatasetSources, Fidelity, RealPriceSource, TableBuild, TableSpec,
    compare_fidelity,
};
use crate::{Error, Result};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod short;
pub use short::{Backtest, SessionRun};

/// A dataset, its market, and the default quote sources, ready to build price tables.
#[derive(Debug)]
pub struct Session {
    data: Dataset,
    market: Market,
    implied: CurveImpliedSource,
    // Tables built by `Session::cached_table`, by roots and range: built once, shared.
    tables: Mutex<HashMap<TableKey, Arc<TableBuild>>>,
}

/// The key of a cached table: its roots (sorted, without repeats) and its range.
type TableKey = (Vec<Root>, Option<NaiveDate>, Option<NaiveDate>);

/// What [`Session::open`] loads: a data folder or the synthetic fixtures compiled into the
/// library. Built from a path (`&str`, `String`, `&Path`, `PathBuf`) or from an
/// `Option<&Path>` (`None` = synthetic), so that both `Session::open("../shared/data")` and the
/// older `Session::open(None)` / `Session::open(dir.as_deref())` work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSource {
    /// The embedded synthetic fixtures (every output says SYNTHETIC).
    Synthetic,
    /// A data folder such as `../shared/data` (see [`Dataset::load_dir`]).
    Dir(PathBuf),
}

impl From<Option<&Path>> for SessionSource {
    fn from(dir: Option<&Path>) -> Self {
        dir.map_or(SessionSource::Synthetic, |d| {
            SessionSource::Dir(d.to_path_buf())
        })
    }
}

impl From<&Path> for SessionSource {
    fn from(dir: &Path) -> Self {
        SessionSource::Dir(dir.to_path_buf())
    }
}

impl From<PathBuf> for SessionSource {
    fn from(dir: PathBuf) -> Self {
        SessionSource::Dir(dir)
    }
}

impl From<&PathBuf> for SessionSource {
    fn from(dir: &PathBuf) -> Self {
        SessionSource::Dir(dir.clone())
    }
}

impl From<&str> for SessionSource {
    fn from(dir: &str) -> Self {
        SessionSource::Dir(PathBuf::from(dir))
    }
}

impl From<String> for SessionSource {
    fn from(dir: String) -> Self {
        SessionSource::Dir(PathBuf::from(dir))
    }
}

impl Session {
    /// Loads a data folder (see [`Dataset::load_dir`]) or the synthetic fixtures compiled into
    /// the library: `Session::open("../shared/data")`, `Session::open(None)` (synthetic), or
    /// `Session::open(dir.as_deref())` with an `Option<PathBuf>`.
    ///
    /// # Errors
    /// Data errors (file, line, column) and market-building errors.
    pub fn open(source: impl Into<SessionSource>) -> Result<Self> {
        let data = match source.into() {
            SessionSource::Dir(dir) => Dataset::load_dir(&dir)?,
            SessionSource::Synthetic => Dataset::try_embedded_synthetic()?,
        };
        Self::from_dataset(data)
    }

    /// A session on the synthetic fixtures compiled into the library (every output says
    /// SYNTHETIC): the same as `Session::open(None)`.
    ///
    /// # Errors
    /// As [`Session::open`].
    pub fn synthetic() -> Result<Self> {
        Self::open(SessionSource::Synthetic)
    }

    /// A session on an already loaded dataset.
    ///
    /// # Errors
    /// Market-building errors, and errors building the curve-implied source (synthetic
    /// issuance needs the curves).
    pub fn from_dataset(data: Dataset) -> Result<Self> {
        let market = Market::from_dataset(&data)?;
        let implied = CurveImpliedSource::new(&market)?;
        Ok(Session {
            data,
            market,
            implied,
            tables: Mutex::new(HashMap::new()),
        })
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The market.
    pub fn market(&self) -> &Market {
        &self.market
    }

    /// Where the data came from.
    pub fn origin(&self) -> &Origin {
        self.market.origin()
    }

    /// The curve-implied source for bond futures.
    pub fn curve_implied(&self) -> &CurveImpliedSource {
        &self.implied
    }

    /// Builds a price table with the default sources: settlements where the dataset has them,
    /// then the curve-implied model for bond futures, the VX term-structure model and covered
    /// interest parity for EC.
    ///
    /// # Errors
    /// Source and build errors ([`crate::market::MarketError`]).
    pub fn price_table(&self, spec: &TableSpec) -> Result<PriceTable> {
        let sources =
            DatasetSources::new(&self.market, &self.data)?.with_bond_futures_source(&self.implied);
        Ok(PriceTable::build(&self.market, spec, &sources.sources())?.table)
    }

    /// Builds a price table with real price files first (in the order given), then the
    /// default sources of [`Session::price_table`] for the days and contracts the files do not
    /// have; every row says which ([`PriceTable::source`]).
    ///
    /// # Errors
    /// As [`Session::price_table`].
    pub fn price_table_with_real(
        &self,
        spec: &TableSpec,
        real: &[&RealPriceSource],
    ) -> Result<PriceTable> {
        let mut sources =
            DatasetSources::new(&self.market, &self.data)?.with_bond_futures_source(&self.implied);
        for r in real {
            sources = sources.with_real_prices(r);
        }
        Ok(PriceTable::build(&self.market, spec, &sources.sources())?.table)
    }

    /// Builds a price table from the model sources only (no settlements, no real files): the
    /// prices a fidelity comparison holds against real ones.
    ///
    /// # Errors
    /// As [`Session::price_table`].
    pub fn model_table(&self, spec: &TableSpec) -> Result<PriceTable> {
        let sources =
            DatasetSources::new(&self.market, &self.data)?.with_bond_futures_source(&self.implied);
        Ok(PriceTable::build(&self.market, spec, &sources.model_sources())?.table)
    }

    /// Compares the model prices of this session with real price files: one file for one
    /// root (`ratios = [1.0]`), or one file per leg of a spread of roots with its signed
    /// ratios, DV01-weighted (see [`crate::pricing::FidelityStats`] and
    /// [`crate::pricing::compare_fidelity`]). The model table holds every contract the files
    /// name in `from..=to`, priced by the model sources only.
    ///
    /// # Errors
    /// [`Error::Fidelity`] (legs and files do not match, no overlap, too few days), and as
    /// [`Session::model_table`].
    pub fn fidelity(
        &self,
        ratios: &[f64],
        real: &[&RealPrices],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Fidelity> {
        let mut codes: Vec<ContractCode> = real
            .iter()
            .flat_map(|f| f.rows.iter())
            .filter(|r| (from..=to).contains(&r.date))
            .map(|r| r.contract)
            .collect();
        codes.sort();
        codes.dedup();
        let table = self.model_table(&TableSpec::for_contracts(codes).with_range(from, to))?;
        Ok(compare_fidelity(&table, ratios, real, from, to)?)
    }

    /// A price table with every contract of the roots of `expr` over `from..=to` (default: the
    /// whole history).
    ///
    /// # Errors
    /// As [`Session::price_table`].
    pub fn table_for(
        &self,
        expr: &SpreadExpr,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<PriceTable> {
        let mut roots: Vec<Root> = expr.legs().iter().map(|l| l.root()).collect();
        roots.sort();
        roots.dedup();
        let mut spec = TableSpec::new(roots);
        if let Some(from) = from {
            spec = spec.with_from(from);
        }
        if let Some(to) = to {
            spec = spec.with_to(to);
        }
        self.price_table(&spec)
    }

    /// The book of `expr` in `table` under `rule` ([`Book::from_expr`]).
    ///
    /// # Errors
    /// [`Error::Market`] when a leg's contract is not in the table or cannot be scheduled.
    pub fn book(&self, expr: &SpreadExpr, table: &PriceTable, rule: &RollRule) -> Result<Book> {
        Book::from_expr(expr, table, rule).map_err(Error::from)
    }

    /// The table (and its build report) with every contract of `roots` over `from..=to`
    /// (default: the whole history), built with the default sources of
    /// [`Session::price_table`] on the first call and shared by every later call with the
    /// same roots and range (the same `Arc`). Safe to call from several threads; a table is
    /// built at most once per key.
    ///
    /// # Errors
    /// As [`Session::price_table`] (an error is not cached: the next call tries again).
    pub fn cached_table(
        &self,
        roots: impl IntoIterator<Item = Root>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Arc<TableBuild>> {
        let mut roots: Vec<Root> = roots.into_iter().collect();
        roots.sort();
        roots.dedup();
        let key: TableKey = (roots, from, to);
        // The lock is held while building, so that two threads asking for the same table do
        // not build it twice; a poisoned lock (a panic elsewhere) still holds valid tables.
        let mut tables = self
            .tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(built) = tables.get(&key) {
            return Ok(Arc::clone(built));
        }
        let mut spec = TableSpec::new(key.0.iter().copied());
        if let Some(from) = from {
            spec = spec.with_from(from);
        }
        if let Some(to) = to {
            spec = spec.with_to(to);
        }
        let sources =
            DatasetSources::new(&self.market, &self.data)?.with_bond_futures_source(&self.implied);
        let built = Arc::new(PriceTable::build(&self.market, &spec, &sources.sources())?);
        tables.insert(key, Arc::clone(&built));
        Ok(built)
    }

    /// A backtest of `spread` on this session's market, to configure and run in a few lines
    /// (see [`Backtest`]): the table is built (and cached) by the session, and the result
    /// says where the data came from and what the table could not price.
    ///
    /// ```
    /// use spreadtrade::session::Session;
    /// use spreadtrade::strategy::Exit;
    ///
    /// let s = Session::synthetic()?;
    /// let entry = chrono::NaiveDate::from_ymd_opt(2024, 3, 19).unwrap();
    /// let run = s.backtest("2×TUM24−1×TYM24")?.dv01_neutral().hold(entry, Exit::AfterDays(5), 10_000.0).run()?;
    /// assert!(run.origin.synthetic);
    /// println!("{} P&L {:.0}: {}", run.data_label(), run.result.summary.total_pnl, run.unpriced().len());
    /// # Ok::<(), spreadtrade::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Expr`] for an invalid spread expression.
    pub fn backtest(&self, spread: &str) -> Result<Backtest<'_>> {
        let expr: SpreadExpr = spread.parse()?;
        Ok(Backtest::new(self, expr))
    }
}
