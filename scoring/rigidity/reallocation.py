"""Multitask effort reallocation: what a force chasing the table would stop doing.

The model (this project's design on the logic of Holmström & Milgrom
1991, "Multitask principal-agent analyses", *J. Law, Economics & Organization* 7:24-52):

* a budget of effort :math:`B` (officer time; here 100, so effort reads as % of it) is
  spread over domains *j* (:mod:`scoring.rigidity.domains`);
* the outcome of domain *j* has diminishing returns, :math:`y_j = a_j e_j^{\\beta}` with
  :math:`0 < \\beta < 1` (default 0.5);
* every domain keeps a minimum-service floor :math:`e_j \\ge e^{min}_j` (calls are still
  answered and crimes recorded);
* the league objective is :math:`L(e) = \\sum_j w_j y_j / \\sigma_j` with the table's
  weights *w* (0 on unmeasured domains); local value is
  :math:`V(e) = \\sum_j v_j y_j / \\sigma_j` with the force's own priorities *v*.

For any weights *c*, the best allocation is water-filling (the KKT conditions):

.. math:: e_j(\\mu) = \\max\\Big(e^{min}_j,\\ \\big(c_j a_j \\beta / \\mu\\big)^{1/(1-\\beta)}\\Big),
   \\qquad \\sum_j e_j(\\mu) = B,

solved by bisection on the multiplier :math:`\\mu`. :math:`e^V` (best for local value)
is the status quo; :math:`e^L` is what a force maximising its league score would do.
Target pressure :math:`\\lambda` mixes them, :math:`e(\\lambda) = (1-\\lambda) e^V +
\\lambda e^L`.

Calibration (this project's design): every domain's outcome is measured in its own units,
:math:`a_j / \\sigma_j = 1`, so the weights alone say what a unit of outcome is worth;
this reproduces the hand-worked example in ``tests/scoring/test_reallocation.py``. For
harm, the outcome of domain *j* is harm prevented; with the assumption that policing now
prevents a share :math:`\\pi` of the domain's recorded harm :math:`H_j`, moving to effort *e*
changes the harm in domain *j* by :math:`\\Delta H_j = \\pi H_j (1 - (e_j/e^V_j)^{\\beta})`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BUDGET = 100.0
BISECTIONS = 200


def water_fill(c, budget: float, beta: float, floors=None, a=None) -> np.ndarray:
    """Maximise :math:`\\sum_j c_j a_j e_j^{\\beta}` s.t. :math:`\\sum_j e_j = B, e \\ge e^{min}`.

    Parameters
    ----------
    c : array_like, shape (..., J)
        Non-negative weights; leading axes solve many problems at once.
    budget : float
        :math:`B`.
    beta : float
        Returns to effort, in (0, 1).
    floors : array_like, shape (..., J) or (J,), optional
        :math:`e^{min}` (default 0).
    a : array_like, optional
        Productivities :math:`a_j` (default 1).

    Returns
    -------
    ndarray, shape (..., J)
        The optimal effort. Bisection on :math:`t = \\mu^{-1/(1-\\beta)}`, on which the total
        effort :math:`\\sum_j \\max(e^{min}_j, k_j t)` is increasing and piecewise linear, then
        one exact step on the set of domains above their floor. With every weight zero,
        the spare budget is shared equally.

    Raises
    ------
    ValueError
        If the floors add up to more than the budget, or ``beta`` is outside (0, 1).
    """
    if not 0.0 < beta < 1.0:
        raise ValueError("returns to effort beta must be between 0 and 1")
    c = np.asarray(c, dtype=float)
    k = np.clip(c * (1.0 if a is None else np.asarray(a, dtype=float)), 0.0, None)
    # Scaling every weight leaves the optimum unchanged; scaling the largest to 1 keeps
    # the powers below finite for weights as small as 1e-200.
    top = k.max(axis=-1, keepdims=True)
    k = (np.where(top > 0, k / np.where(top > 0, top, 1.0), 0.0) * beta) ** (1.0 / (1.0 - beta))
    f = np.zeros(c.shape[-1]) if floors is None else np.asarray(floors, dtype=float)
    f = np.broadcast_to(f, c.shape)
    spare = budget - f.sum(axis=-1)
    if np.any(spare < -1e-9 * max(budget, 1.0)):
        raise ValueError("the minimum-service floors add up to more than the budget")
    total_k = k.sum(axis=-1)
    lo = np.zeros_like(spare)
    hi = np.where(total_k > 0, budget / np.where(total_k > 0, total_k, 1.0), 0.0)
    for _ in range(BISECTIONS):
        mid = 0.5 * (lo + hi)
        over = np.maximum(f, k * mid[..., None]).sum(axis=-1) > budget
        hi = np.where(over, mid, hi)
        lo = np.where(over, lo, mid)
    t = 0.5 * (lo + hi)
    free = k * t[..., None] > f
    free_k = np.where(free, k, 0.0).sum(axis=-1)
    fixed = np.where(free, 0.0, f).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = np.where(free_k > 0, (budget - fixed) / free_k, t)
    e = np.where(free, k * exact[..., None], f)
    equal = f + np.maximum(spare, 0.0)[..., None] / c.shape[-1]
    return np.where((total_k > 0)[..., None], e, equal)


def objective(e, c, beta: float) -> np.ndarray:
    """:math:`\\sum_j c_j e_j^{\\beta}` (with :math:`a_j/\\sigma_j = 1`), along the last axis."""
    return np.sum(np.asarray(c, float) * np.asarray(e, float) ** beta, axis=-1)


def gradient(e, c, beta: float) -> np.ndarray:
    """Marginal value :math:`c_j \\beta e_j^{\\beta-1}` of effort in each domain (0 where c_j = 0)."""
    e = np.asarray(e, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.asarray(c, float) * beta * e ** (beta - 1.0)
    return np.where(np.asarray(c, float) > 0, g, 0.0)


@dataclass(frozen=True, eq=False)
class Reallocation:
    """Status quo and league-optimal effort for one or many forces (leading axes)."""

    value_weights: np.ndarray  # v, shape (..., J)
    league_weights: np.ndarray  # w, shape (J,)
    status_quo: np.ndarray  # e^V, shape (..., J)
    league: np.ndarray  # e^L, shape (..., J)
    beta: float
    budget: float = BUDGET

    @property
    def measured(self) -> np.ndarray:
        """Domains the table weighs (w > 0)."""
        return self.league_weights > 0

    def at(self, pressure: float) -> np.ndarray:
        """Effort under target pressure: :math:`(1-\\lambda) e^V + \\lambda e^L`."""
        return (1.0 - pressure) * self.status_quo + pressure * self.league

    def league_gain(self, e) -> np.ndarray:
        """:math:`L(e)/L(e^V) - 1`."""
        return _ratio(objective(e, self.league_weights, self.beta),
                      objective(self.status_quo, self.league_weights, self.beta)) - 1.0  # fmt: skip

    def value_loss(self, e) -> np.ndarray:
        """:math:`1 - V(e)/V(e^V)`: local value given up."""
        return 1.0 - _ratio(objective(e, self.value_weights, self.beta),
                            objective(self.status_quo, self.value_weights, self.beta))  # fmt: skip

    def unmeasured_effort(self, e) -> np.ndarray:
        """Effort left on the domains the table does not weigh."""
        return np.where(self.measured, 0.0, np.asarray(e, float)).sum(axis=-1)

    def neglect(self, e) -> np.ndarray:
        """:math:`N_j = 1 - e_j / e^V_j`: the share of each domain's effort given up."""
        return 1.0 - _ratio(np.asarray(e, float), self.status_quo)

    def harm_change(self, e, harm, prevented: float) -> np.ndarray:
        """:math:`\\Delta H_j = \\pi H_j (1 - (e_j/e^V_j)^{\\beta})`; positive = more harm.

        ``harm`` is the recorded harm :math:`H_j` per domain (same shape as the effort).
        """
        ratio = np.nan_to_num(_ratio(np.asarray(e, float), self.status_quo), nan=1.0)
        return prevented * np.asarray(harm, float) * (1.0 - ratio**self.beta)

    def path(self, steps: int = 21) -> dict[str, np.ndarray]:
        """League gain, value loss and unmeasured effort as pressure rises from 0 to 1."""
        lam = np.linspace(0.0, 1.0, steps)
        effort = self.at(lam.reshape((-1,) + (1,) * self.status_quo.ndim))
        return {"pressure": lam, "league_gain": self.league_gain(effort),
                "value_loss": self.value_loss(effort),
                "unmeasured_effort": self.unmeasured_effort(effort)}  # fmt: skip


def reallocate(value_weights, league_weights, beta: float, floor: float,
               budget: float = BUDGET) -> Reallocation:
    """Solve :math:`e^V` and :math:`e^L` with the same floor on every domain.

    Parameters
    ----------
    value_weights : array_like, shape (..., J)
        The force's own priorities *v* (one row per force for many forces).
    league_weights : array_like, shape (J,)
        The table's weight on each domain.
    beta : float
        Returns to effort.
    floor : float
        Minimum-service floor of every domain, in % of the budget; capped at an equal
        share of the budget so that the floors always fit in it.
    """
    v = np.asarray(value_weights, dtype=float)
    w = np.asarray(league_weights, dtype=float)
    floors = np.full(v.shape[-1], min(budget * floor / 100.0, budget / v.shape[-1]))
    status_quo = water_fill(v, budget, beta, floors)
    league = np.broadcast_to(water_fill(w, budget, beta, floors), v.shape).copy()
    return Reallocation(v, w, status_quo, league, beta, budget)


def _ratio(a, b) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(b) > 0, np.asarray(a) / np.asarray(b), np.nan)


def for_domains(data, scenario, value_weights: pd.DataFrame) -> Reallocation:
    """:func:`reallocate` over the domains of :mod:`scoring.rigidity.domains`, one row per force.

    ``data`` is a :class:`scoring.rigidity.domains.DomainData`; ``value_weights`` has one row of
    local weights per force over ``data.domains.ids``.
    """
    settings = scenario.rigidity
    return reallocate(value_weights.reindex(columns=data.domains.ids).to_numpy(float),
                      data.national.to_numpy(float), settings.returns, settings.floor)  # fmt: skip


def domain_table(r: Reallocation, data, scenario, code: str) -> pd.DataFrame:
    """One force's effort per domain: now, when chasing the table, and at the scenario's pressure.

    ``r`` holds that force alone (1-d arrays). Effort is in % of officer time; ``harm``
    is the force's recorded harm per domain (CSS points) and ``harm_change`` the
    predicted change at the scenario's pressure (positive = more harm).
    """
    settings = scenario.rigidity
    e = r.at(settings.pressure)
    harm = data.harm.loc[code].reindex(data.domains.ids).to_numpy(float)
    return pd.DataFrame({
        "label": [data.domains.labels[k] for k in data.domains.ids],
        "measured": r.measured,
        "national": r.league_weights,
        "local": r.value_weights,
        "status_quo": r.status_quo,
        "league": r.league,
        "at_pressure": e,
        "change": e - r.status_quo,
        "neglect": r.neglect(e),
        "harm": harm,
        "harm_change": r.harm_change(e, harm, settings.prevented),
    }, index=pd.Index(data.domains.ids, name="domain"))  # fmt: skip
