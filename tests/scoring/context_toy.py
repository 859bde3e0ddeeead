"""A small, hand-checkable Context for the tests of scoring.context (not a test module)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.context.variables import Context, centred_log_ratios, first_component

CODES = ["A", "B", "C", "D", "E", "F"]


def toy_context(diversity=(0.0, 0.1, 0.2, 0.6, 0.7, 0.9), population=(1, 2, 4, 8, 16, 32),
                density=(10, 20, 40, 80, 160, 320), shares=None) -> Context:
    """Six units with chosen context; the crime mix is three groups unless ``shares`` is given."""
    if shares is None:
        shares = pd.DataFrame({"theft_offences": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
                               "robbery": [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
                               "violence_against_the_person": [0.7, 0.6, 0.5, 0.4, 0.3, 0.2]},
                              index=CODES)  # fmt: skip
    clr = centred_log_ratios(shares)
    index, loadings, explained = first_component(clr)
    table = pd.DataFrame({
        "name": [f"Force {c}" for c in CODES], "population": np.asarray(population, float),
        "area_km2": np.asarray(population, float) / np.asarray(density, float),
        "density": np.asarray(density, float), "diversity": np.asarray(diversity, float),
        "crime_mix": index,
    }, index=pd.Index(CODES, name="code"))  # fmt: skip
    return Context(table=table, clr=clr, shares=shares, loadings=loadings, explained=explained,
                   year_note="toy")  # fmt: skip
