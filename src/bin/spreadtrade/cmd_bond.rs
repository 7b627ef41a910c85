//! `spreadtrade bond`: price a fixed-coupon bond from a yield (or solve the yield from a price) with risk measures.

use crate::CliError;

/// Price a fixed-coupon bond from a yield (or solve the yield from a price) with risk measures.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError(
        "`bond` is not available in this build yet".to_owned(),
    ))
}
