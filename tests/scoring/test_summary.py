"""Known answers for what the Instability page reads off the Monte Carlo counts.

The counts are built by hand at 400 samples so that every boundary is hit exactly: a 5th
percentile that a strict inequality would move by one place, a top-10 probability that an
off-by-one would turn into 0 or 1.
"""

import numpy as np
import pytest

from scoring.instability import summary as rank_summary
from scoring.instability.uncertainty import MonteCarloResult

R, SAMPLES = 12, 400


def result(rows: dict[int, dict[int, int]]) -> MonteCarloResult:
    """Units 0..11 with nominal rank i + 1; ``rows`` gives {unit: {rank: samples}}."""
    counts = np.zeros((R, R), dtype=np.int64)
    for f in range(R):
        counts[f, f] = SAMPLES  # by default a unit keeps its place
    for f, spread in rows.items():
        counts[f] = 0
        for rank, n in spread.items():
            counts[f, rank - 1] = n
    assert (counts.sum(axis=1) == SAMPLES).all()
    return MonteCarloResult(codes=np.array([f"U{i:02d}" for i in range(R)]),
                            nominal=np.arange(1.0, R + 1), counts=counts,
                            shift=np.zeros(SAMPLES), tau=np.ones(SAMPLES), above=None,
                            samples=SAMPLES, seed=0, sources=("noise",))  # fmt: skip


def test_interval_ends_when_the_boundary_is_hit_exactly():
    # 20 of 400 samples (exactly 5%) at rank 1, 360 at rank 2, 20 (5%) at rank 3.
    counts = np.array([[20, 360, 20] + [0] * 9])
    assert rank_summary.percentile_ranks(counts, 5)[0] == 1  # F(1) = 0.05 reaches 5%
    assert rank_summary.percentile_ranks(counts, 95)[0] == 2  # F(2) = 0.95 reaches 95%
    assert rank_summary.percentile_ranks(counts, 50)[0] == 2
    table = rank_summary.force_summary(result({1: {1: 20, 2: 360, 3: 20}}), {})
    assert table.loc["U01", ["p05", "median", "p95"]].tolist() == [1, 2, 2]


def test_interval_ends_just_off_the_boundary():
    # 19 samples (4.75%) at rank 1: the 5th percentile is now rank 2.
    counts = np.array([[19, 362, 19] + [0] * 9])
    assert rank_summary.percentile_ranks(counts, 5)[0] == 2
    assert rank_summary.percentile_ranks(counts, 95)[0] == 2


def test_probabilities_of_the_top_and_bottom_ten():
    table = rank_summary.force_summary(result({
        9: {10: 100, 11: 300},  # 25% inside the top 10, 100% inside the bottom 10 (ranks 3-12)
        2: {2: 100, 3: 300},  # 75% in the bottom 10
        10: {1: 1, 11: 399},  # one sample in the top 10
    }), {})  # fmt: skip
    assert table.at["U09", "p_top"] == pytest.approx(0.25)
    assert table.at["U09", "p_bottom"] == pytest.approx(1.0)
    assert table.at["U02", "p_top"] == pytest.approx(1.0)
    assert table.at["U02", "p_bottom"] == pytest.approx(0.75)
    assert table.at["U10", "p_top"] == pytest.approx(1 / 400)
    assert table.at["U00", "p_top"] == 1.0 and table.at["U00", "p_bottom"] == 0.0  # rank 1 always
    assert table.at["U11", "p_top"] == 0.0 and table.at["U11", "p_bottom"] == 1.0  # rank 12 always
    assert table.at["U09", "p_move"] == pytest.approx(0.0)  # 10th to 11th is one place


def test_overall_counts_forces_that_could_be_in_the_top_and_bottom_ten():
    facts = rank_summary.overall(result({10: {10: 20, 11: 380}, 1: {2: 380, 3: 20}}))
    # Units 0-9 always in the top 10, and unit 10 reaches it in exactly 5% of samples.
    assert facts["plausible_top"] == 11
    # Bottom 10 of 12 = ranks 3..12: units 2-11, and unit 1 in exactly 5% of samples.
    assert facts["plausible_bottom"] == 11
    assert facts["fixed"] == 10
