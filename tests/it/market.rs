//! The market from data, the VX / EC / settlement sources, the parallel table build, leg
//! schedules and rolls through the engine, and the `curve` / `prices` commands.

#[cfg(feature = "cli")]
use crate::cli::{fails_with, json};
use crate::support::real_data_dir;
use chrono::NaiveDate;
use proptest::prelude::*;
use spreadtrade::backtest::{BacktestConfig, Engine, TradeReason};
use spreadtrade::calendar::Calendar;
use spreadtrade::contract::{ContractCode, RollRule, Root};
use spreadtrade::curve::Tenor;
use spreadtrade::data::{Dataset, Settlements};
use spreadtrade::market::{
    BackAdjustment, Book, DayQuote, Market, MarketError, Origin, PriceSource, PriceTable,
    PriceTableBuilder, USD_PER_EUR_SERIES, VIX_SERIES,
};
use spreadtrade::pricing::{
    DatasetSources, EurRateFallback, EurRateUsed, EurUsdSpot, EuroFxParitySource, TableSpec,
    UnquotedReason, VixModel, VixParameters, VixTermStructureSource, euro_fx_forward,
    vix_futures_price,
};
use spreadtrade::strategy::{Exit, Hold};
use spreadtrade::tolerance::{INDEPENDENT_FIT_ABS, MODEL_PRICE_ABS, PERCENT_TO_DECIMAL_ABS};
use spreadtrade::units::Currency;
use std::sync::OnceLock;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn code(s: &str) -> ContractCode {
    s.parse().unwrap()
}

/// The real data folder, loaded once for the whole test binary.
fn real() -> Option<&'static (Dataset, Market)> {
    static REAL: OnceLock<Option<(Dataset, Market)>> = OnceLock::new();
    REAL.get_or_init(|| {
        let dir = real_data_dir()?;
        let data = Dataset::load_dir(&dir).expect("the shared data load");
        let market = Market::from_dataset(&data).expect("the shared data make a market");
        Some((data, market))
    })
    .as_ref()
}

fn usd_yield(m: &Market, date: NaiveDate, tenor: Tenor) -> Option<f64> {
    m.curve(Currency::Usd)?.yield_at(m.day_index(date)?, tenor)
}

// ---------------------------------------------------------------------------------------------
// Market::from_dataset on the real files

#[test]
fn real_market_has_the_treasury_par_yields_of_2024_03_20() {
    let Some((_, m)) = real() else { return };
    // U.S. Treasury, Daily Treasury Par Yield Curve Rates, 2024-03-20 (FOMC day): 2Y 4.59%,
    // 10Y 4.27%, 30Y 4.45% (shared data README §1, "Spot values").
    for (tenor, pct) in [
        (Tenor::Years(2), 4.59),
        (Tenor::Years(10), 4.27),
        (Tenor::Years(30), 4.45),
    ] {
        let y = usd_yield(m, d(2024, 3, 20), tenor).unwrap();
        assert!(
            (y - pct / 100.0).abs() < PERCENT_TO_DECIMAL_ABS,
            "{tenor}: {y}"
        );
    }
    // The same through a par curve read back from the market.
    let par = m.par_curve(Currency::Usd, d(2024, 3, 20)).unwrap();
    let ten = par.nodes().find(|(t, _)| *t == Tenor::Years(10)).unwrap().1;
    assert!((ten - 0.0427).abs() < PERCENT_TO_DECIMAL_ABS);
    assert_eq!(m.curve(Currency::Usd).unwrap().coupon_frequency(), 2);
    assert_eq!(m.curve(Currency::Cny).unwrap().coupon_frequency(), 1);
    // ChinaBond 10Y 4.7222% on 2013-11-20 (shared data README §5, "Checks").
    let cny = m.curve(Currency::Cny).unwrap();
    let y = cny
        .yield_at(m.day_index(d(2013, 11, 20)).unwrap(), Tenor::Years(10))
        .unwrap();
    assert!((y - 0.047222).abs() < PERCENT_TO_DECIMAL_ABS);
}

#[test]
fn spliced_usd_history_starts_in_1962_and_keeps_the_treasury_gaps() {
    let Some((data, m)) = real() else { return };
    let usd = m.curve(Currency::Usd).unwrap();
    let first_with = |tenor: Tenor| {
        (0..m.len())
            .find(|&k| usd.yield_at(k, tenor).is_some())
            .map(|k| m.dates()[k])
    };
    // FRED DGS10 starts 1962-01-02, DGS2 1976-06-01 (shared data README §2).
    assert_eq!(m.dates()[0], d(1962, 1, 2));
    assert_eq!(first_with(Tenor::Years(10)), Some(d(1962, 1, 2)));
    assert_eq!(first_with(Tenor::Years(2)), Some(d(1976, 6, 1)));
    // Before 1990 the values are FRED's, read here straight from the FRED table.
    let fred = data.us_treasury_fred.as_ref().unwrap();
    let day = d(1989, 12, 29);
    assert_eq!(
        usd_yield(m, day, Tenor::Years(10)),
        fred.yield_at(day, Tenor::Years(10))
    );
    // From 1990-01-02 every row is the Treasury's, cell for cell (gaps included).
    let ust = data.us_treasury.as_ref().unwrap();
    for (r, &date) in ust.dates.iter().enumerate() {
        let k = m.day_index(date).unwrap();
        for (c, &tenor) in ust.tenors.iter().enumerate() {
            assert_eq!(usd.yield_at(k, tenor), ust.yields[[r, c]], "{date} {tenor}");
        }
    }
    // The 20-year gap 1987-01-01..=1993-09-30 and the 30-year gap 2002-02-19..=2006-02-08
    // stay empty, although FRED filled them (shared data README §1-2).
    for (tenor, from, to) in [
        (Tenor::Years(20), d(1987, 1, 1), d(1993, 9, 30)),
        (Tenor::Years(30), d(2002, 2, 19), d(2006, 2, 8)),
    ] {
        let inside = m.dates().iter().filter(|&&x| x >= from && x <= to);
        assert!(inside.clone().count() > 900);
        for &date in inside {
            assert_eq!(usd_yield(m, date, tenor), None, "{tenor} on {date}");
        }
        // The nearest USD curve days around the gap (the timeline also holds ECB-only days).
        let curve_day = |k: usize| usd.has_day(k);
        let b = m.day_on_or_before(from.pred_opt().unwrap()).unwrap();
        let before = m.dates()[(0..=b).rev().find(|&k| curve_day(k)).unwrap()];
        let a = m.day_on_or_after(to.succ_opt().unwrap()).unwrap();
        let after = m.dates()[(a..m.len()).find(|&k| curve_day(k)).unwrap()];
        assert!(usd_yield(m, before, tenor).is_some(), "{tenor} on {before}");
        assert!(usd_yield(m, after, tenor).is_some(), "{tenor} on {after}");
    }
    // FRED's New Year rows held only a filled 20-year value: they are not market days.
    for date in [d(1987, 1, 1), d(1988, 1, 1), d(1989, 1, 2)] {
        assert_eq!(m.day_index(date), None, "{date}");
    }
}

#[test]
fn real_series_are_named_and_the_origin_is_the_folder() {
    let Some((_, m)) = real() else { return };
    let at = |name: &str, date| m.series(name).unwrap()[m.day_index(date).unwrap()];
    // Cboe VIX_History.csv: 2020-03-16 close 82.69; ECB reference rate 2024-03-20 1.0844
    // (shared data README §3-4, "Checks").
    assert_eq!(at(VIX_SERIES, d(2020, 3, 16)), Some(82.69));
    assert_eq!(at(USD_PER_EUR_SERIES, d(2024, 3, 20)), Some(1.0844));
    assert!(m.series("eur_short_rate").is_none());
    assert!(!m.origin().synthetic);
    assert!(
        m.origin().description.ends_with("data"),
        "{}",
        m.origin().description
    );
}

// ---------------------------------------------------------------------------------------------
// VX on the real VIX history

/// Least squares of each close on the previous one, two-pass (independent of the source's
/// running sums), over the closes up to and including `end`.
fn two_pass_ar1(m: &Market, end: usize) -> (f64, f64) {
    let v: Vec<f64> = m.series(VIX_SERIES).unwrap()[..=end]
        .iter()
        .flatten()
        .copied()
        .collect();
    let (x, y) = (&v[..v.len() - 1], &v[1..]);
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let b = sxy / sxx;
    ((my - b * mx) / (1.0 - b), b)
}

#[test]
fn vx_model_on_the_real_vix_history() {
    let Some((data, m)) = real() else { return };
    // The one-factor AR(1) model of the previous releases (the default is fitted to VX
    // futures: fx_vx_fit).
    let sources = DatasetSources::new(m, data)
        .unwrap()
        .with_vix_model(m, VixModel::estimated())
        .unwrap();
    let vx = sources.vx().unwrap();
    let day = m.day_index(d(2024, 3, 20)).unwrap();
    let p = vx.parameters(day).unwrap();
    // Cross-check with a two-pass fit, and with an independent numpy fit over the same
    // closes (1990-01-02..=2024-03-20): b = 0.9786186453222417, θ = 19.521808478609742.
    let (theta, b) = two_pass_ar1(m, day);
    assert!(
        (p.theta - theta).abs() < INDEPENDENT_FIT_ABS,
        "{} vs {theta}",
        p.theta
    );
    assert!((p.kappa_per_day + b.ln()).abs() < INDEPENDENT_FIT_ABS);
    assert!((b - 0.978_618_645_322_241_7).abs() < INDEPENDENT_FIT_ABS);
    assert!((theta - 19.521_808_478_609_742).abs() < INDEPENDENT_FIT_ABS);

    let spec = TableSpec::new([Root::VX]).with_from(d(2004, 3, 26));
    let built = PriceTable::build(m, &spec, &[vx]).unwrap();
    let t = &built.table;
    let vxm24 = t.require_contract(&code("VXM24")).unwrap();
    // Final settlement 2024-06-18 (spec §3): the model price is that day's VIX close, 12.30
    // (Cboe VIX_History.csv), standing in for the SOQ.
    let settle = m.day_index(d(2024, 6, 18)).unwrap();
    assert_eq!(t.price(vxm24, settle), Some(12.30));
    assert_eq!(t.instrument(vxm24).last_day(), settle);
    // 2024-03-20: recomputed from the parameters and the Cboe business-day count.
    let n = Calendar::cboe()
        .business_days_between(d(2024, 3, 20), d(2024, 6, 18))
        .unwrap();
    let vix = m.series(VIX_SERIES).unwrap()[day].unwrap();
    let want = vix_futures_price(vix, &p, u32::try_from(n).unwrap());
    assert!((t.price(vxm24, day).unwrap() - want).abs() < MODEL_PRICE_ABS);
    assert_eq!(t.dv01(vxm24, day), None);
    assert_eq!(t.instrument(vxm24).source, PriceSource::TermStructureModel);
    // Every model price lies between the day's VIX and θ.
    let vix = m.series(VIX_SERIES).unwrap();
    for p in &built.report.priced {
        let cols = t.columns(p.id);
        for (i, &price) in cols.price.iter().enumerate() {
            let day = cols.first_day + i;
            if !cols.traded[i] {
                continue;
            }
            let (v, th) = (vix[day].unwrap(), vx.parameters(day).unwrap().theta);
            assert!(price >= v.min(th) - MODEL_PRICE_ABS && price <= v.max(th) + MODEL_PRICE_ABS);
        }
    }
    // From the first contract of 2004 on, every contract is priced until the VIX file ends
    // (2026-07-31); the ones listed after it are reported, not dropped.
    assert!(built.report.priced.len() > 250);
    assert!(!built.report.unquoted.is_empty());
    for u in &built.report.unquoted {
        assert_eq!(
            u.reason,
            UnquotedReason::NoQuotes {
                tried: vec![PriceSource::TermStructureModel]
            }
        );
        assert!(
            u.code.dates().unwrap().first_trading_day > d(2026, 7, 31),
            "{u}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// EC on the real ECB rates

#[test]
fn ec_parity_on_the_real_data_uses_the_documented_fallback() {
    let Some((data, m)) = real() else { return };
    // The default: noon New York and the EUR overnight rate (fx_vx_fit checks the fit).
    let sources = DatasetSources::new(m, data).unwrap();
    let ec = sources.ec().unwrap();
    assert_eq!(ec.spot(), EurUsdSpot::NoonNewYork);
    assert_eq!(ec.eur_rate(), EurRateUsed::Overnight);
    // The ECB reference rate stays selectable; here on a market without the EUR overnight
    // rate, where the zero-carry fallback gives F = S.
    let no_eur = Market::from_dataset(&Dataset {
        eur_overnight: None,
        ..data.clone()
    })
    .unwrap();
    let m = &no_eur;
    let sources = DatasetSources::new(m, data)
        .unwrap()
        .with_euro_fx(m, EurUsdSpot::Reference, EurRateFallback::ZeroCarry)
        .unwrap();
    let ec = sources.ec().unwrap();
    assert_eq!(ec.spot(), EurUsdSpot::Reference);
    assert_eq!(
        ec.eur_rate(),
        EurRateUsed::Fallback(EurRateFallback::ZeroCarry)
    );
    let spec = TableSpec::for_contracts([code("ECM24"), code("ECU24")]).with_from(d(2024, 1, 1));
    let built = PriceTable::build(m, &spec, &[ec]).unwrap();
    let t = &built.table;
    let m24 = t.require_contract(&code("ECM24")).unwrap();
    let u24 = t.require_contract(&code("ECU24")).unwrap();
    let day = |date| m.day_index(date).unwrap();
    // ECB EUR/USD 1.0844 on 2024-03-20 (shared data README §4).
    assert_eq!(t.price(m24, day(d(2024, 3, 20))), Some(1.0844));
    // Easter Monday 2024-04-01: CME open, no ECB fixing (TARGET holiday) → carried, not traded.
    assert!(!t.traded(m24, day(d(2024, 4, 1))));
    assert_eq!(
        t.price(m24, day(d(2024, 4, 1))),
        t.price(m24, day(d(2024, 3, 28)))
    );
    // 4 July 2024: an ECB fixing, but CME closed → not traded.
    assert!(!t.traded(u24, day(d(2024, 7, 4))));
    // The last trading day of ECM24 is 2024-06-17 (spec §4).
    assert_eq!(t.dates()[t.instrument(m24).last_day()], d(2024, 6, 17));

    // With a constant EUR rate below the USD bills the euro trades at a forward premium
    // (on the market without the overnight series, so that the fallback is used).
    let konst =
        EuroFxParitySource::with_spot(m, EurUsdSpot::Reference, EurRateFallback::Constant(0.039))
            .unwrap();
    let built = PriceTable::build(m, &spec, &[&konst]).unwrap();
    let t = &built.table;
    let id = t.require_contract(&code("ECM24")).unwrap();
    let k = day(d(2024, 3, 20));
    let delivery = code("ECM24").dates().unwrap().final_settlement_day.unwrap();
    // Spot 2024-03-22 (T+2); τ in days to the delivery day.
    let tau = (delivery - d(2024, 3, 22)).num_days() as f64;
    let r_usd = konst.usd_rate(m, k, tau / 365.0).unwrap();
    let want = euro_fx_forward(1.0844, r_usd, 0.039, tau / 360.0).unwrap();
    assert!((t.price(id, k).unwrap() - want).abs() < MODEL_PRICE_ABS);
    assert!(want > 1.0844);
}

// ---------------------------------------------------------------------------------------------
// The build: thread-count independence, settlements first, reports

#[cfg(feature = "parallel")]
fn build_vx_ec(data: &Dataset, m: &Market) -> spreadtrade::pricing::TableBuild {
    let sources = DatasetSources::new(m, data).unwrap();
    PriceTable::build(m, &TableSpec::new([Root::VX, Root::EC]), &sources.sources()).unwrap()
}

#[cfg(feature = "parallel")]
#[test]
fn table_is_identical_for_one_thread_and_the_global_pool() {
    let synthetic = Dataset::embedded_synthetic();
    let synthetic_market = Market::from_dataset(&synthetic).unwrap();
    let mut cases = vec![(&synthetic, &synthetic_market)];
    if let Some((data, m)) = real() {
        cases.push((data, m));
    }
    for (data, m) in cases {
        let global = build_vx_ec(data, m);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let single = pool.install(|| build_vx_ec(data, m));
        assert!(global.report.priced.len() > 100);
        assert_eq!(global.report, single.report);
        assert_eq!(global.table, single.table);
        // Bit for bit, not just ==.
        for p in &global.report.priced {
            let (a, b) = (global.table.columns(p.id), single.table.columns(p.id));
            assert!(
                a.price
                    .iter()
                    .zip(b.price)
                    .all(|(x, y)| x.to_bits() == y.to_bits())
            );
        }
    }
}

#[test]
fn settlements_price_their_contracts_and_models_the_rest() {
    let mut data = Dataset::embedded_synthetic();
    // Hand-made settlements (not market data) for two days of VXM24.
    let csv = "date,contract,settle\n2024-03-19,VXM24,15.05\n2024-03-20,VXM24,14.80\n";
    data.settlements = Some(Settlements::read(csv.as_bytes(), "settlements.csv").unwrap());
    let m = Market::from_dataset(&data).unwrap();
    let sources = DatasetSources::new(&m, &data).unwrap();
    assert_eq!(sources.sources().len(), 3);
    let spec = TableSpec::new([Root::VX]).with_range(d(2024, 3, 1), d(2024, 3, 29));
    let built = PriceTable::build(&m, &spec, &sources.sources()).unwrap();
    let t = &built.table;
    let m24 = t.require_contract(&code("VXM24")).unwrap();
    assert_eq!(t.instrument(m24).source, PriceSource::Settlement);
    assert_eq!(
        t.price(m24, m.day_index(d(2024, 3, 20)).unwrap()),
        Some(14.80)
    );
    let n24 = t.require_contract(&code("VXN24")).unwrap();
    assert_eq!(t.instrument(n24).source, PriceSource::TermStructureModel);
    // A settlement on a closed exchange day is refused when the sources are made.
    let csv = "date,contract,settle\n2024-03-29,VXM24,15.05\n";
    data.settlements = Some(Settlements::read(csv.as_bytes(), "settlements.csv").unwrap());
    assert!(matches!(
        DatasetSources::new(&m, &data),
        Err(MarketError::SettlementOnClosedDay { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Schedules and rolls through the engine

/// U.S. business days 2024-05-20..=2024-06-07, TYM24 priced 110 − 0.25·day and TYU24
/// 109 + 0.125·day (binary-exact steps) with DV01 65 and 66.
fn roll_market() -> (Market, PriceTable) {
    let dates: Vec<NaiveDate> = Calendar::us()
        .business_days(d(2024, 5, 20), d(2024, 6, 7))
        .unwrap()
        .collect();
    let m =
        Market::from_series("x", &dates, &vec![1.0; dates.len()], Origin::in_memory("t")).unwrap();
    let mut b = PriceTableBuilder::new(m.dates());
    let quotes = |p0: f64, step: f64, dv01: f64| -> Vec<DayQuote> {
        (0..dates.len())
            .map(|day| DayQuote {
                day,
                price: p0 + step * day as f64,
                dv01: Some(dv01),
                ctd: None,
            })
            .collect()
    };
    b.add_future(
        code("TYM24"),
        PriceSource::CurveImplied,
        &quotes(110.0, -0.25, 65.0),
    )
    .unwrap();
    b.add_future(
        code("TYU24"),
        PriceSource::CurveImplied,
        &quotes(109.0, 0.125, 66.0),
    )
    .unwrap();
    (m, b.build())
}

#[test]
fn generic_and_specific_legs_switch_on_the_roll_day() {
    let (m, t) = roll_market();
    let rule = RollRule::default();
    let (m24, u24) = (
        t.require_contract(&code("TYM24")).unwrap(),
        t.require_contract(&code("TYU24")).unwrap(),
    );
    // TYM24 rolls on 2024-05-28 (two business days before the first position day 05-30;
    // Memorial Day 05-27 is not a business day).
    let roll = m.day_index(d(2024, 5, 28)).unwrap();
    let front = t.generic_schedule(Root::TY, 1, &rule).unwrap();
    for (day, held) in front.iter().enumerate() {
        assert_eq!(
            *held,
            Some(if day < roll { m24 } else { u24 }),
            "{}",
            m.dates()[day]
        );
    }
    assert_eq!(t.specific_schedule(&code("TYM24"), &rule).unwrap(), front);
    // TYU24 written as a specific leg holds TYU24 throughout this window.
    assert!(
        t.specific_schedule(&code("TYU24"), &rule)
            .unwrap()
            .iter()
            .all(|h| *h == Some(u24))
    );
    // The second nearby is TYU24 before the roll and TYZ24 (not in the table) after it.
    let second = t.generic_schedule(Root::TY, 2, &rule).unwrap();
    assert_eq!(second[roll - 1], Some(u24));
    assert_eq!(second[roll], None);
    let rolls = t
        .rolls(Root::TY, &rule, d(2024, 5, 1), d(2024, 6, 30))
        .unwrap();
    assert_eq!(rolls.len(), 1);
    assert_eq!(
        (rolls[0].roll_day, rolls[0].day),
        (d(2024, 5, 28), Some(roll))
    );
    assert_eq!((rolls[0].from, rolls[0].to), (code("TYM24"), code("TYU24")));
    assert!(matches!(
        t.generic_schedule(Root::TY, 0, &rule),
        Err(MarketError::Roll { root: Root::TY, .. })
    ));
    let e = t.specific_schedule(&code("TYZ24"), &rule).unwrap_err();
    assert!(
        matches!(
            &e,
            MarketError::ContractNotPriced { code, last_trading, .. }
                if code == "TYZ24" && *last_trading == d(2024, 12, 19)
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("TYZ24 is not priced on this data"),
        "{e}"
    );
}

#[test]
fn a_book_built_from_a_schedule_rolls_in_the_engine() {
    let (m, t) = roll_market();
    let rule = RollRule::default();
    let leg = t.generic_leg(Root::TY, 1, 2.0, &rule).unwrap();
    assert_eq!(leg.label(), "TY");
    let book = Book::new("TY", vec![leg], &t).unwrap();
    let cfg = BacktestConfig::default();
    let engine = Engine::new(&m, &t, &cfg).unwrap();
    let r = engine
        .run(&book, Hold::units(d(2024, 5, 21), Exit::Never, 1.0))
        .unwrap();
    let rolls: Vec<_> = r
        .trades
        .iter()
        .filter(|x| x.reason == TradeReason::Roll)
        .collect();
    assert_eq!(rolls.len(), 2);
    assert!(rolls.iter().all(|x| x.date == d(2024, 5, 28)));
    assert_eq!((&*rolls[0].instrument, rolls[0].quantity), ("TYM24", -2));
    assert_eq!((&*rolls[1].instrument, rolls[1].quantity), ("TYU24", 2));
    let roll = m.day_index(d(2024, 5, 28)).unwrap();
    assert_eq!(
        r.ledger.day(roll - 1).unwrap().leg(0).unwrap().instrument,
        Some("TYM24")
    );
    assert_eq!(
        r.ledger.day(roll).unwrap().leg(0).unwrap().instrument,
        Some("TYU24")
    );
    // The day after the roll is marked in TYU24: 2 contracts × 0.125 × $1,000.
    assert_eq!(r.ledger.day(roll + 1).unwrap().pnl, 250.0);
    // The roll trades at the roll day's prices: out of TYM24 at 110 − 0.25·5, into TYU24 at
    // 109 + 0.125·5 (days 0-4 are 05-20..05-24; 05-27 is Memorial Day).
    assert_eq!(
        (rolls[0].market_price, rolls[1].market_price),
        (108.75, 109.625)
    );
}

#[test]
fn back_adjusted_series_removes_the_roll_gap() {
    let (m, t) = roll_market();
    let schedule = t
        .generic_schedule(Root::TY, 1, &RollRule::default())
        .unwrap();
    let roll = m.day_index(d(2024, 5, 28)).unwrap();
    let diff = t
        .continuous_prices(&schedule, BackAdjustment::Difference)
        .unwrap();
    let ratio = t
        .continuous_prices(&schedule, BackAdjustment::Ratio)
        .unwrap();
    let raw = |day: usize| t.price(schedule[day].unwrap(), day).unwrap();
    // The last segment is the raw TYU24 price.
    for day in roll..m.len() {
        assert_eq!(diff[day], Some(raw(day)));
        assert_eq!(ratio[day], Some(raw(day)));
    }
    // Before the roll: TYM24 shifted by the gap on the roll day.
    let u = t.require_contract(&code("TYU24")).unwrap();
    let mm = t.require_contract(&code("TYM24")).unwrap();
    let gap = t.price(u, roll).unwrap() - t.price(mm, roll).unwrap();
    let scale = t.price(u, roll).unwrap() / t.price(mm, roll).unwrap();
    for day in 0..roll {
        assert!((diff[day].unwrap() - (raw(day) + gap)).abs() < MODEL_PRICE_ABS);
        assert!((ratio[day].unwrap() - raw(day) * scale).abs() < MODEL_PRICE_ABS);
    }
    assert!(matches!(
        t.continuous_prices(&schedule[1..], BackAdjustment::Difference),
        Err(MarketError::ScheduleLength { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// VIX levels across the record (9.1 in 1993 to 82.7 in 2020) and beyond.
fn vix_level() -> impl Strategy<Value = f64> {
    prop_oneof![5.0..90.0, Just(9.14), Just(82.69)]
}

/// Model parameters: θ 10..40 points, κ from nearly no mean reversion to a half-life of a
/// few days.
fn vix_params() -> impl Strategy<Value = VixParameters> {
    (10.0..40.0, prop_oneof![1e-5..1e-3, 1e-3..0.3]).prop_map(|(theta, kappa_per_day)| {
        VixParameters {
            theta,
            kappa_per_day,
            observations: 0,
        }
    })
}

/// Money-market rates from deeply negative to high, including equal rates.
fn rate() -> impl Strategy<Value = f64> {
    prop_oneof![-0.01..0.2, Just(0.0), Just(0.05)]
}

proptest! {
    #[test]
    fn vx_price_lies_between_the_index_and_theta_and_converges(
        v in vix_level(),
        p in vix_params(),
        n in 0u32..400,
    ) {
        let f = vix_futures_price(v, &p, n);
        prop_assert!(f >= v.min(p.theta) - MODEL_PRICE_ABS && f <= v.max(p.theta) + MODEL_PRICE_ABS);
        // Further out is never further from θ.
        let g = vix_futures_price(v, &p, n + 1);
        prop_assert!((g - p.theta).abs() <= (f - p.theta).abs() + MODEL_PRICE_ABS);
        prop_assert_eq!(vix_futures_price(v, &p, 0), v);
    }

    #[test]
    fn parity_forward_follows_the_rate_differential(
        s in 0.8..1.6f64,
        r_usd in rate(),
        r_eur in rate(),
        days in 0u32..2000,
    ) {
        let tau = f64::from(days) / 360.0;
        let f = euro_fx_forward(s, r_usd, r_eur, tau).unwrap();
        if r_usd > r_eur && days > 0 {
            prop_assert!(f > s);
        } else if r_usd < r_eur && days > 0 {
            prop_assert!(f < s);
        } else {
            prop_assert!((f - s).abs() <= MODEL_PRICE_ABS);
        }
        prop_assert_eq!(euro_fx_forward(s, r_usd, r_eur, 0.0), Some(s));
    }

    #[test]
    fn the_front_leg_always_holds_a_contract_whose_roll_day_is_ahead(
        start in 0i64..3000,
        months in 2u32..15,
        business_days_before in 0u32..8,
    ) {
        // A window of U.S. business days between 2010 and 2019, every TY contract alive there.
        let from = d(2010, 1, 4) + chrono::Days::new(start as u64);
        let to = from.checked_add_months(chrono::Months::new(months)).unwrap();
        let dates: Vec<NaiveDate> = Calendar::us().business_days(from, to).unwrap().collect();
        let m = Market::from_series("x", &dates, &vec![1.0; dates.len()], Origin::in_memory("p"))
            .unwrap();
        let built = PriceTable::build(&m, &TableSpec::new([Root::TY]), &[&EveryDay]).unwrap();
        let t = built.table;
        let rule = RollRule::default().with_business_days_before(business_days_before);
        let front = t.generic_schedule(Root::TY, 1, &rule).unwrap();
        for (day, held) in front.iter().enumerate() {
            let date = m.dates()[day];
            let id = held.unwrap();
            let c = *t.instrument(id).contract().unwrap();
            prop_assert!(rule.roll_day(&c).unwrap() > date);
            prop_assert!(rule.roll_day(&c.prev().unwrap()).unwrap() <= date);
        }
        // Difference back-adjustment: on days without a roll the adjusted series moves exactly
        // as the held contract does.
        let adj = t.continuous_prices(&front, BackAdjustment::Difference).unwrap();
        for day in 1..front.len() {
            if front[day] == front[day - 1] {
                let id = front[day].unwrap();
                let raw = t.price(id, day).unwrap() - t.price(id, day - 1).unwrap();
                let moved = adj[day].unwrap() - adj[day - 1].unwrap();
                prop_assert!((raw - moved).abs() < MODEL_PRICE_ABS);
            }
        }
    }
}

/// A source that quotes every day of every contract of every root with a price that differs
/// by contract and day.
struct EveryDay;

impl spreadtrade::pricing::QuoteSource for EveryDay {
    fn kind(&self) -> PriceSource {
        PriceSource::CurveImplied
    }
    fn covers(&self, _: Root) -> bool {
        true
    }
    fn quotes(
        &self,
        code: &ContractCode,
        _: &spreadtrade::contract::ContractDates,
        _: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<spreadtrade::pricing::ContractQuotes, MarketError> {
        let base = 100.0 + f64::from(code.month()) + f64::from(code.year() % 10);
        Ok(spreadtrade::pricing::ContractQuotes {
            quotes: (first_day..=last_day)
                .map(|day| DayQuote {
                    day,
                    price: base + ((day * 7) % 13) as f64 * 0.25,
                    dv01: None,
                    ctd: None,
                })
                .collect(),
            deliverables: Vec::new(),
        })
    }
}

#[test]
fn vx_source_refuses_a_market_it_was_not_built_for() {
    let data = Dataset::embedded_synthetic();
    let m = Market::from_dataset(&data).unwrap();
    let vx = VixTermStructureSource::new(&m, VixModel::default()).unwrap();
    let other = Market::from_series(
        VIX_SERIES,
        &[d(2024, 1, 2)],
        &[13.0],
        Origin::in_memory("t"),
    )
    .unwrap();
    let c = code("VXG24");
    let e = spreadtrade::pricing::QuoteSource::quotes(&vx, &c, &c.dates().unwrap(), &other, 0, 0)
        .unwrap_err();
    assert!(matches!(e, MarketError::MarketMismatch { .. }), "{e}");
}

#[test]
fn sources_refuse_a_market_of_the_same_length_with_other_dates() {
    // Two VIX-only markets with the same number of days and the same first and last date,
    // one date apart in the middle: told apart by their dates, not their length.
    let a = [d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 5)];
    let b = [d(2024, 1, 2), d(2024, 1, 4), d(2024, 1, 5)];
    let vix = [13.0, 13.5, 14.0];
    let market = |dates: &[NaiveDate]| {
        Market::from_series(VIX_SERIES, dates, &vix, Origin::in_memory("t")).unwrap()
    };
    let (ma, mb) = (market(&a), market(&b));
    assert_eq!(ma.len(), mb.len());
    assert_ne!(ma.timeline(), mb.timeline());
    let vx = VixTermStructureSource::new(&ma, VixModel::estimated()).unwrap();
    let c = code("VXG24");
    let e = spreadtrade::pricing::QuoteSource::quotes(&vx, &c, &c.dates().unwrap(), &mb, 0, 2)
        .unwrap_err();
    match e {
        MarketError::MarketMismatch {
            expected, found, ..
        } => {
            assert_eq!((expected, found), (ma.timeline(), mb.timeline()));
        }
        other => panic!("expected MarketMismatch, found {other}"),
    }
    // The market it was built on is accepted.
    assert!(
        spreadtrade::pricing::QuoteSource::quotes(&vx, &c, &c.dates().unwrap(), &ma, 0, 2).is_ok()
    );
}

// ---------------------------------------------------------------------------------------------
// The `curve` and `prices` commands

#[cfg(feature = "cli")]
#[test]
fn curve_json_on_the_real_data() {
    let Some(dir) = real_data_dir() else { return };
    let dir = dir.to_str().unwrap();
    let out = json(&["curve", "--date", "2024-03-20", "--data", dir, "--json"]);
    assert_eq!(out["date"], "2024-03-20");
    assert_eq!(out["currency"], "USD");
    assert_eq!(out["data"]["synthetic"], false);
    assert_eq!(out["compounding"], "semi-annual");
    let par = out["par"].as_array().unwrap();
    // Treasury par yields of 2024-03-20: 2Y 4.59%, 10Y 4.27% (shared data README §1).
    let node = |t: &str| par.iter().find(|p| p["tenor"] == t).unwrap().clone();
    assert_eq!(node("10Y")["yield"], 4.27);
    assert_eq!(node("10Y")["years"], 10.0);
    assert_eq!(node("2Y")["yield"], 4.59);
    assert_eq!(par.len(), 13);
    let zero = out["zero"].as_array().unwrap();
    assert_eq!(zero.len(), par.len());
    for z in zero {
        let (t, r, df) = (
            z["years"].as_f64().unwrap(),
            z["zero_rate"].as_f64().unwrap() / 100.0,
            z["discount_factor"].as_f64().unwrap(),
        );
        // DF = (1 + z/2)^(−2t) for semi-annual zero rates.
        assert!(
            (df - (1.0 + r / 2.0).powf(-2.0 * t)).abs()
                < spreadtrade::tolerance::DISCOUNT_FACTOR_ABS,
            "{t}"
        );
    }
    let cny = json(&[
        "curve",
        "--date",
        "2015-01-05",
        "--currency",
        "CNY",
        "--data",
        dir,
        "--json",
    ]);
    assert_eq!(cny["compounding"], "annual");
    // ChinaBond 10Y 3.6251% on 2015-01-05 (shared data README §5, "Checks").
    let ten = cny["par"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["tenor"] == "10Y")
        .unwrap()
        .clone();
    assert_eq!(ten["yield"], 3.6251);
}

#[cfg(feature = "cli")]
#[test]
fn curve_without_data_says_it_is_synthetic_and_names_the_nearest_days() {
    let out = json(&["curve", "--date", "2024-03-20", "--json"]);
    assert_eq!(out["data"]["synthetic"], true);
    let desc = out["data"]["description"].as_str().unwrap();
    assert!(
        desc.contains("SYNTHETIC") && desc.contains("embedded"),
        "{desc}"
    );
    // 2024-03-23 is a Saturday.
    fails_with(
        &["curve", "--date", "2024-03-23"],
        "nearest are 2024-03-22 and 2024-03-25",
    );
    fails_with(
        &["curve", "--date", "2024-03-20", "--currency", "EUR"],
        "no EUR curve",
    );
    fails_with(&["curve", "--date", "2024-13-01"], "2024-13-01");
}

#[cfg(feature = "cli")]
#[test]
fn prices_json_for_vx_and_ec() {
    let out = json(&[
        "prices",
        "VXM24",
        "--from",
        "2024-06-10",
        "--to",
        "2024-06-20",
        "--json",
    ]);
    assert_eq!(out["contract"], "VXM24");
    assert_eq!(out["source"], "term-structure model");
    assert_eq!(out["data"]["synthetic"], true);
    let rows = out["rows"].as_array().unwrap();
    // Up to the final settlement day 2024-06-18 (spec §3).
    assert_eq!(rows.last().unwrap()["date"], "2024-06-18");
    for r in rows {
        for key in [
            "date",
            "price",
            "dv01",
            "ctd",
            "conversion_factor",
            "traded",
        ] {
            assert!(r.get(key).is_some(), "{key}");
        }
        assert!(r["dv01"].is_null() && r["ctd"].is_null());
    }
    let ec = json(&[
        "prices",
        "6EM4",
        "--from",
        "2024-03-18",
        "--to",
        "2024-03-22",
        "--json",
    ]);
    assert_eq!(ec["contract"], "ECM24");
    assert_eq!(ec["source"], "covered interest parity");
    assert!(ec["model"].as_str().unwrap().contains("eur_short_rate"));
    if let Some(dir) = real_data_dir() {
        let dir = dir.to_str().unwrap();
        let ec = json(&[
            "prices",
            "ECM24",
            "--from",
            "2024-03-20",
            "--to",
            "2024-03-20",
            "--data",
            dir,
            "--json",
        ]);
        // Noon New York EUR/USD and the EUR overnight rate are named in the output.
        let model = ec["model"].as_str().unwrap();
        assert!(model.contains("noon New York"), "{model}");
        assert!(model.contains("eur_overnight_estr_basis"), "{model}");
        // FRED DEXUSEU 2024-03-20: 1.0856 (shared data README_rates_fx.md, spot values); the
        // euro at a forward premium (USD bills above €STR).
        let p = ec["rows"][0]["price"].as_f64().unwrap();
        assert!(p > 1.0856 && p < 1.0856 * 1.01, "{p}");
    }
}

#[cfg(feature = "cli")]
#[test]
fn prices_reports_what_it_cannot_price() {
    // The embedded synthetic data start in 2018.
    fails_with(
        &[
            "prices",
            "TYH17",
            "--from",
            "2016-12-01",
            "--to",
            "2017-03-01",
        ],
        "no market day in the requested range",
    );
    fails_with(
        &[
            "prices",
            "XXM24",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-29",
        ],
        "XXM24",
    );
    fails_with(
        &[
            "prices",
            "VXM24",
            "--from",
            "2024-03-29",
            "--to",
            "2024-03-01",
        ],
        "expected --from on or before --to",
    );
    // VXM24 was listed in 2023: nothing in 2020.
    fails_with(
        &[
            "prices",
            "VXM24",
            "--from",
            "2020-03-02",
            "--to",
            "2020-03-06",
        ],
        "no market day in the requested range",
    );
}
