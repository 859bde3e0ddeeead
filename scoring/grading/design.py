"""The design assistant: weights and grade cut-offs chosen within what is admissible.

**Weights.** The admissible set is every vector of measure shares with
:math:`\\sum_k W_k = 1` and :math:`L_k \\le W_k \\le U_k` (the scenario's bounds per measure,
shared with the best and worst ranks: :func:`scoring.instability.bestworst.admissible_bounds`;
the spread of a workshop's answers can set them). Two objectives, each a property of the
whole table:

* **rank instability**: the mean width :math:`\\frac1r\\sum_f (u_f - l_f + 1)` of the
  simultaneous rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024, *Review of
  Economic Studies*; :mod:`scoring.instability.ranksets`), from one set of bootstrap draws
  of the data held fixed across candidates (common random numbers), so two weightings
  differ only by their weights;
* **gaming leverage**: the largest :math:`L_{fj} = G_j\\,\\Delta r_{fj} / (100 s)` over forces
  and indicators, the places a 10% change of one indicator buys, weighted by how easily
  police activity or recording moves it (:func:`scoring.gaming.climb.leverage`).

The search: a sample of admissible weightings (uniform in the box, projected onto the
admissible set), the user's own, then :func:`scipy.optimize.differential_evolution`
(Storn & Price 1997, "Differential evolution: a simple and efficient heuristic for global
optimization over continuous spaces", *J. Global Optimization* 11) once per objective,
starting from the user's weights, each candidate projected onto the admissible set (so
every point evaluated is admissible). Both objectives are recorded at every point
evaluated; the Pareto set is the points no other point beats on both.

**What it guarantees, and what not.** Every point reported is admissible and its two
numbers are exact for the draws used (re-evaluated, not estimated). Differential evolution
is a stochastic search: it returns the best point it evaluated, with no proof that no
better admissible weighting exists (the instability objective moves in whole places, a
step function with flat regions, so gradient methods do not apply); the same seed gives
the same points. The instability numbers use fewer bootstrap draws than the league table
(``design.draws``), so a chosen point's sets on the league table may differ slightly.

**Cut-offs.** For :math:`G` grades on fixed cut-offs, the cut-offs that minimise the
expected number of misgraded forces :math:`\\sum_f (1 - P_f(\\hat g_f))`, given the grading
draws (:mod:`scoring.grading.misgrading`), subject to at least ``min_per_grade`` forces in
every grade (without a floor the answer is one grade for everybody). Candidate cut-offs lie
inside the gaps between the forces' published scores (five evenly spaced points per gap);
over those candidates the minimum is exact, found by dynamic programming over the ordered
forces (Bellman 1957): a block's cost depends only on its two cut-offs. An optimum for one
year's data is itself a choice that can be gamed and re-fitted each year (the ratchet:
Weitzman 1980, "The 'ratchet principle' and performance incentives", *Bell J. Econ.* 11(1)).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution

from scoring.core.dataset import Dataset
from scoring.core.pipeline import rank_ranked, score_arrays
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.gaming import climb, whatif
from scoring.grading import lift, rules
from scoring.grading.misgrading import draws as grading_draws
from scoring.grading.misgrading import setup as grading_setup
from scoring.instability import noise as data_noise
from scoring.instability import ranksets, uncertainty
from scoring.instability.bestworst import admissible_bounds
from scoring.instability.shares import indicator_weights

Progress = Callable[[float], None]
OPTIMISER = ("scipy.optimize.differential_evolution (Storn & Price 1997), seeded, once per "
             "objective from your weights, every candidate projected onto the admissible weights; "
             "a stochastic global search: it returns the best weights it evaluated, with no proof "
             "that none better exist. Cut-offs: exact minimum over cut-offs inside the gaps "
             "between published scores (dynamic programming).")  # fmt: skip
POSITIONS = 5  # candidate cut-offs per gap between two published scores


def project(v: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The admissible shares nearest ``v`` (Euclidean): :math:`\\mathrm{clip}(v - \\tau, L, U)`
    with :math:`\\tau` such that they sum to one (found by bisection)."""
    v = np.asarray(v, dtype=float)
    a, b = float(np.min(v - hi)) - 1.0, float(np.max(v - lo)) + 1.0
    for _ in range(100):
        tau = (a + b) / 2
        if np.clip(v - tau, lo, hi).sum() > 1.0:
            a = tau
        else:
            b = tau
    out = np.clip(v - (a + b) / 2, lo, hi)
    return out / out.sum()


@dataclass(frozen=True, eq=False)
class Objectives:
    """Everything needed to score a weighting on both objectives, prepared once."""

    measures: tuple[str, ...]
    lower: np.ndarray  # (K,)
    upper: np.ndarray
    current: np.ndarray  # (K,) the scenario's own shares
    evaluate: Callable[[np.ndarray], tuple[float, float]]


def objectives(dataset: Dataset, scenario: Scenario) -> Objectives:
    """Prepare both objectives for ``scenario`` (bounds from its uncertainty settings).

    Raises :class:`~scoring.errors.InputError` for Copeland (its score is not a weighted
    mean, so the leverage and sets do not follow from weights this way), bounds no weights
    fit, or data with no sampling noise.
    """
    if scenario.aggregation == "copeland":
        raise InputError("the design assistant needs a weighted mean (arithmetic or geometric)",
                         where="aggregation")  # fmt: skip
    model = uncertainty.build(dataset, scenario)
    p, mw = model.p, model.mw
    lo, hi = admissible_bounds(mw, scenario.uncertainty)
    if not model.noise.has_noise:
        raise InputError("the data have no counts or survey sizes, so rank sets cannot be drawn",
                         where="data")  # fmt: skip
    d = scenario.design
    rng = uncertainty.stream(scenario.seed, "rank_sets_data")
    x = data_noise.draw(model.noise, d.draws, rng)
    methods = (scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    ranked = p.ranked_mask
    base = whatif.build(dataset, scenario)
    g = lift.grades_g(dataset, scenario, p.indicators)

    def evaluate(shares: np.ndarray) -> tuple[float, float]:
        w = indicator_weights(mw, shares)
        q = dataclasses.replace(p, weights=w)
        _, s0 = score_arrays(q, *methods)
        _, s = score_arrays(q, *methods, x=x, weights=w)
        keep = ranked & np.isfinite(s0)
        drawn = np.where(np.isfinite(s[:, keep]), s[:, keep], s0[keep][None, :])
        sets = ranksets.from_draws(s0[keep], drawn, level=scenario.ranks.level)
        width = float(np.mean(sets.upper - sets.lower + 1))
        return width, max_leverage(reweighted(base, w, s0), g)

    return Objectives(measures=mw.names, lower=lo, upper=hi, current=mw.shares, evaluate=evaluate)


def reweighted(w: whatif.WhatIf, weights: np.ndarray, scores: np.ndarray) -> whatif.WhatIf:
    """The what-if table under other weights (``scores`` its published scores under them)."""
    p = dataclasses.replace(w.prepared, weights=weights)
    return dataclasses.replace(w, prepared=p, scores=scores, ranks=rank_ranked(scores, p.ranked_mask))


def max_leverage(w: whatif.WhatIf, grades_g: np.ndarray) -> float:
    """The largest gaming leverage over ranked forces and indicators (places per 1%, x G)."""
    gain, pct = climb.rank_gains(w, climb.LEVERAGE_STEP)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_pct = np.where(pct > 0, gain / pct, 0.0)
    value = np.where(w.ranked[:, None], per_pct * np.asarray(grades_g)[None, :], np.nan)
    return float(np.nanmax(value)) if np.isfinite(value).any() else 0.0


@dataclass(frozen=True, eq=False)
class WeightDesign:
    """Every admissible weighting evaluated, with both objectives and the Pareto set."""

    points: pd.DataFrame  # share columns per measure, instability, leverage, pareto, origin
    measures: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    evaluations: int
    seed: int

    @property
    def current(self) -> pd.Series:
        return self.points[self.points["origin"] == "yours"].iloc[0]

    def best(self, objective: str) -> pd.Series:
        """The evaluated point with the lowest ``instability`` or ``leverage`` (ties: the other)."""
        other = "leverage" if objective == "instability" else "instability"
        return self.points.sort_values([objective, other], kind="stable").iloc[0]


def design_weights(dataset: Dataset, scenario: Scenario, progress: Progress | None = None) -> WeightDesign:
    """Sample, then search, the admissible weights for both objectives (see the module docstring)."""
    obj = objectives(dataset, scenario)
    d = scenario.design
    lo, hi = obj.lower, obj.upper
    free = hi > lo
    seen: dict[tuple, tuple[float, float, str]] = {}
    budget = d.candidates + 2 * (d.iterations + 1) * _population(int(free.sum())) * int(free.sum()) + 1

    def shares_of(u: np.ndarray) -> np.ndarray:
        v = lo.copy()
        v[free] = lo[free] + np.asarray(u) * (hi - lo)[free]
        return project(v, lo, hi)

    def record(s: np.ndarray, origin: str) -> tuple[float, float]:
        key = tuple(np.round(s, 9))
        if key not in seen:
            seen[key] = (*obj.evaluate(s), origin)
            if progress is not None:
                progress(min(len(seen) / budget, 1.0))
        return seen[key][:2]

    current = project(obj.current, lo, hi)
    record(current, "yours")
    rng = np.random.default_rng(np.random.SeedSequence([scenario.seed, 13]))
    for u in rng.uniform(size=(d.candidates, int(free.sum()))):
        record(shares_of(u), "sampled")
    if free.sum() >= 1 and d.iterations > 0:
        start = np.clip((current - lo)[free] / (hi - lo)[free], 0.0, 1.0)
        for k in (0, 1):  # 0: instability, 1: leverage
            differential_evolution(
                lambda u, k=k: record(shares_of(u), "searched")[k],
                bounds=[(0.0, 1.0)] * int(free.sum()), x0=start, maxiter=d.iterations,
                popsize=_population(int(free.sum())), polish=False, seed=scenario.seed % 2**31 + k,
                tol=0.0, init="latinhypercube",
            )  # fmt: skip
    rows = [dict(zip(obj.measures, key, strict=True), instability=v[0], leverage=v[1], origin=v[2])
            for key, v in seen.items()]  # fmt: skip
    points = pd.DataFrame(rows)
    points["pareto"] = pareto(points[["instability", "leverage"]].to_numpy())
    return WeightDesign(points=points, measures=obj.measures, lower=lo, upper=hi,
                        evaluations=len(points), seed=scenario.seed)  # fmt: skip


def _population(free: int) -> int:
    """Population multiplier for differential evolution: small, the problem has few dimensions."""
    return max(3, 12 // max(free, 1))


def pareto(values: np.ndarray) -> np.ndarray:
    """True where no other row is at least as good on every column and better on one (minimise)."""
    v = np.asarray(values, dtype=float)
    worse_or_equal = (v[None, :, :] <= v[:, None, :]).all(axis=2)
    strictly = (v[None, :, :] < v[:, None, :]).any(axis=2)
    dominated = (worse_or_equal & strictly).any(axis=1)
    return ~dominated


# ------------------------------------------------------------------------------ cut-offs


@dataclass(frozen=True, eq=False)
class CutDesign:
    """Fixed cut-offs that minimise expected misgrades, against the rule in use."""

    names: tuple[str, ...]
    cutoffs: np.ndarray  # (G-1,) descending
    expected: float  # expected misgrades with these cut-offs
    current_expected: float  # with the rule in use
    counts: np.ndarray  # (G,) forces per grade as published under the new cut-offs
    current_counts: np.ndarray
    min_per_grade: int
    samples: int


def design_cutoffs(dataset: Dataset, scenario: Scenario, progress: Progress | None = None) -> CutDesign:
    """The cut-offs, for the scenario's number of grades, that misgrade fewest forces."""
    g = scenario.grading
    st = grading_setup(dataset, scenario)
    published = st.published[st.graded]
    bands = rules.bands(g, published)
    size, floor = bands.size, scenario.design.min_per_grade
    r = len(published)
    if size * floor > r:
        raise InputError(f"{size} grades of at least {floor} forces need {size * floor} forces; "
                         f"{r} are graded", where="fewest forces in a grade")  # fmt: skip
    drawn = np.concatenate([c.scores[:, st.graded] for c in grading_draws(st, g.samples, scenario.seed, progress)])
    order = np.argsort(-published, kind="stable")
    s, x = published[order], drawn[:, order]
    cuts, gap = _candidates(s)
    exceed = _exceedance(x, cuts)  # (r, C): P(score >= cut)
    best, value = _dynamic(exceed, gap, size, floor, r)
    cutoffs = cuts[best]
    current = bands.assign(drawn) == bands.assign(published)[None, :]
    fixed = rules.Bands(bands.names, "fixed", cutoffs, np.empty(0))
    return CutDesign(
        names=bands.names, cutoffs=cutoffs, expected=float(value),
        current_expected=float(r - current.mean(axis=0).sum()),
        counts=np.bincount(fixed.assign(published), minlength=size),
        current_counts=np.bincount(bands.assign(published), minlength=size),
        min_per_grade=floor, samples=len(drawn),
    )  # fmt: skip


def _candidates(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cut-offs inside each gap between consecutive published scores (sorted descending),
    and the gap each lies in (gap i: between the i-th and (i+1)-th force)."""
    cuts, gap = [], []
    for i in range(len(s) - 1):
        if np.round(s[i], 9) == np.round(s[i + 1], 9):
            continue  # tied forces cannot be split by a cut-off
        for k in range(1, POSITIONS + 1):
            cuts.append(s[i + 1] + (s[i] - s[i + 1]) * k / (POSITIONS + 1))
            gap.append(i)
    return np.array(cuts), np.array(gap, dtype=int)


def _exceedance(drawn: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """P(drawn score >= cut) per force and cut (r, C), with the grade rule's rounding."""
    x = np.sort(np.round(np.where(np.isnan(drawn), -np.inf, drawn), 9), axis=0)
    c = np.round(cuts, 9)
    below = np.stack([np.searchsorted(x[:, f], c, side="left") for f in range(x.shape[1])])
    return 1.0 - below / len(x)


def _dynamic(exceed: np.ndarray, gap: np.ndarray, size: int, floor: int, r: int):
    """Minimum expected misgrades over G-1 ordered cuts, each grade holding >= ``floor`` forces.

    A grade between an upper cut ``a`` (or none) and a lower cut ``b`` (or none) holds forces
    gap[a]+1 .. gap[b] of the sorted list; each is misgraded with chance
    1 - (P(>= b) - P(>= a)).
    """
    c = len(gap)
    prefix = np.vstack([np.zeros(c), np.cumsum(exceed, axis=0)])  # prefix[i, k] = sum_{f<i} E_f(k)

    def block(first: np.ndarray, last: np.ndarray, upper, lower) -> np.ndarray:
        """Cost of forces first..last (inclusive) between cut ``upper`` and cut ``lower``."""
        count = last - first + 1
        below = prefix[last + 1, lower] - prefix[first, lower] if lower is not None else count
        above = prefix[last + 1, upper] - prefix[first, upper] if upper is not None else 0.0
        return count - (below - above)

    if size == 1:
        return np.array([], dtype=int), 0.0
    cost = np.where(gap + 1 >= floor, block(np.zeros(c, int), gap, None, np.arange(c)), np.inf)
    back = []
    for _ in range(size - 2):
        a, b = np.meshgrid(np.arange(c), np.arange(c), indexing="ij")  # a: upper cut, b: lower cut
        ok = gap[b] - gap[a] >= floor
        step = np.where(ok, cost[a] + block(gap[a] + 1, np.maximum(gap[b], gap[a] + 1), a, b), np.inf)
        back.append(np.argmin(step, axis=0))
        cost = step.min(axis=0)
    last = np.where(r - 1 - gap >= floor, cost + block(gap + 1, np.full(c, r - 1), np.arange(c), None),
                    np.inf)  # fmt: skip
    if not np.isfinite(last).any():
        raise InputError("no cut-offs give every grade enough forces (tied scores leave too few "
                         "gaps)", where="fewest forces in a grade")  # fmt: skip
    k = int(np.argmin(last))
    chosen = [k]
    for step in reversed(back):
        k = int(step[k])
        chosen.append(k)
    return np.array(chosen[::-1]), float(last.min())
