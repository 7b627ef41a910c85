//! Property tests of the engine on random books, price paths, decisions and costs: the
//! built-in accounting identities hold, the quiet-stretch path equals the day-by-day path bit
//! for bit, and, without costs, each day's P&L is the positions held overnight times the
//! price moves, recomputed here from the ledger alone.

use chrono::NaiveDate;
use proptest::prelude::*;
use spreadtrade::backtest::{
    BacktestConfig, CostModel, Engine, FxRate, MarginChange, MarginModel, RunResult, Weighting,
};
use spreadtrade::contract::Root;
use spreadtrade::market::{
    Book, BookLeg, DayQuote, InstrumentId, Market, Origin, PriceSource, PriceTable,
    PriceTableBuilder, SeriesSpec,
};
use spreadtrade::strategy::{DayView, Strategy as Decide, Target};
use spreadtrade::units::Currency;

const DAYS: usize = 40;

fn dates() -> Vec<NaiveDate> {
    let d0 = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
    (0..DAYS)
        .map(|i| d0 + chrono::Days::new(i as u64))
        .collect()
}

/// The instruments a random book picks its legs from.
#[derive(Debug, Clone, Copy)]
enum Pick {
    /// A USD series, point value 10, tick 0.01.
    UsdSeries,
    /// A EUR series, point value 100, no tick (converted through `usd_per_eur`).
    EurSeries,
    /// TYM24 rolling into TYU24 on `roll` (futures with DV01 and margin).
    Future { roll: usize },
}

#[derive(Debug, Clone)]
struct Case {
    walks: [Vec<f64>; 4],
    eur: Vec<f64>,
    legs: Vec<(Pick, f64)>,
    script: Vec<(usize, Target)>,
    commission: f64,
    slippage: f64,
    dv01_neutral: bool,
    margin_change: Option<(usize, f64)>,
}

/// Replays `(day, target)` decisions and promises nothing happens between them.
#[derive(Clone)]
struct Script(Vec<(usize, Target)>);

impl Decide for Script {
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        self.0
            .iter()
            .find(|(d, _)| *d == view.day)
            .map_or(Target::Keep, |(_, t)| *t)
    }

    fn quiet_until(&self, day: usize) -> usize {
        self.0
            .iter()
            .map(|(d, _)| *d)
            .find(|&d| d > day)
            .unwrap_or(usize::MAX)
    }
}

/// The same decisions without the promise: every day runs the full loop.
struct EveryDay(Script);

impl Decide for EveryDay {
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        self.0.on_day(view)
    }
}

fn walk() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1.5_f64..1.5, DAYS).prop_map(|steps| {
        let mut p = 100.0;
        steps
            .into_iter()
            .map(|s| {
                p = (p + s).max(1.0);
                p
            })
            .collect()
    })
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (-4_i32..=4).prop_map(|u| Target::Units(f64::from(u))),
        Just(Target::Flat),
        (1_000.0_f64..20_000.0).prop_map(Target::Dv01),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let pick = prop_oneof![
        Just(Pick::UsdSeries),
        Just(Pick::EurSeries),
        (3_usize..DAYS - 3).prop_map(|roll| Pick::Future { roll }),
    ];
    let ratio = prop_oneof![(-3_i32..=-1), (1_i32..=3)].prop_map(f64::from);
    (
        [walk(), walk(), walk(), walk()],
        prop::collection::vec(1.0_f64..1.2, DAYS),
        prop::collection::vec((pick, ratio), 1..=3),
        prop::collection::btree_map(0..DAYS, target(), 1..12),
        prop_oneof![Just(0.0), 0.5_f64..3.0],
        prop_oneof![Just(0.0), 0.25_f64..2.0],
        any::<bool>(),
        prop::option::of((1..DAYS, 0.01_f64..0.05)),
    )
        .prop_map(
            |(walks, eur, legs, script, commission, slippage, dv01_neutral, margin_change)| Case {
                walks,
                eur,
                legs,
                script: script.into_iter().collect(),
                commission,
                slippage,
                dv01_neutral,
                margin_change,
            },
        )
}

struct World {
    market: Market,
    table: PriceTable,
    book: Book,
}

fn world(c: &Case) -> World {
    let market =
        Market::from_series("usd_per_eur", &dates(), &c.eur, Origin::in_memory("props")).unwrap();
    let mut b = PriceTableBuilder::new(market.dates());
    let series = |name: &str, ccy, pv, tick, w: &[f64], b: &mut PriceTableBuilder| {
        let v: Vec<Option<f64>> = w.iter().map(|&x| Some(x)).collect();
        b.add_series(
            SeriesSpec {
                name: name.into(),
                currency: ccy,
                point_value: pv,
                tick,
            },
            &v,
        )
        .unwrap()
    };
    let usd = series("usd", Currency::Usd, 10.0, Some(0.01), &c.walks[0], &mut b);
    let eur = series("eur", Currency::Eur, 100.0, None, &c.walks[1], &mut b);
    let future = |code: &str, w: &[f64], dv01: f64, b: &mut PriceTableBuilder| {
        let quotes: Vec<DayQuote> = w
            .iter()
            .enumerate()
            .map(|(day, &price)| DayQuote {
                day,
                price,
                dv01: Some(dv01 * price / 100.0),
                ctd: None,
            })
            .collect();
        b.add_future(code.parse().unwrap(), PriceSource::CurveImplied, &quotes)
            .unwrap()
    };
    let front = future("TYM24", &c.walks[2], 65.0, &mut b);
    let next = future("TYU24", &c.walks[3], 66.0, &mut b);
    let table = b.build();
    let mut legs = Vec::new();
    for (i, &(pick, ratio)) in c.legs.iter().enumerate() {
        let schedule: Vec<Option<InstrumentId>> = match pick {
            Pick::UsdSeries => vec![Some(usd); DAYS],
            Pick::EurSeries => vec![Some(eur); DAYS],
            Pick::Future { roll } => (0..DAYS)
                .map(|d| Some(if d < roll { front } else { next }))
                .collect(),
        };
        legs.push(BookLeg::new(format!("leg{i}"), ratio, schedule).unwrap());
    }
    let book = Book::new("random", legs, &table).unwrap();
    World {
        market,
        table,
        book,
    }
}

fn config(c: &Case, record: bool) -> BacktestConfig {
    let mut margin = MarginModel::default();
    if let Some((day, fraction)) = c.margin_change {
        margin = margin.with_change(MarginChange::fraction_of_notional(
            Root::TY,
            dates()[day],
            fraction,
        ));
    }
    BacktestConfig::default()
        .with_costs(
            CostModel::zero()
                .with_commission(Currency::Usd, c.commission)
                .with_series_commission(c.commission)
                .with_slippage_ticks(c.slippage),
        )
        .with_fx(Currency::Eur, FxRate::Series("usd_per_eur".into()))
        .with_weighting(if c.dv01_neutral {
            Weighting::Dv01Neutral
        } else {
            Weighting::AsWritten
        })
        .with_margin(margin)
        .with_record(record)
}

fn run(w: &World, cfg: &BacktestConfig, s: impl Decide) -> RunResult {
    Engine::new(&w.market, &w.table, cfg)
        .unwrap()
        .run(&w.book, s)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn quiet_stretches_equal_the_day_by_day_loop(c in case()) {
        let w = world(&c);
        let script = Script(c.script.clone());
        // Every run checks its identities (an error otherwise); these are four paths through
        // the loop: every day or quiet stretches, with or without a ledger.
        let full = run(&w, &config(&c, true), EveryDay(script.clone()));
        let quiet = run(&w, &config(&c, false), script.clone());
        let quiet_recorded = run(&w, &config(&c, true), script.clone());
        let full_unrecorded = run(&w, &config(&c, false), EveryDay(script));
        prop_assert_eq!(&full.summary, &quiet.summary);
        prop_assert_eq!(&full.summary, &quiet_recorded.summary);
        prop_assert_eq!(&full.summary, &full_unrecorded.summary);
        prop_assert_eq!(full.summary.total_pnl.to_bits(), quiet.summary.total_pnl.to_bits());
        prop_assert_eq!(&full.ledger, &quiet_recorded.ledger);
        // Bit for bit, signs of zero included: the recorded stretch appends its rows column
        // by column, the full day row by row.
        prop_assert_eq!(
            serde_json::to_string(&full.ledger).unwrap(),
            serde_json::to_string(&quiet_recorded.ledger).unwrap()
        );
    }

    #[test]
    fn without_costs_each_day_is_overnight_positions_times_price_moves(c in case()) {
        let c = Case { commission: 0.0, slippage: 0.0, ..c };
        let w = world(&c);
        let r = run(&w, &config(&c, true), Script(c.script.clone()));
        prop_assert_eq!(r.summary.costs, 0.0);
        let ledger = &r.ledger;
        let fx = |ccy: Currency, d: usize| match ccy {
            Currency::Eur => c.eur[d],
            _ => 1.0,
        };
        for d in 1..ledger.len() {
            let mut expected = 0.0;
            for before in ledger.day(d - 1).unwrap().legs() {
                if before.contracts == 0 {
                    continue;
                }
                // The contract held overnight, marked from yesterday's close to today's
                // (a roll today moves the position after the mark).
                let name = before.instrument.unwrap();
                let id = w.table.find(name).unwrap();
                let info = w.table.instrument(id);
                let (p0, p1) = (w.table.price(id, d - 1).unwrap(), w.table.price(id, d).unwrap());
                expected += before.contracts as f64 * (p1 - p0) * info.point_value
                    * fx(info.currency, d);
            }
            let got = ledger.day(d).unwrap().pnl;
            prop_assert!(
                (got - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "day {}: ledger {} recomputed {}", d, got, expected
            );
        }
    }
}
