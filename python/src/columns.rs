//! Columns for pandas: each a name and one typed vector, handed to Python as a contiguous
//! byte buffer (`bytearray`, read with `numpy.frombuffer`) or, for text, a list of `str`.
//! The Python side (`spreadtrade/_frames.py`) builds the DataFrame from these columns; no
//! table is ever built row by row.
//!
//! # Conventions
//! - `f64`: missing values (`None` in the library) are NaN.
//! - `date`: days since 1970-01-01 as `i64` (numpy `datetime64[D]`).
//! - `str`: `None` stays `None`.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyList, PyTuple};
use serde_json::Value;
use spreadtrade::backtest::RunResult;
use spreadtrade::units::Currency;

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Floats; NaN where missing.
    F64(Vec<f64>),
    /// Integers.
    I64(Vec<i64>),
    /// Booleans.
    Bool(Vec<bool>),
    /// Dates, as days since 1970-01-01.
    Date(Vec<i64>),
    /// Text.
    Str(Vec<Option<String>>),
}

/// A named column.
pub type Column = (String, Values);

/// Days since 1970-01-01.
pub fn epoch_days(d: NaiveDate) -> i64 {
    // 719_163 = days from 0001-01-01 (CE day 1) to 1970-01-01.
    i64::from(chrono::Datelike::num_days_from_ce(&d)) - 719_163
}

fn opt(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// The daily ledger as columns, the columns of `ledger.csv`
/// ([`spreadtrade::report::ledger_csv`]): `date, pnl, costs, equity, dv01, margin`, `pnl_C` and
/// `cash_C` per currency, then per leg `legN_instrument, legN_contracts, legN_price, legN_pnl,
/// legN_dv01` (NaN / `None` where a leg holds nothing).
///
/// The one place the ledger's layout is read for Python.
pub fn ledger_columns(result: &RunResult) -> Vec<Column> {
    let l = &result.ledger;
    let f =
        |name: &str, values: &[f64]| -> Column { (name.to_owned(), Values::F64(values.to_vec())) };
    let opt_col = |name: String, values: &[Option<f64>]| -> Column {
        (name, Values::F64(values.iter().map(|x| opt(*x)).collect()))
    };
    let mut cols = vec![
        (
            "date".to_owned(),
            Values::Date(l.dates().iter().map(|d| epoch_days(*d)).collect()),
        ),
        f("pnl", l.pnl()),
        f("costs", l.costs()),
        f("equity", l.equity()),
        f("dv01", l.dv01()),
        f("margin", l.margin()),
    ];
    for c in Currency::ALL {
        cols.push((format!("pnl_{c}"), Values::F64(l.pnl_in(c))));
    }
    for c in Currency::ALL {
        cols.push((format!("cash_{c}"), Values::F64(l.cash_in(c))));
    }
    for (i, leg) in l.legs().enumerate() {
        let n = i + 1;
        cols.push((
            format!("leg{n}_instrument"),
            Values::Str(leg.instruments().map(|x| x.map(str::to_owned)).collect()),
        ));
        cols.push((
            format!("leg{n}_contracts"),
            Values::I64(leg.contracts().to_vec()),
        ));
        cols.push(opt_col(format!("leg{n}_price"), leg.price()));
        cols.push((format!("leg{n}_pnl"), Values::F64(leg.pnl().to_vec())));
        cols.push(opt_col(format!("leg{n}_dv01"), leg.dv01()));
    }
    cols
}

/// The blotter as columns, the columns of `trades.csv`: `date, leg, instrument, quantity,
/// market_price, fill_price, commission, slippage, currency, reason`.
pub fn trade_columns(result: &RunResult) -> Vec<Column> {
    let t = &result.trades;
    let f = |name: &str, get: &dyn Fn(&spreadtrade::backtest::Trade) -> f64| -> Column {
        (name.to_owned(), Values::F64(t.iter().map(get).collect()))
    };
    let reason = |r: &spreadtrade::backtest::Trade| match serde_json::to_value(r.reason) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("unprintable reason: {e}"),
    };
    vec![
        (
            "date".to_owned(),
            Values::Date(t.iter().map(|x| epoch_days(x.date)).collect()),
        ),
        (
            "leg".to_owned(),
            Values::I64(t.iter().map(|x| x.leg as i64).collect()),
        ),
        (
            "instrument".to_owned(),
            Values::Str(t.iter().map(|x| Some(x.instrument.to_string())).collect()),
        ),
        (
            "quantity".to_owned(),
            Values::I64(t.iter().map(|x| x.quantity).collect()),
        ),
        f("market_price", &|x| x.market_price),
        f("fill_price", &|x| x.fill_price),
        f("commission", &|x| x.commission),
        f("slippage", &|x| x.slippage),
        (
            "currency".to_owned(),
            Values::Str(
                t.iter()
                    .map(|x| Some(x.currency.code().to_owned()))
                    .collect(),
            ),
        ),
        (
            "reason".to_owned(),
            Values::Str(t.iter().map(|x| Some(reason(x))).collect()),
        ),
    ]
}

/// A JSON object's entries in the order written (serde_json's own map sorts its keys).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ordered(pub Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

impl Ordered {
    /// `value`'s fields in declaration order.
    ///
    /// # Errors
    /// When `value` does not serialise to a JSON object.
    pub fn of<T: serde::Serialize>(value: &T) -> serde_json::Result<Self> {
        serde_json::from_str(&serde_json::to_string(value)?)
    }
}

/// Columns from JSON objects with the same keys in the same order (sweep rows), in the first
/// row's order: numbers become `i64` when every value is an integer, else `f64` (`null` =
/// NaN); booleans `bool`; text `str`, or `date` for the keys in `date_keys`.
pub fn columns_from_rows(rows: &[Ordered], date_keys: &[&str]) -> Vec<Column> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    first
        .0
        .iter()
        .enumerate()
        .map(|(i, (key, _))| {
            let vals: Vec<&Value> = rows
                .iter()
                .map(|r| match r.0.get(i) {
                    Some((k, v)) if k == key => v,
                    _ => {
                        r.0.iter()
                            .find(|(k, _)| k == key)
                            .map_or(&Value::Null, |(_, v)| v)
                    }
                })
                .collect();
            let values = if date_keys.contains(&key.as_str()) {
                let days: Option<Vec<i64>> = vals
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                            .map(epoch_days)
                    })
                    .collect();
                match days {
                    Some(d) => Values::Date(d),
                    None => text(&vals),
                }
            } else if vals.iter().all(|v| v.is_i64() || v.is_u64()) {
                Values::I64(
                    vals.iter()
                        .map(|v| v.as_i64().unwrap_or(i64::MAX))
                        .collect(),
                )
            } else if vals.iter().all(|v| v.is_number() || v.is_null()) {
                Values::F64(
                    vals.iter()
                        .map(|v| v.as_f64().unwrap_or(f64::NAN))
                        .collect(),
                )
            } else if vals.iter().all(|v| v.is_boolean()) {
                Values::Bool(vals.iter().map(|v| v.as_bool() == Some(true)).collect())
            } else {
                text(&vals)
            };
            (key.clone(), values)
        })
        .collect()
}

fn text(vals: &[&Value]) -> Values {
    Values::Str(
        vals.iter()
            .map(|v| match v {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            })
            .collect(),
    )
}

fn bytes_of<T: Copy, const N: usize>(xs: &[T], to: impl Fn(T) -> [u8; N]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xs.len() * N);
    for &x in xs {
        out.extend_from_slice(&to(x));
    }
    out
}

/// The columns as a Python list of `(name, kind, payload)`: kind `f64`, `i64`, `bool`, `date`
/// with a `bytearray` of native-endian values, or `str` with a list.
pub fn to_python<'py>(py: Python<'py>, cols: Vec<Column>) -> PyResult<Bound<'py, PyList>> {
    let items: Vec<Bound<'py, PyTuple>> = cols
        .into_iter()
        .map(|(name, values)| {
            let (kind, payload): (&str, Bound<'py, PyAny>) = match values {
                Values::F64(v) => (
                    "f64",
                    PyByteArray::new(py, &bytes_of(&v, f64::to_ne_bytes)).into_any(),
                ),
                Values::I64(v) => (
                    "i64",
                    PyByteArray::new(py, &bytes_of(&v, i64::to_ne_bytes)).into_any(),
                ),
                Values::Date(v) => (
                    "date",
                    PyByteArray::new(py, &bytes_of(&v, i64::to_ne_bytes)).into_any(),
                ),
                Values::Bool(v) => (
                    "bool",
                    PyByteArray::new(py, &v.iter().map(|&b| u8::from(b)).collect::<Vec<u8>>())
                        .into_any(),
                ),
                Values::Str(v) => ("str", PyList::new(py, v)?.into_any()),
            };
            PyTuple::new(
                py,
                [
                    name.into_pyobject(py)?.into_any(),
                    kind.into_pyobject(py)?.into_any(),
                    payload,
                ],
            )
        })
        .collect::<PyResult<_>>()?;
    PyList::new(py, items)
}
