//! Cash-bond analytics for deliverables: schedules, price/yield, accrued, duration, DV01, conversion factors.

mod error;

pub use error::BondError;
