//! `spreadtrade contract <CODE> [--date D] [--json]`: a contract's specification and exchange
//! dates.

use crate::CliError;
use chrono::NaiveDate;
use spreadtrade::contract::{ContractCode, ProductKind};

/// Show a contract's specification and exchange dates.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Contract code: `TUM24`, `TYM4`, `ZNM24`, `6EM24`, `VXM24`, `T2406`, `TS2406.CFE`, ...
    code: String,
    /// Trade date for the tick size and tick value (default: the contract's last trading day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let code: ContractCode = args
        .code
        .parse()
        .map_err(|e| CliError(format!("{:?}: {e}", args.code)))?;
    let dates = code.dates().map_err(|e| CliError(format!("{code}: {e}")))?;
    let spec = code.spec();
    let on = args.date.unwrap_or(dates.last_trading_day);
    let is_bond = matches!(
        spec.kind,
        ProductKind::UsTreasuryFuture | ProductKind::CgbFuture
    );
    let size_key = if is_bond { "face" } else { "multiplier" };
    if args.json {
        // The same document as the Python package's `spreadtrade.contract`.
        let out = spreadtrade::query::contract_json(&args.code, args.date)?;
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(CliError::from)?
        );
        return Ok(());
    }
    println!(
        "{code}  {} ({}, {})",
        spec.name, spec.exchange, spec.currency
    );
    println!("  {size_key:<22}{}", spec.face_or_multiplier);
    println!(
        "  {:<22}{} (value {} {}) on {on}",
        "tick",
        spec.tick_size(on),
        spec.tick_value(on),
        spec.currency
    );
    let rows = [
        ("first trading day", Some(dates.first_trading_day)),
        ("first position day", dates.first_position_day),
        ("first notice day", dates.first_notice_day),
        ("first delivery day", dates.first_delivery_day),
        ("last trading day", Some(dates.last_trading_day)),
        ("payment day", dates.payment_day),
        ("last delivery day", dates.last_delivery_day),
        ("final settlement day", dates.final_settlement_day),
    ];
    for (label, d) in rows {
        if let Some(d) = d {
            println!("  {label:<22}{d}");
        }
    }
    Ok(())
}
