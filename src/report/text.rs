//! A run's headline figures as text for a terminal.

use crate::backtest::RunResult;
use crate::market::Origin;
use std::fmt::Write;

/// Formats a run's summary as a small table, headed by the data's origin.
pub fn text_summary(result: &RunResult, origin: &Origin) -> String {
    let s = &result.summary;
    let ccy = result.base_currency;
    let opt = |x: Option<f64>, digits: usize| {
        x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
    };
    let mut out = String::new();
    let marker = if origin.synthetic && !origin.description.contains("SYNTHETIC") {
        " (SYNTHETIC)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{} — data: {}{marker}",
        result.book, origin.description
    );
    let _ = writeln!(
        out,
        "  period           {} .. {} ({} days)",
        s.start, s.end, s.days
    );
    let _ = writeln!(out, "  total P&L        {:>14.2} {ccy}", s.total_pnl);
    let _ = writeln!(out, "  annualised P&L   {:>14.2} {ccy}", s.annualised_pnl);
    let _ = writeln!(
        out,
        "  volatility       {:>14} {ccy}/yr",
        opt(s.volatility, 2)
    );
    let _ = writeln!(out, "  Sharpe           {:>14}", opt(s.sharpe, 3));
    let _ = writeln!(out, "  Sortino          {:>14}", opt(s.sortino, 3));
    let _ = writeln!(
        out,
        "  max drawdown     {:>14.2} {ccy} ({} days)",
        s.max_drawdown, s.max_drawdown_days
    );
    let _ = writeln!(out, "  hit rate         {:>14}", opt(s.hit_rate, 3));
    let _ = writeln!(
        out,
        "  DV01 carried     {:>14} {ccy}/bp (mean, larger side; {} futures DV01)",
        opt(s.mean_dv01_carried, 2),
        s.dv01_method.as_deref().unwrap_or("no bond-futures")
    );
    let _ = writeln!(out, "  P&L per bp       {:>14}", opt(s.pnl_per_bp, 2));
    let _ = writeln!(
        out,
        "  trades           {:>14} ({} contracts, costs {:.2} {ccy})",
        s.trades, s.contracts_traded, s.costs
    );
    if s.open_at_end {
        let _ = writeln!(out, "  (position still open at the end, marked to market)");
    }
    out
}
