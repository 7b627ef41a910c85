//! The research note as one book: the five seed trades entered together at the close of
//! 2024-03-19 (the day before the FOMC decision) in one USD account, held over three horizons.
//!
//! ```sh
//! cargo run --example seed_note                            # embedded synthetic fixtures
//! cargo run --example seed_note -- --data ../shared/data   # real data where it exists
//! ```
//!
//! | trade          | spread            | sizing                                            |
//! | -------------- | ----------------- | ------------------------------------------------- |
//! | UST steepener  | `2×TUM24−1×TYM24` | $10k per bp of curve (DV01-neutral legs)          |
//! | UST duration   | `+TYM24`          | $10k per bp                                       |
//! | CGB flattener  | `+1×T−2×TS`       | $10k per bp of curve (in USD, DV01-neutral legs)  |
//! | USD up, vol up | `+VXM24`          | risk budget: $50k one-day σ (60-day lookback)     |
//! | USD up         | `-ECM24`          | risk budget: $50k one-day σ (60-day lookback)     |
//!
//! Horizons: (a) 5 market days, (b) to 2024-04-16 (the 10Y yield's peak), (c) to the June
//! contracts' roll (each trade exits on the last day before its book rolls out of the June
//! contract). Per horizon: a table (P&L in the trade's currency and in USD, DV01 carried, max
//! drawdown, prices real or model) and, under `out/seed_note/<horizon>/`, `summary.json`,
//! ledger and blotter CSV/JSON and `pnl.svg`. CNY P&L is converted to USD day by day at the
//! data's USD/CNY series (FRED DEXCHUS), the engine's default; the CFFEX and UST prices are
//! curve-implied (a model), VX from the term-structure model and EC by covered interest
//! parity unless the data folder has real settlements — each row says which.

use chrono::NaiveDate;
use clap::Parser;
use spreadtrade::backtest::{
    BacktestConfig, Portfolio, PortfolioTrade, Weighting, risk_budget_units,
};
use spreadtrade::contract::{RollRule, Root};
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::market::Book;
use spreadtrade::pricing::TableSpec;
use spreadtrade::report::{portfolio_table, write_portfolio};
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold};
use spreadtrade::units::Currency;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// A data folder such as ../shared/data (default: the embedded synthetic fixtures).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder (one sub-folder per horizon).
    #[arg(long, default_value = "out/seed_note")]
    out: PathBuf,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

/// How a trade is sized.
#[derive(Clone, Copy)]
enum Sizing {
    /// Spread DV01 in USD per bp.
    Dv01(f64),
    /// USD on one standard deviation of daily P&L, over a lookback in market days.
    RiskBudget(f64, usize),
}

const TRADES: [(&str, &str, Sizing); 5] = [
    ("UST steepener", "2×TUM24−1×TYM24", Sizing::Dv01(10_000.0)),
    ("UST duration", "+TYM24", Sizing::Dv01(10_000.0)),
    ("CGB flattener", "+1×T−2×TS", Sizing::Dv01(10_000.0)),
    ("USD up, vol up", "+VXM24", Sizing::RiskBudget(50_000.0, 60)),
    ("USD up", "-ECM24", Sizing::RiskBudget(50_000.0, 60)),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let session = Session::open(args.data.as_deref())?;
    let market = session.market();
    let entry = date(2024, 3, 19);
    let exprs: Vec<SpreadExpr> = TRADES
        .iter()
        .map(|t| t.1.parse())
        .collect::<Result<_, _>>()?;
    let mut roots: Vec<Root> = exprs
        .iter()
        .flat_map(|e| e.legs().iter().map(|l| l.root()))
        .collect();
    roots.sort();
    roots.dedup();
    // One table for the whole book; from October 2023 for the risk budgets' lookback.
    let table = session
        .price_table(&TableSpec::new(roots).with_range(date(2023, 10, 2), date(2024, 6, 28)))?;
    let books: Vec<Book> = exprs
        .iter()
        .map(|e| session.book(e, &table, &RollRule::default()))
        .collect::<Result<_, _>>()?;
    let entry_day = market
        .day_on_or_after(entry)
        .ok_or("the data end before the entry date")?;
    let horizons: [(&str, &str); 3] = [
        ("5d", "(a) held 5 market days"),
        ("peak", "(b) held to 2024-04-16, the 10Y yield's peak"),
        ("roll", "(c) held to the June contracts' roll"),
    ];
    println!(
        "the research note as one book: five trades entered at the close of {entry}, USD account"
    );
    for (key, title) in horizons {
        // Each trade's exit, and the account's last day: the last exit of the horizon.
        let exit_day = |book: &Book| match key {
            "5d" => entry_day + 5,
            "peak" => market
                .day_on_or_after(date(2024, 4, 16))
                .unwrap_or(market.len() - 1),
            _ => {
                // The last day before any leg's schedule leaves the contract held at entry.
                let roll = book
                    .legs()
                    .iter()
                    .map(|l| l.next_change(entry_day))
                    .min()
                    .unwrap_or(entry_day + 1);
                roll.saturating_sub(1).max(entry_day)
            }
        };
        let last = books
            .iter()
            .map(exit_day)
            .max()
            .unwrap_or(entry_day)
            .min(market.len() - 1);
        let config = BacktestConfig::default()
            .with_dates(Some(entry), Some(market.dates()[last]))
            .with_capital(10_000_000.0)
            .with_base_currency(Currency::Usd)
            .with_weighting(Weighting::Dv01Neutral);
        let portfolio = Portfolio::new(market, &table, &config)?;
        let mut trades = Vec::with_capacity(TRADES.len());
        for ((name, spread, sizing), book) in TRADES.iter().zip(&books) {
            let exit = match key {
                "5d" => Exit::AfterDays(5),
                "peak" => Exit::On(date(2024, 4, 16)),
                _ => Exit::On(market.dates()[exit_day(book).min(market.len() - 1)]),
            };
            let hold = match *sizing {
                Sizing::Dv01(per_bp) => Hold::dv01(entry, exit, per_bp),
                Sizing::RiskBudget(budget, lookback) => {
                    let units = risk_budget_units(
                        market,
                        &table,
                        book,
                        Currency::Usd,
                        entry,
                        budget,
                        lookback,
                    )?;
                    // Short EC is the expression's sign; the budget sizes the magnitude.
                    Hold::units(entry, exit, units.round().max(1.0))
                }
            };
            trades.push(PortfolioTrade {
                name: (*name).to_owned(),
                spread: (*spread).to_owned(),
                book,
                strategy: Box::new(hold),
            });
        }
        let result = portfolio.run(trades)?;
        println!("\n{title}");
        print!("{}", portfolio_table(&result, session.origin()));
        let dir = args.out.join(key);
        let written = write_portfolio(&result, session.origin(), &dir)?;
        for note in &written.notes {
            println!("{note}");
        }
        println!("wrote {} files to {}", written.files.len(), dir.display());
    }
    println!("\nnotes:");
    println!(
        "  P&L and DV01/bp in the trade's currency (ccy); P&L USD and max drawdown in the USD account"
    );
    println!(
        "  DV01/bp: mean DV01 carried while held (the larger of the long and short sides); '-' for VX and EC"
    );
    println!(
        "  VX and EC sized to $50,000 of one-day P&L standard deviation over the 60 market days to entry"
    );
    println!(
        "  CNY P&L converted to USD each day at 1 / {} ({})",
        spreadtrade::market::CNY_PER_USD_SERIES,
        if session.origin().synthetic {
            "SYNTHETIC"
        } else {
            "FRED DEXCHUS, H.10 noon New York"
        }
    );
    Ok(())
}
