//! The crate-level error type and `Result` alias.
//!
//! Every module has its own error enum with structured fields (what, where, expected vs
//! found); [`Error`] wraps them so that callers can use `?` across modules.

use crate::{
    backtest::BacktestError, basket::BasketError, bond::BondError, calendar::CalendarError,
    contract::ContractError, curve::CurveError, data::DataError, instrument::ExprError,
    market::MarketError, report::ReportError,
};

/// Any error the crate returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A contract code, spec or contract-date problem.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// A business-day calendar problem (e.g. a date outside a holiday table's years).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A malformed spread expression.
    #[error(transparent)]
    Expr(#[from] ExprError),
    /// DV01 arithmetic on a spread that cannot be done (missing FX, mixed currencies, ...).
    #[error(transparent)]
    Risk(#[from] crate::instrument::RiskError),
    /// Invalid bond terms or a failed price/yield computation.
    #[error(transparent)]
    Bond(#[from] BondError),
    /// An invalid curve or a curve query outside its range.
    #[error(transparent)]
    Curve(#[from] CurveError),
    /// A data file that could not be read or parsed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A deliverable-basket or delivery-analytics problem.
    #[error(transparent)]
    Basket(#[from] BasketError),
    /// A market or price-table problem (missing data, unknown contract).
    #[error(transparent)]
    Market(#[from] MarketError),
    /// A comparison of model prices with real ones that cannot be made.
    #[error(transparent)]
    Fidelity(#[from] crate::pricing::FidelityError),
    /// A backtest configuration or run problem.
    #[error(transparent)]
    Backtest(#[from] BacktestError),
    /// A portfolio error.
    #[error(transparent)]
    Portfolio(#[from] crate::backtest::PortfolioError),
    /// Invalid input to a performance statistic.
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    /// A backtest file that could not be read or has an invalid value.
    #[cfg(feature = "runfile")]
    #[error(transparent)]
    RunFile(#[from] crate::runfile::RunFileError),
    /// A report could not be written.
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// `Result` with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
