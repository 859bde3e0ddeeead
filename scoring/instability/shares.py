"""Measure shares: the weights the sensitivity analyses move.

Users set a weight per *measure* and split it between the measure's indicators
(:mod:`scoring.core.weights`). The sensitivity analyses perturb, bound and move the
measure shares :math:`W_k` and keep each indicator's share *within* its measure,
:math:`v_j`, fixed, so the effective weight is :math:`w_j = W_{k(j)}\\,v_j`.

Written this way a composite is a ratio of two functions that are linear in the
measure shares. With :math:`y_{fj}` the aggregated quantity (the normalised value
:math:`z_{fj}` for the arithmetic mean, :math:`\\log\\tilde z_{fj}` for the
geometric mean) and :math:`A_f` the indicators unit *f* has,

.. math:: S_f(W) = \\frac{\\sum_k W_k N_{fk}}{\\sum_k W_k D_{fk}},\\qquad
          N_{fk} = \\sum_{j \\in k \\cap A_f} v_j y_{fj},\\quad
          D_{fk} = \\sum_{j \\in k \\cap A_f} v_j .

With complete data :math:`D_{fk} = 1`, so :math:`S_f` is linear in :math:`W`: the
fact behind the exact stability intervals (:mod:`scoring.instability.stability`, after
Triantaphyllou & Sánchez 1997, "A sensitivity analysis approach for some deterministic
multi-criteria decision-making methods", *Decision Sciences* 28(1)) and the MILP rank
bounds (:mod:`scoring.instability.bestworst`, after Salo & Punkka 2011, "Ranking intervals
and dominance relations for ratio-based efficiency analysis", *Management Science* 57(1)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.core import aggregate, normalise
from scoring.core.pipeline import Prepared
from scoring.core.scenario import Scenario
from scoring.core.weights import renormalise
from scoring.errors import InputError


@dataclass(frozen=True, eq=False)
class MeasureWeights:
    """Nominal measure shares and the fixed split of each measure between its indicators."""

    shares: np.ndarray  # (K,) nominal measure shares, sum to 1
    within: np.ndarray  # (m,) indicator share within its measure (0 if the measure has none)
    groups: np.ndarray  # (m,) measure index of each indicator
    names: tuple[str, ...]  # measure ids, in the order of ``shares``

    @property
    def one_hot(self) -> np.ndarray:
        """Indicator-to-measure matrix ``G`` (m, K) with ``G[j, k] = 1`` if j is in k."""
        return (self.groups[:, None] == np.arange(len(self.shares))[None, :]).astype(float)


def measure_weights(p: Prepared, scenario: Scenario) -> MeasureWeights:
    """Split the prepared effective weights into measure shares and within-measure shares.

    Measures the user has switched off keep their within-measure split (taken from the
    scenario's indicator weights), so an analysis that gives them weight again (a
    Dirichlet draw never does; the best/worst bounds may) knows how to spread it.
    """
    groups = np.asarray(p.groups)
    k = len(p.measures)
    shares = np.bincount(groups, weights=p.weights, minlength=k)
    raw = np.array([max(scenario.indicator_weight(j), 0.0) for j in p.indicators])
    total = np.bincount(groups, weights=raw, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(total[groups] > 0, raw / total[groups], 0.0)
    return MeasureWeights(shares=shares, within=within, groups=groups, names=tuple(p.measures))


def indicator_weights(mw: MeasureWeights, shares: np.ndarray, drop: np.ndarray | None = None):
    """Effective indicator weights :math:`w_j = W_{k(j)} v_j` for one or many share vectors.

    Parameters
    ----------
    shares : ndarray, shape (..., K)
        Measure shares (renormalised here, so any positive scale will do).
    drop : ndarray of int, shape (...), optional
        Index of one indicator to leave out per sample (-1 keeps all). Its share of
        the measure goes to the measure's other indicators; a measure left with no
        indicator drops out and the other measures share its weight, as in
        :func:`scoring.core.weights.effective_weights`.

    Returns
    -------
    ndarray, shape (..., m), rows summing to 1.
    """
    shares = np.asarray(shares, dtype=float)
    within = np.broadcast_to(mw.within, shares.shape[:-1] + mw.within.shape)
    if drop is not None:
        keep = np.arange(len(mw.within)) != np.asarray(drop)[..., None]
        within = within * keep
        per_measure = within @ mw.one_hot
        with np.errstate(invalid="ignore", divide="ignore"):
            within = np.where(per_measure[..., mw.groups] > 0,
                              within / per_measure[..., mw.groups], 0.0)  # fmt: skip
        shares = np.where(per_measure > 0, shares, 0.0)
    return renormalise(shares)[..., mw.groups] * within


def aggregated_values(p: Prepared, normalisation: str, aggregation: str, offset: float):
    """The quantity the mean runs over: ``z`` (arithmetic) or ``log z~`` (geometric).

    Raises ``ValueError`` for Copeland, whose score is a count of pairwise contests and
    not a weighted mean.
    """
    z = normalise.normalise(p.x, normalisation, p.direction, scale_mask=p.scale_mask,
                            reference=p.reference)  # fmt: skip
    if aggregation == "arithmetic":
        return z
    if aggregation == "geometric":
        return np.log(aggregate.to_unit_interval(z, offset, p.scale_mask))
    raise ValueError(f"{aggregation} aggregation is not a weighted mean of the indicators")


def measure_parts(y: np.ndarray, mw: MeasureWeights) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator parts ``N`` and ``D``, each (n, K); see the module docstring."""
    have = ~np.isnan(y)
    num = np.where(have, y, 0.0) * mw.within
    den = have * mw.within
    return num @ mw.one_hot, den @ mw.one_hot


def check_one_aggregation(scenario: Scenario, what: str) -> None:
    """Raise :class:`~scoring.errors.InputError` when the scenario aggregates across the top
    level differently from within (``Scenario.across``): the exact weight analyses rest on
    the score being a ratio of functions linear in the measure shares, which a second,
    different aggregation across themes breaks."""
    if scenario.across not in ("same", scenario.aggregation):
        raise InputError(f"{what} need one aggregation at every level (a ratio linear in the measure "
                         f"shares); this scenario is {scenario.aggregation} within and {scenario.across} "
                         "across: set 'Across' (Methods) to the same as within to see them",
                         where="aggregation")  # fmt: skip
