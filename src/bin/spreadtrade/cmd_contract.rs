//! `spreadtrade contract`: show a contract's specification and exchange dates.

use crate::CliError;

/// Show a contract's specification and exchange dates.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`contract` is not available in this build yet".to_owned(),
    ))
}
