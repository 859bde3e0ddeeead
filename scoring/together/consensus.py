"""Pool a room's weights: spread, consensus, and which places the room disagrees about.

Each participant gives either measure weights (any non-negative scale; only the
ratios count, so they become *shares* that sum to one) or only an order of
importance. An order stands for every weighting consistent with it, the region
:math:`w_{(1)} \\ge w_{(2)} \\ge \\dots \\ge w_{(K)} \\ge 0` of the simplex (measures
left out of the order get 0). Its centroid is the rank-order centroid (ROC)

.. math:: w_{(k)} = \\frac1K \\sum_{i=k}^{K} \\frac1i

(Barron & Barrett 1996, "Decision quality using ranked attribute weights",
Management Science 42(11):1515-1523), which is what the participant contributes to
the spread and the consensus; the rank acceptability samples the whole region.

* **Consensus weights**: the median share of each measure across participants,
  rescaled to sum to one. The median, not the mean, so one extreme participant
  cannot pull the room's weights (the component-wise median does not sum to one by
  itself, hence the rescaling).
* **Rank acceptability** (Lahdelma & Salminen 2001, "SMAA-2: Stochastic multicriteria
  acceptability analysis for group decision making", Operations Research 49(3):444-454):
  :math:`b_f^r`, the share of the room whose weights put unit *f* at place *r*. The
  weight distribution is the room itself: every participant has the same mass, a
  weight vector counts once and an order is spread evenly over its region (uniform
  draws, Tervonen & Lahdelma 2007). Central weights
  :math:`w_f^c = E[w \\mid r_f = 1]`.
* **Contested places** (this project's rule): a unit's place is contested when the
  middle 80% of the room's weightings put it at places at least ``contested_places``
  (default 5) apart, i.e. its 90th minus 10th percentile rank under :math:`b_f`.
  The *effective number of places* :math:`\\exp(-\\sum_r b_f^r \\ln b_f^r)` says over
  how many places the room spreads the unit (1 = everyone agrees).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.pipeline import Prepared, rank_ranked, score_arrays
from scoring.core.weights import renormalise

CHUNK = 128  # weight samples scored at once; Copeland needs (chunk, n, n, m) floats


def roc_weights(k: int) -> np.ndarray:
    """Rank-order centroid weights for ``k`` ranked items, most important first (sum 1)."""
    return np.array([np.sum(1.0 / np.arange(i, k + 1)) / k for i in range(1, k + 1)])


@dataclass(frozen=True)
class Pool:
    """The room: one row of measure shares per participant.

    ``shares[i]`` sums to one (ROC weights for a participant who gave only an order);
    ``orders[i]`` holds the column indices of that participant's order, most
    important first, or is empty when they gave weights.
    """

    measures: tuple[str, ...]
    shares: np.ndarray  # (p, M)
    orders: tuple[tuple[int, ...], ...]

    @property
    def size(self) -> int:
        """Number of participants."""
        return len(self.shares)


def make_pool(
    measures: Sequence[str],
    entries: Sequence[tuple[Mapping[str, float] | None, Sequence[str] | None]],
) -> Pool:
    """Build a :class:`Pool` from ``(weights, order)`` pairs, one per participant.

    Weights win when both are given; measures a participant's weights do not name
    count 0. Raises ``ValueError`` for an entry with neither, or all-zero weights.
    """
    index = {m: k for k, m in enumerate(measures)}
    shares, orders = [], []
    for weights, order in entries:
        row = np.zeros(len(measures))
        if weights:
            for m, v in weights.items():
                if m in index:
                    row[index[m]] = max(float(v), 0.0)
            if row.sum() <= 0:
                raise ValueError("a participant's weights are all zero")
            shares.append(row / row.sum())
            orders.append(())
        elif order:
            positions = tuple(index[m] for m in order)
            row[list(positions)] = roc_weights(len(positions))
            shares.append(row)
            orders.append(positions)
        else:
            raise ValueError("a participant gave neither weights nor an order")
    return Pool(tuple(measures), np.array(shares).reshape(-1, len(measures)), tuple(orders))


def spread(pool: Pool) -> pd.DataFrame:
    """Per measure: min, quartiles, max, IQR and the consensus share (see the module doc)."""
    q = np.quantile(pool.shares, [0, 0.25, 0.5, 0.75, 1], axis=0)
    return pd.DataFrame(
        {
            "min": q[0],
            "q1": q[1],
            "median": q[2],
            "q3": q[3],
            "max": q[4],
            "iqr": q[3] - q[1],
            "consensus": consensus(pool),
        },
        index=list(pool.measures),
    )


def room_bounds(pool: Pool) -> dict[str, tuple[float, float]]:
    """Each measure's lowest and highest share in the room: admissible weights for the design
    assistant and the best and worst ranks (a weighting everybody's answers bracket)."""
    lo, hi = pool.shares.min(axis=0), pool.shares.max(axis=0)
    return {m: (round(float(a), 4), round(float(b), 4)) for m, a, b in zip(pool.measures, lo, hi, strict=True)}


def consensus(pool: Pool) -> np.ndarray:
    """Median share of each measure, rescaled to sum to one (equal shares if all medians are 0)."""
    median = np.median(pool.shares, axis=0)
    return median / median.sum() if median.sum() > 0 else np.full(len(median), 1 / len(median))


def distance_to(pool: Pool, target: np.ndarray) -> np.ndarray:
    """Total-variation distance :math:`\\frac12\\lVert w_i - t\\rVert_1` of each participant.

    0 = the same shares; 1 = no measure in common (the total variation distance that
    :mod:`scoring.rigidity.local_priorities` also uses).
    """
    return 0.5 * np.abs(pool.shares - np.asarray(target)[None, :]).sum(axis=1)


def to_slider_scale(shares: np.ndarray, neutral: float = 5.0, top: float = 10.0) -> np.ndarray:
    """Shares as 0-``top`` slider values with the same ratios.

    Scaled so the mean slider value is ``neutral`` (equal shares give ``neutral``
    everywhere, like the presets), or lower if that would push one above ``top``.
    """
    shares = np.asarray(shares, float)
    scale = min(neutral * len(shares) / shares.sum(), top / shares.max())
    return shares * scale


def weight_samples(pool: Pool, draws: int, rng: np.random.Generator):
    """Measure-share samples standing for the room, and each sample's mass.

    A participant with weights gives one sample of mass 1; a participant with only an
    order gives ``draws`` samples, uniform on its region (a flat Dirichlet draw over
    the ordered measures, sorted largest first), each of mass ``1 / draws``.

    Returns ``(samples (S, M), mass (S,), owner (S,))``.
    """
    samples, mass, owner = [], [], []
    for i, (row, order) in enumerate(zip(pool.shares, pool.orders, strict=True)):
        if not order:
            samples.append(row[None, :])
            mass.append([1.0])
            owner.append([i])
            continue
        block = np.zeros((draws, len(pool.measures)))
        block[:, list(order)] = -np.sort(-rng.dirichlet(np.ones(len(order)), size=draws), axis=1)
        samples.append(block)
        mass.append(np.full(draws, 1.0 / draws))
        owner.append(np.full(draws, i))
    return np.vstack(samples), np.concatenate(mass), np.concatenate(owner)


def indicator_weights(
    measure_shares: np.ndarray, within: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """Effective indicator weights from measure shares (..., M) and within-measure shares (m,).

    :math:`w_j = W_{k(j)} \\cdot v_j`, renormalised along the last axis (scoring.core.weights).
    """
    return renormalise(np.asarray(measure_shares)[..., groups] * within)


def sample_ranks(
    p: Prepared, normalisation: str, aggregation: str, offset: float, weights: np.ndarray
) -> np.ndarray:
    """Competition ranks of every unit under each row of indicator ``weights`` (S, m) -> (S, n)."""
    out = []
    for start in range(0, len(weights), CHUNK):
        _, s = score_arrays(
            p, normalisation, aggregation, offset, weights=weights[start : start + CHUNK]
        )
        out.append(rank_ranked(s, p.ranked_mask))
    return np.vstack(out) if out else np.empty((0, len(p.codes)))


def acceptability(ranks: np.ndarray, mass: np.ndarray, n_places: int) -> np.ndarray:
    """Rank acceptability :math:`b_f^r = \\sum_s \\mu_s [r_{sf} = r] / \\sum_s \\mu_s`.

    Returns shape (n, n_places).

    Units without a place (NaN rank) get a row of zeros.
    """
    mass = np.asarray(mass, float) / np.sum(mass)
    out = np.zeros((ranks.shape[1], n_places))
    for r in range(1, n_places + 1):
        out[:, r - 1] = mass @ (ranks == r)
    return out


def central_weights(ranks: np.ndarray, mass: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """:math:`w_f^c = E[w \\mid r_f = 1]` per unit, shape (n, M); NaN for units never first."""
    first = (ranks == 1) * np.asarray(mass, float)[:, None]  # (S, n)
    total = first.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (first.T @ shares) / total[:, None]


def place_summary(b: np.ndarray, index: pd.Index, contested_places: int = 5) -> pd.DataFrame:
    """Per unit with a place: best, worst, 10th/50th/90th percentile place, effective places.

    ``b`` is :func:`acceptability` output with rows labelled by ``index``; units that
    never take a place (rows of zeros) are left out. ``contested`` applies the rule
    of the module docstring.
    """
    keep = b.sum(axis=1) > 0
    b = b[keep]
    cum = np.cumsum(b, axis=1)
    places = np.arange(1, b.shape[1] + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.sum(np.where(b > 0, b * np.log(np.where(b > 0, b, 1.0)), 0.0), axis=1)
    out = pd.DataFrame(
        {
            "best": np.argmax(b > 0, axis=1) + 1,
            "worst": places[::-1][np.argmax(b[:, ::-1] > 0, axis=1)],
            # a small tolerance so that 0.1 reached by summing tenths still counts
            **{
                name: np.argmax(cum >= q - 1e-9, axis=1) + 1
                for name, q in (("p10", 0.1), ("median", 0.5), ("p90", 0.9))
            },
            "places": np.exp(entropy),
        },
        index=index[keep],
    )
    out["contested"] = (out["p90"] - out["p10"]) >= contested_places
    return out


def within_shares(measure_of: pd.Series, indicator_weights: Mapping[str, float]) -> np.ndarray:
    """Each indicator's share of its measure, :math:`v_j / \\sum_{i \\in k(j)} v_i` (0 if all 0).

    Missing indicator weights count 1 (equal split), as in
    :func:`scoring.core.weights.effective_weights`.
    """
    iw = np.array([max(float(indicator_weights.get(j, 1.0)), 0.0) for j in measure_of.index])
    total = pd.Series(iw, index=measure_of.index).groupby(measure_of).transform("sum").to_numpy()
    return np.divide(iw, total, out=np.zeros_like(iw), where=total > 0)


@dataclass(frozen=True, eq=False)
class RoomRanks:
    """The places the room's weights give each unit (see :func:`room_ranks`)."""

    acceptability: pd.DataFrame  # units with a place x places 1..n: b_f^r
    summary: pd.DataFrame  # place_summary plus ``consensus``: the place under consensus weights
    central: pd.DataFrame  # units x measures: central weights (NaN when never first)


def room_ranks(
    p: Prepared,
    within: np.ndarray,
    methods: tuple[str, str, float],
    pool: Pool,
    *,
    draws: int = 200,
    seed: int = 0,
    contested_places: int = 5,
) -> RoomRanks:
    """SMAA-2 over the room: rank acceptability, central weights and contested places.

    Parameters
    ----------
    p : Prepared
        The facilitator's prepared data (scoring.core.pipeline.prepare).
    within : ndarray (m,)
        Within-measure shares of the indicators (:func:`within_shares`).
    methods : (normalisation, aggregation, geometric offset)
        The scenario's methods; only the measure weights come from the room.
    pool : Pool
        The participants' shares; measures the pool lacks get share 0.
    draws, seed : int
        Uniform draws per participant who gave only an order, and the seed of those draws.
    """
    room = align(pool, p.measures)
    samples, mass, _ = weight_samples(room, draws, np.random.default_rng(seed))
    norm, agg, offset = methods
    ranks = sample_ranks(p, norm, agg, offset, indicator_weights(samples, within, p.groups))
    n_places = int(p.ranked_mask.sum())
    b = acceptability(ranks, mass, n_places)
    summary = place_summary(b, p.codes, contested_places)
    middle = consensus(room)
    agreed = sample_ranks(
        p, norm, agg, offset, indicator_weights(middle[None, :], within, p.groups)
    )[0]
    summary.insert(
        0, "consensus", pd.Series(agreed, index=p.codes).reindex(summary.index).astype("Int64")
    )
    return RoomRanks(
        acceptability=pd.DataFrame(b, index=p.codes, columns=range(1, n_places + 1)).loc[
            summary.index
        ],
        summary=summary,
        central=pd.DataFrame(
            central_weights(ranks, mass, samples), index=p.codes, columns=p.measures
        ),
    )


def align(pool: Pool, measures: Sequence[str]) -> Pool:
    """The pool over ``measures``, in that order; measures the pool lacks get share 0."""
    cols = [pool.measures.index(m) if m in pool.measures else None for m in measures]
    shares = np.zeros((pool.size, len(cols)))
    for k, c in enumerate(cols):
        if c is not None:
            shares[:, k] = pool.shares[:, c]
    where = {c: k for k, c in enumerate(cols) if c is not None}
    orders = tuple(tuple(where[c] for c in order if c in where) for order in pool.orders)
    return Pool(tuple(measures), shares, orders)
