"""The project's hand-worked toy table, shared by the gaming tests.

Six invented forces, four indicators: H homicide per million (lower is better), V knife
admissions per 100k (lower), D recorded drug offences per 1,000 (higher, police-generated),
S victim satisfaction % (higher). Min-max with equal weights ranks C, A, E, F, B, D.
"""

import numpy as np
import pandas as pd

from scoring.core.dataset import make_dataset
from scoring.core.scenario import Scenario

FORCES = list("ABCDEF")
TOY = pd.DataFrame(
    {"H": [8.0, 12.0, 6.0, 15.0, 9.0, 7.0], "V": [40, 55, 35, 70, 45, 38],
     "D": [2.0, 4.5, 1.5, 6.0, 3.0, 1.8], "S": [72, 68, 75, 65, 70, 66]},
    index=FORCES,
)  # fmt: skip
DIRECTIONS = {"H": -1, "V": -1, "D": 1, "S": 1}
POPULATION = {"A": 1.2e6, "B": 2.8e6, "C": 0.9e6, "D": 3.0e6, "E": 1.5e6, "F": 0.7e6}


def toy(values: pd.DataFrame = TOY, kind: str = "rate"):
    """The toy dataset (``kind="count"``: D as counts, so rates per 1,000 match the table)."""
    if kind == "count":
        values = values.copy()
        values["D"] = values["D"] * pd.Series(POPULATION) / 1000
        ds = make_dataset(values, directions=DIRECTIONS, population=POPULATION, kind="count")
        meta = ds.meta.copy()
        for j in ("H", "V", "S"):  # only D is a count
            meta.loc[j, ["kind", "per"]] = ["rate", np.nan]
        return type(ds)(ds.id, ds.title, ds.units, ds.values, meta, ds.measures)
    return make_dataset(values, directions=DIRECTIONS, population=POPULATION)


def scenario(**kw) -> Scenario:
    """Every unit ranked, equal weights, min-max and arithmetic unless told otherwise."""
    return Scenario(small_units="include", **kw)


def minmax_scores(values: pd.DataFrame = TOY) -> pd.Series:
    """Closed-form min-max scores with equal weights (for known answers)."""
    d = pd.Series(DIRECTIONS)
    dx = values * d
    z = (dx - dx.min()) / (dx.max() - dx.min())
    return z.mean(axis=1)
