"""Churn from noise alone: how far forces would move year to year if nothing real changed.

This project's design, after Marshall & Spiegelhalter (1998, "Reliability of league tables
of in vitro fertilisation clinics", *BMJ* 316:1701).

Keep every force's true rates at this year's observed values, draw two independent
years of counting and survey noise (:mod:`scoring.instability.noise`; weights and methods fixed
at the scenario's), rank both, and record :math:`|r^{(1)}_f - r^{(2)}_f|`. Marshall &
Spiegelhalter (1998, *BMJ* 316:1701) found that "many centres had substantial changes
in rank between years, even though their live birth rate did not change
significantly"; this puts a number on that for the table in hand. When the dataset
carries the previous year (``context["previous"]``), the observed change between the
two years' tables is set beside it: if the observed churn is about the noise-only
churn, movement in the table is not evidence of changed performance.

Recording error is left out: a force's recording practice is a lasting trait, so it
shifts both years alike rather than adding year-to-year churn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.pipeline import score
from scoring.core.scenario import Scenario
from scoring.instability import noise as data_noise
from scoring.instability.uncertainty import Plan, build, rank_chunks, streams


@dataclass(frozen=True, eq=False)
class ChurnResult:
    """Noise-only year-to-year moves, and the observed ones when there is a previous year."""

    table: pd.DataFrame  # index code: nominal, noise_mean, noise_p90, observed, beyond
    noise_shift: np.ndarray  # (B,) mean |move| over forces in each simulated pair of years
    observed_shift: float | None  # mean |move| between last year's table and this one
    samples: int
    seed: int

    def noise_range(self, coverage: float = 0.90) -> tuple[float, float]:
        """Central ``coverage`` range of the mean noise-only move over simulated year pairs."""
        tail = 100 * (1 - coverage) / 2
        low, high = np.percentile(self.noise_shift, [tail, 100 - tail])
        return float(low), float(high)

    @property
    def beyond_noise(self) -> int:
        """Forces whose observed move exceeds 9 in 10 of their noise-only moves."""
        return int(self.table["beyond"].sum())

    @property
    def observed_share_explained(self) -> float | None:
        """Share of simulated noise-only years with at least the observed mean move."""
        if self.observed_shift is None:
            return None
        return float((self.noise_shift >= self.observed_shift).mean())


def churn(
    dataset: Dataset,
    scenario: Scenario,
    *,
    samples: int | None = None,
    seed: int | None = None,
    progress=None,
) -> ChurnResult:
    """Simulate ``samples`` pairs of noisy years under ``scenario`` (default: its settings)."""
    samples = samples or scenario.uncertainty.samples
    seed = scenario.seed if seed is None else seed
    model = build(dataset, scenario)
    ranked = model.ranked
    plan = Plan(shares=np.tile(model.mw.shares, (2 * samples, 1)),
                combo=np.zeros(2 * samples, dtype=np.int64), drop=np.full(2 * samples, -1))  # fmt: skip
    rng = streams(seed)["churn"]  # its own stream: not the Monte Carlo run's noise draws
    if model.noise.has_noise:
        x_of = lambda start, stop: data_noise.draw(model.noise, stop - start, rng)  # noqa: E731
    else:
        x_of = lambda start, stop: None  # noqa: E731
    ranks = np.concatenate([model.places(r) for _, r in rank_chunks(model, plan, x_of, progress)])
    moves = np.abs(ranks[:samples] - ranks[samples:])
    nominal = model.nominal[ranked]
    table = pd.DataFrame(
        {"nominal": nominal.astype(int), "noise_mean": moves.mean(axis=0),
         "noise_p90": np.percentile(moves, 90, axis=0)},
        index=pd.Index(np.asarray(model.p.codes)[ranked], name="code"),
    )  # fmt: skip
    observed = observed_moves(dataset, scenario)
    table["observed"] = np.nan if observed is None else observed.reindex(table.index)
    table["beyond"] = table["observed"] > table["noise_p90"]
    shift = None if observed is None or observed.isna().all() else float(table["observed"].mean())
    return ChurnResult(table=table, noise_shift=moves.mean(axis=1), observed_shift=shift,
                       samples=samples, seed=seed)  # fmt: skip


def observed_moves(dataset: Dataset, scenario: Scenario) -> pd.Series | None:
    """|rank this year - rank last year| per unit under the same scenario, if there is a last year."""
    ranks = both_years(dataset, scenario)
    return None if ranks is None else (ranks["now"] - ranks["then"]).abs()


def both_years(dataset: Dataset, scenario: Scenario) -> pd.DataFrame | None:
    """Ranks this year (``now``) and last year (``then``) under the same scenario, if any."""
    previous = dataset.context.get("previous")
    if previous is None:
        return None
    before = dataclasses.replace(
        dataset,
        values=previous.reindex(index=dataset.values.index, columns=dataset.values.columns),
        context={k: v for k, v in dataset.context.items() if k != "previous"},
    )
    now = score(dataset, scenario).table["rank"].astype(float)
    then = score(before, scenario).table["rank"].astype(float).reindex(now.index)
    return pd.DataFrame({"now": now, "then": then})
