"""The cheapest change that lifts a force over a threshold: the gaming engine, threshold version.

Two kinds of line a force can be lifted over:

* **a minimum threshold** :math:`t_j` on one indicator: the change follows directly, in the
  indicator's published unit; for a count, in whole offences: a force with :math:`y` recorded
  offences and rate base :math:`b` per :math:`P` residents meets a "no more than" threshold
  once :math:`y' \\le \\lfloor t_j P / b \\rfloor` (and :math:`y' \\ge \\lceil t_j P/b \\rceil` for
  "at least");
* **the next grade up** on the composite: the smallest change of one indicator, in the
  direction that helps, after which the recomputed table (re-normalised, re-aggregated; the
  what-if engine of :mod:`scoring.gaming.whatif`) puts the force's score on or above the
  grade's cut-off, or, for quantile grades, its rank within the grade's places (the climb
  search of :mod:`scoring.gaming.climb`). Bisection where the score is monotone in the
  force's own value, a grid scan first where it is not (z-scores with the arithmetic
  mean). Counts are rounded away from zero to whole offences and the table recomputed there
  (``new_grade``) and at one offence less (``grade_if_one_less``, which must miss).

Every route is priced with the effort index of :mod:`scoring.gaming.route`,
:math:`|t_j| / G_j` (the relative change over the indicator's manipulability), so the
cheapest route is the one a force under pressure would take: usually the indicator police
activity or recording can move. This is this project's design, after Triantaphyllou &
Sánchez (1997, "A sensitivity analysis approach for some deterministic multi-criteria
decision-making methods", *Decision Sciences* 28(1)) and Bevan & Hood (2006, "What's
measured is what matters", *Public Administration* 84(3): threshold effects).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.ranking import DECIMALS
from scoring.core.scenario import Scenario
from scoring.gaming import climb, manipulability, whatif
from scoring.gaming.route import effort
from scoring.grading import rules
from scoring.grading.rules import Bands

COLUMNS = ["target", "indicator", "label", "change_pct", "change_value", "change_count", "unit",
           "effort", "manipulability", "police_generated", "after", "after_one_less", "status"]  # fmt: skip


def routes(dataset: Dataset, scenario: Scenario, code: str, bands: Bands | None = None) -> pd.DataFrame:
    """Every single-indicator route over a line for force ``code``, cheapest first.

    Rows: the next grade up (one per indicator) and each threshold the force falls short of.
    ``after`` is the grade (or "meets") the change gives, recomputed; ``status`` is "ok" or
    why there is no route. An empty frame when the force is in the best grade and meets
    every threshold.
    """
    w = whatif.build(dataset, scenario)
    if code not in w.codes:
        raise ValueError(f"no unit {code!r} in this data")
    f = int(w.codes.get_loc(code))
    graded = w.ranked & np.isfinite(w.scores)
    if not graded[f]:
        raise ValueError("this unit has no place in the table, so it has no grade to lift")
    bands = bands or rules.bands(scenario.grading, w.scores[graded])
    g = grades_g(dataset, scenario, w.indicators)
    rows = _grade_rows(w, f, graded, bands, g) + _threshold_rows(w, dataset, scenario, f, g)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    labels = {j: dataset.label(j) for j in w.indicators}
    frame["label"] = frame["indicator"].map(labels)
    frame["unit"] = frame["indicator"].map(dataset.meta["unit"])
    frame["police_generated"] = frame["indicator"].map(dataset.meta["police_generated"]).astype(bool)
    order = frame["status"].ne("ok")
    return frame.assign(_o=order).sort_values(["_o", "effort", "target"], kind="stable").drop(columns="_o")


def grades_g(dataset: Dataset, scenario: Scenario, indicators: list[str]) -> np.ndarray:
    """Manipulability :math:`G_j` of each indicator under the scenario's rubric."""
    table = manipulability.rubric(dataset, scenario.gaming.rubric)
    return manipulability.manipulability(table[list(manipulability.AXES)].reindex(indicators).to_numpy())


def _grade_rows(w: whatif.WhatIf, f: int, graded: np.ndarray, bands: Bands, g: np.ndarray) -> list[dict]:
    grade = int(bands.assign(w.scores[graded])[np.flatnonzero(graded) == f][0])
    if grade <= 0:
        return []
    target = bands.names[grade - 1]
    m = len(w.indicators)
    sign, size = climb.bounds(w)
    j = np.arange(m)
    live = (w.weights > 0) & (size[f] > 0)
    t = np.full(m, np.nan)
    force = np.full(m, f)
    if bands.kind == "quantile":
        places = np.round(np.cumsum(bands.shares) / 100.0 * graded.sum())[grade - 1]
        t[live] = climb.search(w, force[live], j[live], np.full(live.sum(), places),
                               sign[f, live], size[f, live])  # fmt: skip
    else:
        t[live] = _score_search(w, f, j[live], sign[f, live], size[f, live], bands.cutoffs[grade - 1])
    exact = sign[f] * t
    whole = climb.whole_offences(exact, w.counts[f])
    after = _grades_after(w, f, graded, bands, whole)
    less = whole - sign[f] / np.where(np.isfinite(w.counts[f]) & (w.counts[f] > 0), w.counts[f], np.inf)
    rows = []
    for k in range(m):
        row = _row(w, f, k, f"Reach {target}", whole[k], g[k])
        if not w.weights[k] > 0:
            row["status"] = "weight 0: moving it changes nothing"
        elif not np.isfinite(t[k]):
            row["status"] = "not reachable with this indicator alone"
        else:
            row["after"] = bands.names[after[k]] if after[k] >= 0 else ""
            one_less = _grades_after(w, f, graded, bands, np.where(np.arange(m) == k, less, 0.0))[k]
            row["after_one_less"] = bands.names[one_less] if np.isfinite(w.counts[f, k]) else ""
            row["status"] = "ok" if after[k] <= grade - 1 else "the nearest whole number of offences misses"
        rows.append(row)
    return rows


def _score_search(w: whatif.WhatIf, f: int, ind: np.ndarray, sign: np.ndarray, size: np.ndarray,
                  cutoff: float) -> np.ndarray:
    """Smallest relative change of each indicator ``ind`` that lifts f's score to ``cutoff``."""
    goal = np.round(cutoff, DECIMALS)

    def reaches(idx: np.ndarray, t: np.ndarray) -> np.ndarray:
        changes = whatif.single_changes(len(w.indicators), ind[idx], sign[idx] * t)
        s = w.scores_columns(np.full(len(idx), f), changes)[:, f]
        return np.round(s, DECIMALS) >= goal

    lo = np.zeros(len(ind))
    if climb.monotone(w):
        hi = size.copy()
        ok = reaches(np.arange(len(ind)), hi)
    else:  # scan a grid for the first step that reaches, then refine between it and the last miss
        grid = np.arange(1, int(np.ceil(climb.MAX_INCREASE / climb.GRID_STEP)) + 1) * climb.GRID_STEP
        steps = np.minimum(grid[None, :], size[:, None])
        idx = np.repeat(np.arange(len(ind)), len(grid))
        hit = reaches(idx, steps.ravel()).reshape(len(ind), -1)
        ok = hit.any(axis=1)
        first = np.argmax(hit, axis=1)
        hi = np.where(ok, steps[np.arange(len(ind)), first], size)
        lo = np.where(first > 0, steps[np.arange(len(ind)), np.maximum(first - 1, 0)], 0.0)
    ok &= size > 0
    return climb.bisect(reaches, lo, hi, ok)


def _grades_after(w: whatif.WhatIf, f: int, graded: np.ndarray, bands: Bands, change: np.ndarray) -> np.ndarray:
    """f's grade after each single change ``change[k]`` of indicator k (full recompute); -1 if none."""
    m = len(w.indicators)
    ok = np.isfinite(change)
    out = np.full(m, -1)
    if ok.any():
        changes = whatif.single_changes(m, np.flatnonzero(ok), change[ok])
        scores = w.score_changes(np.full(int(ok.sum()), f), changes)
        out[ok] = bands.assign(scores[:, graded])[:, np.flatnonzero(graded) == f][:, 0]
    return out


def _row(w: whatif.WhatIf, f: int, k: int, target: str, t: float, g: float) -> dict:
    count = w.counts[f, k]
    return {"target": target, "indicator": w.indicators[k], "change_pct": 100 * t,
            "change_value": w.raw[f, k] * t,
            "change_count": np.round(count * t, 6) if np.isfinite(count) else np.nan,
            "effort": float(effort(np.array([t]), np.array([g]))) if np.isfinite(t) else np.inf,
            "manipulability": g, "after": "", "after_one_less": "", "status": ""}  # fmt: skip


def _threshold_rows(w: whatif.WhatIf, dataset: Dataset, scenario: Scenario, f: int,
                    g: np.ndarray) -> list[dict]:
    g_settings = scenario.grading
    used, _ = rules.thresholds_of(g_settings, w.indicators)
    rows = []
    for j in used:
        k = w.indicators.index(j)
        t, d, x = float(g_settings.thresholds[j]), float(w.direction[k]), float(w.raw[f, k])
        if not w.observed[f, k] or rules.meets(np.array([x]), np.array([t]), np.array([d]))[0] != 0.0:
            continue  # no published value, or it meets the threshold already
        count = w.counts[f, k]
        tol = 1e-9 * max(1.0, abs(t))
        if np.isfinite(count) and count > 0:
            per_count = x / count  # the rate one offence is worth
            needed = np.floor((t + tol) / per_count) if d < 0 else np.ceil((t - tol) / per_count)
            change = (needed - count) / count
        else:
            change = t / x - 1.0 if x else np.nan
        row = _row(w, f, k, f"Meet the threshold on {dataset.label(j)}", change, g[k])
        if np.isfinite(count) and count > 0:
            less = (needed - count + (1 if d < 0 else -1)) * per_count + x
            row["after_one_less"] = "meets" if rules.meets(np.array([less]), np.array([t]), np.array([d]))[0] else "falls short"
        after = x * (1 + change)
        row["after"] = "meets" if rules.meets(np.array([after]), np.array([t]), np.array([d]))[0] else "falls short"
        row["status"] = "ok" if row["after"] == "meets" and change >= -1 else "not reachable"
        rows.append(row)
    return rows
