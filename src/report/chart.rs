//! An SVG chart of cumulative P&L and drawdown (plotters, SVG backend).

use super::ReportError;
use crate::backtest::RunResult;
use crate::market::Origin;
use plotters::prelude::*;
use std::path::Path;

/// Draws cumulative P&L (top) and drawdown from the running peak (bottom) of a run with a
/// ledger into an SVG file.
///
/// # Errors
/// [`ReportError::Empty`] for a run without a ledger, [`ReportError::Chart`] when drawing or
/// writing fails.
pub fn equity_chart(result: &RunResult, origin: &Origin, path: &Path) -> Result<(), ReportError> {
    let ledger = &result.ledger;
    let (Some(first), Some(last)) = (ledger.first(), ledger.last()) else {
        return Err(ReportError::Empty {
            reason: "the run kept no ledger".to_owned(),
        });
    };
    let chart_err = |e: &dyn std::fmt::Display| ReportError::Chart {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut cum = 0.0;
    let mut peak = 0.0_f64;
    let mut pnl = Vec::with_capacity(ledger.len());
    let mut dd = Vec::with_capacity(ledger.len());
    for day in ledger {
        cum += day.pnl;
        peak = peak.max(cum);
        pnl.push((day.date, cum));
        dd.push((day.date, cum - peak));
    }
    let span = |v: &[(chrono::NaiveDate, f64)]| {
        let lo = v.iter().map(|p| p.1).fold(0.0_f64, f64::min);
        let hi = v.iter().map(|p| p.1).fold(0.0_f64, f64::max);
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad)..(hi + pad)
    };
    let root = SVGBackend::new(path, (960, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| chart_err(&e))?;
    let (top, bottom) = root.split_vertically(400);
    let title = format!(
        "{} — cumulative P&L ({}){}",
        result.book,
        result.base_currency,
        if origin.synthetic {
            " — SYNTHETIC data"
        } else {
            ""
        }
    );
    let x = first.date..last.date;
    let mut c = ChartBuilder::on(&top)
        .caption(title, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(25)
        .y_label_area_size(70)
        .build_cartesian_2d(x.clone(), span(&pnl))
        .map_err(|e| chart_err(&e))?;
    c.configure_mesh()
        .light_line_style(WHITE)
        .draw()
        .map_err(|e| chart_err(&e))?;
    c.draw_series(LineSeries::new(pnl, &BLUE))
        .map_err(|e| chart_err(&e))?;
    let mut c = ChartBuilder::on(&bottom)
        .caption("drawdown from the running peak", ("sans-serif", 14))
        .margin(10)
        .x_label_area_size(25)
        .y_label_area_size(70)
        .build_cartesian_2d(x, span(&dd))
        .map_err(|e| chart_err(&e))?;
    c.configure_mesh()
        .light_line_style(WHITE)
        .draw()
        .map_err(|e| chart_err(&e))?;
    c.draw_series(AreaSeries::new(dd, 0.0, RED.mix(0.3)).border_style(RED))
        .map_err(|e| chart_err(&e))?;
    root.present().map_err(|e| chart_err(&e))?;
    Ok(())
}
