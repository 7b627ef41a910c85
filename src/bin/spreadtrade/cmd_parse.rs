//! `spreadtrade parse`: parse a spread expression and print its canonical form and legs.
//!
//! ```text
//! $ spreadtrade parse "2*TUM24 - TYM24"
//! 2×TUM24−1×TYM24
//!
//! ratio  contract  month    exchange  currency  product
//!     2  TUM24     2024-06  CBOT      USD       2-Year U.S. Treasury Note
//!    -1  TYM24     2024-06  CBOT      USD       10-Year U.S. Treasury Note
//!
//! $ spreadtrade parse "+1×T−2×TS" --json
//! {"canonical":"1×T−2×TS","legs":[{"ratio":1.0,"contract":"T"},{"ratio":-2.0,"contract":"TS"}]}
//! ```
//!
//! The JSON keys (`canonical`, `legs`, `ratio`, `contract`) are part of the public interface.

use crate::CliError;
use spreadtrade::instrument::{LegContract, SpreadExpr};
use std::fmt::Write as _;

/// Parse a spread expression and print its canonical form and legs.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spread expression, e.g. "2×TUM24−1×TYM24", "+1×T−2×TS" or "-ECM24" (quote it).
    #[arg(allow_hyphen_values = true, value_name = "EXPR")]
    pub expr: String,
    /// Print JSON: {"canonical": "...", "legs": [{"ratio": 2.0, "contract": "TUM24"}, ...]}.
    #[arg(long)]
    pub json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let spread: SpreadExpr = args
        .expr
        .parse()
        .map_err(|e| CliError(format!("invalid spread expression {:?}: {e}", args.expr)))?;
    let out = if args.json {
        // The same document as the Python package's `spreadtrade.parse`.
        serde_json::to_string(&spreadtrade::query::parse_json(&args.expr)?)?
    } else {
        human(&spread)
    };
    println!("{out}");
    Ok(())
}

/// The contract month (`2024-06`) of a specific leg, or the nearby a generic leg resolves to.
fn month_column(contract: &LegContract) -> String {
    match contract {
        LegContract::Specific(code) => format!("{}-{:02}", code.year(), code.month()),
        _ => match contract.resolved_nearby().map(|n| n.get()) {
            Some(1) => "front".to_owned(),
            Some(n) => format!("nearby {n}"),
            None => String::new(),
        },
    }
}

/// The canonical form, a blank line and a table of legs.
fn human(spread: &SpreadExpr) -> String {
    let header = [
        "ratio", "contract", "month", "exchange", "currency", "product",
    ];
    let rows: Vec<[String; 6]> = spread
        .legs()
        .iter()
        .map(|leg| {
            let contract = leg.contract();
            let spec = contract.spec();
            [
                leg.ratio().to_string(),
                contract.to_string(),
                month_column(&contract),
                spec.exchange.to_string(),
                spec.currency.to_string(),
                spec.name.to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = format!("{spread}\n\n");
    let mut line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            // Ratios right-aligned, text left-aligned, two spaces between columns.
            let _ = match i {
                0 => write!(text, "{cell:>w$}"),
                _ => write!(text, "  {cell:<w$}"),
            };
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line(row.each_ref().map(String::as_str));
    }
    out.trim_end().to_owned()
}
