//! `spreadtrade prices <CONTRACT> --from D --to D [--real FILE [--format F]] [--data DIR]
//! [--json]`: the price, DV01 and CTD of one contract per market day, as the engine sees them
//! in the price table. With `--real`, the file's prices come first and the model prices the
//! other days; each row says which.
//!
//! JSON keys (public interface): `contract`, `source` (the contract's first source:
//! `"settlement"`, `"close"`, `"curve-implied"`, `"term-structure model"`, `"covered interest
//! parity"`; the real one when any row is real), `sources` (every source of its rows), `model`
//! (how a model price is made, or `null` when no row is a model's), `real` (per `--real` file:
//! `file`, `format`, `reported` — rows read and not used, with `line`, `date`, `reason`),
//! `data` (`synthetic`, `description`), `rows` (one per market day of the contract's life in
//! the range: `date`, `price`, `source`, `dv01`, `ctd`, `conversion_factor`, `traded`).

use crate::CliError;
use crate::cmd_curve::{emit, load_market};
use crate::cmd_fidelity::RealFileArgs;
use chrono::NaiveDate;
use serde_json::{Value, json};
use spreadtrade::basket::BondMarket;
use spreadtrade::contract::ContractCode;
use spreadtrade::data::RealPrices;
use spreadtrade::market::{PriceSource, PriceTable};
use spreadtrade::pricing::{CurveImpliedSource, DatasetSources, RealPriceSource, TableSpec};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Show the price, DV01 and CTD of a contract per day, as the engine sees them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Contract code: `VXM24`, `ECM24`, `6EM4`, `TYM24`, `T2406`, ...
    contract: String,
    /// First date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: NaiveDate,
    /// Last date (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: NaiveDate,
    /// Data folder (e.g. ../shared/data); default: the embedded SYNTHETIC data.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    real: RealFileArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// How the source of `kind` makes its prices, for the `model` key.
fn model_note(kind: PriceSource, code: &ContractCode, sources: &DatasetSources<'_>) -> Value {
    match kind {
        PriceSource::TermStructureModel => {
            json!(sources.vx().map_or_else(String::new, |vx| vx.description()))
        }
        PriceSource::CoveredInterestParity => {
            let (spot, eur) = sources.ec().map_or_else(
                || (String::new(), String::new()),
                |ec| (ec.spot().to_string(), ec.eur_rate().to_string()),
            );
            json!(format!(
                "F = S·(1 + r_USD·τ)/(1 + r_EUR·τ), τ = days(spot → delivery)/360; S = {spot}; \
                 r_USD = Treasury bill yields (bond-equivalent → Act/360); r_EUR = {eur}"
            ))
        }
        // CFFEX contracts are financed at the 1-year CGB yield (no ChinaBond tenor under one
        // year after 2016), named here.
        PriceSource::CurveImplied
            if BondMarket::for_root(code.root()) == Some(BondMarket::ChinaGovernment) =>
        {
            json!(format!(
                "curve-implied: F = min over the deliverable basket of forward clean price / \
                 conversion factor (the cheapest to deliver); each bond valued at the yield of \
                 its remaining maturity on the day's ChinaBond CGB curve (monotone cubic), \
                 financed at the {} to the payment day; deliverables from the synthetic CGB \
                 issuance model (auction calendar, coupon = yield rounded down to 0.01%); dv01 = \
                 the CTD's spot DV01 × (1 + r·τ) / CF × face/100, the price's sensitivity to a \
                 1 bp parallel curve shift",
                BondMarket::ChinaGovernment.financing_rate_name()
            ))
        }
        PriceSource::CurveImplied => json!(
            "curve-implied: F = min over the deliverable basket of forward clean price / \
             conversion factor (the cheapest to deliver); each bond valued at the par yield of \
             its remaining maturity on the day's curve (monotone cubic; U.S. Treasuries: a \
             Svensson fit of the par curve up to 10 years, bills and the 20- and 30-year points \
             as published; CGBs: the published curve), financed at the 3-month \
             bill rate (BEY × 360/365, Act/360) to the last delivery day (CBOT) or payment day \
             (CFFEX); deliverables from the synthetic issuance model (auction calendar, coupon = \
             par yield rounded down to the coupon grid); dv01 = the CTD's spot DV01 × (1 + r·τ) \
             / CF × face/100, the price's sensitivity to a 1 bp parallel curve shift"
        ),
        _ => Value::Null,
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let code: ContractCode = args
        .contract
        .parse()
        .map_err(|e| CliError(format!("{:?}: {e}", args.contract)))?;
    if args.from > args.to {
        return Err(CliError(format!(
            "expected --from on or before --to, found {} after {}",
            args.from, args.to
        )));
    }
    let files: Vec<RealPrices> = (0..args.real.real.len())
        .map(|i| args.real.load(i, Some(code.root())))
        .collect::<Result<_, _>>()?;
    let (data, market, data_info) = load_market(args.data.as_deref())?;
    let real: Vec<RealPriceSource> = files
        .iter()
        .map(|f| RealPriceSource::new(f, &market))
        .collect::<Result<_, _>>()?;
    let implied = CurveImpliedSource::new(&market)?;
    let mut sources = DatasetSources::new(&market, &data)?.with_bond_futures_source(&implied);
    for r in &real {
        sources = sources.with_real_prices(r);
    }
    let spec = TableSpec::for_contracts([code]).with_range(args.from, args.to);
    let built = PriceTable::build(&market, &spec, &sources.sources())?;
    if let Some(reason) = built.report.unquoted_reason(&code) {
        return Err(CliError(format!(
            "{code} is not priced from {} to {}: {reason}",
            args.from, args.to
        )));
    }
    let table = &built.table;
    let id = table.require_contract(&code)?;
    let info = table.instrument(id);
    let mut rows = Vec::new();
    for day in info.first_day()..=info.last_day() {
        let Some(price) = table.price(id, day) else {
            continue;
        };
        let ctd = table.ctd(id, day);
        rows.push(json!({
            "date": table.dates()[day].to_string(),
            "price": price,
            "source": table.source(id, day).map(PriceSource::label),
            "dv01": table.dv01(id, day),
            "ctd": ctd.map(|(d, _)| d.id.clone()),
            "conversion_factor": ctd.map(|(_, cf)| cf),
            "traded": table.traded(id, day),
        }));
    }
    let model_kind = info.sources.iter().copied().find(|s| s.is_model());
    let real_json: Vec<Value> = files
        .iter()
        .zip(&real)
        .map(|(f, r)| {
            let reported: Vec<Value> = f
                .reported
                .iter()
                .chain(r.reported())
                .map(|row| {
                    json!({
                        "line": row.line,
                        "date": row.date.to_string(),
                        "reason": row.reason.to_string(),
                    })
                })
                .collect();
            json!({ "file": f.file, "format": f.format.as_str(), "reported": reported })
        })
        .collect();
    let out = json!({
        "contract": code.to_string(),
        "source": info.source.label(),
        "sources": info.sources.iter().map(|s| s.label()).collect::<Vec<_>>(),
        "model": model_kind.map_or(Value::Null, |k| model_note(k, &code, &sources)),
        "real": real_json,
        // Added key: which futures DV01 the `dv01` column is (the sessions the CLI opens build
        // their tables with the default configuration).
        "dv01_method": info
            .has_dv01
            .then(|| spreadtrade::basket::FuturesDv01Method::TABLE_DEFAULT.name()),
        "data": data_info,
        "rows": rows,
    });
    if args.json {
        let mut text = serde_json::to_string_pretty(&out).map_err(CliError::from)?;
        text.push('\n');
        return emit(&text);
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{code}  sources: {}",
        info.sources
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(note) = out["model"].as_str() {
        let _ = writeln!(text, "model: {note}");
    }
    if let Some(method) = out["dv01_method"].as_str() {
        let _ = writeln!(text, "dv01: {method} futures DV01 per contract");
    }
    let _ = writeln!(
        text,
        "data: {}",
        out["data"]["description"].as_str().unwrap_or_default()
    );
    let _ = writeln!(
        text,
        "{:<10}  {:>12}  {:<22}  {:>10}  {:<14}  {:>6}  traded",
        "date", "price", "source", "dv01", "ctd", "cf"
    );
    for r in &rows {
        let num = |v: &Value, p: usize| v.as_f64().map_or("-".to_owned(), |x| format!("{x:.p$}"));
        let _ = writeln!(
            text,
            "{:<10}  {:>12}  {:<22}  {:>10}  {:<14}  {:>6}  {}",
            r["date"].as_str().unwrap_or_default(),
            num(&r["price"], 6),
            r["source"].as_str().unwrap_or("-"),
            num(&r["dv01"], 2),
            r["ctd"].as_str().unwrap_or("-"),
            num(&r["conversion_factor"], 4),
            if r["traded"] == true { "yes" } else { "no" }
        );
    }
    emit(&text)
}
