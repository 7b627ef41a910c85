//! Integration tests for the `metrics` area: the reference sweep's published figures, the
//! deflated Sharpe paper's example, hand-worked series, and property tests (online equals
//! batch, scaling invariance, drawdown bounds, no NaN from any finite input, bad input
//! reported with its day).

use proptest::prelude::*;
use spreadtrade::backtest::reference;
use spreadtrade::metrics::{
    Annualization, DAILY_252, Exposure, ExposureSeries, MAX_ABS_OBSERVATION, MetricsError,
    PerformanceAccumulator, PerformanceSummary, PnlSeries, SeriesKind, SharpeEstimate,
    StdConvention, SummaryConfig, SweepAccumulator, Turnover, expected_max_sharpe,
    trial_sharpe_variance,
};
use spreadtrade::tolerance::{
    METRICS_HAND_ABS, METRICS_ONLINE_HIGHER_MOMENT_TOL, METRICS_ONLINE_MOMENT_REL,
    METRICS_PUBLISHED_4DP_ABS, METRICS_PUBLISHED_6DP_ABS,
};

// ---------------------------------------------------------------- the reference sweep

/// Positions of the reference sweep's z-score state machine (`bench/SWEEP.md`), written out
/// here independently of the library's strategy code: rolling mean and population standard
/// deviation over the last `window` observations from running sums, as the numba peer does.
fn zscore_positions(s: &[f64], window: usize, entry: f64) -> Vec<f64> {
    const EXIT: f64 = 0.25;
    let l = window as f64;
    let (mut s1, mut s2, mut pos) = (0.0, 0.0, 0.0);
    let mut out = Vec::with_capacity(s.len());
    for (t, &x) in s.iter().enumerate() {
        s1 += x;
        s2 += x * x;
        if t >= window {
            let y = s[t - window];
            s1 -= y;
            s2 -= y * y;
        }
        if t + 1 >= window {
            let m = s1 / l;
            let v = s2 / l - m * m;
            if v > 0.0 {
                let z = (x - m) / v.sqrt();
                if pos == 0.0 {
                    if z > entry {
                        pos = -1.0;
                    } else if z < -entry {
                        pos = 1.0;
                    }
                } else if (pos < 0.0 && z < EXIT) || (pos > 0.0 && z > -EXIT) {
                    pos = 0.0;
                }
            }
        }
        out.push(pos);
    }
    out
}

/// Daily P&L and contracts traded: `pos[t−1]·(s[t] − s[t−1]) − 0.10·|pos[t] − pos[t−1]|`.
fn sweep_pnl(s: &[f64], pos: &[f64]) -> (Vec<f64>, Vec<f64>) {
    const COST: f64 = 0.10;
    let mut prev = 0.0;
    let mut pnl = Vec::with_capacity(s.len());
    let mut traded = Vec::with_capacity(s.len());
    for t in 0..s.len() {
        let ds = if t > 0 { s[t] - s[t - 1] } else { 0.0 };
        let change = (pos[t] - prev).abs();
        pnl.push(prev * ds - COST * change);
        traded.push(change);
        prev = pos[t];
    }
    (pnl, traded)
}

#[test]
fn reproduces_the_reference_sweep_l20_k2_figures() {
    // tests/data/reference_sweep.json (bench/SWEEP.md, "Results every implementation must
    // reproduce"): L = 20, k = 2.0 gives total 239.037775, Sharpe 0.375766, max drawdown
    // 74.150084, 400 position changes (numpy and numba peers agree).
    let golden = crate::support::golden("reference_sweep.json");
    let want = &golden["results"]["l20_k2"];
    let (total, sharpe, mdd) = (
        want["total_pnl"].as_f64().unwrap(),
        want["sharpe"].as_f64().unwrap(),
        want["max_drawdown"].as_f64().unwrap(),
    );
    let changes = usize::try_from(want["position_changes"].as_u64().unwrap()).unwrap();
    let window = usize::try_from(want["window"].as_u64().unwrap()).unwrap();
    let s = reference::series();
    let pos = zscore_positions(&s, window, want["entry"].as_f64().unwrap());
    let (pnl, traded) = sweep_pnl(&s, &pos);

    let mut core = SweepAccumulator::new();
    let mut full = PerformanceAccumulator::new();
    for (&x, &c) in pnl.iter().zip(&traded) {
        core.push(x);
        full.push_with_exposure(
            x,
            Exposure {
                abs_dv01: 1.0,
                contracts_traded: c,
            },
        );
    }
    let stats = core.finish(DAILY_252).unwrap();
    assert_eq!(stats.days, 5_000);
    assert!(
        (stats.total_pnl - total).abs() < METRICS_PUBLISHED_6DP_ABS,
        "{stats:?}"
    );
    assert!(
        (stats.sharpe - sharpe).abs() < METRICS_PUBLISHED_6DP_ABS,
        "{stats:?}"
    );
    assert!(
        (stats.max_drawdown - mdd).abs() < METRICS_PUBLISHED_6DP_ABS,
        "{stats:?}"
    );

    // The batch path and the full accumulator give the same figures.
    let series = PnlSeries::new(&pnl).unwrap();
    assert_eq!(series.total(), stats.total_pnl);
    assert!((series.sharpe_or_zero(DAILY_252) - sharpe).abs() < METRICS_PUBLISHED_6DP_ABS);
    assert_eq!(
        series.max_drawdown().map(|d| d.depth),
        Some(stats.max_drawdown)
    );
    let cfg = SummaryConfig::new(DAILY_252).with_std_convention(StdConvention::Population);
    let summary = full.finish_with(&cfg).unwrap();
    assert!((summary.sharpe.unwrap() - sharpe).abs() < METRICS_PUBLISHED_6DP_ABS);
    assert_eq!(
        summary.max_drawdown.map(|d| d.depth),
        Some(stats.max_drawdown)
    );

    // Position changes: 400, from the positions and from the traded lots alike.
    let turnover = Turnover::from_positions(&pos, DAILY_252).unwrap();
    assert_eq!(turnover.trading_days, changes);
    assert_eq!(summary.turnover, Some(turnover));
}

#[test]
fn sweep_sharpe_is_zero_for_a_strategy_that_never_trades() {
    // bench/SWEEP.md: "Sharpe … 0 if std is 0". A window longer than the series never trades.
    let s = &reference::series()[..50];
    let pos = zscore_positions(s, 100, 2.0);
    let (pnl, _) = sweep_pnl(s, &pos);
    let mut core = SweepAccumulator::new();
    pnl.iter().for_each(|&x| core.push(x));
    let stats = core.finish(DAILY_252).unwrap();
    assert_eq!(
        (stats.sharpe, stats.max_drawdown, stats.total_pnl),
        (0.0, 0.0, 0.0)
    );
    // The library's own figures say "undefined" instead.
    let series = PnlSeries::new(&pnl).unwrap();
    assert_eq!(series.sharpe(DAILY_252, StdConvention::Population), None);
    assert_eq!(series.max_drawdown(), None);
    assert_eq!(core.sharpe(DAILY_252, StdConvention::Population), None);
}

// ---------------------------------------------------------------- real data

/// The 10-year par yield in whole basis points per published day, from the real Treasury
/// file (`../shared/data`); quoted to 2 decimals of a percent, so exact as integers.
fn ten_year_yields_bp(dir: &std::path::Path) -> Vec<(String, i64)> {
    let mut rdr =
        csv::Reader::from_path(dir.join("us_treasury_par_yield_curve_daily.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "y10").unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let pct: f64 = r[col].parse().unwrap();
            (r[0].to_owned(), (pct * 100.0).round() as i64)
        })
        .collect()
}

#[test]
fn long_ten_year_duration_on_real_treasury_yields() {
    // A book long $1 per bp of 10-year DV01, held 1990-01-02 .. 2025-07-11: its daily P&L is
    // −Δy10 in bp, an exact integer, so every sum below is exact.
    let Some(dir) = crate::support::real_data_dir() else {
        return;
    };
    let y = ten_year_yields_bp(&dir);
    let pnl: Vec<f64> = y.windows(2).map(|w| (w[0].1 - w[1].1) as f64).collect();
    let series = PnlSeries::new(&pnl).unwrap();
    assert_eq!(series.len(), 8_886);

    // Total: the yield moves telescope to −(last − first).
    let (first, last) = (y[0].1, y[y.len() - 1].1);
    assert_eq!(series.total(), (first - last) as f64);

    // Max drawdown, computed independently on the yields: the largest rise of the 10-year
    // yield above its running low, where the low starts at the first day's level (the P&L
    // running peak starting at 0) and moves on new-or-equal lows.
    let (mut low, mut low_at, mut best) = (first, 0usize, (0i64, 0usize, 0usize));
    for (t, &(_, level)) in y.iter().enumerate().skip(1) {
        if level <= low {
            (low, low_at) = (level, t);
        }
        if level - low > best.0 {
            best = (level - low, low_at, t);
        }
    }
    let dd = series.max_drawdown().unwrap();
    assert_eq!(dd.depth, best.0 as f64);
    // P&L day k is the move into published day k + 1.
    assert_eq!(dd.peak_index.map(|k| k + 1), Some(best.1));
    assert_eq!(dd.trough_index + 1, best.2);
    // Treasury's published 10-year par yields: the record low close of 0.52 % on 2020-08-04
    // and 4.98 % on 2023-10-19 — a 446 bp drawdown, not made back by 2025-07-11.
    assert_eq!((y[best.1].0.as_str(), y[best.1].1), ("2020-08-04", 52));
    assert_eq!((y[best.2].0.as_str(), y[best.2].1), ("2023-10-19", 498));
    assert_eq!((dd.depth, dd.recovery_index), (446.0, None));
    assert_eq!(dd.duration_days, pnl.len() - 1 - dd.peak_index.unwrap());

    // Hit rate, counted on the yields: days the yield fell among days it moved.
    let fell = y.windows(2).filter(|w| w[1].1 < w[0].1).count();
    let moved = y.windows(2).filter(|w| w[1].1 != w[0].1).count();
    assert_eq!(series.hit_rate(), Some(fell as f64 / moved as f64));

    // Online equals batch on 35 years of real data.
    let mut acc = PerformanceAccumulator::new();
    for &x in &pnl {
        acc.push_with_exposure(
            x,
            Exposure {
                abs_dv01: 1.0,
                contracts_traded: 0.0,
            },
        );
    }
    let online = acc
        .finish_with(&SummaryConfig::new(DAILY_252).with_std_convention(StdConvention::Sample))
        .unwrap();
    assert_eq!(online.max_drawdown, Some(dd));
    assert_eq!(online.pnl_per_bp_dv01, Some(series.total()));
    assert!(rel_close(
        online.sharpe,
        series.sharpe(DAILY_252, StdConvention::Sample),
        METRICS_ONLINE_MOMENT_REL
    ));
}

// ---------------------------------------------------------------- deflated Sharpe ratio

#[test]
fn deflated_sharpe_paper_example_through_the_public_api() {
    // tests/data/deflated_sharpe_example.json: Bailey & López de Prado, "The Deflated Sharpe
    // Ratio", JPM 40(5), 2014, numerical example: best annual SR 2.5 over 5 years of daily data
    // (250 a year, T = 1250), N = 100 trials with annual-SR variance 1/2, skewness −3,
    // kurtosis 10 → SR₀ = 0.1132 per day, DSR = 0.9004 (published to 4 decimals).
    let golden = crate::support::golden("deflated_sharpe_example.json");
    let (i, o) = (&golden["inputs"], &golden["outputs"]);
    assert_eq!(golden["published_decimals"], 4);
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    let int = |v: &serde_json::Value| v.as_u64().unwrap();
    let year =
        Annualization::trading_days(u16::try_from(int(&i["periods_per_year"])).unwrap()).unwrap();
    let best = SharpeEstimate::new(
        year.deannualize_sharpe(num(&i["best_annual_sharpe"])),
        int(&i["observations"]),
        num(&i["skewness"]),
        num(&i["kurtosis"]),
    )
    .unwrap();
    let dsr = best
        .deflated_sharpe(
            int(&i["trials"]),
            year.deannualize_sharpe_variance(num(&i["trial_annual_sharpe_variance"])),
        )
        .unwrap()
        .unwrap();
    assert!(
        (dsr.expected_max_sharpe_per_period - num(&o["expected_max_sharpe_per_period"])).abs()
            < METRICS_PUBLISHED_4DP_ABS
    );
    assert!((dsr.probability - num(&o["deflated_sharpe"])).abs() < METRICS_PUBLISHED_4DP_ABS);
    // SR₀ annualised is about 1.79: well below the observed 2.5, yet the DSR is under 95 %.
    assert!((year.annualize_sharpe(dsr.expected_max_sharpe_per_period) - 1.79).abs() < 5e-3);
}

#[test]
fn deflated_sharpe_of_the_best_sweep_run_from_the_trials_sharpes() {
    // Hand-computed case: two runs with per-day Sharpe 0.0 and 0.2 (variance (0.1² + 0.1²)/1
    // = 0.02), the best one over T = 101 days with normal moments.
    //   SR₀ = √0.02 · [(1 − γ)·Z⁻¹(1/2) + γ·Z⁻¹(1 − 1/(2e))]
    //       = 0.141421356 · (0 + 0.577215665 · 0.900452597) = 0.073505
    //   v   = 1 + (3 − 1)/4 · 0.2² = 1.02
    //   z   = (0.2 − 0.073505) · √100 / √1.02 = 1.252492
    //   DSR = Φ(1.252492) = 0.894805  (Python statistics.NormalDist)
    let v = trial_sharpe_variance(&[0.0, 0.2]).unwrap().unwrap();
    assert!((v - 0.02).abs() < METRICS_HAND_ABS);
    let sr0 = expected_max_sharpe(2, v).unwrap();
    assert!((sr0 - 0.073_505).abs() < METRICS_PUBLISHED_6DP_ABS, "{sr0}");
    let best = SharpeEstimate::new(0.2, 101, 0.0, 3.0).unwrap();
    let dsr = best.deflated_sharpe(2, v).unwrap().unwrap();
    assert!(
        (dsr.probability - 0.894_805).abs() < METRICS_PUBLISHED_6DP_ABS,
        "{dsr:?}"
    );
}

// ---------------------------------------------------------------- hand-worked series

#[test]
fn hand_worked_series_through_the_summary() {
    // x = [1, −3, 2, 2, −1, −1, 4], n = 7, Σ = 4, x̄ = 4/7 = 0.571428571
    // deviations: 3/7, −25/7, 10/7, 10/7, −11/7, −11/7, 24/7; Σe² = (9+625+100+100+121+121+576)/49
    //   = 1652/49 = 33.714285714; sample s² = 33.714285714/6 = 5.619047619, s = 2.370453041
    // Sharpe per day (sample) = 0.571428571 / 2.370453041 = 0.241063021
    // t = 0.241063021 · √7 = 0.637792804
    // downside: (9 + 1 + 1)/7 = 1.571428571, DD = 1.253566341; Sortino/day = 0.455842306
    // C = 1, −2, 0, 2, 1, 0, 4; P = 1, 1, 1, 2, 2, 2, 4; D = 0, 3, 1, 0, 1, 2, 0
    //   MDD 3: peak day 0, trough day 1, recovered day 3 (C = 2 ≥ 1), duration 3
    // hit rate 4/7 (no zero day); profit factor 9/5 = 1.8
    // Calmar (per period) = x̄ / 3 = 0.190476190
    let days = [1.0, -3.0, 2.0, 2.0, -1.0, -1.0, 4.0];
    let pnl = PnlSeries::new(&days).unwrap();
    // The paper's figures use the sample standard deviation (the crate's default is population).
    let sample =
        SummaryConfig::new(Annualization::PerPeriod).with_std_convention(StdConvention::Sample);
    let s = PerformanceSummary::from_series(pnl, None, &sample).unwrap();
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < METRICS_HAND_ABS;
    assert_eq!(s.total_pnl, 4.0);
    assert!(close(s.mean_daily_pnl, 0.571_428_571));
    assert!(close(s.volatility, 2.370_453_041));
    assert!(close(s.sharpe, 0.241_063_021));
    assert!(close(s.t_stat, 0.637_792_804));
    assert!(close(s.sortino, 0.455_842_306));
    assert!(close(s.calmar, 0.190_476_190));
    assert!(close(s.hit_rate, 4.0 / 7.0));
    assert!(close(s.profit_factor, 1.8));
    let dd = s.max_drawdown.unwrap();
    assert_eq!(
        (dd.depth, dd.peak_index, dd.trough_index),
        (3.0, Some(0), 1)
    );
    assert_eq!(
        (
            dd.recovery_index,
            dd.duration_days,
            dd.peak_level,
            dd.trough_level
        ),
        (Some(3), 3, 1.0, -2.0)
    );

    // Annualised with 252 days: Sharpe × √252 = 3.826756825, Calmar × 252 = 48.
    let a = PerformanceSummary::from_series(
        pnl,
        None,
        &SummaryConfig::default().with_std_convention(StdConvention::Sample),
    )
    .unwrap();
    assert!(close(a.sharpe, 3.826_756_825));
    assert!(close(a.calmar, 48.0));
}

#[test]
fn summary_json_names_every_field() {
    let pnl = PnlSeries::new(&[1.0, -1.0, 2.0]).unwrap();
    let exposure = ExposureSeries::new(&[10.0, 10.0, 10.0], &[1.0, 0.0, 1.0]).unwrap();
    let s =
        PerformanceSummary::from_series(pnl, Some(exposure), &SummaryConfig::default()).unwrap();
    let json = serde_json::to_value(s).unwrap();
    for key in [
        "annualization",
        "std_convention",
        "days",
        "total_pnl",
        "mean_daily_pnl",
        "annualized_pnl",
        "volatility",
        "sharpe",
        "sortino",
        "max_drawdown",
        "calmar",
        "hit_rate",
        "profit_factor",
        "t_stat",
        "skewness",
        "kurtosis",
        "turnover",
        "pnl_per_bp_dv01",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["std_convention"], "population");
    assert_eq!(json["pnl_per_bp_dv01"], 0.2); // total 2 over mean DV01 10
    assert!(matches!(
        PerformanceSummary::from_series(
            pnl,
            Some(ExposureSeries::new(&[1.0], &[0.0]).unwrap()),
            &SummaryConfig::default()
        ),
        Err(MetricsError::LengthMismatch {
            expected: 3,
            found: 1,
            ..
        })
    ));
}

// ---------------------------------------------------------------- property tests

/// One day's P&L: zeros and small integers (ties, exact repeats, equal highs), everyday
/// amounts, tiny and large magnitudes.
fn pnl_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        3 => (-5i32..=5).prop_map(f64::from),
        4 => -1e4..1e4_f64,
        1 => -1e-6..1e-6_f64,
        1 => -1e9..1e9_f64,
    ]
}

/// A P&L series of 0 to 200 days, or a constant one.
fn pnl_series() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        6 => prop::collection::vec(pnl_value(), 0..200),
        1 => (pnl_value(), 1usize..50).prop_map(|(x, n)| vec![x; n]),
    ]
}

/// Any finite value the library accepts, across the whole range including subnormals.
fn accepted_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        -MAX_ABS_OBSERVATION..MAX_ABS_OBSERVATION,
        -1.0..1.0_f64,
        prop::num::f64::SUBNORMAL,
        prop::num::f64::ZERO,
        -1e-300..1e-300_f64,
        Just(MAX_ABS_OBSERVATION),
        Just(-MAX_ABS_OBSERVATION),
    ]
}

/// A day of P&L with its exposure: DV01 0 or positive, integer signed positions.
fn day_with_position() -> impl Strategy<Value = (f64, f64, f64)> {
    (
        pnl_value(),
        prop_oneof![Just(0.0), 0.0..1e6_f64],
        (-4i32..=4).prop_map(f64::from),
    )
}

fn rel_close(a: Option<f64>, b: Option<f64>, rel: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= rel * a.abs().max(b.abs()),
        (None, None) => true,
        _ => false,
    }
}

fn moment_close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= METRICS_ONLINE_HIGHER_MOMENT_TOL * b.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn all_finite(s: &PerformanceSummary) -> bool {
    let opts = [
        s.mean_daily_pnl,
        s.annualized_pnl,
        s.volatility,
        s.sharpe,
        s.sortino,
        s.calmar,
        s.hit_rate,
        s.profit_factor,
        s.t_stat,
        s.skewness,
        s.kurtosis,
        s.pnl_per_bp_dv01,
    ];
    s.total_pnl.is_finite()
        && opts.iter().flatten().all(|v| v.is_finite())
        && s.max_drawdown
            .is_none_or(|d| d.depth.is_finite() && d.depth > 0.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn online_summary_equals_batch_summary(
        days in prop::collection::vec(day_with_position(), 0..200),
        population in any::<bool>(),
    ) {
        let pnl: Vec<f64> = days.iter().map(|d| d.0).collect();
        let dv01: Vec<f64> = days.iter().map(|d| d.1).collect();
        let positions: Vec<f64> = days.iter().map(|d| d.2).collect();
        let mut prev = 0.0;
        let traded: Vec<f64> = positions.iter().map(|&p| { let c = (p - prev).abs(); prev = p; c }).collect();

        let conv = if population { StdConvention::Population } else { StdConvention::Sample };
        let cfg = SummaryConfig::new(DAILY_252).with_std_convention(conv);
        let mut acc = PerformanceAccumulator::new();
        for i in 0..pnl.len() {
            acc.push_with_exposure(pnl[i], Exposure { abs_dv01: dv01[i], contracts_traded: traded[i] });
        }
        let online = acc.finish_with(&cfg).unwrap();
        let series = PnlSeries::new(&pnl).unwrap();
        let exposure = ExposureSeries::new(&dv01, &traded).unwrap();
        let batch = PerformanceSummary::from_series(series, Some(exposure), &cfg).unwrap();

        // Identical: same operations in the same order.
        prop_assert_eq!(online.days, batch.days);
        prop_assert_eq!(online.total_pnl, batch.total_pnl);
        prop_assert_eq!(online.mean_daily_pnl, batch.mean_daily_pnl);
        prop_assert_eq!(online.annualized_pnl, batch.annualized_pnl);
        prop_assert_eq!(online.sortino, batch.sortino);
        prop_assert_eq!(online.max_drawdown, batch.max_drawdown);
        prop_assert_eq!(online.calmar, batch.calmar);
        prop_assert_eq!(online.hit_rate, batch.hit_rate);
        prop_assert_eq!(online.profit_factor, batch.profit_factor);
        prop_assert_eq!(online.turnover, batch.turnover);
        prop_assert_eq!(online.pnl_per_bp_dv01, batch.pnl_per_bp_dv01);
        prop_assert_eq!(batch.turnover, Some(Turnover::from_positions(&positions, DAILY_252).unwrap()));
        // Within the named tolerances: one-pass vs two-pass moments.
        prop_assert!(rel_close(online.volatility, batch.volatility, METRICS_ONLINE_MOMENT_REL), "{:?} {:?}", online.volatility, batch.volatility);
        prop_assert!(rel_close(online.sharpe, batch.sharpe, METRICS_ONLINE_MOMENT_REL), "{:?} {:?}", online.sharpe, batch.sharpe);
        prop_assert!(rel_close(online.t_stat, batch.t_stat, METRICS_ONLINE_MOMENT_REL), "{:?} {:?}", online.t_stat, batch.t_stat);
        prop_assert!(moment_close(online.skewness, batch.skewness), "{:?} {:?}", online.skewness, batch.skewness);
        prop_assert!(moment_close(online.kurtosis, batch.kurtosis), "{:?} {:?}", online.kurtosis, batch.kurtosis);
    }

    #[test]
    fn sweep_core_equals_batch(pnl in pnl_series()) {
        let mut core = SweepAccumulator::new();
        pnl.iter().for_each(|&x| core.push(x));
        let stats = core.finish(DAILY_252).unwrap();
        let series = PnlSeries::new(&pnl).unwrap();
        prop_assert_eq!(stats.total_pnl, series.total());
        prop_assert_eq!(stats.max_drawdown, series.max_drawdown().map_or(0.0, |d| d.depth));
        prop_assert_eq!(core.max_drawdown(), series.max_drawdown().map(|d| d.depth));
        let batch = series.sharpe_or_zero(DAILY_252);
        prop_assert!((stats.sharpe - batch).abs() <= METRICS_ONLINE_MOMENT_REL * batch.abs(), "{} {}", stats.sharpe, batch);
        prop_assert_eq!(stats.sharpe == 0.0, batch == 0.0);
        prop_assert!(rel_close(core.sharpe(DAILY_252, StdConvention::Sample), series.sharpe(DAILY_252, StdConvention::Sample), METRICS_ONLINE_MOMENT_REL));
    }

    #[test]
    fn ratios_are_identical_under_power_of_two_scaling(pnl in pnl_series(), k in -20i32..=20) {
        // Multiplying by 2^k is exact in binary floating point, so every sum scales exactly
        // and every ratio is unchanged bit for bit.
        let scale = 2f64.powi(k);
        let scaled: Vec<f64> = pnl.iter().map(|&x| x * scale).collect();
        let a = PnlSeries::new(&pnl).unwrap();
        let b = PnlSeries::new(&scaled).unwrap();
        for conv in [StdConvention::Sample, StdConvention::Population] {
            prop_assert_eq!(a.sharpe(DAILY_252, conv), b.sharpe(DAILY_252, conv));
        }
        prop_assert_eq!(a.sortino(DAILY_252), b.sortino(DAILY_252));
        prop_assert_eq!(a.calmar(DAILY_252), b.calmar(DAILY_252));
        prop_assert_eq!(a.t_stat(), b.t_stat());
        prop_assert_eq!(a.profit_factor(), b.profit_factor());
        prop_assert_eq!(a.hit_rate(), b.hit_rate());
        prop_assert_eq!(a.skewness(), b.skewness());
        prop_assert_eq!(a.kurtosis(), b.kurtosis());
        let (da, db) = (a.max_drawdown(), b.max_drawdown());
        prop_assert_eq!(da.map(|d| (d.peak_index, d.trough_index, d.recovery_index, d.duration_days)),
                        db.map(|d| (d.peak_index, d.trough_index, d.recovery_index, d.duration_days)));
        prop_assert_eq!(da.map(|d| d.depth * scale), db.map(|d| d.depth));
    }

    #[test]
    fn sharpe_is_invariant_to_any_positive_scaling(pnl in pnl_series(), scale in 1e-3..1e3_f64) {
        // Each scaled day carries one rounding (1.1e-16 relative). The mean is a sum that may
        // cancel, so its error is bounded by ~n·ε·mean|x| rather than by ε·|mean|: the
        // Sharpe ratio can move by tol·(|SR| + √q·mean|x|/σ), its condition number.
        let scaled: Vec<f64> = pnl.iter().map(|&x| x * scale).collect();
        let a = PnlSeries::new(&pnl).unwrap();
        let b = PnlSeries::new(&scaled).unwrap();
        for conv in [StdConvention::Sample, StdConvention::Population] {
            match (a.sharpe(DAILY_252, conv), b.sharpe(DAILY_252, conv), a.std_dev(conv)) {
                (Some(sa), Some(sb), Some(sd)) => {
                    let mean_abs = pnl.iter().map(|x| x.abs()).sum::<f64>() / pnl.len() as f64;
                    let cond = sa.abs() + DAILY_252.periods_per_year().sqrt() * mean_abs / sd;
                    prop_assert!((sa - sb).abs() <= METRICS_ONLINE_MOMENT_REL * cond, "{sa} {sb}");
                }
                (sa, sb, _) => prop_assert_eq!(sa, sb),
            }
        }
    }

    #[test]
    fn max_drawdown_is_positive_bounded_by_losses_and_consistent(pnl in pnl_series()) {
        let series = PnlSeries::new(&pnl).unwrap();
        let gross_loss: f64 = pnl.iter().map(|&x| (-x).max(0.0)).sum();
        let gross: f64 = pnl.iter().map(|x| x.abs()).sum();
        match series.max_drawdown() {
            None => {
                // Never below the running peak: every cumulative value is a new-or-equal high.
                let mut cum = 0.0;
                let mut peak = 0.0_f64;
                for &x in &pnl { cum += x; prop_assert!(cum >= peak); peak = peak.max(cum); }
            }
            Some(dd) => {
                prop_assert!(dd.depth > 0.0);
                // A drawdown is a sum of the days between peak and trough, so it cannot exceed
                // the sum of the losing days (up to the rounding of the running sums).
                prop_assert!(dd.depth <= gross_loss + 1e-12 * gross, "{} > {}", dd.depth, gross_loss);
                prop_assert_eq!(dd.depth, dd.peak_level - dd.trough_level);
                prop_assert!(dd.peak_level >= 0.0);
                prop_assert!(dd.peak_index.is_none_or(|p| p < dd.trough_index));
                prop_assert!(dd.recovery_index.is_none_or(|r| r > dd.trough_index));
                let end = dd.recovery_index.unwrap_or(pnl.len() - 1);
                prop_assert_eq!(dd.duration_days, end - dd.peak_index.map_or(0, |p| p + 1) + 1);
                prop_assert!(series.calmar(DAILY_252).is_some());
            }
        }
    }

    #[test]
    fn no_nan_or_panic_from_any_accepted_input(
        pnl in prop::collection::vec(accepted_value(), 0..120),
        dv01 in 0.0..MAX_ABS_OBSERVATION,
    ) {
        let series = PnlSeries::new(&pnl).unwrap();
        let mut acc = PerformanceAccumulator::new();
        let mut core = SweepAccumulator::new();
        for &x in &pnl {
            acc.push_with_exposure(x, Exposure { abs_dv01: dv01, contracts_traded: 1.0 });
            core.push(x);
        }
        for conv in [StdConvention::Sample, StdConvention::Population] {
            let cfg = SummaryConfig::new(DAILY_252).with_std_convention(conv);
            let online = acc.finish_with(&cfg).unwrap();
            prop_assert!(all_finite(&online), "{online:?}");
            let batch = PerformanceSummary::from_series(series, None, &cfg).unwrap();
            prop_assert!(all_finite(&batch), "{batch:?}");
        }
        prop_assert!(core.finish(DAILY_252).unwrap().sharpe.is_finite());
        if let Some(est) = series.sharpe_estimate() {
            for p in [est.probabilistic_sharpe(0.0).unwrap(), est.deflated_sharpe(1000, 0.01).unwrap().map(|d| d.probability)].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }

    #[test]
    fn bad_observations_are_reported_with_their_day(
        pnl in prop::collection::vec(pnl_value(), 1..60),
        at in any::<prop::sample::Index>(),
        bad in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(2e60), Just(-1e300)],
    ) {
        let mut pnl = pnl;
        let index = at.index(pnl.len());
        pnl[index] = bad;
        let expect = |e: MetricsError| matches!(e, MetricsError::InvalidObservation { series: SeriesKind::Pnl, index: i, .. } if i == index);
        prop_assert!(expect(PnlSeries::new(&pnl).unwrap_err()));
        let mut acc = PerformanceAccumulator::new();
        let mut core = SweepAccumulator::new();
        for &x in &pnl { acc.push(x); core.push(x); }
        prop_assert!(expect(acc.finish(DAILY_252).unwrap_err()));
        prop_assert!(expect(core.finish(DAILY_252).unwrap_err()));
    }

    #[test]
    fn psr_rises_with_the_sharpe_ratio_and_the_track_record(
        sr in -0.5..0.5_f64,
        bump in 1e-3..0.2_f64,
        t in 2u64..5_000,
        skew in -2.0..2.0_f64,
        excess_over_pearson in 0.0..20.0_f64,
    ) {
        // Pearson's bound γ4 ≥ 1 + γ3² holds for every distribution.
        let kurt = 1.0 + skew * skew + excess_over_pearson;
        let lo = SharpeEstimate::new(sr, t, skew, kurt).unwrap();
        let at_benchmark = lo.probabilistic_sharpe(sr).unwrap();
        prop_assert_eq!(at_benchmark, Some(0.5));
        if let (Some(p), Some(p_longer)) = (
            lo.probabilistic_sharpe(sr - bump).unwrap(),
            SharpeEstimate::new(sr, t + 100, skew, kurt).unwrap().probabilistic_sharpe(sr - bump).unwrap(),
        ) {
            prop_assert!(p > 0.5 && p_longer >= p, "{p} {p_longer}");
        }
    }
}
