//! `spreadtrade cf`: compute a conversion factor for a bond into a futures contract.
//!
//! CBOT roots (TU FV TY TN US UB) use the first day of the contract month. CFFEX roots (TS TF
//! T TL) use the contract's payment day (second delivery day) from the exchange calendar;
//! `--reference-date` overrides it.

use crate::CliError;
use crate::cmd_bond::{coupon_from_percent, frequency_from_flag, parse_date};
use chrono::NaiveDate;
use spreadtrade::bond::{Bond, BondTerms, ConversionFactor, MarketConvention, conversion_factor};
use spreadtrade::contract::{ContractCode, ConversionFactorConvention};

/// The payment (second delivery) day of a CFFEX contract: the reference date of its
/// conversion factors.
///
/// It comes from [`ContractCode::dates`] (exchange calendar); `--reference-date` overrides it.
fn cffex_reference_day(code: &ContractCode) -> Result<NaiveDate, CliError> {
    let dates = code.dates().map_err(|e| CliError(format!("{code}: {e}")))?;
    dates
        .payment_day
        .ok_or_else(|| CliError(format!("{code} has no payment day (not a CFFEX contract)")))
}

/// Compute a conversion factor for a bond into a futures contract.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Contract code, e.g. TYM24, ZNM4, T2406.
    #[arg(long)]
    contract: String,
    /// Annual coupon rate in percent (4.125 for 4.125%).
    #[arg(long, allow_negative_numbers = true)]
    coupon: f64,
    /// Maturity date, YYYY-MM-DD.
    #[arg(long)]
    maturity: String,
    /// Coupons per year: 1 (annual) or 2 (semi-annual).
    #[arg(long, default_value_t = 2)]
    frequency: u32,
    /// CFFEX only: the payment day to compute the factor from, YYYY-MM-DD.
    #[arg(long)]
    reference_date: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    if args.json {
        // The same document as the Python package's `spreadtrade.cf`.
        let out = spreadtrade::query::cf_json(
            &args.contract,
            args.coupon,
            &args.maturity,
            args.frequency,
            args.reference_date.as_deref(),
        )?;
        println!("{out}");
        return Ok(());
    }
    let code: ContractCode = args.contract.parse()?;
    let Some(cf_convention) = code.spec().cf_convention else {
        return Err(CliError(format!(
            "{code} is not a bond future: conversion factors exist for TU FV TY TN US UB TS TF T TL"
        )));
    };
    let coupon_rate = coupon_from_percent(args.coupon)?;
    let maturity = parse_date("--maturity", &args.maturity)?;
    let frequency = frequency_from_flag(args.frequency)?;
    let cffex = cf_convention == ConversionFactorConvention::Cffex;
    let convention = if cffex {
        MarketConvention::ChinaInterbank
    } else {
        MarketConvention::UsStreet
    };
    let payment_day = match (&args.reference_date, cffex) {
        (Some(text), true) => Some(parse_date("--reference-date", text)?),
        (None, true) => Some(cffex_reference_day(&code)?),
        (Some(_), false) => {
            return Err(CliError(format!(
                "--reference-date applies to CFFEX contracts only; {code} uses the first day of its contract month"
            )));
        }
        (None, false) => None,
    };
    let bond = Bond::new(
        BondTerms::new(coupon_rate, maturity)
            .with_frequency(frequency)
            .with_convention(convention),
    )?;
    let cf = conversion_factor(&code, &bond, payment_day)?;
    {
        println!("contract           {code} ({})", code.spec().name);
        println!(
            "bond               {}% {} {}",
            args.coupon, maturity, frequency
        );
        match cf {
            ConversionFactor::Cbot(c) => {
                println!(
                    "reference date     {} (first day of the contract month)",
                    code.month_start()
                );
                println!("months n z v       {} {} {} {}", c.months, c.n, c.z, c.v);
            }
            ConversionFactor::Cffex(c) => {
                println!("reference date     {} (payment day)", c.reference_date);
                println!(
                    "x n                {} {} (next coupon {})",
                    c.x_months, c.n_coupons, c.next_coupon
                );
            }
            _ => {}
        }
        println!("conversion factor  {:.4}", cf.factor());
        println!("unrounded          {:.10}", cf.unrounded());
    }
    Ok(())
}
