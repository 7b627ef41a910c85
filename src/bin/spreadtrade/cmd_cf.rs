//! `spreadtrade cf`: compute a conversion factor for a bond into a futures contract.

use crate::CliError;

/// Compute a conversion factor for a bond into a futures contract.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`cf` is not available in this build yet".to_owned(),
    ))
}
