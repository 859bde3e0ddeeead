"""Each force area's context: size, density, ethnic diversity and crime mix.

Four context variables, all from the shipped sample data (``sample_data/build.py``):

* **population**: residents, mid-2023 (ONS *Police force area data tables*, Table P3);
* **density**: residents per km² of land, population over the land area computed from the ONS
  *Police Force Areas (December 2023)* boundaries;
* **diversity**: the share of residents in the Census 2011 Asian, Black, Mixed and Other
  ethnic groups, that is, not in the White group (ONS Census 2011, table QS201EW). The five
  high-level groups are all the shipped table holds, so White minorities (Irish, Gypsy or
  Irish Traveller, other White) are counted in the White group;
* **crime mix**: the share of each of the nine top-level offence groups in police recorded
  crime excluding fraud, in the dataset's year (ONS Tables P1 and P4).

Population and density are compared on a log scale (a force twice the size of another is as
far from it as one half its size). The crime mix is a composition (shares adding to 1), so it
is compared through centred log-ratios, :math:`c_{fj} = \\ln s_{fj} - \\frac1J\\sum_k \\ln
s_{fk}` (Aitchison 1986, *The Statistical Analysis of Compositional Data*, Chapman & Hall),
each standardised over the forces. For a regression one number is needed: the **crime-mix
index** is the first principal component of the standardised log-ratios (Jolliffe 2002,
*Principal Component Analysis*, Springer), signed so that a higher index means a larger share
of theft, and described on screen by its largest loadings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from scoring.core.dataset import SAMPLE_DIR, Dataset
from scoring.core.scenario import CONTEXT_VARIABLES
from scoring.errors import InputError
from scoring.io.units import FORCE_CODES

MIX_GROUPS = {
    "violence_against_the_person": "violence against the person",
    "sexual_offences": "sexual offences",
    "robbery": "robbery",
    "theft_offences": "theft",
    "criminal_damage_and_arson": "criminal damage and arson",
    "drug_offences": "drug offences",
    "possession_of_weapons_offences": "weapons possession",
    "public_order_offences": "public order offences",
    "miscellaneous_crimes": "miscellaneous crimes against society",
}
LABELS = {
    "population": "Population",
    "density": "Population density",
    "diversity": "Black, Asian and minority ethnic residents",
    "crime_mix": "Crime mix",
}
UNITS = {
    "population": "residents, mid-2023",
    "density": "residents per km²",
    "diversity": "share of residents, Census 2011",
    "crime_mix": "index: first principal component of the offence-group shares",
}
SOURCES = {
    "population": "ONS, Police force area data tables, year ending December 2024, Table P3 "
    "(mid-2023 population)",
    "density": "mid-2023 population over land area from ONS, Police Force Areas (December 2023) "
    "Boundaries EW BUC",
    "diversity": "ONS, Census 2011, ethnic group (QS201EW), by police force area",
    "crime_mix": "ONS, Police force area data tables, Tables P1 and P4 (recorded crime by "
    "offence group)",
}
MIN_FORCES = 10  # fewer police force areas than this: no context analysis
ANCHOR = "theft_offences"  # the crime-mix index rises with the theft share


@dataclass(frozen=True, eq=False)
class Context:
    """Context of the force areas in a dataset (rows: ONS codes, in the dataset's order)."""

    table: pd.DataFrame  # name, population, area_km2, density, diversity, crime_mix
    clr: pd.DataFrame  # standardised centred log-ratios of the nine offence-group shares
    shares: pd.DataFrame  # the nine offence-group shares of recorded crime (rows sum to 1)
    loadings: pd.Series  # loading of each group's log-ratio on the crime-mix index
    explained: float  # share of the log-ratios' variance the index carries
    year_note: str  # which year's crime mix is used

    def scaled(self, variable: str, codes=None) -> np.ndarray:
        """One variable on the scale distances use (log for population and density)."""
        values = self.table.loc[codes if codes is not None else self.table.index, variable]
        values = values.to_numpy(float)
        return np.log(values) if variable in ("population", "density") else values

    def mix_words(self, n: int = 2) -> str:
        """Plain reading of the crime-mix index: what a higher value means."""
        order = self.loadings.sort_values()
        more = [MIX_GROUPS[g] for g in order.index[::-1][:n]]
        less = [MIX_GROUPS[g] for g in order.index[:n]]
        return f"higher = more {' and '.join(more)}, less {' and '.join(less)}"


def force_context(dataset: Dataset) -> Context:
    """The context of every police force area in ``dataset`` (see the module docstring).

    Raises :class:`~scoring.errors.InputError` when the dataset holds fewer than
    :data:`MIN_FORCES` police force areas: context is shipped for the 43 forces only.
    """
    codes = [c for c in dataset.values.index if c in FORCE_CODES]
    if len(codes) < MIN_FORCES:
        raise InputError(
            f"context (population, area, Census 2011 ethnicity, crime mix) is shipped for the "
            f"43 police force areas, and this data holds {len(codes)} of them"
        )
    shipped = _shipped()
    table = shipped.loc[codes].copy()
    table["name"] = dataset.units["name"].reindex(codes).fillna(table["name"])
    groups, note = _offence_groups(dataset, codes)
    shares = groups[list(MIX_GROUPS)].div(groups[list(MIX_GROUPS)].sum(axis=1), axis=0)
    clr = centred_log_ratios(shares)
    index, loadings, explained = first_component(clr)
    table["crime_mix"] = index
    return Context(table=table[["name", "population", "area_km2", *CONTEXT_VARIABLES[1:]]],
                   clr=clr, shares=shares, loadings=loadings, explained=explained,
                   year_note=note)  # fmt: skip


def centred_log_ratios(shares: pd.DataFrame) -> pd.DataFrame:
    """Standardised centred log-ratios (Aitchison 1986) of positive shares, one column each.

    A zero share is replaced by half the smallest positive share in its column first, so the
    logarithm stays defined.
    """
    positive = shares.where(shares > 0)
    filled = positive.fillna(positive.min() / 2)
    logs = np.log(filled)
    clr = logs.sub(logs.mean(axis=1), axis=0)
    return standardise(clr)


def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column (population standard deviation); constant columns become 0."""
    centred = frame - frame.mean()
    sd = frame.std(ddof=0)
    # A column constant up to rounding has a tiny, meaningless spread: it carries no information.
    flat = sd <= 1e-9 * frame.abs().max().clip(lower=1.0)
    return centred.mul((~flat).astype(float), axis=1) / sd.where(~flat, 1.0)


def first_component(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, float]:
    """Scores and loadings of the first principal component of a standardised frame.

    Returns ``(scores, loadings, share of variance)``; the sign is fixed so the loading of
    :data:`ANCHOR` is positive (when present), which keeps the index's reading stable.
    """
    x = frame.to_numpy(float)
    _, singular, vt = np.linalg.svd(x, full_matrices=False)
    loadings = vt[0]
    anchor = list(frame.columns).index(ANCHOR) if ANCHOR in frame.columns else int(np.argmax(np.abs(loadings)))
    if loadings[anchor] < 0:
        loadings = -loadings
    explained = float(singular[0] ** 2 / (singular**2).sum()) if singular.any() else 0.0
    return (pd.Series(x @ loadings, index=frame.index), pd.Series(loadings, index=frame.columns),
            explained)  # fmt: skip


def _offence_groups(dataset: Dataset, codes: list[str]) -> tuple[pd.DataFrame, str]:
    """The dataset's own offence groups when it has them, else the shipped 2024 ones."""
    groups = dataset.context.get("offence_groups")
    if groups is not None and set(MIX_GROUPS) <= set(groups.columns) and set(codes) <= set(groups.index):
        return groups.loc[codes].astype(float), f"crime mix from the data's own year ({dataset.title})"
    shipped = pd.read_csv(SAMPLE_DIR / "offence_groups_2024.csv", index_col="code")
    return shipped.loc[codes].astype(float), "crime mix from the year ending December 2024 (shipped sample)"


@cache
def _shipped() -> pd.DataFrame:
    """Population, land area, density and diversity of the 43 force areas, from sample_data."""
    units = pd.read_csv(SAMPLE_DIR / "units.csv", index_col="code")
    area = pd.read_csv(SAMPLE_DIR / "force_areas.csv", index_col="code")["area_km2"]
    ethnicity = pd.read_csv(SAMPLE_DIR / "ethnicity_2011.csv", index_col="code")
    out = units[["name", "population"]].astype({"population": float}).copy()
    out["area_km2"] = area
    out["density"] = out["population"] / out["area_km2"]
    out["diversity"] = 1.0 - ethnicity["white"] / ethnicity["all_people"]
    return out
