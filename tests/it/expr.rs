//! Integration tests for the `expr` area: the spread-expression language through the public
//! API, DV01 arithmetic against the reference vectors, and the `spreadtrade parse` command.

use proptest::prelude::*;
use spreadtrade::contract::{ContractCode, MAX_CONTRACT_YEAR, MIN_CONTRACT_YEAR, Root};
use spreadtrade::instrument::{
    ExprError, Leg, LegContract, MAX_NEARBY, Nearby, SpreadExpr, dv01_neutral, net_dv01,
    neutral_ratio,
};
use spreadtrade::tolerance::HEDGE_RATIO_REL;
use spreadtrade::units::Currency;
#[cfg(feature = "cli")]
use std::process::{Command, Output};

// ---------------------------------------------------------------------------------------------
// Parsing through the public API

#[test]
fn research_note_trades_parse_to_their_legs() {
    // The trades of the March 2024 research note (shared DESIGN.md, spec §0).
    type Case<'a> = (&'a str, &'a str, &'a [(f64, &'a str)]);
    let cases: [Case; 6] = [
        ("+VXM24", "1×VXM24", &[(1.0, "VXM24")]),
        ("-ECM24", "−1×ECM24", &[(-1.0, "ECM24")]),
        (
            "2×TUM24−1×TYM24",
            "2×TUM24−1×TYM24",
            &[(2.0, "TUM24"), (-1.0, "TYM24")],
        ),
        ("+TYM24", "1×TYM24", &[(1.0, "TYM24")]),
        ("+1×T−2×TS", "1×T−2×TS", &[(1.0, "T"), (-2.0, "TS")]),
        (
            "1.65×TUM24−TYM24",
            "1.65×TUM24−1×TYM24",
            &[(1.65, "TUM24"), (-1.0, "TYM24")],
        ),
    ];
    for (text, canonical, legs) in cases {
        let spread: SpreadExpr = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(spread.to_string(), canonical, "{text}");
        let got: Vec<(f64, String)> = spread
            .legs()
            .iter()
            .map(|l| (l.ratio(), l.contract().to_string()))
            .collect();
        let want: Vec<(f64, String)> = legs.iter().map(|&(r, c)| (r, c.to_owned())).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn every_error_class_reports_its_offset() {
    use ExprError as E;
    // (text, offset, class check)
    type Case<'a> = (&'a str, usize, fn(&ExprError) -> bool);
    let cases: [Case; 15] = [
        ("", 0, |e| matches!(e, E::Blank { .. })),
        ("  \t", 3, |e| matches!(e, E::Blank { .. })),
        ("2×", 3, |e| matches!(e, E::DanglingOperator { .. })),
        ("TUM24−", 8, |e| matches!(e, E::DanglingOperator { .. })),
        ("TUM24 TYM24", 6, |e| matches!(e, E::MissingSign { .. })),
        ("-0×TUM24", 1, |e| matches!(e, E::ZeroRatio { .. })),
        ("1.2.3×TUM24", 0, |e| matches!(e, E::BadRatio { .. })),
        ("TUM24 - 2", 9, |e| {
            matches!(e, E::RatioWithoutContract { .. })
        }),
        ("2TUM24", 1, |e| matches!(e, E::MissingMultiply { .. })),
        ("TU − TU1", 7, |e| matches!(e, E::DuplicateLeg { .. })),
        ("TUM24+QQM24", 6, |e| matches!(e, E::UnknownRoot { .. })),
        ("T - T24", 5, |e| matches!(e, E::BadNearby { .. })),
        ("2×TUJ24", 5, |e| matches!(e, E::BadCode { .. })),
        ("TUM24×2", 5, |e| matches!(e, E::UnexpectedToken { .. })),
        ("TUM24 ÷ TYM24", 6, |e| {
            matches!(e, E::StrayCharacter { .. })
        }),
    ];
    for (text, offset, is_class) in cases {
        let e = text.parse::<SpreadExpr>().unwrap_err();
        assert!(is_class(&e), "{text:?}: {e:?}");
        assert_eq!(e.offset(), Some(offset), "{text:?}: {e}");
        assert!(
            e.to_string().contains(&format!("at offset {offset}")),
            "{text:?}: {e}"
        );
    }
}

#[test]
fn messages_say_what_was_expected_and_found() {
    let msg = |t: &str| t.parse::<SpreadExpr>().unwrap_err().to_string();
    assert_eq!(
        msg("2×TUM24 − ×TYM24"),
        "expected a ratio or a contract at offset 13, found \"×\""
    );
    assert_eq!(
        msg("2×TUA24"),
        "expected a month letter (F G H J K M N Q U V X Z) at offset 5, found \"A\""
    );
    assert_eq!(
        msg("TUJ24"),
        "expected a quarterly month letter (H M U Z) at offset 2, found \"J\" \
         (TU does not list April contracts)"
    );
}

#[test]
fn serde_round_trips_through_the_canonical_string() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Config {
        spread: SpreadExpr,
        hedge: LegContract,
        code: ContractCode,
    }
    let config = Config {
        spread: "2*ZTM4 - ZNM4".parse().unwrap(),
        hedge: "T2".parse().unwrap(),
        code: "6EM4".parse().unwrap(),
    };
    let json = serde_json::to_string(&config).unwrap();
    assert_eq!(
        json,
        r#"{"spread":"2×TUM24−1×TYM24","hedge":"T2","code":"ECM24"}"#
    );
    assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), config);
}

// ---------------------------------------------------------------------------------------------
// DV01 arithmetic against the reference vectors

#[test]
fn futures_dv01_vector_gives_the_published_tu_per_ty_ratio() {
    // tests/data/futures_dv01.json (QuantLib 1.44 CTD DV01s; sources in tests/data/README.md).
    let doc = crate::support::golden("futures_dv01.json");
    let dv01_of = |contract: &str| -> f64 {
        doc["legs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["contract"] == contract)
            .and_then(|l| l["futures_dv01_usd_per_contract"].as_f64())
            .unwrap_or_else(|| panic!("no DV01 for {contract}"))
    };
    let (tu, ty) = (dv01_of("TUM24"), dv01_of("TYM24"));
    let published = doc["tu_contracts_per_ty_for_dv01_neutral"]
        .as_f64()
        .unwrap();
    let close = |a: f64| (a - published).abs() <= HEDGE_RATIO_REL * published;

    assert!(close(neutral_ratio(tu, ty).unwrap()));
    // Short 1 TY, solve the TU leg.
    let spread: SpreadExpr = "−TYM24 + TUM24".parse().unwrap();
    let neutral = dv01_neutral(&spread, &[ty, tu], None).unwrap();
    assert_eq!(neutral.legs()[0].ratio(), -1.0);
    assert!(close(neutral.legs()[1].ratio()), "{neutral}");
    let net = net_dv01(&neutral, &[ty, tu]).unwrap()[&Currency::Usd];
    assert!(net.abs() <= HEDGE_RATIO_REL * ty, "{net}");
}

// ---------------------------------------------------------------------------------------------
// The `spreadtrade parse` command

#[cfg(feature = "cli")]
fn spreadtrade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spreadtrade"))
        .args(args)
        .output()
        .expect("the spreadtrade binary runs")
}

#[cfg(feature = "cli")]
#[test]
fn cli_json_has_the_documented_keys() {
    let out = spreadtrade(&["parse", "2*TUM24 - TYM24", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "canonical": "2×TUM24−1×TYM24",
            "legs": [
                {"ratio": 2.0, "contract": "TUM24"},
                {"ratio": -1.0, "contract": "TYM24"}
            ]
        })
    );
    let out = spreadtrade(&["parse", "--json", "+1×T−2×TS"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["canonical"], "1×T−2×TS");
    assert_eq!(doc["legs"][0]["contract"], "T");
    assert_eq!(doc["legs"][1]["ratio"], -2.0);
}

#[cfg(feature = "cli")]
#[test]
fn cli_accepts_an_expression_starting_with_a_hyphen() {
    let out = spreadtrade(&["parse", "-ECM24", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["canonical"], "−1×ECM24");
    assert_eq!(doc["legs"][0]["ratio"], -1.0);
}

#[cfg(feature = "cli")]
#[test]
fn cli_human_output_lists_legs_with_exchange_currency_and_product() {
    let out = spreadtrade(&["parse", "2×TUM24−TU1+0.5×T2406"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "2×TUM24−1×TU1+0.5×T2406");
    let row = |contract: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.split_whitespace().nth(1) == Some(contract))
            .unwrap_or_else(|| panic!("no row for {contract} in\n{text}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect()
    };
    assert_eq!(
        row("TUM24"),
        [
            "2",
            "TUM24",
            "2024-06",
            "CBOT",
            "USD",
            "2-Year U.S. Treasury Note"
        ]
    );
    assert_eq!(
        row("TU1"),
        [
            "-1",
            "TU1",
            "front",
            "CBOT",
            "USD",
            "2-Year U.S. Treasury Note"
        ]
    );
    assert_eq!(
        row("T2406"),
        [
            "0.5",
            "T2406",
            "2024-06",
            "CFFEX",
            "CNY",
            "10-year China Government Bond"
        ]
    );
}

#[cfg(feature = "cli")]
#[test]
fn cli_bad_input_exits_2_with_one_line_naming_the_offset() {
    for (expr, offset) in [
        ("2×TUM24−", 11),
        ("TUM24 / TYM24", 6),
        ("", 0),
        ("TU\nTY", 3),
    ] {
        let out = spreadtrade(&["parse", expr]);
        assert_eq!(out.status.code(), Some(2), "{expr:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{expr:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(
            stderr.contains(&format!("at offset {offset}")),
            "{expr:?}: {stderr}"
        );
    }
    let out = spreadtrade(&["parse", "2×TUM24−", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// Globex alias of a root, where it has one (spec §0).
fn alias(root: Root) -> Option<&'static str> {
    match root {
        Root::TU => Some("ZT"),
        Root::FV => Some("ZF"),
        Root::TY => Some("ZN"),
        Root::US => Some("ZB"),
        Root::EC => Some("6E"),
        _ => None,
    }
}

/// Any listed contract 1970–2069 (both ends of the 2-digit-year pivot).
fn contract_code() -> impl Strategy<Value = ContractCode> {
    (
        proptest::sample::select(Root::ALL.to_vec()),
        MIN_CONTRACT_YEAR..=MAX_CONTRACT_YEAR,
        1u32..=12,
    )
        .prop_filter_map("month not listed", |(root, year, month)| {
            ContractCode::new(root, year, month).ok()
        })
}

/// Specific codes and generic legs (bare root, nearby 1 to the maximum).
fn leg_contract() -> impl Strategy<Value = LegContract> {
    let generic = (
        proptest::sample::select(Root::ALL.to_vec()),
        proptest::option::of(1..=MAX_NEARBY),
    )
        .prop_map(|(root, nearby)| LegContract::Generic {
            root,
            nearby: nearby.and_then(Nearby::new),
        });
    prop_oneof![contract_code().prop_map(LegContract::Specific), generic]
}

/// Ratios users write (small integers, two decimals) and any positive finite `f64`, from
/// subnormals to `f64::MAX`.
fn ratio() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=10).prop_map(f64::from),
        (1u32..=1000).prop_map(|n| f64::from(n) / 100.0),
        (proptest::num::f64::POSITIVE | proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL)
            .prop_filter("finite non-zero", |r| r.is_finite() && *r > 0.0),
    ]
}

/// Spreads of 1–6 legs with distinct contracts and either sign.
fn spread() -> impl Strategy<Value = SpreadExpr> {
    proptest::collection::vec((any::<bool>(), ratio(), leg_contract()), 1..=6).prop_filter_map(
        "duplicate contracts",
        |legs| {
            let legs = legs
                .into_iter()
                .map(|(long, r, c)| Leg::new(if long { r } else { -r }, c))
                .collect::<Result<Vec<_>, _>>()
                .ok()?;
            SpreadExpr::new(legs).ok()
        },
    )
}

/// One way of writing a leg other than the canonical one.
#[derive(Debug, Clone, Copy)]
struct Style {
    ascii_ops: bool,
    spaces: bool,
    omit_unit_ratio: bool,
    lower_case: bool,
    alias: bool,
    plus_first: bool,
}

fn style() -> impl Strategy<Value = Style> {
    any::<[bool; 6]>().prop_map(|b| Style {
        ascii_ops: b[0],
        spaces: b[1],
        omit_unit_ratio: b[2],
        lower_case: b[3],
        alias: b[4],
        plus_first: b[5],
    })
}

/// Another spelling of a contract: Globex alias, 1-digit year in the default decade, `.CFE`.
fn spell(contract: LegContract, s: Style) -> String {
    let text = match contract {
        LegContract::Specific(code) if s.alias => {
            let root = alias(code.root())
                .unwrap_or(code.root().as_str())
                .to_owned();
            let canonical = code.to_string();
            let tail = &canonical[code.root().as_str().len()..];
            if code.is_cffex_style() {
                format!("{root}{tail}.CFE")
            } else if (2020..=2029).contains(&code.year()) {
                // Month letter and the last digit of the year: `ZNM4`.
                format!("{root}{}{}", &tail[..1], &tail[2..])
            } else {
                format!("{root}{tail}")
            }
        }
        LegContract::Generic { root, nearby } if s.alias => {
            let root = alias(root).unwrap_or(root.as_str());
            nearby.map_or(root.to_owned(), |n| format!("{root}{n}"))
        }
        other => other.to_string(),
    };
    if s.lower_case {
        text.to_ascii_lowercase()
    } else {
        text
    }
}

/// Writes the spread in the given styles, one per leg.
fn render(spread: &SpreadExpr, styles: &[Style]) -> String {
    let mut out = String::new();
    for (i, (leg, s)) in spread.legs().iter().zip(styles.iter().cycle()).enumerate() {
        let sp = if s.spaces { " " } else { "" };
        let sign = match (leg.is_long(), s.ascii_ops) {
            (true, _) if i == 0 && !s.plus_first => "",
            (true, _) => "+",
            (false, true) => "-",
            (false, false) => "−",
        };
        out.push_str(&format!("{sp}{sign}{sp}"));
        let magnitude = leg.ratio().abs();
        if !(s.omit_unit_ratio && magnitude == 1.0) {
            let times = if s.ascii_ops { "*" } else { "×" };
            out.push_str(&format!("{magnitude}{sp}{times}{sp}"));
        }
        out.push_str(&spell(leg.contract(), *s));
    }
    out
}

/// Text made of the language's own characters, so that most paths past the lexer are hit.
fn near_grammar_text() -> impl Strategy<Value = String> {
    "[TUYFVSNLBECXZ6MHJ0-9. +\\-−×*/]{0,24}"
}

proptest! {
    #[test]
    fn display_then_parse_gives_the_same_spread(spread in spread()) {
        let text = spread.to_string();
        prop_assert_eq!(text.parse::<SpreadExpr>().unwrap(), spread);
    }

    #[test]
    fn other_spellings_parse_to_the_same_spread(
        spread in spread(),
        styles in proptest::collection::vec(style(), 1..=6),
    ) {
        let text = render(&spread, &styles);
        let parsed = text.parse::<SpreadExpr>();
        prop_assert!(parsed.is_ok(), "{:?}: {:?}", text, parsed);
        prop_assert_eq!(parsed.unwrap(), spread);
    }

    #[test]
    fn serde_round_trips(spread in spread()) {
        let json = serde_json::to_string(&spread).unwrap();
        prop_assert_eq!(serde_json::from_str::<SpreadExpr>(&json).unwrap(), spread);
    }

    #[test]
    fn arbitrary_strings_never_panic_and_errors_point_inside(text in any::<String>()) {
        if let Err(e) = text.parse::<SpreadExpr>() {
            let offset = e.offset().unwrap();
            prop_assert!(offset <= text.len() && text.is_char_boundary(offset), "{e}");
        }
        let _ = text.parse::<LegContract>();
    }

    #[test]
    fn near_grammar_text_never_panics(text in near_grammar_text()) {
        match text.parse::<SpreadExpr>() {
            Ok(spread) => prop_assert_eq!(spread.to_string().parse::<SpreadExpr>().unwrap(), spread),
            Err(e) => {
                let offset = e.offset().unwrap();
                prop_assert!(offset <= text.len() && text.is_char_boundary(offset), "{e}");
            }
        }
    }

    #[test]
    fn dv01_neutral_spreads_have_zero_net_dv01(
        spread in spread(),
        sizes in proptest::collection::vec(0.01f64..100.0, 6),
        dv01s in proptest::collection::vec(0.01f64..1000.0, 6),
    ) {
        // The USD legs, with ratios of a size people trade (signs kept).
        let usd_legs: Vec<Leg> = spread
            .legs()
            .iter()
            .filter(|l| l.currency() == Currency::Usd)
            .zip(&sizes)
            .map(|(l, size)| Leg::new(size.copysign(l.ratio()), l.contract()).unwrap())
            .collect();
        let Ok(usd) = SpreadExpr::new(usd_legs) else { return Ok(()) };
        let dv01s = &dv01s[..usd.legs().len()];
        let first_long = usd.legs()[0].is_long();
        match dv01_neutral(&usd, dv01s, None) {
            Ok(neutral) => {
                let net = net_dv01(&neutral, dv01s).unwrap()[&Currency::Usd];
                let gross: f64 = neutral.legs().iter().zip(dv01s).map(|(l, d)| (l.ratio() * d).abs()).sum();
                prop_assert!(net.abs() <= HEDGE_RATIO_REL * gross, "{} {}", neutral, net);
                // The first leg's side is untouched; the signs never change.
                for (before, after) in usd.legs().iter().zip(neutral.legs()) {
                    prop_assert_eq!(before.is_long(), after.is_long());
                    if before.is_long() == first_long {
                        prop_assert_eq!(before.ratio(), after.ratio());
                    }
                }
            }
            Err(e) => {
                // Only a one-sided spread has no answer at these sizes.
                let one_sided = usd.legs().iter().all(|l| l.is_long() == first_long);
                prop_assert!(one_sided, "{}", e);
            }
        }
    }
}
