//! The USD views of the research note around the March 2024 FOMC decision: long VIX futures
//! (`+VXM24`, "USD up, vol up") and short Euro FX futures (`-ECM24`, "USD up"), each held,
//! then the two together sized by a volatility target.
//!
//! ```sh
//! cargo run --example usd_view                              # embedded synthetic fixtures
//! cargo run --example usd_view -- --data ../shared/data     # real VIX, EUR/USD, EUR rates
//! ```
//!
//! Prices are models, labelled as such: VX from the VIX index through the term-structure model
//! fitted to VX futures settlements of 2007–2015 (frozen parameters, variance risk premium
//! included); EC by covered interest parity from EUR/USD at noon New York (FRED DEXUSEU) with
//! Treasury bills and the EUR overnight rate (EONIA, then €STR) on the real data, from the
//! synthetic EUR/USD and EUR rate otherwise (the run names both). The volatility-targeted
//! book sizes `+1×VXM24−1×ECM24` so that its P&L volatility over the 60 days before entry
//! would have been $50,000 a year.

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{BacktestConfig, Engine};
use spreadtrade::contract::RollRule;
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::pricing::DatasetSources;
use spreadtrade::report::{text_summary, write_run};
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, UsdView};
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "target/spreadtrade/usd_view")]
    out: PathBuf,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let session = Session::open(args.data.as_deref())?;
    let origin = session.origin().clone();
    println!("data: {}\n", origin.description);
    let config =
        BacktestConfig::default().with_dates(Some(date(2024, 2, 1)), Some(date(2024, 4, 30)));
    let (entry, exit) = (date(2024, 3, 19), date(2024, 4, 2));
    for text in ["+VXM24", "-ECM24"] {
        let expr: SpreadExpr = text.parse()?;
        let table = session.table_for(&expr, Some(date(2023, 10, 2)), Some(date(2024, 6, 28)))?;
        let book = session.book(&expr, &table, &RollRule::default())?;
        let id = book.legs()[0].schedule().iter().flatten().next().copied();
        if let Some(id) = id {
            println!(
                "{text}: prices from the {} source",
                table.instrument(id).source.label()
            );
        }
        let sources = DatasetSources::new(session.market(), session.dataset())?;
        if text.contains("EC") {
            if let Some(ec) = sources.ec() {
                println!("  EUR/USD: {}", ec.spot());
                println!("  EUR rate: {}", ec.eur_rate());
            }
        } else if let Some(vx) = sources.vx() {
            println!("  model: {}", vx.description());
        }
        let result = Engine::new(session.market(), &table, &config)?
            .run(&book, Hold::units(entry, Exit::On(exit), 1.0))?;
        print!("{}", text_summary(&result, &origin));
        write_run(
            &result,
            &origin,
            &args.out.join(text.trim_start_matches(['+', '-'])),
        )?;
        println!();
    }
    let both: SpreadExpr = "+1×VXM24−1×ECM24".parse()?;
    let table = session.table_for(&both, Some(date(2023, 10, 2)), Some(date(2024, 6, 28)))?;
    let book = session.book(&both, &table, &RollRule::default())?;
    let mut strategy = UsdView::new(entry, exit, 50_000.0, 60);
    let result = Engine::new(session.market(), &table, &config)?.run(&book, &mut strategy)?;
    println!(
        "volatility-targeted {both}: {:.2} units for $50,000 a year of P&L volatility",
        strategy.units().unwrap_or(0.0)
    );
    print!("{}", text_summary(&result, &origin));
    write_run(&result, &origin, &args.out.join("usd_view"))?;
    println!("\nwrote CSV, JSON and SVG charts to {}", args.out.display());
    Ok(())
}
