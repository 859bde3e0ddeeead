"""Best and worst achievable rank of every force over admissible weights.

Ranking intervals after Salo & Punkka (2011, "Ranking intervals and dominance relations for
ratio-based efficiency analysis", *Management Science* 57(1):200-214): the best
and the worst rank a unit can reach over a *set* of weights. The admissible set here
is every vector of measure shares with :math:`\\sum_k W_k = 1` and
:math:`L_k \\le W_k \\le U_k` (the user's minimum and maximum per measure; indicator
weights within a measure stay fixed). With complete data a score is linear in the
shares, :math:`S_g(W) = \\sum_k W_k Z_{gk}` (:mod:`scoring.instability.shares`; for the geometric
mean, in logs), so each bound is one mixed-integer linear programme with a binary
:math:`b_g` per rival (the formulation is this project's; the concept is Salo & Punkka's):

* best rank of *f*: :math:`1 + \\min \\sum_g b_g` s.t.
  :math:`\\sum_k W_k (Z_{gk} - Z_{fk}) \\le M b_g` (a rival not counted scores at most
  as much as *f*; ties share the better rank, as in the table);
* worst rank of *f*: :math:`1 + \\max \\sum_g b_g` s.t.
  :math:`\\sum_k W_k (Z_{gk} - Z_{fk}) \\ge \\varepsilon - M (1 - b_g)` (a rival counted
  beats *f* by at least :math:`\\varepsilon = 10^{-6}`: smaller leads count as ties);

with :math:`M = \\max_{g,k} |Z_{gk} - Z_{fk}| + \\varepsilon`, which no weighted
difference can exceed.

**Robust bounds.** A best or worst rank can hold only on a sliver of weight space, where
*f* leads (or trails) a rival by a hair's breadth. The robust bounds count a rival as
passed only when *f* is ahead of it by at least a stated lead :math:`\\delta`, and as
ahead only when it leads *f* by at least :math:`\\delta`: the same programmes with
:math:`\\sum_k W_k (Z_{gk} - Z_{fk}) \\le -\\delta + M b_g` and
:math:`\\ge \\delta - M (1 - b_g)`. :math:`\\delta` is ``min_lead`` (default 0.1%) of the
spread of the ranked units' scores under the scenario's weights (this project's rule). The
robust programme is solved only when the plain bound's own weights miss the lead.
A best or worst rank that its robust counterpart does not reach is marked as a sliver.

Each programme is solved exactly by HiGHS (Huangfu & Hall 2018, "Parallelizing the dual revised
simplex method", *Mathematical Programming Computation* 10:119-142) through its own Python
binding, highspy, which lets go of Python's interpreter lock while it solves, so the units'
programmes run on every core at once (scipy's binding of the same solver holds the lock: one
core). The programmes are independent and each runs on one solver thread, so the answer does
not depend on the number of workers.

Each reported rank is then re-checked by ranking the whole table at the optimal weights,
and the weights are returned as the certificate. An optimum lies on its constraints, which
the solver meets only to within a tolerance; where the re-check falls short of it, a linear
programme keeps the optimum's choice of rivals and moves the weights inside (:func:`_bound`).

Copeland's score is a count of pairwise contests, not linear in the weights, so the
bounds are computed for the arithmetic and geometric means only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.pipeline import prepare
from scoring.core.ranking import rank
from scoring.core.scenario import Scenario, UncertaintySettings
from scoring.errors import InputError
from scoring.instability.shares import (
    MeasureWeights,
    aggregated_values,
    check_one_aggregation,
    measure_parts,
    measure_weights,
)

EPS = 1e-6
TIME_LIMIT = 10.0  # seconds per programme; 43 forces take well under a second each
WORKERS = min(4, os.cpu_count() or 1)  # units whose programmes are solved at once
_QUIET = threading.Lock()


@dataclass(frozen=True, eq=False)
class BestWorstResult:
    """Per ranked unit: nominal, best and worst rank, and the weights that reach them."""

    table: pd.DataFrame  # index code: nominal, best, worst, robust_best, robust_worst, sliver_*
    best_weights: pd.DataFrame  # code x measure shares giving the best rank
    worst_weights: pd.DataFrame
    lower: pd.Series  # admissible minimum share per measure
    upper: pd.Series
    nominal_admissible: bool  # the scenario's own shares lie in the admissible set
    proven: bool  # every programme was solved to optimality
    lead: float = 0.0  # the minimum lead of the robust bounds, in score units

    @property
    def could_be_first(self) -> int:
        """Forces that are first under some admissible weights."""
        return int((self.table["best"] == 1).sum())

    @property
    def could_be_last(self) -> int:
        """Forces that are last under some admissible weights."""
        return int((self.table["worst"] == len(self.table)).sum())

    @property
    def robustly_first(self) -> int:
        """Forces first, ahead of every other by at least the lead, under some weights."""
        return int((self.table["robust_best"] == 1).sum())

    @property
    def robustly_last(self) -> int:
        """Forces last, behind every other by at least the lead, under some weights."""
        return int((self.table["robust_worst"] == len(self.table)).sum())


def admissible_bounds(mw: MeasureWeights, u: UncertaintySettings) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum share of each measure.

    A measure's own ``weight_bounds`` entry wins; otherwise ``[weight_floor,
    weight_cap]``; a measure the scenario weights at zero (or whose indicators all
    have zero weight) stays out, ``[0, 0]``, unless it has its own entry.

    Raises
    ------
    InputError
        If no shares can satisfy the bounds (the minima add up to more than 1, or the
        maxima to less than 1).
    """
    has_indicators = (mw.within @ mw.one_hot) > 0
    lo, hi = np.zeros(len(mw.shares)), np.zeros(len(mw.shares))
    for k, name in enumerate(mw.names):
        if not has_indicators[k]:
            continue
        if name in u.weight_bounds:
            lo[k], hi[k] = u.weight_bounds[name]
        elif mw.shares[k] > 0:
            lo[k], hi[k] = min(u.weight_floor, u.weight_cap), max(u.weight_floor, u.weight_cap)
    if lo.sum() > 1 + 1e-12 or hi.sum() < 1 - 1e-12:
        raise InputError(
            f"no weights fit these bounds: the minimum shares add up to {lo.sum():.0%} and the "
            f"maximum shares to {hi.sum():.0%}; the minima must total at most 100% and the "
            "maxima at least 100%",
            where="admissible weights",
        )
    return lo, hi


def best_worst(
    dataset: Dataset, scenario: Scenario, progress: Callable[[float], None] | None = None
) -> BestWorstResult:
    """Best and worst rank of every ranked unit over the admissible measure shares."""
    if scenario.aggregation == "copeland":
        raise InputError("best and worst ranks need a weighted mean (arithmetic or geometric); "
                         "a Copeland score is a count of contests, not linear in the weights",
                         where="aggregation")  # fmt: skip
    check_one_aggregation(scenario, "best and worst ranks")
    p = prepare(dataset, scenario)
    mw = measure_weights(p, scenario)
    lo, hi = admissible_bounds(mw, scenario.uncertainty)
    y = aggregated_values(
        p, scenario.normalisation, scenario.aggregation, scenario.geometric_offset
    )
    num, den = measure_parts(y[p.ranked_mask], mw)
    used = hi > 0
    complete = den[:, used] == (mw.within @ mw.one_hot)[used]
    if not complete.all():
        raise InputError(f"{int((~complete.all(axis=1)).sum())} ranked unit(s) have missing values; "
                         "best and worst ranks need complete data (fill them under Methods, "
                         "Missing values)", where="data")  # fmt: skip
    z = num
    codes = np.asarray(p.codes)[p.ranked_mask]
    r, k = z.shape
    nominal_scores = z @ mw.shares
    lead = scenario.uncertainty.min_lead * float(np.ptp(nominal_scores)) if r else 0.0
    out = {key: np.zeros(r, dtype=int) for key in ("best", "worst", "robust_best", "robust_worst")}
    w_best, w_worst = np.zeros((r, k)), np.zeros((r, k))
    proven = True

    def bounds_of(f: int) -> tuple[dict[str, int], dict[str, np.ndarray], bool]:
        places, shares, ok_all = {}, {}, True
        for kind in ("best", "worst"):
            w, ok = _bound(z, f, lo, hi, kind, 0.0)
            ok_all &= ok
            shares[kind] = w
            places[kind] = _place(z @ w, f, kind, 0.0)
            # At those weights the bound may already hold with the lead: then it is robust.
            robust = _place(z @ w, f, kind, lead)
            if robust != places[kind]:
                w, ok = _bound(z, f, lo, hi, kind, lead)
                ok_all &= ok
                robust = _place(z @ w, f, kind, lead)
            places[f"robust_{kind}"] = robust
        return places, shares, ok_all

    with _quiet_stdout(), ThreadPoolExecutor(max(1, min(WORKERS, r))) as pool:
        for f, (places, shares, ok) in enumerate(pool.map(bounds_of, range(r))):
            for key, place in places.items():
                out[key][f] = place
            w_best[f], w_worst[f] = shares["best"], shares["worst"]
            proven &= ok
            if progress is not None:
                progress((f + 1) / r)
    nominal = rank(nominal_scores).astype(int)
    table = pd.DataFrame({"nominal": nominal, **out}, index=pd.Index(codes, name="code"))
    table["sliver_best"] = table["best"] < table["robust_best"]
    table["sliver_worst"] = table["worst"] > table["robust_worst"]
    inside = bool(np.all(mw.shares >= lo - 1e-12) and np.all(mw.shares <= hi + 1e-12))
    frame = lambda a: pd.DataFrame(a, index=table.index, columns=list(mw.names))
    return BestWorstResult(table=table, best_weights=frame(w_best), worst_weights=frame(w_worst),
                           lower=pd.Series(lo, index=list(mw.names)),
                           upper=pd.Series(hi, index=list(mw.names)),
                           nominal_admissible=inside, proven=proven, lead=lead)  # fmt: skip


def _bound(z: np.ndarray, f: int, lo: np.ndarray, hi: np.ndarray, kind: str, lead: float):
    """Optimal shares for one bound, and whether the rank they give is proven optimal.

    The solver meets each constraint only to within its feasibility tolerance, and an
    optimum sits on the constraints: a rival the programme counts as ahead by the lead may be
    ahead by a hair less (the robust bounds lost up to four places this way on the sample
    data). When the rank re-checked at the solver's shares falls short of the programme's
    optimum, the same choice of rivals is kept and the shares are moved as far inside its
    constraints as they go (:func:`_inside`); if the re-check still falls short, the rank
    reported is the one re-checked, and it is not claimed as proven.
    """
    w, ok, claimed, pattern = _solve(z, f, lo, hi, kind, lead)

    def short(place: int) -> bool:  # a worse rank than the programme's optimum claims
        return place > claimed if kind == "best" else place < claimed

    if not short(_place(z @ w, f, kind, lead)):
        return w, ok
    inside = _inside(z, f, lo, hi, kind, lead, pattern)
    if inside is not None and not short(_place(z @ inside, f, kind, lead)):
        return inside, ok
    return w, False


def _inside(z, f, lo, hi, kind, lead, pattern) -> np.ndarray | None:
    """Shares keeping the MILP's choice of rivals, with the largest margin
    :math:`t \\le 1`: :math:`\\max t` s.t. :math:`d_g \\cdot W \\ge a + t` for each rival
    chosen as ahead (worst rank; :math:`a` the lead, at least :data:`EPS`) or
    :math:`d_g \\cdot W \\le -\\delta - t` for each rival chosen as behind (best rank), over
    the admissible shares. None if the solver fails."""
    diff = np.delete(z, f, axis=0)[pattern] - z[f]
    k = z.shape[1]
    sign, margin = (-1.0, max(lead, EPS)) if kind == "worst" else (1.0, lead)
    # The shares add up to 1; then worst: -d W + t <= -a, best: d W + t <= -lead.
    rows = np.vstack([np.r_[np.ones(k), 0.0],
                      np.hstack([sign * diff, np.ones((len(diff), 1))])])
    x, _ = _highs(np.r_[np.zeros(k), -1.0], rows, np.r_[1.0, np.full(len(diff), -np.inf)],
                  np.r_[1.0, np.full(len(diff), -margin)], np.r_[lo, -np.inf], np.r_[hi, 1.0])  # fmt: skip
    if x is None:
        return None
    w = np.clip(x[:k], lo, hi)
    return w / w.sum()


def _place(scores: np.ndarray, f: int, kind: str, lead: float) -> int:
    """The rank of *f* at these scores, re-checked on the whole table.

    With a lead, a rival counts as behind *f* (best) only when *f* leads it by at least
    ``lead``, and as ahead of *f* (worst) only when it leads *f* by at least ``lead``.
    """
    if not lead:
        return int(rank(scores)[f])
    gap = np.round(np.delete(scores, f) - scores[f], 12)
    return 1 + int((gap > -lead).sum() if kind == "best" else (gap >= lead).sum())


@contextlib.contextmanager
def _quiet_stdout():
    """Silence C-level stdout while HiGHS runs.

    HiGHS prints its banner straight to file descriptor 1 when a process first makes a
    solver, whatever its options, and some 1.x releases a stray debug line
    ("HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();",
    ERGO-Code/HiGHS issue #2783): either would corrupt the CLI's CSV and JSON. The lock keeps
    two threads (two app sessions) from interleaving the save and restore.
    """
    with _QUIET:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def extreme_sums(d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest :math:`\\sum_k W_k d_{gk}` over the admissible shares, per row g.

    A linear function over a box cut by :math:`\\sum_k W_k = 1` is largest when the
    shares above their minima go to the largest coefficients first (a fractional
    knapsack, solved greedily and exactly).
    """
    spare = 1.0 - lo.sum()

    def largest(c: np.ndarray) -> np.ndarray:
        order = np.argsort(-c, axis=1)
        room = (hi - lo)[order]
        before = np.cumsum(room, axis=1) - room
        extra = np.clip(spare - before, 0.0, room)
        return c @ lo + (np.take_along_axis(c, order, axis=1) * extra).sum(axis=1)

    return -largest(-d), largest(d)


def _solve(z: np.ndarray, f: int, lo: np.ndarray, hi: np.ndarray, kind: str, lead: float = 0.0):
    """One MILP; returns the optimal shares, whether optimality was proven, the rank the
    programme's optimum claims, and which rivals it needs on the right side of *f*
    (a mask over the rivals: those it counts ahead, for the worst rank; those it
    counts behind, for the best).

    Rivals that are ahead (or not ahead) of *f* under every admissible weight need no
    binary; the others get a big-M of their own, the largest gap the weights allow,
    which keeps the relaxation tight. ``lead`` is the margin of the robust bounds.
    """
    k = z.shape[1]
    diff = np.delete(z, f, axis=0) - z[f]  # (r - 1, K): rival minus f, per measure
    low, high = extreme_sums(diff, lo, hi)
    if kind == "best":
        open_ = high > -lead  # could be within the lead of f, or ahead: needs a binary
        big = np.maximum(high[open_] + lead, EPS)
        rows = [diff[open_] / big[:, None], -1.0, -np.inf, -lead / big]
        sense = 1.0
    else:
        ahead = max(lead, EPS)
        open_ = (high >= ahead) & (low < ahead)  # could be ahead by the lead, but need not be
        big = np.maximum(ahead - low[open_], EPS)
        rows = [diff[open_] / big[:, None], -1.0, ahead / big - 1.0, np.inf]
        sense = -1.0
    n_b = int(open_.sum())
    # Rows divided by their big-M, so every coefficient lies in [-1, 1].
    a = np.vstack([np.r_[np.ones(k), np.zeros(n_b)],  # the shares add up to 1
                   np.hstack([rows[0], rows[1] * np.eye(n_b)])])  # fmt: skip
    x, ok = _highs(np.r_[np.zeros(k), sense * np.ones(n_b)], a,
                   np.r_[1.0, np.broadcast_to(rows[2], n_b)], np.r_[1.0, np.broadcast_to(rows[3], n_b)],
                   np.r_[lo, np.zeros(n_b)], np.r_[hi, np.ones(n_b)], integer=n_b)  # fmt: skip
    if x is None:
        raise InputError("the weight bounds admit no solution", where="admissible weights")
    w = np.clip(x[:k], lo, hi)
    chosen = np.round(x[k:]) > 0  # counted: may be ahead (best) or is ahead (worst)
    pattern = np.zeros(len(diff), dtype=bool)
    if kind == "best":  # rivals needing to stay behind: always behind ones hold anyway
        pattern[np.flatnonzero(open_)[~chosen]] = True
        claimed = 1 + int(chosen.sum())
    else:
        pattern[np.flatnonzero(open_)[chosen]] = True
        claimed = 1 + int((low >= ahead).sum()) + int(chosen.sum())
    return w / w.sum(), ok, claimed, pattern


def _highs(cost, a, row_lo, row_hi, col_lo, col_hi, *, integer: int = 0):
    """Minimise ``cost @ x`` subject to ``row_lo <= a @ x <= row_hi`` and
    ``col_lo <= x <= col_hi``, the last ``integer`` columns integer, with HiGHS on one thread.

    Returns ``(x, proven)``: the solution, or None when there is none (infeasible, or no
    feasible point found within :data:`TIME_LIMIT`), and whether it is proven optimal.
    """
    n = len(cost)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(a)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, col_lo, col_hi
    lp.row_lower_, lp.row_upper_ = row_lo, row_hi
    rows, cols = np.nonzero(a)  # row by row, each row's columns in order
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.r_[0, np.cumsum(np.bincount(rows, minlength=len(a)))]
    lp.a_matrix_.index_, lp.a_matrix_.value_ = cols, a[rows, cols]
    if integer:
        lp.integrality_ = ([highspy.HighsVarType.kContinuous] * (n - integer)
                           + [highspy.HighsVarType.kInteger] * integer)  # fmt: skip
    solver = highspy.Highs()
    for option, value in (("output_flag", False), ("threads", 1), ("time_limit", TIME_LIMIT)):
        solver.setOptionValue(option, value)
    solver.passModel(lp)
    solver.run()
    if solver.getInfo().primal_solution_status != highspy.kSolutionStatusFeasible:
        return None, False  # infeasible, or nothing feasible found in time
    optimal = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return np.asarray(solver.getSolution().col_value), optimal
