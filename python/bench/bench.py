"""Timings of the Python package beside the Rust figures (benchmarks, not tests).

    python python/bench/bench.py [--data DIR] [--cli target/release/spreadtrade]

- ``spreadtrade.bond(...)`` per call (timeit), target <= 2 us;
- ``Session.prices`` for one contract's whole life (TYM24), target <= 1 ms;
- the 2s10s z-score sweep of ``cargo bench --bench sweep -- 2s10s`` (1,000 combinations,
  40 windows x 25 entries, 1990-2025) through ``Session.sweep`` on a warm session (compare
  with the criterion figure, run beside it), and the same sweep whole-process: ``python -c``
  (open the data, build the table, sweep) against ``spreadtrade sweep run.json`` (release).
  Target: Python within 10% of Rust.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

import spreadtrade

REPO = Path(__file__).resolve().parents[2]

# The grid of benches/sweep.rs `sweep/2s10s_zscore_1000`.
SWEEP = {
    "spread": "2×TU−1×TY",
    "strategy": {"kind": "zscore", "signal": "usd_2s10s", "window": 60, "entry": 1.5, "units": 10.0},
    "backtest": {"weighting": "dv01_neutral", "start": "1990-01-01", "end": "2025-12-31"},
    "sweep": {"windows": list(range(10, 206, 5)), "entries": [i / 10 for i in range(5, 30)]},
}


def best_of(f, repeat=7, number=1):
    return min(timeit.repeat(f, repeat=repeat, number=number)) / number


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=os.environ.get("SPREADTRADE_DATA", str(REPO / "../shared/data")))
    p.add_argument("--cli", default=str(REPO / "target/release/spreadtrade"))
    p.add_argument("--whole-process", type=int, default=3, help="repeats of the whole-process comparison (0: skip)")
    a = p.parse_args()
    data = Path(a.data).resolve()
    real = (data / "us_treasury_par_yield_curve_daily.csv").is_file()
    print(f"data: {'real, ' + str(data) if real else 'SYNTHETIC (no data folder)'}")

    n = 200_000
    t = min(timeit.repeat(lambda: spreadtrade.bond(4.125, "2034-05-15", "2024-05-15", yield_=4.0), number=n, repeat=5)) / n
    print(f"bond(yield_=...)            {t * 1e6:8.3f} us per call")
    t = min(timeit.repeat(lambda: spreadtrade.bond(4.125, "2034-05-15", "2024-05-15", price=99.5), number=n, repeat=5)) / n
    print(f"bond(price=...)             {t * 1e6:8.3f} us per call (yield solved)")

    s = spreadtrade.Session(str(data) if real else None)
    life = spreadtrade.contract("TYM24")
    first, last = life["first_trading_day"], life["last_trading_day"]
    rows = len(s.prices("TYM24", first, last))
    t = best_of(lambda: s.prices("TYM24", first, last), repeat=10)
    print(f"prices TYM24 {first}..{last} ({rows} days) {t * 1e3:8.3f} ms per call")
    t = best_of(lambda: s.prices("TUM24", "2024-01-02", "2024-06-28"), repeat=10)
    print(f"prices TUM24 2024H1         {t * 1e3:8.3f} ms per call")

    s.sweep(SWEEP)  # builds and caches the table
    times = timeit.repeat(lambda: s.sweep(SWEEP), repeat=7, number=1)
    print(f"sweep 1,000 runs (warm session): min {min(times) * 1e3:.1f} ms, median {statistics.median(times) * 1e3:.1f} ms")

    if a.whole_process and Path(a.cli).is_file():
        with tempfile.TemporaryDirectory() as tmp:
            cfg = dict(SWEEP, data=str(data)) if real else SWEEP
            run = Path(tmp) / "run.json"
            run.write_text(json.dumps(cfg))
            py = [sys.executable, "-c", f"import spreadtrade; spreadtrade.Session({str(data)!r} if {real} else None).sweep({str(run)!r})"]
            rust = [a.cli, "sweep", str(run), "--out", str(Path(tmp) / "out")]

            def wall(cmd):
                return timeit.timeit(lambda: subprocess.run(cmd, check=True, capture_output=True), number=1)

            pys, rs = [], []
            for _ in range(a.whole_process):  # interleaved: the same load on both
                rs.append(wall(rust))
                pys.append(wall(py))
            print(f"whole process, same sweep: Rust CLI min {min(rs):.2f} s, Python min {min(pys):.2f} s "
                  f"({(min(pys) / min(rs) - 1) * 100:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
