"""Explanations of a scored table: a unit's indicator profile and headline facts."""

from __future__ import annotations

import pandas as pd

from scoring.core import ranking, rates
from scoring.core.dataset import Dataset
from scoring.core.pipeline import ScoredTable


def unit_profile(result: ScoredTable, dataset: Dataset, code: str) -> pd.DataFrame:
    """One unit's indicators beside the national values ("back to the data", Handbook step 8).

    Returns
    -------
    DataFrame
        Indexed by indicator: ``label, measure, value, national, unit, better,
        normalised, weight, status`` where ``better`` is "higher" or "lower" under the
        scenario's directions and ``status`` is "real" or "illustrative".
    """
    national = rates.national_rates(dataset.national, dataset.meta, result.values, dataset.units)
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
