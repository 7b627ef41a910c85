//! The EC and VX models against real futures prices kept for validation
//! (`../shared/validation`): daily-change correlation, beta (real on model) and mean level
//! error, in sample and on held-out years. Skips loudly without the data.

use crate::support::{real_data_dir, validation_dir};
use chrono::{Datelike, NaiveDate};
use spreadtrade::contract::{ContractCode, Root};
use spreadtrade::data::{Dataset, Series, ValueUnit};
use spreadtrade::market::{
    EUR_OVERNIGHT_SERIES, Market, PriceTable, USD_PER_EUR_NOON_NY_SERIES, USD_PER_EUR_SERIES,
    VIX_SERIES,
};
use spreadtrade::pricing::{
    DatasetSources, EurRateFallback, EurRateUsed, EurUsdSpot, TableSpec, VX_FIT_2007_2015,
    VX_FIT_FROM, VX_FIT_RANKS, VX_FIT_TO, VixModel, VixTermStructureSource, VxSettlement,
    fit_vx_term_structure,
};
use std::path::Path;
use std::sync::OnceLock;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// The real data folder and the validation folder, loaded once.
fn real() -> Option<&'static (Dataset, Market, std::path::PathBuf)> {
    static REAL: OnceLock<Option<(Dataset, Market, std::path::PathBuf)>> = OnceLock::new();
    REAL.get_or_init(|| {
        let data_dir = real_data_dir()?;
        let validation = validation_dir()?;
        let data = Dataset::load_dir(&data_dir).expect("the shared data load");
        let market = Market::from_dataset(&data).expect("the shared data make a market");
        Some((data, market, validation))
    })
    .as_ref()
}

/// Fit figures of a model against a real series.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Daily changes compared.
    changes: usize,
    /// Days whose levels are compared.
    days: usize,
    /// Correlation of model and real daily changes.
    corr: f64,
    /// Least-squares slope of real on model daily changes.
    beta: f64,
    /// Mean of model − real, price points.
    level: f64,
}

/// One compared day: the contract, model price and real price, in date order.
#[derive(Debug, Clone, Copy)]
struct Row {
    contract: ContractCode,
    model: f64,
    real: f64,
    /// Whether the daily change ending on this row may be compared (same contract as the
    /// previous row, not a roll day).
    change_ok: bool,
}

/// Correlation and beta (real on model, least squares with intercept) of daily changes
/// between consecutive rows of the same contract, and the mean level error.
fn fit(rows: &[Row]) -> Fit {
    let mut dm = Vec::new();
    let mut dr = Vec::new();
    for w in rows.windows(2) {
        if w[1].change_ok && w[0].contract == w[1].contract {
            dm.push(w[1].model - w[0].model);
            dr.push(w[1].real - w[0].real);
        }
    }
    let n = dm.len() as f64;
    let (mm, mr) = (dm.iter().sum::<f64>() / n, dr.iter().sum::<f64>() / n);
    let cov: f64 = dm.iter().zip(&dr).map(|(a, b)| (a - mm) * (b - mr)).sum();
    let vm: f64 = dm.iter().map(|a| (a - mm) * (a - mm)).sum();
    let vr: f64 = dr.iter().map(|b| (b - mr) * (b - mr)).sum();
    Fit {
        changes: dm.len(),
        days: rows.len(),
        corr: cov / (vm * vr).sqrt(),
        beta: cov / vm,
        level: rows.iter().map(|r| r.model - r.real).sum::<f64>() / rows.len() as f64,
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------------------------
// Euro FX

/// The quarterly EC contract a Yahoo `6E=F` row holds: the validation README says the series
/// moves to the next contract about one business day before the last trading day, so a date
/// belongs to the first contract whose last trading day is more than one CME business day
/// after it. Also returns that roll day (the first day on the next contract).
fn ec_front(date: NaiveDate) -> (ContractCode, NaiveDate) {
    let cme = spreadtrade::calendar::Calendar::for_exchange(spreadtrade::units::Exchange::Cme);
    let mut c = ContractCode::new(Root::EC, date.year(), 3).unwrap();
    loop {
        let roll = cme
            .add_business_days(c.dates().unwrap().last_trading_day, -1)
            .unwrap();
        if date < roll {
            return (c, roll);
        }
        c = ContractCode::new(
            Root::EC,
            if c.month() == 12 {
                c.year() + 1
            } else {
                c.year()
            },
            c.month() % 12 + 3,
        )
        .unwrap();
    }
}

/// The EC model against Yahoo `6E=F` closes, `from..=to`, with `sources`' EC source. Left out
/// of the daily changes: changes ending the business day before the nominal roll day, on it
/// or the day after ("about one business day": the exact day is not stated).
fn ec_rows(m: &Market, sources: &DatasetSources<'_>, from: NaiveDate, to: NaiveDate) -> Vec<Row> {
    let validation = &real().unwrap().2;
    let (header, rows) = read_csv(&validation.join("yahoo_6EF_front_2003_2015.csv"));
    let (date_col, close_col) = (
        header.iter().position(|h| h == "Date").unwrap(),
        header.iter().position(|h| h == "Close").unwrap(),
    );
    let mut codes: Vec<ContractCode> = Vec::new();
    let mut real = Vec::new();
    for r in &rows {
        let date: NaiveDate = r[date_col].parse().unwrap();
        if date < from || date > to || r[close_col].is_empty() {
            continue;
        }
        let (c, roll) = ec_front(date);
        if !codes.contains(&c) {
            codes.push(c);
        }
        real.push((date, c, roll, r[close_col].parse::<f64>().unwrap()));
    }
    let ec = sources.ec().unwrap();
    let spec = TableSpec::for_contracts(codes).with_from(from);
    let t = PriceTable::build(m, &spec, &[ec]).unwrap().table;
    let cme = spreadtrade::calendar::Calendar::for_exchange(spreadtrade::units::Exchange::Cme);
    let mut out = Vec::new();
    for (date, c, roll, close) in real {
        let Some(day) = m.day_index(date) else {
            continue;
        };
        let id = t.require_contract(&c).unwrap();
        if !t.traded(id, day) {
            continue;
        }
        // The previous roll of this contract's predecessor: the day this contract came in.
        let prev_roll = cme
            .add_business_days(c.prev().unwrap().dates().unwrap().last_trading_day, -1)
            .unwrap();
        let near = |r: NaiveDate| {
            let before = cme.add_business_days(r, -1).unwrap();
            let after = cme.add_business_days(r, 1).unwrap();
            (before..=after).contains(&date)
        };
        out.push(Row {
            contract: c,
            model: t.price(id, day).unwrap(),
            real: close,
            change_ok: !near(roll) && !near(prev_roll),
        });
    }
    out
}

#[test]
fn ec_at_noon_new_york_tracks_the_real_front_contract_2004_2015() {
    let Some((data, m, _)) = real() else { return };
    let noon = DatasetSources::new(m, data).unwrap();
    let ec = noon.ec().unwrap();
    assert_eq!(ec.spot(), EurUsdSpot::NoonNewYork);
    assert_eq!(ec.eur_rate(), EurRateUsed::Overnight);
    let (from, to) = (d(2004, 1, 1), d(2015, 12, 31));
    let after = fit(&ec_rows(m, &noon, from, to));
    let ecb = DatasetSources::new(m, data)
        .unwrap()
        .with_euro_fx(m, EurUsdSpot::Reference, EurRateFallback::ZeroCarry)
        .unwrap();
    let ecb_fit = fit(&ec_rows(m, &ecb, from, to));
    // Before: the ECB fix with r_EUR = r_USD (F = spot), the model of the previous release.
    let before_market = Market::from_dataset(&Dataset {
        eur_overnight: None,
        ..data.clone()
    })
    .unwrap();
    let before_sources = DatasetSources::new(&before_market, data)
        .unwrap()
        .with_euro_fx(
            &before_market,
            EurUsdSpot::Reference,
            EurRateFallback::ZeroCarry,
        )
        .unwrap();
    let before = fit(&ec_rows(&before_market, &before_sources, from, to));
    // For comparison (printed, not the default): 3-month EURIBOR as the EUR rate.
    let data_dir = real_data_dir().unwrap();
    let euribor = Series::load(
        data_dir.join("euribor_3m_daily.csv"),
        "EURIBOR3M",
        ValueUnit::Percent,
    )
    .unwrap();
    let euribor_market = Market::from_dataset(&Dataset {
        eur_short_rate: Some(euribor),
        ..data.clone()
    })
    .unwrap();
    let euribor_sources = DatasetSources::new(&euribor_market, data).unwrap();
    let euribor_fit = fit(&ec_rows(&euribor_market, &euribor_sources, from, to));
    eprintln!("EC 2004-2015 noon NY + EURIBOR 3M: {euribor_fit:?}");
    eprintln!("EC 2004-2015 noon NY + overnight: {after:?}");
    eprintln!("EC 2004-2015 ECB fix + overnight: {ecb_fit:?}");
    eprintln!("EC 2004-2015 ECB fix, F = spot (before): {before:?}");
    // Issue 9 target: correlation ≥ 0.85 against the late-afternoon close.
    assert!(after.corr >= 0.85, "{after:?}");
    assert!(after.changes > 2700, "{after:?}");
    assert!(ecb_fit.corr < after.corr && before.corr < after.corr);
    // The overnight rate's level is closer to the real futures than EURIBOR's (the design
    // choice in `EuroFxParitySource`).
    assert!(
        after.level.abs() < euribor_fit.level.abs(),
        "{after:?} {euribor_fit:?}"
    );
}

#[test]
fn noon_new_york_and_the_overnight_splice_load_from_the_shared_data() {
    let Some((_, m, _)) = real() else { return };
    let at = |name: &str, date| m.series(name).unwrap()[m.day_index(date).unwrap()];
    // FRED DEXUSEU 2024-03-20 1.0856 and 2024-04-16 1.0628; ECB 1.0844 on 2024-03-20
    // (shared data README_rates_fx.md, "Spot values").
    assert_eq!(at(USD_PER_EUR_NOON_NY_SERIES, d(2024, 3, 20)), Some(1.0856));
    assert_eq!(at(USD_PER_EUR_NOON_NY_SERIES, d(2024, 4, 16)), Some(1.0628));
    assert_eq!(at(USD_PER_EUR_SERIES, d(2024, 3, 20)), Some(1.0844));
    // Overnight: EONIA −0.451% on 2019-09-30 → −0.536% on the €STR basis; €STR −0.549% on
    // 2019-10-01 and 3.908% on 2024-03-20 (README_rates_fx.md §3, §5).
    let close = |v: Option<f64>, want: f64| v.is_some_and(|v| (v - want).abs() < 1e-12);
    assert!(close(at(EUR_OVERNIGHT_SERIES, d(2019, 9, 30)), -0.00536));
    assert!(close(at(EUR_OVERNIGHT_SERIES, d(2019, 10, 1)), -0.00549));
    assert!(close(at(EUR_OVERNIGHT_SERIES, d(2024, 3, 20)), 0.03908));
    // Easter Monday 2024-04-01: a TARGET holiday (no rate: the cell is empty, not a zero) on
    // which New York is open.
    assert_eq!(at(EUR_OVERNIGHT_SERIES, d(2024, 4, 1)), None);
    assert!(at(USD_PER_EUR_NOON_NY_SERIES, d(2024, 4, 1)).is_some());
}

// ---------------------------------------------------------------------------------------------
// VX

/// The `rank`-th listed monthly VX contract on `date` (1 = front): the contracts whose final
/// settlement day (the crate's VX expiry dates) is after `date`, in order. On a contract's
/// settlement day VX1 is already the next one, as the validation README says.
fn vx_rank(date: NaiveDate, rank: usize) -> ContractCode {
    let mut c = ContractCode::new(Root::VX, date.year(), date.month()).unwrap();
    let mut k = 0;
    loop {
        if c.dates().unwrap().final_settlement_day.unwrap() > date {
            k += 1;
            if k == rank {
                return c;
            }
        }
        c = c.next().unwrap();
    }
}

/// The VX settlements of the validation file by rank: (date, rank, contract, settle).
fn vx_file() -> Vec<(NaiveDate, usize, ContractCode, f64)> {
    let validation = &real().unwrap().2;
    let (header, rows) = read_csv(&validation.join("vx_futures_settle_vx1_vx8_2007_2021.csv"));
    let mut out = Vec::new();
    for r in &rows {
        let date: NaiveDate = r[0].parse().unwrap();
        for rank in 1..=8 {
            let col = header
                .iter()
                .position(|h| *h == format!("VX{rank}"))
                .unwrap();
            if let Ok(v) = r[col].parse::<f64>() {
                out.push((date, rank, vx_rank(date, rank), v));
            }
        }
    }
    out
}

fn vx_settlements(
    file: &[(NaiveDate, usize, ContractCode, f64)],
    ranks: std::ops::RangeInclusive<usize>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<VxSettlement> {
    file.iter()
        .filter(|(date, rank, _, _)| ranks.contains(rank) && (from..=to).contains(date))
        .map(|&(date, _, contract, settle)| VxSettlement {
            date,
            contract,
            settle,
        })
        .collect()
}

/// VX1 or VX2 of the validation file, `from..=to`, against the prices of `vx`.
fn vx_rows(
    m: &Market,
    vx: &VixTermStructureSource,
    file: &[(NaiveDate, usize, ContractCode, f64)],
    rank: usize,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Row> {
    let wanted: Vec<_> = file
        .iter()
        .filter(|r| r.1 == rank && (from..=to).contains(&r.0))
        .collect();
    let mut codes: Vec<ContractCode> = wanted.iter().map(|r| r.2).collect();
    codes.dedup();
    let spec = TableSpec::for_contracts(codes).with_from(from);
    let t = PriceTable::build(m, &spec, &[vx]).unwrap().table;
    wanted
        .iter()
        .filter_map(|&&(date, _, contract, settle)| {
            let day = m.day_index(date)?;
            let id = t.require_contract(&contract).unwrap();
            t.traded(id, day).then(|| Row {
                contract,
                model: t.price(id, day).unwrap(),
                real: settle,
                change_ok: true,
            })
        })
        .collect()
}

/// Correlation of the real VX daily changes with the VIX's own daily changes: what a model
/// that moves with the VIX close alone can reach.
fn vix_only_corr(m: &Market, file: &[(NaiveDate, usize, ContractCode, f64)], rank: usize) -> f64 {
    let vix = m.series(VIX_SERIES).unwrap();
    let rows: Vec<Row> = file
        .iter()
        .filter(|r| r.1 == rank && r.0.year() >= 2016)
        .map(|&(date, _, contract, settle)| Row {
            contract,
            model: vix[m.day_index(date).unwrap()].unwrap(),
            real: settle,
            change_ok: true,
        })
        .collect();
    fit(&rows).corr
}

#[test]
fn vx_fit_on_2007_2015_reproduces_the_frozen_constants() {
    let Some((_, m, _)) = real() else { return };
    let file = vx_file();
    let s = vx_settlements(&file, 1..=VX_FIT_RANKS, VX_FIT_FROM, VX_FIT_TO);
    let fit = fit_vx_term_structure(m.dates(), m.series(VIX_SERIES).unwrap(), &s).unwrap();
    eprintln!("VX fit VX1..VX{VX_FIT_RANKS} {VX_FIT_FROM}..={VX_FIT_TO}: {fit:?}");
    assert_eq!((fit.settlements, fit.changes), (8820, 8711));
    let (p, q) = (fit.parameters, VX_FIT_2007_2015);
    for (name, got, frozen) in [
        (
            "short half-life",
            p.short_half_life_days,
            q.short_half_life_days,
        ),
        ("fast kappa", p.fast_kappa_per_day, q.fast_kappa_per_day),
        (
            "medium half-life",
            p.medium_half_life_days,
            q.medium_half_life_days,
        ),
        (
            "medium kappa",
            p.medium_kappa_per_day,
            q.medium_kappa_per_day,
        ),
        ("slow kappa", p.slow_kappa_per_day, q.slow_kappa_per_day),
        ("theta", p.theta, q.theta),
    ] {
        // The constants are the fit rounded to 4 significant digits.
        assert!(
            ((got - frozen) / frozen).abs() < VX_FROZEN_REL,
            "{name}: fit {got}, frozen {frozen}"
        );
    }
    assert!((fit.rms_change_error - 0.463).abs() < 0.001, "{fit:?}");
    assert!((fit.rms_level_error - 1.61).abs() < 0.01, "{fit:?}");
}

/// Relative difference allowed between a re-run fit and the frozen constant (4 significant
/// digits).
const VX_FROZEN_REL: f64 = 1e-3;

#[test]
fn vx_model_tracks_vx1_and_vx2_in_sample_and_on_2016_2021() {
    let Some((data, m, _)) = real() else { return };
    let file = vx_file();
    let sources = DatasetSources::new(m, data).unwrap();
    let fitted = sources.vx().unwrap();
    assert_eq!(fitted.model(), VixModel::TermStructure(VX_FIT_2007_2015));
    let before = VixTermStructureSource::new(m, VixModel::estimated()).unwrap();
    let held_out = (d(2016, 1, 1), d(2021, 12, 31));
    for rank in [1, 2] {
        let inside = fit(&vx_rows(m, fitted, &file, rank, VX_FIT_FROM, VX_FIT_TO));
        let after = fit(&vx_rows(m, fitted, &file, rank, held_out.0, held_out.1));
        let old_in = fit(&vx_rows(m, &before, &file, rank, VX_FIT_FROM, VX_FIT_TO));
        let old = fit(&vx_rows(m, &before, &file, rank, held_out.0, held_out.1));
        let ceiling = vix_only_corr(m, &file, rank);
        eprintln!("VX{rank} 2007-2015 (in sample): {inside:?}");
        eprintln!("VX{rank} 2016-2021 (held out):  {after:?}");
        eprintln!("VX{rank} 2007-2015 AR(1) model (before): {old_in:?}");
        eprintln!("VX{rank} 2016-2021 AR(1) model (before): {old:?}");
        eprintln!("VX{rank} 2016-2021 corr(real change, VIX change): {ceiling:.3}");
        assert!(after.days > 1450 && after.changes > 1400, "{after:?}");
        // Issue 9 targets on the held-out years: beta within 0.90–1.10, |level| ≤ 0.5.
        assert!((0.90..=1.10).contains(&after.beta), "VX{rank}: {after:?}");
        assert!(after.level.abs() <= 0.5, "VX{rank}: {after:?}");
        assert!(
            after.beta > old.beta + 0.1,
            "VX{rank}: {after:?} vs {old:?}"
        );
        if rank == 1 {
            // Target: correlation ≥ 0.90.
            assert!(after.corr >= 0.90, "VX1: {after:?}");
        } else {
            // The 0.90 target is out of reach for VX2 with the VIX close as the only input:
            // its daily changes correlate 0.844 with the VIX's (and 0.853 with the best
            // least-squares combination of VIX and smoothed-VIX changes, fitted on these very
            // years). The model must lose nothing against that.
            assert!(ceiling < 0.86, "{ceiling}");
            assert!(
                after.corr >= ceiling - 0.005,
                "VX2: {after:?}, VIX alone {ceiling}"
            );
        }
    }
}

/// A data folder of made-up values in the real files' formats: the new EUR/USD and EUR-rate
/// files are found by name and feed the EC source, with no real data needed.
#[test]
fn noon_new_york_and_overnight_files_are_found_by_name() {
    let dir = std::env::temp_dir().join(format!("spreadtrade-fxvx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "us_treasury_par_yield_curve_test.csv",
        "date,m3,m6,y10\n2019-09-27,1.90,1.85,1.70\n2019-09-30,1.90,1.85,1.70\n\
         2019-10-01,1.88,1.83,1.65\n",
    );
    write(
        "fred_dexuseu_test.csv",
        "date,DEXUSEU\n2019-09-27,1.1000\n2019-09-30,\n2019-10-01,1.0950\n",
    );
    write(
        "eur_overnight_eonia_estr_test.csv",
        "date,rate,source\n2019-09-27,-0.400,EONIA\n2019-09-30,-0.450,EONIA\n\
         2019-10-01,-0.550,ESTR\n",
    );
    let data = Dataset::load_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let noon = data.eurusd_noon_ny.as_ref().unwrap();
    // The empty cell (a U.S. holiday in FRED) is reported, not filled.
    assert_eq!(noon.dates.len(), 2);
    assert_eq!(noon.report.skipped.len(), 1);
    let m = Market::from_dataset(&data).unwrap();
    let rates = m.series(EUR_OVERNIGHT_SERIES).unwrap();
    // EONIA less 8.5 bp before 2019-10-01, €STR as published from it.
    assert!((rates[1].unwrap() - (-0.00450 - 0.00085)).abs() < 1e-12);
    assert!((rates[2].unwrap() - (-0.00550)).abs() < 1e-12);
    let sources = DatasetSources::new(&m, &data).unwrap();
    let ec = sources.ec().unwrap();
    assert_eq!(ec.spot(), EurUsdSpot::NoonNewYork);
    assert_eq!(ec.eur_rate(), EurRateUsed::Overnight);
    // No ECB file in this folder: the reference rate cannot be selected.
    assert!(
        DatasetSources::new(&m, &data)
            .unwrap()
            .with_euro_fx(&m, EurUsdSpot::Reference, EurRateFallback::ZeroCarry)
            .is_err()
    );
}
