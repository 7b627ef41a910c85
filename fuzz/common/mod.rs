//! The bodies of the fuzz targets, one function per target, shared by the cargo-fuzz binaries
//! (`fuzz/fuzz_targets/<target>.rs`, nightly) and by the corpus replay of `cargo test`
//! (`tests/it/fuzz_replay.rs`, stable). Nothing here is nightly-only.
//!
//! Every function takes the raw input bytes and must return normally on any input: the
//! library answers malformed input with a typed error, never a panic. Beyond "no panic", each
//! function checks the invariants the library documents for what it accepted (a loaded table
//! accounts for every row, dates ascend, a parsed code or price prints back to itself, a run
//! passes its accounting identities); a broken invariant panics, which libFuzzer reports as a
//! crash and the replay test as a failure.
//!
//! Loader targets use the first input byte as a selector (format, column, options) and the
//! rest as the file.

#![allow(dead_code)]

use arbitrary::Unstructured;
use chrono::NaiveDate;
use spreadtrade::backtest::{
    BacktestConfig, BacktestError, CostModel, Engine, FxRate, MarginChange, MarginModel, RunResult,
    Sweep, Weighting,
};
use spreadtrade::contract::{ContractCode, Root, ThirtySeconds, TickRounding, parse_price};
use spreadtrade::contract::{RollAnchor, RollRule};
use spreadtrade::curve::Tenor;
use spreadtrade::data::{
    CurveFormat, CurveTable, EventCalendar, RealFileOptions, RealFormat, RealPrices, SecurityList,
    Series, Settlements, ValueUnit,
};
use spreadtrade::instrument::{LegContract, SpreadExpr};
use spreadtrade::runfile::{PortfolioFile, RunFile};
use spreadtrade::session::Session;
use spreadtrade::strategy::{
    EventWindow, Exit, Hold, SignalSource, SlopeZScore, Target, UsdView, ZScoreGrid, ZScoreParams,
};
use spreadtrade::units::Currency;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The body of one target: takes any bytes, panics only on a broken invariant.
pub type TargetFn = fn(&[u8]);

/// Every target, by name (the folder of its corpus under `fuzz/corpus/` and its function).
pub const TARGETS: [(&str, TargetFn); 11] = [
    ("expr", expr),
    ("contract_code", contract_code),
    ("price32", price32),
    ("curve", curve),
    ("series", series),
    ("settlements", settlements),
    ("realprices", realprices),
    ("securities", securities),
    ("events", events),
    ("runfile", runfile),
    ("engine", engine),
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A reference date for 1-digit contract years, from one byte: 2015-01-01 plus up to 255 months.
fn reference(b: u8) -> NaiveDate {
    let months = u32::from(b);
    NaiveDate::from_ymd_opt(2015 + (months / 12) as i32, 1 + months % 12, 1)
        .expect("a valid first of the month")
}

/// The selector byte and the rest of the input.
fn split(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&b, rest)) => (b, rest),
        None => (0, data),
    }
}

/// Spread expressions (`2×TUM24−1×TYM24`): `FromStr` and `parse_with_reference`; an accepted
/// expression prints in a form that parses back to the same expression.
pub fn expr(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(e) = s.parse::<SpreadExpr>() {
        let printed = e.to_string();
        let again: SpreadExpr = printed
            .parse()
            .unwrap_or_else(|err| panic!("{s:?} printed as {printed:?} does not parse: {err}"));
        assert_eq!(again, e, "{s:?} printed as {printed:?}");
        assert!(!e.legs().is_empty());
    }
    let r = reference(data.first().copied().unwrap_or(0));
    if let Ok(e) = SpreadExpr::parse_with_reference(s, r) {
        // Every 1-digit year is resolved: the canonical text reads the same without a reference.
        let printed = e.to_string();
        let again: SpreadExpr = printed
            .parse()
            .unwrap_or_else(|err| panic!("{s:?} printed as {printed:?} does not parse: {err}"));
        assert_eq!(again, e, "{s:?} (reference {r}) printed as {printed:?}");
    }
}

/// Contract codes (`TUM24`, `T2406`, `ZNM4`, `TF2409.CFE`) and leg contracts (`TY1`): an accepted
/// code prints canonically and parses back to itself.
pub fn contract_code(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(c) = s.parse::<ContractCode>() {
        let printed = c.to_string();
        assert_eq!(
            printed.parse::<ContractCode>().ok(),
            Some(c),
            "{s:?} → {printed:?}"
        );
    }
    let r = reference(data.last().copied().unwrap_or(0));
    if let Ok(c) = ContractCode::parse_with_reference(s, r) {
        let printed = c.to_string();
        assert_eq!(
            printed.parse::<ContractCode>().ok(),
            Some(c),
            "{s:?} → {printed:?}"
        );
    }
    if let Ok(l) = s.parse::<LegContract>() {
        let printed = l.to_string();
        assert_eq!(
            printed.parse::<LegContract>().ok(),
            Some(l),
            "{s:?} → {printed:?}"
        );
    }
}

/// Prices: 32nds (`109-16`, `109-165`, `109-16+`), decimals, per root; an exact 32nds price
/// prints back to itself, and a price a root accepts formats and parses back on its tick grid.
pub fn price32(data: &[u8]) {
    let (sel, rest) = split(data);
    let Some(s) = text(rest) else { return };
    if let Ok(p) = s.parse::<ThirtySeconds>() {
        let printed = p.to_string();
        assert_eq!(
            printed.parse::<ThirtySeconds>().ok(),
            Some(p),
            "{s:?} → {printed:?}"
        );
        assert_eq!(
            ThirtySeconds::from_decimal(p.to_decimal()),
            Some(p),
            "{s:?}"
        );
    }
    let _ = parse_price(s);
    let root = Root::ALL[usize::from(sel) % Root::ALL.len()];
    let spec = root.spec();
    let date = reference(sel.rotate_left(3));
    if let Ok(price) = spec.parse_price(s) {
        for rounding in [TickRounding::Nearest, TickRounding::Down, TickRounding::Up] {
            let _ = spec.price_to_ticks(price, date, rounding);
            let _ = spec.round_to_tick(price, date, rounding);
        }
        let _ = spec.is_on_tick(price, date);
        if let Ok(formatted) = spec.format_price(price, date) {
            let back = spec.parse_price(&formatted).unwrap_or_else(|e| {
                panic!("{root}: {s:?} formatted as {formatted:?} does not parse: {e}")
            });
            let rounded = spec
                .round_to_tick(price, date, TickRounding::Nearest)
                .unwrap_or_else(|e| panic!("{root}: {s:?} formats but does not round: {e}"));
            assert!(
                (back - rounded).abs() <= 1e-9 * rounded.abs().max(1.0),
                "{root}: {s:?} formatted as {formatted:?} reads {back}, rounded {rounded}"
            );
        }
    }
}

/// Strictly ascending dates.
fn ascending(dates: &[NaiveDate]) -> bool {
    dates.windows(2).all(|w| w[0] < w[1])
}

/// Yield-curve files in the six [`CurveFormat`]s (selector byte picks the format): the table
/// accounts for every row, its dates ascend and its yields are decimal fractions in range.
pub fn curve(data: &[u8]) {
    let (sel, rest) = split(data);
    let format = CurveFormat::ALL[usize::from(sel) % CurveFormat::ALL.len()];
    if let Ok(t) = CurveTable::read(rest, "fuzz.csv", format) {
        assert!(t.report.is_balanced(), "{format}: {:?}", t.report);
        assert!(ascending(&t.dates), "{format}: dates not ascending");
        assert_eq!(t.yields.dim(), (t.dates.len(), t.tenors.len()));
        assert!(t.tenors.windows(2).all(|w| w[0] < w[1]), "{format}: tenors");
        assert!(!t.dates.is_empty(), "{format}: an empty table was accepted");
        for y in t.yields.iter().flatten() {
            assert!(
                y.is_finite() && (-0.05..=0.5).contains(y),
                "{format}: yield {y}"
            );
        }
    }
}

/// Value series: `date,…` files by column (`close`, `usd_per_eur`, `cny_per_usd`, `rate_pct`)
/// and FRED single-series downloads, as levels or percent (selector byte).
pub fn series(data: &[u8]) {
    let (sel, rest) = split(data);
    let unit = if sel & 1 == 0 {
        ValueUnit::Level
    } else {
        ValueUnit::Percent
    };
    let column =
        ["close", "usd_per_eur", "cny_per_usd", "rate_pct", "DGS10"][usize::from(sel >> 1) % 5];
    let loaded = if sel & 0x80 == 0 {
        Series::read(rest, "fuzz.csv", column, unit)
    } else {
        Series::read_fred(rest, "fuzz.csv", unit)
    };
    if let Ok(s) = loaded {
        assert!(s.report.is_balanced(), "{:?}", s.report);
        assert!(ascending(&s.dates));
        assert_eq!(s.dates.len(), s.values.len());
        assert!(s.values.iter().flatten().all(|v| v.is_finite()));
    }
}

/// Futures settlements (`date,contract,settle`).
pub fn settlements(data: &[u8]) {
    if let Ok(s) = Settlements::read(data, "fuzz.csv") {
        assert!(s.report.is_balanced(), "{:?}", s.report);
        assert!(s.rows.windows(2).all(|w| w[0].date <= w[1].date));
        assert!(s.rows.iter().all(|r| r.settle.is_finite()));
    }
}

/// Real price files (`cboe-vx`, `front`, `settlements`, `vx-rank`, `main`), with the format
/// detected or forced, and a root, rank and minimum volume from the selector byte: rows come
/// sorted by (date, contract), each pair once.
pub fn realprices(data: &[u8]) {
    let (sel, rest) = split(data);
    let mut options = RealFileOptions::default();
    let f = usize::from(sel & 7);
    if f < RealFormat::ALL.len() {
        options = options.with_format(RealFormat::ALL[f]);
    }
    let r = usize::from((sel >> 3) & 15);
    if r < Root::ALL.len() {
        options.root = Some(Root::ALL[r]);
    }
    options = options.with_rank(1 + (sel >> 5));
    if sel & 0x80 != 0 {
        options = options.with_min_volume(f64::from(sel & 0x1f) * 10.0);
    }
    if let Ok(p) = RealPrices::read(rest, "fuzz.csv", &options) {
        assert!(
            p.rows
                .windows(2)
                .all(|w| (w[0].date, w[0].contract) < (w[1].date, w[1].contract)),
            "rows not sorted by (date, contract) or repeated"
        );
        assert!(p.rows.len() + p.reported.len() <= p.rows_read);
        assert!(p.rows.iter().all(|r| r.price.is_finite()));
    }
}

/// Securities lists (`code,coupon,frequency,issue_date,maturity[,original_term][,currency]`).
pub fn securities(data: &[u8]) {
    if let Ok(l) = SecurityList::read(data, "fuzz.csv") {
        assert!(l.report.is_balanced(), "{:?}", l.report);
        for s in &l.securities {
            assert!(s.maturity > s.issue_date, "{}", s.code);
            assert!(s.coupon_rate.is_finite());
            assert!(l.get(&s.code).is_some());
        }
    }
}

/// Event calendars (FOMC decisions, `date[,label]`).
pub fn events(data: &[u8]) {
    if let Ok(c) = EventCalendar::read(data, "fuzz.csv") {
        assert!(c.report.is_balanced(), "{:?}", c.report);
        assert!(c.events.windows(2).all(|w| w[0].date < w[1].date));
        for e in &c.events {
            assert!(c.on(e.date).is_some());
        }
    }
}

/// A scratch file for loaders that read paths, one per process and thread.
fn scratch(extension: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spreadtrade-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder in the temporary directory");
    dir.join(format!("{:?}.{extension}", std::thread::current().id()).replace(['(', ')'], ""))
}

/// Run files: `RunFile::load` and `PortfolioFile::load`, TOML or JSON (selector byte), read
/// from a scratch file (the loaders read paths). An accepted run file serialises and reads
/// back the same.
pub fn runfile(data: &[u8]) {
    let (sel, rest) = split(data);
    let ext = if sel & 1 == 0 { "toml" } else { "json" };
    let path = scratch(ext);
    std::fs::write(&path, rest).expect("the scratch file is writable");
    if sel & 2 == 0 {
        if let Ok(run) = RunFile::load(&path) {
            let back = if ext == "json" {
                serde_json::to_string(&run).ok()
            } else {
                None
            };
            if let Some(json) = back {
                std::fs::write(&path, json).expect("the scratch file is writable");
                let again = RunFile::load(&path).expect("a run file written back as JSON loads");
                assert_eq!(again, run);
            }
        }
    } else {
        let _ = PortfolioFile::load(&path);
    }
    let _ = std::fs::remove_file(&path);
}

// ---------------------------------------------------------------------------------------------
// The structured engine target.

/// The session on the embedded synthetic fixtures, built once per process.
fn session() -> &'static Session {
    static SESSION: OnceLock<Session> = OnceLock::new();
    SESSION.get_or_init(|| Session::synthetic().expect("the embedded synthetic session opens"))
}

/// The books the target draws from: roots that trade together (same-currency Treasury and
/// CGB curves, cross-currency pairs, VX and EC).
const ROOT_SETS: [&[Root]; 9] = [
    &[Root::TU, Root::TY],
    &[Root::FV, Root::TY, Root::US],
    &[Root::TY],
    &[Root::TS, Root::T],
    &[Root::TF, Root::TL],
    &[Root::TY, Root::T],
    &[Root::VX],
    &[Root::EC, Root::VX],
    &[Root::US, Root::EC],
];

/// The price-table ranges the target draws from (each table is built once and cached by the
/// session, keyed by roots and range): one calendar year each, short enough to build fast.
const YEARS: [i32; 3] = [2019, 2022, 2024];

fn day(year: i32, offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 2).expect("a valid date") + chrono::Days::new(offset.into())
}

/// A contract reference for one leg: a generic nearby (`TY1`, `TY2`) or a listed code of the
/// table's year or the next (`TYM24`, `T2406`).
fn leg_text(u: &mut Unstructured<'_>, root: Root, year: i32) -> arbitrary::Result<String> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 | 1 => format!("{root}1"),
        2 => format!("{root}2"),
        _ => {
            let y = year + i32::from(u.int_in_range(0..=1u8)?);
            let month = 3 * u32::from(u.int_in_range(1..=4u8)?);
            match root {
                Root::TS | Root::TF | Root::T | Root::TL => {
                    format!("{root}{:02}{month:02}", y % 100)
                }
                _ => {
                    let letter = spreadtrade::contract::month_letter(month).expect("a month");
                    format!("{root}{letter}{:02}", y % 100)
                }
            }
        }
    })
}

fn target_of(u: &mut Unstructured<'_>) -> arbitrary::Result<Target> {
    let sign = if u.arbitrary::<bool>()? { 1.0 } else { -1.0 };
    Ok(match u.int_in_range(0..=2u8)? {
        0 => Target::Units(sign * f64::from(u.int_in_range(1..=40u8)?) / 2.0),
        1 => Target::Dv01(sign * f64::from(u.int_in_range(1..=200u16)?) * 1_000.0),
        _ => Target::Flat,
    })
}

/// One strategy of the target.
enum Plan {
    Hold(Hold),
    Window(EventWindow),
    Z(SignalSource, ZScoreParams),
    View(UsdView),
}

/// Builds a random run on the synthetic market (book, configuration, strategy and, for a
/// z-score, a small sweep) and runs it. No input may panic or hang; every run either ends in a
/// typed error other than a broken accounting identity, or passes the identities, which are
/// checked here again (see [`check_run`]).
pub fn engine(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = engine_case(&mut u);
}

/// With `SPREADTRADE_FUZZ_DEBUG` set, says how far each engine input got (for tuning the
/// generator; silent otherwise).
fn debug(what: &dyn std::fmt::Debug) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("SPREADTRADE_FUZZ_DEBUG").is_some()) {
        eprintln!("engine: {what:?}");
    }
}

fn engine_case(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let session = session();
    let roots = *u.choose(&ROOT_SETS)?;
    let year = *u.choose(&YEARS)?;
    let (from, to) = (day(year, 0), day(year, 362));
    let table = match session.cached_table(roots.iter().copied(), Some(from), Some(to)) {
        Ok(t) => t,
        Err(e) => {
            debug(&e);
            return Ok(());
        }
    };
    let table = &table.table;

    // The spread: one to three legs of the set's roots, the first long.
    let n_legs = u.int_in_range(1..=3u8)?;
    let mut text = String::new();
    for i in 0..n_legs {
        let root = *u.choose(roots)?;
        let ratio = *u.choose(&[1.0, 2.0, 3.0, 0.5, 1.5])?;
        let short = i > 0 && u.arbitrary::<bool>()?;
        text.push_str(if short { "−" } else { "+" });
        text.push_str(&format!("{ratio}×{}", leg_text(u, root, year)?));
    }
    let expr = match text.parse::<SpreadExpr>() {
        Ok(e) => e,
        Err(e) => {
            debug(&(text, e));
            return Ok(());
        }
    };
    let rule = RollRule::new(
        u.int_in_range(0..=5u32)?,
        *u.choose(&[
            None,
            Some(RollAnchor::FirstPositionDay),
            Some(RollAnchor::LastTradingDay),
        ])?,
    );
    let book = match session.book(&expr, table, &rule) {
        Ok(b) => b,
        Err(e) => {
            debug(&e);
            return Ok(());
        }
    };

    // The configuration: a window inside the table's year, costs, weighting, margin, FX.
    let start = day(year, u.int_in_range(0..=300u32)?);
    let end = start + chrono::Days::new(u.int_in_range(5..=90u64)?);
    let mut costs = CostModel::zero()
        .with_slippage_ticks(f64::from(u.int_in_range(0..=8u8)?) / 4.0)
        .with_series_commission(f64::from(u.int_in_range(0..=10u8)?) / 2.0);
    for ccy in [Currency::Usd, Currency::Cny, Currency::Eur] {
        if u.arbitrary::<bool>()? {
            costs = costs.with_commission(ccy, f64::from(u.int_in_range(0..=40u8)?) / 4.0);
        }
    }
    let mut margin = MarginModel::default();
    for _ in 0..u.int_in_range(0..=2u8)? {
        let root = *u.choose(roots)?;
        let from = start + chrono::Days::new(u.int_in_range(0..=60u64)?);
        margin = margin.with_change(if u.arbitrary::<bool>()? {
            MarginChange::per_contract(root, from, f64::from(u.int_in_range(1..=200u8)?) * 100.0)
        } else {
            MarginChange::fraction_of_notional(
                root,
                from,
                f64::from(u.int_in_range(1..=20u8)?) / 100.0,
            )
        });
    }
    let mut config = BacktestConfig::default()
        .with_dates(Some(start), Some(end))
        .with_capital(f64::from(u.int_in_range(1..=1000u16)?) * 100_000.0)
        .with_costs(costs)
        .with_margin(margin)
        .with_weighting(if u.arbitrary::<bool>()? {
            Weighting::Dv01Neutral
        } else {
            Weighting::AsWritten
        })
        .with_record(u.arbitrary::<bool>()?);
    match u.int_in_range(0..=7u8)? {
        0 => config = config.with_base_currency(Currency::Cny),
        1 => config = config.with_base_currency(Currency::Eur),
        _ => {}
    }
    if u.arbitrary::<bool>()? {
        let ccy = *u.choose(&[Currency::Usd, Currency::Cny, Currency::Eur])?;
        let rate = match u.int_in_range(0..=3u8)? {
            0 => FxRate::Series("usd_per_eur".into()),
            1 => FxRate::InverseSeries("cny_per_usd".into()),
            2 => FxRate::Series("no_such_series".into()),
            _ => FxRate::Constant(f64::from(u.int_in_range(1..=100u8)?) / 10.0),
        };
        config = config.with_fx(ccy, rate);
    }

    // The strategy.
    let entry = start + chrono::Days::new(u.int_in_range(0..=30u64)?);
    let plan = match u.int_in_range(0..=3u8)? {
        0 => {
            let exit = match u.int_in_range(0..=2u8)? {
                0 => Exit::AfterDays(u.int_in_range(1..=20usize)?),
                1 => Exit::On(entry + chrono::Days::new(u.int_in_range(0..=40u64)?)),
                _ => Exit::Never,
            };
            Plan::Hold(match target_of(u)? {
                Target::Dv01(x) => Hold::dv01(entry, exit, x),
                Target::Units(x) => Hold::units(entry, exit, x),
                _ => Hold::units(entry, exit, 1.0),
            })
        }
        1 => {
            let events = (0..u.int_in_range(1..=4u8)?)
                .map(|_| Ok(start + chrono::Days::new(u.int_in_range(0..=90u64)?)))
                .collect::<arbitrary::Result<Vec<_>>>()?;
            let mut events = events;
            events.sort();
            events.dedup();
            let before = u.int_in_range(0..=5usize)?;
            let after = u.int_in_range(0..=5usize)?;
            Plan::Window(EventWindow::new(events, before, after, target_of(u)?))
        }
        2 => {
            let signal = match u.int_in_range(0..=3u8)? {
                0 => SignalSource::usd_2s10s(),
                1 => SignalSource::CurveSlope {
                    currency: Currency::Cny,
                    short: Tenor::Years(2),
                    long: Tenor::Years(10),
                },
                2 => SignalSource::Series("vix".into()),
                _ => SignalSource::Series("usd_per_eur".into()),
            };
            let mut p = ZScoreParams::reference(
                u.int_in_range(2..=40usize)?,
                f64::from(u.int_in_range(1..=12u8)?) / 4.0,
            );
            p.exit = f64::from(u.int_in_range(0..=4u8)?) / 4.0;
            p.units = f64::from(u.int_in_range(1..=10u8)?);
            p.momentum = u.arbitrary::<bool>()?;
            Plan::Z(signal, p)
        }
        _ => Plan::View(UsdView::new(
            entry,
            entry + chrono::Days::new(u.int_in_range(1..=60u64)?),
            f64::from(u.int_in_range(1..=100u8)?) * 10_000.0,
            u.int_in_range(2..=60usize)?,
        )),
    };
    let twice = u.arbitrary::<bool>()?;

    let market = session.market();
    let engine = match Engine::new(market, table, &config) {
        Ok(e) => e,
        Err(e) => {
            debug(&e);
            return Ok(());
        }
    };
    let run = |outcome: Result<RunResult, BacktestError>| {
        debug(&outcome.as_ref().map(|r| r.summary.total_pnl));
        if let Ok(r) = &outcome {
            check_run(r, &config);
        }
        accept(outcome.map(|_| ()));
    };
    match plan {
        Plan::Hold(s) => {
            if twice {
                same_summary(engine.run(&book, s.clone()), engine.run_recorded(&book, s));
            } else {
                run(engine.run(&book, s));
            }
        }
        Plan::Window(s) => {
            if twice {
                same_summary(engine.run(&book, s.clone()), engine.run_recorded(&book, s));
            } else {
                run(engine.run(&book, s));
            }
        }
        Plan::View(s) => run(engine.run(&book, s)),
        Plan::Z(signal, params) => {
            let Ok(values) = signal.values(market) else {
                return Ok(());
            };
            if let Ok(s) = SlopeZScore::new(signal, params) {
                run(engine.run(&book, s));
            }
            // A small sweep around the parameters: one to three windows, one or two entries.
            let windows: Vec<usize> = (0..u.int_in_range(1..=3u8)?)
                .map(|i| params.window + 5 * usize::from(i))
                .collect();
            let entries: Vec<f64> = (0..u.int_in_range(1..=2u8)?)
                .map(|i| params.entry + f64::from(i) / 2.0)
                .collect();
            let Ok(grid) = ZScoreGrid::new(&values, &windows, &entries) else {
                return Ok(());
            };
            let quiet = config.clone().with_record(false);
            let Ok(sweep_engine) = Engine::new(market, table, &quiet) else {
                return Ok(());
            };
            let make = |point: &(usize, f64)| grid.strategy(point, params);
            let sweep = Sweep::new(&sweep_engine, &book).serial();
            match sweep.run(grid.points(), make) {
                Ok(runs) => {
                    assert_eq!(runs.len(), grid.points().len());
                    for (i, r) in runs.iter().enumerate() {
                        assert_eq!(r.index, i);
                        check_summary(&r.summary, &quiet);
                    }
                    match sweep.best_by_sharpe_recorded(&runs, grid.points(), make) {
                        Ok(Some((best, result))) => {
                            check_run(&result, &config);
                            assert_eq!(
                                format!("{:?}", best.summary),
                                format!("{:?}", runs[best.index].summary),
                                "the best run re-run with its ledger has another summary"
                            );
                        }
                        other => accept(other.map(|_| ())),
                    }
                }
                Err(e) => accept(Err(e)),
            }
        }
    }
    Ok(())
}

/// An engine error is fine unless it says an accounting identity broke: that is a bug, since
/// every input here is inside the documented ranges.
fn accept(outcome: Result<(), BacktestError>) {
    match outcome {
        Ok(()) => {}
        Err(BacktestError::Identity { book, what }) => {
            panic!("accounting identity broken on {book}: {what}")
        }
        Err(BacktestError::SweepRun { index, error }) => {
            accept(Err(*error));
            let _ = index;
        }
        Err(e) => {
            // Typed, with a message.
            assert!(!e.to_string().is_empty());
        }
    }
}

/// A run without and with its ledger has the same summary (the engine's documented promise).
fn same_summary(
    plain: Result<RunResult, BacktestError>,
    recorded: Result<RunResult, BacktestError>,
) {
    match (plain, recorded) {
        (Ok(a), Ok(b)) => {
            assert_eq!(format!("{:?}", a.summary), format!("{:?}", b.summary));
            check_identities_of(&a);
            check_identities_of(&b);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string());
            accept(Err(a));
        }
        (a, b) => panic!(
            "a run and its recorded re-run disagree: {:?} vs {:?}",
            a.map(|r| r.summary),
            b.map(|r| r.summary)
        ),
    }
}

fn check_identities_of(r: &RunResult) {
    if let Err(e) = r.check_identities() {
        panic!("{e}");
    }
}

/// The accounting identities of a run, checked here independently of the engine's own check:
/// the daily P&L adds up to the total, the final equity is the capital plus the total, the
/// last ledger equity is the final equity, costs are never negative and include the
/// commissions, a recorded run lists one blotter line per fill, and every figure is finite.
fn check_run(r: &RunResult, config: &BacktestConfig) {
    check_identities_of(r);
    check_summary(&r.summary, config);
    let s = &r.summary;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    if !r.ledger.is_empty() {
        let sum: f64 = r.ledger.pnl().iter().sum();
        assert!(
            close(sum, s.total_pnl),
            "daily P&L {sum} vs total {}",
            s.total_pnl
        );
        let last = r.ledger.last().expect("non-empty");
        assert!(
            close(last.equity, s.final_equity),
            "equity {} vs {}",
            last.equity,
            s.final_equity
        );
        let costs: f64 = r.ledger.costs().iter().sum();
        assert!(close(costs, s.costs), "daily costs {costs} vs {}", s.costs);
        assert_eq!(r.trades.len(), s.trades, "blotter lines vs fills");
        assert!(r.ledger.dates().windows(2).all(|w| w[0] < w[1]));
        assert_eq!(r.ledger.len(), s.days, "one ledger row per day");
    }
}

fn check_summary(s: &spreadtrade::backtest::RunSummary, config: &BacktestConfig) {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    assert!(s.total_pnl.is_finite(), "total P&L {}", s.total_pnl);
    assert!(
        close(s.final_equity, config.capital + s.total_pnl),
        "final equity {} vs capital {} + P&L {}",
        s.final_equity,
        config.capital,
        s.total_pnl
    );
    assert!(s.costs.is_finite() && s.costs >= 0.0, "costs {}", s.costs);
    assert!(
        s.commissions >= 0.0 && s.commissions <= s.costs * (1.0 + 1e-12) + 1e-9,
        "commissions {} vs costs {}",
        s.commissions,
        s.costs
    );
    assert!(s.contracts_traded >= 0);
    assert!(s.max_margin.is_finite() && s.max_margin >= 0.0);
    assert!(s.start <= s.end);
}
