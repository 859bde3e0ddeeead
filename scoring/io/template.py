"""A ready-to-edit file in the project's wide format, from the shipped sample."""

from __future__ import annotations

from scoring import export
from scoring.core.dataset import load_sample


def template_csv() -> str:
    """The 43 forces with code, name, population and the sample's nine counts (YE Dec 2024),
    and an empty column for each measure that has no force-level data yet.

    ``victim_satisfaction`` (per cent satisfied) and ``victim_satisfaction_n`` (survey
    sample size) are left blank to fill in: the sample's own values are illustrative, and a
    template must not turn them into data. Once filled and uploaded, the measure takes
    its weight in every preset; a column left blank is reported and the file is refused,
    so delete it if you have no figures.
    """
    sample = load_sample()
    counts = [j for j in sample.indicators if sample.meta.at[j, "kind"] == "count"]
    frame = sample.units[["name", "population"]].join(sample.values[counts].astype("Int64"))
    for j in sample.awaiting:
        frame[j] = None
        if sample.meta.at[j, "kind"] == "percent":
            frame[f"{j}_n"] = None
    return export.to_csv(frame)
