"""Distortion angle between what the league table rewards and what a force values.

At the status quo allocation :math:`e^V` (:mod:`scoring.rigidity.reallocation`), the marginal
value of effort in each domain is :math:`\\nabla V_j = v_j a_j \\beta e_j^{\\beta-1} /
\\sigma_j` and the marginal league score :math:`\\nabla L_j = w_j a_j \\beta
e_j^{\\beta-1} / \\sigma_j` (0 for domains the table does not weigh). The angle between
them,

.. math:: \\cos\\theta_f = \\frac{\\langle \\nabla V, \\nabla L\\rangle}{\\lVert\\nabla V\\rVert
   \\,\\lVert\\nabla L\\rVert},

is 0° when the table rewards exactly what the force values and 90° when its
incentives point entirely elsewhere (after Baker 2002, "Distortion and
risk in optimal incentive contracts", *J. Human Resources* 37(4):728-751, who
describes a measure by its distortion; the geometric form is this project's reading).
Forces with a large θ face the strongest pull toward what Smith (1995, "On the
unintended consequences of publishing performance data in the public sector", *Int.
J. Public Administration* 18:277-310) calls ossification.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core.scenario import Scenario
from scoring.rigidity import reallocation
from scoring.rigidity.domains import DomainData


def cos_angle(value_weights, league_weights, effort, beta: float) -> np.ndarray:
    """:math:`\\cos\\theta` along the last axis (NaN when either gradient is zero)."""
    gv = reallocation.gradient(effort, value_weights, beta)
    gl = reallocation.gradient(effort, np.broadcast_to(league_weights, np.shape(effort)), beta)
    norm = np.linalg.norm(gv, axis=-1) * np.linalg.norm(gl, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norm > 0, (gv * gl).sum(axis=-1) / norm, np.nan)


def degrees(cos) -> np.ndarray:
    """θ in degrees from :math:`\\cos\\theta`."""
    return np.degrees(np.arccos(np.clip(np.asarray(cos, float), -1.0, 1.0)))


def by_force(data: DomainData, scenario: Scenario, names: pd.Series) -> pd.DataFrame:
    """θ and the reallocation headline for every force, each valuing its own harm profile.

    Returns
    -------
    DataFrame
        Indexed by code: ``name, theta, cos``; ``unmeasured_now`` and ``unmeasured_chasing``
        (% of effort on domains the table does not weigh, now and under the scenario's
        target pressure); ``value_loss`` and ``league_gain`` at that pressure; and
        ``harm_change`` (predicted change in harm on unmeasured domains, CSS points) with
        ``harm_change_pct`` (as a share of their recorded harm).
    """
    profile = data.profile
    r = reallocation.for_domains(data, scenario, profile)
    settings = scenario.rigidity
    e = r.at(settings.pressure)
    cos = cos_angle(r.value_weights, r.league_weights, r.status_quo, r.beta)
    harm = data.harm.reindex(columns=data.domains.ids).to_numpy(float)
    unmeasured = ~r.measured
    change = r.harm_change(e, harm, settings.prevented)[:, unmeasured].sum(axis=1)
    recorded = harm[:, unmeasured].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(recorded > 0, change / recorded, np.nan)
    return pd.DataFrame({
        "name": names.reindex(profile.index),
        "theta": degrees(cos),
        "cos": cos,
        "unmeasured_now": r.unmeasured_effort(r.status_quo),
        "unmeasured_chasing": r.unmeasured_effort(e),
        "value_loss": r.value_loss(e),
        "league_gain": r.league_gain(e),
        "harm_change": change,
        "harm_change_pct": pct,
    }, index=profile.index)  # fmt: skip
