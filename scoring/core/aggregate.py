"""Aggregation: combine normalised indicators into one score per unit.

All functions take ``z`` shaped ``(..., n_units, n_indicators)`` and weights shaped
``(..., n_indicators)`` and return scores shaped ``(..., n_units)``; a leading sample
axis scores many scenarios in one call. Missing values (NaN) are handled by
re-weighting: a unit's score uses the indicators it has, with their weights rescaled
to sum to one (as COINr's ``a_amean`` with ``na.rm``: Becker et al. 2022, "COINr: An R
package for developing composite indicators", *J. Open Source Software* 7(78):4567,
doi:10.21105/joss.04567).

References
----------
OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, §6 (linear,
geometric and non-compensatory multi-criteria aggregation).
Munda & Nardo (2009) "Noncompensatory/nonlinear composite indicators for ranking
countries: a defensible setting", *Applied Economics* 41(12) (Copeland rule).
"""

from __future__ import annotations

import numpy as np

from scoring.core.ranking import DECIMALS

METHODS = ("arithmetic", "geometric", "copeland")
LABELS = {
    "arithmetic": "Arithmetic mean (fully compensatory)",
    "geometric": "Geometric mean (partly compensatory)",
    "copeland": "Copeland pairwise contests (non-compensatory)",
}
DEFAULT_OFFSET = 0.01
LINEAR = ("minmax", "zscore", "distance")  # each a straight-line, increasing rescaling per indicator
SAME_TABLE_NOTE = {
    "geometric": "Under the geometric mean, min-max, z-score and distance give the same table: "
                 "each is a straight-line rescaling, and the geometric mean rescales every "
                 "indicator to [offset, 1] anyway. Only percentile rank can differ.",
    "copeland": "Copeland contests use only which force is ahead on each indicator, and every "
                "normalisation keeps that order, so the normalisation cannot change this table.",
}


def arithmetic(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted arithmetic mean :math:`S_f = \\sum_j w_j z_{fj} / \\sum_{j \\in A_f} w_j`.

    :math:`A_f` is the set of indicators unit *f* has (not NaN).
    """
    z = np.asarray(z, dtype=float)
    w = np.asarray(w, dtype=float)[..., None, :]
    if not np.isnan(z).any():  # nothing missing: the same sums, unmasked (Monte Carlo's case)
        num = np.sum(z * w, axis=-1)
        den = np.broadcast_to(np.sum(w, axis=-1), num.shape)
    else:
        have = ~np.isnan(z)
        num = np.sum(np.where(have, z, 0.0) * w, axis=-1)
        den = np.sum(np.where(have, w, 0.0), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def to_unit_interval(z: np.ndarray, offset: float, scale_mask: np.ndarray | None = None):
    """Rescale each indicator to ``[offset, 1]`` (min-max over the scale units).

    The geometric mean is undefined at zero, so the worst unit on an indicator gets
    ``offset`` rather than 0 (COINr issues #47 and #65 describe the failure this
    prevents). Units outside the scale are capped to ``[offset, 1]``.
    """
    z = np.asarray(z, dtype=float)
    mask = np.ones(z.shape[-2], dtype=bool) if scale_mask is None else scale_mask
    inside = z if mask.all() else z[..., mask, :]
    # With nothing missing and no constant indicator (Monte Carlo's usual case) the masked
    # copies below change no value, so they are skipped: the same numbers, fewer passes.
    missing = np.isnan(inside).any()
    with np.errstate(all="ignore"):
        lo = np.min(np.where(np.isnan(inside), np.inf, inside) if missing else inside,
                    axis=-2, keepdims=True)  # fmt: skip
        hi = np.max(np.where(np.isnan(inside), -np.inf, inside) if missing else inside,
                    axis=-2, keepdims=True)  # fmt: skip
        unit = np.subtract(z, lo)  # clip((z - lo) / (hi - lo)) in place: fewer passes, same values
        unit /= hi - lo
        np.clip(unit, 0.0, 1.0, out=unit)
    if not (hi > lo).all():
        unit = np.where(hi > lo, unit, np.where(np.isnan(z), np.nan, 1.0))
    unit *= 1.0 - offset  # offset + (1 - offset) * unit
    unit += offset
    return unit


def geometric(
    z: np.ndarray,
    w: np.ndarray,
    *,
    offset: float = DEFAULT_OFFSET,
    scale_mask: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted geometric mean :math:`G_f = \\prod_j \\tilde z_{fj}^{w_j}`.

    Here :math:`\\tilde z = \\epsilon + (1 - \\epsilon)\\,z_{01}` with :math:`z_{01}`
    the indicator min-max rescaled to [0, 1] and :math:`\\epsilon` = ``offset``
    (default 0.01, this project's choice: the geometric mean is undefined at 0). A poor
    result on one indicator cannot be fully bought back by a good result on another.
    """
    unit = to_unit_interval(z, offset, scale_mask)
    return np.exp(arithmetic(np.log(unit, out=unit), w))


def copeland(z: np.ndarray, w: np.ndarray, *, opponents: np.ndarray | None = None) -> np.ndarray:
    """Copeland score: weighted pairwise contests won minus contests lost.

    Unit *f* beats *g* when :math:`\\sum_j w_j\\,\\mathrm{sign}(z_{fj} - z_{gj}) > 0`
    (indicators missing for either unit are left out of that contest). The score is
    :math:`\\#\\text{wins} - \\#\\text{losses}` over the ``opponents`` (default: every
    other unit). Only the order on each indicator matters, so no size of lead on one
    indicator makes up for losing on the others.
    """
    return copeland_from_margins(pairwise_margins(z, w), opponents)


def copeland_from_margins(margin: np.ndarray, opponents: np.ndarray | None = None) -> np.ndarray:
    """Copeland scores from the weighted margins ``(..., n, n)`` of :func:`pairwise_margins`."""
    n = margin.shape[-1]
    opp = np.ones(n, dtype=bool) if opponents is None else np.asarray(opponents, dtype=bool)
    # Round before taking the sign, as ranks do (ranking.DECIMALS): a balanced contest sums
    # to 0 only up to float error, and that error differs with array layout (a batch of
    # samples against one table), so it must not decide the contest.
    outcome = np.sign(np.round(margin, DECIMALS)) * opp  # self-contest has margin 0
    return outcome.sum(axis=-1)


def pairwise_margins(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted margin of every pairwise contest, shape ``(..., n, n)``."""
    z = np.asarray(z, dtype=float)
    diff = np.sign(z[..., :, None, :] - z[..., None, :, :])
    diff = np.nan_to_num(diff, nan=0.0)
    return np.sum(diff * np.asarray(w, dtype=float)[..., None, None, :], axis=-1)


def equivalent_normalisation(normalisation: str, aggregation: str, *,
                             every_ranked_unit_sets_the_scale: bool = True) -> str:
    """The normalisation that stands for ``normalisation``'s class: same table, same ranks.

    * geometric: min-max, z-score and distance (linear, increasing in the direction-aligned
      value) all become the same :math:`[\\epsilon, 1]` rescaling (:func:`to_unit_interval`),
      so they give identical scores; percentile rank is not linear and stays itself.
    * copeland: every normalisation is increasing, so each pairwise contest has the same
      winner, whatever the normalisation; percentile rank joins the others unless a ranked
      unit is outside the scale units (it can then tie with a scale unit it trails).
    * arithmetic: every normalisation is its own class.

    Returns ``"minmax"`` for a class that holds it, else ``normalisation`` itself.
    """
    if aggregation == "copeland" and (normalisation in LINEAR or every_ranked_unit_sets_the_scale):
        return "minmax"
    if aggregation == "geometric" and normalisation in LINEAR:
        return "minmax"
    return normalisation


def distinct_methods(normalisations, aggregations, *,
                     every_ranked_unit_sets_the_scale: bool = True) -> tuple[tuple[str, str], ...]:
    """The (normalisation, aggregation) pairs that can give different tables, one per class.

    Each class is represented by its first member in the order given, so a draw over the
    result counts every distinct table once (see :func:`equivalent_normalisation`).
    """
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for a in aggregations:
        for n in normalisations:
            key = (equivalent_normalisation(
                n, a, every_ranked_unit_sets_the_scale=every_ranked_unit_sets_the_scale), a)  # fmt: skip
            out.setdefault(key, (n, a))
    return tuple(out.values())


def aggregate(
    z: np.ndarray,
    w: np.ndarray,
    method: str,
    *,
    offset: float = DEFAULT_OFFSET,
    scale_mask: np.ndarray | None = None,
) -> np.ndarray:
    """Dispatch to :func:`arithmetic`, :func:`geometric` or :func:`copeland`."""
    if method == "arithmetic":
        return arithmetic(z, w)
    if method == "geometric":
        return geometric(z, w, offset=offset, scale_mask=scale_mask)
    if method == "copeland":
        return copeland(z, w, opponents=scale_mask)
    raise ValueError(f"unknown aggregation {method!r}; choose one of {METHODS}")


def contributions(
    z: np.ndarray,
    w: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    method: str,
    *,
    offset: float = DEFAULT_OFFSET,
    scale_mask: np.ndarray | None = None,
) -> np.ndarray:
    """Each group's (measure's) part of every unit's score, shape ``(n, n_groups)``.

    * arithmetic: :math:`c_{fk} = \\sum_{j \\in k} w_j z_{fj} / \\sum_{j \\in A_f} w_j`;
      the parts add up to the score.
    * geometric: the same in logs, :math:`\\sum_{j \\in k} w_j \\log \\tilde z_{fj}`;
      the parts add up to the log of the score.
    * copeland: :math:`\\sum_{j \\in k} w_j \\cdot \\mathrm{mean}_g\\,\\mathrm{sign}(z_{fj} -
      z_{gj})`, the weighted share of head-to-head comparisons won on that measure's
      indicators; an explanation of the score, not a sum of it.
    """
    z = np.asarray(z, dtype=float)
    w = np.asarray(w, dtype=float)
    have = ~np.isnan(z)
    den = np.sum(np.where(have, w, 0.0), axis=-1, keepdims=True)
    if method == "arithmetic":
        part = np.where(have, z, 0.0) * w
    elif method == "geometric":
        part = np.where(have, np.log(to_unit_interval(z, offset, scale_mask)), 0.0) * w
    elif method == "copeland":
        opp = np.ones(z.shape[0], dtype=bool) if scale_mask is None else scale_mask
        diff = np.nan_to_num(np.sign(z[:, None, :] - z[None, :, :]), nan=0.0)
        part = (diff * opp[None, :, None]).sum(axis=1) / max(int(opp.sum()) - 1, 1) * w
    else:
        raise ValueError(f"unknown aggregation {method!r}")
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(den > 0, part / den, np.nan)
    out = np.zeros((z.shape[0], n_groups))
    for k in range(n_groups):
        out[:, k] = part[:, groups == k].sum(axis=1)
    return out


def nested(z: np.ndarray, w: np.ndarray, top: np.ndarray, within: str, across: str, *,
           offset: float = DEFAULT_OFFSET, scale_mask: np.ndarray | None = None) -> np.ndarray:
    """Two-stage aggregation: ``within`` each top-level node, then ``across`` them.

    With :math:`T_t` the indicators under top-level node *t* (a theme),
    :math:`S_{ft} = \\mathrm{agg}_{within}(z_{f, T_t}; w_{T_t})` and the score is
    :math:`\\mathrm{agg}_{across}(S_{f\\cdot}; W)` with :math:`W_t = \\sum_{j \\in T_t} w_j`,
    for example arithmetic within each theme and geometric across themes, so a poor theme
    cannot be fully bought back by another (OECD/JRC 2008, *Handbook on Constructing
    Composite Indicators*, §6). ``z`` is ``(..., n, m)``, ``w`` ``(..., m)``.
    """
    parts, shares = _stage_one(z, w, top, within, offset, scale_mask)
    return aggregate(parts, shares, across, offset=offset, scale_mask=scale_mask)


def _stage_one(z, w, top, within, offset, scale_mask):
    w = np.broadcast_to(np.asarray(w, dtype=float), np.shape(z)[:-2] + np.shape(z)[-1:])
    tops = range(int(np.max(top)) + 1)
    parts = np.stack([aggregate(z[..., top == t], w[..., top == t], within, offset=offset,
                                scale_mask=scale_mask) for t in tops], axis=-1)  # fmt: skip
    shares = np.stack([w[..., top == t].sum(axis=-1) for t in tops], axis=-1)
    return parts, shares


def nested_contributions(z, w, groups, n_groups, top, within_parts, across, *,
                         offset=DEFAULT_OFFSET, scale_mask=None, within="arithmetic") -> np.ndarray:
    """Each measure's part of a :func:`nested` score, shape ``(n, n_groups)``.

    The top-level nodes' parts are :func:`contributions` of the ``across`` aggregation on
    their scores; each is split between the node's measures in proportion to the measures'
    parts of the node's own score (``within_parts``, from :func:`contributions` of the
    ``within`` aggregation over all indicators), so the parts still add up as the ``across``
    aggregation's do.
    """
    parts, shares = _stage_one(z, w, top, within, offset, scale_mask)
    n_top = parts.shape[-1]
    top_parts = contributions(parts, shares, np.arange(n_top), n_top, across, offset=offset,
                              scale_mask=scale_mask)  # fmt: skip
    measure_top = np.array([top[groups == k][0] if np.any(groups == k) else 0 for k in range(n_groups)])
    member = measure_top[None, :] == np.arange(n_top)[:, None]  # (top, measure)
    total = np.nan_to_num(within_parts) @ member.T  # each top node's summed measure parts
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total[:, measure_top] != 0, np.nan_to_num(within_parts) / total[:, measure_top], 0.0)
    return ratio * top_parts[:, measure_top]
