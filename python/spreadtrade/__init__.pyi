"""Type stubs of the `spreadtrade` package (see the module docstrings for the details)."""

import datetime
import os
from typing import Any, Dict, List, Optional, Tuple, Union

import pandas as pd

__version__: str

DateLike = Union[datetime.date, str]
PathLike = Union[str, "os.PathLike[str]"]
Config = Union[PathLike, Dict[str, Any]]

class SpreadtradeError(ValueError):
    """An input spreadtrade cannot use; the message is the one line the `spreadtrade` command
    prints after `error: `."""

def parse(expr: str) -> Dict[str, Any]:
    """A spread expression's canonical form and legs, as `spreadtrade parse EXPR --json`:
    ``{"canonical": "2×TUM24−1×TYM24", "legs": [{"ratio": 2.0, "contract": "TUM24"}, ...]}``."""

def contract(code: str, date: Optional[DateLike] = None) -> Dict[str, Any]:
    """A contract's specification and exchange dates, as `spreadtrade contract CODE --json`
    (tick size and value on ``date``, default the last trading day)."""

def cf(
    contract: str,
    coupon: float,
    maturity: DateLike,
    frequency: int = 2,
    reference_date: Optional[DateLike] = None,
) -> float:
    """The conversion factor of a bond (coupon in percent) into a bond futures contract, as
    ``conversion_factor`` of `spreadtrade cf --json` (CBOT: first day of the contract month;
    CFFEX: the payment day, or ``reference_date``)."""

def cf_detail(
    contract: str,
    coupon: float,
    maturity: DateLike,
    frequency: int = 2,
    reference_date: Optional[DateLike] = None,
) -> Dict[str, Any]:
    """The whole document of `spreadtrade cf --json`: the factor with its workings."""

def bond(
    coupon: float,
    maturity: DateLike,
    settle: DateLike,
    *,
    yield_: Optional[float] = None,
    price: Optional[float] = None,
    frequency: int = 2,
    market: str = "ust",
    issue: Optional[DateLike] = None,
) -> Dict[str, float]:
    """Price a fixed-coupon bond from a yield (percent) or solve the yield from a clean price
    (per 100), as `spreadtrade bond --json`: ``clean``, ``dirty``, ``accrued``, ``yield``,
    ``modified_duration``, ``macaulay_duration``, ``convexity``, ``dv01`` (per 100 face per
    bp). ``market``: ``ust`` (U.S. street) or ``cgb`` (China interbank)."""

class BacktestResult:
    """A finished backtest (for a run file with a grid: its best run by Sharpe ratio)."""

    summary: Dict[str, Any]
    book: str
    origin: Dict[str, Any]
    best: Optional[Dict[str, Any]]
    notes: List[str]
    @property
    def data_label(self) -> str:
        """``"SYNTHETIC"`` or ``"real"``."""
    @property
    def ledger(self) -> pd.DataFrame:
        """The daily ledger, the columns of ``ledger.csv``."""
    @property
    def trades(self) -> pd.DataFrame:
        """The blotter, the columns of ``trades.csv``."""
    def write(self, dir: PathLike) -> List[str]:
        """Writes the files `spreadtrade backtest` writes; returns their paths."""

class Session:
    """Market data loaded once: a data folder, or None for the embedded SYNTHETIC fixtures."""

    origin: Dict[str, Any]
    data: Optional[str]
    def __init__(self, data: Optional[PathLike] = None) -> None: ...
    @classmethod
    def shared(cls, data: Optional[PathLike] = None) -> "Session":
        """This process's one session on ``data`` (opened once per process; for workers)."""
    @property
    def data_label(self) -> str:
        """``"SYNTHETIC"`` for the embedded fixtures, ``"real"`` for a data folder."""
    def curve(self, date: DateLike, currency: str = "USD") -> pd.DataFrame:
        """Par and zero curve on a date: ``tenor, years, par_yield, zero_rate, discount_factor``."""
    def curve_json(self, date: DateLike, currency: str = "USD") -> Dict[str, Any]:
        """The document of `spreadtrade curve --json`."""
    def prices(self, contract: str, start: DateLike, end: DateLike) -> pd.DataFrame:
        """``date, price, dv01, ctd, conversion_factor, traded, source`` per market day."""
    def backtest(self, config: Config) -> BacktestResult:
        """Runs a run file (path) or the same structure as a dict on this session's data."""
    def sweep(self, config: Config, shard: Optional[Tuple[int, int]] = None) -> pd.DataFrame:
        """The run file's ``[sweep]`` grid (or block ``shard=(i, n)``, i from 1): one row per
        run with ``index, window, entry`` and the summary statistics."""
