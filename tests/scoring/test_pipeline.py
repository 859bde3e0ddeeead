import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import score
from scoring.core.scenario import Scenario, preset

CITY = "E23000034"


def synthetic(x: np.ndarray, directions=None) -> "Dataset":  # noqa: F821
    values = pd.DataFrame(x, index=[f"U{i:02d}" for i in range(len(x))],
                          columns=[f"i{j}" for j in range(x.shape[1])])
    return make_dataset(values, directions=directions, population=1e6)


def scenario(**kw) -> Scenario:
    return Scenario(small_units="include", **kw)


matrices = arrays(float, st.tuples(st.integers(3, 10), st.integers(1, 4)),
                  elements=st.floats(0, 100, allow_nan=False, width=32))


@settings(max_examples=60, deadline=None)
@given(matrices, st.sampled_from(["minmax", "zscore", "percentile", "distance"]),
       st.sampled_from(["arithmetic", "geometric", "copeland"]), st.randoms(use_true_random=False))
def test_row_order_does_not_change_results(x, norm, agg, rnd):
    ds = synthetic(x)
    order = list(ds.values.index)
    rnd.shuffle(order)
    shuffled = make_dataset(ds.values.loc[order], population=1e6)
    s = scenario(normalisation=norm, aggregation=agg)
    a, b = score(ds, s).table, score(shuffled, s).table.loc[ds.values.index]
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-12, atol=1e-12)
    assert list(a["rank"]) == list(b["rank"])


@settings(max_examples=80, deadline=None)
@given(matrices, st.integers(0, 9), st.integers(0, 3), st.floats(0.01, 50),
       st.sampled_from(["minmax", "percentile", "distance"]),
       st.sampled_from(["arithmetic", "geometric", "copeland"]))
def test_improving_one_indicator_never_worsens_rank(x, f, j, step, norm, agg):
    assume(f < x.shape[0] and j < x.shape[1])
    directions = {f"i{k}": (1 if k % 2 == 0 else -1) for k in range(x.shape[1])}
    s = scenario(normalisation=norm, aggregation=agg)
    before = score(synthetic(x, directions), s).table["rank"].iloc[f]
    better = x.copy()
    better[f, j] = max(0.0, better[f, j] + step * directions[f"i{j}"])  # rates are >= 0
    after = score(synthetic(better, directions), s).table["rank"].iloc[f]
    assert after <= before


@settings(max_examples=40, deadline=None)
@given(matrices, st.floats(0.1, 10))
def test_scaling_all_weights_changes_nothing(x, c):
    ds = synthetic(x)
    w = {m: float(k + 1) for k, m in enumerate(ds.measure_ids)}
    a = score(ds, scenario(measure_weights=w)).table
    b = score(ds, scenario(measure_weights={m: v * c / 10 for m, v in w.items()})).table
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-9)
    assert list(a["rank"]) == list(b["rank"])


def test_identical_units_tie_and_share_the_best_rank():
    x = np.array([[1.0, 2.0], [3.0, 1.0], [3.0, 1.0], [0.0, 0.0]])
    r = score(synthetic(x), scenario()).table["rank"].tolist()
    assert r[1] == r[2]
    assert sorted(r) == [1, 1, 3, 4]


def test_home_office_preset_ranks_42_and_sets_city_of_london_apart():
    ds = load_sample()
    result = score(ds, preset("home_office_2021", ds.measure_of))
    table = result.table
    assert len(table) == 43
    assert table["rank"].notna().sum() == 42
    assert pd.isna(table.at[CITY, "rank"]) and "ranked apart" in table.at[CITY, "status"]
    assert sorted(table["rank"].dropna().astype(int)) == list(range(1, 43))
    assert any("City of London" in n for n in result.prepared.notes)


def test_city_of_london_would_squash_min_max_scales_if_included():
    ds = load_sample()
    apart = score(ds, Scenario()).normalised.drop(index=CITY)
    included = score(ds, Scenario(small_units="include")).normalised.drop(index=CITY)
    # Neighbourhood crime: with City setting the worst end, the other 42 forces are
    # crammed into the top of the scale; kept apart, they use all of it.
    for j in ("theft_from_person", "fraud_cyber"):
        assert apart[j].max() - apart[j].min() == pytest.approx(1.0)
        assert included[j].max() - included[j].min() < 0.35


def test_outside_bounds_ranks_city_with_capped_values():
    ds = load_sample()
    result = score(ds, Scenario(small_units="outside_bounds"))
    assert result.table["rank"].notna().sum() == 43
    z = result.normalised.loc[CITY].dropna()  # victim satisfaction has no data: no value
    assert len(z) == 9 and ((z >= 0) & (z <= 1)).all()
    # The other forces' normalised values are exactly those of the default table.
    np.testing.assert_allclose(result.normalised.drop(index=CITY),
                               score(ds, Scenario()).normalised.drop(index=CITY))


def test_contributions_sum_to_score_under_arithmetic():
    ds = load_sample()
    result = score(ds, preset("harm_focused", ds.measure_of))
    t = result.ranked
    np.testing.assert_allclose(t[result.contribution_columns].sum(axis=1), t["score"])


def test_missing_value_policies():
    x = np.array([[1.0, 2.0], [np.nan, 3.0], [2.0, 1.0], [3.0, 0.0]])
    ds = make_dataset(pd.DataFrame(x, index=list("ABCD"), columns=["p", "q"]),
                      regions={"A": "r1", "B": "r1", "C": "r2", "D": "r2"}, population=1)
    reweight = score(ds, scenario(missing="reweight")).table
    assert reweight.at["B", "score"] == pytest.approx(1.0)  # only q counts: it is the best q
    excluded = score(ds, scenario(missing="exclude")).table
    assert pd.isna(excluded.at["B", "rank"]) and excluded.at["B", "status"].startswith("excluded")
    regional = score(ds, scenario(missing="impute_region_median"))
    assert regional.values.at["B", "p"] != regional.values.at["B", "p"]  # raw stays missing
    assert regional.table["rank"].notna().all()


def test_police_generated_direction_flip_changes_the_table():
    ds = load_sample()
    base = score(ds, Scenario()).table["rank"]
    flipped = score(ds, Scenario(directions={"drug_offences": -1})).table["rank"]
    assert (base != flipped).any()


def test_a_measure_with_no_data_weighs_nothing_until_figures_are_supplied():
    from scoring.io import load_bytes
    from scoring.io.template import template_csv

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    assert ds.awaiting == ["victim_satisfaction"]
    assert score(ds, s).weights["victim_satisfaction"] == 0
    assert score(ds, s).weights.sum() == pytest.approx(1.0)
    # The template has the column to fill in; filled and uploaded, the measure takes 1/6.
    lines = template_csv().splitlines()
    assert lines[0].endswith(",victim_satisfaction,victim_satisfaction_n")
    filled = [lines[0]] + [line[:-2] + f",{70 + i % 9},500" for i, line in enumerate(lines[1:])]
    uploaded = load_bytes("\n".join(filled).encode(), "filled.csv", None).dataset
    assert uploaded.awaiting == []
    assert score(uploaded, s).weights["victim_satisfaction"] == pytest.approx(1 / 6)
    # The illustrative switch loads the labelled demonstration values.
    demo = load_sample(illustrative=True)
    assert demo.illustrative == ["victim_satisfaction"] and demo.awaiting == []
    assert score(demo, s).weights["victim_satisfaction"] == pytest.approx(1 / 6)


def test_a_dataset_s_rates_are_made_once_and_each_caller_gets_its_own_copy():
    from scoring.core import rates
    from scoring.core.pipeline import dataset_rates, prepare

    ds = load_sample()
    fresh = rates.indicator_rates(ds.values, ds.units, ds.meta)
    national = rates.national_rates(ds.national, ds.meta, fresh, ds.units)
    mine = dataset_rates(ds)
    pd.testing.assert_frame_equal(mine[0], fresh)
    pd.testing.assert_series_equal(mine[1], national)
    mine[0].iloc[:, :], mine[1].iloc[:] = 0.0, 0.0  # a caller changing its copy changes nobody else's
    pd.testing.assert_frame_equal(prepare(ds, preset("home_office_2021", ds.measure_of)).rates, fresh)
    pd.testing.assert_series_equal(dataset_rates(ds)[1], national)


def test_a_dataset_s_publisher_notes_are_read_once_and_each_caller_gets_its_own_copy():
    ds = load_sample()
    notes = ds.data_notes
    assert len(notes) and notes.str.contains(": ").all()  # "Indicator: note"
    expected = notes.copy()
    notes.iloc[:] = "changed"
    pd.testing.assert_series_equal(ds.data_notes, expected)
