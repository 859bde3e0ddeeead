"""The ratchet: next year's bar set from this year's result.

Bevan & Hood (2006, "What's measured is what matters", *Public Administration*
84(3):521) describe "the tendency for central controllers to base next year's targets
on last year's performance, meaning that managers who expect still to be in place in
the next target period have a perverse incentive not to exceed targets even if they
could easily do so"; Weitzman (1980, "The 'ratchet principle' and performance
incentives", *Bell J. Economics* 11(1):302-308) models it.

Here each force's bar for this year is its own result last year, on every indicator the
table weighs. Its change on the basket is a weighted geometric mean of its changes,
direction applied (positive = better):

.. math:: C_f = \\exp\\Big(\\sum_j \\tilde w_j\\, d_j \\ln \\frac{x^{t}_{fj}}{x^{t-1}_{fj}}\\Big) - 1,

with :math:`\\tilde w` the effective weights rescaled over the indicators used (logs keep a
homicide count going from 2 to 10 from swamping everything else). Under the ratchet
next year's bar is this year's result, so it tightens by exactly :math:`C_f`: a force
that improved early must improve again just to stand still, while a force that slipped
gets an easier bar. For count indicators the log ratio has standard deviation about
:math:`s_j = \\sqrt{1/n^{t-1} + 1/n^{t}}` from Poisson noise alone (counts on a fixed
population, 0.5 added to each count so a zero stays defined), combined as
:math:`\\sqrt{\\sum_j \\tilde w_j^2 s_j^2}`; a change within 1.96 of those moves the bar on
chance. Illustrative indicators are left out: their year-on-year change is random by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import rates
from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.rigidity.domains import basket_weights

Z = 1.96


@dataclass(frozen=True, eq=False)
class Ratchet:
    """The bar each force meets next year under a ratchet, and how it moved."""

    table: pd.DataFrame  # per unit: name, change, noise, within_noise, verdict
    indicators: pd.DataFrame  # long: code, indicator, label, weight, before, now, change
    left_out: tuple[str, ...]  # indicators with weight but no previous value, or illustrative

    def detail(self, code: str) -> pd.DataFrame:
        """One force's indicators: last year's result (this year's bar), this year's, change."""
        return self.indicators[self.indicators["code"] == code].set_index("indicator")


def ratchet(dataset: Dataset, scenario: Scenario) -> Ratchet | None:
    """Bar movement per force; None when the dataset has no previous year."""
    previous = dataset.context.get("previous")
    if previous is None:
        return None
    w = basket_weights(dataset, scenario)
    meta = dataset.meta
    used = [j for j in dataset.indicators if w[j] > 0 and j in previous.columns
            and meta.at[j, "status"] != "illustrative"]  # fmt: skip
    left_out = tuple(dataset.label(j) for j in dataset.indicators if w[j] > 0 and j not in used)
    before_raw = previous.reindex(dataset.values.index)[used].astype(float)
    now_raw = dataset.values[used].astype(float)
    before = rates.indicator_rates(before_raw, dataset.units, meta)
    now = rates.indicator_rates(now_raw, dataset.units, meta)
    d = np.array([scenario.direction(j, int(meta.at[j, "direction"])) for j in used], dtype=float)
    is_count = (meta["kind"].reindex(used) == "count").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        # Same population both years, so a ratio of rates is a ratio of counts.
        ratio = np.where(is_count, (now_raw.to_numpy() + 0.5) / (before_raw.to_numpy() + 0.5),
                         now.to_numpy() / before.to_numpy())
        log_change = d * np.log(ratio)
        sd = np.sqrt(1.0 / (before_raw.to_numpy() + 0.5) + 1.0 / (now_raw.to_numpy() + 0.5))
    log_change = np.where(np.isfinite(log_change), log_change, np.nan)
    sd = np.where(is_count & np.isfinite(sd), sd, np.nan)
    weight = np.where(np.isnan(log_change), 0.0, w[used].to_numpy(float))
    total = weight.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, weight / total, 0.0)
    log_basket = np.where(total[:, 0] > 0, np.nansum(share * log_change, axis=1), np.nan)
    noise = Z * np.sqrt(np.nansum((share * sd) ** 2, axis=1))
    table = bar_table(dataset.units["name"].reindex(dataset.values.index), log_basket, noise)
    long = pd.DataFrame({
        "code": np.repeat(dataset.values.index, len(used)),
        "indicator": np.tile(used, len(dataset.values.index)),
        "label": np.tile([dataset.label(j) for j in used], len(dataset.values.index)),
        "weight": share.ravel(),
        "before": before.to_numpy().ravel(),
        "now": now.to_numpy().ravel(),
        "unit": np.tile(meta["unit"].reindex(used).to_numpy(), len(dataset.values.index)),
        "better": np.tile(np.where(d > 0, "higher", "lower"), len(dataset.values.index)),
        "change": np.expm1(log_change).ravel(),
    })  # fmt: skip
    return Ratchet(table, long, left_out)


def bar_table(names: pd.Series, log_change, log_noise) -> pd.DataFrame:
    """How each unit's bar moves: ``name, change, noise, within_noise, verdict``.

    ``log_change`` is the log change of the result (positive = better), ``log_noise`` the
    half-width of the chance band on the same scale; both become % changes. Used for a year's
    basket here and for a real series (:mod:`scoring.context.travel`).
    """
    log_change, log_noise = np.asarray(log_change, float), np.asarray(log_noise, float)
    change = np.expm1(log_change)
    table = pd.DataFrame({
        "name": names,
        "change": change,
        "noise": np.expm1(log_noise),  # the chance band, on the same % scale
        "within_noise": np.abs(log_change) < log_noise,
    }, index=names.index)  # fmt: skip
    table["verdict"] = [_verdict(c, n) for c, n in zip(change, table["within_noise"], strict=True)]
    return table


def _verdict(change: float, within_noise: bool) -> str:
    if np.isnan(change):
        return "no comparable values"
    if change > 0:
        text = f"improved: next year's bar is {change:.1%} tougher"
    else:
        text = f"slipped: next year's bar is {-change:.1%} easier"
    return text + (" (within chance)" if within_noise else "")


def summary(table: pd.DataFrame) -> dict:
    """How many forces face a tougher bar, by how much, and how many on chance alone."""
    up = table[table["change"] > 0]
    down = table[table["change"] < 0]
    return {
        "improved": len(up),
        "slipped": len(down),
        "median_tighter": float(up["change"].median()) if len(up) else 0.0,
        "median_easier": float(-down["change"].median()) if len(down) else 0.0,
        "improved_on_noise": int(up["within_noise"].sum()),
        "n": int(table["change"].notna().sum()),
    }
