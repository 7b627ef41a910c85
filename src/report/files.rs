//! CSV and JSON files for runs and sweeps.

use super::ReportError;
use crate::backtest::{RunResult, SweepRun};
use crate::market::Origin;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The blotter's CSV columns (`trades.csv`), one per field of [`crate::backtest::Trade`].
pub(crate) const BLOTTER_COLUMNS: [&str; 10] = [
    "date",
    "leg",
    "instrument",
    "quantity",
    "market_price",
    "fill_price",
    "commission",
    "slippage",
    "currency",
    "reason",
];

/// The files a report wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Paths, in the order written.
    pub files: Vec<PathBuf>,
    /// What was not written and why (e.g. no `equity.svg` in a build without the `charts`
    /// feature); empty when every file was written.
    pub notes: Vec<String>,
}

pub(super) fn io(path: &Path, e: impl std::fmt::Display) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

pub(super) fn ser(what: &str, e: impl std::fmt::Display) -> ReportError {
    ReportError::Serialize {
        what: what.to_owned(),
        message: e.to_string(),
    }
}

pub(super) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), ReportError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| ser(&path.display().to_string(), e))?;
    std::fs::write(path, text + "\n").map_err(|e| io(path, e))
}

/// The daily ledger as CSV text: `date, pnl, costs, equity, dv01, margin, pnl_USD, pnl_CNY,
/// pnl_EUR, cash_USD, cash_CNY, cash_EUR` (P&L of the day and cash to date per currency, in
/// that currency), then per leg `legN_instrument, legN_contracts, legN_price, legN_pnl, legN_dv01`
/// (empty cells where a leg holds nothing). The DV01 columns are the price table's futures
/// DV01, the method named in the summary's `dv01_method` (`spot-curve` by default).
///
/// # Errors
/// [`ReportError::Serialize`] if the CSV writer fails.
pub fn ledger_csv(result: &RunResult) -> Result<String, ReportError> {
    let legs = result.ledger.leg_count();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["date", "pnl", "costs", "equity", "dv01", "margin"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for kind in ["pnl", "cash"] {
        for c in crate::units::Currency::ALL {
            header.push(format!("{kind}_{c}"));
        }
    }
    for i in 0..legs {
        for f in ["instrument", "contracts", "price", "pnl", "dv01"] {
            header.push(format!("leg{}_{f}", i + 1));
        }
    }
    w.write_record(&header).map_err(|e| ser("ledger", e))?;
    let opt = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for day in &result.ledger {
        let mut row = vec![
            day.date.to_string(),
            day.pnl.to_string(),
            day.costs.to_string(),
            day.equity.to_string(),
            day.dv01.to_string(),
            day.margin.to_string(),
        ];
        for amounts in [&day.pnl_by_currency, &day.cash_by_currency] {
            for c in crate::units::Currency::ALL {
                row.push(amounts.get(c).to_string());
            }
        }
        for leg in day.legs() {
            row.push(leg.instrument.unwrap_or_default().to_owned());
            row.push(leg.contracts.to_string());
            row.push(opt(leg.price));
            row.push(leg.pnl.to_string());
            row.push(opt(leg.dv01));
        }
        w.write_record(&row).map_err(|e| ser("ledger", e))?;
    }
    let bytes = w.into_inner().map_err(|e| ser("ledger", e))?;
    String::from_utf8(bytes).map_err(|e| ser("ledger", e))
}

#[derive(Serialize)]
struct SummaryFile<'a> {
    book: &'a str,
    base_currency: crate::units::Currency,
    data: &'a Origin,
    summary: &'a crate::backtest::RunSummary,
}

/// Writes one run into `dir` (created if needed): `summary.json` (with the data origin), the
/// ledger as `ledger.csv` and `ledger.json`, the blotter as `trades.csv` and `trades.json`
/// and, when the run kept a ledger, `equity.svg` (feature `charts`; without it the chart is
/// left out and [`Written::notes`] says so).
///
/// # Errors
/// [`ReportError::Io`] when a file cannot be written, [`ReportError::Serialize`] or
/// [`ReportError::Chart`] when formatting fails.
pub fn write_run(result: &RunResult, origin: &Origin, dir: &Path) -> Result<Written, ReportError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut files = Vec::new();
    let summary = dir.join("summary.json");
    write_json(
        &summary,
        &SummaryFile {
            book: &result.book,
            base_currency: result.base_currency,
            data: origin,
            summary: &result.summary,
        },
    )?;
    files.push(summary);
    let ledger = dir.join("ledger.csv");
    std::fs::write(&ledger, ledger_csv(result)?).map_err(|e| io(&ledger, e))?;
    files.push(ledger);
    let ledger_json = dir.join("ledger.json");
    write_json(&ledger_json, &result.ledger)?;
    files.push(ledger_json);
    let trades_json = dir.join("trades.json");
    write_json(&trades_json, &result.trades)?;
    files.push(trades_json);
    let trades = dir.join("trades.csv");
    let mut w = csv::Writer::from_path(&trades).map_err(|e| io(&trades, e))?;
    if result.trades.is_empty() {
        w.write_record(BLOTTER_COLUMNS)
            .map_err(|e| ser("trades", e))?;
    }
    for t in &result.trades {
        w.serialize(t).map_err(|e| ser("trades", e))?;
    }
    w.flush().map_err(|e| io(&trades, e))?;
    files.push(trades);
    #[cfg_attr(
        feature = "charts",
        expect(unused_mut, reason = "notes only without charts")
    )]
    let mut notes = Vec::new();
    if !result.ledger.is_empty() {
        let chart = dir.join("equity.svg");
        #[cfg(feature = "charts")]
        {
            super::equity_chart(result, origin, &chart)?;
            files.push(chart);
        }
        #[cfg(not(feature = "charts"))]
        notes.push(format!(
            "no chart: {} not drawn (spreadtrade was built without the `charts` feature)",
            chart.display()
        ));
    }
    Ok(Written { files, notes })
}

/// Writes a sweep's runs into `dir`: `sweep.csv` (one row per run: index, the parameters as
/// given by `params`, then the summary figures) and `sweep.json`.
///
/// # Errors
/// As [`write_run`].
pub fn write_sweep<P: Serialize>(
    runs: &[SweepRun],
    params: &[P],
    origin: &Origin,
    dir: &Path,
) -> Result<Written, ReportError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    #[derive(Serialize)]
    struct Row<'a, P> {
        index: usize,
        params: Option<&'a P>,
        #[serde(flatten)]
        summary: &'a crate::backtest::RunSummary,
    }
    let json = dir.join("sweep.json");
    let rows: Vec<Row<'_, P>> = runs
        .iter()
        .map(|r| Row {
            index: r.index,
            params: params.get(r.index),
            summary: &r.summary,
        })
        .collect();
    #[derive(Serialize)]
    struct SweepFile<'a, P> {
        data: &'a Origin,
        runs: &'a [Row<'a, P>],
    }
    write_json(
        &json,
        &SweepFile {
            data: origin,
            runs: &rows,
        },
    )?;
    let csv_path = dir.join("sweep.csv");
    let mut w = csv::Writer::from_path(&csv_path).map_err(|e| io(&csv_path, e))?;
    w.write_record([
        "index",
        "params",
        "total_pnl",
        "sharpe",
        "sortino",
        "max_drawdown",
        "calmar",
        "hit_rate",
        "trades",
        "position_changes",
        "costs",
    ])
    .map_err(|e| ser("sweep", e))?;
    let opt = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for r in &rows {
        let p = serde_json::to_string(&r.params).map_err(|e| ser("sweep params", e))?;
        let s = r.summary;
        w.write_record([
            r.index.to_string(),
            p,
            s.total_pnl.to_string(),
            opt(s.sharpe),
            opt(s.sortino),
            s.max_drawdown.to_string(),
            opt(s.calmar),
            opt(s.hit_rate),
            s.trades.to_string(),
            s.position_changes.to_string(),
            s.costs.to_string(),
        ])
        .map_err(|e| ser("sweep", e))?;
    }
    w.flush().map_err(|e| io(&csv_path, e))?;
    Ok(Written {
        files: vec![json, csv_path],
        notes: Vec::new(),
    })
}
