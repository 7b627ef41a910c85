//! Portfolios: several books in one USD account (`backtest::Portfolio`), the `[[trade]]` run
//! files and the `seed_note` example.

use chrono::NaiveDate;
use spreadtrade::backtest::{
    BacktestConfig, Engine, Portfolio, PortfolioError, PortfolioResult, PortfolioTrade, Weighting,
};
use spreadtrade::contract::{RollRule, Root};
use spreadtrade::instrument::SpreadExpr;
use spreadtrade::market::{Book, CNY_PER_USD_SERIES, PriceTable};
use spreadtrade::pricing::TableSpec;
use spreadtrade::session::Session;
use spreadtrade::strategy::{Exit, Hold, Strategy};
use spreadtrade::units::Currency;
use std::path::{Path, PathBuf};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TRADES: [(&str, &str); 3] = [
    ("UST steepener", "2×TUM24−1×TYM24"),
    ("CGB flattener", "+1×T−2×TS"),
    ("UST duration", "+TYM24"),
];

/// The note's table (TU, TY, T, TS over 2024H1), its books and its configuration.
fn note_inputs(session: &Session) -> (PriceTable, Vec<Book>, BacktestConfig) {
    let exprs: Vec<SpreadExpr> = TRADES.iter().map(|t| t.1.parse().unwrap()).collect();
    let table = session
        .price_table(
            &TableSpec::new(vec![Root::TU, Root::TY, Root::T, Root::TS])
                .with_range(date(2024, 1, 2), date(2024, 6, 28)),
        )
        .unwrap();
    let books: Vec<Book> = exprs
        .iter()
        .map(|e| session.book(e, &table, &RollRule::default()).unwrap())
        .collect();
    let config = BacktestConfig::default()
        .with_dates(Some(date(2024, 3, 1)), Some(date(2024, 5, 15)))
        .with_weighting(Weighting::Dv01Neutral);
    (table, books, config)
}

/// The steepener, the CNY flattener and TY in one USD account: held 2024-03-19 to 2024-04-16.
fn note(session: &Session) -> (PortfolioResult, Vec<f64>) {
    let (table, books, config) = note_inputs(session);
    let strategy = || Hold::dv01(date(2024, 3, 19), Exit::On(date(2024, 4, 16)), 10_000.0);
    // Each book alone, with the same engine: the portfolio's trades must be these runs.
    let engine = Engine::new(session.market(), &table, &config).unwrap();
    let alone: Vec<f64> = books
        .iter()
        .map(|b| engine.run(b, strategy()).unwrap().summary.total_pnl)
        .collect();
    let portfolio = Portfolio::new(session.market(), &table, &config).unwrap();
    let trades = TRADES
        .iter()
        .zip(&books)
        .map(|(t, book)| PortfolioTrade {
            name: t.0.to_owned(),
            spread: t.1.to_owned(),
            book,
            strategy: Box::new(strategy()),
        })
        .collect();
    (portfolio.run(trades).unwrap(), alone)
}

fn check_sums(result: &PortfolioResult, session: &Session) {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let cny = result
        .trades
        .iter()
        .position(|t| t.currency == Currency::Cny)
        .expect("the CGB flattener trades in CNY");
    let rates = session.market().series(CNY_PER_USD_SERIES).unwrap();
    let mut converted_days = 0;
    for (i, day) in result.ledger.iter().enumerate() {
        let sum: f64 = result.trades.iter().map(|t| t.days[i].pnl).sum();
        assert!(close(sum, day.pnl), "{}: {sum} vs {}", day.date, day.pnl);
        let margin: f64 = result.trades.iter().map(|t| t.days[i].margin).sum();
        assert!(close(margin, day.margin), "{}", day.date);
        // The CNY trade's USD P&L is its CNY P&L at that day's USD/CNY (DEXCHUS), never 1.0.
        let t = &result.trades[cny].days[i];
        if t.pnl_local != 0.0 {
            let d = session.market().day_on_or_after(day.date).unwrap();
            let rate = rates[d].expect("a USD/CNY fixing on a day with CNY P&L");
            assert!(
                close(t.pnl, t.pnl_local / rate),
                "{}: {} USD vs {} CNY at {rate}",
                day.date,
                t.pnl,
                t.pnl_local
            );
            assert!((t.pnl - t.pnl_local).abs() > 1e-6);
            converted_days += 1;
        }
    }
    assert!(converted_days >= 15, "CNY P&L on {converted_days} days");
    let total: f64 = result.trades.iter().map(|t| t.total_pnl_base).sum();
    assert!(close(total, result.summary.total_pnl));
    assert!(close(
        result.ledger.last().unwrap().equity,
        result.capital + result.summary.total_pnl
    ));
}

#[test]
fn trades_add_up_to_the_portfolio_every_day_with_a_cny_trade_in_a_usd_account() {
    let session = Session::open(None).unwrap();
    let (result, alone) = note(&session);
    assert_eq!(result.base_currency, Currency::Usd);
    check_sums(&result, &session);
    // Each trade is exactly its book run alone.
    for (t, a) in result.trades.iter().zip(&alone) {
        assert_eq!(t.total_pnl_base, *a, "{}", t.name);
        assert!(t.provenance.synthetic && t.provenance.label().starts_with("SYNTHETIC"));
    }
    // The correlation matrix is symmetric with a unit diagonal.
    let m = &result.correlation;
    for (i, row) in m.iter().enumerate() {
        assert_eq!(row[i], Some(1.0));
        for (j, &r) in row.iter().enumerate() {
            assert_eq!(r, m[j][i]);
        }
    }
    // A broken identity is reported, naming the day.
    let mut broken = result.clone();
    let offset = broken.trades[1].days.offset();
    broken.trades[1].days.live_mut()[10].pnl += 1.0;
    match broken.check_identities() {
        Err(PortfolioError::Identity { what }) => {
            let date = broken.ledger[offset + 10].date.to_string();
            assert!(what.contains(&date), "{what}");
        }
        other => panic!("expected an identity error, got {other:?}"),
    }
    // A trade without contracts that carries margin is reported, even when the sums hold.
    let mut flat = result.clone();
    let offset = flat.trades[2].days.offset();
    assert_eq!(flat.trades[2].days[offset].contracts, 0);
    flat.trades[2].days.live_mut()[0].margin = 5.0;
    flat.ledger[offset].margin += 5.0;
    match flat.check_identities() {
        Err(PortfolioError::Identity { what }) => {
            assert!(what.contains("holds no contracts"), "{what}");
            assert!(
                what.contains(&flat.ledger[offset].date.to_string()),
                "{what}"
            );
        }
        other => panic!("expected an identity error, got {other:?}"),
    }
}

#[test]
fn portfolio_runs_are_deterministic() {
    let session = Session::open(None).unwrap();
    let (a, _) = note(&session);
    let (b, _) = note(&session);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn the_note_on_real_data_adds_up_with_dexchus() {
    let Some(dir) = crate::support::real_data_dir() else {
        return;
    };
    let session = Session::open(dir.as_path()).unwrap();
    let (result, _) = note(&session);
    check_sums(&result, &session);
    for t in &result.trades {
        assert!(!t.provenance.synthetic);
        assert!(
            t.provenance.label().starts_with("model (curve-implied)"),
            "{}",
            t.name
        );
    }
}

#[test]
fn duplicate_names_and_empty_portfolios_are_errors() {
    let session = Session::open(None).unwrap();
    let table = session
        .table_for(&"+TYM24".parse().unwrap(), None, None)
        .unwrap();
    let book = session
        .book(&"+TYM24".parse().unwrap(), &table, &RollRule::default())
        .unwrap();
    let config = BacktestConfig::default();
    let p = Portfolio::new(session.market(), &table, &config).unwrap();
    assert_eq!(p.run(Vec::new()).unwrap_err(), PortfolioError::Empty);
    let trade = || PortfolioTrade {
        name: "ty".into(),
        spread: "+TYM24".into(),
        book: &book,
        strategy: Box::new(Hold::units(date(2024, 3, 19), Exit::AfterDays(5), 1.0)),
    };
    assert!(matches!(
        p.run(vec![trade(), trade()]),
        Err(PortfolioError::DuplicateName { .. })
    ));
}

// ---- run files and the CLI ----

fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "spreadtrade-portfolio-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn note_toml() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/note.toml"))
        .unwrap()
}

fn summary_of(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn check_summary(s: &serde_json::Value, synthetic: bool) {
    let trades = s["trades"].as_array().unwrap();
    assert_eq!(trades.len(), 5);
    let mut sum = 0.0;
    for t in trades {
        for key in [
            "name",
            "spread",
            "currency",
            "total_pnl",
            "total_pnl_usd",
            "prices",
        ] {
            assert!(!t[key].is_null(), "{key} in {t}");
        }
        assert_eq!(
            t["prices"].as_str().unwrap().starts_with("SYNTHETIC"),
            synthetic
        );
        sum += t["total_pnl_usd"].as_f64().unwrap();
    }
    let total = s["total"]["total_pnl_usd"].as_f64().unwrap();
    assert!(
        (total - sum).abs() <= 1e-9 * total.abs().max(1.0),
        "{total} vs {sum}"
    );
    let cgb = trades
        .iter()
        .find(|t| t["name"] == "CGB flattener")
        .unwrap();
    assert_eq!(cgb["currency"], "CNY");
    assert_ne!(cgb["total_pnl"], cgb["total_pnl_usd"]);
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_runs_a_trade_table_file_and_writes_the_named_keys() {
    let d = out_dir("cli");
    let path = d.join("note.toml");
    std::fs::write(&path, note_toml()).unwrap();
    let out_path = d.join("out");
    let out = crate::cli::spreadtrade(&[
        "backtest",
        path.to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "UST steepener",
        "CGB flattener",
        "USD up, vol up",
        "total",
        "SYNTHETIC",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
    check_summary(&summary_of(&out_path), true);
    for f in ["ledger.csv", "ledger.json", "trades.csv", "trades.json"] {
        assert!(out_path.join(f).is_file(), "{f}");
    }
}

#[cfg(feature = "cli")]
#[test]
fn bad_keys_name_the_trade() {
    let d = out_dir("badkey");
    // The third trade's entry (index 2) is not a date.
    let mut n = 0;
    let text: String = note_toml()
        .lines()
        .map(|l| {
            if l.starts_with("entry = ") {
                n += 1;
                if n == 3 {
                    return "entry = \"2024-13-19\"\n".to_owned();
                }
            }
            format!("{l}\n")
        })
        .collect();
    let path = d.join("bad.toml");
    std::fs::write(&path, text).unwrap();
    crate::cli::fails_with(
        &["backtest", path.to_str().unwrap()],
        "trade[2].strategy.entry",
    );
    let path = d.join("bad2.toml");
    std::fs::write(&path, note_toml().replace("lookback = 60", "lookbak = 60")).unwrap();
    crate::cli::fails_with(
        &["backtest", path.to_str().unwrap()],
        "trade[3].sizing.lookbak",
    );
}

#[cfg(feature = "cli")]
#[test]
fn a_single_trade_file_still_runs() {
    let d = out_dir("single");
    let path = d.join("one.toml");
    std::fs::write(
        &path,
        "spread = \"+TYM24\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-19\"\nexit_after_days = 5\n",
    )
    .unwrap();
    let out_path = d.join("out");
    let out = crate::cli::spreadtrade(&[
        "backtest",
        path.to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary_of(&out_path);
    assert_eq!(s["book"], "1×TYM24");
    assert!(s["summary"]["total_pnl"].is_f64());
}

#[cfg(feature = "cli")]
#[test]
fn the_cli_runs_the_note_on_real_data() {
    let Some(data) = crate::support::real_data_dir() else {
        return;
    };
    let d = out_dir("cli-real");
    let path = d.join("note.toml");
    std::fs::write(
        &path,
        format!("data = {:?}\n{}", data.display().to_string(), note_toml()),
    )
    .unwrap();
    let out_path = d.join("out");
    let out = crate::cli::spreadtrade(&[
        "backtest",
        path.to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_summary(&summary_of(&out_path), false);
}

/// The `seed_note` example binary, which `cargo test` builds next to the test binaries.
fn seed_note() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_BIN_EXE_spreadtrade"))
        .parent()?
        .join("examples")
        .join(format!("seed_note{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        Some(bin)
    } else {
        eprintln!(
            "\n*** SKIPPING the seed_note example: {} is not built (run the whole `cargo test`, \
             which builds the examples) ***\n",
            bin.display()
        );
        None
    }
}

fn run_seed_note(data: Option<&Path>, name: &str, synthetic: bool) {
    let Some(bin) = seed_note() else {
        return;
    };
    let d = out_dir(name);
    let mut cmd = std::process::Command::new(bin);
    cmd.args(["--out", d.to_str().unwrap()]);
    if let Some(data) = data {
        cmd.args(["--data", data.to_str().unwrap()]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for h in [
        "(a) held 5 market days",
        "(b) held to 2024-04-16",
        "(c) held to the June",
    ] {
        assert!(text.contains(h), "{h}: {text}");
    }
    for h in ["5d", "peak", "roll"] {
        check_summary(&summary_of(&d.join(h)), synthetic);
    }
}

#[test]
fn the_seed_note_example_runs_on_the_fixtures() {
    run_seed_note(None, "example-fixtures", true);
}

#[test]
fn the_seed_note_example_runs_on_real_data() {
    if let Some(data) = crate::support::real_data_dir() {
        run_seed_note(Some(&data), "example-real", false);
    }
}

/// The portfolio as its books run alone, the old way: each book through
/// `Engine::run_recorded` with its full daily ledger, its days read from that ledger's
/// columns, padded with flat days to the portfolio's days, added up trade by trade, and the
/// correlation taken pair by pair. Every figure of `Portfolio::run` must be these, bit for bit.
fn assert_portfolio_is_its_books_alone(
    session: &Session,
    table: &PriceTable,
    config: &BacktestConfig,
    books: &[Book],
    strategy: impl Fn(usize) -> Box<dyn Strategy>,
) {
    use spreadtrade::backtest::TradeDay;
    use spreadtrade::units::CurrencyAmounts;
    let bits = |x: f64| x.to_bits();
    let same_amounts = |a: &CurrencyAmounts, b: &CurrencyAmounts| {
        Currency::ALL
            .into_iter()
            .all(|c| bits(a.get(c)) == bits(b.get(c)))
    };
    let engine = Engine::new(session.market(), table, config).unwrap();
    let portfolio = Portfolio::new(session.market(), table, config).unwrap();
    let trades = books
        .iter()
        .enumerate()
        .map(|(i, book)| PortfolioTrade {
            name: format!("t{i}"),
            spread: book.label().to_owned(),
            book,
            strategy: strategy(i),
        })
        .collect();
    let result = portfolio.run(trades).unwrap();
    let dates = session.market().dates();
    let first = session
        .market()
        .day_on_or_after(result.summary.start)
        .unwrap();
    let len = result.ledger.len();
    let mut pnl = vec![0.0_f64; len];
    let mut costs = vec![0.0_f64; len];
    let mut margin = vec![0.0_f64; len];
    let mut dv01 = vec![CurrencyAmounts::default(); len];
    let mut columns = Vec::new();
    let mut some_foreign = false;
    for (i, (t, book)) in result.trades.iter().zip(books).enumerate() {
        let alone = engine.run_recorded(book, strategy(i)).unwrap();
        assert_eq!(t.run.summary, alone.summary, "{}", t.name);
        assert_eq!(t.run.trades, alone.trades, "{}", t.name);
        assert!(t.run.ledger.is_empty(), "the trade's ledger is not kept");
        let ledger = &alone.ledger;
        let currency = match alone.leg_currencies.split_first() {
            Some((c, rest)) if rest.iter().all(|x| x == c) => *c,
            _ => alone.base_currency,
        };
        assert_eq!(t.currency, currency, "{}", t.name);
        some_foreign |= currency != alone.base_currency;
        let offset = dates[first..]
            .iter()
            .position(|d| *d == ledger.dates()[0])
            .unwrap();
        let mut days = vec![TradeDay::flat(); len];
        let (mut held, mut carried, mut held_days) = (None, 0.0, 0usize);
        for day in ledger.days() {
            let mut dv = CurrencyAmounts::default();
            let mut contracts = 0;
            for (leg, &c) in day.legs().zip(&alone.leg_currencies) {
                if let Some(v) = leg.dv01 {
                    dv.add(c, v);
                }
                contracts += leg.contracts.abs();
            }
            if contracts != 0 {
                let (mut long, mut short) = (0.0, 0.0);
                for (leg, &c) in day.legs().zip(&alone.leg_currencies) {
                    match leg.dv01 {
                        Some(v) if c == currency && v > 0.0 => long += v,
                        Some(v) if c == currency => short -= v,
                        _ => {}
                    }
                }
                if long + short > 0.0 {
                    carried += f64::max(long, short);
                    held_days += 1;
                }
                if held.is_none() {
                    let legs: Vec<String> = day
                        .legs()
                        .map(|l| format!("{:+} {}", l.contracts, l.instrument.unwrap_or("-")))
                        .collect();
                    held = Some(legs.join(", "));
                }
            }
            days[offset + day.index()] = TradeDay {
                pnl: day.pnl,
                pnl_local: if currency == alone.base_currency {
                    day.pnl
                } else {
                    day.pnl_by_currency.get(currency)
                },
                costs: day.costs,
                dv01: dv,
                contracts,
                margin: day.margin,
            };
        }
        for (k, (got, want)) in t.days.iter().zip(&days).enumerate() {
            let what = format!("{} {}", t.name, result.ledger[k].date);
            assert_eq!(bits(got.pnl), bits(want.pnl), "{what}");
            assert_eq!(bits(got.pnl_local), bits(want.pnl_local), "{what}");
            assert_eq!(bits(got.costs), bits(want.costs), "{what}");
            assert_eq!(bits(got.margin), bits(want.margin), "{what}");
            assert!(same_amounts(&got.dv01, &want.dv01), "{what}");
            assert_eq!(got.contracts, want.contracts, "{what}");
        }
        assert_eq!(t.days.len(), len);
        assert_eq!(Some(&t.held), held.as_ref(), "{}", t.name);
        let carried = (held_days > 0).then(|| carried / held_days as f64);
        assert_eq!(t.dv01_carried.map(bits), carried.map(bits), "{}", t.name);
        let total = if currency == alone.base_currency {
            alone.summary.total_pnl
        } else {
            days[offset..offset + ledger.len()]
                .iter()
                .map(|d| d.pnl_local)
                .sum()
        };
        assert_eq!(bits(t.total_pnl), bits(total), "{}", t.name);
        for (k, d) in days[offset..offset + ledger.len()].iter().enumerate() {
            pnl[offset + k] += d.pnl;
            costs[offset + k] += d.costs;
            margin[offset + k] += d.margin;
            for (c, v) in d.dv01.iter() {
                dv01[offset + k].add(c, v);
            }
        }
        columns.push(days.iter().map(|d| d.pnl).collect::<Vec<f64>>());
    }
    let mut equity = config.capital;
    for (k, day) in result.ledger.iter().enumerate() {
        equity += pnl[k];
        assert_eq!(day.date, dates[first + k]);
        assert_eq!(bits(day.pnl), bits(pnl[k]), "{}", day.date);
        assert_eq!(bits(day.costs), bits(costs[k]), "{}", day.date);
        assert_eq!(bits(day.margin), bits(margin[k]), "{}", day.date);
        assert_eq!(bits(day.equity), bits(equity), "{}", day.date);
        assert!(same_amounts(&day.dv01, &dv01[k]), "{}", day.date);
    }
    let centred: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| {
            let mean = c.iter().sum::<f64>() / c.len() as f64;
            c.iter().map(|x| x - mean).collect()
        })
        .collect();
    for (i, ci) in centred.iter().enumerate() {
        for (j, cj) in centred.iter().enumerate() {
            let sij: f64 = ci.iter().zip(cj).map(|(x, y)| x * y).sum();
            let si: f64 = ci.iter().map(|x| x * x).sum();
            let sj: f64 = cj.iter().map(|x| x * x).sum();
            let r = (si > 0.0 && sj > 0.0).then(|| (sij / (si * sj).sqrt()).clamp(-1.0, 1.0));
            assert_eq!(result.correlation[i][j].map(bits), r.map(bits), "ρ {i} {j}");
        }
    }
    if books
        .iter()
        .any(|b| b.label().contains('T') && b.label().contains("TS"))
    {
        assert!(some_foreign, "the CNY trade is covered");
    }
}

/// The note's three rates trades (one in CNY) held 2024-03-19 to 2024-04-16.
#[test]
fn each_trade_is_its_book_run_alone_with_a_full_ledger() {
    let session = Session::open(None).unwrap();
    let (table, books, config) = note_inputs(&session);
    assert_portfolio_is_its_books_alone(&session, &table, &config, &books, |_| {
        Box::new(Hold::dv01(
            date(2024, 3, 19),
            Exit::On(date(2024, 4, 16)),
            10_000.0,
        ))
    });
}

/// Generic rolled spreads (pairs, a fly, an outright) under z-score strategies of different
/// windows over the whole history: quiet stretches, rolls, entries and exits, runs starting
/// on different days. On the synthetic years, and on the real Treasury curve when present.
#[test]
fn generic_books_over_the_whole_history_are_their_books_alone() {
    use spreadtrade::strategy::{SignalSource, SlopeZScore, ZScoreParams};
    let real = crate::support::real_data_dir();
    let mut dirs = vec![None];
    if let Some(r) = real.as_deref() {
        dirs.push(Some(r));
    }
    for dir in dirs {
        let session = Session::open(dir).unwrap();
        let table = session
            .price_table(&TableSpec::new(vec![
                Root::TU,
                Root::FV,
                Root::TY,
                Root::US,
            ]))
            .unwrap();
        let books: Vec<Book> = ["2×TU−1×TY", "1×FV−2×TY+1×US", "+US", "1×TU−1×FV"]
            .iter()
            .map(|s| {
                let e: SpreadExpr = s.parse().unwrap();
                session.book(&e, &table, &RollRule::default()).unwrap()
            })
            .collect();
        let config = BacktestConfig::default()
            .with_weighting(Weighting::Dv01Neutral)
            .with_costs(spreadtrade::backtest::CostModel {
                slippage_ticks: 0.25,
                ..Default::default()
            });
        assert_portfolio_is_its_books_alone(&session, &table, &config, &books, |i| {
            let window = [20, 60, 120, 250][i % 4];
            Box::new(
                SlopeZScore::new(
                    SignalSource::usd_2s10s(),
                    ZScoreParams {
                        units: 10.0,
                        ..ZScoreParams::reference(window, 1.5)
                    },
                )
                .unwrap(),
            )
        });
    }
}
