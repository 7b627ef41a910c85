//! Exchange business-day calendars (US/CME, Cboe, TARGET, China/CFFEX) and holiday tables.
//!
//! A [`Calendar`] answers business-day questions for a documented range of years and returns a
//! [`CalendarError`] for anything outside it: a date it cannot vouch for is never guessed as
//! "weekends only".
//!
//! | calendar | years | source of the holidays |
//! | --- | --- | --- |
//! | [`Calendar::us`] | 1970–2099 | NYSE rules with their history, plus special closures |
//! | [`Calendar::cboe`] | 1970–2099 | the same rule set (Cboe Options follows the NYSE schedule) |
//! | [`Calendar::target`] | 1999–2099 | TARGET/TARGET2 closing days (ECB) |
//! | [`Calendar::china`] | 2005–2026 | the embedded table `fixtures/calendars/china_exchange_holidays.csv` |
//!
//! Every calendar of this module closes on Saturdays and Sundays, including the Chinese
//! make-up working weekends: exchanges do not trade on them.
//!
//! # Lookups are O(1)
//!
//! Each calendar stores one bit per day over its years, a running count of business days per
//! 64-day word, and the list of business days. [`Calendar::is_business_day`],
//! [`Calendar::add_business_days`] and [`Calendar::business_days_between`] are then a few array
//! reads and a popcount, whatever the distance; the price-table build calls them a lot.

mod error;
mod rules;
mod table;

pub use error::CalendarError;
pub use rules::easter_sunday;

use crate::units::Exchange;
use chrono::{Datelike, Days, NaiveDate};
use std::borrow::Cow;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::OnceLock;

/// Smallest year a calendar may cover.
pub const MIN_CALENDAR_YEAR: i32 = 1900;
/// Largest year a calendar may cover.
pub const MAX_CALENDAR_YEAR: i32 = 2199;

/// The embedded CFFEX holiday table (see `fixtures/calendars/README.md` for its sources).
const CHINA_TABLE: &str = include_str!("../../fixtures/calendars/china_exchange_holidays.csv");
/// Years covered by the embedded CFFEX holiday table.
const CHINA_YEARS: RangeInclusive<i32> = 2005..=2026;

/// A business-day calendar over a fixed range of years.
///
/// Business days are the weekdays (Monday–Friday) that are not holidays. Build one with the
/// exchange constructors ([`Calendar::us`], [`Calendar::cboe`], [`Calendar::target`],
/// [`Calendar::china`], [`Calendar::for_exchange`]), from a holiday table
/// ([`Calendar::from_holiday_csv`]), from a list ([`Calendar::from_holidays`]) or by joining two
/// calendars ([`Calendar::joint`]).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use spreadtrade::calendar::Calendar;
///
/// let us = Calendar::us();
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// assert!(!us.is_business_day(d(2024, 6, 19))?); // Juneteenth
/// // The 7th business day before the last business day of June 2024 (the TYM24 last trading day,
/// // spec §1.3): counting back from Friday 06-28 skips Juneteenth.
/// let last = us.last_business_day_of_month(2024, 6)?;
/// assert_eq!(us.add_business_days(last, -7)?, d(2024, 6, 18));
/// # Ok::<(), spreadtrade::calendar::CalendarError>(())
/// ```
#[derive(Clone)]
pub struct Calendar {
    name: Cow<'static, str>,
    first_year: i32,
    last_year: i32,
    /// 1 January of `first_year`: day offset 0.
    origin: NaiveDate,
    /// Number of days covered.
    n_days: u32,
    /// Bit `i` of word `i / 64` is set when day offset `i` is a business day.
    open: Vec<u64>,
    /// `rank[w]`: number of business days before word `w`.
    rank: Vec<u32>,
    /// Day offsets of the business days, ascending.
    business: Vec<u32>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("name", &self.name)
            .field("years", &(self.first_year..=self.last_year))
            .field("business_days", &self.business.len())
            .finish()
    }
}

impl PartialEq for Calendar {
    /// Two calendars are equal when they cover the same years with the same business days
    /// (names are not compared).
    fn eq(&self, other: &Self) -> bool {
        self.first_year == other.first_year
            && self.last_year == other.last_year
            && self.open == other.open
    }
}

impl Eq for Calendar {}

fn is_weekday(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() < 5
}

fn check_years(first: i32, last: i32) -> Result<(), CalendarError> {
    if first > last || first < MIN_CALENDAR_YEAR || last > MAX_CALENDAR_YEAR {
        return Err(CalendarError::InvalidYears {
            first,
            last,
            min: MIN_CALENDAR_YEAR,
            max: MAX_CALENDAR_YEAR,
        });
    }
    Ok(())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("calendar years are validated to 1900..=2199")
}

impl Calendar {
    /// Builds a calendar over `years` whose business days are the weekdays for which
    /// `closed(date)` is false.
    fn build(
        name: Cow<'static, str>,
        first_year: i32,
        last_year: i32,
        mut closed: impl FnMut(NaiveDate) -> bool,
    ) -> Result<Calendar, CalendarError> {
        check_years(first_year, last_year)?;
        let origin = ymd(first_year, 1, 1);
        let end = ymd(last_year, 12, 31);
        let n_days = u32::try_from((end - origin).num_days() + 1)
            .expect("at most 300 years of days fit in u32");
        let words = n_days.div_ceil(64) as usize;
        let mut open = vec![0u64; words];
        let mut business = Vec::with_capacity(n_days as usize * 5 / 7 + 1);
        let mut day = origin;
        for offset in 0..n_days {
            if is_weekday(day) && !closed(day) {
                open[(offset / 64) as usize] |= 1u64 << (offset % 64);
                business.push(offset);
            }
            day = day
                .succ_opt()
                .expect("calendar years end before chrono's maximum date");
        }
        let mut rank = Vec::with_capacity(words);
        let mut running = 0u32;
        for w in &open {
            rank.push(running);
            running += w.count_ones();
        }
        Ok(Calendar {
            name,
            first_year,
            last_year,
            origin,
            n_days,
            open,
            rank,
            business,
        })
    }

    /// Builds a calendar from a rule that lists the weekday holidays of one year.
    fn from_rule(
        name: &'static str,
        years: RangeInclusive<i32>,
        rule: fn(i32, &mut Vec<NaiveDate>),
    ) -> Calendar {
        let (first, last) = (*years.start(), *years.end());
        let mut holidays = std::collections::HashSet::new();
        let mut buf = Vec::new();
        for y in first..=last {
            buf.clear();
            rule(y, &mut buf);
            holidays.extend(buf.iter().copied());
        }
        Calendar::build(Cow::Borrowed(name), first, last, |d| holidays.contains(&d))
            .expect("the built-in rule calendars use year ranges inside 1900..=2199")
    }

    /// U.S. exchange holidays (NYSE rules, 1970–2099): the business days of CBOT and CME in this
    /// crate.
    ///
    /// Holidays: New Year's Day (a Sunday holiday moves to Monday; a Saturday one is not made up
    /// on the Friday before); Martin Luther King Jr. Day (third Monday of January, from 1998);
    /// Washington's Birthday (22 February on the nearest weekday in 1970, third Monday of
    /// February from 1971); Good Friday ([`easter_sunday`] − 2 days); Memorial Day (last Monday
    /// of May from 1971; in 1970, 30 May fell on a Saturday and was not observed); Juneteenth (19
    /// June on the nearest weekday, from 2022); Independence Day and Christmas Day (nearest
    /// weekday: Saturday → Friday, Sunday → Monday); Labor Day (first Monday of September);
    /// Thanksgiving (fourth Thursday of November); the presidential Election Days 1972, 1976 and
    /// 1980; and the special closures 1972-12-28 (Truman), 1973-01-25 (Johnson), 1977-07-14
    /// (New York blackout), 1985-09-27 (Hurricane Gloria), 1994-04-27 (Nixon),
    /// 2001-09-11..=2001-09-14, 2004-06-11 (Reagan), 2007-01-02 (Ford), 2012-10-29..=2012-10-30
    /// (Hurricane Sandy), 2018-12-05 (G. H. W. Bush) and 2025-01-09 (Carter).
    ///
    /// Sources: NYSE Rule 7.2 and the NYSE holiday pages; the NYSE closings history as
    /// transcribed in pandas_market_calendars (`holidays_nyse.py`, whose reference is the NYSE
    /// "Closings" list) and exchange_calendars (`exchange_calendar_xnys.py`). The crate's tests
    /// check this calendar day by day against the independent `nyse-holiday-cal` table
    /// (2020–2028) and against the publication days of the Cboe VIX index (1990–2022).
    ///
    /// Limits: CME Group sets its own holiday schedule. On some NYSE closures CME interest-rate
    /// products traded an abbreviated session (for example Good Friday when the U.S. employment
    /// report is published, and some days of mourning), and Fedwire-based Treasury delivery
    /// follows bank holidays (Columbus Day, Veterans Day) that the NYSE does not observe. This
    /// calendar treats CBOT/CME business days as NYSE business days; pass another calendar to
    /// [`crate::contract::ContractCode::dates_with`] where that matters.
    pub fn us() -> &'static Calendar {
        static US: OnceLock<Calendar> = OnceLock::new();
        US.get_or_init(|| {
            Calendar::from_rule(
                "US (NYSE)",
                rules::US_FIRST_YEAR..=rules::US_LAST_YEAR,
                rules::us_exchange_holidays,
            )
        })
    }

    /// Cboe Options holidays (1970–2099): the calendar of Cboe Futures Exchange (VX) dates.
    ///
    /// Cboe Options closes on the NYSE holidays, including the special closures listed at
    /// [`Calendar::us`]; this calendar uses the same rule set under its own name, so that the
    /// VX rules (which refer to "Cboe Options holidays", spec §3) read as they are written.
    /// Checked against the days on which Cboe published the VIX index, 1990-01-02 to 2022-05-27
    /// (after that Cboe also prints VIX on U.S. holidays, during its global trading hours).
    /// Before Cboe opened (26 April 1973) the dates are NYSE dates.
    pub fn cboe() -> &'static Calendar {
        static CBOE: OnceLock<Calendar> = OnceLock::new();
        CBOE.get_or_init(|| {
            Calendar::from_rule(
                "Cboe Options",
                rules::US_FIRST_YEAR..=rules::US_LAST_YEAR,
                rules::us_exchange_holidays,
            )
        })
    }

    /// TARGET (TARGET2) closing days, 1999–2099: the euro settlement calendar.
    ///
    /// Closed: New Year's Day and Christmas Day every year; Good Friday, Easter Monday, Labour
    /// Day (1 May) and 26 December from 2000; and the extra closing days 31 December 1999 and
    /// 31 December 2001. In 1999 TARGET closed only on New Year's Day, Christmas Day and 31
    /// December.
    ///
    /// Sources: ECB press releases on TARGET closing days (1999–2001) and the TARGET2 calendar;
    /// the same rules as QuantLib `ql/time/calendars/target.cpp`. The crate's tests check every
    /// weekday from 1999-01-04 to 2026-10-30 against the days on which the ECB published its euro
    /// reference rate (it publishes on TARGET business days only): no mismatch.
    pub fn target() -> &'static Calendar {
        static TARGET: OnceLock<Calendar> = OnceLock::new();
        TARGET.get_or_init(|| {
            Calendar::from_rule(
                "TARGET",
                rules::TARGET_FIRST_YEAR..=rules::TARGET_LAST_YEAR,
                rules::target_holidays,
            )
        })
    }

    /// China Financial Futures Exchange trading days, 2005–2026.
    ///
    /// Chinese public holidays follow the lunar calendar and are fixed each year by a State
    /// Council notice, so they cannot be computed: this calendar is the table
    /// `fixtures/calendars/china_exchange_holidays.csv` (embedded at compile time), whose sources
    /// are listed in `fixtures/calendars/README.md`. Weekends are always closed, including the
    /// official make-up working Saturdays and Sundays (调休上班日), on which the exchanges do not
    /// trade. A date outside 2005–2026 is a [`CalendarError::DateOutOfRange`].
    ///
    /// # Panics
    ///
    /// Never: the embedded table is parsed and checked by this module's unit tests.
    pub fn china() -> &'static Calendar {
        static CHINA: OnceLock<Calendar> = OnceLock::new();
        CHINA.get_or_init(|| {
            table::parse_holiday_table(
                CHINA_TABLE,
                "fixtures/calendars/china_exchange_holidays.csv",
                Cow::Borrowed("China (CFFEX)"),
                CHINA_YEARS,
            )
            .expect("the embedded CFFEX holiday table is validated by the calendar unit tests")
        })
    }

    /// The calendar of an exchange: CBOT and CME → [`Calendar::us`], Cboe Futures Exchange →
    /// [`Calendar::cboe`], CFFEX → [`Calendar::china`].
    pub fn for_exchange(exchange: Exchange) -> &'static Calendar {
        match exchange {
            Exchange::Cbot | Exchange::Cme => Calendar::us(),
            Exchange::Cfe => Calendar::cboe(),
            Exchange::Cffex => Calendar::china(),
        }
    }

    /// A calendar over `years` whose holidays are `holidays` (weekend dates in the list are
    /// accepted and change nothing).
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidYears`] for an empty range or one outside
    /// [`MIN_CALENDAR_YEAR`]..=[`MAX_CALENDAR_YEAR`]; [`CalendarError::HolidayOutsideYears`]
    /// (with line = position in the list, 1-based) for a holiday outside `years`.
    pub fn from_holidays(
        name: &str,
        years: RangeInclusive<i32>,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, CalendarError> {
        let (first, last) = (*years.start(), *years.end());
        check_years(first, last)?;
        let mut set = std::collections::HashSet::new();
        for (i, h) in holidays.into_iter().enumerate() {
            if !years.contains(&h.year()) {
                return Err(CalendarError::HolidayOutsideYears {
                    file: name.to_owned(),
                    line: i + 1,
                    date: h,
                    first_year: first,
                    last_year: last,
                });
            }
            set.insert(h);
        }
        Calendar::build(Cow::Owned(name.to_owned()), first, last, |d| {
            set.contains(&d)
        })
    }

    /// Reads a holiday table (CSV) covering `years`.
    ///
    /// The format is the one of `fixtures/calendars/china_exchange_holidays.csv`: UTF-8 text;
    /// empty lines and lines starting with `#` are ignored; the first other line is a header
    /// whose first field is `date`; every following line starts with an ISO date (`2024-02-12`)
    /// and may carry more comma-separated fields (a holiday name), which are ignored. The table
    /// must list every weekday holiday of every year in `years`: the calendar cannot tell a
    /// missing holiday from a trading day.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Io`] if the file cannot be read; [`CalendarError::Table`] (with file,
    /// line and column) for a missing header or a malformed date;
    /// [`CalendarError::HolidayOutsideYears`] and [`CalendarError::DuplicateHoliday`] for dates
    /// outside `years` or listed twice; [`CalendarError::InvalidYears`] for a bad range.
    pub fn from_holiday_csv(
        path: &Path,
        name: &str,
        years: RangeInclusive<i32>,
    ) -> Result<Calendar, CalendarError> {
        let text = std::fs::read_to_string(path).map_err(|e| CalendarError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        table::parse_holiday_table(
            &text,
            &path.display().to_string(),
            Cow::Owned(name.to_owned()),
            years,
        )
    }

    /// Parses a holiday table held in memory; `source` names it in error messages. The format is
    /// the one of [`Calendar::from_holiday_csv`].
    ///
    /// # Errors
    ///
    /// As [`Calendar::from_holiday_csv`], without the I/O error.
    pub fn from_holiday_csv_str(
        text: &str,
        source: &str,
        name: &str,
        years: RangeInclusive<i32>,
    ) -> Result<Calendar, CalendarError> {
        table::parse_holiday_table(text, source, Cow::Owned(name.to_owned()), years)
    }

    /// The joint calendar of two calendars: a day is a business day when it is one in both.
    /// It covers the years the two have in common.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NoCommonYears`] if the two calendars share no year.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::calendar::Calendar;
    ///
    /// let usd_eur = Calendar::joint("US+TARGET", Calendar::us(), Calendar::target())?;
    /// assert_eq!(usd_eur.years(), 1999..=2099);
    /// // 2024-04-01 is Easter Monday (TARGET closed), 2024-06-19 Juneteenth (US closed).
    /// assert!(!usd_eur.is_business_day(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap())?);
    /// assert!(!usd_eur.is_business_day(NaiveDate::from_ymd_opt(2024, 6, 19).unwrap())?);
    /// # Ok::<(), spreadtrade::calendar::CalendarError>(())
    /// ```
    pub fn joint(name: &str, a: &Calendar, b: &Calendar) -> Result<Calendar, CalendarError> {
        let first = a.first_year.max(b.first_year);
        let last = a.last_year.min(b.last_year);
        if first > last {
            return Err(CalendarError::NoCommonYears {
                first: a.name().to_owned(),
                second: b.name().to_owned(),
            });
        }
        Calendar::build(Cow::Owned(name.to_owned()), first, last, |d| {
            !(a.open_at(d) && b.open_at(d))
        })
    }

    /// Whether `d` is a business day, for a date known to be in range.
    fn open_at(&self, d: NaiveDate) -> bool {
        self.offset(d).map(|off| self.bit(off)).unwrap_or(false)
    }

    /// The calendar's name, e.g. `"US (NYSE)"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The years this calendar can answer for.
    pub fn years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// Whether `d` lies in the covered years.
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&d.year())
    }

    fn out_of_range(&self, date: NaiveDate) -> CalendarError {
        CalendarError::DateOutOfRange {
            calendar: self.name.to_string(),
            date,
            first_year: self.first_year,
            last_year: self.last_year,
        }
    }

    fn year_out_of_range(&self, year: i32) -> CalendarError {
        CalendarError::YearOutOfRange {
            calendar: self.name.to_string(),
            year,
            first_year: self.first_year,
            last_year: self.last_year,
        }
    }

    /// Day offset of `d` from the origin, or an out-of-range error.
    fn offset(&self, d: NaiveDate) -> Result<u32, CalendarError> {
        let off = (d - self.origin).num_days();
        if off < 0 || off >= i64::from(self.n_days) {
            return Err(self.out_of_range(d));
        }
        Ok(off as u32)
    }

    fn date_at(&self, offset: u32) -> NaiveDate {
        self.origin
            .checked_add_days(Days::new(u64::from(offset)))
            .expect("offsets index days inside the calendar's validated years")
    }

    fn bit(&self, offset: u32) -> bool {
        self.open[(offset / 64) as usize] >> (offset % 64) & 1 == 1
    }

    /// Number of business days strictly before day `offset` (which must be `<= n_days`).
    fn rank_before(&self, offset: u32) -> usize {
        if offset == self.n_days {
            return self.business.len();
        }
        let w = (offset / 64) as usize;
        let below = self.open[w] & ((1u64 << (offset % 64)) - 1);
        self.rank[w] as usize + below.count_ones() as usize
    }

    /// Whether `d` is a business day (a weekday that is not a holiday).
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] if `d` is outside [`Calendar::years`].
    pub fn is_business_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.bit(self.offset(d)?))
    }

    /// Moves `n` business days from `d`: for `n > 0` the `n`-th business day strictly after
    /// `d`, for `n < 0` the `|n|`-th business day strictly before `d`, for `n = 0` the day `d`
    /// itself if it is a business day.
    ///
    /// For a business day `d`, `add_business_days(add_business_days(d, n)?, -n)? == d` and
    /// `business_days_between(d, add_business_days(d, n)?)? == n`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] if `d` is outside the covered years;
    /// [`CalendarError::StepOutOfRange`] if the result would be;
    /// [`CalendarError::NotABusinessDay`] for `n = 0` on a day that is not a business day.
    pub fn add_business_days(&self, d: NaiveDate, n: i32) -> Result<NaiveDate, CalendarError> {
        let off = self.offset(d)?;
        let before = self.rank_before(off) as i64;
        let here = i64::from(self.bit(off));
        let target = match n {
            0 if here == 1 => return Ok(d),
            0 => {
                return Err(CalendarError::NotABusinessDay {
                    calendar: self.name.to_string(),
                    date: d,
                });
            }
            n if n > 0 => before + i64::from(n) - 1 + here,
            n => before + i64::from(n),
        };
        usize::try_from(target)
            .ok()
            .and_then(|t| self.business.get(t))
            .map(|&o| self.date_at(o))
            .ok_or_else(|| CalendarError::StepOutOfRange {
                calendar: self.name.to_string(),
                date: d,
                n,
                first_year: self.first_year,
                last_year: self.last_year,
            })
    }

    /// The first business day strictly after `d`.
    ///
    /// # Errors
    ///
    /// As [`Calendar::add_business_days`] with `n = 1`.
    pub fn next_business_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_business_days(d, 1)
    }

    /// The last business day strictly before `d`.
    ///
    /// # Errors
    ///
    /// As [`Calendar::add_business_days`] with `n = -1`.
    pub fn previous_business_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_business_days(d, -1)
    }

    /// `d` if it is a business day, else the next business day after it (the "following"
    /// convention).
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] / [`CalendarError::StepOutOfRange`] outside the covered
    /// years.
    pub fn following(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_business_day(d)? {
            Ok(d)
        } else {
            self.next_business_day(d)
        }
    }

    /// `d` if it is a business day, else the last business day before it (the "preceding"
    /// convention).
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] / [`CalendarError::StepOutOfRange`] outside the covered
    /// years.
    pub fn preceding(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_business_day(d)? {
            Ok(d)
        } else {
            self.previous_business_day(d)
        }
    }

    fn check_month(&self, year: i32, month: u32) -> Result<(), CalendarError> {
        if !(1..=12).contains(&month) {
            return Err(CalendarError::InvalidMonth { month });
        }
        if !self.years().contains(&year) {
            return Err(self.year_out_of_range(year));
        }
        Ok(())
    }

    fn no_business_day(&self, year: i32, month: u32) -> CalendarError {
        CalendarError::NoBusinessDayInMonth {
            calendar: self.name.to_string(),
            year,
            month,
        }
    }

    /// The first business day of a month.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidMonth`] for a month outside 1–12;
    /// [`CalendarError::YearOutOfRange`] outside the covered years;
    /// [`CalendarError::NoBusinessDayInMonth`] if the month has none.
    pub fn first_business_day_of_month(
        &self,
        year: i32,
        month: u32,
    ) -> Result<NaiveDate, CalendarError> {
        self.check_month(year, month)?;
        let start = self.offset(ymd(year, month, 1))?;
        let idx = self.rank_before(start);
        match self.business.get(idx).map(|&o| self.date_at(o)) {
            Some(d) if d.month() == month && d.year() == year => Ok(d),
            _ => Err(self.no_business_day(year, month)),
        }
    }

    /// The last business day of a month.
    ///
    /// # Errors
    ///
    /// As [`Calendar::first_business_day_of_month`].
    ///
    /// # Panics
    ///
    /// Never: a validated year and month always have a last day.
    pub fn last_business_day_of_month(
        &self,
        year: i32,
        month: u32,
    ) -> Result<NaiveDate, CalendarError> {
        self.check_month(year, month)?;
        let last = rules::last_day_of_month(year, month)
            .expect("a validated year and month have a last day");
        let end = self.offset(last)?;
        let upto = self.rank_before(end + 1);
        match upto
            .checked_sub(1)
            .and_then(|i| self.business.get(i))
            .map(|&o| self.date_at(o))
        {
            Some(d) if d.month() == month && d.year() == year => Ok(d),
            _ => Err(self.no_business_day(year, month)),
        }
    }

    /// The number of business days `d` with `a <= d < b` (the first day counts, the last does
    /// not); negative, with the roles swapped, when `b < a`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] if either date is outside the covered years.
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        let ra = self.rank_before(self.offset(a)?) as i64;
        let rb = self.rank_before(self.offset(b)?) as i64;
        Ok(rb - ra)
    }

    /// The business days `d` with `from <= d <= to`, in order (empty when `to < from`).
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] if either date is outside the covered years.
    pub fn business_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<impl Iterator<Item = NaiveDate> + '_, CalendarError> {
        let lo = self.rank_before(self.offset(from)?);
        let hi = self.rank_before(self.offset(to)? + 1).max(lo);
        Ok(self.business[lo..hi].iter().map(|&o| self.date_at(o)))
    }

    /// The holidays of `year`: weekdays that are not business days, in order.
    ///
    /// # Errors
    ///
    /// [`CalendarError::YearOutOfRange`] outside the covered years.
    ///
    /// # Panics
    ///
    /// Never: covered years end long before chrono's maximum date.
    pub fn holidays(&self, year: i32) -> Result<Vec<NaiveDate>, CalendarError> {
        if !self.years().contains(&year) {
            return Err(self.year_out_of_range(year));
        }
        let mut out = Vec::new();
        let mut day = ymd(year, 1, 1);
        let start = self.offset(day)?;
        let end = self.offset(ymd(year, 12, 31))?;
        for off in start..=end {
            if is_weekday(day) && !self.bit(off) {
                out.push(day);
            }
            day = day
                .succ_opt()
                .expect("calendar years end before chrono's maximum date");
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn embedded_china_table_parses() {
        let cn = Calendar::china();
        assert_eq!(cn.years(), 2005..=2026);
        // Spring Festival 2024 (State Council notice 国办发明电〔2023〕7号): 2024-02-10..17, the
        // exchanges closed Monday 12 to Friday 16 February and did not trade on the make-up
        // working Sunday 2024-02-04 or Sunday 2024-02-18.
        for day in 12..=16 {
            assert!(!cn.is_business_day(d(2024, 2, day)).unwrap());
        }
        assert!(!cn.is_business_day(d(2024, 2, 4)).unwrap());
        assert!(!cn.is_business_day(d(2024, 2, 18)).unwrap());
        assert!(cn.is_business_day(d(2024, 2, 19)).unwrap());
    }

    #[test]
    fn out_of_range_is_an_error_not_a_guess() {
        let cn = Calendar::china();
        let e = cn.is_business_day(d(2027, 3, 1)).unwrap_err();
        assert!(matches!(e, CalendarError::DateOutOfRange { .. }), "{e}");
        assert!(e.to_string().contains("2005..=2026"), "{e}");
        assert!(matches!(
            cn.holidays(2004),
            Err(CalendarError::YearOutOfRange { year: 2004, .. })
        ));
    }

    #[test]
    fn add_business_days_counts_from_holidays_and_business_days() {
        let us = Calendar::us();
        // From Juneteenth 2024 (a Wednesday holiday): +1 is Thursday, -1 is Tuesday.
        assert_eq!(
            us.add_business_days(d(2024, 6, 19), 1).unwrap(),
            d(2024, 6, 20)
        );
        assert_eq!(
            us.add_business_days(d(2024, 6, 19), -1).unwrap(),
            d(2024, 6, 18)
        );
        // From a business day: Friday + 1 is Monday.
        assert_eq!(
            us.add_business_days(d(2024, 6, 14), 1).unwrap(),
            d(2024, 6, 17)
        );
        assert_eq!(
            us.add_business_days(d(2024, 6, 14), 0).unwrap(),
            d(2024, 6, 14)
        );
        assert!(matches!(
            us.add_business_days(d(2024, 6, 19), 0),
            Err(CalendarError::NotABusinessDay { .. })
        ));
        // Stepping out of the covered years.
        assert!(matches!(
            us.add_business_days(d(2099, 12, 30), 5),
            Err(CalendarError::StepOutOfRange { n: 5, .. })
        ));
        assert!(matches!(
            us.add_business_days(d(1970, 1, 2), -5),
            Err(CalendarError::StepOutOfRange { .. })
        ));
    }

    #[test]
    fn month_ends_and_counts() {
        let us = Calendar::us();
        assert_eq!(
            us.first_business_day_of_month(2024, 6).unwrap(),
            d(2024, 6, 3)
        );
        assert_eq!(
            us.last_business_day_of_month(2024, 6).unwrap(),
            d(2024, 6, 28)
        );
        assert_eq!(
            us.last_business_day_of_month(2024, 3).unwrap(),
            d(2024, 3, 28)
        );
        assert_eq!(
            us.first_business_day_of_month(2024, 1).unwrap(),
            d(2024, 1, 2)
        );
        assert!(matches!(
            us.first_business_day_of_month(2024, 13),
            Err(CalendarError::InvalidMonth { month: 13 })
        ));
        // June 2024: 20 weekdays, one holiday.
        assert_eq!(
            us.business_days_between(d(2024, 6, 1), d(2024, 7, 1))
                .unwrap(),
            19
        );
        assert_eq!(
            us.business_days_between(d(2024, 7, 1), d(2024, 6, 1))
                .unwrap(),
            -19
        );
        assert_eq!(
            us.business_days(d(2024, 6, 1), d(2024, 6, 30))
                .unwrap()
                .count(),
            19
        );
        assert_eq!(
            us.business_days(d(2024, 6, 30), d(2024, 6, 1))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn a_month_without_business_days_is_an_error() {
        let all_june: Vec<_> = (1..=30).map(|dd| d(2024, 6, dd)).collect();
        let cal = Calendar::from_holidays("closed June", 2024..=2024, all_june).unwrap();
        assert!(matches!(
            cal.first_business_day_of_month(2024, 6),
            Err(CalendarError::NoBusinessDayInMonth { month: 6, .. })
        ));
        assert!(matches!(
            cal.last_business_day_of_month(2024, 6),
            Err(CalendarError::NoBusinessDayInMonth { .. })
        ));
    }

    #[test]
    fn from_holidays_validates_years() {
        assert!(matches!(
            Calendar::from_holidays("x", RangeInclusive::new(2024, 2023), []),
            Err(CalendarError::InvalidYears { .. })
        ));
        assert!(matches!(
            Calendar::from_holidays("x", 1800..=1801, []),
            Err(CalendarError::InvalidYears { .. })
        ));
        assert!(matches!(
            Calendar::from_holidays("x", 2024..=2024, [d(2025, 1, 1)]),
            Err(CalendarError::HolidayOutsideYears { line: 1, .. })
        ));
    }

    #[test]
    fn joint_calendar_needs_common_years() {
        let a = Calendar::from_holidays("a", 2000..=2001, []).unwrap();
        let b = Calendar::from_holidays("b", 2002..=2003, []).unwrap();
        assert!(matches!(
            Calendar::joint("ab", &a, &b),
            Err(CalendarError::NoCommonYears { .. })
        ));
        let j = Calendar::joint("us+cn", Calendar::us(), Calendar::china()).unwrap();
        assert_eq!(j.years(), 2005..=2026);
        assert!(!j.is_business_day(d(2024, 6, 19)).unwrap());
        assert!(!j.is_business_day(d(2024, 6, 10)).unwrap()); // Dragon Boat Festival
    }

    #[test]
    fn for_exchange_maps_exchanges_to_calendars() {
        assert!(std::ptr::eq(
            Calendar::for_exchange(Exchange::Cbot),
            Calendar::us()
        ));
        assert!(std::ptr::eq(
            Calendar::for_exchange(Exchange::Cme),
            Calendar::us()
        ));
        assert!(std::ptr::eq(
            Calendar::for_exchange(Exchange::Cfe),
            Calendar::cboe()
        ));
        assert!(std::ptr::eq(
            Calendar::for_exchange(Exchange::Cffex),
            Calendar::china()
        ));
        assert_eq!(Calendar::us(), Calendar::cboe());
        assert_eq!(Calendar::cboe().name(), "Cboe Options");
        assert!(format!("{:?}", Calendar::us()).contains("1970..=2099"));
    }

    #[test]
    fn holidays_lists_weekday_holidays_only() {
        let h = Calendar::us().holidays(2022).unwrap();
        // 2022: New Year's Day fell on a Saturday (not made up), Juneteenth observed Monday 06-20,
        // Christmas observed Monday 12-26.
        assert!(!h.contains(&d(2021, 12, 31)));
        assert!(h.contains(&d(2022, 6, 20)));
        assert!(h.contains(&d(2022, 12, 26)));
        assert_eq!(h.len(), 9);
    }
}
