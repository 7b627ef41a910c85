//! Writes the synthetic market-data fixtures (`fixtures/synthetic/`) and their `MANIFEST.json`.
//!
//! ```sh
//! cargo run --example make_fixtures -- --out fixtures/synthetic [--seed 20180102]
//! ```
//!
//! Every file it writes is **synthetic**: made by the model documented in
//! `spreadtrade::data::generate_synthetic`, not market data. The test suite regenerates the
//! files in memory and checks that the committed ones are identical byte for byte, so run this
//! after changing the generator and commit the result.

use spreadtrade::data::{SyntheticConfig, generate_synthetic};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from("fixtures/synthetic");
    let mut config = SyntheticConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().ok_or("--out needs a folder")?.into(),
            "--seed" => {
                config = config.with_seed(args.next().ok_or("--seed needs a number")?.parse()?)
            }
            other => {
                return Err(
                    format!("unknown argument {other:?}: expected --out DIR or --seed N").into(),
                );
            }
        }
    }
    let data = generate_synthetic(&config)?;
    std::fs::create_dir_all(&out)?;
    for file in &data.files {
        std::fs::write(out.join(file.name), &file.contents)?;
        println!(
            "{:<48} {:>6} rows {:>8} bytes",
            file.name,
            file.rows,
            file.contents.len()
        );
    }
    std::fs::write(out.join("MANIFEST.json"), &data.manifest)?;
    println!(
        "SYNTHETIC data (seed {}) written to {}",
        config.seed(),
        out.display()
    );
    Ok(())
}
