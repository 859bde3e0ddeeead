"""Every gaming analysis for one scenario, in the pieces the page and the CLI need.

:func:`analyse_table` does the heavy work that depends only on the league table (the
exact minimum changes of B2, rank gains, under-recording of B6); it ignores the
gaming settings, so a page can cache it while the user edits the rubric or the
stop-and-search inputs. :func:`analyse_routes` adds the cheapest routes (B3), which
depend on the rubric; :func:`report` runs everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.scenario import GamingSettings, Scenario
from scoring.gaming import climb as gaming
from scoring.gaming import recording, route, whatif
from scoring.gaming.manipulability import rubric


@dataclass(frozen=True, eq=False)
class TableAnalysis:
    """What does not depend on the gaming settings."""

    whatif: whatif.WhatIf
    climb: pd.DataFrame  # gaming.climb_table
    places_per_pct: pd.DataFrame  # force x indicator, places per 1% (step LEVERAGE_STEP)
    gain_1pct: pd.DataFrame  # force x indicator, places bought by a 1% change
    under_recording: pd.DataFrame  # recording.under_recording, one candidate at a time


@dataclass(frozen=True, eq=False)
class GamingReport:
    """All of B1-B6 for one scenario."""

    table: TableAnalysis
    rubric: pd.DataFrame
    leverage: pd.DataFrame  # force x indicator, places per 1% x G
    thresholds: pd.DataFrame
    routes: pd.DataFrame
    steps: pd.DataFrame
    recording_indicators: list[str]
    under_recording: pd.DataFrame  # each recording indicator, then "all" of them at once


def table_scenario(scenario: Scenario) -> Scenario:
    """The scenario with its gaming settings reset: the cache key of :func:`analyse_table`."""
    return scenario.replace(gaming=GamingSettings(), name="")


def analysis_scenario(scenario: Scenario) -> Scenario:
    """The scenario with only the gaming settings :func:`report` uses: the cache key of it."""
    g = scenario.gaming
    kept = GamingSettings(rubric=g.rubric, max_change=g.max_change, threshold=g.threshold)
    return scenario.replace(gaming=kept, name="")


def analyse_table(dataset: Dataset, scenario: Scenario) -> TableAnalysis:
    """B2 minimum changes, rank gains and B6 under-recording for ``scenario``'s table."""
    w = whatif.build(dataset, scenario)
    labels = {j: dataset.label(j) for j in dataset.indicators}
    climb = gaming.climb_table(w, dataset.units["name"], labels)
    rates = gaming.leverage(w, np.ones(len(w.indicators)))
    # Candidates for under-recording: counts where fewer is better (the rubric filters later).
    meta = dataset.meta.reindex(w.indicators)
    candidates = [j for k, j in enumerate(w.indicators)
                  if meta.at[j, "kind"] == "count" and w.direction[k] < 0]  # fmt: skip
    return TableAnalysis(
        whatif=w,
        climb=climb,
        places_per_pct=_force_frame(w, rates["places_per_pct"]),
        gain_1pct=_force_frame(w, rates["gain_1pct"]),
        under_recording=recording.under_recording(w, candidates),
    )


def analyse_routes(table: TableAnalysis, dataset: Dataset, settings: GamingSettings):
    """B3 cheapest routes under the settings' rubric and plausibility cap."""
    g = rubric(dataset, settings.rubric)["G"].reindex(table.whatif.indicators).to_numpy(float)
    return route.cheapest_routes(table.whatif, table.climb, g, settings.max_change)


def report(dataset: Dataset, scenario: Scenario) -> GamingReport:
    """Run every gaming analysis for ``scenario`` (B1-B6)."""
    table = analyse_table(dataset, scenario)
    routes = analyse_routes(table, dataset, scenario.gaming)
    return assemble(table, dataset, scenario.gaming, routes)


def assemble(table: TableAnalysis, dataset: Dataset, settings: GamingSettings,
             routes: tuple[pd.DataFrame, pd.DataFrame]) -> GamingReport:
    """Combine the cached pieces with the cheap, settings-dependent ones."""
    grades = rubric(dataset, settings.rubric)
    g = grades["G"].reindex(table.whatif.indicators)
    kept = recording.recorded_crime(table.whatif, dataset, grades)
    each = table.under_recording
    return GamingReport(
        table=table,
        rubric=grades,
        leverage=table.places_per_pct * g,
        thresholds=gaming.thresholds(table.whatif, settings.threshold),
        routes=routes[0],
        steps=routes[1],
        recording_indicators=kept,
        under_recording=pd.concat([each[each["indicator"].isin(kept)],
                                   recording.under_recording_all(table.whatif, kept)],
                                  ignore_index=True),
    )  # fmt: skip


def _force_frame(w: whatif.WhatIf, values: np.ndarray) -> pd.DataFrame:
    """Force x indicator frame of the ranked forces."""
    return pd.DataFrame(values, index=w.codes, columns=w.indicators)[w.ranked]
