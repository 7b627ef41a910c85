//! `spreadtrade._spreadtrade`: the compiled half of the Python package `spreadtrade` (PyO3,
//! stable ABI for CPython ≥ 3.9). The pure-Python half (`python/spreadtrade/`) builds pandas
//! DataFrames from the columns returned here and documents every call (`__init__.pyi`).
//!
//! Everything here goes through the library's public API: [`spreadtrade::query`] for the
//! command line's JSON documents, [`spreadtrade::session::Session`] for data, and
//! [`spreadtrade::runfile::RunFile`] for backtests and sweeps, so that the package and the
//! command line give the same numbers and the same error messages.
//!
//! # Errors
//! Every library error becomes `spreadtrade.SpreadtradeError` (a `ValueError`) whose message
//! is the one line the command line prints after `error: `.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde_json::{Value, json};
use spreadtrade::backtest::Shard;
use spreadtrade::contract::ContractCode;
use spreadtrade::market::{PriceSource, PriceTable};
use spreadtrade::pricing::{DatasetSources, TableSpec};
use spreadtrade::query::{self, BondQuery};
use spreadtrade::runfile::{PortfolioFile, RunDone, RunFile};
use spreadtrade::session::Session;
use spreadtrade::units::Currency;
use std::path::{Path, PathBuf};

mod columns;
use columns::{
    Column, Ordered, Values, columns_from_rows, epoch_days, ledger_columns, to_python,
    trade_columns,
};

create_exception!(
    spreadtrade,
    SpreadtradeError,
    PyValueError,
    "An input spreadtrade cannot use; the message is the one line the `spreadtrade` command prints after `error: `."
);

/// A library error as a `SpreadtradeError` with the command line's message.
fn err(e: impl std::fmt::Display) -> PyErr {
    SpreadtradeError::new_err(e.to_string())
}

/// A JSON value as Python objects (dict, list, str, float, int, bool, None).
fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let items: Vec<Bound<'py, PyAny>> =
                a.iter().map(|x| to_py(py, x)).collect::<PyResult<_>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A date argument as `YYYY-MM-DD` text: a `str` as given, a `datetime.date` through its
/// `isoformat()`; a `datetime.datetime` (or pandas `Timestamp`) is refused rather than
/// silently cut to its date.
fn date_text(arg: &Bound<'_, PyAny>, flag: &str) -> PyResult<String> {
    if let Ok(s) = arg.cast::<PyString>() {
        return s.to_cow().map(std::borrow::Cow::into_owned);
    }
    // The `datetime` types, looked up once per interpreter (an `isinstance` test, not an
    // attribute probe: a missing attribute costs a Python exception).
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let py = arg.py();
    if arg.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return Err(err(format!(
            "invalid {flag}: expected a date (datetime.date or YYYY-MM-DD), found a datetime {}",
            arg.str()?
        )));
    }
    if arg.is_instance(DATE.import(py, "datetime", "date")?)? {
        let part = |name: &Bound<'_, PyString>| -> PyResult<i64> { arg.getattr(name)?.extract() };
        return Ok(format!(
            "{:04}-{:02}-{:02}",
            part(pyo3::intern!(py, "year"))?,
            part(pyo3::intern!(py, "month"))?,
            part(pyo3::intern!(py, "day"))?
        ));
    }
    // Any other object with a date's `isoformat()` (a `date` subclass from another library).
    match arg.call_method0("isoformat") {
        Ok(text) if !arg.hasattr("hour")? => Ok(text.extract::<String>()?),
        _ => Err(err(format!(
            "invalid {flag}: expected a date (datetime.date or YYYY-MM-DD), found {}",
            arg.repr()?
        ))),
    }
}

fn opt_date_text(arg: Option<&Bound<'_, PyAny>>, flag: &str) -> PyResult<Option<String>> {
    match arg {
        Some(a) if !a.is_none() => date_text(a, flag).map(Some),
        _ => Ok(None),
    }
}

/// parse(expr) -> dict: the canonical form and the legs of a spread expression.
#[pyfunction]
fn parse<'py>(py: Python<'py>, expr: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &query::parse_json(expr).map_err(err)?)
}

/// contract(code, date=None) -> dict: a contract's specification and exchange dates.
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn contract<'py>(
    py: Python<'py>,
    code: &str,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let date = match opt_date_text(date, "--date")? {
        Some(t) => Some(query::parse_date("--date", &t).map_err(err)?),
        None => None,
    };
    to_py(py, &query::contract_json(code, date).map_err(err)?)
}

/// cf(contract, coupon, maturity, frequency=2, reference_date=None) -> float.
#[pyfunction]
#[pyo3(signature = (contract, coupon, maturity, frequency=2, reference_date=None))]
fn cf(
    contract: &str,
    coupon: f64,
    maturity: &Bound<'_, PyAny>,
    frequency: u32,
    reference_date: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let maturity = date_text(maturity, "--maturity")?;
    let reference = opt_date_text(reference_date, "--reference-date")?;
    let doc = query::cf_json(contract, coupon, &maturity, frequency, reference.as_deref())
        .map_err(err)?;
    doc["conversion_factor"].as_f64().ok_or_else(|| {
        err(format!(
            "the conversion factor of {contract} is not a number: {doc}"
        ))
    })
}

/// cf_detail(...) -> dict: the whole document of `spreadtrade cf --json`.
#[pyfunction]
#[pyo3(signature = (contract, coupon, maturity, frequency=2, reference_date=None))]
fn cf_detail<'py>(
    py: Python<'py>,
    contract: &str,
    coupon: f64,
    maturity: &Bound<'py, PyAny>,
    frequency: u32,
    reference_date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let maturity = date_text(maturity, "--maturity")?;
    let reference = opt_date_text(reference_date, "--reference-date")?;
    let doc = query::cf_json(contract, coupon, &maturity, frequency, reference.as_deref())
        .map_err(err)?;
    to_py(py, &doc)
}

/// bond(coupon, maturity, settle, *, yield_=None, price=None, frequency=2, market="ust",
/// issue=None) -> dict: price and risk of a fixed-coupon bond (percent coupons and yields).
#[pyfunction]
#[pyo3(signature = (coupon, maturity, settle, *, yield_=None, price=None, frequency=2, market="ust", issue=None))]
#[allow(clippy::too_many_arguments)]
fn bond<'py>(
    py: Python<'py>,
    coupon: f64,
    maturity: &Bound<'py, PyAny>,
    settle: &Bound<'py, PyAny>,
    yield_: Option<f64>,
    price: Option<f64>,
    frequency: u32,
    market: &str,
    issue: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let maturity = date_text(maturity, "--maturity")?;
    let settle = date_text(settle, "--settle")?;
    let issue = opt_date_text(issue, "--issue")?;
    let q = BondQuery {
        coupon_pct: coupon,
        maturity: &maturity,
        settle: &settle,
        yield_pct: yield_,
        price,
        frequency,
        issue: issue.as_deref(),
        market,
    };
    // The CLI's `--json` keys and values (`query::bond_figures`), straight into a dict.
    // Its keys are the same eight on every call: made into Python strings once.
    static KEYS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
    let figures = query::bond_figures(&q).map_err(err)?;
    let keys = KEYS.get_or_init(py, || {
        figures
            .iter()
            .map(|(key, _)| PyString::intern(py, key).unbind())
            .collect()
    });
    let d = PyDict::new(py);
    for (key, (name, value)) in keys.iter().zip(figures) {
        debug_assert_eq!(key.bind(py).to_cow().ok().as_deref(), Some(name));
        d.set_item(key.bind(py), value)?;
    }
    Ok(d.into_any())
}

/// The session behind `spreadtrade.Session`: the data, loaded once.
#[pyclass(frozen, module = "spreadtrade._spreadtrade")]
struct RawSession {
    session: Session,
    /// The data folder, canonical, or `None` for the embedded synthetic fixtures.
    dir: Option<PathBuf>,
}

/// The data description the command line prints (`data` of `curve --json`, `prices --json`).
fn data_info(session: &Session, embedded: bool) -> Value {
    query::data_json(session.origin(), embedded)
}

/// A run file given as a path (TOML or JSON) or as JSON text (a dict, `label` in messages).
fn load_run_file(config: &str, is_path: bool) -> PyResult<(RunFile, PathBuf)> {
    if is_path {
        let path = PathBuf::from(config);
        if PortfolioFile::is_portfolio(&path) {
            return Err(err(format!(
                "{}: a portfolio run file ([[trade]] tables) is not supported by Session.backtest; run it with `spreadtrade backtest`",
                path.display()
            )));
        }
        let file = RunFile::load(&path).map_err(err)?;
        Ok((file, path))
    } else {
        let path = PathBuf::from("<dict>");
        let file = RunFile::from_json_str(config, &path).map_err(err)?;
        Ok((file, path))
    }
}

impl RawSession {
    /// Refuses a run file whose `data` is not this session's data.
    fn check_data(&self, file: &RunFile, path: &Path) -> PyResult<()> {
        let Some(named) = file.data_dir(path) else {
            return Ok(());
        };
        let canonical = named.canonicalize().ok();
        if canonical.is_some() && canonical == self.dir {
            return Ok(());
        }
        let this = self.dir.as_ref().map_or_else(
            || "the embedded SYNTHETIC fixtures".to_owned(),
            |d| d.display().to_string(),
        );
        Err(err(format!(
            "{}: invalid value for data: the run file names {} but this session holds {this}; open spreadtrade.Session({:?}) or leave data out",
            path.display(),
            named.display(),
            named.display().to_string()
        )))
    }
}

#[pymethods]
impl RawSession {
    #[new]
    #[pyo3(signature = (data=None))]
    fn new(py: Python<'_>, data: Option<PathBuf>) -> PyResult<Self> {
        let session = py.detach(|| Session::open(data.as_deref())).map_err(err)?;
        let dir = data.map(|d| d.canonicalize().unwrap_or(d));
        Ok(RawSession { session, dir })
    }

    /// `{"synthetic": bool, "description": str}` as the command line's `data` key.
    fn origin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &data_info(&self.session, self.dir.is_none()))
    }

    /// The data folder, or None for the embedded synthetic fixtures.
    fn data_dir(&self) -> Option<PathBuf> {
        self.dir.clone()
    }

    /// `curve --json` (with `data`): the par nodes and zero rates on a date.
    fn curve<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        currency: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = date_text(date, "--date")?;
        let date = query::parse_date("--date", &text).map_err(err)?;
        let ccy: Currency = currency.parse().map_err(err)?;
        let mut doc = query::curve_json(self.session.market(), ccy, date).map_err(err)?;
        doc["data"] = data_info(&self.session, self.dir.is_none());
        to_py(py, &doc)
    }

    /// The curve's nodes as columns: `tenor, years, par_yield, zero_rate, discount_factor`
    /// (percent; NaN where a node has no zero rate, the overnight/0-year node).
    fn curve_columns<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        currency: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let text = date_text(date, "--date")?;
        let date = query::parse_date("--date", &text).map_err(err)?;
        let ccy: Currency = currency.parse().map_err(err)?;
        let doc = query::curve_json(self.session.market(), ccy, date).map_err(err)?;
        let empty = Vec::new();
        let par = doc["par"].as_array().unwrap_or(&empty);
        let zero = doc["zero"].as_array().unwrap_or(&empty);
        let zero_at = |years: f64, key: &str| {
            zero.iter()
                .find(|z| z["years"].as_f64() == Some(years))
                .and_then(|z| z[key].as_f64())
                .unwrap_or(f64::NAN)
        };
        let years: Vec<f64> = par
            .iter()
            .map(|p| p["years"].as_f64().unwrap_or(f64::NAN))
            .collect();
        let cols: Vec<Column> = vec![
            (
                "tenor".into(),
                Values::Str(
                    par.iter()
                        .map(|p| p["tenor"].as_str().map(str::to_owned))
                        .collect(),
                ),
            ),
            ("years".into(), Values::F64(years.clone())),
            (
                "par_yield".into(),
                Values::F64(
                    par.iter()
                        .map(|p| p["yield"].as_f64().unwrap_or(f64::NAN))
                        .collect(),
                ),
            ),
            (
                "zero_rate".into(),
                Values::F64(years.iter().map(|&y| zero_at(y, "zero_rate")).collect()),
            ),
            (
                "discount_factor".into(),
                Values::F64(
                    years
                        .iter()
                        .map(|&y| zero_at(y, "discount_factor"))
                        .collect(),
                ),
            ),
        ];
        to_python(py, cols)
    }

    /// The price table's rows for one contract from `start` to `end`, as `spreadtrade prices`
    /// shows them: `date, price, dv01, ctd, conversion_factor, traded, source`.
    fn prices<'py>(
        &self,
        py: Python<'py>,
        contract: &str,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let code: ContractCode = contract
            .parse()
            .map_err(|e| err(format!("{contract:?}: {e}")))?;
        let from = query::parse_date("--from", &date_text(start, "--from")?).map_err(err)?;
        let to = query::parse_date("--to", &date_text(end, "--to")?).map_err(err)?;
        if from > to {
            return Err(err(format!(
                "expected --from on or before --to, found {from} after {to}"
            )));
        }
        let cols = py.detach(|| price_columns(&self.session, code, from, to))?;
        to_python(py, cols)
    }

    /// Runs a run file (`is_path`) or its JSON text; returns the run, not yet written.
    fn backtest(&self, py: Python<'_>, config: &str, is_path: bool) -> PyResult<RawRun> {
        let (file, path) = load_run_file(config, is_path)?;
        self.check_data(&file, &path)?;
        let done = py
            .detach(|| file.run_in(&self.session, &path))
            .map_err(err)?;
        Ok(RawRun { done })
    }

    /// Runs a run file's `[sweep]` grid, or the block `shard` = (i, n), i from 1 to n.
    /// Returns `(columns, manifest)`.
    #[pyo3(signature = (config, is_path, shard=None))]
    fn sweep<'py>(
        &self,
        py: Python<'py>,
        config: &str,
        is_path: bool,
        shard: Option<(i64, i64)>,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyAny>)> {
        let (file, path) = load_run_file(config, is_path)?;
        self.check_data(&file, &path)?;
        // The command line's `--shard I/N`, with its checks and messages.
        let shard: Option<Shard> = match shard {
            Some((i, n)) => Some(format!("{i}/{n}").parse().map_err(err)?),
            None => None,
        };
        let block = py
            .detach(|| file.sweep_in(&self.session, &path, shard))
            .map_err(err)?;
        let params = block.params();
        let rows: Vec<Ordered> = block
            .runs
            .iter()
            .map(|r| {
                let (w, k) = params
                    .get(r.index)
                    .copied()
                    .map_or((Value::Null, Value::Null), |(w, k)| (json!(w), json!(k)));
                let mut row = vec![
                    ("index".to_owned(), json!(r.index)),
                    ("window".to_owned(), w),
                    ("entry".to_owned(), k),
                ];
                row.extend(Ordered::of(&r.summary).map_err(err)?.0);
                Ok(Ordered(row))
            })
            .collect::<PyResult<_>>()?;
        let mut cols = columns_from_rows(&rows, &["start", "end"]);
        if cols.is_empty() {
            // An empty block (more shards than runs): the columns still exist.
            cols = ["index", "window"]
                .iter()
                .map(|k| ((*k).to_owned(), Values::I64(Vec::new())))
                .chain(std::iter::once((
                    "entry".to_owned(),
                    Values::F64(Vec::new()),
                )))
                .collect();
        }
        let manifest = serde_json::to_value(&block.manifest).map_err(err)?;
        Ok((to_python(py, cols)?, to_py(py, &manifest)?))
    }
}

/// The price table's rows of `code` from `from` to `to`, as columns; the table is built as the
/// command line's `prices` builds it (default sources, only this contract, only this range).
fn price_columns(
    session: &Session,
    code: ContractCode,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> PyResult<Vec<Column>> {
    let market = session.market();
    let sources = DatasetSources::new(market, session.dataset())
        .map_err(err)?
        .with_bond_futures_source(session.curve_implied());
    let spec = TableSpec::for_contracts([code]).with_range(from, to);
    let built = PriceTable::build(market, &spec, &sources.sources()).map_err(err)?;
    if let Some(reason) = built.report.unquoted_reason(&code) {
        return Err(err(format!(
            "{code} is not priced from {from} to {to}: {reason}"
        )));
    }
    let table = &built.table;
    let id = table.require_contract(&code).map_err(err)?;
    let info = table.instrument(id);
    let days: Vec<usize> = (info.first_day()..=info.last_day())
        .filter(|&d| table.price(id, d).is_some())
        .collect();
    let ctd: Vec<_> = days.iter().map(|&d| table.ctd(id, d)).collect();
    Ok(vec![
        (
            "date".into(),
            Values::Date(days.iter().map(|&d| epoch_days(table.dates()[d])).collect()),
        ),
        (
            "price".into(),
            Values::F64(
                days.iter()
                    .map(|&d| table.price(id, d).unwrap_or(f64::NAN))
                    .collect(),
            ),
        ),
        (
            "dv01".into(),
            Values::F64(
                days.iter()
                    .map(|&d| table.dv01(id, d).unwrap_or(f64::NAN))
                    .collect(),
            ),
        ),
        (
            "ctd".into(),
            Values::Str(ctd.iter().map(|c| c.map(|(b, _)| b.id.clone())).collect()),
        ),
        (
            "conversion_factor".into(),
            Values::F64(
                ctd.iter()
                    .map(|c| c.map_or(f64::NAN, |(_, cf)| cf))
                    .collect(),
            ),
        ),
        (
            "traded".into(),
            Values::Bool(days.iter().map(|&d| table.traded(id, d)).collect()),
        ),
        (
            "source".into(),
            Values::Str(
                days.iter()
                    .map(|&d| {
                        table
                            .source(id, d)
                            .map(|s: PriceSource| s.label().to_owned())
                    })
                    .collect(),
            ),
        ),
    ])
}

/// A finished backtest (or sweep with its best run), behind `spreadtrade.BacktestResult`.
#[pyclass(frozen, module = "spreadtrade._spreadtrade")]
struct RawRun {
    done: RunDone,
}

#[pymethods]
impl RawRun {
    /// `summary` of `summary.json`.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(
            py,
            &serde_json::to_value(&self.done.result.summary).map_err(err)?,
        )
    }

    /// The book's description.
    fn book(&self) -> String {
        self.done.result.book.clone()
    }

    /// `{"synthetic", "description"}` of the data.
    fn origin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &serde_json::to_value(&self.done.origin).map_err(err)?)
    }

    /// For a sweep: the best run with its deflated Sharpe ratio (None otherwise).
    fn best<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &serde_json::to_value(&self.done.best).map_err(err)?)
    }

    /// The daily ledger's columns.
    fn ledger<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_python(py, ledger_columns(&self.done.result))
    }

    /// The blotter's columns.
    fn trades<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        to_python(py, trade_columns(&self.done.result))
    }

    /// Writes the files `spreadtrade backtest` writes into `dir`; returns (files, notes).
    fn write(&self, py: Python<'_>, dir: PathBuf) -> PyResult<(Vec<PathBuf>, Vec<String>)> {
        let written = py.detach(|| self.done.write(&dir)).map_err(err)?;
        Ok((written.files, written.notes))
    }
}

/// The compiled module.
#[pymodule]
fn _spreadtrade(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SpreadtradeError", m.py().get_type::<SpreadtradeError>())?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(contract, m)?)?;
    m.add_function(wrap_pyfunction!(cf, m)?)?;
    m.add_function(wrap_pyfunction!(cf_detail, m)?)?;
    m.add_function(wrap_pyfunction!(bond, m)?)?;
    m.add_class::<RawSession>()?;
    m.add_class::<RawRun>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
