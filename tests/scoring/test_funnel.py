"""Funnel plots: a hand-worked example, limits, and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scoring.explore.funnel import (
    critical,
    funnel,
    funnel_from_expected,
    poisson_limits,
    ratio_limits,
    winsorise,
)

OBSERVED = [9.6, 33.6, 5.4, 45.0, 13.5, 4.9]
EXPECTED = [13.3, 31.0, 10.0, 33.3, 16.6, 7.8]


def test_methods_a4_worked_example():
    plain = funnel_from_expected(OBSERVED, EXPECTED, transform="log", exact=False)
    assert np.allclose(plain.z, [-1.19, 0.44, -1.94, 1.74, -0.85, -1.28], atol=0.02)  # the table rounds
    assert plain.phi == pytest.approx(1.80, abs=0.01)
    assert plain.tau2 == pytest.approx(0.066, abs=0.001)
    assert plain.rankability == pytest.approx(0.49, abs=0.01)
    adjusted = funnel_from_expected(OBSERVED, EXPECTED, transform="log", overdispersion=True)
    assert np.allclose(adjusted.z, [-0.87, 0.25, -1.51, 0.98, -0.59, -1.04], atol=0.02)  # the table rounds
    assert (adjusted.outside(0.95) == 0).all()  # "no force is outside the 95% funnel"


def test_critical_values():
    assert critical(0.95) == pytest.approx(1.95996, abs=1e-4)
    assert critical(0.998) == pytest.approx(3.0902, abs=1e-4)


def test_winsorise_by_count():
    z = np.arange(20.0)
    assert winsorise(z, 0.1).tolist() == [2.0, 2.0, 2.0] + list(np.arange(3.0, 17.0)) + [17.0, 17.0, 17.0]
    assert winsorise(np.array(OBSERVED), 0.1).tolist() == sorted(OBSERVED)  # 10% of 6 units is no unit


def test_exact_poisson_limits_and_small_counts():
    lo, hi = poisson_limits(np.array([10.0, 1e6]), 0.95)
    # E = 10: the 97.5% quantile is 17, F(17) = 0.98572, P(17) = 0.01281: 17 + 1 - 0.84. So 17
    # is inside (P(X >= 17) = 0.027) and 18 above (P(X >= 18) = 0.014).
    assert hi[0] == pytest.approx(17.16 / 10, abs=0.002) and lo[0] < 0.5
    assert hi[1] == pytest.approx(1 + 1.96 / 1000, abs=1e-4)  # large counts: the normal limits
    # No homicide where 2.8 were expected is not unusual (P = 0.06); 30 where 10 were is.
    f = funnel_from_expected([0, 30, 10], [2.78, 10.0, 10.0])
    assert f.outside(0.95).tolist() == [0, 1, 0] and f.z[1] > 3
    assert f.z[0] == pytest.approx(stats.norm.ppf(np.exp(-2.78)))  # P(X <= 0)
    assert funnel_from_expected([0, 3], [0.02, 1.07]).outside(0.95).tolist() == [0, 0]  # P(X>=3) = 0.09
    grid = np.array([0.02, 2.78, 10.0])
    for level in (0.95, 0.998):  # beyond a drawn limit exactly when |z| > z_alpha
        lo, hi = poisson_limits(grid, level)
        for o in range(0, 41):
            z = funnel_from_expected([o] * len(grid), grid).z
            beyond = (o / grid > hi) | (o / grid < lo)
            assert ((np.abs(z) > critical(level)) == beyond).all(), (o, level)


def test_pooled_target_and_a_funnel_that_narrows():
    f, theta = funnel([0, 10, 40, 5], [1000, 50_000, 200_000, 20_000])
    assert theta == pytest.approx(55 / 271_000)
    assert np.isfinite(f.z).all()
    for exact in (True, False):
        g = funnel_from_expected([0, 10, 40, 5], f.expected, exact=exact)
        lo, hi = g.limits(np.array([1.0, 10.0, 1000.0]), 0.95)
        assert (lo < 1).all() and (hi > 1).all() and (np.diff(hi) < 0).all()


def test_log_scale_leaves_zero_counts_undefined():
    f = funnel_from_expected([0, 5], [3.0, 4.0], transform="log", exact=False)
    assert np.isnan(f.z[0]) and np.isnan(f.outside(0.95)[0])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1_000, 10_000_000)), min_size=3, max_size=40),
       st.sampled_from(["sqrt", "log"]))
def test_overdispersion_never_narrows_the_limits(units, transform):
    counts, population = map(np.array, zip(*units, strict=True))
    plain, _ = funnel(counts, population, transform=transform, exact=False)
    wide, _ = funnel(counts, population, transform=transform, overdispersion=True)
    assert wide.tau2 >= 0 and np.all(np.abs(wide.z[~np.isnan(wide.z)]) <= np.abs(plain.z[~np.isnan(plain.z)]) + 1e-12)
    grid = np.array([1.0, 10.0, 100.0])
    assert np.all(wide.limits(grid, 0.95)[1] >= plain.limits(grid, 0.95)[1] - 1e-12)
    assert np.all(ratio_limits(grid, 0.0, 0.998, transform)[1] >= ratio_limits(grid, 0.0, 0.95, transform)[1])
