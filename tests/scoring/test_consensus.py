import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import prepare, score
from scoring.core.scenario import Scenario, preset
from scoring.together import consensus as cs

M = ("a", "b", "c")


def test_roc_known_answers():
    # Barron & Barrett (1996): K=3 -> (11/18, 5/18, 2/18)
    np.testing.assert_allclose(cs.roc_weights(3), [11 / 18, 5 / 18, 2 / 18])
    np.testing.assert_allclose(cs.roc_weights(1), [1.0])
    w = cs.roc_weights(6)
    assert w.sum() == pytest.approx(1) and (np.diff(w) < 0).all()


def test_roc_is_the_centroid_of_the_ordered_region():
    pool = cs.make_pool(M, [(None, ["c", "a", "b"])])
    samples, mass, owner = cs.weight_samples(pool, 20_000, np.random.default_rng(1))
    assert samples.shape == (20_000, 3) and mass.sum() == pytest.approx(1) and (owner == 0).all()
    assert (samples[:, 2] >= samples[:, 0]).all() and (samples[:, 0] >= samples[:, 1]).all()
    np.testing.assert_allclose(samples.mean(axis=0), pool.shares[0], atol=0.01)
    np.testing.assert_allclose(pool.shares[0], [5 / 18, 2 / 18, 11 / 18])


def test_pool_from_weights_and_orders():
    pool = cs.make_pool(
        M, [({"a": 10, "b": 5, "c": 5}, None), ({"a": 1}, ["b"]), (None, ["b", "a"])]
    )
    np.testing.assert_allclose(pool.shares, [[0.5, 0.25, 0.25], [1, 0, 0], [0.25, 0.75, 0]])
    assert pool.orders == ((), (), (1, 0))  # weights win when both are given
    with pytest.raises(ValueError, match="all zero"):
        cs.make_pool(M, [({"a": 0, "b": 0}, None)])
    with pytest.raises(ValueError, match="neither"):
        cs.make_pool(M, [(None, [])])


def test_consensus_is_the_rescaled_median_and_resists_one_extreme():
    room = [({"a": 5, "b": 5, "c": 5}, None)] * 4 + [({"a": 10, "b": 0, "c": 0}, None)]
    pool = cs.make_pool(M, room)
    np.testing.assert_allclose(cs.consensus(pool), [1 / 3] * 3)
    table = cs.spread(pool)
    assert table.loc["a", "max"] == 1 and table.loc["b", "min"] == 0
    assert table["consensus"].sum() == pytest.approx(1)
    np.testing.assert_allclose(cs.distance_to(pool, cs.consensus(pool)), [0, 0, 0, 0, 2 / 3])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(0, 10), min_size=3, max_size=3).filter(lambda r: sum(r) > 0.01),
        min_size=1,
        max_size=12,
    )
)
def test_consensus_properties(rows):
    pool = cs.make_pool(M, [(dict(zip(M, r, strict=True)), None) for r in rows])
    c = cs.consensus(pool)
    assert c.sum() == pytest.approx(1) and (c >= 0).all()
    # one participant's weights are the consensus; scaling a participant's sliders changes nothing
    single = cs.make_pool(M, [(dict(zip(M, rows[0], strict=True)), None)])
    np.testing.assert_allclose(cs.consensus(single), single.shares[0])
    scaled = cs.make_pool(M, [(dict(zip(M, np.array(r) * 0.5, strict=True)), None) for r in rows])
    np.testing.assert_allclose(cs.consensus(scaled), c, atol=1e-12)


def test_slider_scale_keeps_ratios():
    np.testing.assert_allclose(cs.to_slider_scale(np.full(6, 1 / 6)), [5.0] * 6)
    v = cs.to_slider_scale(np.array([0.7, 0.2, 0.1]))
    assert v.max() == pytest.approx(10) and v[1] / v[0] == pytest.approx(0.2 / 0.7)


def test_acceptability_summary_and_contested_rule():
    ranks = np.array([[1, 2, 3], [1, 3, 2], [2, 1, 3], [1, 2, 3]], float)
    b = cs.acceptability(ranks, np.ones(4), 3)
    np.testing.assert_allclose(b.sum(axis=1), 1)
    np.testing.assert_allclose(b.sum(axis=0), 1)
    np.testing.assert_allclose(b[0], [0.75, 0.25, 0])
    summary = cs.place_summary(b, pd.Index(["X", "Y", "Z"]), contested_places=1)
    assert summary.loc["X", ["best", "worst", "median"]].tolist() == [1, 2, 1]
    assert summary.loc["X", "places"] == pytest.approx(
        np.exp(-(0.75 * np.log(0.75) + 0.25 * np.log(0.25)))
    )
    assert summary["contested"].tolist() == [True, True, True]
    assert not cs.place_summary(b, pd.Index(list("XYZ")), contested_places=3)["contested"].any()


def test_central_weights():
    ranks = np.array([[1, 2], [2, 1], [1, 2]], float)
    shares = np.array([[1.0, 0], [0, 1.0], [0.5, 0.5]])
    central = cs.central_weights(ranks, np.ones(3), shares)
    np.testing.assert_allclose(central, [[0.75, 0.25], [0, 1]])


def test_within_shares_split_each_measure():
    measure_of = pd.Series({"a1": "A", "a2": "A", "b1": "B"})
    np.testing.assert_allclose(cs.within_shares(measure_of, {"a1": 3, "a2": 1}), [0.75, 0.25, 1])
    np.testing.assert_allclose(cs.within_shares(measure_of, {"b1": 0}), [0.5, 0.5, 0])


def test_one_participant_reproduces_their_own_table():
    ds = load_sample()
    weights = {
        "homicide": 8,
        "serious_violence": 2,
        "drugs": 0,
        "neighbourhood": 5,
        "cyber": 1,
        "victim_satisfaction": 3,
    }
    scenario = preset("home_office_2021", ds.measure_of)
    p = prepare(ds, scenario)
    within = cs.within_shares(ds.measure_of, {})
    pool = cs.make_pool(ds.measure_ids, [(weights, None)])
    room = cs.room_ranks(p, within, ("minmax", "arithmetic", 0.01), pool)
    expected = score(ds, scenario.replace(measure_weights=weights)).table["rank"].dropna()
    assert room.summary["consensus"].to_dict() == expected.to_dict()
    assert (room.summary["median"] == room.summary["consensus"]).all()
    assert not room.summary["contested"].any() and (room.summary["places"] == 1).all()
    assert len(room.acceptability) == 42 and "E23000034" not in room.acceptability.index


def test_a_divided_room_contests_places_and_orders_sample_their_region():
    x = np.array([[0, 10], [10, 0], [4, 4], [5, 5], [9, 1], [1, 9]], float)
    ds = make_dataset(
        pd.DataFrame(x, index=list("ABCDEF"), columns=["i0", "i1"]),
        measures={"i0": "m0", "i1": "m1"},
        population=1e6,
    )
    p = prepare(ds, Scenario(small_units="include"))
    within = cs.within_shares(ds.measure_of, {})
    pool = cs.make_pool(["m0", "m1"], [({"m0": 1, "m1": 0}, None), ({"m0": 0, "m1": 1}, None)])
    room = cs.room_ranks(p, within, ("minmax", "arithmetic", 0.01), pool, contested_places=3)
    assert room.summary.loc["A", "best"] == 1 and room.summary.loc["A", "worst"] == 6
    assert room.summary.loc["A", "contested"] and room.summary.loc["A", "places"] == pytest.approx(
        2
    )
    assert room.central.loc["B"].tolist() == [1.0, 0.0]
    ordered = cs.make_pool(["m0", "m1"], [(None, ["m0", "m1"])])
    a = cs.room_ranks(p, within, ("minmax", "copeland", 0.01), ordered, draws=300, seed=7)
    b = cs.room_ranks(p, within, ("minmax", "copeland", 0.01), ordered, draws=300, seed=7)
    pd.testing.assert_frame_equal(a.acceptability, b.acceptability)  # seeded
    np.testing.assert_allclose(a.acceptability.sum(axis=1), 1)
