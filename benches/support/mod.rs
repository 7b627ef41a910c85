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
    rolled_book("2×TU−1×TY")
}

/// The book of `expr` on the front contracts, rolled by the default rule, over the whole
/// history, with the same label, session, table and signal as [`steepener_2s10s`].
#[allow(dead_code)]
pub fn rolled_book(
    expr: &str,
) -> (
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
    let expr: SpreadExpr = expr.parse().expect("a valid expression");
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

/// Per-round figures of [`paired_rounds`]: each sorted ascending.
#[allow(dead_code)]
pub struct Paired {
    /// `a / b` of each round.
    pub ratios: Vec<f64>,
    /// Seconds per call of `a`, of `b`.
    pub a: Vec<f64>,
    pub b: Vec<f64>,
}

#[allow(dead_code)]
impl Paired {
    /// Min, median and max of the per-round ratio; median seconds per call of `a` and `b`.
    pub fn summary(&self) -> ([f64; 3], f64, f64) {
        let n = self.ratios.len();
        let mid = n / 2;
        (
            [self.ratios[0], self.ratios[mid], self.ratios[n - 1]],
            self.a[mid],
            self.b[mid],
        )
    }
}

/// Times `a` against `b` in alternating rounds (A B A B …), `k` calls of each per round, so
/// that the load of a shared machine, which drifts over seconds, moves both sides alike: the
/// ratio of each round is paired. `rounds` must be at least 1.
#[allow(dead_code)]
pub fn paired_rounds(rounds: usize, k: usize, a: &dyn Fn(), b: &dyn Fn()) -> Paired {
    use std::time::Instant;
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..k {
            f();
        }
        t.elapsed().as_secs_f64() / k as f64
    };
    let mut p = Paired {
        ratios: Vec::with_capacity(rounds),
        a: Vec::with_capacity(rounds),
        b: Vec::with_capacity(rounds),
    };
    for _ in 0..rounds {
        let (ta, tb) = (time(a), time(b));
        p.ratios.push(ta / tb);
        p.a.push(ta);
        p.b.push(tb);
    }
    for v in [&mut p.ratios, &mut p.a, &mut p.b] {
        v.sort_by(f64::total_cmp);
    }
    p
}
