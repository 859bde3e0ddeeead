"""Wide tables: a row per unit, a column per indicator, read into :class:`Parsed`.

Optional ``population``, ``region`` and ``period`` columns are recognised by their
headers, and ``<indicator>_n`` columns are survey sample sizes. An England and
Wales row, when present, becomes the national reference. With several periods the
latest is ranked and the one before is kept for movement (:func:`split_periods`,
shared with the long reader).
"""

from __future__ import annotations

import pandas as pd

from scoring.io.cells import clean_text, is_blank
from scoring.io.meta import indicator_id
from scoring.io.numbers import TEXT_COLUMN, period_key, read_values
from scoring.io.parsed import Parsed
from scoring.io.report import ERROR, NOTE, WARNING, Place, Report
from scoring.io.table import Layout, data_rows
from scoring.io.units import assign, classify

NATIONAL = "England and Wales total"
SAMPLE_SIZE_SUFFIXES = ("_n", "_sample_size")
SPLIT = ("values", "markers", "cell_rows", "sample_size", "population", "region")


def read_wide(grid: pd.DataFrame, lay: Layout, place: Place, report: Report,
              rows: list[int] | None = None) -> Parsed:
    """Read a wide table (``rows``: the grid rows to read; default all below the header)."""
    report.shape = "wide (a row per unit, a column per indicator)"
    rows = data_rows(grid, lay, place, report) if rows is None else rows
    grid = Cells(grid)  # cell access by position, without pandas' per-call cost
    units = unit_rows(grid, lay, rows, place, report)
    duplicates(grid, lay, units, place, report)
    kept = [i for i in rows if units[i]]
    index = pd.Index([units[i] for i in kept], name="code")
    numbers = [i + 1 for i in kept]
    columns, sizes = _indicator_columns(lay, place, report)
    values, markers, labels, source, cols = {}, {}, {}, {}, {}
    for ident, j in columns.items():
        got, marks = read_values(grid.column(j, kept), numbers, lay.names[j], j, place, report,
                                 allow_text=True)  # fmt: skip
        if isinstance(got, str) and got == TEXT_COLUMN:
            report.add(WARNING, "this column holds text, not numbers: ignored",
                       place(column=lay.names[j], index=j))  # fmt: skip
            continue
        values[ident], markers[ident] = got, marks
        labels[ident], cols[ident] = lay.names[j], (lay.names[j], j)
        source[ident] = place(column=lay.names[j], index=j)
    extra = {ident: _column(grid, kept, lay, j, place, report) for ident, j in sizes.items()}
    parsed = Parsed(
        kind=report.unit_kind, values=pd.DataFrame(values, index=index, dtype=float),
        labels=labels, source=source, place=place, columns=cols,
        cell_rows=pd.DataFrame({j: numbers for j in values}, index=index),
        markers=pd.DataFrame(markers, index=index, dtype=object),
        names={u: _name(grid, lay, i, u) for u, i in zip(index, kept, strict=True)},
        population=population(grid, lay, kept, index, place, report),
        region=texts(grid, lay.region, kept, index),
        sample_size=pd.DataFrame(extra, index=index) if extra else None,
    )  # fmt: skip
    return split_periods(parsed, texts(grid, lay.period, kept, index), report)


def unit_rows(grid, lay: Layout, rows: list[int], place: Place, report: Report) -> dict:
    """Unit id per grid row: "national" for the England and Wales row, None when dropped."""
    grid = Cells(grid)
    cell = lambda i, j: grid.iat[i, j] if j is not None else None  # noqa: E731
    entries = [(i + 1, cell(i, lay.code), cell(i, lay.name)) for i in rows]
    _, codes = assign(entries, place, report)
    for d in report.dropped:
        if d["reason"] == NATIONAL:
            d["reason"] = f"{NATIONAL}: used as the national reference"
    national = [code is None and classify(c, n).drop == NATIONAL
                for code, (_, c, n) in zip(codes, entries, strict=True)]  # fmt: skip
    return {i: code or ("national" if is_national else None)
            for i, code, is_national in zip(rows, codes, national, strict=True)}  # fmt: skip


def duplicates(grid, lay: Layout, units: dict, place: Place, report: Report, extra=None) -> None:
    """A unit given twice (within a period, and an indicator for long tables) is an error."""
    seen: dict[tuple, int] = {}
    grid = Cells(grid)
    for i, unit in units.items():
        if unit is None:
            continue
        key = (unit, *(clean_text(grid.iat[i, j]).lower() for j in (lay.period, extra) if j is not None))
        if key not in seen:
            seen[key] = i + 1
            continue
        what = " / ".join(["England and Wales" if unit == "national" else unit, *key[1:]])
        hint = " ('West Midlands' is a region and a force: use ONS codes)" if unit == "E23000014" else ""
        report.add(ERROR, f"{what} is given twice, on rows {seen[key]} and {i + 1}{hint}", place(row=i + 1))


def _indicator_columns(lay: Layout, place: Place, report: Report):
    """Indicator id -> column, and sample-size columns (``<indicator>_n``) -> column."""
    columns, sizes = {}, {}
    for j in lay.data:
        ident = indicator_id(lay.names[j])
        target = sizes if ident.endswith(SAMPLE_SIZE_SUFFIXES) else columns
        ident = next((ident[: -len(s)] for s in SAMPLE_SIZE_SUFFIXES if ident.endswith(s)), ident)
        if not ident:
            report.add(ERROR, f"the header {lay.names[j]!r} has no letters or digits to name an "
                       "indicator", place(index=j))  # fmt: skip
        elif ident in target:
            report.add(ERROR, f"two columns are called {lay.names[target[ident]]!r}: rename or "
                       "remove one", place(column=lay.names[j], index=j))  # fmt: skip
        else:
            target[ident] = j
    if not columns:
        report.fail("no indicator columns: besides the unit columns there must be at least one "
                    "column of numbers", place(row=lay.header + 1))  # fmt: skip
    return columns, sizes


def _column(grid, kept, lay, j, place, report):
    values, _ = read_values(Cells(grid).column(j, kept), [i + 1 for i in kept], lay.names[j], j,
                            place, report)  # fmt: skip
    return values


def population(grid, lay: Layout, kept, index, place: Place, report: Report) -> pd.Series | None:
    """The population column as numbers (each must be above zero), or None."""
    if lay.population is None:
        return None
    j = lay.population
    values = _column(grid, kept, lay, j, place, report)
    for i, v in zip(kept, values, strict=True):
        if v <= 0:
            report.add(ERROR, f"population {v:g} must be above zero",
                       place(row=i + 1, column=lay.names[j], index=j))  # fmt: skip
    return pd.Series(values, index=index, dtype=float)


def texts(grid, j, kept, index) -> pd.Series | None:
    """A text column for the kept rows ("" where empty), or None."""
    if j is None:
        return None
    cells = Cells(grid).column(j, kept)
    return pd.Series(["" if is_blank(c) else clean_text(c) for c in cells], index=index, dtype=object)


def _name(grid, lay, i, unit) -> str:
    cell = grid.iat[i, lay.name] if lay.name is not None else None
    return unit if is_blank(cell) else clean_text(cell)


class Cells:
    """A grid's cells as a numpy object array: ``iat[i, j]`` and ``column(j, rows)`` by position."""

    def __init__(self, grid) -> None:
        self.iat = grid.iat if isinstance(grid, Cells) else grid.to_numpy(dtype=object)

    def column(self, j: int, rows: list[int]) -> list:
        return self.iat[rows, j].tolist() if rows else []


def split_periods(parsed: Parsed, period: pd.Series | None, report: Report) -> Parsed:
    """Keep the latest period as the values and the one before it as ``previous``."""
    labels = sorted(set(period) - {""}, key=period_key) if period is not None else []
    if labels:
        report.periods = labels
        parsed.period = labels[-1]
        parsed.previous_period = labels[-2] if len(labels) > 1 else ""
        if len(labels) > 1:
            report.add(NOTE, f"periods found: {', '.join(labels)}; ranking {parsed.period}, with "
                       f"{parsed.previous_period} kept as the previous period for movement",
                       parsed.place())  # fmt: skip
        before = (period == parsed.previous_period).to_numpy()
        parsed.previous = parsed.values[before] if parsed.previous_period else None
        now = (period == parsed.period).to_numpy()
        for name in SPLIT:
            if getattr(parsed, name) is not None:
                setattr(parsed, name, getattr(parsed, name)[now])
    return _national(parsed)


def _national(parsed: Parsed) -> Parsed:
    """Move the England and Wales row (if any) out of the unit rows."""
    for frame_name, national_name in (("values", "national"), ("previous", "previous_national")):
        frame = getattr(parsed, frame_name)
        if frame is not None and (frame.index == "national").any():
            setattr(parsed, national_name, frame[frame.index == "national"].iloc[0].copy())
    if parsed.population is not None and parsed.national is not None:
        parsed.national["population"] = parsed.population[parsed.population.index == "national"].iloc[0]
    for name in (*SPLIT, "previous"):
        obj = getattr(parsed, name)
        if obj is not None:
            setattr(parsed, name, obj[obj.index != "national"])
    return parsed
