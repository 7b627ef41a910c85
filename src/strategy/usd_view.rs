//! [`UsdView`]: a volatility-targeted position in a book such as `+VXM24−ECM24`.

use super::{DayView, RunContext, Strategy, StrategyError, Target};
use chrono::NaiveDate;

const NAME: &str = "usd view";

/// Holds the book from `entry` to `exit`, sized so that its recent P&L volatility matches a
/// target.
///
/// # Formula
/// ```text
/// pnl1_t  = Σ_legs ratio_i × (P_i,t − P_i,t−1) × point_value_i     (P&L of one spread unit)
/// σ_daily = std(pnl1) over the last `lookback` days before entry (sample, ddof 1)
/// units   = target_annual_vol / (σ_daily × √252)
/// ```
///
/// # Conventions
/// The legs' P&L is added in their own currencies, so the book must be single-currency (the
/// seed USD view — long VX, short EC — is all USD). Sizing happens once at entry; the
/// direction is the sign of the expression.
#[derive(Debug, Clone, PartialEq)]
pub struct UsdView {
    entry: NaiveDate,
    exit: NaiveDate,
    target_annual_vol: f64,
    lookback: usize,
    units: Option<f64>,
    state: u8,
}

impl UsdView {
    /// A view held from `entry` to `exit`, targeting `target_annual_vol` (base currency per
    /// year) from a `lookback`-day volatility estimate.
    pub fn new(entry: NaiveDate, exit: NaiveDate, target_annual_vol: f64, lookback: usize) -> Self {
        UsdView {
            entry,
            exit,
            target_annual_vol,
            lookback,
            units: None,
            state: 0,
        }
    }

    /// The spread units chosen at entry (after `prepare`).
    pub fn units(&self) -> Option<f64> {
        self.units
    }
}

impl Strategy for UsdView {
    fn prepare(&mut self, ctx: &RunContext<'_>) -> Result<(), StrategyError> {
        self.state = 0;
        super::within(
            NAME,
            &crate::limits::TARGET_VOL,
            "target_annual_vol",
            self.target_annual_vol,
        )?;
        super::within(
            NAME,
            &crate::limits::WINDOW,
            "lookback",
            self.lookback as f64,
        )?;
        if !(self.target_annual_vol.is_finite() && self.target_annual_vol > 0.0) {
            return Err(StrategyError::InvalidParameter {
                strategy: NAME,
                name: "target_annual_vol",
                value: self.target_annual_vol,
                expected: "a finite number > 0",
            });
        }
        if self.lookback < 2 {
            return Err(StrategyError::InvalidParameter {
                strategy: NAME,
                name: "lookback",
                value: self.lookback as f64,
                expected: "at least 2 days",
            });
        }
        let entry_day =
            ctx.market
                .day_on_or_after(self.entry)
                .ok_or_else(|| StrategyError::MissingData {
                    strategy: NAME,
                    what: format!("a market day on or after {}", self.entry),
                })?;
        // One spread unit's daily P&L over the lookback window ending the day before entry.
        let mut pnl = Vec::with_capacity(self.lookback);
        let start = entry_day.saturating_sub(self.lookback);
        for d in start.max(1)..entry_day {
            let mut day_pnl = 0.0;
            let mut ok = true;
            for leg in ctx.book.legs() {
                let Some(id) = leg.schedule()[d] else {
                    ok = false;
                    break;
                };
                // Across a roll the unit's P&L is measured in the contract held on day d.
                match (ctx.table.price(id, d), ctx.table.price(id, d - 1)) {
                    (Some(p), Some(q)) => {
                        day_pnl += leg.ratio() * (p - q) * ctx.table.instrument(id).point_value;
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                pnl.push(day_pnl);
            }
        }
        let n = pnl.len();
        if n < 2 {
            return Err(StrategyError::MissingData {
                strategy: NAME,
                what: format!(
                    "at least 2 days of prices in the {}-day lookback before {}",
                    self.lookback, self.entry
                ),
            });
        }
        let mean = pnl.iter().sum::<f64>() / n as f64;
        let var = pnl.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let annual = (var * 252.0).sqrt();
        if !(annual.is_finite() && annual > 0.0) {
            return Err(StrategyError::MissingData {
                strategy: NAME,
                what: "non-zero price volatility in the lookback window".to_owned(),
            });
        }
        self.units = Some(self.target_annual_vol / annual);
        Ok(())
    }

    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        match self.state {
            0 if view.date >= self.entry => {
                self.state = 1;
                self.units.map_or(Target::Keep, Target::Units)
            }
            1 if view.date >= self.exit => {
                self.state = 2;
                Target::Flat
            }
            _ => Target::Keep,
        }
    }
}
