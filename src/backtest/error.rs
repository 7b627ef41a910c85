//! Errors of the `backtest` module.

/// Everything that can go wrong in the `backtest` module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BacktestError {}
