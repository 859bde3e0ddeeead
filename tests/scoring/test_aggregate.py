import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.aggregate import (
    aggregate,
    arithmetic,
    contributions,
    copeland,
    equivalent_normalisation,
    geometric,
    to_unit_interval,
)
from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset

Z = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0], [0.2, 0.2]])
W = np.array([0.75, 0.25])


def test_arithmetic_known_values():
    np.testing.assert_allclose(arithmetic(Z, W), [0.75, 0.5, 0.25, 0.2])


@pytest.mark.parametrize("seed", range(6))
def test_arithmetic_without_missing_values_is_bit_for_bit_the_masked_mean(seed):
    # the shortcut for complete data must give exactly the masked sums (Monte Carlo ranks,
    # and so the app's numbers, depend on the last bit)
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 60, size=2)
    z = rng.normal(size=(int(rng.integers(1, 5)), n, m)) * 10.0 ** rng.integers(-3, 4)
    w = rng.dirichlet(np.ones(m), size=len(z))
    want = np.sum(np.where(True, z, 0.0) * w[:, None, :], axis=-1) / np.sum(
        np.where(np.ones(z.shape, dtype=bool), w[:, None, :], 0.0), axis=-1)  # fmt: skip
    np.testing.assert_array_equal(arithmetic(z, w), want)
    np.testing.assert_array_equal(arithmetic(z[0], w[0]), want[0])
    z[0, 0, 0] = np.nan  # one missing value: the masked path, still the same elsewhere
    got = arithmetic(z, w)
    np.testing.assert_array_equal(got[1:], want[1:])


def test_arithmetic_reweights_missing_values():
    z = np.array([[np.nan, 0.4], [1.0, 0.0]])
    np.testing.assert_allclose(arithmetic(z, W), [0.4, 0.75])


def test_geometric_offset_keeps_zero_defined_and_penalises_imbalance():
    g = geometric(Z, np.array([0.5, 0.5]), offset=0.01)
    assert np.isfinite(g).all()
    # Balanced (0.5, 0.5) beats lopsided (1, 0) under the geometric mean, not the arithmetic.
    assert g[1] > g[0]
    assert arithmetic(Z, np.array([0.5, 0.5]))[1] == pytest.approx(arithmetic(Z, np.array([0.5, 0.5]))[0])


def test_geometric_floor_is_offset():
    g = geometric(np.array([[0.0], [1.0]]), np.array([1.0]), offset=0.05)
    np.testing.assert_allclose(g, [0.05, 1.0])


@pytest.mark.parametrize("scale_mask", [None, np.array([True, True, True, False])])
def test_geometric_rescaling_skips_missing_values_and_keeps_constant_indicators_neutral(scale_mask):
    # Complete, varying indicators take a shortcut (Monte Carlo's usual case); a missing value
    # or a constant indicator must still take the careful path.
    z = np.array([[0.2, 3.0, np.nan], [0.6, 3.0, 1.0], [1.0, 3.0, 5.0], [0.4, 3.0, 2.0]])
    u = to_unit_interval(z, 0.1, scale_mask)
    np.testing.assert_allclose(u[:, 0], [0.1, 0.55, 1.0, 0.325])  # complete, varying
    np.testing.assert_array_equal(u[:, 1], 1.0)  # constant: every unit at the top, no effect
    assert np.isnan(u[0, 2]) and u[1, 2] == pytest.approx(0.1) and u[2, 2] == pytest.approx(1.0)
    np.testing.assert_array_equal(to_unit_interval(z[:, :1], 0.1, scale_mask), u[:, :1])


def test_copeland_counts_pairwise_wins_minus_losses():
    s = copeland(Z, W)
    # Unit 0 wins on the heavier indicator against 1, 2 and 3 -> 3 wins.
    assert s[0] == 3
    assert s.sum() == 0  # every contest has a winner and a loser here


def test_copeland_is_non_compensatory():
    z = np.array([[1.0, 1.0, 0.0], [0.9, 0.9, 1.0]])
    # A huge lead on one indicator does not beat winning two of three.
    w = np.array([1, 1, 1]) / 3
    assert copeland(z, w)[0] > copeland(z, w)[1]


def test_contributions_add_up_to_arithmetic_score():
    groups = np.array([0, 1])
    parts = contributions(Z, W, groups, 2, "arithmetic")
    np.testing.assert_allclose(parts.sum(axis=1), arithmetic(Z, W))


def test_contributions_add_up_to_log_geometric_score():
    parts = contributions(Z, W, np.array([0, 0]), 1, "geometric", offset=0.01)
    np.testing.assert_allclose(parts[:, 0], np.log(geometric(Z, W, offset=0.01)))


def test_zero_weight_indicator_has_no_influence():
    w = np.array([1.0, 0.0])
    changed = Z.copy()
    changed[:, 1] = changed[::-1, 1]
    for method in ("arithmetic", "geometric", "copeland"):
        np.testing.assert_allclose(aggregate(Z, w, method), aggregate(changed, w, method))


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown aggregation"):
        aggregate(Z, W, "median")


@pytest.mark.parametrize("aggregation", ["geometric", "copeland"])
def test_normalisations_in_one_class_give_the_same_table(aggregation):
    ds = load_sample()
    tables = {n: score(ds, preset("home_office_2021", ds.measure_of, normalisation=n,
                                  aggregation=aggregation)).table  # fmt: skip
              for n in ("minmax", "zscore", "distance", "percentile")}
    for n in ("zscore", "distance"):  # linear: the same scores under both aggregations
        assert equivalent_normalisation(n, aggregation) == "minmax"
        np.testing.assert_allclose(tables[n]["score"], tables["minmax"]["score"], atol=1e-12)
    percentile_same = tables["percentile"]["score"].sub(tables["minmax"]["score"]).abs().max() < 1e-12
    assert percentile_same == (aggregation == "copeland")  # order only under Copeland
    assert (equivalent_normalisation("percentile", aggregation) == "minmax") == percentile_same


def test_copeland_keeps_percentile_apart_when_a_ranked_unit_is_outside_the_scale():
    assert equivalent_normalisation("percentile", "copeland") == "minmax"
    assert equivalent_normalisation(
        "percentile", "copeland", every_ranked_unit_sets_the_scale=False) == "percentile"
    assert equivalent_normalisation("zscore", "arithmetic") == "zscore"


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 3), st.integers(2, 30), st.integers(1, 5), st.integers(0, 2**32 - 1),
       st.booleans())  # fmt: skip
def test_arithmetic_and_geometric_give_the_same_bits_as_the_plain_formulas(samples, n, m, seed, odd):
    # The in-place steps change no bit: checked against the formulas as they stood before,
    # with and without NaN, constant indicators and units outside the scale (``odd``).
    rng = np.random.default_rng(seed)
    z = rng.uniform(-2, 2, (samples, n, m))
    w = rng.uniform(0, 1, (samples, m))
    mask = np.ones(n, dtype=bool)
    if odd:
        z[rng.random(z.shape) < 0.1] = np.nan
        z[..., rng.integers(m)] = 0.5
        mask[rng.random(n) < 0.3] = False
        mask[0] = True
    with np.errstate(all="ignore"):
        have = ~np.isnan(z)
        num = np.sum(np.where(have, z, 0.0) * w[..., None, :], axis=-1)
        den = np.sum(np.where(have, w[..., None, :], 0.0), axis=-1)
        mean = np.where(den > 0, num / den, np.nan)
        inside = np.where(np.isnan(z), np.nan, z)[..., mask, :]
        lo = np.min(np.where(np.isnan(inside), np.inf, inside), axis=-2, keepdims=True)
        hi = np.max(np.where(np.isnan(inside), -np.inf, inside), axis=-2, keepdims=True)
        unit = np.where(hi > lo, np.clip((z - lo) / (hi - lo), 0.0, 1.0),
                        np.where(np.isnan(z), np.nan, 1.0))  # fmt: skip
        unit = 0.01 + (1.0 - 0.01) * unit
    np.testing.assert_array_equal(to_unit_interval(z, 0.01, mask), unit)
    for got, want in ((arithmetic(z, w), mean), (geometric(z, w, offset=0.01, scale_mask=mask),
                                                   np.exp(arithmetic(np.log(unit), w)))):  # fmt: skip
        assert (np.isnan(got) == np.isnan(want)).all()
        np.testing.assert_array_equal(got[~np.isnan(want)].view(np.int64),
                                      want[~np.isnan(want)].view(np.int64))
