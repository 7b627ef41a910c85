//! The portfolio engine against the sum of its books run alone (target: no more).
//!
//! - `note_2024`: the five seed trades of the research note, entered 2024-03-19 and held
//!   (rolling) to the end of 2024 in one USD account (the CNY flattener converted at DEXCHUS);
//! - `generic_20x35y`: 20 generic spreads of TU/FV/TY/US (pairs, flies, outrights) under
//!   z-score strategies of different windows over the whole history — 35 years of the real
//!   Treasury curve when `../shared/data` is present, else the synthetic years.
//!
//! Each group times `Portfolio::run` over all books and the books one by one through
//! `Engine::run_recorded`, as a user would run them for the same outputs: each with its full
//! daily ledger. In the portfolio the engine writes each trade's days straight into the
//! trade's `TradeDay`s (no ledger); the portfolio adds the trades up, computes the correlation
//! matrix and checks Σ trades = portfolio on every day. Throughput is in book-days. Tables
//! are built outside the timed loops. Before the criterion figures, each group prints 15
//! paired rounds (portfolio and books alone in turn) and the per-round ratio.

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spreadtrade::backtest::{BacktestConfig, Engine, Portfolio, PortfolioTrade, Weighting};
use spreadtrade::contract::{RollRule, Root};
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::market::Book;
use spreadtrade::pricing::TableSpec;
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, SignalSource, SlopeZScore, Strategy, ZScoreParams};
use std::hint::black_box;

mod support;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

fn bench_books<'a, F>(
    c: &mut Criterion,
    name: &str,
    session: &'a Session,
    table: &'a spreadtrade::market::PriceTable,
    config: &'a BacktestConfig,
    books: &'a [Book],
    make: F,
) where
    F: Fn(usize) -> Box<dyn Strategy + 'a>,
{
    let engine = Engine::new(session.market(), table, config).expect("a valid config");
    let portfolio = Portfolio::new(session.market(), table, config).expect("a valid config");
    let trades = || -> Vec<PortfolioTrade<'a>> {
        books
            .iter()
            .enumerate()
            .map(|(i, book)| PortfolioTrade {
                name: format!("t{i}"),
                spread: book.label().to_owned(),
                book,
                strategy: make(i),
            })
            .collect()
    };
    let result = portfolio.run(trades()).expect("the portfolio runs");
    let book_days: usize = result.trades.iter().map(|t| t.run.summary.days).sum();
    eprintln!(
        "{name}: {} books, {} book-days, portfolio {} .. {} ({} days), total P&L {:.0}",
        books.len(),
        book_days,
        result.summary.start,
        result.summary.end,
        result.summary.days,
        result.summary.total_pnl
    );
    paired(name, &portfolio, &engine, books, &trades, &make);
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(book_days as u64));
    g.bench_function("portfolio", |b| {
        b.iter(|| black_box(portfolio.run(trades()).expect("the portfolio runs")))
    });
    g.bench_function("sum_of_books_alone", |b| {
        b.iter(|| {
            for (i, book) in books.iter().enumerate() {
                black_box(engine.run_recorded(book, make(i)).expect("the book runs"));
            }
        })
    });
    g.finish();
}

/// Portfolio against books alone in alternating rounds (A B A B …), each round timing both
/// sides over the same number of iterations: the ratio of each round is paired, so that the
/// load of a shared machine, which drifts over seconds, moves both sides alike. Printed
/// before the criterion figures: min, median and max of the per-round ratio and each side's
/// median time per iteration.
fn paired<'a, F>(
    name: &str,
    portfolio: &Portfolio<'_>,
    engine: &Engine<'_>,
    books: &'a [Book],
    trades: &dyn Fn() -> Vec<PortfolioTrade<'a>>,
    make: &F,
) where
    F: Fn(usize) -> Box<dyn Strategy + 'a>,
{
    use std::time::Instant;
    let run_a = || black_box(portfolio.run(trades()).expect("the portfolio runs"));
    let run_b = || {
        for (i, book) in books.iter().enumerate() {
            black_box(engine.run_recorded(book, make(i)).expect("the book runs"));
        }
    };
    // Iterations per side and round: about 50 ms of the portfolio.
    let t = Instant::now();
    run_a();
    let once = t.elapsed().as_secs_f64();
    let k = ((0.05 / once) as usize).clamp(1, 10_000);
    let rounds = 15;
    let p = support::paired_rounds(rounds, k, &|| drop(run_a()), &run_b);
    let ([lo, mid, hi], a, b) = p.summary();
    eprintln!(
        "{name} paired ({rounds} rounds of {k}): portfolio/alone min {lo:.3} median {mid:.3} \
         max {hi:.3}; portfolio median {:.1} µs, books alone median {:.1} µs",
        a * 1e6,
        b * 1e6
    );
}

fn note_2024(c: &mut Criterion) {
    let dir = support::real_data_dir();
    let session = Session::open(dir.as_deref()).expect("the data loads");
    let specs = ["2×TUM24−1×TYM24", "+TYM24", "+1×T−2×TS", "+VXM24", "-ECM24"];
    let exprs: Vec<SpreadExpr> = specs
        .iter()
        .map(|s| s.parse().expect("a valid expression"))
        .collect();
    let table = session
        .price_table(
            &TableSpec::new(vec![
                Root::TU,
                Root::TY,
                Root::T,
                Root::TS,
                Root::VX,
                Root::EC,
            ])
            .with_range(date(2024, 1, 2), date(2024, 12, 31)),
        )
        .expect("the table builds");
    let books: Vec<Book> = exprs
        .iter()
        .map(|e| {
            session
                .book(e, &table, &RollRule::default())
                .expect("a book")
        })
        .collect();
    let config = BacktestConfig::default()
        .with_dates(Some(date(2024, 1, 2)), Some(date(2024, 12, 31)))
        .with_weighting(Weighting::Dv01Neutral);
    bench_books(
        c,
        "portfolio_note_2024",
        &session,
        &table,
        &config,
        &books,
        |i| {
            let entry = date(2024, 3, 19);
            Box::new(if i < 3 {
                Hold::dv01(entry, Exit::Never, 10_000.0)
            } else {
                Hold::units(entry, Exit::Never, 100.0)
            })
        },
    );
}

fn generic_20x35y(c: &mut Criterion) {
    let dir = support::real_data_dir();
    let session = Session::open(dir.as_deref()).expect("the data loads");
    let specs = [
        "2×TU−1×TY",
        "1×TU−1×FV",
        "1×FV−1×TY",
        "1×TY−1×US",
        "1×TU−1×US",
        "1×FV−1×US",
        "1×TU−2×FV+1×TY",
        "1×FV−2×TY+1×US",
        "+TU",
        "+FV",
        "+TY",
        "+US",
        "2×TU−1×TY",
        "1×TU−1×FV",
        "1×FV−1×TY",
        "1×TY−1×US",
        "1×TU−1×US",
        "1×FV−1×US",
        "1×TU−2×FV+1×TY",
        "1×FV−2×TY+1×US",
    ];
    let exprs: Vec<SpreadExpr> = specs
        .iter()
        .map(|s| s.parse().expect("a valid expression"))
        .collect();
    let table = session
        .price_table(&TableSpec::new(vec![
            Root::TU,
            Root::FV,
            Root::TY,
            Root::US,
        ]))
        .expect("the table builds");
    let books: Vec<Book> = exprs
        .iter()
        .map(|e| {
            session
                .book(e, &table, &RollRule::default())
                .expect("a book")
        })
        .collect();
    let config = BacktestConfig::default().with_weighting(Weighting::Dv01Neutral);
    bench_books(
        c,
        "portfolio_generic_20x35y",
        &session,
        &table,
        &config,
        &books,
        |i| {
            let window = [20, 60, 120, 250][i % 4];
            Box::new(
                SlopeZScore::new(
                    SignalSource::usd_2s10s(),
                    ZScoreParams {
                        units: 10.0,
                        ..ZScoreParams::reference(window, 1.5)
                    },
                )
                .expect("valid parameters"),
            )
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = note_2024, generic_20x35y
}
criterion_main!(benches);
