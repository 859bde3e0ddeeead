"""Harm weights per offence group: how much one recorded offence of each kind counts.

Counting crimes treats a homicide and a shoplifting as equal. A harm index weights
each offence by its seriousness instead:

.. math:: H_{fg} = n_{fg} \\cdot h_g, \\qquad H_f = \\sum_g H_{fg},

with :math:`n_{fg}` the offences of group *g* recorded by force *f* and :math:`h_g`
the weight of one offence. The scale here is that of the ONS Crime Severity Score
(CSS): points derived from sentencing, roughly days of custody per offence.

Only two CSS figures were checked against the ONS release (ONS 2016, *Research
outputs: developing a Crime Severity Score for England and Wales using data on crimes
recorded by the police*): murder and other homicide, 7,797-7,979 points depending on
the report, and possession of cannabis, 3 points. ONS publishes a weight per offence
code, not per Table P1 offence group, and a group mixes offences of very different
seriousness (sexual offences hold rape and indecent exposure). Every other default
below is therefore this project's **approximation** of a group average on the CSS
scale, flagged ``approximate`` and explained in ``basis``; never quote one as an ONS
figure. Users can replace any of them (``scenario.rigidity.harm_weights``).

Police-generated offences (recorded drug offences, possession of weapons) mostly
measure police activity, not harm to victims. The Cambridge Crime Harm Index leaves
out "proactively detected, previously unreported offences" (Sherman, Neyroud &
Neyroud 2016, "The Cambridge Crime Harm Index", *Policing* 10(3):171-183), and so does
this module by default (``scenario.rigidity.proactive`` switches them back on).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.core.scenario import Scenario

CSS = "ONS (2016) Crime Severity Score research outputs"
PROJECT = "League Table Lab approximation on the CSS scale"
UNIT = "CSS points per offence (about days of custody)"


@dataclass(frozen=True)
class HarmWeight:
    """The default weight of one offence group, with where it comes from."""

    group: str
    label: str
    value: float
    source: str
    approximate: bool
    basis: str
    proactive: bool = False  # police-generated: left out of harm unless switched on


DEFAULTS: tuple[HarmWeight, ...] = (
    HarmWeight("homicide", "Homicide", 7900, CSS, False,
               "Murder and other homicide: 7,797 or 7,979 points in different reports of the "
               "2016 release; the midpoint, rounded."),
    HarmWeight("death_serious_injury_unlawful_driving",
               "Death or serious injury by unlawful driving", 1000, PROJECT, True,
               "Causing death by dangerous driving carries custody of years; causing serious "
               "injury far less. A rough group average."),
    HarmWeight("violence_with_injury", "Violence with injury", 250, PROJECT, True,
               "Mostly assault with injury (about 200 points in third-party copies of the ONS "
               "weights, not checked); wounding with intent and attempted murder (4,663 points "
               "in press reports of the release) raise the average."),
    HarmWeight("violence_without_injury", "Violence without injury", 20, PROJECT, True,
               "Mostly common assault (about 13 points in third-party copies, not checked); "
               "threats to kill raise the average."),
    HarmWeight("stalking_and_harassment", "Stalking and harassment", 40, PROJECT, True,
               "Harassment about 40 points in third-party copies (not checked); stalking "
               "weighs more, malicious communications less."),
    HarmWeight("sexual_offences", "Sexual offences", 800, PROJECT, True,
               "Rape is among the highest weights after homicide and attempted murder (press "
               "reports of the release) and about a third of recorded sexual offences; the "
               "other sexual offences weigh far less."),
    HarmWeight("robbery", "Robbery", 1000, PROJECT, True,
               "Robbery of personal property about 990 points in third-party copies (not "
               "checked); ranked above child abduction in press reports of the release."),
    HarmWeight("residential_burglary", "Residential burglary", 450, PROJECT, True,
               "Burglary of a home draws custodial sentences; a rough group average."),
    HarmWeight("non_residential_burglary", "Non-residential burglary", 100, PROJECT, True,
               "Set well below residential burglary, as sentencing guidelines do."),
    HarmWeight("vehicle_offences", "Vehicle offences", 40, PROJECT, True,
               "Theft of a vehicle weighs more than theft from one or interference."),
    HarmWeight("theft_from_the_person", "Theft from the person", 60, PROJECT, True,
               "Above other theft: taken from a person, short of robbery."),
    HarmWeight("bicycle_theft", "Bicycle theft", 10, PROJECT, True,
               "A low-value theft, close to shoplifting."),
    HarmWeight("shoplifting", "Shoplifting", 10, PROJECT, True,
               "Mostly fines and community sentences: a low weight."),
    HarmWeight("other_theft_offences", "All other theft offences", 15, PROJECT, True,
               "A mixed group of thefts; a little above shoplifting."),
    HarmWeight("criminal_damage_and_arson", "Criminal damage and arson", 20, PROJECT, True,
               "Criminal damage about 9 points in third-party copies (not checked); arson "
               "weighs far more."),
    HarmWeight("drug_offences", "Drug offences", 30, PROJECT, True,
               "Possession of cannabis is 3 points (ONS 2016); supply weighs far more. "
               "Police-generated, so left out of harm by default.", proactive=True),
    HarmWeight("possession_of_weapons_offences", "Possession of weapons offences", 50,
               PROJECT, True,
               "Mostly found by stop and search; police-generated, so left out of harm by "
               "default.", proactive=True),
    HarmWeight("public_order_offences", "Public order offences", 10, PROJECT, True,
               "Public fear, alarm or distress about 8 points in third-party copies (not "
               "checked)."),
    HarmWeight("miscellaneous_crimes", "Miscellaneous crimes against society", 30, PROJECT,
               True, "A mixed group (perverting justice, obscene publications, ...); rough."),
    HarmWeight("fraud_and_computer_misuse", "Fraud and computer misuse (referrals)", 20,
               PROJECT, True,
               "Outside Table P1: Action Fraud referrals counted where the victim lives "
               "(Table P9). No CSS figure was checked; a rough weight."),
)  # fmt: skip

GROUPS = tuple(h.group for h in DEFAULTS)
LABELS = {h.group: h.label for h in DEFAULTS}
PROACTIVE = tuple(h.group for h in DEFAULTS if h.proactive)


def label(group: str) -> str:
    """Display label of an offence group (the id, tidied, when it is not a P1 group)."""
    return LABELS.get(group, group.replace("_", " ").capitalize())


def defaults() -> pd.DataFrame:
    """The default table: one row per group with ``label, value, source, approximate, basis``."""
    frame = pd.DataFrame([h.__dict__ for h in DEFAULTS]).set_index("group")
    return frame


def weights(scenario: Scenario) -> pd.Series:
    """Harm weight per offence group: the scenario's overrides over the defaults.

    Police-generated groups weigh 0 unless ``scenario.rigidity.proactive`` is set
    (the Cambridge Crime Harm Index rule, Sherman, Neyroud & Neyroud 2016).
    """
    overrides = scenario.rigidity.harm_weights
    out = pd.Series({h.group: float(overrides.get(h.group, h.value)) for h in DEFAULTS})
    if not scenario.rigidity.proactive:
        out[list(PROACTIVE)] = 0.0
    return out.rename("harm_weight")


def table(scenario: Scenario) -> pd.DataFrame:
    """The weights in use beside the defaults, for display: what the user changed and why."""
    out = defaults()
    used = weights(scenario)
    out["weight"] = [float(scenario.rigidity.harm_weights.get(g, v))
                     for g, v in out["value"].items()]  # fmt: skip
    out["counted"] = used.reindex(out.index) > 0
    out["edited"] = out["weight"] != out["value"]
    return out
