"""Safe exports: tables a spreadsheet can open without running anything.

Spreadsheet programs treat a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or carriage return) as a formula: "CSV injection" (OWASP). Every
*text* cell written by this project that starts with one of those characters gets a
leading apostrophe, so it is shown as text. Numbers are written as numbers: a
negative score is data, not a formula.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence

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
    out = safe_frame(frame)
    # Float columns are formatted here, as pandas' ``float_format`` would (missing: empty),
    # but in one list per column: pandas checks and formats value by value, which took
    # seconds on a large table (1,000 units x 990 indicators).
    columns = {}
    for k, dtype in enumerate(out.dtypes):
        column = out.iloc[:, k]
        if isinstance(dtype, np.dtype) and dtype.kind == "f":
            column = [float_format % v if v == v else "" for v in column.to_numpy().tolist()]
        columns[k] = column.reset_index(drop=True) if isinstance(column, pd.Series) else column
    formatted = pd.DataFrame(columns)  # by position: an index may repeat labels
    formatted.index, formatted.columns = out.index, out.columns
    return formatted.to_csv(index=index, lineterminator="\n")


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



def scored_csv(table: pd.DataFrame, *, scenario_json: str, caveats: Sequence[str]) -> str:
    """A scored table as safe CSV, preceded by ``# `` comment lines: caveats, then the scenario.

    Spreadsheets show the comment lines as the first rows; ``pandas.read_csv(...,
    comment="#")`` skips them. The scenario JSON replays the table in the app.
    """
    lines = [f"# {_one_line(c)}\n" for c in caveats] + [f"# scenario: {_one_line(scenario_json)}\n"]
    return "".join(lines) + to_csv(table)


def scored_xlsx(table: pd.DataFrame, *, scenario_json: str, caveats: Sequence[str],
                title: str = "League table") -> bytes:
    """A scored table as an XLSX workbook with "scenario" and "caveats" sheets attached.

    The scenario sheet holds the scenario JSON one line per row (a cell holds at most
    32,767 characters); joined with newlines, the lines are the scenario file.
    """
    lines = json.dumps(json.loads(scenario_json), indent=1, sort_keys=True).splitlines()
    return to_xlsx({
        title: table,
        "scenario": pd.DataFrame({"scenario (JSON, one line per row)": lines}),
        "caveats": pd.DataFrame({"caveat": [_one_line(c) for c in caveats]}),
    })  # fmt: skip


def to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Workbook bytes, one sheet per frame: text neutralised, numbers kept as numbers.

    A frame with a named index writes it as the first column. Characters that XLSX
    cannot store (control characters) are removed from text.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = safe_frame(frame)
            for column in safe.columns:
                if not pd.api.types.is_numeric_dtype(safe[column]):
                    safe[column] = safe[column].map(_storable)
            safe.to_excel(writer, sheet_name=name[:31], index=frame.index.name is not None)
            sheet = writer.sheets[name[:31]]
            for cells in sheet.iter_cols(max_row=min(sheet.max_row, 200)):
                width = max(len(str(c.value)) for c in cells if c.value is not None) if cells else 8
                sheet.column_dimensions[cells[0].column_letter].width = min(60, max(8, width + 2))
    return buffer.getvalue()


# The control characters an .xlsx cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE), written
# out so the CLI need not import openpyxl (a quarter of a second) just to print CSV.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _storable(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
