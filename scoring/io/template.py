"""A ready-to-edit file in the project's wide format, from the shipped sample."""

from __future__ import annotations

import pandas as pd

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


FRAMEWORK = "ppf-2026-charges"


def framework_template_xlsx() -> bytes:
    """The 2026 framework's fill-in template: sheet ``data`` and sheet ``meta``.

    ``data``: the 43 forces (code, name, mid-2023 population), the Home Office charge rate
    for 2018/19 with its number of offences (``charge_rate_n``, the binomial sample size)
    filled in, and an empty column for every headline measure no public file holds (with
    ``<id>_n`` for the number of calls, incidents or survey respondents behind a share).
    ``meta``: what each column is (measure, direction, kind, unit), so an upload is read as
    the framework, and an empty ``parent`` column: write a theme there (or a path from the
    top, "Area > Theme") to group the measures into themes with their own weights. Fill in what you have and delete the columns you have no figures for: a
    column left blank is refused. Nothing is pre-filled that is not published.
    """
    framework = load_sample(FRAMEWORK)
    data = framework.units[["name", "population"]].copy()
    meta_rows = []
    for j in framework.indicators:
        kind = framework.meta.at[j, "kind"]
        published = framework.values[j].notna().any()
        data[j] = framework.values[j] if published else None
        if kind == "percent":
            sizes = framework.context.get("sample_size")
            data[f"{j}_n"] = sizes[j].astype("Int64") if published and sizes is not None else None
        row = framework.meta.loc[j]
        meta_rows.append({"id": j, "label": row["label"], "measure": row["measure"], "parent": "",
                          "direction": int(row["direction"]), "kind": kind,
                          "per": "" if pd.isna(row["per"]) else int(row["per"]), "unit": row["unit"],
                          "period": "" if not published else row["period"],
                          "source": "" if not published else row["source_table"],
                          "description": row["description"]})  # fmt: skip
    return export.to_xlsx({"data": data.reset_index(), "meta": pd.DataFrame(meta_rows)})
