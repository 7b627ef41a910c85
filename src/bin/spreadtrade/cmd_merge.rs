//! `spreadtrade merge DIR... --out DIR [--json]`: checks the folders of a sharded sweep
//! (written by `spreadtrade sweep --shard I/N`) and joins them into `sweep.csv` and
//! `sweep.json`, the same bytes one unsharded run of the grid writes, plus `shard.json` for
//! the whole grid. Errors name the folders: a missing shard, a shard given twice, shards of
//! different grids or data, a folder whose rows are not its block. With `--json` it prints
//! `data`, `grid_runs`, `shards`, `out` and `files`.

use crate::CliError;
use serde_json::json;
use spreadtrade::runfile::merge_sweeps;
use std::path::PathBuf;

/// Check and join the shard folders of a sweep.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shards' output folders, in any order.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Output folder of the merged sweep.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Print what was merged as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let merged = merge_sweeps(&args.dirs, &args.out)?;
    let m = &merged.manifest;
    let files: Vec<String> = merged
        .written
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if args.json {
        let out = json!({
            "data": m.data,
            "grid_runs": m.grid_runs,
            "shards": args.dirs.len(),
            "out": args.out.display().to_string(),
            "files": files,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(CliError::from)?
        );
        return Ok(());
    }
    crate::cmd_sweep::print_data(&m.data);
    println!(
        "merged {} shards: {} runs into {}",
        args.dirs.len(),
        merged.runs.len(),
        args.out.display()
    );
    Ok(())
}
