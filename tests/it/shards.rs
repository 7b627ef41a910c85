//! Sharded sweeps from the command line (issue 11, item 5): `spreadtrade sweep --shard I/N`
//! as separate processes, `spreadtrade merge` byte-identical to the unsharded sweep, `--shard
//! auto` from Slurm and Kubernetes variables, and merge errors that name what is wrong.

use crate::cli::{fails_with, spreadtrade};
use std::path::{Path, PathBuf};
use std::process::Command;

const RUN: &str = r#"
spread = "2×TU−1×TY"
[strategy]
kind = "zscore"
signal = "usd_2s10s"
window = 60
entry = 1.5
[backtest]
weighting = "dv01_neutral"
[backtest.costs]
slippage_ticks = 0.25
[sweep]
windows = [20, 60, 120]
entries = [1.0, 1.5, 2.0]
shards = 4
"#;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spreadtrade-shards-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The sweep command without any scheduler variable of the test's own environment.
fn sweep_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_spreadtrade"));
    c.arg("sweep").args(args);
    for k in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_COUNT",
        "JOB_COMPLETION_INDEX",
    ] {
        c.env_remove(k);
    }
    c
}

fn ok(args: &[&str]) {
    let out = spreadtrade(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn same_bytes(a: &Path, b: &Path) {
    for f in ["sweep.csv", "sweep.json"] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(
            x == y,
            "{f}: {} and {} differ",
            a.join(f).display(),
            b.join(f).display()
        );
    }
}

#[test]
fn four_shards_in_four_processes_merge_into_the_unsharded_sweep_byte_for_byte() {
    let d = dir("four");
    let run = d.join("run.toml");
    std::fs::write(&run, RUN).unwrap();
    // The whole grid in one process.
    let whole = d.join("whole");
    let out = sweep_cmd(&[s(&run), "--out", s(&whole)]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("SYNTHETIC"));
    // Four shards, four processes running at the same time.
    let children: Vec<_> = (0..4)
        .map(|i| {
            sweep_cmd(&[
                s(&run),
                "--shard",
                &format!("{}/4", i + 1),
                "--out",
                s(&d.join(format!("shard-{i}"))),
                "--json",
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut blocks = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["grid_runs"], 9);
        blocks.push((
            v["first_run"].as_u64().unwrap(),
            v["end_run"].as_u64().unwrap(),
        ));
    }
    // Contiguous blocks covering 0..9: [0,2) [2,4) [4,6) [6,9).
    assert_eq!(blocks, vec![(0, 2), (2, 4), (4, 6), (6, 9)]);
    // Merged from folders given in any order.
    let merged = d.join("merged");
    ok(&[
        "merge",
        s(&d.join("shard-2")),
        s(&d.join("shard-0")),
        s(&d.join("shard-3")),
        s(&d.join("shard-1")),
        "--out",
        s(&merged),
    ]);
    same_bytes(&whole, &merged);
    // And equal to the sweep files `spreadtrade backtest` writes for the same run file.
    let backtest = d.join("backtest");
    ok(&["backtest", s(&run), "--out", s(&backtest)]);
    same_bytes(&backtest, &merged);
    let csv = std::fs::read_to_string(merged.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 10);
    // The merged folder is itself a whole grid: it merges alone into the same bytes.
    let again = d.join("again");
    ok(&["merge", s(&merged), "--out", s(&again)]);
    same_bytes(&whole, &again);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn shard_auto_reads_slurm_and_kubernetes_variables() {
    let d = dir("auto");
    let run = d.join("run.toml");
    std::fs::write(&run, RUN).unwrap();
    let json = |c: &mut Command| -> serde_json::Value {
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Slurm, an array numbered 1-3: task 2 is shard 1 of 3.
    let v = json(
        sweep_cmd(&[
            s(&run),
            "--shard",
            "auto",
            "--out",
            s(&d.join("slurm")),
            "--json",
        ])
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3"),
    );
    assert_eq!(v["shard"], serde_json::json!("2/3"));
    assert_eq!(
        (v["first_run"].as_u64(), v["end_run"].as_u64()),
        (Some(3), Some(6))
    );
    // Kubernetes: the index from JOB_COMPLETION_INDEX, N from the run file (shards = 4)...
    let v = json(
        sweep_cmd(&[
            s(&run),
            "--shard",
            "auto",
            "--out",
            s(&d.join("k8s")),
            "--json",
        ])
        .env("JOB_COMPLETION_INDEX", "3"),
    );
    assert_eq!(v["shard"], serde_json::json!("4/4"));
    // ... or from --shards.
    let v = json(
        sweep_cmd(&[
            s(&run),
            "--shard",
            "auto",
            "--shards",
            "9",
            "--out",
            s(&d.join("k8s9")),
            "--json",
        ])
        .env("JOB_COMPLETION_INDEX", "8"),
    );
    assert_eq!(
        (v["first_run"].as_u64(), v["end_run"].as_u64()),
        (Some(8), Some(9))
    );
    // Without a scheduler: one line saying what was expected.
    let out = sweep_cmd(&[s(&run), "--shard", "auto", "--out", s(&d.join("none"))])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SLURM_ARRAY_TASK_ID") && err.contains("JOB_COMPLETION_INDEX"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn merge_names_missing_repeated_and_foreign_shards() {
    let d = dir("errors");
    let run = d.join("run.toml");
    std::fs::write(&run, RUN).unwrap();
    for i in 0..3 {
        ok(&[
            "sweep",
            s(&run),
            "--shard",
            &format!("{}/3", i + 1),
            "--out",
            s(&d.join(format!("s{i}"))),
        ]);
    }
    let (s0, s1, s2) = (d.join("s0"), d.join("s1"), d.join("s2"));
    let out = d.join("out");
    // A missing shard.
    fails_with(
        &["merge", s(&s0), s(&s2), "--out", s(&out)],
        "missing shard 2/3",
    );
    // The same shard twice (overlapping blocks).
    fails_with(
        &["merge", s(&s0), s(&s1), s(&s1), s(&s2), "--out", s(&out)],
        "shard 2/3 is given twice",
    );
    // A shard of another grid (other entries), and of another split.
    let other = d.join("other.toml");
    std::fs::write(&other, RUN.replace("[1.0, 1.5, 2.0]", "[1.0, 1.5, 2.5]")).unwrap();
    ok(&[
        "sweep",
        s(&other),
        "--shard",
        "2/3",
        "--out",
        s(&d.join("o1")),
    ]);
    fails_with(
        &["merge", s(&s0), s(&d.join("o1")), s(&s2), "--out", s(&out)],
        "is a different grid",
    );
    ok(&[
        "sweep",
        s(&run),
        "--shard",
        "2/4",
        "--out",
        s(&d.join("q1")),
    ]);
    fails_with(
        &["merge", s(&s0), s(&d.join("q1")), s(&s2), "--out", s(&out)],
        "is a shard of 4 but",
    );
    // A folder whose rows are not its block.
    let json = std::fs::read_to_string(s1.join("sweep.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["runs"].as_array_mut().unwrap().pop();
    std::fs::write(s1.join("sweep.json"), serde_json::to_string(&v).unwrap()).unwrap();
    fails_with(
        &["merge", s(&s0), s(&s1), s(&s2), "--out", s(&out)],
        "expected runs 3..6 of 9",
    );
    // A folder that is not a shard.
    fails_with(
        &["merge", s(&s0), s(&d), s(&s2), "--out", s(&out)],
        "shard.json",
    );
    // Bad --shard text.
    fails_with(
        &["sweep", s(&run), "--shard", "4/3", "--out", s(&out)],
        "1 <= I <= N",
    );
    fails_with(
        &["sweep", s(&run), "--shard", "1of3", "--out", s(&out)],
        "expected I/N",
    );
    assert!(!out.exists(), "nothing written on an error");
    let _ = std::fs::remove_dir_all(&d);
}
