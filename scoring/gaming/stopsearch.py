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

No stop-and-search figure is invented: the force's own ratios come from the Home
Office's published searches, and the national option from its published ratio. The
rate ratio stays the same as searching grows, but the *absolute* gap per 1,000 people
grows with it, and the absolute gap is what communities experience.

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
FORCE_RATES = ("Home Office, Stop and search open data tables (Police powers and procedures), "
               "searches by self-defined ethnicity, with Census 2011 populations")  # fmt: skip
FORCE_RATES_YEAR = "year ending March 2019"
MIN_SEARCHES = 20  # fewer searches of a group than this: use the national ratio for it
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


@dataclass(frozen=True)
class ForceRates:
    """A force's own searches by group and what they give (year ending March 2019)."""

    searches: dict[str, int]  # searches of each group
    per_1000: dict[str, float]  # searches per 1,000 residents of the group (Census 2011)
    ratios: dict[str, float]  # rate over the White rate; the national one where not own
    own: dict[str, bool]  # whether each group's ratio is the force's own
    searches_2025: float  # all searches, year ending March 2025 (NaN if unknown)


def national_rates(dataset: Dataset) -> dict[str, float] | None:
    """England and Wales searches per 1,000 of each group (the 43 forces, same year)."""
    table = dataset.context.get("stop_search")
    if table is None:
        return None
    return {g: float(1000 * table[f"searches_{g}"].sum() / table[f"population_{g}"].sum())
            for g in GROUPS}


def force_rates(dataset: Dataset, code: str) -> ForceRates | None:
    """The force's own search rates by group, or None when the dataset has none for it."""
    table = dataset.context.get("stop_search")
    if table is None or code not in table.index:
        return None
    row = table.loc[code]
    per = {g: 1000 * float(row[f"searches_{g}"]) / float(row[f"population_{g}"])
           if row[f"population_{g}"] > 0 else float("nan") for g in GROUPS}  # fmt: skip
    if not per["white"] > 0:
        return None
    national = national_rates(dataset)
    own = {g: bool(g == "white" or (row[f"searches_{g}"] >= MIN_SEARCHES and per[g] == per[g]))
           for g in GROUPS}  # fmt: skip
    ratio = {g: float(per[g] / per["white"] if own[g] else national[g] / national["white"])
             for g in GROUPS}  # fmt: skip
    later = row.get("searches_2025", float("nan"))
    return ForceRates(searches={g: int(row[f"searches_{g}"]) for g in GROUPS}, per_1000=per,
                      ratios=ratio, own=own, searches_2025=float(later))  # fmt: skip


def ratios(settings: GamingSettings, own: ForceRates | None = None) -> dict[str, float]:
    """Search rate of each group relative to White people (White = 1).

    The force's own ratios when ``settings.ratio_source`` is "force" and ``own`` is
    given, else the national ratios set in ``settings``.
    """
    if settings.ratio_source == "force" and own is not None:
        return dict(own.ratios)
    out = {g: float(settings.group_ratios.get(g, 1.0)) for g in GROUPS}
    out["white"] = 1.0
    out["black"] = float(settings.disproportionality)
    return out


def rates_line(name: str, own: ForceRates) -> str:
    """The force's own rates in one plain sentence, with their year."""
    borrowed = [GROUP_LABELS[g] for g in GROUPS if not own.own[g]]
    text = (f"{name} searched Black people at {own.ratios['black']:.1f}× the rate it searched "
            f"White people ({own.per_1000['black']:.1f} against {own.per_1000['white']:.1f} per "
            f"1,000 residents, {FORCE_RATES_YEAR}; Home Office searches over Census 2011 "
            "populations)")  # fmt: skip
    if borrowed:
        text += (f". {', '.join(borrowed)}: fewer than {MIN_SEARCHES} searches, so the England "
                 "and Wales ratio of that year is used")
    return text + "."


def assumptions(settings: GamingSettings, own: ForceRates | None = None) -> list[Assumption]:
    """Every input of the chain with its current value, source and year."""
    r = ratios(settings, own)
    parity = [g for g in OTHER_GROUPS if r[g] == 1.0]
    if settings.ratio_source == "force" and own is not None:
        borrowed = [GROUP_LABELS[g] for g in GROUPS if not own.own[g]]
        ratio_rows = [Assumption(
            "force_ratios", "Search rate of each group relative to White people, this force",
            float(r["black"]), ", ".join(f"{GROUP_LABELS[g]} {r[g]:.1f}×" for g in GROUPS
                                         if g != "white"),  # fmt: skip
            FORCE_RATES, FORCE_RATES_YEAR,
            "This force's own searches per 1,000 residents of each group over its White rate"
            + (f"; {', '.join(borrowed)}: fewer than {MIN_SEARCHES} searches, so the England "
               "and Wales ratio of the same year" if borrowed else "")
            + ". People searched may live outside the force area; searches with no stated "
            "ethnicity are not counted.",
        )]  # fmt: skip
    else:
        ratio_rows = self_national_rows(settings, r, parity)
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
        *ratio_rows,
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


def self_national_rows(settings: GamingSettings, r: dict[str, float], parity: list[str]):
    """The national-ratio inputs (Black, then the other groups), with their sources."""
    return [
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
    ]  # fmt: skip


def group_population(dataset: Dataset, code: str) -> pd.Series | None:
    """Residents of each group: Census 2011 shares scaled to the current population.

    Where the dataset has the search tables' populations, their grouping is used (Chinese
    people with Other, as the search tables count them), so a force's own rates apply to
    the people they were measured on.
    """
    searched = dataset.context.get("stop_search")
    if searched is not None and code in searched.index:
        row = searched.loc[code].rename(lambda c: c.removeprefix("population_"))
    else:
        ethnicity = dataset.context.get("ethnicity")
        if ethnicity is None or code not in ethnicity.index:
            return None
        row = ethnicity.loc[code]
    total = float(row[list(GROUPS)].sum())
    if not total > 0:
        return None
    population = float(dataset.units.at[code, "population"])
    return pd.Series({g: float(row[g]) / total * population for g in GROUPS})


def search_burden(extra_offences: float, population: pd.Series, settings: GamingSettings,
                  own: ForceRates | None = None) -> tuple[pd.DataFrame, dict]:
    """Extra searches by group for ``extra_offences`` more recorded drug offences.

    ``own``: the force's own rates (:func:`force_rates`), used when the settings say so.

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
    r = pd.Series(ratios(settings, own))
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

    ``extra`` maps force code -> extra recorded drug offences (NaN = no such route); each
    force's own search rates are used when the settings say so.
    """
    rows = {}
    for code, drug in extra.items():
        population = group_population(dataset, code)
        if population is None or pd.isna(drug) or drug <= 0:
            continue
        frame, totals = search_burden(drug, population, settings, force_rates(dataset, code))
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
