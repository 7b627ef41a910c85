"""spreadtrade: backtesting fixed-income futures spread trades, from Python.

The numbers come from the Rust library ``spreadtrade`` (compiled into
``spreadtrade._spreadtrade``); this module turns them into dicts and pandas DataFrames.

Functions (the same keys and values as the command line's ``--json``):

- :func:`parse` -- a spread expression's canonical form and legs;
- :func:`contract` -- a contract's specification and exchange dates;
- :func:`cf` -- a bond's conversion factor into a futures contract;
- :func:`bond` -- a bond's price, yield, accrued, durations, convexity and DV01.

:class:`Session` holds a data folder (or the embedded SYNTHETIC fixtures, and says so) and
gives curves, curve-implied futures prices, backtests and sweeps.

Errors raise :class:`SpreadtradeError` (a ``ValueError``) with the one-line message the
``spreadtrade`` command prints after ``error:``.

Dates are ``datetime.date`` objects or ISO ``YYYY-MM-DD`` strings; coupons and yields are in
percent (``4.125`` for 4.125%), prices per 100 face.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Dict, List, Optional, Tuple, Union

import pandas as pd

from . import _spreadtrade
from ._frames import frame
from ._spreadtrade import SpreadtradeError, bond, cf, contract, parse

__all__ = [
    "BacktestResult",
    "Session",
    "SpreadtradeError",
    "bond",
    "cf",
    "cf_detail",
    "contract",
    "parse",
]
__version__ = _spreadtrade.__version__

cf_detail = _spreadtrade.cf_detail

Config = Union[str, "os.PathLike[str]", Dict[str, Any]]


def _config(config: Config) -> Tuple[str, bool]:
    """A run file's path, or a dict as run-file JSON text (read by the run-file JSON reader)."""
    if isinstance(config, dict):
        return json.dumps(config, default=_json_default), False
    if isinstance(config, (str, os.PathLike)):
        return os.fspath(config), True
    raise SpreadtradeError(
        f"expected a run-file path or a dict with the run file's keys, found {type(config).__name__}"
    )


def _json_default(value: Any) -> Any:
    # datetime.date (and pandas Timestamp) in a config dict: the run file's ISO text.
    iso = getattr(value, "isoformat", None)
    if iso is not None:
        return iso()
    raise TypeError(f"{type(value).__name__} is not a run-file value")


class BacktestResult:
    """A finished backtest: :attr:`summary`, :attr:`ledger`, :attr:`trades`, :meth:`write`.

    For a run file with a ``[sweep]`` grid this is the best run by Sharpe ratio (re-run once
    with its ledger), as ``spreadtrade backtest`` reports it, with :attr:`best` set.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._ledger: Optional[pd.DataFrame] = None
        self._trades: Optional[pd.DataFrame] = None
        #: The headline figures (the ``summary`` of ``summary.json``).
        self.summary: Dict[str, Any] = raw.summary()
        #: The book, e.g. ``2×TU−1×TY``.
        self.book: str = raw.book()
        #: Where the data came from: ``{"synthetic": bool, "description": str}``.
        self.origin: Dict[str, Any] = raw.origin()
        #: For a sweep: the best run with its deflated Sharpe ratio; else None.
        self.best: Optional[Dict[str, Any]] = raw.best()

    @property
    def data_label(self) -> str:
        """``"SYNTHETIC"`` for the embedded fixtures, ``"real"`` for a data folder."""
        return "SYNTHETIC" if self.origin["synthetic"] else "real"

    def _attrs(self) -> Dict[str, Any]:
        return {"data": self.origin["description"], "synthetic": self.origin["synthetic"]}

    @property
    def ledger(self) -> pd.DataFrame:
        """The daily ledger: the columns of ``ledger.csv`` (``date, pnl, costs, equity, dv01,
        margin``, ``pnl_<CCY>``, ``cash_<CCY>``, then per leg ``legN_instrument,
        legN_contracts, legN_price, legN_pnl, legN_dv01``)."""
        if self._ledger is None:
            self._ledger = frame(self._raw.ledger(), self._attrs())
        return self._ledger

    @property
    def trades(self) -> pd.DataFrame:
        """The blotter: the columns of ``trades.csv`` (``date, leg, instrument, quantity,
        market_price, fill_price, commission, slippage, currency, reason``)."""
        if self._trades is None:
            self._trades = frame(self._raw.trades(), self._attrs())
        return self._trades

    def write(self, dir: Union[str, "os.PathLike[str]"]) -> List[str]:
        """Writes the files ``spreadtrade backtest`` writes into ``dir`` (created if needed):
        ``summary.json``, ``ledger.csv``/``.json``, ``trades.csv``/``.json``, ``equity.svg``
        (and for a sweep ``sweep.csv``, ``sweep.json`` and the best run under ``best/``).
        Returns the paths written."""
        files, notes = self._raw.write(os.fspath(dir))
        self.notes: List[str] = notes
        return [os.fspath(f) for f in files]

    def __repr__(self) -> str:
        pnl = self.summary.get("total_pnl")
        return f"<BacktestResult {self.book} total_pnl={pnl!r} data={self.data_label}>"


_SHARED: Dict[Optional[str], "Session"] = {}
_SHARED_LOCK = threading.Lock()


class Session:
    """Market data loaded once: a data folder, or ``None`` for the embedded SYNTHETIC fixtures
    (model-made, not market data: :attr:`data_label` says ``"SYNTHETIC"`` and every DataFrame's
    ``attrs`` carry ``synthetic`` and ``data``)."""

    def __init__(self, data: Union[None, str, "os.PathLike[str]"] = None) -> None:
        self._raw = _spreadtrade.RawSession(None if data is None else os.fspath(data))
        #: Where the data came from: ``{"synthetic": bool, "description": str}``.
        self.origin: Dict[str, Any] = self._raw.origin()
        #: The data folder, or None for the embedded synthetic fixtures.
        self.data: Optional[str] = None if data is None else os.fspath(self._raw.data_dir())

    @classmethod
    def shared(cls, data: Union[None, str, "os.PathLike[str]"] = None) -> "Session":
        """This process's one session on ``data`` (None = the embedded SYNTHETIC fixtures),
        opened on the first call and returned by every later one: for Dask or
        multiprocessing workers, which then load the data and build each price table once
        per process, not once per task."""
        key = None if data is None else os.path.realpath(os.fspath(data))
        with _SHARED_LOCK:
            if key not in _SHARED:
                _SHARED[key] = cls(data)
            return _SHARED[key]

    @property
    def data_label(self) -> str:
        """``"SYNTHETIC"`` for the embedded fixtures, ``"real"`` for a data folder."""
        return "SYNTHETIC" if self.origin["synthetic"] else "real"

    def _attrs(self) -> Dict[str, Any]:
        return {"data": self.origin["description"], "synthetic": self.origin["synthetic"]}

    def __repr__(self) -> str:
        return f"<Session {self.data_label}: {self.origin['description']}>"

    def curve(self, date: Any, currency: str = "USD") -> pd.DataFrame:
        """The par curve published on ``date`` and the zero curve bootstrapped from it: one
        row per published tenor, columns ``tenor, years, par_yield, zero_rate,
        discount_factor`` (yields in percent; zero rates compounded at the curve's coupon
        frequency, Act/365F years; NaN where a node has no zero rate). ``currency``: ``USD``
        (U.S. Treasury) or ``CNY`` (ChinaBond). The full ``spreadtrade curve --json`` document
        is :meth:`curve_json`."""
        return frame(self._raw.curve_columns(date, currency), self._attrs())

    def curve_json(self, date: Any, currency: str = "USD") -> Dict[str, Any]:
        """The document of ``spreadtrade curve --date D --currency C --json``."""
        return self._raw.curve(date, currency)

    def prices(self, contract: str, start: Any, end: Any) -> pd.DataFrame:
        """One contract's prices per market day from ``start`` to ``end`` (inclusive), as the
        engine sees them: columns ``date, price, dv01, ctd, conversion_factor, traded,
        source`` (``source`` says where each price came from, e.g. ``curve-implied`` for a
        model price; ``dv01`` per contract per bp; NaN/None where not defined). The rows of
        ``spreadtrade prices CONTRACT --from START --to END --json``."""
        return frame(self._raw.prices(contract, start, end), self._attrs())

    def backtest(self, config: Config) -> BacktestResult:
        """Runs a backtest described by a run file (a ``.toml`` or ``.json`` path) or by the
        same structure as a dict (``{"spread": ..., "strategy": {...}, "backtest": {...}}``),
        on this session's data. A ``data`` key must name this session's folder. The GIL is
        released while it runs."""
        text, is_path = _config(config)
        return BacktestResult(self._raw.backtest(text, is_path))

    def sweep(self, config: Config, shard: Optional[Tuple[int, int]] = None) -> pd.DataFrame:
        """Runs the run file's ``[sweep]`` grid (a z-score strategy's ``windows`` ×
        ``entries``), whole or the block ``shard=(i, n)`` (``i`` from 1 to ``n``, as
        ``spreadtrade sweep --shard I/N``). One row per run: ``index`` (in the grid),
        ``window``, ``entry`` and the run's summary statistics. ``attrs`` hold the shard
        manifest (``grid_runs``, ``first_run``, ``end_run``, ``fingerprint``, ...). The GIL is
        released while it runs; concatenating the shards' frames gives the whole grid's."""
        text, is_path = _config(config)
        if shard is not None:
            try:
                i, n = shard
            except (TypeError, ValueError):
                raise SpreadtradeError(
                    f"invalid shard {shard!r}: expected a pair (i, n) with 1 <= i <= n"
                ) from None
            shard = (int(i), int(n))
        cols, manifest = self._raw.sweep(text, is_path, shard)
        attrs = self._attrs()
        attrs["manifest"] = manifest
        return frame(cols, attrs)
