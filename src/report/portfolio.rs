//! Outputs of a portfolio run ([`PortfolioResult`]): the per-trade table, `summary.json`, the
//! ledger and blotter as CSV/JSON, and a chart of each trade's cumulative P&L and the total.
//!
//! Every output says, per trade, where its prices came from (real or a model, and SYNTHETIC
//! for the embedded fixtures; [`crate::backtest::Provenance`]).

use super::{ReportError, Written};
use crate::backtest::PortfolioResult;
use crate::market::Origin;
use crate::units::Currency;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

use super::files::{io, ser, write_json};

/// The per-trade table: name, spread, contracts held at entry, P&L in the trade's currency
/// and in the base currency, mean DV01 carried (trade currency per bp), max drawdown (base
/// currency), prices; then the total and the portfolio's figures.
pub fn portfolio_table(result: &PortfolioResult, origin: &Origin) -> String {
    let base = result.base_currency;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "data: {}{}",
        origin.description,
        if origin.synthetic {
            "  (SYNTHETIC: model-made prices)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "{:<16} {:<18} {:<26} {:>13} {:>4} {:>13} {:>10} {:>11}  prices",
        "trade",
        "spread",
        "held",
        "P&L",
        "ccy",
        format!("P&L {base}"),
        "DV01/bp",
        format!("maxDD {base}")
    );
    for t in &result.trades {
        let _ = writeln!(
            s,
            "{:<16} {:<18} {:<26} {:>13.2} {:>4} {:>13.2} {:>10} {:>11.2}  {}",
            t.name,
            t.spread,
            t.held,
            t.total_pnl,
            t.currency,
            t.total_pnl_base,
            t.dv01_carried.map_or("-".to_owned(), |d| format!("{d:.1}")),
            t.max_drawdown,
            t.provenance.label()
        );
    }
    let p = &result.summary;
    let _ = writeln!(
        s,
        "{:<16} {:<18} {:<26} {:>13} {:>4} {:>13.2} {:>10} {:>11.2}",
        "total", "", "", "", "", p.total_pnl, "", p.max_drawdown
    );
    let _ = writeln!(
        s,
        "portfolio {} to {} ({} days): vol {} {base}/yr, Sharpe {}, costs {:.2}, max margin {:.0}",
        p.start,
        p.end,
        p.days,
        p.volatility.map_or("n/a".to_owned(), |v| format!("{v:.0}")),
        p.sharpe.map_or("n/a".to_owned(), |v| format!("{v:.2}")),
        p.costs,
        p.max_margin
    );
    s
}

/// Writes a portfolio run into `dir` (created if needed): `summary.json` (`trades`: one object
/// per trade with `name`, `spread`, `currency`, `total_pnl` in that currency and
/// `total_pnl_<base>` e.g. `total_pnl_usd`, its prices and its own run summary; `total` with
/// `total_pnl_<base>` and the portfolio figures; `correlation`; `data`), `ledger.csv`/`.json`
/// (one row per day, the totals then per trade), `trades.csv`/`.json` (the blotter with the
/// trade's name) and `pnl.svg` (feature `charts`; without it [`Written::notes`] says so).
///
/// # Errors
/// [`ReportError::Io`], [`ReportError::Serialize`], [`ReportError::Chart`].
pub fn write_portfolio(
    result: &PortfolioResult,
    origin: &Origin,
    dir: &Path,
) -> Result<Written, ReportError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let base = result.base_currency;
    let key = format!("total_pnl_{}", base.to_string().to_lowercase());
    let mut files = Vec::new();
    let trades: Vec<serde_json::Value> = result
        .trades
        .iter()
        .map(|t| {
            let mut o = json!({
                "name": t.name,
                "spread": t.spread,
                "currency": t.currency,
                "total_pnl": t.total_pnl,
                "dv01_carried": t.dv01_carried,
                "max_drawdown": t.max_drawdown,
                "held": t.held,
                "prices": t.provenance.label(),
                "model": t.provenance.model,
                "synthetic": t.provenance.synthetic,
                "sources": t.provenance.sources,
                "summary": t.run.summary,
            });
            o[&key] = json!(t.total_pnl_base);
            o
        })
        .collect();
    let mut total = serde_json::to_value(&result.summary).map_err(|e| ser("summary", e))?;
    total[&key] = json!(result.summary.total_pnl);
    let names: Vec<&str> = result.trades.iter().map(|t| t.name.as_str()).collect();
    let summary = dir.join("summary.json");
    write_json(
        &summary,
        &json!({
            "base_currency": base,
            "capital": result.capital,
            "data": origin,
            "trades": trades,
            "total": total,
            "correlation": { "trades": names, "matrix": result.correlation },
        }),
    )?;
    files.push(summary);

    let ledger = dir.join("ledger.csv");
    let mut w = csv::Writer::from_path(&ledger).map_err(|e| io(&ledger, e))?;
    let mut header: Vec<String> = ["date", "pnl", "costs", "equity", "margin"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for c in Currency::ALL {
        header.push(format!("dv01_{c}"));
    }
    for t in &result.trades {
        for f in ["pnl", "pnl_local", "costs", "contracts", "margin"] {
            header.push(format!("{}.{f}", t.name));
        }
        for c in Currency::ALL {
            header.push(format!("{}.dv01_{c}", t.name));
        }
    }
    w.write_record(&header).map_err(|e| ser("ledger", e))?;
    for (i, day) in result.ledger.iter().enumerate() {
        let mut row = vec![
            day.date.to_string(),
            day.pnl.to_string(),
            day.costs.to_string(),
            day.equity.to_string(),
            day.margin.to_string(),
        ];
        for c in Currency::ALL {
            row.push(day.dv01.get(c).to_string());
        }
        for t in result.trades.iter().map(|t| &t.days[i]) {
            row.push(t.pnl.to_string());
            row.push(t.pnl_local.to_string());
            row.push(t.costs.to_string());
            row.push(t.contracts.to_string());
            row.push(t.margin.to_string());
            for c in Currency::ALL {
                row.push(t.dv01.get(c).to_string());
            }
        }
        w.write_record(&row).map_err(|e| ser("ledger", e))?;
    }
    w.flush().map_err(|e| io(&ledger, e))?;
    files.push(ledger);
    let ledger_json = dir.join("ledger.json");
    let per_trade: Vec<serde_json::Value> = result
        .trades
        .iter()
        .map(|t| json!({ "name": t.name, "days": t.days }))
        .collect();
    write_json(
        &ledger_json,
        &json!({ "days": result.ledger, "trades": per_trade }),
    )?;
    files.push(ledger_json);

    let blotter: Vec<serde_json::Value> = result
        .trades
        .iter()
        .flat_map(|t| {
            t.run.trades.iter().map(move |f| {
                let mut v = serde_json::to_value(f).unwrap_or_default();
                v["trade"] = json!(t.name);
                v
            })
        })
        .collect();
    let trades_json = dir.join("trades.json");
    write_json(&trades_json, &serde_json::Value::Array(blotter))?;
    files.push(trades_json);
    let trades_csv = dir.join("trades.csv");
    let mut w = csv::Writer::from_path(&trades_csv).map_err(|e| io(&trades_csv, e))?;
    w.write_record(std::iter::once("trade").chain(super::files::BLOTTER_COLUMNS))
        .map_err(|e| ser("trades", e))?;
    for t in &result.trades {
        for f in &t.run.trades {
            let reason = serde_json::to_value(f.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            w.write_record([
                t.name.clone(),
                f.date.to_string(),
                f.leg.to_string(),
                f.instrument.to_string(),
                f.quantity.to_string(),
                f.market_price.to_string(),
                f.fill_price.to_string(),
                f.commission.to_string(),
                f.slippage.to_string(),
                f.currency.to_string(),
                reason,
            ])
            .map_err(|e| ser("trades", e))?;
        }
    }
    w.flush().map_err(|e| io(&trades_csv, e))?;
    files.push(trades_csv);

    #[cfg_attr(
        feature = "charts",
        expect(unused_mut, reason = "notes only without charts")
    )]
    let mut notes = Vec::new();
    let chart = dir.join("pnl.svg");
    #[cfg(feature = "charts")]
    {
        pnl_chart(result, origin, &chart)?;
        files.push(chart);
    }
    #[cfg(not(feature = "charts"))]
    notes.push(format!(
        "no chart: {} not drawn (spreadtrade was built without the `charts` feature)",
        chart.display()
    ));
    Ok(Written { files, notes })
}

/// Draws each trade's cumulative base-currency P&L and the total into an SVG file.
///
/// # Errors
/// [`ReportError::Empty`] for a portfolio without days, [`ReportError::Chart`] when drawing
/// or writing fails.
#[cfg(feature = "charts")]
pub fn pnl_chart(
    result: &PortfolioResult,
    origin: &Origin,
    path: &Path,
) -> Result<(), ReportError> {
    use plotters::prelude::*;
    let (Some(first), Some(last)) = (result.ledger.first(), result.ledger.last()) else {
        return Err(ReportError::Empty {
            reason: "the portfolio has no days".to_owned(),
        });
    };
    let chart_err = |e: &dyn std::fmt::Display| ReportError::Chart {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let n = result.trades.len();
    let mut lines: Vec<Vec<(chrono::NaiveDate, f64)>> = vec![Vec::new(); n + 1];
    let mut cum = vec![0.0; n + 1];
    for (i, day) in result.ledger.iter().enumerate() {
        for (t, tr) in result.trades.iter().enumerate() {
            cum[t] += tr.days[i].pnl;
        }
        cum[n] += day.pnl;
        for (line, &c) in lines.iter_mut().zip(&cum) {
            line.push((day.date, c));
        }
    }
    let lo = lines.iter().flatten().map(|p| p.1).fold(0.0_f64, f64::min);
    let hi = lines.iter().flatten().map(|p| p.1).fold(0.0_f64, f64::max);
    let pad = ((hi - lo) * 0.05).max(1e-9);
    let root = SVGBackend::new(path, (960, 540)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| chart_err(&e))?;
    let title = format!(
        "cumulative P&L per trade and total ({}){}",
        result.base_currency,
        if origin.synthetic {
            " — SYNTHETIC data"
        } else {
            ""
        }
    );
    let mut c = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(25)
        .y_label_area_size(80)
        .build_cartesian_2d(first.date..last.date, (lo - pad)..(hi + pad))
        .map_err(|e| chart_err(&e))?;
    c.configure_mesh()
        .light_line_style(WHITE)
        .draw()
        .map_err(|e| chart_err(&e))?;
    for (i, line) in lines.into_iter().enumerate() {
        let (label, style) = if i == n {
            ("total".to_owned(), BLACK.stroke_width(3))
        } else {
            let t = &result.trades[i];
            (
                format!("{} ({})", t.name, t.provenance.label()),
                Palette99::pick(i).stroke_width(2),
            )
        };
        c.draw_series(LineSeries::new(line, style))
            .map_err(|e| chart_err(&e))?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    c.configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| chart_err(&e))?;
    root.present().map_err(|e| chart_err(&e))?;
    Ok(())
}
