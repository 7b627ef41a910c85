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
    CurveImpliedSource, DatasetSources, Fidelity, RealPriceSource, TableSpec, compare_fidelity,
};
use crate::{Error, Result};
use chrono::NaiveDate;
use std::path::Path;

/// A dataset, its market, and the default quote sources, ready to build price tables.
#[derive(Debug)]
pub struct Session {
    data: Dataset,
    market: Market,
    implied: CurveImpliedSource,
}

impl Session {
    /// Loads `dir` (see [`Dataset::load_dir`]) or, with `None`, the synthetic fixtures compiled
    /// into the library.
    ///
    /// # Errors
    /// Data errors (file, line, column) and market-building errors.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        let data = match dir {
            Some(dir) => Dataset::load_dir(dir)?,
            None => Dataset::try_embedded_synthetic()?,
        };
        Self::from_dataset(data)
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
}
