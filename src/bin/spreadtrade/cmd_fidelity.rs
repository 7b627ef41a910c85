//! `spreadtrade fidelity <ROOT> --real FILE [--format F] [--rank N] [--roll-days N] --from D
//! --to D [--data DIR] [--json]`: how closely the table's model prices follow a real price
//! file on the same contracts and days (see `spreadtrade::pricing::FidelityStats`).
//!
//! `<ROOT>` is a root (`TY`, `VX`, `T`) or a spread of bare roots (`"1×FV−1×TY"`), with one
//! `--real` per leg in leg order. A spread's daily changes weight each leg by the model's
//! DV01 ratio of the previous day, the same weights for model and real changes.
//!
//! JSON keys (public interface): `root`, `legs` (per leg: `root`, `ratio`, `real`, `format`,
//! `quote`, `reported_rows`, `contracts`), `model` (the model sources' labels), `data`
//! (`synthetic`, `description`), `from`, `to`, `days`, `changes`, `level_mean`, `level_mad`,
//! `corr_daily_change`, `beta_real_on_model`, `tracking_ratio`, `roll_days`, `thin_rows`,
//! `no_model_days`.

use crate::CliError;
use crate::cmd_curve::{emit, load_market};
use chrono::NaiveDate;
use serde_json::{Value, json};
use spreadtrade::contract::{RollAnchor, RollRule, Root};
use spreadtrade::data::{RealFileOptions, RealFormat, RealPrices};
use spreadtrade::instrument::{LegContract, SpreadExpr};
use spreadtrade::pricing::DatasetSources;
use spreadtrade::session::Session;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Real price file options shared by `prices` and `fidelity`.
#[derive(Debug, clap::Args)]
pub struct RealFileArgs {
    /// Real price file (repeat for several; for a spread, one per leg in leg order).
    #[arg(long = "real", value_name = "FILE")]
    pub real: Vec<PathBuf>,
    /// Its format: cboe-vx, front, settlements, vx-rank, main (default: detected from the
    /// header). Give once for all files or once per file.
    #[arg(long, value_name = "FORMAT")]
    pub format: Vec<RealFormat>,
    /// The rank of a vx-rank file (1 = VX1). Once for all files or once per file.
    #[arg(long, value_name = "N")]
    pub rank: Vec<u8>,
    /// Front files: the row on date d is the first contract whose last trading day, less this
    /// many business days, is after d (default 0; Yahoo's Euro FX series rolls 1 day early).
    #[arg(long = "roll-days", value_name = "N", default_value_t = 0)]
    pub roll_days: u32,
    /// Front and main files: rows with fewer contracts traded than this (the file's Volume
    /// column) are stale closes, reported and not used (default: every row is used).
    #[arg(long = "min-volume", value_name = "CONTRACTS")]
    pub min_volume: Option<f64>,
}

impl RealFileArgs {
    /// Loads file `i` for `root`.
    pub fn load(&self, i: usize, root: Option<Root>) -> Result<RealPrices, CliError> {
        let path: &Path = self
            .real
            .get(i)
            .ok_or_else(|| CliError("expected a --real FILE".to_owned()))?;
        let mut options = RealFileOptions::default().with_roll(RollRule::new(
            self.roll_days,
            Some(RollAnchor::LastTradingDay),
        ));
        options.root = root;
        options.format = pick(&self.format, "--format", i, self.real.len())?;
        options.rank = pick(&self.rank, "--rank", i, self.real.len())?;
        options.min_volume = self.min_volume;
        Ok(RealPrices::load(path, &options)?)
    }
}

/// The value of a repeatable option for file `i` of `files`: none, one for all, or one each.
fn pick<T: Copy>(v: &[T], what: &str, i: usize, files: usize) -> Result<Option<T>, CliError> {
    match v.len() {
        0 => Ok(None),
        1 => Ok(v.first().copied()),
        n if n == files => Ok(v.get(i).copied()),
        n => Err(CliError(format!(
            "expected {what} once or once per --real ({files} files), found {n}"
        ))),
    }
}

/// Compare the table's model prices with a real price file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A root (`TY`, `VX`, `T`) or a spread of bare roots (`"1×FV−1×TY"`).
    root: String,
    #[command(flatten)]
    real: RealFileArgs,
    /// First date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: NaiveDate,
    /// Last date (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: NaiveDate,
    /// Data folder (e.g. ../shared/data); default: the embedded SYNTHETIC data.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// The legs of `<ROOT>`: `(root, ratio)`.
fn legs_of(text: &str) -> Result<Vec<(Root, f64)>, CliError> {
    if let Some(root) = Root::from_symbol(text.trim()) {
        return Ok(vec![(root, 1.0)]);
    }
    let expr: SpreadExpr = text
        .parse()
        .map_err(|e| CliError(format!("{text:?}: {e}")))?;
    expr.legs()
        .iter()
        .map(|leg| match leg.contract() {
            LegContract::Generic { root, nearby: None } => Ok((root, leg.ratio())),
            other => Err(CliError(format!(
                "{text:?}: expected bare roots (TU, FV, TY, …), found {other}"
            ))),
        })
        .collect()
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let legs = legs_of(&args.root)?;
    if args.from > args.to {
        return Err(CliError(format!(
            "expected --from on or before --to, found {} after {}",
            args.from, args.to
        )));
    }
    if args.real.real.len() != legs.len() {
        return Err(CliError(format!(
            "expected one --real file per leg of {:?} ({} legs), found {}",
            args.root,
            legs.len(),
            args.real.real.len()
        )));
    }
    let files: Vec<RealPrices> = legs
        .iter()
        .enumerate()
        .map(|(i, &(root, _))| args.real.load(i, Some(root)))
        .collect::<Result<_, _>>()?;
    let (data, _market, data_info) = load_market(args.data.as_deref())?;
    if files.iter().all(|f| {
        !f.rows
            .iter()
            .any(|r| (args.from..=args.to).contains(&r.date))
    }) {
        return Err(CliError(format!(
            "no real price in {}..={} in {}",
            args.from,
            args.to,
            args.real
                .real
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let session = Session::from_dataset(data)?;
    let ratios: Vec<f64> = legs.iter().map(|l| l.1).collect();
    let refs: Vec<&RealPrices> = files.iter().collect();
    let f = session.fidelity(&ratios, &refs, args.from, args.to)?;
    let sources = DatasetSources::new(session.market(), session.dataset())?
        .with_bond_futures_source(session.curve_implied());
    let model_sources = sources.model_sources();
    let mut model: Vec<&str> = model_sources
        .iter()
        .filter(|s| legs.iter().any(|&(root, _)| s.covers(root)))
        .map(|s| s.kind().label())
        .collect();
    model.dedup();
    let legs_json: Vec<Value> = legs
        .iter()
        .zip(&files)
        .zip(&f.contracts)
        .map(|((&(root, ratio), file), contracts)| {
            json!({
                "root": root.as_str(),
                "ratio": ratio,
                "real": file.file,
                "format": file.format.as_str(),
                "quote": format!("{:?}", file.quote()).to_lowercase(),
                "reported_rows": file.reported.len(),
                "contracts": contracts.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    let s = &f.stats;
    let out = json!({
        "root": args.root,
        "legs": legs_json,
        "model": model,
        "data": data_info,
        "from": f.first.to_string(),
        "to": f.last.to_string(),
        "days": s.days,
        "changes": s.changes,
        "level_mean": s.level_mean,
        "level_mad": s.level_mad,
        "corr_daily_change": s.corr_daily_change,
        "beta_real_on_model": s.beta_real_on_model,
        "tracking_ratio": s.tracking_ratio,
        "roll_days": f.roll_days,
        "thin_rows": f.thin_rows,
        "no_model_days": f.no_model_days,
    });
    if args.json {
        let mut text = serde_json::to_string_pretty(&out).map_err(CliError::from)?;
        text.push('\n');
        return emit(&text);
    }
    let num = |v: Option<f64>| v.map_or("-".to_owned(), |x| format!("{x:.4}"));
    let mut text = String::new();
    let _ = writeln!(
        text,
        "fidelity of {} ({}) against real prices, {} .. {}",
        args.root,
        model.join(", "),
        f.first,
        f.last
    );
    for l in &legs_json {
        let _ = writeln!(
            text,
            "  leg {} ×{}: {} ({}, {} prices; {} rows reported, not used)",
            l["root"].as_str().unwrap_or_default(),
            l["ratio"],
            l["real"].as_str().unwrap_or_default(),
            l["format"].as_str().unwrap_or_default(),
            l["quote"].as_str().unwrap_or_default(),
            l["reported_rows"]
        );
    }
    let _ = writeln!(
        text,
        "data: {}",
        out["data"]["description"].as_str().unwrap_or_default()
    );
    let _ = writeln!(text, "days               {}", s.days);
    let _ = writeln!(text, "changes            {}", s.changes);
    let _ = writeln!(
        text,
        "level_mean         {:.4}  (model − real, points)",
        s.level_mean
    );
    let _ = writeln!(text, "level_mad          {:.4}", s.level_mad);
    let _ = writeln!(text, "corr_daily_change  {}", num(s.corr_daily_change));
    let _ = writeln!(text, "beta_real_on_model {}", num(s.beta_real_on_model));
    let _ = writeln!(text, "tracking_ratio     {}", num(s.tracking_ratio));
    let _ = writeln!(
        text,
        "left out: {} roll days, {} thin delivery-month rows, {} days without a model price",
        f.roll_days, f.thin_rows, f.no_model_days
    );
    emit(&text)
}
