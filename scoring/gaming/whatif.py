"""What-if re-scoring: change one force's indicator values and recompute the whole table.

A force that records more drug offences does not only raise its own value: under
min-max, z-score or percentile normalisation it moves the scale every other force is
measured on, and with winsorising it can move the clipping bounds too. The only
honest answer to "how many places would this buy?" is to recompute the table. This
module does that exactly and in bulk.

A change is a relative change :math:`t_j` of the force's raw value on each indicator
(:math:`x'_{fj} = x_{fj}(1 + t_j)`), so for a count indicator it is the same relative
change of the recorded count. Everything after it is re-run as in
:func:`scoring.core.pipeline.prepare` and :func:`scoring.core.pipeline.score_arrays`: outlier
treatment, normalisation (with re-normalisation over the scale units), aggregation and
competition ranks. The national value moves with the force's own change (for a count,
by :math:`\\Delta c_f \\cdot 10^k / P_{E\\&W}`), which matters for the
distance-to-England-and-Wales normalisation.

Many candidate changes are scored at once along a leading sample axis (this project's
design); memory is bounded by scoring in chunks.

References
----------
Triantaphyllou, E. & Sánchez, A. (1997) "A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods", *Decision Sciences* 28(1):151-194:
the smallest change in a performance measure that reverses a ranking. Applying it to one
force with the whole table recomputed, and confirming every result that way, is this
project's design.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import aggregate, normalise, transform
from scoring.core.dataset import Dataset
from scoring.core.pipeline import Prepared, prepare, rank_ranked, score_arrays
from scoring.core.ranking import DECIMALS
from scoring.core.scenario import Scenario

CELLS_PER_CHUNK = 2_000_000  # floats held at once while scoring a batch (about 16 MB)


@dataclass(frozen=True, eq=False)
class WhatIf:
    """A scenario's table, ready to be re-scored with one force's values changed."""

    prepared: Prepared  # the scenario's arrays (treated values, masks, weights)
    raw: np.ndarray  # (n, m) values before outlier treatment, after missing-value handling
    reference: np.ndarray  # (m,) national values before treatment
    counts: np.ndarray  # (n, m) recorded counts (NaN where the indicator is not a count)
    observed: np.ndarray  # (n, m) True where the data has a value (not missing, not imputed)
    upper: np.ndarray  # (m,) largest possible value (100 for a percentage, else inf)
    national_share: np.ndarray  # (n,) the force's share of the national population
    normalisation: str
    aggregation: str
    offset: float
    treatment: str
    winsor_pct: float
    z: np.ndarray  # (n, m) normalised values as published
    parts: np.ndarray  # (n, m) what the weighted mean averages: z, or log(z~) for geometric
    margins: np.ndarray | None  # (n, n) Copeland contest margins (None for other aggregations)
    scores: np.ndarray  # (n,) scores as published
    ranks: np.ndarray  # (n,) ranks as published (NaN if not ranked)

    @property
    def codes(self) -> pd.Index:
        return self.prepared.codes

    @property
    def indicators(self) -> list[str]:
        return self.prepared.indicators

    @property
    def weights(self) -> np.ndarray:
        return self.prepared.weights

    @property
    def direction(self) -> np.ndarray:
        return self.prepared.direction

    @property
    def ranked(self) -> np.ndarray:
        return self.prepared.ranked_mask

    def score_changes(self, force: np.ndarray, changes: np.ndarray) -> np.ndarray:
        """Scores of every unit after each change; shape ``(B, n)``.

        Parameters
        ----------
        force : ndarray of int, shape (B,)
            Row index of the force that changes, one per sample.
        changes : ndarray, shape (B, m)
            Relative change of that force's value on each indicator (0.1 = +10%).
            Values are kept within ``[0, upper]`` (no negative counts, no 101%).
        """
        force = np.asarray(force, dtype=int)
        changes = np.asarray(changes, dtype=float)
        n, m = self.raw.shape
        factor = n if self.aggregation == "copeland" else 1  # pairwise contests are (n, n, m)
        size = max(1, CELLS_PER_CHUNK // (n * m * factor))
        parts = [self._score_chunk(force[i:i + size], changes[i:i + size])
                 for i in range(0, len(force), size)]  # fmt: skip
        return np.concatenate(parts) if parts else np.empty((0, n))

    def rank_changes(self, force: np.ndarray, changes: np.ndarray) -> np.ndarray:
        """The changing force's rank after each change; shape ``(B,)`` (NaN if unranked)."""
        return self.own_rank(self.score_changes(force, changes), force)

    def rank_columns(self, force: np.ndarray, changes: np.ndarray, *,
                     held: np.ndarray | None = None) -> np.ndarray:
        """Like :meth:`rank_changes`, faster: only the changed indicators are re-scored.

        An indicator's treatment and normalisation use that indicator's values alone, so
        the others' normalised values cannot move; their terms of the weighted mean (or
        their part of every Copeland margin) are kept and only the changed ones swapped.
        The results equal :meth:`rank_changes` (tested); searches use this path and every
        reported answer is confirmed with the full one. ``held`` (:meth:`held_terms`) adds
        changes already made to other indicators, scored once instead of at every call.
        """
        return self.own_rank(self.scores_columns(force, changes, held=held), force)

    def rank_single(self, force: np.ndarray, ind: np.ndarray, change: np.ndarray) -> np.ndarray:
        """:meth:`rank_columns` with one indicator ``ind[b]`` changed by ``change[b]``."""
        return self.rank_columns(force, single_changes(self.raw.shape[1], ind, change))

    def own_rank(self, scores: np.ndarray, force: np.ndarray) -> np.ndarray:
        """Rank of ``force[b]`` in ``scores[b]``: :func:`scoring.core.ranking.rank` for one unit.

        Competition rank among the ranked units, :math:`1 + \\#\\{g: S_g > S_f\\}` on scores
        rounded to :data:`scoring.core.ranking.DECIMALS`; NaN for a unit without a rank.
        """
        force = np.asarray(force, dtype=int)
        s = np.round(scores, DECIMALS)
        own = s[np.arange(len(force)), force]
        better = np.sum(self.ranked & (s > own[:, None]), axis=1)
        return np.where(self.ranked[force] & ~np.isnan(own), 1.0 + better, np.nan)

    def scores_columns(self, force: np.ndarray, changes: np.ndarray, *,
                       held: np.ndarray | None = None) -> np.ndarray:
        """Scores ``(B, n)`` after each change, re-scoring only the changed indicators; with
        ``held`` (:meth:`held_terms`), on top of changes held on other indicators."""
        return self._by_chunk(force, changes, held, self._total)

    def held_terms(self, force: np.ndarray, changes: np.ndarray) -> np.ndarray:
        """What ``changes`` make of the sums the aggregation adds up, ``(B, n)`` (Copeland:
        the margins, ``(B, n, n)``), for :meth:`scores_columns` to add other indicators'
        changes to: a search over one indicator re-scores only that one at each step."""
        return self._by_chunk(force, changes, None, lambda acc: acc)

    def _by_chunk(self, force, changes, held, then) -> np.ndarray:
        force = np.asarray(force, dtype=int)
        changes = np.asarray(changes, dtype=float)
        n, m = self.raw.shape
        size = max(1, CELLS_PER_CHUNK // (n * (n if self.aggregation == "copeland" else m)))
        parts = [then(self._terms(force[i:i + size], changes[i:i + size],
                                  None if held is None else held[i:i + size]))
                 for i in range(0, len(force), size)]  # fmt: skip
        return np.concatenate(parts) if parts else np.empty((0, n))

    def _moved(self, x: np.ndarray, force: np.ndarray, changes: np.ndarray, upper) -> np.ndarray:
        """Treated values ``(B, n + 1, k)`` (last row national) after the force's change."""
        rows = np.arange(len(force))
        old = x[rows, force]
        new = np.clip(old * (1.0 + changes), 0.0, upper)
        x[rows, force] = new
        # The national value is a population-weighted total, so it moves by the force's share.
        x[:, -1] += np.nan_to_num(new - old) * self.national_share[force][:, None]
        scale = np.append(self.prepared.scale_mask, False)  # the national row sets no bounds
        return transform.treat(x, self.treatment, scale_mask=scale, winsor_pct=self.winsor_pct)

    def _score_chunk(self, force: np.ndarray, changes: np.ndarray) -> np.ndarray:
        x = np.repeat(np.vstack([self.raw, self.reference])[None], len(force), axis=0)
        treated = self._moved(x, force, changes, self.upper)
        moved = dataclasses.replace(self.prepared, reference=treated[:, -1])
        _, s = score_arrays(moved, self.normalisation, self.aggregation, self.offset,
                            x=treated[:, :-1])  # fmt: skip
        return s

    def _terms(self, force: np.ndarray, changes: np.ndarray, start: np.ndarray | None) -> np.ndarray:
        p, w = self.prepared, self.prepared.weights
        copeland = self.aggregation == "copeland"
        n = self.raw.shape[0]
        # What the aggregation adds up: every Copeland margin, or the weighted mean's terms.
        b = len(force)
        if start is not None:
            acc = start.copy()
        else:
            acc = np.repeat(self.margins[None], b, axis=0) if copeland else np.zeros((b, n))
        den = np.sum(np.where(np.isnan(self.parts), 0.0, w), axis=1)
        for j in np.flatnonzero((changes != 0).any(axis=0)):
            rows = np.flatnonzero(changes[:, j] != 0)
            zj = self._column(force[rows], int(j), changes[rows, j])
            if copeland:
                wj = w[j:j + 1]
                acc[rows] += (aggregate.pairwise_margins(zj, wj)
                              - aggregate.pairwise_margins(self.z[:, j:j + 1], wj))  # fmt: skip
                continue
            part = zj if self.aggregation == "arithmetic" else np.log(
                aggregate.to_unit_interval(zj, self.offset, p.scale_mask))
            with np.errstate(invalid="ignore", divide="ignore"):
                acc[rows] += np.nan_to_num(w[j] * (part[..., 0] - self.parts[:, j]) / den)
        return acc

    def _total(self, acc: np.ndarray) -> np.ndarray:
        """Scores from the sums of :meth:`_terms`."""
        if self.aggregation == "copeland":
            return aggregate.copeland_from_margins(acc, self.prepared.scale_mask)
        total = aggregate.arithmetic(self.parts, self.prepared.weights) + acc
        return total if self.aggregation == "arithmetic" else np.exp(total)

    def _column(self, force: np.ndarray, j: int, change: np.ndarray) -> np.ndarray:
        """Indicator j treated and normalised again after each change, ``(B, n, 1)``."""
        p = self.prepared
        column = np.append(self.raw[:, j], self.reference[j])[None, :, None]
        x = np.repeat(column, len(force), axis=0)
        treated = self._moved(x, force, change[:, None], self.upper[j])
        return normalise.normalise(treated[:, :-1], self.normalisation, p.direction[j:j + 1],
                                   scale_mask=p.scale_mask, reference=treated[:, -1])  # fmt: skip


def single_changes(m: int, ind: np.ndarray, change: np.ndarray) -> np.ndarray:
    """Change arrays ``(B, m)`` that move one indicator ``ind[b]`` by ``change[b]`` each."""
    ind = np.asarray(ind, dtype=int)
    changes = np.zeros((len(ind), m))
    changes[np.arange(len(ind)), ind] = change
    return changes


def build(dataset: Dataset, scenario: Scenario) -> WhatIf:
    """Arrays for what-if re-scoring of ``dataset`` under ``scenario``.

    The untreated values come from :func:`~scoring.core.pipeline.prepare` run with no outlier
    treatment, so missing values are handled exactly as in the published table.
    """
    p = prepare(dataset, scenario)
    untreated = prepare(dataset, scenario.replace(transform="none"))
    meta = dataset.meta.reindex(p.indicators)
    is_count = (meta["kind"] == "count").to_numpy()
    raw_counts = dataset.values.reindex(index=p.codes, columns=p.indicators).to_numpy(float)
    population = dataset.units["population"].reindex(p.codes).to_numpy(float)
    national = _national_population(dataset, population)
    z, s = score_arrays(p, scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    copeland = scenario.aggregation == "copeland"
    parts = z if scenario.aggregation != "geometric" else np.log(
        aggregate.to_unit_interval(z, scenario.geometric_offset, p.scale_mask))
    return WhatIf(
        prepared=p,
        raw=untreated.x,
        reference=untreated.reference,
        counts=np.where(is_count, raw_counts, np.nan),
        observed=~np.isnan(raw_counts),
        upper=np.where((meta["kind"] == "percent").to_numpy(), 100.0, np.inf),
        national_share=population / national,
        normalisation=scenario.normalisation,
        aggregation=scenario.aggregation,
        offset=scenario.geometric_offset,
        treatment=scenario.transform,
        winsor_pct=scenario.winsor_pct,
        z=z,
        parts=parts,
        margins=aggregate.pairwise_margins(z, p.weights) if copeland else None,
        scores=s,
        ranks=rank_ranked(s, p.ranked_mask),
    )


def _national_population(dataset: Dataset, population: np.ndarray) -> float:
    """England and Wales population: the published one, else the units' total."""
    national = dataset.national
    if national is not None and pd.notna(national.get("population")):
        return float(national["population"])
    return float(np.nansum(population))
