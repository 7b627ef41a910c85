//! The one integration-test binary: one submodule per area.

mod bond;
mod calendar;
mod contract;
mod curve;
mod data;
mod expr;
mod metrics;
mod support;
mod sweep;
