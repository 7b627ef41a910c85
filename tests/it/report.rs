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
