"""Most-similar groups and the context-adjusted table in one call, for the page and the CLI.

:func:`analyse` scores the scenario (the pipeline's composite, whatever its weights and
methods), reads each force area's context (:mod:`scoring.context.variables`), forms the
most-similar groups (:mod:`scoring.context.similar`) with each force's rank and funnel
positions in its group, and adjusts the table for context (:mod:`scoring.context.fairness`).
Direction of travel (:mod:`scoring.context.travel`, :mod:`scoring.context.changes`) does not
depend on the groups and is computed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.context import fairness, similar
from scoring.context.variables import Context, force_context
from scoring.core.dataset import Dataset
from scoring.core.pipeline import score
from scoring.core.scenario import ContextSettings, Scenario
from scoring.rigidity.domains import basket_weights


@dataclass(frozen=True, eq=False)
class ContextAnalysis:
    """Everything the Most similar forces and fairness sections show."""

    context: Context
    groups: similar.Groups
    table: pd.DataFrame  # the scored table (name, score, rank, ...)
    ranks: pd.DataFrame  # per force: national and group rank (similar.group_ranks)
    positions: pd.DataFrame  # long: funnel position per force and weighted count indicator
    adjustment: fairness.Adjustment
    indicators: list[str]  # weighted count indicators (the funnel applies to them)

    def focus(self, settings: ContextSettings) -> str:
        """The force in focus: the scenario's, else the first in the table."""
        if settings.force in self.ranks.index:
            return settings.force
        return self.ranks.sort_values(["rank", "name"], na_position="last").index[0]

    def funnel_indicator(self, settings: ContextSettings) -> str | None:
        """The indicator on the group funnel: the scenario's, else the first weighted count."""
        if settings.indicator in self.indicators:
            return settings.indicator
        return next(iter(self.indicators), None)

    def tau2(self, indicator: str) -> float:
        """Between-force variance allowed for on ``indicator``'s funnel (0: chance alone)."""
        rows = self.positions[self.positions["indicator"] == indicator]
        return float(rows["tau2"].iloc[0]) if len(rows) else 0.0

    def group_summary(self, code: str) -> pd.DataFrame:
        """One force's funnel positions against its similar forces, per indicator."""
        return self.positions[self.positions["code"] == code].set_index("indicator")


def analyse(dataset: Dataset, scenario: Scenario) -> ContextAnalysis:
    """Run the groups and the adjustment for ``scenario`` (settings in ``scenario.context``)."""
    settings = scenario.context
    context = force_context(dataset)
    table = score(dataset, scenario).table
    groups = similar.similar_groups(context, settings.group_by, settings.group_size)
    weights = basket_weights(dataset, scenario)
    meta = dataset.meta
    indicators = [j for j in dataset.indicators if weights[j] > 0 and meta.at[j, "kind"] == "count"]
    directions = {j: scenario.direction(j, int(meta.at[j, "direction"])) for j in indicators}
    positions = similar.funnel_positions(dataset, groups, indicators, directions,
                                         overdispersion=settings.overdispersion)
    adjustment = fairness.adjust(table, context, settings.adjust_for)
    return ContextAnalysis(context=context, groups=groups, table=table,
                           ranks=similar.group_ranks(groups, table), positions=positions,
                           adjustment=adjustment, indicators=indicators)  # fmt: skip


def without_focus(scenario: Scenario) -> Scenario:
    """The scenario with the settings :func:`analyse` does not read put back to defaults.

    The force in focus, the funnel's indicator and the direction-of-travel settings only
    choose what is shown, so a cache keyed on this value is not recomputed when they change.
    """
    kept = {k: getattr(scenario.context, k) for k in ("group_size", "group_by", "adjust_for",
                                                       "overdispersion")}  # fmt: skip
    return scenario.replace(context=ContextSettings(**kept))
