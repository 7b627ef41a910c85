//! Integration tests for the `data` area: the loaders on real files (when present), the
//! committed fixtures, one malformed file per error class, the synthetic generator, and
//! property tests.

use crate::support::real_data_dir;
use chrono::NaiveDate;
use proptest::prelude::*;
use spreadtrade::curve::Tenor;
use spreadtrade::data::{
    CurveFormat, CurveTable, DataError, Dataset, EventCalendar, LoadReport, PolicyAction,
    Provenance, SecurityList, Series, Settlements, SkipReason, SyntheticConfig, ValueUnit,
    generate_synthetic,
};
use spreadtrade::tolerance::PERCENT_TO_DECIMAL_ABS;
use std::path::PathBuf;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn malformed(name: &str) -> PathBuf {
    fixtures().join("malformed").join(name)
}

/// Asserts a decimal yield equals a published percent figure.
fn assert_pct(value: Option<f64>, pct: f64, what: &str) {
    let v = value.unwrap_or_else(|| panic!("{what}: missing"));
    assert!(
        (v - pct / 100.0).abs() < PERCENT_TO_DECIMAL_ABS,
        "{what}: {v} vs {pct}%"
    );
}

fn assert_balanced(report: &LoadReport, what: &str) {
    assert_eq!(
        report.rows_read,
        report.rows_used + report.skipped.len(),
        "{what}: rows read = rows used + rows reported"
    );
}

// ---------------------------------------------------------------------------------------
// Real data in ../shared/data (skipped loudly when absent).

#[test]
fn real_folder_loads_with_documented_row_counts() {
    let Some(dir) = real_data_dir() else { return };
    let data = Dataset::load_dir(&dir).unwrap();
    assert_eq!(data.provenance, Provenance::Files { dir: dir.clone() });
    // Row counts: ../shared/data/README.md, table at the top.
    let ust = data.us_treasury.as_ref().unwrap();
    let fred = data.us_treasury_fred.as_ref().unwrap();
    let cgb = data.china_bond.as_ref().unwrap();
    let vix = data.vix.as_ref().unwrap();
    let eurusd = data.eurusd.as_ref().unwrap();
    let fomc = data.fomc.as_ref().unwrap();
    assert_eq!(ust.len(), 8_887);
    assert_eq!(fred.len(), 14_739);
    assert_eq!(cgb.len(), 3_745);
    assert_eq!(vix.len(), 9_241);
    assert_eq!(eurusd.len(), 7_126);
    assert_eq!(fomc.events.len(), 264);
    for (report, what) in [
        (&ust.report, "treasury"),
        (&fred.report, "fred"),
        (&cgb.report, "chinabond"),
        (&vix.report, "vix"),
        (&eurusd.report, "eurusd"),
        (&fomc.report, "fomc"),
    ] {
        assert_balanced(report, what);
        // The README says the shared files have no all-empty rows and are ascending.
        assert!(report.skipped.is_empty(), "{what}: {report}");
        assert!(!report.reordered, "{what}");
    }
    assert!(data.settlements.is_none());
    // The 2016-2026 ChinaBond file and FRED DEXCHUS (README table and README_rates_fx.md §2:
    // 11,671 rows of which 504 are empty, reported as skipped).
    assert_eq!(data.china_bond_ytm.as_ref().unwrap().len(), 2_576);
    let usdcny = data.usdcny.as_ref().unwrap();
    assert_eq!(usdcny.name, "DEXCHUS");
    assert_eq!(usdcny.report.rows_read, 11_671);
    assert_eq!(usdcny.len(), 11_671 - 504);
    assert_balanced(&usdcny.report, "dexchus");
    assert_eq!(
        ust.date_range(),
        Some((d(1990, 1, 2), d(2025, 7, 11))),
        "range in the data README"
    );
}

#[test]
fn real_treasury_spot_values() {
    let Some(dir) = real_data_dir() else { return };
    let t = CurveTable::load(
        dir.join("us_treasury_par_yield_curve_daily.csv"),
        CurveFormat::TreasuryNormalised,
    )
    .unwrap();
    // Official Treasury par yields, ../shared/data/README.md section 1 ("Spot values").
    assert_pct(
        t.yield_at(d(2024, 3, 20), Tenor::Years(10)),
        4.27,
        "2024-03-20 10Y",
    );
    assert_pct(
        t.yield_at(d(2024, 3, 20), Tenor::Years(2)),
        4.59,
        "2024-03-20 2Y",
    );
    assert_pct(
        t.yield_at(d(2024, 3, 20), Tenor::Years(30)),
        4.45,
        "2024-03-20 30Y",
    );
    assert_pct(
        t.yield_at(d(2024, 3, 19), Tenor::Years(2)),
        4.68,
        "2024-03-19 2Y",
    );
    assert_pct(
        t.yield_at(d(2024, 3, 19), Tenor::Years(10)),
        4.30,
        "2024-03-19 10Y",
    );
    assert_pct(
        t.yield_at(d(2024, 3, 19), Tenor::Years(30)),
        4.44,
        "2024-03-19 30Y",
    );
    assert_eq!(
        t.tenors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "1M", "6W", "2M", "3M", "4M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y", "20Y", "30Y"
        ]
    );
    // The Treasury printed N/A for the 3-month bill on 2008-12-10 (README, column coverage).
    assert_eq!(t.yield_at(d(2008, 12, 10), Tenor::Months(3)), None);
    assert!(t.date_index(d(2008, 12, 10)).is_some());
    // The all-N/A Columbus Day row (2010-10-11) was dropped from the shared file.
    assert_eq!(t.date_index(d(2010, 10, 11)), None);
}

#[test]
fn real_treasury_gap_structure() {
    let Some(dir) = real_data_dir() else { return };
    let t = CurveTable::load(
        dir.join("us_treasury_par_yield_curve_daily.csv"),
        CurveFormat::TreasuryNormalised,
    )
    .unwrap();
    let col = |tenor| t.tenor_index(tenor).unwrap();
    let (y20, y30) = (col(Tenor::Years(20)), col(Tenor::Years(30)));
    // The 30-year bond was suspended: no 30Y from 2002-02-19 to 2006-02-08 (README section 1).
    let mut inside = 0;
    for (i, &date) in t.dates.iter().enumerate() {
        let has30 = t.yields[[i, y30]].is_some();
        if (d(2002, 2, 19)..=d(2006, 2, 8)).contains(&date) {
            assert!(!has30, "30Y on {date}");
            inside += 1;
        } else {
            assert!(has30, "no 30Y on {date}");
        }
        // No 20Y before 1993-10-01; complete from then on.
        assert_eq!(
            t.yields[[i, y20]].is_some(),
            date >= d(1993, 10, 1),
            "20Y on {date}"
        );
    }
    assert!(inside > 900, "{inside} dates in the 30Y gap");
    // Non-empty counts per column, README "Coverage of each column".
    let count = |tenor| t.yields.column(col(tenor)).iter().flatten().count();
    assert_eq!(count(Tenor::Years(30)), 7_893);
    assert_eq!(count(Tenor::Years(20)), 7_948);
    assert_eq!(count(Tenor::Weeks(6)), 100);
    assert_eq!(count(Tenor::Months(3)), 8_884);
}

#[test]
fn real_fred_chinabond_vix_eurusd_fomc_spot_values() {
    let Some(dir) = real_data_dir() else { return };
    let fred = CurveTable::load(
        dir.join("us_treasury_cmt_fred_h15_1962_2021.csv"),
        CurveFormat::Fred,
    )
    .unwrap();
    assert_eq!(fred.tenors.len(), 11);
    // FRED DGS10 on its first date and the H.15 1981 peak of DGS1 (FRED series DGS10, DGS1).
    assert_pct(
        fred.yield_at(d(1962, 1, 2), Tenor::Years(10)),
        4.06,
        "DGS10 1962-01-02",
    );
    assert_pct(
        fred.yield_at(d(1981, 9, 3), Tenor::Years(1)),
        17.31,
        "DGS1 1981-09-03",
    );
    assert_eq!(
        fred.yield_at(d(1962, 1, 2), Tenor::Years(2)),
        None,
        "DGS2 starts 1976"
    );

    let cgb = CurveTable::load(
        dir.join("china_govt_bond_yield_curve_chinabond_2002_2016.csv"),
        CurveFormat::ChinaBond,
    )
    .unwrap();
    // ChinaBond 10y: README section 5 "Checks".
    assert_pct(
        cgb.yield_at(d(2013, 11, 20), Tenor::Years(10)),
        4.7222,
        "CGB 10Y 2013-11-20",
    );
    assert_pct(
        cgb.yield_at(d(2016, 10, 21), Tenor::Years(10)),
        2.6451,
        "CGB 10Y 2016-10-21",
    );
    assert_eq!(cgb.tenors.first(), Some(&Tenor::Days(0)));
    // y2 is empty from 2016-02-01 (README section 5 "Gaps"); make-up Saturday 2015-01-04 is a row.
    assert_eq!(cgb.yield_at(d(2016, 3, 1), Tenor::Years(2)), None);
    assert!(cgb.date_index(d(2015, 1, 4)).is_some());

    let vix = Series::load(dir.join("vix_index_daily.csv"), "close", ValueUnit::Level).unwrap();
    // Cboe VIX closes, README section 3 "Checks".
    assert_eq!(vix.value_at(d(2020, 3, 16)), Some(82.69));
    assert_eq!(vix.value_at(d(2008, 11, 20)), Some(80.86));

    let fx = Series::load(
        dir.join("eurusd_ecb_reference_rate_daily.csv"),
        "usd_per_eur",
        ValueUnit::Level,
    )
    .unwrap();
    // ECB reference rate, README section 4 "Checks".
    assert_eq!(fx.value_at(d(2024, 3, 20)), Some(1.0844));
    assert_eq!(fx.value_at(d(2008, 7, 15)), Some(1.599));

    let fomc = EventCalendar::load(dir.join("fomc_meetings.csv")).unwrap();
    // README section 6 "Spot values".
    let hold = fomc.on(d(2024, 3, 20)).and_then(|e| e.fomc).unwrap();
    assert_eq!(hold.action, PolicyAction::Hold);
    assert!((hold.target_lower - 0.0525).abs() < PERCENT_TO_DECIMAL_ABS);
    assert!((hold.target_upper - 0.055).abs() < PERCENT_TO_DECIMAL_ABS);
    let cut = fomc.on(d(2024, 9, 18)).and_then(|e| e.fomc).unwrap();
    assert_eq!(cut.action, PolicyAction::Cut);
    let counts = |a| {
        fomc.events
            .iter()
            .filter(|e| e.fomc.map(|f| f.action) == Some(a))
            .count()
    };
    assert_eq!(
        (
            counts(PolicyAction::Hold),
            counts(PolicyAction::Hike),
            counts(PolicyAction::Cut)
        ),
        (173, 51, 40)
    );
}

#[test]
fn official_and_normalised_layouts_read_into_the_same_table() {
    // The two fixtures hold the same made-up values (fixtures/README.md): one in the official
    // download layout (MM/DD/YYYY, newest first, N/A, "1.5 Month"), one normalised.
    let official = CurveTable::load(
        fixtures().join("treasury/daily-treasury-rates-2025-sample.csv"),
        CurveFormat::TreasuryOfficial,
    )
    .unwrap();
    let normalised = CurveTable::load(
        fixtures().join("treasury/normalised-2025-sample.csv"),
        CurveFormat::TreasuryNormalised,
    )
    .unwrap();
    assert_eq!(official.tenors, normalised.tenors);
    assert_eq!(official.dates, normalised.dates);
    assert_eq!(official.yields, normalised.yields);
    // The real normalised file has the same columns as the official layout maps to.
    if let Some(dir) = real_data_dir() {
        let real = CurveTable::load(
            dir.join("us_treasury_par_yield_curve_daily.csv"),
            CurveFormat::TreasuryNormalised,
        )
        .unwrap();
        assert_eq!(official.tenors, real.tenors);
    }
}

// ---------------------------------------------------------------------------------------
// Committed fixtures.

#[test]
fn official_download_sample_is_sorted_and_reports_its_na_row() {
    let path = fixtures().join("treasury/daily-treasury-rates-2025-sample.csv");
    let t = CurveTable::load(&path, CurveFormat::TreasuryOfficial).unwrap();
    assert_eq!(
        t.dates,
        [
            d(2025, 2, 13),
            d(2025, 2, 14),
            d(2025, 2, 18),
            d(2025, 2, 19),
            d(2025, 2, 20)
        ]
    );
    assert!(t.report.reordered, "newest first in the file");
    assert_eq!(t.report.rows_read, 6);
    assert_eq!(t.report.rows_used, 5);
    assert_eq!(t.report.skipped.len(), 1);
    let skipped = &t.report.skipped[0];
    assert_eq!((skipped.line, skipped.date), (5, d(2025, 2, 17)));
    assert_eq!(skipped.reason, SkipReason::NoValues);
    assert_balanced(&t.report, "sample");
    // "1.5 Month" is the 6-week bill; N/A before 2025-02-18 stays None. The values are made
    // up (fixtures/README.md).
    assert_eq!(t.yield_at(d(2025, 2, 14), Tenor::Weeks(6)), None);
    assert_pct(
        t.yield_at(d(2025, 2, 18), Tenor::Weeks(6)),
        4.91,
        "6W 2025-02-18",
    );
    assert_pct(
        t.yield_at(d(2025, 2, 20), Tenor::Years(10)),
        5.00,
        "10Y 2025-02-20",
    );
    assert_eq!(t.report.missing_cells, 2);
    assert_eq!(t.tenors.len(), 14);
}

#[test]
fn securities_fixture_loads_with_vector_terms() {
    let list = SecurityList::load(fixtures().join("securities/securities.csv")).unwrap();
    assert_eq!(list.securities.len(), 28);
    assert_balanced(&list.report, "securities");
    // tests/data/ust_bonds.json: UST 4.500% 2026-03-31, dated 2024-03-31, semi-annual.
    let tu = list.get("UST-4.500-2026-03-31").unwrap();
    assert!((tu.coupon_rate - 0.045).abs() < PERCENT_TO_DECIMAL_ABS);
    assert_eq!((tu.coupons_per_year, tu.issue_date), (2, d(2024, 3, 31)));
    assert_eq!(tu.original_term, Some(Tenor::Years(2)));
    // Spec §2.4: 240005 pays annually, 240004 semi-annually.
    assert_eq!(list.get("240005").unwrap().coupons_per_year, 1);
    assert_eq!(list.get("240004").unwrap().coupons_per_year, 2);
    assert_eq!(
        list.outstanding_on(d(2019, 3, 12))
            .filter(|s| s.code.len() == 6)
            .count(),
        11
    );
}

#[test]
fn synthetic_fixtures_equal_a_fresh_generation_byte_for_byte() {
    let data = generate_synthetic(&SyntheticConfig::default()).unwrap();
    let dir = fixtures().join("synthetic");
    assert_eq!(data.files.len(), 6);
    for file in &data.files {
        let committed = std::fs::read_to_string(dir.join(file.name)).unwrap();
        assert!(
            committed == file.contents,
            "{} differs from a fresh generation: run `cargo run --example make_fixtures`",
            file.name
        );
        assert!(
            file.contents.len() < 250_000,
            "{} is {} bytes",
            file.name,
            file.contents.len()
        );
    }
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap();
    assert_eq!(manifest, data.manifest);
}

#[test]
fn synthetic_folder_loads_as_synthetic_and_equals_the_embedded_copy() {
    let data = Dataset::load_dir(fixtures().join("synthetic")).unwrap();
    assert_eq!(
        data.provenance,
        Provenance::Synthetic {
            generator: "spreadtrade::data::synthetic v1".into(),
            seed: 20_180_102
        }
    );
    let embedded = Dataset::embedded_synthetic();
    assert_eq!(embedded.provenance, data.provenance);
    let (a, b) = (data.us_treasury.unwrap(), embedded.us_treasury.unwrap());
    assert_eq!((a.dates.clone(), a.tenors.clone()), (b.dates, b.tenors));
    assert_eq!(a.yields, b.yields);
    let (a, b) = (data.vix.unwrap(), embedded.vix.unwrap());
    assert_eq!(a.values, b.values);
    // Every weekday 2018-01-02..=2025-12-31, m4 empty before 2022-10-19.
    assert_eq!(a.dates.first(), Some(&d(2018, 1, 2)));
    assert_eq!(a.dates.last(), Some(&d(2025, 12, 31)));
    assert_eq!(a.len(), 2_087);
    assert!(embedded.securities.is_some());
}

#[test]
fn synthetic_levels_are_plausible() {
    let data = Dataset::embedded_synthetic();
    let ust = data.us_treasury.unwrap();
    let (y2, y10) = (
        ust.tenor_index(Tenor::Years(2)).unwrap(),
        ust.tenor_index(Tenor::Years(10)).unwrap(),
    );
    for j in [y2, y10] {
        let col: Vec<f64> = ust.yields.column(j).iter().flatten().copied().collect();
        assert_eq!(col.len(), ust.len());
        assert!(col.iter().all(|y| (0.0..=0.06).contains(y)), "0-6% range");
        let moves: Vec<f64> = col.windows(2).map(|w| (w[1] - w[0]) * 1e4).collect();
        let sd = (moves.iter().map(|m| m * m).sum::<f64>() / moves.len() as f64).sqrt();
        assert!((3.0..=8.0).contains(&sd), "daily sd {sd} bp");
    }
    // 2024 in the 4-5% area (anchored on the published 2024 quarterly averages).
    let y10_2024 = ust.yield_at(d(2024, 3, 20), Tenor::Years(10)).unwrap();
    assert!((0.035..=0.055).contains(&y10_2024), "{y10_2024}");
    let m4 = ust.tenor_index(Tenor::Months(4)).unwrap();
    let first_m4 = ust.dates[ust
        .yields
        .column(m4)
        .iter()
        .position(Option::is_some)
        .unwrap()];
    assert_eq!(first_m4, d(2022, 10, 19));
    let vix = data.vix.unwrap();
    assert!(
        vix.values
            .iter()
            .flatten()
            .all(|v| (5.0..=100.0).contains(v))
    );
}

// ---------------------------------------------------------------------------------------
// One malformed file per error class: file, line and column are checked.

fn curve_err(name: &str) -> DataError {
    CurveTable::load(malformed(name), CurveFormat::TreasuryNormalised).unwrap_err()
}

fn assert_cell(e: &DataError, name: &str, line: u64, column: &str, index: usize) {
    assert_eq!(
        e.file(),
        Some(malformed(name).display().to_string().as_str()),
        "{e}"
    );
    let cell = e.cell().unwrap_or_else(|| panic!("no cell in {e:?}"));
    assert_eq!(
        (cell.line, cell.column.as_str(), cell.index),
        (line, column, index),
        "{e}"
    );
}

#[test]
fn malformed_bad_number_names_file_line_and_column() {
    let e = curve_err("bad_number.csv");
    assert!(matches!(e, DataError::BadNumber { ref found, .. } if found == "4.2x"));
    assert_cell(&e, "bad_number.csv", 17, "y10", 13);
    let text = e.to_string();
    assert!(
        text.ends_with(
            r#"bad_number.csv:17: column "y10" (13): expected a number in percent, found "4.2x""#
        ),
        "{text}"
    );
}

#[test]
fn malformed_header_errors() {
    let e = curve_err("missing_column.csv");
    assert!(
        matches!(e, DataError::MissingColumn { ref at, ref expected, .. }
        if at.line == 1 && expected == "\"date\""),
        "{e}"
    );
    let e = curve_err("unknown_column.csv");
    assert!(matches!(e, DataError::UnknownColumn { .. }), "{e}");
    assert_cell(&e, "unknown_column.csv", 1, "x7", 3);
    let e = curve_err("duplicate_column.csv");
    assert!(
        matches!(e, DataError::DuplicateColumn { first_index: 3, .. }),
        "{e}"
    );
    assert_cell(&e, "duplicate_column.csv", 1, "y2", 5);
}

#[test]
fn malformed_row_errors() {
    let e = curve_err("field_count.csv");
    assert!(
        matches!(e, DataError::FieldCount { ref at, expected: 4, found: 3 } if at.line == 3),
        "{e}"
    );
    let e = curve_err("bad_date.csv");
    assert!(
        matches!(e, DataError::BadDate { ref found, .. } if found == "2024-02-30"),
        "{e}"
    );
    assert_cell(&e, "bad_date.csv", 3, "date", 1);
    let e = curve_err("out_of_range.csv");
    assert!(
        matches!(e, DataError::OutOfRange { value, max, .. } if value == 250.0 && max == 50.0),
        "{e}"
    );
    assert_cell(&e, "out_of_range.csv", 4, "y10", 4);
    let e = curve_err("duplicate_date.csv");
    assert!(
        matches!(e, DataError::DuplicateDate { ref at, first_line: 3, .. } if at.line == 4),
        "{e}"
    );
    let e = curve_err("unsorted_dates.csv");
    assert!(
        matches!(e, DataError::UnsortedDates { ref at, previous_line: 3, .. } if at.line == 4),
        "{e}"
    );
    assert_eq!(e.line(), Some(4));
}

#[test]
fn malformed_empty_files() {
    let e = curve_err("empty.csv");
    assert!(matches!(e, DataError::Empty { rows_read: 0, .. }), "{e}");
    let e = curve_err("no_values.csv");
    assert!(matches!(e, DataError::Empty { rows_read: 2, .. }), "{e}");
}

#[test]
fn malformed_contract_key_value_and_encoding() {
    let e = Settlements::load(malformed("bad_contract.csv")).unwrap_err();
    assert!(
        matches!(e, DataError::BadContractCode { ref found, .. } if found == "XXM24"),
        "{e}"
    );
    assert_cell(&e, "bad_contract.csv", 3, "contract", 2);
    let e = Settlements::load(malformed("duplicate_key.csv")).unwrap_err();
    assert!(
        matches!(e, DataError::DuplicateKey { ref at, first_line: 3, .. } if at.line == 4),
        "{e}"
    );
    let e = SecurityList::load(malformed("bad_value.csv")).unwrap_err();
    assert!(
        matches!(e, DataError::BadValue { ref found, .. } if found == "3"),
        "{e}"
    );
    assert_cell(&e, "bad_value.csv", 2, "frequency", 3);
    let e = Series::load(malformed("bad_encoding.csv"), "close", ValueUnit::Level).unwrap_err();
    assert!(matches!(e, DataError::Encoding { .. }), "{e}");
    assert_cell(&e, "bad_encoding.csv", 3, "close", 2);
}

#[test]
fn io_and_folder_errors() {
    let e = CurveTable::load(malformed("does_not_exist.csv"), CurveFormat::Wide).unwrap_err();
    assert!(
        matches!(e, DataError::Io { ref file, .. } if file.ends_with("does_not_exist.csv")),
        "{e}"
    );
    let e = Dataset::load_dir(malformed("no_such_folder")).unwrap_err();
    assert!(matches!(e, DataError::ReadDir { .. }), "{e}");
    let e = Dataset::load_dir(malformed("dataset_ambiguous")).unwrap_err();
    assert!(
        matches!(e, DataError::AmbiguousFiles { ref first, ref second, .. }
        if first == "us_treasury_par_yield_curve_a.csv" && second == "us_treasury_par_yield_curve_b.csv"),
        "{e}"
    );
    let e = Dataset::load_dir(malformed("dataset_no_curve")).unwrap_err();
    assert!(matches!(e, DataError::NoCurve { .. }), "{e}");
    let e = Dataset::load_dir(malformed("dataset_bad_manifest")).unwrap_err();
    assert!(matches!(e, DataError::Manifest { line: 3, .. }), "{e}");
    // A loader error inside a folder names the file, line and column.
    let e = Dataset::load_dir(malformed("dataset_bad_file")).unwrap_err();
    let file = malformed("dataset_bad_file").join("us_treasury_par_yield_curve_bad.csv");
    assert_eq!(e.file(), Some(file.display().to_string().as_str()));
    assert_eq!(e.cell().map(|c| (c.line, c.index)), Some((3, 3)), "{e}");
}

// ---------------------------------------------------------------------------------------
// Property tests.

/// Yields in percent with 2 decimals across the whole plausible range, edges included.
fn yield_pct() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(-5.0),
        Just(50.0),
        Just(0.0),
        (-500i32..=5000).prop_map(|bp| f64::from(bp) / 100.0),
    ]
}

/// A non-empty set of distinct tenors, as (normalised column name, tenor).
fn tenor_set() -> impl Strategy<Value = Vec<(String, Tenor)>> {
    let all: Vec<(String, Tenor)> = [
        ("m1", Tenor::Months(1)),
        ("m1_5", Tenor::Weeks(6)),
        ("m3", Tenor::Months(3)),
        ("m6", Tenor::Months(6)),
        ("y1", Tenor::Years(1)),
        ("y2", Tenor::Years(2)),
        ("y10", Tenor::Years(10)),
        ("y30", Tenor::Years(30)),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_owned(), t))
    .collect();
    proptest::sample::subsequence(all, 1..=8).prop_shuffle()
}

/// A curve: ascending dates with random gaps, and per date an optional yield per tenor.
fn curve_rows(width: usize) -> impl Strategy<Value = Vec<(NaiveDate, Vec<Option<f64>>)>> {
    prop::collection::vec(
        (
            1i64..5,
            prop::collection::vec(prop::option::weighted(0.8, yield_pct()), width),
        ),
        1..30,
    )
    .prop_map(|rows| {
        let mut date = d(2001, 7, 31);
        rows.into_iter()
            .map(|(gap, cells)| {
                date += chrono::Duration::days(gap);
                (date, cells)
            })
            .collect()
    })
}

fn write_normalised(columns: &[(String, Tenor)], rows: &[(NaiveDate, Vec<Option<f64>>)]) -> String {
    let mut text = String::from("date");
    for (name, _) in columns {
        text.push(',');
        text.push_str(name);
    }
    text.push('\n');
    for (date, cells) in rows {
        text.push_str(&date.to_string());
        for c in cells {
            text.push(',');
            if let Some(v) = c {
                text.push_str(&format!("{v:.2}"));
            }
        }
        text.push('\n');
    }
    text
}

proptest! {
    #[test]
    fn normalised_curves_round_trip_with_every_row_accounted(
        (columns, rows) in tenor_set().prop_flat_map(|c| { let w = c.len(); (Just(c), curve_rows(w)) })
    ) {
        let text = write_normalised(&columns, &rows);
        match CurveTable::read(text.as_bytes(), "p.csv", CurveFormat::TreasuryNormalised) {
            Ok(t) => {
                prop_assert!(t.report.is_balanced());
                prop_assert_eq!(t.report.rows_read, rows.len());
                let mut sorted: Vec<Tenor> = columns.iter().map(|c| c.1).collect();
                sorted.sort();
                prop_assert_eq!(&t.tenors, &sorted);
                for (date, cells) in &rows {
                    let used = t.date_index(*date);
                    prop_assert_eq!(used.is_some(), cells.iter().any(Option::is_some));
                    for ((_, tenor), cell) in columns.iter().zip(cells) {
                        let got = t.yield_at(*date, *tenor);
                        match (cell, got) {
                            (Some(pct), Some(v)) => prop_assert!((v - pct / 100.0).abs() < PERCENT_TO_DECIMAL_ABS),
                            (None, None) => {}
                            other => prop_assert!(false, "cell mismatch {:?}", other),
                        }
                    }
                }
            }
            Err(DataError::Empty { rows_read, .. }) => {
                prop_assert_eq!(rows_read, rows.len());
                prop_assert!(rows.iter().all(|(_, c)| c.iter().all(Option::is_none)));
            }
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
    }

    #[test]
    fn a_corrupted_cell_is_reported_at_its_line_and_column(
        (columns, rows) in tenor_set().prop_flat_map(|c| { let w = c.len(); (Just(c), curve_rows(w)) }),
        pick in any::<prop::sample::Index>(),
        junk in prop_oneof![Just("4.2x"), Just("abc"), Just("1e999"), Just("--1"), Just("250")],
    ) {
        let text = write_normalised(&columns, &rows);
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let row = pick.index(rows.len());
        let col = 1 + pick.index(columns.len() * 7) % columns.len();
        let mut fields: Vec<String> = lines[row + 1].split(',').map(str::to_owned).collect();
        fields[col] = junk.to_owned();
        lines[row + 1] = fields.join(",");
        let text = lines.join("\n") + "\n";
        let e = CurveTable::read(text.as_bytes(), "p.csv", CurveFormat::TreasuryNormalised).unwrap_err();
        let cell = e.cell().unwrap();
        prop_assert_eq!((cell.line, cell.index), (row as u64 + 2, col + 1));
        prop_assert_eq!(&cell.column, &columns[col - 1].0);
    }

    #[test]
    fn official_order_does_not_matter(
        rows in curve_rows(2),
        seed in any::<u64>(),
    ) {
        let write = |rows: &[(NaiveDate, Vec<Option<f64>>)]| {
            let mut text = String::from("Date,\"2 Yr\",\"10 Yr\"\n");
            for (date, cells) in rows {
                text.push_str(&date.format("%m/%d/%Y").to_string());
                for c in cells {
                    text.push(',');
                    text.push_str(&c.map_or("N/A".to_owned(), |v| format!("{v:.2}")));
                }
                text.push('\n');
            }
            text
        };
        let mut shuffled = rows.clone();
        // Fisher–Yates driven by Knuth's MMIX linear congruential generator (any permutation
        // will do: the point is that the order of the rows must not matter).
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, ((state >> 33) % (i as u64 + 1)) as usize);
        }
        let a = CurveTable::read(write(&rows).as_bytes(), "a", CurveFormat::TreasuryOfficial);
        let b = CurveTable::read(write(&shuffled).as_bytes(), "b", CurveFormat::TreasuryOfficial);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&a.dates, &b.dates);
                prop_assert_eq!(&a.yields, &b.yields);
                prop_assert!(b.report.is_balanced());
            }
            (Err(DataError::Empty { .. }), Err(DataError::Empty { .. })) => {}
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300),
                                    text in "[date,0-9./\\-\"NA\n m y]{0,200}") {
        for input in [bytes.as_slice(), text.as_bytes()] {
            for format in CurveFormat::ALL {
                let _ = CurveTable::read(input, "x", format);
            }
            let _ = Series::read(input, "x", "close", ValueUnit::Level);
            let _ = Series::read_fred(input, "x", ValueUnit::Percent);
            let _ = Settlements::read(input, "x");
            let _ = SecurityList::read(input, "x");
            let _ = EventCalendar::read(input, "x");
        }
    }
}
