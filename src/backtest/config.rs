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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Initial-margin model (variation margin is the daily mark-to-market, always settled).
///
/// # Conventions
/// Initial margin per contract is either a fixed amount in the contract's currency or a
/// fraction of the contract's notional (price × point value). Exchanges change margins by
/// notice, so these are parameters; the defaults ([`MarginModel::default`]) are the exchange
/// minimums of spec §2.1 for CFFEX (TS 0.5 %, TF 1 %, T 2 %, TL 3.5 % of notional) and the
/// vendor-quoted CBOT levels of spec §7 (low confidence: ZT $810, ZN $2,337, TN $3,080 per contract).
/// Roots without a figure there (FV, US, UB, EC, VX) have no default: their margin is not
/// tracked unless configured, and the report says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarginModel {
    /// Fixed initial margin per contract, in the root's currency.
    pub per_contract: BTreeMap<Root, f64>,
    /// Initial margin as a fraction of notional.
    pub fraction_of_notional: BTreeMap<Root, f64>,
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
        }
    }
}

impl MarginModel {
    /// The initial margin of one contract of `root` at `price`, if the model has a figure.
    pub fn per_contract_margin(&self, root: Root, price: f64) -> Option<f64> {
        if let Some(m) = self.per_contract.get(&root) {
            return Some(*m);
        }
        self.fraction_of_notional
            .get(&root)
            .map(|f| f * price.abs() * root.spec().point_value)
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
    /// Keep the first leg's ratio and re-solve the others so the spread is DV01-neutral
    /// (see `instrument` risk helpers), at every entry, resize and roll.
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
