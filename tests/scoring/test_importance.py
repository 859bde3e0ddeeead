import numpy as np
import pytest
from sensitivity_data import scenario, table

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.instability.importance import importance, main_effect, reading, underweighted


def test_an_indicator_that_is_the_whole_index_explains_all_of_it():
    x = np.random.default_rng(0).uniform(0, 10, size=(30, 2))
    s = scenario().replace(measure_weights={"i0": 10.0, "i1": 0.0})
    out = importance(table(x), s)
    assert list(out.index) == ["i0"]  # weightless indicators are not shown
    assert out.at["i0", "main_effect"] == pytest.approx(1.0)
    assert (
        out.at["i0", "corr"] == pytest.approx(1.0)
        and out.at["i0", "reading"] == "dominates the index"
    )


def test_main_effect_catches_a_non_linear_dependence_that_correlation_misses():
    x = np.linspace(-1, 1, 41)
    y = x**2
    assert abs(np.corrcoef(x, y)[0, 1]) < 1e-9
    assert main_effect(x, y) > 0.95


def test_few_distinct_values_use_the_exact_correlation_ratio():
    x = np.array([0.0, 0.0, 1.0, 1.0, 2.0, 2.0])
    y = np.array([1.0, 3.0, 2.0, 2.0, 5.0, 7.0])
    groups = np.array([2.0, 2.0, 2.0, 2.0, 6.0, 6.0])
    assert main_effect(x, y) == pytest.approx(np.var(groups) / np.var(y))


def test_sample_data_drug_offences_barely_represented_and_signed():
    ds = load_sample()
    out = importance(ds, preset("home_office_2021", ds.measure_of))
    assert out["weight_share"].sum() == pytest.approx(1.0)
    assert out["effect_share"].sum() == pytest.approx(1.0)
    drugs = out.loc["drug_offences"]
    assert drugs["weight_share"] == pytest.approx(1 / 5)  # five measures have data
    assert drugs["effect_share"] < 0.05 and drugs["corr"] < 0  # weighted 20%, pulls the other way
    assert (out["r2"] <= out["main_effect"] + 0.05).all()
    assert "drug_offences" in underweighted(out).index
    assert "homicide" not in underweighted(out).index


def test_readings():
    assert [reading(c) for c in (0.97, 0.5, 0.1, -0.5, np.nan)] == [
        "dominates the index", "in line with the index", "barely represented",
        "pulls against the index", "no variation"]  # fmt: skip
