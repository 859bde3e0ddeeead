"""Coverage ("synecdoche"): how much of each force's recorded crime harm the basket counts.

.. math:: Cov_f = \\frac{\\sum_g m_{fg}\\, n_{fg}\\, h_g}{\\sum_g n_{fg}\\, h_g}

with :math:`n_{fg}` the offences of group *g* recorded by force *f*, :math:`h_g` the
harm weight of one offence (:mod:`scoring.rigidity.harm`) and :math:`m_{fg}` the share of those
offences a weighted indicator counts (:func:`scoring.rigidity.domains.measured_share`). Bevan &
Hood (2006, "What's measured is what matters", *Public Administration* 84(3):517-538)
call governing by a measured part standing for the whole *synecdoche*; the closer
:math:`Cov_f` is to 1, the more believable that is (the ratio is this project's
measure of it, after Bevan & Hood 2006).

Harm that no recorded-crime count carries (missing persons, mental-health incidents,
safeguarding of fraud victims, ...) cannot enter :math:`Cov_f`; :data:`UNCOUNTED`
lists it with the College of Policing's "typical day" figures, so that it is named
even where it cannot be measured.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.rigidity import domains, harm

COLLEGE = "College of Policing (2015) Estimating demand on the police service"
# Demand outside every recorded-crime count: (what, why it matters, typical-day figure).
UNCOUNTED = (
    ("Safeguarding fraud victims",
     "Referrals count offences; the support that vulnerable and repeat fraud victims need is "
     "not counted anywhere in the table.", ""),
    ("Missing persons", "Searches for missing and absent people, often children.",
     "about 12 reports a day in a typical force"),
    ("Mental-health incidents", "Calls where the person in crisis is the concern, not a crime.",
     "14 incidents a day flagged for mental health"),
    ("Domestic abuse beyond the satisfaction survey",
     "Risk assessment and safeguarding; the table only asks victims how satisfied they were.",
     "about 1,600 domestic-abuse victims supported"),
    ("Managing sexual and violent offenders", "Public protection work with known offenders.",
     "1,189 sexual and violent offenders managed"),
    ("Anti-social behaviour", "Incidents recorded apart from crime.", "101 incidents a day"),
    ("Road traffic collisions", "Attending and investigating collisions.", "9 a day"),
)  # fmt: skip


def coverage_ratio(group_harm: pd.DataFrame, measured: pd.DataFrame) -> pd.Series:
    """:math:`Cov_f` from harm per unit and group and the measured share of each group.

    Parameters
    ----------
    group_harm : DataFrame
        :math:`n_{fg} h_g`, units x groups, non-negative.
    measured : DataFrame
        :math:`m_{fg}` in [0, 1], same shape.

    Returns
    -------
    Series
        Coverage per unit in [0, 1]; NaN for a unit with no recorded harm.
    """
    total = group_harm.sum(axis=1)
    inside = (group_harm * measured.reindex_like(group_harm)).sum(axis=1)
    return (inside / total.where(total > 0)).rename("coverage")


@dataclass(frozen=True, eq=False)
class Coverage:
    """Coverage per unit and what each offence group contributes to it."""

    table: pd.DataFrame  # per unit: name, harm, harm_per_1000, coverage, outside, top_outside
    groups: pd.DataFrame  # per group, all units together: label, harm, share, measured, status
    group_harm: pd.DataFrame  # units x groups
    measured: pd.DataFrame  # units x groups

    @property
    def outside_groups(self) -> pd.DataFrame:
        """Groups no weighted indicator counts in full, largest harm outside first."""
        out = self.groups[self.groups["measured"] < 1.0 - 1e-12]
        return out.sort_values(["harm_outside", "offences"], ascending=False)


def coverage(dataset: Dataset, scenario: Scenario) -> Coverage:
    """Coverage of every unit's recorded harm under the scenario's weights and harm weights."""
    counts = domains.group_counts(dataset)
    weights = harm.weights(scenario).reindex(counts.columns).fillna(0.0)
    group_harm = counts * weights
    measured = domains.measured_share(dataset, scenario, counts)
    cov = coverage_ratio(group_harm, measured)
    outside = group_harm * (1.0 - measured)
    units = dataset.units.reindex(counts.index)
    total = group_harm.sum(axis=1)
    table = pd.DataFrame({
        "name": units["name"],
        "harm": total,
        "harm_per_1000": total / units["population"] * 1000.0,
        "coverage": cov,
        "outside": 1.0 - cov,
        "top_outside": _top(outside, total),
    })  # fmt: skip
    national = group_harm.sum()
    inside = (group_harm * measured).sum()
    share_measured = inside / national.where(national > 0)
    groups = pd.DataFrame({
        "label": [harm.label(g) for g in counts.columns],
        "offences": counts.sum(),
        "harm_weight": weights,
        "harm": national,
        "share": national / national.sum(),
        "measured": share_measured.fillna(measured.mean()),
        "harm_outside": national - inside,
        "counted": weights > 0,
    }, index=counts.columns)  # fmt: skip
    groups["status"] = [_status(m, c) for m, c in zip(groups["measured"], groups["counted"],
                                                      strict=True)]  # fmt: skip
    return Coverage(table, groups, group_harm, measured)


def _status(measured: float, counted: bool) -> str:
    if measured >= 1.0 - 1e-12:
        where = "in the basket"
    else:
        where = "partly in the basket" if measured > 0 else "outside the basket"
    return where if counted else f"{where}; not counted as harm"


def _top(outside: pd.DataFrame, total: pd.Series, n: int = 3) -> list[str]:
    """Per unit, the ``n`` groups with most harm outside the basket, with their share of all harm."""
    values = outside.to_numpy(float)
    order = np.argsort(-values, axis=1, kind="stable")[:, :n]
    labels = [harm.label(g) for g in outside.columns]
    out = []
    for row, idx, whole in zip(values, order, total.to_numpy(float), strict=True):
        parts = [f"{labels[k]} {row[k] / whole:.0%}" for k in idx if row[k] > 0 and whole > 0]
        out.append("; ".join(parts))
    return out


def summary(cov: Coverage) -> dict:
    """Headline facts: overall coverage, the lowest and highest force, what is left out."""
    total = float(cov.group_harm.to_numpy().sum())
    inside = float((cov.group_harm * cov.measured).to_numpy().sum())
    table = cov.table.dropna(subset=["coverage"])
    low, high = table["coverage"].idxmin(), table["coverage"].idxmax()
    outside = cov.outside_groups
    return {
        "overall": inside / total if total > 0 else float("nan"),
        "median": float(table["coverage"].median()),
        "lowest": (str(table.at[low, "name"]), float(table.at[low, "coverage"])),
        "highest": (str(table.at[high, "name"]), float(table.at[high, "coverage"])),
        "top_outside": [(str(r["label"]), float(r["harm_outside"] / total))
                        for _, r in outside.head(3).iterrows() if r["harm_outside"] > 0],
    }  # fmt: skip
