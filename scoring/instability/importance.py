"""Nominal weight against effective importance.

A weight says how much an indicator *should* count; its main effect says how much it
*does*. Following Paruolo, Saisana & Saltelli (2013, "Ratings and rankings: voodoo or science?",
*JRSS A* 176(3):609-634), the
importance of indicator *j* is Pearson's correlation ratio

.. math:: S_j = \\frac{\\operatorname{Var}_{z_j}\\big(E[CI \\mid z_j]\\big)}{\\operatorname{Var}(CI)},

estimated across the ranked units by a penalised cubic smoothing spline of the
composite on the normalised indicator, with the penalty chosen by generalised
cross-validation (:func:`scipy.interpolate.make_smoothing_spline`); :math:`S_j` is the
spline's :math:`R^2`. With fewer than five distinct values the conditional mean is
the mean within each value, exactly. With 42 forces the smoother is noisy, so the
linear :math:`r^2` is shown beside it as a floor, with the *signed* correlation:
"Because socio-economic variables are heteroskedastic and correlated, (relative)
nominal weights are hardly ever found to match (relative) main effects" (ibid.), and
an indicator can pull *against* the index (JRC rules of thumb: above 0.95 it
dominates; between -0.3 and 0.3 it is barely represented; below -0.3 it runs against
the index).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.pipeline import score
from scoring.core.scenario import Scenario

MIN_SPLINE = 5  # make_smoothing_spline needs five distinct abscissas


def importance(dataset: Dataset, scenario: Scenario) -> pd.DataFrame:
    """One row per indicator with positive weight.

    Columns: ``label, weight`` (effective nominal weight), ``weight_share`` (among the
    indicators shown), ``main_effect`` (:math:`S_j`), ``effect_share``
    (:math:`S_j / \\sum_k S_k`), ``r2`` (linear), ``corr`` (signed) and ``reading``.
    """
    result = score(dataset, scenario)
    ranked = result.table["rank"].notna().to_numpy()
    ci = result.table["score"].to_numpy(float)[ranked]
    z = result.normalised.to_numpy(float)[ranked]
    rows = []
    for j, indicator in enumerate(result.prepared.indicators):
        w = float(result.weights[indicator])
        if w <= 0:
            continue
        have = ~np.isnan(z[:, j]) & ~np.isnan(ci)
        x, y = z[have, j], ci[have]
        corr = _corr(x, y)
        rows.append({"indicator": indicator, "label": dataset.label(indicator), "weight": w,
                     "main_effect": main_effect(x, y), "r2": corr**2, "corr": corr,
                     "reading": reading(corr)})  # fmt: skip
    out = pd.DataFrame(rows).set_index("indicator")
    out.insert(2, "weight_share", out["weight"] / out["weight"].sum())
    total = out["main_effect"].sum()
    out.insert(4, "effect_share", out["main_effect"] / total if total > 0 else np.nan)
    return out


def underweighted(frame: pd.DataFrame, min_weight: float = 0.10, ratio: float = 1 / 3):
    """Indicators with at least ``min_weight`` of the weight whose share of the main effects
    is below ``ratio`` times their weight share: the weight is "not honoured" (ibid.)."""
    keep = (frame["weight_share"] >= min_weight) & (
        frame["effect_share"] < ratio * frame["weight_share"]
    )
    return frame[keep]


def main_effect(x: np.ndarray, y: np.ndarray) -> float:
    """:math:`\\operatorname{Var}(E[y|x])/\\operatorname{Var}(y)` by smoothing spline (or group means)."""
    if len(y) < 2 or np.var(y) == 0:
        return float("nan")
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    means = np.bincount(inverse, weights=y) / counts
    if len(values) < MIN_SPLINE:
        fitted = means[inverse]  # the correlation ratio itself, exact
    else:
        from scipy.interpolate import make_smoothing_spline  # about 0.6 s to import: at first use

        # Ties share one abscissa, weighted by how many units sit there.
        fitted = make_smoothing_spline(values, means, w=counts.astype(float))(x)
    explained = 1.0 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    return float(np.clip(explained, 0.0, 1.0))


def reading(corr: float) -> str:
    """Plain-words reading of an indicator's correlation with the composite (JRC rules of thumb)."""
    if np.isnan(corr):
        return "no variation"
    if corr > 0.95:
        return "dominates the index"
    if corr < -0.3:
        return "pulls against the index"
    if abs(corr) < 0.3:
        return "barely represented"
    return "in line with the index"


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
