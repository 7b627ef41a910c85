//! Helpers shared by the integration tests: where the real market data lives.

use std::path::PathBuf;

/// The folder with the real market data: `$SPREADTRADE_DATA`, else `../shared/data` next to
/// the crate. `None` (after a loud message) where it is absent, so that `cargo test` passes on
/// a fresh clone. With `SPREADTRADE_REQUIRE_DATA` set (as `.ci/run` does) a missing folder
/// fails the test instead.
#[allow(dead_code)]
pub fn real_data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SPREADTRADE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("us_treasury_par_yield_curve_daily.csv").is_file() {
        Some(dir)
    } else if std::env::var_os("SPREADTRADE_REQUIRE_DATA").is_some() {
        panic!(
            "SPREADTRADE_REQUIRE_DATA is set but there is no market data at {}",
            dir.display()
        );
    } else {
        eprintln!(
            "\n*** SKIPPING real-data checks: no market data at {} (set SPREADTRADE_DATA) ***\n",
            dir.display()
        );
        None
    }
}

/// The folder with real futures prices to validate model prices against:
/// `$SPREADTRADE_VALIDATION`, else `../shared/validation` next to the crate. `None` (after a
/// loud message) where it is absent; with `SPREADTRADE_REQUIRE_DATA` set a missing folder fails
/// the test instead.
#[allow(dead_code)]
pub fn validation_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SPREADTRADE_VALIDATION")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/validation"));
    if dir.join("README.md").is_file() {
        Some(dir)
    } else if std::env::var_os("SPREADTRADE_REQUIRE_DATA").is_some() {
        panic!(
            "SPREADTRADE_REQUIRE_DATA is set but there is no validation data at {}",
            dir.display()
        );
    } else {
        eprintln!(
            "\n*** SKIPPING real-futures validation: no data at {} (set SPREADTRADE_VALIDATION) ***\n",
            dir.display()
        );
        None
    }
}
