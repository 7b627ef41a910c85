//! Domain limits: the valid range of every number a user can give the crate, in one place.
//!
//! Each [`Limit`] is a closed range `min ..= max` with a unit. Library constructors, the engine,
//! run files and the command line check their numbers against these constants **before** any
//! arithmetic, so that a typo (a yield of −150 instead of −1.50, a size of `1e300`) stops with
//! [`OutOfRange`], naming the value and the range, instead of pricing a bond at 24 billion or
//! breaking an accounting identity through overflow. NaN and ±∞ are outside every range.
//!
//! | constant | range | unit | checked by |
//! | --- | --- | --- | --- |
//! | [`YIELD`] | −0.20 ..= 2.00 | decimal a year (−20 % ..= 200 %) | bond price/risk from a yield, the yield solver's result, `bond --yield` |
//! | [`RATE`] | −0.20 ..= 2.00 | decimal a year | financing (repo) rates: `dlv --repo` |
//! | [`BOND_PRICE`] | 1e-6 ..= 1e6 | per 100 face | the yield solver's input, `bond --price` |
//! | [`FUTURES_PRICE`] | 0.0001 ..= 100,000 | price points | `dlv --futures-price` |
//! | [`UNITS`] | −1e6 ..= 1e6 | spread units | strategy sizes, engine targets, run files |
//! | [`CONTRACTS`] | −1e7 ..= 1e7 | contracts per leg | the engine, after `round(units × ratio)` |
//! | [`DV01_TARGET`] | −1e9 ..= 1e9 | base currency per bp | DV01 targets, run files |
//! | [`RISK_BUDGET`] | 1 ..= 1e10 | base currency per daily σ | risk-budget sizing |
//! | [`TARGET_VOL`] | 1 ..= 1e11 | base currency a year | `UsdView` |
//! | [`CAPITAL`] | 1 ..= 1e13 | base currency | `BacktestConfig::capital` |
//! | [`COMMISSION`] | 0 ..= 1,000 | currency per contract (or unit) per side | `CostModel` |
//! | [`SLIPPAGE_TICKS`] | 0 ..= 100 | ticks per side | `CostModel` |
//! | [`MARGIN_PER_CONTRACT`] | 0 ..= 1e6 | currency per contract | `MarginModel` |
//! | [`MARGIN_FRACTION`] | 0 ..= 1 | fraction of notional | `MarginModel` |
//! | [`FX_RATE`] | 1e-6 ..= 1e6 | base currency per foreign unit | constant FX rates |
//! | [`WINDOW`] | 2 ..= 10,000 | market days | z-score windows, look-backs |
//! | [`HOLDING_DAYS`] | 0 ..= 10,000 | market days | `exit_after_days`, event windows |
//! | [`ZSCORE_THRESHOLD`] | 0 ..= 20 | standard deviations | z-score entry and exit |
//! | [`SWEEP_RUNS`] | 1 ..= 10,000,000 | runs | a sweep grid's size |
//! | [`SHARDS`] | 1 ..= 100,000 | shards | `sweep.shards` |
//!
//! Dates need no range of their own: a run's dates must overlap the market
//! ([`BacktestError::DatesOutOfRange`](crate::backtest::BacktestError::DatesOutOfRange)),
//! strategy dates must fall inside the run, and a bond's term is bounded by
//! [`MAX_TERM_YEARS`](crate::bond::MAX_TERM_YEARS) with every schedule date checked to be
//! representable. Coupons keep their own bound, [`MAX_COUPON_RATE`](crate::bond::MAX_COUPON_RATE).
//!
//! Why each range is what it is, with sources, is in `docs/LIMITS.md` (and on each constant).
//!
//! # References
//! - Board of Governors of the Federal Reserve System, H.15 Selected Interest Rates (Treasury
//!   constant maturities 1962–2021, `../shared/data/us_treasury_cmt_fred_h15_1962_2021.csv`):
//!   the highest U.S. yield, 17.43 % on 1981-09-08.
//! - ECB €STR and EONIA (`../shared/data/eur_overnight_eonia_estr_daily.csv`): −0.593 %.
//! - Swiss National Bank data portal, Confederation bond yields (10-year about −1 % in
//!   August 2019); Bloomberg, Greek government bond yields (2-year above 100 % in September
//!   2011; 1-year 1,114 % in March 2012).
//! - CME Group, Treasury futures fees, margins and open interest; CFFEX fee schedule (spec §2.1,
//!   §7 in `docs/CONTRACTS.md`).
//!
//! # Examples
//! ```
//! use spreadtrade::limits::{UNITS, YIELD};
//!
//! assert_eq!(YIELD.check("yield", 0.045)?, 0.045);
//! let e = UNITS.check("strategy.units", 1e300).unwrap_err();
//! assert_eq!(
//!     e.to_string(),
//!     "strategy.units = 1e300 is out of range: expected -1e6 ..= 1e6 spread units"
//! );
//! // The command line speaks percent.
//! let e = YIELD.percent().check("--yield", -150.0).unwrap_err();
//! assert_eq!(e.to_string(), "--yield = -150 is out of range: expected -20 ..= 200 percent");
//! # Ok::<(), spreadtrade::limits::OutOfRange>(())
//! ```

use std::fmt;

/// A closed valid range `min ..= max` for one kind of number, with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The smallest valid value.
    pub min: f64,
    /// The largest valid value.
    pub max: f64,
    /// The unit the range is in (`"decimal a year"`, `"market days"`).
    pub unit: &'static str,
}

impl Limit {
    /// A range `min ..= max` in `unit`.
    pub const fn new(min: f64, max: f64, unit: &'static str) -> Self {
        Limit { min, max, unit }
    }

    /// Whether `value` lies in the range (never for NaN or ±∞).
    #[inline]
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && value <= self.max
    }

    /// `value` when it lies in the range.
    ///
    /// # Errors
    /// [`OutOfRange`] naming `what`, the value and the range, for a value outside it
    /// (NaN and ±∞ included).
    #[inline]
    pub fn check(&self, what: &str, value: f64) -> Result<f64, OutOfRange> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(self.error(what, value))
        }
    }

    /// `count` when it lies in the range (for days, windows, runs).
    ///
    /// # Errors
    /// As [`Limit::check`].
    #[inline]
    pub fn check_count(&self, what: &str, count: usize) -> Result<usize, OutOfRange> {
        // usize → f64 is exact up to 2^53, far above every count limit; larger counts round
        // and are still outside.
        self.check(what, count as f64).map(|_| count)
    }

    /// The error for `value` under the name `what`.
    pub fn error(&self, what: &str, value: f64) -> OutOfRange {
        OutOfRange {
            what: what.to_owned(),
            value,
            min: self.min,
            max: self.max,
            unit: self.unit,
        }
    }

    /// The same range in percent (for decimal-fraction limits at a percent edge: CLI flags).
    pub fn percent(&self) -> Limit {
        Limit {
            min: self.min * 100.0,
            max: self.max * 100.0,
            unit: "percent",
        }
    }
}

/// A number outside its valid range: what it is, its value, and the range.
///
/// Every module's error wraps this one kind (`BondError::OutOfRange`,
/// `BacktestError::OutOfRange`, `StrategyError::OutOfRange`).
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfRange {
    /// What the value is, as the caller names it (`"yield"`, `"strategy.units"`, `"--yield"`).
    pub what: String,
    /// The value given.
    pub value: f64,
    /// The smallest valid value.
    pub min: f64,
    /// The largest valid value.
    pub max: f64,
    /// The unit of the range.
    pub unit: &'static str,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is out of range: expected {} ..= {} {}",
            self.what,
            Num(self.value),
            Num(self.min),
            Num(self.max),
            self.unit
        )
    }
}

impl std::error::Error for OutOfRange {}

/// A number for a message: plain decimals for everyday magnitudes, scientific notation for
/// the rest (Rust prints `1e300` as 301 digits otherwise).
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.0.abs();
        if !self.0.is_finite() || a == 0.0 || (1e-4..1e6).contains(&a) {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{:e}", self.0)
        }
    }
}

/// Yields to maturity, decimal a year: −20 % ..= 200 %.
///
/// The most negative government yields on record are about −1 % (the Swiss Confederation's
/// 10-year, August 2019; short EUR rates reached −0.593 %, €STR/EONIA in `../shared/data`);
/// −20 % is twenty times deeper and still prices a 30-year bond finitely. The highest U.S.
/// Treasury yield since 1962 is 17.43 % (6-month bill, 1981-09-08, Federal Reserve H.15);
/// distressed sovereigns go further (the Greek 2-year passed 100 % in September 2011, at a
/// price of 31). Above 200 % a bond trades on its recovery value and a yield no longer
/// describes it (the Greek 1-year printed 1,114 % in March 2012).
pub const YIELD: Limit = Limit::new(-0.20, 2.00, "decimal a year");

/// Money-market and financing (repo) rates, decimal a year: the range of [`YIELD`].
pub const RATE: Limit = Limit::new(-0.20, 2.00, "decimal a year");

/// Bond prices per 100 face: 1e-6 ..= 1e6.
///
/// Wide on purpose: whether a price is plausible depends on the bond's coupon and maturity,
/// so the yield solver judges a price by the yield it implies (that yield must lie in
/// [`YIELD`]: a 10-year note at 0.5 implies a yield far above 200 % and is refused there).
/// This range only keeps the solver's arithmetic away from zero and overflow, and covers every
/// price a bond has at a yield inside [`YIELD`] for coupons up to 15 % and 30 years. Real
/// prices sit between a few points (defaulted bonds) and about 200 (Austria's 2117
/// century bond in 2020).
pub const BOND_PRICE: Limit = Limit::new(1e-6, 1e6, "per 100 face");

/// Futures prices in the contract's price points: 0.0001 ..= 100,000 (EC near 1.1, VX
/// 10–90, bond futures 90–200).
pub const FUTURES_PRICE: Limit = Limit::new(1e-4, 1e5, "price points");

/// Spread units held (signed): −1,000,000 ..= 1,000,000.
///
/// A unit is one spread as written (`2×TU−1×TY` is 2 TU and 1 TY); a million units is far above
/// any single book and keeps every contract count, notional and P&L exactly representable.
pub const UNITS: Limit = Limit::new(-1e6, 1e6, "spread units");

/// Contracts held in one leg (signed): −10,000,000 ..= 10,000,000.
///
/// Open interest of the largest Treasury future (TY) is a few million contracts
/// (CME volume and open-interest reports); ten million contracts of a 100,000-face future is
/// USD 1 trillion of face, and the P&L sums stay far inside f64's exact integer range.
pub const CONTRACTS: Limit = Limit::new(-1e7, 1e7, "contracts");

/// A spread's DV01 target, base currency per basis point (signed): −1e9 ..= 1e9.
///
/// The whole marketable U.S. Treasury debt (about USD 27 trillion in 2024, average maturity near 6
/// years) carries roughly USD 15 billion per bp; one book's target of a billion per bp is
/// already beyond any fund.
pub const DV01_TARGET: Limit = Limit::new(-1e9, 1e9, "base currency per bp");

/// A risk budget, base currency per standard deviation of daily P&L: 1 ..= 1e10.
pub const RISK_BUDGET: Limit = Limit::new(1.0, 1e10, "base currency per daily standard deviation");

/// A target annual P&L volatility, base currency a year: 1 ..= 1e11.
pub const TARGET_VOL: Limit = Limit::new(1.0, 1e11, "base currency a year");

/// Starting capital, base currency: 1 ..= 1e13 (ten trillion, the size of the largest asset
/// manager).
pub const CAPITAL: Limit = Limit::new(1.0, 1e13, "base currency");

/// Commission per contract (or series unit) per side, in the contract's currency: 0 ..= 1,000.
///
/// Exchange plus broker fees on Treasury futures are about USD 1–3 per side and CFFEX charges
/// CNY 3 per lot; a thousand per side is several hundred times any real schedule.
pub const COMMISSION: Limit = Limit::new(0.0, 1_000.0, "currency per contract per side");

/// Slippage in ticks per side: 0 ..= 100 (half a tick to a few ticks in liquid fronts).
pub const SLIPPAGE_TICKS: Limit = Limit::new(0.0, 100.0, "ticks per side");

/// Initial margin per contract, in the contract's currency: 0 ..= 1,000,000 (CME's TY
/// margin is a few thousand dollars).
pub const MARGIN_PER_CONTRACT: Limit = Limit::new(0.0, 1e6, "currency per contract");

/// Initial margin as a fraction of notional: 0 ..= 1 (fully collateralised).
pub const MARGIN_FRACTION: Limit = Limit::new(0.0, 1.0, "fraction of notional");

/// A constant FX rate, base currency per foreign unit: 1e-6 ..= 1e6 (covers every currency
/// pair quoted today, USD per IDR near 6e-5 included).
pub const FX_RATE: Limit = Limit::new(1e-6, 1e6, "base currency per foreign unit");

/// Look-back windows (z-score windows, volatility and sizing look-backs), market days:
/// 2 ..= 10,000 (two observations for a standard deviation; ten thousand days is forty
/// years, longer than every history the crate reads).
pub const WINDOW: Limit = Limit::new(2.0, 10_000.0, "market days");

/// Holding periods and event offsets, market days: 0 ..= 10,000.
pub const HOLDING_DAYS: Limit = Limit::new(0.0, 10_000.0, "market days");

/// Z-score entry and exit thresholds, standard deviations: 0 ..= 20 (a rolling z-score over
/// L days cannot exceed √(L−1); twenty is reached only by windows over 400 days, and
/// thresholds that high never trade).
pub const ZSCORE_THRESHOLD: Limit = Limit::new(0.0, 20.0, "standard deviations");

/// Runs in one sweep grid: 1 ..= 10,000,000 (each run keeps its summary, a few hundred
/// bytes; ten million of them is a few gigabytes; split larger grids into shards).
pub const SWEEP_RUNS: Limit = Limit::new(1.0, 1e7, "runs");

/// Shards a sweep is split into: 1 ..= 100,000.
pub const SHARDS: Limit = Limit::new(1.0, 1e5, "shards");

/// Serde deserialisers that check a field against its limit, so that a file's error carries
/// the key's path (`trade[2].strategy.units`) through `serde_path_to_error`.
#[cfg(feature = "runfile")]
pub(crate) mod de {
    use super::Limit;
    use serde::{Deserialize, Deserializer, de::Error};

    /// The name a file's value goes by in the message (its key is the path before it).
    const WHAT: &str = "value";

    fn one<'de, D: Deserializer<'de>>(d: D, limit: &Limit) -> Result<f64, D::Error> {
        let v = f64::deserialize(d)?;
        limit.check(WHAT, v).map_err(D::Error::custom)
    }

    fn opt<'de, D: Deserializer<'de>>(d: D, limit: &Limit) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)?
            .map(|v| limit.check(WHAT, v).map_err(D::Error::custom))
            .transpose()
    }

    fn count<'de, D: Deserializer<'de>>(d: D, limit: &Limit) -> Result<usize, D::Error> {
        let v = usize::deserialize(d)?;
        limit.check_count(WHAT, v).map_err(D::Error::custom)
    }

    fn count_opt<'de, D: Deserializer<'de>>(
        d: D,
        limit: &Limit,
    ) -> Result<Option<usize>, D::Error> {
        Option::<usize>::deserialize(d)?
            .map(|v| limit.check_count(WHAT, v).map_err(D::Error::custom))
            .transpose()
    }

    macro_rules! fields {
        ($($name:ident -> $ty:ty = $how:ident($limit:ident);)*) => {$(
            #[doc = concat!("A field checked against [`", stringify!($limit), "`](super::", stringify!($limit), ").")]
            pub(crate) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                $how(d, &super::$limit)
            }
        )*};
    }

    fields! {
        units_opt -> Option<f64> = opt(UNITS);
        dv01_opt -> Option<f64> = opt(DV01_TARGET);
        holding_days -> usize = count(HOLDING_DAYS);
        holding_days_opt -> Option<usize> = count_opt(HOLDING_DAYS);
        window -> usize = count(WINDOW);
        window_opt -> Option<usize> = count_opt(WINDOW);
        zscore -> f64 = one(ZSCORE_THRESHOLD);
        zscore_opt -> Option<f64> = opt(ZSCORE_THRESHOLD);
        target_vol -> f64 = one(TARGET_VOL);
        risk_budget -> f64 = one(RISK_BUDGET);
        shards_opt -> Option<usize> = count_opt(SHARDS);
    }

    /// Sweep windows, each checked against [`WINDOW`](super::WINDOW).
    pub(crate) fn windows<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let v = Vec::<usize>::deserialize(d)?;
        for (i, &w) in v.iter().enumerate() {
            super::WINDOW
                .check_count(&format!("windows[{i}]"), w)
                .map_err(D::Error::custom)?;
        }
        Ok(v)
    }

    /// Sweep entries, each checked against [`ZSCORE_THRESHOLD`](super::ZSCORE_THRESHOLD).
    pub(crate) fn zscores<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        let v = Vec::<f64>::deserialize(d)?;
        for (i, &k) in v.iter().enumerate() {
            super::ZSCORE_THRESHOLD
                .check(&format!("entries[{i}]"), k)
                .map_err(D::Error::custom)?;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Limit; 20] = [
        YIELD,
        RATE,
        BOND_PRICE,
        FUTURES_PRICE,
        UNITS,
        CONTRACTS,
        DV01_TARGET,
        RISK_BUDGET,
        TARGET_VOL,
        CAPITAL,
        COMMISSION,
        SLIPPAGE_TICKS,
        MARGIN_PER_CONTRACT,
        MARGIN_FRACTION,
        FX_RATE,
        WINDOW,
        HOLDING_DAYS,
        ZSCORE_THRESHOLD,
        SWEEP_RUNS,
        SHARDS,
    ];

    #[test]
    fn bounds_are_inside_and_everything_past_them_outside() {
        for l in ALL {
            assert!(l.min < l.max, "{l:?}");
            assert_eq!(l.check("x", l.min), Ok(l.min));
            assert_eq!(l.check("x", l.max), Ok(l.max));
            for bad in [
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                l.max.next_up(),
                l.min.next_down(),
                1e300,
                -1e300,
            ] {
                let e = l.check("x", bad).unwrap_err();
                assert_eq!((e.min, e.max, e.unit), (l.min, l.max, l.unit));
                assert!(e.value.to_bits() == bad.to_bits(), "{e}");
            }
        }
    }

    #[test]
    fn counts_are_checked_as_numbers() {
        assert_eq!(WINDOW.check_count("window", 2), Ok(2));
        assert_eq!(WINDOW.check_count("window", 10_000), Ok(10_000));
        for bad in [0, 1, 10_001, usize::MAX] {
            let e = WINDOW.check_count("window", bad).unwrap_err();
            assert_eq!(e.what, "window");
        }
    }

    #[test]
    fn messages_name_the_value_and_the_range() {
        let e = YIELD.check("yield", -1.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "yield = -1.5 is out of range: expected -0.2 ..= 2 decimal a year"
        );
        let e = CAPITAL.check("capital", f64::NAN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "capital = NaN is out of range: expected 1 ..= 1e13 base currency"
        );
        let e = UNITS.check("units", -1e300).unwrap_err();
        assert!(e.to_string().starts_with("units = -1e300 is"), "{e}");
        let e = FX_RATE.check("fx.EUR", 0.0).unwrap_err();
        assert!(e.to_string().contains("expected 1e-6 ..= 1e6"), "{e}");
    }

    #[test]
    fn percent_scales_the_range() {
        let p = YIELD.percent();
        assert_eq!((p.min, p.max, p.unit), (-20.0, 200.0, "percent"));
        assert!(p.contains(4.5) && !p.contains(-150.0));
    }

    #[cfg(feature = "runfile")]
    #[test]
    fn file_fields_carry_their_check() {
        #[derive(serde::Deserialize, Debug)]
        struct F {
            #[serde(default, deserialize_with = "de::units_opt")]
            units: Option<f64>,
            #[serde(default, deserialize_with = "de::windows")]
            windows: Vec<usize>,
        }
        let ok: F = serde_json::from_str(r#"{"units": 2.0, "windows": [20, 60]}"#).unwrap();
        assert_eq!((ok.units, ok.windows), (Some(2.0), vec![20, 60]));
        let missing: F = serde_json::from_str("{}").unwrap();
        assert_eq!(missing.units, None);
        let e = serde_json::from_str::<F>(r#"{"units": 1e300}"#).unwrap_err();
        assert!(
            e.to_string().contains("value = 1e300 is out of range"),
            "{e}"
        );
        let e = serde_json::from_str::<F>(r#"{"windows": [20, 1]}"#).unwrap_err();
        assert!(
            e.to_string().contains("windows[1] = 1 is out of range"),
            "{e}"
        );
    }
}
