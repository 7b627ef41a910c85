//! Integration tests for the `calendar` area: independent implementations, real publication
//! days, history, holiday tables and business-day arithmetic properties.

use crate::support::real_data_dir;
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use spreadtrade::calendar::{Calendar, CalendarError};
use std::collections::BTreeSet;
use std::path::Path;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn weekdays(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days()
        .take_while(move |x| *x <= to)
        .filter(|x| x.weekday().num_days_from_monday() < 5)
}

/// The first-column dates of a data CSV with a header row.
fn csv_dates(path: &Path) -> BTreeSet<NaiveDate> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn us_calendar_agrees_with_nyse_holiday_cal_2020_2028() {
    // `nyse-holiday-cal` 0.2.5 is an independent NYSE table for 2020-2028 (its own lookup
    // tables, not rules). It lists the ten regular holidays only, so the one special closure of
    // those years, 2025-01-09 (national day of mourning for President Carter, announced by the
    // NYSE), is the single expected difference.
    use nyse_holiday_cal::HolidayCal;
    let us = Calendar::us();
    let mut differences = Vec::new();
    for day in d(2020, 1, 1).iter_days().take_while(|x| x.year() <= 2028) {
        let theirs = day
            .is_busday()
            .expect("2020-2028 is in nyse-holiday-cal's range");
        if us.is_business_day(day).unwrap() != theirs {
            differences.push(day);
        }
    }
    assert_eq!(differences, vec![d(2025, 1, 9)]);
    assert!(!us.is_business_day(d(2025, 1, 9)).unwrap());
}

#[test]
fn cboe_calendar_agrees_with_vix_publication_days() {
    let Some(dir) = real_data_dir() else { return };
    // Cboe publishes the VIX on its trading days. From 2022-05-30 (Memorial Day) it also prints
    // values on U.S. holidays (global trading hours), so the comparison stops on 2022-05-27.
    let vix = csv_dates(&dir.join("vix_index_daily.csv"));
    let cboe = Calendar::cboe();
    let mut differences = Vec::new();
    for day in weekdays(d(1990, 1, 2), d(2022, 5, 27)) {
        if cboe.is_business_day(day).unwrap() != vix.contains(&day) {
            differences.push(day);
        }
    }
    // Known gaps in Cboe's own file on trading days (1991-03-01, 1997-01-31, 1997-11-26,
    // 1999-12-31), and 2004-06-11 (Reagan day of mourning, exchanges closed), which the file
    // carries as a flat placeholder row (open = high = low = close = the previous close).
    let expected = vec![
        d(1991, 3, 1),
        d(1997, 1, 31),
        d(1997, 11, 26),
        d(1999, 12, 31),
        d(2004, 6, 11),
    ];
    assert_eq!(differences, expected);
}

#[test]
fn target_calendar_matches_ecb_reference_rate_days() {
    let Some(dir) = real_data_dir() else { return };
    // The ECB publishes its euro reference rates on TARGET business days only (data README §4).
    let ecb = csv_dates(&dir.join("eurusd_ecb_reference_rate_daily.csv"));
    let last = *ecb.iter().next_back().unwrap();
    let target = Calendar::target();
    let differences: Vec<_> = weekdays(d(1999, 1, 4), last)
        .filter(|&day| target.is_business_day(day).unwrap() != ecb.contains(&day))
        .collect();
    assert_eq!(differences, Vec::<NaiveDate>::new());
    assert!(last >= d(2026, 10, 30));
}

#[test]
fn china_table_agrees_with_chinabond_weekdays() {
    let Some(dir) = real_data_dir() else { return };
    // ChinaBond publishes its curve on interbank business days, which include make-up working
    // weekends: only weekdays are comparable (fixtures/calendars/README.md).
    let cb = csv_dates(&dir.join("china_govt_bond_yield_curve_chinabond_2002_2016.csv"));
    let cn = Calendar::china();
    let mut differences = Vec::new();
    for day in weekdays(d(2005, 1, 1), d(2016, 12, 31)) {
        if cn.is_business_day(day).unwrap() != cb.contains(&day) {
            differences.push(day);
        }
    }
    // The stock exchanges closed for the whole Spring Festival week in 2005 and 2006 while the
    // interbank market was open on these days.
    let expected = vec![d(2005, 2, 7), d(2005, 2, 8), d(2006, 1, 26), d(2006, 1, 27)];
    assert_eq!(differences, expected);
    // ChinaBond's weekend rows are make-up working days: never exchange trading days.
    for day in cb
        .iter()
        .filter(|x| x.year() >= 2005 && x.weekday().num_days_from_monday() >= 5)
    {
        assert!(!cn.is_business_day(*day).unwrap(), "{day}");
    }
}

#[test]
fn us_history_of_rules_and_special_closures() {
    let us = Calendar::us();
    let closed = |day| !us.is_business_day(day).unwrap();
    // Washington's Birthday: 22 February on the nearest weekday in 1970 (Sunday -> Monday 23),
    // third Monday from 1971 (Uniform Monday Holiday Act).
    assert!(closed(d(1970, 2, 23)));
    assert!(closed(d(1971, 2, 15)));
    // Martin Luther King Jr. Day from 1998 only.
    assert!(!closed(d(1997, 1, 20)));
    assert!(closed(d(1998, 1, 19)));
    // Juneteenth from 2022 (not in 2021); a Saturday Juneteenth closes the Friday (2027).
    assert!(!closed(d(2021, 6, 18)));
    assert!(closed(d(2022, 6, 20)));
    assert!(closed(d(2027, 6, 18)));
    // Presidential Election Days 1972-1980, special closures (NYSE closings history).
    for day in [
        d(1972, 11, 7),
        d(1980, 11, 4),
        d(1977, 7, 14),
        d(1985, 9, 27),
        d(1994, 4, 27),
        d(2001, 9, 11),
        d(2001, 9, 14),
        d(2004, 6, 11),
        d(2007, 1, 2),
        d(2012, 10, 29),
        d(2012, 10, 30),
        d(2018, 12, 5),
        d(2025, 1, 9),
    ] {
        assert!(closed(day), "{day}");
    }
    assert!(!closed(d(1984, 11, 6)));
    // Saturday New Year's Day is not made up: 2021-12-31 was a trading day.
    assert!(!closed(d(2021, 12, 31)));
    assert_eq!(us.years(), 1970..=2099);
}

#[test]
fn target_extra_closing_days() {
    // ECB: TARGET closed on 31 December 1999 and 2001, not in other years; Good Friday, Easter
    // Monday, 1 May and 26 December only from 2000.
    let t = Calendar::target();
    let closed = |day| !t.is_business_day(day).unwrap();
    assert!(closed(d(1999, 12, 31)));
    assert!(closed(d(2001, 12, 31)));
    assert!(!closed(d(2002, 12, 31)));
    assert!(!closed(d(1999, 4, 2))); // Good Friday 1999
    assert!(closed(d(2000, 4, 21))); // Good Friday 2000
    assert!(closed(d(2000, 4, 24))); // Easter Monday 2000
    assert!(matches!(
        t.is_business_day(d(1998, 12, 31)),
        Err(CalendarError::DateOutOfRange { .. })
    ));
}

#[test]
fn china_calendar_skips_spring_festival_and_make_up_weekends() {
    let cn = Calendar::china();
    // Spring Festival 2024 (State Council notice): closed 12-16 February; Sunday 18 February was
    // a make-up working day for offices but not for the exchanges.
    assert_eq!(
        cn.add_business_days(d(2024, 2, 8), 2).unwrap(),
        d(2024, 2, 19)
    );
    assert_eq!(cn.next_business_day(d(2024, 2, 9)).unwrap(), d(2024, 2, 19));
    assert_eq!(
        cn.previous_business_day(d(2024, 2, 19)).unwrap(),
        d(2024, 2, 9)
    );
    // 2026 table from the State Council notice 国办发明电〔2025〕7号.
    assert_eq!(cn.holidays(2026).unwrap().len(), 19);
    assert!(!cn.is_business_day(d(2026, 2, 23)).unwrap());
    let e = cn.is_business_day(d(2004, 12, 31)).unwrap_err();
    assert!(e.to_string().contains("outside that range"), "{e}");
}

#[test]
fn holiday_table_from_a_file() {
    let dir = std::env::temp_dir().join(format!("spreadtrade-cal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("holidays.csv");
    std::fs::write(&path, "# test table\ndate,name\n2024-12-24,Christmas Eve\n").unwrap();
    let cal = Calendar::from_holiday_csv(&path, "custom", 2024..=2024).unwrap();
    assert_eq!(cal.name(), "custom");
    assert_eq!(cal.holidays(2024).unwrap(), vec![d(2024, 12, 24)]);
    // The embedded China table read from disk gives the same calendar.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/calendars/china_exchange_holidays.csv");
    let from_disk = Calendar::from_holiday_csv(&fixture, "China", 2005..=2026).unwrap();
    assert_eq!(&from_disk, Calendar::china());
    // Errors name the file and line.
    std::fs::write(&path, "date\n2024-02-30\n").unwrap();
    let e = Calendar::from_holiday_csv(&path, "bad", 2024..=2024).unwrap_err();
    assert!(
        matches!(
            e,
            CalendarError::Table {
                line: 2,
                column: 1,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("holidays.csv:2:1"), "{e}");
    let e = Calendar::from_holiday_csv(&dir.join("missing.csv"), "x", 2024..=2024).unwrap_err();
    assert!(matches!(e, CalendarError::Io { .. }), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The calendars under test.
fn calendars() -> impl Strategy<Value = &'static Calendar> {
    prop_oneof![
        Just(Calendar::us()),
        Just(Calendar::target()),
        Just(Calendar::china()),
    ]
}

/// A date in the calendar's years, weighted towards the first and last months of its range
/// (where steps can leave it) and towards the second half of December (a holiday cluster).
fn date_in(cal: &'static Calendar) -> impl Strategy<Value = NaiveDate> {
    let first = d(*cal.years().start(), 1, 1);
    let last = d(*cal.years().end(), 12, 31);
    let span = (last - first).num_days() as u64;
    prop_oneof![
        (0..=span).prop_map(move |k| first + Days::new(k)),
        (0u64..60).prop_map(move |k| first + Days::new(k)),
        (0u64..60).prop_map(move |k| last - Days::new(k)),
        (*cal.years().start()..=*cal.years().end(), 0u64..14)
            .prop_map(|(y, k)| d(y, 12, 18) + Days::new(k)),
    ]
}

/// Steps of business days: small, around a month, around a year, and zero.
fn step() -> impl Strategy<Value = i32> {
    prop_oneof![-5i32..=5, -30i32..=30, -400i32..=400]
}

proptest! {
    #[test]
    fn add_then_subtract_returns_to_a_business_day(
        (cal, day) in calendars().prop_flat_map(|c| (Just(c), date_in(c))),
        n in step(),
    ) {
        prop_assume!(cal.is_business_day(day).unwrap());
        match cal.add_business_days(day, n) {
            Ok(there) => {
                prop_assert!(cal.is_business_day(there).unwrap());
                prop_assert_eq!(cal.add_business_days(there, -n).unwrap(), day);
                prop_assert_eq!(cal.business_days_between(day, there).unwrap(), i64::from(n));
            }
            Err(e) => prop_assert!(matches!(e, CalendarError::StepOutOfRange { .. }), "{}", e),
        }
    }

    #[test]
    fn steps_never_land_on_a_closed_day(
        (cal, day) in calendars().prop_flat_map(|c| (Just(c), date_in(c))),
        n in step(),
    ) {
        prop_assume!(n != 0);
        if let Ok(there) = cal.add_business_days(day, n) {
            prop_assert!(cal.is_business_day(there).unwrap());
            prop_assert_eq!(there > day, n > 0);
            // Exactly |n| business days lie strictly between day and there, plus there itself.
            let (lo, hi) = if n > 0 { (day, there) } else { (there, day) };
            let inner = cal.business_days(lo.succ_opt().unwrap(), hi.pred_opt().unwrap())
                .map(|it| it.count())
                .unwrap_or(0);
            prop_assert_eq!(inner as i32 + 1, n.abs());
        }
        let next = cal.next_business_day(day);
        if let Ok(next) = next {
            prop_assert!(next > day && cal.is_business_day(next).unwrap());
            prop_assert!(cal.business_days(day.succ_opt().unwrap(), next.pred_opt().unwrap())
                .map(|it| it.count()).unwrap_or(0) == 0);
        }
    }
}
