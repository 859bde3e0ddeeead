"""From extra recorded drug offences to extra stop and search, by ethnic group.

Recorded drug offences are found, not reported: a force that wants more of them
searches more people. If a force raised its recorded drug offences by :math:`\\Delta D`:

1. extra searches :math:`\\Delta S = \\Delta D / y`, with :math:`y` the recorded drug
   offences per extra search;
2. status-quo targeting: group *g* receives the share
   :math:`\\pi_g = r_g P_g / \\sum_h r_h P_h` of them, where :math:`P_g` is the group's
   population in the force area and :math:`r_g` its search rate relative to White
   people (:math:`r_{White} = 1`; Black people :math:`r_B` = the disproportionality
   ratio), so :math:`\\Delta S_g = \\pi_g \\Delta S` and the extra searches per 1,000
   people of each group keep exactly the ratio :math:`r_g`;
3. searches ending in no further action :math:`\\Delta NFA_g = \\Delta S_g \\cdot
   \\text{NFA share}`;
4. excess over parity :math:`E_g = \\Delta S_g - \\Delta S \\, P_g / \\sum_h P_h`, the
   extra searches the group receives beyond its population share;
5. officer time :math:`\\Delta S \\cdot h` hours.

No per-force stop-and-search figure is used or invented: the split uses only the
force's Census population shares and the national ratios. The rate ratio stays the same
as searching grows, but the *absolute* gap per 1,000 people grows with it, and the
absolute gap is what communities experience.

This chain is the project's design on published inputs (Home Office 2021, *Police
powers and procedures: stop and search and arrests*; Race Disparity Unit 2021, *Stop and
search data and the effect of geographical differences*; HMICFRS 2017 and 2021); every
input and its source is in :func:`assumptions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.scenario import GamingSettings

GROUPS = ("white", "mixed", "asian", "black", "other")
OTHER_GROUPS = ("mixed", "asian", "other")  # no verified national ratio in this tool's sources
GROUP_LABELS = {"white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black",
                "other": "Other"}  # fmt: skip
HOME_OFFICE_2021 = ("Home Office (2021), Police powers and procedures: stop and search and "
                    "arrests, England and Wales, year ending 31 March 2021")  # fmt: skip
CENSUS_2011 = "ONS (2013), Census 2011, ethnic group by police force area"
POPULATION = "ONS, mid-2023 population estimates (the sample's population column)"
FORCE_COLUMNS = ("extra_offences", "extra_searches", "black_searches", "black_per_1000",
                 "white_per_1000", "no_further_action", "officer_hours")


@dataclass(frozen=True)
class Assumption:
    """One input of the stop-and-search chain, with where its value comes from."""

    key: str
    label: str
    value: float
    shown: str
    source: str
    year: str
    note: str


def ratios(settings: GamingSettings) -> dict[str, float]:
    """Search rate of each group relative to White people (White = 1)."""
    out = {g: float(settings.group_ratios.get(g, 1.0)) for g in GROUPS}
    out["white"] = 1.0
    out["black"] = float(settings.disproportionality)
    return out


def assumptions(settings: GamingSettings) -> list[Assumption]:
    """Every input of the chain with its current value, source and year."""
    r = ratios(settings)
    parity = [g for g in OTHER_GROUPS if r[g] == 1.0]
    return [
        Assumption(
            "offences_per_search", "Recorded drug offences per extra search",
            settings.offences_per_search, f"{settings.offences_per_search:.2f}",
            "Derived for this tool from Home Office stop and search statistics (drug searches "
            "about 351,000 to 479,000) and police recorded drug offences (about 176,500 to "
            "210,000; House of Commons Library CBP-9039)",
            "year ending March 2020 to year ending March 2021",
            "Rough, and confounded by lockdown: the plausible range is 0.10 to 0.44 (the "
            "average ratio of drug offences to drug searches is the upper end). Not all "
            "drug offences come from searches.",
        ),
        Assumption(
            "nfa_share", "Searches ending in no further action", settings.nfa_share,
            f"{settings.nfa_share:.0%}", HOME_OFFICE_2021, "year ending March 2021",
            "All searches, not drug searches only. HMICFRS (2017) found drugs were less "
            "often found on Black people searched, so for them the share is likely higher.",
        ),
        Assumption(
            "disproportionality", "Black people searched per 1,000, relative to White people",
            settings.disproportionality, f"{settings.disproportionality:g}×", HOME_OFFICE_2021,
            "year ending March 2021",
            "National figure (8.8× a year earlier). The Race Disparity Unit (2021) warns a "
            "national ratio can mislead for one force: ratios differ between forces "
            "(Nottinghamshire 5.8× in the year ending March 2020).",
        ),
        Assumption(
            "group_ratios", "Mixed, Asian and Other groups, relative to White people",
            float("nan"), ", ".join(f"{GROUP_LABELS[g]} {r[g]:g}×" for g in OTHER_GROUPS),
            "Your input" if len(parity) < 3 else "No verified source in this tool: parity (1×)",
            "", "Home Office figures show higher search rates for these groups than for White "
            "people, so parity understates their burden. Enter a ratio if you have one.",
        ),
        Assumption(
            "hours_per_search", "Officer-hours per search", settings.hours_per_search,
            f"{settings.hours_per_search:g} h", "This project's assumption, made for this tool", "",
            "No published figure; change it to your force's own estimate.",
        ),
        Assumption(
            "population", "Population of each ethnic group", float("nan"),
            "Census 2011 shares x mid-2023 population", f"{CENSUS_2011}; {POPULATION}",
            "2011 and 2023",
            "The Home Office re-based its rates on Census 2021 in March 2023; these shares "
            "are older. People searched may live outside the force area.",
        ),
    ]  # fmt: skip


def group_population(dataset: Dataset, code: str) -> pd.Series | None:
    """Residents of each group: Census 2011 shares scaled to the current population."""
    ethnicity = dataset.context.get("ethnicity")
    if ethnicity is None or code not in ethnicity.index:
        return None
    row = ethnicity.loc[code]
    total = float(row[list(GROUPS)].sum())
    if not total > 0:
        return None
    population = float(dataset.units.at[code, "population"])
    return pd.Series({g: float(row[g]) / total * population for g in GROUPS})


def search_burden(extra_offences: float, population: pd.Series,
                  settings: GamingSettings) -> tuple[pd.DataFrame, dict]:
    """Extra searches by group for ``extra_offences`` more recorded drug offences.

    Returns
    -------
    by_group : DataFrame
        Indexed by group: ``label, population, population_share, search_share,
        extra_searches, per_1000, no_further_action, excess_over_parity``.
    totals : dict
        ``extra_offences, extra_searches, no_further_action, officer_hours`` and
        ``gap_per_1000`` (extra Black minus extra White searches per 1,000 people).
    """
    drug = max(float(extra_offences), 0.0)
    pop = population.reindex(list(GROUPS)).astype(float)
    r = pd.Series(ratios(settings))
    share = r * pop / float((r * pop).sum())
    searches = drug / settings.offences_per_search
    extra = share * searches
    frame = pd.DataFrame({
        "label": [GROUP_LABELS[g] for g in GROUPS],
        "population": pop,
        "population_share": pop / pop.sum(),
        "search_share": share,
        "extra_searches": extra,
        "per_1000": np.where(pop > 0, 1000 * extra / pop.where(pop > 0), 0.0),
        "no_further_action": extra * settings.nfa_share,
        "excess_over_parity": extra - searches * pop / pop.sum(),
    })  # fmt: skip
    totals = {
        "extra_offences": drug,
        "extra_searches": searches,
        "no_further_action": searches * settings.nfa_share,
        "officer_hours": searches * settings.hours_per_search,
        "gap_per_1000": float(frame.at["black", "per_1000"] - frame.at["white", "per_1000"]),
    }
    return frame, totals


def all_forces(dataset: Dataset, extra: pd.Series, settings: GamingSettings) -> pd.DataFrame:
    """Per force: searches, searches of Black residents and NFA for ``extra`` offences.

    ``extra`` maps force code -> extra recorded drug offences (NaN = no such route).
    """
    rows = {}
    for code, drug in extra.items():
        population = group_population(dataset, code)
        if population is None or pd.isna(drug) or drug <= 0:
            continue
        frame, totals = search_burden(drug, population, settings)
        rows[code] = {
            "extra_offences": drug,
            "extra_searches": totals["extra_searches"],
            "black_searches": frame.at["black", "extra_searches"],
            "black_per_1000": frame.at["black", "per_1000"],
            "white_per_1000": frame.at["white", "per_1000"],
            "no_further_action": totals["no_further_action"],
            "officer_hours": totals["officer_hours"],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(FORCE_COLUMNS))
    return frame.rename_axis("code")
