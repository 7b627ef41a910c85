"""examples/python/dask_sweep.py: the shards as Dask tasks on a LocalCluster give exactly the
rows of one-process `session.sweep` (a smaller grid than the example's 10,000 runs)."""

from __future__ import annotations

import importlib
import os
import sys

import pandas as pd
import pytest

from conftest import REPO

pytest.importorskip("dask.distributed")


def example():
    """The example as a module the Dask workers (separate processes) can import too."""
    folder = str(REPO / "examples" / "python")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if folder not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([folder, *paths])
    return importlib.import_module("dask_sweep")


def check(mod, data, windows, entries, shards):
    g = mod.grid(windows, entries)
    cfg = mod.config(g["windows"], g["entries"])
    distributed = mod.distributed_sweep(data, cfg, shards, workers=2)
    assert len(distributed) == windows * entries
    one = mod.session(data).sweep(cfg)
    pd.testing.assert_frame_equal(distributed, one, check_exact=True)
    return distributed


def test_dask_sweep_on_synthetic_data_is_the_one_process_sweep():
    mod = example()
    rows = check(mod, None, 4, 3, 5)
    assert rows["window"].tolist()[:3] == [10, 10, 10]


def test_dask_sweep_on_real_data_is_the_one_process_sweep(real_dir):
    mod = example()
    rows = check(mod, str(real_dir), 5, 4, 6)
    assert rows["start"].min().year <= 1991


def test_dask_sweep_main_checks_itself(capsys):
    mod = example()
    assert mod.main(["--data", "synthetic", "--windows", "3", "--entries", "2", "--shards", "4", "--check"]) == 0
    out = capsys.readouterr().out
    assert "identical to one-process session.sweep" in out and "6 runs in 4 Dask tasks on SYNTHETIC data" in out
