"""The data explorer's numbers: per-resident values, the indicators' correlations, funnels, gaps.

* :func:`ski_slope`: one indicator's values sorted, with the national value (the
  "ski slope" chart: where a unit sits, and how little separates most of them);
* :func:`correlations` and :func:`redundant_pairs`: Spearman rank correlations
  between indicators, flagging pairs with :math:`|r| \\ge 0.9` as possibly redundant:
  two indicators that move together double the weight of one idea (OECD/JRC 2008,
  *Handbook on Constructing Composite Indicators*, step 4, multivariate analysis);
* :func:`indicator_funnel`: :mod:`scoring.explore.funnel` for a count indicator;
* :func:`missing_cells`: every missing value and what the scenario's policy does to it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core import rates
from scoring.core.dataset import Dataset
from scoring.core.pipeline import impute, prepare
from scoring.core.scenario import Scenario
from scoring.explore import funnel as funnels

REDUNDANT = 0.9


def unit_rates(dataset: Dataset) -> pd.DataFrame:
    """Units x indicators on the scale the scoring uses (counts per resident)."""
    return rates.indicator_rates(dataset.values, dataset.units, dataset.meta)


def national(dataset: Dataset, values: pd.DataFrame | None = None) -> pd.Series:
    """The national value of every indicator on the same scale as :func:`unit_rates`."""
    values = unit_rates(dataset) if values is None else values
    return rates.national_rates(dataset.national, dataset.meta, values, dataset.units)


def reference_name(dataset: Dataset) -> str:
    """What the national value is: the published figure, or the units' own average."""
    return "England and Wales" if dataset.national is not None else "All units (weighted mean)"


def ski_slope(dataset: Dataset, indicator: str) -> tuple[pd.DataFrame, float]:
    """One indicator's values, largest first: ``(frame of name and value, national value)``."""
    values = unit_rates(dataset)
    frame = pd.DataFrame({"name": dataset.units["name"].reindex(values.index),
                          "value": values[indicator]})  # fmt: skip
    frame = frame.sort_values("value", ascending=False, na_position="last")
    return frame, float(national(dataset, values)[indicator])


def correlations(dataset: Dataset, units=None) -> pd.DataFrame:
    """Spearman rank correlations between indicators over ``units`` (default all), pairwise.

    Ranks make one extreme unit (City of London's per-resident rates) count as one unit,
    not as a lever that sets every Pearson coefficient.
    """
    values = unit_rates(dataset)
    if units is not None:
        values = values.loc[units]
    return values.corr(method="spearman", min_periods=3)


def redundant_pairs(corr: pd.DataFrame, threshold: float = REDUNDANT) -> pd.DataFrame:
    """Indicator pairs with ``|r| >= threshold``: columns ``a, b, r``, strongest first."""
    upper = corr.where(np.triu(np.ones(corr.shape, dtype=bool), k=1))
    pairs = upper.rename_axis(index="a", columns="b").stack().rename("r").reset_index()
    flagged = pairs[pairs["r"].abs() >= threshold]
    return flagged.reindex(flagged["r"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def count_indicators(dataset: Dataset) -> list[str]:
    """Indicators that are counts among residents (the ones a funnel plot applies to)."""
    meta = dataset.meta
    has_population = dataset.units["population"].notna().any()
    return list(meta.index[meta["kind"] == "count"]) if has_population else []


def indicator_funnel(dataset: Dataset, indicator: str, *, overdispersion: bool = False,
                     transform: str = "sqrt", units=None,
                     target: float | None = None) -> tuple[funnels.Funnel, pd.DataFrame, float]:
    """Funnel statistics of a count indicator against the pooled rate of all units.

    Returns ``(funnel, frame, target)``: ``frame`` has ``name, count, population, rate,
    expected, z, outside_95, outside_998`` per unit (rates per ``per`` residents, as
    shown everywhere else) and ``target`` is the pooled rate on that scale. ``units``
    restricts the funnel to some unit codes; ``target`` (a rate per resident) replaces the
    pooled rate, for example by that of a group of similar units.
    """
    per = float(dataset.meta.at[indicator, "per"])
    counts = dataset.values[indicator].astype(float)
    if units is not None:
        counts = counts.reindex(list(units))
    population = dataset.units["population"].reindex(counts.index).astype(float)
    result, theta = funnels.funnel(counts.to_numpy(), population.to_numpy(), target=target,
                                   overdispersion=overdispersion, transform=transform)  # fmt: skip
    frame = pd.DataFrame({
        "name": dataset.units["name"].reindex(counts.index), "count": counts,
        "population": population, "rate": counts / population * per, "expected": result.expected,
        "z": result.z, "outside_95": result.outside(0.95), "outside_998": result.outside(0.998),
    })  # fmt: skip
    return result, frame, theta * per


def missing_cells(dataset: Dataset, scenario: Scenario) -> pd.DataFrame:
    """Every missing value, why it is missing, and what the missing-value policy does.

    Columns: ``code, unit, indicator, marker, weight, action``. Indicators with no
    weight are listed too ("no weight: no effect").
    """
    p = prepare(dataset, scenario)
    raw = p.rates
    weights = pd.Series(p.weights, index=p.indicators)
    filled = impute(raw, list(raw.columns), dataset, national(dataset, raw), scenario.missing)
    markers = dataset.context.get("markers")
    rows = []
    for code, j in zip(*np.nonzero(raw.isna().to_numpy()), strict=True):
        unit, ind = raw.index[code], raw.columns[j]
        marker = markers.at[unit, ind] if markers is not None and unit in markers.index else ""
        rows.append({
            "code": unit, "unit": dataset.units.at[unit, "name"], "indicator": dataset.label(ind),
            "marker": marker or ("no population" if pd.notna(dataset.values.at[unit, ind]) else "empty"),
            "weight": float(weights[ind]),
            "action": _action(scenario.missing, weights[ind], filled.at[unit, ind], dataset, unit),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "unit", "indicator", "marker", "weight", "action"])


def _action(policy: str, weight: float, value: float, dataset: Dataset, unit: str) -> str:
    if weight <= 0:
        return "no weight: no effect"
    if policy == "exclude":
        return "unit left out of the table"
    if policy == "reweight":
        return "scored on its other indicators (their weights scaled up)"
    region = dataset.units.get("region", pd.Series(dtype=object)).get(unit, "")
    where = "England and Wales value" if policy == "impute_national" else f"median of {region or 'all units'}"
    return f"filled with the {where} ({value:.4g})"
