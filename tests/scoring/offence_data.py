"""A tiny dataset with offence-group counts, for the rigidity tests."""

import dataclasses

import pandas as pd

from scoring.core.dataset import make_dataset
from scoring.core.scenario import Scenario

CODES = ["U0", "U1", "U2", "U3"]
GROUPS = pd.DataFrame(
    {
        "homicide": [1, 2, 0, 3],
        "violence_with_injury": [100, 200, 150, 50],
        "robbery": [40, 10, 20, 30],
        "sexual_offences": [30, 60, 20, 10],
        "shoplifting": [500, 300, 200, 100],
    },
    index=pd.Index(CODES, name="code"),
)


def offence_dataset(columns: dict, measures: dict | None = None, groups=GROUPS):
    """Indicators from ``columns`` (id -> counts), every one lower-is-better, plus group counts."""
    values = pd.DataFrame(columns, index=CODES)
    ds = make_dataset(values, measures=measures, directions=dict.fromkeys(columns, -1),
                      population=100_000, kind="count")
    return dataclasses.replace(ds, context={"offence_groups": groups})


def whole_basket():
    """One indicator per offence group, each its own measure."""
    return offence_dataset({g: GROUPS[g] for g in GROUPS})


def scenario(**rigidity) -> Scenario:
    """Every unit in the table (no small units here), with rigidity settings."""
    base = Scenario(small_units="include")
    return base.replace(rigidity=dataclasses.replace(base.rigidity, **rigidity))
