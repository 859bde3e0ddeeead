"""Monte Carlo uncertainty analysis of ranks.

One experiment explores every switched-on source of uncertainty at once
(Saisana, Saltelli & Tarantola 2005, "Uncertainty and sensitivity analysis techniques as
tools for the quality assessment of composite indicators", *JRSS A* 168(2):307-323;
OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, OECD, ch. 7):

* **weights**: measure shares :math:`W = W^0 \\odot u / \\lVert W^0 \\odot u\\rVert_1`
  with independent :math:`u_k \\sim U[1-\\delta, 1+\\delta]`, or
  :math:`W \\sim \\mathrm{Dirichlet}(\\alpha_0 W^0)` (mean :math:`W^0`; larger
  :math:`\\alpha_0`, tighter draws). Measures weighted 0 stay at 0. In a framework with
  themes the draw goes down the tree: each node's share among its siblings is drawn the
  same way (multipliers, or a Dirichlet per set of siblings), and a measure's share is the
  product down its path, so a theme's total varies as one input
  (:func:`draw_tree_shares`).
* **methods**: a normalisation and an aggregation drawn uniformly from the *distinct*
  combinations of user-chosen sets (under the geometric mean the linear normalisations
  give one table, under Copeland every normalisation does:
  :func:`scoring.core.aggregate.distinct_methods`), so no table is counted twice;
* **data**: Poisson, binomial and recording-error noise (:mod:`scoring.instability.noise`;
  Goldstein & Spiegelhalter 1996; Marshall & Spiegelhalter 1998);
* **indicator set**: leave out one indicator, or none, with equal probability.

Draw *b* gives ranks :math:`r^{(b)}`. Nothing per sample is kept except two
numbers: the mean absolute rank shift :math:`R_S^{(b)} = \\frac1n\\sum_f |r^{(b)}_f -
r^0_f|` (Handbook eq. 38) and Kendall's :math:`\\tau_b` against the nominal table.
Per force the engine counts how often each rank occurs (SMAA-2 rank acceptability,
Lahdelma & Salminen 2001, "SMAA-2: Stochastic multicriteria acceptability analysis for group
decision making", *Operations Research* 49(3):444-454) and, for up to :data:`PAIRWISE_MAX`
units, how often each other force ranks above it; medians, 5-95% intervals and top/bottom-10
probabilities follow exactly from the counts. Memory is therefore
:math:`O(n^2 + B)` whatever the number of samples :math:`B`; samples are scored in
chunks, each chunk grouped by method combination and scored as one array operation.

Chunks are scored on a small pool of threads, in a fixed order of chunks whose size is
fixed by the problem, so no number depends on the number of threads. A very large run
(:data:`LARGE_RUN` counts drawn or more) gives each chunk its own noise stream, spawned
from the noise stream in chunk order, draws counts of 100 or more from the normal
approximation to the Poisson (:mod:`scoring.instability.noise`), and draws and scores its
noisy values a cache-sized block of samples at a time; its result says so.

Every source has its own random stream spawned from the seed, so switching one
source off leaves the draws of the others unchanged, and the same seed and
scenario reproduce every number.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from scoring.core import aggregate, hierarchy
from scoring.core.dataset import Dataset
from scoring.core.pipeline import Prepared, prepare, rank_ranked, score_arrays
from scoring.core.scenario import Scenario, UncertaintySettings
from scoring.instability import noise as data_noise
from scoring.instability.rank_distance import kendall_tau_many
from scoring.instability.shares import MeasureWeights, indicator_weights, measure_weights

PAIRWISE_MAX = 250  # units; above this the n x n "who beats whom" counts are skipped
CHUNK_ELEMENTS = 2_000_000  # floats per (chunk, n, m) array: about 16 MB
# Values a large run normalises and aggregates at a time (about 1.6 MB): each step's arrays
# stay in the CPU cache instead of passing over the whole chunk, about twice as fast.
BLOCK_ELEMENTS = 200_000
WORKERS = min(4, os.cpu_count() or 1)  # threads scoring chunks (numpy releases the GIL)
# Counts drawn per run from which each chunk draws its noise from its own stream (so chunks
# can be drawn in parallel) and counts of noise.NORMAL_FROM or more come from the normal
# approximation. The 43 forces have 387 counts: 3.9e7 at the largest sample count, 100,000.
LARGE_RUN = 50_000_000
SOURCES = ("weights", "methods", "noise", "recording", "drop")
# Every random stream of the sensitivity analyses, each spawned from the scenario's seed.
STREAMS = (*SOURCES, "churn", "sobol_design", "bootstrap", "rank_sets_data", "rank_sets_critical")
Progress = Callable[[float], None]


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario ready for many re-scorings: prepared arrays plus what may vary."""

    p: Prepared
    mw: MeasureWeights
    combos: tuple[tuple[str, str], ...]  # (normalisation, aggregation) pairs to draw from
    nominal_combo: tuple[str, str]
    offset: float
    noise: data_noise.NoiseModel
    settings: UncertaintySettings
    nominal: np.ndarray  # (n,) nominal ranks, NaN for units not ranked
    measure_labels: tuple[str, ...]
    tree: hierarchy.Hierarchy | None = None  # with themes: weights are drawn level by level

    @property
    def droppable(self) -> np.ndarray:
        """Indicators that carry weight, so leaving one out changes something."""
        return np.flatnonzero(self.p.weights > 0)

    @property
    def ranked(self) -> np.ndarray:
        """Units that take a place in the nominal table."""
        return self.p.ranked_mask & ~np.isnan(self.nominal)

    def places(self, ranks: np.ndarray) -> np.ndarray:
        """Sampled ranks (c, n) of the ranked units only, (c, r).

        A unit left with no indicator in some draw has no score there: it counts as last.
        """
        return np.nan_to_num(ranks[:, self.ranked], nan=float(self.ranked.sum()))


@dataclass(frozen=True, eq=False)
class Plan:
    """Per-sample choices other than data noise."""

    shares: np.ndarray  # (B, K) measure shares
    combo: np.ndarray  # (B,) index into Model.combos
    drop: np.ndarray  # (B,) indicator left out, -1 for none


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Accumulated Monte Carlo output; see :func:`force_summary` and :func:`overall`."""

    codes: np.ndarray  # (r,) codes of the ranked units, in data order
    nominal: np.ndarray  # (r,) nominal ranks
    counts: np.ndarray  # (r, r) counts[f, k] = samples in which f had rank k + 1
    shift: np.ndarray  # (B,) mean absolute rank shift per sample
    tau: np.ndarray  # (B,) Kendall tau-b against the nominal ranks
    above: np.ndarray | None  # (r, r) above[f, g] = samples with g ranked strictly above f
    samples: int
    seed: int
    sources: tuple[str, ...]  # the sources that were switched on
    normal_counts: bool = False  # large counts drawn by the normal approximation (speed)

    @property
    def note(self) -> str:
        """A plain sentence on how the draws were made, where a reader needs one ("" if not)."""
        return data_noise.NORMAL_NOTE if self.normal_counts else ""


def build(dataset: Dataset, scenario: Scenario) -> Model:
    """Prepare the scenario once for Monte Carlo, Sobol and churn runs."""
    u = scenario.uncertainty
    p = prepare(dataset, scenario)
    nominal_combo = (scenario.normalisation, scenario.aggregation)
    combos = (nominal_combo,)
    if u.vary_methods:  # one combination per distinct table (aggregate.distinct_methods)
        combos = aggregate.distinct_methods(u.normalisations, u.aggregations,
                                            every_ranked_unit_sets_the_scale=_in_scale(p))
    _, s = score_arrays(p, *nominal_combo, scenario.geometric_offset)
    labels = tuple(str(dataset.measures["label"].get(k, k)) for k in p.measures)
    return Model(p=p, mw=measure_weights(p, scenario), combos=combos, nominal_combo=nominal_combo,
                 offset=scenario.geometric_offset, noise=data_noise.noise_model(dataset, scenario),
                 settings=u, nominal=rank_ranked(s, p.ranked_mask), measure_labels=labels,
                 tree=hierarchy.of(dataset) if hierarchy.has_groups(dataset) else None)  # fmt: skip


def active_sources(model: Model) -> tuple[str, ...]:
    """The sources of uncertainty that are switched on and can change something."""
    u, mw = model.settings, model.mw
    on = {
        "weights": u.vary_weights
        and (mw.shares > 0).sum() > 1
        and (u.weight_mode == "dirichlet" or u.weight_spread > 0),
        "methods": u.vary_methods and len({_table_class(model, c) for c in
                                           (*model.combos, model.nominal_combo)}) > 1,
        "noise": u.data_noise and model.noise.has_noise,
        "recording": u.recording_error > 0 and len(model.noise.count_cols) > 0,
        "drop": u.drop_indicator and len(model.droppable) > 1,
    }
    return tuple(k for k in SOURCES if on[k])


def _in_scale(p: Prepared) -> bool:
    return not bool((p.ranked_mask & ~p.scale_mask).any())


def _table_class(model: Model, combo: tuple[str, str]) -> tuple[str, str]:
    """Combinations with the same class give the same table."""
    norm, agg = combo
    return (aggregate.equivalent_normalisation(
        norm, agg, every_ranked_unit_sets_the_scale=_in_scale(model.p)), agg)  # fmt: skip


def streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per name in :data:`STREAMS`, spawned from ``seed``."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {k: np.random.default_rng(c) for k, c in zip(STREAMS, children, strict=True)}


def stream(seed: int, name: str) -> np.random.Generator:
    """``streams(seed)[name]`` alone: the same numbers, without making every other generator
    (a rank-set run needs one; making all of them cost about 10 ms a weight move)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS.index(name),)))


def draw_plan(
    model: Model, samples: int, rngs: dict[str, np.random.Generator], sources: tuple[str, ...]
) -> Plan:
    """Draw weights, method combinations and left-out indicators for ``samples`` runs."""
    u, w0 = model.settings, model.mw.shares
    shares = np.broadcast_to(w0, (samples, len(w0)))
    if "weights" in sources and model.tree is not None:
        shares = draw_tree_shares(w0, model.mw.names, model.tree, u, samples, rngs["weights"])
    elif "weights" in sources:
        shares = draw_shares(w0, u, samples, rngs["weights"])
    combo = np.zeros(samples, dtype=np.int64)  # with methods off, combos is the nominal one
    if "methods" in sources:
        combo = rngs["methods"].integers(0, len(model.combos), samples)
    drop = np.full(samples, -1)
    if "drop" in sources:
        options = np.append(-1, model.droppable)
        drop = options[rngs["drop"].integers(0, len(options), samples)]
    return Plan(shares=np.asarray(shares, dtype=float), combo=combo, drop=drop)


def draw_shares(
    w0: np.ndarray, u: UncertaintySettings, samples: int, rng: np.random.Generator
) -> np.ndarray:
    """Perturbed measure shares (samples, K): multipliers or Dirichlet around ``w0``."""
    on = w0 > 0
    out = np.zeros((samples, len(w0)))
    if u.weight_mode == "dirichlet":
        out[:, on] = rng.dirichlet(u.concentration * w0[on], size=samples)
        return out
    mult = rng.uniform(1 - u.weight_spread, 1 + u.weight_spread, size=(samples, int(on.sum())))
    out[:, on] = w0[on] * mult
    return out / out.sum(axis=1, keepdims=True)


def draw_tree_shares(w0: np.ndarray, names: tuple[str, ...], tree: hierarchy.Hierarchy,
                     u: UncertaintySettings, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Perturbed measure shares (samples, K) of a framework with themes, drawn level by level
    (this project's design, extending :func:`draw_shares` to a tree).

    A node's nominal share among its siblings is its total over its parent's
    (:math:`s_n = W^0_n / W^0_{\\mathrm{parent}(n)}`, a group's total being the sum of the
    measures below it). Each set of siblings is perturbed as :func:`draw_shares` perturbs the
    measures of a flat table: multipliers :math:`U[1-\\delta, 1+\\delta]` per node, then
    renormalised among the siblings, or :math:`\\mathrm{Dirichlet}(\\alpha_0 s)` per set.
    A measure's share is the product of the drawn shares down its path, so the draws keep
    the tree's structure and each theme's total varies as one input. Nodes with no share stay
    at 0; with :math:`\\delta = 0` the nominal shares come back exactly.
    """
    path = {m: tree.path(m) for m in names}
    total: dict[str, float] = {hierarchy.INDEX: 1.0}
    for k, m in enumerate(names):
        for node in path[m]:
            total[node] = total.get(node, 0.0) + float(w0[k])
    nodes = [n for n in (*tree.groups, *names) if total.get(n, 0.0) > 0]  # a fixed order
    parent = {n: tree.parent.get(n, hierarchy.INDEX) for n in nodes}
    local = np.array([total[n] / total[parent[n]] for n in nodes])
    drawn = np.empty((samples, len(nodes)))
    sets = {}
    for i, n in enumerate(nodes):
        sets.setdefault(parent[n], []).append(i)
    if u.weight_mode == "dirichlet":
        for members in sets.values():
            drawn[:, members] = rng.dirichlet(u.concentration * local[members], size=samples)
    else:
        drawn[:] = local * rng.uniform(1 - u.weight_spread, 1 + u.weight_spread, size=drawn.shape)
        for members in sets.values():
            drawn[:, members] /= drawn[:, members].sum(axis=1, keepdims=True)
    at = {n: i for i, n in enumerate(nodes)}
    out = np.zeros((samples, len(names)))
    for k, m in enumerate(names):
        if m in at:
            out[:, k] = np.prod(drawn[:, [at[n] for n in path[m]]], axis=1)
    return out


def chunk_size(model: Model) -> int:
    """Samples per chunk: bounded memory, and fixed by the problem so results never
    depend on anything but the seed and the scenario."""
    n, m = model.p.x.shape
    per_sample = n * m * (n if any(a == "copeland" for _, a in model.combos) else 1)
    return max(1, min(4096, CHUNK_ELEMENTS // max(per_sample, 1)))


def rank_chunks(
    model: Model,
    plan: Plan,
    x_of: Callable[[int, int], np.ndarray | None],
    progress: Progress | None = None,
    *,
    then: Callable[[np.ndarray], object] | None = None,
    independent: bool = False,
    blocks: bool = False,
    workers: int | None = None,
) -> Iterator[tuple[int, object]]:
    """Yield ``(start, ranks)`` for consecutive chunks; ranks are (c, n), NaN if unranked.

    ``x_of(start, stop)`` returns the indicator values for those samples (None: the
    nominal values, normalised once per method combination instead of once per sample).
    It is called in chunk order in the calling thread, or, when ``independent`` (its
    values depend on nothing but ``start`` and ``stop``), by the worker threads.
    Chunks are scored by ``workers`` threads (default :data:`WORKERS`) and yielded in
    order; ``then(ranks)``, if given, runs in the worker and its result is yielded instead
    of the ranks. With ``blocks``, noisy values are scored :data:`BLOCK_ELEMENTS` at a time
    (large runs). Nothing depends on the number of workers.
    """
    total = len(plan.combo)
    step = chunk_size(model)
    bounds = [(a, min(a + step, total)) for a in range(0, total, step)]
    fixed = _Nominal(model)
    finish = then or (lambda ranks: ranks)
    block = max(1, BLOCK_ELEMENTS // model.p.x.size) if blocks else step

    def work(start: int, stop: int, x: np.ndarray | None):
        if independent:
            x = x_of(start, stop)
        return finish(_rank_chunk(model, plan, start, stop, x, fixed, block))

    workers = min(WORKERS if workers is None else workers, len(bounds))
    if workers <= 1:
        for start, stop in bounds:
            yield start, work(start, stop, None if independent else x_of(start, stop))
            if progress is not None:
                progress(stop / total)
        return
    # numpy's nan-reductions warn inside warnings.catch_warnings(), which is not thread-safe:
    # one context around the pool puts the filters back as they were.
    with warnings.catch_warnings(), ThreadPoolExecutor(workers) as pool:
        warnings.simplefilter("ignore", RuntimeWarning)
        pending: deque = deque()

        def finished(keep: int):  # the oldest chunks, in order, until ``keep`` are pending
            while len(pending) > keep:
                done, end, future = pending.popleft()
                yield done, future.result()
                if progress is not None:
                    progress(end / total)

        for start, stop in bounds:  # at most workers + 1 chunks in memory at once
            x = None if independent else x_of(start, stop)
            pending.append((start, stop, pool.submit(work, start, stop, x)))
            yield from finished(workers)
        yield from finished(0)


class _Nominal:
    """Nominal values normalised once per method combination, shared by the worker threads."""

    def __init__(self, model: Model) -> None:
        self.model, self.done, self.lock = model, {}, threading.Lock()

    def __getitem__(self, c: int) -> np.ndarray:
        with self.lock:
            if c not in self.done:
                norm, agg = self.model.combos[c]
                self.done[c] = score_arrays(self.model.p, norm, agg, self.model.offset)[0]
            return self.done[c]


def _rank_chunk(model: Model, plan: Plan, start: int, stop: int, x: np.ndarray | None,
                fixed: _Nominal, block: int) -> np.ndarray:
    """Ranks (c, n) of samples ``start:stop``, scored as one array operation per method
    combination and ``block`` samples of noisy values (a loop over combinations, not samples)."""
    p = model.p
    w = chunk_weights(model, plan, start, stop)
    ranks = np.empty((stop - start, len(p.codes)))
    combos = plan.combo[start:stop]
    for c in np.unique(combos):
        rows = np.flatnonzero(combos == c)
        norm, agg = model.combos[c]
        if x is None:  # the same operations as score_arrays, without re-normalising
            s = aggregate.aggregate(fixed[c], w[rows], agg, offset=model.offset,
                                    scale_mask=p.scale_mask)  # fmt: skip
        else:
            s = np.concatenate([score_arrays(p, norm, agg, model.offset, x=x[part], weights=w[part])[1]
                                for part in np.split(rows, range(block, len(rows), block))])  # fmt: skip
        ranks[rows] = rank_ranked(np.broadcast_to(s, (len(rows), s.shape[-1])),
                                  p.ranked_mask)  # fmt: skip
    return ranks


def chunk_weights(model: Model, plan: Plan, start: int, stop: int) -> np.ndarray:
    """Effective indicator weights ``(stop - start, m)`` of samples ``start:stop`` of ``plan``."""
    return indicator_weights(model.mw, plan.shares[start:stop], plan.drop[start:stop])


def noise_source(
    model: Model,
    sources: tuple[str, ...],
    rngs: dict[str, np.random.Generator],
    *,
    large: bool = False,
):
    """``x_of`` for :func:`rank_chunks` drawing fresh data noise for each chunk.

    With ``large`` (see :func:`is_large`), chunk *k* draws from its own streams (child *k*
    of the noise and recording streams), so chunks may be drawn in any order and in
    parallel, and counts of :data:`~scoring.instability.noise.NORMAL_FROM` or more come
    from the normal approximation to the Poisson.
    """
    sampling, recording = "noise" in sources, "recording" in sources
    if not (sampling or recording):
        return lambda start, stop: None
    level = model.settings.recording_error if recording else 0.0
    step = chunk_size(model)

    def chunk_rng(name: str, start: int) -> np.random.Generator:
        if not large:
            return rngs[name]
        seq = rngs[name].bit_generator.seed_seq  # child start // step, as SeedSequence.spawn
        return np.random.default_rng(np.random.SeedSequence(
            seq.entropy, spawn_key=(*seq.spawn_key, start // step), pool_size=seq.pool_size))  # fmt: skip

    def x_of(start: int, stop: int) -> np.ndarray:
        return data_noise.draw(model.noise, stop - start, chunk_rng("noise", start),
                               sampling=sampling, recording=level,
                               recording_rng=chunk_rng("recording", start),
                               normal_from=data_noise.NORMAL_FROM if large else None)  # fmt: skip

    return x_of


def is_large(model: Model, samples: int, sources: tuple[str, ...]) -> bool:
    """A run drawing :data:`LARGE_RUN` counts or more (never the 43 forces)."""
    counts = int(np.count_nonzero(~np.isnan(model.noise.counts)))
    return "noise" in sources and samples * counts >= LARGE_RUN


def run(
    dataset: Dataset,
    scenario: Scenario,
    *,
    samples: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    pairwise: bool | None = None,
) -> MonteCarloResult:
    """Run the Monte Carlo experiment of ``scenario.uncertainty``.

    Parameters
    ----------
    samples, seed : int, optional
        Override the scenario's sample count and seed.
    progress : callable, optional
        Called with the fraction done after each chunk.
    pairwise : bool, optional
        Count, for every pair, how often one ranks above the other (needed for
        :mod:`scoring.instability.bands`); default on up to :data:`PAIRWISE_MAX` ranked units.
    """
    model = build(dataset, scenario)
    return simulate(model, samples or scenario.uncertainty.samples,
                    scenario.seed if seed is None else seed, progress, pairwise)  # fmt: skip


def simulate(
    model: Model,
    samples: int,
    seed: int,
    progress: Progress | None = None,
    pairwise: bool | None = None,
    *,
    workers: int | None = None,
) -> MonteCarloResult:
    """:func:`run` on an already built :class:`Model` (``workers``: see :func:`rank_chunks`)."""
    ranked = model.ranked
    r = int(ranked.sum())
    pairwise = r <= PAIRWISE_MAX if pairwise is None else pairwise
    nominal = model.nominal[ranked]
    sources = active_sources(model)
    rngs = streams(seed)
    plan = draw_plan(model, samples, rngs, sources)
    large = is_large(model, samples, sources)
    counts = np.zeros(r * r, dtype=np.int64)
    above = np.zeros((r, r), dtype=np.int64) if pairwise else None
    shift, tau = np.empty(samples), np.empty(samples)

    def summarise(ranks: np.ndarray):  # in the worker thread: only sums come back
        rk = model.places(ranks)
        return (len(rk), np.abs(rk - nominal).mean(axis=1), kendall_tau_many(nominal, rk),
                np.bincount((np.arange(r) * r + rk.astype(np.int64) - 1).ravel(), minlength=r * r),
                (rk[:, None, :] < rk[:, :, None]).sum(axis=0) if pairwise else None)  # fmt: skip

    chunks = rank_chunks(model, plan, noise_source(model, sources, rngs, large=large), progress,
                         then=summarise, independent=large, blocks=large, workers=workers)  # fmt: skip
    for start, (c, sh, ta, co, ab) in chunks:
        shift[start : start + c], tau[start : start + c] = sh, ta
        counts += co
        if above is not None:
            above += ab
    normal = large and bool((np.nan_to_num(model.noise.counts) >= data_noise.NORMAL_FROM).any())
    return MonteCarloResult(codes=np.asarray(model.p.codes)[ranked], nominal=nominal,
                            counts=counts.reshape(r, r), shift=shift, tau=tau, above=above,
                            samples=samples, seed=seed, sources=sources, normal_counts=normal)  # fmt: skip
