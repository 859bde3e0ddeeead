"""Ranks that only count clear differences: "cannot be told apart" bands.

Rule (this project's, after the Chatbot Arena leaderboard rule, Chiang et al. 2024, and
Goldstein & Healy's 1995 pairwise comparison intervals; both in the references below):
force *g* is **clearly better** than force *f* when *g* ranks strictly above *f* in at
least 95% of the Monte Carlo samples. Then

.. math:: \\text{band rank}_f = 1 + \\#\\{g : P(r_g < r_f) \\ge 0.95\\}

so several forces can share a band rank, and two forces that are not clearly
ordered either way "cannot be told apart" under the chosen uncertainty. Pairwise
probabilities are used rather than overlapping 90% rank intervals because two
forces' ranks move together (when one climbs, others fall): intervals that overlap
can still come from a pair whose order almost never changes.

References
----------
Goldstein, H. & Healy, M. J. R. (1995) "The graphical presentation of a collection of
means", *JRSS A* 158(1):175-177. Chiang et al. (2024) "Chatbot Arena", rank = 1 + the
number of models clearly better.
"""

from __future__ import annotations

import numpy as np

CLEAR = 0.95


def clearly_better(above: np.ndarray, samples: int, threshold: float = CLEAR) -> np.ndarray:
    """Boolean (r, r): ``[f, g]`` is True when g ranks above f in >= ``threshold`` of samples."""
    return np.asarray(above) >= threshold * samples


def band_ranks(above: np.ndarray, samples: int, threshold: float = CLEAR) -> np.ndarray:
    """Band rank of each force: 1 + the number of forces clearly better than it."""
    return 1 + clearly_better(above, samples, threshold).sum(axis=1)


def indistinguishable(above: np.ndarray, samples: int, threshold: float = CLEAR) -> np.ndarray:
    """Number of other forces each force cannot be told apart from (neither clearly ahead)."""
    better = clearly_better(above, samples, threshold)
    apart = better | better.T
    np.fill_diagonal(apart, True)
    return (~apart).sum(axis=1)
