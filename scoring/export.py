"""Safe exports: tables a spreadsheet can open without running anything.

Spreadsheet programs treat a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or carriage return) as a formula: "CSV injection" (OWASP). Every
*text* cell written by this project that starts with one of those characters gets a
leading apostrophe, so it is shown as text. Numbers are written as numbers: a
negative score is data, not a formula.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Neutralise one cell: text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with every text cell, column name and index label neutralised."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_text)
    out.columns = [safe_text(str(c)) for c in out.columns]
    out.index = out.index.map(lambda v: safe_text(v) if isinstance(v, str) else v)
    return out


def to_csv(frame: pd.DataFrame, *, index: bool = True, float_format: str = "%.6f") -> str:
    """CSV text of ``frame``, neutralised, floats with a fixed number of decimals."""
    return safe_frame(frame).to_csv(index=index, float_format=float_format, lineterminator="\n")


def to_json(frame: pd.DataFrame, *, extra: Mapping | None = None, decimals: int = 6) -> str:
    """JSON text: ``{"rows": [...], **extra}``, numbers rounded, missing as null."""
    rows = []
    for code, row in frame.iterrows():
        record = {frame.index.name or "id": code}
        for key, value in row.items():
            record[str(key)] = _plain(value, decimals)
        rows.append(record)
    return json.dumps({**(extra or {}), "rows": rows}, indent=2, ensure_ascii=False, allow_nan=False)


def _plain(value, decimals: int):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return round(float(value), decimals)
    if isinstance(value, np.bool_):
        return bool(value)
    return value

