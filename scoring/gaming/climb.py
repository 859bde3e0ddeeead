"""Gaming risk: the smallest change that climbs the table, leverage and threshold effects.

For every ranked force *f*, indicator *j* and target (1, 3 or 5 places, or the top 10)
:func:`climb_table` finds the smallest relative change :math:`t^*` of the force's own
value, in the direction that helps it, after which the **recomputed** table puts the
force at or above the target rank (adapted from Triantaphyllou & Sánchez 1997, in the
references below). The search is exact, including
re-normalisation (every other force's normalised value moves when *f* becomes the new
maximum, the mean moves, the percentile ranks move):

* ranks are monotone in a force's own value under min-max, percentile and distance
  normalisation, and under any normalisation with geometric or Copeland aggregation
  (both use only each indicator's min-max rescaling or order), so **bisection** on
  :math:`t` finds :math:`t^*` to a relative precision of :data:`TOLERANCE`;
* with z-scores and the arithmetic mean the gain saturates and can reverse near the
  extremes, so a **grid scan** (:data:`GRID_STEP` steps) finds the first success and
  bisection refines it (this project's design).

Each result is confirmed by recomputing the whole table at :math:`t^*` (``new_rank``)
and at :math:`0.99\\,t^*` (``rank_if_1pct_less``, which must miss the target). Offences
come whole: for a count, the change is rounded away from zero to the next whole offence
(a minimum of -0.44 homicides is one homicide fewer), the table is recomputed at that
whole change (``new_rank``) and at one offence less (``rank_if_one_less``); a rounded
change that misses the target (possible only where ranks are not monotone) is reported
as such.
Changes are searched up to :data:`MAX_INCREASE` (four times the recorded value) or down
to zero; beyond that the route is reported as not reachable.

Also here: gaming leverage (rank gain per 1% change, weighted by the manipulability
:math:`G_j`; this project's design, after the promotion analysis of Wolters & Mareschal
1995, "Novel types of sensitivity analysis for additive MCDM methods", *EJOR* 81(2), and
Holmström & Milgrom 1991, "Multitask principal-agent analyses", *JLEO* 7) and threshold effects
:math:`\\varepsilon_f(\\delta) = \\#\\{g: 0 < S_g - S_f \\le \\delta\\}` (this project's
measure, after Bevan & Hood 2006, "What's measured is what matters", *Public Administration*
84(3)).

References
----------
Triantaphyllou & Sánchez (1997), "A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods", *Decision Sciences* 28(1): the
smallest change in a performance measure that reverses a ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core.ranking import ordinal
from scoring.gaming.whatif import WhatIf, single_changes

PLACES = (1, 3, 5)
TOP = 10
MAX_INCREASE = 3.0  # +300%: this project's search range
GRID_STEP = 0.005  # 0.5% steps for the z-score scan (this project's choice)
TOLERANCE = 1e-6  # bisection stops when the bracket is this small relative to the change
LEVERAGE_STEP = 0.10  # leverage averages the rank gain over the first 10% of change


def target_label(places: int | None) -> str:
    """ "1 place", "3 places", "top 10"."""
    if places is None:
        return f"top {TOP}"
    return f"{places} place" + ("" if places == 1 else "s")


def monotone(w: WhatIf) -> bool:
    """True when a force's rank can only improve as its own value improves."""
    return not (w.normalisation == "zscore" and w.aggregation == "arithmetic")


def bounds(w: WhatIf) -> tuple[np.ndarray, np.ndarray]:
    """Helpful direction (+1 raise, -1 lower) and the largest relative change, ``(n, m)``.

    A raise goes up to :data:`MAX_INCREASE` (and a percentage up to 100); a cut goes down
    to zero. A zero, missing or imputed value cannot change relatively: its bound is 0.
    """
    sign = np.broadcast_to(w.direction, w.raw.shape).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.minimum(MAX_INCREASE, w.upper / w.raw - 1.0)
    size = np.where(sign > 0, room, 1.0)
    movable = w.observed & np.isfinite(w.raw) & (w.raw > 0)
    size = np.where(movable, np.maximum(size, 0.0), 0.0)
    return sign, size


def search(w: WhatIf, force, ind, target, sign, size) -> np.ndarray:
    """Smallest size of change (>= 0) that reaches ``target`` rank; NaN if none within ``size``.

    All arguments are arrays of one length B (one search per element); ``sign`` is the
    helpful direction and ``size`` the largest change allowed.
    """
    force, ind = np.asarray(force, int), np.asarray(ind, int)
    target, sign, size = (np.asarray(a, float) for a in (target, sign, size))

    def reaches(idx, t):
        return w.rank_single(force[idx], ind[idx], sign[idx] * t) <= target[idx]

    lo = np.zeros(len(force))
    hi = size.copy()
    if monotone(w):
        ok = size > 0
        ok[ok] = reaches(np.flatnonzero(ok), size[ok])
    else:
        ok, lo, hi = _grid_bracket(w, force, ind, target, sign, size)
    return bisect(reaches, lo, hi, ok)


def bisect(reaches, lo: np.ndarray, hi: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Shrink each bracket ``(lo fails, hi reaches]`` to :data:`TOLERANCE`; NaN where not ok."""
    lo, hi = lo.copy(), hi.copy()
    for _ in range(80):
        live = np.flatnonzero(ok & (hi - lo > TOLERANCE * hi))
        if not len(live):
            break
        mid = (lo[live] + hi[live]) / 2
        hit = reaches(live, mid)
        hi[live[hit]] = mid[hit]
        lo[live[~hit]] = mid[~hit]
    return np.where(ok, hi, np.nan)


def _grid_bracket(w: WhatIf, force, ind, target, sign, size):
    """First grid step that reaches the target (z-score + arithmetic mean only)."""
    grid = np.arange(1, int(np.ceil(MAX_INCREASE / GRID_STEP)) + 1) * GRID_STEP
    pairs, inverse = np.unique(np.column_stack([force, ind]), axis=0, return_inverse=True)
    steps = np.minimum(grid[None, :], size[_first(inverse, len(pairs))][:, None])
    f = np.repeat(pairs[:, 0], len(grid))
    j = np.repeat(pairs[:, 1], len(grid))
    s = np.repeat(sign[_first(inverse, len(pairs))], len(grid))
    ranks = w.rank_single(f, j, s * steps.ravel()).reshape(len(pairs), -1)
    hit = ranks[inverse] <= target[:, None]
    ok = hit.any(axis=1) & (size > 0)
    first = np.argmax(hit, axis=1)
    hi = np.where(ok, steps[inverse, first], size)
    lo = np.where(first > 0, steps[inverse, np.maximum(first - 1, 0)], 0.0)
    return ok, lo, hi


def _first(inverse: np.ndarray, n: int) -> np.ndarray:
    """Index of the first element of each group."""
    out = np.zeros(n, dtype=int)
    out[inverse[::-1]] = np.arange(len(inverse))[::-1]
    return out


def climb_table(w: WhatIf, names: pd.Series, labels: dict[str, str],
                places=PLACES, top: int | None = TOP) -> pd.DataFrame:
    """Smallest change of each indicator that climbs each target, for every unit.

    Returns
    -------
    DataFrame
        One row per unit x indicator x target: ``code, name, rank, indicator, label,
        target, places, target_rank, change_pct`` (signed, per cent), ``change_value``
        (in the indicator's unit), ``change_count`` (recorded offences; NaN for a
        percentage), ``new_rank`` (recomputed at the change), ``rank_if_1pct_less``
        and ``status`` ("ok" or why there is no answer).
    """
    n, m = w.raw.shape
    targets = [(k, None) for k in places] + ([(None, top)] if top else [])
    sign, size = bounds(w)
    rows = []
    for f in range(n):
        for j in range(m):
            for k, rank_to in targets:
                rows.append(_row(w, f, j, k, rank_to))
    frame = pd.DataFrame(rows)
    todo = frame.index[frame["status"] == ""]
    f, j = frame.loc[todo, "f"].to_numpy(int), frame.loc[todo, "j"].to_numpy(int)
    t = search(w, f, j, frame.loc[todo, "target_rank"], sign[f, j], size[f, j])
    frame.loc[todo, "size"] = t
    frame.loc[todo, "status"] = np.where(np.isnan(t), _unreachable(sign[f, j]), "ok")
    _confirm(w, frame, sign)
    frame["code"] = w.codes[frame["f"]]
    frame["name"] = names.reindex(frame["code"]).to_numpy()
    frame["indicator"] = [w.indicators[i] for i in frame["j"]]
    frame["label"] = frame["indicator"].map(labels)
    frame["target"] = [target_label(None if pd.isna(k) else int(k)) for k in frame["places"]]
    return frame[["code", "name", "rank", "indicator", "label", "target", "places",
                  "target_rank", "change_pct", "change_value", "change_count", "new_rank",
                  "rank_if_1pct_less", "rank_if_one_less", "status"]]  # fmt: skip


def _row(w: WhatIf, f: int, j: int, k: int | None, rank_to: int | None) -> dict:
    rank = w.ranks[f]
    row = {"f": f, "j": j, "rank": rank, "places": k, "target_rank": np.nan, "status": ""}
    if np.isnan(rank):
        row["status"] = "not ranked: no place to climb"
        return row
    goal = rank - k if k is not None else rank_to
    row["target_rank"] = goal
    if k is not None and goal < 1:
        row["status"] = f"cannot climb {target_label(k)} from {ordinal(int(rank))}"
    elif k is None and rank <= rank_to:
        row["status"] = f"already in the top {rank_to}"
    elif w.weights[j] <= 0:
        row["status"] = "weight 0: moving it changes nothing"
    elif not w.observed[f, j]:
        row["status"] = "no value in the data (missing or filled in)"
    elif not w.raw[f, j] > 0:
        row["status"] = "recorded 0: no per cent change applies"
    return row


def _unreachable(sign: np.ndarray) -> np.ndarray:
    alone = "not reachable with this indicator alone"
    return np.where(sign > 0, f"{alone} (up to +{MAX_INCREASE:.0%})", f"{alone} (even at zero)")


def whole_offences(t: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """A relative change ``t`` rounded away from zero to whole offences (``t`` where no count)."""
    counts = np.asarray(counts, dtype=float)
    is_count = np.isfinite(counts) & (counts > 0)
    safe = np.where(is_count, counts, 1.0)
    whole = np.sign(t) * np.ceil(np.round(np.abs(t * safe), 9))  # 3.0000000001 stays 3
    return np.where(is_count, whole / safe, t)


def _confirm(w: WhatIf, frame: pd.DataFrame, sign: np.ndarray) -> None:
    """Recompute the table at the (whole-offence) change, at 1% less and one offence less."""
    frame["change_pct"] = frame["change_value"] = frame["change_count"] = np.nan
    frame["new_rank"] = frame["rank_if_1pct_less"] = frame["rank_if_one_less"] = np.nan
    ok = frame.index[frame["status"] == "ok"]
    if not len(ok):
        return
    f, j = frame.loc[ok, "f"].to_numpy(int), frame.loc[ok, "j"].to_numpy(int)
    exact = sign[f, j] * frame.loc[ok, "size"].to_numpy(float)
    counts = w.counts[f, j]
    t = whole_offences(exact, counts)
    m = len(w.indicators)
    # The full pipeline path, not the faster one the search used: an independent check.
    new_rank = w.rank_changes(f, single_changes(m, j, t))
    frame.loc[ok, "new_rank"] = new_rank
    frame.loc[ok, "rank_if_1pct_less"] = w.rank_changes(f, single_changes(m, j, 0.99 * exact))
    is_count = np.isfinite(counts) & (counts > 0)
    if is_count.any():
        less = t - sign[f, j] / np.where(is_count, counts, 1.0)
        frame.loc[ok[is_count], "rank_if_one_less"] = w.rank_changes(
            f[is_count], single_changes(m, j[is_count], less[is_count]))  # fmt: skip
    frame.loc[ok, "change_pct"] = 100 * t
    frame.loc[ok, "change_value"] = w.raw[f, j] * t
    frame.loc[ok, "change_count"] = np.round(w.counts[f, j] * t, 6)
    missed = ok[new_rank > frame.loc[ok, "target_rank"].to_numpy(float)]
    frame.loc[missed, "status"] = "the nearest whole number of offences misses the target"


# ------------------------------------------------------------------ leverage and thresholds


def rank_gains(w: WhatIf, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Places gained by each force from a ``step`` change of each indicator alone.

    Returns ``(gain, pct)``, both ``(n, m)``: places gained (NaN for unranked units) and
    the change actually applied in per cent (smaller than ``step`` where a bound binds,
    for example a percentage near 100).
    """
    n, m = w.raw.shape
    sign, size = bounds(w)
    applied = np.minimum(step, size)
    f, j = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    after = w.rank_single(f, j, (sign * applied).ravel()).reshape(n, m)
    gain = np.where(w.ranked[:, None], w.ranks[:, None] - after, np.nan)
    return gain, 100 * applied


def leverage(w: WhatIf, grades_g: np.ndarray, step: float = LEVERAGE_STEP) -> dict[str, np.ndarray]:
    """Gaming leverage :math:`L_{fj} = G_j \\, \\Delta r_{fj}(s) / (100 s)` for a step *s*.

    :math:`\\Delta r_{fj}` is the places force *f* gains from a ``step`` (default 10%)
    change of indicator *j* alone, in the helpful direction, with the table recomputed;
    dividing by the size of the change in per cent gives places per 1% change, and
    :math:`G_j` (B1) weights it by how cheaply police activity or recording can make
    that change. A zero-weight indicator gains nothing, so its leverage is 0.

    Returns a dict of ``(n, m)`` arrays: ``places_per_pct``, ``leverage`` and
    ``gain_1pct`` (places bought by a 1% change).
    """
    gain, pct = rank_gains(w, step)
    gain_1pct, _ = rank_gains(w, 0.01)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_pct = np.where(pct > 0, gain / pct, 0.0)
    per_pct = np.where(w.ranked[:, None], per_pct, np.nan)
    return {"places_per_pct": per_pct, "leverage": per_pct * np.asarray(grades_g)[None, :],
            "gain_1pct": gain_1pct}  # fmt: skip


def thresholds(w: WhatIf, share: float) -> pd.DataFrame:
    """Threshold effects: forces within a small score distance (after Bevan & Hood 2006).

    :math:`\\delta` = ``share`` x (highest - lowest ranked score). For each ranked force:
    ``above`` = :math:`\\#\\{g: 0 < S_g - S_f \\le \\delta\\}`, the places a score rise of
    :math:`\\delta` would buy; ``below`` = the forces a fall of :math:`\\delta` would let
    past; ``gap_to_top`` = the score short of the 10th place.
    """
    s = np.where(w.ranked, w.scores, np.nan)
    delta = share * (np.nanmax(s) - np.nanmin(s))
    diff = np.round(s[None, :] - s[:, None], 9)  # [f, g] = S_g - S_f, rounded as ranks are
    above = np.sum((diff > 0) & (diff <= delta), axis=1)
    below = np.sum((diff < 0) & (diff >= -delta), axis=1)
    tenth = np.sort(s[~np.isnan(s)])[::-1][min(TOP, int(np.sum(~np.isnan(s)))) - 1]
    out = pd.DataFrame(
        {"rank": w.ranks, "score": w.scores, "above": above, "below": below,
         "gap_to_top": np.maximum(tenth - s, 0.0), "delta": delta},
        index=w.codes,
    )  # fmt: skip
    return out[w.ranked]
