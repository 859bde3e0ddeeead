"""The 2026 framework's fill-in template: nothing invented, and a filled copy reads as the framework."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from scoring.core import presets
from scoring.core.dataset import load_sample
from scoring.core.scenario import Scenario
from scoring.grading import misgrading
from scoring.io import load_bytes
from scoring.io.template import framework_template_xlsx


def sheets() -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(framework_template_xlsx()), sheet_name=None, engine="openpyxl")


def test_the_template_fills_only_what_is_published():
    book = sheets()
    data, meta = book["data"], book["meta"].set_index("id")
    assert list(data["code"]) == list(load_sample().units.index)  # the 43 forces
    assert data["charge_rate"].notna().all() and data["charge_rate_n"].notna().all()
    awaiting = [c for c in data.columns if c not in ("code", "name", "population", "charge_rate", "charge_rate_n")]
    assert "calls_999_10s" in awaiting and data[awaiting].isna().all().all()  # nothing invented
    assert meta.at["calls_999_10s", "measure"] == "calls_999" and meta.at["charge_rate", "period"]
    assert set(meta["measure"]) == set(load_sample("ppf-2026").measure_ids)


def test_a_filled_template_reads_as_the_framework_and_grades_with_its_threshold():
    book = sheets()
    data = book["data"]
    data["calls_999_10s"] = np.linspace(70, 96, len(data)).round(1)
    data["calls_999_10s_n"] = 20_000
    data = data.drop(columns=[c for c in data.columns if data[c].isna().all()])  # what you lack
    out = io.BytesIO()
    with pd.ExcelWriter(out) as writer:
        data.to_excel(writer, sheet_name="data", index=False)
        book["meta"].to_excel(writer, sheet_name="meta", index=False)
    dataset = load_bytes(out.getvalue(), "framework_filled.xlsx", None).dataset
    assert dataset.measure_ids == ["crime_solving", "calls_999"]
    assert (dataset.meta["noise"] == "binomial").all()  # shares with their sample sizes
    s = presets.apply(Scenario(data=dataset.id), "ppf_2026", dataset)
    assert s.data == dataset.id and presets.matching(s, dataset) == "ppf_2026"
    r = misgrading.simulate(dataset, s.with_section("grading", samples=400))
    assert r.indicators == ("calls_999_10s",)
    assert int((r.met[:, 0] == 0).sum()) == int((r.values[:, 0] < 90).sum()) > 0
    assert "noise" in r.sources
