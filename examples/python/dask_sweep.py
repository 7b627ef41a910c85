"""A 10,000-combination 2s10s z-score sweep over 35 years of real data, spread over a Dask
cluster: the grid is split into shards (``Session.sweep(config, shard=(i, n))``, the blocks of
``spreadtrade sweep --shard I/N``), each shard one ``dask.distributed`` task, and the shards'
rows joined in grid order -- the same rows as one ``session.sweep(config)`` in one process.

    python examples/python/dask_sweep.py                      # LocalCluster, ../shared/data
    python examples/python/dask_sweep.py --scheduler tcp://HOST:8786 --data /data/spreadtrade
    python examples/python/dask_sweep.py --check              # also one-process, and compare

The strategy is the DV01-neutral 2s10s steepener ``2×TU−1×TY`` on the front contracts (rolled
each quarter), trading the z-score of the USD 2s10s par-yield slope: 100 look-back windows
(10 to 505 business days) × 100 entry thresholds (0.50 to 2.975 standard deviations). Each
worker opens the data once (one ``Session`` per worker process, kept between its tasks).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

import spreadtrade

REPO = Path(__file__).resolve().parents[2]

def grid(windows: int = 100, entries: int = 100) -> Dict[str, List[Any]]:
    """``windows`` look-backs from 10 business days in steps of 5, ``entries`` thresholds
    from 0.5 standard deviations in steps of 0.025."""
    return {
        "windows": [10 + 5 * i for i in range(windows)],
        "entries": [round(0.5 + 0.025 * i, 3) for i in range(entries)],
    }


def config(windows: Sequence[int], entries: Sequence[float]) -> Dict[str, Any]:
    """The run file (as a dict) of the 2s10s z-score sweep."""
    return {
        "spread": "2×TU−1×TY",
        "strategy": {"kind": "zscore", "signal": "usd_2s10s", "window": 60, "entry": 1.5},
        "backtest": {"weighting": "dv01_neutral", "costs": {"slippage_ticks": 0.25}},
        "sweep": {"windows": list(windows), "entries": list(entries)},
    }


def session(data: Optional[str]) -> "spreadtrade.Session":
    """This process's session on ``data`` (None = the embedded SYNTHETIC fixtures), opened
    once per worker process and kept between its tasks (``Session.shared``)."""
    return spreadtrade.Session.shared(data)


def run_shard(data: Optional[str], cfg: Dict[str, Any], i: int, n: int) -> pd.DataFrame:
    """One Dask task: shard ``i`` of ``n`` (from 1) of the sweep."""
    return session(data).sweep(cfg, shard=(i, n))


def distributed_sweep(
    data: Optional[str],
    cfg: Dict[str, Any],
    shards: int,
    scheduler: Optional[str] = None,
    workers: int = 2,
    threads_per_worker: int = 1,
) -> pd.DataFrame:
    """The sweep as ``shards`` Dask tasks on the cluster at ``scheduler`` (default: a
    ``LocalCluster`` of ``workers`` processes), joined in grid order."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = [client.submit(run_shard, data, cfg, i, shards, pure=False) for i in range(1, shards + 1)]
        parts = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return join(parts)


def join(parts: List[pd.DataFrame]) -> pd.DataFrame:
    """The shards' rows in grid order, indexed from 0 like one unsharded sweep."""
    out = pd.concat(parts, ignore_index=True).sort_values("index", kind="stable")
    return out.reset_index(drop=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.environ.get("SPREADTRADE_DATA", str(REPO / "../shared/data")),
                   help="data folder (default: $SPREADTRADE_DATA or ../shared/data); 'synthetic' for the embedded fixtures")
    p.add_argument("--scheduler", default=None, help="a Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument("--shards", type=int, default=20, help="tasks the grid is split into (default 20)")
    p.add_argument("--windows", type=int, default=100, help="number of look-back windows (default 100)")
    p.add_argument("--entries", type=int, default=100, help="number of entry thresholds (default 100)")
    p.add_argument("--check", action="store_true", help="also run it in one process and check the rows are identical")
    args = p.parse_args(argv)
    data = None if args.data == "synthetic" else str(Path(args.data).resolve())
    if data is not None and not (Path(data) / "us_treasury_par_yield_curve_daily.csv").is_file():
        print(f"no market data at {data} (give --data DIR, or --data synthetic)", file=sys.stderr)
        return 2
    g = grid(args.windows, args.entries)
    cfg = config(g["windows"], g["entries"])
    t = time.perf_counter()
    rows = distributed_sweep(data, cfg, args.shards, args.scheduler, args.workers)
    took = time.perf_counter() - t
    label = "SYNTHETIC data" if data is None else f"real data from {data}"
    best = rows.loc[rows["sharpe"].idxmax()]
    print(f"{len(rows)} runs in {args.shards} Dask tasks on {label}: {took:.1f} s")
    print(f"best by Sharpe: window {best['window']}, entry {best['entry']}: Sharpe {best['sharpe']:.3f}, "
          f"P&L {best['total_pnl']:,.0f} USD over {best['start'].date()}..{best['end'].date()}")
    if args.check:
        t = time.perf_counter()
        one = spreadtrade.Session(data).sweep(cfg)
        print(f"one process: {time.perf_counter() - t:.1f} s")
        pd.testing.assert_frame_equal(rows, one, check_exact=True)
        print("identical to one-process session.sweep")
    return 0


if __name__ == "__main__":
    sys.exit(main())
