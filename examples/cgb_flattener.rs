//! The CGB curve trade of the research note, `+1×T−2×TS` (long the 10-year CFFEX future,
//! short two 2-year), held through 2024 and traded on a z-score of the CNY slope.
//!
//! ```sh
//! cargo run --example cgb_flattener                              # embedded synthetic fixtures
//! cargo run --example cgb_flattener -- --data ../shared/data     # real ChinaBond 2002-2026
//! ```
//!
//! On a CNY curve that covers 2024 (the real ChinaBond files of `../shared/data`, spliced
//! 2002-2016 and 2016-2026, or the synthetic fixtures) the trade is the note's own
//! `+1×T−2×TS` held over 2024, with the CNY 2s10s slope as the signal, and the sweep runs
//! from 2019 (TS listed 2018-08-17). On a curve that ends earlier (the 2002-2016 file alone)
//! it falls back to 10-year against 5-year, `+1×T−2×TF` over 2015-2016 (T listed
//! 2015-03-20), with the 5s10s slope.
//!
//! Prices are curve-implied from the CGB curve through each contract's deliverable basket
//! (synthetic CGB issuance), financed at the 1-year CGB yield (the ChinaBond curve has no
//! tenor under one year after 2016), in CNY; the reports are in CNY (no FX assumption is
//! needed or made). Files go to `target/spreadtrade/cgb_flattener` (or `--out`).

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{BacktestConfig, Engine, Sweep, Weighting};
use spreadtrade::contract::RollRule;
use spreadtrade::curve::Tenor;
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::report::{text_summary, write_run};
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, SignalSource, ZScoreGrid, ZScoreParams};
use spreadtrade::units::Currency;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "target/spreadtrade/cgb_flattener")]
    out: PathBuf,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let session = Session::open(args.data.as_deref())?;
    let origin = session.origin().clone();
    let market = session.market();
    println!("data: {}", origin.description);
    println!(
        "CFFEX prices: curve-implied (synthetic CGB issuance), financed at {}",
        spreadtrade::basket::BondMarket::ChinaGovernment.financing_rate_name()
    );
    let Some(cny) = market.curve(Currency::Cny) else {
        return Err("the data has no CNY (ChinaBond) curve".into());
    };
    // Which years the CNY curve covers decides the expression (see the module docs).
    let last_cny = (0..market.len())
        .rev()
        .find(|&d| cny.has_day(d))
        .map(|d| market.dates()[d]);
    let covers_2024 = last_cny.is_some_and(|d| d >= date(2024, 12, 31));
    let (text, short, hold_from, hold_to, run_from) = if covers_2024 {
        (
            "+1×T−2×TS",
            Tenor::Years(2),
            date(2024, 1, 2),
            date(2024, 12, 20),
            date(2019, 1, 2),
        )
    } else {
        (
            "+1×T−2×TF",
            Tenor::Years(5),
            date(2015, 4, 1),
            date(2016, 12, 20),
            date(2015, 3, 20),
        )
    };
    println!(
        "CNY curve to {}: trading {text} (DV01-neutral: the short leg re-solved from the day's DV01s)\n",
        last_cny.map_or_else(|| "-".to_owned(), |d| d.to_string())
    );
    let expr: SpreadExpr = text.parse()?;
    let table = session.table_for(&expr, Some(run_from), None)?;
    let book = session.book(&expr, &table, &RollRule::default())?;
    let config = BacktestConfig::default()
        .with_base_currency(Currency::Cny)
        .with_capital(10_000_000.0)
        .with_weighting(Weighting::Dv01Neutral)
        .with_dates(Some(run_from), None);

    // 1. Hold the flattener: 10 T, the TS/TF that match their DV01, rolled each quarter.
    let hold_config = config.clone().with_dates(Some(hold_from), Some(hold_to));
    let result = Engine::new(market, &table, &hold_config)?
        .run(&book, Hold::units(hold_from, Exit::On(hold_to), 10.0))?;
    let rolls = result
        .trades
        .iter()
        .filter(|t| t.reason == spreadtrade::backtest::TradeReason::Roll)
        .count();
    println!("hold {text} from {hold_from} to {hold_to} ({rolls} roll fills):");
    print!("{}", text_summary(&result, &origin));
    write_run(&result, &origin, &args.out.join("hold"))?;

    // 2. Mean reversion on the slope: flatten when it is rich, steepen when it is cheap.
    let slope = SignalSource::CurveSlope {
        currency: Currency::Cny,
        short,
        long: Tenor::Years(10),
    };
    let values = slope.values(market)?;
    let windows = [20, 60, 120];
    let entries = [1.0, 1.5, 2.0];
    let zscores = ZScoreGrid::new(&values, &windows, &entries)?;
    let grid = zscores.points();
    // The book is a flattener (long the 10-year, DV01-neutral): it gains when the slope falls.
    // Mean reversion wants it long when the slope is rich (z > k). SlopeZScore's default shorts
    // the book when z > k — right for a steepener such as 2×TU−1×TY — so `momentum: true` flips
    // the sign for this book.
    let make = |point: &(usize, f64)| {
        zscores.strategy(
            point,
            ZScoreParams {
                units: 10.0,
                momentum: true,
                ..ZScoreParams::reference(0, 1.0)
            },
        )
    };
    let sweep_config = config.clone().with_record(false);
    let engine = Engine::new(market, &table, &sweep_config)?;
    let sweep = Sweep::new(&engine, &book);
    let runs = sweep.run(grid, make)?;
    let short_years = short.whole_months().unwrap_or(0) / 12;
    println!(
        "\nCNY {short_years}s10s z-score sweep on {text} ({} combinations):",
        runs.len()
    );
    for r in &runs {
        let (i, k) = grid[r.index];
        let s = &r.summary;
        println!(
            "  window {:>3} k {k:.1}: P&L {:>12.0} CNY  Sharpe {:>6.2}  max DD {:>10.0}  trades {:>4}",
            windows[i],
            s.total_pnl,
            s.sharpe.unwrap_or(0.0),
            s.max_drawdown,
            s.trades
        );
    }
    if let Some(best) = sweep.best_by_sharpe(&runs, grid, make)? {
        let (i, k) = grid[best.index];
        println!(
            "best: window {} k {k}: deflated Sharpe {} over {} trials",
            windows[i],
            best.deflated_sharpe
                .map_or("n/a".to_owned(), |p| format!("{p:.3}")),
            best.trials
        );
    }
    println!("\nwrote CSV, JSON and SVG charts to {}", args.out.display());
    Ok(())
}
