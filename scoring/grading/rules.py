"""Grade rules: bands on the composite, minimum thresholds per indicator, and who intervenes.

A grade rule :math:`g(\\cdot)` maps a force's composite score :math:`s_f` to one of
:math:`G` ordered grades (0 = best):

* **fixed cut-offs** :math:`c_1 > \\dots > c_{G-1}` in score units: grade
  :math:`k = \\#\\{i : c_i > s_f\\}`, so a score on a cut-off takes the better grade (scores
  and cut-offs rounded to 9 decimals, the ranks' tie tolerance). Default: equal widths over
  the ranked forces' published scores.
* **five PEEL-style grades**: fixed cut-offs named as HMICFRS PEEL's grades (Outstanding,
  Good, Adequate, Requires improvement, Inadequate). PEEL grades without a score, so the
  default cut-offs are this project's: the mean of the published scores :math:`\\pm 0.5`
  and :math:`\\pm 1.5` standard deviations, held fixed (an absolute standard) in every draw.
* **quantiles**: fixed shares of forces per grade, :math:`q_1, \\dots, q_G` (per cent, best
  first); the best :math:`\\mathrm{round}(r\\sum_{i \\le k} q_i / 100)` places take the best
  :math:`k` grades, by competition rank, so forces that tie share a grade. Quantile grades
  are relative, like ranks: in every draw the shares are kept and the cut-offs move.

A minimum threshold :math:`t_j` on indicator *j* (in its published unit: a rate per 1,000
or per million residents, a percentage) is met when :math:`d_j (x_{fj} - t_j) \\ge 0`, with
:math:`d_j = +1` when higher is better and :math:`-1` when lower is better (a tolerance of
:math:`10^{-9}\\max(1, |t_j|)` absorbs floating point). A force is sent for intervention
when it is in the bottom grade, falls short of :math:`k` or more thresholds, or either
(the scenario's rule).

The press's points table for the Police Performance Assessments 2004/05-2006/07 scored the
grades Excellent 3, Good 2, Fair 1, Poor -1 and added them over seven areas, out of a possible
21 (the Press Association's table, reported by Metro and 4ni.co.uk, 24 Oct 2006; the Home
Office had called such a table "unhelpful and inaccurate"); :func:`points` generalises it to
:math:`G` grades: :math:`G-1, \\dots, 1` and -1 for the bottom grade.

References
----------
Home Office white paper (Jan 2026) *From local to national: a new model for policing*:
minimum thresholds, graded forces, intervention. HMICFRS, *PEEL assessments*: five grades.
The Guardian (27 Oct 2005) "Police performance assessments": the 2004/05 grades, 7% excellent,
44% good, 40% fair, 9% poor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.ranking import DECIMALS, rank
from scoring.core.scenario import PEEL_GRADES, PPA_GRADES, GradingSettings

LETTERS = ("A", "B", "C", "D", "E", "F")
PEEL_SPREAD = (1.5, 0.5, -0.5, -1.5)  # standard deviations from the mean: this project's default
NO_GRADE = -1


@dataclass(frozen=True)
class Bands:
    """A grade rule made concrete for one table: names, and cut-offs or shares."""

    names: tuple[str, ...]
    kind: str  # "fixed" (also PEEL-style) or "quantile"
    cutoffs: np.ndarray  # (G-1,) descending, score units (fixed); empty for quantile
    shares: np.ndarray  # (G,) per cent per grade, best first (quantile); empty for fixed
    notes: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.names)

    @property
    def bottom(self) -> int:
        """Index of the bottom grade."""
        return self.size - 1

    def assign(self, scores: np.ndarray) -> np.ndarray:
        """Grade index (0 = best) of every score along the last axis; :data:`NO_GRADE` for NaN."""
        s = np.asarray(scores, dtype=float)
        if self.kind == "quantile":
            return quantile_grades(s, self.shares)
        return fixed_grades(s, self.cutoffs)

    def describe(self) -> str:
        """The rule in words, for screens and exports."""
        if self.kind == "quantile":
            parts = [f"{n} {q:.0f}%" for n, q in zip(self.names, self.shares, strict=True)]
            return "Fixed shares of forces, best first: " + ", ".join(parts) + "."
        bounds = [f"{n} from {c:.3f}" for n, c in zip(self.names, self.cutoffs, strict=False)]
        return ("Cut-offs on the score: " + ", ".join(bounds)
                + f", {self.names[-1]} below {self.cutoffs[-1]:.3f}.")  # fmt: skip


def names(g: GradingSettings) -> tuple[str, ...]:
    """Grade names, best first."""
    if g.bands == "peel":
        return PEEL_GRADES
    if g.names == "ppa" and g.grades == len(PPA_GRADES):
        return PPA_GRADES
    return LETTERS[: g.grades]


def bands(g: GradingSettings, published: np.ndarray) -> Bands:
    """The rule of ``g`` for a table whose ranked forces scored ``published``."""
    labels = names(g)
    size = len(labels)
    notes: list[str] = []
    if g.bands == "quantile":
        given = np.array([g.shares.get(str(k + 1), np.nan) for k in range(size)], dtype=float)
        shares = np.where(np.isnan(given), 100.0 / size, given)
        if shares.sum() <= 0:
            shares = np.full(size, 100.0 / size)
            notes.append("Every share is 0: equal shares used.")
        elif abs(shares.sum() - 100.0) > 1e-6:
            notes.append(f"The shares add up to {shares.sum():g}%: rescaled to 100%.")
            shares = 100.0 * shares / shares.sum()
        return Bands(labels, "quantile", np.empty(0), shares, tuple(notes))
    defaults = default_cutoffs(published, size, g.bands)
    given = np.array([g.cutoffs.get(str(k + 1), np.nan) for k in range(size - 1)], dtype=float)
    cut = np.where(np.isnan(given), defaults, given)
    if np.any(np.diff(cut) > 0):
        notes.append("The cut-offs were not in order from the best grade down: sorted.")
        cut = np.sort(cut)[::-1]
    return Bands(labels, "fixed", cut, np.empty(0), tuple(notes))


def default_cutoffs(published: np.ndarray, size: int, kind: str) -> np.ndarray:
    """Default cut-offs, descending: PEEL-style spread around the mean, else equal widths."""
    s = np.asarray(published, dtype=float)
    s = s[np.isfinite(s)]
    if not len(s):
        return np.zeros(size - 1)
    if kind == "peel" and size == len(PEEL_SPREAD) + 1:
        sd = float(np.std(s, ddof=1)) if len(s) > 1 else 0.0
        return float(np.mean(s)) + sd * np.array(PEEL_SPREAD)
    lo, hi = float(np.min(s)), float(np.max(s))
    return hi - (hi - lo) * np.arange(1, size) / size


def fixed_grades(scores: np.ndarray, cutoffs: np.ndarray) -> np.ndarray:
    """Grade :math:`\\#\\{i: c_i > s\\}` per score (a score on a cut-off takes the better grade)."""
    s = np.round(np.asarray(scores, dtype=float), DECIMALS)
    c = np.round(np.asarray(cutoffs, dtype=float), DECIMALS)
    grade = (c[None, :] > s.reshape(-1, 1)).sum(axis=1).reshape(s.shape)
    return np.where(np.isnan(s), NO_GRADE, grade)


def quantile_grades(scores: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Grades from fixed shares of units per grade, by competition rank along the last axis."""
    s = np.asarray(scores, dtype=float)
    places = rank(s)
    counted = np.sum(~np.isnan(s), axis=-1, keepdims=True)  # (..., 1)
    top = np.round(np.cumsum(shares)[:-1] / 100.0 * counted)  # (..., G-1): places in the best k
    grade = (places[..., :, None] > top[..., None, :]).sum(axis=-1)
    return np.where(np.isnan(s), NO_GRADE, grade)


def meets(values: np.ndarray, thresholds: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """1.0 where a value meets its threshold, 0.0 where it falls short, NaN where it is missing.

    ``values`` (..., n, J); ``thresholds`` and ``direction`` (J,).
    """
    x = np.asarray(values, dtype=float)
    t = np.asarray(thresholds, dtype=float)
    tol = 1e-9 * np.maximum(1.0, np.abs(t))
    with np.errstate(invalid="ignore"):
        ok = (np.asarray(direction, dtype=float) * (x - t) >= -tol).astype(float)
    return np.where(np.isnan(x), np.nan, ok)


def shortfalls(met: np.ndarray) -> np.ndarray:
    """Thresholds each unit falls short of (missing values are not counted), along the last axis."""
    return np.sum(np.asarray(met) == 0.0, axis=-1)


def intervene(grades: np.ndarray, short: np.ndarray, g: GradingSettings, bottom: int,
              has_thresholds: bool) -> np.ndarray:
    """Who is sent for intervention: bottom grade, ``k`` or more shortfalls, or either."""
    in_bottom = np.asarray(grades) == bottom
    falls = (np.asarray(short) >= g.shortfalls) if has_thresholds else np.zeros_like(in_bottom)
    if g.intervene == "bottom" or not has_thresholds:
        return in_bottom
    if g.intervene == "thresholds":
        return falls
    return in_bottom | falls


def thresholds_of(g: GradingSettings, indicators: list[str]) -> tuple[list[str], list[str]]:
    """The indicators with a threshold, and the threshold ids the data lacks (ignored)."""
    used = [j for j in indicators if j in g.thresholds]
    return used, [j for j in g.thresholds if j not in indicators]


def points(size: int) -> np.ndarray:
    """The press's points per grade, best first: 3, 2, 1, -1 for four grades (generalised)."""
    return np.append(np.arange(size - 1, 0, -1), -1).astype(float)


def slug(label: str) -> str:
    """A grade name as a column id: "Requires improvement" -> "requires_improvement"."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def grade_text(index, labels: tuple[str, ...]) -> str:
    """A grade index as its name ("" for no grade)."""
    return labels[int(index)] if pd.notna(index) and int(index) >= 0 else ""
