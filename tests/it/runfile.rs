//! Backtests described in files (`spreadtrade backtest run.toml`): outputs and every
//! bad-config class, each naming its key.

use crate::cli::{fails_with, spreadtrade};
use spreadtrade::runfile::{RunFile, RunFileError};
use std::path::{Path, PathBuf};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spreadtrade-runfile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HOLD: &str = r#"
spread = "2×TUM24−1×TYM24"
out = "out"
[strategy]
kind = "hold"
entry = "2024-03-15"
exit = "2024-03-27"
dv01 = 10000.0
[backtest]
start = "2024-03-01"
end = "2024-04-30"
weighting = "dv01_neutral"
"#;

#[test]
fn a_hold_run_writes_its_outputs() {
    let d = dir("hold");
    let path = write(&d, "seed.toml", HOLD);
    let file = RunFile::load(&path).unwrap();
    let outcome = file.run(&path, &d.join("unused")).unwrap();
    assert_eq!(outcome.out_dir, d.join("out"));
    assert!(
        outcome.origin.synthetic,
        "no data key: the embedded synthetic fixtures"
    );
    let s = &outcome.result.summary;
    assert_eq!(s.start.to_string(), "2024-03-01");
    assert!(s.trades >= 4, "entry and exit of two legs: {}", s.trades);
    // $10k per bp DV01-neutral: the mean |net DV01| is small against either leg's DV01.
    assert!(
        s.mean_abs_net_dv01.unwrap() < 2_000.0,
        "{:?}",
        s.mean_abs_net_dv01
    );
    let carried = s.mean_dv01_carried.unwrap();
    assert!(
        (8_000.0..12_000.0).contains(&carried),
        "about $10k per bp carried: {carried}"
    );
    for f in [
        "summary.json",
        "ledger.csv",
        "ledger.json",
        "trades.csv",
        "trades.json",
        "equity.svg",
    ] {
        // The chart only with the `charts` feature (without it the run says so in `notes`).
        assert_eq!(
            d.join("out").join(f).is_file(),
            cfg!(feature = "charts") || !f.ends_with(".svg"),
            "{f}"
        );
    }
    let ledger = &outcome.result.ledger;
    let entered = ledger
        .days()
        .find(|l| l.leg(0).unwrap().contracts != 0)
        .unwrap();
    assert_eq!(entered.date.to_string(), "2024-03-15");
    let (tu, ty) = (
        entered.leg(0).unwrap().contracts,
        entered.leg(1).unwrap().contracts,
    );
    assert!(tu > 0 && ty < 0, "long TU, short TY: {tu} {ty}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn margin_changes_in_a_run_file_apply_from_their_date() {
    let d = dir("margin");
    let text = format!(
        "{HOLD}[[backtest.margin.changes]]\nroot = \"TY\"\nfrom = \"2024-03-20\"\nper_contract = 3000.0\n"
    );
    let path = write(&d, "margin.toml", &text);
    let outcome = RunFile::load(&path)
        .unwrap()
        .run(&path, &d.join("out"))
        .unwrap();
    let day = |date: &str| {
        outcome
            .result
            .ledger
            .days()
            .find(|l| l.date.to_string() == date)
            .unwrap()
    };
    let (before, after) = (day("2024-03-19"), day("2024-03-20"));
    let (tu, ty) = (
        before.leg(0).unwrap().contracts,
        before.leg(1).unwrap().contracts,
    );
    assert_eq!(
        (
            after.leg(0).unwrap().contracts,
            after.leg(1).unwrap().contracts
        ),
        (tu, ty)
    );
    let tu_margin = tu.unsigned_abs() as f64 * 810.0;
    assert_eq!(
        before.margin,
        tu_margin + ty.unsigned_abs() as f64 * 2_337.0
    );
    assert_eq!(after.margin, tu_margin + ty.unsigned_abs() as f64 * 3_000.0);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn fx_rates_in_a_run_file_take_a_number_a_series_or_a_tagged_form() {
    let d = dir("fx");
    let base = "spread = \"+1×T−2×TS\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\nexit_after_days = 5\nunits = 1\n[backtest]\nstart = \"2024-03-01\"\nend = \"2024-04-30\"\n[backtest.fx]\n";
    let mut totals = Vec::new();
    for rate in [
        "CNY = 0.14",
        "CNY = { constant = 0.14 }",
        "CNY = { inverse_series = \"cny_per_usd\" }",
    ] {
        let path = write(&d, "fx.toml", &format!("{base}{rate}\n"));
        let outcome = RunFile::load(&path)
            .unwrap()
            .run(&path, &d.join("out"))
            .unwrap();
        let s = &outcome.result.summary;
        assert!(s.trades >= 4 && s.total_pnl != 0.0, "{rate}: {s:?}");
        totals.push(s.total_pnl);
    }
    // The same constant either way; the series differs from it.
    assert_eq!(totals[0], totals[1]);
    assert_ne!(totals[0], totals[2]);
    // Without a rate, CNY in a USD account converts at the inverse of cny_per_usd (the
    // engine's default when the market has that series): the same as naming it.
    let path = write(&d, "fx.toml", &base.replace("[backtest.fx]\n", ""));
    let outcome = RunFile::load(&path)
        .unwrap()
        .run(&path, &d.join("out"))
        .unwrap();
    assert_eq!(outcome.result.summary.total_pnl, totals[2]);
    let _ = std::fs::remove_dir_all(&d);

    bad(
        "fx-negative",
        &format!("{base}CNY = -0.14\n"),
        "backtest.fx.CNY",
    );
    bad(
        "fx-bool",
        &format!("{base}CNY = true\n"),
        "a rate (base currency per unit",
    );
    // No default exists for CNY in a EUR account.
    bad(
        "fx-missing",
        &base.replace("[backtest.fx]\n", "base_currency = \"EUR\"\n"),
        "set fx.CNY",
    );
}

#[test]
fn a_zscore_sweep_writes_every_run_and_the_best_with_its_deflated_sharpe() {
    let d = dir("sweep");
    let path = write(
        &d,
        "sweep.json",
        r#"{
            "spread": "2×TU−1×TY",
            "strategy": {"kind": "zscore", "signal": "usd_2s10s", "window": 60, "entry": 1.5},
            "backtest": {"weighting": "dv01_neutral", "costs": {"slippage_ticks": 0.25}},
            "sweep": {"windows": [20, 60], "entries": [1.0, 2.0]}
        }"#,
    );
    let outcome = RunFile::load(&path)
        .unwrap()
        .run(&path, &d.join("out"))
        .unwrap();
    let runs = outcome.sweep.as_ref().unwrap();
    assert_eq!(runs.len(), 4);
    let best = outcome.best.as_ref().unwrap();
    assert_eq!(best.trials, 4);
    assert!(
        best.deflated_sharpe
            .is_some_and(|p| (0.0..=1.0).contains(&p))
    );
    // The best run re-run with a ledger has the same summary as in the sweep.
    assert_eq!(outcome.result.summary, runs[best.index].summary);
    for f in [
        "sweep.csv",
        "sweep.json",
        "best/summary.json",
        "best/equity.svg",
    ] {
        // The chart only with the `charts` feature (without it the run says so in `notes`).
        assert_eq!(
            d.join("out").join(f).is_file(),
            cfg!(feature = "charts") || !f.ends_with(".svg"),
            "{f}"
        );
    }
    let csv = std::fs::read_to_string(d.join("out/sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.lines().nth(1).unwrap().contains("window"), "{csv}");
    let _ = std::fs::remove_dir_all(&d);
}

/// Runs `text` as a run file and returns the error message, which must name `key`.
fn bad(name: &str, text: &str, key: &str) {
    let d = dir(name);
    let path = write(
        &d,
        if text.trim_start().starts_with('{') {
            "bad.json"
        } else {
            "bad.toml"
        },
        text,
    );
    let err = match RunFile::load(&path) {
        Err(e) => e.to_string(),
        Ok(f) => f.run(&path, &d.join("out")).unwrap_err().to_string(),
    };
    assert!(err.contains(key), "{name}: {err:?} does not name {key:?}");
    assert!(!err.contains('\n'), "{name}: one line: {err:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn every_bad_config_class_names_its_key() {
    bad(
        "unknown-key",
        "spread = \"TUM24\"\nbogus = 1\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\n",
        "bogus",
    );
    bad(
        "missing-spread",
        "[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\n",
        "spread",
    );
    bad(
        "bad-spread",
        "spread = \"2×TUM24−\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\n",
        "offset 8",
    );
    bad(
        "unknown-kind",
        "spread = \"TUM24\"\n[strategy]\nkind = \"holdx\"\nentry = \"2024-03-15\"\n",
        "holdx",
    );
    bad(
        "missing-entry",
        "spread = \"TUM24\"\n[strategy]\nkind = \"hold\"\n",
        "entry",
    );
    bad(
        "bad-date",
        "spread = \"TUM24\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-13-15\"\n",
        "strategy.entry",
    );
    bad(
        "capital",
        &format!("{HOLD}capital = -5\n"),
        "backtest.capital",
    );
    bad(
        "slippage",
        &format!("{HOLD}[backtest.costs]\nslippage_ticks = -1\n"),
        "backtest.costs.slippage_ticks",
    );
    bad(
        "margin-change-typo",
        &format!(
            "{HOLD}[[backtest.margin.changes]]\nroot = \"TY\"\nfrom = \"2024-03-18\"\nper_contrat = 2500\n"
        ),
        "per_contrat",
    );
    bad(
        "margin-change-empty",
        &format!("{HOLD}[[backtest.margin.changes]]\nroot = \"TY\"\nfrom = \"2024-03-18\"\n"),
        "backtest.margin.changes[0]",
    );
    bad(
        "costs-typo",
        &format!("{HOLD}[backtest.costs]\nslippage = 1\n"),
        "slippage",
    );
    bad(
        "units-and-dv01",
        "spread = \"TUM24\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\nunits = 1\ndv01 = 5\n",
        "strategy.dv01",
    );
    bad(
        "two-exits",
        "spread = \"TUM24\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\nexit = \"2024-03-20\"\nexit_after_days = 3\n",
        "strategy.exit_after_days",
    );
    bad(
        "window",
        "spread = \"TU\"\n[strategy]\nkind = \"zscore\"\nsignal = \"usd_2s10s\"\nwindow = 1\nentry = 2.0\n",
        "strategy.window",
    );
    bad(
        "entry",
        "spread = \"TU\"\n[strategy]\nkind = \"zscore\"\nsignal = \"usd_2s10s\"\nwindow = 20\nentry = -2.0\n",
        "strategy.entry",
    );
    bad(
        "preset",
        "spread = \"TU\"\n[strategy]\nkind = \"zscore\"\nsignal = \"eur_2s10s\"\nwindow = 20\nentry = 2.0\n",
        "strategy.signal",
    );
    bad(
        "sweep-kind",
        &format!("{HOLD}[sweep]\nwindows = [20]\nentries = [1.0]\n"),
        "sweep",
    );
    bad(
        "sweep-empty",
        "spread = \"TU\"\n[strategy]\nkind = \"zscore\"\nsignal = \"usd_2s10s\"\nwindow = 20\nentry = 2.0\n[sweep]\nwindows = []\nentries = [1.0]\n",
        "sweep",
    );
    bad(
        "events",
        "spread = \"TU\"\n[strategy]\nkind = \"event_window\"\nevents = \"no-such-file.csv\"\nbefore = 1\nafter = 1\n",
        "strategy.events",
    );
    bad(
        "roll",
        "spread = \"TU\"\n[roll]\nanchor = \"expiry\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\n",
        "expiry",
    );
    bad(
        "json",
        r#"{"spread": "TUM24", "strategy": {"kind": "hold", "entry": "2024-03-15", "colour": 1}}"#,
        "colour",
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let e = RunFile::load(Path::new("/no/such/run.toml")).unwrap_err();
    assert!(matches!(e, RunFileError::Io { .. }), "{e}");
}

#[test]
fn the_cli_runs_a_file_and_rejects_a_bad_one() {
    let d = dir("cli");
    let path = write(&d, "seed.toml", HOLD);
    let out = spreadtrade(&["backtest", path.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["book"], "2×TUM24−1×TYM24");
    assert_eq!(v["data"]["synthetic"], true);
    assert!(v["summary"]["total_pnl"].is_number());
    // equity.svg only with the `charts` feature; without it `notes` says why it is missing.
    let charts = cfg!(feature = "charts");
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        5 + usize::from(charts)
    );
    assert_eq!(v["notes"].as_array().unwrap().is_empty(), charts, "{v}");
    let bad = write(&d, "bad.toml", "spread = \"TUM24\"\nbogus = 1\n");
    fails_with(&["backtest", bad.to_str().unwrap()], "bogus");
    let _ = std::fs::remove_dir_all(&d);
}
