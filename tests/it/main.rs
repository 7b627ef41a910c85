//! The one integration-test binary: one submodule per area.

mod backtest;
mod basket;
mod bond;
mod calendar;
mod cgb;
#[cfg(feature = "cli")]
mod cli;
mod contract;
mod curve;
mod data;
#[cfg(feature = "parallel")] // rayon thread pools of 1, 2 and 8 threads
mod determinism;
mod engine_props;
mod expr;
mod fuzz_replay;
mod fx_vx_fit;
mod limits;
mod lockstep;
mod market;
mod metrics;
mod portfolio;
mod realprice;
mod report;
#[cfg(feature = "cli")] // the run-file tests also run `spreadtrade backtest`
mod runfile;
#[cfg(feature = "cli")] // the sweep/merge commands as separate processes
mod shards;
mod shortpath;
mod support;
mod sweep;
mod treasury_fidelity;
