"""A column of cells to numbers, with every marker, separator and bad cell reported.

One function, :func:`read_values`, serves every reader (wide, long, ONS workbook),
so a cell is read and reported the same way whatever the file's shape. Markers are
reported once per column with the rows they sit in, not once per cell, so a
column of 300 ``[x]`` is one readable line.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np

from scoring.io.cells import CellError, clean_text, marker_meaning, read_number
from scoring.io.report import ERROR, NOTE, WARNING, Place, Report

TEXT_COLUMN = "text"
PLAIN = re.compile(r"-?\d{1,15}(\.\d+)?\Z")  # read exactly as read_number would, without its checks
PLAIN_COLUMN = re.compile(r"(?:-?\d{1,15}(?:\.\d+)?\n)*-?\d{1,15}(?:\.\d+)?")


def read_values(cells: list, rows: list[int], column: str, index: int, place: Place,
                report: Report, *, allow_text: bool = False):
    """Read ``cells`` (spreadsheet ``rows``) of one column as floats.

    Returns
    -------
    (values, markers)
        ``values``: ndarray, NaN where missing; ``markers``: the marker text per cell
        ("" when none). With ``allow_text``, a column in which no cell is a number but
        several hold text returns ``(TEXT_COLUMN, [])`` instead of reporting each cell.
    """
    markers = [""] * len(cells)
    kinds = set(map(type, cells))
    if cells and kinds <= {int, float} and all(map(math.isfinite, cells)) or (
            kinds == {str} and PLAIN_COLUMN.fullmatch("\n".join(cells))):  # fmt: skip
        return np.array(cells, dtype=float), markers  # a clean column of numbers, at C speed
    values = np.full(len(cells), np.nan)
    bad: list[tuple[int, str]] = []
    seen: dict[str, list[int]] = defaultdict(list)
    for k, cell in enumerate(cells):
        kind = type(cell)  # the common cases first: a number, a plain numeric string, an empty cell
        if kind is int or (kind is float and math.isfinite(cell)):
            values[k] = cell
            continue
        if kind is str and PLAIN.match(cell):
            values[k] = float(cell)
            continue
        if cell is None:
            continue
        try:
            values[k], how = read_number(cell)
        except CellError as exc:
            bad.append((rows[k], str(exc)))
            continue
        if how in ("marker", "thousands", "percent"):
            text = clean_text(cell)
            seen[f"{how}:{text}" if how == "marker" else how].append(rows[k])
            markers[k] = text if how == "marker" else ""
    if len(bad) > 1 and allow_text and np.isnan(values).all():
        return TEXT_COLUMN, []
    for row, message in bad:
        report.add(ERROR, message, place(row=row, column=column, index=index))
    for key, where in seen.items():
        report.add(*_summary(key, where), place(column=column, index=index))
    return values, markers


def _summary(key: str, rows: list[int]) -> tuple[str, str]:
    plural = len(rows) > 1
    shown = ("rows " if plural else "row ") + ", ".join(map(str, rows[:6])) + (
        f" and {len(rows) - 6} more" if len(rows) > 6 else "")  # fmt: skip
    cells = f"{len(rows)} cell{'s' if plural else ''}"
    if key == "thousands":
        return NOTE, f"{cells} written with thousands separators ({shown}) read as numbers"
    if key == "percent":
        return NOTE, f"{cells} written with a % sign ({shown}) read as percentages"
    text = key.split(":", 1)[1]
    meaning = marker_meaning(text)
    return WARNING, (f"{cells} marked {text!r}{f' ({meaning})' if meaning else ''} in {shown}: "
                     "treated as missing, never as zero")  # fmt: skip


def period_key(text: str) -> tuple:
    """Sort key for period labels: the last year they mention, then the text."""
    years = re.findall(r"(?:19|20)\d\d", text)
    return (int(years[-1]) if years else 0, text)
