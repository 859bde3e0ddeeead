"""The common result of every reader, before checks and assembly into a Dataset."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from scoring.io.report import Place


@dataclass
class Parsed:
    """Units x indicators as read from a file, with where each value came from.

    ``values`` (and ``previous``) hold raw numbers: counts or rates as written, NaN
    where missing. ``cell_rows`` gives the spreadsheet row of every value and
    ``columns`` each indicator's ``(header, column index)``, so later checks can name
    cells; ``markers`` holds the suppression marker of a missing value ("" if none).
    """

    kind: str
    values: pd.DataFrame
    labels: dict[str, str]
    source: dict[str, str]
    place: Place
    cell_rows: pd.DataFrame | None = None
    columns: dict[str, tuple[str, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    population: pd.Series | None = None
    region: pd.Series | None = None
    period: str = ""
    previous: pd.DataFrame | None = None
    previous_period: str = ""
    national: pd.Series | None = None
    previous_national: pd.Series | None = None
    sample_size: pd.DataFrame | None = None
    markers: pd.DataFrame | None = None
    overrides: pd.DataFrame | None = None
    title: str = ""
    publisher: str = "Supplied by the user"
    weights: dict | None = None  # stated weights: {"measures": {id: share}, "indicators": {id: w}}
    measure_labels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)  # measure id -> group id ("" = the index)
    groups: pd.DataFrame | None = None  # levels above the measures: label, parent, weight
