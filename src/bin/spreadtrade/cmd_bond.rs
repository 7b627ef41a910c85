//! `spreadtrade bond`: price a fixed-coupon bond from a yield (or solve the yield from a price)
//! with risk measures.
//!
//! Coupons and yields are **percent** on the command line and in the JSON output (`yield`);
//! the library works in decimals. `--price` is the clean price per 100 face.

use crate::CliError;
use chrono::NaiveDate;
use clap::ArgGroup;
use spreadtrade::bond::{Bond, BondTerms, Frequency, MarketConvention};

/// Price a fixed-coupon bond from a yield (or solve the yield from a price) with risk measures.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("quote").required(true).args(["yield_pct", "price"])))]
pub struct Args {
    /// Annual coupon rate in percent (4.125 for 4.125%).
    #[arg(long, allow_negative_numbers = true)]
    coupon: f64,
    /// Maturity date, YYYY-MM-DD.
    #[arg(long)]
    maturity: String,
    /// Settlement date, YYYY-MM-DD.
    #[arg(long)]
    settle: String,
    /// Yield to maturity in percent (street convention for ust, CCDC for cgb).
    #[arg(
        long = "yield",
        id = "yield_pct",
        value_name = "YIELD",
        allow_negative_numbers = true
    )]
    yield_pct: Option<f64>,
    /// Clean price per 100 face; the yield is solved from it.
    #[arg(long, allow_negative_numbers = true)]
    price: Option<f64>,
    /// Coupons per year: 1 (annual) or 2 (semi-annual).
    #[arg(long, default_value_t = 2)]
    frequency: u32,
    /// Dated (issue) date, YYYY-MM-DD; the first coupon period starts there.
    #[arg(long)]
    issue: Option<String>,
    /// Market convention: ust (U.S. street) or cgb (China interbank / CCDC).
    #[arg(long, default_value = "ust")]
    market: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Parses a `YYYY-MM-DD` date given to `flag` (the message of [`spreadtrade::query`]).
pub(crate) fn parse_date(flag: &'static str, text: &str) -> Result<NaiveDate, CliError> {
    Ok(spreadtrade::query::parse_date(flag, text)?)
}

/// Converts a coupon in percent to a decimal, with a message in the CLI's unit.
pub(crate) fn coupon_from_percent(percent: f64) -> Result<f64, CliError> {
    Ok(spreadtrade::query::coupon_from_percent(percent)?)
}

/// Parses `--frequency`.
pub(crate) fn frequency_from_flag(per_year: u32) -> Result<Frequency, CliError> {
    Ok(spreadtrade::query::frequency_from_per_year(per_year)?)
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    if args.json {
        // The same document as the Python package's `spreadtrade.bond`.
        let query = spreadtrade::query::BondQuery {
            coupon_pct: args.coupon,
            maturity: &args.maturity,
            settle: &args.settle,
            yield_pct: args.yield_pct,
            price: args.price,
            frequency: args.frequency,
            issue: args.issue.as_deref(),
            market: &args.market,
        };
        println!("{}", spreadtrade::query::bond_json(&query)?);
        return Ok(());
    }
    let coupon_rate = coupon_from_percent(args.coupon)?;
    let maturity = parse_date("--maturity", &args.maturity)?;
    let settle = parse_date("--settle", &args.settle)?;
    let frequency = frequency_from_flag(args.frequency)?;
    let convention: MarketConvention = args.market.parse()?;
    let mut terms = BondTerms::new(coupon_rate, maturity)
        .with_frequency(frequency)
        .with_convention(convention);
    if let Some(issue) = &args.issue {
        terms = terms.with_dated_date(parse_date("--issue", issue)?);
    }
    let bond = Bond::new(terms)?;
    let at = bond.settle(settle)?;
    let yield_rate = match (args.yield_pct, args.price) {
        // The domain limits (spreadtrade::limits), in the command line's units.
        (Some(pct), None) => spreadtrade::limits::YIELD.percent().check("--yield", pct)? / 100.0,
        (None, Some(price)) => {
            spreadtrade::limits::BOND_PRICE.check("--price", price)?;
            at.yield_from_clean_price(price)?
        }
        // clap's required group makes exactly one of them present.
        _ => {
            return Err(CliError(
                "give exactly one of --yield and --price".to_owned(),
            ));
        }
    };
    let a = at.analytics(yield_rate)?;
    {
        println!(
            "bond               {}% {} {}, {}",
            args.coupon, maturity, frequency, convention
        );
        println!(
            "settle             {} (accrual from {}, next coupon {}, {} coupons left)",
            a.settlement, a.accrual_start, a.next_coupon, a.remaining_coupons
        );
        println!("yield              {:.6} %", a.yield_rate * 100.0);
        println!("clean              {:.6}", a.clean_price);
        println!("dirty              {:.6}", a.dirty_price);
        println!("accrued            {:.6}", a.accrued_interest);
        println!("macaulay duration  {:.6} years", a.macaulay_duration);
        println!("modified duration  {:.6} years", a.modified_duration);
        println!("convexity          {:.6}", a.convexity);
        println!(
            "dv01               {:.6} per 100 face per bp",
            a.dv01_per_100
        );
    }
    Ok(())
}
