import numpy as np

from scoring.core.ranking import kendall_tau, ordinal, rank, rank_shift


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


def test_rank_shift_and_tau():
    ref = np.array([1.0, 2.0, 3.0, 4.0])
    assert rank_shift(ref, ref) == 0
    assert rank_shift(ref[::-1], ref) == 2
    assert kendall_tau(ref, ref) == 1
    assert kendall_tau(ref, ref[::-1]) == -1


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 43)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "43rd"]
