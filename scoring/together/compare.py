"""Compare two league tables: who moved, and how far apart the two orders are.

Only units that take a place in *both* tables are compared (a unit ranked apart or
left out in either table has no movement). Tables are matched on their index (unit
code), so two scenarios on different data or years compare force by force.

Distances between rankings (standard rank statistics; Kendall 1945, "The treatment of ties
in ranking problems", *Biometrika* 33(3):239-251, for :math:`\tau_b`):

* Kendall's :math:`\\tau_b` (1 = same order, -1 = reversed; ties handled as in
  :func:`scipy.stats.kendalltau`);
* Spearman's :math:`\\rho` on the ranks;
* the Spearman footrule :math:`F = \\sum_f |r_f - r'_f|` and the mean absolute rank
  shift :math:`R_S = F / n` (OECD/JRC Handbook 2008, eq. 38; Diaconis & Graham 1977);
* the Kendall distance :math:`K`, the number of pairs the two tables put in opposite
  orders (Diaconis & Graham: :math:`K \\le F \\le 2K` for rankings without ties);
* top-:math:`k` overlap :math:`|T_k \\cap T'_k| / k`, because readers look at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from scoring.core.ranking import kendall_tau


@dataclass(frozen=True)
class RankDistances:
    """How far apart two rankings of the same ``n`` units are (see the module docstring)."""

    n: int
    tau: float
    rho: float
    footrule: float
    rank_shift: float
    discordant: int
    moved: int
    top_k: int
    top_k_overlap: float


def paired_ranks(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Units ranked in both tables, with both ranks and the change.

    Parameters
    ----------
    a, b : DataFrame
        League tables indexed by unit code with ``name`` and ``rank`` columns
        (``rank`` NA for units without a place), as in ``ScoredTable.table``.

    Returns
    -------
    DataFrame
        Indexed by code: ``name``, ``rank_a``, ``rank_b`` (int) and ``change`` =
        ``rank_a - rank_b`` (positive: the unit climbs from A to B), ordered by
        ``rank_b`` then name.
    """
    ra = pd.to_numeric(a["rank"], errors="coerce").astype(float)
    rb = pd.to_numeric(b["rank"], errors="coerce").astype(float).reindex(ra.index)
    both = ra.notna() & rb.notna()
    out = pd.DataFrame(
        {
            "name": b["name"].reindex(ra.index)[both].fillna(a["name"][both]),
            "rank_a": ra[both].astype(int),
            "rank_b": rb[both].astype(int),
        }
    )
    out["change"] = out["rank_a"] - out["rank_b"]
    return out.sort_values(["rank_b", "name"])


def movers(pairs: pd.DataFrame, count: int | None = None) -> pd.DataFrame:
    """The units that moved most, biggest absolute change first (ties: better rank in B).

    ``pairs`` is :func:`paired_ranks` output; units that did not move are left out.
    """
    moved = pairs[pairs["change"] != 0]
    order = moved.assign(size=moved["change"].abs()).sort_values(
        ["size", "rank_b", "name"], ascending=[False, True, True]
    )
    return order.drop(columns="size").head(count) if count else order.drop(columns="size")


def discordant_pairs(a: np.ndarray, b: np.ndarray) -> int:
    """Kendall distance: pairs of units in strictly opposite orders in ``a`` and ``b``.

    :math:`K = \\#\\{(f, g): f < g,\\ (a_f - a_g)(b_f - b_g) < 0\\}`; pairs tied in
    either ranking are not counted.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    sign = np.sign(a[:, None] - a[None, :]) * np.sign(b[:, None] - b[None, :])
    return int(np.sum(np.triu(sign < 0, k=1)))


def top_k_overlap(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Share of the units ranked ``k`` or better in ``a`` that are also ``k`` or better in ``b``.

    :math:`|T_k \\cap T'_k| / |T_k|` with :math:`T_k = \\{f : r_f \\le k\\}` (ties at
    place ``k`` can make :math:`|T_k| > k`; the share is over the units of ``a``).
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    top_a = a <= k
    if not top_a.any():
        return float("nan")
    return float(np.sum(top_a & (b <= k)) / np.sum(top_a))


def distances(pairs: pd.DataFrame, k: int = 10) -> RankDistances:
    """All the distances of the module docstring between ``rank_a`` and ``rank_b``."""
    a = pairs["rank_a"].to_numpy(float)
    b = pairs["rank_b"].to_numpy(float)
    n = len(pairs)
    footrule = float(np.abs(a - b).sum())
    rho = float(stats.spearmanr(a, b).statistic) if n > 2 else float("nan")
    return RankDistances(
        n=n,
        tau=kendall_tau(a, b),
        rho=rho,
        footrule=footrule,
        rank_shift=footrule / n if n else float("nan"),
        discordant=discordant_pairs(a, b),
        moved=int(np.sum(a != b)),
        top_k=min(k, n),
        top_k_overlap=top_k_overlap(a, b, min(k, n)),
    )
