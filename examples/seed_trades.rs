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
//! Each row: the contracts held, the P&L in the trade's currency (CNY for the CFFEX legs) and
//! in USD, the DV01 carried, and where the prices came from. CNY P&L is converted to USD day
//! by day at the data's USD/CNY series (FRED DEXCHUS, noon New York, in `../shared/data`: the
//! engine's default for CNY legs in a USD account); without that series the USD column says
//! so rather than assuming a rate. The CFFEX prices are curve-implied from the ChinaBond curve
//! (2002-2016 and 2016-2026 files spliced), financed at the 1-year CGB yield (the curve has
//! no tenor under one year after 2016); the notes under the table name both. Everything
//! priced from synthetic data is labelled so.

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{BacktestConfig, Engine, FxRate};
use spreadtrade::basket::BondMarket;
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
        "{:<16} {:<18} {:<24} {:>13} {:>4} {:>13} {:>10}  prices",
        "view", "expression", "contracts", "P&L", "ccy", "P&L USD", "DV01/bp"
    );
    let trades = [
        ("UST steepener", "2×TUM24−1×TYM24"),
        ("UST duration", "+TYM24"),
        ("CGB flattener", "+1×T−2×TS"),
        ("USD up, vol up", "+VXM24"),
        ("USD up", "-ECM24"),
    ];
    let mut fx_note: Option<String> = None;
    for (view, text) in trades {
        let expr: SpreadExpr = text.parse()?;
        let currencies = expr.currencies();
        // The trade's own currency: CNY for the CFFEX legs, USD otherwise.
        let own = if currencies.contains(&Currency::Cny) {
            Currency::Cny
        } else {
            Currency::Usd
        };
        let config = BacktestConfig::default()
            .with_dates(Some(date(2024, 3, 1)), Some(date(2024, 4, 30)))
            .with_capital(1_000_000.0);
        let outcome = (|| -> spreadtrade::Result<_> {
            let table =
                session.table_for(&expr, Some(date(2024, 1, 2)), Some(date(2024, 6, 28)))?;
            let book = session.book(&expr, &table, &RollRule::default())?;
            let strategy = || Hold::units(date(2024, 3, 19), Exit::AfterDays(5), 1.0);
            let own_config = config.clone().with_base_currency(own);
            let result =
                Engine::new(session.market(), &table, &own_config)?.run(&book, strategy())?;
            // The same trade in a USD account: CNY P&L converted day by day (engine default).
            let usd = if own == Currency::Usd {
                Ok((result.summary.total_pnl, None))
            } else {
                Engine::new(session.market(), &table, &config)
                    .and_then(|engine| {
                        let rate = engine.fx_rate(own).cloned();
                        engine
                            .run(&book, strategy())
                            .map(|r| (r.summary.total_pnl, rate))
                    })
                    .map_err(|e| e.to_string())
            };
            let sources: Vec<String> = book
                .legs()
                .iter()
                .filter_map(|l| l.schedule().iter().flatten().next())
                .map(|&id| table.instrument(id).source.label().to_owned())
                .collect();
            Ok((result, usd, sources))
        })();
        match outcome {
            Ok((result, usd, sources)) => {
                let held = result
                    .ledger
                    .days()
                    .find(|d| d.legs().any(|l| l.contracts != 0))
                    .map(|d| {
                        d.legs()
                            .map(|l| format!("{:+} {}", l.contracts, l.instrument.unwrap_or("-")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_else(|| "never entered".to_owned());
                let s = &result.summary;
                let mut sources = sources;
                sources.dedup();
                let usd_pnl = match &usd {
                    Ok((pnl, rate)) => {
                        if let Some(rate) = rate {
                            let how = match rate {
                                FxRate::InverseSeries(name) => format!("1 / {name}"),
                                FxRate::Series(name) => name.clone(),
                                other => format!("{other:?}"),
                            };
                            let what = if origin.synthetic {
                                "SYNTHETIC"
                            } else {
                                "FRED DEXCHUS, H.10 noon New York"
                            };
                            fx_note = Some(format!(
                                "{own} P&L converted to USD each day at {how} (series {CNY_PER_USD_SERIES:?}: {what})"
                            ));
                        }
                        format!("{pnl:.2}")
                    }
                    Err(_) => "n/a".to_owned(),
                };
                println!(
                    "{:<16} {:<18} {:<24} {:>13.2} {:>4} {:>13} {:>10}  {}",
                    view,
                    text,
                    held,
                    s.total_pnl,
                    result.base_currency,
                    usd_pnl,
                    s.mean_dv01_carried
                        .map_or("-".to_owned(), |d| format!("{d:.1}")),
                    sources.join(", ")
                );
                if let Err(e) = usd {
                    println!("{:<16} (no USD figure: {e})", "");
                }
            }
            Err(e) => println!("{view:<16} {text:<18} cannot be priced on this data: {e}"),
        }
    }
    println!("\nnotes:");
    println!("  P&L and DV01/bp in the trade's currency (ccy); P&L USD in a USD account");
    println!(
        "  CFFEX prices: curve-implied from the {} curve, financed at {}",
        if origin.synthetic {
            "SYNTHETIC CNY"
        } else {
            "ChinaBond CGB (2002-2016 and 2016-2026 files spliced)"
        },
        BondMarket::ChinaGovernment.financing_rate_name()
    );
    match fx_note {
        Some(note) => println!("  {note}"),
        None => println!(
            "  no USD/CNY series in this data: CNY P&L is shown in CNY only, never converted at an assumed rate"
        ),
    }
    Ok(())
}
