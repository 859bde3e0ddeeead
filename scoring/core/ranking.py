"""Ranks from scores, with one explicit tie rule, and distances between rankings.

Tie rule (used everywhere in the project): scores are rounded to ``decimals`` (9)
decimal places, so floating-point noise cannot split a genuine tie, and then ranked
by *competition ranking*: rank 1 is the highest score and units with equal rounded
scores share the best rank they jointly occupy ("1, 2, 2, 4"; ``scipy.stats.rankdata``
``method="min"``; the rounding is this project's tie tolerance :math:`\\eta`).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

DECIMALS = 9
CAVEAT = (
    "Ranks are uncertain: neighbouring places are often separated by less than the noise in "
    "small counts and by arbitrary method choices. See Sensitivity before reading much into "
    "any single place."
)


def rank(scores: np.ndarray, *, decimals: int = DECIMALS) -> np.ndarray:
    """Competition ranks along the last axis, 1 = best (highest score).

    Parameters
    ----------
    scores : ndarray, shape (..., n)
        Scores; NaN scores get rank NaN and do not take a place.
    decimals : int
        Rounding applied before comparing, the tie tolerance.

    Returns
    -------
    ndarray of float, shape (..., n)
        Ranks 1..n (float so that NaN can mark unranked units).
    """
    s = np.round(np.asarray(scores, dtype=float), decimals)
    return stats.rankdata(-s, method="min", axis=-1, nan_policy="omit")


def rank_shift(ranks: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Mean absolute rank shift :math:`R_S = \\frac1n\\sum_f |r_f - r^{ref}_f|`.

    OECD/JRC Handbook (2008) eq. 38; Saisana, Saltelli & Tarantola (2005).
    Works along the last axis, so ``ranks`` may hold many samples.
    """
    return np.nanmean(np.abs(np.asarray(ranks, float) - np.asarray(reference, float)), axis=-1)


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's :math:`\\tau_b` between two rankings (1 = identical order)."""
    ok = ~(np.isnan(a) | np.isnan(b))
    if ok.sum() < 2:
        return float("nan")
    return float(stats.kendalltau(a[ok], b[ok]).statistic)


def ordinal(n: int) -> str:
    """English ordinal for a rank: 1st, 2nd, 3rd, 11th, 22nd ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
