//! The one integration-test binary: one submodule per area.

mod backtest;
mod basket;
mod bond;
mod calendar;
mod cgb;
mod cli;
mod contract;
mod curve;
mod data;
mod engine_props;
mod expr;
mod fx_vx_fit;
mod market;
mod metrics;
mod realprice;
mod report;
mod runfile;
mod support;
mod sweep;
