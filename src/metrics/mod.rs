//! Performance metrics: P&L, Sharpe, Sortino, drawdown, hit rate, deflated Sharpe.
