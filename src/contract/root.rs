//! Contract roots and their static specifications: the one source of truth for exchange facts.
//!
//! Every figure here is restated from the exchanges' contract specifications as collected in
//! the project's contract notes (`docs/CONTRACTS.md`, sections 1.1, 2.1, 3 and 4); each field's
//! doc names the rule it encodes. Facts that change over time (tick sizes) are stored as
//! dated eras so that [`RootSpec::tick_size`] is right for any trade date.

use super::code::ContractCode;
use crate::units::{Currency, Exchange};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A futures contract root (product), e.g. `TU` (CBOT 2-Year T-Note) or `T` (CFFEX 10-year CGB).
///
/// The canonical symbol is the clearing/open-outcry root (`TU`, `FV`, `TY`, `US`, `EC`); the
/// Globex aliases (`ZT`, `ZF`, `ZN`, `ZB`, `6E`) are accepted by [`Root::from_symbol`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Root {
    /// CBOT 2-Year U.S. Treasury Note futures (Globex ZT).
    TU,
    /// CBOT 5-Year U.S. Treasury Note futures (Globex ZF).
    FV,
    /// CBOT 10-Year U.S. Treasury Note futures (Globex ZN).
    TY,
    /// CBOT Ultra 10-Year U.S. Treasury Note futures.
    TN,
    /// CBOT U.S. Treasury Bond futures (Globex ZB).
    US,
    /// CBOT Ultra U.S. Treasury Bond futures.
    UB,
    /// CFFEX 2-year China government bond futures.
    TS,
    /// CFFEX 5-year China government bond futures.
    TF,
    /// CFFEX 10-year China government bond futures.
    T,
    /// CFFEX 30-year China government bond futures.
    TL,
    /// CME Euro FX futures (Globex 6E).
    EC,
    /// Cboe VIX futures.
    VX,
}

/// What kind of underlying a root has; decides how it is priced from market data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ProductKind {
    /// Physically delivered U.S. Treasury note/bond futures (CBOT).
    UsTreasuryFuture,
    /// Physically delivered China government bond futures (CFFEX).
    CgbFuture,
    /// Physically delivered currency futures (CME Euro FX).
    FxFuture,
    /// Cash-settled volatility index futures (Cboe VX).
    VolatilityFuture,
}

/// How prices are quoted on the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum QuoteConvention {
    /// Points and 32nds of a point, with an optional third digit for fractions of a 32nd
    /// (`109-16`, `109-165`). CBOT Treasury futures (spec §1.2).
    ThirtySeconds,
    /// Plain decimal price (CFFEX per-100 clean price, VIX points, USD per EUR).
    Decimal,
}

/// The months in which contracts are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ListingCycle {
    /// March, June, September, December only (all bond futures, spec §0).
    Quarterly,
    /// Every calendar month (VX, EC serial months).
    Monthly,
}

impl ListingCycle {
    /// Whether contracts are listed for calendar month `month` (1–12).
    pub const fn lists_month(self, month: u32) -> bool {
        match self {
            ListingCycle::Quarterly => month.is_multiple_of(3) && month >= 3 && month <= 12,
            ListingCycle::Monthly => month >= 1 && month <= 12,
        }
    }
}

/// The exchange's conversion-factor convention for a bond futures root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ConversionFactorConvention {
    /// CBOT formula at a 6% notional yield with the time to maturity in **whole months** from the
    /// first day of the delivery month (TU, FV; spec §1.5).
    CbotWholeMonths,
    /// CBOT formula at 6% with the whole months rounded **down to a quarter** (TY, TN, US, UB;
    /// spec §1.5).
    CbotQuarters,
    /// CFFEX formula at the 3% notional coupon with the `x`/`n` definitions of spec §2.4.
    Cffex,
}

/// A tick size in force from a trade date onward (until the next era starts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TickEra {
    /// First trade date on which this tick applies.
    pub from: NaiveDate,
    /// Minimum price fluctuation for outrights, in price points (e.g. 0.0078125 = 1/4 of 1/32).
    pub tick: f64,
}

/// How many contracts of a root are listed at the same time: the input of the listing-day
/// rule of [`crate::contract::ContractCode::dates`] (`first_trading_day`).
///
/// A contract is taken to start trading on the business day after the last trading day of the
/// contract that many cycle steps earlier (when that one expires, the new one becomes the last of
/// the listed set), and never before [`RootSpec::listed_from`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// Quarterly (March, June, September, December) contracts listed at a time.
    pub quarterly: u8,
    /// Other monthly ("serial") contracts listed at a time. For a root that lists no quarterly
    /// set of its own (VX) every month counts as serial.
    pub serial: u8,
    /// The earliest contract month (year, month) of the product's first listed batch, where the
    /// exchange's launch notice names it; earlier contract months were never listed.
    pub first_contract: Option<(i32, u32)>,
}

/// CBOT Treasury futures: the first three consecutive quarterly contracts (spec §1.3, [S]).
/// Older TU specifications listed five; the current depth is applied to all history.
const CBOT_LISTING: Listing = Listing {
    quarterly: 3,
    serial: 0,
    first_contract: None,
};

/// CFFEX bond futures: the three nearest quarterly months, with the launch batches named in the
/// listing notices (TF1312, T1509, TS1812, TL2306 first; spec §2.1, [S]).
const fn cffex_listing(year: i32, month: u32) -> Listing {
    Listing {
        quarterly: 3,
        serial: 0,
        first_contract: Some((year, month)),
    }
}

/// CME Euro FX: 20 consecutive quarterly contracts plus 3 serial months (spec §4, [S], today's
/// depth). This is an approximation for history: in 2013 CME listed six quarterly months
/// (CME "FX Quarterly Roll Dates" page).
const EC_LISTING: Listing = Listing {
    quarterly: 20,
    serial: 3,
    first_contract: None,
};

/// Cboe VIX futures: nine near serial months (spec §3, [S]); the five extra months on the
/// February quarterly cycle that Cboe also lists are not modelled.
const VX_LISTING: Listing = Listing {
    quarterly: 0,
    serial: 9,
    first_contract: None,
};

/// A bond's term, in months, must lie within these inclusive bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermBounds {
    /// Smallest admitted term in months, if any.
    pub min_months: Option<u32>,
    /// Largest admitted term in months, if any.
    pub max_months: Option<u32>,
}

impl TermBounds {
    /// No bound on either side.
    pub const ANY: TermBounds = TermBounds {
        min_months: None,
        max_months: None,
    };

    const fn between(min: u32, max: u32) -> TermBounds {
        TermBounds {
            min_months: Some(min),
            max_months: Some(max),
        }
    }

    const fn at_least(min: u32) -> TermBounds {
        TermBounds {
            min_months: Some(min),
            max_months: None,
        }
    }

    const fn at_most(max: u32) -> TermBounds {
        TermBounds {
            min_months: None,
            max_months: Some(max),
        }
    }
}

/// How a deliverable rule measures a bond's remaining term from the first day of the contract
/// month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TermMeasure {
    /// Whole calendar months, rounded down (CBOT: "1 year 10 months 17 days is taken to be 1
    /// year 10 months", Rule 21101A). A bound of `M` months admits maturities before the first
    /// day of month `start + M + 1`.
    WholeMonths,
    /// The exact date (CFFEX): a bound of `M` months admits maturities up to and including the
    /// date `M` months after the first day of the contract month, the reading of the CFFEX
    /// year bounds used by the tea-bond implementation.
    ExactDate,
}

/// One era of a root's deliverable-grade rule: which bonds may be delivered into the contracts
/// of a range of contract months.
///
/// Terms are in months. The remaining term is measured from the first day of the contract
/// month ([`TermMeasure`]); the original term runs from the bond's issue (dated) date to its
/// maturity in whole months rounded down, unless the caller supplies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliverableRule {
    /// The root the rule belongs to.
    pub root: Root,
    /// First contract month (year, month) the rule applies to.
    pub first_contract: (i32, u32),
    /// Last contract month the rule applies to (`None`: still in force).
    pub last_contract: Option<(i32, u32)>,
    /// Bounds on the original term (issue to maturity).
    pub original_term: TermBounds,
    /// Bounds on the remaining term (first day of the contract month to maturity).
    pub remaining_term: TermBounds,
    /// How the remaining term is measured.
    pub measure: TermMeasure,
    /// Where the rule comes from, with its confidence tag.
    pub source: &'static str,
}

/// Whole calendar months from `from` to `to`, rounded down (negative when `to < from`).
pub(crate) fn whole_months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    use chrono::Datelike;
    let months =
        i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    if to.day() < from.day() {
        months - 1
    } else {
        months
    }
}

impl DeliverableRule {
    /// Whether this rule covers contracts of `code`'s root and month.
    pub fn applies_to(&self, code: &ContractCode) -> bool {
        let month = (code.year(), code.month());
        code.root() == self.root
            && month >= self.first_contract
            && self.last_contract.is_none_or(|last| month <= last)
    }

    /// Whether a fixed-coupon bond is deliverable into `code` under this rule.
    ///
    /// # Formula
    ///
    /// ```text
    /// S  = first day of the contract month
    /// R  = remaining term from S to the maturity, in months (see TermMeasure)
    /// O  = original term: original_term_months if given, else whole months from issue to maturity
    /// admitted  <=>  rule applies to the contract  and  R within remaining bounds
    ///                and  O within original-term bounds
    /// ```
    ///
    /// # Conventions
    ///
    /// Whole months are rounded down (`1y 10m 17d` counts as 22 months). `issue_date` is the
    /// bond's original issue (dated) date; for a reopened issue pass the original term of the
    /// first issue as `original_term_months` (e.g. `Some(120)` for a 10-year note). A bond
    /// maturing on or before `S`, or an issue date not before the maturity (with no original
    /// term given), is never deliverable. Whether the bond had been issued by delivery is not
    /// checked here.
    ///
    /// # References
    ///
    /// CBOT Rulebook chapters 18–21, 26, 40 (rules x101A, "Contract Grade"; the 2-year text quoted
    /// in spec §1.4 gives the whole-month rounding); CME contract specification pages for TU,
    /// FV, TY, TN, US, UB; CFFEX contract specifications for TS, TF, T, TL (spec §2.3) and the
    /// tea-bond implementation of the CFFEX checks. Each era's [`DeliverableRule::source`] names
    /// its own.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::ContractCode;
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let tum24: ContractCode = "TUM24".parse()?;
    /// let rule = tum24.spec().deliverable_rule(&tum24).expect("TU has a deliverable rule");
    /// // The 4.625% 3-year note of 2026-03-15: 1y 9m 14d remaining on 2024-06-01 counts as 1y 9m.
    /// assert!(rule.admits(&tum24, d(2023, 3, 15), d(2026, 3, 15), None));
    /// // A 7-year note with the same remaining term fails the 5y 3m original-term limit.
    /// assert!(!rule.admits(&tum24, d(2019, 3, 15), d(2026, 3, 15), None));
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn admits(
        &self,
        code: &ContractCode,
        issue_date: NaiveDate,
        maturity: NaiveDate,
        original_term_months: Option<u32>,
    ) -> bool {
        if !self.applies_to(code) {
            return false;
        }
        let start = code.month_start();
        if maturity <= start {
            return false;
        }
        let original = match original_term_months {
            Some(m) => i64::from(m),
            None if issue_date < maturity => whole_months_between(issue_date, maturity),
            None => return false,
        };
        within(original, self.original_term) && self.remaining_ok(start, maturity)
    }

    fn remaining_ok(&self, start: NaiveDate, maturity: NaiveDate) -> bool {
        match self.measure {
            TermMeasure::WholeMonths => {
                within(whole_months_between(start, maturity), self.remaining_term)
            }
            TermMeasure::ExactDate => {
                let after = |m: u32| start.checked_add_months(chrono::Months::new(m));
                let min_ok = self
                    .remaining_term
                    .min_months
                    .is_none_or(|m| after(m).is_some_and(|lo| maturity >= lo));
                let max_ok = self
                    .remaining_term
                    .max_months
                    .is_none_or(|m| after(m).is_none_or(|hi| maturity <= hi));
                min_ok && max_ok
            }
        }
    }
}

fn within(months: i64, bounds: TermBounds) -> bool {
    bounds.min_months.is_none_or(|m| months >= i64::from(m))
        && bounds.max_months.is_none_or(|m| months <= i64::from(m))
}

const ALL_CONTRACTS: (i32, u32) = (super::code::MIN_CONTRACT_YEAR, 1);

static TU_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::TU,
    first_contract: ALL_CONTRACTS,
    last_contract: None,
    // Original term <= 5y 3m; remaining term >= 1y 9m and <= 2y, in whole months from the first
    // day of the contract month (CBOT Rule 21101A). CME's specification page words the upper
    // bound as "not more than two years from the last day of the delivery month": for whole
    // months from the first day the two readings admit exactly the same maturities.
    original_term: TermBounds::at_most(63),
    remaining_term: TermBounds::between(21, 24),
    measure: TermMeasure::WholeMonths,
    source: "CBOT Rule 21101A; CME 2-Year T-Note contract specifications (spec §1.4) [S]",
}];

static FV_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::FV,
    first_contract: ALL_CONTRACTS,
    last_contract: None,
    original_term: TermBounds::at_most(63),
    remaining_term: TermBounds::at_least(50),
    measure: TermMeasure::WholeMonths,
    source: "CME 5-Year T-Note contract specifications (spec §1.4) [S]; applied to all history \
             and whole-month rounding assumed as for TU [L]",
}];

static TY_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::TY,
    first_contract: ALL_CONTRACTS,
    last_contract: None,
    // "U.S. Treasury notes": original term at most 10 years, so an old 30-year bond with 6.5-10
    // years left is not deliverable.
    original_term: TermBounds::at_most(120),
    remaining_term: TermBounds::between(78, 120),
    measure: TermMeasure::WholeMonths,
    source: "CME 10-Year T-Note contract specifications: U.S. Treasury notes with 6.5-10 years \
             remaining (spec §1.4) [S]; applied to all history and whole-month rounding assumed \
             as for TU [L]",
}];

static TN_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::TN,
    first_contract: (2016, 3),
    last_contract: None,
    // "Original issue 10-year notes": 120 months from the original issue. Measured from a
    // reopening's own issue date a 10-year note shows 118-119 months, and the next longer and
    // shorter original terms are 20 and 7 years, so 9y 6m..=10y separates 10-year notes from
    // everything else.
    original_term: TermBounds::between(114, 120),
    remaining_term: TermBounds::between(113, 120),
    measure: TermMeasure::WholeMonths,
    source: "CME Ultra 10-Year T-Note contract specifications; CBOT Rule 26101 as amended by \
             SER-7585 (2016) (spec §1.4) [S]",
}];

static US_DELIVERABLE: [DeliverableRule; 2] = [
    DeliverableRule {
        root: Root::US,
        first_contract: ALL_CONTRACTS,
        last_contract: Some((2010, 12)),
        original_term: TermBounds::ANY,
        remaining_term: TermBounds::at_least(180),
        measure: TermMeasure::WholeMonths,
        source: "CBOT T-Bond contract grade before March 2011: remaining term at least 15 years \
                 (spec §1.4) [S]; the 'not callable for 15 years' clause is not modelled",
    },
    DeliverableRule {
        root: Root::US,
        first_contract: (2011, 3),
        last_contract: None,
        // Remaining term >= 15 years and < 25 years: at most 24y 11m in whole months.
        original_term: TermBounds::ANY,
        remaining_term: TermBounds::between(180, 299),
        measure: TermMeasure::WholeMonths,
        source: "CME U.S. Treasury Bond contract specifications, < 25 years from the March 2011 \
                 contract (spec §1.4) [S]",
    },
];

static UB_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::UB,
    first_contract: (2010, 3),
    last_contract: None,
    original_term: TermBounds::ANY,
    remaining_term: TermBounds::at_least(300),
    measure: TermMeasure::WholeMonths,
    source: "CME Ultra U.S. Treasury Bond contract specifications (spec §1.4) [S]",
}];

static TS_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::TS,
    first_contract: (2018, 12),
    last_contract: None,
    // Original term <= 5 years, remaining 1.5-2.25 years.
    original_term: TermBounds::at_most(60),
    remaining_term: TermBounds::between(18, 27),
    measure: TermMeasure::ExactDate,
    source: "CFFEX 2-year CGB futures contract specification (spec §2.3) [S]",
}];

static TF_DELIVERABLE: [DeliverableRule; 3] = [
    DeliverableRule {
        root: Root::TF,
        first_contract: (2013, 12),
        last_contract: Some((2015, 9)),
        // Launch rule: remaining 4-7 years, no original-term limit.
        original_term: TermBounds::ANY,
        remaining_term: TermBounds::between(48, 84),
        measure: TermMeasure::ExactDate,
        source: "CFFEX 5-year contract specification at launch (2013; as published 2014-09-01) \
                 [S]; last contract TF1509 (the revision of 2015-02-27 taken to apply from the \
                 next contract listed, TF1512) [L]",
    },
    DeliverableRule {
        root: Root::TF,
        first_contract: (2015, 12),
        last_contract: Some((2019, 3)),
        // Remaining 4-5.25 years, no original-term limit yet (the 2017 specification).
        original_term: TermBounds::ANY,
        remaining_term: TermBounds::between(48, 63),
        measure: TermMeasure::ExactDate,
        source: "CFFEX 5-year contract specification after the 2015-02-27 revision (as quoted \
                 in 2017) [S]; era boundaries [L]",
    },
    DeliverableRule {
        root: Root::TF,
        first_contract: (2019, 6),
        last_contract: None,
        // Original term <= 7 years, remaining 4-5.25 years.
        original_term: TermBounds::at_most(84),
        remaining_term: TermBounds::between(48, 63),
        measure: TermMeasure::ExactDate,
        source: "CFFEX 5-year contract specification (current) (spec §2.3) [S]; the date the \
                 7-year original-term limit was added was not found: assumed from TF1906, the \
                 first contract listed after the 2018 TS launch [L]",
    },
];

static T_DELIVERABLE: [DeliverableRule; 2] = [
    DeliverableRule {
        root: Root::T,
        first_contract: (2015, 9),
        last_contract: Some((2019, 3)),
        // Launch rule: remaining 6.5-10.25 years, no original-term limit.
        original_term: TermBounds::ANY,
        remaining_term: TermBounds::between(78, 123),
        measure: TermMeasure::ExactDate,
        source: "CFFEX 10-year contract specification at launch (2015) [S]; last contract \
                 T1903 [L]",
    },
    DeliverableRule {
        root: Root::T,
        first_contract: (2019, 6),
        last_contract: None,
        // Original term <= 10 years, remaining at least 6.5 years.
        original_term: TermBounds::at_most(120),
        remaining_term: TermBounds::at_least(78),
        measure: TermMeasure::ExactDate,
        source: "CFFEX 10-year contract specification (current) (spec §2.3) [S]; assumed from \
                 T1906, the first contract listed after the 2018 TS launch [L]",
    },
];

static TL_DELIVERABLE: [DeliverableRule; 1] = [DeliverableRule {
    root: Root::TL,
    first_contract: (2023, 6),
    last_contract: None,
    original_term: TermBounds::at_most(360),
    remaining_term: TermBounds::at_least(300),
    measure: TermMeasure::ExactDate,
    source: "CFFEX 30-year CGB futures contract specification (spec §2.3) [S]",
}];

/// Static specification of a root. Obtain it with [`Root::spec`].
#[derive(Debug, Clone, PartialEq)]
pub struct RootSpec {
    /// The root this spec describes.
    pub root: Root,
    /// Exchange product name.
    pub name: &'static str,
    /// Listing exchange.
    pub exchange: Exchange,
    /// Settlement (and P&L) currency.
    pub currency: Currency,
    /// Underlying kind.
    pub kind: ProductKind,
    /// Face value of the deliverable (bond futures, in `currency`), or the contract size in units
    /// of the underlying (EC: EUR 125,000), or the index multiplier (VX: 1,000).
    pub face_or_multiplier: f64,
    /// Currency value of a move of 1.0 in the quoted price. Bond futures quote per 100 face, so
    /// this is `face / 100` (TU $2,000; TY $1,000; TS RMB 20,000); EC 125,000; VX 1,000.
    pub point_value: f64,
    /// Price quotation convention.
    pub quote: QuoteConvention,
    /// Listed months.
    pub cycle: ListingCycle,
    /// Tick history, oldest first; the first era starts at (or before) the listing date.
    pub ticks: &'static [TickEra],
    /// Notional coupon of the bond futures (CBOT 6%, CFFEX 3%), as a decimal.
    pub notional_coupon: Option<f64>,
    /// Conversion-factor convention (bond futures only).
    pub cf_convention: Option<ConversionFactorConvention>,
    /// Daily price limit as a fraction of the previous settlement price, where the exchange sets
    /// a fixed one (CFFEX). CBOT Treasury futures have no fixed limit (spec §1.1).
    pub daily_limit: Option<f64>,
    /// First trading day of the product (earliest date any of its contracts can trade).
    pub listed_from: NaiveDate,
    /// How many contracts are listed at a time (the listing-day rule).
    pub listing: Listing,
    /// Deliverable-grade rules by era of contract months, oldest first (bond futures only).
    pub deliverable: &'static [DeliverableRule],
}

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date literal in the contract table"),
    }
}

/// 1/32 of a point.
const T32: f64 = 1.0 / 32.0;

static TU_TICKS: [TickEra; 2] = [
    // 1/4 of 1/32 before the January 2019 tick cut (spec §1.1, [S]).
    TickEra {
        from: ymd(1990, 6, 22),
        tick: T32 / 4.0,
    },
    // 1/8 of 1/32 from the January 2019 cut (spec §1.1). The day is [S/L]: a 2020 RJ O'Brien
    // note on the 3-year relaunch refers to "the ZT tick cut in January 2019", and an independent
    // market-data note dates the new ZT tick from trade date 2019-01-14 (a Monday); CME's own
    // notice was not found.
    TickEra {
        from: ymd(2019, 1, 14),
        tick: T32 / 8.0,
    },
];
static FV_TICKS: [TickEra; 2] = [
    TickEra {
        from: ymd(1988, 5, 20),
        tick: T32 / 2.0,
    },
    // cut to 1/4 of 1/32 on 2008-03-03 (spec §1.1, [S]).
    TickEra {
        from: ymd(2008, 3, 3),
        tick: T32 / 4.0,
    },
];
static TY_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(1982, 5, 3),
    tick: T32 / 2.0,
}];
static TN_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(2016, 1, 11),
    tick: T32 / 2.0,
}];
static US_TICKS: [TickEra; 3] = [
    TickEra {
        from: ymd(1977, 8, 22),
        tick: T32,
    },
    // 1/2 of 1/32 from 2008-03-03, back to 1/32 on 2009-08-31 (spec §1.1, [S]).
    TickEra {
        from: ymd(2008, 3, 3),
        tick: T32 / 2.0,
    },
    TickEra {
        from: ymd(2009, 8, 31),
        tick: T32,
    },
];
static UB_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(2010, 1, 11),
    tick: T32,
}];
static TS_TICKS: [TickEra; 2] = [
    TickEra {
        from: ymd(2018, 8, 17),
        tick: 0.005,
    },
    // 0.002 from the 2023-11-06 settlement onward (spec §2.1, [S]).
    TickEra {
        from: ymd(2023, 11, 6),
        tick: 0.002,
    },
];
static TF_TICKS: [TickEra; 2] = [
    // 0.002 at launch (CFFEX 5-year contract specification as of 2014-09-01, [S]).
    TickEra {
        from: ymd(2013, 9, 6),
        tick: 0.002,
    },
    // 0.005 for all listed contracts from the 2015-03-16 settlement onward (CFFEX notice on the
    // 5-year tick size and margins of March 2015, applying the contract revision of 2015-02-27,
    // [S]); trading used the new tick from 2015-03-17.
    TickEra {
        from: ymd(2015, 3, 16),
        tick: 0.005,
    },
];
static T_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(2015, 3, 20),
    tick: 0.005,
}];
static TL_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(2023, 4, 21),
    tick: 0.01,
}];
static EC_TICKS: [TickEra; 2] = [
    TickEra {
        from: ymd(1999, 1, 4),
        tick: 0.0001,
    },
    // 0.00005 from trade date 2016-01-11 (spec §4, CME SER-7425 [S]).
    TickEra {
        from: ymd(2016, 1, 11),
        tick: 0.00005,
    },
];
static VX_TICKS: [TickEra; 1] = [TickEra {
    from: ymd(2004, 3, 26),
    tick: 0.05,
}];

use ConversionFactorConvention as Cf;

static SPECS: [RootSpec; 12] = [
    RootSpec {
        root: Root::TU,
        name: "2-Year U.S. Treasury Note",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 200_000.0,
        point_value: 2_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &TU_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotWholeMonths),
        daily_limit: None,
        listed_from: ymd(1990, 6, 22),
        listing: CBOT_LISTING,
        deliverable: &TU_DELIVERABLE,
    },
    RootSpec {
        root: Root::FV,
        name: "5-Year U.S. Treasury Note",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 100_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &FV_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotWholeMonths),
        daily_limit: None,
        listed_from: ymd(1988, 5, 20),
        listing: CBOT_LISTING,
        deliverable: &FV_DELIVERABLE,
    },
    RootSpec {
        root: Root::TY,
        name: "10-Year U.S. Treasury Note",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 100_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &TY_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotQuarters),
        daily_limit: None,
        listed_from: ymd(1982, 5, 3),
        listing: CBOT_LISTING,
        deliverable: &TY_DELIVERABLE,
    },
    RootSpec {
        root: Root::TN,
        name: "Ultra 10-Year U.S. Treasury Note",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 100_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &TN_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotQuarters),
        daily_limit: None,
        listed_from: ymd(2016, 1, 11),
        listing: CBOT_LISTING,
        deliverable: &TN_DELIVERABLE,
    },
    RootSpec {
        root: Root::US,
        name: "U.S. Treasury Bond",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 100_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &US_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotQuarters),
        daily_limit: None,
        listed_from: ymd(1977, 8, 22),
        listing: CBOT_LISTING,
        deliverable: &US_DELIVERABLE,
    },
    RootSpec {
        root: Root::UB,
        name: "Ultra U.S. Treasury Bond",
        exchange: Exchange::Cbot,
        currency: Currency::Usd,
        kind: ProductKind::UsTreasuryFuture,
        face_or_multiplier: 100_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::ThirtySeconds,
        cycle: ListingCycle::Quarterly,
        ticks: &UB_TICKS,
        notional_coupon: Some(0.06),
        cf_convention: Some(Cf::CbotQuarters),
        daily_limit: None,
        listed_from: ymd(2010, 1, 11),
        listing: CBOT_LISTING,
        deliverable: &UB_DELIVERABLE,
    },
    RootSpec {
        root: Root::TS,
        name: "2-year China Government Bond",
        exchange: Exchange::Cffex,
        currency: Currency::Cny,
        kind: ProductKind::CgbFuture,
        face_or_multiplier: 2_000_000.0,
        point_value: 20_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Quarterly,
        ticks: &TS_TICKS,
        notional_coupon: Some(0.03),
        cf_convention: Some(Cf::Cffex),
        daily_limit: Some(0.005),
        listed_from: ymd(2018, 8, 17),
        listing: cffex_listing(2018, 12),
        deliverable: &TS_DELIVERABLE,
    },
    RootSpec {
        root: Root::TF,
        name: "5-year China Government Bond",
        exchange: Exchange::Cffex,
        currency: Currency::Cny,
        kind: ProductKind::CgbFuture,
        face_or_multiplier: 1_000_000.0,
        point_value: 10_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Quarterly,
        ticks: &TF_TICKS,
        notional_coupon: Some(0.03),
        cf_convention: Some(Cf::Cffex),
        daily_limit: Some(0.012),
        listed_from: ymd(2013, 9, 6),
        listing: cffex_listing(2013, 12),
        deliverable: &TF_DELIVERABLE,
    },
    RootSpec {
        root: Root::T,
        name: "10-year China Government Bond",
        exchange: Exchange::Cffex,
        currency: Currency::Cny,
        kind: ProductKind::CgbFuture,
        face_or_multiplier: 1_000_000.0,
        point_value: 10_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Quarterly,
        ticks: &T_TICKS,
        notional_coupon: Some(0.03),
        cf_convention: Some(Cf::Cffex),
        daily_limit: Some(0.02),
        listed_from: ymd(2015, 3, 20),
        listing: cffex_listing(2015, 9),
        deliverable: &T_DELIVERABLE,
    },
    RootSpec {
        root: Root::TL,
        name: "30-year China Government Bond",
        exchange: Exchange::Cffex,
        currency: Currency::Cny,
        kind: ProductKind::CgbFuture,
        face_or_multiplier: 1_000_000.0,
        point_value: 10_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Quarterly,
        ticks: &TL_TICKS,
        notional_coupon: Some(0.03),
        cf_convention: Some(Cf::Cffex),
        daily_limit: Some(0.035),
        listed_from: ymd(2023, 4, 21),
        listing: cffex_listing(2023, 6),
        deliverable: &TL_DELIVERABLE,
    },
    RootSpec {
        root: Root::EC,
        name: "Euro FX",
        exchange: Exchange::Cme,
        currency: Currency::Usd,
        kind: ProductKind::FxFuture,
        face_or_multiplier: 125_000.0,
        point_value: 125_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Monthly,
        ticks: &EC_TICKS,
        notional_coupon: None,
        cf_convention: None,
        daily_limit: None,
        listed_from: ymd(1999, 1, 4),
        listing: EC_LISTING,
        deliverable: &[],
    },
    RootSpec {
        root: Root::VX,
        name: "Cboe VIX",
        exchange: Exchange::Cfe,
        currency: Currency::Usd,
        kind: ProductKind::VolatilityFuture,
        face_or_multiplier: 1_000.0,
        point_value: 1_000.0,
        quote: QuoteConvention::Decimal,
        cycle: ListingCycle::Monthly,
        ticks: &VX_TICKS,
        notional_coupon: None,
        cf_convention: None,
        daily_limit: None,
        listed_from: ymd(2004, 3, 26),
        listing: VX_LISTING,
        deliverable: &[],
    },
];

impl Root {
    /// Every root, in a fixed order (the order of [`Root::index`]).
    pub const ALL: [Root; 12] = [
        Root::TU,
        Root::FV,
        Root::TY,
        Root::TN,
        Root::US,
        Root::UB,
        Root::TS,
        Root::TF,
        Root::T,
        Root::TL,
        Root::EC,
        Root::VX,
    ];

    /// A dense index `0..Root::ALL.len()`, for per-root arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The canonical symbol (`"TU"`, `"T"`, `"EC"`, `"VX"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Root::TU => "TU",
            Root::FV => "FV",
            Root::TY => "TY",
            Root::TN => "TN",
            Root::US => "US",
            Root::UB => "UB",
            Root::TS => "TS",
            Root::TF => "TF",
            Root::T => "T",
            Root::TL => "TL",
            Root::EC => "EC",
            Root::VX => "VX",
        }
    }

    /// Looks a root up by its canonical symbol or an exchange alias (Globex `ZT`, `ZF`, `ZN`,
    /// `ZB`, `6E`). Matching is exact and case-sensitive, as exchange symbols are upper case.
    pub fn from_symbol(symbol: &str) -> Option<Root> {
        let root = match symbol {
            "TU" | "ZT" => Root::TU,
            "FV" | "ZF" => Root::FV,
            "TY" | "ZN" => Root::TY,
            "TN" => Root::TN,
            "US" | "ZB" => Root::US,
            "UB" => Root::UB,
            "TS" => Root::TS,
            "TF" => Root::TF,
            "T" => Root::T,
            "TL" => Root::TL,
            "EC" | "6E" => Root::EC,
            "VX" => Root::VX,
            _ => return None,
        };
        Some(root)
    }

    /// The static specification of this root.
    pub fn spec(self) -> &'static RootSpec {
        &SPECS[self.index()]
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RootSpec {
    /// The minimum outright price fluctuation in force on trade date `date`, in price points.
    ///
    /// Dates before the first recorded era get the first era's tick (the product's earliest
    /// known tick); callers that need to reject pre-listing dates check
    /// [`RootSpec::listed_from`].
    pub fn tick_size(&self, date: NaiveDate) -> f64 {
        let mut tick = self.ticks[0].tick;
        for era in self.ticks {
            if era.from <= date {
                tick = era.tick;
            }
        }
        tick
    }

    /// The currency value of one tick on trade date `date` (`tick_size × point_value`).
    pub fn tick_value(&self, date: NaiveDate) -> f64 {
        self.tick_size(date) * self.point_value
    }

    /// The deliverable-grade rule in force for `code`'s contract month, or `None` for roots
    /// without deliverable bonds (EC, VX), codes of another root, and months before the first
    /// recorded era.
    pub fn deliverable_rule(&self, code: &ContractCode) -> Option<&'static DeliverableRule> {
        self.deliverable.iter().find(|rule| rule.applies_to(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_indexed_by_root() {
        for root in Root::ALL {
            assert_eq!(root.spec().root, root);
            assert_eq!(Root::from_symbol(root.as_str()), Some(root));
            assert_eq!(Root::ALL[root.index()], root);
        }
    }

    #[test]
    fn tick_history_follows_the_exchange_notices() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(Root::TU.spec().tick_size(d(2018, 12, 31)), 1.0 / 128.0);
        assert_eq!(Root::TU.spec().tick_size(d(2024, 3, 20)), 1.0 / 256.0);
        assert_eq!(Root::TU.spec().tick_value(d(2024, 3, 20)), 7.8125);
        assert_eq!(Root::TS.spec().tick_size(d(2023, 11, 3)), 0.005);
        assert_eq!(Root::TS.spec().tick_size(d(2023, 11, 6)), 0.002);
        assert_eq!(Root::EC.spec().tick_value(d(2016, 1, 8)), 12.5);
        assert_eq!(Root::EC.spec().tick_value(d(2016, 1, 11)), 6.25);
        assert_eq!(Root::US.spec().tick_size(d(2009, 1, 2)), 1.0 / 64.0);
        assert_eq!(Root::US.spec().tick_size(d(2009, 8, 31)), 1.0 / 32.0);
        assert_eq!(Root::FV.spec().tick_value(d(2024, 1, 2)), 7.8125);
        assert_eq!(Root::VX.spec().tick_value(d(2024, 1, 2)), 50.0);
    }
}
