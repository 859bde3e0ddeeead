"""Rigidity and local priorities in one call: what the basket leaves out.

The analyses are this project's design, after Holmström & Milgrom (1991, "Multitask
principal-agent analyses", *J. Law, Economics & Organization* 7:24-52), Baker (2002,
"Distortion and risk in optimal incentive contracts", *J. Human Resources* 37(4):728-751)
and Bevan & Hood (2006, "What's measured is what matters", *Public Administration*
84(3):517-538).

:func:`analyse` runs, for a dataset and a scenario,

* coverage of every force's recorded harm (:mod:`scoring.rigidity.coverage`, C4);
* the force in focus: national against local weights and its rank under each
  (:mod:`scoring.rigidity.local_priorities`, C3) and the effort it would move when chasing the
  table (:mod:`scoring.rigidity.reallocation`, C1);
* for every force: rank under national weights against rank under its own harm
  profile (C3), and the distortion angle (:mod:`scoring.rigidity.distortion`, C2);
* the ratchet view on the previous year's data (:mod:`scoring.rigidity.ratchet`).

The app and ``python -m scoring rigidity`` both read this one result.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.rigidity import coverage, distortion, local_priorities, ratchet, reallocation
from scoring.rigidity.domains import DomainData, domain_data


@dataclass(frozen=True, eq=False)
class Rigidity:
    """Everything the rigidity page shows."""

    data: DomainData
    coverage: coverage.Coverage
    forces: pd.DataFrame  # per force: coverage, ranks, distances, angle, reallocation headline
    ratchet: ratchet.Ratchet | None
    code: str  # the force in focus
    view: local_priorities.ForceView
    effort: pd.DataFrame  # the force in focus, per domain (reallocation.domain_table)
    path: dict  # the force in focus: league gain and value loss as pressure rises
    headline: dict  # the force in focus at the scenario's pressure


def analyse(dataset: Dataset, scenario: Scenario) -> Rigidity:
    """Run C1-C4 and the ratchet; the force in focus is ``scenario.rigidity.force``.

    When that is empty or unknown, the force ranked first under national weights is
    used.
    """
    data = domain_data(dataset, scenario)
    cov = coverage.coverage(dataset, scenario)
    rk = local_priorities.ranker(dataset, scenario, data)
    names = dataset.units["name"]
    ranks = local_priorities.all_forces(rk, data, names)
    angles = distortion.by_force(data, scenario, names)
    forces = ranks.join(cov.table[["coverage", "harm_per_1000", "top_outside"]]).join(
        angles.drop(columns="name"))
    code = focus(scenario.rigidity.force, ranks)
    view = local_priorities.force_view(rk, data, scenario, code)
    r = reallocation.for_domains(data, scenario, view.weights[["local"]].T)
    one = reallocation.Reallocation(r.value_weights[0], r.league_weights, r.status_quo[0],
                                    r.league[0], r.beta, r.budget)  # fmt: skip
    effort = reallocation.domain_table(one, data, scenario, code)
    return Rigidity(data, cov, forces, ratchet.ratchet(dataset, scenario), code, view, effort,
                    one.path(), _headline(one, effort, scenario))  # fmt: skip


def focus(code: str, ranks: pd.DataFrame) -> str:
    """The force in focus: ``code`` if it is a unit of the table, else the top-ranked one."""
    if code in ranks.index:
        return code
    ordered = ranks.sort_values(["rank_national", "name"], na_position="last")
    return str(ordered.index[0])


def _headline(r: reallocation.Reallocation, effort: pd.DataFrame, scenario: Scenario) -> dict:
    """The numbers of the reallocation panel at the scenario's target pressure."""
    e = r.at(scenario.rigidity.pressure)
    outside = ~effort["measured"]
    recorded = float(effort.loc[outside, "harm"].sum())
    change = float(effort.loc[outside, "harm_change"].sum())
    dropped = effort[effort["change"] < -0.05].sort_values("change")
    return {
        "league_gain": float(r.league_gain(e)),
        "value_loss": float(r.value_loss(e)),
        "unmeasured_now": float(r.unmeasured_effort(r.status_quo)),
        "unmeasured_at": float(r.unmeasured_effort(e)),
        "unmeasured_shift": float(r.unmeasured_effort(e) - r.unmeasured_effort(r.status_quo)),
        "harm_change": change,
        "harm_change_pct": change / recorded if recorded > 0 else float("nan"),
        "net_harm_change": float(effort["harm_change"].sum()),
        "stops": dropped,
    }
