//! Real price files: loaders, mapping rows to contracts, tables that mix real and model days,
//! and the `fidelity` command, on the made-up fixtures in `fixtures/realprices/` and (skipped
//! loudly when absent) on the real closes of `../shared/validation`.

use crate::cli::{fails_with, json};
use crate::support::{real_data_dir, validation_dir};
use chrono::NaiveDate;
use spreadtrade::contract::{ContractCode, Root};
use spreadtrade::data::{DataError, RealFileOptions, RealFormat, RealPrices, ReportReason};
use spreadtrade::market::{Market, PriceSource};
use spreadtrade::pricing::{RealPriceSource, TableSpec};
use spreadtrade::session::Session;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/realprices")
        .join(name)
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn code(s: &str) -> ContractCode {
    s.parse().unwrap()
}

fn load(name: &str, options: &RealFileOptions) -> RealPrices {
    RealPrices::load(fixture(name), options).unwrap()
}

#[test]
fn every_fixture_format_loads_and_is_detected() {
    let cases = [
        (
            "cboe_VX_VXM24.csv",
            RealFormat::CboeVx,
            RealFileOptions::default(),
            20,
            0,
        ),
        (
            "front_TY_2024.csv",
            RealFormat::Front,
            RealFileOptions::for_root(Root::TY),
            16,
            13,
        ),
        (
            "front_FV_2024.csv",
            RealFormat::Front,
            RealFileOptions::for_root(Root::FV),
            9,
            20,
        ),
        (
            "settlements_TY_2024.csv",
            RealFormat::Settlements,
            RealFileOptions::default(),
            3,
            0,
        ),
        (
            "vx_rank_2024.csv",
            RealFormat::VxRank,
            RealFileOptions::default().with_rank(1),
            14,
            0,
        ),
        (
            "main_T_2023.csv",
            RealFormat::Main,
            RealFileOptions::for_root(Root::T),
            8,
            0,
        ),
    ];
    for (name, format, options, used, reported) in cases {
        let p = load(name, &options);
        assert_eq!(p.format, format, "{name}");
        assert_eq!((p.rows.len(), p.reported.len()), (used, reported), "{name}");
        assert_eq!(
            p.rows_read,
            used + reported,
            "{name}: every row used or reported"
        );
    }
    let cboe = load("cboe_VX_VXM24.csv", &RealFileOptions::default());
    assert!(cboe.rows.iter().all(|r| r.contract == code("VXM24")));
    // Line 2 is the first data row: 2024-03-01, Settle 19.43 (made-up).
    assert_eq!((cboe.rows[0].line, cboe.rows[0].price), (2, 19.43));
}

#[test]
fn front_rows_follow_the_roll_convention_and_thin_rows_are_reported() {
    let p = load("front_TY_2024.csv", &RealFileOptions::for_root(Root::TY));
    // TYH24: first notice day 2024-02-29, last trading day 2024-03-19.
    let on = |date| p.rows.iter().find(|r| r.date == date).map(|r| r.contract);
    assert_eq!(on(d(2024, 2, 29)), Some(code("TYH24")));
    // The last trading day's row (2024-03-19) is ambiguous across continuous series (Yahoo's
    // TY already shows June, its TU and FV still the expiring contract): reported, not used.
    assert_eq!(on(d(2024, 3, 19)), None);
    // The next day starts TYM24, marked as a switch.
    let first_june = p.rows.iter().find(|r| r.date == d(2024, 3, 20)).unwrap();
    assert_eq!(
        (first_june.contract, first_june.switch),
        (code("TYM24"), true)
    );
    // 2024-03-01 .. 2024-03-18 (12 business days) are thin March prints: reported with their
    // lines (2..=5 are February; line 6 is 2024-03-01); line 18 is the expiry day.
    assert_eq!(p.reported.len(), 13);
    assert_eq!(p.reported[0].line, 6);
    assert!(p.reported[..12].iter().all(|r| matches!(
        r.reason,
        ReportReason::AfterFirstNotice { contract, first_notice_day }
            if contract == code("TYH24") && first_notice_day == d(2024, 2, 29)
    )));
    assert_eq!(p.reported[12].line, 18);
    assert_eq!(
        p.reported[12].reason,
        ReportReason::ExpiryDay {
            expiring: code("TYH24"),
            next: code("TYM24")
        }
    );
}

#[test]
fn vx_ranks_and_main_contract_switches_map_to_contracts() {
    let p = load("vx_rank_2024.csv", &RealFileOptions::default().with_rank(2));
    let on = |date| p.rows.iter().find(|r| r.date == date).unwrap().contract;
    // VXH24 settled 2024-03-20: VX2 is April before, May from that day.
    assert_eq!(on(d(2024, 3, 19)), code("VXJ24"));
    assert_eq!(on(d(2024, 3, 20)), code("VXK24"));
    let t = load("main_T_2023.csv", &RealFileOptions::for_root(Root::T));
    let codes: Vec<ContractCode> = t.rows.iter().map(|r| r.contract).collect();
    assert_eq!(codes[..4], [code("T2303"); 4]);
    assert_eq!(codes[4..], [code("T2306"); 4]);
    assert_eq!(t.rows.iter().filter(|r| r.switch).count(), 1);
}

#[test]
fn bad_input_is_a_typed_error_with_file_line_and_column() {
    let ty = RealFileOptions::for_root(Root::TY);
    let located = |e: &DataError, line: u64, column: usize, file: &str| {
        let cell = e.cell().expect("a cell");
        assert!(cell.file.ends_with(file), "{e}");
        assert_eq!((cell.line, cell.index), (line, column), "{e}");
    };
    let e = RealPrices::load(fixture("malformed/bad_price.csv"), &ty).unwrap_err();
    assert!(matches!(e, DataError::BadNumber { .. }), "{e}");
    located(&e, 3, 2, "bad_price.csv");
    let e = RealPrices::load(fixture("malformed/duplicate_row.csv"), &ty).unwrap_err();
    assert!(
        matches!(e, DataError::DuplicateDate { ref at, first_line: 3, .. } if at.line == 4 && at.file.ends_with("duplicate_row.csv")),
        "{e}"
    );
    let e = RealPrices::load(
        fixture("malformed/unmapped_contract.csv"),
        &RealFileOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, DataError::UnmappedContract { .. }), "{e}");
    located(&e, 3, 2, "unmapped_contract.csv");
    // A date outside the market: found when the rows meet the market.
    let p = RealPrices::load(fixture("malformed/outside_market.csv"), &ty).unwrap();
    let market = Market::from_dataset(&spreadtrade::data::Dataset::embedded_synthetic()).unwrap();
    let e = RealPriceSource::new(&p, &market).unwrap_err();
    assert!(
        matches!(e, DataError::DateOutsideMarket { date, .. } if date == d(2026, 1, 2)),
        "{e}"
    );
    located(&e, 3, 1, "outside_market.csv");
    // The CLI says the same on one line, exit code 2.
    fails_with(
        &[
            "prices",
            "TYM24",
            "--from",
            "2024-03-01",
            "--to",
            "2024-04-30",
            "--real",
            &path("malformed/bad_price.csv"),
        ],
        "bad_price.csv:3: column \"Close\" (2)",
    );
}

#[test]
fn a_table_mixes_real_and_model_days_and_each_row_says_which() {
    let session = Session::open(None).unwrap();
    let p = load("settlements_TY_2024.csv", &RealFileOptions::default());
    let real = RealPriceSource::new(&p, session.market()).unwrap();
    let spec = TableSpec::for_contracts([code("TYM24")]).with_range(d(2024, 3, 18), d(2024, 3, 27));
    let table = session.price_table_with_real(&spec, &[&real]).unwrap();
    let model = session.model_table(&spec).unwrap();
    let id = table.require_contract(&code("TYM24")).unwrap();
    let mid = model.require_contract(&code("TYM24")).unwrap();
    let info = table.instrument(id);
    assert_eq!(info.source, PriceSource::Settlement);
    assert_eq!(
        info.sources,
        [PriceSource::Settlement, PriceSource::CurveImplied]
    );
    let day = |date| table.dates().binary_search(&date).unwrap();
    // Real on the file's days (made-up settles), model elsewhere; the model's DV01 on both.
    assert_eq!(
        table.source(id, day(d(2024, 3, 20))),
        Some(PriceSource::Settlement)
    );
    assert_eq!(table.price(id, day(d(2024, 3, 25))), Some(109.140625));
    assert_eq!(
        table.source(id, day(d(2024, 3, 22))),
        Some(PriceSource::CurveImplied)
    );
    assert_eq!(
        table.price(id, day(d(2024, 3, 22))),
        model.price(mid, day(d(2024, 3, 22)))
    );
    assert_eq!(
        table.dv01(id, day(d(2024, 3, 20))),
        model.dv01(mid, day(d(2024, 3, 20)))
    );
    assert!(table.dv01(id, day(d(2024, 3, 20))).is_some());
    let cols = table.columns(id);
    assert_eq!(cols.source.len(), cols.price.len());
    assert_eq!(cols.source.iter().filter(|s| !s.is_model()).count(), 3);
    // The model table has no real row.
    assert_eq!(model.instrument(mid).sources, [PriceSource::CurveImplied]);
}

#[test]
fn prices_json_shows_the_source_of_every_row() {
    let out = json(&[
        "prices",
        "TYM24",
        "--from",
        "2024-03-18",
        "--to",
        "2024-03-22",
        "--real",
        &path("front_TY_2024.csv"),
        "--json",
    ]);
    assert_eq!(out["source"], "close");
    assert_eq!(
        out["sources"],
        serde_json::json!(["close", "curve-implied"])
    );
    assert_eq!(out["real"][0]["format"], "front");
    assert_eq!(out["real"][0]["reported"].as_array().unwrap().len(), 13);
    let rows = out["rows"].as_array().unwrap();
    let sources: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
    // 2024-03-18 is a TYH24 row in the file (reported, thin) and 2024-03-19 TYH24's last
    // trading day (reported, ambiguous): the model prices TYM24 those days.
    assert_eq!(
        sources,
        ["curve-implied", "curve-implied", "close", "close", "close"]
    );
    // Made-up close of 2024-03-20 in the fixture.
    assert_eq!(rows[2]["price"], 108.96875);
    // Without --real every row is the model's.
    let out = json(&[
        "prices",
        "TYM24",
        "--from",
        "2024-03-18",
        "--to",
        "2024-03-22",
        "--json",
    ]);
    assert!(
        out["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["source"] == "curve-implied")
    );
}

const KEYS: [&str; 6] = [
    "days",
    "level_mean",
    "level_mad",
    "corr_daily_change",
    "beta_real_on_model",
    "tracking_ratio",
];

#[test]
fn fidelity_end_to_end_on_fixtures() {
    let range = ["--from", "2024-01-01", "--to", "2024-12-31", "--json"];
    let ty = path("front_TY_2024.csv");
    let mut args = vec!["fidelity", "TY", "--real", &ty];
    args.extend(range);
    let out = json(&args);
    for k in KEYS {
        assert!(out[k].is_number(), "{k}: {out}");
    }
    // 29 rows, 12 thin, 1 on TYH24's last trading day: 16 levels; one roll (TYH24 → TYM24):
    // 14 changes.
    assert_eq!(
        (out["days"].as_u64(), out["changes"].as_u64()),
        (Some(16), Some(14))
    );
    assert_eq!(out["roll_days"], 1);
    // level_mean is the mean of model − real over the rows used: recompute it from the
    // file's rows and the model's own prices (`prices --json`).
    let file = load("front_TY_2024.csv", &RealFileOptions::for_root(Root::TY));
    let mut gaps = Vec::new();
    for contract in ["TYH24", "TYM24"] {
        let model = json(&[
            "prices",
            contract,
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--json",
        ]);
        for row in file.rows.iter().filter(|r| r.contract == code(contract)) {
            let day = model["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["date"] == row.date.to_string())
                .unwrap();
            gaps.push(day["price"].as_f64().unwrap() - row.price);
        }
    }
    assert_eq!(gaps.len(), 16);
    let expected = gaps.iter().sum::<f64>() / gaps.len() as f64;
    let level = out["level_mean"].as_f64().unwrap();
    assert!((level - expected).abs() < 1e-12, "{level} vs {expected}");
    assert!(out["corr_daily_change"].as_f64().unwrap() > 0.95);
    assert_eq!(
        out["legs"][0]["contracts"],
        serde_json::json!(["TYH24", "TYM24"])
    );
    // A DV01-neutral spread, one file per leg in leg order.
    let fv = path("front_FV_2024.csv");
    let mut args = vec!["fidelity", "1×FV−1×TY", "--real", &fv, "--real", &ty];
    args.extend(range);
    let out = json(&args);
    for k in KEYS {
        assert!(out[k].is_number(), "{k}: {out}");
    }
    assert_eq!(out["legs"][1]["ratio"], -1.0);
    assert!(out["days"].as_u64().unwrap() >= 5);
    // VX from a Cboe file and from a rank file; CFFEX T from a main-contract file.
    let vx = path("cboe_VX_VXM24.csv");
    let mut args = vec!["fidelity", "VX", "--real", &vx];
    args.extend(range);
    assert_eq!(json(&args)["days"], 20);
    let rank = path("vx_rank_2024.csv");
    let mut args = vec![
        "fidelity", "VX", "--real", &rank, "--format", "vx-rank", "--rank", "2",
    ];
    args.extend(range);
    let out = json(&args);
    assert_eq!(
        (out["days"].as_u64(), out["roll_days"].as_u64()),
        (Some(14), Some(1))
    );
    let main = path("main_T_2023.csv");
    let out = json(&[
        "fidelity",
        "T",
        "--real",
        &main,
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--json",
    ]);
    assert_eq!(
        (out["days"].as_u64(), out["roll_days"].as_u64()),
        (Some(8), Some(1))
    );
    // Bad use: a file per leg; bare roots only.
    fails_with(
        &[
            "fidelity",
            "1×FV−1×TY",
            "--real",
            &fv,
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ],
        "one --real file per leg",
    );
    fails_with(
        &[
            "fidelity",
            "TYM24",
            "--real",
            &ty,
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ],
        "bare roots",
    );
}

// ---------------------------------------------------------------------------------------------
// Real data (skipped loudly when ../shared/validation or ../shared/data is absent)

fn validation(name: &str) -> Option<(String, String)> {
    let v = validation_dir()?;
    let data = real_data_dir()?;
    Some((
        v.join(name).display().to_string(),
        data.display().to_string(),
    ))
}

#[test]
fn validation_files_load_with_every_row_accounted_for() {
    let Some(v) = validation_dir() else { return };
    for (name, root) in [
        ("yahoo_ZTF_front_2000_2015.csv", Root::TU),
        ("yahoo_ZFF_front_2000_2015.csv", Root::FV),
        ("yahoo_ZNF_front_2000_2015.csv", Root::TY),
        ("yahoo_ZBF_front_2000_2015.csv", Root::US),
        ("yahoo_6EF_front_2003_2015.csv", Root::EC),
    ] {
        let p = RealPrices::load(v.join(name), &RealFileOptions::for_root(root)).unwrap();
        assert_eq!(p.format, RealFormat::Front);
        assert_eq!(p.rows_read, p.rows.len() + p.reported.len(), "{name}");
        // Euro FX has no first notice day: nothing is thin, only expiry days are reported.
        assert!(!p.reported.is_empty(), "{name}");
        assert_eq!(
            p.reported
                .iter()
                .all(|r| matches!(r.reason, ReportReason::ExpiryDay { .. })),
            root == Root::EC,
            "{name}"
        );
    }
    // VX by rank: one switch per monthly expiry, 2007-04 .. 2021-12.
    let p = RealPrices::load(
        v.join("vx_futures_settle_vx1_vx8_2007_2021.csv"),
        &RealFileOptions::default().with_rank(1),
    )
    .unwrap();
    assert_eq!(p.format, RealFormat::VxRank);
    assert_eq!(p.rows.iter().filter(|r| r.switch).count(), 177);
    // VX1 on 2020-03-16 is the March 2020 contract at 72.625 (validation README).
    let r = p.rows.iter().find(|r| r.date == d(2020, 3, 16)).unwrap();
    assert_eq!((r.contract, r.price), (code("VXH20"), 72.625));
    // CFFEX T main contract: four switches in 2023 (T2303 → T2306 → T2309 → T2312 → T2403).
    let p = RealPrices::load(
        v.join("cffex_T_main_daily_2022_2023.csv"),
        &RealFileOptions::for_root(Root::T),
    )
    .unwrap();
    assert_eq!(p.format, RealFormat::Main);
    let mut codes: Vec<String> = p.rows.iter().map(|r| r.contract.to_string()).collect();
    codes.dedup();
    assert_eq!(codes, ["T2303", "T2306", "T2309", "T2312", "T2403"]);
    let switches: Vec<NaiveDate> = p.rows.iter().filter(|r| r.switch).map(|r| r.date).collect();
    assert_eq!(
        switches,
        [
            d(2023, 2, 21),
            d(2023, 5, 19),
            d(2023, 8, 22),
            d(2023, 11, 22)
        ]
    );
}

#[test]
fn fidelity_on_the_validation_files() {
    let Some((zn, data)) = validation("yahoo_ZNF_front_2000_2015.csv") else {
        return;
    };
    let out = json(&[
        "fidelity",
        "TY",
        "--real",
        &zn,
        "--from",
        "2001-01-01",
        "--to",
        "2015-12-31",
        "--data",
        &data,
        "--json",
    ]);
    for k in KEYS {
        assert!(out[k].is_number(), "{k}: {out}");
    }
    // 15 years, about two thirds of the days outside delivery months; 60 quarterly rolls.
    assert!(out["days"].as_u64().unwrap() > 2500, "{out}");
    assert_eq!(out["roll_days"], 60);
    assert_eq!(out["data"]["synthetic"], false);
    // A curve-implied model of TY follows its real closes (figures in the README).
    assert!(out["corr_daily_change"].as_f64().unwrap() > 0.8, "{out}");
    let Some((zf, _)) = validation("yahoo_ZFF_front_2000_2015.csv") else {
        return;
    };
    let spread = json(&[
        "fidelity",
        "1×FV−1×TY",
        "--real",
        &zf,
        "--real",
        &zn,
        "--from",
        "2001-01-01",
        "--to",
        "2015-12-31",
        "--data",
        &data,
        "--json",
    ]);
    for k in KEYS {
        assert!(spread[k].is_number(), "{k}: {spread}");
    }
    assert!(spread["changes"].as_u64().unwrap() > 2000, "{spread}");
}

mod proptests {
    use proptest::prelude::*;
    use spreadtrade::contract::Root;
    use spreadtrade::data::{RealFileOptions, RealFormat, RealPrices};

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(
            bytes in prop::collection::vec(any::<u8>(), 0..300),
            text in "(Date,Close\n|date,VX1,VX2\n|date,close,open_interest_last\n|Trade Date,Futures,Settle\n)[0-9,./\\-\" ()FJanMVX\n]{0,200}",
        ) {
            for input in [bytes.as_slice(), text.as_bytes()] {
                for root in [None, Some(Root::TY), Some(Root::EC), Some(Root::VX), Some(Root::T)] {
                    let mut options = RealFileOptions::default().with_rank(2);
                    options.root = root;
                    let _ = RealPrices::read(input, "x", &options);
                    for format in RealFormat::ALL {
                        let _ = RealPrices::read(input, "x", &options.with_format(format));
                    }
                }
            }
        }
    }
}
