"""Long tables: a row per unit and indicator (``unit, indicator, value[, period]``).

This is the shape of ONS Explore Local Statistics files and of most database
exports. Rows are pivoted to a unit x indicator table; an indicator called
"population" is the population; a unit with no row for an indicator is missing
there (and shows in the missing-value report), never zero.
"""

from __future__ import annotations

import pandas as pd

from scoring.io.cells import clean_text, is_blank
from scoring.io.meta import indicator_id
from scoring.io.numbers import read_values
from scoring.io.parsed import Parsed
from scoring.io.report import ERROR, Place, Report
from scoring.io.table import Layout, data_rows
from scoring.io.wide import Cells, duplicates, split_periods, texts, unit_rows


def read_long(grid: pd.DataFrame, lay: Layout, place: Place, report: Report) -> Parsed:
    """Read a long table into :class:`Parsed` (see the module docstring)."""
    report.shape = "long (a row per unit and indicator)"
    rows = data_rows(grid, lay, place, report)
    grid = Cells(grid)  # cell access by position, without pandas' per-call cost
    units = unit_rows(grid, lay, rows, place, report)
    for i in rows:
        if units[i] and is_blank(grid.iat[i, lay.indicator]):
            where = place(row=i + 1, column=lay.names[lay.indicator], index=lay.indicator)
            report.add(ERROR, "this row has no indicator name", where)
            units[i] = None
    duplicates(grid, lay, units, place, report, extra=lay.indicator)
    kept = [i for i in rows if units[i]]
    j = lay.value
    values, markers = read_values([grid.iat[i, j] for i in kept], [i + 1 for i in kept],
                                  lay.names[j], j, place, report)  # fmt: skip
    period = texts(grid, lay.period, kept, kept)
    cells = pd.DataFrame({
        "unit": [units[i] for i in kept],
        "period": list(period) if period is not None else "",
        "indicator": [indicator_id(grid.iat[i, lay.indicator]) for i in kept],
        "text": [clean_text(grid.iat[i, lay.indicator]) for i in kept],
        "value": values, "marker": markers, "row": [i + 1 for i in kept],
    })  # fmt: skip
    cells = cells[cells["indicator"] != ""].drop_duplicates(["unit", "period", "indicator"])
    wide = {col: cells.pivot(index=["unit", "period"], columns="indicator", values=col)
            for col in ("value", "marker", "row")}  # fmt: skip
    frame = wide["value"].astype(float).rename_axis(columns=None)
    index = pd.Index(frame.index.get_level_values("unit"), name="code")
    labels = dict(zip(cells["indicator"], cells["text"], strict=True))
    pop = frame.pop("population").set_axis(index) if "population" in frame else None
    ids = list(frame.columns)
    where = place(column=lay.names[j], index=j)
    parsed = Parsed(
        kind=report.unit_kind, values=frame.set_axis(index), place=place,
        labels={k: labels[k] for k in ids}, source={k: f"{where}, indicator {labels[k]!r}" for k in ids},
        columns={k: (lay.names[j], j) for k in ids},
        cell_rows=wide["row"][ids].set_axis(index), markers=wide["marker"][ids].fillna("").set_axis(index),
        names=_names(grid, lay, units, kept), population=pop,
    )  # fmt: skip
    periods = pd.Series(frame.index.get_level_values("period"), index=index)
    return split_periods(parsed, periods if lay.period is not None else None, report)


def _names(grid, lay: Layout, units: dict, kept: list[int]) -> dict[str, str]:
    names = {}
    for i in kept:
        cell = grid.iat[i, lay.name] if lay.name is not None else None
        names.setdefault(units[i], units[i] if is_blank(cell) else clean_text(cell))
    return names
