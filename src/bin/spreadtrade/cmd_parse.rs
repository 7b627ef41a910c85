//! `spreadtrade parse`: parse a spread expression and print its canonical form and legs.

use crate::CliError;

/// Parse a spread expression and print its canonical form and legs.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`parse` is not available in this build yet".to_owned(),
    ))
}
