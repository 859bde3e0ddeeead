import dataclasses

import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.rigidity.analysis import analyse


def home_office(**rigidity):
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    return ds, s.replace(rigidity=dataclasses.replace(s.rigidity, **rigidity))


def test_the_force_in_focus_defaults_to_the_top_of_the_table():
    ds, s = home_office(force="nowhere")
    result = analyse(ds, s)
    assert result.forces.at[result.code, "rank_national"] == 1
    ds, s = home_office(force="E23000001")
    assert analyse(ds, s).code == "E23000001"


def test_one_result_carries_every_analysis():
    ds, s = home_office(force="E23000001", pressure=0.5)
    r = analyse(ds, s)
    assert len(r.forces) == 43 and r.ratchet is not None
    assert {"coverage", "rank_national", "rank_own", "theta", "tv"} <= set(r.forces.columns)
    assert r.effort["status_quo"].sum() == pytest.approx(100)
    assert r.effort["at_pressure"].sum() == pytest.approx(100)
    h = r.headline
    assert h["unmeasured_at"] < h["unmeasured_now"] and h["harm_change"] > 0
    assert h["unmeasured_shift"] == pytest.approx(h["unmeasured_at"] - h["unmeasured_now"])
    assert (h["stops"]["change"] < 0).all()
    assert r.path["pressure"][0] == 0 and r.path["value_loss"][0] == pytest.approx(0)


def test_no_pressure_means_nothing_is_given_up():
    ds, s = home_office(force="E23000001", pressure=0.0)
    h = analyse(ds, s).headline
    assert h["value_loss"] == pytest.approx(0) and h["harm_change"] == pytest.approx(0)
    assert h["stops"].empty
