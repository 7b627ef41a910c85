//! Contract roots and their static specifications: the one source of truth for exchange facts.
//!
//! Every figure here is restated from the exchanges' contract specifications as collected in
//! the project's contract notes (`spec/contracts.md`, sections 1.1, 2.1, 3 and 4); each field's
//! doc names the rule it encodes. Facts that change over time (tick sizes) are stored as
//! dated eras so that [`RootSpec::tick_size`] is right for any trade date.

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
    // 1/8 of 1/32 from the January 2019 cut (spec §1.1); the exact first trade date is [L].
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
static TF_TICKS: [TickEra; 1] = [
    // Spec §2.1: 0.005 today; it was 0.002 at launch but the date of the change was not found,
    // so the current tick is used for the whole history [L].
    TickEra {
        from: ymd(2013, 9, 6),
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

macro_rules! spec {
    ($root:ident, $name:expr, $ex:ident, $ccy:ident, $kind:ident, $face:expr, $pv:expr, $quote:ident,
     $cycle:ident, $ticks:ident, $coupon:expr, $cf:expr, $limit:expr, $listed:expr) => {
        RootSpec {
            root: Root::$root,
            name: $name,
            exchange: Exchange::$ex,
            currency: Currency::$ccy,
            kind: ProductKind::$kind,
            face_or_multiplier: $face,
            point_value: $pv,
            quote: QuoteConvention::$quote,
            cycle: ListingCycle::$cycle,
            ticks: &$ticks,
            notional_coupon: $coupon,
            cf_convention: $cf,
            daily_limit: $limit,
            listed_from: $listed,
        }
    };
}

use ConversionFactorConvention as Cf;

static SPECS: [RootSpec; 12] = [
    spec!(
        TU,
        "2-Year U.S. Treasury Note",
        Cbot,
        Usd,
        UsTreasuryFuture,
        200_000.0,
        2_000.0,
        ThirtySeconds,
        Quarterly,
        TU_TICKS,
        Some(0.06),
        Some(Cf::CbotWholeMonths),
        None,
        ymd(1990, 6, 22)
    ),
    spec!(
        FV,
        "5-Year U.S. Treasury Note",
        Cbot,
        Usd,
        UsTreasuryFuture,
        100_000.0,
        1_000.0,
        ThirtySeconds,
        Quarterly,
        FV_TICKS,
        Some(0.06),
        Some(Cf::CbotWholeMonths),
        None,
        ymd(1988, 5, 20)
    ),
    spec!(
        TY,
        "10-Year U.S. Treasury Note",
        Cbot,
        Usd,
        UsTreasuryFuture,
        100_000.0,
        1_000.0,
        ThirtySeconds,
        Quarterly,
        TY_TICKS,
        Some(0.06),
        Some(Cf::CbotQuarters),
        None,
        ymd(1982, 5, 3)
    ),
    spec!(
        TN,
        "Ultra 10-Year U.S. Treasury Note",
        Cbot,
        Usd,
        UsTreasuryFuture,
        100_000.0,
        1_000.0,
        ThirtySeconds,
        Quarterly,
        TN_TICKS,
        Some(0.06),
        Some(Cf::CbotQuarters),
        None,
        ymd(2016, 1, 11)
    ),
    spec!(
        US,
        "U.S. Treasury Bond",
        Cbot,
        Usd,
        UsTreasuryFuture,
        100_000.0,
        1_000.0,
        ThirtySeconds,
        Quarterly,
        US_TICKS,
        Some(0.06),
        Some(Cf::CbotQuarters),
        None,
        ymd(1977, 8, 22)
    ),
    spec!(
        UB,
        "Ultra U.S. Treasury Bond",
        Cbot,
        Usd,
        UsTreasuryFuture,
        100_000.0,
        1_000.0,
        ThirtySeconds,
        Quarterly,
        UB_TICKS,
        Some(0.06),
        Some(Cf::CbotQuarters),
        None,
        ymd(2010, 1, 11)
    ),
    spec!(
        TS,
        "2-year China Government Bond",
        Cffex,
        Cny,
        CgbFuture,
        2_000_000.0,
        20_000.0,
        Decimal,
        Quarterly,
        TS_TICKS,
        Some(0.03),
        Some(Cf::Cffex),
        Some(0.005),
        ymd(2018, 8, 17)
    ),
    spec!(
        TF,
        "5-year China Government Bond",
        Cffex,
        Cny,
        CgbFuture,
        1_000_000.0,
        10_000.0,
        Decimal,
        Quarterly,
        TF_TICKS,
        Some(0.03),
        Some(Cf::Cffex),
        Some(0.012),
        ymd(2013, 9, 6)
    ),
    spec!(
        T,
        "10-year China Government Bond",
        Cffex,
        Cny,
        CgbFuture,
        1_000_000.0,
        10_000.0,
        Decimal,
        Quarterly,
        T_TICKS,
        Some(0.03),
        Some(Cf::Cffex),
        Some(0.02),
        ymd(2015, 3, 20)
    ),
    spec!(
        TL,
        "30-year China Government Bond",
        Cffex,
        Cny,
        CgbFuture,
        1_000_000.0,
        10_000.0,
        Decimal,
        Quarterly,
        TL_TICKS,
        Some(0.03),
        Some(Cf::Cffex),
        Some(0.035),
        ymd(2023, 4, 21)
    ),
    spec!(
        EC,
        "Euro FX",
        Cme,
        Usd,
        FxFuture,
        125_000.0,
        125_000.0,
        Decimal,
        Monthly,
        EC_TICKS,
        None,
        None,
        None,
        ymd(1999, 1, 4)
    ),
    spec!(
        VX,
        "Cboe VIX",
        Cfe,
        Usd,
        VolatilityFuture,
        1_000.0,
        1_000.0,
        Decimal,
        Monthly,
        VX_TICKS,
        None,
        None,
        None,
        ymd(2004, 3, 26)
    ),
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
