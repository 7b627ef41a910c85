//! `spreadtrade sweep <run.toml> [--shard I/N | --shard auto [--shards N]] --out DIR [--json]`:
//! runs the `[sweep]` grid of a run file, or one shard (a contiguous block) of it, and writes
//! `sweep.csv`, `sweep.json` and `shard.json` into `DIR` (see `spreadtrade::runfile` and its
//! `shards` module). `spreadtrade merge` joins the shards' folders into the unsharded output.
//!
//! `--shard auto` reads the task of a batch scheduler: Slurm job arrays
//! (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`) or Kubernetes
//! Indexed Jobs (`JOB_COMPLETION_INDEX`, with the number of shards from `--shards` or the run
//! file's `[sweep] shards`). With `--json` it prints `data`, `shard`, `grid_runs`, `first_run`,
//! `end_run`, `runs`, `out` and `files`.

use crate::CliError;
use serde_json::json;
use spreadtrade::backtest::Shard;
use spreadtrade::runfile::RunFile;
use std::path::PathBuf;

/// Run a run file's parameter sweep, whole or one shard of it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run file (`.toml`, or `.json`) with a `[sweep]` table.
    config: PathBuf,
    /// Run one block of the grid: `I/N` (0-based, e.g. 0/4 .. 3/4), or `auto` to read the
    /// Slurm array task or the Kubernetes completion index from the environment.
    #[arg(long, value_name = "I/N|auto")]
    shard: Option<String>,
    /// The number of shards for `--shard auto` when the scheduler does not say (Kubernetes);
    /// overrides the run file's `[sweep] shards`.
    #[arg(long, value_name = "N")]
    shards: Option<usize>,
    /// Output folder (one per shard).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Print what was run as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Reads `--shard` with `--shards` (`shards`), the run file's `[sweep] shards` (`from_file`,
/// used by `auto` only, after the flag) and `var` looking up the environment.
pub fn parse_shard(
    shard: Option<&str>,
    shards: Option<usize>,
    from_file: Option<usize>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, CliError> {
    match shard {
        None => {
            if let Some(n) = shards {
                return Err(CliError(format!(
                    "--shards {n} needs --shard auto (or give --shard I/{n})"
                )));
            }
            Ok(None)
        }
        Some(text) if text.trim().eq_ignore_ascii_case("auto") => {
            // The run file's number stands in only where the scheduler does not say (a
            // Kubernetes Indexed Job); the flag is checked against the scheduler.
            let count = if shards.is_none() && var("SLURM_ARRAY_TASK_COUNT").is_some() {
                None
            } else {
                shards.or(from_file)
            };
            Ok(Some(Shard::from_env(var, count)?))
        }
        Some(text) => {
            let shard: Shard = text.parse()?;
            if let Some(n) = shards.filter(|&n| n != shard.count()) {
                return Err(CliError(format!(
                    "--shard {text} is a shard of {} but --shards says {n}",
                    shard.count()
                )));
            }
            Ok(Some(shard))
        }
    }
}

/// Runs the subcommand.
/// Prints where a sweep's data came from, saying SYNTHETIC for the embedded fixtures.
pub fn print_data(data: &spreadtrade::market::Origin) {
    println!(
        "data: {}{}",
        data.description,
        if data.synthetic {
            "  (SYNTHETIC: model-made prices)"
        } else {
            "  (real data)"
        }
    );
}

pub fn run(args: Args) -> Result<(), CliError> {
    let file = RunFile::load(&args.config)?;
    let shard = parse_shard(
        args.shard.as_deref(),
        args.shards,
        file.shard_count(),
        |k| std::env::var(k).ok(),
    )?;
    let done = file.run_sweep(&args.config, &args.out, shard)?;
    let m = &done.manifest;
    let files: Vec<String> = done
        .written
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if args.json {
        let out = json!({
            "data": m.data,
            "shard": m.shard,
            "grid_runs": m.grid_runs,
            "first_run": m.first_run,
            "end_run": m.end_run,
            "runs": done.runs.len(),
            "out": args.out.display().to_string(),
            "files": files,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(CliError::from)?
        );
        return Ok(());
    }
    print_data(&m.data);
    match m.shard {
        Some(s) => println!(
            "shard {s}: runs {}..{} of {} ({} runs)",
            m.first_run,
            m.end_run,
            m.grid_runs,
            done.runs.len()
        ),
        None => println!("whole grid: {} runs", m.grid_runs),
    }
    println!("wrote {} files to {}", files.len(), args.out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn explicit_shards_parse_and_bad_ones_say_why() {
        // Counted from 1 on the command line: 3/4 is the library's index 2.
        let s = parse_shard(Some("3/4"), None, None, env(&[]))
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (2, 4));
        assert_eq!(s.to_string(), "3/4");
        assert_eq!(parse_shard(None, None, None, env(&[])).unwrap(), None);
        for (text, needle) in [
            ("5/4", "1 <= I <= N"),
            ("0/4", "1 <= I <= N"),
            ("1/0", "1 <= I <= N"),
            ("x/4", "before the /"),
            ("1-4", "expected I/N"),
            ("1/-4", "after the /"),
        ] {
            let e = parse_shard(Some(text), None, None, env(&[])).unwrap_err().0;
            assert!(e.contains(needle), "{text}: {e}");
        }
        let e = parse_shard(Some("1/4"), Some(3), None, env(&[]))
            .unwrap_err()
            .0;
        assert!(e.contains("--shards says 3"), "{e}");
        let e = parse_shard(None, Some(3), None, env(&[])).unwrap_err().0;
        assert!(e.contains("needs --shard auto"), "{e}");
    }

    #[test]
    fn auto_reads_slurm_and_kubernetes_variables() {
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        let s = parse_shard(Some("auto"), None, None, slurm)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (3, 4));
        // An array numbered 1-4: the index counts from SLURM_ARRAY_TASK_MIN.
        let one_based = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        let s = parse_shard(Some("auto"), None, None, &one_based)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (3, 4));
        // Slurm's count wins over the run file's `shards`.
        let s = parse_shard(Some("auto"), None, Some(2), &one_based)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (3, 4));
        let k8s = env(&[("JOB_COMPLETION_INDEX", "1")]);
        let s = parse_shard(Some("auto"), Some(4), None, &k8s)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (1, 4));
        let e = parse_shard(Some("auto"), None, None, &k8s).unwrap_err().0;
        assert!(e.contains("number of shards is unknown"), "{e}");
        // N from the run file when no flag gives it; the flag wins.
        let s = parse_shard(Some("auto"), None, Some(2), &k8s)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (1, 2));
        let s = parse_shard(Some("auto"), Some(3), Some(2), &k8s)
            .unwrap()
            .unwrap();
        assert_eq!((s.index(), s.count()), (1, 3));
        // An explicit I/N is not held to the run file's number.
        let s = parse_shard(Some("1/5"), None, Some(2), env(&[]))
            .unwrap()
            .unwrap();
        assert_eq!(s.count(), 5);
        let e = parse_shard(Some("auto"), None, None, env(&[]))
            .unwrap_err()
            .0;
        assert!(e.contains("found neither"), "{e}");
        let e = parse_shard(
            Some("auto"),
            Some(4),
            None,
            env(&[("JOB_COMPLETION_INDEX", "4")]),
        )
        .unwrap_err()
        .0;
        assert!(e.contains("0 <= index < count"), "{e}");
        let e = parse_shard(
            Some("auto"),
            Some(8),
            None,
            env(&[
                ("SLURM_ARRAY_TASK_ID", "1"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
            ]),
        )
        .unwrap_err()
        .0;
        assert!(e.contains("says 8 shards"), "{e}");
        let e = parse_shard(
            Some("auto"),
            None,
            None,
            env(&[("SLURM_ARRAY_TASK_ID", "one")]),
        )
        .unwrap_err()
        .0;
        assert!(e.contains("SLURM_ARRAY_TASK_ID=one"), "{e}");
    }
}
