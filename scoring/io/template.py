"""A ready-to-edit file in the project's wide format, from the shipped sample."""

from __future__ import annotations

from scoring import export
from scoring.core.dataset import load_sample


def template_csv() -> str:
    """The 43 forces with code, name, population and the sample's nine counts (YE Dec 2024).

    Victim satisfaction is left out on purpose: the sample's column is illustrative, and a
    template must not turn it into data. Add a ``victim_satisfaction`` column (and
    ``victim_satisfaction_n``, the survey sample size) with real figures.
    """
    sample = load_sample()
    counts = [j for j in sample.indicators if sample.meta.at[j, "kind"] == "count"]
    frame = sample.units[["name", "population"]].join(sample.values[counts].astype("Int64"))
    return export.to_csv(frame)
