//! A deterministic, seeded generator of **synthetic** market data: the fixtures in
//! `fixtures/synthetic/` and [`super::Dataset::embedded_synthetic`].
//!
//! Nothing here is market data. The files imitate the layout of the real files
//! (`us_treasury_par_yield_curve_daily.csv`, the ChinaBond curve, the Cboe VIX history, ECB
//! EUR/USD) and have plausible levels and day-to-day moves, so that examples, the CLI and tests
//! run anywhere; every output built from them must say it is synthetic.
//!
//! # Model
//!
//! One step per weekday (Monday–Friday) from 2018-01-02 to 2025-12-31. Weekdays are not
//! trading days: exchange calendars decide those, and users align the series to them.
//!
//! **Yield curves: dynamic Nelson–Siegel** (Diebold & Li 2006) with a fixed decay λ:
//!
//! ```text
//! y(τ) = L + S · (1 − e^(−λτ)) / (λτ) + C · ((1 − e^(−λτ)) / (λτ) − e^(−λτ))
//! ```
//!
//! where τ is the maturity in months, λ = [`NS_LAMBDA_PER_MONTH`] (0.0609, Diebold & Li's
//! value, which puts the curvature peak near 30 months), and L, S, C (level, slope, curvature,
//! in percent) are factors. Each factor is a mean path plus a deviation that follows a
//! daily AR(1) (a discretised Ornstein–Uhlenbeck process):
//!
//! ```text
//! x_t = m_t + d_t,    d_t = (1 − κ) d_{t−1} + η_t
//! η_L = a ε1,   η_S = −a ε1 + b ε2,   η_C = c ε3          (ε iid standard normal)
//! ```
//!
//! The slope shock offsets the level shock so that the short end (≈ L + S) moves by `b ε2`
//! only, as a policy-anchored front end does. Yields below 0 are set to 0.00 (the published
//! Treasury par yields never printed below 0.00) and rounded to 2 decimals (0.01%).
//!
//! - U.S. Treasury: the mean path m_t runs through the quarterly averages of the published
//!   3-month, 2-year and 10-year par yields for 2018–2025 Q2 (U.S. Treasury, via the shared
//!   `us_treasury_par_yield_curve_daily.csv`, rounded to 0.1%), solved for (L, S, C) at each
//!   quarter's middle and interpolated linearly; flat after the last anchor. The shocks give
//!   daily moves of about 3 bp (3M), 5 bp (2Y) and 6 bp (10Y), close to the 2018–2025
//!   standard deviations of the real file (3.3, 5.9 and 5.7 bp). Columns `m2`, `m4` and
//!   `m1_5` are empty before the dates the Treasury started publishing them (2018-10-16,
//!   2022-10-19, 2025-02-18).
//! - CGB: constant means (L, S, C) = (3.4, −1.2, −0.4), giving an upward curve from about
//!   2.2% (overnight) to 3.4% (50 years), the range of annual-pay CGB yields in 2018–2023;
//!   smaller shocks (2–3 bp a day). ChinaBond's columns `d0,m1,…,y50`, 2 decimals.
//!
//! **VIX: log-Ornstein–Uhlenbeck**: `ln V_t = ln V_{t−1} + κ (ln μ − ln V_{t−1}) + σ ε`, with
//! μ = 17.5 (the 2018–2025 median close was 17.9), κ = 0.04 a day, σ = 0.075 (the real daily
//! log-change standard deviation is 0.081). The open is the previous close times
//! `e^(0.03 ε)`; high and low extend the open–close range by `e^(±0.04 |ε|)`.
//!
//! **EUR/USD and USD/CNY: log-OU** around 1.13 and 6.85 (κ = 0.3 a year, 7.3% and 4% annual
//! volatility), starting at 1.20 and 6.50; 4 decimals.
//!
//! **EUR short rate**: a piecewise-linear mean path drawn by hand to echo the shape of euro
//! short rates over 2018–2025 (about −0.5% until mid-2022, about 3.9% from late 2023, easing
//! to about 1.9% by mid-2025; not data), plus a fast-reverting AR(1) deviation of about 1.5 bp;
//! 3 decimals.
//!
//! # Determinism
//!
//! Every stream comes from [`crate::rng::NormalStream`] with a seed derived from the one
//! [`SyntheticConfig::seed`] by SplitMix64, so the output is a pure function of the config.
//! The model uses `exp` and `ln` from the platform's math library; a last-bit difference
//! there could in principle change a rounded digit on another platform. The committed
//! fixtures are checked byte for byte against a fresh generation by the test suite.
//!
//! # References
//!
//! - F. X. Diebold and C. Li, "Forecasting the term structure of government bond yields",
//!   *Journal of Econometrics* 130 (2006), 337–364: the three-factor Nelson–Siegel form, λ.
//! - C. R. Nelson and A. F. Siegel, "Parsimonious modeling of yield curves", *Journal of
//!   Business* 60 (1987), 473–489.

use super::error::DataError;
use crate::curve::Tenor;
use crate::rng::{NormalStream, SplitMix64};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;
use std::fmt::Write;

/// The generator's name, written into `MANIFEST.json`.
pub const SYNTHETIC_GENERATOR: &str = "spreadtrade::data::synthetic v1";

/// The seed of the committed fixtures.
pub const DEFAULT_SEED: u64 = 20_180_102;

/// The first day of the committed fixtures.
pub const DEFAULT_START: NaiveDate = date(2018, 1, 2);

/// The last day of the committed fixtures.
pub const DEFAULT_END: NaiveDate = date(2025, 12, 31);

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("a valid calendar date literal"),
    }
}

/// Nelson–Siegel decay per month of maturity (Diebold & Li 2006, section 2.1).
pub const NS_LAMBDA_PER_MONTH: f64 = 0.0609;

/// What to generate: the seed and the date range (weekdays from `start` to `end`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticConfig {
    seed: u64,
    start: NaiveDate,
    end: NaiveDate,
}

impl Default for SyntheticConfig {
    /// The committed fixtures: seed [`DEFAULT_SEED`], 2018-01-02 to 2025-12-31.
    fn default() -> Self {
        SyntheticConfig {
            seed: DEFAULT_SEED,
            start: DEFAULT_START,
            end: DEFAULT_END,
        }
    }
}

impl SyntheticConfig {
    /// The same config with another seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The same config starting on `start` (the first weekday on or after it).
    pub fn with_start(mut self, start: NaiveDate) -> Self {
        self.start = start;
        self
    }

    /// The same config ending on `end` (the last weekday on or before it).
    pub fn with_end(mut self, end: NaiveDate) -> Self {
        self.end = end;
        self
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The first date.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last date.
    pub fn end(&self) -> NaiveDate {
        self.end
    }
}

/// One generated CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticFile {
    /// The file name, matching a [`super::Dataset`] pattern
    /// (`us_treasury_par_yield_curve_synthetic.csv`, …).
    pub name: &'static str,
    /// The CSV text.
    pub contents: String,
    /// Data rows (header not counted).
    pub rows: usize,
}

/// The generator's output: the CSV files and the `MANIFEST.json` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticData {
    /// The files, in a fixed order.
    pub files: Vec<SyntheticFile>,
    /// The `MANIFEST.json` text (generator, seed, range, model notes, files).
    pub manifest: String,
}

impl SyntheticData {
    /// The file named `name`.
    pub fn file(&self, name: &str) -> Option<&SyntheticFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// The manifest written next to the fixtures.
#[derive(Debug, Serialize)]
struct Manifest {
    generator: String,
    seed: u64,
    synthetic: bool,
    warning: String,
    start: NaiveDate,
    end: NaiveDate,
    calendar: String,
    files: Vec<ManifestFile>,
}

/// One file in the manifest.
#[derive(Debug, Serialize)]
struct ManifestFile {
    name: String,
    rows: usize,
    description: String,
}

/// Generates the synthetic data set described in the module docs.
///
/// # Formula
/// ```text
/// y(τ) = L + S·(1 − e^(−λτ))/(λτ) + C·((1 − e^(−λτ))/(λτ) − e^(−λτ))     yields, percent
/// d_t  = (1 − κ)·d_{t−1} + η_t                                           factor deviations
/// ln V_t = ln V_{t−1} + κ·(ln μ − ln V_{t−1}) + σ·ε_t                     VIX, FX
/// ```
/// τ: maturity in months; λ: [`NS_LAMBDA_PER_MONTH`]; L, S, C: level, slope, curvature in
/// percent; κ: reversion per weekday; η, ε: normal shocks (see the module docs for every
/// parameter); V: index level or FX rate.
///
/// # Conventions
/// Weekdays only; yields in percent (par-yield style, as the files they imitate), floored at
/// 0.00 and rounded to 2 decimals; VIX to 2 decimals, FX to 4, the EUR short rate (percent)
/// to 3.
///
/// # References
/// Diebold & Li (2006), *Journal of Econometrics* 130, section 2 (dynamic Nelson–Siegel);
/// Nelson & Siegel (1987). Anchor levels: U.S. Treasury par yields, quarterly averages.
///
/// # Errors
/// [`DataError::BadParameter`] if `config.start()` is after `config.end()` or the range holds
/// no weekday.
///
/// # Examples
/// ```
/// use spreadtrade::data::{SyntheticConfig, generate_synthetic};
///
/// let data = generate_synthetic(&SyntheticConfig::default())?;
/// let ust = data.file("us_treasury_par_yield_curve_synthetic.csv").unwrap();
/// assert!(ust.contents.starts_with("date,m1,m1_5,m2,m3,m4,m6,y1,y2,y3,y5,y7,y10,y20,y30\n"));
/// assert_eq!(data, generate_synthetic(&SyntheticConfig::default())?); // deterministic
/// # Ok::<(), spreadtrade::data::DataError>(())
/// ```
pub fn generate_synthetic(config: &SyntheticConfig) -> Result<SyntheticData, DataError> {
    let days = weekdays(config.start, config.end);
    if days.is_empty() {
        return Err(DataError::BadParameter {
            name: "start..end".to_owned(),
            expected: "a range holding at least one weekday".to_owned(),
            found: format!("{}..{}", config.start, config.end),
        });
    }
    let mut seeds = SplitMix64::new(config.seed);
    let files = vec![
        ust_curve(&days, seeds.next_u64()),
        cgb_curve(&days, seeds.next_u64()),
        vix(&days, seeds.next_u64()),
        fx(&days, seeds.next_u64(), &EURUSD),
        fx(&days, seeds.next_u64(), &USDCNY),
        eur_short_rate(&days, seeds.next_u64()),
    ];
    let manifest = Manifest {
        generator: SYNTHETIC_GENERATOR.to_owned(),
        seed: config.seed,
        synthetic: true,
        warning: "SYNTHETIC DATA made by a model: not market data; label every result built from it as synthetic".to_owned(),
        start: config.start,
        end: config.end,
        calendar: "every weekday (Monday-Friday); exchange calendars decide trading days".to_owned(),
        files: files
            .iter()
            .map(|(file, description)| ManifestFile {
                name: file.name.to_owned(),
                rows: file.rows,
                description: (*description).to_owned(),
            })
            .collect(),
    };
    let mut manifest_text =
        serde_json::to_string_pretty(&manifest).map_err(|e| DataError::BadParameter {
            name: "manifest".to_owned(),
            expected: "a manifest that serialises to JSON".to_owned(),
            found: e.to_string(),
        })?;
    manifest_text.push('\n');
    Ok(SyntheticData {
        files: files.into_iter().map(|(f, _)| f).collect(),
        manifest: manifest_text,
    })
}

fn weekdays(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut d = start;
    while d <= end {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            days.push(d);
        }
        let Some(next) = d.checked_add_signed(Duration::days(1)) else {
            break;
        };
        d = next;
    }
    days
}

/// Appends formatted text to a CSV buffer.
fn put(out: &mut String, args: std::fmt::Arguments<'_>) {
    // Writing into a String cannot fail.
    let _ = out.write_fmt(args);
}

/// `,value` rounded to `dp` decimals, with no negative zero.
fn put_fixed(out: &mut String, value: f64, dp: usize) {
    let scale = 10f64.powi(i32::try_from(dp).unwrap_or(0));
    let mut rounded = (value * scale).round() / scale;
    if rounded == 0.0 {
        rounded = 0.0;
    }
    put(out, format_args!(",{rounded:.dp$}"));
}

/// The Nelson–Siegel slope and curvature loadings at `tau_months` (1 and 0 at τ = 0).
fn ns_loadings(tau_months: f64) -> (f64, f64) {
    if tau_months <= 0.0 {
        return (1.0, 0.0);
    }
    let x = NS_LAMBDA_PER_MONTH * tau_months;
    // 1 − e^(−x) as −expm1(−x): exact for small x, where 1 − e^(−x) would cancel.
    let slope = -(-x).exp_m1() / x;
    (slope, slope - (-x).exp())
}

/// Daily shocks and reversion of a dynamic Nelson–Siegel curve.
struct NsDynamics {
    /// Level shock a (percent per weekday).
    level_shock: f64,
    /// Slope shock b, on top of −a (percent per weekday).
    slope_shock: f64,
    /// Curvature shock c (percent per weekday).
    curvature_shock: f64,
    /// Reversion κ per weekday.
    reversion: f64,
}

const UST_DYNAMICS: NsDynamics = NsDynamics {
    level_shock: 0.065,
    slope_shock: 0.03,
    curvature_shock: 0.12,
    reversion: 0.025,
};

const CGB_DYNAMICS: NsDynamics = NsDynamics {
    level_shock: 0.03,
    slope_shock: 0.02,
    curvature_shock: 0.06,
    reversion: 0.008,
};

/// Quarterly averages of the U.S. Treasury par yields, percent, rounded to 0.1%:
/// (year, quarter, 3M, 2Y, 10Y). Computed from the Treasury's daily par curve
/// (public domain) for 2018 Q1 – 2025 Q2.
const UST_ANCHORS: [(i32, u32, f64, f64, f64); 30] = [
    (2018, 1, 1.6, 2.2, 2.8),
    (2018, 2, 1.9, 2.5, 2.9),
    (2018, 3, 2.1, 2.7, 2.9),
    (2018, 4, 2.4, 2.8, 3.0),
    (2019, 1, 2.4, 2.5, 2.7),
    (2019, 2, 2.4, 2.1, 2.3),
    (2019, 3, 2.0, 1.7, 1.8),
    (2019, 4, 1.6, 1.6, 1.8),
    (2020, 1, 1.1, 1.1, 1.4),
    (2020, 2, 0.1, 0.2, 0.7),
    (2020, 3, 0.1, 0.1, 0.7),
    (2020, 4, 0.1, 0.1, 0.9),
    (2021, 1, 0.1, 0.1, 1.3),
    (2021, 2, 0.0, 0.2, 1.6),
    (2021, 3, 0.0, 0.2, 1.3),
    (2021, 4, 0.1, 0.5, 1.5),
    (2022, 1, 0.3, 1.5, 2.0),
    (2022, 2, 1.1, 2.7, 2.9),
    (2022, 3, 2.8, 3.4, 3.1),
    (2022, 4, 4.2, 4.4, 3.8),
    (2023, 1, 4.8, 4.3, 3.6),
    (2023, 2, 5.3, 4.3, 3.6),
    (2023, 3, 5.5, 4.9, 4.1),
    (2023, 4, 5.5, 4.8, 4.4),
    (2024, 1, 5.5, 4.5, 4.2),
    (2024, 2, 5.5, 4.8, 4.4),
    (2024, 3, 5.2, 4.0, 4.0),
    (2024, 4, 4.6, 4.1, 4.3),
    (2025, 1, 4.3, 4.1, 4.5),
    (2025, 2, 4.4, 3.9, 4.4),
];

/// CGB factor means (L, S, C), percent.
const CGB_MEANS: [f64; 3] = [3.4, -1.2, -0.4];

/// The U.S. Treasury columns and the first date each was published (None: before 2018).
/// A calendar date as (year, month, day).
type Ymd = (i32, u32, u32);

const UST_COLUMNS: [(&str, Tenor, Option<Ymd>); 14] = [
    ("m1", Tenor::Months(1), None),
    ("m1_5", Tenor::Weeks(6), Some((2025, 2, 18))),
    ("m2", Tenor::Months(2), Some((2018, 10, 16))),
    ("m3", Tenor::Months(3), None),
    ("m4", Tenor::Months(4), Some((2022, 10, 19))),
    ("m6", Tenor::Months(6), None),
    ("y1", Tenor::Years(1), None),
    ("y2", Tenor::Years(2), None),
    ("y3", Tenor::Years(3), None),
    ("y5", Tenor::Years(5), None),
    ("y7", Tenor::Years(7), None),
    ("y10", Tenor::Years(10), None),
    ("y20", Tenor::Years(20), None),
    ("y30", Tenor::Years(30), None),
];

/// The ChinaBond columns.
const CGB_COLUMNS: [(&str, Tenor); 21] = [
    ("d0", Tenor::Days(0)),
    ("m1", Tenor::Months(1)),
    ("m2", Tenor::Months(2)),
    ("m3", Tenor::Months(3)),
    ("m6", Tenor::Months(6)),
    ("m9", Tenor::Months(9)),
    ("y1", Tenor::Years(1)),
    ("y2", Tenor::Years(2)),
    ("y3", Tenor::Years(3)),
    ("y4", Tenor::Years(4)),
    ("y5", Tenor::Years(5)),
    ("y6", Tenor::Years(6)),
    ("y7", Tenor::Years(7)),
    ("y8", Tenor::Years(8)),
    ("y9", Tenor::Years(9)),
    ("y10", Tenor::Years(10)),
    ("y15", Tenor::Years(15)),
    ("y20", Tenor::Years(20)),
    ("y30", Tenor::Years(30)),
    ("y40", Tenor::Years(40)),
    ("y50", Tenor::Years(50)),
];

/// Solves the 3×3 system `a · x = b` by Cramer's rule.
fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    if d.abs() < f64::EPSILON {
        return None;
    }
    let mut x = [0.0; 3];
    for (col, xi) in x.iter_mut().enumerate() {
        let mut m = a;
        for (row, bi) in b.iter().enumerate() {
            m[row][col] = *bi;
        }
        *xi = det(m) / d;
    }
    Some(x)
}

/// The (L, S, C) that reproduce given 3M, 2Y and 10Y yields.
fn factors_through(m3: f64, y2: f64, y10: f64) -> [f64; 3] {
    let row = |months: f64| {
        let (s, c) = ns_loadings(months);
        [1.0, s, c]
    };
    solve3([row(3.0), row(24.0), row(120.0)], [m3, y2, y10])
        .expect("the Nelson-Siegel loadings at 3M, 2Y and 10Y are linearly independent")
}

/// The factor mean path of the U.S. curve on each day: linear between quarter middles.
fn ust_mean_path(days: &[NaiveDate]) -> Vec<[f64; 3]> {
    let anchors: Vec<(NaiveDate, [f64; 3])> = UST_ANCHORS
        .iter()
        .filter_map(|&(y, q, m3, y2, y10)| {
            let mid = NaiveDate::from_ymd_opt(y, 3 * q - 1, 15)?;
            Some((mid, factors_through(m3, y2, y10)))
        })
        .collect();
    days.iter().map(|&d| interpolate(&anchors, d)).collect()
}

/// Linear interpolation in time between anchors, flat outside them.
fn interpolate<const N: usize>(anchors: &[(NaiveDate, [f64; N])], day: NaiveDate) -> [f64; N] {
    let Some(&(first_day, first)) = anchors.first() else {
        return [0.0; N];
    };
    if day <= first_day {
        return first;
    }
    for w in anchors.windows(2) {
        let ((d0, v0), (d1, v1)) = (w[0], w[1]);
        if day <= d1 {
            let span = (d1 - d0).num_days() as f64;
            let t = if span > 0.0 {
                (day - d0).num_days() as f64 / span
            } else {
                1.0
            };
            let mut out = [0.0; N];
            for (o, (a, b)) in out.iter_mut().zip(v0.iter().zip(v1.iter())) {
                *o = a + t * (b - a);
            }
            return out;
        }
    }
    anchors.last().map_or(first, |&(_, v)| v)
}

/// Runs the factor deviations over `means` and returns (L, S, C) per day.
fn ns_factors(means: &[[f64; 3]], dynamics: &NsDynamics, seed: u64) -> Vec<[f64; 3]> {
    let mut normals = NormalStream::new(seed);
    let mut dev = [0.0f64; 3];
    let keep = 1.0 - dynamics.reversion;
    means
        .iter()
        .enumerate()
        .map(|(t, mean)| {
            let (e1, e2, e3) = (
                normals.next_normal(),
                normals.next_normal(),
                normals.next_normal(),
            );
            if t > 0 {
                let level = dynamics.level_shock * e1;
                dev[0] = keep * dev[0] + level;
                dev[1] = keep * dev[1] - level + dynamics.slope_shock * e2;
                dev[2] = keep * dev[2] + dynamics.curvature_shock * e3;
            }
            [mean[0] + dev[0], mean[1] + dev[1], mean[2] + dev[2]]
        })
        .collect()
}

fn ns_yield(factors: &[f64; 3], tenor: Tenor) -> f64 {
    let (s, c) = ns_loadings(tenor.years() * 12.0);
    (factors[0] + s * factors[1] + c * factors[2]).max(0.0)
}

fn ust_curve(days: &[NaiveDate], seed: u64) -> (SyntheticFile, &'static str) {
    let factors = ns_factors(&ust_mean_path(days), &UST_DYNAMICS, seed);
    let mut out = String::from("date");
    for (name, _, _) in UST_COLUMNS {
        put(&mut out, format_args!(",{name}"));
    }
    out.push('\n');
    for (day, f) in days.iter().zip(&factors) {
        put(&mut out, format_args!("{day}"));
        for (_, tenor, since) in UST_COLUMNS {
            let published = since
                .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .is_none_or(|first| *day >= first);
            if published {
                put_fixed(&mut out, ns_yield(f, tenor), 2);
            } else {
                out.push(',');
            }
        }
        out.push('\n');
    }
    (
        SyntheticFile {
            name: "us_treasury_par_yield_curve_synthetic.csv",
            contents: out,
            rows: days.len(),
        },
        "SYNTHETIC U.S. Treasury par curve (percent): dynamic Nelson-Siegel around quarterly averages of the published curve",
    )
}

fn cgb_curve(days: &[NaiveDate], seed: u64) -> (SyntheticFile, &'static str) {
    let means = vec![CGB_MEANS; days.len()];
    let factors = ns_factors(&means, &CGB_DYNAMICS, seed);
    let mut out = String::from("date");
    for (name, _) in CGB_COLUMNS {
        put(&mut out, format_args!(",{name}"));
    }
    out.push('\n');
    for (day, f) in days.iter().zip(&factors) {
        put(&mut out, format_args!("{day}"));
        for (_, tenor) in CGB_COLUMNS {
            put_fixed(&mut out, ns_yield(f, tenor), 2);
        }
        out.push('\n');
    }
    (
        SyntheticFile {
            name: "china_govt_bond_yield_curve_synthetic.csv",
            contents: out,
            rows: days.len(),
        },
        "SYNTHETIC CGB yield curve (percent, ChinaBond columns): dynamic Nelson-Siegel with constant means",
    )
}

/// A log-OU path: `x_t = x_{t−1} + κ (ln μ − x_{t−1}) + σ ε_t`, `x_0 = ln start`.
fn log_ou(
    normals: &mut NormalStream,
    n: usize,
    start: f64,
    mean: f64,
    kappa: f64,
    sigma: f64,
) -> Vec<f64> {
    let target = mean.ln();
    let mut x = start.ln();
    (0..n)
        .map(|t| {
            let e = normals.next_normal();
            if t > 0 {
                x += kappa * (target - x) + sigma * e;
            }
            x.exp()
        })
        .collect()
}

fn vix(days: &[NaiveDate], seed: u64) -> (SyntheticFile, &'static str) {
    const MEAN: f64 = 17.5;
    const REVERSION_PER_DAY: f64 = 0.04;
    const LOG_SHOCK: f64 = 0.075;
    const GAP_SHOCK: f64 = 0.03;
    const RANGE_SHOCK: f64 = 0.04;
    let mut normals = NormalStream::new(seed);
    let closes = log_ou(
        &mut normals,
        days.len(),
        MEAN,
        MEAN,
        REVERSION_PER_DAY,
        LOG_SHOCK,
    );
    let mut out = String::from("date,open,high,low,close\n");
    let mut previous = MEAN;
    for (day, &close) in days.iter().zip(&closes) {
        let open = previous * (GAP_SHOCK * normals.next_normal()).exp();
        let high = open.max(close) * (RANGE_SHOCK * normals.next_normal().abs()).exp();
        let low = open.min(close) * (-RANGE_SHOCK * normals.next_normal().abs()).exp();
        put(&mut out, format_args!("{day}"));
        for v in [open, high, low, close] {
            put_fixed(&mut out, v, 2);
        }
        out.push('\n');
        previous = close;
    }
    (
        SyntheticFile {
            name: "vix_index_synthetic.csv",
            contents: out,
            rows: days.len(),
        },
        "SYNTHETIC VIX-like index (points, OHLC): log-Ornstein-Uhlenbeck",
    )
}

/// A log-OU exchange-rate file.
struct FxModel {
    name: &'static str,
    column: &'static str,
    description: &'static str,
    start: f64,
    mean: f64,
    /// Reversion per weekday.
    reversion: f64,
    /// Log shock per weekday.
    shock: f64,
}

/// 261 weekdays a year turn annual parameters into daily ones.
const WEEKDAYS_PER_YEAR: f64 = 261.0;

const EURUSD: FxModel = FxModel {
    name: "eurusd_synthetic.csv",
    column: "usd_per_eur",
    description: "SYNTHETIC EUR/USD (US dollars per euro): log-Ornstein-Uhlenbeck",
    start: 1.20,
    mean: 1.13,
    reversion: 0.3 / WEEKDAYS_PER_YEAR,
    shock: 0.0045,
};

const USDCNY: FxModel = FxModel {
    name: "usdcny_synthetic.csv",
    column: "cny_per_usd",
    description: "SYNTHETIC USD/CNY (yuan per US dollar): log-Ornstein-Uhlenbeck",
    start: 6.50,
    mean: 6.85,
    reversion: 0.3 / WEEKDAYS_PER_YEAR,
    shock: 0.0025,
};

fn fx(days: &[NaiveDate], seed: u64, model: &FxModel) -> (SyntheticFile, &'static str) {
    let mut normals = NormalStream::new(seed);
    let rates = log_ou(
        &mut normals,
        days.len(),
        model.start,
        model.mean,
        model.reversion,
        model.shock,
    );
    let mut out = format!("date,{}\n", model.column);
    for (day, &rate) in days.iter().zip(&rates) {
        put(&mut out, format_args!("{day}"));
        put_fixed(&mut out, rate, 4);
        out.push('\n');
    }
    (
        SyntheticFile {
            name: model.name,
            contents: out,
            rows: days.len(),
        },
        model.description,
    )
}

/// The hand-drawn mean path of the EUR short rate, percent.
const EUR_RATE_PATH: [((i32, u32, u32), f64); 9] = [
    ((2018, 1, 2), -0.45),
    ((2019, 9, 13), -0.45),
    ((2019, 9, 20), -0.55),
    ((2022, 7, 22), -0.55),
    ((2022, 9, 16), 0.65),
    ((2023, 9, 22), 3.90),
    ((2024, 6, 7), 3.90),
    ((2025, 6, 13), 1.92),
    ((2025, 12, 31), 1.92),
];

fn eur_short_rate(days: &[NaiveDate], seed: u64) -> (SyntheticFile, &'static str) {
    const REVERSION_PER_DAY: f64 = 0.2;
    const SHOCK: f64 = 0.01;
    let anchors: Vec<(NaiveDate, [f64; 1])> = EUR_RATE_PATH
        .iter()
        .filter_map(|&((y, m, d), v)| Some((NaiveDate::from_ymd_opt(y, m, d)?, [v])))
        .collect();
    let mut normals = NormalStream::new(seed);
    let mut dev = 0.0;
    let mut out = String::from("date,rate_pct\n");
    for (t, day) in days.iter().enumerate() {
        let e = normals.next_normal();
        if t > 0 {
            dev = (1.0 - REVERSION_PER_DAY) * dev + SHOCK * e;
        }
        let [mean] = interpolate(&anchors, *day);
        put(&mut out, format_args!("{day}"));
        put_fixed(&mut out, mean + dev, 3);
        out.push('\n');
    }
    (
        SyntheticFile {
            name: "eur_short_rate_synthetic.csv",
            contents: out,
            rows: days.len(),
        },
        "SYNTHETIC EUR overnight rate (percent): hand-drawn mean path plus AR(1) noise",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loadings_match_diebold_li_limits() {
        assert_eq!(ns_loadings(0.0), (1.0, 0.0));
        let (s, c) = ns_loadings(1e-9);
        assert!((s - 1.0).abs() < 1e-9 && c.abs() < 1e-9);
        // Diebold & Li (2006, section 2.1) pick λ = 0.0609 so that the curvature loading
        // peaks at "30 months": its maximum is at λτ ≈ 1.793, τ ≈ 29.4 months.
        let peak = (1..=120)
            .map(|m| (m, ns_loadings(f64::from(m)).1))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap()
            .0;
        assert_eq!(peak, 29);
    }

    #[test]
    fn anchors_are_reproduced_by_their_factors() {
        let f = factors_through(5.5, 4.5, 4.2);
        for (months, want) in [(3.0, 5.5), (24.0, 4.5), (120.0, 4.2)] {
            let (s, c) = ns_loadings(months);
            assert!((f[0] + s * f[1] + c * f[2] - want).abs() < 1e-9);
        }
    }

    #[test]
    fn weekdays_skip_weekends_and_empty_ranges_are_rejected() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(weekdays(d(2024, 3, 15), d(2024, 3, 18)).len(), 2);
        let cfg = SyntheticConfig::default()
            .with_start(d(2024, 3, 16))
            .with_end(d(2024, 3, 17));
        assert!(matches!(
            generate_synthetic(&cfg),
            Err(DataError::BadParameter { .. })
        ));
    }

    #[test]
    fn no_negative_zero_in_output() {
        let mut s = String::new();
        put_fixed(&mut s, -0.0004, 3);
        put_fixed(&mut s, -0.004, 2);
        put_fixed(&mut s, 4.125, 2);
        assert_eq!(s, ",0.000,0.00,4.13");
    }
}
