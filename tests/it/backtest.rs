//! The engine on small hand-built tables: accounting identities, hand-computed P&L, costs,
//! rolls, DV01 weighting, FX and pending targets.

use chrono::NaiveDate;
use spreadtrade::backtest::{
    BacktestConfig, BacktestError, CostModel, Engine, FxRate, RunResult, TradeReason, Weighting,
};
use spreadtrade::contract::ContractCode;
use spreadtrade::market::{
    Book, BookLeg, DayQuote, InstrumentId, Market, Origin, PriceSource, PriceTable,
    PriceTableBuilder, SeriesSpec,
};
use spreadtrade::strategy::{DayView, Exit, Hold, Strategy, Target};
use spreadtrade::units::Currency;

fn dates(n: usize) -> Vec<NaiveDate> {
    let d0 = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
    (0..n).map(|i| d0 + chrono::Days::new(i as u64)).collect()
}

fn market(n: usize) -> Market {
    let v: Vec<f64> = (0..n).map(|i| 1.08 + 0.001 * i as f64).collect();
    Market::from_series("usd_per_eur", &dates(n), &v, Origin::in_memory("test")).unwrap()
}

fn quotes(prices: &[Option<f64>], dv01: f64) -> Vec<DayQuote> {
    prices
        .iter()
        .enumerate()
        .filter_map(|(day, p)| {
            p.map(|price| DayQuote {
                day,
                price,
                dv01: Some(dv01),
                ctd: None,
            })
        })
        .collect()
}

/// Replays a fixed list of (day, target) decisions.
struct Script(Vec<(usize, Target)>);

impl Strategy for Script {
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        self.0
            .iter()
            .find(|(d, _)| *d == view.day)
            .map_or(Target::Keep, |(_, t)| *t)
    }
}

fn series_table(m: &Market, values: &[f64], tick: Option<f64>) -> (PriceTable, Book) {
    let mut b = PriceTableBuilder::new(m.dates());
    let v: Vec<Option<f64>> = values.iter().map(|&x| Some(x)).collect();
    b.add_series(
        SeriesSpec {
            name: "s".into(),
            currency: Currency::Usd,
            point_value: 10.0,
            tick,
        },
        &v,
    )
    .unwrap();
    let t = b.build();
    let book = Book::single(&t, "s").unwrap();
    (t, book)
}

fn run(
    m: &Market,
    t: &PriceTable,
    book: &Book,
    cfg: &BacktestConfig,
    s: impl Strategy,
) -> RunResult {
    Engine::new(m, t, cfg).unwrap().run(book, s).unwrap()
}

#[test]
fn hand_computed_pnl_with_commission_and_slippage() {
    // Prices 100, 101, 103, 102, 102; point value 10; tick 0.5, slippage 1 tick, commission 2.
    // Day 1: buy 3 → cost 3×2 + 3×0.5×10 = 21 → P&L −21.
    // Day 2: 3×(103−101)×10 = 60.   Day 3: 3×(102−103)×10 = −30; sell 3 → cost 21 → −51.
    // Day 4: flat → 0. Total = −21 + 60 − 51 = −12.
    let m = market(5);
    let (t, book) = series_table(&m, &[100.0, 101.0, 103.0, 102.0, 102.0], Some(0.5));
    let cfg = BacktestConfig::default().with_costs(
        CostModel::zero()
            .with_slippage_ticks(1.0)
            .with_series_commission(2.0),
    );
    let r = run(
        &m,
        &t,
        &book,
        &cfg,
        Script(vec![(1, Target::Units(3.0)), (3, Target::Flat)]),
    );
    let pnl: Vec<f64> = r.ledger.days().map(|d| d.pnl).collect();
    assert_eq!(pnl, vec![0.0, -21.0, 60.0, -51.0, 0.0]);
    assert_eq!(r.summary.total_pnl, -12.0);
    assert_eq!(r.summary.costs, 42.0);
    assert_eq!(r.summary.trades, 2);
    assert_eq!(r.summary.position_changes, 2);
    // A buy fills half a point up, a sell half a point down.
    assert_eq!(r.trades[0].fill_price, 101.5);
    assert_eq!(r.trades[1].fill_price, 101.5);
    assert_eq!(r.trades[1].quantity, -3);
    // Cost basis: bought 3 at 101.5 and sold 3 at 101.5 (fills after slippage) realises 0; the
    // total is realised + unrealised − commissions = 0 + 0 − 12.
    assert_eq!(r.summary.realised_pnl, 0.0);
    assert_eq!(r.summary.unrealised_pnl, 0.0);
    assert_eq!(r.summary.commissions, 12.0);
    assert_eq!(
        r.ledger.day(2).unwrap().leg(0).unwrap().avg_price,
        Some(101.5)
    );
    assert_eq!(
        r.ledger.day(2).unwrap().leg(0).unwrap().unrealised,
        3.0 * (103.0 - 101.5) * 10.0
    );
    r.check_identities().unwrap();
    // Identity: the daily P&L adds up to final equity − initial capital.
    let last = r.ledger.last().unwrap();
    assert_eq!(last.equity - cfg.capital, pnl.iter().sum::<f64>());
    assert_eq!(r.summary.final_equity, last.equity);
    assert_eq!(last.cash_by_currency.to_vec(), vec![(Currency::Usd, -12.0)]);

    // Each identity, broken by hand, is reported.
    let broken = |edit: &dyn Fn(&mut RunResult), says: &str| {
        let mut bad = r.clone();
        edit(&mut bad);
        let e = bad.check_identities().unwrap_err();
        assert!(
            matches!(e, BacktestError::Identity { .. }) && e.to_string().contains(says),
            "{e}"
        );
    };
    broken(&|b| edit_day(b, 2, |d| d.pnl += 1.0), "daily P&L adds up");
    broken(&|b| edit_day(b, 4, |d| d.equity += 1.0), "last equity");
    broken(
        &|b| edit_day(b, 4, |d| d.cash_by_currency.add(Currency::Usd, 1.0)),
        "USD cash",
    );
    broken(&|b| edit_day(b, 0, |d| d.margin = 5.0), "flat book");
    broken(&|b| b.summary.commissions = 0.0, "realised");
    broken(
        &|b| {
            b.trades.clear();
            b.summary.trades = 0;
        },
        "no trades but costs",
    );
}

/// Changes day `i` of a run's ledger (through owned rows: the ledger itself is read-only).
fn edit_day(r: &mut RunResult, i: usize, edit: impl Fn(&mut spreadtrade::backtest::LedgerDay)) {
    let mut days = r.ledger.to_days();
    edit(&mut days[i]);
    r.ledger = spreadtrade::backtest::Ledger::from_days(days).unwrap();
}

#[test]
fn zero_trades_means_zero_costs_and_a_flat_book_has_zero_dv01() {
    let m = market(6);
    let (t, book) = series_table(&m, &[1.0, 2.0, 3.0, 2.0, 1.0, 5.0], Some(0.1));
    let cfg = BacktestConfig::default();
    let r = run(&m, &t, &book, &cfg, Script(vec![]));
    assert_eq!(r.summary.trades, 0);
    assert_eq!(r.summary.costs, 0.0);
    assert_eq!(r.summary.total_pnl, 0.0);
    assert!(
        r.ledger
            .days()
            .all(|d| d.dv01 == 0.0 && d.costs == 0.0 && d.pnl == 0.0)
    );
    assert_eq!(r.summary.sharpe, None);
    assert_eq!(r.summary.hit_rate, None);
}

#[test]
fn recording_does_not_change_the_summary() {
    let m = market(40);
    let values: Vec<f64> = (0..40)
        .map(|i| 100.0 + ((i * 7) % 11) as f64 - 5.0)
        .collect();
    let (t, book) = series_table(&m, &values, Some(0.25));
    let script = || {
        Script(vec![
            (3, Target::Units(2.0)),
            (9, Target::Units(-1.0)),
            (20, Target::Flat),
            (25, Target::Units(1.0)),
        ])
    };
    let on = BacktestConfig::default().with_record(true);
    let off = BacktestConfig::default().with_record(false);
    let a = run(&m, &t, &book, &on, script());
    let b = run(&m, &t, &book, &off, script());
    assert_eq!(a.summary, b.summary);
    assert_eq!(a.summary.total_pnl.to_bits(), b.summary.total_pnl.to_bits());
    assert!(b.ledger.is_empty() && b.trades.is_empty());
    assert!(a.summary.open_at_end);
}

/// Two futures of one root: A lives on days 0..=6, B on days 2..=9; the leg rolls A → B on day 5.
fn roll_fixture(dv01_a: f64, dv01_b: f64) -> (Market, PriceTable, InstrumentId, InstrumentId) {
    let m = market(10);
    let mut b = PriceTableBuilder::new(m.dates());
    let pa: Vec<Option<f64>> = (0..10)
        .map(|d| (d <= 6).then_some(110.0 + d as f64 * 0.25))
        .collect();
    let pb: Vec<Option<f64>> = (0..10)
        .map(|d| (d >= 2).then_some(109.0 + d as f64 * 0.5))
        .collect();
    let a = b
        .add_future(
            "TYM24".parse::<ContractCode>().unwrap(),
            PriceSource::CurveImplied,
            &quotes(&pa, dv01_a),
        )
        .unwrap();
    let c = b
        .add_future(
            "TYU24".parse::<ContractCode>().unwrap(),
            PriceSource::CurveImplied,
            &quotes(&pb, dv01_b),
        )
        .unwrap();
    (m, b.build(), a, c)
}

#[test]
fn rolls_move_the_position_to_the_next_contract_with_costs() {
    let (m, t, a, b) = roll_fixture(65.0, 66.0);
    let schedule: Vec<Option<InstrumentId>> =
        (0..10).map(|d| Some(if d < 5 { a } else { b })).collect();
    let book = Book::new("TY", vec![BookLeg::new("TY", 1.0, schedule).unwrap()], &t).unwrap();
    let cfg = BacktestConfig::default().with_costs(
        CostModel::zero()
            .with_commission(Currency::Usd, 1.0)
            .with_slippage_ticks(0.5),
    );
    let r = run(&m, &t, &book, &cfg, Script(vec![(1, Target::Units(4.0))]));
    let rolls: Vec<_> = r
        .trades
        .iter()
        .filter(|t| t.reason == TradeReason::Roll)
        .collect();
    assert_eq!(rolls.len(), 2);
    assert_eq!(&*rolls[0].instrument, "TYM24");
    assert_eq!(rolls[0].quantity, -4);
    assert_eq!(&*rolls[1].instrument, "TYU24");
    assert_eq!(rolls[1].quantity, 4);
    assert!(rolls.iter().all(|t| t.date == m.dates()[5]));
    assert_eq!(
        r.ledger.day(4).unwrap().leg(0).unwrap().instrument,
        Some("TYM24")
    );
    assert_eq!(
        r.ledger.day(5).unwrap().leg(0).unwrap().instrument,
        Some("TYU24")
    );
    assert_eq!(r.ledger.day(5).unwrap().leg(0).unwrap().contracts, 4);
    // Each side of the roll costs 4 × $1 + 4 × ½ × 1/64 × $1,000 = $35.25 (TY tick 1/64 in 2024).
    let tick_cost = 4.0 * 1.0 + 4.0 * 0.5 * (1.0 / 64.0) * 1000.0;
    assert_eq!(r.ledger.day(5).unwrap().costs, 2.0 * tick_cost);
    // Day 5 P&L: mark TYM24 from 111.0 to 111.25 (4 × 0.25 × 1000 = 1000), minus the roll costs.
    assert_eq!(r.ledger.day(5).unwrap().pnl, 1000.0 - 2.0 * tick_cost);
    // Day 6 is marked in TYU24: 4 × 0.5 × 1000.
    assert_eq!(r.ledger.day(6).unwrap().pnl, 2000.0);
    assert_eq!(r.ledger.day(6).unwrap().dv01, 4.0 * 66.0);
}

#[test]
fn dv01_weighting_re_solves_the_ratio_at_entry_and_on_the_roll() {
    // Long TUM24 (DV01 40) rolling into TUU24 (DV01 20) on day 5, short TYU24 (DV01 80).
    let m = market(10);
    let mut builder = PriceTableBuilder::new(m.dates());
    let pa: Vec<Option<f64>> = (0..10).map(|d| (d <= 6).then_some(110.0)).collect();
    let pb: Vec<Option<f64>> = (0..10).map(|d| (d >= 2).then_some(109.0)).collect();
    let pc: Vec<Option<f64>> = (0..10).map(|_| Some(120.0)).collect();
    let a2 = builder
        .add_future(
            "TUM24".parse().unwrap(),
            PriceSource::CurveImplied,
            &quotes(&pa, 40.0),
        )
        .unwrap();
    let b2 = builder
        .add_future(
            "TUU24".parse().unwrap(),
            PriceSource::CurveImplied,
            &quotes(&pb, 20.0),
        )
        .unwrap();
    let c = builder
        .add_future(
            "TYU24".parse().unwrap(),
            PriceSource::CurveImplied,
            &quotes(&pc, 80.0),
        )
        .unwrap();
    let t = builder.build();
    let long: Vec<_> = (0..10).map(|d| Some(if d < 5 { a2 } else { b2 })).collect();
    let short: Vec<_> = (0..10).map(|_| Some(c)).collect();
    let book = Book::new(
        "2×TU−1×TY",
        vec![
            BookLeg::new("TU", 2.0, long).unwrap(),
            BookLeg::new("TY", -1.0, short).unwrap(),
        ],
        &t,
    )
    .unwrap();
    let cfg = BacktestConfig::default()
        .with_costs(CostModel::zero())
        .with_weighting(Weighting::Dv01Neutral);
    let r = run(&m, &t, &book, &cfg, Script(vec![(1, Target::Units(10.0))]));
    // Entry: long 20 × DV01 40 = 800 → short 800 / 80 = 10 contracts.
    assert_eq!(r.ledger.day(1).unwrap().leg(0).unwrap().contracts, 20);
    assert_eq!(r.ledger.day(1).unwrap().leg(1).unwrap().contracts, -10);
    assert_eq!(r.ledger.day(1).unwrap().dv01, 0.0);
    // Roll on day 5 into a contract with half the DV01: the short side is re-solved to 20 × 20 / 80.
    assert_eq!(r.ledger.day(5).unwrap().leg(0).unwrap().contracts, 20);
    assert_eq!(r.ledger.day(5).unwrap().leg(1).unwrap().contracts, -5);
    assert_eq!(r.ledger.day(5).unwrap().dv01, 0.0);
}

#[test]
fn dv01_weighting_keeps_a_short_first_leg_and_resizes_the_other_side() {
    // The same contracts as above written short first, `−1×TY+2×TU`: the crate's one rule
    // (instrument::dv01_neutral) keeps the first leg's side, so TY stays at −10 and the long
    // TU side is re-solved when its DV01 halves on the roll.
    let m = market(10);
    let mut builder = PriceTableBuilder::new(m.dates());
    let pa: Vec<Option<f64>> = (0..10).map(|d| (d <= 6).then_some(110.0)).collect();
    let pb: Vec<Option<f64>> = (0..10).map(|d| (d >= 2).then_some(109.0)).collect();
    let pc: Vec<Option<f64>> = (0..10).map(|_| Some(120.0)).collect();
    let mut add = |code: &str, p: &[Option<f64>], dv01: f64| {
        builder
            .add_future(
                code.parse().unwrap(),
                PriceSource::CurveImplied,
                &quotes(p, dv01),
            )
            .unwrap()
    };
    let (a2, b2, c) = (
        add("TUM24", &pa, 40.0),
        add("TUU24", &pb, 20.0),
        add("TYU24", &pc, 80.0),
    );
    let t = builder.build();
    let long: Vec<_> = (0..10).map(|d| Some(if d < 5 { a2 } else { b2 })).collect();
    let short: Vec<_> = (0..10).map(|_| Some(c)).collect();
    let book = Book::new(
        "−1×TY+2×TU",
        vec![
            BookLeg::new("TY", -1.0, short).unwrap(),
            BookLeg::new("TU", 2.0, long).unwrap(),
        ],
        &t,
    )
    .unwrap();
    let cfg = BacktestConfig::default()
        .with_costs(CostModel::zero())
        .with_weighting(Weighting::Dv01Neutral);
    let r = run(&m, &t, &book, &cfg, Script(vec![(1, Target::Units(10.0))]));
    // Entry: short 10 × 80 = 800 → long 800 / 40 = 20 TU.
    assert_eq!(r.ledger.day(1).unwrap().leg(0).unwrap().contracts, -10);
    assert_eq!(r.ledger.day(1).unwrap().leg(1).unwrap().contracts, 20);
    assert_eq!(r.ledger.day(1).unwrap().dv01, 0.0);
    // Roll into DV01 20: TY is kept, TU doubles to 800 / 20 = 40 (the long-side rule would
    // have cut TY to −5 instead).
    assert_eq!(r.ledger.day(5).unwrap().leg(0).unwrap().contracts, -10);
    assert_eq!(r.ledger.day(5).unwrap().leg(1).unwrap().contracts, 40);
    assert_eq!(r.ledger.day(5).unwrap().dv01, 0.0);
    // The instrument function gives the same ratio on the roll day's DV01s.
    let spread: spreadtrade::instrument::SpreadExpr = "-1×TYU24+2×TUU24".parse().unwrap();
    let neutral = spreadtrade::instrument::dv01_neutral(&spread, &[80.0, 20.0], None).unwrap();
    assert_eq!(neutral.legs()[0].ratio(), -1.0);
    assert_eq!(neutral.legs()[1].ratio() * 10.0, 40.0);
}

#[test]
fn dv01_targets_size_the_spread() {
    let (m, t, a, _) = roll_fixture(65.0, 66.0);
    let schedule: Vec<_> = (0..10).map(|d| (d <= 6).then_some(a)).collect();
    let book = Book::new("TY", vec![BookLeg::new("TY", 1.0, schedule).unwrap()], &t).unwrap();
    let cfg = BacktestConfig::default().with_costs(CostModel::zero());
    let r = run(
        &m,
        &t,
        &book,
        &cfg,
        Script(vec![(1, Target::Dv01(-1_000.0))]),
    );
    // 1,000 / 65 = 15.38 → 15 contracts short.
    assert_eq!(r.ledger.day(1).unwrap().leg(0).unwrap().contracts, -15);
    assert_eq!(r.ledger.day(1).unwrap().dv01, -15.0 * 65.0);
}

#[test]
fn expiring_contract_without_a_successor_is_closed() {
    let (m, t, a, _) = roll_fixture(65.0, 66.0);
    let schedule: Vec<_> = (0..10).map(|d| (d <= 6).then_some(a)).collect();
    let book = Book::new("TY", vec![BookLeg::new("TY", 1.0, schedule).unwrap()], &t).unwrap();
    let cfg = BacktestConfig::default();
    let r = run(
        &m,
        &t,
        &book,
        &cfg,
        Hold::units(m.dates()[1], Exit::Never, 2.0),
    );
    let expiry: Vec<_> = r
        .trades
        .iter()
        .filter(|t| t.reason == TradeReason::Expiry)
        .collect();
    assert_eq!(expiry.len(), 1);
    assert_eq!(expiry[0].date, m.dates()[6]);
    // The run ends with the leg's last day (nothing to hold after it), flat.
    assert_eq!(r.ledger.len(), 7);
    assert_eq!(r.summary.end, m.dates()[6]);
    assert_eq!(r.ledger.day(6).unwrap().leg(0).unwrap().contracts, 0);
    assert!(!r.summary.open_at_end);
}

#[test]
fn targets_wait_for_a_day_when_every_leg_trades() {
    let m = market(6);
    let mut b = PriceTableBuilder::new(m.dates());
    // No quote on day 2: the contract cannot trade that day.
    let p = [
        Some(100.0),
        Some(100.5),
        None,
        Some(101.0),
        Some(101.5),
        Some(102.0),
    ];
    let id = b
        .add_future(
            "TYM24".parse().unwrap(),
            PriceSource::Settlement,
            &quotes(&p, 65.0),
        )
        .unwrap();
    let t = b.build();
    let book = Book::new(
        "TY",
        vec![BookLeg::new("TY", 1.0, vec![Some(id); 6]).unwrap()],
        &t,
    )
    .unwrap();
    let cfg = BacktestConfig::default().with_costs(CostModel::zero());
    let r = run(&m, &t, &book, &cfg, Script(vec![(2, Target::Units(1.0))]));
    assert_eq!(r.trades.len(), 1);
    assert_eq!(r.trades[0].date, m.dates()[3]);
    assert_eq!(r.trades[0].market_price, 101.0);
}

#[test]
fn foreign_legs_need_an_fx_rate_and_convert_through_it() {
    let m = market(4);
    let mut b = PriceTableBuilder::new(m.dates());
    b.add_series(
        SeriesSpec {
            name: "eur".into(),
            currency: Currency::Eur,
            point_value: 100.0,
            tick: None,
        },
        &[Some(1.0), Some(2.0), Some(4.0), Some(4.0)],
    )
    .unwrap();
    let t = b.build();
    let book = Book::single(&t, "eur").unwrap();
    let base = BacktestConfig::default().with_costs(CostModel::zero());
    let err = Engine::new(&m, &t, &base)
        .unwrap()
        .run(&book, Script(vec![]))
        .unwrap_err();
    assert!(
        matches!(
            err,
            BacktestError::MissingFx {
                currency: Currency::Eur,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("fx.EUR"), "{err}");
    let cfg = base
        .clone()
        .with_fx(Currency::Eur, FxRate::Series("usd_per_eur".into()));
    let r = run(&m, &t, &book, &cfg, Script(vec![(0, Target::Units(1.0))]));
    // Day 1: 1 × (2 − 1) × 100 EUR at 1.081 USD/EUR; day 2: 200 EUR at 1.082.
    assert_eq!(r.ledger.day(1).unwrap().pnl, 100.0 * 1.081);
    assert_eq!(r.ledger.day(2).unwrap().pnl, 200.0 * 1.082);
    assert_eq!(
        r.ledger.day(2).unwrap().pnl_by_currency.to_vec(),
        vec![(Currency::Eur, 200.0)]
    );
    // Cash per currency: the EUR flows to date, in EUR, never converted.
    assert_eq!(r.ledger.day(0).unwrap().cash_by_currency.to_vec(), vec![]);
    assert_eq!(
        r.ledger.day(2).unwrap().cash_by_currency.to_vec(),
        vec![(Currency::Eur, 300.0)]
    );
    assert_eq!(
        r.ledger.day(3).unwrap().cash_by_currency.to_vec(),
        vec![(Currency::Eur, 300.0)]
    );
    assert_eq!(
        r.ledger.day(3).unwrap().equity - cfg.capital,
        100.0 * 1.081 + 200.0 * 1.082
    );
    let constant = base.with_fx(Currency::Eur, FxRate::Constant(1.1));
    let r = run(
        &m,
        &t,
        &book,
        &constant,
        Script(vec![(0, Target::Units(1.0))]),
    );
    assert_eq!(r.summary.total_pnl, 100.0 * 1.1 + 200.0 * 1.1);
}

#[test]
fn bad_configs_name_the_key() {
    let m = market(3);
    let (t, _) = series_table(&m, &[1.0, 2.0, 3.0], None);
    let check = |cfg: BacktestConfig, key: &str| {
        let e = Engine::new(&m, &t, &cfg).unwrap_err();
        // Structural problems are invalid configs; numbers outside their limits are
        // out of range; both name the key.
        assert!(
            matches!(&e, BacktestError::InvalidConfig { key: k, .. } if k == key)
                || matches!(&e, BacktestError::OutOfRange(o) if o.what == key),
            "{e}"
        );
    };
    check(BacktestConfig::default().with_capital(0.0), "capital");
    check(
        BacktestConfig::default().with_costs(CostModel::default().with_slippage_ticks(-1.0)),
        "costs.slippage_ticks",
    );
    check(
        BacktestConfig::default()
            .with_costs(CostModel::default().with_commission(Currency::Usd, f64::NAN)),
        "costs.commission_per_contract.USD",
    );
    check(
        BacktestConfig::default().with_fx(Currency::Eur, FxRate::Constant(0.0)),
        "fx.EUR",
    );
    let d = m.dates();
    check(
        BacktestConfig::default().with_dates(Some(d[2]), Some(d[0])),
        "end",
    );
    let late = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let e = Engine::new(
        &m,
        &t,
        &BacktestConfig::default().with_dates(Some(late), None),
    )
    .unwrap_err();
    assert!(matches!(e, BacktestError::DatesOutOfRange { .. }), "{e}");
}

#[test]
fn a_futures_spread_with_rolls_gives_the_same_summary_with_and_without_a_ledger() {
    use spreadtrade::contract::RollRule;
    use spreadtrade::session::Session;
    use spreadtrade::strategy::{SignalSource, SlopeZScore, ZScoreParams};
    let session = Session::open(None).unwrap();
    let expr = "2×TU−1×TY".parse().unwrap();
    let table = session.table_for(&expr, None, None).unwrap();
    let book = session.book(&expr, &table, &RollRule::default()).unwrap();
    let strategy = || {
        SlopeZScore::new(
            SignalSource::usd_2s10s(),
            ZScoreParams {
                units: 5.0,
                ..ZScoreParams::reference(40, 1.0)
            },
        )
        .unwrap()
    };
    let summary = |record: bool| {
        let cfg = BacktestConfig::default()
            .with_weighting(Weighting::Dv01Neutral)
            .with_record(record);
        let r = Engine::new(session.market(), &table, &cfg)
            .unwrap()
            .run(&book, strategy())
            .unwrap();
        (r.summary, r.ledger)
    };
    let (with, ledger) = summary(true);
    let (without, _) = summary(false);
    assert_eq!(with, without);
    assert_eq!(with.total_pnl.to_bits(), without.total_pnl.to_bits());
    assert!(
        with.trades > 20 && with.mean_dv01_carried.is_some(),
        "{with:?}"
    );
    // The DV01 figures name the table's futures DV01 (the curve-implied default).
    assert_eq!(
        table.dv01_method(),
        Some(spreadtrade::basket::FuturesDv01Method::TABLE_DEFAULT)
    );
    assert_eq!(with.dv01_method.as_deref(), Some("spot-curve"));
    // Rolls happened and the ledger adds up.
    assert!(book.legs()[0].roll_days().len() > 20);
    let sum: f64 = ledger.days().map(|d| d.pnl).sum();
    assert!((sum - with.total_pnl).abs() < 1e-6 * with.total_pnl.abs().max(1.0));
    assert!(
        ledger
            .days()
            .all(|d| d.leg(0).unwrap().contracts == 0 || d.leg(1).unwrap().contracts != 0)
    );
}

#[test]
fn a_foreign_currency_spread_gives_the_same_summary_with_and_without_a_ledger() {
    use spreadtrade::contract::RollRule;
    use spreadtrade::session::Session;
    use spreadtrade::strategy::{SignalSource, SlopeZScore, ZScoreParams};
    // CNY legs in a USD account, converted through the synthetic USD/CNY series every day,
    // with a margin change: the quiet-stretch path must match the day-by-day one bit for bit.
    let session = Session::open(None).unwrap();
    let expr = "1×T−2×TS".parse().unwrap();
    let table = session.table_for(&expr, None, None).unwrap();
    let book = session.book(&expr, &table, &RollRule::default()).unwrap();
    let strategy = || {
        SlopeZScore::new(
            SignalSource::Series("cny_per_usd".into()),
            ZScoreParams {
                units: 3.0,
                ..ZScoreParams::reference(30, 1.0)
            },
        )
        .unwrap()
    };
    let from = NaiveDate::from_ymd_opt(2022, 6, 1).unwrap();
    let margin = spreadtrade::backtest::MarginModel::default().with_change(
        spreadtrade::backtest::MarginChange::fraction_of_notional(
            spreadtrade::contract::Root::T,
            from,
            0.03,
        ),
    );
    let summary = |record: bool| {
        let cfg = BacktestConfig::default()
            .with_fx(Currency::Cny, FxRate::InverseSeries("cny_per_usd".into()))
            .with_margin(margin.clone())
            .with_weighting(Weighting::Dv01Neutral)
            .with_record(record);
        Engine::new(session.market(), &table, &cfg)
            .unwrap()
            .run(&book, strategy())
            .unwrap()
            .summary
    };
    let (with, without) = (summary(true), summary(false));
    assert_eq!(with, without);
    assert_eq!(with.total_pnl.to_bits(), without.total_pnl.to_bits());
    assert!(with.trades > 20, "{with:?}");
    assert!(with.max_margin > 0.0 && with.mean_dv01_carried.is_some());
}

#[test]
fn realised_and_unrealised_pnl_follow_average_cost() {
    // Prices 100, 102, 104, 101, 99 (point value 10, no costs): buy 2 on day 0, buy 2 more on
    // day 1 (average 101), sell 3 on day 2 (realise 3 × (104 − 101) × 10 = 90), hold 1 to the
    // end: unrealised 1 × (99 − 101) × 10 = −20. Total = 90 − 20 = 70 = Σ daily P&L.
    let m = market(5);
    let (t, book) = series_table(&m, &[100.0, 102.0, 104.0, 101.0, 99.0], None);
    let cfg = BacktestConfig::default().with_costs(CostModel::zero());
    let script = Script(vec![
        (0, Target::Units(2.0)),
        (1, Target::Units(4.0)),
        (2, Target::Units(1.0)),
    ]);
    let r = run(&m, &t, &book, &cfg, script);
    assert_eq!(
        r.ledger.day(1).unwrap().leg(0).unwrap().avg_price,
        Some(101.0)
    );
    assert_eq!(r.summary.realised_pnl, 90.0);
    assert_eq!(r.summary.unrealised_pnl, -20.0);
    assert_eq!(r.summary.total_pnl, 70.0);
    assert_eq!(r.ledger.day(4).unwrap().leg(0).unwrap().realised, 90.0);
    r.check_identities().unwrap();
    // Reversing: from +1 to −1 realises the long and opens the short at the fill.
    let script = Script(vec![(0, Target::Units(1.0)), (2, Target::Units(-1.0))]);
    let r = run(&m, &t, &book, &cfg, script);
    assert_eq!(r.summary.realised_pnl, 40.0);
    assert_eq!(
        r.ledger.day(2).unwrap().leg(0).unwrap().avg_price,
        Some(104.0)
    );
    assert_eq!(r.summary.unrealised_pnl, 50.0);
    r.check_identities().unwrap();
    assert!(r.summary.turnover_per_year.unwrap() > 0.0);
}

#[test]
fn event_windows_enter_before_and_exit_after_each_event() {
    use spreadtrade::strategy::EventWindow;
    let m = market(30);
    let values: Vec<f64> = (0..30).map(|i| 100.0 + f64::from(i)).collect();
    let (t, book) = series_table(&m, &values, None);
    let d = m.dates();
    // Events on days 10 and 13 (windows 2 before, 1 after overlap and merge: in from day 8 to
    // day 14) and on day 25 (in from 23 to 26); an event outside the data is ignored.
    let events = vec![
        d[10],
        d[13],
        d[25],
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
    ];
    let cfg = BacktestConfig::default().with_costs(CostModel::zero());
    let r = run(
        &m,
        &t,
        &book,
        &cfg,
        EventWindow::new(events, 2, 1, Target::Units(1.0)),
    );
    let held: Vec<usize> = r
        .ledger
        .days()
        .enumerate()
        .filter(|(_, l)| l.leg(0).unwrap().contracts != 0)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(held, [8, 9, 10, 11, 12, 13, 23, 24, 25]);
    assert_eq!(r.summary.trades, 4);
    r.check_identities().unwrap();
}

#[test]
fn a_usd_view_is_sized_to_its_volatility_target() {
    use spreadtrade::strategy::UsdView;
    // A series alternating ±1 around 100 (point value 10): one unit's daily P&L is ±10 after
    // the first day, sample std over the look-back ≈ 10.x; the units follow target / (σ √252).
    let m = market(80);
    let values: Vec<f64> = (0..80)
        .map(|i| if i % 2 == 0 { 100.0 } else { 101.0 })
        .collect();
    let (t, book) = series_table(&m, &values, None);
    let d = m.dates();
    let mut s = UsdView::new(d[70], d[75], 10_000.0, 60);
    let cfg = BacktestConfig::default().with_costs(CostModel::zero());
    let r = Engine::new(&m, &t, &cfg)
        .unwrap()
        .run(&book, &mut s)
        .unwrap();
    let pnl: Vec<f64> = (11..70)
        .map(|i| if i % 2 == 0 { -10.0 } else { 10.0 })
        .collect();
    let mean = pnl.iter().sum::<f64>() / pnl.len() as f64;
    let sd = (pnl.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (pnl.len() - 1) as f64).sqrt();
    let expected = 10_000.0 / (sd * 252f64.sqrt());
    assert!(
        (s.units().unwrap() - expected).abs() < 1e-9,
        "{:?} vs {expected}",
        s.units()
    );
    assert_eq!(
        r.ledger.day(70).unwrap().leg(0).unwrap().contracts,
        expected.round() as i64
    );
    assert_eq!(r.ledger.day(75).unwrap().leg(0).unwrap().contracts, 0);
}

#[test]
fn initial_margin_follows_the_figure_in_force_each_day() {
    use spreadtrade::backtest::{MarginChange, MarginModel};
    use spreadtrade::contract::Root;
    // Long 4 TY from day 1, rolled TYM24 → TYU24 on day 5. TY's margin: the default $2,337
    // per contract, $3,000 from day 3, 5 % of notional from day 7; the changes are given out
    // of order.
    let (m, t, a, b) = roll_fixture(65.0, 66.0);
    let d = m.dates();
    let margin = MarginModel::default()
        .with_change(MarginChange::fraction_of_notional(Root::TY, d[7], 0.05))
        .with_change(MarginChange::per_contract(Root::TY, d[3], 3_000.0));
    let schedule: Vec<Option<InstrumentId>> =
        (0..10).map(|d| Some(if d < 5 { a } else { b })).collect();
    let book = Book::new("TY", vec![BookLeg::new("TY", 1.0, schedule).unwrap()], &t).unwrap();
    let cfg = BacktestConfig::default().with_margin(margin);
    let r = run(&m, &t, &book, &cfg, Script(vec![(1, Target::Units(4.0))]));
    let margins: Vec<f64> = r.ledger.days().map(|l| l.margin).collect();
    // TYU24 is at 109 + 0.5 d: 4 × 0.05 × (109 + 0.5 d) × $1,000.
    let fraction = |day: usize| 4.0 * (0.05 * (109.0 + day as f64 * 0.5) * 1_000.0);
    let expected = [
        0.0,
        4.0 * 2_337.0,
        4.0 * 2_337.0,
        4.0 * 3_000.0,
        4.0 * 3_000.0,
        4.0 * 3_000.0,
        4.0 * 3_000.0,
        fraction(7),
        fraction(8),
        fraction(9),
    ];
    assert_eq!(margins, expected);
    assert_eq!(r.summary.max_margin, fraction(9));

    // The quiet-stretch path (a held position, no ledger) takes the same daily figures.
    let hold = || Hold::units(d[1], Exit::Never, 4.0);
    let with = run(&m, &t, &book, &cfg, hold()).summary;
    let without = run(&m, &t, &book, &cfg.clone().with_record(false), hold()).summary;
    assert_eq!(with, without);
    assert_eq!(without.max_margin, fraction(9));

    // Without changes the figure is the default for the whole run.
    let flat = run(&m, &t, &book, &BacktestConfig::default(), hold()).summary;
    assert_eq!(flat.max_margin, 4.0 * 2_337.0);
}

#[test]
fn bad_margin_changes_name_the_key() {
    use spreadtrade::backtest::{MarginChange, MarginModel};
    use spreadtrade::contract::Root;
    let m = market(3);
    let (t, _) = series_table(&m, &[1.0, 2.0, 3.0], None);
    let day = m.dates()[1];
    let check = |margin: MarginModel, key: &str, says: &str| {
        let cfg = BacktestConfig::default().with_margin(margin);
        let e = Engine::new(&m, &t, &cfg).unwrap_err();
        // Structural problems are invalid configs; numbers outside their limits are
        // out of range; both name the key.
        assert!(
            matches!(&e, BacktestError::InvalidConfig { key: k, .. } if k == key)
                || matches!(&e, BacktestError::OutOfRange(o) if o.what == key),
            "{e}"
        );
        assert!(e.to_string().contains(says), "{e}");
    };
    let neither = MarginChange {
        per_contract: None,
        ..MarginChange::per_contract(Root::TY, day, 1.0)
    };
    check(
        MarginModel::default().with_change(neither),
        "margin.changes[0]",
        "exactly one of",
    );
    let both = MarginChange {
        fraction_of_notional: Some(0.02),
        ..MarginChange::per_contract(Root::TY, day, 1.0)
    };
    check(
        MarginModel::default().with_change(both),
        "margin.changes[0]",
        "exactly one of",
    );
    check(
        MarginModel::default().with_change(MarginChange::per_contract(Root::TU, day, -5.0)),
        "margin.changes[0].per_contract",
        "-5",
    );
    check(
        MarginModel::default()
            .with_change(MarginChange::fraction_of_notional(Root::T, day, 0.02))
            .with_change(MarginChange::fraction_of_notional(Root::T, day, f64::NAN)),
        "margin.changes[1].fraction_of_notional",
        "NaN",
    );
    check(
        MarginModel::default()
            .with_change(MarginChange::per_contract(Root::TY, day, 2_000.0))
            .with_change(MarginChange::per_contract(Root::TU, day, 900.0))
            .with_change(MarginChange::fraction_of_notional(Root::TY, day, 0.03)),
        "margin.changes[2].from",
        "margin.changes[0]",
    );
}

#[test]
fn a_hold_entry_outside_the_run_is_an_error_not_a_late_or_missing_trade() {
    let m = market(5);
    let (t, book) = series_table(&m, &[1.0, 2.0, 3.0, 4.0, 5.0], None);
    let d = m.dates();
    let cfg = BacktestConfig::default().with_dates(Some(d[1]), Some(d[3]));
    let engine = Engine::new(&m, &t, &cfg).unwrap();
    for entry in [d[0], d[4], NaiveDate::from_ymd_opt(2031, 1, 1).unwrap()] {
        let e = engine
            .run(&book, Hold::units(entry, Exit::Never, 1.0))
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains(&format!("entry {entry}"))
                && text.contains(&format!("{} ..= {}", d[1], d[3])),
            "{text}"
        );
    }
    let r = engine
        .run(&book, Hold::units(d[1], Exit::Never, 1.0))
        .unwrap();
    assert_eq!(r.summary.trades, 1);
}
