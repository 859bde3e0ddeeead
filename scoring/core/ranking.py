"""Ranks from scores, with one explicit tie rule, and distances between rankings.

Tie rule (used everywhere in the project): scores are rounded to ``decimals`` (9)
decimal places, so floating-point noise cannot split a genuine tie, and then ranked
by *competition ranking*: rank 1 is the highest score and units with equal rounded
scores share the best rank they jointly occupy ("1, 2, 2, 4"; ``scipy.stats.rankdata``
``method="min"``; the rounding is this project's tie tolerance :math:`\\eta`).

Ranking is done here in numpy rather than by ``scipy.stats.rankdata``: it gives the same
ranks and types, is several times faster along many samples, and keeps scipy.stats
(about half a second to import) out of ``python -m scoring rank``.
"""

from __future__ import annotations

import numpy as np

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
    ndarray, shape (..., n)
        Ranks 1..n: float with NaN marking unranked units when any score is NaN, else
        integer (as ``scipy.stats.rankdata(..., nan_policy="omit")`` returns them).
    """
    return tied_ranks(-np.round(np.asarray(scores, dtype=float), decimals), ties="min")


def tied_ranks(x: np.ndarray, *, ties: str = "min", axis: int = -1) -> np.ndarray:
    """Ascending ranks along ``axis`` (1 = smallest), NaN left unranked.

    Matches ``scipy.stats.rankdata(x, method=ties, axis=axis, nan_policy="omit")``, values
    and type: ``ties="min"`` gives competition ranks ("1, 2, 2, 4"), ``"average"`` mid-ranks
    ("1, 2.5, 2.5, 4"). Float with NaN where a value is missing; ``"min"`` ranks of an
    array without NaN are integers.
    """
    if ties not in ("min", "average"):
        raise ValueError(f"unknown tie rule {ties!r}; choose 'min' or 'average'")
    x = np.ascontiguousarray(np.asarray(x, dtype=float))
    if x.size == 0:
        return np.empty(x.shape, dtype=np.int64 if ties == "min" else float)
    n = x.shape[axis]
    key, bits, missing = _sorted_keys(x, axis)
    # Flat positions (lines, n) of each line's values in x's own layout, in key order: one
    # scatter (and, unless all values are distinct, one gather) on the raveled array, and the
    # ranks come back in x's layout.
    lines = list(x.shape)
    lines[axis] = 1
    base = np.ravel_multi_index(np.indices(lines, sparse=True), x.shape)
    flat = key & np.int64((1 << bits) - 1)
    flat *= x.strides[axis] // x.itemsize
    flat += np.moveaxis(base, axis, -1).reshape(-1, 1)
    key >>= bits
    if not missing and (key[:, 1:] != key[:, :-1]).all():  # distinct values: ranks are places
        out = np.empty(x.size, dtype=np.int64 if ties == "min" else float)
        out[flat] = np.arange(1, n + 1)
        return out.reshape(x.shape)
    ordered = x.ravel()[flat]
    wrong = np.flatnonzero((ordered[:, 1:] < ordered[:, :-1]).any(axis=1))
    if len(wrong):  # values equal but in their lowest bits, out of order: sorted exactly
        fix = np.argsort(ordered[wrong], axis=1)
        flat[wrong] = np.take_along_axis(flat[wrong], fix, axis=1)
        ordered[wrong] = np.take_along_axis(ordered[wrong], fix, axis=1)
    # NaN is last. Equal values share one rank, so their order among themselves does not matter.
    first = np.ones(ordered.shape, dtype=bool)  # where a run of equal values starts
    first[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    if first.all():  # no ties: each value's rank is its place
        ranks = np.broadcast_to(np.arange(1.0, n + 1), ordered.shape).copy()
    else:
        place = np.broadcast_to(np.arange(n), ordered.shape)
        start = np.maximum.accumulate(np.where(first, place, 0), axis=-1)
        if ties == "average":
            last = np.ones(ordered.shape, dtype=bool)
            last[..., :-1] = first[..., 1:]
            end = np.minimum.accumulate(np.where(last, place, n - 1)[..., ::-1], axis=-1)[..., ::-1]
            ranks = (start + end) / 2 + 1.0
        else:
            ranks = start + 1.0
    missing = np.isnan(ordered)
    if missing.any():
        ranks[missing] = np.nan
    elif ties == "min":
        ranks = ranks.astype(np.int64)
    out = np.empty(x.size, dtype=ranks.dtype)
    out[flat] = ranks
    return out.reshape(x.shape)


def _sorted_keys(x: np.ndarray, axis: int) -> tuple[np.ndarray, int, bool]:
    """Each line of C-contiguous float ``x`` along ``axis`` as sorted 64-bit keys, shape
    (lines, n); the number of low bits that hold each value's position along the axis; and
    whether any value is NaN.

    A float becomes an integer that orders as the float does (the bits of its magnitude, negated for a
    negative float, so that -0.0 is 0.0; NaN of either sign the largest); its lowest :math:`\\lceil\\log_2 n\\rceil` bits
    are replaced by its position, and the keys are sorted with numpy's vectorised integer sort,
    about three times faster than an argsort of 1,000 values (the transposing copy being the
    key's own). Keys order the values exactly, except that values equal in all but those low
    bits may come in any order: the caller sorts such lines again.
    """
    n = x.shape[axis]
    bits = max(1, int(n - 1).bit_length())
    raw = np.moveaxis(x.view(np.int64), axis, -1)
    sign = np.empty(raw.shape, dtype=np.int64)  # C order with the axis last
    np.right_shift(raw, 63, out=sign)  # -1 for a negative float, else 0
    key = sign & np.int64(0x7FFFFFFFFFFFFFFF)
    key ^= raw
    key -= sign  # a negative float's key is minus its magnitude's bits: -0.0 is 0.0
    nan = np.isnan(np.moveaxis(x, axis, -1))
    missing = bool(nan.any())
    if missing:
        key[nan] = np.iinfo(np.int64).max
    key &= ~np.int64((1 << bits) - 1)
    key |= np.arange(n, dtype=np.int64)
    key = key.reshape(-1, n)
    key.sort(axis=-1)
    return key, bits, missing


def rank_shift(ranks: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Mean absolute rank shift :math:`R_S = \\frac1n\\sum_f |r_f - r^{ref}_f|`.

    OECD/JRC Handbook (2008) eq. 38; Saisana, Saltelli & Tarantola (2005).
    Works along the last axis, so ``ranks`` may hold many samples.
    """
    return np.nanmean(np.abs(np.asarray(ranks, float) - np.asarray(reference, float)), axis=-1)


TAU_PAIRS_MAX = 1_000  # units up to which Kendall's tau counts pairs itself (8 MB a matrix)


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's :math:`\\tau_b` between two rankings (1 = identical order), over the units
    ranked in both.

    :math:`\\tau_b = (C - D) / \\sqrt{(P - T_a)(P - T_b)}` with :math:`C - D` the concordant
    less the discordant pairs, :math:`P` all pairs and :math:`T_a, T_b` the pairs tied in each
    (Kendall 1945, "The treatment of ties in ranking problems", *Biometrika* 33(3):239-251).
    Up to :data:`TAU_PAIRS_MAX` units the pairs are counted here, with the integer counts and
    the arithmetic of ``scipy.stats.kendalltau``, so the value is the same to the bit (tested);
    beyond, scipy's sort-based count. Importing scipy.stats took about a second of a fresh
    server's first page, which needs only this. (``scoring.instability.rank_distance.
    kendall_tau_many`` serves many whole-number rankings against one, in floating-point
    arithmetic: here ranks may be half places, and the value must stay scipy's.) NaN when
    fewer than two units, or every pair is tied in one ranking.
    """
    ok = ~(np.isnan(a) | np.isnan(b))
    x, y = np.asarray(a, float)[ok], np.asarray(b, float)[ok]
    n = len(x)
    if n < 2:
        return float("nan")
    if n > TAU_PAIRS_MAX:
        from scipy import stats  # imported here: slow to import

        return float(stats.kendalltau(x, y).statistic)
    sx, sy = np.sign(x[:, None] - x[None, :]), np.sign(y[:, None] - y[None, :])
    total = n * (n - 1) // 2
    score = int((sx * sy).sum()) // 2  # concordant less discordant pairs; ties count 0
    tied_x, tied_y = (int((sx == 0).sum()) - n) // 2, (int((sy == 0).sum()) - n) // 2
    if tied_x == total or tied_y == total:
        return float("nan")
    tau = score / np.sqrt(total - tied_x) / np.sqrt(total - tied_y)  # as scipy: int by float64s
    return float(np.minimum(1.0, max(-1.0, tau)))


def ordinal(n: int) -> str:
    """English ordinal for a rank: 1st, 2nd, 3rd, 11th, 22nd ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
