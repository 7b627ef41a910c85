//! Cash-bond analytics for deliverables: schedules, price/yield, accrued, duration, DV01, conversion factors.

mod conversion;
mod error;
mod pricing;
mod risk;
mod schedule;

pub use error::BondError;
