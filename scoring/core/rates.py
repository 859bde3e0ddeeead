"""Per-capita rates: counts divided by resident population.

An indicator of ``kind`` "count" becomes :math:`x_f = 10^k \\cdot c_f / P_f` with the
multiplier ``per`` from the metadata (1,000 for most offences, 1,000,000 for
homicide, as ONS publishes them); any other kind (a percentage, an existing rate) is
used as it is. Rates per resident are what ONS Table P3 publishes, and what makes a
force of 0.5 million comparable with one of 9 million.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def indicator_rates(values: pd.DataFrame, units: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Indicator values per resident where the indicator is a count.

    Parameters
    ----------
    values : DataFrame
        Raw values, index = unit code, columns = indicator ids.
    units : DataFrame
        Must have a ``population`` column for the same codes.
    meta : DataFrame
        Indicator metadata with ``kind`` and ``per``.

    Returns
    -------
    DataFrame
        Same shape as ``values``; a count with no population becomes NaN.
    """
    population = units["population"].reindex(values.index).to_numpy(float)
    population = np.where(population > 0, population, np.nan)
    is_count = (meta["kind"].reindex(values.columns) == "count").to_numpy()
    per = pd.to_numeric(meta["per"].reindex(values.columns), errors="coerce").to_numpy(float)
    raw = values.to_numpy(float)
    with np.errstate(invalid="ignore"):
        scaled = np.where(is_count, raw / population[:, None] * per, raw)
    return pd.DataFrame(scaled, index=values.index, columns=values.columns)


def national_rates(
    national: pd.Series | None, meta: pd.DataFrame, unit_rates: pd.DataFrame, units: pd.DataFrame
) -> pd.Series:
    """National value of every indicator, on the same scale as :func:`indicator_rates`.

    Uses the published national row when the dataset has one (a count needs its
    population too); otherwise the population-weighted mean of the units (for a count,
    the total count over the total population), or their plain mean when no unit has a
    population, so every dataset gets a reference.
    """
    out = {}
    weight = units["population"].reindex(unit_rates.index).astype(float)
    if weight.isna().all():  # units with no population (an uploaded table): plain mean
        weight = pd.Series(1.0, index=unit_rates.index)
    for j in meta.index:
        count = meta.at[j, "kind"] == "count"
        given = national is not None and pd.notna(national.get(j))
        if given and (not count or pd.notna(national.get("population"))):
            value = float(national[j])
            if count:
                value = value / float(national["population"]) * float(meta.at[j, "per"])
        else:
            have = unit_rates[j].notna() & weight.notna()
            value = float(np.average(unit_rates[j][have], weights=weight[have])) if have.any() else np.nan
        out[j] = value
    return pd.Series(out, dtype=float)
