import dataclasses

import numpy as np
import pandas as pd
import pytest
from offence_data import GROUPS, offence_dataset, scenario

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.rigidity import local_priorities as lp
from scoring.rigidity.domains import domain_data

# Hand-worked example (known answers).
NATIONAL = [1 / 3, 1 / 3, 1 / 3, 0, 0, 0]
LOCAL = [0.25, 0.05, 0.20, 0.20, 0.15, 0.15]


def test_distances_worked_example():
    assert lp.total_variation(NATIONAL, LOCAL) == pytest.approx(0.50)
    assert lp.cosine(NATIONAL, LOCAL) == pytest.approx(0.66, abs=0.005)
    assert lp.jensen_shannon(NATIONAL, LOCAL) == pytest.approx(0.24, abs=0.005)


def test_distances_at_the_extremes():
    assert lp.total_variation(LOCAL, LOCAL) == 0 and lp.jensen_shannon(LOCAL, LOCAL) == 0
    assert lp.cosine(LOCAL, LOCAL) == pytest.approx(1)
    assert lp.total_variation([1, 0], [0, 1]) == 1
    assert lp.jensen_shannon([1, 0], [0, 1]) == pytest.approx(np.log(2))
    assert np.isnan(lp.cosine([0, 0], [1, 0]))


def sample_setup(**changes):
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of, **changes)
    data = domain_data(ds, s)
    return ds, s, data, lp.ranker(ds, s, data)


@pytest.mark.parametrize("norm,agg", [("minmax", "arithmetic"), ("zscore", "geometric"),
                                      ("percentile", "copeland"), ("distance", "arithmetic")])
def test_national_ranks_are_the_league_table(norm, agg):
    ds, s, data, rk = sample_setup(normalisation=norm, aggregation=agg)
    table = lp.all_forces(rk, data, ds.units["name"])
    expected = score(ds, s).table["rank"]
    pd.testing.assert_series_equal(table["rank_national"], expected, check_names=False)


def test_local_weights_equal_to_national_give_zero_distance_and_the_same_rank():
    ds, s, data, rk = sample_setup()
    same = lp.on_slider_scale(data.national).to_dict()
    custom = s.replace(rigidity=dataclasses.replace(s.rigidity, local="custom",
                                                    local_weights=same))  # fmt: skip
    for code in ("E23000001", "E23000009", "W15000004"):
        view = lp.force_view(rk, data, custom, code)
        assert view.tv == pytest.approx(0, abs=1e-12) and view.js == pytest.approx(0, abs=1e-12)
        assert view.cosine == pytest.approx(1)
        assert view.rank_local == view.rank_national and view.tau == pytest.approx(1)
        assert view.source.startswith("weights you set")


def test_own_harm_profile_table():
    ds, s, data, rk = sample_setup()
    table = lp.all_forces(rk, data, ds.units["name"])
    ranked = table.dropna()
    assert len(ranked) == 42 and table.loc["E23000034", ["rank_national", "rank_own"]].isna().all()
    assert ranked["rank_own"].between(1, 42).all()
    assert (ranked["change"] == ranked["rank_national"] - ranked["rank_own"]).all()
    assert ((table["tv"] > 0) & (table["tv"] <= 1)).all()
    facts = lp.summary(table)
    assert facts["better"] + facts["worse"] <= facts["n"] == 42


def test_one_force_own_rank_is_its_rank_when_everyone_uses_its_profile():
    ds, s, data, rk = sample_setup()
    code = "E23000005"
    profile = data.profile.loc[code]
    alone = rk.ranks(profile.to_numpy(float)[None, :])[0]
    table = lp.all_forces(rk, data, ds.units["name"])
    assert table.at[code, "rank_own"] == alone[list(rk.prepared.codes).index(code)]


def test_all_weight_on_an_outside_domain_ranks_by_its_recorded_rate():
    ds = offence_dataset({"robbery": GROUPS["robbery"]})
    s = scenario(local="custom", local_weights={"sexual_offences": 10.0})
    data = domain_data(ds, s)
    rk = lp.ranker(ds, s, data)
    view = lp.force_view(rk, data, s, "U0")
    expected = GROUPS["sexual_offences"].rank(method="min")  # fewest offences ranks first
    assert list(view.local_ranks) == list(expected.astype(float))
    assert view.weights.loc["sexual_offences", "local"] == 1 and view.tv == 1


def test_custom_without_weights_falls_back_to_the_harm_profile():
    ds, s, data, rk = sample_setup()
    custom = s.replace(rigidity=dataclasses.replace(s.rigidity, local="custom"))
    weights, note = lp.local_weights(data, custom, "E23000001")
    assert "not set any local weight" in note
    pd.testing.assert_series_equal(weights, data.profile.loc["E23000001"])


def test_slider_scale_keeps_ratios():
    scaled = lp.on_slider_scale(pd.Series({"a": 0.2, "b": 0.1, "c": 0.0}))
    assert scaled.to_dict() == {"a": 10.0, "b": 5.0, "c": 0.0}


def test_vectorised_kendall_tau_matches_scipy():
    from scoring.core.ranking import kendall_tau

    rng = np.random.default_rng(3)
    base = rng.integers(1, 15, size=20).astype(float)
    rows = rng.integers(1, 15, size=(5, 20)).astype(float)
    base[3] = rows[1, 7] = np.nan
    got = lp.kendall_tau_b(base, rows)
    np.testing.assert_allclose(got, [kendall_tau(base, r) for r in rows], atol=1e-12)
    assert np.isnan(lp.kendall_tau_b([1, 2, 3], [[5, 5, 5]]))[0]
