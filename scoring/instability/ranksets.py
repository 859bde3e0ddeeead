"""Confidence sets for ranks, with a coverage guarantee.

The method of Mogstad, Romano, Shaikh & Wilhelm (2024, "Inference for ranks with
applications to mobility across neighbourhoods and academic achievement across
countries", *Review of Economic Studies* 91(1):476-518, doi:10.1093/restud/rdad006),
written for this project from the paper.

**What is estimated.** :math:`\\theta_f` is the composite force *f* would score on
error-free data, under the scenario's fixed weights and methods; its rank is
:math:`r_f = 1 + \\#\\{k : \\theta_k > \\theta_f\\}` among the ranked units. The estimate
:math:`\\hat\\theta_f` is the composite of the published data, the score on the league
table.

**Sampling covariance: parametric bootstrap, not the delta method.** The data's own
noise model (:mod:`scoring.instability.noise`: Poisson counts, binomial survey shares
with their sample sizes) is drawn ``draws`` times; every draw goes through the
scenario's whole pipeline (outlier treatment, normalisation with its bounds re-estimated,
weights at any depth, aggregation), and :math:`\\hat\\Sigma` is the covariance of the
drawn composites. Nothing is linearised, so a bound that moves with the data, or a
geometric mean, is carried exactly as the table computes it.

**Pairwise tests.** For each ordered pair :math:`(f, k)`,
:math:`\\sigma_{fk} = \\sqrt{\\hat\\Sigma_{ff} + \\hat\\Sigma_{kk} - 2\\hat\\Sigma_{fk}}` and
:math:`t_{fk} = (\\hat\\theta_f - \\hat\\theta_k)/\\sigma_{fk}`. The hypothesis
:math:`\\theta_f \\le \\theta_k` is rejected ("*f* is clearly ahead of *k*") when
:math:`t_{fk} > \\hat c`, where :math:`\\hat c` is the :math:`1-\\alpha` quantile of
:math:`\\max_{(f,k)} (Z_f - Z_k)/\\sigma_{fk}` over the pairs still under test. For a
scenario, :math:`Z` are the bootstrap composites minus their mean (a bootstrap critical
value, from the same draws as :math:`\\hat\\Sigma`, so no normal approximation is
added); :func:`rank_sets`, given only :math:`\\hat\\theta` and :math:`\\hat\\Sigma`,
draws :math:`Z \\sim N(0, \\hat\\Sigma)` instead (a Gaussian critical value). **Step down** (Romano & Wolf 2005): drop the rejected pairs, recompute
:math:`\\hat c` on the rest, repeat until nothing new is rejected.

**Rank sets.** With :math:`N^-_f` the forces clearly ahead of *f* and :math:`N^+_f` those
clearly behind, the set is :math:`[1 + N^-_f,\\; n - N^+_f]`.

* *Simultaneous*: one family of all pairs; every force's set covers its true rank
  **jointly** with probability at least :math:`1-\\alpha` (asymptotically). This is the
  set to read a whole table by.
* *Marginal*: a family per force (its pairs only); each set covers that force's rank
  with probability at least :math:`1-\\alpha`, narrower, but not jointly.
* *tau-best* ("could be among the best tau"): the forces whose simultaneous lower end
  is at most tau; it holds every true tau-best force with probability at least
  :math:`1-\\alpha`. *tau-worst* likewise with the upper end.

A pair with :math:`\\sigma_{fk} = 0` (no noise on either side) is ordered exactly, and
the sets are only as honest as the noise model: recorded counts treated as Poisson, a
survey share as binomial. Recording practice, definitions and the method choices are
not sampling noise; the Instability page covers those.

References
----------
Romano, J. P. & Wolf, M. (2005) "Exact and approximate stepdown methods for multiple
hypothesis testing", *JASA* 100(469):94-108.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.pipeline import Prepared, normalised, prepare, rank_ranked, score_arrays
from scoring.core.ranking import ordinal
from scoring.core.scenario import Scenario
from scoring.instability import noise as data_noise
from scoring.instability.uncertainty import CHUNK_ELEMENTS, stream

METHOD = ("parametric bootstrap of the data's noise model (Poisson counts, binomial survey "
          "shares) through the whole pipeline; bootstrap critical value of the max-t statistic "
          "from the same draws; stepdown")  # fmt: skip
DEFAULT_LEVEL = 0.95
DEFAULT_DRAWS = 1000  # bootstrap draws for the covariance
CRITICAL_DRAWS = 1000  # Gaussian draws for the critical value
# Columns :func:`attach` adds to a league table (the simultaneous sets).
COLUMNS = ("rank_set_lower", "rank_set_upper", "indistinguishable_from")


@dataclass(frozen=True, eq=False)
class Composite:
    """The composite of the ranked units and its sampling covariance."""

    codes: np.ndarray  # (r,) codes of the ranked units, data order
    theta: np.ndarray  # (r,) composite on the published data
    sigma: np.ndarray  # (r, r) bootstrap covariance of the composite
    draws: int
    deviations: np.ndarray | None = None  # (draws, r) bootstrap composites minus their mean


@dataclass(frozen=True, eq=False)
class RankSets:
    """Rank confidence sets of the ranked units (data order); see the module docstring."""

    codes: np.ndarray  # (r,)
    rank: np.ndarray  # (r,) the table's rank
    lower: np.ndarray  # (r,) best place the data support
    upper: np.ndarray  # (r,) worst place the data support
    ahead: np.ndarray  # (r,) forces clearly ahead (N-)
    behind: np.ndarray  # (r,) forces clearly behind (N+)
    level: float
    simultaneous: bool

    @property
    def apart(self) -> np.ndarray:
        """Forces each one cannot be told apart from (neither clearly ahead nor behind)."""
        return len(self.codes) - 1 - self.ahead - self.behind

    def frame(self) -> pd.DataFrame:
        """``rank, lower, upper, apart`` indexed by code."""
        return pd.DataFrame(
            {"rank": self.rank, "lower": self.lower, "upper": self.upper, "apart": self.apart},
            index=pd.Index(self.codes, name="code"),
        ).astype("Int64")

    def best(self, tau: int) -> np.ndarray:
        """Which forces could be among the best ``tau`` (valid for simultaneous sets)."""
        return self.lower <= tau

    def worst(self, tau: int) -> np.ndarray:
        """Which forces could be among the worst ``tau`` (valid for simultaneous sets)."""
        return self.upper >= len(self.codes) - tau + 1


def composite(dataset: Dataset, scenario: Scenario, *, draws: int = DEFAULT_DRAWS,
              rng: np.random.Generator | None = None, prepared: Prepared | None = None) -> Composite:
    """The composite of the ranked units and its covariance under the data's noise model.

    ``prepared`` is :func:`~scoring.core.pipeline.prepare` of the same inputs when the caller
    has it (the scored table's), so it is not made again. Raises ``ValueError`` when the
    data carry no noise model (no counts, no survey sizes) or fewer than two units are ranked.
    """
    p = prepared if prepared is not None else prepare(dataset, scenario)
    model = data_noise.noise_model(dataset, scenario, p)
    if not model.has_noise:
        raise ValueError("the data have no counts or survey sizes, so there is no sampling noise "
                         "to put a confidence set on")  # fmt: skip
    methods = (scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    _, s = score_arrays(p, *methods)
    ranked = _ranked(p, s)
    if ranked.sum() < 2:
        raise ValueError("fewer than two units are ranked")
    rng = rng if rng is not None else stream(scenario.seed, "rank_sets_data")
    drawn = np.empty((draws, int(ranked.sum())))
    start = 0
    for z in _normalised_draws(p, model, scenario.normalisation, draws, _chunk(p, scenario.aggregation), rng):
        _, sb = score_arrays(p, *methods, z=z)
        drawn[start:start + len(z)] = sb[:, ranked]
        start += len(z)
    # A draw can leave a unit with no score (all its values drawn missing): it has none in
    # the table either, so those draws say nothing about it; use the others.
    drawn = np.where(np.isfinite(drawn), drawn, s[ranked][None, :])
    deviations, sigma = _covariance(drawn)
    return Composite(codes=np.asarray(p.codes)[ranked], theta=s[ranked], sigma=sigma, draws=draws,
                     deviations=deviations)  # fmt: skip


def _covariance(drawn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centred draws (draws, r) and their covariance (r, r)."""
    deviations = drawn - drawn.mean(axis=0)
    return deviations, deviations.T @ deviations / max(len(drawn) - 1, 1)


def from_draws(theta: np.ndarray, drawn: np.ndarray, *, level: float = DEFAULT_LEVEL,
               simultaneous: bool = True) -> RankSets:
    """Rank sets from estimates ``theta`` (r,) and bootstrap draws of them ``drawn`` (draws, r).

    The bootstrap critical value comes from the same draws, as in :func:`for_scenario`.
    """
    deviations, sigma = _covariance(np.asarray(drawn, dtype=float))
    t, zt = _statistics(theta, sigma, deviations)
    return _sets(theta, t, zt, level, simultaneous, True)


def rank_sets(theta: np.ndarray, sigma: np.ndarray, *, level: float = DEFAULT_LEVEL,
              simultaneous: bool = True, stepdown: bool = True, draws: int = CRITICAL_DRAWS,
              rng: np.random.Generator | None = None) -> RankSets:
    """Rank confidence sets from estimates ``theta`` (r,) and their covariance ``sigma`` (r, r).

    Larger ``theta`` is better (rank 1); ``codes`` of the result are ``0..r-1``. Use
    :func:`for_scenario` for a scenario's table.
    """
    z = _gaussian(np.asarray(sigma, dtype=float), draws,
                  rng if rng is not None else np.random.default_rng(0))  # fmt: skip
    t, zt = _statistics(theta, sigma, z)
    return _sets(theta, t, zt, level, simultaneous, stepdown)


@dataclass(frozen=True, eq=False)
class TableSets:
    """Both kinds of set for a scenario's table, and the composite's standard errors."""

    simultaneous: RankSets
    marginal: RankSets
    se: np.ndarray  # (r,) bootstrap standard error of each composite
    draws: int
    seed: int

    @property
    def level(self) -> float:
        return self.simultaneous.level

    def frame(self) -> pd.DataFrame:
        """Per ranked unit: ``rank, lower, upper, apart`` (simultaneous) and the marginal ends."""
        out = self.simultaneous.frame()
        marginal = self.marginal.frame()
        for column in ("lower", "upper", "apart"):
            out[f"{column}_marginal"] = marginal[column]
        return out


def for_scenario(dataset: Dataset, scenario: Scenario, *, level: float | None = None,
                 seed: int | None = None, draws: int | None = None,
                 prepared: Prepared | None = None) -> TableSets:
    """Simultaneous and marginal rank sets for the scenario's table.

    ``level``, ``seed`` and ``draws`` default to the scenario's (``scenario.ranks`` and
    ``scenario.seed``); the same inputs give the same sets. ``prepared``: as for
    :func:`composite`.
    """
    seed = scenario.seed if seed is None else seed
    settings = scenario.ranks
    level = settings.level if level is None else level
    c = composite(dataset, scenario, draws=draws or settings.draws, rng=stream(seed, "rank_sets_data"),
                  prepared=prepared)  # fmt: skip
    t, zt = _statistics(c.theta, c.sigma, c.deviations)
    kinds = [_sets(c.theta, t, zt, level, simultaneous, True) for simultaneous in (True, False)]
    joint, marginal = (RankSets(codes=c.codes, rank=k.rank, lower=k.lower, upper=k.upper,
                                ahead=k.ahead, behind=k.behind, level=level,
                                simultaneous=k.simultaneous) for k in kinds)  # fmt: skip
    return TableSets(simultaneous=joint, marginal=marginal, se=np.sqrt(np.diag(c.sigma)),
                     draws=c.draws, seed=seed)  # fmt: skip


def attach(table: pd.DataFrame, sets: TableSets | None) -> pd.DataFrame:
    """``table`` with each ranked unit's simultaneous set in :data:`COLUMNS` (NA elsewhere)."""
    out = table.copy()
    frame = sets.simultaneous.frame() if sets is not None else pd.DataFrame(
        columns=["lower", "upper", "apart"], dtype="Int64")  # fmt: skip
    for column, source in zip(COLUMNS, ("lower", "upper", "apart"), strict=True):
        out[column] = frame[source].reindex(out.index).astype("Int64")
    return out


def describe(rank: int, lower: int, upper: int, apart: int, n: int | None = None,
             units: str = "forces") -> str:
    """The set in words: "ranked 40th of 42; the data support any place from 32nd to 42nd;
    it cannot be told apart from 12 forces"."""
    text = f"ranked {ordinal(rank)}" + (f" of {n}; " if n else "; ")
    if lower == upper:
        text += "the data support this place and no other"
    else:
        text += f"the data support any place from {ordinal(lower)} to {ordinal(upper)}"
    if apart == 0:
        return text + f"; it can be told apart from all the other {units}"
    return text + f"; it cannot be told apart from {apart} {units if apart != 1 else units[:-1]}"


def tau_text(sets: TableSets, tau: int = 10, units: str = "forces") -> str:
    """How many units could be among the best and the worst ``tau``, in one sentence."""
    joint = sets.simultaneous
    tau = min(tau, len(joint.codes) - 1)
    return (f"The data support {int(joint.best(tau).sum())} {units} as possibly among the best "
            f"{tau} and {int(joint.worst(tau).sum())} as possibly among the worst {tau}.")


def method_text(sets: TableSets, n: int) -> str:
    """One plain line on how the sets were made, for screens and exports."""
    return (f"Places the data support: {sets.level:.0%} confidence sets for all {n} ranks at once "
            "(Mogstad, Romano, Shaikh & Wilhelm 2024, Review of Economic Studies). Sampling noise "
            "only (Poisson counts, binomial surveys), carried through the scenario's methods and "
            f"weights by parametric bootstrap ({sets.draws:,} draws, seed {sets.seed}); method and "
            "weighting choices are on the Instability page.")


def _statistics(theta, sigma, z: np.ndarray):
    """Pairwise t statistics (r, r) and their noise-only counterparts (r, r, draws).

    ``z`` holds centred draws of the estimates, (draws, r); the counterpart of ``t[f, k]``
    in draw d is ``(z[d, f] - z[d, k]) / sigma_fk``, with the draws last so that a pair's
    draws lie together for the step-downs to gather. Single precision for the draws: a
    critical value needs three digits, and it halves the memory traffic.
    """
    theta = np.asarray(theta, dtype=float)
    sd = pair_sd(np.asarray(sigma, dtype=float))
    diff = theta[:, None] - theta[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(sd > 0, diff / sd, np.where(diff > 0, np.inf, -np.inf))
        inv = np.where(sd > 0, 1.0 / sd, 0.0).astype(np.float32)
    by_unit = np.ascontiguousarray(np.asarray(z, dtype=np.float32).T)  # (r, draws)
    zt = by_unit[:, None, :] - by_unit[None, :, :]
    zt *= inv[:, :, None]
    zt[sd == 0] = -np.inf  # no noise on either side: the pair never enters the max statistic
    return t, zt


def _sets(theta, t, zt, level: float, simultaneous: bool, stepdown: bool) -> RankSets:
    r = len(theta)
    off = ~np.eye(r, dtype=bool)
    if simultaneous:
        ahead_of = _stepdown_joint(t, zt, off, level, stepdown)  # [f, k]: f clearly ahead of k
        ahead, behind = ahead_of.sum(axis=0), ahead_of.sum(axis=1)
    else:
        ahead, behind = _stepdown_each(t, zt, off, level, stepdown)
    rank = rank_ranked(np.asarray(theta, dtype=float), np.ones(r, dtype=bool)).astype(int)
    return RankSets(codes=np.arange(r), rank=rank, lower=1 + ahead, upper=r - behind,
                    ahead=ahead, behind=behind, level=level, simultaneous=simultaneous)  # fmt: skip


def pair_sd(sigma: np.ndarray) -> np.ndarray:
    """:math:`\\sigma_{fk}`, the standard deviation of every pairwise difference (r, r)."""
    d = np.diag(sigma)
    return np.sqrt(np.clip(d[:, None] + d[None, :] - 2.0 * sigma, 0.0, None))


def _gaussian(sigma: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` vectors from N(0, sigma); a singular sigma (no noise on some unit) is fine."""
    values, vectors = np.linalg.eigh((sigma + sigma.T) / 2.0)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    return rng.standard_normal((draws, len(sigma))) @ root.T


def _critical(stat: np.ndarray, level: float) -> np.ndarray:
    """The ``level`` quantile of a max statistic along its last axis (the draws; -inf when
    nothing is tested)."""
    return np.quantile(stat, level, axis=-1, method="higher")


# How a step-down reads its max statistic. Its critical value only falls from one step to the
# next (fewer pairs, smaller maxima), so the pairs still open in a family are those whose t is
# at most the last critical value: the first ones when the family's pairs are sorted by t. So
# the noise-only statistics are gathered once in that order, and a step takes the maximum over
# the first rows (one family) or reads running maxima (a family per unit): the same numbers
# (a maximum is exact), at a fraction of the memory traffic of masking every pair each step.


def _by_t(t: np.ndarray) -> np.ndarray:
    """Sort keys: t, with a pair never rejected (t NaN) first, where it is always open."""
    return np.where(np.isnan(t), -np.inf, t)


def _stepdown_joint(t, zt, off, level, stepdown) -> np.ndarray:
    """One family of all ordered pairs; returns ``rejected[f, k]``: f clearly ahead of k."""
    f, k = np.nonzero(off)
    order = np.argsort(_by_t(t)[f, k], kind="stable")
    stat = zt[f[order], k[order]]  # (pairs, draws), smallest t first
    rejected = np.zeros_like(off)
    while True:
        open_ = off & ~rejected
        if not open_.any():
            return rejected
        c = _critical(stat[: open_.sum()].max(axis=0), level)
        new = open_ & (t > c)
        if not new.any():
            return rejected
        rejected |= new
        if not stepdown:
            return rejected


def _stepdown_each(t, zt, off, level, stepdown) -> tuple[np.ndarray, np.ndarray]:
    """A family per unit f, holding its pairs in both directions; returns ``(N-, N+)``.

    ``fwd[f, k]``: "f ahead of k" rejected in f's family; ``back[f, k]``: "k ahead of f".
    """
    r = len(t)
    fwd = np.zeros_like(off)
    back = np.zeros_like(off)
    if r < 2:  # a unit alone: no pair to test
        return back.sum(axis=1), fwd.sum(axis=1)
    rows = np.arange(r)[:, None]
    others = np.nonzero(off)[1].reshape(r, r - 1)  # row f: every k but f

    def maxima(key: np.ndarray, ahead: bool) -> np.ndarray:
        """[i, f, d]: the maximum over f's first i + 1 pairs in one direction, sorted by ``key``."""
        k = np.take_along_axis(others, np.argsort(key[rows, others], axis=1, kind="stable"), axis=1).T
        f = np.broadcast_to(rows.T, k.shape)
        stat = zt[f, k] if ahead else zt[k, f]
        for i in range(1, len(stat)):  # a row at a time: numpy's accumulate is slow along axis 0
            np.maximum(stat[i], stat[i - 1], out=stat[i])
        return stat

    def top(running: np.ndarray, n_open: np.ndarray) -> np.ndarray:
        """Per family, the maximum over its ``n_open`` first pairs (-inf for none): (r, draws)."""
        out = running[np.maximum(n_open - 1, 0), np.arange(r)]
        out[n_open == 0] = -np.inf
        return out

    ahead_max, behind_max = maxima(_by_t(t), True), maxima(_by_t(t.T), False)
    while True:
        stat = np.maximum(top(ahead_max, (off & ~fwd).sum(axis=1)), top(behind_max, (off & ~back).sum(axis=1)))
        c = _critical(stat, level)[:, None]  # one critical value per family
        new_f = off & ~fwd & (t > c)
        new_b = off & ~back & (t.T > c)
        if not (new_f.any() or new_b.any()):
            break
        fwd |= new_f
        back |= new_b
        if not stepdown:
            break
    return back.sum(axis=1), fwd.sum(axis=1)


# The noise draws, normalised, do not depend on the weights: kept for the last few inputs,
# a weight slider's move re-weights them instead of drawing and normalising them again.
_DRAWS: OrderedDict[bytes, tuple[list[np.ndarray], dict]] = OrderedDict()
DRAWS_KEPT = 4  # inputs
DRAWS_KEPT_BYTES = 32 * 2**20  # per input: larger draws are made afresh each time


def _normalised_draws(p: Prepared, model: data_noise.NoiseModel, normalisation: str, draws: int,
                      step: int, rng: np.random.Generator) -> Iterable[np.ndarray]:
    """``draws`` noisy copies of the data, normalised, in chunks of ``step``; as drawn afresh
    (same numbers, and ``rng`` left in the same state once all are read), but served from
    :data:`_DRAWS` when the same inputs come again. Draws too large to keep come one chunk
    at a time, so their memory stays that of a chunk."""
    chunks = (normalised(p, normalisation, data_noise.draw(model, min(step, draws - start), rng))
              for start in range(0, draws, step))  # fmt: skip
    if draws * p.x.size * 8 > DRAWS_KEPT_BYTES:  # float64 values, as normalise returns
        return chunks
    key = _key(p.x, p.direction, p.scale_mask, p.reference, *vars(model).values(), normalisation,
               draws, step, rng.bit_generator.state)  # fmt: skip
    if key in _DRAWS:
        _DRAWS.move_to_end(key)
        kept, state = _DRAWS[key]
        rng.bit_generator.state = state
        return kept
    kept = list(chunks)
    for c in kept:
        c.flags.writeable = False  # shared by later calls: nobody may change them
    _DRAWS[key] = (kept, rng.bit_generator.state)
    while len(_DRAWS) > DRAWS_KEPT:
        _DRAWS.popitem(last=False)
    return kept


def _key(*parts) -> bytes:
    """A digest of arrays and plain values (their bytes, shapes and types; repr otherwise)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(f"{part.dtype}{part.shape}".encode())
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(repr(part).encode())
        h.update(b"|")
    return h.digest()


def _ranked(p: Prepared, scores: np.ndarray) -> np.ndarray:
    return p.ranked_mask & ~np.isnan(scores)


def _chunk(p: Prepared, aggregation: str) -> int:
    n, m = p.x.shape
    per_draw = n * m * (n if aggregation == "copeland" else 1)
    return max(1, CHUNK_ELEMENTS // max(per_draw, 1))
