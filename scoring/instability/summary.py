"""What a Monte Carlo run says, per force and for the whole table.

The summaries follow Saisana, Saltelli & Tarantola (2005, "Uncertainty and sensitivity
analysis techniques as tools for the quality assessment of composite indicators", *JRSS A*
168(2)) and SMAA-2 rank acceptability (Lahdelma & Salminen 2001, *Operations Research*
49(3)); the top-10 and three-place thresholds are this project's choices.

Per force (from the rank counts, so exact for the samples drawn): the nominal rank,
the median and the 5th and 95th percentile ranks (inverted empirical CDF, Hyndman &
Fan type 1, so they are always whole ranks), the probability of a top-10 and a
bottom-10 place, the probability of moving three or more places, and the band rank of
:mod:`scoring.instability.bands`. For the table: the mean absolute rank shift :math:`R_S` and
Kendall's :math:`\\tau_b` against the nominal table, each with its 90% range.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scoring.instability import bands
from scoring.instability.uncertainty import MonteCarloResult

TOP = 10  # the public reads the top ten and the bottom ten (this project's choice)
MOVE = 3  # "moves three or more places" (this project's choice)


def percentile_ranks(counts: np.ndarray, pct: int) -> np.ndarray:
    """Smallest rank whose cumulative share reaches ``pct`` percent, per row of counts."""
    cum = np.cumsum(counts, axis=1)
    return np.argmax(cum * 100 >= pct * cum[:, -1:], axis=1) + 1


def acceptability(result: MonteCarloResult) -> np.ndarray:
    """Rank acceptability :math:`b_f^k = P(r_f = k)` (SMAA-2), shape (r, r)."""
    return result.counts / result.samples


def force_summary(result: MonteCarloResult, names: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """One row per ranked force, best nominal rank first.

    Columns: ``name, nominal, median, p05, p95, p_top, p_bottom, p_move, band, apart``
    (``band`` and ``apart`` are NA when pairwise counts were not kept).
    """
    r = len(result.nominal)
    k = min(TOP, r)
    prob = acceptability(result)
    ranks = np.arange(1, r + 1)
    far = np.abs(ranks[None, :] - result.nominal[:, None]) >= MOVE
    out = pd.DataFrame(
        {
            "name": [str(pd.Series(names).get(c, c)) for c in result.codes],
            "nominal": result.nominal.astype(int),
            "median": percentile_ranks(result.counts, 50),
            "p05": percentile_ranks(result.counts, 5),
            "p95": percentile_ranks(result.counts, 95),
            "p_top": prob[:, :k].sum(axis=1),
            "p_bottom": prob[:, r - k :].sum(axis=1),
            "p_move": (prob * far).sum(axis=1),
        },
        index=pd.Index(result.codes, name="code"),
    )
    if result.above is not None:
        out["band"] = bands.band_ranks(result.above, result.samples)
        out["apart"] = bands.indistinguishable(result.above, result.samples)
    else:
        out["band"] = out["apart"] = pd.NA
    return out.sort_values(["nominal", "name"])


def overall(result: MonteCarloResult) -> dict:
    """Whole-table figures for the headline.

    ``plausible_top``/``plausible_bottom``: forces with at least a 5% chance of a
    top-10/bottom-10 place; ``fixed``: forces whose rank never moved; ``bands``:
    distinct band ranks (how many positions the data can actually separate).
    """
    r = len(result.nominal)
    k = min(TOP, r)
    prob = acceptability(result)
    shift = result.shift
    with np.errstate(invalid="ignore"):
        tau = result.tau[~np.isnan(result.tau)]
    out = {
        "samples": result.samples,
        "seed": result.seed,
        "sources": result.sources,
        "n_ranked": r,
        "top": k,
        # "At least a 5% chance", read off the counts: exact at the boundary, in both tails.
        "plausible_top": int((result.counts[:, :k].sum(axis=1) >= 0.05 * result.samples).sum()),
        "plausible_bottom": int((result.counts[:, r - k:].sum(axis=1) >= 0.05 * result.samples).sum()),
        "plausible_first": int((prob[:, 0] >= 0.05).sum()),
        "fixed": int((prob.max(axis=1) == 1.0).sum()),
        "mean_shift": float(shift.mean()),
        "shift_p05": float(np.percentile(shift, 5)),
        "shift_p95": float(np.percentile(shift, 95)),
        "p_shift_ge1": float((shift >= 1).mean()),
        "tau_mean": float(tau.mean()) if len(tau) else float("nan"),
        "tau_p05": float(np.percentile(tau, 5)) if len(tau) else float("nan"),
        "tau_p95": float(np.percentile(tau, 95)) if len(tau) else float("nan"),
        "bands": None,
    }
    if result.above is not None:
        out["bands"] = int(len(np.unique(bands.band_ranks(result.above, result.samples))))
    return out
