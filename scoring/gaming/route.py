"""The cheapest route up the table: one indicator, or a mix.

Moving an indicator costs effort, and the effort depends on how manipulable it is. A
change of :math:`t_j` (relative) on indicator *j* is given the effort
:math:`|t_j| / G_j`, with :math:`G_j` the manipulability score of B1, so a 10% rise
in recorded drug offences (:math:`G = 0.67`) costs 0.15 while a 10% fall in recorded
homicide (:math:`G = 0.08`) costs 1.2, and an indicator with :math:`G_j = 0` cannot be
bought at all. A change is *plausible* up to :math:`\\bar t_j = c\\,G_j` (``max_change``
:math:`c`, default 50%): with the default grades that is 17% for recorded
neighbourhood crime and 29% for violence with injury, close to the 19% of crime and
the third of violent crime that HMIC (2014, *Crime-recording: making the victim
count*) found unrecorded.

The cheapest route is the cheaper of

* the best **single indicator** whose exact minimum change (B2) is plausible, and
* a **mix** found as a fractional knapsack (this project's design): indicators are taken in
  order of score gained per unit of effort, each up to its plausible maximum, and the
  last one only as far as needed (bisection). Every mix is confirmed by recomputing the
  whole table, with re-normalisation.

Officer-hours are known only for drug offences raised by stop and search
(:mod:`scoring.gaming.stopsearch`); the effort index is a comparison between routes, not a
cost in money or hours. This is the project's design, after Holmström & Milgrom
(1991), "Multitask principal-agent analyses", *JLEO* 7: effort goes where the measure
pays most.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.gaming.climb import bisect, bounds, whole_offences
from scoring.gaming.whatif import WhatIf, single_changes

DEFAULT_MAX_CHANGE = 0.5


def effort(changes: np.ndarray, grades_g: np.ndarray) -> np.ndarray:
    """Effort :math:`\\sum_j |t_j| / G_j` of changes ``(..., m)``.

    Infinite when an indicator with :math:`G_j = 0` moves, or when the changes are NaN
    (no route).
    """
    g = np.asarray(grades_g, dtype=float)
    t = np.abs(np.asarray(changes, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(t > 0, t / g, np.where(np.isnan(t), np.inf, 0.0))
    return per.sum(axis=-1)


def caps(w: WhatIf, grades_g: np.ndarray, max_change: float) -> tuple[np.ndarray, np.ndarray]:
    """Helpful direction and plausible largest change :math:`\\min(c\\,G_j, \\text{bound})`.

    Both ``(n, m)``; an indicator with weight 0 gets a cap of 0 (moving it buys nothing).
    """
    sign, size = bounds(w)
    cap = np.minimum(max_change * np.asarray(grades_g, float)[None, :], size)
    cap = np.where(w.weights[None, :] > 0, cap, 0.0)
    return sign, cap


def cheapest_routes(w: WhatIf, climb: pd.DataFrame, grades_g: np.ndarray,
                    max_change: float = DEFAULT_MAX_CHANGE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cheapest plausible route for every ranked force and target of ``climb``.

    Parameters
    ----------
    climb : DataFrame
        :func:`scoring.gaming.climb.climb_table` for the same ``w``.
    grades_g : ndarray, shape (m,)
        Manipulability :math:`G_j` of each indicator.

    Returns
    -------
    routes : DataFrame
        One row per force and target: ``code, name, rank, target, target_rank, route``
        ("one indicator", "a mix" or "none"), ``effort``, ``new_rank``,
        ``rank_if_1pct_less`` (every change of the exact minimum 1% smaller), ``status``.
        Changes in counts are rounded away from zero to whole offences, and ``new_rank``
        is recomputed at the rounded changes.
    steps : DataFrame
        The changes of each route: ``code, target, indicator, change_pct, change_value,
        change_count`` (signed).
    """
    g = np.asarray(grades_g, dtype=float)
    sign, cap = caps(w, g, max_change)
    goals = climb.drop_duplicates(["code", "target"])
    climbs = (goals["target_rank"] >= 1) & (goals["rank"] > goals["target_rank"])
    goals = goals[climbs].reset_index(drop=True)
    force = w.codes.get_indexer(goals["code"])
    chosen = _best_singles(w, climb, goals, force, g, sign, cap)
    mixed = _knapsack(w, force, goals["target_rank"].to_numpy(float), g, sign, cap)
    # The knapsack's bisection stops within TOLERANCE, so a tie goes to the exact single.
    use_mix = effort(mixed, g) < effort(chosen, g) * (1 - 1e-4)
    exact = np.where(use_mix[:, None], mixed, chosen)
    chosen = whole_offences(exact, w.counts[force])  # offences come whole (NaN stays NaN)
    found = np.isfinite(effort(chosen, g)) & (np.abs(np.nan_to_num(chosen)).sum(axis=1) > 0)
    return _frames(w, goals, force, chosen, found, g, exact)


def _best_singles(w, climb, goals, force, g, sign, cap) -> np.ndarray:
    """Changes ``(T, m)`` of the cheapest plausible single-indicator route (NaN if none)."""
    ok = climb[climb["status"] == "ok"].copy()
    ok["j"] = [w.indicators.index(i) for i in ok["indicator"]]
    ok["f"] = w.codes.get_indexer(ok["code"])
    ok["t"] = ok["change_pct"] / 100
    ok = ok[np.abs(ok["t"]) <= cap[ok["f"], ok["j"]] * (1 + 1e-9)]
    ok["effort"] = np.abs(ok["t"]) / g[ok["j"]]
    best = ok.sort_values("effort").drop_duplicates(["code", "target"])
    out = np.full((len(goals), w.raw.shape[1]), np.nan)
    where = pd.MultiIndex.from_frame(goals[["code", "target"]])
    rows = where.get_indexer(pd.MultiIndex.from_frame(best[["code", "target"]]))
    out[rows] = 0.0
    out[rows, best["j"].to_numpy(int)] = best["t"].to_numpy(float)
    return out


def _knapsack(w: WhatIf, force, target, g, sign, cap) -> np.ndarray:
    """Greedy fractional knapsack over indicators; changes ``(T, m)`` (NaN if none)."""
    m = w.raw.shape[1]
    gain = _margin_gain(w, sign * cap)  # (n, m) score margin bought at the plausible cap
    with np.errstate(divide="ignore", invalid="ignore"):
        per_effort = np.where(cap > 0, gain * g[None, :] / cap, -np.inf)  # effort at cap = cap/G
    order = np.argsort(-per_effort[force], axis=1, kind="stable")
    usable = np.take_along_axis(per_effort[force] > 0, order, axis=1)
    full = sign[force] * cap[force]
    result = np.full((len(force), m), np.nan)
    open_ = np.ones(len(force), dtype=bool)
    taken = np.zeros((len(force), m))
    for step in range(m):
        live = np.flatnonzero(open_ & usable[:, step])
        if not len(live):
            break
        j = order[live, step]
        trial = taken[live].copy()
        trial[np.arange(len(live)), j] = full[live, j]
        hit = w.rank_columns(force[live], trial) <= target[live]
        done, more = live[hit], live[~hit]
        if len(done):
            result[done] = _finish(w, force[done], target[done], taken[done],
                                   order[done, step], full[done, order[done, step]])  # fmt: skip
            open_[done] = False
        taken[more, order[more, step]] = full[more, order[more, step]]
    return result


def _finish(w: WhatIf, force, target, taken, j, full_j) -> np.ndarray:
    """Bisection on the share of the last indicator's plausible change that is needed.

    The indicators already taken are scored once (:meth:`WhatIf.held_terms`); each step
    re-scores indicator ``j`` alone, which is not among them.
    """
    held = w.held_terms(force, taken)

    def reaches(idx, share):
        step = single_changes(taken.shape[1], j[idx], share * full_j[idx])
        return w.rank_columns(force[idx], step, held=held[idx]) <= target[idx]

    share = bisect(reaches, np.zeros(len(force)), np.ones(len(force)), np.ones(len(force), bool))
    out = taken.copy()
    out[np.arange(len(force)), j] = share * full_j
    return out


def _margin_gain(w: WhatIf, full: np.ndarray) -> np.ndarray:
    """Rise in :math:`S_f - \\overline{S}_{g \\ne f}` when *f* moves one indicator to ``full``."""
    n, m = full.shape
    f, j = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    scores = w.scores_columns(f, single_changes(m, j, full.ravel()))
    ranked = w.ranked

    def margin(s, own):
        others = (np.nansum(np.where(ranked, s, 0.0), axis=-1) - own) / max(ranked.sum() - 1, 1)
        return own - others

    own_after = scores[np.arange(len(f)), f]
    after = margin(scores, own_after)
    before = margin(np.broadcast_to(w.scores, scores.shape), w.scores[f])
    return (after - before).reshape(n, m)


def _frames(w: WhatIf, goals, force, chosen, found, g, exact):
    used = (np.nan_to_num(chosen) != 0).sum(axis=1)
    rank_after = np.full(len(goals), np.nan)
    rank_less = np.full(len(goals), np.nan)
    idx = np.flatnonzero(found)
    if len(idx):
        rank_after[idx] = w.rank_changes(force[idx], chosen[idx])
        rank_less[idx] = w.rank_changes(force[idx], 0.99 * exact[idx])  # the exact minimum
    routes = pd.DataFrame({
        "code": goals["code"], "name": goals["name"], "rank": goals["rank"],
        "target": goals["target"], "target_rank": goals["target_rank"],
        "route": np.where(~found, "none", np.where(used > 1, "a mix", "one indicator")),
        "effort": np.where(found, effort(np.nan_to_num(chosen), g), np.nan),
        "new_rank": rank_after, "rank_if_1pct_less": rank_less,
        "status": np.where(~found, "not reachable within plausible changes",
                           np.where(rank_after > goals["target_rank"].to_numpy(float),
                                    "the nearest whole number of offences misses the target", "ok")),
    })  # fmt: skip
    rows, cols = np.nonzero(np.nan_to_num(chosen) * found[:, None])
    t = chosen[rows, cols]
    f = force[rows]
    steps = pd.DataFrame({
        "code": goals["code"].to_numpy()[rows], "target": goals["target"].to_numpy()[rows],
        "indicator": [w.indicators[c] for c in cols], "change_pct": 100 * t,
        "change_value": w.raw[f, cols] * t, "change_count": w.counts[f, cols] * t,
    })  # fmt: skip
    return routes, steps

