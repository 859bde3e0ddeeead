"""Variance-based (Sobol') sensitivity of every force's rank and of the rank shift.

Applied to ranks and to the rank shift as in Saisana, Saltelli & Tarantola (2005,
"Uncertainty and sensitivity analysis techniques as tools for the quality assessment of
composite indicators", *JRSS A* 168(2):307-323).

For an output :math:`Y` (one force's rank, or the mean absolute rank shift
:math:`R_S`) and independent inputs :math:`X_i`, the first-order index
:math:`S_i = V[E(Y|X_i)]/V(Y)` is the share of the variance that input explains on
its own, and the total index :math:`S_{Ti} = E[V(Y|X_{\\sim i})]/V(Y)` adds every
interaction it takes part in. Ranks jump, so interactions are large: read
:math:`S_{Ti}`, and :math:`S_{Ti} - S_i` as the part due to interactions (Saltelli et al.
2010, "Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index", *Comput. Phys. Commun.* 181:259-270).
Estimated with :func:`scipy.stats.sobol_indices` (Saltelli et al. 2010 estimators,
:math:`N(d+2)` model runs) for all forces at once, with bootstrap intervals.

**The simplex trap.** Weights that must sum to one are not independent, and Sobol'
indices assume independent inputs (scipy's documentation; SALib issue #610). So the
inputs are independent *multipliers* of the measure shares, normalised inside the
model: :math:`u_k \\sim U[1-\\delta, 1+\\delta]`, or :math:`g_k \\sim \\mathrm{Gamma}(\\alpha_0
W^0_k)`, whose normalisation :math:`g/\\sum g` is exactly the Dirichlet draw of the
Monte Carlo engine. The index of "the homicide weight" is then the index of its
multiplier.

Other inputs: the normalisation and the aggregation, each :math:`U(0,1)` mapped to one
of the chosen methods; the indicator left out (none, or one of them); the data noise,
one :math:`U(0,1)` picking one of :data:`BANK` pre-drawn Poisson/binomial versions of
the data (this project's design: a single input that seeds the noise, so the inputs stay
independent as :func:`scipy.stats.sobol_indices` assumes); and the recording
error, picking one of as many pre-drawn sets of recording factors.

A force whose rank never changes has no variance to split: it is reported as
**rank fixed**, not as NaN.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import hierarchy
from scoring.core.dataset import Dataset
from scoring.instability import noise as data_noise
from scoring.instability.uncertainty import Model, Plan, active_sources, build, rank_chunks, streams

BANK = 1024  # pre-drawn versions of the data for the noise inputs
BOOTSTRAP = 200  # resamples for the confidence intervals
CONFIDENCE = 0.90
SHIFT = "R_S"  # output name of the mean absolute rank shift


@dataclass(frozen=True, eq=False)
class SobolResult:
    """First and total order indices, shape (outputs, inputs), with bootstrap intervals."""

    inputs: tuple[str, ...]  # input labels
    outputs: tuple[str, ...]  # ranked unit codes, then "R_S"
    first: np.ndarray
    total: np.ndarray
    first_ci: np.ndarray  # (2, outputs, inputs): low, high
    total_ci: np.ndarray
    fixed: np.ndarray  # (outputs,) True when the output never changed
    n: int  # base sample size (power of two)
    runs: int  # model evaluations, n (d + 2)
    seed: int

    def frame(self, output: str) -> pd.DataFrame:
        """Indices of one output (a unit code or ``"R_S"``), largest total effect first."""
        i = self.outputs.index(output)
        out = pd.DataFrame(
            {
                "first": self.first[i], "total": self.total[i],
                "first_low": self.first_ci[0, i], "first_high": self.first_ci[1, i],
                "total_low": self.total_ci[0, i], "total_high": self.total_ci[1, i],
            },
            index=pd.Index(self.inputs, name="input"),
        )  # fmt: skip
        return out.sort_values("total", ascending=False)

    def top_input(self) -> pd.Series:
        """For every output, the input with the largest total index ("rank fixed" if none)."""
        best = np.where(self.fixed, "rank fixed", np.asarray(self.inputs, dtype=object)[
            np.nanargmax(np.where(self.fixed[:, None], 0.0, np.nan_to_num(self.total)), axis=1)])  # fmt: skip
        return pd.Series(best, index=list(self.outputs))


def base_size(requested: int) -> int:
    """The power of two nearest ``requested`` (scipy needs one)."""
    return 1 << max(1, round(np.log2(max(requested, 2))))


def analyse(
    dataset: Dataset, scenario, *, n: int | None = None, seed: int | None = None, progress=None
) -> SobolResult:
    """Sobol' indices of every ranked force's rank and of :math:`R_S` under ``scenario``."""
    model = build(dataset, scenario)
    seed = scenario.seed if seed is None else seed
    level = top_level(dataset, model) if scenario.uncertainty.sobol_level == "top" else None
    return analyse_model(model, base_size(n or scenario.uncertainty.sobol_n), seed, progress, level)


def top_level(dataset: Dataset, model: Model) -> tuple[np.ndarray, tuple[str, ...]]:
    """Sobol' by level: each measure's top-level group (a theme) and the groups' labels.

    With the ``top`` level, one weight input per theme multiplies the shares of all its
    measures together (Dirichlet: a Gamma draw for the theme's total, split as nominal), so
    the index of a theme's input is the share of the rank's variance due to that theme's
    weight. A framework with no themes has the measures as its top level.
    """
    tree = hierarchy.of(dataset)
    tops = list(dict.fromkeys(tree.top_of(m) for m in model.mw.names))
    member = np.array([tops.index(tree.top_of(m)) for m in model.mw.names])
    return member, tuple(tree.labels.get(t, t) for t in tops)


def analyse_model(model: Model, n: int, seed: int, progress=None, level=None) -> SobolResult:
    """:func:`analyse` on an already built :class:`~scoring.instability.uncertainty.Model`;
    ``level`` (from :func:`top_level`) gives one weight input per top-level group."""
    # Imported at first use: the report's analyses import this module (through the Instability
    # page's), and scipy.stats, which they do not need, took a new server about half a second.
    from scipy import stats

    inputs, dists, evaluate = _inputs(model, seed, level)
    outputs = (*map(str, np.asarray(model.p.codes)[model.ranked]), SHIFT)
    s = len(outputs)
    if not inputs:
        empty = np.zeros((s, 0))
        return SobolResult((), outputs, empty, empty, np.zeros((2, s, 0)), np.zeros((2, s, 0)),
                           np.ones(s, dtype=bool), n, 0, seed)  # fmt: skip
    low, high = np.full(s, np.inf), np.full(s, -np.inf)
    done = [0]
    total_runs = n * (len(inputs) + 2)

    def func(u: np.ndarray) -> np.ndarray:
        y = evaluate(u)
        low[:] = np.minimum(low, y.min(axis=1))
        high[:] = np.maximum(high, y.max(axis=1))
        done[0] += u.shape[1]
        if progress is not None:
            progress(min(done[0] / total_runs, 1.0))
        return y

    rngs = streams(seed)
    kept = {}

    def method(f_A, f_B, f_AB):  # noqa: N803  (scipy's argument names)
        kept.update(f_A=f_A, f_B=f_B, f_AB=f_AB)
        first, total = saltelli_2010(f_A, f_B, f_AB)
        return first.T, total.T

    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.sobol_indices(
            func=func, n=n, dists=dists, method=method, rng=rngs["sobol_design"]
        )
        first_ci, total_ci = bootstrap(kept["f_A"], kept["f_B"], kept["f_AB"], rngs["bootstrap"])
    fixed = high <= low
    clean = _clean(fixed)
    return SobolResult(
        inputs=tuple(inputs), outputs=outputs,
        first=clean(res.first_order), total=clean(res.total_order),
        first_ci=np.stack([clean(c) for c in first_ci]),
        total_ci=np.stack([clean(c) for c in total_ci]),
        fixed=fixed, n=n, runs=total_runs, seed=seed,
    )  # fmt: skip


def saltelli_2010(
    f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray, counts: np.ndarray | None = None
):
    """First and total order indices, each (d, s), from the model runs on A, B and AB.

    Saltelli et al. (2010) Table 2 (b) and (f), centred on the mean of the A and B runs
    (Sobol' & Levitan 1999), as scipy's default ``method="saltelli_2010"``:

    .. math:: S_i = \\frac{\\frac1N\\sum_k f(B)_k\\,[f(A_B^{(i)})_k - f(A)_k]}{\\hat V},\\qquad
              S_{Ti} = \\frac{\\frac1{2N}\\sum_k [f(A)_k - f(A_B^{(i)})_k]^2}{\\hat V}

    ``f_A``, ``f_B`` are (s, N) and ``f_AB`` is (d, s, N). With ``counts`` (R, N), how
    often each run is drawn in each of R bootstrap resamples, every mean becomes a
    weighted mean and the results are (d, s, R): all resamples in a few matrix products.
    """
    n = f_A.shape[-1]
    c = np.ones((1, n)) if counts is None else np.asarray(counts, dtype=float)

    def avg(x):
        return x @ c.T / n

    mean = (avg(f_A) + avg(f_B)) / 2
    var = (avg(f_A**2) + avg(f_B**2)) / 2 - mean**2
    first = (avg(f_B * f_AB) - avg(f_B * f_A) - mean * (avg(f_AB) - avg(f_A))) / var
    total = 0.5 * avg((f_A - f_AB) ** 2) / var
    return (first[..., 0], total[..., 0]) if counts is None else (first, total)


def bootstrap(
    f_A,
    f_B,
    f_AB,
    rng: np.random.Generator,
    resamples: int = BOOTSTRAP,
    confidence: float = CONFIDENCE,
):
    """Percentile bootstrap intervals ``[(low, high) first, (low, high) total]``, each (s, d).

    The N runs are resampled with replacement, the same runs for A, B and AB
    (Saltelli et al. 2010, §5). Percentile rather than scipy's BCa intervals: BCa's
    jackknife costs N more estimates, seconds at N = 1024, for intervals whose job is
    to show how settled each bar is.
    """
    n = f_A.shape[-1]
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples)
    tail = 100 * (1 - confidence) / 2
    out = []
    for draws in saltelli_2010(f_A, f_B, f_AB, counts):
        low, high = np.nanpercentile(draws, [tail, 100 - tail], axis=-1)
        out.append((low.T, high.T))
    return out


def _clean(fixed: np.ndarray):
    """Zero for fixed outputs (nothing to explain), else the estimate as it is."""
    return lambda a: np.where(
        fixed[:, None], 0.0, np.asarray(a, dtype=float).reshape(len(fixed), -1)
    )


def _category(u: np.ndarray, k: int) -> np.ndarray:
    """Map U(0,1) to one of ``k`` categories with equal probability."""
    return np.minimum((u * k).astype(np.int64), k - 1)


def _inputs(model: Model, seed: int, level=None):
    """Input labels, their distributions, and the vectorised model ``evaluate(u)``."""
    from scipy import stats

    sources = active_sources(model)
    u_set, mw = model.settings, model.mw
    labels, dists, roles = [], [], []
    member, names = level if level is not None else (np.arange(len(mw.shares)), model.measure_labels)
    total = np.bincount(member, weights=mw.shares, minlength=len(names))
    if "weights" in sources:
        for g in np.flatnonzero(total > 0):
            labels.append(f"Weight: {names[g]}")
            roles.append(("weight", member == g))
            dists.append(stats.gamma(u_set.concentration * total[g])
                         if u_set.weight_mode == "dirichlet"
                         else stats.uniform(1 - u_set.weight_spread, 2 * u_set.weight_spread))  # fmt: skip
    # Normalisation and aggregation are two factors, but the normalisation is drawn among
    # the distinct tables of the drawn aggregation only (model.combos holds one per class),
    # so a choice that cannot change the table is not counted as a choice.
    aggs = tuple(dict.fromkeys(c[1] for c in model.combos))
    per_agg = [[i for i, c in enumerate(model.combos) if c[1] == a] for a in aggs]
    combo_of = np.array([row + row[-1:] * (max(map(len, per_agg)) - len(row)) for row in per_agg])
    options = np.array([len(row) for row in per_agg])
    for role, count, label in (("norm", options.max(), "Normalisation"),
                               ("agg", len(aggs), "Aggregation")):  # fmt: skip
        if "methods" in sources and count > 1:
            labels.append(label)
            roles.append((role, count))
            dists.append(stats.uniform())
    drops = np.append(-1, model.droppable)
    if "drop" in sources:
        labels.append("Indicator left out")
        roles.append(("drop", len(drops)))
        dists.append(stats.uniform())
    rngs = streams(seed)
    bank = {}
    if "noise" in sources:
        bank["counts"] = data_noise.sample_counts(model.noise, BANK, rngs["noise"])
        labels.append("Data noise (counts and surveys)")
        roles.append(("noise", BANK))
        dists.append(stats.uniform())
    if "recording" in sources:
        bank["factor"] = data_noise.recording_factors(model.noise, BANK, u_set.recording_error,
                                                      rngs["recording"])  # fmt: skip
        labels.append("Recording error")
        roles.append(("recording", BANK))
        dists.append(stats.uniform())

    def evaluate(u: np.ndarray) -> np.ndarray:
        runs = u.shape[1]
        shares = np.tile(mw.shares, (runs, 1))
        pick = {
            "norm": np.zeros(runs, int),
            "agg": np.zeros(runs, int),
            "drop": np.zeros(runs, int),
        }
        for row, (role, arg) in zip(u, roles, strict=True):
            if role == "weight":  # arg: the measures this input moves (one, or a theme's)
                split = mw.shares[arg] / mw.shares[arg].sum() if u_set.weight_mode == "dirichlet" else mw.shares[arg]
                shares[:, arg] = row[:, None] * split[None, :]
            elif role == "norm":
                norm_u = row
            else:
                pick[role] = _category(row, arg)
        if "norm" in [r for r, _ in roles]:
            pick["norm"] = _category(norm_u, options[pick["agg"]])  # among the distinct ones
        shares = np.maximum(shares, 1e-12 * (mw.shares > 0))  # a Gamma draw can be 0.0
        plan = Plan(
            shares=shares, combo=combo_of[pick["agg"], pick["norm"]], drop=drops[pick["drop"]]
        )

        def x_of(start: int, stop: int):
            if not bank:
                return None
            counts = percent = factor = None
            if "counts" in bank:
                i = pick["noise"][start:stop]
                counts, percent = bank["counts"][0][i], bank["counts"][1][i]
            if "factor" in bank:
                factor = bank["factor"][pick["recording"][start:stop]]
            return data_noise.assemble(model.noise, stop - start, counts, percent, factor)

        ranks = model.places(np.concatenate([r for _, r in rank_chunks(model, plan, x_of)]))
        nominal = model.nominal[model.ranked]
        shift = np.abs(ranks - nominal).mean(axis=1)
        return np.vstack([ranks.T, shift])

    return labels, dists, evaluate
