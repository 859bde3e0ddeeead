"""Where a sheet's table is: the header row and what each column holds.

Published tables put titles and notes above the header (ONS Table P1's header is
on row 8), so the header is *found*: the first row, within the first
:data:`HEADER_SEARCH_ROWS`, that names a unit column ("Area Code", "Force", ...), or
failing that the first row of several text cells followed by numbers. Column roles
come from the header text: the unit's code and name, population, region and
period; in a long table the indicator and value columns. Everything else in a wide
table is an indicator, except known descriptive columns, which are listed as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from scoring.io.cells import clean_text, is_blank, read_number
from scoring.io.report import ERROR, NOTE, Place, Report

HEADER_SEARCH_ROWS = 50
# Header texts (see header_key) in order of preference: a CSP table also has force columns.
CODE_HEADERS = (
    "community safety partnership code", "csp code", "code", "ucode", "unit code id", "ons code", "area code",
    "area codes", "unit code", "unit", "force code", "pfa code", "pfa23cd", "pfa16cd",
    "geo code", "areacd", "geography code", "police force area code", "local authority code",
)  # fmt: skip
NAME_HEADERS = (
    "community safety partnership name", "csp name", "name", "uname", "unit name", "area name", "area",
    "force", "force name", "police force", "police force area", "police force area name",
    "pfa name", "pfa23nm", "pfa16nm", "areanm", "geography name", "local authority name",
)  # fmt: skip
REGION_HEADERS = ("region", "region name", "police force area name", "pfa name", "force name")
PERIOD_HEADERS = ("period", "year", "time period", "date", "financial year", "reference period")
INDICATOR_HEADERS = ("indicator", "indicator id", "indicator name", "variable", "metric",
                     "series", "offence", "offence group", "measure")  # fmt: skip
VALUE_HEADERS = ("value", "observation", "obs value", "count", "number", "number of offences")
DESCRIPTIVE = {"country", "notes", "note", "comment", "comments", "source", "households",
               "geography", "status", "lci 95", "uci 95", "local authority code",
               "local authority name", "lad code", "lad name", "measure", "unit of measure"}  # fmt: skip


def header_key(text) -> str:
    """Comparable header text: notes dropped, lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", clean_text(text).lower()).split())


@dataclass
class Layout:
    """A sheet's header row (grid index) and column roles (column positions)."""

    header: int
    names: list[str]
    code: int | None = None
    name: int | None = None
    population: int | None = None
    region: int | None = None
    period: int | None = None
    indicator: int | None = None
    value: int | None = None
    ignored: list[int] = field(default_factory=list)
    data: list[int] = field(default_factory=list)

    @property
    def long(self) -> bool:
        return self.indicator is not None and self.value is not None


def find_header(grid: pd.DataFrame) -> int | None:
    """Grid index of the header row, or None when the sheet has no recognisable table."""
    keys = set(CODE_HEADERS) | set(NAME_HEADERS)
    top = grid.iloc[:HEADER_SEARCH_ROWS]
    for i, row in top.iterrows():
        if sum(not is_blank(c) for c in row) >= 2 and any(header_key(c) in keys for c in row):
            return int(i)
    for i, row in top.iterrows():
        texts = sum(isinstance(c, str) and not _numeric(c) for c in row)
        if texts >= 2 and grid.iloc[i + 1 : i + 4].map(_numeric).any().any():
            return int(i)
    return None


def layout(grid: pd.DataFrame, place: Place, report: Report) -> Layout:
    """Find the header and the role of every column (errors and notes to ``report``)."""
    header = find_header(grid)
    if header is None:
        report.fail("no table found: no row names a unit column such as 'code', 'name' or "
                    f"'force' within the first {HEADER_SEARCH_ROWS} rows", place())  # fmt: skip
    report.header_row = header + 1
    if header:
        report.add(NOTE, f"the header is on row {header + 1}; rows 1-{header} (titles and notes) "
                   "were skipped", place())  # fmt: skip
    names = [clean_text(c) if not is_blank(c) else "" for c in grid.iloc[header]]
    keys = [header_key(n) for n in names]
    out = Layout(header, names)
    body = grid.iloc[header + 1 :]
    out.code = _first(keys, CODE_HEADERS, skip=_numeric_columns(body, keys))
    out.name = _first(keys, NAME_HEADERS, skip=_numeric_columns(body, keys) | {out.code})
    if out.code is None and out.name is None:
        report.fail("no column of unit codes or names: name one 'code' (ONS codes) or 'name'",
                    place(row=header + 1))  # fmt: skip
    taken = {out.code, out.name}
    out.region = _first(keys, REGION_HEADERS, skip=taken)
    out.period = _first(keys, PERIOD_HEADERS, skip=taken)
    out.population = next((j for j, k in enumerate(keys) if k.startswith("population")
                           or k in ("residents", "resident population")), None)  # fmt: skip
    out.indicator = _first(keys, INDICATOR_HEADERS, skip=taken)
    out.value = _first(keys, VALUE_HEADERS, skip=taken)
    if keys.count("indicator") and out.value is None:
        report.fail("this looks like a long table (it has an 'indicator' column) but it has no "
                    "'value' column", place(row=header + 1))  # fmt: skip
    if not out.long:  # a wide table: such columns are indicators like any other
        out.indicator = out.value = None
    if not out.long:
        _long_by_shape(body, keys, out, place, report)
    roles = {out.code, out.name, out.region, out.period, out.population, out.indicator, out.value}
    last = max(j for j, k in enumerate(keys) if k)
    for j, key in enumerate(keys):
        if j in roles:
            continue
        if not key:
            _unnamed(body, j, j > last, place, report)
            continue
        if key in DESCRIPTIVE or key in CODE_HEADERS or key in NAME_HEADERS or out.long:
            out.ignored.append(j)
        else:
            out.data.append(j)
    if out.ignored:
        report.add(NOTE, "columns not used: " + ", ".join(repr(names[j]) for j in out.ignored),
                   place())  # fmt: skip
    return out


def _numeric_columns(body: pd.DataFrame, keys: list[str]) -> set[int]:
    """Columns whose filled cells are mostly numbers: never unit names or codes (a land area is not a name)."""
    out = set()
    for j, key in enumerate(keys):
        if key in CODE_HEADERS or key in NAME_HEADERS:
            cells = [c for c in body[j].head(200) if not is_blank(c)]
            if cells and sum(map(_numeric, cells)) > len(cells) / 2:
                out.add(j)
    return out


def _long_by_shape(body: pd.DataFrame, keys: list[str], lay: Layout, place: Place, report: Report) -> None:
    """A long table whatever its headers: units repeat, one text column names indicators, one holds numbers."""
    unit = lay.code if lay.code is not None else lay.name
    taken = {lay.code, lay.name, lay.region, lay.period, lay.population}
    others = [j for j, k in enumerate(keys) if k and j not in taken and k not in DESCRIPTIVE]
    if unit is None or len(others) != 2 or len(body) < 4:
        return
    units = body[unit].dropna()
    if units.nunique() == len(units):
        return
    shares = {j: _share_numeric(body[j]) for j in others}
    text = [j for j in others if shares[j] < 0.2 and body[j].dropna().nunique() < len(body[j].dropna())]
    numbers = [j for j in others if shares[j] > 0.8]
    if len(text) == 1 and len(numbers) == 1:
        lay.indicator, lay.value = text[0], numbers[0]
        report.add(NOTE, f"read as a long table (a row per unit and indicator): units repeat, "
                   f"{lay.names[text[0]]!r} names the indicators and {lay.names[numbers[0]]!r} holds the "
                   "values", place())  # fmt: skip


def _share_numeric(column: pd.Series) -> float:
    cells = [c for c in column.head(500) if not is_blank(c)]
    return sum(map(_numeric, cells)) / len(cells) if cells else 0.0


def _unnamed(body: pd.DataFrame, j: int, beyond: bool, place: Place, report: Report) -> None:
    """A column without a header must be empty; name the first row that is not."""
    filled = body.index[body[j].map(lambda c: not is_blank(c))]
    if not len(filled):
        return
    message = ("this row has more cells than the header has columns" if beyond
               else "this column has values but no header")  # fmt: skip
    report.add(ERROR, message, place(row=int(filled[0]) + 1, index=j))


def data_rows(grid: pd.DataFrame, lay: Layout, place: Place, report: Report) -> list[int]:
    """Grid indices of the non-empty rows below the header."""
    filled = grid.iloc[lay.header + 1 :].notna().any(axis=1).to_numpy()  # blank cells are None
    rows = [lay.header + 1 + int(k) for k in filled.nonzero()[0]]
    if not rows:
        report.fail("no data rows below the header", place(row=lay.header + 1))
    return rows


def _first(keys: list[str], wanted: tuple[str, ...], skip=()) -> int | None:
    for name in wanted:
        for j, key in enumerate(keys):
            if key == name and j not in skip:
                return j
    return None


def _numeric(cell) -> bool:
    try:
        read_number(cell)
    except ValueError:
        return False
    return not is_blank(cell)
