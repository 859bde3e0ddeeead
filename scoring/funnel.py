"""Funnel plots: which units are distinguishable from the national rate (methods.md A4).

A league table ranks every unit; a funnel plot asks the prior question, whether a
unit's rate differs from the target by more than chance (Spiegelhalter 2005a, "Funnel
plots for comparing institutional performance", Stat Med 24:1185-1202). For a count
:math:`O_f` among :math:`P_f` residents and the target rate :math:`\\theta` (by default
the pooled rate :math:`\\sum O / \\sum P`), the expected count is :math:`E_f=\\theta P_f`
and, on a variance-stabilising scale,

* ``"sqrt"`` (default; Spiegelhalter 2005b, Table 1, for counts):
  :math:`y_f=\\sqrt{O_f/E_f}`, :math:`s_f=1/(2\\sqrt{E_f})`, target :math:`y_0=1`;
  defined when :math:`O_f=0`, which small units often have;
* ``"log"`` (SHMI style, NHS-R FunnelPlotR): :math:`y_f=\\log(O_f/E_f)`,
  :math:`s_f=1/\\sqrt{E_f}`, :math:`y_0=0`; undefined (NaN) when :math:`O_f=0`.

:math:`z_f=(y_f-y_0)/s_f`. Control limits are :math:`y_0 \\pm z_\\alpha s` at 95% and
99.8% (:math:`z_\\alpha` = 1.96 and 3.09), back-transformed to rates.

Overdispersion (Spiegelhalter 2005b, "Handling over-dispersion of performance
indicators", Qual Saf Health Care 14:347-351): winsorise the z-scores at 10% in each
tail (the :math:`k=\\lfloor qn \\rfloor` smallest set to the :math:`(k+1)`-th smallest,
likewise the largest), :math:`\\hat\\phi=\\frac1n\\sum z_w^2`; if :math:`n\\hat\\phi>n-1`,
the DerSimonian-Laird additive variance
:math:`\\hat\\tau^2=(n\\hat\\phi-(n-1))/(\\sum w-\\sum w^2/\\sum w)` with :math:`w=1/s^2`,
else 0. Then :math:`z^D_f=(y_f-y_0)/\\sqrt{s_f^2+\\hat\\tau^2}` and the limits widen to
:math:`y_0 \\pm z_\\alpha\\sqrt{s^2+\\hat\\tau^2}`. Rankability (Lingsma et al. 2009;
median form from van Dishoeck et al. 2011): :math:`\\rho=\\hat\\tau^2/(\\hat\\tau^2+
\\mathrm{median}\\, s_f^2)`, the share of between-unit variation that is not noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVELS = (0.95, 0.998)
TRANSFORMS = ("sqrt", "log")
WINSOR = 0.10


@dataclass(frozen=True)
class Funnel:
    """Funnel statistics of one indicator; arrays are aligned with the input units."""

    expected: np.ndarray  # E_f
    ratio: np.ndarray  # O_f / E_f
    z: np.ndarray  # z-scores, overdispersion-adjusted when ``adjusted``
    phi: float  # dispersion ratio from the winsorised z-scores
    tau2: float  # estimated additive between-unit variance (DerSimonian-Laird)
    rankability: float  # tau^2 / (tau^2 + median s^2)
    transform: str
    adjusted: bool  # z and limits include tau^2

    def outside(self, level: float) -> np.ndarray:
        """+1 above the upper limit, -1 below the lower, 0 inside, NaN when not defined."""
        crit = critical(level)
        return np.where(np.isnan(self.z), np.nan, np.where(np.abs(self.z) > crit, np.sign(self.z), 0.0))

    def limits(self, expected: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper limits as ratios O/E, for a grid of expected counts."""
        tau2 = self.tau2 if self.adjusted else 0.0
        return ratio_limits(np.asarray(expected, float), tau2, level, self.transform)


def critical(level: float) -> float:
    """Two-sided normal critical value: 1.96 for 0.95, 3.09 for 0.998."""
    return float(stats.norm.ppf(0.5 + level / 2))


def scale(observed, expected, transform: str):
    """``(y, s, y0)`` on the transform's scale; NaN where not defined."""
    o, e = np.asarray(observed, float), np.asarray(expected, float)
    ok = (e > 0) & (o >= 0) & np.isfinite(o) & np.isfinite(e)
    with np.errstate(divide="ignore", invalid="ignore"):
        if transform == "sqrt":
            y, s, y0 = np.sqrt(o / e), 1 / (2 * np.sqrt(e)), 1.0
        elif transform == "log":
            y, s, y0 = np.log(o / e), 1 / np.sqrt(e), 0.0
            ok &= o > 0
        else:
            raise ValueError(f"unknown transform {transform!r}; choose one of {TRANSFORMS}")
    return np.where(ok, y, np.nan), np.where(ok, s, np.nan), y0


def winsorise(z: np.ndarray, q: float = WINSOR) -> np.ndarray:
    """Set the floor(q n) smallest values to the next smallest, and the largest likewise."""
    z = np.sort(np.asarray(z, float))
    k = int(np.floor(q * len(z)))
    if k == 0 or len(z) <= 2 * k:
        return z
    return np.clip(z, z[k], z[-k - 1])


def funnel_from_expected(observed, expected, *, overdispersion: bool = False,
                         transform: str = "sqrt", winsor: float = WINSOR) -> Funnel:
    """Funnel statistics from observed and expected counts (see the module docstring)."""
    y, s, y0 = scale(observed, expected, transform)
    z = (y - y0) / s
    have = ~np.isnan(z)
    n = int(have.sum())
    phi = float(np.mean(winsorise(z[have], winsor) ** 2)) if n else np.nan
    w = 1 / s[have] ** 2
    denom = w.sum() - (w**2).sum() / w.sum() if n else np.nan
    tau2 = max(0.0, (n * phi - (n - 1)) / denom) if n > 1 and denom > 0 else 0.0
    rho = tau2 / (tau2 + float(np.median(s[have] ** 2))) if n else np.nan
    used = tau2 if overdispersion else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.asarray(observed, float) / np.asarray(expected, float)
    return Funnel(expected=np.asarray(expected, float), ratio=ratio, z=(y - y0) / np.sqrt(s**2 + used),
                  phi=phi, tau2=tau2, rankability=rho, transform=transform, adjusted=overdispersion)  # fmt: skip


def funnel(observed, population, *, target: float | None = None, **options) -> tuple[Funnel, float]:
    """Funnel statistics of counts among populations; returns ``(funnel, target rate)``.

    ``target`` is a rate per resident; by default the pooled rate of the units given.
    """
    o, p = np.asarray(observed, float), np.asarray(population, float)
    have = np.isfinite(o) & np.isfinite(p) & (p > 0)
    theta = float(o[have].sum() / p[have].sum()) if target is None else float(target)
    expected = np.where(have, theta * p, np.nan)
    return funnel_from_expected(o, expected, **options), theta


def ratio_limits(expected: np.ndarray, tau2: float, level: float, transform: str):
    """Control limits as ratios O/E: back-transform of y0 +- z_a sqrt(s^2 + tau^2)."""
    crit = critical(level)
    if transform == "sqrt":
        half = crit * np.sqrt(1 / (4 * expected) + tau2)
        return np.clip(1 - half, 0, None) ** 2, (1 + half) ** 2
    half = crit * np.sqrt(1 / expected + tau2)
    return np.exp(-half), np.exp(half)
