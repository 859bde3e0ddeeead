import numpy as np
import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.rigidity import distortion
from scoring.rigidity.domains import domain_data
from scoring.rigidity.reallocation import water_fill

LOCAL = np.array([0.25, 0.05, 0.20, 0.20, 0.15, 0.15])
NATIONAL = np.array([1, 1, 1, 0, 0, 0]) / 3


def test_worked_example_angle():
    e = water_fill(LOCAL, 100, 0.5, [0, 0, 0, 5, 5, 2])
    cos = distortion.cos_angle(LOCAL, NATIONAL, e, 0.5)
    assert cos == pytest.approx(0.56, abs=0.005)  # known answer, worked by hand
    assert distortion.degrees(cos) == pytest.approx(np.degrees(np.arccos(cos)))


def test_angle_is_zero_when_the_table_weighs_what_the_force_values_and_90_when_disjoint():
    e = water_fill(LOCAL, 100, 0.5)
    same = distortion.cos_angle(LOCAL, LOCAL * 3, e, 0.5)
    assert distortion.degrees(same) == pytest.approx(0, abs=1e-5)
    v, w = np.array([0.5, 0.5, 0, 0]), np.array([0, 0, 0.5, 0.5])
    e = water_fill(v, 100, 0.5, [1, 1, 1, 1])
    assert distortion.degrees(distortion.cos_angle(v, w, e, 0.5)) == pytest.approx(90)
    assert np.isnan(distortion.cos_angle(v, np.zeros(4), e, 0.5))


def test_by_force_on_the_sample():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    table = distortion.by_force(domain_data(ds, s), s, ds.units["name"])
    assert len(table) == 43 and table["theta"].between(0, 90).all()
    assert (table["unmeasured_chasing"] <= table["unmeasured_now"] + 1e-9).all()
    assert (table["harm_change"] >= 0).all()  # less effort outside the basket
    assert table["value_loss"].between(0, 1).all() and (table["league_gain"] >= 0).all()
