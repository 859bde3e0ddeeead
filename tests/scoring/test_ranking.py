import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from scoring.core.ranking import kendall_tau, ordinal, rank, rank_shift, tied_ranks


def test_competition_ranking_tie_rule():
    np.testing.assert_array_equal(rank(np.array([0.9, 0.5, 0.5, 0.1])), [1, 2, 2, 4])


def test_floating_noise_does_not_break_a_tie():
    a = 0.1 + 0.2
    np.testing.assert_array_equal(rank(np.array([a, 0.3, 0.2])), [1, 1, 3])


def test_nan_scores_take_no_place():
    r = rank(np.array([0.2, np.nan, 0.4]))
    assert r[0] == 2 and r[2] == 1 and np.isnan(r[1])


def test_ranks_along_last_axis():
    r = rank(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    np.testing.assert_array_equal(r, [[3, 2, 1], [1, 2, 3]])


# Few distinct values (so ties are common), NaN, infinities and signed zeros.
_values = st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0, np.nan, np.inf, -np.inf])


@pytest.mark.parametrize("ties", ["min", "average"])
@settings(max_examples=60, deadline=None)
@given(x=hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6),
                    elements=_values), data=st.data())  # fmt: skip
def test_tied_ranks_match_scipy_rankdata(ties, x, data):
    # Ranked in numpy to keep scipy.stats out of the CLI: same values, NaN and type as scipy.
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    got = tied_ranks(x, ties=ties, axis=axis)
    want = stats.rankdata(x, method=ties, axis=axis, nan_policy="omit")
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("ties", ["min", "average"])
@settings(max_examples=40, deadline=None)
@given(st.integers(1, 200), st.integers(1, 5), st.booleans(), st.integers(0, 2**32 - 1))
def test_tied_ranks_of_long_rows_match_scipy_with_and_without_ties(ties, n, rows, tied, seed):
    # Monte Carlo shapes: no tie at all (the shortcut) or a few, with a NaN now and then
    rng = np.random.default_rng(seed)
    x = rng.permutation(n * rows).reshape(rows, n).astype(float)
    if tied:
        x = np.floor(x / 3)
        x[rng.random(x.shape) < 0.05] = np.nan
    got = tied_ranks(x, ties=ties, axis=-1)
    want = stats.rankdata(x, method=ties, axis=-1, nan_policy="omit")
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(tied_ranks(x.T, ties=ties, axis=0), want.T)


def test_rank_shift_and_tau():
    ref = np.array([1.0, 2.0, 3.0, 4.0])
    assert rank_shift(ref, ref) == 0
    assert rank_shift(ref[::-1], ref) == 2
    assert kendall_tau(ref, ref) == 1
    assert kendall_tau(ref, ref[::-1]) == -1


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 43)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "43rd"]


@pytest.mark.parametrize("ties", ["min", "average"])
@settings(max_examples=40, deadline=None)
@given(st.integers(1, 1100), st.integers(1, 4), st.integers(0, 2**32 - 1), st.data())
def test_tied_ranks_sorting_by_integer_keys_equals_scipy_on_near_ties(ties, n, rows, seed, data):
    # tied_ranks sorts 64-bit keys whose lowest bits hold the position; values that differ
    # only in those bits, exact ties, signed zeros, infinities and NaN of either sign must
    # still rank exactly as scipy (= the argsort it replaced) ranks them.
    rng = np.random.default_rng(seed)
    x = rng.choice([-1.0, 1.0], (rows, n)) * rng.uniform(0.5, 2.0, (rows, n)) * 10.0 ** rng.integers(-3, 4)
    near = rng.random(x.shape) < 0.3  # a neighbour's value, moved by up to about 2,000 ulps
    ulps = rng.integers(-2000, 2001, x.shape) * (rng.random(x.shape) < 0.8)
    x[near] = (np.roll(x, 1, axis=1) * (1.0 + ulps * 2.0**-52))[near]
    for k in range(int(data.draw(st.integers(0, 30)))):
        x[rng.integers(rows), rng.integers(n)] = data.draw(
            st.sampled_from([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, np.copysign(np.nan, -1)]))
    want = stats.rankdata(x, method=ties, axis=-1, nan_policy="omit")
    got = tied_ranks(x, ties=ties, axis=-1)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(tied_ranks(x.T, ties=ties, axis=0), want.T)
    np.testing.assert_array_equal(tied_ranks(np.asfortranarray(x), ties=ties, axis=1), want)


@settings(max_examples=300, deadline=None)
@given(pairs=st.integers(2, 40).flatmap(lambda n: st.tuples(
    hnp.arrays(float, n, elements=st.sampled_from([1.0, 2.0, 2.0, 3.0, 4.0, 5.0, np.nan])),
    hnp.arrays(float, n, elements=st.integers(1, 12).map(float)))))  # fmt: skip
def test_kendall_tau_is_scipy_s_tau_b_to_the_bit_with_ties_and_gaps(pairs):
    a, b = pairs
    ok = ~(np.isnan(a) | np.isnan(b))
    with np.errstate(all="ignore"):
        want = float(stats.kendalltau(a[ok], b[ok]).statistic) if ok.sum() >= 2 else np.nan
    got = kendall_tau(a, b)
    assert got == want or (np.isnan(got) and np.isnan(want))


def test_kendall_tau_above_the_pair_limit_is_scipy_s_own(monkeypatch):
    import scoring.core.ranking as ranking

    rng = np.random.default_rng(4)
    a, b = rng.integers(1, 30, 80).astype(float), rng.integers(1, 30, 80).astype(float)
    counted = kendall_tau(a, b)
    monkeypatch.setattr(ranking, "TAU_PAIRS_MAX", 10)
    assert kendall_tau(a, b) == counted == float(stats.kendalltau(a, b).statistic)
