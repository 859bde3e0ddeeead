"""Decimal commas: "10,125" is never silently read as 10125.

Excel in a decimal-comma locale (most of Europe) saves CSV with semicolons between
columns and commas in numbers: "81,6" is 81.6 and "1.234,5" is 1234.5. In such a file
(semicolon-delimited) the numbers themselves decide: a comma followed by one, two or
four or more digits ("81,6") can only be a decimal comma; "1,234,567" or "1,234.5" can
only be thousands separators. When the file shows decimal commas, every number is read
that way (and said so); when it shows thousands separators, they are read as now; when
it shows both, or only cells like "10,125" that could be either, the file is refused
with the first such cell named, so the user decides.
"""

from __future__ import annotations

import re

import pandas as pd

from scoring.io.report import NOTE, Place, Report

DECIMAL = re.compile(r"^[+-]?(\d+,\d{1,2}|\d+,\d{4,}|\d{4,},\d+|\d{1,3}(\.\d{3})+(,\d+)?)$")
THOUSANDS = re.compile(r"^[+-]?(\d{1,3}(,\d{3}){2,}(\.\d+)?|\d{1,3}(,\d{3})+\.\d+)$")
EITHER = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def decimal_commas(grid: pd.DataFrame, report: Report) -> pd.DataFrame:
    """The grid of a semicolon-delimited file with its decimal commas read (see the module docstring)."""
    place = Place(report.file)
    found: dict[str, list[tuple[int, int, str]]] = {"decimal": [], "thousands": [], "either": []}
    for j in grid.columns:
        for i, cell in grid[j].items():
            if isinstance(cell, str) and "," in cell:
                text = cell.strip()
                for key, pattern in (("decimal", DECIMAL), ("thousands", THOUSANDS), ("either", EITHER)):
                    if pattern.match(text):
                        found[key].append((int(i), int(j), text))
                        break
    decimal, thousands, either = found["decimal"], found["thousands"], found["either"]
    if decimal and thousands:
        (i, j, a), (k, m, b) = decimal[0], thousands[0]
        report.fail(f"{a!r} uses a decimal comma but {b!r} (row {k + 1}, column {m + 1}) a thousands "
                    "comma: write every number one way", place(row=i + 1, index=j))  # fmt: skip
    if decimal:
        cells = decimal + either
        report.add(NOTE, f"{len(cells)} number(s) written with a decimal comma, as in a semicolon-"
                   f"separated file from a decimal-comma locale, read that way ({cells[0][2]!r} as "
                   f"{_point(cells[0][2])})", place())  # fmt: skip
        out = grid.copy()
        for i, j, text in cells:
            out.iat[i, j] = _point(text)
        return out
    if either and not thousands:
        i, j, text = either[0]
        report.fail(f"{text!r} could be {_point(text)} (a decimal comma, usual in semicolon-separated "
                    f"files) or {text.replace(',', '')} (a thousands separator): write it as "
                    f"{_point(text)} or {text.replace(',', '')}", place(row=i + 1, index=j))  # fmt: skip
    return grid


def _point(text: str) -> str:
    """ "1.234,5" -> "1234.5"."""
    return text.replace(".", "").replace(",", ".")
