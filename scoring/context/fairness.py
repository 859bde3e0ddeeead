"""Is the table itself fair? A scenario's ranks against each force's context.

Goldstein & Spiegelhalter (1996, "League tables and their limitations: statistical issues in
comparisons of institutional performance", *JRSS A* 159(3):385-443) argue that institutions
should be compared only after allowing for the context they serve ("intake" or "case-mix"),
and that raw tables otherwise reward easy circumstances. Here the context is the force area's
ethnic diversity (Census 2011), population density, crime mix and size
(:mod:`scoring.context.variables`).

**Model.** Over the :math:`n` ranked forces, the scenario's composite score is regressed on the
chosen context variables, each standardised over those forces (population and density on a
log scale), by ordinary least squares:

.. math:: s_f = \\beta_0 + \\sum_v \\beta_v \\tilde x_{fv} + e_f ,

so :math:`\\beta_v` is the change in score for one standard deviation of variable :math:`v`,
the others held fixed. Standard errors are heteroskedasticity-consistent (HC3; MacKinnon &
White 1985, "Some heteroskedasticity-consistent covariance matrix estimators with improved
finite sample properties", *J. Econometrics* 29:305-325):
:math:`V=(X^\\top X)^{-1}X^\\top\\mathrm{diag}\\big(\\hat e_f^2/(1-h_f)^2\\big)X(X^\\top X)^{-1}`,
with 95% intervals from Student's :math:`t` on :math:`n-p-1` degrees of freedom.

**Adjusted table.** Each force's context-adjusted score is the score it would have at average
context, :math:`a_f=\\bar s+\\hat e_f`; its adjusted rank is the competition rank of :math:`a_f`,
and *places* = raw rank - adjusted rank (positive: the raw table put the force lower than its
context-adjusted performance).

**In places.** For each variable, Spearman's correlation between rank and the variable, the gap
in mean raw rank between the third of forces highest and the third lowest on it, and the mean
places the highest third gain once context is allowed for.

**What it cannot show.** With :math:`n` = 42 forces a slope can arise by chance (read its
interval); an association is not a cause; adjusting removes every difference that goes with
context, real under-performance included (over-adjustment); the crime mix is partly what the
table itself measures; context left out (deprivation, age, night-time economy) is not allowed
for; and adjusted ranks are no more certain than raw ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from scoring.context.variables import LABELS, Context
from scoring.core import ranking
from scoring.core.dataset import Dataset
from scoring.core.pipeline import score
from scoring.core.scenario import PRESETS, Scenario, preset
from scoring.core.presets import fits

LEVEL = 0.95


@dataclass(frozen=True, eq=False)
class Adjustment:
    """The raw and the context-adjusted table, and how the score relates to each variable."""

    table: pd.DataFrame  # index code: name, score, rank, adjusted_score, adjusted_rank, places, <variables>
    coefficients: pd.DataFrame  # index variable: label, estimate, se, low, high, p, spearman, gap, gain
    r2: float
    adj_r2: float
    n: int
    variables: tuple[str, ...]

    def summary(self) -> dict:
        """The plain-words facts: how far adjustment moves forces, and who gains most."""
        places = self.table["places"].dropna()
        moved = places[places != 0]
        return {
            "n": self.n,
            "median_move": float(places.abs().median()) if len(places) else 0.0,
            "largest_move": int(places.abs().max()) if len(places) else 0,
            "moved_5": int((places.abs() >= 5).sum()),
            "gainer": _extreme(self.table, places, max),
            "loser": _extreme(self.table, places, min),
            "moved": len(moved),
            "r2": self.r2,
        }


def adjust(scores: pd.DataFrame, context: Context, variables) -> Adjustment:
    """Regress the composite on context and rank the residuals (see the module docstring).

    Parameters
    ----------
    scores : DataFrame
        A scored table (:func:`scoring.core.pipeline.score`): ``name``, ``score``, ``rank``;
        only ranked units with context are used.
    context : Context
        :func:`scoring.context.variables.force_context` of the same data.
    variables : sequence of str
        Context variables to adjust for (ids of :data:`scoring.context.variables.LABELS`).
    """
    variables = tuple(v for v in variables if v in context.table.columns)
    if not variables:
        raise ValueError("choose at least one context variable to adjust for")
    codes = [c for c in scores.index[scores["rank"].notna()] if c in context.table.index]
    n, p = len(codes), len(variables)
    if n < p + 3:
        raise ValueError(f"{n} ranked forces are too few to adjust for {p} context variables")
    s = scores.loc[codes, "score"].to_numpy(float)
    x = np.column_stack([context.scaled(v, codes) for v in variables])
    z = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    fit = ols(z, s)
    adjusted = s.mean() + fit["residuals"]
    raw_rank = scores.loc[codes, "rank"].to_numpy(float)
    adjusted_rank = ranking.rank(adjusted)
    table = pd.DataFrame({
        "name": scores.loc[codes, "name"], "score": s, "rank": raw_rank.astype(int),
        "adjusted_score": adjusted, "adjusted_rank": adjusted_rank.astype(int),
        "places": (raw_rank - adjusted_rank).astype(int),
    }, index=pd.Index(codes, name="code"))  # fmt: skip
    for v in variables:
        table[v] = context.table.loc[codes, v].to_numpy(float)
    rows = []
    for i, v in enumerate(variables):
        rho, gap = association(table["rank"], table[v])
        rows.append({
            "variable": v, "label": LABELS[v], "estimate": fit["beta"][i + 1],
            "se": fit["se"][i + 1], "low": fit["low"][i + 1], "high": fit["high"][i + 1],
            "p": fit["p"][i + 1], "spearman": rho, "gap": gap,
            "gain": float(table.loc[thirds(table[v])[0], "places"].mean()),
        })  # fmt: skip
    coefficients = pd.DataFrame(rows).set_index("variable")
    return Adjustment(table=table, coefficients=coefficients, r2=fit["r2"], adj_r2=fit["adj_r2"],
                      n=n, variables=variables)  # fmt: skip


def ols(x: np.ndarray, y: np.ndarray, level: float = LEVEL) -> dict:
    """OLS with an intercept and HC3 standard errors (see the module docstring).

    Returns ``beta, se, low, high, p`` (intercept first), ``residuals``, ``leverage``, ``r2``
    and ``adj_r2``.
    """
    y = np.asarray(y, float)
    design = np.column_stack([np.ones(len(y)), np.asarray(x, float).reshape(len(y), -1)])
    n, k = design.shape
    xtx_inv = np.linalg.pinv(design.T @ design)
    beta = xtx_inv @ design.T @ y
    residuals = y - design @ beta
    leverage = np.einsum("ij,jk,ik->i", design, xtx_inv, design)
    weight = residuals**2 / np.clip(1 - leverage, 1e-12, None) ** 2
    cov = xtx_inv @ (design.T * weight) @ design @ xtx_inv
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    df = max(n - k, 1)
    crit = stats.t.ppf(0.5 + level / 2, df)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(se > 0, beta / se, np.nan)
    total = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - float((residuals**2).sum()) / total if total > 0 else 0.0
    return {
        "beta": beta, "se": se, "low": beta - crit * se, "high": beta + crit * se,
        "p": 2 * stats.t.sf(np.abs(t), df), "residuals": residuals, "leverage": leverage,
        "r2": r2, "adj_r2": 1 - (1 - r2) * (n - 1) / df,
    }  # fmt: skip


def association(rank: pd.Series, values: pd.Series) -> tuple[float, float]:
    """Spearman's correlation of rank with ``values``, and the gap in mean rank between the
    highest and the lowest third on ``values`` (positive: the highest third ranks lower)."""
    rank = rank.astype(float)
    values = values.reindex(rank.index).astype(float)
    high, low = thirds(values)
    gap = float(rank[high].mean() - rank[low].mean())
    if np.ptp(rank.to_numpy()) == 0 or np.ptp(values.to_numpy()) == 0:
        return float("nan"), gap  # a correlation with a constant is not defined
    return float(stats.spearmanr(rank, values).statistic), gap


def thirds(values: pd.Series) -> tuple[pd.Index, pd.Index]:
    """The units in the highest and the lowest third of ``values`` (n // 3 each)."""
    order = values.sort_values(kind="stable").index
    size = len(order) // 3
    return order[len(order) - size :], order[:size]


def by_weighting(dataset: Dataset, scenario: Scenario, context: Context, variable: str) -> pd.DataFrame:
    """The scenario and each preset's weights (same methods) against one context variable.

    Per weighting: Spearman's correlation between rank and ``variable`` and the gap in mean
    rank between the highest and lowest third of forces on it (positive: the highest third
    ranks lower, i.e. worse).
    """
    rows = []
    candidates = [("This scenario", scenario)]
    seen = []
    for key, p in PRESETS.items():
        chosen = preset(key, dataset.measure_of)
        # a framework for other data cannot be compared; a historical preset with the same
        # weights as another would repeat its row
        if not fits(p, dataset.measure_ids) or chosen.measure_weights in seen:
            continue
        seen.append(chosen.measure_weights)
        candidates.append((p.label, scenario.replace(measure_weights=chosen.measure_weights,
                                                      indicator_weights={})))  # fmt: skip
    for label, candidate in candidates:
        try:
            table = score(dataset, candidate).table
        except ValueError:  # every weight zero
            continue
        ranked = table[table["rank"].notna() & table.index.isin(context.table.index)]
        rho, gap = association(ranked["rank"], context.table.loc[ranked.index, variable])
        rows.append({"weighting": label, "spearman": rho, "gap": gap})
    return pd.DataFrame(rows)


def _extreme(table: pd.DataFrame, places: pd.Series, pick) -> tuple[str, int] | None:
    if not len(places) or pick(places) == 0 or (pick is max and places.max() <= 0):
        return None
    code = places.idxmax() if pick is max else places.idxmin()
    return str(table.at[code, "name"]), int(places[code])
