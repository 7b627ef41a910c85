//! Reports: files written for a run and a sweep, the text summary and the chart.

use chrono::NaiveDate;
use spreadtrade::backtest::{BacktestConfig, CostModel, Engine};
use spreadtrade::market::{Book, Market, Origin, PriceTableBuilder, SeriesSpec};
use spreadtrade::report::{ledger_csv, text_summary, write_run};
use spreadtrade::strategy::{Exit, Hold};
use spreadtrade::units::Currency;

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spreadtrade-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_run_writes_summary_ledger_trades_and_chart() {
    let d0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let dates: Vec<NaiveDate> = (0..30).map(|i| d0 + chrono::Days::new(i)).collect();
    let values: Vec<f64> = (0..30)
        .map(|i| 100.0 + (f64::from(i) * 0.7).sin())
        .collect();
    let origin = Origin {
        synthetic: true,
        description: "unit test series".into(),
    };
    let m = Market::from_series("s", &dates, &values, origin.clone()).unwrap();
    let mut b = PriceTableBuilder::new(m.dates());
    b.add_series(
        SeriesSpec {
            name: "s".into(),
            currency: Currency::Usd,
            point_value: 50.0,
            tick: Some(0.01),
        },
        m.series("s").unwrap(),
    )
    .unwrap();
    let t = b.build();
    let book = Book::single(&t, "s").unwrap();
    let cfg =
        BacktestConfig::default().with_costs(CostModel::default().with_series_commission(1.0));
    let r = Engine::new(&m, &t, &cfg)
        .unwrap()
        .run(&book, Hold::units(dates[3], Exit::AfterDays(10), 2.0))
        .unwrap();
    let dir = out_dir("run");
    let written = write_run(&r, &origin, &dir).unwrap();
    let names: Vec<String> = written
        .files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut expected = vec![
        "summary.json",
        "ledger.csv",
        "ledger.json",
        "trades.json",
        "trades.csv",
    ];
    if cfg!(feature = "charts") {
        expected.push("equity.svg");
        assert!(written.notes.is_empty(), "{:?}", written.notes);
    } else {
        // Without the `charts` feature the run writes no chart and says so.
        assert_eq!(written.notes.len(), 1, "{:?}", written.notes);
        assert!(written.notes[0].contains("equity.svg") && written.notes[0].contains("charts"));
        assert!(!dir.join("equity.svg").exists());
    }
    assert_eq!(names, expected);
    let ledger_json: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ledger.json")).unwrap()).unwrap();
    assert_eq!(ledger_json.len(), 30);
    assert!(ledger_json[5]["legs"][0]["contracts"].is_i64());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["data"]["synthetic"], true);
    assert_eq!(summary["summary"]["trades"], 2);
    assert_eq!(
        summary["summary"]["total_pnl"].as_f64().unwrap(),
        r.summary.total_pnl
    );
    let ledger = ledger_csv(&r).unwrap();
    let mut lines = ledger.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("date,pnl,costs,equity,dv01,margin,pnl_USD,pnl_CNY,pnl_EUR,cash_USD")
    );
    assert_eq!(ledger.lines().count(), 31);
    let trades = std::fs::read_to_string(dir.join("trades.csv")).unwrap();
    assert_eq!(trades.lines().count(), 3);
    assert!(trades.lines().nth(1).unwrap().contains(",s,2,"));
    if cfg!(feature = "charts") {
        let svg = std::fs::read_to_string(dir.join("equity.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("SYNTHETIC"));
    }
    let text = text_summary(&r, &origin);
    assert!(
        text.contains("(SYNTHETIC)") && text.contains("Sharpe"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The columnar ledger writes `ledger.json` and `ledger.csv` exactly as the former list of
/// owned rows did: a DV01-neutral 2s10s steepener on the synthetic fixtures (two legs, quarterly
/// rolls, days with and without a contract), its files compared byte for byte with the text
/// of its owned rows (`Vec<LedgerDay>`, written by serde's derive, and a CSV writer over those
/// rows reconstructed here).
#[test]
fn the_columnar_ledger_writes_the_files_of_its_owned_rows() {
    use spreadtrade::backtest::{Ledger, LedgerDay, Weighting};
    use spreadtrade::contract::RollRule;
    use spreadtrade::instrument::SpreadExpr;
    use spreadtrade::session::Session;
    use spreadtrade::strategy::{SignalSource, SlopeZScore, ZScoreParams};
    let session = Session::open(None).unwrap();
    let expr: SpreadExpr = "2×TU−1×TY".parse().unwrap();
    let table = session.table_for(&expr, None, None).unwrap();
    let book = session.book(&expr, &table, &RollRule::default()).unwrap();
    let strategy = SlopeZScore::new(
        SignalSource::usd_2s10s(),
        ZScoreParams {
            units: 10.0,
            ..ZScoreParams::reference(60, 1.5)
        },
    )
    .unwrap();
    let cfg = BacktestConfig::default().with_weighting(Weighting::Dv01Neutral);
    let r = Engine::new(session.market(), &table, &cfg)
        .unwrap()
        .run_recorded(&book, strategy)
        .unwrap();
    let rows: Vec<LedgerDay> = r.ledger.to_days();
    assert!(
        rows.len() > 1000 && r.ledger.names().len() > 20,
        "{}",
        rows.len()
    );
    assert!(rows.iter().any(|d| d.legs[0].contracts != 0));
    assert!(rows.iter().any(|d| d.legs[0].contracts == 0));
    let dir = out_dir("columnar");
    write_run(&r, session.origin(), &dir).unwrap();
    let json = std::fs::read_to_string(dir.join("ledger.json")).unwrap();
    assert_eq!(json, serde_json::to_string_pretty(&rows).unwrap() + "\n");
    let back: Ledger = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r.ledger);
    // The CSV as written from owned rows (the writer before the ledger was columnar).
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["date", "pnl", "costs", "equity", "dv01", "margin"]
        .map(String::from)
        .to_vec();
    for kind in ["pnl", "cash"] {
        for c in Currency::ALL {
            header.push(format!("{kind}_{c}"));
        }
    }
    for i in 0..rows[0].legs.len() {
        for f in ["instrument", "contracts", "price", "pnl", "dv01"] {
            header.push(format!("leg{}_{f}", i + 1));
        }
    }
    w.write_record(&header).unwrap();
    let opt = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for day in &rows {
        let mut row = vec![
            day.date.to_string(),
            day.pnl.to_string(),
            day.costs.to_string(),
            day.equity.to_string(),
            day.dv01.to_string(),
            day.margin.to_string(),
        ];
        for amounts in [&day.pnl_by_currency, &day.cash_by_currency] {
            for c in Currency::ALL {
                row.push(amounts.get(c).to_string());
            }
        }
        for leg in &day.legs {
            row.push(leg.instrument.as_deref().unwrap_or_default().to_owned());
            row.push(leg.contracts.to_string());
            row.push(opt(leg.price));
            row.push(leg.pnl.to_string());
            row.push(opt(leg.dv01));
        }
        w.write_record(&row).unwrap();
    }
    let expected = String::from_utf8(w.into_inner().unwrap()).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("ledger.csv")).unwrap(),
        expected
    );
}
