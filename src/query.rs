//! The JSON answers of the `spreadtrade parse`, `contract`, `cf` and `bond` commands, built
//! here so that the command line (`--json`) and the Python package (`spreadtrade.parse`,
//! `.contract`, `.cf`, `.bond`) give the same keys, the same values and the same error
//! messages.
//!
//! Inputs are taken as the command line takes them: dates as `YYYY-MM-DD` text, coupons and
//! yields in **percent**, prices per 100 face. Outputs are [`serde_json::Value`] objects; their
//! keys are part of the public interface (see each function).
//!
//! ```
//! use spreadtrade::query::{BondQuery, bond_json, parse_json};
//!
//! let doc = parse_json("2*TUM24 - TYM24")?;
//! assert_eq!(doc["canonical"], "2×TUM24−1×TYM24");
//! let b = bond_json(&BondQuery::new(4.125, "2034-05-15", "2024-05-15").with_yield(4.125))?;
//! assert!((b["clean"].as_f64().unwrap() - 100.0).abs() < 1e-9);
//! # Ok::<(), spreadtrade::query::QueryError>(())
//! ```
//!
//! # Conventions
//! - Coupons and yields: percent in and out (`4.125` for 4.125%); the library works in
//!   decimals ([`crate::bond::BondTerms`]).
//! - Error messages name the command-line flag (`--coupon`, `--maturity`, ...), as the command
//!   line prints them.
//!
//! # Errors
//! [`QueryError`]: one variant per check, each message saying what was expected and what was
//! found.

use crate::bond::{
    Bond, BondTerms, ConversionFactor, Frequency, MarketConvention, UnknownMarketConvention,
    conversion_factor,
};
use crate::contract::{
    ContractCode, ContractError, ConversionFactorConvention, ProductKind, QuoteConvention,
};
use crate::curve::{BootstrapConfig, Compounding, CouponFrequency};
use crate::instrument::{ExprError, SpreadExpr};
use crate::market::Market;
use crate::units::Currency;
use chrono::NaiveDate;
use serde_json::{Value, json};

/// What went wrong answering a query; the messages are the command line's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The spread expression does not parse.
    #[error("invalid spread expression {text:?}: {source}")]
    Expr {
        /// The expression as given.
        text: String,
        /// Why.
        source: ExprError,
    },
    /// The contract code does not parse (`contract`).
    #[error("{text:?}: {source}")]
    Code {
        /// The code as given.
        text: String,
        /// Why.
        source: ContractError,
    },
    /// The contract's exchange dates cannot be computed.
    #[error("{code}: {source}")]
    Dates {
        /// The contract.
        code: String,
        /// Why.
        source: ContractError,
    },
    /// A conversion factor was asked for a contract that is not a bond future.
    #[error(
        "{code} is not a bond future: conversion factors exist for TU FV TY TN US UB TS TF T TL"
    )]
    NotBondFuture {
        /// The contract.
        code: String,
    },
    /// A CFFEX contract without a payment day (not expected for CFFEX roots).
    #[error("{code} has no payment day (not a CFFEX contract)")]
    NoPaymentDay {
        /// The contract.
        code: String,
    },
    /// A reference date was given for a CBOT contract.
    #[error(
        "--reference-date applies to CFFEX contracts only; {code} uses the first day of its contract month"
    )]
    ReferenceDateNotCffex {
        /// The contract.
        code: String,
    },
    /// A coupon outside 0..=100 percent.
    #[error("--coupon must be a percentage between 0 and 100, found {found}")]
    Coupon {
        /// The coupon given, in percent.
        found: f64,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid {flag} {text:?}: expected a date YYYY-MM-DD ({reason})")]
    Date {
        /// The flag (`--maturity`, `--settle`, `--issue`, `--reference-date`).
        flag: &'static str,
        /// The text given.
        text: String,
        /// The date parser's message.
        reason: String,
    },
    /// A coupon frequency other than 1 or 2.
    #[error("--frequency must be 1 (annual) or 2 (semi-annual), found {found}")]
    Frequency {
        /// The frequency given.
        found: u32,
    },
    /// A yield that is not a finite number.
    #[error("--yield must be a finite number, found {found}")]
    Yield {
        /// The yield given, in percent.
        found: f64,
    },
    /// Neither or both of a yield and a price.
    #[error("give exactly one of --yield and --price")]
    Quote,
    /// The data have no curve in the currency asked for.
    #[error("the data have no {currency} curve: expected USD (U.S. Treasury) or CNY (ChinaBond)")]
    NoCurve {
        /// The currency asked for.
        currency: Currency,
    },
    /// A step of a computation failed: what was being computed, and the library's message.
    #[error("{context}: {message}")]
    Context {
        /// What was being computed (`USD curve on 2024-01-02`, `zero rate at 10Y`).
        context: String,
        /// The library's message.
        message: String,
    },
    /// An unknown market convention.
    #[error(transparent)]
    Market(#[from] UnknownMarketConvention),
    /// A library error (contract, bond, ...), with the library's message.
    #[error(transparent)]
    Library(#[from] crate::Error),
}

impl From<crate::bond::BondError> for QueryError {
    fn from(e: crate::bond::BondError) -> Self {
        QueryError::Library(e.into())
    }
}

impl From<ContractError> for QueryError {
    fn from(e: ContractError) -> Self {
        QueryError::Library(e.into())
    }
}

/// Parses a `YYYY-MM-DD` date given to `flag`.
///
/// # Errors
/// [`QueryError::Date`] naming the flag and the text.
pub fn parse_date(flag: &'static str, text: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| QueryError::Date {
        flag,
        text: text.to_owned(),
        reason: e.to_string(),
    })
}

/// A coupon in percent as a decimal.
///
/// # Errors
/// [`QueryError::Coupon`] outside `0..=100` or not finite.
pub fn coupon_from_percent(percent: f64) -> Result<f64, QueryError> {
    if percent.is_finite() && (0.0..=100.0).contains(&percent) {
        Ok(percent / 100.0)
    } else {
        Err(QueryError::Coupon { found: percent })
    }
}

/// Coupons per year as a [`Frequency`].
///
/// # Errors
/// [`QueryError::Frequency`] for anything but 1 or 2.
pub fn frequency_from_per_year(per_year: u32) -> Result<Frequency, QueryError> {
    Frequency::from_per_year(per_year).ok_or(QueryError::Frequency { found: per_year })
}

/// `spreadtrade parse EXPR --json`: `{"canonical": "2×TUM24−1×TYM24", "legs": [{"ratio": 2.0,
/// "contract": "TUM24"}, ...]}`.
///
/// # Errors
/// [`QueryError::Expr`] when the expression does not parse.
pub fn parse_json(expr: &str) -> Result<Value, QueryError> {
    let spread: SpreadExpr = expr.parse().map_err(|source| QueryError::Expr {
        text: expr.to_owned(),
        source,
    })?;
    Ok(json!({
        "canonical": spread.to_string(),
        "legs": spread.legs(),
    }))
}

/// `spreadtrade contract CODE [--date D] --json`: the specification and exchange dates. Keys:
/// `code`, `root`, `name`, `exchange`, `currency`, `point_value`, `tick_size`, `tick_value`,
/// `tick_date` (`date`, default the last trading day), `quote`, `first_trading_day`,
/// `first_position_day`, `first_notice_day`, `first_delivery_day`, `last_trading_day`,
/// `last_delivery_day`, `payment_day`, `final_settlement_day` (`null` where the contract has
/// none), `notional_coupon` (percent, `null` for non-bond futures), `daily_limit`, and `face`
/// (bond futures) or `multiplier` (the others).
///
/// # Errors
/// [`QueryError::Code`] for an invalid code, [`QueryError::Dates`] when its dates cannot be
/// computed.
pub fn contract_json(code: &str, date: Option<NaiveDate>) -> Result<Value, QueryError> {
    let text = code;
    let code: ContractCode = text.parse().map_err(|source| QueryError::Code {
        text: text.to_owned(),
        source,
    })?;
    let dates = code.dates().map_err(|source| QueryError::Dates {
        code: code.to_string(),
        source,
    })?;
    let spec = code.spec();
    let on = date.unwrap_or(dates.last_trading_day);
    let iso = |d: Option<NaiveDate>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    let is_bond = matches!(
        spec.kind,
        ProductKind::UsTreasuryFuture | ProductKind::CgbFuture
    );
    let mut out = json!({
        "code": code.to_string(),
        "root": spec.root.as_str(),
        "name": spec.name,
        "exchange": spec.exchange.name(),
        "currency": spec.currency.code(),
        "point_value": spec.point_value,
        "tick_size": spec.tick_size(on),
        "tick_value": spec.tick_value(on),
        "tick_date": on.to_string(),
        "quote": match spec.quote {
            QuoteConvention::ThirtySeconds => "points and 32nds",
            _ => "decimal",
        },
        "first_trading_day": dates.first_trading_day.to_string(),
        "first_position_day": iso(dates.first_position_day),
        "first_notice_day": iso(dates.first_notice_day),
        "first_delivery_day": iso(dates.first_delivery_day),
        "last_trading_day": dates.last_trading_day.to_string(),
        "last_delivery_day": iso(dates.last_delivery_day),
        "payment_day": iso(dates.payment_day),
        "final_settlement_day": iso(dates.final_settlement_day),
        "notional_coupon": spec.notional_coupon.map(|c| c * 100.0),
        "daily_limit": spec.daily_limit,
    });
    let size_key = if is_bond { "face" } else { "multiplier" };
    out[size_key] = json!(spec.face_or_multiplier);
    Ok(out)
}

/// The conversion factor `spreadtrade cf` prints (as text or, through [`cf_json`], JSON),
/// with the contract and the bond's terms it was computed for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CfAnswer {
    /// The contract.
    pub code: ContractCode,
    /// The bond's maturity.
    pub maturity: NaiveDate,
    /// The bond's coupon frequency.
    pub frequency: Frequency,
    /// The factor and its intermediate terms.
    pub cf: ConversionFactor,
}

/// Computes [`CfAnswer`]: the arguments and rules of [`cf_json`].
///
/// # Errors
/// As [`cf_json`].
pub fn cf_answer(
    contract: &str,
    coupon_pct: f64,
    maturity: &str,
    frequency: u32,
    reference_date: Option<&str>,
) -> Result<CfAnswer, QueryError> {
    let code: ContractCode = contract.parse()?;
    let Some(cf_convention) = code.spec().cf_convention else {
        return Err(QueryError::NotBondFuture {
            code: code.to_string(),
        });
    };
    let coupon_rate = coupon_from_percent(coupon_pct)?;
    let maturity = parse_date("--maturity", maturity)?;
    let frequency = frequency_from_per_year(frequency)?;
    let cffex = cf_convention == ConversionFactorConvention::Cffex;
    let convention = if cffex {
        MarketConvention::ChinaInterbank
    } else {
        MarketConvention::UsStreet
    };
    let payment_day = match (reference_date, cffex) {
        (Some(text), true) => Some(parse_date("--reference-date", text)?),
        (None, true) => {
            let dates = code.dates().map_err(|source| QueryError::Dates {
                code: code.to_string(),
                source,
            })?;
            Some(dates.payment_day.ok_or_else(|| QueryError::NoPaymentDay {
                code: code.to_string(),
            })?)
        }
        (Some(_), false) => {
            return Err(QueryError::ReferenceDateNotCffex {
                code: code.to_string(),
            });
        }
        (None, false) => None,
    };
    let bond = Bond::new(
        BondTerms::new(coupon_rate, maturity)
            .with_frequency(frequency)
            .with_convention(convention),
    )?;
    let cf = conversion_factor(&code, &bond, payment_day)?;
    Ok(CfAnswer {
        code,
        maturity,
        frequency,
        cf,
    })
}

/// `spreadtrade cf --contract C --coupon PCT --maturity D [--frequency N] [--reference-date D]
/// --json`: a conversion factor with its workings. Keys: `contract`, `rule` (`cbot`/`cffex`),
/// `conversion_factor`, `unrounded`, `reference_date`; CBOT also `months`, `n`, `z`, `v`, `a`,
/// `b`, `c`, `d`; CFFEX also `x_months`, `n_coupons`, `next_coupon`.
///
/// CBOT roots (TU FV TY TN US UB) use the first day of the contract month; CFFEX roots (TS TF
/// T TL) the contract's payment day, or `reference_date` when given.
///
/// # Errors
/// [`QueryError::NotBondFuture`], [`QueryError::Coupon`], [`QueryError::Date`],
/// [`QueryError::Frequency`], [`QueryError::ReferenceDateNotCffex`], and the library's
/// contract and bond errors.
pub fn cf_json(
    contract: &str,
    coupon_pct: f64,
    maturity: &str,
    frequency: u32,
    reference_date: Option<&str>,
) -> Result<Value, QueryError> {
    let CfAnswer { code, cf, .. } =
        cf_answer(contract, coupon_pct, maturity, frequency, reference_date)?;
    Ok(match cf {
        ConversionFactor::Cbot(c) => json!({
            "contract": code.to_string(),
            "rule": "cbot",
            "conversion_factor": c.factor,
            "unrounded": c.unrounded,
            "reference_date": code.month_start().to_string(),
            "months": c.months,
            "n": c.n,
            "z": c.z,
            "v": c.v,
            "a": c.a,
            "b": c.b,
            "c": c.c,
            "d": c.d,
        }),
        ConversionFactor::Cffex(c) => json!({
            "contract": code.to_string(),
            "rule": "cffex",
            "conversion_factor": c.factor,
            "unrounded": c.unrounded,
            "reference_date": c.reference_date.to_string(),
            "x_months": c.x_months,
            "n_coupons": c.n_coupons,
            "next_coupon": c.next_coupon.to_string(),
        }),
    })
}

/// The inputs of `spreadtrade bond`: percent coupons and yields, `YYYY-MM-DD` dates, the clean
/// price per 100 face.
#[derive(Debug, Clone, PartialEq)]
pub struct BondQuery<'a> {
    /// Annual coupon, percent.
    pub coupon_pct: f64,
    /// Maturity, `YYYY-MM-DD`.
    pub maturity: &'a str,
    /// Settlement date, `YYYY-MM-DD`.
    pub settle: &'a str,
    /// Yield to maturity, percent (exactly one of `yield_pct` and `price`).
    pub yield_pct: Option<f64>,
    /// Clean price per 100 face; the yield is solved from it.
    pub price: Option<f64>,
    /// Coupons per year: 1 or 2.
    pub frequency: u32,
    /// Dated (issue) date, `YYYY-MM-DD`, if not the regular schedule's.
    pub issue: Option<&'a str>,
    /// Market convention: `ust` (U.S. street) or `cgb` (China interbank).
    pub market: &'a str,
}

impl<'a> BondQuery<'a> {
    /// A semi-annual U.S. street bond with neither yield nor price yet.
    pub fn new(coupon_pct: f64, maturity: &'a str, settle: &'a str) -> Self {
        BondQuery {
            coupon_pct,
            maturity,
            settle,
            yield_pct: None,
            price: None,
            frequency: 2,
            issue: None,
            market: "ust",
        }
    }

    /// Prices from a yield in percent.
    pub fn with_yield(mut self, yield_pct: f64) -> Self {
        self.yield_pct = Some(yield_pct);
        self
    }

    /// Solves the yield from a clean price per 100.
    pub fn with_price(mut self, price: f64) -> Self {
        self.price = Some(price);
        self
    }
}

/// `spreadtrade bond ... --json`: `clean`, `dirty`, `accrued` (per 100 face), `yield`
/// (percent), `modified_duration`, `macaulay_duration` (years), `convexity`, `dv01` (per 100
/// face per bp), from [`crate::bond::SettledBond::analytics`].
///
/// # Errors
/// As [`bond_figures`].
pub fn bond_json(q: &BondQuery<'_>) -> Result<Value, QueryError> {
    Ok(Value::Object(
        bond_figures(q)?
            .into_iter()
            .map(|(key, value)| (key.to_owned(), Value::from(value)))
            .collect(),
    ))
}

/// The figures of [`bond_json`] as `(key, value)` pairs in the keys' alphabetical order (the
/// order of the JSON object), without building JSON: what the Python package's `bond` returns.
///
/// # Errors
/// [`QueryError::Coupon`], [`QueryError::Date`], [`QueryError::Frequency`],
/// [`QueryError::Market`], [`QueryError::Yield`], [`QueryError::Quote`], and the library's bond
/// errors (settlement outside the bond's life, a price with no yield, ...).
pub fn bond_figures(q: &BondQuery<'_>) -> Result<[(&'static str, f64); 8], QueryError> {
    let coupon_rate = coupon_from_percent(q.coupon_pct)?;
    let maturity = parse_date("--maturity", q.maturity)?;
    let settle = parse_date("--settle", q.settle)?;
    let frequency = frequency_from_per_year(q.frequency)?;
    let convention: MarketConvention = q.market.parse()?;
    let mut terms = BondTerms::new(coupon_rate, maturity)
        .with_frequency(frequency)
        .with_convention(convention);
    if let Some(issue) = q.issue {
        terms = terms.with_dated_date(parse_date("--issue", issue)?);
    }
    // Only the settlement day is priced: the schedule need not reach further back.
    let bond = Bond::for_settlements_from(terms, settle)?;
    let at = bond.settle(settle)?;
    let yield_rate = match (q.yield_pct, q.price) {
        (Some(pct), None) => {
            if !pct.is_finite() {
                return Err(QueryError::Yield { found: pct });
            }
            pct / 100.0
        }
        (None, Some(price)) => at.yield_from_clean_price(price)?,
        _ => return Err(QueryError::Quote),
    };
    let a = at.analytics(yield_rate)?;
    Ok([
        ("accrued", a.accrued_interest),
        ("clean", a.clean_price),
        ("convexity", a.convexity),
        ("dirty", a.dirty_price),
        ("dv01", a.dv01_per_100),
        ("macaulay_duration", a.macaulay_duration),
        ("modified_duration", a.modified_duration),
        ("yield", a.yield_rate * 100.0),
    ])
}

/// The `data` object of `curve --json`, `prices --json` and the Python frames: whether the
/// market is synthetic and where it came from (`embedded`: the fixtures compiled into the
/// library, used when no data folder was given).
pub fn data_json(origin: &crate::market::Origin, embedded: bool) -> Value {
    let description = if embedded {
        format!(
            "embedded {} (no --data given): not market data",
            origin.description
        )
    } else {
        origin.description.clone()
    };
    json!({ "synthetic": origin.synthetic, "description": description })
}

/// Par yields are shown to 8 decimals of a percent: the files publish at most 4, so this
/// only removes the binary noise of `decimal × 100` (4.27, not 4.2700000000000005).
const PERCENT_DISPLAY_SCALE: f64 = 1e8;

/// A published yield (decimal) in percent, as published.
fn percent(decimal: f64) -> f64 {
    (decimal * 100.0 * PERCENT_DISPLAY_SCALE).round() / PERCENT_DISPLAY_SCALE
}

/// `spreadtrade curve --date D [--currency C] --json` without its `data` key (which says where
/// `market` came from): `date`, `currency`, `par` (published nodes: `tenor`, `years`, `yield`
/// in percent), `compounding` (of the zero rates: the curve's coupon frequency), `zero_grid`,
/// `zero` (`years`, `zero_rate` in percent, `discount_factor`).
///
/// The zero curve is [`crate::curve::ParCurve::bootstrap`] with its default configuration
/// (monotone cubic par interpolation, bills up to one year, log-linear discount factors);
/// its grid is the published tenors of the day, so every par node with a positive tenor has
/// its zero rate beside it.
///
/// # Errors
/// [`QueryError::NoCurve`]; the market's error for a date without a curve;
/// [`QueryError::Context`] when the bootstrap or a zero rate fails.
pub fn curve_json(
    market: &Market,
    currency: Currency,
    date: NaiveDate,
) -> Result<Value, QueryError> {
    let ccy = currency;
    if market.curve(ccy).is_none() {
        return Err(QueryError::NoCurve { currency: ccy });
    }
    let par = market.par_curve(ccy, date).map_err(crate::Error::from)?;
    let compounding = match par.frequency() {
        CouponFrequency::Annual => Compounding::Annual,
        _ => Compounding::SemiAnnual,
    };
    let context = |context: String, e: &dyn std::fmt::Display| QueryError::Context {
        context,
        message: e.to_string(),
    };
    let zero = par
        .bootstrap(&BootstrapConfig::default())
        .map_err(|e| context(format!("{ccy} curve on {date}"), &e))?;
    let par_rows: Vec<Value> = par
        .nodes()
        .map(|(tenor, y)| json!({ "tenor": tenor.to_string(), "years": tenor.years(), "yield": percent(y) }))
        .collect();
    let mut zero_rows = Vec::new();
    for tenor in par.tenors().iter().filter(|t| t.years() > 0.0) {
        let t = tenor.years();
        let z = zero
            .zero_rate(t, compounding)
            .map_err(|e| context(format!("zero rate at {tenor}"), &e))?;
        let df = zero
            .discount_factor(t)
            .map_err(|e| context(format!("discount factor at {tenor}"), &e))?;
        zero_rows.push(json!({ "years": t, "zero_rate": z * 100.0, "discount_factor": df }));
    }
    Ok(json!({
        "date": date.to_string(),
        "currency": ccy.code(),
        "par": par_rows,
        "compounding": compounding.name(),
        "zero_grid": "published tenors of the day (Act/365F years)",
        "zero": zero_rows,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_gives_the_canonical_form_and_signed_legs() {
        let doc = parse_json("2*TUM24 - TYM24").unwrap();
        assert_eq!(doc["canonical"], "2×TUM24−1×TYM24");
        assert_eq!(doc["legs"][1]["ratio"], -1.0);
        assert_eq!(doc["legs"][1]["contract"], "TYM24");
        let e = parse_json("2*").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid spread expression \"2*\": "),
            "{e}"
        );
    }

    #[test]
    fn contract_keys_follow_the_product_kind() {
        // CBOT TU June 2024: last trading day 2024-06-28 (the last business day of the month,
        // CBOT 2-Year T-Note futures contract specifications).
        let tu = contract_json("TUM24", None).unwrap();
        assert_eq!(tu["last_trading_day"], "2024-06-28");
        assert_eq!(tu["face"], 200_000.0);
        assert!(tu.get("multiplier").is_none());
        let vx = contract_json("VXM24", None).unwrap();
        assert!(vx.get("face").is_none());
        assert_eq!(vx["notional_coupon"], Value::Null);
        let e = contract_json("QQZ9", None).unwrap_err();
        assert!(e.to_string().starts_with("\"QQZ9\": "), "{e}");
    }

    #[test]
    fn cf_checks_its_inputs_with_the_command_line_messages() {
        let e = cf_json("VXM24", 4.0, "2030-01-01", 2, None).unwrap_err();
        assert!(e.to_string().contains("is not a bond future"), "{e}");
        let e = cf_json("TYM24", 140.0, "2030-01-01", 2, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--coupon must be a percentage between 0 and 100, found 140"
        );
        let e = cf_json("TYM24", 4.0, "2030-01-01", 2, Some("2024-06-01")).unwrap_err();
        assert!(e.to_string().starts_with("--reference-date applies"), "{e}");
        let e = cf_json("TYM24", 4.0, "2030-13-01", 2, None).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid --maturity \"2030-13-01\""),
            "{e}"
        );
        let cbot = cf_json("TYM24", 4.0, "2031-02-15", 2, None).unwrap();
        assert_eq!(cbot["rule"], "cbot");
        assert_eq!(cbot["reference_date"], "2024-06-01");
        let cffex = cf_json("T2406", 2.5, "2033-05-25", 1, None).unwrap();
        assert_eq!(cffex["rule"], "cffex");
    }

    #[test]
    fn bond_at_par_prices_at_100_and_solves_its_yield_back() {
        // A bond settled on a coupon date at a yield equal to its coupon is worth par
        // (Fabozzi, "Bond Markets, Analysis and Strategies", ch. 2).
        let q = BondQuery::new(4.125, "2034-05-15", "2024-05-15").with_yield(4.125);
        let a = bond_json(&q).unwrap();
        assert!((a["clean"].as_f64().unwrap() - 100.0).abs() < 1e-9, "{a}");
        assert_eq!(a["accrued"], 0.0);
        let back = bond_json(&BondQuery::new(4.125, "2034-05-15", "2024-05-15").with_price(100.0))
            .unwrap();
        assert!(
            (back["yield"].as_f64().unwrap() - 4.125).abs() < 1e-9,
            "{back}"
        );
        let e = bond_json(&BondQuery::new(4.0, "2034-05-15", "2024-05-15")).unwrap_err();
        assert!(matches!(e, QueryError::Quote), "{e}");
        let mut q = BondQuery::new(4.0, "2034-05-15", "2024-05-15").with_yield(f64::NAN);
        assert!(bond_json(&q).unwrap_err().to_string().contains("finite"));
        q.yield_pct = Some(4.0);
        q.market = "jgb";
        assert!(
            bond_json(&q)
                .unwrap_err()
                .to_string()
                .contains("unknown market convention")
        );
    }
}
