"""Two-level weights: a weight per measure, split between that measure's indicators.

The effective weight of indicator *j* in measure *k* is

.. math:: w_j = \\frac{W_k}{\\sum_{k'} W_{k'}} \\cdot \\frac{v_j}{\\sum_{i \\in k} v_i},

so the effective weights sum to one and a measure's share never depends on how many
indicators it happens to have (COINr ``get_eff_weights``; OECD/JRC Handbook 2008,
step 6). A measure whose indicator weights are all zero drops out, and the remaining
measures share its weight.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


def effective_weights(
    measure_of: pd.Series,
    measure_weights: Mapping[str, float],
    indicator_weights: Mapping[str, float] | None = None,
) -> pd.Series:
    """Effective weight of every indicator.

    Parameters
    ----------
    measure_of : Series
        Indexed by indicator id, value = the id of the measure it belongs to.
    measure_weights : mapping
        Weight per measure id (any non-negative scale; missing ids count as 0).
    indicator_weights : mapping, optional
        Weight of each indicator within its measure (missing ids count as 1).

    Returns
    -------
    Series
        Indexed like ``measure_of``; non-negative, sums to 1.

    Raises
    ------
    ValueError
        If every weight is zero, so no table can be built.
    """
    groups, measures = pd.factorize(measure_of)
    iw = np.array([float((indicator_weights or {}).get(j, 1.0)) for j in measure_of.index])
    iw = np.clip(iw, 0.0, None)
    within = np.bincount(groups, weights=iw, minlength=len(measures))
    mw = np.array([max(float(measure_weights.get(k, 0.0)), 0.0) for k in measures])
    mw = np.where(within > 0, mw, 0.0)  # a measure with no indicator weight drops out
    if mw.sum() <= 0:
        raise ValueError("every weight is zero: give at least one measure a positive weight")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(within[groups] > 0, iw / within[groups], 0.0)
    return pd.Series(mw[groups] / mw.sum() * share, index=measure_of.index, name="weight")


def measure_shares(weights: pd.Series, measure_of: pd.Series) -> pd.Series:
    """Sum effective indicator weights by measure (each measure's share of the score)."""
    return weights.groupby(measure_of, sort=False).sum()


def renormalise(w: np.ndarray) -> np.ndarray:
    """Scale weights along the last axis to sum to one (rows of zeros stay zero)."""
    w = np.asarray(w, dtype=float)
    total = w.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, w / total, 0.0)
