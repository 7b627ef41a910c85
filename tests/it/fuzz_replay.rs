//! Replays the committed fuzz corpora on the stable toolchain: every file of
//! `fuzz/corpus/<target>/` goes through the very function the cargo-fuzz target calls
//! (`fuzz/common/mod.rs`), so CI checks every input the campaigns kept (and every crash they
//! found, kept as a named case) without nightly. A target without a corpus folder fails.
//! How to run the campaigns themselves: `docs/RELIABILITY.md`.

#[path = "../../fuzz/common/mod.rs"]
mod fuzz_common;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// Runs every file of one target's corpus; panics name the file.
fn replay(target: &str) -> usize {
    let (_, run) = fuzz_common::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz target {target}"));
    let dir = corpus(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "fuzz target {target} has no corpus at {}: {e}",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus of {target} is empty");
    for file in &files {
        let data = std::fs::read(file).expect("a readable corpus file");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(
            outcome.is_ok(),
            "fuzz target {target} fails on {}",
            file.display()
        );
    }
    files.len()
}

#[test]
fn every_target_has_a_corpus() {
    for (target, _) in fuzz_common::TARGETS {
        assert!(
            corpus(target).is_dir(),
            "fuzz target {target} has no corpus folder fuzz/corpus/{target}"
        );
    }
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert!(replay(stringify!($name)) > 0);
            }
        )*
    };
}

replay_tests!(
    expr,
    contract_code,
    price32,
    curve,
    series,
    settlements,
    realprices,
    securities,
    events,
    runfile,
    engine,
);
