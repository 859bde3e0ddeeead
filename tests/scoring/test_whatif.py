"""What-if re-scoring agrees with the pipeline, and its fast path with its full path."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.core import aggregate
from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import score
from scoring.core.scenario import Scenario, preset
from scoring.gaming import whatif

METHODS = dict(normalisation=st.sampled_from(["minmax", "zscore", "percentile", "distance"]),
               transform=st.sampled_from(["none", "winsorise", "log"]),
               aggregation=st.sampled_from(["arithmetic", "geometric", "copeland"]))  # fmt: skip
matrices = arrays(float, st.tuples(st.integers(4, 9), st.integers(1, 4)),
                  elements=st.floats(0.5, 100, allow_nan=False, width=32))  # fmt: skip


def test_no_change_reproduces_the_published_table_for_every_method():
    ds = load_sample()
    for norm in ("minmax", "zscore", "percentile", "distance"):
        for agg in ("arithmetic", "geometric", "copeland"):
            s = preset("home_office_2021", ds.measure_of, normalisation=norm, aggregation=agg,
                       transform="winsorise")  # fmt: skip
            w = whatif.build(ds, s)
            n, m = w.raw.shape
            ranks = w.rank_changes(np.arange(n), np.zeros((n, m)))
            expected = score(ds, s).table["rank"].to_numpy(float)
            np.testing.assert_array_equal(ranks, expected)
            np.testing.assert_array_equal(w.ranks, expected)


@settings(max_examples=40, deadline=None)
@given(x=matrices, data=st.data(), **METHODS)
def test_a_change_scores_like_the_pipeline_on_changed_data(x, data, normalisation, transform,
                                                            aggregation):
    codes = [f"U{i}" for i in range(len(x))]
    values = pd.DataFrame(x, index=codes, columns=[f"i{j}" for j in range(x.shape[1])])
    pop = {c: 1e5 * (i + 1) for i, c in enumerate(codes)}
    ds = make_dataset(values, population=pop, directions={"i0": -1})
    s = Scenario(small_units="include", normalisation=normalisation, transform=transform,
                 aggregation=aggregation)  # fmt: skip
    f = data.draw(st.integers(0, len(x) - 1))
    change = np.array(data.draw(st.lists(st.floats(-0.9, 2.0), min_size=x.shape[1],
                                         max_size=x.shape[1])))  # fmt: skip
    changed = values.copy()
    changed.iloc[f] = values.iloc[f] * (1 + change)
    expected = score(make_dataset(changed, population=pop, directions={"i0": -1}), s).table
    w = whatif.build(ds, s)
    got = w.score_changes(np.array([f]), change[None])[0]
    np.testing.assert_allclose(got, expected["score"], rtol=1e-9, atol=1e-9)
    j = data.draw(st.integers(0, x.shape[1] - 1))
    one = np.zeros_like(change)
    one[j] = change[j]
    assert w.rank_single([f], [j], [change[j]])[0] == w.rank_changes([f], one[None])[0]


def test_fast_single_indicator_path_matches_the_full_path_on_the_sample():
    ds = load_sample()
    rng = np.random.default_rng(7)
    for agg in ("arithmetic", "geometric", "copeland"):
        s = preset("harm_focused", ds.measure_of, normalisation="percentile", aggregation=agg)
        w = whatif.build(ds, s)
        n, m = w.raw.shape
        f, j, t = rng.integers(0, n, 300), rng.integers(0, m, 300), rng.uniform(-1, 2, 300)
        changes = np.zeros((300, m))
        changes[np.arange(300), j] = t
        np.testing.assert_array_equal(w.rank_single(f, j, t), w.rank_changes(f, changes))
        several = rng.uniform(-0.5, 1.0, (300, m)) * (rng.uniform(size=(300, m)) < 0.3)
        np.testing.assert_array_equal(w.rank_columns(f, several), w.rank_changes(f, several))
        # Changes held on some indicators, one more on another (as the routes' bisection does)
        held = several.copy()
        held[np.arange(300), j] = 0.0
        both = held.copy()
        both[np.arange(300), j] = t
        np.testing.assert_array_equal(w.rank_columns(f, changes, held=w.held_terms(f, held)),
                                      w.rank_changes(f, both))  # fmt: skip


def test_national_value_moves_with_the_force_and_percentages_stop_at_100():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of, normalisation="distance")
    w = whatif.build(ds, s)
    j = w.indicators.index("victim_satisfaction")
    assert w.upper[j] == 100.0
    f = w.codes.get_loc("E23000001")
    share = ds.units.at["E23000001", "population"] / ds.national["population"]
    assert np.isclose(w.national_share[f], share)
    big = np.zeros((1, len(w.indicators)))
    big[0, j] = 5.0  # +500% would be far above 100%
    assert np.isfinite(w.score_changes([f], big)).all()


def test_copeland_scores_a_batch_like_single_tables():
    rng = np.random.default_rng(3)
    z = rng.integers(0, 3, size=(50, 7, 6)).astype(float)  # many balanced contests
    w = np.full(6, 1 / 6)
    batch = aggregate.copeland(z, w)
    single = np.array([aggregate.copeland(z[i], w) for i in range(50)])
    np.testing.assert_array_equal(batch, single)
