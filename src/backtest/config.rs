//! Backtest configuration: capital, base currency, costs, sizing, FX, margin, dates.
//!
//! Every field has a documented default ([`BacktestConfig::default`]); change them with the
//! `with_*` builders. Configurations are plain serde data, so a run can be described in a
//! TOML or JSON file (`spreadtrade backtest config.toml`).

use crate::contract::Root;
use crate::units::Currency;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Transaction costs, charged per contract per side on every fill (entries, exits, rolls).
///
/// # Conventions
/// - Commission is in the contract's own currency per contract per side.
/// - Slippage is in ticks of the tick size in force on the trade date: a buy fills at
///   `price + slippage_ticks × tick`, a sell at `price − slippage_ticks × tick`.
/// - Series instruments without a tick (e.g. the reference sweep's spread in bp) pay the
///   commission only.
///
/// The defaults (USD 1.00 / CNY 3.00 / EUR 1.00 per contract per side, ½ tick of slippage) are
/// round-number assumptions of ours for a liquid front contract, not exchange fees; set your
/// own schedule for research that depends on costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostModel {
    /// Commission per contract per side, by settlement currency.
    pub commission_per_contract: BTreeMap<Currency, f64>,
    /// Commission overrides per root (in the root's currency).
    pub commission_by_root: BTreeMap<Root, f64>,
    /// Slippage in ticks per side.
    pub slippage_ticks: f64,
    /// Commission per unit per side for series instruments (in the series' currency).
    pub series_commission: f64,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            commission_per_contract: BTreeMap::from([
                (Currency::Usd, 1.0),
                (Currency::Cny, 3.0),
                (Currency::Eur, 1.0),
            ]),
            commission_by_root: BTreeMap::new(),
            slippage_ticks: 0.5,
            series_commission: 0.0,
        }
    }
}

impl CostModel {
    /// No costs at all.
    pub fn zero() -> Self {
        CostModel {
            commission_per_contract: BTreeMap::new(),
            commission_by_root: BTreeMap::new(),
            slippage_ticks: 0.0,
            series_commission: 0.0,
        }
    }

    /// Sets the slippage in ticks per side.
    pub fn with_slippage_ticks(mut self, ticks: f64) -> Self {
        self.slippage_ticks = ticks;
        self
    }

    /// Sets the commission per contract per side for one currency.
    pub fn with_commission(mut self, currency: Currency, per_contract: f64) -> Self {
        self.commission_per_contract.insert(currency, per_contract);
        self
    }

    /// Sets the commission per unit per side for series instruments.
    pub fn with_series_commission(mut self, per_unit: f64) -> Self {
        self.series_commission = per_unit;
        self
    }

    /// The commission per contract per side for a root (override, else by currency, else 0).
    pub fn commission_for(&self, root: Root) -> f64 {
        self.commission_by_root
            .get(&root)
            .copied()
            .unwrap_or_else(|| {
                self.commission_per_contract
                    .get(&root.spec().currency)
                    .copied()
                    .unwrap_or(0.0)
            })
    }
}

/// How FX rates turn non-base-currency P&L into the base currency.
///
/// # Conventions
/// Each day's P&L in a currency is converted at that day's rate and accumulated in the base
/// currency (balances are swept to base daily; no revaluation of foreign cash). A rate is
/// **base currency per unit of the foreign currency** (USD per CNY ≈ 0.14 when the base is
/// USD). There is no silent 1.0: a leg in a currency without a rate is a configuration error.
///
/// # In files
/// A bare number is a constant rate and a bare string a series; the tagged forms are accepted
/// too: `CNY = 0.14`, `EUR = "usd_per_eur"`, `CNY = { inverse_series = "cny_per_usd" }`,
/// `CNY = { constant = 0.14 }`.
///
/// ```
/// use spreadtrade::backtest::FxRate;
/// let r: FxRate = serde_json::from_str("0.14").unwrap();
/// assert_eq!(r, FxRate::Constant(0.14));
/// let r: FxRate = serde_json::from_str(r#"{"inverse_series": "cny_per_usd"}"#).unwrap();
/// assert_eq!(r, FxRate::InverseSeries("cny_per_usd".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FxRate {
    /// A constant rate for the whole run.
    Constant(f64),
    /// A market series of base-per-foreign rates (e.g. `"usd_per_eur"`).
    Series(String),
    /// A market series quoted the other way round (foreign per base, e.g. `"cny_per_usd"`);
    /// the engine inverts it.
    InverseSeries(String),
}

/// Longest an FX observation is carried forward to a day without its own, in calendar days:
/// covers a holiday in the publishing market and a long weekend (FRED DEXCHUS has no value
/// on U.S. holidays, on which CFFEX trades), not the end of the series.
pub const MAX_FX_STALENESS_DAYS: i64 = 7;

/// The FX rate the engine uses for P&L in `foreign` in a `base` account when the
/// configuration names none, or `None` (then a leg in `foreign` is
/// [`super::BacktestError::MissingFx`]).
///
/// | base | foreign | default | series |
/// | --- | --- | --- | --- |
/// | USD | CNY | `InverseSeries("cny_per_usd")` | FRED DEXCHUS in the shared data: H.10 noon buying rate in New York, CNY per USD |
/// | CNY | USD | `Series("cny_per_usd")` | the same |
///
/// The default applies only when the market has the series; a rate in the configuration
/// always wins. Noon New York is about 0:00–1:00 the next morning in Beijing, after the
/// CFFEX close (15:15) of the same date: the day's CNY P&L is converted at that day's rate.
///
/// # Examples
/// ```
/// use spreadtrade::backtest::{FxRate, default_fx_rate};
/// use spreadtrade::units::Currency;
///
/// assert_eq!(
///     default_fx_rate(Currency::Usd, Currency::Cny),
///     Some(FxRate::InverseSeries("cny_per_usd".into()))
/// );
/// assert_eq!(default_fx_rate(Currency::Usd, Currency::Eur), None);
/// ```
pub fn default_fx_rate(base: Currency, foreign: Currency) -> Option<FxRate> {
    let cny_per_usd = crate::market::CNY_PER_USD_SERIES.to_owned();
    match (base, foreign) {
        (Currency::Usd, Currency::Cny) => Some(FxRate::InverseSeries(cny_per_usd)),
        (Currency::Cny, Currency::Usd) => Some(FxRate::Series(cny_per_usd)),
        _ => None,
    }
}

/// The tagged file form of [`FxRate`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum TaggedFxRate {
    Constant(f64),
    Series(String),
    InverseSeries(String),
}

impl<'de> Deserialize<'de> for FxRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = FxRate;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a rate (base currency per unit, e.g. 0.14), a series name, or one of \
                     { constant = .. }, { series = \"..\" }, { inverse_series = \"..\" }",
                )
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FxRate, E> {
                Ok(FxRate::Constant(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FxRate, E> {
                Ok(FxRate::Constant(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FxRate, E> {
                Ok(FxRate::Constant(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FxRate, E> {
                Ok(FxRate::Series(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<FxRate, A::Error> {
                let tagged =
                    TaggedFxRate::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(match tagged {
                    TaggedFxRate::Constant(v) => FxRate::Constant(v),
                    TaggedFxRate::Series(s) => FxRate::Series(s),
                    TaggedFxRate::InverseSeries(s) => FxRate::InverseSeries(s),
                })
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Initial-margin model (variation margin is the daily mark-to-market, always settled).
///
/// # Conventions
/// Initial margin per contract is either a fixed amount in the contract's currency or a
/// fraction of the contract's notional (price × point value). Exchanges change margins by
/// notice, so these are parameters, and time-varying: `per_contract` and
/// `fraction_of_notional` are the figures in force before any [`MarginChange`]; each change
/// replaces a root's figure from its date on (inclusive) until the root's next change.
///
/// The defaults ([`MarginModel::default`]) are the exchange minimums of spec §2.1 for CFFEX
/// (TS 0.5 %, TF 1 %, T 2 %, TL 3.5 % of notional) and the vendor-quoted CBOT levels of
/// spec §7 (low confidence: ZT $810, ZN $2,337, TN $3,080 per contract), with no changes: one
/// level for the whole history, which overstates margins in the low-volatility years and is
/// meant for relative comparisons only. Roots without a figure there (FV, US, UB, EC, VX)
/// have no default: their margin is not tracked unless configured, and the report says so.
///
/// # Examples
/// CME raised the 10-year note's margin; model it from the notice's effective date:
/// ```
/// use spreadtrade::backtest::{MarginChange, MarginModel};
/// use spreadtrade::contract::Root;
/// use chrono::NaiveDate;
/// let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
/// let model = MarginModel::default()
///     .with_change(MarginChange::per_contract(Root::TY, day(3, 1), 2_500.0));
/// assert_eq!(model.per_contract_margin_on(Root::TY, day(2, 29), 110.0), Some(2_337.0));
/// assert_eq!(model.per_contract_margin_on(Root::TY, day(3, 1), 110.0), Some(2_500.0));
/// // Other roots keep their figures.
/// assert_eq!(model.per_contract_margin_on(Root::TU, day(3, 1), 102.0), Some(810.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarginModel {
    /// Fixed initial margin per contract, in the root's currency, before any change.
    pub per_contract: BTreeMap<Root, f64>,
    /// Initial margin as a fraction of notional, before any change.
    pub fraction_of_notional: BTreeMap<Root, f64>,
    /// Changes of a root's margin from a date on, in any order (one per root and date).
    pub changes: Vec<MarginChange>,
}

impl Default for MarginModel {
    fn default() -> Self {
        MarginModel {
            per_contract: BTreeMap::from([
                (Root::TU, 810.0),
                (Root::TY, 2_337.0),
                (Root::TN, 3_080.0),
            ]),
            fraction_of_notional: BTreeMap::from([
                (Root::TS, 0.005),
                (Root::TF, 0.01),
                (Root::T, 0.02),
                (Root::TL, 0.035),
            ]),
            changes: Vec::new(),
        }
    }
}

/// One margin figure: per contract or per unit of notional.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MarginRule {
    /// A fixed amount per contract, in the contract's currency.
    PerContract(f64),
    /// A fraction of the notional (|price| × point value).
    FractionOfNotional(f64),
}

impl MarginRule {
    /// The margin of one contract at `price` with `point_value`.
    #[inline(always)]
    pub fn per_contract_at(self, price: f64, point_value: f64) -> f64 {
        match self {
            MarginRule::PerContract(m) => m,
            MarginRule::FractionOfNotional(f) => f * price.abs() * point_value,
        }
    }
}

/// A root's initial margin from a date on (an exchange's margin notice).
///
/// Exactly one of `per_contract` and `fraction_of_notional` is set; the engine rejects a
/// change with neither or both, naming its key (`margin.changes[2]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarginChange {
    /// The root whose margin changes.
    pub root: Root,
    /// First day the new figure applies (inclusive).
    pub from: NaiveDate,
    /// New fixed margin per contract, in the root's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_contract: Option<f64>,
    /// New margin as a fraction of notional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction_of_notional: Option<f64>,
}

impl MarginChange {
    /// A fixed margin per contract for `root` from `from` on.
    pub fn per_contract(root: Root, from: NaiveDate, amount: f64) -> Self {
        MarginChange {
            root,
            from,
            per_contract: Some(amount),
            fraction_of_notional: None,
        }
    }

    /// A margin of `fraction` of notional for `root` from `from` on.
    pub fn fraction_of_notional(root: Root, from: NaiveDate, fraction: f64) -> Self {
        MarginChange {
            root,
            from,
            per_contract: None,
            fraction_of_notional: Some(fraction),
        }
    }

    /// The change's figure (`None` unless exactly one of the two is set).
    pub fn rule(&self) -> Option<MarginRule> {
        match (self.per_contract, self.fraction_of_notional) {
            (Some(m), None) => Some(MarginRule::PerContract(m)),
            (None, Some(f)) => Some(MarginRule::FractionOfNotional(f)),
            _ => None,
        }
    }
}

impl MarginModel {
    /// The figure in force for `root` before any change (a fixed amount takes precedence over
    /// a fraction when both are given).
    pub fn base_rule(&self, root: Root) -> Option<MarginRule> {
        self.per_contract
            .get(&root)
            .map(|&m| MarginRule::PerContract(m))
            .or_else(|| {
                self.fraction_of_notional
                    .get(&root)
                    .map(|&f| MarginRule::FractionOfNotional(f))
            })
    }

    /// The figure in force for `root` on `date`: the latest change on or before `date`, else
    /// the base figure.
    pub fn rule_on(&self, root: Root, date: NaiveDate) -> Option<MarginRule> {
        self.changes
            .iter()
            .filter(|c| c.root == root && c.from <= date)
            .max_by_key(|c| c.from)
            .map_or_else(|| self.base_rule(root), MarginChange::rule)
    }

    /// Adds a change of a root's margin.
    pub fn with_change(mut self, change: MarginChange) -> Self {
        self.changes.push(change);
        self
    }

    /// Whether `root` has any change.
    pub fn varies(&self, root: Root) -> bool {
        self.changes.iter().any(|c| c.root == root)
    }

    /// The initial margin of one contract of `root` at `price` before any change, if the
    /// model has a figure.
    pub fn per_contract_margin(&self, root: Root, price: f64) -> Option<f64> {
        self.base_rule(root)
            .map(|r| r.per_contract_at(price, root.spec().point_value))
    }

    /// The initial margin of one contract of `root` at `price` on `date`, if the model has a
    /// figure.
    pub fn per_contract_margin_on(&self, root: Root, date: NaiveDate, price: f64) -> Option<f64> {
        self.rule_on(root, date)
            .map(|r| r.per_contract_at(price, root.spec().point_value))
    }
}

/// How a strategy's target is turned into whole contracts.
///
/// # Conventions
/// `contracts_i = round(units × ratio_i)` per leg, rounding half away from zero
/// ([`f64::round`]); with DV01 weighting the ratios are first re-solved from the day's DV01s.
/// A leg whose rounded size is zero is simply not traded; the ledger shows the resulting net
/// DV01, so the effect of rounding is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Weighting {
    /// Use the expression's ratios as written.
    #[default]
    AsWritten,
    /// Re-solve the ratios from the day's DV01s so the spread is DV01-neutral, at every
    /// entry, resize and roll, by the crate's one rule,
    /// [`dv01_neutral`](crate::instrument::dv01_neutral): the legs on the **first leg's side**
    /// keep their ratios (long or short, as written), the legs on the other side are scaled by
    /// one common factor. `2×TU−1×TY` keeps the TU legs and resizes TY; `−1×TY+2×TU` keeps
    /// TY and resizes TU. Where the rule has no solution that day (a DV01 missing or not
    /// positive, every leg on one side) the ratios stay as written and the ledger shows the
    /// net DV01.
    Dv01Neutral,
}

/// Everything a run needs besides the market, the book and the strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BacktestConfig {
    /// First day of the run (inclusive); `None` = the first market day.
    pub start: Option<NaiveDate>,
    /// Last day of the run (inclusive); `None` = the last market day.
    pub end: Option<NaiveDate>,
    /// Starting equity in the base currency.
    pub capital: f64,
    /// Currency of equity and of the summary statistics.
    pub base_currency: Currency,
    /// Transaction costs.
    pub costs: CostModel,
    /// FX rates into the base currency, per foreign currency.
    pub fx: BTreeMap<Currency, FxRate>,
    /// Initial-margin model.
    pub margin: MarginModel,
    /// Ratio handling.
    pub weighting: Weighting,
    /// Keep the daily ledger and the trade blotter (off in large sweeps, where only the
    /// summary is kept).
    pub record: bool,
    /// How daily statistics are annualised (default: 252 trading days).
    pub annualization: crate::metrics::Annualization,
}

impl Default for BacktestConfig {
    /// USD 1,000,000 capital in USD, default costs and margins, ratios as written, ledger on,
    /// statistics annualised over 252 trading days.
    fn default() -> Self {
        BacktestConfig {
            start: None,
            end: None,
            capital: 1_000_000.0,
            base_currency: Currency::Usd,
            costs: CostModel::default(),
            fx: BTreeMap::new(),
            margin: MarginModel::default(),
            weighting: Weighting::AsWritten,
            record: true,
            annualization: crate::metrics::DAILY_252,
        }
    }
}

impl BacktestConfig {
    /// Sets the run's first and last day.
    pub fn with_dates(mut self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Self {
        self.start = start;
        self.end = end;
        self
    }

    /// Sets the starting capital.
    pub fn with_capital(mut self, capital: f64) -> Self {
        self.capital = capital;
        self
    }

    /// Sets the base currency.
    pub fn with_base_currency(mut self, currency: Currency) -> Self {
        self.base_currency = currency;
        self
    }

    /// Sets the cost model.
    pub fn with_costs(mut self, costs: CostModel) -> Self {
        self.costs = costs;
        self
    }

    /// Sets the initial-margin model.
    pub fn with_margin(mut self, margin: MarginModel) -> Self {
        self.margin = margin;
        self
    }

    /// Sets the FX source for one foreign currency.
    pub fn with_fx(mut self, currency: Currency, rate: FxRate) -> Self {
        self.fx.insert(currency, rate);
        self
    }

    /// Sets the weighting.
    pub fn with_weighting(mut self, weighting: Weighting) -> Self {
        self.weighting = weighting;
        self
    }

    /// Keeps (or drops) the daily ledger and the blotter.
    pub fn with_record(mut self, record: bool) -> Self {
        self.record = record;
        self
    }
}
