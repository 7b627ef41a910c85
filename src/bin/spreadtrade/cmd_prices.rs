//! `spreadtrade prices`: show the price, DV01 and CTD of a contract per day, as the engine sees them.

use crate::CliError;

/// Show the price, DV01 and CTD of a contract per day, as the engine sees them.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`prices` is not available in this build yet".to_owned(),
    ))
}
