"""Weight stability intervals: how far one measure's weight can move before ranks change.

After Triantaphyllou & Sánchez (1997, "A sensitivity analysis approach for some deterministic
multi-criteria decision-making methods", *Decision Sciences* 28(1):151-194); the exact
intervals below are this project's derivation.

Move measure *k*'s share to *t* and rescale the others in proportion,
:math:`W_l(t) = W^0_l (1-t)/(1-W^0_k)`. Along that path every unit's score numerator
and denominator (:mod:`scoring.instability.shares`) are linear in *t*, so the difference between
two units changes sign only where

.. math:: P_{fg}(t) = N_f(t) D_g(t) - N_g(t) D_f(t) = 0 ,

a quadratic in *t* (a linear one with complete data, where it reduces to the closed
form :math:`t^*_{fg} = b_{fg}/(b_{fg} - a_{fg})`, derived for this project after
Triantaphyllou & Sánchez 1997). The geometric mean is the same in logs. For Copeland
the score is a count of pairwise contests, piecewise constant in *t*; it can only
change where one contest's weighted margin :math:`\\sum_j w_j(t)\\,
\\mathrm{sign}(z_{fj} - z_{gj})`, linear in *t*, crosses zero. Either way the
candidate points are known exactly, so the table is evaluated at every candidate and
between each pair of neighbours; the stability interval runs from the nearest change
below the nominal share to the nearest above it. It is exact, not a scan.

Three intervals per measure: no rank changes at all; the top ten stay the same set;
and, per force, that force's rank stays the same. Proportional rescaling is
equivalent to Triantaphyllou's unnormalised change, because ranks do not change when
every weight is scaled together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import normalise
from scoring.core.dataset import Dataset
from scoring.core.pipeline import prepare, rank_ranked
from scoring.core.ranking import DECIMALS
from scoring.core.scenario import Scenario
from scoring.instability.shares import aggregated_values, check_one_aggregation, measure_parts, measure_weights
from scoring.instability.summary import TOP


@dataclass(frozen=True, eq=False)
class StabilityResult:
    """Per measure: the nominal share and its stability intervals."""

    table: pd.DataFrame  # index measure id: label, share, low, high, low_pair, high_pair,
    #                      top_low, top_high, margin, critical
    force_low: pd.DataFrame  # ranked unit code x measure: lowest share keeping its rank
    force_high: pd.DataFrame
    aggregation: str


def stability(dataset: Dataset, scenario: Scenario) -> StabilityResult:
    """Stability intervals of every measure share under ``scenario``'s methods."""
    check_one_aggregation(scenario, "stability intervals")
    p = prepare(dataset, scenario)
    mw = measure_weights(p, scenario)
    agg = scenario.aggregation
    if agg == "copeland":
        z = normalise.normalise(p.x, scenario.normalisation, p.direction, scale_mask=p.scale_mask,
                                reference=p.reference)  # fmt: skip
        sign = np.nan_to_num(np.sign(z[:, None, :] - z[None, :, :]), nan=0.0)
        parts = (sign * mw.within) @ mw.one_hot  # (n, n, K) contest margins by measure
        path = _copeland_path(parts, p.scale_mask)
    else:
        y = aggregated_values(p, scenario.normalisation, agg, scenario.geometric_offset)
        path = _mean_path(*measure_parts(y, mw), geometric=agg == "geometric")
    ranked = p.ranked_mask
    codes = np.asarray(p.codes)[ranked]
    rows, force_low, force_high = [], {}, {}
    for k, measure in enumerate(mw.names):
        t0 = float(mw.shares[k])
        row = {"share": t0}
        if t0 >= 1.0 - 1e-12 or (mw.within[mw.groups == k] == 0).all():
            rows.append(row)  # the only measure (nothing to rescale) or one with no indicator
            continue
        scores, roots = path(k, mw.shares)
        knots = np.unique(np.concatenate([[0.0, 1.0, t0], roots]))
        points = np.empty(2 * len(knots) - 1)
        points[0::2], points[1::2] = knots, (knots[:-1] + knots[1:]) / 2
        ranks = rank_ranked(scores(points), ranked)[:, ranked]
        start = 2 * int(np.searchsorted(knots, t0))
        nominal = ranks[start]
        top = min(TOP, len(nominal))
        differ = np.column_stack([
            (ranks != nominal).any(axis=1),
            ((ranks <= top) != (nominal <= top)).any(axis=1),
            ranks != nominal,
        ])  # fmt: skip
        low, high, below, above = _ends(points, start, differ)
        row.update(low=low[0], high=high[0], top_low=low[1], top_high=high[1],
                   low_pair=_flipped(ranks, nominal, below[0], codes),
                   high_pair=_flipped(ranks, nominal, above[0], codes))  # fmt: skip
        rows.append(row)
        force_low[measure], force_high[measure] = low[2:], high[2:]
    table = pd.DataFrame(rows, index=pd.Index(mw.names, name="measure"))
    table.insert(0, "label", [str(dataset.measures["label"].get(k, k)) for k in mw.names])
    table = table.reindex(columns=["label", "share", "low", "high", "low_pair", "high_pair",
                                   "top_low", "top_high"])  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        margin = np.minimum(table["share"] - table["low"], table["high"] - table["share"])
        table["margin"] = np.where(table["share"] > 0, margin / table["share"], np.nan)
    table["critical"] = False
    if table["margin"].notna().any():
        table.loc[table["margin"].idxmin(), "critical"] = True
    frame = pd.DataFrame(index=pd.Index(codes, name="code"))
    return StabilityResult(table=table, force_low=frame.assign(**force_low),
                           force_high=frame.assign(**force_high), aggregation=agg)  # fmt: skip


def _mean_path(num: np.ndarray, den: np.ndarray, *, geometric: bool):
    """Scores along the path of measure k, and the roots of every pair difference."""

    def path(k: int, w0: np.ndarray):
        rest = np.delete(np.arange(len(w0)), k)
        scale = w0[rest] / (1.0 - w0[k])
        a, c = num[:, rest] @ scale, den[:, rest] @ scale  # value at t = 0
        b, d = num[:, k] - a, den[:, k] - c  # change per unit of t

        def scores(t: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore", divide="ignore"):
                s = (a + np.outer(t, b)) / (c + np.outer(t, d))
            return np.exp(s) if geometric else s

        quad = np.outer(b, d) - np.outer(d, b)
        lin = np.outer(a, d) + np.outer(b, c) - np.outer(d, a) - np.outer(c, b)
        const = np.outer(a, c) - np.outer(c, a)
        iu = np.triu_indices(len(a), 1)
        return scores, quadratic_roots(quad[iu], lin[iu], const[iu])

    return path


def _copeland_path(parts: np.ndarray, opponents: np.ndarray):
    """Copeland scores along the path of measure k, and the zero of every contest margin."""

    def path(k: int, w0: np.ndarray):
        rest = np.delete(np.arange(len(w0)), k)
        a = parts[:, :, rest] @ (w0[rest] / (1.0 - w0[k]))
        b = parts[:, :, k] - a

        def scores(t: np.ndarray) -> np.ndarray:
            margin = np.round(a + t[:, None, None] * b, DECIMALS)  # as aggregate.copeland
            return (np.sign(margin) * opponents).sum(axis=-1)

        iu = np.triu_indices(len(a), 1)
        return scores, quadratic_roots(np.zeros(len(iu[0])), b[iu], a[iu])

    return path


def quadratic_roots(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Real roots in [0, 1] of :math:`a t^2 + b t + c` for many polynomials at once.

    Uses the cancellation-free form :math:`q = -(b + \\mathrm{sign}(b)\\sqrt{b^2-4ac})/2`,
    roots :math:`q/a` and :math:`c/q`; polynomials that are zero everywhere have no root.
    """
    scale = np.maximum.reduce([np.abs(a), np.abs(b), np.abs(c)]) + 1e-300
    a, b, c = a / scale, b / scale, c / scale
    linear = np.abs(a) < 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        lin_roots = np.where(linear & (np.abs(b) > 1e-12), -c / b, np.nan)
        disc = b * b - 4 * a * c
        q = -(b + np.where(b >= 0, 1.0, -1.0) * np.sqrt(np.where(disc >= 0, disc, np.nan))) / 2
        quad_roots = np.where(~linear, np.stack([q / a, c / q]), np.nan)
    roots = np.concatenate([lin_roots, quad_roots.ravel()])
    return roots[np.isfinite(roots) & (roots >= 0.0) & (roots <= 1.0)]


def _ends(points: np.ndarray, start: int, differ: np.ndarray):
    """Nearest change below and above ``points[start]`` for each column of ``differ``.

    ``points`` alternate knot, midpoint, knot, ...; a change first seen at a knot ends
    the interval at that knot, one first seen at a midpoint ends it at the knot before.
    Returns the low and high ends, and the index of the first changed point each way
    (-1 when nothing changes before the end of [0, 1]).
    """
    hit_up = _first(differ[start + 1 :], start + 1, 1)
    hit_down = _first(differ[:start][::-1], start - 1, -1)
    high = np.where(hit_up < 0, 1.0, points[hit_up - (hit_up % 2)])
    low = np.where(hit_down < 0, 0.0, points[hit_down + (hit_down % 2)])
    return low, high, hit_down, hit_up


def _first(seq: np.ndarray, origin: int, step: int) -> np.ndarray:
    """Index (counted from ``origin`` in direction ``step``) of each column's first True, or -1."""
    if len(seq) == 0:
        return np.full(seq.shape[1], -1)
    return np.where(seq.any(axis=0), origin + step * seq.argmax(axis=0), -1)


def _flipped(ranks: np.ndarray, nominal: np.ndarray, index: int, codes: np.ndarray):
    """Codes of the first pair whose order is no longer the nominal one at ``index``."""
    if index < 0:
        return None
    after = ranks[index]
    before_pair = nominal[:, None] < nominal[None, :]
    changed = before_pair & ~(after[:, None] < after[None, :])
    f, g = np.argwhere(changed)[0] if changed.any() else np.argwhere(
        (nominal[:, None] == nominal[None, :]) & (after[:, None] != after[None, :]))[0]  # fmt: skip
    return (str(codes[f]), str(codes[g]))


def critical_weight(table: pd.DataFrame) -> pd.Series | None:
    """The row of :attr:`StabilityResult.table` with the smallest relative margin, if any."""
    critical = table[table["critical"]]
    return critical.iloc[0] if len(critical) else None
