//! The one integration-test binary: one submodule per area.

mod backtest;
mod basket;
mod bond;
mod calendar;
mod cli;
mod contract;
mod curve;
mod data;
mod engine_props;
mod expr;
mod market;
mod metrics;
mod report;
mod runfile;
mod support;
mod sweep;
mod treasury_fidelity;
