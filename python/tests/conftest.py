"""Shared fixtures: the command-line binary to compare with, the data folder, sessions.

Real-data tests read ``$SPREADTRADE_DATA`` (default ``../shared/data`` beside the repository),
skip loudly when it is absent, and fail instead when ``SPREADTRADE_REQUIRE_DATA`` is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import List, Optional

import pytest

import spreadtrade

REPO = Path(__file__).resolve().parents[2]
TREASURY = "us_treasury_par_yield_curve_daily.csv"


def data_dir() -> Optional[Path]:
    """The real data folder, or None (after saying so, or failing under REQUIRE_DATA)."""
    d = Path(os.environ.get("SPREADTRADE_DATA", REPO / ".." / "shared" / "data")).resolve()
    if (d / TREASURY).is_file():
        return d
    msg = f"no real market data at {d} (set SPREADTRADE_DATA)"
    if os.environ.get("SPREADTRADE_REQUIRE_DATA"):
        pytest.fail(f"{msg}; SPREADTRADE_REQUIRE_DATA is set, so this is a failure", pytrace=False)
    print(f"SKIPPING real-data test: {msg}", file=sys.stderr)
    warnings.warn(msg)
    pytest.skip(msg)
    return None


def cli_path() -> Optional[Path]:
    """The `spreadtrade` binary: $SPREADTRADE_CLI, else target/debug or target/release."""
    env = os.environ.get("SPREADTRADE_CLI")
    if env:
        return Path(env)
    for profile in ("debug", "release"):
        p = REPO / "target" / profile / "spreadtrade"
        if p.is_file():
            return p
    return None


class Cli:
    """Runs the command line and returns its JSON or its one-line error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, args: List[str], cwd: Optional[Path] = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.path), *args], capture_output=True, text=True, cwd=cwd)

    def json(self, args: List[str], cwd: Optional[Path] = None):
        r = self.run([*args, "--json"], cwd)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    def error(self, args: List[str], cwd: Optional[Path] = None) -> str:
        r = self.run(args, cwd)
        assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
        line = r.stderr.strip()
        assert "\n" not in line, line
        assert line.startswith("error: "), line
        return line[len("error: "):]


@pytest.fixture(scope="session")
def cli() -> Optional[Cli]:
    """The command line, or None when it is not built (tests then compare with the messages
    documented in the library's source)."""
    p = cli_path()
    if p is None:
        print("no spreadtrade binary (cargo build): comparing with the documented messages", file=sys.stderr)
        return None
    return Cli(p)


@pytest.fixture(scope="session")
def synthetic() -> spreadtrade.Session:
    return spreadtrade.Session()


@pytest.fixture(scope="session")
def real_dir() -> Path:
    d = data_dir()
    assert d is not None
    return d


@pytest.fixture(scope="session")
def real(real_dir: Path) -> spreadtrade.Session:
    return spreadtrade.Session(real_dir)


# The 2s10s z-score run of the repository's shard tests (tests/it/shards.rs), as a dict.
ZSCORE = {
    "spread": "2×TU−1×TY",
    "strategy": {"kind": "zscore", "signal": "usd_2s10s", "window": 60, "entry": 1.5},
    "backtest": {"weighting": "dv01_neutral", "costs": {"slippage_ticks": 0.25}},
}
ZSCORE_TOML = """spread = "2×TU−1×TY"
[strategy]
kind = "zscore"
signal = "usd_2s10s"
window = 60
entry = 1.5
[backtest]
weighting = "dv01_neutral"
[backtest.costs]
slippage_ticks = 0.25
"""
SWEEP_TOML = ZSCORE_TOML + """[sweep]
windows = [20, 60, 120]
entries = [1.0, 1.5, 2.0]
"""
