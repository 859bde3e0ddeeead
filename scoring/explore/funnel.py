"""Funnel plots: which units are distinguishable from the national rate.

A league table ranks every unit; a funnel plot asks the prior question, whether a
unit's rate differs from the target by more than chance (Spiegelhalter 2005a, "Funnel
plots for comparing institutional performance", Stat Med 24:1185-1202). For a count
:math:`O_f` among :math:`P_f` residents and the target rate :math:`\\theta` (by default
the pooled rate :math:`\\sum O / \\sum P`), the expected count is :math:`E_f=\\theta P_f`.

**Chance alone** (the default): exact Poisson limits, made smooth in :math:`E` with
Spiegelhalter's (2005a, appendix A.1.2) interpolation: for a tail probability :math:`p`,
:math:`r_p` is the :math:`p`-quantile of Poisson(:math:`E`),
:math:`\\alpha=(F(r_p)-p)/(F(r_p)-F(r_p-1))` and the lower limit on :math:`O/E` is
:math:`(r_p-\\alpha)/E`; the upper limit is taken one count higher,
:math:`(r_{1-p}+1-\\alpha)/E`, so that a unit is beyond a limit exactly when its exact
one-sided test says so: :math:`P(X\\ge O)<p` above, :math:`P(X\\le O)<p` below, with
:math:`p=(1-\\text{level})/2` (:func:`poisson_z` gives the matching z-score). Exact tests
matter for small units: a community safety partnership expecting 2.8 homicides that
records none is not unusual (:math:`P(0)=0.06`), and one expecting 0.02 is not unusually
*high* for recording none, though normal approximations say otherwise.

**Overdispersion** (Spiegelhalter 2005b, "Handling over-dispersion of performance
indicators", Qual Saf Health Care 14:347-351; as in NHS-R FunnelPlotR) works on a
variance-stabilising scale:

* ``"sqrt"`` (default; Spiegelhalter 2005b, Table 1, for counts):
  :math:`y_f=\\sqrt{O_f/E_f}`, :math:`s_f=1/(2\\sqrt{E_f})`, target :math:`y_0=1`;
* ``"log"`` (SHMI style): :math:`y_f=\\log(O_f/E_f)`, :math:`s_f=1/\\sqrt{E_f}`,
  :math:`y_0=0`; undefined (NaN) when :math:`O_f=0`.

:math:`z_f=(y_f-y_0)/s_f`; winsorise the z-scores at 10% in each tail (the
:math:`k=\\lfloor qn \\rfloor` smallest set to the :math:`(k+1)`-th smallest, likewise the
largest), :math:`\\hat\\phi=\\frac1n\\sum z_w^2`; if :math:`n\\hat\\phi>n-1`, the
DerSimonian-Laird additive variance
:math:`\\hat\\tau^2=(n\\hat\\phi-(n-1))/(\\sum w-\\sum w^2/\\sum w)` with :math:`w=1/s^2`,
else 0. Then :math:`z^D_f=(y_f-y_0)/\\sqrt{s_f^2+\\hat\\tau^2}` and the limits are
:math:`y_0 \\pm z_\\alpha\\sqrt{s^2+\\hat\\tau^2}` back-transformed, at 95% and 99.8%
(:math:`z_\\alpha` = 1.96 and 3.09). Rankability (Lingsma et al. 2009; median form from
van Dishoeck et al. 2011): :math:`\\rho=\\hat\\tau^2/(\\hat\\tau^2+\\mathrm{median}\\, s_f^2)`,
the share of between-unit variation that is not noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEVELS = (0.95, 0.998)
UPPER_NOTE = ("Upper limits follow the exact one-sided Poisson test: one count above "
              "Spiegelhalter's (2005) interpolated limit, so a unit is above a line exactly when "
              "the exact test says so.")  # fmt: skip
TRANSFORMS = ("sqrt", "log")
WINSOR = 0.10


@dataclass(frozen=True)
class Funnel:
    """Funnel statistics of one indicator; arrays are aligned with the input units."""

    expected: np.ndarray  # E_f
    ratio: np.ndarray  # O_f / E_f
    z: np.ndarray  # Poisson deviates (exact), or transform z-scores (tau^2 added when adjusted)
    phi: float  # dispersion ratio from the winsorised z-scores
    tau2: float  # estimated additive between-unit variance (DerSimonian-Laird)
    rankability: float  # tau^2 / (tau^2 + median s^2)
    transform: str
    adjusted: bool  # z and limits include tau^2
    exact: bool  # limits are exact Poisson ones (chance alone)

    def limits(self, expected: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper limits as ratios O/E, for a grid of expected counts."""
        expected = np.asarray(expected, float)
        if self.exact:
            return poisson_limits(expected, level)
        return ratio_limits(expected, self.tau2 if self.adjusted else 0.0, level, self.transform)

    def outside(self, level: float) -> np.ndarray:
        """+1 above the upper limit, -1 below the lower, 0 inside, NaN when not defined."""
        crit = critical(level)
        return np.where(np.isnan(self.z), np.nan, np.where(np.abs(self.z) > crit, np.sign(self.z), 0.0))


def critical(level: float) -> float:
    """Two-sided normal critical value: 1.96 for 0.95, 3.09 for 0.998."""
    from scipy import stats  # imported at first use: every page imports this module
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
                         transform: str = "sqrt", winsor: float = WINSOR, exact: bool = True) -> Funnel:
    """Funnel statistics from observed and expected counts (see the module docstring).

    ``exact`` (used only without overdispersion) gives exact Poisson limits and matching
    z-scores; otherwise z-scores and limits come from ``transform``.
    """
    y, s, y0 = scale(observed, expected, transform)
    z = (y - y0) / s
    have = ~np.isnan(z)
    n = int(have.sum())
    phi = float(np.mean(winsorise(z[have], winsor) ** 2)) if n else np.nan
    w = 1 / s[have] ** 2
    denom = w.sum() - (w**2).sum() / w.sum() if n else np.nan
    tau2 = max(0.0, (n * phi - (n - 1)) / denom) if n > 1 and denom > 0 else 0.0
    rho = tau2 / (tau2 + float(np.median(s[have] ** 2))) if n else np.nan
    o, e = np.asarray(observed, float), np.asarray(expected, float)
    exact = exact and not overdispersion
    if exact:
        z = poisson_z(o, e)
    elif overdispersion:
        z = (y - y0) / np.sqrt(s**2 + tau2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = o / e
    return Funnel(expected=e, ratio=ratio, z=z, phi=phi, tau2=tau2, rankability=rho,
                  transform=transform, adjusted=overdispersion, exact=exact)  # fmt: skip


def poisson_z(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Normal deviate of the exact one-sided Poisson test, signed by the side; NaN if undefined.

    :math:`z=\\Phi^{-1}(1-P(X\\ge O))` when :math:`P(X\\ge O)<\\tfrac12`,
    :math:`z=\\Phi^{-1}(P(X\\le O))` when :math:`P(X\\le O)<\\tfrac12`, else 0 (at most one
    tail is below one half). So :math:`|z|>z_\\alpha` exactly when the unit lies beyond the
    limits of :func:`poisson_limits` at the same level.
    """
    from scipy import stats  # imported at first use: every page imports this module
    o, e = np.asarray(observed, float), np.asarray(expected, float)
    ok = np.isfinite(o) & np.isfinite(e) & (e > 0) & (o >= 0)
    o, e = np.where(ok, np.round(o), 0.0), np.where(ok, e, 1.0)
    upper, lower = stats.poisson.sf(o - 1, e), stats.poisson.cdf(o, e)  # P(X >= O), P(X <= O)
    z = np.where(upper < 0.5, stats.norm.isf(upper), np.where(lower < 0.5, stats.norm.ppf(lower), 0.0))
    return np.where(ok, z, np.nan)


def poisson_limits(expected: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson limits on O/E, interpolated (see the module docstring)."""
    from scipy import stats  # imported at first use: every page imports this module
    e = np.asarray(expected, float)
    out = []
    for p, shift in (((1 - level) / 2, 0.0), ((1 + level) / 2, 1.0)):
        r = stats.poisson.ppf(p, e)
        step = stats.poisson.pmf(r, e)
        alpha = np.where(step > 0, (stats.poisson.cdf(r, e) - p) / np.where(step > 0, step, 1), 0.0)
        out.append(np.clip(r + shift - alpha, 0, None) / e)
    return out[0], out[1]


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
