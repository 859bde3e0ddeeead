"""The ONS workbook as published, loaded through the app's importer, reproduces the sample exactly.

The raw workbook is not in the repository. It is looked for in ``$LTL_RAW_DATA``, then
``../shared/data`` beside the repository, then ``/work/shared/data``; the tests are skipped,
saying where they looked, when it is in none of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from scoring.core.dataset import load_sample, previous_period
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.io import load_path

REPO = Path(__file__).resolve().parents[2]
WORKBOOK = "policeforceareatablesyedecember2024.xlsx"
PLACES = [Path(p) for p in (os.environ.get("LTL_RAW_DATA"), REPO.parent / "shared" / "data",
                            "/work/shared/data") if p]  # fmt: skip
RAW = next((p / WORKBOOK for p in PLACES if (p / WORKBOOK).is_file()), None)
pytestmark = pytest.mark.skipif(RAW is None, reason=f"raw ONS workbook {WORKBOOK} not found in "
                                + ", ".join(map(str, PLACES)))  # fmt: skip


@pytest.fixture(scope="module")
def forces():
    return load_path(RAW)


def test_values_population_and_previous_year_equal_the_sample(forces):
    sample, ds = load_sample(), forces.dataset
    ids = ds.indicators
    assert len(ids) == 9 and set(ids) <= set(sample.indicators)  # no illustrative column
    pd.testing.assert_frame_equal(ds.values.sort_index(), sample.values[ids].sort_index(), check_names=False)
    pd.testing.assert_frame_equal(ds.context["previous"].sort_index(),
                                  sample.context["previous"][ids].sort_index(), check_names=False)  # fmt: skip
    assert ds.units["population"].sort_index().equals(sample.units["population"].sort_index().astype(float))
    assert ds.units["name"].sort_index().equals(sample.units["name"].sort_index())
    for j in ids:
        assert ds.national[j] == sample.national[j]
    assert ds.national["population"] == sample.national["population"] == 60_854_700
    assert not forces.report.errors and not forces.report.warnings


def test_the_previous_year_scores_like_the_2023_sample(forces):
    before = previous_period(forces.dataset)
    sample_2023 = load_sample("sample-2023")
    assert before.values.sort_index().equals(sample_2023.values[before.indicators].sort_index())


def test_same_ranks_as_the_sample_when_victim_satisfaction_has_no_weight(forces):
    ds = forces.dataset
    scenario = preset("harm_focused", load_sample().measure_of).replace(
        measure_weights={**preset("harm_focused", load_sample().measure_of).measure_weights,
                         "victim_satisfaction": 0.0})  # fmt: skip
    ours, theirs = score(ds, scenario).table, score(load_sample(), scenario).table
    assert ours["rank"].sort_index().equals(theirs["rank"].sort_index())


def test_dropped_rows_are_reported(forces):
    reasons = {d["given"]: d["reason"] for d in forces.report.dropped}
    assert reasons["K04000001 / ENGLAND AND WALES"].endswith("used as the national reference")
    assert reasons["British Transport Police"] == "British Transport Police is not a territorial force"
    assert sum(r == "region total" for r in reasons.values()) == 9


def test_community_safety_partnerships_load_and_rank():
    loaded = load_path(RAW, "C2")
    ds = loaded.dataset
    assert len(ds.values) == 314 and loaded.report.unit_kind == "units"
    assert ds.units["population"].notna().all()
    scenario = preset("equal_indicators", ds.measure_of, data=ds.id)
    # Partnerships are not police force areas: by default every one is ranked ...
    assert score(ds, scenario).table["rank"].notna().all()
    # ... and the population rule applies when the user sets it for every unit.
    result = score(ds, scenario.replace(small_units_everywhere=True))
    apart = result.table.index[result.table["status"].str.startswith("ranked apart")]
    assert {"E22000050", "E22000180"} <= set(apart)  # Isles of Scilly, City of London
    assert result.table["rank"].notna().sum() == 314 - len(apart)
