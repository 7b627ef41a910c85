//! `spreadtrade backtest`: run a backtest described in a TOML or JSON config file.

use crate::CliError;

/// Run a backtest described in a TOML or JSON config file.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`backtest` is not available in this build yet".to_owned(),
    ))
}
