//! Integration tests for the `contract` area: exchange dates, roll rules, price quotes and
//! deliverable-grade rules.

use chrono::{Datelike, NaiveDate};
use spreadtrade::calendar::Calendar;
use spreadtrade::contract::{
    ContractCode, ContractError, RollAnchor, RollRule, Root, ThirtySeconds, TickRounding,
    parse_price,
};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn code(s: &str) -> ContractCode {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Exchange dates
// ---------------------------------------------------------------------------------------------

#[test]
fn spec_2024_dates_cbot_and_cffex() {
    // Spec §1.3, §2.2 and §6 item 5 [C], with the U.S. calendar that closes on Juneteenth.
    let tu = code("TUM24").dates().unwrap();
    assert_eq!(tu.last_trading_day, d(2024, 6, 28));
    assert_eq!(tu.last_delivery_day, Some(d(2024, 7, 3)));
    assert_eq!(tu.first_notice_day, Some(d(2024, 5, 31)));
    assert_eq!(
        code("TYM24").dates().unwrap().last_trading_day,
        d(2024, 6, 18)
    );
    let t = code("T2406").dates().unwrap();
    assert_eq!(t.last_trading_day, d(2024, 6, 14));
    assert_eq!(t.payment_day, Some(d(2024, 6, 18)));
    assert_eq!(t.last_delivery_day, Some(d(2024, 6, 19)));
    assert_eq!(t.first_position_day, None);
    // TS2406 shares the CFFEX rules.
    assert_eq!(code("TS2406").last_trading_day().unwrap(), d(2024, 6, 14));
}

#[test]
fn juneteenth_decides_the_tym24_last_trading_day() {
    // Spec §1.3: counting 7 business days back from 2024-06-28 gives 06-18 when Juneteenth is a
    // holiday, 06-19 when it is not. `dates_with` lets a user test the other assumption.
    // (2023 is needed too: the listing day of TYM24 follows the expiry of TYU23.)
    let us = Calendar::us();
    let holidays = [us.holidays(2023).unwrap(), us.holidays(2024).unwrap()].concat();
    let without = Calendar::from_holidays(
        "US without Juneteenth 2024",
        2023..=2024,
        holidays.into_iter().filter(|h| *h != d(2024, 6, 19)),
    )
    .unwrap();
    assert_eq!(
        code("TYM24").dates_with(&without).unwrap().last_trading_day,
        d(2024, 6, 19)
    );
    assert_eq!(
        code("TYM24").dates().unwrap().last_trading_day,
        d(2024, 6, 18)
    );
}

#[test]
fn good_friday_cases() {
    // Good Friday 2024-03-29 is not a CBOT business day (NYSE rules): TYH24 stops on 03-19
    // (spec §1.3 [L] alternative 03-20 if it were), TUH24 on Thursday 03-28, and TUH24's last
    // delivery is three business days later, 04-03 (Easter Monday is a U.S. business day).
    assert_eq!(code("TYH24").last_trading_day().unwrap(), d(2024, 3, 19));
    let tu = code("TUH24").dates().unwrap();
    assert_eq!(tu.last_trading_day, d(2024, 3, 28));
    assert_eq!(tu.last_delivery_day, Some(d(2024, 4, 3)));
    // Good Friday 2014-04-18 was the third Friday of April: the March 2014 VX settlement moved
    // from Wednesday 03-19 to Tuesday 03-18 (rule of spec §3 [C]).
    assert_eq!(
        code("VXH14").dates().unwrap().final_settlement_day,
        Some(d(2014, 3, 18))
    );
}

#[test]
fn vx_2024_final_settlement_dates() {
    // Spec §3 [C]; a broker page lists VX DEC4 2024-12-18 and mini-VIX NOV4 2024-11-20 [S].
    let expected = [
        (1, 17),
        (2, 14),
        (3, 20),
        (4, 17),
        (5, 22),
        (6, 18), // Wednesday 06-19 is Juneteenth: the business day before it
        (7, 17),
        (8, 21),
        (9, 18),
        (10, 16),
        (11, 20),
        (12, 18),
    ];
    for (month, day) in expected {
        let c = ContractCode::new(Root::VX, 2024, month).unwrap();
        let dates = c.dates().unwrap();
        assert_eq!(dates.final_settlement_day, Some(d(2024, month, day)), "{c}");
        // Since December 2011 the expiring contract trades on its settlement morning.
        assert_eq!(dates.last_trading_day, d(2024, month, day), "{c}");
    }
}

#[test]
fn vx_last_trading_day_before_december_2011() {
    // CFE Information Circular IC11-73: from the December 2011 expiration (2011-12-21) the
    // last trading day is the final settlement day; before, it was the business day before.
    let z11 = code("VXZ11").dates().unwrap();
    assert_eq!(z11.final_settlement_day, Some(d(2011, 12, 21)));
    assert_eq!(z11.last_trading_day, d(2011, 12, 21));
    let x11 = code("VXX11").dates().unwrap();
    assert_eq!(x11.final_settlement_day, Some(d(2011, 11, 16)));
    assert_eq!(x11.last_trading_day, d(2011, 11, 15));
    // February 2008: Good Friday 2008-03-21 was the third Friday of March, so settlement moved
    // to Tuesday 02-19, and the business day before it is Friday 02-15 (02-18 was Presidents'
    // Day) [C].
    let g08 = code("VXG08").dates().unwrap();
    assert_eq!(g08.final_settlement_day, Some(d(2008, 2, 19)));
    assert_eq!(g08.last_trading_day, d(2008, 2, 15));
}

#[test]
fn ec_2024_dates() {
    // Spec §4 [C]: LTD = second business day before the third Wednesday.
    for (month, day) in [(3, 18), (6, 17), (9, 16), (12, 16)] {
        let c = ContractCode::new(Root::EC, 2024, month).unwrap();
        assert_eq!(c.last_trading_day().unwrap(), d(2024, month, day), "{c}");
    }
    // ECM24: the third Wednesday 2024-06-19 is Juneteenth, a U.S. bank holiday, so the currencies
    // are delivered on the next day that is a U.S. and a TARGET business day [C; CME's treatment
    // of that month was not verified, spec §4 [L]].
    assert_eq!(
        code("ECM24").dates().unwrap().final_settlement_day,
        Some(d(2024, 6, 20))
    );
    assert_eq!(
        code("ECU24").dates().unwrap().final_settlement_day,
        Some(d(2024, 9, 18))
    );
    // CME Clearing Advisory 13-442: October 2013 FX futures stopped on Friday 10-11 (Columbus
    // Day on Monday 10-14), delivery unchanged on Wednesday 10-16.
    let v13 = code("ECV13").dates().unwrap();
    assert_eq!(v13.last_trading_day, d(2013, 10, 11));
    assert_eq!(v13.final_settlement_day, Some(d(2013, 10, 16)));
}

#[test]
fn cffex_last_trading_day_moves_past_a_holiday() {
    // CFFEX: the second Friday, or the next trading day if it is a holiday. 2016-06-10 (Dragon
    // Boat Festival, 9-11 June) and 2019-09-13 (Mid-Autumn Festival) were second Fridays.
    for c in ["T1606", "TF1606"] {
        let dates = code(c).dates().unwrap();
        assert_eq!(dates.last_trading_day, d(2016, 6, 13), "{c}");
        assert_eq!(dates.payment_day, Some(d(2016, 6, 15)), "{c}");
        assert_eq!(dates.last_delivery_day, Some(d(2016, 6, 16)), "{c}");
    }
    let t1909 = code("T1909").dates().unwrap();
    assert_eq!(t1909.last_trading_day, d(2019, 9, 16));
    assert_eq!(t1909.payment_day, Some(d(2019, 9, 18)));
}

#[test]
fn listing_days() {
    // First batches (spec §2.1): TS1812/TS1903/TS1906 from 2018-08-17, TL2306/TL2309/TL2312
    // from 2023-04-21.
    for c in ["TS1812", "TS1903", "TS1906"] {
        assert_eq!(
            code(c).dates().unwrap().first_trading_day,
            d(2018, 8, 17),
            "{c}"
        );
    }
    assert_eq!(
        code("TL2312").dates().unwrap().first_trading_day,
        d(2023, 4, 21)
    );
    // Later contracts: the trading day after the LTD of the contract three quarters earlier
    // (spec §2.1: "a new contract starts trading on the trading day after the LTD of the
    // expiring one"). T2406 follows T2309 (LTD Friday 2023-09-08).
    assert_eq!(
        code("T2406").dates().unwrap().first_trading_day,
        d(2023, 9, 11)
    );
    // VX lists nine serial months: VXM24 follows VXU23 (settled 2023-09-20).
    assert_eq!(
        code("VXM24").dates().unwrap().first_trading_day,
        d(2023, 9, 21)
    );
    // Every contract trades before its last trading day.
    for c in ["TUM24", "TYZ99", "USH11", "ECJ24", "VXF05", "TF1403"] {
        let dates = code(c).dates().unwrap();
        assert!(dates.first_trading_day < dates.last_trading_day, "{c}");
    }
}

#[test]
fn date_errors() {
    // Never listed: before the first batch, or expired before the product started.
    let e = code("TS1809").dates().unwrap_err();
    assert!(matches!(e, ContractError::NeverListed { .. }));
    assert_eq!(
        e.to_string(),
        "TS1809 was never listed: TS contracts trade from 2018-08-17"
    );
    assert!(matches!(
        code("TYH80").last_trading_day(),
        Err(ContractError::NeverListed { .. })
    ));
    // Codes outside the representable years or the listing cycle.
    let e = ContractCode::new(Root::TU, 2070, 3).unwrap_err();
    assert_eq!(
        e.to_string(),
        "contract year 2070 is out of range: expected 1970..=2069"
    );
    let e = ContractCode::new(Root::T, 2024, 5).unwrap_err();
    assert_eq!(e.to_string(), "T does not list a contract in month 5");
    // Outside the CFFEX table (2005-2026): a clear calendar error, not a guess.
    let e = code("T2703").dates().unwrap_err();
    assert!(matches!(e, ContractError::Calendar(_)), "{e}");
    assert!(e.to_string().contains("2005..=2026"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Roll rules
// ---------------------------------------------------------------------------------------------

#[test]
fn default_rolls_for_2024() {
    let rule = RollRule::default();
    // CFFEX T: 2 trading days before each LTD (03-08, 06-14, 09-13, 12-13).
    let rolls = rule
        .roll_schedule(Root::T, d(2024, 1, 1), d(2024, 12, 31))
        .unwrap();
    let got: Vec<_> = rolls
        .iter()
        .map(|(day, from, to)| (*day, from.to_string(), to.to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            (d(2024, 3, 6), "T2403".into(), "T2406".into()),
            (d(2024, 6, 12), "T2406".into(), "T2409".into()),
            (d(2024, 9, 11), "T2409".into(), "T2412".into()),
            (d(2024, 12, 11), "T2412".into(), "T2503".into()),
        ]
    );
    // CBOT TU: 2 business days before the first position day (FPD TUM24 = 2024-05-30).
    assert_eq!(rule.roll_day(&code("TUM24")).unwrap(), d(2024, 5, 28));
    // VX monthly: 2 business days before the settlement day.
    assert_eq!(rule.roll_day(&code("VXM24")).unwrap(), d(2024, 6, 14));
}

#[test]
fn front_and_nearby_contracts() {
    let rule = RollRule::default();
    // The research note's trade date, 2024-03-20 (shared DESIGN.md).
    let day = d(2024, 3, 20);
    assert_eq!(rule.front(Root::TU, day).unwrap().to_string(), "TUM24");
    assert_eq!(rule.front(Root::TY, day).unwrap().to_string(), "TYM24");
    assert_eq!(rule.front(Root::T, day).unwrap().to_string(), "T2406");
    assert_eq!(rule.front(Root::TS, day).unwrap().to_string(), "TS2406");
    // VXH24 settles on 03-20 and rolls two days earlier: the front is April.
    assert_eq!(rule.front(Root::VX, day).unwrap().to_string(), "VXJ24");
    assert_eq!(rule.nearby(Root::VX, 3, day).unwrap().to_string(), "VXM24");
    // On a CFFEX holiday (Spring Festival 2024) the front is still well defined.
    assert_eq!(
        rule.front(Root::T, d(2024, 2, 12)).unwrap().to_string(),
        "T2403"
    );
    assert_eq!(
        rule.nearby(Root::T, 2, d(2024, 2, 12)).unwrap().to_string(),
        "T2406"
    );
    // An explicit LTD anchor for a CBOT root rolls later than the first-position default.
    let at_ltd = RollRule::new(0, Some(RollAnchor::LastTradingDay));
    assert_eq!(
        at_ltd.front(Root::TY, d(2024, 6, 3)).unwrap().to_string(),
        "TYM24"
    );
    assert_eq!(
        rule.front(Root::TY, d(2024, 6, 3)).unwrap().to_string(),
        "TYU24"
    );
}

#[test]
fn roll_errors() {
    let rule = RollRule::default();
    let e = rule.front(Root::TS, d(2018, 8, 16)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "TS started trading on 2018-08-17, found date 2018-08-16 before that"
    );
    assert!(matches!(
        rule.front(Root::TL, d(2027, 1, 4)),
        Err(ContractError::Calendar(_))
    ));
    let fpd = RollRule::default().with_anchor(RollAnchor::FirstPositionDay);
    let e = fpd.roll_day(&code("T2406")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "T contracts have no first position day (expected the last-trading-day anchor)"
    );
    assert!(matches!(
        rule.nearby(Root::TU, 0, d(2024, 1, 2)),
        Err(ContractError::InvalidNearby { n: 0 })
    ));
    assert!(matches!(
        rule.roll_schedule(Root::TU, d(2024, 2, 1), d(2024, 1, 1)),
        Err(ContractError::InvalidDateRange { .. })
    ));
    assert!(matches!(
        rule.nearby(Root::TU, 3, d(2069, 9, 1)),
        Err(ContractError::NoContract { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------

#[test]
fn treasury_quotes_and_tick_rounding() {
    // CME contract specifications (spec §1.2).
    assert_eq!(parse_price("109-16").unwrap(), 109.5);
    assert_eq!(parse_price("109-162").unwrap(), 109.0 + 16.25 / 32.0);
    assert_eq!(parse_price("109-165").unwrap(), 109.0 + 16.5 / 32.0);
    assert_eq!(parse_price("109-167").unwrap(), 109.0 + 16.75 / 32.0);
    // TU's 1/8 grid: 109-163 is 16.375/32 (spec §1.2's truncation table).
    assert_eq!(parse_price("109-163").unwrap(), 109.0 + 16.375 / 32.0);
    let e = parse_price("109-3x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected two digits of 32nds (00-31) at offset 4, found \"3\""
    );
    // Exact integer form: 1/256ths of a point.
    let p: ThirtySeconds = "109-163".parse().unwrap();
    assert_eq!(p.as_256ths(), 109 * 256 + 16 * 8 + 3);
    // TY rounds to 1/2 of 1/32; TU to 1/8 of 1/32 in 2024.
    let day = d(2024, 3, 20);
    let price = 109.0 + 16.4 / 32.0;
    let ty = Root::TY.spec();
    assert_eq!(
        ty.round_to_tick(price, day, TickRounding::Nearest).unwrap(),
        109.0 + 16.5 / 32.0
    );
    assert_eq!(
        ty.round_to_tick(price, day, TickRounding::Down).unwrap(),
        109.5
    );
    assert_eq!(ty.format_price(price, day).unwrap(), "109-165");
    assert_eq!(Root::TU.spec().format_price(price, day).unwrap(), "109-163");
    let e = Root::TY
        .spec()
        .round_to_tick(f64::INFINITY, day, TickRounding::Up)
        .unwrap_err();
    assert_eq!(e.to_string(), "expected a finite price, found price inf");
}

#[test]
fn tick_history_in_root_specs() {
    // TF: 0.002 at launch, 0.005 from the 2015-03-16 settlement (CFFEX notice, March 2015).
    let tf = Root::TF.spec();
    assert_eq!(tf.tick_size(d(2013, 9, 6)), 0.002);
    assert_eq!(tf.tick_size(d(2015, 3, 13)), 0.002);
    assert_eq!(tf.tick_size(d(2015, 3, 16)), 0.005);
    assert_eq!(tf.tick_value(d(2024, 1, 2)), 50.0);
    // TU: 1/8 of 1/32 from trade date 2019-01-14.
    assert_eq!(Root::TU.spec().tick_size(d(2019, 1, 11)), 1.0 / 128.0);
    assert_eq!(Root::TU.spec().tick_size(d(2019, 1, 14)), 1.0 / 256.0);
}

// ---------------------------------------------------------------------------------------------
// Deliverable grades
// ---------------------------------------------------------------------------------------------

fn admits(c: &str, issue: NaiveDate, maturity: NaiveDate, original: Option<u32>) -> bool {
    let c = code(c);
    c.spec()
        .deliverable_rule(&c)
        .is_some_and(|rule| rule.admits(&c, issue, maturity, original))
}

#[test]
fn vector_bonds_are_deliverable_into_their_contracts() {
    // tests/data/cbot_conversion_factors.json names, for each bond, the contract it is
    // deliverable into (TU/TY June 2024, the CME December 2008 examples, two textbook bonds).
    let json = crate::support::golden("cbot_conversion_factors.json");
    // Issue (dated) dates, from tests/data/ust_bonds.json where it has the bond and from
    // the Treasury's auction of that note otherwise; the textbook TY bond is taken as a 10-year
    // note (TY delivers notes only); `None` where the rule has no original-term limit (US).
    let issue = |bond: &str| -> Option<NaiveDate> {
        Some(match bond {
            b if b.starts_with("UST 4.625% 2026-03-15") => d(2023, 3, 15), // 3-year
            b if b.starts_with("UST 4.500% 2026-03-31") => d(2024, 3, 31), // 2-year
            b if b.starts_with("UST 3.750% 2026-04-15") => d(2023, 4, 15), // 3-year
            b if b.starts_with("UST 4.875% 2026-05-31") => d(2024, 5, 31), // 2-year
            b if b.starts_with("UST 4.250% 2031-02-28") => d(2024, 2, 29), // 7-year
            b if b.starts_with("UST 4.125% 2031-03-31") => d(2024, 3, 31), // 7-year
            b if b.starts_with("UST 2.875% 2032-05-15") => d(2022, 5, 15), // 10-year
            b if b.starts_with("UST 1.875% 2032-02-15") => d(2022, 2, 15), // 10-year
            b if b.starts_with("UST 3.750% 2018-11-15") => d(2008, 11, 15), // 10-year
            b if b.starts_with("textbook: 7.2%") => d(2022, 6, 1),         // as a 10-year note
            b if b.starts_with("UST 1.500% 2010-10-31") => d(2008, 10, 31), // 2-year
            _ => return None,
        })
    };
    let mut checked = 0;
    for v in json["vectors"].as_array().unwrap() {
        let contract = v["contract"].as_str().unwrap();
        let month = v["delivery_month"].as_str().unwrap();
        let bond = v["bond"].as_str().unwrap();
        let maturity: NaiveDate = v["inputs"]["maturity"].as_str().unwrap().parse().unwrap();
        let (y, m) = month.split_once('-').unwrap();
        let c = ContractCode::new(
            Root::from_symbol(contract).unwrap(),
            y.parse().unwrap(),
            m.parse().unwrap(),
        )
        .unwrap();
        let rule = c.spec().deliverable_rule(&c).unwrap();
        let issued = issue(bond).unwrap_or(d(2000, 1, 1));
        assert!(rule.admits(&c, issued, maturity, None), "{bond} into {c}");
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn cbot_rule_edges() {
    // Spec §1.4: remaining term in whole months rounded down from the first day of the month;
    // 1y 10m 17d counts as 1y 10m.
    let two_year = |mat| admits("TUM24", d(2024, 5, 31), mat, Some(24));
    assert!(!two_year(d(2026, 2, 28))); // 1y 8m 27d -> 20 months < 1y 9m
    assert!(two_year(d(2026, 3, 1))); // exactly 1y 9m
    assert!(two_year(d(2026, 4, 18))); // 1y 10m 17d -> 22 months
    assert!(two_year(d(2026, 6, 30))); // 2y 0m 29d: still at most 2y from the month's last day
    assert!(!two_year(d(2026, 7, 15))); // 2y 1m 14d
    // Original term: a 7-year note is never TU/FV deliverable; a 5-year one is.
    assert!(!admits("FVM24", d(2021, 8, 31), d(2028, 8, 31), None));
    assert!(admits("FVM24", d(2023, 8, 31), d(2028, 8, 31), None));
    assert!(!admits("FVM24", d(2023, 5, 31), d(2028, 5, 31), None)); // 3y 11m < 4y 2m
    // US: at least 15 years; less than 25 years from the March 2011 contract on.
    assert!(admits("USZ10", d(2006, 2, 15), d(2036, 8, 15), None)); // 25y 8m
    assert!(!admits("USH11", d(2006, 2, 15), d(2036, 8, 15), None)); // 25y 5m
    assert!(admits("USH11", d(2006, 2, 15), d(2036, 2, 15), None)); // 24y 11m
    assert!(admits("UBH11", d(2006, 2, 15), d(2036, 8, 15), None));
    assert!(!admits("UBM24", d(2024, 2, 15), d(2044, 2, 15), None));
    // TN: original-issue 10-year notes only (a 30-year bond with 9y 8m left is not one). A
    // reopening measured from its own issue date (119 months) still counts; an explicit
    // original term overrides the dates.
    assert!(admits("TNM24", d(2024, 2, 15), d(2034, 2, 15), None));
    assert!(admits("TNM24", d(2024, 3, 15), d(2034, 2, 15), None));
    assert!(!admits("TNM24", d(2004, 2, 15), d(2034, 2, 15), None));
    assert!(!admits("TNM24", d(2024, 3, 15), d(2034, 2, 15), Some(360)));
    // TN was listed in 2016: no rule before.
    let tn15 = ContractCode::new(Root::TN, 2015, 12).unwrap();
    assert!(tn15.spec().deliverable_rule(&tn15).is_none());
    // No deliverable rule for cash-settled or FX roots.
    assert!(
        code("VXM24")
            .spec()
            .deliverable_rule(&code("VXM24"))
            .is_none()
    );
}

#[test]
fn cffex_bonds_of_the_published_baskets() {
    // Spec §2.4: the T1903 deliverables (CFFEX attachment "T1903合约可交割国债和转换因子"),
    // all 10-year CGBs (issue = maturity - 10 years), reference month March 2019.
    for maturity in [
        d(2025, 10, 15),
        d(2026, 1, 28),
        d(2026, 5, 5),
        d(2026, 8, 4),
        d(2026, 11, 3),
        d(2027, 2, 9),
        d(2027, 5, 4),
        d(2027, 8, 3),
        d(2027, 11, 2),
        d(2028, 2, 1),
        d(2028, 5, 17),
    ] {
        let issue = d(maturity.year() - 10, maturity.month(), maturity.day());
        assert!(admits("T1903", issue, maturity, None), "{maturity}");
    }
    // 2024 notices (spec §2.4): 240004 (10y, 2034-02-25) into T2403/T2406/T2409; 240005 (2y,
    // 2026-03-15) into TS2406/TS2409; 240008 (5y, 2029-04-15) into TF2406/TF2409/TF2412.
    for c in ["T2403", "T2406", "T2409"] {
        assert!(admits(c, d(2024, 2, 25), d(2034, 2, 25), None), "{c}");
    }
    for c in ["TS2406", "TS2409"] {
        assert!(admits(c, d(2024, 3, 15), d(2026, 3, 15), None), "{c}");
    }
    for c in ["TF2406", "TF2409", "TF2412"] {
        assert!(admits(c, d(2024, 4, 15), d(2029, 4, 15), None), "{c}");
    }
    // 240005 is too short for TS2503 (remaining 1y 0m on 2025-03-01), 240008 too long for
    // TF2312 (5y 4m 14d > 5.25y, exact-date measure).
    assert!(!admits("TS2503", d(2024, 3, 15), d(2026, 3, 15), None));
    assert!(!admits("TF2312", d(2024, 4, 15), d(2029, 4, 15), None));
    // Eras: the TF launch rule (remaining 4-7 years) admitted a 6-year remainder in TF1403; the
    // current rule does not, and it caps the original term at 7 years.
    assert!(admits("TF1403", d(2010, 3, 1), d(2020, 3, 1), None));
    assert!(!admits("TF2403", d(2020, 3, 1), d(2030, 3, 1), None));
    assert!(!admits("TF2406", d(2019, 4, 15), d(2029, 4, 15), None)); // 10-year original
    // T: no original-term limit at launch (a 20-year bond with 7y 11m left was deliverable
    // into T1606), at most 10 years now.
    assert!(admits("T1606", d(2004, 5, 20), d(2024, 5, 20), None));
    assert!(!admits("T2406", d(2004, 5, 20), d(2034, 5, 20), None));
    assert!(admits("T2406", d(2024, 5, 20), d(2034, 5, 20), None));
}
