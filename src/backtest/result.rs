//! What a run produces: the summary, the daily ledger and the trade blotter.

use super::Ledger;
use crate::units::{Currency, CurrencyAmounts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Why a trade happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TradeReason {
    /// The strategy changed its target.
    Target,
    /// The leg moved from an expiring contract into the next one.
    Roll,
    /// The held contract reached its last day with no roll target: closed at its last price.
    Expiry,
}

/// One fill in the blotter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trade {
    /// Trade date.
    pub date: NaiveDate,
    /// Leg index in the book.
    pub leg: usize,
    /// Instrument traded (contract code or series name). Shared between the fills of one
    /// instrument (one allocation per instrument, not per fill); serialised as the plain
    /// string.
    #[serde(with = "shared_str")]
    pub instrument: Arc<str>,
    /// Signed quantity in contracts (or series units).
    pub quantity: i64,
    /// The day's price the fill is based on.
    pub market_price: f64,
    /// Fill price after slippage.
    pub fill_price: f64,
    /// Commission paid, in `currency`.
    pub commission: f64,
    /// Slippage cost, in `currency` (|quantity| × slippage × point value).
    pub slippage: f64,
    /// Currency of the instrument.
    pub currency: Currency,
    /// Why.
    pub reason: TradeReason,
}

/// One leg on one ledger day, as an owned row ([`Ledger::to_days`](super::Ledger::to_days),
/// [`LedgerDayRef::to_owned_day`](super::LedgerDayRef::to_owned_day)); the ledger itself stores
/// legs by column and is read in place through [`LegDayRef`](super::LegDayRef).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegDay {
    /// Instrument held at the close (after any roll), if any. Shared between the days on
    /// which the leg holds the same contract (one allocation per contract, not per day);
    /// serialised as the plain string.
    #[serde(default, with = "shared_name")]
    pub instrument: Option<Arc<str>>,
    /// Contracts held at the close.
    pub contracts: i64,
    /// The held instrument's price that day.
    pub price: Option<f64>,
    /// Mark-to-market P&L minus costs of the leg that day, in its currency.
    pub pnl: f64,
    /// DV01 of the leg's position at the close, in its currency per bp, where known: the price
    /// table's DV01 column (for curve-implied bond futures the
    /// [`TABLE_DEFAULT`](crate::basket::FuturesDv01Method::TABLE_DEFAULT) spot-curve figure
    /// unless the table was built with another method).
    pub dv01: Option<f64>,
    /// Average fill price of the open position (cost basis), if any.
    pub avg_price: Option<f64>,
    /// P&L realised so far by the leg (fills against average cost), in its currency.
    pub realised: f64,
    /// P&L of the open position at the close against its average cost, in its currency.
    pub unrealised: f64,
}

/// (De)serialises a shared instrument name exactly as an `Option<String>`: the string or
/// `null`.
mod shared_name {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(name: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
        name.as_deref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(Arc::from))
    }
}

/// (De)serialises a shared instrument name exactly as a `String`.
mod shared_str {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(name: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
        (**name).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        Ok(Arc::from(String::deserialize(d)?))
    }
}

/// One day of the ledger as an owned row: what [`Ledger`](super::Ledger) writes for each day
/// (serde) and what [`Ledger::to_days`](super::Ledger::to_days) returns. The ledger itself
/// stores days by column and is read in place through
/// [`LedgerDayRef`](super::LedgerDayRef).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerDay {
    /// The date.
    pub date: NaiveDate,
    /// P&L of the day in the base currency (mark-to-market minus costs).
    pub pnl: f64,
    /// P&L of the day per currency, before conversion.
    pub pnl_by_currency: CurrencyAmounts,
    /// Cash per currency: the variation margin and costs paid and received in each currency
    /// since the start of the run, in that currency (`Σ pnl_by_currency` to date) — what an
    /// account per currency would hold over its starting balance if nothing were converted.
    /// Equity instead converts each day's flows into the base currency at that day's rate
    /// (a daily sweep), so foreign balances carry no FX revaluation.
    pub cash_by_currency: CurrencyAmounts,
    /// Costs (commission + slippage) of the day in the base currency.
    pub costs: f64,
    /// Equity at the close in the base currency.
    pub equity: f64,
    /// Net DV01 of the book at the close, base currency per bp (legs without a DV01 count 0),
    /// from the legs' [`LegDay::dv01`] (the price table's futures DV01).
    pub dv01: f64,
    /// Initial margin required at the close, in the base currency (legs without a margin
    /// figure count 0).
    pub margin: f64,
    /// Realised P&L so far in the base currency (each realisation converted on its day).
    pub realised: f64,
    /// Unrealised P&L of the open positions at the close, base currency.
    pub unrealised: f64,
    /// Per-leg detail.
    pub legs: Vec<LegDay>,
}

/// Headline figures of a run (all P&L in the base currency).
///
/// Ratios that are undefined for the run (no volatility, no drawdown, no losing day) are
/// `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// First day of the run.
    pub start: NaiveDate,
    /// Last day of the run.
    pub end: NaiveDate,
    /// Number of market days in the run.
    pub days: usize,
    /// Sum of daily P&L.
    pub total_pnl: f64,
    /// Final equity (capital + total P&L).
    pub final_equity: f64,
    /// Annualised mean daily P&L.
    pub annualised_pnl: f64,
    /// Annualised volatility of daily P&L (population standard deviation, the crate's one
    /// convention: [`StdConvention`](crate::metrics::StdConvention)); `None` when it is 0.
    pub volatility: Option<f64>,
    /// Annualised Sharpe ratio of daily P&L (population standard deviation, all days), from
    /// [`RunAccumulator`](crate::metrics::RunAccumulator).
    pub sharpe: Option<f64>,
    /// Annualised Sortino ratio (target 0).
    pub sortino: Option<f64>,
    /// Maximum drawdown of cumulative P&L from a running peak starting at 0 (positive number).
    pub max_drawdown: f64,
    /// Longest time under water, in market days.
    pub max_drawdown_days: usize,
    /// Annualised P&L / max drawdown.
    pub calmar: Option<f64>,
    /// Share of days with positive P&L among days with non-zero P&L.
    pub hit_rate: Option<f64>,
    /// Gross gains / gross losses.
    pub profit_factor: Option<f64>,
    /// t-statistic of the mean daily P&L (sample standard deviation).
    pub t_stat: Option<f64>,
    /// Number of fills.
    pub trades: usize,
    /// Days on which the strategy's target changed the position (rolls excluded).
    pub position_changes: usize,
    /// Contracts traded (Σ |quantity|, rolls included).
    pub contracts_traded: i64,
    /// Costs paid (commission + slippage).
    pub costs: f64,
    /// Commissions paid (part of `costs`).
    pub commissions: f64,
    /// The gross amount traded: `Σ |quantity| × fill price × point value` over every fill
    /// (rolls included), in the base currency at each fill day's FX rate. It scales the
    /// tolerance of the cost-basis identity ([`RunResult::check_identities`]). Absent from
    /// files written before it existed (read as 0).
    #[serde(default)]
    pub traded_notional: f64,
    /// P&L realised by fills against average cost (fill prices include slippage).
    pub realised_pnl: f64,
    /// P&L of the positions open at the end against their average cost.
    pub unrealised_pnl: f64,
    /// Contracts traded per year (Σ |quantity| over the run, annualised).
    pub turnover_per_year: Option<f64>,
    /// Mean DV01 carried on days with a position, base currency per bp: the larger of the long
    /// and the short side's DV01 (for a DV01-neutral spread, one side's DV01 — the P&L per bp
    /// of spread move; for a single leg, its DV01).
    pub mean_dv01_carried: Option<f64>,
    /// Mean absolute net DV01 (Σ contracts × DV01) on days with a position: how far from
    /// DV01-neutral the book was.
    pub mean_abs_net_dv01: Option<f64>,
    /// Which futures DV01 the DV01 figures of this run (summary and ledger) are: the price
    /// table's method ([`crate::market::PriceTable::dv01_method`]), `"spot-curve"` by default;
    /// `None` when the table has no bond-futures DV01.
    #[serde(default)]
    pub dv01_method: Option<String>,
    /// Total P&L divided by the mean DV01 carried: the bp of (spread) yield move captured.
    pub pnl_per_bp: Option<f64>,
    /// Largest initial margin required.
    pub max_margin: f64,
    /// Whether a position was still open at the end (it is marked to market, not closed).
    pub open_at_end: bool,
}

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// The book's label.
    pub book: String,
    /// Base currency.
    pub base_currency: Currency,
    /// Currency of each leg, in book order.
    pub leg_currencies: Vec<Currency>,
    /// Headline figures.
    pub summary: RunSummary,
    /// Daily ledger, by column (empty when recording was off); serialised as the list of its
    /// days.
    pub ledger: Ledger,
    /// Trade blotter (empty when recording was off).
    pub trades: Vec<Trade>,
}

impl RunResult {
    /// Checks the accounting identities of a run and names the first one that fails:
    ///
    /// - the daily P&L of the ledger adds up to the total, and the last equity is the final
    ///   equity (`Σ daily P&L = final equity − initial capital`);
    /// - no trades means no costs;
    /// - a day on which every leg is flat has zero DV01 and zero margin;
    /// - for a book in the base currency only, `total = realised + unrealised − commissions`.
    ///
    /// Sums are compared within a relative `1e-9` (they add the same numbers in different
    /// orders). The cost-basis identity is compared within `1e-9` of the larger of its sides
    /// and [`RunSummary::traded_notional`]: average costs are rounded at the scale of the
    /// prices traded, not of the P&L, so a book that trades millions and nets a few units
    /// differs by rounding far above `1e-9` of its P&L (the `engine` fuzz target found a
    /// `1.5×T2−0.5×TS2+2×T1` run netting −6.11 CNY whose sides differed by 2.6e-8). Runs without
    /// a ledger check the cost and cost-basis identities only. The engine runs this check on
    /// every run and returns its error rather than a wrong result.
    ///
    /// # Errors
    /// [`super::BacktestError::Identity`] naming the identity that does not hold.
    pub fn check_identities(&self) -> Result<(), super::BacktestError> {
        let fail = |what: String| {
            Err(super::BacktestError::Identity {
                book: self.book.clone(),
                what,
            })
        };
        let s = &self.summary;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        if self.trades.is_empty() && !self.ledger.is_empty() && s.costs != 0.0 {
            return fail(format!("no trades but costs of {}", s.costs));
        }
        if s.trades == 0 && s.costs != 0.0 {
            return fail(format!("no trades but costs of {}", s.costs));
        }
        // Column by column (a portfolio's run keeps no ledger: its trade's days are checked by
        // the portfolio's identities).
        let ledger = &self.ledger;
        if !ledger.is_empty() {
            // One pass: the in-order sum of the daily P&L (a chain of dependent additions) and,
            // in its shadow, the first day on which a flat book has DV01 or margin (the legs'
            // contracts read first: the DV01 and margin of a day with a position are not read).
            let (pnl, dv01, margin) = (ledger.pnl(), ledger.dv01(), ledger.margin());
            let contracts: Vec<&[i64]> = ledger.legs().map(|l| l.contracts()).collect();
            let mut sum: f64 = std::iter::empty::<f64>().sum();
            let mut flat_exposed = None;
            for (i, &x) in pnl.iter().enumerate() {
                sum += x;
                if contracts.iter().all(|c| c[i] == 0) && flat_exposed.is_none() {
                    let m = margin.get(i).copied().unwrap_or(0.0);
                    let dv = dv01.get(i).copied().unwrap_or(0.0);
                    if dv != 0.0 || m != 0.0 {
                        flat_exposed = Some((i, dv, m));
                    }
                }
            }
            if !close(sum, s.total_pnl) {
                return fail(format!(
                    "daily P&L adds up to {sum}, the total is {}",
                    s.total_pnl
                ));
            }
            if let Some(&last) = ledger.equity().last()
                && !close(last, s.final_equity)
            {
                return fail(format!(
                    "last equity {last} is not the final equity {}",
                    s.final_equity
                ));
            }
            if let Some((i, dv, m)) = flat_exposed {
                return fail(format!(
                    "a flat book on {} has DV01 {dv} and margin {m}",
                    ledger.dates()[i]
                ));
            }
        }
        // From the legs, not the ledger: a run without a ledger is checked too.
        let single_currency = self.leg_currencies.iter().all(|c| *c == self.base_currency);
        if single_currency {
            // The base-currency cash to date is the equity over the capital.
            if let Some(last) = self.ledger.cash_by_currency().last() {
                let cash = last.get(self.base_currency);
                if !close(cash, s.total_pnl) {
                    return fail(format!(
                        "{} cash {cash} at the end is not the total P&L {}",
                        self.base_currency, s.total_pnl
                    ));
                }
            }
            let parts = s.realised_pnl + s.unrealised_pnl - s.commissions;
            let scale = parts
                .abs()
                .max(s.total_pnl.abs())
                .max(s.traded_notional.abs());
            if (parts - s.total_pnl).abs() > 1e-9 * scale.max(1.0) {
                return fail(format!(
                    "realised {} + unrealised {} − commissions {} = {parts}, the total is {}",
                    s.realised_pnl, s.unrealised_pnl, s.commissions, s.total_pnl
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trade_serialises_its_shared_instrument_as_the_plain_string() {
        let name: Arc<str> = Arc::from("TYM24");
        let trade = Trade {
            date: NaiveDate::from_ymd_opt(2024, 3, 19).unwrap(),
            leg: 1,
            instrument: Arc::clone(&name),
            quantity: -152,
            market_price: 109.5,
            fill_price: 109.4921875,
            commission: 152.0,
            slippage: 1187.5,
            currency: Currency::Usd,
            reason: TradeReason::Target,
        };
        let json = serde_json::to_string(&trade).unwrap();
        assert!(json.contains(r#""instrument":"TYM24""#), "{json}");
        let back: Trade = serde_json::from_str(&json).unwrap();
        assert_eq!(back, trade);
        // Fills of one instrument share its name: a reference count, not a copy.
        assert!(Arc::ptr_eq(&trade.instrument, &name));
    }

    fn leg(instrument: Option<&str>) -> LegDay {
        LegDay {
            instrument: instrument.map(Arc::from),
            contracts: -3,
            price: Some(110.5),
            pnl: 12.5,
            dv01: None,
            avg_price: Some(110.25),
            realised: 1.0,
            unrealised: -0.75,
        }
    }

    /// The shared name is written exactly as the former `Option<String>` field was: the
    /// string, or `null` for a leg holding nothing.
    #[test]
    fn a_shared_instrument_name_serialises_as_a_plain_string_or_null() {
        let held = serde_json::to_string(&leg(Some("TYM24"))).unwrap();
        assert_eq!(
            held,
            r#"{"instrument":"TYM24","contracts":-3,"price":110.5,"pnl":12.5,"dv01":null,"avg_price":110.25,"realised":1.0,"unrealised":-0.75}"#
        );
        let flat = serde_json::to_string(&leg(None)).unwrap();
        assert!(
            flat.starts_with(r#"{"instrument":null,"contracts""#),
            "{flat}"
        );
        for l in [leg(Some("TYM24")), leg(None)] {
            let back: LegDay = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
            assert_eq!(back, l);
        }
        // A row without the key reads as holding nothing, as an `Option<String>` did.
        let v = serde_json::json!({"contracts": 0, "price": null, "pnl": 0.0, "dv01": null,
            "avg_price": null, "realised": 0.0, "unrealised": 0.0});
        let l: LegDay = serde_json::from_value(v).unwrap();
        assert_eq!(l.instrument, None);
    }

    /// A run without a ledger in one currency: only the cost and cost-basis identities apply.
    fn unrecorded(total: f64, realised: f64, traded_notional: f64) -> RunResult {
        let d = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap();
        RunResult {
            book: "1.5×T2−0.5×TS2+2×T1".into(),
            base_currency: Currency::Cny,
            leg_currencies: vec![Currency::Cny; 3],
            summary: RunSummary {
                start: d,
                end: d,
                days: 1,
                total_pnl: total,
                final_equity: 1e6 + total,
                annualised_pnl: 0.0,
                volatility: None,
                sharpe: None,
                sortino: None,
                max_drawdown: 0.0,
                max_drawdown_days: 0,
                calmar: None,
                hit_rate: None,
                profit_factor: None,
                t_stat: None,
                trades: 6,
                position_changes: 2,
                contracts_traded: 30,
                costs: 0.0,
                commissions: 0.0,
                traded_notional,
                realised_pnl: realised,
                unrealised_pnl: 0.0,
                turnover_per_year: None,
                mean_dv01_carried: None,
                mean_abs_net_dv01: None,
                dv01_method: None,
                pnl_per_bp: None,
                max_margin: 0.0,
                open_at_end: false,
            },
            ledger: Default::default(),
            trades: Vec::new(),
        }
    }

    #[test]
    fn the_cost_basis_identity_is_compared_at_the_scale_of_the_amounts_traded() {
        // The P&L figures of the run the `engine` fuzz target found
        // (fuzz/corpus/engine/crash-identity-tolerance): a CFFEX book netting −6.11 CNY, the
        // two sides 2.6e-8 apart from average-cost rounding; here with 30 million CNY traded.
        let (total, realised) = (-6.111502766638296, -6.111502792715328);
        assert!(
            unrecorded(total, realised, 3.0e7)
                .check_identities()
                .is_ok()
        );
        // Without the amount traded the tolerance is 1e-9 of the P&L, and the rounding fails.
        assert!(matches!(
            unrecorded(total, realised, 0.0).check_identities(),
            Err(crate::backtest::BacktestError::Identity { .. })
        ));
        // A real break (a missing CNY) still fails at that scale.
        assert!(
            unrecorded(total, realised - 1.0, 3.0e7)
                .check_identities()
                .is_err()
        );
    }
}
