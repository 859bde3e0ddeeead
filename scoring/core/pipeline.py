"""From a dataset and a scenario to a league table.

The steps, each in its own module:

1. per-capita rates (:mod:`scoring.core.rates`), with missing values handled as the
   scenario says (re-weight, exclude, impute);
2. small units (City of London: 13,500 residents) kept out of the scale bounds and,
   by default, ranked apart (the scenario's ``small_units`` policy);
3. outlier treatment (:mod:`scoring.core.transform`);
4. normalisation with direction applied first (:mod:`scoring.core.normalise`);
5. weights at every level (:mod:`scoring.core.weights`, :mod:`scoring.core.hierarchy`) and aggregation (:mod:`scoring.core.aggregate`);
6. competition ranks with the project's tie rule (:mod:`scoring.core.ranking`).

:func:`prepare` does steps 1-3 and the weights once and returns plain arrays, so
Monte Carlo code can re-run steps 4-6 on thousands of variants without pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import aggregate, hierarchy, normalise, ranking, rates, transform
from scoring.core.dataset import Dataset, once
from scoring.core.scenario import PRESETS, Scenario, preset
from scoring.core.weights import effective_weights
from scoring.errors import InputError

# ONS police force area codes: the small-unit rule is a policing rule (City of London).
POLICE_CODE = r"^(E23|W15)\d{6}$"


@dataclass(frozen=True, eq=False)
class Prepared:
    """Arrays ready for normalisation and aggregation (rows = units, columns = indicators)."""

    codes: pd.Index
    indicators: list[str]
    measures: list[str]
    rates: pd.DataFrame  # indicator values per resident, before treatment
    x: np.ndarray  # treated indicator values, shape (n, m)
    reference: np.ndarray  # national values treated the same way, shape (m,)
    direction: np.ndarray  # +1 / -1 per indicator
    weights: np.ndarray  # effective weights, sum to 1
    groups: np.ndarray  # measure index of each indicator
    scale_mask: np.ndarray  # units that set the scale bounds
    ranked_mask: np.ndarray  # units that take a place in the table
    status: pd.Series  # why a unit is not ranked ("" when it is)
    notes: tuple[str, ...]
    top: np.ndarray | None = None  # top-level node index of each indicator (hierarchy.top_index)
    across: str = "same"  # aggregation across the top-level nodes (Scenario.across)


@dataclass(frozen=True, eq=False)
class ScoredTable:
    """A scored league table and everything needed to explain it."""

    table: pd.DataFrame  # index code: name, region, score, rank, would_rank, status, c_<measure>, c_<group>
    normalised: pd.DataFrame  # units x indicators, after direction and normalisation
    values: pd.DataFrame  # units x indicators, rates before treatment
    weights: pd.Series  # effective weight per indicator
    prepared: Prepared
    scenario: Scenario

    @property
    def ranked(self) -> pd.DataFrame:
        """Rows that take a place, best first."""
        return self.table[self.table["rank"].notna()].sort_values(["rank", "name"])

    @property
    def contribution_columns(self) -> list[str]:
        """Columns holding each measure's part of the score."""
        return [f"c_{k}" for k in self.prepared.measures]

    @property
    def group_columns(self) -> list[str]:
        """Columns holding each theme's (or higher group's) part of the score: none without themes."""
        measures = set(self.contribution_columns)
        return [c for c in self.table.columns if c.startswith("c_") and c not in measures]


def scenario_weights(dataset: Dataset, scenario: Scenario) -> pd.Series:
    """Effective weight of every indicator under the scenario (sums to 1).

    An indicator with no value for any unit (a measure with no force-level data yet,
    such as victim satisfaction in the sample) weighs nothing, and the other measures
    share its weight, until figures are supplied.

    Raises ``ValueError`` when no weighted indicator has data.
    """
    awaiting = set(dataset.awaiting)
    within = {j: 0.0 if j in awaiting else scenario.indicator_weight(j) for j in dataset.indicators}
    measure_weights = {k: scenario.measure_weight(k) for k in dataset.measure_ids}
    try:
        if hierarchy.has_groups(dataset):  # weights at every level: see scoring.core.hierarchy
            tree = hierarchy.of(dataset)
            weight = {**measure_weights, **{g: scenario.group_weight(g) for g in tree.groups}}
            return hierarchy.tree_weights(tree, dataset.measure_of, weight, within)
        return effective_weights(dataset.measure_of, measure_weights, within)
    except ValueError:
        waiting = [str(dataset.measures["label"].get(k, k)) for k in dataset.measure_ids
                   if scenario.measure_weight(k) > 0
                   and set(dataset.meta.index[dataset.measure_of == k]) <= awaiting]  # fmt: skip
        if not waiting:
            raise
        raise ValueError(f"no weighted measure has figures yet ({', '.join(waiting)}): supply them "
                         "on the Data page, or choose data that has them") from None


def prepare(dataset: Dataset, scenario: Scenario) -> Prepared:
    """Rates, missing values, small units, treatment and weights (steps 1-3 and 5)."""
    indicators = dataset.indicators
    measures = dataset.measure_ids
    try:
        weights = scenario_weights(dataset, scenario)
    except ValueError as exc:  # every weight zero: nothing to rank on
        raise InputError(str(exc), where="weights") from None
    raw_rates, reference = dataset_rates(dataset)
    x = raw_rates
    status = pd.Series("", index=x.index, dtype=object)
    notes: list[str] = []
    x, status = _missing(x, status, weights, dataset, reference, scenario.missing, notes)
    scale_mask, ranked_mask = _small_units(dataset.units, status, scenario, notes)
    if not scale_mask.any():
        raise InputError("no unit can be scored: every unit is left out for missing values; choose "
                         "another way to handle them (Methods, or the Data page)", where="missing values")  # fmt: skip
    treated = transform.treat(
        np.vstack([x.to_numpy(float), reference.to_numpy(float)]),
        scenario.transform,
        scale_mask=np.append(scale_mask, False),
        winsor_pct=scenario.winsor_pct,
    )
    order = {k: i for i, k in enumerate(measures)}
    top = hierarchy.top_index(hierarchy.of(dataset), indicators)[0] if scenario.across != "same" else None
    return Prepared(
        rates=raw_rates,
        codes=x.index,
        indicators=indicators,
        measures=measures,
        x=treated[:-1],
        reference=treated[-1],
        direction=np.array([scenario.direction(j, dataset.meta.at[j, "direction"]) for j in indicators]),
        weights=weights.to_numpy(float),
        groups=np.array([order[dataset.measure_of[j]] for j in indicators]),
        scale_mask=scale_mask,
        ranked_mask=ranked_mask,
        status=status,
        notes=tuple(notes),
        top=top,
        across=scenario.across,
    )


def dataset_rates(dataset: Dataset) -> tuple[pd.DataFrame, pd.Series]:
    """Every unit's indicator rates and the national ones (:mod:`scoring.core.rates`).

    They depend on the data alone, so they are made once per dataset (every weight moved
    prepares again); each caller gets its own copies.
    """
    def make():
        values = rates.indicator_rates(dataset.values, dataset.units, dataset.meta)
        return values, rates.national_rates(dataset.national, dataset.meta, values, dataset.units)

    values, national = once(dataset, "rates", make)
    return values.copy(), national.copy()


def normalised(p: Prepared, normalisation: str, x: np.ndarray | None = None) -> np.ndarray:
    """Step 4 alone: ``x`` (default ``p.x``, may carry a leading sample axis) normalised."""
    return normalise.normalise(p.x if x is None else x, normalisation, p.direction,
                               scale_mask=p.scale_mask, reference=p.reference)  # fmt: skip


def score_arrays(p: Prepared, normalisation: str, aggregation: str, offset: float, *,
                 x: np.ndarray | None = None, weights: np.ndarray | None = None,
                 z: np.ndarray | None = None):
    """Normalise and aggregate; ``x`` and ``weights`` may carry a leading sample axis.

    Returns ``(z, scores)`` with shapes ``(..., n, m)`` and ``(..., n)``. When the
    scenario aggregates across the top-level nodes differently (``p.across``), the
    indicators are aggregated within each top-level node first (:func:`aggregate.nested`).
    ``z``, when given, is ``x`` already normalised (:func:`normalised`): only the weights
    are applied.
    """
    w = p.weights if weights is None else weights
    z = normalised(p, normalisation, x) if z is None else z
    if p.top is not None and p.across not in ("same", aggregation):
        return z, aggregate.nested(z, w, p.top, aggregation, p.across, offset=offset, scale_mask=p.scale_mask)
    s = aggregate.aggregate(z, w, aggregation, offset=offset, scale_mask=p.scale_mask)
    return z, s


def rank_ranked(scores: np.ndarray, ranked_mask: np.ndarray) -> np.ndarray:
    """Ranks among the ranked units only (NaN for the others), along the last axis."""
    return ranking.rank(np.where(ranked_mask, scores, np.nan))


def score(dataset: Dataset, scenario: Scenario) -> ScoredTable:
    """Score and rank every unit of ``dataset`` under ``scenario``."""
    p = prepare(dataset, scenario)
    z, s = score_arrays(p, scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    s = np.where(p.status.str.startswith("excluded").to_numpy(), np.nan, s)
    r = rank_ranked(s, p.ranked_mask)
    contrib = aggregate.contributions(
        z, p.weights, p.groups, len(p.measures), scenario.aggregation,
        offset=scenario.geometric_offset, scale_mask=p.scale_mask,
    )  # fmt: skip
    if p.top is not None and p.across not in ("same", scenario.aggregation):
        contrib = aggregate.nested_contributions(z, p.weights, p.groups, len(p.measures), p.top, contrib,
                                                 p.across, offset=scenario.geometric_offset,
                                                 scale_mask=p.scale_mask, within=scenario.aggregation)  # fmt: skip
    units = dataset.units.reindex(p.codes)
    table = pd.DataFrame(
        {
            "name": units["name"],
            "region": units["region"] if "region" in units else "",
            "score": s,
            "rank": pd.array(r, dtype="Int64"),
            "would_rank": pd.array(_would_rank(s, p.ranked_mask), dtype="Int64"),
            "status": p.status,
        },
        index=p.codes,
    )
    parts = np.where(np.isnan(s)[:, None], np.nan, contrib[:, : len(p.measures)])
    names = [f"c_{measure}" for measure in p.measures]  # added at once: hundreds of measures
    table = pd.concat([table, pd.DataFrame(parts, index=table.index, columns=names)], axis=1)
    if hierarchy.has_groups(dataset):  # c_<theme>, ...: each group's part, the sum of its measures'
        table = table.join(hierarchy.group_contributions(hierarchy.of(dataset), table))
    return ScoredTable(
        table=table,
        normalised=pd.DataFrame(z, index=p.codes, columns=p.indicators),
        values=p.rates,
        weights=pd.Series(p.weights, index=p.indicators, name="weight"),
        prepared=p,
        scenario=scenario,
    )


def baseline_scenario(scenario: Scenario, measure_of: pd.Series) -> Scenario:
    """The scenario a table's movement is measured against.

    A preset baseline keeps the preset's own weights and default methods, so movement
    shows the effect of *all* the user's choices; it keeps the data choice and the
    small-unit and missing-value policies, so both tables rank the same units.
    ``previous_year`` is the same scenario on the previous year's data.
    """
    if scenario.baseline == "previous_year":
        return scenario
    if scenario.baseline not in PRESETS:
        raise ValueError(f"unknown baseline {scenario.baseline!r}")
    return preset(
        scenario.baseline,
        measure_of,
        data=scenario.data,
        small_units=scenario.small_units,
        small_unit_population=scenario.small_unit_population,
        missing=scenario.missing,
    )


def with_movement(current: ScoredTable, baseline: ScoredTable) -> pd.DataFrame:
    """The current table plus ``baseline_rank`` and ``movement`` (+ = climbed)."""
    out = current.table.copy()
    out["baseline_rank"] = baseline.table["rank"].reindex(out.index)
    out["movement"] = out["baseline_rank"] - out["rank"]
    return out


def _would_rank(scores: np.ndarray, ranked_mask: np.ndarray) -> np.ndarray:
    """For units ranked apart: the place their score would take among the ranked units."""
    ranked = scores[ranked_mask & ~np.isnan(scores)]
    out = np.full(scores.shape, np.nan)
    for i in np.flatnonzero(~ranked_mask & ~np.isnan(scores)):
        out[i] = 1 + np.sum(np.round(ranked, ranking.DECIMALS) > np.round(scores[i], ranking.DECIMALS))
    return out


def _missing(x, status, weights, dataset, reference, policy, notes):
    """Apply the missing-value policy to the indicators that carry weight."""
    used = weights.index[weights > 0]
    gaps = x[used].isna()
    if not gaps.any().any():
        return x, status
    labels = {j: dataset.label(j) for j in used}
    count = int(gaps.to_numpy().sum())
    if policy == "exclude":
        for code in gaps.index[gaps.any(axis=1)]:
            missing = ", ".join(labels[j] for j in used if gaps.at[code, j])
            status[code] = f"excluded: no value for {missing}"
        notes.append(f"{int(gaps.any(axis=1).sum())} unit(s) left out because of missing values.")
        return x, status
    x = impute(x, used, dataset, reference, policy)
    notes.append({
        "impute_national": f"{count} missing value(s) filled with the England and Wales value.",
        "impute_region_median": f"{count} missing value(s) filled with the regional median.",
    }.get(policy, f"{count} missing value(s): those units are scored on the indicators they have."))
    return x, status


def impute(x: pd.DataFrame, used, dataset: Dataset, reference: pd.Series, policy: str) -> pd.DataFrame:
    """Fill the gaps of indicators ``used`` under an ``impute_*`` policy (others: unchanged).

    ``impute_national`` fills with the national value; ``impute_region_median`` with the
    median of the unit's region over the units that have a value, else the national value.
    """
    if policy not in ("impute_national", "impute_region_median"):
        return x
    x = x.copy()
    region = dataset.units["region"].reindex(x.index) if "region" in dataset.units else None
    for j in used:
        if policy == "impute_region_median" and region is not None:
            x[j] = x[j].fillna(x[j].groupby(region).transform("median"))
        x[j] = x[j].fillna(reference[j])
    return x


def _small_units(units: pd.DataFrame, status: pd.Series, scenario: Scenario, notes: list[str]):
    """Scale and ranking masks under the scenario's small-unit policy."""
    excluded = status.str.startswith("excluded").to_numpy()
    population = units["population"].reindex(status.index).to_numpy(float)
    police = status.index.astype(str).str.match(POLICE_CODE)
    small = (population < scenario.small_unit_population) & (police | scenario.small_units_everywhere)
    if scenario.small_units == "include" or not small.any():
        return ~excluded, ~excluded
    if not (~excluded & ~small).any():  # the rule would leave nobody to rank: say so, do not apply it
        notes.append(f"Every unit has fewer than {scenario.small_unit_population:,} residents, so "
                     "the small-unit rule was not applied (change the threshold under Methods).")
        return ~excluded, ~excluded
    names = ", ".join(units["name"].reindex(status.index)[small])
    threshold = f"{scenario.small_unit_population:,}"
    if scenario.small_units == "rank_apart":
        for code in status.index[small & ~excluded]:
            status[code] = (f"ranked apart: {int(units.at[code, 'population']):,} residents "
                            f"(under {threshold}) make its per-resident rates unstable")  # fmt: skip
        notes.append(
            f"{names}: fewer than {threshold} residents, so ranked apart and kept out of the "
            "scale bounds (change this under Methods)."
        )
        return ~excluded & ~small, ~excluded & ~small
    notes.append(f"{names}: fewer than {threshold} residents, so kept out of the scale bounds.")
    return ~excluded & ~small, ~excluded
