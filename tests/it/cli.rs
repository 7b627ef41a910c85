//! The `spreadtrade` binary as a user runs it: JSON keys, human output, exit codes.

use std::process::{Command, Output};

pub fn spreadtrade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spreadtrade"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn json(args: &[&str]) -> serde_json::Value {
    let out = spreadtrade(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Exit code 2 and exactly one line on stderr, containing `needle`.
pub fn fails_with(args: &[&str], needle: &str) {
    let out = spreadtrade(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "{args:?}: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{args:?}: one line: {err}"
    );
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
}

#[test]
fn contract_json_has_the_documented_keys_and_2024_dates() {
    // Spec §1.3 / §6: TUM24 LTD 2024-06-28, last delivery 07-03, FND 05-31; TYM24 LTD 06-18.
    let tu = json(&["contract", "TUM24", "--json"]);
    assert_eq!(tu["code"], "TUM24");
    assert_eq!(tu["root"], "TU");
    assert_eq!(tu["exchange"], "CBOT");
    assert_eq!(tu["currency"], "USD");
    assert_eq!(tu["face"], 200_000.0);
    assert_eq!(tu["tick_size"], 1.0 / 256.0);
    assert_eq!(tu["tick_value"], 7.8125);
    assert_eq!(tu["last_trading_day"], "2024-06-28");
    assert_eq!(tu["last_delivery_day"], "2024-07-03");
    assert_eq!(tu["first_notice_day"], "2024-05-31");
    assert_eq!(tu["first_position_day"], "2024-05-30");
    assert!(tu["payment_day"].is_null() && tu["final_settlement_day"].is_null());
    assert_eq!(
        json(&["contract", "ZNM4", "--json"])["last_trading_day"],
        "2024-06-18"
    );
    // Spec §2.2: T2406 LTD 06-14, payment day 06-18, last delivery 06-19.
    let t = json(&["contract", "T2406.CFE", "--json"]);
    assert_eq!(t["code"], "T2406");
    assert_eq!(
        (t["last_trading_day"].as_str(), t["payment_day"].as_str()),
        (Some("2024-06-14"), Some("2024-06-18"))
    );
    assert_eq!(t["last_delivery_day"], "2024-06-19");
    assert_eq!(t["currency"], "CNY");
    // Spec §3: VXM24 settles Tuesday 2024-06-18 (Juneteenth shift); spec §4: ECM24 LTD 06-17.
    let vx = json(&["contract", "VXM24", "--json"]);
    assert_eq!(vx["final_settlement_day"], "2024-06-18");
    assert_eq!(vx["multiplier"], 1000.0);
    assert_eq!(
        json(&["contract", "6EM24", "--json"])["last_trading_day"],
        "2024-06-17"
    );
    // Tick history: TS before and after 2023-11-06 (spec §2.1).
    assert_eq!(
        json(&["contract", "TS2312", "--date", "2023-11-03", "--json"])["tick_size"],
        0.005
    );
    assert_eq!(
        json(&["contract", "TS2312", "--date", "2023-11-06", "--json"])["tick_size"],
        0.002
    );
}

#[test]
fn contract_rejects_bad_codes_with_exit_code_2() {
    fails_with(&["contract", "XXM24"], "offset 0");
    fails_with(&["contract", "TUJ24"], "does not list");
    fails_with(&["contract", "TUA24"], "offset 2");
    fails_with(&["contract", "T2413"], "month");
    let out = spreadtrade(&["contract", "TUM24", "--date", "2024-13-01"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn contract_prints_a_readable_table() {
    let out = spreadtrade(&["contract", "TYM24"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("10-Year U.S. Treasury Note")
            && text.contains("last trading day      2024-06-18"),
        "{text}"
    );
}

#[test]
fn prices_of_a_bond_future_come_from_the_curve() {
    let v = json(&[
        "prices",
        "TYM24",
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-29",
        "--json",
    ]);
    assert_eq!(v["source"], "curve-implied");
    assert_eq!(
        v["dv01_method"], "spot-curve",
        "the table's DV01 names its method"
    );
    assert_eq!(v["data"]["synthetic"], true);
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 19, "{} rows", rows.len());
    for r in rows {
        // A 10-year note future's DV01 per contract and price in a sane range, a CTD named.
        assert!((40.0..100.0).contains(&r["dv01"].as_f64().unwrap()), "{r}");
        assert!((90.0..130.0).contains(&r["price"].as_f64().unwrap()), "{r}");
        assert!(r["ctd"].as_str().unwrap().starts_with("SYN-UST-"), "{r}");
        assert!(
            (0.6..1.2).contains(&r["conversion_factor"].as_f64().unwrap()),
            "{r}"
        );
    }
}

#[test]
fn usage_errors_are_one_line_with_exit_code_2() {
    fails_with(
        &["bond", "--coupon", "x", "--maturity", "2031-03-31"],
        "--coupon",
    );
    fails_with(
        &[
            "bond",
            "--coupon",
            "4",
            "--maturity",
            "2031-03-31",
            "--settle",
            "2024-04-16",
        ],
        "--yield",
    );
    fails_with(&["frobnicate"], "frobnicate");
    fails_with(&["parse"], "required");
}
