//! `spreadtrade contract <CODE> [--date D] [--json]`: a contract's specification and exchange
//! dates.

use crate::CliError;
use chrono::NaiveDate;
use serde_json::{Value, json};
use spreadtrade::contract::{ContractCode, ProductKind, QuoteConvention};

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
    let iso = |d: Option<NaiveDate>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    let is_bond = matches!(
        spec.kind,
        ProductKind::UsTreasuryFuture | ProductKind::CgbFuture
    );
    let mut out = json!({
        "code": code.to_string(),
        "root": spec.root.as_str(),
        "name": spec.name,
        "exchange": spec.exchange.name(),
        "currency": spec.currency.code(),
        "point_value": spec.point_value,
        "tick_size": spec.tick_size(on),
        "tick_value": spec.tick_value(on),
        "tick_date": on.to_string(),
        "quote": match spec.quote {
            QuoteConvention::ThirtySeconds => "points and 32nds",
            _ => "decimal",
        },
        "first_trading_day": dates.first_trading_day.to_string(),
        "first_position_day": iso(dates.first_position_day),
        "first_notice_day": iso(dates.first_notice_day),
        "first_delivery_day": iso(dates.first_delivery_day),
        "last_trading_day": dates.last_trading_day.to_string(),
        "last_delivery_day": iso(dates.last_delivery_day),
        "payment_day": iso(dates.payment_day),
        "final_settlement_day": iso(dates.final_settlement_day),
        "notional_coupon": spec.notional_coupon.map(|c| c * 100.0),
        "daily_limit": spec.daily_limit,
    });
    let size_key = if is_bond { "face" } else { "multiplier" };
    out[size_key] = json!(spec.face_or_multiplier);
    if args.json {
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
