"""Normalisation: put indicators on a common, direction-aligned scale.

Every function works on arrays shaped ``(..., n_units, n_indicators)`` so the same
code scores one table or ten thousand Monte Carlo samples at once. Direction is
applied *before* normalising (multiply by ``d_j`` in {+1, -1}), so after
normalisation a larger value is always better; this avoids the inverted-direction
bug the scikit-criteria maintainer noted in its versions before 0.5 ("incorrect to
normalize before invert the objectives"; GitHub issue adaamko/POTATO#23).

Units outside ``scale_mask`` (for example City of London, whose 13,500 residents
give it per-1,000 rates several times any other force's) do not set the scale; their
normalised values are capped at the most extreme value reached by the units that
do, so one outlier can neither stretch nor squash everybody else's scores.

References
----------
OECD/JRC (2008) *Handbook on Constructing Composite Indicators: Methodology and User
Guide* (Nardo, Saisana, Saltelli, Tarantola, Hoffmann & Giovannini), OECD Publishing,
ch. 5. The notation and the pipeline (direction, normalisation, weights, aggregation,
ranks) are this project's, following the Handbook's steps.
"""

from __future__ import annotations

import warnings

import numpy as np

from scoring.core.ranking import tied_ranks

METHODS = ("minmax", "zscore", "percentile", "distance")
LABELS = {
    "minmax": "Min-max (0 = worst, 1 = best)",
    "zscore": "z-score (standard deviations from the mean)",
    "percentile": "Percentile rank",
    "distance": "Distance to England and Wales (relative)",
}


def normalise(
    x: np.ndarray,
    method: str,
    direction: np.ndarray,
    *,
    scale_mask: np.ndarray | None = None,
    reference: np.ndarray | None = None,
) -> np.ndarray:
    """Normalise indicator values so that larger is better.

    Parameters
    ----------
    x : ndarray, shape (..., n, m)
        Indicator values (rates or percentages); NaN marks a missing value.
    method : {"minmax", "zscore", "percentile", "distance"}
        * ``minmax``: :math:`z = (dx - lo)/(hi - lo)` with lo, hi over the scale units.
        * ``zscore``: :math:`z = (dx - \\bar{dx})/s` (population sd, ``ddof=0``).
        * ``percentile``: :math:`z_f = \\#\\{g: dx_g < dx_f\\}/(n-1)`, ties counted
          half (mid-rank), over the scale units.
        * ``distance``: :math:`z = d\\,(x/x_{E\\&W} - 1)`, the relative distance to
          the national value; it needs ``reference``. Because the national value is
          fixed, adding or dropping a unit cannot reorder the others (no rank reversal
          of the kind Belton & Gear 1983, "On a short-coming of Saaty's method of analytic
          hierarchies", *Omega* 11(3), raised for AHP).
          A zero national value normalises to 0 for every unit.
    direction : ndarray, shape (m,)
        +1 where higher is better, -1 where higher is worse.
    scale_mask : ndarray of bool, shape (n,), optional
        Units that define the scale (bounds, mean, ranks). Default: all units.
    reference : ndarray, shape (m,) or (..., m), optional
        National values, required for ``distance``.

    Returns
    -------
    ndarray, shape (..., n, m)
        Normalised values; a constant indicator normalises to 0.5 (min-max,
        percentile) or 0 (z-score, distance) so it cannot reorder units.
    """
    x = np.asarray(x, dtype=float)
    d = np.asarray(direction, dtype=float)
    n = x.shape[-2]
    mask = np.ones(n, dtype=bool) if scale_mask is None else np.asarray(scale_mask, dtype=bool)
    if not mask.any():
        raise ValueError("at least one unit must define the scale")
    dx = x * d
    scale = dx if mask.all() else dx[..., mask, :]  # all: no copy, the same values
    if method == "minmax":
        z = _minmax(dx, scale)
    elif method == "zscore":
        z = _zscore(dx, scale)
    elif method == "percentile":
        z = _percentile(dx, scale, mask)
    elif method == "distance":
        if reference is None:
            raise ValueError("distance normalisation needs the national reference values")
        ref = np.asarray(reference, dtype=float)[..., None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.divide(x, ref)
            z -= 1.0
            z *= d
        # A zero national value of a non-negative indicator means every unit is zero:
        # the indicator carries no information, like a constant one.
        if not ((ref != 0) & np.isfinite(ref)).all():  # else no value to replace (the usual case)
            z = np.where(ref == 0, np.where(np.isnan(x), np.nan, 0.0), z)
            z = np.where(np.isfinite(ref), z, np.nan)
    else:
        raise ValueError(f"unknown normalisation {method!r}; choose one of {METHODS}")
    if not mask.all():
        z = cap_to_scale(z, mask)
    return z


def cap_to_scale(z: np.ndarray, scale_mask: np.ndarray) -> np.ndarray:
    """Clip every unit's values to the range reached by the scale units."""
    inside = z[..., scale_mask, :]
    return np.clip(z, _nan_reduce(np.nanmin, inside), _nan_reduce(np.nanmax, inside))


def _minmax(dx: np.ndarray, scale: np.ndarray) -> np.ndarray:
    lo = _nan_reduce(np.nanmin, scale)
    hi = _nan_reduce(np.nanmax, scale)
    span = hi - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (dx - lo) / span
    if (span > 0).all():  # no constant indicator: nothing to replace (the usual case)
        return z
    return np.where(span > 0, z, np.where(np.isnan(dx), np.nan, 0.5))


def _zscore(dx: np.ndarray, scale: np.ndarray) -> np.ndarray:
    if np.isnan(scale).any():
        mean = _nan_reduce(np.nanmean, scale)
        sd = _nan_reduce(np.nanstd, scale)
    else:  # nothing missing: numpy's nanmean and nanstd make the same sums, after a copy
        mean = np.mean(scale, axis=-2, keepdims=True)
        sd = np.std(scale, axis=-2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (dx - mean) / sd
    if (sd > 0).all():
        return z
    return np.where(sd > 0, z, np.where(np.isnan(dx), np.nan, 0.0))


def _percentile(dx: np.ndarray, scale: np.ndarray, mask: np.ndarray) -> np.ndarray:
    if mask.all():
        # Mid-ranks along the unit axis; tied_ranks leaves NaN where the value is missing.
        r = tied_ranks(dx, ties="average", axis=-2)
        missing = np.isnan(dx)
        count = (np.sum(~missing, axis=-2, keepdims=True) if missing.any()
                 else np.full((*dx.shape[:-2], 1, dx.shape[-1]), dx.shape[-2]))  # fmt: skip
    else:
        # Scale units: mid-ranks among themselves. Units outside the scale are placed
        # among the scale units without joining them, one unit at a time (there are few),
        # which keeps this O(n log n) per indicator for Monte Carlo samples.
        r = np.full(dx.shape, np.nan)
        r[..., mask, :] = tied_ranks(scale, ties="average", axis=-2)
        for i in np.flatnonzero(~mask):
            v = dx[..., i : i + 1, :]
            below = np.sum(scale < v, axis=-2)
            ties = np.sum(scale == v, axis=-2)
            r[..., i, :] = np.where(np.isnan(v[..., 0, :]), np.nan, below + 0.5 * ties + 1.0)
        count = np.sum(~np.isnan(scale), axis=-2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        r -= 1.0  # (r - 1) / (count - 1), in place: r is this function's own
        r /= count - 1.0
    if (count > 1).all():
        return r
    return np.where(count > 1, r, np.where(np.isnan(dx), np.nan, 0.5))


def _nan_reduce(func, scale: np.ndarray) -> np.ndarray:
    """Reduce over units, ignoring NaN, without warnings for all-missing columns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return func(scale, axis=-2, keepdims=True)
