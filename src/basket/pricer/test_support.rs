//! Fixtures shared by the pricer's unit tests.

use crate::basket::{BondMarket, DeliverableUniverse};
use crate::curve::{CouponFrequency, ParCurve, Tenor};
use crate::data::Dataset;
use chrono::NaiveDate;

pub(super) fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// The hand-made securities list of the embedded fixtures, for one market.
pub(super) fn fixture(market: BondMarket) -> DeliverableUniverse {
    let list = Dataset::embedded_synthetic().securities.unwrap();
    DeliverableUniverse::from_securities(&list, market).unwrap()
}

/// A flat par curve at `level` (3M, 10Y and 30Y nodes).
pub(super) fn flat(date: NaiveDate, level: f64, frequency: CouponFrequency) -> ParCurve {
    let nodes = [
        (Tenor::Months(3), level),
        (Tenor::Years(10), level),
        (Tenor::Years(30), level),
    ];
    ParCurve::new(date, &nodes, frequency).unwrap()
}
