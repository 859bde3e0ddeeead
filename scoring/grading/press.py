"""The press's points table: grades per area added up into a league table.

The Police Performance Assessments of 2004/05 to 2006/07 graded every force Excellent, Good,
Fair or Poor in seven areas and published no overall table; the Press Association built one
by scoring the grades 3, 2, 1 and -1 and adding them, out of a possible 21 (Metro and
4ni.co.uk, 24 Oct 2006), although the Home Office had called such a table "unhelpful and
inaccurate". This module rebuilds that construction on any scenario: each weighted measure
is an area, its score the scenario's aggregation of its own indicators, graded by the
scenario's grade rule (:mod:`scoring.grading.rules`; quantile shares are applied within each
area); the points (:func:`scoring.grading.rules.points`) are added; forces are ranked on the
total, ties sharing a place.

Under the same draws as :mod:`scoring.grading.misgrading`, it reports each force's chance of
a different total and the range of totals (5th to 95th percentile), which shows how much of
a points table is noise. This assembly is this project's; the points are the press's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import aggregate
from scoring.core.dataset import Dataset
from scoring.core.pipeline import score_arrays
from scoring.core.ranking import kendall_tau, rank
from scoring.core.scenario import Scenario
from scoring.grading import rules
from scoring.grading.misgrading import draws, setup


@dataclass(frozen=True, eq=False)
class PressTable:
    """The points table of the graded units (data order)."""

    codes: np.ndarray  # (r,)
    names: np.ndarray  # (r,)
    areas: tuple[str, ...]  # measure ids (D)
    area_labels: tuple[str, ...]
    grade_names: tuple[str, ...]
    grades: np.ndarray  # (r, D) published grade index per area
    total: np.ndarray  # (r,) published points
    rank: np.ndarray  # (r,) competition rank on the total
    composite_rank: np.ndarray  # (r,) rank on the composite score
    p_same: np.ndarray  # (r,) chance a re-run gives the same total
    low: np.ndarray  # (r,) 5th percentile of the total
    high: np.ndarray  # (r,) 95th percentile
    samples: int

    @property
    def maximum(self) -> float:
        return float(rules.points(len(self.grade_names))[0] * len(self.areas))

    @property
    def tau(self) -> float:
        """Kendall's tau between the points table and the composite ranks."""
        return kendall_tau(self.rank, self.composite_rank)

    @property
    def tied(self) -> int:
        """Forces that share their place with at least one other."""
        return int(pd.Series(self.total).duplicated(keep=False).sum())

    def frame(self) -> pd.DataFrame:
        """One row per unit: points, place, the composite's place, the grade per area, noise."""
        out = pd.DataFrame({"name": self.names, "points": self.total, "rank": self.rank,
                            "composite_rank": self.composite_rank},
                           index=pd.Index(self.codes, name="code"))  # fmt: skip
        for d, label in enumerate(self.area_labels):
            out[label] = [self.grade_names[k] for k in self.grades[:, d]]
        out["p_same_points"] = self.p_same
        out["points_5pct"], out["points_95pct"] = self.low, self.high
        return out


def area_scores(z: np.ndarray, weights: np.ndarray, groups: np.ndarray, areas: np.ndarray,
                aggregation: str, offset: float, scale_mask: np.ndarray) -> np.ndarray:
    """Each area's own score, (..., n, D): the aggregation over that measure's indicators."""
    w = np.asarray(weights, dtype=float)
    out = [aggregate.aggregate(z, np.where(groups == k, w, 0.0), aggregation, offset=offset,
                               scale_mask=scale_mask) for k in areas]  # fmt: skip
    return np.stack(out, axis=-1)


def press_table(dataset: Dataset, scenario: Scenario, *, samples: int | None = None,
                seed: int | None = None) -> PressTable:
    """The press's points table for ``scenario`` and its spread under the grading draws."""
    g = scenario.grading
    samples = samples or g.samples
    seed = scenario.seed if seed is None else seed
    st = setup(dataset, scenario)
    p, graded = st.p, st.graded
    if graded.sum() < 2:
        raise ValueError("fewer than two units have a place in the table, so there is nothing to grade")
    areas = np.flatnonzero(np.bincount(p.groups, weights=p.weights, minlength=len(p.measures)) > 0)
    methods = (scenario.aggregation, scenario.geometric_offset, p.scale_mask)
    labels = dataset.measure_labels
    z0, _ = score_arrays(p, scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    published = area_scores(z0, p.weights, p.groups, areas, *methods)[graded]
    area_bands = [rules.bands(g, published[:, d]) for d in range(len(areas))]
    worth = rules.points(area_bands[0].size)

    def totals(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grades = np.stack([b.assign(scores[..., d]) for d, b in enumerate(area_bands)], axis=-1)
        return grades, np.where(grades >= 0, worth[grades], 0.0).sum(axis=-1)

    grades0, total0 = totals(published)
    drawn = np.empty((samples, int(graded.sum())))
    for chunk in draws(st, samples, seed):
        scores = area_scores(chunk.z, chunk.weights, p.groups, areas, *methods)[:, graded]
        drawn[chunk.start:chunk.stop] = totals(scores)[1]
    return PressTable(
        codes=np.asarray(p.codes)[graded], names=dataset.units["name"].reindex(p.codes).to_numpy()[graded],
        areas=tuple(p.measures[k] for k in areas),
        area_labels=tuple(str(labels.get(p.measures[k], p.measures[k])) for k in areas),
        grade_names=area_bands[0].names, grades=grades0, total=total0, rank=rank(total0),
        composite_rank=rank(st.published[graded]), p_same=(drawn == total0).mean(axis=0),
        low=np.quantile(drawn, 0.05, axis=0), high=np.quantile(drawn, 0.95, axis=0), samples=samples,
    )  # fmt: skip
