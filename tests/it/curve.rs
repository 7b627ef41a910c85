//! Integration tests for the `curve` area: every U.S. Treasury par curve 1990–2025 and every
//! ChinaBond CGB curve 2002–2016 in the real data, built, bootstrapped and checked.
//!
//! The CSVs are read here with the `csv` crate (the `data` loaders are separate work); the
//! files live in `../shared/data` (see its README) and are never copied into the repository.

use crate::support::real_data_dir;
use chrono::NaiveDate;
use spreadtrade::curve::{
    BootstrapConfig, Compounding, CouponFrequency, CurveError, Interpolation, ParCurve, Tenor,
    ZeroCurve, bill_discount_factor,
};
use spreadtrade::tolerance::{
    DISCOUNT_FACTOR_ABS, INTERP_KNOT_ABS, PAR_REPRICE_ABS, PUBLISHED_2DP_PCT_ABS,
};
use std::path::{Path, PathBuf};

/// Columns of `us_treasury_par_yield_curve_daily.csv` (percent, empty = not published) and
/// their tenors; the 1.5-month bill is the 6-week bill.
const US_COLUMNS: [(&str, &str); 14] = [
    ("m1", "1M"),
    ("m1_5", "6W"),
    ("m2", "2M"),
    ("m3", "3M"),
    ("m4", "4M"),
    ("m6", "6M"),
    ("y1", "1Y"),
    ("y2", "2Y"),
    ("y3", "3Y"),
    ("y5", "5Y"),
    ("y7", "7Y"),
    ("y10", "10Y"),
    ("y20", "20Y"),
    ("y30", "30Y"),
];

/// Columns of `china_govt_bond_yield_curve_chinabond_2002_2016.csv` (percent, 4 decimals).
const CGB_COLUMNS: [(&str, &str); 21] = [
    ("d0", "0D"),
    ("m1", "1M"),
    ("m2", "2M"),
    ("m3", "3M"),
    ("m6", "6M"),
    ("m9", "9M"),
    ("y1", "1Y"),
    ("y2", "2Y"),
    ("y3", "3Y"),
    ("y4", "4Y"),
    ("y5", "5Y"),
    ("y6", "6Y"),
    ("y7", "7Y"),
    ("y8", "8Y"),
    ("y9", "9Y"),
    ("y10", "10Y"),
    ("y15", "15Y"),
    ("y20", "20Y"),
    ("y30", "30Y"),
    ("y40", "40Y"),
    ("y50", "50Y"),
];

/// One published day: the date and the yields (decimal) in column order.
struct Row {
    date: NaiveDate,
    yields: Vec<Option<f64>>,
}

/// The data folder, or `None` (loudly skipped) when it is absent — unless CI demands it.
fn data_dir() -> Option<PathBuf> {
    real_data_dir()
}

/// Reads a wide curve CSV (`date` then one percent column per tenor) with the `csv` crate.
fn read_curve_csv(path: &Path, columns: &[(&str, &str)]) -> (Vec<Tenor>, Vec<Row>) {
    let mut reader = csv::Reader::from_path(path).expect("open curve CSV");
    let headers = reader.headers().expect("CSV header").clone();
    assert_eq!(headers.get(0), Some("date"), "{}", path.display());
    let index: Vec<usize> = columns
        .iter()
        .map(|(name, _)| {
            headers
                .iter()
                .position(|h| h == *name)
                .unwrap_or_else(|| panic!("column {name} missing in {}", path.display()))
        })
        .collect();
    let tenors = columns.iter().map(|(_, t)| t.parse().unwrap()).collect();
    let rows = reader
        .records()
        .enumerate()
        .map(|(n, rec)| {
            let rec = rec.unwrap_or_else(|e| panic!("{} record {n}: {e}", path.display()));
            let date = NaiveDate::parse_from_str(&rec[0], "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("{} record {n}: bad date: {e}", path.display()));
            let yields = index
                .iter()
                .map(|&i| {
                    let cell = rec.get(i).unwrap_or("").trim();
                    (!cell.is_empty()).then(|| {
                        let pct: f64 = cell.parse().unwrap_or_else(|e| {
                            panic!("{} {date} column {i}: {cell:?}: {e}", path.display())
                        });
                        pct / 100.0
                    })
                })
                .collect();
            Row { date, yields }
        })
        .collect();
    (tenors, rows)
}

/// What the checks saw on one curve.
#[derive(Default)]
struct Stats {
    days: usize,
    grid_bonds: usize,
    bills: usize,
    days_with_negative_forward: usize,
    min_forward: (f64, Option<NaiveDate>),
    max_abs_reprice_error: f64,
}

/// Builds, bootstraps and checks one day; `Err` says why the day failed.
fn check_day(
    row: &Row,
    tenors: &[Tenor],
    frequency: CouponFrequency,
    config: &BootstrapConfig,
    stats: &mut Stats,
) -> Result<(ParCurve, ZeroCurve), String> {
    let par = ParCurve::from_row(row.date, tenors, &row.yields, frequency)
        .map_err(|e| format!("par curve: {e}"))?;
    let zero = par
        .bootstrap(config)
        .map_err(|e| format!("bootstrap: {e}"))?;
    let interp = config.interpolation();

    // 1. Published yields are recovered at their knots, in both schemes.
    for (tenor, y) in par.nodes() {
        for kind in Interpolation::ALL {
            let got = par
                .par_yield(tenor.years(), kind)
                .map_err(|e| e.to_string())?;
            if (got - y).abs() > INTERP_KNOT_ABS {
                return Err(format!("{kind} knot {tenor}: {got} vs published {y}"));
            }
        }
    }

    // 2. Every par bond on the coupon grid beyond the bill cutoff prices at 100.
    let f = f64::from(frequency.per_year());
    let periods = (zero.max_years() * f).round() as u32;
    let mut annuity = 0.0;
    for k in 1..=periods {
        let t = f64::from(k) / f;
        let df = zero.discount_factor(t).map_err(|e| e.to_string())?;
        annuity += df;
        if t > config.bill_cutoff_years() {
            let c = par.par_yield(t, interp).map_err(|e| e.to_string())?;
            let price = 100.0 * (c / f * annuity + df);
            let err = (price - 100.0).abs();
            stats.max_abs_reprice_error = stats.max_abs_reprice_error.max(err);
            if err > PAR_REPRICE_ABS {
                return Err(format!("par bond at {t}y (coupon {c}) prices {price}"));
            }
            stats.grid_bonds += 1;
        }
    }

    // 3. Every published bill reprices at its bond-equivalent yield.
    for (tenor, y) in par.nodes() {
        let t = tenor.years();
        if t > 0.0 && t <= config.bill_cutoff_years() {
            let df = zero.discount_factor(t).map_err(|e| e.to_string())?;
            let want = bill_discount_factor(y, t, frequency).ok_or("bill DF")?;
            if (100.0 * (df - want)).abs() > PAR_REPRICE_ABS {
                return Err(format!("bill {tenor} at {y}: DF {df} vs {want}"));
            }
            stats.bills += 1;
        }
    }

    // 4. Discount factors are positive and finite; record the lowest forward rate.
    let knots: Vec<(f64, f64)> = zero.knots().collect();
    let mut negative = false;
    for w in knots.windows(2) {
        let ((t0, d0), (t1, d1)) = (w[0], w[1]);
        if !(d1 > 0.0 && d1.is_finite()) {
            return Err(format!("DF({t1}) = {d1}"));
        }
        let fwd = zero
            .forward_rate(t0, t1, Compounding::Continuous)
            .map_err(|e| e.to_string())?;
        if !fwd.is_finite() || ((d0 / d1).ln() / (t1 - t0) - fwd).abs() > 1e-9 {
            return Err(format!("forward {t0}..{t1} = {fwd}"));
        }
        negative |= fwd < 0.0;
        if stats.min_forward.1.is_none() || fwd < stats.min_forward.0 {
            stats.min_forward = (fwd, Some(row.date));
        }
    }
    stats.days_with_negative_forward += usize::from(negative);
    stats.days += 1;
    Ok((par, zero))
}

/// Runs `check_day` on every row and prints a summary; returns the failed days and why.
fn check_all(
    rows: &[Row],
    tenors: &[Tenor],
    frequency: CouponFrequency,
    config: &BootstrapConfig,
    label: &str,
) -> (Stats, Vec<(NaiveDate, String)>) {
    let mut stats = Stats::default();
    let failures: Vec<(NaiveDate, String)> = rows
        .iter()
        .filter_map(|row| {
            check_day(row, tenors, frequency, config, &mut stats)
                .err()
                .map(|e| (row.date, e))
        })
        .collect();
    eprintln!(
        "{label}: {} days ok, {} failed; {} grid par bonds (max |price − 100| = {:.1e}), {} bills; \
         lowest forward {:.4}% on {:?}; {} days with a negative forward somewhere",
        stats.days,
        failures.len(),
        stats.grid_bonds,
        stats.max_abs_reprice_error,
        stats.bills,
        100.0 * stats.min_forward.0,
        stats.min_forward.1,
        stats.days_with_negative_forward,
    );
    for (date, why) in &failures {
        eprintln!("{label}: {date}: {why}");
    }
    (stats, failures)
}

fn find<'a>(rows: &'a [Row], date: &str) -> &'a Row {
    let date: NaiveDate = date.parse().unwrap();
    rows.iter()
        .find(|r| r.date == date)
        .unwrap_or_else(|| panic!("{date} not in the data"))
}

fn us_rows() -> Option<(Vec<Tenor>, Vec<Row>)> {
    let dir = data_dir()?;
    Some(read_curve_csv(
        &dir.join("us_treasury_par_yield_curve_daily.csv"),
        &US_COLUMNS,
    ))
}

#[test]
fn every_treasury_day_1990_2025_bootstraps_and_reprices() {
    let Some((tenors, rows)) = us_rows() else {
        return;
    };
    // data/README.md: 8,887 rows, 1990-01-02 .. 2025-07-11.
    assert_eq!(rows.len(), 8_887);
    let sa = CouponFrequency::SemiAnnual;
    for kind in Interpolation::ALL {
        let config = BootstrapConfig::default().with_interpolation(kind);
        let (stats, failures) = check_all(&rows, &tenors, sa, &config, &format!("UST {kind}"));
        assert!(failures.is_empty(), "UST {kind}: {failures:#?}");
        assert_eq!(stats.days, rows.len());
    }
    // Out to 30.5 years on every day: through the 2002–2006 gap in the 30-year this uses the
    // flat extrapolation of the 20-year par yield.
    let config = BootstrapConfig::default().with_horizon_years(30.5);
    let (stats, failures) = check_all(&rows, &tenors, sa, &config, "UST to 30.5y");
    assert!(failures.is_empty(), "UST to 30.5y: {failures:#?}");
    assert_eq!(stats.days, rows.len());
}

#[test]
fn treasury_2024_03_20_recovers_published_par_yields() {
    let Some((tenors, rows)) = us_rows() else {
        return;
    };
    let row = find(&rows, "2024-03-20");
    let par =
        ParCurve::from_row(row.date, &tenors, &row.yields, CouponFrequency::SemiAnnual).unwrap();
    let zero = par.bootstrap(&BootstrapConfig::default()).unwrap();
    // Published by Treasury for 2024-03-20 (data/README.md spot values): 10Y 4.27%, 2Y 4.59%.
    for (years, published) in [(10.0, 0.0427), (2.0, 0.0459)] {
        for kind in Interpolation::ALL {
            let y = par.par_yield(years, kind).unwrap();
            assert!(
                (y - published).abs() < INTERP_KNOT_ABS,
                "{kind} {years}y: {y}"
            );
        }
        // The zero curve gives the same par yield back: the par bond prices at 100.
        let implied = zero.par_yield(years, CouponFrequency::SemiAnnual).unwrap();
        assert!((implied - published).abs() < PAR_REPRICE_ABS / 100.0);
        assert!((implied - published).abs() < PUBLISHED_2DP_PCT_ABS);
    }
    // Inverted front end: bill yields above 5% and a 10-year zero rate below the 3-month one.
    let z3m = zero.zero_rate(0.25, Compounding::SemiAnnual).unwrap();
    let z10 = zero.zero_rate(10.0, Compounding::SemiAnnual).unwrap();
    assert!(z3m > 0.05 && z10 < z3m, "3M {z3m}, 10Y {z10}");
}

#[test]
fn treasury_gaps_are_spanned_not_filled() {
    let Some((tenors, rows)) = us_rows() else {
        return;
    };
    let sa = CouponFrequency::SemiAnnual;
    let cfg = BootstrapConfig::default();

    // 2008-12-10: Treasury printed N/A for the 3-month bill; 1M 0.00%, 6M 0.21%.
    let row = find(&rows, "2008-12-10");
    let par = ParCurve::from_row(row.date, &tenors, &row.yields, sa).unwrap();
    assert!(!par.tenors().contains(&Tenor::Months(3)));
    let y3m = par.par_yield(0.25, Interpolation::MonotoneCubic).unwrap();
    assert!((0.0..=0.0021).contains(&y3m), "3M read {y3m}");
    let zero = par.bootstrap(&cfg).unwrap();
    // No 3M knot in the zero curve: 0, 1M, 6M, then the grid.
    let knot_times: Vec<f64> = zero.knots().map(|(t, _)| t).collect();
    assert!(!knot_times.contains(&0.25));
    assert!(knot_times.contains(&(1.0 / 12.0)));

    // 2003-06-02: no 30-year (2002-02-19 .. 2006-02-08). By default the zero curve ends at 20Y;
    // with a horizon it reads the 20-year par yield flat beyond.
    let row = find(&rows, "2003-06-02");
    let par = ParCurve::from_row(row.date, &tenors, &row.yields, sa).unwrap();
    assert_eq!(par.last_tenor(), Tenor::Years(20));
    let zero = par.bootstrap(&cfg).unwrap();
    assert_eq!(zero.max_years(), 20.0);
    assert!(matches!(
        zero.discount_factor(25.0),
        Err(CurveError::OutOfRange { .. })
    ));
    let long = par.bootstrap(&cfg.with_horizon_years(30.5)).unwrap();
    let y20 = par.yields()[par.yields().len() - 1];
    let y25 = par.par_yield(25.0, Interpolation::MonotoneCubic).unwrap();
    assert_eq!(y25, y20);
    let implied = long.par_yield(25.0, sa).unwrap();
    assert!((implied - y20).abs() < PAR_REPRICE_ABS / 100.0);
    // Below 20 years both curves are the same.
    let (a, b) = (
        zero.discount_factor(15.0).unwrap(),
        long.discount_factor(15.0).unwrap(),
    );
    assert!((a - b).abs() < DISCOUNT_FACTOR_ABS);

    // 1990-01-02: no 20-year (before 1993-10-01); 10Y 7.94% and 30Y 8.00% are spanned.
    let row = find(&rows, "1990-01-02");
    let par = ParCurve::from_row(row.date, &tenors, &row.yields, sa).unwrap();
    assert!(!par.tenors().contains(&Tenor::Years(20)));
    let y20 = par.par_yield(20.0, Interpolation::Linear).unwrap();
    assert!((y20 - 0.0797).abs() < INTERP_KNOT_ABS, "linear 20Y {y20}");
}

#[test]
fn treasury_bond_prices_off_the_curve_on_dates() {
    let Some((tenors, rows)) = us_rows() else {
        return;
    };
    let row = find(&rows, "2024-03-20");
    let par =
        ParCurve::from_row(row.date, &tenors, &row.yields, CouponFrequency::SemiAnnual).unwrap();
    let zero = par
        .bootstrap(&BootstrapConfig::default().with_horizon_years(30.5))
        .unwrap();
    // A 30-year bond issued on the curve date (maturity 2054-03-20, 30.03 Act/365F years):
    // within the 30.5-year horizon.
    let d = |y, m| NaiveDate::from_ymd_opt(y, m, 20).unwrap();
    let flows: Vec<(NaiveDate, f64)> = (1..=60)
        .map(|k| {
            let (y, m) = (2024 + (3 + 6 * k - 1) / 12, (3 + 6 * k - 1) % 12 + 1);
            (d(y, m as u32), if k == 60 { 102.225 } else { 2.225 })
        })
        .collect();
    assert_eq!(flows[59].0, d(2054, 3));
    let price = zero.price_cashflows(row.date, &flows).unwrap();
    // 4.45% coupon = the published 30-year par yield: close to par, not exactly (calendar
    // coupon dates are not the k/2-year grid).
    assert!((price - 100.0).abs() < 0.5, "price {price}");
    let fv = zero.forward_value(row.date, d(2024, 6), &flows).unwrap();
    let carry = (fv.spot_value - fv.income_value) / fv.discount_factor;
    assert!((fv.forward_value - carry).abs() < 1e-9);
    assert!(fv.income_value == 0.0 && fv.forward_value > fv.spot_value);
}

/// ChinaBond days whose 30-year par yield jumps far above the 20-year — 2002-04-26: 3.81% →
/// 10.54%; 2002-05-10: 3.89% → 6.11%; 2004-08-17: 3.43% → 7.22% (neighbouring days show
/// 20s30s spreads of −0.3..+0.2%, so these are fitting artefacts in the published curve). No
/// positive discount factors reprice such par bonds: the bootstrap fails between 20 and 30 years
/// and says so; it never repairs the data.
const CGB_NO_ZERO_CURVE: [&str; 3] = ["2002-04-26", "2002-05-10", "2004-08-17"];

#[test]
fn every_chinabond_day_2002_2016_bootstraps_or_names_its_failure() {
    let Some(dir) = data_dir() else {
        return;
    };
    let (tenors, rows) = read_curve_csv(
        &dir.join("china_govt_bond_yield_curve_chinabond_2002_2016.csv"),
        &CGB_COLUMNS,
    );
    // data/README.md: 3,745 rows, 2002-01-04 .. 2016-12-31.
    assert_eq!(rows.len(), 3_745);
    let annual = CouponFrequency::Annual;
    for kind in Interpolation::ALL {
        let config = BootstrapConfig::default().with_interpolation(kind);
        let (stats, failures) = check_all(&rows, &tenors, annual, &config, &format!("CGB {kind}"));
        assert_eq!(stats.days + failures.len(), rows.len());
        let failed: Vec<String> = failures.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(failed, CGB_NO_ZERO_CURVE, "CGB {kind}: {failures:#?}");
        for (date, why) in &failures {
            assert!(why.contains("segment ending at 30Y"), "{date}: {why}");
        }
    }
    // Those days fail because of their 30-year point alone: without it they bootstrap.
    for date in CGB_NO_ZERO_CURVE {
        let row = find(&rows, date);
        let mut yields = row.yields.clone();
        let i30 = tenors.iter().position(|&t| t == Tenor::Years(30)).unwrap();
        yields[i30] = None;
        let par = ParCurve::from_row(row.date, &tenors, &yields, annual).unwrap();
        assert!(par.bootstrap(&BootstrapConfig::default()).is_ok(), "{date}");
    }
    // data/README.md checks: 10y 4.7222% (2013-11-20), 2.6451% (2016-10-21; 2016 has no
    // 2/4/6/8/9-year points, spanned by the interpolation), 3.6251% (2015-01-05).
    for (date, published) in [
        ("2013-11-20", 0.047222),
        ("2016-10-21", 0.026451),
        ("2015-01-05", 0.036251),
    ] {
        let row = find(&rows, date);
        let par = ParCurve::from_row(row.date, &tenors, &row.yields, annual).unwrap();
        let y10 = par.par_yield(10.0, Interpolation::MonotoneCubic).unwrap();
        assert!((y10 - published).abs() < INTERP_KNOT_ABS, "{date}: {y10}");
        let zero = par.bootstrap(&BootstrapConfig::default()).unwrap();
        let implied = zero.par_yield(10.0, annual).unwrap();
        assert!(
            (implied - published).abs() < PAR_REPRICE_ABS / 100.0,
            "{date}"
        );
    }
}
