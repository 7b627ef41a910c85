//! Integration tests for the `bond` area: the QuantLib reference vectors, the exchanges'
//! conversion-factor tables, the futures-DV01 cross-check, the `bond`/`cf` CLI and property
//! tests.

use crate::support;
use chrono::NaiveDate;
use serde_json::Value;
use spreadtrade::bond::{
    Bond, BondTerms, ConversionFactor, Frequency, MarketConvention, cbot_conversion_factor,
    cffex_conversion_factor, conversion_factor, position_dv01,
};
use spreadtrade::contract::{ContractCode, Root};
use spreadtrade::tolerance::{
    DV01_ABS, FORMULA_ABS, PRICE_ABS, PUBLISHED_6DP_ABS, RISK_ABS, YIELD_ABS,
};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// A golden vector file of `tests/data` (sources in its README).
fn load(name: &str) -> Value {
    support::golden(name)
}

// ---------------------------------------------------------------------------------------------
// Reference vectors (tests/data, generated with QuantLib 1.44; sources in its README).

#[test]
fn every_ust_vector_matches_quantlib() {
    let file = load("ust_bonds.json");
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 7);
    for v in vectors {
        let id = v["id"].as_str().unwrap();
        let i = &v["inputs"];
        let o = &v["outputs"];
        assert_eq!(i["frequency"], "semiannual", "{id}");
        let bond = Bond::us_treasury(
            num(&i["coupon_pct"]) / 100.0,
            Some(date(&i["dated_date"])),
            date(&i["maturity"]),
        )
        .unwrap();
        let y = num(&i["ytm_pct"]) / 100.0;
        let at = bond.settle(date(&i["settlement"])).unwrap();
        let a = at.analytics(y).unwrap();
        let close = |got: f64, key: &str, tol: f64| {
            let want = num(&o[key]);
            assert!(
                (got - want).abs() < tol,
                "{id} {key}: got {got}, QuantLib {want}, diff {:e}",
                got - want
            );
        };
        close(a.clean_price, "clean_price", PRICE_ABS);
        close(a.dirty_price, "dirty_price", PRICE_ABS);
        close(a.accrued_interest, "accrued", PRICE_ABS);
        close(a.macaulay_duration, "macaulay_duration", RISK_ABS);
        close(a.modified_duration, "modified_duration", RISK_ABS);
        close(a.convexity, "convexity", RISK_ABS);
        close(a.dv01_per_100, "dv01_per_100_bump_1bp", DV01_ABS);
        close(
            at.dv01_analytic(y).unwrap(),
            "dv01_per_100_analytic",
            DV01_ABS,
        );
        // The yield solved back from QuantLib's clean price.
        let back = at.yield_from_clean_price(num(&o["clean_price"])).unwrap();
        assert!(
            (back * 100.0 - num(&o["ytm_roundtrip_pct"])).abs() < YIELD_ABS * 100.0,
            "{id}"
        );
        assert_eq!(a.accrual_start, date(&o["accrual_start"]), "{id}");
        assert_eq!(a.next_coupon, date(&o["next_coupon_date"]), "{id}");
    }
}

#[test]
fn every_cbot_vector_matches_with_intermediates() {
    let file = load("cbot_conversion_factors.json");
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 12);
    for v in vectors {
        let bond = v["bond"].as_str().unwrap();
        let root = Root::from_symbol(v["contract"].as_str().unwrap()).unwrap();
        let i = &v["inputs"];
        let o = &v["outputs"];
        let cf = cbot_conversion_factor(
            num(&i["coupon_pct"]) / 100.0,
            date(&i["maturity"]),
            date(&i["first_delivery_day"]),
            root.spec().cf_convention.unwrap(),
        )
        .unwrap();
        assert_eq!(cf.factor, num(&o["factor"]), "{bond}");
        assert_eq!(
            (u64::from(cf.n), u64::from(cf.z), u64::from(cf.v)),
            (
                o["n"].as_u64().unwrap(),
                o["z"].as_u64().unwrap(),
                o["v"].as_u64().unwrap()
            ),
            "{bond}"
        );
        for (got, key) in [
            (cf.a, "a"),
            (cf.b, "b"),
            (cf.c, "c"),
            (cf.d, "d"),
            (cf.unrounded, "factor_unrounded"),
        ] {
            assert!((got - num(&o[key])).abs() < FORMULA_ABS, "{bond} {key}");
        }
    }
}

#[test]
fn every_cffex_vector_matches() {
    let file = load("cffex_conversion_factors.json");
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let bond_name = v["bond"].as_str().unwrap();
        let i = &v["inputs"];
        let o = &v["outputs"];
        assert_eq!(v["delivery_month"], "2024-06");
        assert_eq!(num(&i["notional_coupon_pct"]), 3.0);
        let frequency = Frequency::from_per_year(
            u32::try_from(i["coupons_per_year"].as_u64().unwrap()).unwrap(),
        )
        .unwrap();
        let bond = Bond::cgb(
            num(&i["coupon_pct"]) / 100.0,
            frequency,
            None,
            date(&i["maturity"]),
        )
        .unwrap();
        // June 2024 contracts: LTD 2024-06-14 (second Friday), payment day 2024-06-18 (spec §2.2).
        let cf = cffex_conversion_factor(&bond, d(2024, 6, 18)).unwrap();
        assert_eq!(cf.factor, num(&o["factor"]), "{bond_name}");
        assert!(
            (cf.unrounded - num(&o["factor_unrounded"])).abs() < FORMULA_ABS,
            "{bond_name}"
        );
        assert_eq!(u64::from(cf.x_months), o["x_months"].as_u64().unwrap());
        assert_eq!(u64::from(cf.n_coupons), o["n_coupons"].as_u64().unwrap());
    }
}

#[test]
fn futures_dv01_legs_are_reproduced() {
    // tests/data/futures_dv01.json: DV01_fut = DV01_CTD / CF × face/100 (spec §5.4).
    let file = load("futures_dv01.json");
    let settle = date(&file["settlement"]);
    let ctds = [
        ("TUM24", 0.045, d(2024, 3, 31), d(2026, 3, 31)),
        ("TYM24", 0.04125, d(2024, 3, 31), d(2031, 3, 31)),
    ];
    for leg in file["legs"].as_array().unwrap() {
        let contract = leg["contract"].as_str().unwrap();
        let &(_, coupon, dated, maturity) = ctds.iter().find(|c| c.0 == contract).unwrap();
        let bond = Bond::us_treasury(coupon, Some(dated), maturity).unwrap();
        let code: ContractCode = contract.parse().unwrap();
        let cf = conversion_factor(&code, &bond, None).unwrap().factor();
        assert_eq!(cf, num(&leg["conversion_factor"]), "{contract}");
        let dv01 = bond.dv01(settle, num(&leg["ctd_ytm_pct"]) / 100.0).unwrap();
        assert!((dv01 - num(&leg["ctd_dv01_per_100"])).abs() < DV01_ABS);
        let per_contract = position_dv01(dv01 / cf, num(&leg["contract_face"]), 1.0).unwrap();
        // DV01_ABS per 100 face, scaled to the contract face (2,000 for TU, 1,000 for TY).
        let tol = DV01_ABS * num(&leg["contract_face"]) / 100.0 / cf;
        assert!((per_contract - num(&leg["futures_dv01_usd_per_contract"])).abs() < tol);
    }
}

// ---------------------------------------------------------------------------------------------
// Tables inside the spec.

#[test]
fn ust_street_rows_of_spec_5_1() {
    // Spec §5.1 (rateslib tests): 3.875% 2033-08-15, issued 2023-08-15, at 4.000%.
    let bond = Bond::us_treasury(0.03875, Some(d(2023, 8, 15)), d(2033, 8, 15)).unwrap();
    for (settle, clean, accrued) in [
        (d(2025, 2, 14), 99.106414, 1.926970),
        (d(2025, 2, 18), 99.107179, 0.032113),
        (d(2025, 8, 15), 99.151393, 0.000000),
    ] {
        let at = bond.settle(settle).unwrap();
        assert!((at.clean_price(0.04).unwrap() - clean).abs() < PUBLISHED_6DP_ABS);
        assert!((at.accrued_interest() - accrued).abs() < PUBLISHED_6DP_ABS);
    }
}

#[test]
fn cbot_computed_factors_of_spec_1_5() {
    // Spec §1.5 [C]: 3.875% 2033-08-15 into TYM24 (n=9, z=2→0) and TYU24 (n=8, z=11→9).
    let bond = Bond::us_treasury(0.03875, Some(d(2023, 8, 15)), d(2033, 8, 15)).unwrap();
    for (contract, factor, n, z) in [("TYM24", 0.8539, 9, 0), ("TYU24", 0.8569, 8, 9)] {
        let code: ContractCode = contract.parse().unwrap();
        let ConversionFactor::Cbot(cf) = conversion_factor(&code, &bond, None).unwrap() else {
            panic!("{contract} is a CBOT contract");
        };
        assert_eq!(cf.factor, factor, "{contract}");
        assert_eq!((cf.n, cf.z), (n, z), "{contract}");
    }
}

#[test]
fn cme_december_2008_set() {
    // Spec §1.5: CME precalculated December 2008 factors (start 2008-12-01).
    for (contract, coupon, maturity, factor) in [
        ("TUZ08", 0.015, d(2010, 10, 31), 0.9229),
        ("FVZ08", 0.0275, d(2013, 10, 31), 0.8653),
        ("TYZ08", 0.0375, d(2018, 11, 15), 0.8357),
        ("USZ08", 0.045, d(2038, 5, 15), 0.7943),
    ] {
        let code: ContractCode = contract.parse().unwrap();
        let bond = Bond::us_treasury(coupon, None, maturity).unwrap();
        let cf = conversion_factor(&code, &bond, None).unwrap();
        assert_eq!(cf.factor(), factor, "{contract}");
    }
}

#[test]
fn cffex_t1903_attachment_all_eleven() {
    // CFFEX attachment "T1903合约可交割国债和转换因子" (spec §2.4): semi-annual 10-year CGBs,
    // payment day 2019-03-12 (given in the spec).
    let code: ContractCode = "T1903".parse().unwrap();
    let rows = [
        ("150023", 0.0299, d(2025, 10, 15), 1, 14, 0.9994),
        ("160004", 0.0285, d(2026, 1, 28), 4, 14, 0.9908),
        ("160010", 0.0290, d(2026, 5, 5), 2, 15, 0.9936),
        ("160017", 0.0274, d(2026, 8, 4), 5, 15, 0.9828),
        ("160023", 0.0270, d(2026, 11, 3), 2, 16, 0.9796),
        ("170004", 0.0340, d(2027, 2, 9), 5, 16, 1.0280),
        ("170010", 0.0352, d(2027, 5, 4), 2, 17, 1.0374),
        ("170018", 0.0359, d(2027, 8, 3), 5, 17, 1.0436),
        ("170025", 0.0382, d(2027, 11, 2), 2, 18, 1.0621),
        ("180004", 0.0385, d(2028, 2, 1), 5, 18, 1.0661),
        ("180011", 0.0369, d(2028, 5, 17), 2, 19, 1.0549),
    ];
    for (name, coupon, maturity, x, n, factor) in rows {
        let bond = Bond::cgb(coupon, Frequency::SemiAnnual, None, maturity).unwrap();
        let ConversionFactor::Cffex(cf) =
            conversion_factor(&code, &bond, Some(d(2019, 3, 12))).unwrap()
        else {
            panic!("T1903 is a CFFEX contract");
        };
        assert_eq!(cf.factor, factor, "{name}");
        assert_eq!((cf.x_months, cf.n_coupons), (x, n), "{name}");
    }
}

#[test]
fn cffex_2024_notices() {
    // CFFEX "add deliverable bond" notices of 2024 (spec §2.4). Payment days by the rule of
    // spec §2.2 (second trading day after the LTD, the second Friday):
    //   March 2024: LTD 03-08 → 03-12; June: LTD 06-14 → 06-18; December: LTD 12-13 → 12-17.
    //   September 2024: LTD 09-13, but 09-16/09-17 are the Mid-Autumn Festival holiday, so the
    //   second trading day after it is 09-19 (the brief assumed no holiday; the factor is the
    //   same for any payment day from 09-14 to 09-30, checked below).
    let bond_240004 = Bond::cgb(
        0.0235,
        Frequency::SemiAnnual,
        Some(d(2024, 2, 25)),
        d(2034, 2, 25),
    )
    .unwrap();
    let bond_240005 = Bond::cgb(
        0.0199,
        Frequency::Annual,
        Some(d(2024, 3, 15)),
        d(2026, 3, 15),
    )
    .unwrap();
    let bond_240008 = Bond::cgb(
        0.0205,
        Frequency::Annual,
        Some(d(2024, 4, 15)),
        d(2029, 4, 15),
    )
    .unwrap();
    let cases = [
        (&bond_240004, "T2403", d(2024, 3, 12), 0.9446),
        (&bond_240004, "T2406", d(2024, 6, 18), 0.9458),
        (&bond_240004, "T2409", d(2024, 9, 19), 0.9470),
        (&bond_240005, "TS2406", d(2024, 6, 18), 0.9830),
        (&bond_240005, "TS2409", d(2024, 9, 19), 0.9853),
        (&bond_240008, "TF2406", d(2024, 6, 18), 0.9578),
        (&bond_240008, "TF2409", d(2024, 9, 19), 0.9598),
        (&bond_240008, "TF2412", d(2024, 12, 17), 0.9619),
    ];
    for (bond, contract, payment_day, factor) in cases {
        let code: ContractCode = contract.parse().unwrap();
        let cf = conversion_factor(&code, bond, Some(payment_day)).unwrap();
        assert_eq!(cf.factor(), factor, "{contract}");
    }
    // Without the holiday the payment day would have been 09-17: same factor.
    for bond in [&bond_240004, &bond_240005, &bond_240008] {
        let a = cffex_conversion_factor(bond, d(2024, 9, 17)).unwrap();
        let b = cffex_conversion_factor(bond, d(2024, 9, 19)).unwrap();
        assert_eq!(a.unrounded, b.unrounded);
    }
}

#[test]
fn cgb_hand_checked_final_period_example() {
    // 240005 (1.99% annual, matures 2026-03-15) settled 2025-09-15 at a 1.80% yield, CCDC
    // final-period convention (spec §5.2):
    //   d  = 181 days (2025-09-15 → 2026-03-15), TY = 365 (2025-03-15 → 2026-03-15)
    //   AI = 1.99 × 184/365 = 1.00317808
    //   dirty = (100 + 1.99) / (1 + 0.018 × 181/365) = 101.99 / 1.00892603 = 101.08768852
    //   clean = 101.08768852 − 1.00317808 = 100.08451044
    let bond = Bond::cgb(
        0.0199,
        Frequency::Annual,
        Some(d(2024, 3, 15)),
        d(2026, 3, 15),
    )
    .unwrap();
    let at = bond.settle(d(2025, 9, 15)).unwrap();
    assert!((at.accrued_interest() - 1.003_178_08).abs() < 1e-8);
    assert!((at.dirty_price(0.018).unwrap() - 101.087_688_52).abs() < 1e-8);
    assert!((at.clean_price(0.018).unwrap() - 100.084_510_44).abs() < 1e-8);
}

#[test]
fn cffex_delivery_accrued_rounds_to_seven_places() {
    // 240004 into T2406, payment day 2024-06-18 (spec §2.5):
    // 1.175 × (2024-06-18 − 2024-02-25 = 114 days) / (2024-08-25 − 2024-02-25 = 182 days)
    // = 0.735989010… → 0.7359890.
    let bond = Bond::cgb(
        0.0235,
        Frequency::SemiAnnual,
        Some(d(2024, 2, 25)),
        d(2034, 2, 25),
    )
    .unwrap();
    assert_eq!(
        bond.cffex_delivery_accrued(d(2024, 6, 18)).unwrap(),
        0.7359890
    );
}

// ---------------------------------------------------------------------------------------------
// The command-line interface.

#[cfg(feature = "cli")]
mod cli {
    use serde_json::Value;
    use std::process::{Command, Output};

    fn run(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_spreadtrade"))
            .args(args)
            .output()
            .expect("the spreadtrade binary runs")
    }

    fn json(args: &[&str]) -> Value {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    fn fails_with_code_2(args: &[&str]) -> String {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    }

    const BOND: [&str; 7] = [
        "bond",
        "--coupon",
        "4.125",
        "--maturity",
        "2031-03-31",
        "--settle",
        "2024-04-16",
    ];

    #[test]
    fn bond_from_yield_prints_the_documented_keys() {
        let mut args = BOND.to_vec();
        args.extend(["--issue", "2024-03-31", "--yield", "4.64", "--json"]);
        let v = json(&args);
        assert_eq!(
            keys(&v),
            [
                "accrued",
                "clean",
                "convexity",
                "dirty",
                "dv01",
                "macaulay_duration",
                "modified_duration",
                "yield"
            ]
        );
        // QuantLib 1.44 vector (tests/data/ust_bonds.json), UST 4.125% 2031-03-31 at 4.64%.
        let close = |key: &str, want: f64, tol: f64| {
            let got = v[key].as_f64().unwrap();
            assert!((got - want).abs() < tol, "{key}: {got} vs {want}");
        };
        close("clean", 96.96599238348377, 1e-9);
        close("dirty", 97.14632025233624, 1e-9);
        close("accrued", 0.1803278688524701, 1e-9);
        close("yield", 4.64, 1e-12);
        close("macaulay_duration", 6.090970771682599, 1e-9);
        close("modified_duration", 5.952864319470875, 1e-9);
        close("convexity", 41.44244907893787, 1e-9);
        close("dv01", 0.05782989145889417, 1e-10);
    }

    #[test]
    fn bond_from_price_solves_the_yield() {
        let mut args = BOND.to_vec();
        args.extend(["--price", "96.965992", "--json"]);
        let v = json(&args);
        // 96.965992 is the QuantLib clean price at 4.64% rounded to 6 dp.
        assert!((v["yield"].as_f64().unwrap() - 4.64).abs() < 1e-5);
        assert!((v["clean"].as_f64().unwrap() - 96.965992).abs() < 1e-9);
    }

    #[test]
    fn bond_human_output_names_the_quantities() {
        let mut args = BOND.to_vec();
        args.extend(["--yield", "4.64"]);
        let out = run(&args);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for word in [
            "clean",
            "dirty",
            "accrued",
            "modified duration",
            "dv01",
            "96.965992",
        ] {
            assert!(text.contains(word), "{word} missing in:\n{text}");
        }
    }

    #[test]
    fn cgb_market_uses_the_ccdc_final_period() {
        // Hand-checked in cgb_hand_checked_final_period_example: clean 100.08451044 at 1.80%.
        let v = json(&[
            "bond",
            "--coupon",
            "1.99",
            "--maturity",
            "2026-03-15",
            "--settle",
            "2025-09-15",
            "--frequency",
            "1",
            "--market",
            "cgb",
            "--yield",
            "1.8",
            "--json",
        ]);
        assert!((v["clean"].as_f64().unwrap() - 100.084_510_44).abs() < 1e-8);
    }

    #[test]
    fn bond_rejects_bad_input_with_exit_code_2() {
        let with = |extra: &[&str]| {
            let mut args = BOND.to_vec();
            args.extend(extra);
            fails_with_code_2(&args)
        };
        // Both and neither of --yield/--price: the clap group.
        assert!(with(&["--yield", "4.6", "--price", "97"]).contains("cannot be used with"));
        assert!(with(&[]).contains("required"));
        // Bad values: one line from the command.
        let cases: [(&[&str], &str); 5] = [
            (&["--yield", "4.6", "--frequency", "4"], "--frequency"),
            (&["--yield", "4.6", "--market", "jgb"], "market convention"),
            (
                &["--price", "-3"],
                "--price = -3 is out of range: expected 1e-6 ..= 1e6 per 100 face",
            ),
            (&["--yield", "4.6", "--issue", "2031-04-01"], "dated date"),
            (&["--yield", "-250"], "--yield = -250 is out of range"),
        ];
        for (extra, needle) in cases {
            let err = with(extra);
            assert!(err.contains(needle), "{extra:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        let err = fails_with_code_2(&[
            "bond",
            "--coupon",
            "-1",
            "--maturity",
            "2031-03-31",
            "--settle",
            "2024-04-16",
            "--yield",
            "4",
        ]);
        assert!(err.contains("--coupon must be a percentage"), "{err}");
        let err = fails_with_code_2(&[
            "bond",
            "--coupon",
            "4",
            "--maturity",
            "2031-03-31",
            "--settle",
            "2032-01-02",
            "--yield",
            "4",
        ]);
        assert!(err.contains("must be before maturity"), "{err}");
        let err = fails_with_code_2(&[
            "bond",
            "--coupon",
            "4",
            "--maturity",
            "2031-02-30",
            "--settle",
            "2024-01-02",
            "--yield",
            "4",
        ]);
        assert!(err.contains("invalid --maturity"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    #[test]
    fn cf_for_a_cbot_contract() {
        let v = json(&[
            "cf",
            "--contract",
            "TYM24",
            "--coupon",
            "4.125",
            "--maturity",
            "2031-03-31",
            "--json",
        ]);
        // tests/data/cbot_conversion_factors.json: UST 4.125% 2031-03-31 into TYM24.
        assert_eq!(v["conversion_factor"].as_f64(), Some(0.8971));
        assert!((v["unrounded"].as_f64().unwrap() - 0.897099198943992).abs() < 1e-12);
        assert_eq!(v["z"].as_u64(), Some(9));
    }

    #[test]
    fn cf_for_a_cffex_contract_uses_its_payment_day() {
        let base = [
            "cf",
            "--contract",
            "T2406",
            "--coupon",
            "2.35",
            "--maturity",
            "2034-02-25",
            "--json",
        ];
        let v = json(&base);
        // CFFEX notice of 2024-02-26 (spec §2.4): 240004 into T2406 → 0.9458, computed at the
        // payment day 2024-06-18 (spec §2.2).
        assert_eq!(v["conversion_factor"].as_f64(), Some(0.9458));
        assert_eq!(v["reference_date"].as_str(), Some("2024-06-18"));
        assert!(v["unrounded"].as_f64().is_some());
        assert_eq!(v["x_months"].as_u64(), Some(2));
        // An explicit reference date inside the contract month overrides it.
        let mut args = base.to_vec();
        args.extend(["--reference-date", "2024-06-19"]);
        assert_eq!(json(&args)["reference_date"].as_str(), Some("2024-06-19"));
    }

    #[test]
    fn cf_rejects_bad_input_with_exit_code_2() {
        let base = |contract: &'static str| {
            vec![
                "cf",
                "--contract",
                contract,
                "--coupon",
                "4",
                "--maturity",
                "2031-03-31",
            ]
        };
        let err = fails_with_code_2(&base("ECM24"));
        assert!(err.contains("not a bond future"), "{err}");
        let err = fails_with_code_2(&base("VXM24"));
        assert!(err.contains("not a bond future"), "{err}");
        let err = fails_with_code_2(&base("QQM24"));
        assert!(err.contains("expected a contract root"), "{err}");
        let mut cbot_with_date = base("TYM24");
        cbot_with_date.extend(["--reference-date", "2024-06-18"]);
        assert!(fails_with_code_2(&cbot_with_date).contains("CFFEX contracts only"));
        let mut annual = base("TUM24");
        annual.extend(["--frequency", "1"]);
        assert!(fails_with_code_2(&annual).contains("semi-annual"));
        for err in [
            fails_with_code_2(&base("ECM24")),
            fails_with_code_2(&cbot_with_date),
        ] {
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

mod properties {
    use super::d;
    use chrono::{Datelike, Months, NaiveDate};
    use proptest::prelude::*;
    use spreadtrade::bond::{
        BASIS_POINT, Bond, BondError, BondTerms, Frequency, MarketConvention,
        cbot_conversion_factor, cffex_conversion_factor,
    };
    use spreadtrade::contract::ConversionFactorConvention;
    use spreadtrade::tolerance::PRICE_ABS;

    /// Coupon rates from zero to 15%, with the zero-coupon edge.
    fn coupon_rate() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), 0.0..0.15, Just(0.15)]
    }

    /// Yields from −5% to 40%, with exactly zero and a tiny positive yield as edges.
    fn yield_rate() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), Just(1e-9), -0.05..0.0, 0.0..0.4]
    }

    fn frequency() -> impl Strategy<Value = Frequency> {
        prop_oneof![Just(Frequency::Annual), Just(Frequency::SemiAnnual)]
    }

    fn convention() -> impl Strategy<Value = MarketConvention> {
        prop_oneof![
            Just(MarketConvention::UsStreet),
            Just(MarketConvention::ChinaInterbank)
        ]
    }

    /// A dated date in 1990–2030 (any day, month ends included) and a term of 1–30 years.
    fn bond_with(conventions: BoxedStrategy<MarketConvention>) -> impl Strategy<Value = Bond> {
        (
            coupon_rate(),
            frequency(),
            conventions,
            0i64..(41 * 365),
            1u32..=30,
            any::<bool>(),
        )
            .prop_map(|(c, f, conv, offset, years, to_month_end)| {
                let dated = d(1990, 1, 1) + chrono::Duration::days(offset);
                let mut maturity = dated.checked_add_months(Months::new(12 * years)).unwrap();
                if to_month_end {
                    let next = maturity.with_day(1).unwrap() + Months::new(1);
                    maturity = next.pred_opt().unwrap();
                }
                Bond::new(
                    BondTerms::new(c, maturity)
                        .with_frequency(f)
                        .with_convention(conv)
                        .with_dated_date(dated),
                )
                .unwrap()
            })
    }

    fn any_bond() -> impl Strategy<Value = Bond> {
        bond_with(convention().boxed())
    }

    /// A settlement date strictly inside the bond's life, as a fraction of it.
    fn settle_in(bond: &Bond, fraction: f64) -> NaiveDate {
        let start = bond.schedule().accrual_start();
        let days = (bond.maturity() - start).num_days();
        let offset = ((days - 1) as f64 * fraction).floor() as i64;
        start + chrono::Duration::days(offset)
    }

    proptest! {
        /// `Bond::for_settlements_from` (the schedule cut at the settlement, as `spreadtrade
        /// bond` and the Python `bond` use it) gives the analytics of `Bond::new` bit for bit.
        #[test]
        fn a_schedule_cut_at_the_settlement_prices_as_the_full_one(
            c in coupon_rate(),
            f in frequency(),
            conv in convention(),
            maturity_offset in 0i64..(70 * 365),
            to_month_end in any::<bool>(),
            back in 0i64..(31 * 365),
            y in yield_rate(),
        ) {
            let mut maturity = d(1995, 1, 1) + chrono::Duration::days(maturity_offset);
            if to_month_end {
                let next = maturity.with_day(1).unwrap() + Months::new(1);
                maturity = next.pred_opt().unwrap();
            }
            let settle = maturity - chrono::Duration::days(back);
            let terms = BondTerms::new(c, maturity).with_frequency(f).with_convention(conv);
            let full = Bond::new(terms).unwrap();
            let cut = Bond::for_settlements_from(terms, settle).unwrap();
            let a = full.settle(settle).and_then(|s| s.analytics(y));
            let b = cut.settle(settle).and_then(|s| s.analytics(y));
            prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
            prop_assert!(cut.schedule().coupon_dates().len() <= full.schedule().coupon_dates().len());
        }

        #[test]
        fn price_falls_as_yield_rises(
            bond in any_bond(),
            at in 0.0..1.0f64,
            y in yield_rate(),
            step in 1e-6..0.05f64,
        ) {
            let s = bond.settle(settle_in(&bond, at)).unwrap();
            let low = s.dirty_price(y).unwrap();
            let high = s.dirty_price(y + step).unwrap();
            prop_assert!(high < low, "P({y}) = {low}, P({}) = {high}", y + step);
        }

        #[test]
        fn dv01_is_positive(bond in any_bond(), at in 0.0..1.0f64, y in yield_rate()) {
            let s = bond.settle(settle_in(&bond, at)).unwrap();
            let dv01 = s.dv01(y).unwrap();
            prop_assert!(dv01 > 0.0, "dv01 {dv01}");
            // And it agrees with the analytic first-order value to second order in 1 bp.
            let analytic = s.dv01_analytic(y).unwrap();
            prop_assert!((dv01 - analytic).abs() <= 1e-3 * analytic + 1e-12);
            prop_assert!(s.dv01(y - BASIS_POINT).unwrap() >= dv01 * 0.99);
        }

        #[test]
        fn price_of_solved_yield_is_the_price(
            bond in any_bond(),
            at in 0.0..1.0f64,
            clean in prop_oneof![Just(1.0), 1.0..250.0f64, Just(250.0)],
        ) {
            let s = bond.settle(settle_in(&bond, at)).unwrap();
            match s.yield_from_clean_price(clean) {
                Ok(y) => {
                    let back = s.clean_price(y).unwrap();
                    // Near y = −f the price moves by more than PRICE_ABS between neighbouring
                    // f64 yields; the tolerance adds that resolution (2 ulp of y).
                    let resolution = match s.clean_price(y + y.abs() * f64::EPSILON) {
                        Ok(p) => (p - back).abs(),
                        Err(_) => 0.0,
                    };
                    prop_assert!(
                        (back - clean).abs() < PRICE_ABS + resolution,
                        "clean {clean} → y {y} → {back}"
                    );
                }
                // A high price days before maturity needs a yield within 1e-16 of −f (−100%
                // for an annual bond); then even the lowest representable yield prices
                // below it, and the error is the right answer (that yield is far below the
                // domain limit too: the limit's lowest yield prices below it).
                Err(BondError::YieldNotRepresentable { .. }) => {
                    let edge = spreadtrade::limits::YIELD.min;
                    let top = s.clean_price(edge).unwrap();
                    prop_assert!(top < clean, "clean {clean} is reachable: P({edge}) = {top}");
                }
                // A price whose yield lies outside the domain limit: the limit's own prices
                // bracket it from outside.
                Err(BondError::OutOfRange(e)) => {
                    let (lo, hi) = (
                        s.clean_price(spreadtrade::limits::YIELD.max).unwrap(),
                        s.clean_price(spreadtrade::limits::YIELD.min).unwrap(),
                    );
                    prop_assert!(clean < lo || clean > hi, "clean {clean} in {lo}..{hi}: {e}");
                }
                Err(e) => prop_assert!(false, "clean {clean}: {e}"),
            }
        }

        #[test]
        fn yield_of_computed_price_is_the_yield(
            bond in any_bond(),
            at in 0.0..1.0f64,
            y in yield_rate(),
        ) {
            let s = bond.settle(settle_in(&bond, at)).unwrap();
            let p = s.dirty_price(y).unwrap();
            let back = s.yield_from_dirty_price(p).unwrap();
            prop_assert!((s.dirty_price(back).unwrap() - p).abs() < PRICE_ABS);
        }

        #[test]
        fn par_at_the_coupon_rate_on_a_coupon_date(
            bond in any_bond(),
            pick in 0.0..1.0f64,
        ) {
            let dates = bond.schedule().coupon_dates();
            // Any coupon date before maturity is a settlement date with zero accrued.
            prop_assume!(dates.len() >= 2);
            let index = ((dates.len() - 1) as f64 * pick).floor() as usize;
            let s = bond.settle(dates[index]).unwrap();
            // The CCDC final period of a semi-annual bond discounts over d/TY ≈ 0.5 of a year
            // with simple interest, which is not exactly one period: par holds for every
            // other case exactly.
            prop_assume!(!(s.is_simple_final_period() && bond.frequency() == Frequency::SemiAnnual));
            prop_assert_eq!(s.accrued_interest(), 0.0);
            let clean = s.clean_price(bond.coupon_rate()).unwrap();
            prop_assert!((clean - 100.0).abs() < PRICE_ABS, "clean {clean}");
        }

        #[test]
        fn cbot_factor_is_below_one_under_six_percent(
            c in prop_oneof![Just(0.0), 0.0..0.0599f64, Just(0.0599)],
            months in 12u32..=(30 * 12),
            day in 1u32..=28,
            quarters in any::<bool>(),
        ) {
            // CF(6%) lies in [1 − 1.2e-4, 1] (compounded discount vs linear accrual over v
            // months) and dCF/dc ≥ 0.91 once the bond has a year or more to run, so
            // c ≤ 5.99% gives CF ≤ 0.99991 < 0.99995: the published factor is below 1.
            let (cf, conv) = cbot_case(c, months, day, quarters);
            prop_assert!(cf < 1.0, "{conv:?} c={c} months={months}: {cf}");
        }

        #[test]
        fn cbot_factor_is_above_one_over_six_percent(
            c in prop_oneof![Just(0.0602), 0.0602..0.15f64, Just(0.15)],
            months in 12u32..=(30 * 12),
            day in 1u32..=28,
            quarters in any::<bool>(),
        ) {
            // With the bounds above, c ≥ 6.02% gives CF ≥ 1 − 1.2e-4 + 0.0002·0.91 > 1.00005.
            let (cf, conv) = cbot_case(c, months, day, quarters);
            prop_assert!(cf > 1.0, "{conv:?} c={c} months={months}: {cf}");
        }

        #[test]
        fn cffex_factor_is_below_one_under_three_percent(
            c in prop_oneof![Just(0.0), 0.0..0.0299f64, Just(0.0299)],
            f in frequency(),
            months in 24u32..=(30 * 12),
            day in 1u32..=28,
        ) {
            // CF(3%) ∈ [1 − 1.2e-4, 1] and dCF/dc ≥ 0.91 with two years or more to run.
            let cf = cffex_case(c, f, months, day);
            prop_assert!(cf < 1.0, "c={c} {f} months={months}: {cf}");
        }

        #[test]
        fn cffex_factor_is_above_one_over_three_percent(
            c in prop_oneof![Just(0.0302), 0.0302..0.15f64, Just(0.15)],
            f in frequency(),
            months in 24u32..=(30 * 12),
            day in 1u32..=28,
        ) {
            let cf = cffex_case(c, f, months, day);
            prop_assert!(cf > 1.0, "c={c} {f} months={months}: {cf}");
        }
    }

    fn cbot_case(
        c: f64,
        months: u32,
        day: u32,
        quarters: bool,
    ) -> (f64, ConversionFactorConvention) {
        let start = d(2024, 6, 1);
        let maturity = start
            .checked_add_months(Months::new(months))
            .unwrap()
            .with_day(day)
            .unwrap();
        let conv = if quarters {
            ConversionFactorConvention::CbotQuarters
        } else {
            ConversionFactorConvention::CbotWholeMonths
        };
        (
            cbot_conversion_factor(c, maturity, start, conv)
                .unwrap()
                .factor,
            conv,
        )
    }

    fn cffex_case(c: f64, f: Frequency, months: u32, day: u32) -> f64 {
        let payment_day = d(2024, 6, 18);
        let maturity = d(2024, 6, 1)
            .checked_add_months(Months::new(months))
            .unwrap()
            .with_day(day)
            .unwrap();
        let bond = Bond::cgb(c, f, None, maturity).unwrap();
        cffex_conversion_factor(&bond, payment_day).unwrap().factor
    }
}

#[test]
fn settle_view_matches_one_shot_calls() {
    let bond = Bond::new(
        BondTerms::new(0.0235, d(2034, 2, 25))
            .with_dated_date(d(2024, 2, 25))
            .with_convention(MarketConvention::ChinaInterbank),
    )
    .unwrap();
    let settle = d(2024, 6, 3);
    let at = bond.settle(settle).unwrap();
    assert_eq!(
        at.dirty_price(0.023).unwrap(),
        bond.dirty_price(settle, 0.023).unwrap()
    );
    assert_eq!(
        at.yield_from_clean_price(100.4).unwrap(),
        bond.yield_from_clean_price(settle, 100.4).unwrap()
    );
}
