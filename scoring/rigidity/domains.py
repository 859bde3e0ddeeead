"""Domains of police work: what each indicator counts, and what no indicator counts.

Every recorded offence group of ONS Table P1 (plus fraud, which Table P9 counts
apart) is either counted by an indicator of the league table or not. This module
holds that mapping and builds from it the common list of *domains* used by the
rigidity analyses (this project's design, after Holmström & Milgrom 1991, "Multitask
principal-agent analyses", *J. Law, Economics & Organization* 7:24-52, and the Bevan &
Hood 2006 paper cited below):

* one domain per measure of the table (homicide, serious violence, ...), holding the
  offence groups its indicators count whole;
* one domain per offence group that no indicator counts (sexual offences, stalking
  and harassment, violence without injury, shoplifting, ...): the work a table
  leaves out, Bevan & Hood's unmeasured domain β ("What's measured is what matters",
  *Public Administration* 84(3), 2006).

Overlaps. An indicator counts a group *whole* (recorded robbery counts robbery) or
*in part* (offences involving a knife are a subset of violence with injury and
robbery: Table P5's selection is mostly assault with injury or intent and robbery, so
the few knife-enabled rapes and threats to kill are not apportioned). A part is
allocated across its groups in proportion to their counts, and a group counted both
whole and in part is counted once: its measured share is capped at 1. Victim
satisfaction is a survey of service, not a count of offences, so it covers no group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.core.pipeline import scenario_weights
from scoring.core.weights import measure_shares
from scoring.errors import InputError
from scoring.rigidity import harm

FRAUD = "fraud_and_computer_misuse"
# P1 aggregates, so an indicator that counts one (in a user's data) maps to its parts.
AGGREGATES = {
    "violence_against_the_person": ("homicide", "death_serious_injury_unlawful_driving",
                                    "violence_with_injury", "violence_without_injury",
                                    "stalking_and_harassment"),
    "burglary": ("residential_burglary", "non_residential_burglary"),
    "theft_offences": ("residential_burglary", "non_residential_burglary", "vehicle_offences",
                       "theft_from_the_person", "bicycle_theft", "shoplifting",
                       "other_theft_offences"),
}  # fmt: skip
AGGREGATES["total_excl_fraud"] = tuple(g for g in harm.GROUPS if g != FRAUD)
# What the shipped sample's indicators count: ("whole" | "part", groups).
INDICATOR_GROUPS = {
    "knife_offences": ("part", ("violence_with_injury", "robbery")),
    "theft_from_person": ("whole", ("theft_from_the_person",)),
    "fraud_cyber": ("whole", (FRAUD,)),
    "victim_satisfaction": ("whole", ()),
}


def counted_groups(indicator: str) -> tuple[str, tuple[str, ...]]:
    """``(kind, groups)`` an indicator counts; an id equal to a group id counts that group."""
    if indicator in INDICATOR_GROUPS:
        return INDICATOR_GROUPS[indicator]
    if indicator in AGGREGATES:
        return "whole", AGGREGATES[indicator]
    return "whole", (indicator,) if indicator in harm.GROUPS else ()


def group_counts(dataset: Dataset) -> pd.DataFrame:
    """Recorded offences per unit and offence group (Table P1 groups, then fraud).

    Raises :class:`~scoring.errors.InputError` when the dataset carries no offence-group
    counts (``dataset.context["offence_groups"]``).
    """
    table = dataset.context.get("offence_groups")
    if table is None:
        raise InputError("this dataset has no offence-group counts, so what the table leaves "
                         "out cannot be measured", where=dataset.id)  # fmt: skip
    groups = [g for g in harm.GROUPS if g in table.columns]
    out = table[groups].reindex(dataset.values.index).astype(float)
    fraud = [j for j in dataset.indicators if counted_groups(j)[1] == (FRAUD,)]
    if fraud and dataset.meta.at[fraud[0], "kind"] == "count":
        out[FRAUD] = dataset.values[fraud[0]].astype(float)
    return out


def basket_weights(dataset: Dataset, scenario: Scenario) -> pd.Series:
    """Effective weight of every indicator under the scenario (sums to 1)."""
    return scenario_weights(dataset, scenario)


def measured_share(dataset: Dataset, scenario: Scenario, counts: pd.DataFrame) -> pd.DataFrame:
    """Share of each unit's offences in each group that a weighted indicator counts.

    .. math:: m_{fg} = \\begin{cases} 1 & \\text{an indicator with } w_j>0
       \\text{ counts } g \\text{ whole} \\\\ \\min\\big(1, \\sum_{j \\ni g}
       x_{fj} \\, n_{fg} / \\sum_{g' \\in j} n_{fg'} \\,/\\, n_{fg}\\big) & \\text{else}
       \\end{cases}

    where the sum runs over the weighted indicators that count *g* in part (their count
    :math:`x_{fj}` shared across their groups in proportion to the group counts). An
    indicator whose weight is 0 counts nothing: its groups fall outside the basket.
    """
    w = basket_weights(dataset, scenario)
    whole = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    part = pd.DataFrame(0.0, index=counts.index, columns=counts.columns)
    for j, weight in w.items():
        kind, groups = counted_groups(j)
        groups = [g for g in groups if g in counts.columns]
        if weight <= 0 or not groups:
            continue
        if kind == "whole":
            whole[groups] = True
        elif dataset.meta.at[j, "kind"] == "count":
            span = counts[groups].sum(axis=1).replace(0, np.nan)
            part[groups] = part[groups].add(counts[groups].mul(dataset.values[j] / span, axis=0),
                                            fill_value=0.0)  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = (part / counts.replace(0, np.nan)).clip(upper=1.0).fillna(0.0)
    return partial.where(~whole, 1.0)


@dataclass(frozen=True)
class Domains:
    """The common domain list: the table's measures, then the groups no indicator counts."""

    ids: list[str]
    labels: dict[str, str]
    measures: list[str]  # the domains that are measures of the table
    group_domain: pd.Series  # offence group -> the domain its harm belongs to

    @property
    def outside(self) -> list[str]:
        """Domains no indicator of the table counts, whatever the weights."""
        return [d for d in self.ids if d not in self.measures]


def domains(dataset: Dataset, groups: list[str]) -> Domains:
    """Build the domain list for ``dataset`` over the offence ``groups`` it has.

    A group belongs to the measure of the first indicator (in measure order) that
    counts it whole; any other group is a domain of its own. Weights do not enter, so
    the list stays the same while the user moves sliders.
    """
    order = {m: i for i, m in enumerate(dataset.measure_ids)}
    owners: dict[str, str] = {}
    for j in sorted(dataset.indicators, key=lambda j: order[dataset.measure_of[j]]):
        kind, counted = counted_groups(j)
        for g in counted if kind == "whole" else ():
            owners.setdefault(g, dataset.measure_of[j])
    outside = [g for g in groups if g not in owners]
    # A group id that is also a measure id would clash as a domain id: prefix it.
    ids = {g: (f"x_{g}" if g in order else g) for g in outside}
    labels = {m: str(dataset.measures.at[m, "label"]) for m in dataset.measure_ids}
    labels.update({ids[g]: harm.label(g) for g in outside})
    group_domain = pd.Series({g: owners.get(g, ids.get(g)) for g in groups}, dtype=object)
    return Domains([*dataset.measure_ids, *ids.values()], labels, list(dataset.measure_ids),
                   group_domain)  # fmt: skip


def national_weights(dataset: Dataset, scenario: Scenario, dom: Domains) -> pd.Series:
    """The table's weight on each domain: measure shares, 0 on the outside domains."""
    shares = measure_shares(basket_weights(dataset, scenario), dataset.measure_of)
    return shares.reindex(dom.ids, fill_value=0.0).astype(float).rename("national")


def harm_by_domain(group_harm: pd.DataFrame, dom: Domains) -> pd.DataFrame:
    """Harm per unit and domain: :math:`H_{fk} = \\sum_{g \\to k} n_{fg} h_g`."""
    summed = group_harm.T.groupby(dom.group_domain.reindex(group_harm.columns)).sum().T
    return summed.reindex(columns=dom.ids, fill_value=0.0)


def shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows scaled to sum to 1 (a row of zeros stays zero)."""
    total = frame.sum(axis=1)
    return frame.div(total.where(total > 0), axis=0).fillna(0.0)


@dataclass(frozen=True, eq=False)
class DomainData:
    """Everything the rigidity analyses share: domains, harm and the table's weights."""

    domains: Domains
    counts: pd.DataFrame  # units x offence groups
    group_harm: pd.DataFrame  # units x offence groups, n_fg * h_g
    harm: pd.DataFrame  # units x domains, H_fk
    national: pd.Series  # the table's weight per domain

    @property
    def profile(self) -> pd.DataFrame:
        """Each unit's own harm profile over the domains: :math:`H_{fk} / \\sum_k H_{fk}`."""
        return shares(self.harm)


def domain_data(dataset: Dataset, scenario: Scenario) -> DomainData:
    """Counts, harm per group and domain, and national weights for the rigidity analyses."""
    counts = group_counts(dataset)
    group_harm = counts * harm.weights(scenario).reindex(counts.columns).fillna(0.0)
    dom = domains(dataset, list(counts.columns))
    return DomainData(dom, counts, group_harm, harm_by_domain(group_harm, dom),
                      national_weights(dataset, scenario, dom))  # fmt: skip
