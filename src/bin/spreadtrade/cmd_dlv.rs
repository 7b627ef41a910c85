//! `spreadtrade dlv`: show a contract's deliverable basket, cheapest-to-deliver, fair price and futures DV01.

use crate::CliError;

/// Show a contract's deliverable basket, cheapest-to-deliver, fair price and futures DV01.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`dlv` is not available in this build yet".to_owned(),
    ))
}
