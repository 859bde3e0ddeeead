import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from scoring.instability.rank_distance import inversions, kendall_tau_many, tied_pairs


@st.composite
def rankings(draw):
    n = draw(st.integers(2, 40))
    ref = draw(arrays(np.int64, n, elements=st.integers(1, n)))
    rows = draw(arrays(np.int64, (draw(st.integers(1, 5)), n), elements=st.integers(1, n)))
    return ref, rows


@settings(max_examples=150, deadline=None)
@given(rankings())
def test_kendall_tau_b_matches_scipy_with_ties(case):
    ref, rows = case
    want = []
    for row in rows:
        constant = len(set(ref)) == 1 or len(set(row)) == 1
        want.append(np.nan if constant else stats.kendalltau(ref, row).statistic)
    np.testing.assert_allclose(kendall_tau_many(ref, rows), want, atol=1e-12, equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(1, 70)), elements=st.integers(0, 9))
)
def test_inversions_and_ties_match_brute_force(rows):
    n = rows.shape[1]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for row, got in zip(rows, inversions(rows), strict=True):
        assert got == sum(row[i] > row[j] for i, j in pairs)
    sorted_rows = np.sort(rows, axis=1)
    want = [sum(r[i] == r[j] for i, j in pairs) for r in rows]
    np.testing.assert_array_equal(tied_pairs(sorted_rows), want)


def test_identical_and_reversed_rankings():
    ref = np.arange(1, 44)
    np.testing.assert_allclose(kendall_tau_many(ref, np.stack([ref, ref[::-1]])), [1.0, -1.0])


def brute_inversions(row: np.ndarray) -> int:
    """Pairs i < j with row[i] > row[j], counted pair by pair (the reference)."""
    return int(np.triu(row[:, None] > row[None, :], 1).sum())


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 300), st.integers(1, 4), st.integers(-5, 5), st.integers(0, 2**32 - 1))
def test_inversions_of_long_rows_with_wide_values_match_brute_force(n, c, low, seed):
    # several blocks per row, values spanning up to the row length (ranks), ties and a shift
    rng = np.random.default_rng(seed)
    rows = rng.integers(low, low + rng.integers(1, 2 * n), size=(c, n))
    assert list(inversions(rows)) == [brute_inversions(r) for r in rows]


def test_inversions_of_known_permutations():
    n = 1000
    up = np.arange(n)
    rows = np.stack([up, up[::-1], np.roll(up, 1), np.full(n, 7)])
    # sorted: none; reversed: every pair; last moved first: n - 1; constant: none
    np.testing.assert_array_equal(inversions(rows), [0, n * (n - 1) // 2, n - 1, 0])
