//! Accounting (step 5 of the day loop and the end of a run): the counters kept besides the
//! P&L statistics, and the run's summary — whose statistics come from
//! [`metrics::RunAccumulator`](crate::metrics::RunAccumulator), not from formulas of the
//! engine's own. The accounting identities are checked on every run by
//! [`RunResult::check_identities`](crate::backtest::RunResult::check_identities).

use super::Engine;
use super::margin::Exposure;
use crate::backtest::result::RunSummary;
use crate::metrics::{RunAccumulator, ratio_over_positive};

/// Counters the loop keeps besides the P&L statistics.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counters {
    pub trades: usize,
    pub position_changes: usize,
    pub contracts: i64,
    pub costs: f64,
    pub commissions: f64,
    pub realised: f64,
    pub notional: f64,
    pub day_costs: f64,
    pub abs_net_dv01_sum: f64,
    pub carried_dv01_sum: f64,
    pub dv01_days: usize,
    pub max_margin: f64,
}

impl Counters {
    /// Adds a day's exposure to the DV01 and margin statistics.
    #[inline(always)]
    pub fn track_exposure(&mut self, e: &Exposure) {
        // Days without DV01 add exactly 0.0 to the sums and are not counted.
        self.abs_net_dv01_sum += e.net_dv01.abs();
        self.carried_dv01_sum += e.carried_dv01;
        self.dv01_days += usize::from(e.carried_dv01 != 0.0);
        self.max_margin = if e.margin > self.max_margin {
            e.margin
        } else {
            self.max_margin
        };
    }
}

impl Engine<'_> {
    /// The run's summary from its statistics and counters.
    ///
    /// # Formula
    /// ```text
    /// turnover / year   = contracts traded · q / n
    /// mean DV01 carried = Σ carried DV01 / (days with DV01)
    /// P&L per bp        = total P&L / mean DV01 carried
    /// ```
    /// with `q` the periods per year of the configuration's annualisation and `n` the run's
    /// days; every other figure is [`RunAccumulator::statistics`]'s.
    pub(super) fn summary(
        &self,
        s: &RunAccumulator,
        acc: &Counters,
        open_at_end: bool,
        (first_day, last_day): (usize, usize),
        unrealised_pnl: f64,
    ) -> RunSummary {
        let dates = self.market.dates();
        let ann = self.config.annualization;
        let st = s.statistics(ann);
        let per_day = |sum: f64| (acc.dv01_days > 0).then(|| sum / acc.dv01_days as f64);
        let mean_dv01_carried = per_day(acc.carried_dv01_sum);
        RunSummary {
            start: dates[first_day],
            end: dates[last_day],
            days: st.days,
            total_pnl: st.total_pnl,
            final_equity: self.config.capital + st.total_pnl,
            annualised_pnl: st.annualized_pnl,
            volatility: st.volatility,
            sharpe: st.sharpe,
            sortino: st.sortino,
            max_drawdown: st.max_drawdown,
            max_drawdown_days: st.max_drawdown_days,
            calmar: st.calmar,
            hit_rate: st.hit_rate,
            profit_factor: st.profit_factor,
            t_stat: st.t_stat,
            trades: acc.trades,
            position_changes: acc.position_changes,
            contracts_traded: acc.contracts,
            costs: acc.costs,
            commissions: acc.commissions,
            realised_pnl: acc.realised,
            traded_notional: acc.notional,
            unrealised_pnl,
            turnover_per_year: (st.days > 0)
                .then(|| acc.contracts as f64 * ann.periods_per_year() / st.days as f64),
            mean_dv01_carried,
            mean_abs_net_dv01: per_day(acc.abs_net_dv01_sum),
            dv01_method: self.table.dv01_method().map(|m| m.name().to_owned()),
            pnl_per_bp: mean_dv01_carried.and_then(|dv| ratio_over_positive(st.total_pnl, dv)),
            max_margin: acc.max_margin,
            open_at_end,
        }
    }
}
