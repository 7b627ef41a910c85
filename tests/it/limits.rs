//! Domain limits (`spreadtrade::limits`): every number a user gives is checked against its
//! documented range at the boundary — library, run files and the command line — and a value
//! outside it stops with an error naming the value and the range, before any arithmetic.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use spreadtrade::backtest::{BacktestConfig, BacktestError, CostModel};
use spreadtrade::bond::{Bond, BondError};
use spreadtrade::limits::{self, OutOfRange};
use spreadtrade::session::Session;
use spreadtrade::strategy::{DayView, Exit, Strategy, StrategyError, Target};
use spreadtrade::units::Currency;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The range error inside a crate error, if it is one (directly, or a strategy's at prepare).
fn out_of_range(e: &spreadtrade::Error) -> Option<&OutOfRange> {
    match e {
        spreadtrade::Error::Backtest(BacktestError::OutOfRange(o)) => Some(o),
        spreadtrade::Error::Backtest(BacktestError::Prepare {
            error: StrategyError::OutOfRange { error, .. },
            ..
        }) => Some(error),
        spreadtrade::Error::Bond(BondError::OutOfRange(o)) => Some(o),
        _ => None,
    }
}

/// Any f64, with the edges that broke things before: NaN, ±∞, 1e300, and the usual range.
fn any_number(usual: std::ops::Range<f64>) -> impl proptest::strategy::Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(1e300),
        Just(-1e300),
        Just(0.0),
        any::<f64>(),
        usual,
    ]
}

/// A strategy that asks for one target on the first tradable day (what any user strategy
/// can return).
struct Once(Option<Target>);

impl Strategy for Once {
    fn on_day(&mut self, view: &DayView<'_>) -> Target {
        if view.tradable {
            self.0.take().unwrap_or(Target::Keep)
        } else {
            Target::Keep
        }
    }
}

fn config() -> BacktestConfig {
    BacktestConfig::default().with_dates(Some(date(2024, 3, 1)), Some(date(2024, 4, 30)))
}

#[test]
fn a_size_of_1e300_is_out_of_range_not_a_broken_identity() {
    let s = Session::synthetic().unwrap();
    // Through a built-in strategy: refused when it prepares.
    let e = s
        .backtest("2×TUM24−1×TYM24")
        .unwrap()
        .config(config())
        .hold_units(date(2024, 3, 15), Exit::AfterDays(5), 1e300)
        .run()
        .unwrap_err();
    let o = out_of_range(&e).unwrap_or_else(|| panic!("{e}"));
    assert_eq!((o.what.as_str(), o.value), ("units", 1e300));
    assert_eq!((o.min, o.max), (limits::UNITS.min, limits::UNITS.max));
    assert!(
        e.to_string()
            .contains("units = 1e300 is out of range: expected -1e6 ..= 1e6 spread units"),
        "{e}"
    );
    // Through any strategy's target: refused by the engine before sizing.
    let e = s
        .backtest("2×TUM24−1×TYM24")
        .unwrap()
        .config(config())
        .strategy(Once(Some(Target::Units(1e300))))
        .run()
        .unwrap_err();
    let o = out_of_range(&e).unwrap_or_else(|| panic!("{e}"));
    assert!(o.what.contains("spread units targeted on 2024-"), "{e}");
    assert!(!e.to_string().contains("identity"), "{e}");
    // Units inside the limit but a ratio that takes a leg past the contract limit.
    let e = s
        .backtest("20×TUM24−1×TYM24")
        .unwrap()
        .config(config())
        .strategy(Once(Some(Target::Units(limits::UNITS.max))))
        .run()
        .unwrap_err();
    let o = out_of_range(&e).unwrap_or_else(|| panic!("{e}"));
    assert_eq!((o.value, o.max), (2e7, limits::CONTRACTS.max), "{e}");
    assert!(o.what.contains("leg \"TUM24\""), "{e}");
}

#[test]
fn dv01_targets_and_configs_outside_their_limits_are_refused() {
    let s = Session::synthetic().unwrap();
    let e = s
        .backtest("2×TUM24−1×TYM24")
        .unwrap()
        .config(config())
        .hold(date(2024, 3, 15), Exit::AfterDays(5), -2e9)
        .run()
        .unwrap_err();
    assert_eq!(
        out_of_range(&e).map(|o| o.what.as_str()),
        Some("dv01"),
        "{e}"
    );
    for (cfg, key) in [
        (config().with_capital(1e300), "capital"),
        (config().with_capital(0.5), "capital"),
        (
            config().with_costs(CostModel::default().with_slippage_ticks(f64::INFINITY)),
            "costs.slippage_ticks",
        ),
        (
            config().with_costs(CostModel::default().with_commission(Currency::Usd, 1e6)),
            "costs.commission_per_contract.USD",
        ),
    ] {
        let e = s
            .backtest("2×TUM24−1×TYM24")
            .unwrap()
            .config(cfg)
            .hold_units(date(2024, 3, 15), Exit::AfterDays(5), 1.0)
            .run()
            .unwrap_err();
        assert_eq!(out_of_range(&e).map(|o| o.what.as_str()), Some(key), "{e}");
    }
}

/// Any f64 as a size, capital, cost, yield or price: `Ok` exactly when it lies in its limit,
/// else the typed range error (or, for prices, the solver's own "not positive" error); never
/// a panic and never a broken identity.
#[test]
fn any_number_is_ok_within_its_limit_or_a_typed_error() {
    let s = Session::synthetic().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let run = |cfg: BacktestConfig, target: Target| {
        s.backtest("2×TUM24−1×TYM24")
            .unwrap()
            .config(cfg)
            .strategy(Once(Some(target)))
            .run()
    };
    let verdict = |r: spreadtrade::Result<_>, inside: bool, what: &str| match r {
        Ok(_) if inside => Ok(()),
        Err(e) if !inside && out_of_range(&e).is_some() => Ok(()),
        Ok(_) => Err(TestCaseError::fail(format!(
            "{what}: accepted outside its limit"
        ))),
        Err(e) => Err(TestCaseError::fail(format!("{what}: {e}"))),
    };
    runner
        .run(&any_number(-1e5..1e5), |units| {
            verdict(
                run(config(), Target::Units(units)).map(drop),
                limits::UNITS.contains(units),
                "units",
            )
        })
        .unwrap();
    runner
        .run(&any_number(-1e9..1e9), |per_bp| {
            // A DV01 target inside its limit may still ask for more units than theirs: that
            // too is a range error, naming the units.
            match run(config(), Target::Dv01(per_bp)) {
                Ok(_) => prop_assert!(limits::DV01_TARGET.contains(per_bp), "{per_bp}"),
                Err(e) => {
                    let o = out_of_range(&e);
                    prop_assert!(o.is_some(), "{per_bp}: {e}");
                    prop_assert!(
                        !limits::DV01_TARGET.contains(per_bp) || o.unwrap().what.contains("units"),
                        "{per_bp}: {e}"
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    runner
        .run(&any_number(1.0..1e13), |capital| {
            verdict(
                run(config().with_capital(capital), Target::Units(1.0)).map(drop),
                limits::CAPITAL.contains(capital),
                "capital",
            )
        })
        .unwrap();
    runner
        .run(
            &(any_number(0.0..1_000.0), any_number(0.0..100.0)),
            |(commission, slippage)| {
                let costs = CostModel::default()
                    .with_commission(Currency::Usd, commission)
                    .with_slippage_ticks(slippage);
                verdict(
                    run(config().with_costs(costs), Target::Units(1.0)).map(drop),
                    limits::COMMISSION.contains(commission)
                        && limits::SLIPPAGE_TICKS.contains(slippage),
                    "costs",
                )
            },
        )
        .unwrap();
    let bond = Bond::us_treasury(0.045, Some(date(2024, 2, 15)), date(2054, 2, 15)).unwrap();
    let at = bond.settle(date(2024, 4, 16)).unwrap();
    runner
        .run(&any_number(-0.3..2.5), |y| {
            verdict(
                at.analytics(y).map(drop).map_err(Into::into),
                limits::YIELD.contains(y),
                "yield",
            )
        })
        .unwrap();
    runner
        .run(&any_number(1.0..300.0), |price| {
            match at.yield_from_clean_price(price) {
                Ok(y) => prop_assert!(limits::YIELD.contains(y) && price > 0.0, "{price} → {y}"),
                Err(BondError::OutOfRange(_)) => {}
                Err(BondError::InvalidPrice { .. }) => {
                    prop_assert!(!(price > 0.0 && price.is_finite()))
                }
                Err(e) => prop_assert!(false, "{price}: {e}"),
            }
            Ok(())
        })
        .unwrap();
}

/// The command line: exit code 2 and one line naming the value and its range.
#[cfg(feature = "cli")]
mod cli {
    use crate::cli::fails_with;
    use std::path::PathBuf;

    fn file(name: &str, text: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("spreadtrade-limits-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_yield_of_minus_150_percent_is_refused() {
        // Before the limit this priced the bond at 24 billion.
        let bond = |extra: &[&str], needle: &str| {
            let mut args = vec![
                "bond",
                "--coupon",
                "4.5",
                "--maturity",
                "2054-02-15",
                "--settle",
                "2024-04-16",
            ];
            args.extend_from_slice(extra);
            fails_with(&args, needle);
        };
        bond(
            &["--yield", "-150"],
            "--yield = -150 is out of range: expected -20 ..= 200 percent",
        );
        bond(&["--yield", "250"], "--yield = 250 is out of range");
        bond(&["--price", "1e300"], "--price = 1e300 is out of range");
        // A price inside its range whose yield is not.
        bond(&["--price", "0.5"], "yield solved from dirty price");
        fails_with(
            &[
                "dlv",
                "TYM24",
                "--date",
                "2024-04-16",
                "--curve",
                "x.csv",
                "--repo",
                "-150",
            ],
            "--repo = -150 is out of range: expected -20 ..= 200 percent",
        );
    }

    const HOLD: &str = r#"
spread = "2×TUM24−1×TYM24"
[strategy]
kind = "hold"
entry = "2024-03-15"
exit = "2024-03-27"
units = 1e300
[backtest]
start = "2024-03-01"
end = "2024-04-30"
"#;

    #[test]
    fn a_run_file_size_of_1e300_names_its_key_and_range() {
        let p = file("units.toml", HOLD);
        fails_with(
            &["backtest", p.to_str().unwrap()],
            "strategy.units: value = 1e300 is out of range: expected -1e6 ..= 1e6 spread units",
        );
        let json = file(
            "units.json",
            r#"{"spread": "2×TUM24−1×TYM24",
                "strategy": {"kind": "hold", "entry": "2024-03-15", "dv01": -1e12}}"#,
        );
        fails_with(
            &["backtest", json.to_str().unwrap()],
            "strategy.dv01: value = -1e12 is out of range",
        );
        let capital = file(
            "capital.toml",
            &HOLD
                .replace("units = 1e300", "units = 1.0")
                .replace("[backtest]", "[backtest]\ncapital = 1e300"),
        );
        fails_with(
            &["backtest", capital.to_str().unwrap()],
            "invalid value for backtest.capital: value = 1e300 is out of range: expected 1 ..= 1e13 base currency",
        );
        let sweep = file(
            "sweep.toml",
            r#"
spread = "2×TUM24−1×TYM24"
[strategy]
kind = "zscore"
signal = "usd_2s10s"
window = 20
entry = 2.0
[sweep]
windows = [20, 1]
entries = [1.0]
"#,
        );
        fails_with(
            &["backtest", sweep.to_str().unwrap()],
            "sweep.windows: line 9, column 11: windows[1] = 1 is out of range: expected 2 ..= 10000 market days",
        );
    }

    #[test]
    fn a_portfolio_trade_names_its_index() {
        let trade = |name: &str, extra: &str| {
            format!(
                "[[trade]]\nname = \"{name}\"\nspread = \"+TYM24\"\n[trade.strategy]\nkind = \"hold\"\nentry = \"2024-03-19\"\nexit_after_days = 5\n{extra}"
            )
        };
        let text = format!(
            "{}{}{}",
            trade("a", ""),
            trade("b", ""),
            trade("c", "units = 1e300\n")
        );
        let p = file("portfolio.toml", &text);
        fails_with(
            &["backtest", p.to_str().unwrap()],
            "trade[2].strategy.units: value = 1e300 is out of range",
        );
        let text = format!(
            "{}{}",
            trade("a", ""),
            trade("b", "[trade.sizing]\nrisk_budget = -5.0\n")
        );
        let p = file("sizing.toml", &text);
        fails_with(
            &["backtest", p.to_str().unwrap()],
            "trade[1].sizing.risk_budget: line 16, column 15: value = -5 is out of range: expected 1 ..= 1e10",
        );
    }
}

#[test]
fn every_built_in_strategy_checks_its_numbers() {
    use spreadtrade::strategy::{EventWindow, SignalSource, SlopeZScore, UsdView, ZScoreParams};
    let s = Session::synthetic().unwrap();
    let what = |strategy: Box<dyn Strategy>| {
        let e = s
            .backtest("2×TUM24−1×TYM24")
            .unwrap()
            .config(config())
            .strategy(strategy)
            .run()
            .unwrap_err();
        out_of_range(&e)
            .unwrap_or_else(|| panic!("{e}"))
            .what
            .clone()
    };
    let (entry, exit) = (date(2024, 3, 15), date(2024, 4, 15));
    assert_eq!(
        what(Box::new(UsdView::new(entry, exit, 1e300, 60))),
        "target_annual_vol"
    );
    assert_eq!(
        what(Box::new(UsdView::new(entry, exit, 5e4, 20_000))),
        "lookback"
    );
    assert_eq!(
        what(Box::new(EventWindow::new(
            vec![entry],
            1_000_000,
            1,
            Target::Units(1.0)
        ))),
        "before"
    );
    assert_eq!(
        what(Box::new(EventWindow::new(
            vec![entry],
            1,
            1,
            Target::Dv01(f64::NAN)
        ))),
        "dv01"
    );
    assert_eq!(
        what(Box::new(spreadtrade::strategy::Hold::units(
            entry,
            Exit::AfterDays(usize::MAX),
            1.0
        ))),
        "exit_after_days"
    );
    // The z-score strategy is checked when it is built.
    for (p, name) in [
        (
            ZScoreParams {
                units: 2e6,
                ..ZScoreParams::reference(20, 2.0)
            },
            "units",
        ),
        (ZScoreParams::reference(20_000, 2.0), "window"),
        (ZScoreParams::reference(20, 25.0), "entry"),
    ] {
        match SlopeZScore::new(SignalSource::usd_2s10s(), p) {
            Err(StrategyError::OutOfRange { error, .. }) => assert_eq!(error.what, name),
            other => panic!("{name}: {:?}", other.map(|_| ())),
        }
    }
}
