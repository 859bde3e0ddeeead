"""Direction of travel between the two shipped years, with Poisson noise allowed for.

The sample carries each indicator for the years ending December 2023 and December 2024, both on
the mid-2023 population. Two views:

**Indicator by indicator.** For a count indicator a force records :math:`n_0` (2023) and
:math:`n_1` (2024). If the underlying rate did not change and counts are Poisson, then given
the total :math:`n_0+n_1`, :math:`n_1 \\sim \\mathrm{Binomial}(n_0+n_1, \\tfrac12)` (the
conditional test for two Poisson means; Przyborowski & Wilenski 1940, "Homogeneity of results
in testing samples from Poisson series", *Biometrika* 31:313-323). The two-sided p-value is
:math:`\\min\\{1, 2\\min[P(X\\le n_1), P(X\\ge n_1)]\\}`; below 0.05 the change is flagged
*improving* or *deteriorating* by the indicator's direction in the scenario, otherwise
*stable*. Poisson is the least noise a count can carry: recorded crime also moves with
recording practice, so these flags are a lower bound on the noise, not the whole of it.
Illustrative indicators are left out (their change is random by construction).

**The composite.** Each force's rank under the scenario in both years, against the rank moves
noise alone produces (:func:`scoring.instability.churn.churn`, after Marshall & Spiegelhalter
1998, "Reliability of league tables of in vitro fertilisation clinics", *BMJ* 316:1701): a
move larger than 9 in 10 of the force's noise-only moves is flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.instability.churn import both_years, churn
from scoring.rigidity.domains import basket_weights

ALPHA = 0.05
READINGS = {1: "improving", 0: "stable", -1: "deteriorating"}


def two_poisson_p(before, now) -> np.ndarray:
    """Two-sided p-value of the conditional binomial test of equal Poisson means (equal exposure)."""
    n0, n1 = np.asarray(before, float), np.asarray(now, float)
    total = n0 + n1
    ok = np.isfinite(total) & (total > 0)
    total, k = np.where(ok, total, 1.0), np.where(ok, n1, 0.0)
    tail = np.minimum(stats.binom.cdf(k, total, 0.5), stats.binom.sf(k - 1, total, 0.5))
    return np.where(ok, np.minimum(1.0, 2 * tail), np.nan)


def indicator_changes(dataset: Dataset, scenario: Scenario, alpha: float = ALPHA) -> pd.DataFrame | None:
    """Per force and weighted count indicator: counts both years, change, p-value and reading.

    Returns a long frame ``code, name, indicator, label, before, now, change, p, flag, reading``
    (``flag`` +1 improving, -1 deteriorating, 0 stable), or None without a previous year.
    """
    previous = dataset.context.get("previous")
    if previous is None:
        return None
    meta = dataset.meta
    weights = basket_weights(dataset, scenario)
    used = [j for j in dataset.indicators if weights[j] > 0 and meta.at[j, "kind"] == "count"
            and meta.at[j, "status"] != "illustrative" and j in previous.columns]  # fmt: skip
    rows = []
    for j in used:
        before = previous[j].reindex(dataset.values.index).astype(float)
        now = dataset.values[j].astype(float)
        p = two_poisson_p(before, now)
        direction = scenario.direction(j, int(meta.at[j, "direction"]))
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(before > 0, now / before - 1, np.nan)
        flag = np.where(p < alpha, np.sign(now - before) * direction, 0).astype(int)
        rows.append(pd.DataFrame({
            "code": dataset.values.index, "name": dataset.units["name"].reindex(dataset.values.index),
            "indicator": j, "label": dataset.label(j), "before": before, "now": now,
            "change": change, "p": p, "flag": flag,
        }))  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=["code", "name", "indicator", "label", "before", "now",
                                     "change", "p", "flag", "reading"])  # fmt: skip
    out = pd.concat(rows, ignore_index=True)
    out["reading"] = out["flag"].map(READINGS)
    return out


def per_force(changes: pd.DataFrame) -> pd.DataFrame:
    """One row per force: how many weighted indicators were improving, stable, deteriorating."""
    counts = changes.pivot_table(index="code", columns="flag", values="indicator", aggfunc="count",
                                 fill_value=0)  # fmt: skip
    out = pd.DataFrame({"name": changes.groupby("code")["name"].first()})
    for flag, word in READINGS.items():
        out[word] = counts[flag] if flag in counts else 0
        names = changes[changes["flag"] == flag].groupby("code")["label"].agg(", ".join)
        out[f"{word}_on"] = names.reindex(out.index).fillna("")
    return out


def real_only(dataset: Dataset, scenario: Scenario) -> Scenario | None:
    """The scenario with illustrative indicators weighted 0 (None if nothing real is left).

    Illustrative values are drawn afresh for each year, so their change says nothing.
    """
    zeros = {j: 0.0 for j in dataset.illustrative}
    candidate = scenario.replace(indicator_weights={**scenario.indicator_weights, **zeros})
    try:
        basket_weights(dataset, candidate)
    except ValueError:
        return None
    return candidate


def composite_changes(dataset: Dataset, scenario: Scenario, samples: int = 1000) -> pd.DataFrame | None:
    """Ranks in both years under the scenario, and whether each move is beyond noise.

    Illustrative indicators are left out (:func:`real_only`). Returns per ranked force
    ``name, then, now, moved`` (places climbed), ``noise_p90`` (9 in 10 noise-only moves are at
    most this), ``beyond`` and ``reading``; None without a previous year or real indicator.
    """
    scenario = real_only(dataset, scenario)
    ranks = None if scenario is None else both_years(dataset, scenario)
    if ranks is None:
        return None
    noise = churn(dataset, scenario, samples=samples).table
    out = pd.DataFrame({"name": dataset.units["name"].reindex(noise.index),
                        "then": ranks["then"].reindex(noise.index),
                        "now": ranks["now"].reindex(noise.index)})  # fmt: skip
    out["moved"] = out["then"] - out["now"]
    out["noise_p90"] = noise["noise_p90"]
    out["beyond"] = out["moved"].abs() > out["noise_p90"]
    out["reading"] = np.where(~out["beyond"], "within noise",
                              np.where(out["moved"] > 0, "climbed beyond noise", "fell beyond noise"))
    return out
