"""Session on the embedded SYNTHETIC fixtures: labelling, curve, prices, backtest, sweep --
each compared with the command line's output for the same input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import spreadtrade
from spreadtrade import SpreadtradeError

from conftest import SWEEP_TOML, ZSCORE, ZSCORE_TOML


def test_synthetic_session_says_so(synthetic):
    assert synthetic.data_label == "SYNTHETIC"
    assert synthetic.origin["synthetic"] is True
    assert "SYNTHETIC" in synthetic.origin["description"]
    assert "SYNTHETIC" in repr(synthetic)
    assert synthetic.data is None
    df = synthetic.prices("TUM24", "2024-01-02", "2024-03-01")
    assert df.attrs["synthetic"] is True and "SYNTHETIC" in df.attrs["data"]


def test_curve_matches_the_command_line(synthetic, cli):
    df = synthetic.curve(dt.date(2024, 3, 15))
    assert list(df.columns) == ["tenor", "years", "par_yield", "zero_rate", "discount_factor"]
    assert df["years"].is_monotonic_increasing
    assert (df["discount_factor"].dropna() <= 1.0).all()
    doc = synthetic.curve_json("2024-03-15")
    assert df["par_yield"].tolist() == [p["yield"] for p in doc["par"]]
    positive = df[df["years"] > 0]
    assert positive["zero_rate"].tolist() == [z["zero_rate"] for z in doc["zero"]]
    if cli:
        assert doc == cli.json(["curve", "--date", "2024-03-15"])
    with pytest.raises(SpreadtradeError, match="unknown currency|GBP"):
        synthetic.curve("2024-03-15", "GBP")


def test_prices_are_the_command_lines_rows(synthetic, cli):
    df = synthetic.prices("TYM24", dt.date(2024, 1, 2), "2024-06-28")
    assert list(df.columns) == ["date", "price", "dv01", "ctd", "conversion_factor", "traded", "source"]
    assert df["date"].is_monotonic_increasing and len(df) > 100
    assert df["price"].dtype == np.float64 and df["traded"].dtype == np.bool_
    assert set(df["source"]) == {"curve-implied"}
    if cli:
        rows = cli.json(["prices", "TYM24", "--from", "2024-01-02", "--to", "2024-06-28"])["rows"]
        assert len(rows) == len(df)
        assert df["date"].dt.strftime("%Y-%m-%d").tolist() == [r["date"] for r in rows]
        assert df["price"].tolist() == [r["price"] for r in rows]
        assert df["dv01"].tolist() == [r["dv01"] for r in rows]
        assert df["ctd"].tolist() == [r["ctd"] for r in rows]
        assert df["conversion_factor"].tolist() == [r["conversion_factor"] for r in rows]
        assert df["traded"].tolist() == [r["traded"] for r in rows]
        assert df["source"].tolist() == [r["source"] for r in rows]


def test_prices_errors(synthetic, cli):
    with pytest.raises(SpreadtradeError) as e:
        synthetic.prices("TYM24", "2024-06-28", "2024-01-02")
    assert str(e.value) == "expected --from on or before --to, found 2024-06-28 after 2024-01-02"
    if cli:
        assert str(e.value) == cli.error(["prices", "TYM24", "--from", "2024-06-28", "--to", "2024-01-02"])


def test_backtest_from_a_dict_equals_the_run_file_and_the_command_line(synthetic, cli, tmp_path):
    run = tmp_path / "run.toml"
    run.write_text(ZSCORE_TOML)
    a = synthetic.backtest(ZSCORE)
    b = synthetic.backtest(run)
    assert a.summary == b.summary
    assert a.data_label == "SYNTHETIC"
    assert a.summary["trades"] > 0
    pd.testing.assert_frame_equal(a.ledger, b.ledger)
    pd.testing.assert_frame_equal(a.trades, b.trades)
    ledger = a.ledger
    assert ledger.columns[:6].tolist() == ["date", "pnl", "costs", "equity", "dv01", "margin"]
    assert "leg2_dv01" in ledger.columns
    assert ledger["equity"].iloc[-1] == pytest.approx(a.summary["final_equity"], abs=1e-6)
    files = a.write(tmp_path / "py")
    names = sorted(Path(f).name for f in files)
    assert names == sorted(["summary.json", "ledger.csv", "ledger.json", "trades.csv", "trades.json", "equity.svg"])
    # The DataFrames are the written CSV files' columns and values.
    csv = pd.read_csv(tmp_path / "py" / "ledger.csv", parse_dates=["date"])
    pd.testing.assert_frame_equal(csv, ledger, check_dtype=False, check_exact=True)
    tcsv = pd.read_csv(tmp_path / "py" / "trades.csv", parse_dates=["date"])
    pd.testing.assert_frame_equal(tcsv, a.trades, check_dtype=False, check_exact=True)
    summary = json.loads((tmp_path / "py" / "summary.json").read_text())
    assert summary["summary"] == a.summary and summary["data"]["synthetic"] is True
    if cli:
        out = cli.json(["backtest", str(run), "--out", str(tmp_path / "cli")])
        assert out["summary"] == a.summary
        for name in ["summary.json", "ledger.csv", "ledger.json", "trades.csv", "trades.json"]:
            assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_backtest_errors_name_the_key(synthetic, cli, tmp_path):
    bad = dict(ZSCORE, strategy=dict(ZSCORE["strategy"], windw=3))
    with pytest.raises(SpreadtradeError) as e:
        synthetic.backtest(bad)
    assert "strategy.windw: unknown field `windw`" in str(e.value)
    assert str(e.value).startswith("<dict>: ")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(SpreadtradeError) as f:
        synthetic.backtest(path)
    assert str(f.value) == str(e.value).replace("<dict>", str(path))
    if cli:
        assert str(f.value) == cli.error(["backtest", str(path), "--out", str(tmp_path / "o")])
    with pytest.raises(SpreadtradeError, match="expected a run-file path or a dict"):
        synthetic.backtest(42)
    with pytest.raises(SpreadtradeError, match="invalid value for data"):
        synthetic.backtest(dict(ZSCORE, data="/nonexistent"))


def test_sweep_rows_are_the_command_lines_and_shards_join_to_the_whole(synthetic, cli, tmp_path):
    run = tmp_path / "sweep.toml"
    run.write_text(SWEEP_TOML)
    whole = synthetic.sweep(run)
    assert len(whole) == 9
    assert whole.columns[:3].tolist() == ["index", "window", "entry"]
    assert {"sharpe", "total_pnl", "max_drawdown", "trades", "start", "end"} <= set(whole.columns)
    assert whole["index"].tolist() == list(range(9))
    assert whole["window"].tolist() == [20, 20, 20, 60, 60, 60, 120, 120, 120]
    assert whole.attrs["manifest"]["grid_runs"] == 9 and whole.attrs["synthetic"] is True
    parts = [synthetic.sweep(run, shard=(i, 4)) for i in range(1, 5)]
    assert [p.attrs["manifest"]["first_run"] for p in parts] == [0, 2, 4, 6]
    joined = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole, check_exact=True)
    # The sweep's run with the z-score file's own parameters is that file's backtest.
    single = synthetic.backtest(ZSCORE)
    row = whole[(whole["window"] == 60) & (whole["entry"] == 1.5)].iloc[0]
    assert row["total_pnl"] == single.summary["total_pnl"]
    if cli:
        cli.run(["sweep", str(run), "--out", str(tmp_path / "cli")]).check_returncode()
        rows = json.loads((tmp_path / "cli" / "sweep.json").read_text())["runs"]
        assert [r["total_pnl"] for r in rows] == whole["total_pnl"].tolist()
        assert [r["sharpe"] for r in rows] == whole["sharpe"].tolist()
        assert [r["params"]["window"] for r in rows] == whole["window"].tolist()


@pytest.mark.parametrize("shard,cli_shard", [((0, 4), "0/4"), ((5, 4), "5/4"), ((1, 0), "1/0")])
def test_bad_shards_have_the_command_lines_message(synthetic, cli, tmp_path, shard, cli_shard):
    run = tmp_path / "sweep.toml"
    run.write_text(SWEEP_TOML)
    with pytest.raises(SpreadtradeError) as e:
        synthetic.sweep(run, shard=shard)
    assert "1 <= I <= N" in str(e.value)
    if cli:
        assert str(e.value) == cli.error(["sweep", str(run), "--shard", cli_shard, "--out", str(tmp_path / "o")])
    with pytest.raises(SpreadtradeError, match="expected a pair"):
        synthetic.sweep(run, shard=3)


def test_sweep_without_a_grid_says_so(synthetic):
    with pytest.raises(SpreadtradeError, match="expected a \\[sweep\\] table"):
        synthetic.sweep(ZSCORE)


def test_a_backtest_with_a_grid_is_its_best_run(synthetic, tmp_path):
    cfg = dict(ZSCORE, sweep={"windows": [20, 60], "entries": [1.0, 2.0]})
    r = synthetic.backtest(cfg)
    assert r.best is not None and r.best["trials"] == 4
    files = [Path(f).relative_to(tmp_path).as_posix() for f in r.write(tmp_path)]
    assert "sweep.csv" in files and "best/summary.json" in files


def test_shared_sessions_are_opened_once_per_process():
    a = spreadtrade.Session.shared()
    assert spreadtrade.Session.shared(None) is a and a.data_label == "SYNTHETIC"
