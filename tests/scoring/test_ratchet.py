import dataclasses

import numpy as np
import pandas as pd
import pytest
from offence_data import CODES, offence_dataset, scenario

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.rigidity import ratchet

NOW = {"robbery": [1000, 2000, 500, 4000], "homicide": [10, 20, 5, 40]}


def with_previous(previous: dict):
    ds = offence_dataset(NOW)
    before = pd.DataFrame(previous, index=CODES).astype(float)
    return dataclasses.replace(ds, context={**ds.context, "previous": before})


def test_no_change_leaves_every_bar_where_it_was():
    r = ratchet.ratchet(with_previous(NOW), scenario())
    np.testing.assert_allclose(r.table["change"], 0.0, atol=1e-12)
    assert r.table["within_noise"].all()


def test_the_bar_moves_by_exactly_the_improvement():
    # U0 halves robbery (lower is better), U1 doubles it; homicide unchanged.
    previous = {"robbery": [2000, 1000, 500, 4000], "homicide": NOW["homicide"]}
    r = ratchet.ratchet(with_previous(previous), scenario())
    t = r.table
    half = np.log(1000.5 / 2000.5)  # 0.5 is added to every count
    assert t.at["U0", "change"] == pytest.approx(np.expm1(-0.5 * half))  # equal weights
    assert t.at["U1", "change"] == pytest.approx(np.expm1(0.5 * half))
    assert t.at["U0", "change"] > 0 > t.at["U1", "change"]
    assert "tougher" in t.at["U0", "verdict"] and "easier" in t.at["U1", "verdict"]
    sd = 0.5 * np.sqrt(1 / 2000.5 + 1 / 1000.5)  # robbery half the weight; homicide unchanged
    hom = 0.5 * np.sqrt(2 / 10.5)
    assert np.log1p(t.at["U0", "noise"]) == pytest.approx(1.96 * np.hypot(sd, hom))
    detail = r.detail("U0")
    assert detail.at["robbery", "before"] == pytest.approx(20.0)  # per 1,000 of 100,000
    assert detail.at["robbery", "now"] == pytest.approx(10.0)


def test_a_small_count_change_is_within_chance():
    previous = {"robbery": NOW["robbery"], "homicide": [12, 20, 5, 40]}
    r = ratchet.ratchet(with_previous(previous), scenario())
    assert r.table.at["U0", "change"] > 0 and r.table.at["U0", "within_noise"]


def test_no_previous_year_gives_none():
    assert ratchet.ratchet(offence_dataset(NOW), scenario()) is None


def test_sample_leaves_out_the_illustrative_survey():
    ds = load_sample()
    r = ratchet.ratchet(ds, preset("home_office_2021", ds.measure_of))
    assert r.left_out == ()  # victim satisfaction has no data, so no weight to leave out
    assert "victim_satisfaction" not in set(r.indicators["indicator"])
    demo = load_sample(illustrative=True)
    shown = ratchet.ratchet(demo, preset("home_office_2021", demo.measure_of))
    assert shown.left_out == ("Victim satisfaction (illustrative)",)
    assert "victim_satisfaction" not in set(shown.indicators["indicator"])
    facts = ratchet.summary(r.table)
    assert facts["improved"] + facts["slipped"] == facts["n"] == 43
    assert facts["improved_on_noise"] <= facts["improved"]
    assert ratchet.ratchet(load_sample("sample-2023"), preset("home_office_2021",
                                                              ds.measure_of)) is None
