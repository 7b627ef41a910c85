//! `spreadtrade`: a thin command-line interface over the library.
//!
//! Every subcommand prints a human-readable form by default and JSON with `--json`. Bad input
//! exits with code 2 and one line on stderr saying what and where; nothing panics.

mod cmd_backtest;
mod cmd_bond;
mod cmd_cf;
mod cmd_contract;
mod cmd_curve;
mod cmd_dlv;
mod cmd_fidelity;
mod cmd_merge;
mod cmd_parse;
mod cmd_prices;
mod cmd_sweep;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Fixed-income futures spread backtesting from the command line.
#[derive(Debug, Parser)]
#[command(name = "spreadtrade", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a spread expression and print its canonical form and legs.
    Parse(cmd_parse::Args),
    /// Show a contract's specification and exchange dates.
    Contract(cmd_contract::Args),
    /// Compute a conversion factor for a bond into a futures contract.
    Cf(cmd_cf::Args),
    /// Price a fixed-coupon bond from a yield (or solve the yield from a price) with risk measures.
    Bond(cmd_bond::Args),
    /// Show a contract's deliverable basket, cheapest-to-deliver, fair price and futures DV01.
    Dlv(cmd_dlv::Args),
    /// Show the par and zero curve on a date.
    Curve(cmd_curve::Args),
    /// Show the price, DV01 and CTD of a contract per day, as the engine sees them.
    Prices(cmd_prices::Args),
    /// Compare the table's model prices with a real price file (levels, daily changes).
    Fidelity(cmd_fidelity::Args),
    /// Run a backtest described in a TOML or JSON config file.
    Backtest(cmd_backtest::Args),
    /// Run a run file's parameter sweep, whole or one shard (`--shard I/N` or `auto`).
    Sweep(cmd_sweep::Args),
    /// Check and join the shard folders of a sweep into one sweep.csv/sweep.json.
    Merge(cmd_merge::Args),
}

/// Error a subcommand reports: printed as one line on stderr, exit code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error: one line on stderr (clap's own rendering adds a usage block and a
            // hint), exit code 2 like every other bad input.
            let text = e.to_string();
            // The first paragraph, on one line.
            let first: Vec<&str> = text
                .lines()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let first = first.join(" ");
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            eprintln!("error: {first} (see --help)");
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version go to stdout with exit code 0.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
        Command::Parse(args) => cmd_parse::run(args),
        Command::Contract(args) => cmd_contract::run(args),
        Command::Cf(args) => cmd_cf::run(args),
        Command::Bond(args) => cmd_bond::run(args),
        Command::Dlv(args) => cmd_dlv::run(args),
        Command::Curve(args) => cmd_curve::run(args),
        Command::Prices(args) => cmd_prices::run(args),
        Command::Fidelity(args) => cmd_fidelity::run(args),
        Command::Backtest(args) => cmd_backtest::run(args),
        Command::Sweep(args) => cmd_sweep::run(args),
        Command::Merge(args) => cmd_merge::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
