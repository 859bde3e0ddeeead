import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sensitivity_data import scenario, table, toy

from scoring.core.pipeline import score
from scoring.core.ranking import rank
from scoring.instability.stability import quadratic_roots, stability


def ranks_at(ds, s, measure, t, mw=None):
    """The whole pipeline with measure share t and the others rescaled in proportion."""
    mw = stability(ds, s).table["share"] if mw is None else mw
    weights = {
        k: (t if k == measure else w * (1 - t) / (1 - mw[measure])) * 10 for k, w in mw.items()
    }
    result = score(ds, s.replace(measure_weights=weights)).table
    return result["rank"].to_numpy(float), result["score"].to_numpy(float)


def test_methods_worked_example():
    st_ = stability(toy(), scenario())
    table_ = st_.table.round(3)
    assert table_.loc["H", ["low", "high"]].tolist() == [0.159, 0.412]
    assert table_.loc["V", ["low", "high"]].tolist() == [0.144, 0.426]
    assert table_.loc["D", ["low", "high"]].tolist() == [0.027, 0.319]
    assert table_.loc["S", ["low", "high"]].tolist() == [0.115, 0.424]
    assert table_.loc["D", "critical"] and table_["critical"].sum() == 1
    assert set(table_.loc["H", "high_pair"]) == {"E", "F"}


@pytest.mark.parametrize("agg", ["arithmetic", "geometric", "copeland"])
@pytest.mark.parametrize("measure", ["H", "V", "D", "S"])
def test_an_end_point_flips_the_ranks_exactly_there(agg, measure):
    ds = toy()
    s = scenario().replace(aggregation=agg, normalisation="zscore",
                           measure_weights={"H": 3, "V": 5, "D": 2, "S": 4})  # fmt: skip
    result = stability(ds, s).table
    share = result.at[measure, "share"]
    nominal, _ = ranks_at(ds, s, measure, share)
    for end, step in (("high", 1), ("low", -1)):
        t = result.at[measure, end]
        if t in (0.0, 1.0):
            continue
        beyond, _ = ranks_at(ds, s, measure, t + step * 1e-7)
        assert (beyond != nominal).any()
        if t != share:  # a zero-width side (a knife-edge tie) has no inside to check
            inside, _ = ranks_at(ds, s, measure, t - step * 1e-7)
            np.testing.assert_array_equal(inside, nominal)
        if agg != "copeland":
            pair = result.at[measure, f"{end}_pair"]
            _, scores = ranks_at(ds, s, measure, t)
            idx = [list(ds.values.index).index(c) for c in pair]
            assert abs(scores[idx[0]] - scores[idx[1]]) < 1e-9  # the pair ties at t*


@settings(max_examples=25, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(4, 9), st.just(3)), elements=st.integers(0, 40).map(float)),
    st.sampled_from(["arithmetic", "geometric", "copeland"]),
    st.sampled_from(["i0", "i1", "i2"]),
)
def test_ranks_inside_the_interval_equal_the_nominal_ranks(x, agg, measure):
    ds = table(x)
    s = scenario().replace(aggregation=agg, measure_weights={"i0": 3.0, "i1": 5.0, "i2": 2.0})
    shares = stability(ds, s).table
    row = shares.loc[measure]
    nominal, _ = ranks_at(ds, s, measure, row["share"], shares["share"])
    for t in np.linspace(row["low"], row["high"], 7)[1:-1]:
        np.testing.assert_array_equal(ranks_at(ds, s, measure, t, shares["share"])[0], nominal)
    assert row["low"] <= row["share"] <= row["high"]
    assert row["top_low"] <= row["low"] and row["top_high"] >= row["high"]


def test_per_force_intervals_are_wider_than_the_whole_table_interval():
    result = stability(toy(), scenario())
    assert (result.force_low.le(result.table["low"]).all()).all()
    assert (result.force_high.ge(result.table["high"]).all()).all()


def test_a_measure_with_zero_weight_starts_at_zero():
    s = scenario().replace(measure_weights={"H": 0.0, "V": 5, "D": 5, "S": 5})
    row = stability(toy(), s).table.loc["H"]
    assert row["share"] == 0 and row["low"] == 0 and 0 < row["high"] <= 1


def test_quadratic_roots():
    roots = quadratic_roots(np.array([1.0, 0.0, 0.0, 1.0]), np.array([-1.0, 2.0, 0.0, 0.0]),
                            np.array([0.21, -1.0, 0.0, 1.0]))  # fmt: skip
    np.testing.assert_allclose(np.sort(roots), [0.3, 0.5, 0.7])
    assert dataclasses.is_dataclass(stability(toy(), scenario()))
    assert rank(np.array([1.0, 1.0 + 1e-12]))[0] == 1
