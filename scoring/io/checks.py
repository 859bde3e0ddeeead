"""Checks on a table once read: enough units, usable indicators, counts that can be counts.

Errors (the file is not used): fewer than :data:`MIN_UNITS` units, an indicator with
no values at all, a negative count, a share outside 0-100, a value no statistic can
have (over :data:`MAX_PLAUSIBLE`). Warnings (the file is used, the user is told, also
beside the table): an indicator with the same value everywhere (it cannot move anyone
and only dilutes the other weights), a count above its unit's population, a unit with
no values at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.io.parsed import Parsed
from scoring.io.report import ERROR, WARNING, Report

MIN_UNITS = 3
MAX_PLAUSIBLE = 1e12  # more than a thousand times the population of the world: not a statistic


def check_shape(parsed: Parsed, report: Report) -> None:
    """Stop at once when no unit or no indicator is left to score."""
    values, place = parsed.values, parsed.place
    if values.shape[1] == 0:
        report.fail("no indicator column holds numbers: each indicator needs a column of values",
                    place())  # fmt: skip
    if values.shape[0] == 0:
        report.fail("no units left after dropping totals and unusable rows", place())


def check(parsed: Parsed, meta: pd.DataFrame, report: Report) -> None:
    """Add the errors and warnings above to ``report``."""
    values, place = parsed.values, parsed.place
    if len(values) < MIN_UNITS:
        report.add(ERROR, f"{len(values)} unit(s) left after dropping totals and unusable rows: "
                   f"a league table needs at least {MIN_UNITS}", place())  # fmt: skip
    for j in values.columns:
        header, index = parsed.columns.get(j, (j, None))
        column = values[j]
        where = place(column=header, index=index)
        if column.isna().all():
            report.add(ERROR, "this indicator has no values (every cell is empty or marked): "
                       "fill it or remove the column", where)  # fmt: skip
            continue
        if column.nunique() == 1 and column.count() > 1:
            report.add(WARNING, f"every unit has the same value ({column.dropna().iloc[0]:g}): this "
                       "indicator cannot move any unit, and any weight it gets dilutes the others",
                       where)  # fmt: skip
        kind, numbers = meta.at[j, "kind"], column.to_numpy(float)
        suspect = np.abs(numbers) > MAX_PLAUSIBLE
        if kind in ("count", "percent"):
            suspect |= (numbers < 0) | ((numbers > 100) & (kind == "percent"))
        for k in suspect.nonzero()[0]:  # by position: a unit given twice is an error already
            report.add(ERROR, _implausible(numbers[k], kind, j),
                       place(row=_row(parsed, column.index[k], j), column=header, index=index))  # fmt: skip
    empty = values.index[values.isna().all(axis=1)]
    if 0 < len(empty) < len(values):
        report.add(WARNING, f"no value for any indicator: {', '.join(map(str, empty[:5]))}; "
                   "they cannot be scored", place())  # fmt: skip


def _implausible(value: float, kind: str, indicator: str) -> str:
    """Why a value cannot be right for its kind ("" when it can)."""
    if abs(value) > MAX_PLAUSIBLE:
        return f"{value:g} is not a plausible value for any indicator (over {MAX_PLAUSIBLE:g})"
    if kind == "count" and value < 0:
        return f"{value:g} is negative, but {indicator!r} is a count"
    if kind == "percent" and not 0 <= value <= 100 and value == value:
        return f"{value:g} is {'over 100' if value > 100 else 'below 0'}, but {indicator!r} is a share in %"
    return ""


def check_counts(parsed: Parsed, meta: pd.DataFrame, population: pd.Series, report: Report) -> None:
    """Warnings beside the table: a count above its unit's population, a rate above its base."""
    if parsed.values.index.has_duplicates or population.index.has_duplicates:
        return  # a unit given twice is already an error
    for j in meta.index[(meta["kind"] == "rate") & (pd.to_numeric(meta["per"], errors="coerce") > 0)]:
        per, header_index = float(meta.at[j, "per"]), parsed.columns.get(j, (j, None))
        for unit in parsed.values.index[parsed.values[j] > per]:
            report.add(WARNING, f"{parsed.values.at[unit, j]:g} per {per:,.0f} is more than one per "
                       "resident: a rate above its population", parsed.place(
                           row=_row(parsed, unit, j), column=header_index[0], index=header_index[1]))  # fmt: skip
    people = population.reindex(parsed.values.index).to_numpy(float)
    for j in meta.index[meta["kind"] == "count"]:
        header, index = parsed.columns.get(j, (j, None))
        column = parsed.values[j].to_numpy(float)
        for k in (column > people).nonzero()[0]:
            unit = parsed.values.index[k]
            report.add(WARNING, f"{column[k]:g} is more than the unit's {people[k]:,.0f} residents: "
                       "check the figure and the population",
                       parsed.place(row=_row(parsed, unit, j), column=header, index=index))  # fmt: skip


def _row(parsed: Parsed, unit: str, indicator: str) -> int | None:
    rows = parsed.cell_rows
    if rows is None or unit not in rows.index or indicator not in rows.columns or rows.index.has_duplicates:
        return None
    value = rows.at[unit, indicator]
    return int(value) if pd.notna(value) else None
