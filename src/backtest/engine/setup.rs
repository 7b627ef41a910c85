//! What an engine resolves once from its configuration before any run: the configuration's
//! validation, the FX paths into the base currency, and the commission and margin figures per
//! root (with the figure in force on every market day for roots whose margin changes).

use super::legs::Margin;
use crate::backtest::BacktestError;
use crate::backtest::config::{BacktestConfig, FxRate, MarginRule};
use crate::contract::Root;
use crate::limits;
use crate::market::Market;
use crate::units::Currency;

/// Per root (`Root::index`): commission per contract and the margin figure.
pub(super) type PerRoot = [(f64, Margin); Root::ALL.len()];
/// Per root: the figure in force on each market day (empty for roots without changes).
pub(super) type MarginDays = [Vec<Option<MarginRule>>; Root::ALL.len()];

/// The commission and margin figure of every root, and the daily margin figures of the roots
/// whose margin changes.
pub(super) fn per_root(market: &Market, config: &BacktestConfig) -> (PerRoot, MarginDays) {
    let margins = &config.margin;
    let per_root = Root::ALL.map(|root| {
        let margin = if margins.varies(root) {
            Margin::Daily(root.index())
        } else {
            margins
                .base_rule(root)
                .map_or(Margin::None, Margin::Constant)
        };
        (config.costs.commission_for(root), margin)
    });
    // The figure in force on every market day, for the roots whose margin changes.
    let margin_days = Root::ALL.map(|root| {
        if !margins.varies(root) {
            return Vec::new();
        }
        let mut changes: Vec<_> = margins.changes.iter().filter(|c| c.root == root).collect();
        changes.sort_by_key(|c| c.from);
        let mut next = 0;
        let mut rule = margins.base_rule(root);
        market
            .dates()
            .iter()
            .map(|&date| {
                while let Some(c) = changes.get(next).filter(|c| c.from <= date) {
                    rule = c.rule();
                    next += 1;
                }
                rule
            })
            .collect()
    });
    (per_root, margin_days)
}

pub(super) fn validate(c: &BacktestConfig) -> Result<(), BacktestError> {
    let bad = |key: &str, reason: String| BacktestError::InvalidConfig {
        key: key.to_owned(),
        reason,
    };
    // Every number against its domain limit (crate::limits), named by its key.
    let within = |limit: &crate::limits::Limit, key: &str, v: f64| {
        limit.check(key, v).map(drop).map_err(BacktestError::from)
    };
    within(&limits::CAPITAL, "capital", c.capital)?;
    within(
        &limits::SLIPPAGE_TICKS,
        "costs.slippage_ticks",
        c.costs.slippage_ticks,
    )?;
    within(
        &limits::COMMISSION,
        "costs.series_commission",
        c.costs.series_commission,
    )?;
    for (ccy, v) in &c.costs.commission_per_contract {
        within(
            &limits::COMMISSION,
            &format!("costs.commission_per_contract.{ccy}"),
            *v,
        )?;
    }
    for (root, v) in &c.costs.commission_by_root {
        within(
            &limits::COMMISSION,
            &format!("costs.commission_by_root.{root}"),
            *v,
        )?;
    }
    for (root, v) in &c.margin.per_contract {
        within(
            &limits::MARGIN_PER_CONTRACT,
            &format!("margin.per_contract.{root}"),
            *v,
        )?;
    }
    for (root, v) in &c.margin.fraction_of_notional {
        within(
            &limits::MARGIN_FRACTION,
            &format!("margin.fraction_of_notional.{root}"),
            *v,
        )?;
    }
    for (i, change) in c.margin.changes.iter().enumerate() {
        let key = format!("margin.changes[{i}]");
        match change.rule() {
            Some(MarginRule::PerContract(v)) => within(
                &limits::MARGIN_PER_CONTRACT,
                &format!("{key}.per_contract"),
                v,
            )?,
            Some(MarginRule::FractionOfNotional(v)) => {
                within(
                    &limits::MARGIN_FRACTION,
                    &format!("{key}.fraction_of_notional"),
                    v,
                )?;
            }
            None => {
                return Err(bad(
                    &key,
                    "expected exactly one of per_contract and fraction_of_notional".to_owned(),
                ));
            }
        }
        if let Some(j) = c.margin.changes[..i]
            .iter()
            .position(|o| o.root == change.root && o.from == change.from)
        {
            return Err(bad(
                &format!("{key}.from"),
                format!(
                    "expected one change per root and date, found a second {} change on {} (the first is margin.changes[{j}])",
                    change.root, change.from
                ),
            ));
        }
    }
    if let (Some(s), Some(e)) = (c.start, c.end)
        && e < s
    {
        return Err(bad(
            "end",
            format!("expected a date on or after start {s}, found {e}"),
        ));
    }
    for (ccy, rate) in &c.fx {
        if let FxRate::Constant(r) = rate {
            within(&limits::FX_RATE, &format!("fx.{ccy}"), *r)?;
        }
    }
    Ok(())
}

/// The base-currency value of one foreign unit on every market day.
///
/// # Conventions
/// An FX series is carried forward over days it did not publish (the ECB, for instance, fixes
/// only on TARGET days) for at most [`super::super::MAX_FX_STALENESS_DAYS`] calendar days; a
/// day of the run (`first_day..=last_day`) before its first observation, or further from the
/// last one, is an error, never a guess.
pub(super) fn fx_path(
    market: &Market,
    currency: Currency,
    rate: &FxRate,
    first_day: usize,
    last_day: usize,
) -> Result<Vec<f64>, BacktestError> {
    let n = market.len();
    match rate {
        FxRate::Constant(r) => Ok(vec![*r; n]),
        FxRate::Series(name) | FxRate::InverseSeries(name) => {
            let invert = matches!(rate, FxRate::InverseSeries(_));
            let series = market
                .series(name)
                .ok_or_else(|| BacktestError::UnknownFxSeries {
                    currency,
                    series: name.clone(),
                })?;
            let mut out = vec![0.0; n];
            let mut last: Option<f64> = None;
            let mut last_date: Option<chrono::NaiveDate> = None;
            let dates = market.dates();
            for (d, o) in out.iter_mut().enumerate() {
                if let Some(v) = series[d].filter(|v| v.is_finite() && *v > 0.0) {
                    last = Some(if invert { 1.0 / v } else { v });
                    last_date = Some(dates[d]);
                }
                if let Some(seen) = last_date
                    && (first_day..=last_day).contains(&d)
                    && (dates[d] - seen).num_days() > super::super::MAX_FX_STALENESS_DAYS
                {
                    return Err(BacktestError::FxStale {
                        series: name.clone(),
                        date: dates[d],
                        last: seen,
                        max_days: super::super::MAX_FX_STALENESS_DAYS,
                    });
                }
                match last {
                    Some(v) => *o = v,
                    None if d >= first_day => {
                        return Err(BacktestError::FxGap {
                            series: name.clone(),
                            date: market.dates()[d],
                        });
                    }
                    None => {}
                }
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::config::{CostModel, MarginChange, MarginModel};
    use crate::limits::{self, Limit};
    use chrono::NaiveDate;

    /// Each configurable number at its limits passes, and just past them (and NaN) is
    /// out of range under its key.
    #[test]
    fn every_number_is_checked_against_its_limit_under_its_key() {
        type Set = fn(f64) -> BacktestConfig;
        let cases: [(&str, Limit, Set); 9] = [
            ("capital", limits::CAPITAL, |v| {
                BacktestConfig::default().with_capital(v)
            }),
            ("costs.slippage_ticks", limits::SLIPPAGE_TICKS, |v| {
                BacktestConfig::default().with_costs(CostModel::zero().with_slippage_ticks(v))
            }),
            ("costs.series_commission", limits::COMMISSION, |v| {
                BacktestConfig::default().with_costs(CostModel::zero().with_series_commission(v))
            }),
            (
                "costs.commission_per_contract.CNY",
                limits::COMMISSION,
                |v| {
                    BacktestConfig::default()
                        .with_costs(CostModel::zero().with_commission(Currency::Cny, v))
                },
            ),
            ("costs.commission_by_root.TY", limits::COMMISSION, |v| {
                let mut costs = CostModel::zero();
                costs.commission_by_root.insert(Root::TY, v);
                BacktestConfig::default().with_costs(costs)
            }),
            ("margin.per_contract.TU", limits::MARGIN_PER_CONTRACT, |v| {
                let mut m = MarginModel::default();
                m.per_contract.insert(Root::TU, v);
                BacktestConfig::default().with_margin(m)
            }),
            (
                "margin.fraction_of_notional.T",
                limits::MARGIN_FRACTION,
                |v| {
                    let mut m = MarginModel::default();
                    m.fraction_of_notional.insert(Root::T, v);
                    BacktestConfig::default().with_margin(m)
                },
            ),
            (
                "margin.changes[0].per_contract",
                limits::MARGIN_PER_CONTRACT,
                |v| {
                    let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
                    BacktestConfig::default().with_margin(
                        MarginModel::default().with_change(MarginChange::per_contract(
                            Root::TY,
                            day,
                            v,
                        )),
                    )
                },
            ),
            ("fx.EUR", limits::FX_RATE, |v| {
                BacktestConfig::default().with_fx(Currency::Eur, FxRate::Constant(v))
            }),
        ];
        for (key, limit, set) in cases {
            for ok in [limit.min, limit.max] {
                assert_eq!(validate(&set(ok)), Ok(()), "{key} = {ok}");
            }
            for bad in [limit.min.next_down(), limit.max.next_up(), f64::NAN, 1e300] {
                match validate(&set(bad)) {
                    Err(BacktestError::OutOfRange(e)) => {
                        assert_eq!((e.what.as_str(), e.min, e.max), (key, limit.min, limit.max));
                    }
                    other => panic!("{key} = {bad}: {other:?}"),
                }
            }
        }
    }
}
