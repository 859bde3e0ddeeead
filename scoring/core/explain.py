"""Explanations of a scored table: a unit's indicator profile and headline facts."""

from __future__ import annotations

import pandas as pd

from scoring.core import ranking
from scoring.core.dataset import Dataset
from scoring.core.pipeline import ScoredTable, dataset_rates


def unit_profile(result: ScoredTable, dataset: Dataset, code: str) -> pd.DataFrame:
    """One unit's indicators beside the national values ("back to the data", Handbook step 8).

    Returns
    -------
    DataFrame
        Indexed by indicator: ``label, measure, value, national, unit, better,
        normalised, weight, status`` where ``better`` is "higher" or "lower" under the
        scenario's directions and ``status`` is "real" or "illustrative".
    """
    national = dataset_rates(dataset)[1]  # the data's national values, made once per dataset
    meta = dataset.meta
    direction = pd.Series(result.prepared.direction, index=result.prepared.indicators)
    return pd.DataFrame(
        {
            "label": [dataset.label(j) for j in meta.index],
            "measure": dataset.measures["label"].reindex(meta["measure"]).to_numpy(),
            "value": result.values.loc[code],
            "national": national,
            "unit": meta["unit"],
            "better": direction.map({1: "higher", -1: "lower"}),
            "normalised": result.normalised.loc[code],
            "weight": result.weights,
            "status": meta["status"],
        },
        index=meta.index,
    )


def headline(table: pd.DataFrame) -> dict:
    """Top and bottom unit, biggest climber and faller, and Kendall's tau to the baseline.

    ``table`` is :func:`scoring.core.pipeline.with_movement` output (``movement`` may be NA).
    """
    ranked = table[table["rank"].notna()].sort_values("rank")
    out = {
        "n_ranked": len(ranked),
        "top": ranked["name"].iloc[0] if len(ranked) else None,
        "bottom": ranked["name"].iloc[-1] if len(ranked) else None,
        "tau": None,
        "climber": None,
        "faller": None,
        "moved": 0,
    }
    if "movement" in ranked and ranked["movement"].notna().any():
        move = ranked["movement"].astype(float)
        out["tau"] = ranking.kendall_tau(
            ranked["rank"].astype(float).to_numpy(), ranked["baseline_rank"].astype(float).to_numpy()
        )
        out["moved"] = int((move != 0).sum())
        if move.max() > 0:
            out["climber"] = (ranked.loc[move.idxmax(), "name"], int(move.max()))
        if move.min() < 0:
            out["faller"] = (ranked.loc[move.idxmin(), "name"], int(-move.min()))
    return out


# Methods in words, for the report, the exports and the screens: never the internal keys.
NORMALISATION_WORDS = {
    "minmax": "min-max scaling",
    "zscore": "z-scores (distance from the mean in standard deviations)",
    "percentile": "percentile ranks",
    "distance": "distance to the England and Wales value",
}
TREATMENT_WORDS = {
    "none": "no outlier treatment",
    "winsorise": "extreme values pulled in to the 5th and 95th percentiles",
    "log": "values on a log scale",
}
AGGREGATION_WORDS = {
    "arithmetic": "a weighted average",
    "geometric": "a weighted geometric mean",
    "copeland": "head-to-head contests between forces (Copeland)",
}


def baseline_in_words(baseline: str) -> str:
    """ "the Home Office 2021 proposal", or "the same scenario on the previous year's data"."""
    from scoring.core.scenario import PRESETS

    if baseline in PRESETS:
        return f"the {PRESETS[baseline].label}"
    return "the same scenario on the previous year's data"


def methods_in_words(scenario) -> str:
    """ "min-max scaling, no outlier treatment, combined by a weighted average"."""
    return (f"{NORMALISATION_WORDS[scenario.normalisation]}, "
            f"{TREATMENT_WORDS[scenario.transform]}, combined by "
            f"{AGGREGATION_WORDS[scenario.aggregation]}")  # fmt: skip


def scenario_in_words(dataset: Dataset, scenario, shares: pd.Series) -> str:
    """The scenario as one sentence: data, each measure's share of the score, methods, baseline.

    ``shares`` is each measure's share of the score (measure id -> fraction).
    """
    parts = [f"{dataset.measure_labels.get(m, m)} {shares[m]:.0%}" for m in dataset.measure_ids
             if m in shares.index and shares[m] > 0]  # fmt: skip
    return (f"Scenario \"{scenario.name}\": forces ranked on {dataset.title}. Shares of the "
            f"score: {', '.join(parts) or 'none'}. Methods: {methods_in_words(scenario)}. "
            f"Movement is measured against {baseline_in_words(scenario.baseline)}.")  # fmt: skip
