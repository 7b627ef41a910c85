//! Run files for portfolios: several `[[trade]]` tables under one `[backtest]`.
//!
//! ```toml
//! data = "../shared/data"          # optional, as in a single-trade file
//! out = "out/note"                 # optional
//!
//! [backtest]                       # the account: one base currency, capital, costs, FX, dates
//! start = "2024-03-19"
//! end = "2024-04-16"
//! weighting = "dv01_neutral"
//!
//! [[trade]]
//! name = "UST steepener"
//! spread = "2×TUM24−1×TYM24"
//! [trade.strategy]                 # any strategy of a single-trade file
//! kind = "hold"
//! entry = "2024-03-19"
//! exit_after_days = 5
//! dv01 = 10000.0
//! [trade.roll]                     # optional
//! business_days_before = 2
//!
//! [[trade]]
//! name = "USD up, vol up"
//! spread = "+VXM24"
//! [trade.strategy]
//! kind = "hold"
//! entry = "2024-03-19"
//! exit_after_days = 5
//! [trade.sizing]                   # optional, hold only: units from a risk budget
//! risk_budget = 50000.0            # base currency on one standard deviation of daily P&L
//! lookback = 60                    # market days up to entry (default 60)
//! ```
//!
//! Keys are checked as in a single-trade file and errors name the trade by its index from 0:
//! `trade[2].strategy.entry`.

use super::{RollSpec, RunFile, RunFileError, StrategySpec, prefix_key, toml_message};
use crate::backtest::{
    BacktestConfig, Portfolio, PortfolioResult, PortfolioTrade, risk_budget_units,
};
use crate::contract::Root;
use crate::instrument::SpreadExpr;
use crate::market::{Book, Origin};
use crate::pricing::TableSpec;
use crate::report::{Written, write_portfolio};
use crate::session::Session;
use crate::strategy::{Exit, Hold, Strategy};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Risk-budget sizing of a trade (see [`risk_budget_units`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizingSpec {
    /// Base currency on one standard deviation of the spread's daily P&L.
    #[serde(deserialize_with = "crate::limits::de::risk_budget")]
    pub risk_budget: f64,
    /// Market days up to entry (default 60).
    #[serde(default, deserialize_with = "crate::limits::de::window_opt")]
    pub lookback: Option<usize>,
}

/// One `[[trade]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradeSpec {
    /// The trade's name (unique in the file).
    pub name: String,
    /// The spread as written (parsed when the file runs; errors name `trade[i].spread`).
    pub spread: String,
    /// The roll rule.
    #[serde(default)]
    pub roll: RollSpec,
    /// The strategy.
    pub strategy: StrategySpec,
    /// Optional risk-budget sizing (hold only, instead of `units`/`dv01`).
    #[serde(default)]
    pub sizing: Option<SizingSpec>,
}

/// A portfolio run file. See the module docs for the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioFile {
    /// Data folder; absent = the embedded synthetic fixtures.
    #[serde(default)]
    pub data: Option<PathBuf>,
    /// Output folder.
    #[serde(default)]
    pub out: Option<PathBuf>,
    /// The account.
    #[serde(default)]
    pub backtest: BacktestConfig,
    /// The trades.
    pub trade: Vec<TradeSpec>,
}

/// What [`PortfolioFile::run`] produced.
#[derive(Debug)]
pub struct PortfolioOutcome {
    /// The portfolio run.
    pub result: PortfolioResult,
    /// Files written.
    pub written: Written,
    /// The folder they were written to.
    pub out_dir: PathBuf,
    /// Where the data came from.
    pub origin: Origin,
}

impl PortfolioFile {
    /// Whether the file at `path` is a portfolio file (it has `trade` tables). A file that
    /// cannot be read or parsed is not (loading it as a single-trade file reports why).
    pub fn is_portfolio(path: &Path) -> bool {
        let Ok(text) = std::fs::read_to_string(path) else {
            return false;
        };
        if is_json(path) {
            serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|v| v.get("trade").is_some())
        } else {
            text.parse::<toml::Table>()
                .is_ok_and(|t| t.contains_key("trade"))
        }
    }

    /// Reads a portfolio file: JSON if the name ends in `.json`, TOML otherwise.
    ///
    /// # Errors
    /// [`RunFileError::Io`] or [`RunFileError::Parse`] naming the key as
    /// `trade[2].strategy.entry`.
    pub fn load(path: &Path) -> Result<Self, RunFileError> {
        let text = std::fs::read_to_string(path).map_err(|e| RunFileError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let parse = |p: &serde_path_to_error::Path, message: String| RunFileError::Parse {
            path: path.to_path_buf(),
            message: keyed(&p.to_string(), &message),
        };
        if is_json(path) {
            let mut de = serde_json::Deserializer::from_str(&text);
            serde_path_to_error::deserialize(&mut de)
                .map_err(|e| parse(e.path(), e.inner().to_string()))
        } else {
            let de = toml::Deserializer::parse(&text).map_err(|e| RunFileError::Parse {
                path: path.to_path_buf(),
                message: toml_message(&text, &e),
            })?;
            serde_path_to_error::deserialize(de)
                .map_err(|e| parse(e.path(), toml_message(&text, e.inner())))
        }
    }

    /// Runs every trade in one account ([`Portfolio`]) and writes the outputs
    /// ([`write_portfolio`]). Relative `data`, `out` and event paths are relative to the run
    /// file's folder.
    ///
    /// # Errors
    /// [`RunFileError::Invalid`] naming the key (`trade[1].sizing`), and any data, market,
    /// strategy, portfolio or report error.
    pub fn run(&self, path: &Path, default_out: &Path) -> crate::Result<PortfolioOutcome> {
        let base = path.parent().unwrap_or(Path::new("."));
        let invalid = |key: String, reason: String| RunFileError::Invalid {
            path: path.to_path_buf(),
            key,
            reason,
        };
        if self.trade.is_empty() {
            return Err(invalid("trade".into(), "expected at least one [[trade]]".into()).into());
        }
        let exprs: Vec<SpreadExpr> = self
            .trade
            .iter()
            .enumerate()
            .map(|(i, t)| {
                t.spread.parse().map_err(|e: crate::instrument::ExprError| {
                    invalid(format!("trade[{i}].spread"), e.to_string())
                })
            })
            .collect::<Result<_, _>>()?;
        let session = Session::open(self.data.as_ref().map(|d| base.join(d)).as_deref())?;
        let mut roots: Vec<Root> = exprs
            .iter()
            .flat_map(|e| e.legs().iter().map(|l| l.root()))
            .collect();
        roots.sort();
        roots.dedup();
        let table = session.price_table(&TableSpec::new(roots))?;
        let books: Vec<Book> = self
            .trade
            .iter()
            .zip(&exprs)
            .map(|(t, e)| session.book(e, &table, &t.roll.rule()))
            .collect::<crate::Result<_>>()?;
        let portfolio =
            Portfolio::new(session.market(), &table, &self.backtest).map_err(|e| match e {
                crate::backtest::PortfolioError::Engine(e) => prefix_key(e, path),
                other => other.into(),
            })?;
        let mut trades = Vec::with_capacity(self.trade.len());
        for (i, (t, book)) in self.trade.iter().zip(&books).enumerate() {
            let key = |k: &str| format!("trade[{i}].{k}");
            let strategy: Box<dyn Strategy> = match (&t.sizing, &t.strategy) {
                (None, spec) => {
                    // The single-trade file's strategy builder, on this trade's table.
                    let one: RunFile = serde_json::from_value(serde_json::json!({
                        "spread": t.spread,
                        "strategy": spec,
                    }))
                    .map_err(|e| invalid(key("strategy"), e.to_string()))?;
                    one.strategy(base, &session)
                        .map_err(|(k, r)| invalid(key(&k), r))?
                }
                (Some(sizing), StrategySpec::Hold(h)) => {
                    if h.units.is_some() || h.dv01.is_some() {
                        return Err(invalid(
                            key("sizing"),
                            "give strategy.units, strategy.dv01 or sizing, not two of them".into(),
                        )
                        .into());
                    }
                    let exit = match (h.exit, h.exit_after_days) {
                        (Some(_), Some(_)) => {
                            return Err(invalid(
                                key("strategy.exit_after_days"),
                                "give exit or exit_after_days, not both".into(),
                            )
                            .into());
                        }
                        (Some(d), None) => Exit::On(d),
                        (None, Some(n)) => Exit::AfterDays(n),
                        (None, None) => Exit::Never,
                    };
                    let units = risk_budget_units(
                        session.market(),
                        &table,
                        book,
                        self.backtest.base_currency,
                        h.entry,
                        sizing.risk_budget,
                        sizing.lookback.unwrap_or(60),
                    )
                    .map_err(|e| invalid(key("sizing"), e.to_string()))?;
                    Box::new(Hold::units(h.entry, exit, units.round().max(1.0)))
                }
                (Some(_), _) => {
                    return Err(invalid(
                        key("sizing"),
                        "risk-budget sizing needs kind = \"hold\"".into(),
                    )
                    .into());
                }
            };
            trades.push(PortfolioTrade {
                name: t.name.clone(),
                spread: t.spread.clone(),
                book,
                strategy,
            });
        }
        let result = portfolio.run(trades)?;
        let out_dir = self
            .out
            .as_ref()
            .map_or_else(|| default_out.to_path_buf(), |o| base.join(o));
        let origin = session.origin().clone();
        let written = write_portfolio(&result, &origin, &out_dir)?;
        Ok(PortfolioOutcome {
            result,
            written,
            out_dir,
            origin,
        })
    }
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The message with its key: a strategy's own message names `strategy.<field>`, which joins
/// the path to it (`trade[2].strategy` + `strategy.entry` = `trade[2].strategy.entry`).
fn keyed(path: &str, message: &str) -> String {
    if let Some(prefix) = path.strip_suffix("strategy")
        && let Some(rest) = message.find("strategy.").map(|at| &message[at..])
    {
        let before = &message[..message.len() - rest.len()];
        return format!("{before}{prefix}{rest}");
    }
    if path == "." || message.contains(path) {
        message.to_owned()
    } else {
        format!("key {path}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_trade() {
        assert_eq!(
            keyed(
                "trade[2].strategy",
                "line 3, column 1: strategy.entry: bad date"
            ),
            "line 3, column 1: trade[2].strategy.entry: bad date"
        );
        assert_eq!(
            keyed("trade[0].spread", "bad leg"),
            "key trade[0].spread: bad leg"
        );
        assert_eq!(keyed(".", "missing field `trade`"), "missing field `trade`");
    }
}
