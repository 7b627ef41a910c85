//! Exchange dates of a contract: first position/notice day, last trading day, delivery, payment
//! and final settlement days, and the listing day.
//!
//! | root | last trading day (LTD) | other dates |
//! | --- | --- | --- |
//! | TU, FV | last business day of the contract month | last delivery = LTD + 3 business days |
//! | TY, TN, US, UB | 7th business day before the last business day of the month | last delivery = last business day of the month |
//! | TS, TF, T, TL | second Friday of the month (next trading day if a holiday) | payment = LTD + 2, last delivery = LTD + 3 trading days |
//! | VX | the final settlement day (from Dec 2011; the business day before it until then) | final settlement: Wednesday 30 days before the next month's third Friday, holiday-shifted |
//! | EC | 2nd business day before the third Wednesday | final settlement (delivery) on the third Wednesday |
//!
//! CBOT Treasury futures (all six) also have the delivery timetable of spec §1.3: the first
//! delivery day is the first business day of the contract month, the first notice (intention)
//! day the business day before it and the first position day the business day before that.

use super::root::Listing;
use super::{ContractCode, ContractError, Root};
use crate::calendar::Calendar;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::sync::OnceLock;

/// The exchange dates of one contract. Obtain them with [`ContractCode::dates`].
///
/// Dates that a root's contracts do not have are `None`: CBOT Treasury futures have the
/// position/notice/delivery timetable, CFFEX bond futures a payment day, VX and EC a final
/// settlement day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContractDates {
    /// The contract.
    pub code: ContractCode,
    /// The listing day: the first day the contract trades (see [`ContractCode::dates`] for the
    /// rule used).
    pub first_trading_day: NaiveDate,
    /// CBOT: the first position day, two business days before the first delivery day; from then
    /// on a long may be assigned delivery. `None` for the other exchanges.
    pub first_position_day: Option<NaiveDate>,
    /// CBOT: the first notice (intention) day, the business day before the first delivery day.
    pub first_notice_day: Option<NaiveDate>,
    /// CBOT: the first delivery day, the first business day of the contract month.
    pub first_delivery_day: Option<NaiveDate>,
    /// The last trading day.
    pub last_trading_day: NaiveDate,
    /// The last delivery day (CBOT, CFFEX).
    pub last_delivery_day: Option<NaiveDate>,
    /// CFFEX: the payment day (配对缴款日, second delivery day), on which the delivery
    /// accrued interest is computed.
    pub payment_day: Option<NaiveDate>,
    /// VX: the final settlement day (the SOQ morning); EC: the delivery day of the currencies.
    pub final_settlement_day: Option<NaiveDate>,
}

/// The calendars one date computation uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DateCalendars<'a> {
    /// Exchange business days: every count of business days.
    main: &'a Calendar,
    /// EC only: the days on which the currencies can be delivered.
    settlement: &'a Calendar,
    /// EC only: step an LTD that falls on a U.S. bank holiday back (CME FX rule).
    us_bank_rule: bool,
}

impl DateCalendars<'static> {
    /// The exchange's own calendars for `root`.
    pub(crate) fn exchange(root: Root) -> DateCalendars<'static> {
        let main = Calendar::for_exchange(root.spec().exchange);
        match root {
            Root::EC => DateCalendars {
                main,
                settlement: usd_eur(),
                us_bank_rule: true,
            },
            _ => DateCalendars {
                main,
                settlement: main,
                us_bank_rule: false,
            },
        }
    }
}

impl<'a> DateCalendars<'a> {
    /// One calendar for everything.
    pub(crate) fn single(cal: &'a Calendar) -> DateCalendars<'a> {
        DateCalendars {
            main: cal,
            settlement: cal,
            us_bank_rule: false,
        }
    }

    /// The exchange business-day calendar.
    pub(crate) fn main(&self) -> &'a Calendar {
        self.main
    }
}

/// U.S. and TARGET business days together: the EC delivery calendar.
fn usd_eur() -> &'static Calendar {
    static USD_EUR: OnceLock<Calendar> = OnceLock::new();
    USD_EUR.get_or_init(|| {
        Calendar::joint("US (NYSE) + TARGET", Calendar::us(), Calendar::target())
            .expect("the US (1970-2099) and TARGET (1999-2099) calendars share 1999-2099")
    })
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
        .expect("every month has a 1st, 2nd and 3rd of each weekday")
}

/// Weekday U.S. bank holidays on which the NYSE is open: Columbus Day and Veterans Day
/// (Federal Reserve holiday schedule; Veterans Day was the fourth Monday of October 1971–1977).
fn is_us_bank_only_holiday(d: NaiveDate) -> bool {
    let y = d.year();
    let columbus = if y >= 1971 {
        nth_weekday(y, 10, Weekday::Mon, 2)
    } else {
        NaiveDate::from_ymd_opt(y, 10, 12).unwrap_or(d.pred_opt().unwrap_or(d))
    };
    let veterans = if (1971..=1977).contains(&y) {
        nth_weekday(y, 10, Weekday::Mon, 4)
    } else {
        match NaiveDate::from_ymd_opt(y, 11, 11) {
            Some(v) if v.weekday() == Weekday::Sun => v.succ_opt().unwrap_or(v),
            Some(v) => v,
            None => return d == columbus,
        }
    };
    d == columbus || d == veterans
}

/// The first contract month of the VX rule under which the expiring contract trades on its
/// final settlement day (CFE Information Circular IC11-73: "beginning with December VIX
/// expiration on December 21, 2011").
const VX_SAME_DAY_LTD_FROM: (i32, u32) = (2011, 12);

/// The VX final settlement day.
///
/// The Wednesday 30 days before the third Friday of the month after the contract month; if
/// that Wednesday or that Friday is a Cboe Options holiday, the business day before the
/// Wednesday (spec §3; Cboe VX contract specifications).
fn vx_final_settlement(code: &ContractCode, cal: &Calendar) -> Result<NaiveDate, ContractError> {
    let (y, m) = if code.month() == 12 {
        (code.year() + 1, 1)
    } else {
        (code.year(), code.month() + 1)
    };
    let friday = nth_weekday(y, m, Weekday::Fri, 3);
    let wednesday = friday
        .checked_sub_days(Days::new(30))
        .expect("a third Friday is far from chrono's minimum date");
    if cal.is_business_day(wednesday)? && cal.is_business_day(friday)? {
        Ok(wednesday)
    } else {
        Ok(cal.previous_business_day(wednesday)?)
    }
}

/// The last trading day of `code` under `cals`.
pub(crate) fn last_trading_day_in(
    code: &ContractCode,
    cals: DateCalendars<'_>,
) -> Result<NaiveDate, ContractError> {
    let cal = cals.main;
    let (y, m) = (code.year(), code.month());
    let ltd = match code.root() {
        Root::TU | Root::FV => cal.last_business_day_of_month(y, m)?,
        Root::TY | Root::TN | Root::US | Root::UB => {
            cal.add_business_days(cal.last_business_day_of_month(y, m)?, -7)?
        }
        Root::TS | Root::TF | Root::T | Root::TL => {
            cal.following(nth_weekday(y, m, Weekday::Fri, 2))?
        }
        Root::VX => {
            let settle = vx_final_settlement(code, cal)?;
            if (y, m) < VX_SAME_DAY_LTD_FROM {
                cal.previous_business_day(settle)?
            } else {
                settle
            }
        }
        Root::EC => {
            let mut ltd = cal.add_business_days(nth_weekday(y, m, Weekday::Wed, 3), -2)?;
            if cals.us_bank_rule {
                while is_us_bank_only_holiday(ltd) {
                    ltd = cal.previous_business_day(ltd)?;
                }
            }
            ltd
        }
    };
    Ok(ltd)
}

/// The CBOT first position day (two business days before the first business day of the
/// contract month), or `None` for roots without the CBOT delivery timetable.
pub(crate) fn first_position_day_in(
    code: &ContractCode,
    cals: DateCalendars<'_>,
) -> Result<Option<NaiveDate>, ContractError> {
    if !is_cbot_treasury(code.root()) {
        return Ok(None);
    }
    let fdd = cals
        .main
        .first_business_day_of_month(code.year(), code.month())?;
    Ok(Some(cals.main.add_business_days(fdd, -2)?))
}

fn is_cbot_treasury(root: Root) -> bool {
    matches!(
        root,
        Root::TU | Root::FV | Root::TY | Root::TN | Root::US | Root::UB
    )
}

/// Whether `code` is before the product's first listed batch (when the exchange named it).
fn before_first_contract(code: &ContractCode) -> bool {
    code.spec()
        .listing
        .first_contract
        .is_some_and(|first| (code.year(), code.month()) < first)
}

/// Errors if `code` (whose last trading day is `ltd`) was never listed.
pub(crate) fn check_listed(code: &ContractCode, ltd: NaiveDate) -> Result<(), ContractError> {
    let listed_from = code.spec().listed_from;
    if ltd < listed_from || before_first_contract(code) {
        return Err(ContractError::NeverListed {
            code: *code,
            listed_from,
        });
    }
    Ok(())
}

fn is_quarter_month(month: u32) -> bool {
    month.is_multiple_of(3)
}

/// The contract whose expiry makes `code` the newest listed one: `listing.quarterly` quarterly
/// steps back for a quarterly month of a root with a quarterly set, else `listing.serial` steps
/// back among the serial months. `None` past the representable years.
fn listing_predecessor(code: &ContractCode, listing: Listing) -> Option<ContractCode> {
    let mut c = *code;
    if listing.quarterly > 0 && is_quarter_month(code.month()) {
        let mut steps = 0;
        while steps < listing.quarterly {
            c = c.prev()?;
            if is_quarter_month(c.month()) {
                steps += 1;
            }
        }
        Some(c)
    } else if listing.serial > 0 {
        let mut steps = 0;
        while steps < listing.serial {
            c = c.prev()?;
            if listing.quarterly == 0 || !is_quarter_month(c.month()) {
                steps += 1;
            }
        }
        Some(c)
    } else {
        None
    }
}

/// The listing day of `code` (see [`ContractCode::dates`]).
fn first_trading_day_in(
    code: &ContractCode,
    cals: DateCalendars<'_>,
) -> Result<NaiveDate, ContractError> {
    let spec = code.spec();
    let listed_from = spec.listed_from;
    let Some(pred) = listing_predecessor(code, spec.listing) else {
        return Ok(listed_from);
    };
    // A predecessor before the first batch, or whose contract month ended before the product
    // started, was never listed: `code` belongs to the first batch.
    if before_first_contract(&pred)
        || (pred.year(), pred.month()) < (listed_from.year(), listed_from.month())
    {
        return Ok(listed_from);
    }
    let pred_ltd = last_trading_day_in(&pred, cals)?;
    if pred_ltd < listed_from {
        return Ok(listed_from);
    }
    Ok(cals.main.next_business_day(pred_ltd)?.max(listed_from))
}

fn dates_in(code: &ContractCode, cals: DateCalendars<'_>) -> Result<ContractDates, ContractError> {
    let cal = cals.main;
    let (y, m) = (code.year(), code.month());
    let last_trading_day = last_trading_day_in(code, cals)?;
    check_listed(code, last_trading_day)?;
    let first_trading_day = first_trading_day_in(code, cals)?;
    let mut dates = ContractDates {
        code: *code,
        first_trading_day,
        first_position_day: None,
        first_notice_day: None,
        first_delivery_day: None,
        last_trading_day,
        last_delivery_day: None,
        payment_day: None,
        final_settlement_day: None,
    };
    match code.root() {
        Root::TU | Root::FV | Root::TY | Root::TN | Root::US | Root::UB => {
            let fdd = cal.first_business_day_of_month(y, m)?;
            let fnd = cal.previous_business_day(fdd)?;
            dates.first_delivery_day = Some(fdd);
            dates.first_notice_day = Some(fnd);
            dates.first_position_day = Some(cal.previous_business_day(fnd)?);
            dates.last_delivery_day = Some(if matches!(code.root(), Root::TU | Root::FV) {
                cal.add_business_days(last_trading_day, 3)?
            } else {
                cal.last_business_day_of_month(y, m)?
            });
        }
        Root::TS | Root::TF | Root::T | Root::TL => {
            dates.payment_day = Some(cal.add_business_days(last_trading_day, 2)?);
            dates.last_delivery_day = Some(cal.add_business_days(last_trading_day, 3)?);
        }
        Root::VX => {
            dates.final_settlement_day = Some(vx_final_settlement(code, cal)?);
        }
        Root::EC => {
            let third_wednesday = nth_weekday(y, m, Weekday::Wed, 3);
            dates.final_settlement_day = Some(cals.settlement.following(third_wednesday)?);
        }
    }
    Ok(dates)
}

impl ContractCode {
    /// The contract's exchange dates, computed with the exchange's calendar
    /// ([`Calendar::for_exchange`]).
    ///
    /// # Formula
    ///
    /// ```text
    /// CBOT (all):  FDD = first business day of the contract month
    ///              FND = FDD - 1 bd,  FPD = FDD - 2 bd
    /// TU, FV:      LTD = last business day of the month;   LDD = LTD + 3 bd
    /// TY TN US UB: LTD = (last business day of the month) - 7 bd;  LDD = last business day
    /// CFFEX:       LTD = second Friday of the month, or the next trading day if it is closed
    ///              payment day = LTD + 2 bd;  LDD = LTD + 3 bd
    /// VX:          F = third Friday of the next month,  W = F - 30 calendar days (a Wednesday)
    ///              settlement = W, or W - 1 bd if W or F is a Cboe holiday
    ///              LTD = settlement (contracts from Dec 2011), settlement - 1 bd before
    /// EC:          LTD = (third Wednesday) - 2 bd, moved back while it is a U.S. bank holiday
    ///              settlement = third Wednesday, or the next U.S. and TARGET business day
    /// listing:     first trading day = (LTD of the contract `listing` cycle steps earlier)
    ///              + 1 bd, never before the product's first trading day
    /// ```
    ///
    /// `bd` is a business day of the exchange calendar.
    ///
    /// # Conventions
    ///
    /// Business days are the exchange's: US (NYSE rules) for CBOT and CME, Cboe Options for VX,
    /// the CFFEX table for CFFEX. The EC final settlement additionally needs a TARGET business
    /// day, and the EC last trading day avoids U.S. bank holidays the NYSE does not observe
    /// (Columbus Day, Veterans Day). Old TU/FV contracts used different last-trading-day rules
    /// (tied to the 2-year auction); the current rules are applied to all history.
    ///
    /// The listing day is a documented approximation: the number of concurrently listed
    /// contracts ([`super::RootSpec::listing`]) is today's, contracts whose predecessor was never
    /// listed start on the product's first trading day, and VX's extra February-cycle months are
    /// ignored.
    ///
    /// # References
    ///
    /// Spec §1.3 (CBOT Rulebook chapters 18–21, 26, 40; CME contract specification pages),
    /// §2.2 (CFFEX contract specifications), §3 (Cboe VX contract specifications; CFE
    /// Information Circular IC11-73 for the December 2011 change of the last trading day), §4
    /// (CME Rulebook chapter 261, Euro FX; CME FX quarterly roll-dates page for the bank-holiday
    /// rule, and CME Clearing Advisory 13-442 for a Columbus Day example).
    ///
    /// # Errors
    ///
    /// [`ContractError::Calendar`] if a date falls outside the calendar's years (the CFFEX
    /// table covers 2005–2026); [`ContractError::NeverListed`] for a contract before the
    /// product's first listed contract.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::ContractCode;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    /// // Spec §1.3 and §6 item 5 (computed with the U.S. calendar that closes on Juneteenth).
    /// let tum24 = "TUM24".parse::<ContractCode>()?.dates()?;
    /// assert_eq!(Some(tum24.last_trading_day), d(2024, 6, 28));
    /// assert_eq!(tum24.last_delivery_day, d(2024, 7, 3));
    /// assert_eq!(tum24.first_notice_day, d(2024, 5, 31));
    /// let t2406 = "T2406".parse::<ContractCode>()?.dates()?;
    /// assert_eq!(Some(t2406.last_trading_day), d(2024, 6, 14));
    /// assert_eq!(t2406.payment_day, d(2024, 6, 18));
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn dates(&self) -> Result<ContractDates, ContractError> {
        dates_in(self, DateCalendars::exchange(self.root()))
    }

    /// The contract's dates with every business-day count done in `cal` (also the EC
    /// settlement, and without the EC bank-holiday step), e.g. to test the effect of treating a
    /// day as a holiday or not.
    ///
    /// # Errors
    ///
    /// As [`ContractCode::dates`].
    pub fn dates_with(&self, cal: &Calendar) -> Result<ContractDates, ContractError> {
        dates_in(self, DateCalendars::single(cal))
    }

    /// The last trading day (exchange calendar); cheaper than [`ContractCode::dates`].
    ///
    /// # Errors
    ///
    /// As [`ContractCode::dates`].
    pub fn last_trading_day(&self) -> Result<NaiveDate, ContractError> {
        let cals = DateCalendars::exchange(self.root());
        let ltd = last_trading_day_in(self, cals)?;
        check_listed(self, ltd)?;
        Ok(ltd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn code(s: &str) -> ContractCode {
        s.parse().unwrap()
    }

    #[test]
    fn cbot_2024_dates_of_the_spec() {
        // Spec §1.3 and §6 item 5 [C].
        let tu = code("TUM24").dates().unwrap();
        assert_eq!(tu.last_trading_day, d(2024, 6, 28));
        assert_eq!(tu.last_delivery_day, Some(d(2024, 7, 3)));
        assert_eq!(tu.first_notice_day, Some(d(2024, 5, 31)));
        assert_eq!(tu.first_position_day, Some(d(2024, 5, 30)));
        assert_eq!(tu.first_delivery_day, Some(d(2024, 6, 3)));
        let ty = code("TYM24").dates().unwrap();
        assert_eq!(ty.last_trading_day, d(2024, 6, 18));
        assert_eq!(ty.first_notice_day, Some(d(2024, 5, 31)));
        assert_eq!(ty.last_delivery_day, Some(d(2024, 6, 28)));
        // TYH24: Good Friday 2024-03-29 is not a business day, so the LTD is 03-19 (spec §1.3).
        assert_eq!(code("TYH24").last_trading_day().unwrap(), d(2024, 3, 19));
    }

    #[test]
    fn listing_day_follows_the_expiry_three_steps_earlier() {
        // With three quarters listed, TUM24 becomes the third one when TUU23 expires (LTD
        // Friday 2023-09-29).
        assert_eq!(
            code("TUM24").dates().unwrap().first_trading_day,
            d(2023, 10, 2)
        );
        // First CFFEX batches start on the product's first trading day (spec §2.1).
        assert_eq!(
            code("TS1906").dates().unwrap().first_trading_day,
            d(2018, 8, 17)
        );
        assert_eq!(
            code("TS1812").dates().unwrap().first_trading_day,
            d(2018, 8, 17)
        );
        // TS1909 is listed after TS1812 expires (LTD 2018-12-14, Friday).
        assert_eq!(
            code("TS1909").dates().unwrap().first_trading_day,
            d(2018, 12, 17)
        );
        // TS1809 was never listed.
        assert!(matches!(
            code("TS1809").dates(),
            Err(ContractError::NeverListed { .. })
        ));
    }

    #[test]
    fn ec_ltd_avoids_columbus_day() {
        // CME Clearing Advisory 13-442: the October 2013 FX futures stopped trading on Friday
        // 2013-10-11 because Monday 2013-10-14 (Columbus Day) was a bank holiday; delivery
        // stayed on Wednesday 2013-10-16.
        let ec = code("ECV13").dates().unwrap();
        assert_eq!(ec.last_trading_day, d(2013, 10, 11));
        assert_eq!(ec.final_settlement_day, Some(d(2013, 10, 16)));
        // Without the bank-holiday step (one calendar for everything) it would be the Monday.
        let plain = code("ECV13").dates_with(Calendar::us()).unwrap();
        assert_eq!(plain.last_trading_day, d(2013, 10, 14));
    }

    #[test]
    fn bank_only_holidays() {
        assert!(is_us_bank_only_holiday(d(2013, 10, 14)));
        assert!(is_us_bank_only_holiday(d(2024, 11, 11)));
        assert!(is_us_bank_only_holiday(d(2018, 11, 12))); // Veterans Day on a Sunday
        assert!(is_us_bank_only_holiday(d(1975, 10, 27))); // fourth Monday of October
        assert!(is_us_bank_only_holiday(d(1970, 10, 12)));
        assert!(!is_us_bank_only_holiday(d(2024, 10, 15)));
    }

    #[test]
    fn listing_predecessors() {
        let l = code("TUM24").spec().listing;
        assert_eq!(listing_predecessor(&code("TUM24"), l), Some(code("TUU23")));
        let ec = code("ECM24").spec().listing;
        assert_eq!(listing_predecessor(&code("ECM24"), ec), Some(code("ECM19")));
        // Serial EC month: three serial months back (Apr 24 -> Feb, Jan, Nov 23).
        assert_eq!(listing_predecessor(&code("ECJ24"), ec), Some(code("ECX23")));
        let vx = code("VXM24").spec().listing;
        assert_eq!(listing_predecessor(&code("VXM24"), vx), Some(code("VXU23")));
        assert_eq!(listing_predecessor(&code("TUH70"), l), None);
    }
}
