import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.core.normalise import METHODS, normalise

X = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
UP_DOWN = np.array([1, -1])


def test_minmax_known_values_and_direction_applied_first():
    z = normalise(X, "minmax", UP_DOWN)
    np.testing.assert_allclose(z[:, 0], [0, 1 / 3, 1])
    np.testing.assert_allclose(z[:, 1], [1, 0, 0.5])  # lower is better: 10 is best


def test_zscore_known_values():
    z = normalise(X, "zscore", np.array([1, 1]))
    col = X[:, 0]
    np.testing.assert_allclose(z[:, 0], (col - col.mean()) / col.std())


def test_percentile_mid_ranks_for_ties():
    z = normalise(np.array([[1.0], [2.0], [2.0], [5.0]]), "percentile", np.array([1]))
    np.testing.assert_allclose(z[:, 0], [0, 0.5, 0.5, 1])


def test_distance_to_reference():
    z = normalise(X, "distance", UP_DOWN, reference=np.array([2.0, 20.0]))
    np.testing.assert_allclose(z[:, 0], [-0.5, 0, 1])
    np.testing.assert_allclose(z[:, 1], [0.5, -0.5, 0])


def test_distance_needs_reference():
    with pytest.raises(ValueError, match="reference"):
        normalise(X, "distance", UP_DOWN)


def test_constant_indicator_is_neutral():
    z = normalise(np.array([[3.0], [3.0]]), "minmax", np.array([1]))
    np.testing.assert_allclose(z[:, 0], [0.5, 0.5])


def test_units_outside_the_scale_do_not_move_it_and_are_capped():
    x = np.array([[1.0], [2.0], [3.0], [300.0]])
    mask = np.array([True, True, True, False])
    for method in ("minmax", "zscore", "percentile"):
        inside = normalise(x[:3], method, np.array([1]))
        z = normalise(x, method, np.array([1]), scale_mask=mask)
        np.testing.assert_allclose(z[:3], inside)
        assert z[3, 0] == pytest.approx(inside.max())


def test_missing_values_stay_missing():
    x = np.array([[1.0], [np.nan], [3.0]])
    for method in METHODS:
        z = normalise(x, method, np.array([1]), reference=np.array([2.0]))
        assert np.isnan(z[1, 0]) and not np.isnan(z[[0, 2], 0]).any()


def test_leading_sample_axis_matches_one_at_a_time():
    rng = np.random.default_rng(1)
    xs = rng.random((5, 7, 3))
    d = np.array([1, -1, 1])
    for method in ("minmax", "zscore", "percentile"):
        together = normalise(xs, method, d)
        for b in range(5):
            np.testing.assert_allclose(together[b], normalise(xs[b], method, d))


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(2, 9), st.integers(1, 4)),
              elements=st.floats(0, 1e4, allow_nan=False)), st.sampled_from(["minmax", "percentile"]))
def test_bounded_methods_stay_in_unit_interval(x, method):
    z = normalise(x, method, np.ones(x.shape[1]))
    assert np.all((z >= -1e-12) & (z <= 1 + 1e-12))


def _as_before(x, method, d, mask, reference):
    """normalise's formulas written plainly, as they stood before the fast paths (nanmean and
    nanstd, scipy's mid-ranks, np.where for every special case): the reference to match."""
    from scipy import stats

    from scoring.core.normalise import cap_to_scale

    dx = x * d
    scale = dx if mask.all() else dx[..., mask, :]  # as normalise takes it (the layout sets sums)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "zscore":
            mean = np.nanmean(scale, axis=-2, keepdims=True)
            sd = np.nanstd(scale, axis=-2, keepdims=True)
            z = np.where(sd > 0, (dx - mean) / sd, np.where(np.isnan(dx), np.nan, 0.0))
        elif method == "percentile":
            r = np.full(dx.shape, np.nan)
            r[..., mask, :] = stats.rankdata(scale, method="average", axis=-2, nan_policy="omit")
            for i in np.flatnonzero(~mask):
                v = dx[..., i : i + 1, :]
                r[..., i, :] = np.where(np.isnan(v[..., 0, :]), np.nan, np.sum(scale < v, axis=-2)
                                        + 0.5 * np.sum(scale == v, axis=-2) + 1.0)  # fmt: skip
            count = np.sum(~np.isnan(scale), axis=-2, keepdims=True)
            z = np.where(count > 1, (r - 1.0) / (count - 1.0), np.where(np.isnan(dx), np.nan, 0.5))
        else:
            ref = reference[..., None, :]
            z = d * (x / ref - 1.0)
            z = np.where(ref == 0, np.where(np.isnan(x), np.nan, 0.0), z)
            z = np.where(np.isfinite(ref), z, np.nan)
    return z if mask.all() else cap_to_scale(z, mask)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 3), st.integers(2, 40), st.integers(1, 4), st.integers(0, 2**32 - 1),
       st.sampled_from(["zscore", "percentile", "distance"]), st.booleans(), st.booleans())  # fmt: skip
def test_fast_paths_give_the_same_bits_as_the_plain_formulas(samples, n, m, seed, method, ties, odd):
    # Ties, NaN, signed zeros, units outside the scale and zero or missing national values
    # (``odd``), and the usual case without any of them, which takes the fast paths.
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 5, (samples, n, m))
    if ties:
        x = np.round(x) + 0.0 * rng.choice([1.0, -1.0], x.shape)
    mask, reference = np.ones(n, dtype=bool), rng.uniform(1, 5, m)
    if odd:
        x[rng.random(x.shape) < 0.1] = np.nan
        mask[rng.random(n) < 0.2] = False
        mask[0] = True
        reference[rng.random(m) < 0.4] = rng.choice([0.0, np.nan])
    d = rng.choice([1.0, -1.0], m)
    got = normalise(x, method, d, scale_mask=mask, reference=reference)
    want = _as_before(x, method, d, mask, reference)
    assert got.shape == want.shape and (np.isnan(got) == np.isnan(want)).all()
    ok = ~np.isnan(want)
    np.testing.assert_array_equal(got[ok].view(np.int64), want[ok].view(np.int64))  # sign of 0 too
