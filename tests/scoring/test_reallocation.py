import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rigidity.reallocation import Reallocation, objective, reallocate, water_fill

# Hand-worked example: violence, drugs, neighbourhood, missing persons,
# mental health, rural; B = 100, beta = 0.5, floors 5 / 5 / 2 on the last three.
LOCAL = np.array([0.25, 0.05, 0.20, 0.20, 0.15, 0.15])
NATIONAL = np.array([1, 1, 1, 0, 0, 0]) / 3
FLOORS = np.array([0, 0, 0, 5, 5, 2.0])


def worked() -> Reallocation:
    e_v = water_fill(LOCAL, 100, 0.5, FLOORS)
    e_l = water_fill(NATIONAL, 100, 0.5, FLOORS)
    return Reallocation(LOCAL, NATIONAL, e_v, e_l, 0.5)


def test_worked_example_allocations():
    r = worked()
    np.testing.assert_allclose(r.status_quo, [32.9, 1.3, 21.1, 21.1, 11.8, 11.8], atol=0.06)
    np.testing.assert_allclose(r.league, [29.3, 29.3, 29.3, 5, 5, 2], atol=0.04)
    ratio = r.league / r.status_quo
    np.testing.assert_allclose(ratio[[1, 3, 4, 5]], [22, 0.24, 0.42, 0.17], rtol=0.03)


def test_worked_example_value_loss_and_league_gain():
    r = worked()
    # The hand-worked example gives -15.1% and +41.7%, from allocations rounded to 0.1.
    assert r.value_loss(r.league) == pytest.approx(0.151, abs=1e-3)
    assert r.league_gain(r.league) == pytest.approx(0.417, abs=1e-3)
    for lam, loss, gain, unmeasured in [(0.25, 0.018, 0.164, 36.6), (0.5, 0.049, 0.265, 28.4),
                                        (1.0, 0.151, 0.417, 12.0)]:
        e = r.at(lam)
        assert r.value_loss(e) == pytest.approx(loss, abs=1e-3)
        assert r.league_gain(e) == pytest.approx(gain, abs=1e-3)
        assert r.unmeasured_effort(e) == pytest.approx(unmeasured, abs=0.06)


def test_optimum_matches_a_brute_force_search_on_a_small_case():
    c, budget, beta, floors = np.array([0.5, 0.3, 0.2]), 10.0, 0.5, np.array([0.0, 1.0, 2.0])
    grid = np.arange(0, 1001) * 0.01  # every allocation on a 0.01-hour grid
    e0, e1 = np.meshgrid(grid, grid, indexing="ij")
    candidates = np.stack([e0, e1, budget - e0 - e1], axis=-1).reshape(-1, 3)
    candidates = candidates[np.all(candidates >= floors - 1e-9, axis=1)]
    values = objective(candidates, c, beta)
    best, best_e = values.max(), candidates[values.argmax()]
    e = water_fill(c, budget, beta, floors)
    assert objective(e, c, beta) >= best - 1e-9  # at least as good as every grid point
    np.testing.assert_allclose(e, best_e, atol=0.011)  # and at the best grid point


def test_a_binding_floor_is_met_exactly():
    e = water_fill([1.0, 0.0, 0.0], 10, 0.5, [0, 2, 3])
    np.testing.assert_allclose(e, [5, 2, 3])


def test_every_weight_zero_shares_the_spare_budget_equally():
    np.testing.assert_allclose(water_fill([0.0, 0.0], 10, 0.5, [1, 3]), [4, 6])


def test_floors_that_would_not_fit_are_capped_at_an_equal_share():
    r = reallocate(np.ones(30) / 30, np.r_[1.0, np.zeros(29)], 0.5, 5.0)  # 30 x 5% > 100%
    np.testing.assert_allclose(r.league, 100 / 30)
    assert r.status_quo.sum() == pytest.approx(100)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="floors"):
        water_fill([1, 1], 10, 0.5, [6, 6])
    with pytest.raises(ValueError, match="beta"):
        water_fill([1, 1], 10, 1.0)


def test_many_forces_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(7)
    v = rng.dirichlet(np.ones(5), size=8)
    together = reallocate(v, NATIONAL[:5] / NATIONAL[:5].sum(), 0.5, 2.0)
    for i in range(len(v)):
        alone = reallocate(v[i], NATIONAL[:5] / NATIONAL[:5].sum(), 0.5, 2.0)
        np.testing.assert_allclose(together.status_quo[i], alone.status_quo, atol=1e-9)
        np.testing.assert_allclose(together.league[i], alone.league, atol=1e-9)


weights = st.lists(st.floats(0, 1), min_size=2, max_size=7).filter(lambda w: sum(w) > 1e-3)


@settings(max_examples=150, deadline=None)
@given(weights, st.data(), st.floats(0.05, 0.95), st.floats(0, 4))
def test_properties_of_methods_section_8(v, data, beta, floor):
    """Sum of effort = B; floors hold; V(e^V) >= V(e^L) and L(e^L) >= L(e^V)."""
    w = data.draw(st.lists(st.floats(0, 1), min_size=len(v), max_size=len(v)))
    v, w = np.array(v), np.array(w)
    r = reallocate(v, w, beta, floor)
    for e in (r.status_quo, r.league, r.at(0.3)):
        assert e.sum() == pytest.approx(100.0, rel=1e-9)
        assert np.all(e >= floor - 1e-9)
    assert objective(r.status_quo, v, beta) >= objective(r.league, v, beta) - 1e-9
    assert objective(r.league, w, beta) >= objective(r.status_quo, w, beta) - 1e-9


@settings(max_examples=60, deadline=None)
@given(weights, st.floats(0.1, 0.9))
def test_more_pressure_never_loses_score_or_gains_value(v, beta):
    v = np.array(v)
    w = np.zeros_like(v)
    w[0] = 1.0
    path = reallocate(v, w, beta, 1.0).path(11)
    assert np.all(np.diff(path["league_gain"]) >= -1e-9)
    assert np.all(np.diff(path["value_loss"]) >= -1e-9)


def test_harm_change_is_zero_at_the_status_quo_and_grows_with_neglect():
    r = worked()
    harm = np.array([10, 0, 10, 100, 50, 20.0])
    assert np.allclose(r.harm_change(r.status_quo, harm, 0.1), 0)
    change = r.harm_change(r.league, harm, 0.1)
    expected = 0.1 * harm * (1 - np.sqrt(r.league / r.status_quo))
    np.testing.assert_allclose(change, expected)
    assert change[3:].min() > 0  # less effort outside the basket: more harm there
