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
