//! `spreadtrade curve`: show the par and zero curve on a date.

use crate::CliError;

/// Show the par and zero curve on a date.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`curve` is not available in this build yet".to_owned(),
    ))
}
