//! The five seed trades of the research note, entered at the close before the 2024-03-20 FOMC
//! decision and held five market days, in one table.
//!
//! ```sh
//! cargo run --example seed_trades                            # embedded synthetic fixtures
//! cargo run --example seed_trades -- --data ../shared/data   # real data where it exists
//! ```
//!
//! | view            | expression        |
//! | --------------- | ----------------- |
//! | UST steepener   | `2×TUM24−1×TYM24` |
//! | UST duration    | `+TYM24`          |
//! | CGB flattener   | `+1×T−2×TS`       |
//! | USD up, vol up  | `+VXM24`          |
//! | USD up          | `-ECM24`          |
//!
//! Each row: the contracts held, P&L in USD (CNY legs converted at the data's USD/CNY series
//! when it has one, else reported in CNY and said so), the DV01 carried, and where the prices
//! came from. The real data stop in 2016 for China, so the CGB row says it cannot be priced
//! there rather than inventing a price. Everything priced from synthetic data is labelled so.

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{BacktestConfig, Engine, FxRate};
use spreadtrade::contract::RollRule;
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::market::CNY_PER_USD_SERIES;
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold};
use spreadtrade::units::Currency;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let session = Session::open(args.data.as_deref())?;
    let origin = session.origin();
    println!(
        "data: {}{}",
        origin.description,
        if origin.synthetic {
            "  (SYNTHETIC: model-made prices)"
        } else {
            ""
        }
    );
    println!(
        "entry at the close of 2024-03-19 (the day before the FOMC decision), exit after 5 market days\n"
    );
    println!(
        "{:<16} {:<18} {:<24} {:>12} {:>4} {:>10}  prices",
        "view", "expression", "contracts", "P&L", "ccy", "DV01/bp"
    );
    let trades = [
        ("UST steepener", "2×TUM24−1×TYM24"),
        ("UST duration", "+TYM24"),
        ("CGB flattener", "+1×T−2×TS"),
        ("USD up, vol up", "+VXM24"),
        ("USD up", "-ECM24"),
    ];
    let has_usdcny = session.market().series(CNY_PER_USD_SERIES).is_some();
    for (view, text) in trades {
        let expr: SpreadExpr = text.parse()?;
        let cny = expr.currencies().contains(&Currency::Cny);
        let mut config = BacktestConfig::default()
            .with_dates(Some(date(2024, 3, 1)), Some(date(2024, 4, 30)))
            .with_capital(1_000_000.0);
        if cny {
            config = if has_usdcny {
                config.with_fx(
                    Currency::Cny,
                    FxRate::InverseSeries(CNY_PER_USD_SERIES.into()),
                )
            } else {
                config.with_base_currency(Currency::Cny)
            };
        }
        let outcome = (|| -> spreadtrade::Result<_> {
            let table =
                session.table_for(&expr, Some(date(2024, 1, 2)), Some(date(2024, 6, 28)))?;
            let book = session.book(&expr, &table, &RollRule::default())?;
            let engine = Engine::new(session.market(), &table, &config)?;
            let result = engine.run(
                &book,
                Hold::units(date(2024, 3, 19), Exit::AfterDays(5), 1.0),
            )?;
            let sources: Vec<String> = book
                .legs()
                .iter()
                .filter_map(|l| l.schedule().iter().flatten().next())
                .map(|&id| table.instrument(id).source.label().to_owned())
                .collect();
            Ok((result, sources))
        })();
        match outcome {
            Ok((result, sources)) => {
                let held = result
                    .ledger
                    .iter()
                    .find(|d| d.legs.iter().any(|l| l.contracts != 0))
                    .map(|d| {
                        d.legs
                            .iter()
                            .map(|l| {
                                format!(
                                    "{:+} {}",
                                    l.contracts,
                                    l.instrument.as_deref().unwrap_or("-")
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_else(|| "never entered".to_owned());
                let s = &result.summary;
                let mut sources = sources;
                sources.dedup();
                println!(
                    "{:<16} {:<18} {:<24} {:>12.2} {:>4} {:>10}  {}",
                    view,
                    text,
                    held,
                    s.total_pnl,
                    result.base_currency,
                    s.mean_dv01_carried
                        .map_or("-".to_owned(), |d| format!("{d:.1}")),
                    sources.join(", ")
                );
            }
            Err(e) => println!("{view:<16} {text:<18} cannot be priced on this data: {e}"),
        }
    }
    if !has_usdcny {
        println!(
            "\n(no USD/CNY series in this data: the CGB row is in CNY, never converted at an assumed rate)"
        );
    }
    Ok(())
}
