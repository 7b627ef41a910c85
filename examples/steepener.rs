//! The seed UST steepener `2×TUM24−1×TYM24` around the March 2024 FOMC decision, then a 2s10s
//! z-score steepener/flattener sweep over the whole history.
//!
//! ```sh
//! cargo run --example steepener                              # embedded synthetic fixtures
//! cargo run --example steepener -- --data ../shared/data     # real Treasury curves 1990-2025
//! cargo run --example steepener -- --out /tmp/steepener      # where the files go
//! ```
//!
//! What it prints:
//! 1. which data it ran on (real files, or the SYNTHETIC fixtures — then every number is
//!    made up by a model and labelled so);
//! 2. the seed trade, entered at the close of 2024-03-19 (the day before the FOMC decision of
//!    2024-03-20) and held five market days: once as written (2 TU per TY) and once
//!    DV01-neutral at $10,000 per bp of 2s10s — P&L, the DV01 carried, the net DV01, costs;
//! 3. a sweep of the mean-reverting 2s10s z-score strategy on the front TU/TY contracts
//!    (DV01-neutral, $10k/bp, rolling 2 business days before the first position day), with
//!    the best parameters by Sharpe ratio and their deflated Sharpe ratio (Bailey & López de
//!    Prado 2014) over the combinations tried.
//!
//! Futures prices are curve-implied: each contract is priced from that day's par curve
//! through its deliverable basket (synthetic issuance model); no exchange settlements are
//! used. Files written: `seed/` and `seed_dv01/` (summary.json, ledger and trades as CSV and JSON,
//! equity.svg), `sweep/` (sweep.csv, sweep.json) and `sweep/best/`.

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{BacktestConfig, Engine, Sweep, Weighting};
use spreadtrade::contract::RollRule;
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::report::{text_summary, write_run, write_sweep};
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, SignalSource, ZScoreGrid, ZScoreParams};
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "target/spreadtrade/steepener")]
    out: PathBuf,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let session = Session::open(args.data.as_deref())?;
    let origin = session.origin().clone();
    println!("data: {}", origin.description);
    if origin.synthetic {
        println!("      SYNTHETIC: every price below comes from a model of made-up curves");
    }
    println!(
        "futures prices: curve-implied (deliverable basket, cheapest to deliver), not exchange settlements\n"
    );

    // 1. The seed trade around the 2024-03-20 FOMC decision.
    let seed: SpreadExpr = "2×TUM24−1×TYM24".parse()?;
    let table = session.table_for(&seed, Some(date(2024, 1, 2)), Some(date(2024, 6, 28)))?;
    let book = session.book(&seed, &table, &RollRule::default())?;
    let window = (Some(date(2024, 3, 1)), Some(date(2024, 4, 30)));
    let entry = date(2024, 3, 19);
    let tu = table.require_contract(&"TUM24".parse()?)?;
    let ty = table.require_contract(&"TYM24".parse()?)?;
    if let Some(day) = session.market().day_index(entry)
        && let (Some(a), Some(b)) = (table.dv01(tu, day), table.dv01(ty, day))
    {
        println!(
            "on {entry}: TUM24 {:.4} (DV01 ${a:.2}), TYM24 {:.4} (DV01 ${b:.2}); DV01-neutral TU per TY = {:.3}",
            table.price(tu, day).unwrap_or(f64::NAN),
            table.price(ty, day).unwrap_or(f64::NAN),
            b / a
        );
    }
    for (label, weighting, hold) in [
        (
            "seed",
            Weighting::AsWritten,
            Hold::units(entry, Exit::AfterDays(5), 10.0),
        ),
        (
            "seed_dv01",
            Weighting::Dv01Neutral,
            Hold::dv01(entry, Exit::AfterDays(5), 10_000.0),
        ),
    ] {
        let config = BacktestConfig::default()
            .with_dates(window.0, window.1)
            .with_weighting(weighting);
        let result = Engine::new(session.market(), &table, &config)?.run(&book, hold)?;
        let (l, t) = result
            .ledger
            .days()
            .find(|d| d.leg(0).unwrap().contracts != 0)
            .map_or((0, 0), |d| {
                (d.leg(0).unwrap().contracts, d.leg(1).unwrap().contracts)
            });
        println!(
            "\n{} — {}: long {l} TUM24, short {} TYM24",
            label,
            match weighting {
                Weighting::AsWritten => "as written, 10 spread units",
                _ => "DV01-neutral at $10,000 per bp",
            },
            -t
        );
        print!("{}", text_summary(&result, &origin));
        write_run(&result, &origin, &args.out.join(label))?;
    }

    // 2. The 2s10s z-score steepener/flattener over the whole history.
    let generic: SpreadExpr = "2×TU−1×TY".parse()?;
    let table = session.table_for(&generic, None, None)?;
    let book = session.book(&generic, &table, &RollRule::default())?;
    let signal = SignalSource::usd_2s10s().values(session.market())?;
    let windows = [20, 60, 120, 250];
    let entries = [1.0, 1.5, 2.0, 2.5];
    let zscores = ZScoreGrid::new(&signal, &windows, &entries)?;
    let grid = zscores.points();
    // 10 spread units DV01-neutral: 20 TU and the TY that matches their DV01 (~$800/bp a side).
    let make = |point: &(usize, f64)| {
        zscores.strategy(
            point,
            ZScoreParams {
                units: 10.0,
                ..ZScoreParams::reference(0, 1.0)
            },
        )
    };
    let config = BacktestConfig::default()
        .with_weighting(Weighting::Dv01Neutral)
        .with_record(false);
    let engine = Engine::new(session.market(), &table, &config)?;
    let sweep = Sweep::new(&engine, &book);
    let started = std::time::Instant::now();
    let runs = sweep.run(grid, make)?;
    let elapsed = started.elapsed();
    let (first, last) = (runs[0].summary.start, runs[0].summary.end);
    println!(
        "\n2s10s z-score sweep on {generic} (front contracts, DV01-neutral, 10 units), {first} .. {last}: {} combinations in {:.1} ms",
        runs.len(),
        elapsed.as_secs_f64() * 1e3
    );
    let mut ranked: Vec<_> = runs.iter().collect();
    ranked.sort_by(|a, b| {
        b.summary
            .sharpe
            .unwrap_or(f64::MIN)
            .total_cmp(&a.summary.sharpe.unwrap_or(f64::MIN))
    });
    println!(
        "  {:>6} {:>5} {:>12} {:>7} {:>11} {:>7} {:>9}",
        "window", "k", "total P&L", "Sharpe", "max DD", "trades", "DV01/bp"
    );
    for r in ranked.iter().take(6) {
        let (i, k) = grid[r.index];
        let s = &r.summary;
        println!(
            "  {:>6} {:>5.1} {:>12.0} {:>7.2} {:>11.0} {:>7} {:>9.0}",
            windows[i],
            k,
            s.total_pnl,
            s.sharpe.unwrap_or(0.0),
            s.max_drawdown,
            s.trades,
            s.mean_dv01_carried.unwrap_or(0.0)
        );
    }
    // The best run is re-run once, with its ledger: for its deflated Sharpe and its files.
    if let Some((best, result)) = sweep.best_by_sharpe_recorded(&runs, grid, make)? {
        let (i, k) = grid[best.index];
        println!(
            "best by Sharpe: window {} k {k}: Sharpe {:.2}, deflated Sharpe {} (P[true Sharpe > {:.2}, the best of {} trials under no skill])",
            windows[i],
            best.summary.sharpe.unwrap_or(0.0),
            best.deflated_sharpe
                .map_or("n/a".to_owned(), |p| format!("{p:.3}")),
            best.expected_max_sharpe.unwrap_or(0.0),
            best.trials
        );
        write_run(&result, &origin, &args.out.join("sweep").join("best"))?;
    }
    #[derive(serde::Serialize)]
    struct P {
        window: usize,
        entry: f64,
    }
    let params: Vec<P> = grid
        .iter()
        .map(|&(i, k)| P {
            window: windows[i],
            entry: k,
        })
        .collect();
    write_sweep(&runs, &params, &origin, &args.out.join("sweep"))?;
    println!("\nwrote CSV, JSON and SVG charts to {}", args.out.display());
    Ok(())
}
