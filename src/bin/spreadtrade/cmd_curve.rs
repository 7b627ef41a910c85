//! `spreadtrade curve --date D [--data DIR] [--currency USD|CNY] [--json]`: the par curve
//! published on a date and the zero curve bootstrapped from it.
//!
//! JSON keys (public interface): `date`, `currency`, `data` (`synthetic`, `description`),
//! `par` (published nodes: `tenor`, `years`, `yield` in percent), `compounding` (of the zero
//! rates: the curve's coupon frequency), `zero_grid`, `zero` (`years`, `zero_rate` in
//! percent, `discount_factor`).
//!
//! The zero curve is [`spreadtrade::curve::bootstrap`] with its default configuration
//! (monotone cubic par interpolation, bills up to one year, log-linear discount factors);
//! its grid is the published tenors of the day, so every par node has its zero rate beside it.

use crate::CliError;
use chrono::NaiveDate;
use serde_json::Value;
use spreadtrade::data::Dataset;
use spreadtrade::market::Market;
use spreadtrade::units::Currency;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Show the par and zero curve on a date.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The curve date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: NaiveDate,
    /// Data folder (e.g. ../shared/data); default: the embedded SYNTHETIC data.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Curve currency: USD (U.S. Treasury par curve) or CNY (ChinaBond).
    #[arg(long, default_value = "USD", value_name = "USD|CNY")]
    currency: Currency,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// The dataset of `--data`, or the embedded synthetic data, its market and the `data` JSON
/// object describing where it came from.
pub fn load_market(dir: Option<&Path>) -> Result<(Dataset, Market, Value), CliError> {
    let (data, embedded) = match dir {
        Some(dir) => (Dataset::load_dir(dir)?, false),
        None => (Dataset::try_embedded_synthetic()?, true),
    };
    let market = Market::from_dataset(&data)?;
    let info = spreadtrade::query::data_json(market.origin(), embedded);
    Ok((data, market, info))
}

/// Writes `text` to stdout. A closed pipe (`| head`) is not an error: the reader has what it
/// wanted.
pub fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError(format!("cannot write to stdout: {e}"))),
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let (_, market, data) = load_market(args.data.as_deref())?;
    let ccy = args.currency;
    // The same document as the Python package's `Session.curve`, with where the data came from.
    let mut out = spreadtrade::query::curve_json(&market, ccy, args.date)?;
    out["data"] = data;
    if args.json {
        let mut text = serde_json::to_string_pretty(&out).map_err(CliError::from)?;
        text.push('\n');
        return emit(&text);
    }
    let mut text = String::new();
    let _ = writeln!(text, "{ccy} curve on {}", args.date);
    let _ = writeln!(
        text,
        "data: {}",
        out["data"]["description"].as_str().unwrap_or_default()
    );
    let _ = writeln!(
        text,
        "{:>6}  {:>8}  {:>10}  {:>14}  {:>10}",
        "tenor", "years", "par %", "zero % (comp)", "DF"
    );
    let zeros = out["zero"].as_array().cloned().unwrap_or_default();
    for p in out["par"].as_array().cloned().unwrap_or_default() {
        let years = p["years"].as_f64().unwrap_or_default();
        let z = zeros
            .iter()
            .find(|z| z["years"].as_f64() == Some(years) && years > 0.0);
        let (zr, df) = z.map_or((String::new(), String::new()), |z| {
            (
                format!("{:.4}", z["zero_rate"].as_f64().unwrap_or_default()),
                format!("{:.6}", z["discount_factor"].as_f64().unwrap_or_default()),
            )
        });
        let _ = writeln!(
            text,
            "{:>6}  {:>8.4}  {:>10.4}  {:>14}  {:>10}",
            p["tenor"].as_str().unwrap_or_default(),
            years,
            p["yield"].as_f64().unwrap_or_default(),
            zr,
            df
        );
    }
    let _ = writeln!(
        text,
        "zero rates: {} compounding, Act/365F",
        out["compounding"].as_str().unwrap_or_default()
    );
    emit(&text)
}
