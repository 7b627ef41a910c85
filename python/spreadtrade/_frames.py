"""DataFrames from the columns the compiled module returns.

Each column arrives as ``(name, kind, payload)``: for ``f64``, ``i64``, ``bool`` and ``date``
a ``bytearray`` of native-endian values read with :func:`numpy.frombuffer` (no copy, no loop in
Python); for ``str`` a list. ``date`` is days since 1970-01-01 (``datetime64[D]``).
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import numpy as np
import pandas as pd

_DTYPES = {"f64": np.float64, "i64": np.int64, "bool": np.bool_}


def column(kind: str, payload: Any) -> np.ndarray:
    """One column as a numpy array."""
    if kind in _DTYPES:
        return np.frombuffer(payload, dtype=_DTYPES[kind])
    if kind == "date":
        return np.frombuffer(payload, dtype=np.int64).view("datetime64[D]")
    if kind == "str":
        out = np.empty(len(payload), dtype=object)
        out[:] = payload
        return out
    raise ValueError(f"unknown column kind {kind!r}")


def frame(columns: List[Tuple[str, str, Any]], attrs: Dict[str, Any] | None = None) -> pd.DataFrame:
    """A DataFrame from ``(name, kind, payload)`` columns, in order, with ``attrs``."""
    df = pd.DataFrame({name: column(kind, payload) for name, kind, payload in columns})
    if attrs:
        df.attrs.update(attrs)
    return df
