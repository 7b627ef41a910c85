//! `spreadtrade backtest <run.toml|run.json> [--out DIR] [--json]`: runs a backtest described
//! in a file (see `spreadtrade::runfile` for the format) and writes its outputs.
//!
//! Outputs (in `out` from the file, else `--out`, else `out/<file stem>`): `summary.json`,
//! `ledger.csv`/`.json`, `trades.csv`/`.json`, `equity.svg`; for a sweep also `sweep.csv`, `sweep.json` and
//! the best run's files under `best/`. With `--json` the summary is printed as JSON (keys:
//! `book`, `data`, `summary`, `out`, `files`, `notes` (files not written and why, e.g. no chart
//! in a build without the `charts` feature), and for a sweep `best`).

use crate::CliError;
use serde_json::json;
use spreadtrade::report::text_summary;
use spreadtrade::runfile::RunFile;
use std::path::PathBuf;

/// Run a backtest described in a TOML or JSON config file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run file (`.toml`, or `.json`).
    config: PathBuf,
    /// Output folder when the file has no `out` (default: out/<file stem>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the summary as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    if spreadtrade::runfile::PortfolioFile::is_portfolio(&args.config) {
        return run_portfolio(args);
    }
    let file = RunFile::load(&args.config)?;
    let stem = args.config.file_stem().map_or_else(
        || "backtest".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let default_out = args.out.unwrap_or_else(|| PathBuf::from("out").join(stem));
    let outcome = file.run(&args.config, &default_out)?;
    let result = &outcome.result;
    let files: Vec<String> = outcome
        .written
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let origin = outcome.origin.clone();
    if args.json {
        let out = json!({
            "book": result.book,
            "data": origin,
            "summary": result.summary,
            "best": outcome.best,
            "runs": outcome.sweep.as_ref().map(Vec::len),
            "out": outcome.out_dir.display().to_string(),
            "files": files,
            "notes": outcome.written.notes,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(CliError::from)?
        );
        return Ok(());
    }
    if let (Some(runs), Some(best)) = (&outcome.sweep, &outcome.best) {
        println!(
            "sweep: {} runs; best by Sharpe is run {} (deflated Sharpe {}, expected max Sharpe of the trials under no skill {})",
            runs.len(),
            best.index,
            best.deflated_sharpe
                .map_or("n/a".to_owned(), |p| format!("{p:.3}")),
            best.expected_max_sharpe
                .map_or("n/a".to_owned(), |s| format!("{s:.2}")),
        );
    }
    print!("{}", text_summary(result, &origin));
    for note in &outcome.written.notes {
        println!("{note}");
    }
    println!(
        "wrote {} files to {}",
        files.len(),
        outcome.out_dir.display()
    );
    Ok(())
}

/// A run file with `[[trade]]` tables: one account, the per-trade table, the portfolio's files
/// (`summary.json` with `trades` and `total`, ledger and blotter CSV/JSON, `pnl.svg`). With
/// `--json`: `data`, `trades`, `total`, `correlation`, `out`, `files`, `notes`.
fn run_portfolio(args: Args) -> Result<(), CliError> {
    let file = spreadtrade::runfile::PortfolioFile::load(&args.config)?;
    let stem = args.config.file_stem().map_or_else(
        || "backtest".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let default_out = args.out.unwrap_or_else(|| PathBuf::from("out").join(stem));
    let outcome = file.run(&args.config, &default_out)?;
    let files: Vec<String> = outcome
        .written
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if args.json {
        let r = &outcome.result;
        let trades: Vec<_> = r
            .trades
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "spread": t.spread,
                    "currency": t.currency,
                    "total_pnl": t.total_pnl,
                    "total_pnl_base": t.total_pnl_base,
                    "prices": t.provenance.label(),
                })
            })
            .collect();
        let out = json!({
            "data": outcome.origin,
            "base_currency": r.base_currency,
            "trades": trades,
            "total": r.summary,
            "correlation": r.correlation,
            "out": outcome.out_dir.display().to_string(),
            "files": files,
            "notes": outcome.written.notes,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(CliError::from)?
        );
        return Ok(());
    }
    print!(
        "{}",
        spreadtrade::report::portfolio_table(&outcome.result, &outcome.origin)
    );
    for note in &outcome.written.notes {
        println!("{note}");
    }
    println!(
        "wrote {} files to {}",
        files.len(),
        outcome.out_dir.display()
    );
    Ok(())
}
