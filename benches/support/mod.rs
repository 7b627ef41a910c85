//! Shared by the benches: where the real market data is.

use std::path::PathBuf;

/// `$SPREADTRADE_DATA`, else `../shared/data` next to the crate, if it holds the Treasury file.
#[allow(dead_code)]
pub fn real_data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SPREADTRADE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("us_treasury_par_yield_curve_daily.csv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "no real market data at {}: benches run on the embedded SYNTHETIC data",
            dir.display()
        );
        None
    }
}

/// The DV01-neutral 2s10s steepener `2×TU−1×TY` on the front contracts (rolled each quarter)
/// over the whole history: the data's label (`real` or `synthetic`), the session, its price
/// table, the book and the USD 2s10s slope (the z-score signal). Built outside timed loops.
#[allow(dead_code)]
pub fn steepener_2s10s() -> (
    &'static str,
    spreadtrade::session::Session,
    spreadtrade::market::PriceTable,
    spreadtrade::market::Book,
    Vec<Option<f64>>,
) {
    use spreadtrade::contract::RollRule;
    use spreadtrade::instrument::SpreadExpr;
    use spreadtrade::session::Session;
    use spreadtrade::strategy::SignalSource;
    let dir = real_data_dir();
    let label = if dir.is_some() { "real" } else { "synthetic" };
    let session = Session::open(dir.as_deref()).expect("the data loads");
    let expr: SpreadExpr = "2×TU−1×TY".parse().expect("a valid expression");
    let table = session
        .table_for(&expr, None, None)
        .expect("the table builds");
    let book = session
        .book(&expr, &table, &RollRule::default())
        .expect("the book resolves");
    let signal = SignalSource::usd_2s10s()
        .values(session.market())
        .expect("a USD curve");
    (label, session, table, book, signal)
}
