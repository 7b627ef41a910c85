//! Holiday rules that can be computed: the Gregorian Easter date, the U.S. exchange (NYSE)
//! holiday rules with their history, and the TARGET closing days.
//!
//! Each generator pushes the **weekday** holidays of one year; weekends are closed in every
//! calendar of this crate and are not listed.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The date of Easter Sunday in the Gregorian calendar.
///
/// # Formula
///
/// The "anonymous Gregorian algorithm" (Meeus/Jones/Butcher), all divisions integer:
///
/// ```text
/// a = Y mod 19            b = Y div 100          c = Y mod 100
/// d = b div 4             e = b mod 4            f = (b + 8) div 25
/// g = (b - f + 1) div 3   h = (19a + b - d - g + 15) mod 30
/// i = c div 4             k = c mod 4            l = (32 + 2e + 2i - h - k) mod 7
/// m = (a + 11h + 22l) div 451
/// month = (h + l - 7m + 114) div 31
/// day   = (h + l - 7m + 114) mod 31 + 1
/// ```
///
/// where `Y` is the year (a calendar year ≥ 1583) and `a..m` are dimensionless integers.
///
/// # Conventions
///
/// Western (Gregorian) Easter, as observed by U.S. exchanges (Good Friday) and TARGET (Good
/// Friday, Easter Monday).
///
/// # References
///
/// J. Meeus, *Astronomical Algorithms*, 2nd ed. (1998), chapter 8 "Date of Easter", the
/// Gregorian-calendar method credited there to an anonymous 1876 correspondent of *Nature*
/// (Butcher's Ecclesiastical Calendar).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::calendar::easter_sunday;
///
/// // Easter 2024 was on 31 March (so Good Friday 2024-03-29, spec §1.3).
/// assert_eq!(easter_sunday(2024), NaiveDate::from_ymd_opt(2024, 3, 31));
/// // Meeus's own check values: 1818 on 22 March (the earliest possible date) and 2038 on 25 April.
/// assert_eq!(easter_sunday(1818), NaiveDate::from_ymd_opt(1818, 3, 22));
/// assert_eq!(easter_sunday(2038), NaiveDate::from_ymd_opt(2038, 4, 25));
/// ```
///
/// Returns `None` for years before the Gregorian reform (1583) or beyond chrono's date range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if year < 1583 {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The `n`-th (1-based) `weekday` of a month, e.g. the third Monday of January.
pub(crate) fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// The last `weekday` of a month, e.g. the last Monday of May.
pub(crate) fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let last = last_day_of_month(year, month)?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// The last calendar day of a month.
pub(crate) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// A fixed-date holiday moved to Friday when it falls on a Saturday and to Monday when it falls
/// on a Sunday (the NYSE "nearest weekday" observance).
fn nearest_weekday(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => date.pred_opt(),
        Weekday::Sun => date.succ_opt(),
        _ => Some(date),
    }
}

/// First year of the U.S. exchange rules below.
pub(crate) const US_FIRST_YEAR: i32 = 1970;
/// Last year of the U.S. exchange rules below.
pub(crate) const US_LAST_YEAR: i32 = 2099;

/// Unscheduled full-day NYSE closures (and the 1972–1980 presidential Election Day closures) in
/// the years the U.S. rules cover. Sources: the NYSE closings history as transcribed in
/// pandas_market_calendars `holidays_nyse.py` and exchange_calendars `exchange_calendar_xnys.py`;
/// 2025-01-09 from the NYSE's announcement for President Carter's national day of mourning.
const US_SPECIAL_CLOSURES: [(i32, u32, u32); 18] = [
    (1972, 11, 7),  // presidential Election Day
    (1972, 12, 28), // funeral of President Truman
    (1973, 1, 25),  // funeral of President Johnson
    (1976, 11, 2),  // presidential Election Day
    (1977, 7, 14),  // New York City blackout
    (1980, 11, 4),  // presidential Election Day (the last one the NYSE closed for)
    (1985, 9, 27),  // Hurricane Gloria
    (1994, 4, 27),  // funeral of President Nixon
    (2001, 9, 11),  // September 11 attacks, closed through 14 September
    (2001, 9, 12),
    (2001, 9, 13),
    (2001, 9, 14),
    (2004, 6, 11),  // national day of mourning, President Reagan
    (2007, 1, 2),   // national day of mourning, President Ford
    (2012, 10, 29), // Hurricane Sandy
    (2012, 10, 30),
    (2018, 12, 5), // national day of mourning, President G. H. W. Bush
    (2025, 1, 9),  // national day of mourning, President Carter
];

/// Pushes the weekday NYSE holidays of `year` (1970–2099) onto `out`.
///
/// Rules (NYSE Rule 7.2 as applied historically; see [`super::Calendar::us`] for the sources):
/// New Year's Day (a Sunday moves to Monday; a Saturday is **not** made up on the Friday before);
/// Martin Luther King Jr. Day, third Monday of January, from 1998; Washington's Birthday, 22
/// February observed on the nearest weekday in 1970 and the third Monday of February from 1971
/// (Uniform Monday Holiday Act); Good Friday; Memorial Day, last Monday of May from 1971 (30 May
/// 1970 was a Saturday and was not observed); Juneteenth, 19 June on the nearest weekday from
/// 2022; Independence Day, Christmas Day: nearest weekday; Labor Day, first Monday of September;
/// Thanksgiving, fourth Thursday of November; plus [`US_SPECIAL_CLOSURES`].
pub(crate) fn us_exchange_holidays(year: i32, out: &mut Vec<NaiveDate>) {
    let mut push = |d: Option<NaiveDate>| {
        if let Some(d) = d
            && d.year() == year
            && d.weekday().num_days_from_monday() < 5
        {
            out.push(d);
        }
    };
    // New Year's Day: Sunday -> Monday 2 January; Saturday -> no holiday (the Friday before
    // closes a year of accounts and stays open).
    let nyd = NaiveDate::from_ymd_opt(year, 1, 1);
    push(nyd.and_then(|d| match d.weekday() {
        Weekday::Sun => d.succ_opt(),
        Weekday::Sat => None,
        _ => Some(d),
    }));
    if year >= 1998 {
        push(nth_weekday(year, 1, Weekday::Mon, 3));
    }
    if year >= 1971 {
        push(nth_weekday(year, 2, Weekday::Mon, 3));
    } else {
        push(NaiveDate::from_ymd_opt(year, 2, 22).and_then(nearest_weekday));
    }
    push(easter_sunday(year).and_then(|e| e.checked_sub_days(Days::new(2))));
    if year >= 1971 {
        push(last_weekday(year, 5, Weekday::Mon));
    }
    if year >= 2022 {
        push(NaiveDate::from_ymd_opt(year, 6, 19).and_then(nearest_weekday));
    }
    push(NaiveDate::from_ymd_opt(year, 7, 4).and_then(nearest_weekday));
    push(nth_weekday(year, 9, Weekday::Mon, 1));
    push(nth_weekday(year, 11, Weekday::Thu, 4));
    push(NaiveDate::from_ymd_opt(year, 12, 25).and_then(nearest_weekday));
    for (y, m, d) in US_SPECIAL_CLOSURES {
        if y == year {
            push(NaiveDate::from_ymd_opt(y, m, d));
        }
    }
}

/// First year of the TARGET rules below (TARGET started operating on 4 January 1999).
pub(crate) const TARGET_FIRST_YEAR: i32 = 1999;
/// Last year of the TARGET rules below.
pub(crate) const TARGET_LAST_YEAR: i32 = 2099;

/// Pushes the weekday TARGET closing days of `year` (1999–2099) onto `out`.
///
/// New Year's Day and Christmas Day every year; Good Friday, Easter Monday, Labour Day (1 May)
/// and 26 December from 2000; 31 December in 1999 and 2001 (the extra closing days around the
/// euro changeover). Sources: ECB, TARGET closing days (press releases of 1999–2000 and the
/// TARGET2 calendar); the same rule set is used by QuantLib `ql/time/calendars/target.cpp`.
pub(crate) fn target_holidays(year: i32, out: &mut Vec<NaiveDate>) {
    let mut push = |d: Option<NaiveDate>| {
        if let Some(d) = d
            && d.weekday().num_days_from_monday() < 5
        {
            out.push(d);
        }
    };
    push(NaiveDate::from_ymd_opt(year, 1, 1));
    push(NaiveDate::from_ymd_opt(year, 12, 25));
    if year >= 2000 {
        if let Some(easter) = easter_sunday(year) {
            push(easter.checked_sub_days(Days::new(2)));
            push(easter.checked_add_days(Days::new(1)));
        }
        push(NaiveDate::from_ymd_opt(year, 5, 1));
        push(NaiveDate::from_ymd_opt(year, 12, 26));
    }
    if year == 1999 || year == 2001 {
        push(NaiveDate::from_ymd_opt(year, 12, 31));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn easter_matches_published_dates() {
        // Published Western Easter dates (e.g. the U.S. Naval Observatory table of Easter dates).
        let known = [
            (1961, 4, 2),
            (1970, 3, 29),
            (1985, 4, 7),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, dd) in known {
            assert_eq!(easter_sunday(y), Some(d(y, m, dd)), "{y}");
        }
        assert_eq!(easter_sunday(1582), None);
    }

    #[test]
    fn easter_is_always_a_sunday_between_22_march_and_25_april() {
        for y in 1583..=2500 {
            let e = easter_sunday(y).unwrap();
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= d(y, 3, 22) && e <= d(y, 4, 25), "{y}: {e}");
        }
    }

    #[test]
    fn us_rules_give_the_2024_nyse_schedule() {
        // NYSE holidays 2024 as published by the exchange (nyse.com, "Holidays & Trading Hours").
        let mut out = Vec::new();
        us_exchange_holidays(2024, &mut out);
        out.sort();
        let expected = [
            d(2024, 1, 1),
            d(2024, 1, 15),
            d(2024, 2, 19),
            d(2024, 3, 29),
            d(2024, 5, 27),
            d(2024, 6, 19),
            d(2024, 7, 4),
            d(2024, 9, 2),
            d(2024, 11, 28),
            d(2024, 12, 25),
        ];
        assert_eq!(out, expected);
    }

    #[test]
    fn saturday_new_year_is_not_made_up_but_saturday_christmas_is() {
        // 2022-01-01 and 2011-01-01 were Saturdays: the NYSE traded on 2021-12-31 and 2010-12-31.
        // 2021-12-25 was a Saturday: the NYSE closed on Friday 2021-12-24.
        let mut out = Vec::new();
        us_exchange_holidays(2021, &mut out);
        assert!(!out.contains(&d(2021, 12, 31)));
        assert!(out.contains(&d(2021, 12, 24)));
        let mut out = Vec::new();
        us_exchange_holidays(2010, &mut out);
        assert!(!out.contains(&d(2010, 12, 31)));
    }

    #[test]
    fn target_rules_before_and_after_2000() {
        let mut out = Vec::new();
        target_holidays(1999, &mut out);
        out.sort();
        // 1999: only New Year (a Friday), Christmas (a Saturday, so not listed) and 31 December.
        assert_eq!(out, vec![d(1999, 1, 1), d(1999, 12, 31)]);
        let mut out = Vec::new();
        target_holidays(2024, &mut out);
        out.sort();
        assert_eq!(
            out,
            vec![
                d(2024, 1, 1),
                d(2024, 3, 29),
                d(2024, 4, 1),
                d(2024, 5, 1),
                d(2024, 12, 25),
                d(2024, 12, 26)
            ]
        );
    }

    #[test]
    fn month_helpers() {
        assert_eq!(last_day_of_month(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(last_day_of_month(2023, 12), Some(d(2023, 12, 31)));
        assert_eq!(last_weekday(2024, 5, Weekday::Mon), Some(d(2024, 5, 27)));
        assert_eq!(nth_weekday(2024, 6, Weekday::Fri, 2), Some(d(2024, 6, 14)));
        assert_eq!(nth_weekday(2024, 6, Weekday::Fri, 6), None);
    }
}
