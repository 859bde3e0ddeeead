"""Direction of travel between the shipped years: exact Poisson tests and the composite's moves."""

import numpy as np
import pytest
from scipy import stats

from scoring.context import changes
from scoring.core.dataset import load_sample
from scoring.core.scenario import preset


def test_two_poisson_p_values():
    assert changes.two_poisson_p([10], [10])[0] == pytest.approx(1.0)
    assert changes.two_poisson_p([0], [10])[0] == pytest.approx(2 * 0.5**10)
    for a, b in ((3, 9), (120, 150), (40, 12)):
        assert changes.two_poisson_p([a], [b])[0] == pytest.approx(stats.binomtest(b, a + b).pvalue)
        assert changes.two_poisson_p([a], [b])[0] == pytest.approx(changes.two_poisson_p([b], [a])[0])
    assert np.isnan(changes.two_poisson_p([0], [0])[0])


def test_the_exact_test_keeps_its_level_when_nothing_changed():
    rng = np.random.default_rng(5)
    before, now = rng.poisson(30, 20_000), rng.poisson(30, 20_000)
    assert (changes.two_poisson_p(before, now) < 0.05).mean() <= 0.05 + 0.004


@pytest.fixture(scope="module")
def sample():
    ds = load_sample()
    return ds, preset("home_office_2021", ds.measure_of)


def test_indicator_changes_follow_direction_and_leave_out_illustrative(sample):
    ds, s = sample
    out = changes.indicator_changes(ds, s)
    assert "victim_satisfaction" not in set(out["indicator"])
    assert len(out) == 43 * 9
    row = out[(out["code"] == "E23000009") & (out["indicator"] == "violence_with_injury")].iloc[0]
    assert row["before"] == 5953 and row["now"] == 5523 and row["reading"] == "improving"
    rises = out[(out["flag"] != 0) & (out["now"] > out["before"])]
    assert (rises["reading"] == np.where(rises["indicator"] == "drug_offences", "improving",
                                         "deteriorating")).all()  # drugs: more is "better" by default
    summary = changes.per_force(out)
    assert (summary[["improving", "stable", "deteriorating"]].sum(axis=1) == 9).all()


def test_composite_changes_against_noise_only_moves(sample):
    ds, s = sample
    out = changes.composite_changes(ds, s, samples=200)
    assert len(out) == 42 and set(out["reading"]) <= {"within noise", "climbed beyond noise",
                                                       "fell beyond noise"}
    assert (out["beyond"] == (out["moved"].abs() > out["noise_p90"])).all()
    assert changes.composite_changes(load_sample("sample-2023"), s) is None  # no previous year


def test_illustrative_indicators_are_weighted_zero_for_travel(sample):
    _, s = sample
    ds = load_sample(illustrative=True)  # the demonstration switch: illustrative values loaded
    real = changes.real_only(ds, s)
    assert real.indicator_weight("victim_satisfaction") == 0.0
    only_satisfaction = s.replace(measure_weights={**dict.fromkeys(ds.measure_ids, 0.0),
                                                   "victim_satisfaction": 5.0})
    assert changes.real_only(ds, only_satisfaction) is None
