import numpy as np

from scoring.instability.bands import band_ranks, indistinguishable


def test_band_rank_counts_only_clearly_better_forces():
    # above[f, g]: samples (of 100) in which g ranks above f.
    above = np.array([[0, 3, 0, 0],
                      [97, 0, 10, 0],
                      [100, 90, 0, 0],
                      [100, 100, 96, 0]])  # fmt: skip
    np.testing.assert_array_equal(band_ranks(above, 100), [1, 2, 2, 4])
    np.testing.assert_array_equal(indistinguishable(above, 100), [0, 1, 1, 0])


def test_no_uncertainty_gives_the_plain_ranks():
    order = np.array([2, 0, 3, 1])  # rank - 1 of each force
    above = 100 * (order[None, :] < order[:, None])
    np.testing.assert_array_equal(band_ranks(above, 100), order + 1)
