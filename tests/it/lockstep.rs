//! The sweep's lockstep path (`Sweep::run` advancing z-score runs of one book together) against
//! the engine one run at a time (`Sweep::per_run`): every field of every run's summary bit for
//! bit, on the reference sweep of `bench/SWEEP.md` and on books with costs, slippage, ratios,
//! gaps in the signal and narrowed dates; and the cases that must fall back to the engine.

use chrono::{Datelike, NaiveDate};
use spreadtrade::backtest::reference::ReferenceSweep;
use spreadtrade::backtest::{
    BacktestConfig, BacktestError, CostModel, Engine, RunSummary, Shard, Sweep, SweepRun,
};
use spreadtrade::market::{
    Book, BookLeg, Market, Origin, PriceTable, PriceTableBuilder, SeriesSpec,
};
use spreadtrade::strategy::{SignalSource, SlopeZScore, Strategy, ZScoreGrid, ZScoreParams};
use spreadtrade::units::Currency;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every field of two summaries, floating-point ones by their bits (so that −0.0 ≠ 0.0 and
/// the last bit counts). The destructuring names every field: a new one must be added here.
fn assert_same(a: &RunSummary, b: &RunSummary, what: &str) {
    let RunSummary {
        start,
        end,
        days,
        total_pnl,
        final_equity,
        annualised_pnl,
        volatility,
        sharpe,
        sortino,
        max_drawdown,
        max_drawdown_days,
        calmar,
        hit_rate,
        profit_factor,
        t_stat,
        trades,
        position_changes,
        contracts_traded,
        costs,
        commissions,
        traded_notional,
        realised_pnl,
        unrealised_pnl,
        turnover_per_year,
        mean_dv01_carried,
        mean_abs_net_dv01,
        dv01_method,
        pnl_per_bp,
        max_margin,
        open_at_end,
    } = a;
    let bits = |x: &f64| x.to_bits();
    let obits = |x: &Option<f64>| x.map(|x| x.to_bits());
    assert_eq!((start, end, days), (&b.start, &b.end, &b.days), "{what}");
    let floats = [
        ("total_pnl", bits(total_pnl), bits(&b.total_pnl)),
        ("final_equity", bits(final_equity), bits(&b.final_equity)),
        (
            "annualised_pnl",
            bits(annualised_pnl),
            bits(&b.annualised_pnl),
        ),
        ("max_drawdown", bits(max_drawdown), bits(&b.max_drawdown)),
        ("costs", bits(costs), bits(&b.costs)),
        ("commissions", bits(commissions), bits(&b.commissions)),
        (
            "traded_notional",
            bits(traded_notional),
            bits(&b.traded_notional),
        ),
        ("realised_pnl", bits(realised_pnl), bits(&b.realised_pnl)),
        (
            "unrealised_pnl",
            bits(unrealised_pnl),
            bits(&b.unrealised_pnl),
        ),
        ("max_margin", bits(max_margin), bits(&b.max_margin)),
    ];
    for (name, x, y) in floats {
        assert_eq!(x, y, "{what}: {name}");
    }
    let options = [
        ("volatility", obits(volatility), obits(&b.volatility)),
        ("sharpe", obits(sharpe), obits(&b.sharpe)),
        ("sortino", obits(sortino), obits(&b.sortino)),
        ("calmar", obits(calmar), obits(&b.calmar)),
        ("hit_rate", obits(hit_rate), obits(&b.hit_rate)),
        (
            "profit_factor",
            obits(profit_factor),
            obits(&b.profit_factor),
        ),
        ("t_stat", obits(t_stat), obits(&b.t_stat)),
        (
            "turnover_per_year",
            obits(turnover_per_year),
            obits(&b.turnover_per_year),
        ),
        (
            "mean_dv01_carried",
            obits(mean_dv01_carried),
            obits(&b.mean_dv01_carried),
        ),
        (
            "mean_abs_net_dv01",
            obits(mean_abs_net_dv01),
            obits(&b.mean_abs_net_dv01),
        ),
        ("pnl_per_bp", obits(pnl_per_bp), obits(&b.pnl_per_bp)),
    ];
    for (name, x, y) in options {
        assert_eq!(x, y, "{what}: {name}");
    }
    assert_eq!(
        (
            max_drawdown_days,
            trades,
            position_changes,
            contracts_traded
        ),
        (
            &b.max_drawdown_days,
            &b.trades,
            &b.position_changes,
            &b.contracts_traded
        ),
        "{what}"
    );
    assert_eq!(
        (dv01_method, open_at_end),
        (&b.dv01_method, &b.open_at_end),
        "{what}"
    );
}

fn assert_runs_same(a: &[SweepRun], b: &[SweepRun], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.index, y.index, "{what}");
        assert_same(&x.summary, &y.summary, &format!("{what}, run {}", x.index));
    }
}

#[test]
fn reference_sweep_in_lockstep_is_the_engine_run_by_run() {
    let sweep = ReferenceSweep::new().unwrap();
    let lockstep = sweep.run(true).unwrap();
    let per_run = sweep.run_per_run(true).unwrap();
    assert_runs_same(&lockstep, &per_run, "reference sweep");
    assert_runs_same(&sweep.run(false).unwrap(), &per_run, "serial lockstep");
    // bench/SWEEP.md: the checksum and the best run to the printed digits.
    let checksum: f64 = lockstep.iter().map(|r| r.summary.total_pnl).sum();
    assert_eq!(format!("{checksum:.6}"), "600950.661935");
    let best = lockstep
        .iter()
        .max_by(|a, b| a.summary.total_pnl.total_cmp(&b.summary.total_pnl))
        .unwrap();
    assert_eq!(
        (best.index, format!("{:.6}", best.summary.total_pnl)),
        (978, "1119.481120".to_owned())
    );
    // Runs that trade: a lockstep path that never filled would not be tested by this.
    assert!(lockstep.iter().map(|r| r.summary.trades).sum::<usize>() > 100_000);
}

/// Weekdays from 2001-01-01.
fn weekdays(n: usize) -> Vec<NaiveDate> {
    let mut dates = Vec::with_capacity(n);
    let mut d = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
    while dates.len() < n {
        if d.weekday().num_days_from_monday() < 5 {
            dates.push(d);
        }
        d = d.succ_opt().unwrap();
    }
    dates
}

/// A made-up market: a price `px` (a mean-reverting walk from a fixed-seed generator) and a
/// signal `sig` with gaps (every 17th day unobserved).
fn market(n: usize) -> Market {
    market_on_grid(n, None)
}

/// [`market`] with its price rounded to multiples of `step`, if any (then the price often
/// does not move from one day to the next).
fn market_on_grid(n: usize, step: Option<f64>) -> Market {
    let dates = weekdays(n);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut uniform = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let (mut px, mut sig) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut p, mut s) = (100.0_f64, 0.0_f64);
    for t in 0..n {
        p += 0.05 * (100.0 - p) + 1.7 * uniform();
        s += -0.08 * s + uniform();
        let quoted = step.map_or(p, |q| (p / q).round() * q);
        px.push(Some(quoted));
        sig.push((t % 17 != 5).then_some(s + 0.3 * (p - 100.0)));
    }
    Market::builder(Origin::in_memory("made-up lockstep market"))
        .with_series("px", &dates, &px)
        .with_series("sig", &dates, &sig)
        .build()
        .unwrap()
}

fn table(market: &Market, tick: Option<f64>, point_value: f64) -> PriceTable {
    let mut b = PriceTableBuilder::new(market.dates());
    for name in ["px", "sig"] {
        b.add_series(
            SeriesSpec {
                name: name.into(),
                currency: Currency::Usd,
                point_value,
                tick,
            },
            market.series(name).unwrap(),
        )
        .unwrap();
    }
    b.build()
}

/// A one-leg book holding `px` every day, at `ratio`.
fn book(table: &PriceTable, ratio: f64) -> Book {
    let id = table.find("px").unwrap();
    let schedule = vec![Some(id); table.dates().len()];
    Book::new(
        "px",
        vec![BookLeg::new("px", ratio, schedule).unwrap()],
        table,
    )
    .unwrap()
}

const WINDOWS: [usize; 3] = [5, 12, 40];
const ENTRIES: [f64; 11] = [0.3, 0.4, 0.5, 0.8, 1.0, 1.2, 1.5, 1.8, 2.2, 2.6, 3.5];

/// Runs the grid both ways and checks them equal; returns the lockstep runs.
fn both_ways(
    engine: &Engine<'_>,
    book: &Book,
    signal: &[Option<f64>],
    base: ZScoreParams,
    shard: Option<Shard>,
    what: &str,
) -> Vec<SweepRun> {
    let grid = ZScoreGrid::new(signal, &WINDOWS, &ENTRIES).unwrap();
    let make = |p: &(usize, f64)| grid.strategy(p, base);
    let mut sweep = Sweep::new(engine, book);
    if let Some(s) = shard {
        sweep = sweep.with_shard(s);
    }
    assert!(sweep.lockstep_applies(), "{what}");
    let lockstep = sweep.run(grid.points(), make).unwrap();
    let per_run = sweep.per_run().run(grid.points(), make).unwrap();
    assert!(!sweep.per_run().lockstep_applies());
    assert_runs_same(&lockstep, &per_run, what);
    assert_runs_same(
        &sweep.serial().run(grid.points(), make).unwrap(),
        &per_run,
        what,
    );
    lockstep
}

/// A case: what it tests, the series' tick, its point value, the leg's ratio, the
/// configuration and the strategies' parameters.
type Case = (
    &'static str,
    Option<f64>,
    f64,
    f64,
    BacktestConfig,
    ZScoreParams,
);

#[test]
fn costs_slippage_ratios_gaps_and_dates_match_the_engine() {
    let market = market(1_500);
    let signal = market.series("sig").unwrap();
    let costs = CostModel::zero()
        .with_series_commission(0.7)
        .with_slippage_ticks(1.5);
    let dates = market.dates();
    let cases: [Case; 5] = [
        (
            "commission and slippage, ratio 1",
            Some(0.25),
            12.5,
            1.0,
            BacktestConfig::default()
                .with_costs(costs.clone())
                .with_record(false),
            ZScoreParams::reference(0, 1.0),
        ),
        (
            "ratio −1.5, 2.5 units (sizes round), momentum",
            Some(0.5),
            1.0,
            -1.5,
            BacktestConfig::default()
                .with_costs(costs.clone())
                .with_record(false),
            ZScoreParams {
                units: 2.5,
                momentum: true,
                ..ZScoreParams::reference(0, 1.0)
            },
        ),
        (
            "0.4 units (rounds to no contracts), exit 0",
            None,
            3.0,
            1.0,
            BacktestConfig::default()
                .with_costs(costs.clone())
                .with_record(false),
            ZScoreParams {
                units: 0.4,
                exit: 0.0,
                ..ZScoreParams::reference(0, 1.0)
            },
        ),
        (
            "narrowed dates, no costs",
            None,
            1.0,
            2.0,
            BacktestConfig::default()
                .with_costs(CostModel::zero())
                .with_dates(Some(dates[200]), Some(dates[1_300]))
                .with_record(false),
            ZScoreParams::reference(0, 1.0),
        ),
        (
            "ends before the market with a position possibly open",
            Some(0.25),
            7.0,
            3.0,
            BacktestConfig::default()
                .with_costs(costs.clone())
                .with_dates(None, Some(dates[777]))
                .with_record(false),
            ZScoreParams {
                exit: 0.05,
                ..ZScoreParams::reference(0, 1.0)
            },
        ),
    ];
    for (what, tick, point_value, ratio, config, base) in cases {
        let table = table(&market, tick, point_value);
        let book = book(&table, ratio);
        let engine = Engine::new(&market, &table, &config).unwrap();
        let runs = both_ways(&engine, &book, signal, base, None, what);
        let trades: usize = runs.iter().map(|r| r.summary.trades).sum();
        assert!(trades > 0 || base.units < 0.5, "{what}: no run traded");
        if base.units < 0.5 {
            assert_eq!(trades, 0, "{what}");
        }
        // A shard of the grid: its runs keep their global indices.
        let shard = both_ways(
            &engine,
            &book,
            signal,
            base,
            Some(Shard::new(1, 3).unwrap()),
            what,
        );
        assert_eq!(shard[0].index, WINDOWS.len() * ENTRIES.len() / 3);
    }
}

#[test]
fn days_the_price_does_not_move_count_as_the_engine_counts_them() {
    // The lockstep path counts a held run's winning and non-zero days from the days the price
    // rose and fell; on a 2.0 grid the price stays put on about a third of the days, so the
    // hit rates differ from those counted over held days.
    let market = market_on_grid(1_500, Some(2.0));
    let px: Vec<f64> = market
        .series("px")
        .unwrap()
        .iter()
        .flatten()
        .copied()
        .collect();
    let still = px.windows(2).filter(|w| w[0] == w[1]).count();
    assert!(still > 300, "{still} days without a move");
    let signal = market.series("sig").unwrap();
    let config = BacktestConfig::default()
        .with_costs(CostModel::zero().with_series_commission(0.7))
        .with_record(false);
    for (ratio, point_value) in [(1.0, 12.5), (-2.0, 0.01)] {
        let table = table(&market, Some(0.5), point_value);
        let book = book(&table, ratio);
        let engine = Engine::new(&market, &table, &config).unwrap();
        let what = format!("prices on a grid, ratio {ratio}, point value {point_value}");
        let runs = both_ways(
            &engine,
            &book,
            signal,
            ZScoreParams::reference(0, 1.0),
            None,
            &what,
        );
        assert!(runs.iter().any(|r| r.summary.trades > 0), "{what}");
    }
}

#[test]
fn books_configurations_and_strategies_outside_the_lockstep_path_fall_back() {
    let market = market(600);
    let signal = market.series("sig").unwrap().to_vec();
    let grid = ZScoreGrid::new(&signal, &WINDOWS, &ENTRIES).unwrap();
    let base = ZScoreParams::reference(0, 1.0);
    let make = |p: &(usize, f64)| grid.strategy(p, base);
    let table = table(&market, Some(0.25), 1.0);
    let costs = CostModel::zero().with_series_commission(0.2);
    let check = |engine: &Engine<'_>, book: &Book, what: &str| {
        let sweep = Sweep::new(engine, book);
        assert!(!sweep.lockstep_applies(), "{what}");
        let a = sweep.run(grid.points(), make).unwrap();
        let b = sweep.per_run().run(grid.points(), make).unwrap();
        assert_runs_same(&a, &b, what);
        assert!(a.iter().any(|r| r.summary.trades > 0), "{what}");
    };
    // A ledger kept.
    let recorded = BacktestConfig::default()
        .with_costs(costs.clone())
        .with_record(true);
    let engine = Engine::new(&market, &table, &recorded).unwrap();
    check(&engine, &book(&table, 1.0), "ledger kept");
    // Two legs.
    let config = BacktestConfig::default()
        .with_costs(costs.clone())
        .with_record(false);
    let engine = Engine::new(&market, &table, &config).unwrap();
    let (px, sig) = (table.find("px").unwrap(), table.find("sig").unwrap());
    let n = table.dates().len();
    let two = Book::new(
        "px - sig",
        vec![
            BookLeg::new("px", 1.0, vec![Some(px); n]).unwrap(),
            BookLeg::new("sig", -1.0, vec![Some(sig); n]).unwrap(),
        ],
        &table,
    )
    .unwrap();
    // Two legs without DV01, and a leg that changes instrument: the path of rolled books,
    // the engine's figures.
    let in_lockstep = |engine: &Engine<'_>, book: &Book, what: &str| {
        let sweep = Sweep::new(engine, book);
        assert!(sweep.lockstep_applies(), "{what}");
        let a = sweep.run(grid.points(), make).unwrap();
        let b = sweep.per_run().run(grid.points(), make).unwrap();
        assert_runs_same(&a, &b, what);
        assert!(a.iter().any(|r| r.summary.trades > 0), "{what}");
    };
    in_lockstep(&engine, &two, "two legs");
    // One leg that changes instrument halfway.
    let switching = Book::new(
        "px then sig",
        vec![
            BookLeg::new(
                "switch",
                1.0,
                (0..n)
                    .map(|d| Some(if d < n / 2 { px } else { sig }))
                    .collect(),
            )
            .unwrap(),
        ],
        &table,
    )
    .unwrap();
    in_lockstep(&engine, &switching, "a schedule change");

    // The lockstep book, but strategies that compute their z-scores in `prepare`: not
    // lockstep strategies, run by the engine with the same results as precomputed ones.
    let book = book(&table, 1.0);
    let sweep = Sweep::new(&engine, &book);
    assert!(sweep.lockstep_applies());
    let own = |p: &(usize, f64)| {
        SlopeZScore::new(
            SignalSource::Series("sig".into()),
            ZScoreParams {
                window: grid.window(p),
                entry: p.1,
                ..base
            },
        )
    };
    assert!(own(&grid.points()[0]).unwrap().lockstep().is_none());
    assert!(
        grid.strategy(&grid.points()[0], base)
            .unwrap()
            .lockstep()
            .is_some()
    );
    let a = sweep.run(grid.points(), own).unwrap();
    let b = sweep.run(grid.points(), make).unwrap();
    assert_runs_same(&a, &b, "z-scores computed in prepare");

    // Z-scores of another timeline: the engine's error, whichever path.
    let short = ZScoreGrid::new(&signal[..300], &WINDOWS, &ENTRIES).unwrap();
    for sweep in [sweep, sweep.per_run()] {
        let err = sweep
            .run(short.points(), |p| short.strategy(p, base))
            .unwrap_err();
        assert!(
            matches!(&err, BacktestError::SweepRun { index: 0, .. }),
            "{err}"
        );
    }
}

#[test]
fn lockstep_progress_counts_every_run() {
    let sweep = ReferenceSweep::new().unwrap();
    let market = sweep.market();
    let mut b = PriceTableBuilder::new(market.dates());
    b.add_series(
        SeriesSpec {
            name: "spread".into(),
            currency: Currency::Usd,
            point_value: 1.0,
            tick: None,
        },
        market.series("spread").unwrap(),
    )
    .unwrap();
    let table = b.build();
    let book = Book::single(&table, "spread").unwrap();
    let config = BacktestConfig::default().with_record(false);
    let engine = Engine::new(market, &table, &config).unwrap();
    let grid =
        ZScoreGrid::new(market.series("spread").unwrap(), &[20, 30, 45], &[1.0, 2.0]).unwrap();
    let (calls, top) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let progress = |done: usize, total: usize| {
        calls.fetch_add(1, Ordering::Relaxed);
        top.fetch_max(done, Ordering::Relaxed);
        assert_eq!(total, 6);
    };
    let s = Sweep::new(&engine, &book).with_progress(&progress);
    assert!(s.lockstep_applies());
    let runs = s
        .run(grid.points(), |p| {
            grid.strategy(p, ZScoreParams::reference(0, 1.0))
        })
        .unwrap();
    assert_eq!(runs.len(), 6);
    assert_eq!((calls.into_inner(), top.into_inner()), (6, 6));
}

// ---- Rolled, DV01-weighted books with several legs (the real-data 2s10s sweep) ----

/// The DV01-neutral 2s10s steepener `2×TU−1×TY` on the front contracts, rolled by the default
/// rule: the session's price table and book, and the USD 2s10s slope (the z-score signal).
fn steepener(
    session: &spreadtrade::session::Session,
    expr: &str,
) -> (PriceTable, Book, Vec<Option<f64>>) {
    use spreadtrade::contract::RollRule;
    use spreadtrade::instrument::SpreadExpr;
    let expr: SpreadExpr = expr.parse().unwrap();
    let table = session.table_for(&expr, None, None).unwrap();
    let book = session.book(&expr, &table, &RollRule::default()).unwrap();
    let signal = SignalSource::usd_2s10s().values(session.market()).unwrap();
    (table, book, signal)
}

/// A window × entry grid of the real-data bench's shape (windows 10.., entries 0.5..2.9).
fn steepener_grid(signal: &[Option<f64>], windows: &[usize]) -> ZScoreGrid {
    let entries: Vec<f64> = (5..=29).map(|i| f64::from(i) / 10.0).collect();
    ZScoreGrid::new(signal, windows, &entries).unwrap()
}

/// Runs `grid` on `book` in lockstep (parallel and serial, whole and in shards) and one
/// engine run at a time, checks every summary bit for bit and returns the lockstep runs.
fn rolled_both_ways(
    engine: &Engine<'_>,
    book: &Book,
    grid: &ZScoreGrid,
    base: ZScoreParams,
    what: &str,
) -> Vec<SweepRun> {
    let make = |p: &(usize, f64)| grid.strategy(p, base);
    let sweep = Sweep::new(engine, book);
    assert!(
        sweep.lockstep_applies(),
        "{what}: the lockstep path takes the book"
    );
    let lockstep = sweep.run(grid.points(), make).unwrap();
    let per_run = sweep.per_run().run(grid.points(), make).unwrap();
    assert_runs_same(&lockstep, &per_run, what);
    let serial = sweep.serial().run(grid.points(), make).unwrap();
    assert_runs_same(&serial, &per_run, &format!("{what}, serial"));
    let shards: Vec<Vec<SweepRun>> = (0..3)
        .map(|i| {
            sweep
                .with_shard(Shard::new(i, 3).unwrap())
                .run(grid.points(), make)
                .unwrap()
        })
        .collect();
    let merged = spreadtrade::backtest::merge_shards(shards).unwrap();
    assert_runs_same(&merged, &per_run, &format!("{what}, shards"));
    lockstep
}

/// What the runs of a rolled sweep went through: fills beyond entries and exits (rolls and
/// re-sizing), open positions at the end, DV01 and margin figures.
fn assert_rolled_runs_trade(runs: &[SweepRun], what: &str) {
    let trades: usize = runs.iter().map(|r| r.summary.trades).sum();
    let changes: usize = runs.iter().map(|r| r.summary.position_changes).sum();
    // Two legs: two fills per position change, more with rolls (out and in per leg).
    assert!(
        trades > 2 * changes && changes > 0,
        "{what}: {trades} fills, {changes} changes"
    );
    assert!(
        runs.iter().any(|r| r.summary.mean_dv01_carried.is_some()),
        "{what}: no DV01 carried"
    );
}

fn rolled_cases() -> Vec<(&'static str, BacktestConfig, ZScoreParams)> {
    use spreadtrade::backtest::Weighting;
    let base = ZScoreParams {
        units: 10.0,
        ..ZScoreParams::reference(0, 1.0)
    };
    let dv01 = BacktestConfig::default()
        .with_weighting(Weighting::Dv01Neutral)
        .with_record(false);
    let mut expensive = CostModel::default().with_slippage_ticks(2.0);
    expensive
        .commission_by_root
        .insert(spreadtrade::contract::Root::TY, 2.35);
    vec![
        (
            "DV01-neutral, default costs and margins",
            dv01.clone(),
            base,
        ),
        (
            "DV01-neutral, no costs, 3.5 units of momentum, exit 0",
            dv01.clone().with_costs(CostModel::zero()),
            ZScoreParams {
                units: 3.5,
                momentum: true,
                exit: 0.0,
                ..base
            },
        ),
        (
            "DV01-neutral, 2 ticks of slippage and a TY commission",
            dv01.clone().with_costs(expensive),
            base,
        ),
        (
            "ratios as written",
            BacktestConfig::default().with_record(false),
            ZScoreParams { units: 7.0, ..base },
        ),
    ]
}

#[test]
fn rolled_dv01_neutral_steepener_in_lockstep_is_the_engine_synthetic() {
    let session = spreadtrade::session::Session::synthetic().unwrap();
    let (table, book, signal) = steepener(&session, "2×TU−1×TY");
    let grid = steepener_grid(&signal, &[10, 25, 60, 150]);
    // The embedded TU contracts of 2018 are quoted only in their own quarter, which leaves the
    // front schedule without a contract for weeks (a book the lockstep path leaves to the
    // engine, below); from 2019 every roll fills on its day.
    let from = NaiveDate::from_ymd_opt(2019, 1, 1);
    for (what, config, base) in rolled_cases() {
        let config = config.with_dates(from, None);
        let engine = Engine::new(session.market(), &table, &config).unwrap();
        let runs = rolled_both_ways(&engine, &book, &grid, base, what);
        assert_rolled_runs_trade(&runs, what);
        // The same bits on 1, 2 and 8 threads.
        #[cfg(feature = "parallel")]
        for threads in [1, 2, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let on_pool = pool.install(|| {
                Sweep::new(&engine, &book)
                    .run(grid.points(), |p| grid.strategy(p, base))
                    .unwrap()
            });
            assert_runs_same(&on_pool, &runs, &format!("{what}, {threads} threads"));
        }
    }
    // Three legs (a butterfly), DV01-neutral.
    let (table, book, signal) = steepener(&session, "TU−2×FV+TY");
    let grid = steepener_grid(&signal, &[20, 90]);
    let (what, config, base) = rolled_cases().remove(0);
    let config = config.with_dates(from, None);
    let engine = Engine::new(session.market(), &table, &config).unwrap();
    let runs = rolled_both_ways(&engine, &book, &grid, base, &format!("butterfly, {what}"));
    assert_rolled_runs_trade(&runs, what);
}

#[test]
fn rolled_dv01_neutral_steepener_in_lockstep_is_the_engine_real_1990_2025() {
    use spreadtrade::backtest::Weighting;
    let Some(dir) = crate::support::real_data_dir() else {
        return;
    };
    let session = spreadtrade::session::Session::open(Some(dir.as_path())).unwrap();
    let (table, book, signal) = steepener(&session, "2×TU−1×TY");
    // The real-data bench's grid, every fourth window.
    let windows: Vec<usize> = (10..=205).step_by(20).collect();
    let grid = steepener_grid(&signal, &windows);
    let (first, last) = (
        NaiveDate::from_ymd_opt(1990, 1, 1),
        NaiveDate::from_ymd_opt(2025, 12, 31),
    );
    for (what, config, base) in rolled_cases() {
        let config = config.with_dates(first, last);
        let engine = Engine::new(session.market(), &table, &config).unwrap();
        let runs = rolled_both_ways(&engine, &book, &grid, base, &format!("real, {what}"));
        assert_rolled_runs_trade(&runs, what);
        if config.weighting == Weighting::Dv01Neutral {
            // Over the years both contracts trade, to the end of the TU history.
            let s = &runs[0].summary;
            assert!(s.start.year() == 1990 && s.end.year() >= 2024, "{s:?}");
        }
    }
}

#[test]
fn rolled_books_without_dv01_in_lockstep_are_the_engine() {
    // VX and Euro FX carry no DV01: their rolled books (one leg, and two together) take the
    // lockstep path with every DV01 sum at zero, the engine's figures bit for bit.
    let session = spreadtrade::session::Session::synthetic().unwrap();
    let grid_of = |signal: &[Option<f64>]| steepener_grid(signal, &[15, 60]);
    let base = ZScoreParams {
        units: 3.0,
        ..ZScoreParams::reference(0, 1.0)
    };
    let config = BacktestConfig::default()
        .with_dates(NaiveDate::from_ymd_opt(2019, 1, 1), None)
        .with_record(false);
    for expr in ["VX", "-EC", "VX−2×EC"] {
        let (table, book, signal) = steepener(&session, expr);
        let grid = grid_of(&signal);
        let engine = Engine::new(session.market(), &table, &config).unwrap();
        let runs = rolled_both_ways(&engine, &book, &grid, base, expr);
        let trades: usize = runs.iter().map(|r| r.summary.trades).sum();
        let changes: usize = runs.iter().map(|r| r.summary.position_changes).sum();
        let legs = book.legs().len();
        // Fills beyond entries and exits: the rolls.
        assert!(
            trades > legs * changes && changes > 0,
            "{expr}: {trades} fills, {changes} changes"
        );
        assert!(
            runs.iter().all(|r| r.summary.mean_dv01_carried.is_none()),
            "{expr}: no DV01"
        );
    }
}

#[test]
fn rolled_books_outside_the_lockstep_path_fall_back() {
    use spreadtrade::backtest::{FxRate, MarginChange, MarginModel, Weighting};
    use spreadtrade::contract::Root;
    let session = spreadtrade::session::Session::synthetic().unwrap();
    let (table, book, signal) = steepener(&session, "2×TU−1×TY");
    let grid = steepener_grid(&signal, &[15, 60]);
    let base = ZScoreParams {
        units: 10.0,
        ..ZScoreParams::reference(0, 1.0)
    };
    let make = |p: &(usize, f64)| grid.strategy(p, base);
    let dv01 = BacktestConfig::default()
        .with_weighting(Weighting::Dv01Neutral)
        .with_dates(NaiveDate::from_ymd_opt(2019, 1, 1), None)
        .with_record(false);
    let day = session.market().dates()[session.market().len() / 2];
    let mut fraction = MarginModel::default();
    fraction.per_contract.remove(&Root::TU);
    fraction.fraction_of_notional.insert(Root::TU, 0.02);
    let cases = [
        (
            "a front schedule without a contract for weeks (2018)",
            dv01.clone().with_dates(None, None),
        ),
        ("ledger kept", dv01.clone().with_record(true)),
        (
            "a margin change",
            dv01.clone().with_margin(
                MarginModel::default().with_change(MarginChange::per_contract(
                    Root::TY,
                    day,
                    3_000.0,
                )),
            ),
        ),
        (
            "margin as a fraction of notional",
            dv01.clone().with_margin(fraction),
        ),
        (
            "legs in another currency than the base",
            dv01.clone()
                .with_base_currency(Currency::Eur)
                .with_fx(Currency::Usd, FxRate::Constant(0.9)),
        ),
    ];
    for (what, config) in cases {
        let engine = Engine::new(session.market(), &table, &config).unwrap();
        let sweep = Sweep::new(&engine, &book);
        assert!(!sweep.lockstep_applies(), "{what}");
        let a = sweep.run(grid.points(), make).unwrap();
        let b = sweep.per_run().run(grid.points(), make).unwrap();
        assert_runs_same(&a, &b, what);
        assert!(a.iter().any(|r| r.summary.trades > 0), "{what}");
    }
    // The same book and grid under the plain configuration does take the lockstep path.
    let engine = Engine::new(session.market(), &table, &dv01).unwrap();
    assert!(Sweep::new(&engine, &book).lockstep_applies());
}

/// A run that fails inside the lockstep path (the engine's size check: 20 TU a unit, a million
/// units, 2·10⁷ contracts) is reported as the sweep's error with its index and the engine's
/// cause, as one engine run per combination reports it; the runs before it are not reported.
#[test]
fn rolled_run_failing_in_lockstep_is_the_engines_error() {
    let session = spreadtrade::session::Session::synthetic().unwrap();
    let (table, book, signal) = steepener(&session, "20×TU−1×TY");
    let grid = steepener_grid(&signal, &[10, 25]);
    let from = NaiveDate::from_ymd_opt(2019, 1, 1);
    let config = BacktestConfig::default()
        .with_record(false)
        .with_dates(from, None);
    let engine = Engine::new(session.market(), &table, &config).unwrap();
    let base = ZScoreParams {
        units: 10.0,
        ..ZScoreParams::reference(0, 1.0)
    };
    let points = grid.points();
    // The 31st run (window 25, the sixth entry) and the 40th: the first is reported.
    let failing = [points[30], points[39]];
    let make = |p: &(usize, f64)| {
        let units = if failing.contains(p) { 1e6 } else { base.units };
        grid.strategy(p, ZScoreParams { units, ..base })
    };
    let sweep = Sweep::new(&engine, &book);
    assert!(sweep.lockstep_applies(), "the lockstep path takes the book");
    let lockstep = sweep.run(points, make).unwrap_err();
    let per_run = sweep.per_run().run(points, make).unwrap_err();
    assert!(
        matches!(&lockstep, BacktestError::SweepRun { index: 30, .. }),
        "{lockstep}"
    );
    assert_eq!(lockstep.to_string(), per_run.to_string());
    assert!(lockstep.to_string().contains("contracts"), "{lockstep}");
    let serial = sweep.serial().run(points, make).unwrap_err();
    assert_eq!(serial.to_string(), per_run.to_string());
}
