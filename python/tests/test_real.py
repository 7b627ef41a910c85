"""The real data folder ($SPREADTRADE_DATA, default ../shared/data): labelled real, prices and
a sweep as the command line gives them. Skipped loudly without the data; failing instead when
SPREADTRADE_REQUIRE_DATA is set."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ZSCORE


def test_real_session_says_real(real, real_dir):
    assert real.data_label == "real"
    assert real.origin["synthetic"] is False
    assert real.data == str(real_dir)
    df = real.curve("2024-03-15")
    assert df.attrs["synthetic"] is False
    # The published par yields of the day, read straight from the data file (U.S. Treasury
    # daily par yield curve rates, treasury.gov): the library shows them as published.
    raw = pd.read_csv(real_dir / "us_treasury_par_yield_curve_daily.csv", index_col="date")
    day = raw.loc["2024-03-15"]
    for tenor, column in [("2Y", "y2"), ("10Y", "y10"), ("30Y", "y30")]:
        assert df.loc[df["tenor"] == tenor, "par_yield"].iloc[0] == day[column], tenor


def test_real_prices_match_the_command_line(real, real_dir, cli):
    df = real.prices("TYM24", "2024-01-02", "2024-06-20")
    assert len(df) > 100 and df["price"].between(100, 120).all()
    if cli:
        doc = cli.json(["prices", "TYM24", "--from", "2024-01-02", "--to", "2024-06-20", "--data", str(real_dir)])
        assert doc["data"]["synthetic"] is False
        assert df["price"].tolist() == [r["price"] for r in doc["rows"]]
        assert df["ctd"].tolist() == [r["ctd"] for r in doc["rows"]]


def test_real_sweep_matches_the_command_line_and_its_shards(real, real_dir, cli, tmp_path):
    cfg = dict(ZSCORE, data=str(real_dir), sweep={"windows": [60, 250], "entries": [1.0, 2.0]})
    whole = real.sweep(cfg)
    assert len(whole) == 4 and whole.attrs["synthetic"] is False
    # 35 years: the 2s10s history starts in 1990.
    assert whole["start"].min().year <= 1991 and whole["end"].max().year >= 2024
    joined = pd.concat([real.sweep(cfg, shard=(i, 3)) for i in (1, 2, 3)], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole, check_exact=True)
    if cli:
        run = tmp_path / "run.json"
        run.write_text(json.dumps(cfg))
        cli.run(["sweep", str(run), "--out", str(tmp_path / "cli")]).check_returncode()
        rows = json.loads((tmp_path / "cli" / "sweep.json").read_text())["runs"]
        assert [r["total_pnl"] for r in rows] == whole["total_pnl"].tolist()
