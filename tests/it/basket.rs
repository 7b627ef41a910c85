//! Deliverable baskets, delivery analytics and the curve-implied source on real and synthetic data.

use crate::support::real_data_dir;
use spreadtrade::basket::*;
use spreadtrade::contract::ContractCode;
use spreadtrade::data::{CurveFormat, CurveTable};
use spreadtrade::market::{CurveImpliedConfig, CurveImpliedSource, Market, Origin, QuoteSource};
use spreadtrade::units::Currency;

#[test]
fn explore() {
    let Some(dir) = real_data_dir() else { return };
    let ust = CurveTable::load(
        dir.join("us_treasury_par_yield_curve_daily.csv"),
        CurveFormat::TreasuryNormalised,
    )
    .unwrap();
    let fred = CurveTable::load(
        dir.join("us_treasury_cmt_fred_h15_1962_2021.csv"),
        CurveFormat::Fred,
    )
    .unwrap();
    let market = Market::builder(Origin::in_memory("real"))
        .with_curve(
            Currency::Usd,
            2,
            &ust.dates,
            &ust.tenors,
            ust.yields.clone(),
        )
        .build()
        .unwrap();
    let t0 = std::time::Instant::now();
    let src = CurveImpliedSource::with_config(
        &market,
        CurveImpliedConfig::default().with_usd_early_history(fred),
    )
    .unwrap();
    eprintln!(
        "build {:?} {:?}",
        t0.elapsed(),
        src.issuance_report(BondMarket::UsTreasury)
    );
    for c in ["TUH24", "TUM24", "TYH24", "TYM24", "USM24"] {
        let code: ContractCode = c.parse().unwrap();
        let dates = code.dates().unwrap();
        let first = market.day_on_or_after(dates.first_trading_day).unwrap();
        let last = market.day_on_or_before(dates.last_trading_day).unwrap();
        let p = src.pricer(&code, &dates).unwrap();
        eprintln!("{c}: basket {}", p.len());
        let q = src.quotes(&code, &dates, &market, first, last).unwrap();
        for d in q.quotes.iter().step_by(20) {
            let ctd = &q.deliverables[d.ctd.unwrap().deliverable as usize];
            eprintln!(
                "  {} {:.4} {:.2} {} {:.4}",
                market.dates()[d.day],
                d.price,
                d.dv01.unwrap(),
                ctd.id,
                d.ctd.unwrap().conversion_factor
            );
        }
    }
}
