"""Small datasets shared by the sensitivity tests (imported as a plain module)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from scoring.core.dataset import make_dataset
from scoring.core.scenario import Scenario, UncertaintySettings

# The project's hand-worked toy data: six forces, four indicators (H, V lower is better).
TOY = pd.DataFrame(
    {"H": [8, 12, 6, 15, 9, 7], "V": [40, 55, 35, 70, 45, 38],
     "D": [2, 4.5, 1.5, 6, 3, 1.8], "S": [72, 68, 75, 65, 70, 66]},
    index=list("ABCDEF"),
)  # fmt: skip
TOY_DIRECTIONS = {"H": -1, "V": -1, "D": 1, "S": 1}
OFF = UncertaintySettings(vary_weights=False, data_noise=False)


def toy():
    return make_dataset(TOY, directions=TOY_DIRECTIONS, population=1e6)


def table(x: np.ndarray, *, kind: str = "rate", measures=None, population=1e6):
    """A dataset from a units x indicators array (units U00, U01, ...; indicators i0, i1, ...)."""
    values = pd.DataFrame(x, index=[f"U{i:02d}" for i in range(len(x))],
                          columns=[f"i{j}" for j in range(x.shape[1])])  # fmt: skip
    return make_dataset(values, kind=kind, measures=measures, population=population)


def scenario(**uncertainty) -> Scenario:
    """Every unit in the table; ``uncertainty`` fields on top of all sources off."""
    return Scenario(small_units="include", uncertainty=dataclasses.replace(OFF, **uncertainty))
