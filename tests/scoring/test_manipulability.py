"""Manipulability rubric (B1): default grades with evidence, user overrides, G in [0, 1]."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.scenario import GamingSettings, Scenario
from scoring.gaming import manipulability as mp


def test_default_grades_follow_the_methods_table():
    r = mp.rubric(load_sample())
    expected = {"drug_offences": 0.67, "violence_with_injury": 0.58, "residential_burglary": 0.33,
                "homicide": 0.08, "fraud_cyber": 0.08, "victim_satisfaction": 0.5}  # fmt: skip
    for j, g in expected.items():
        assert r.at[j, "G"] == pytest.approx(g, abs=0.005), j
    assert not r["edited"].any()
    assert r.at["drug_offences", "police_generated"] == 3  # police-generated, fully


def test_every_default_grade_shows_its_evidence_and_source():
    r = mp.rubric(load_sample())
    for axis in mp.AXES:
        assert r[f"evidence_{axis}"].str.len().gt(10).all(), axis
    assert r["sources"].str.len().gt(0).all()
    drug = r.at["drug_offences", "evidence_police_generated"]
    assert "heavily dependent on police activities" in drug
    assert "19%" in r.at["residential_burglary", "evidence_recording_discretion"]


def test_user_grades_override_and_round_trip_through_the_scenario():
    ds = load_sample()
    rubric = {"drug_offences": (0, 0, 0, 0), "nowhere": (3, 3, 3, 3)}
    s = Scenario(gaming=GamingSettings(rubric=rubric))
    again, notes = Scenario.from_query(s.to_query())
    assert again.gaming.rubric["drug_offences"] == (0, 0, 0, 0) and not notes
    r = mp.rubric(ds, again.gaming.rubric)
    assert r.at["drug_offences", "G"] == 0 and r.at["drug_offences", "edited"]
    assert "nowhere" not in r.index
    clamped, notes = Scenario.from_query({"gm.rub.homicide": "9:0:0:-1"})
    assert clamped.gaming.rubric["homicide"] == (3, 0, 0, 0)


@given(st.lists(st.floats(-5, 8, allow_nan=False), min_size=4, max_size=4))
def test_score_is_the_mean_grade_scaled_to_0_1(grades):
    g = mp.manipulability(grades)
    assert 0 <= g <= 1
    assert g == pytest.approx(np.clip(grades, 0, 3).sum() / 12)


def test_unknown_indicators_get_a_generic_default_from_their_metadata():
    ds = make_dataset(pd.DataFrame({"stops": [1.0, 2.0], "rate": [3.0, 4.0]}), kind="count")
    meta = ds.meta.copy()
    meta.loc["stops", "police_generated"] = True
    meta.loc["rate", "kind"] = "percent"
    ds = type(ds)(ds.id, ds.title, ds.units, ds.values, meta, ds.measures)
    r = mp.rubric(ds)
    assert r.at["stops", "G"] == pytest.approx(8 / 12)
    assert r.at["rate", "G"] == pytest.approx(6 / 12)
