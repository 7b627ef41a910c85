//! `spreadtrade dlv`: show a contract's deliverable basket, cheapest-to-deliver, fair price and
//! futures DV01 on one date, priced off a yield-curve file.
//!
//! The deliverables come from `--securities` (a securities list) or, by default, from the
//! synthetic issuance model run on the curve file itself (auctions before its first date are
//! skipped). Each bond is valued at the curve's par yield of its remaining maturity; the repo
//! rate is the 3-month par yield (CBOT) or the 1-year CGB yield (CFFEX) on the money-market
//! basis unless `--repo` is given. Rates are **percent** on the command line and in the
//! output; prices are per 100 face.

use crate::CliError;
use crate::cmd_bond::parse_date;
use serde_json::json;
use spreadtrade::basket::{
    BondMarket, ContractPricer, DeliverableUniverse, IssuanceConfig, YieldHistory,
    synthetic_universe,
};
use spreadtrade::contract::ContractCode;
use spreadtrade::curve::{CouponFrequency, ParCurve};
use spreadtrade::data::{CurveFormat, CurveTable, SecurityList};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Show a contract's deliverable basket, cheapest-to-deliver, fair price and futures DV01.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Contract code of a bond future, e.g. TYM24, ZNM4, T2406.
    contract: String,
    /// Trade (and spot settlement) date, YYYY-MM-DD: a date with a row in the curve file.
    #[arg(long)]
    date: String,
    /// Yield-curve CSV file (Treasury download or normalised file, FRED, ChinaBond, wide, long).
    #[arg(long)]
    curve: String,
    /// Curve file format (treasury, treasury-normalised, fred, chinabond, wide, long); detected
    /// from the header when not given (snake headers such as m3, y10 are read as the normalised
    /// Treasury file for CBOT contracts and as ChinaBond for CFFEX contracts).
    #[arg(long)]
    format: Option<String>,
    /// Securities list CSV to take the deliverables from, instead of the synthetic issuance
    /// model.
    #[arg(long)]
    securities: Option<String>,
    /// Repo rate in percent on the money-market basis (Act/360 USD, Act/365 CNY); default: the
    /// curve's 3-month par yield converted to that basis.
    #[arg(long, allow_negative_numbers = true)]
    repo: Option<f64>,
    /// Futures price (decimal points) for the basis columns; default: the fair price.
    #[arg(long, allow_negative_numbers = true)]
    futures_price: Option<f64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Picks a curve format from the header of `path`, or says why it cannot.
///
/// `Date,"1 Mo",…` → treasury; `DGS…` columns → fred; `date,tenor,yield` → long; labels like
/// `3M`, `10Y` → wide; snake labels (`m3`, `y10`, `d0`) are both the normalised Treasury file
/// and the ChinaBond file, told apart by the contract's market.
fn detect_format(path: &Path, market: BondMarket) -> Result<CurveFormat, CliError> {
    let file = std::fs::File::open(path)
        .map_err(|e| CliError(format!("cannot read --curve {}: {e}", path.display())))?;
    let mut header = String::new();
    BufReader::new(file)
        .read_line(&mut header)
        .map_err(|e| CliError(format!("cannot read --curve {}: {e}", path.display())))?;
    let names: Vec<String> = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let rest = names.get(1..).unwrap_or_default();
    let snake = |h: &str| {
        let mut chars = h.chars();
        matches!(chars.next(), Some('d' | 'w' | 'm' | 'y'))
            && chars.next().is_some_and(|c| c.is_ascii_digit())
            && h[1..].chars().all(|c| c.is_ascii_digit() || c == '_')
    };
    let official = |h: &str| {
        h.contains(' ') && (h.ends_with("mo") || h.ends_with("month") || h.ends_with("yr"))
    };
    if rest.iter().any(|h| h == "tenor") && rest.iter().any(|h| h == "yield") {
        Ok(CurveFormat::Long)
    } else if rest.iter().any(|h| h.starts_with("dgs")) {
        Ok(CurveFormat::Fred)
    } else if rest.iter().any(|h| official(h)) {
        Ok(CurveFormat::TreasuryOfficial)
    } else if !rest.is_empty() && rest.iter().all(|h| snake(h)) {
        Ok(match market {
            BondMarket::UsTreasury => CurveFormat::TreasuryNormalised,
            _ => CurveFormat::ChinaBond,
        })
    } else if !rest.is_empty()
        && rest
            .iter()
            .all(|h| h.parse::<spreadtrade::curve::Tenor>().is_ok())
    {
        Ok(CurveFormat::Wide)
    } else {
        Err(CliError(format!(
            "cannot tell the format of --curve {} from its header: pass --format (treasury, \
             treasury-normalised, fred, chinabond, wide, long)",
            path.display()
        )))
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let code: ContractCode = args.contract.parse()?;
    let Some(market) = BondMarket::for_root(code.root()) else {
        return Err(CliError(format!(
            "{code} is not a bond future: dlv works for TU FV TY TN US UB TS TF T TL"
        )));
    };
    let date = parse_date("--date", &args.date)?;
    // The domain limits (spreadtrade::limits), in the command line's units.
    if let Some(r) = args.repo {
        spreadtrade::limits::RATE.percent().check("--repo", r)?;
    }
    if let Some(f) = args.futures_price {
        spreadtrade::limits::FUTURES_PRICE.check("--futures-price", f)?;
    }
    let path = Path::new(&args.curve);
    let format = match &args.format {
        Some(name) => name.parse::<CurveFormat>()?,
        None => detect_format(path, market)?,
    };
    let table = CurveTable::load(path, format)?;
    let frequency = match (format, market) {
        (CurveFormat::ChinaBond, _) | (_, BondMarket::ChinaGovernment) => CouponFrequency::Annual,
        _ => CouponFrequency::SemiAnnual,
    };
    let universe = match &args.securities {
        Some(file) => DeliverableUniverse::from_securities(&SecurityList::load(file)?, market)?,
        None => {
            let history = YieldHistory::from_curve_table(&table, frequency)?;
            synthetic_universe(market, &[history], &IssuanceConfig::default())?.universe
        }
    };
    let Some(row) = table.date_index(date) else {
        let earlier = table.dates.partition_point(|&d| d < date);
        let hint = match earlier.checked_sub(1).and_then(|i| table.dates.get(i)) {
            Some(d) => format!(" (the last earlier row is {d})"),
            None => String::new(),
        };
        return Err(CliError(format!(
            "--curve {} has no row for {date}{hint}",
            path.display()
        )));
    };
    let yields: Vec<Option<f64>> = table.yields.row(row).to_vec();
    let curve = ParCurve::from_row(date, &table.tenors, &yields, frequency)?;
    let pricer = ContractPricer::new(code, &universe)?;
    let analysis = pricer.analyse_curve(
        date,
        &curve,
        args.repo.map(|r| r / 100.0),
        args.futures_price,
    )?;
    let ctd = analysis
        .ctd_row()
        .ok_or_else(|| CliError(format!("{code}: no cheapest-to-deliver on {date}")))?;
    let valuation = pricer.valuation().description();
    if args.json {
        let basket: Vec<_> = analysis
            .rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "coupon": r.coupon_rate * 100.0,
                    "maturity": r.maturity.to_string(),
                    "conversion_factor": r.inputs.conversion_factor,
                    "price": r.inputs.clean_price,
                    "yield": r.yield_rate * 100.0,
                    "gross_basis": r.gross_basis,
                    "carry": r.carry,
                    "net_basis": r.net_basis,
                    "implied_repo": r.implied_repo.map(|x| x * 100.0),
                })
            })
            .collect();
        let out = json!({
            "contract": code.to_string(),
            "date": date.to_string(),
            "delivery_date": analysis.delivery.to_string(),
            "basket": basket,
            "ctd": ctd.id,
            "fair_price": analysis.fair_price,
            "futures_price": analysis.futures_price,
            "futures_dv01": analysis.futures_dv01,
            "futures_dv01_method": spreadtrade::basket::FuturesDv01Method::Forward.name(),
            "futures_dv01_spot_proxy": analysis.futures_dv01_spot_proxy,
            "ctd_forward_yield": analysis.ctd_forward_yield * 100.0,
            "repo_rate": analysis.repo_rate * 100.0,
            "repo_basis": analysis.basis.name(),
            "currency": code.spec().currency.code(),
            "source": universe.source().as_str(),
            "universe": universe.description(),
            "valuation": valuation,
        });
        println!("{out}");
    } else {
        let ccy = code.spec().currency;
        println!(
            "contract        {code} ({}), delivery {}",
            code.spec().name,
            analysis.delivery
        );
        println!("date            {date}");
        println!("deliverables    {}", universe.description());
        println!("valuation       {valuation}");
        println!(
            "repo            {:.4}% {}",
            analysis.repo_rate * 100.0,
            analysis.basis
        );
        println!(
            "futures price   {:.6}{}",
            analysis.futures_price,
            if args.futures_price.is_some() {
                " (given)"
            } else {
                " (fair)"
            }
        );
        println!("fair price      {:.6}", analysis.fair_price);
        println!(
            "CTD             {} (CF {:.4}, forward yield {:.4}%)",
            ctd.id,
            ctd.inputs.conversion_factor,
            analysis.ctd_forward_yield * 100.0
        );
        println!(
            "futures DV01    {:.2} {ccy} per contract (forward, at delivery; {:.2} spot proxy)",
            analysis.futures_dv01, analysis.futures_dv01_spot_proxy
        );
        println!();
        println!(
            "{:<34} {:>7} {:>10} {:>7} {:>10} {:>8} {:>9} {:>9} {:>9} {:>8}",
            "bond", "coupon", "maturity", "CF", "price", "yield", "gross", "carry", "net", "IRR"
        );
        for (k, r) in analysis.rows.iter().enumerate() {
            let irr = r
                .implied_repo
                .map_or_else(|| "-".to_owned(), |x| format!("{:.4}", x * 100.0));
            println!(
                "{:<34} {:>7.3} {:>10} {:>7.4} {:>10.5} {:>8.4} {:>9.5} {:>9.5} {:>9.5} {:>8}{}",
                r.id,
                r.coupon_rate * 100.0,
                r.maturity,
                r.inputs.conversion_factor,
                r.inputs.clean_price,
                r.yield_rate * 100.0,
                r.gross_basis,
                r.carry,
                r.net_basis,
                irr,
                if k == analysis.ctd { "  CTD" } else { "" }
            );
        }
        println!();
        println!(
            "rates in percent; prices, basis and carry per 100 face; a model, not market prices"
        );
    }
    Ok(())
}
