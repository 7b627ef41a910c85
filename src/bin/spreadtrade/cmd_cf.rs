//! `spreadtrade cf`: compute a conversion factor for a bond into a futures contract.
//!
//! CBOT roots (TU FV TY TN US UB) use the first day of the contract month. CFFEX roots (TS TF
//! T TL) use the contract's payment day (second delivery day) from the exchange calendar;
//! `--reference-date` overrides it.

use crate::CliError;
use spreadtrade::bond::ConversionFactor;

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
    let spreadtrade::query::CfAnswer {
        code,
        maturity,
        frequency,
        cf,
    } = spreadtrade::query::cf_answer(
        &args.contract,
        args.coupon,
        &args.maturity,
        args.frequency,
        args.reference_date.as_deref(),
    )?;
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
