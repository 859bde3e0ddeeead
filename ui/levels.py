"""Hierarchies on screen: the score's parts at every level, and what level an analysis moves.

Shared by the League table and the sensitivity pages. The weights themselves (a slider per
level) are drawn by the scenario sidebar (:func:`ui.widgets.scenario_sidebar`).
"""

from __future__ import annotations

import streamlit as st

from scoring.core import hierarchy
from scoring.core.dataset import Dataset
from scoring.core.pipeline import ScoredTable
from scoring.core.scenario import Scenario
from ui import figures, widgets
from ui.widgets import escape


def additive(scenario: Scenario) -> bool:
    """True when the parts add up to the score (arithmetic at every level)."""
    return scenario.aggregation == "arithmetic" and scenario.across in ("same", "arithmetic")


def contributions(result: ScoredTable, dataset: Dataset, scenario: Scenario, score_label: str) -> None:
    """The score split by measure, and with themes (or deeper) one tab per level, top first."""
    if not hierarchy.has_groups(dataset):
        _bars(result, dataset.measure_ids, dict(dataset.measure_labels), scenario, score_label, "league_bars")
        return
    tree = hierarchy.of(dataset)
    levels = list(range(tree.depth - 1, 1, -1))
    for level, tab in zip(levels, st.tabs([tree.level_name(lv) for lv in levels]), strict=True):
        with tab:
            nodes = [n for n in (*tree.groups, *tree.measures) if tree.level[n] == level or
                     (n in tree.top and tree.level[n] < level)]  # a top node shorter than the tree  # fmt: skip
            labels = {n: tree.labels[n] for n in nodes}
            _bars(result, nodes, labels, scenario, score_label, f"league_bars_{level}")


def _bars(result: ScoredTable, ids: list[str], labels: dict, scenario: Scenario, score_label: str, key: str):
    add = additive(scenario)
    widgets.chart(figures.league_bars(result.ranked, ids, labels, add, score_label), key=key,
                  alt="Bar chart of every ranked force's score, best at the top, split into its parts.",
                  width=widgets.HALF)  # fmt: skip
    if not add:
        st.caption("Under this aggregation the parts do not add up to the score, so each bar shows "
                   "the whole score; the force profile below shows the parts.")  # fmt: skip


def level_note(dataset: Dataset, scenario: Scenario, acts: str | None = None) -> None:
    """Say plainly which level an analysis acts on, when the framework has levels above the measures.

    The Monte Carlo draws weights down the tree
    (:func:`scoring.instability.uncertainty.draw_tree_shares`); best and worst ranks and
    weight stability move measure shares (:mod:`scoring.instability.shares`), the themes'
    weights entering as their starting shares.
    """
    if not hierarchy.has_groups(dataset):
        return
    tree = hierarchy.of(dataset)
    above = ", ".join(tree.level_name(lv).lower() for lv in range(3, tree.depth))
    how = (f"{scenario.aggregation} within each top-level group and "
           f"{scenario.across} across them" if scenario.across not in ("same", scenario.aggregation) else "")
    text = acts or (f"the Monte Carlo draws the weights level by level, from the {escape(above)} down "
                    f"to each measure's share within its group. Best and worst ranks and weight "
                    f"stability move the weights of the {len(tree.measures)} measures, starting from "
                    f"their effective weights, which the {escape(above)} set")  # fmt: skip
    st.info(f"**Level:** {text}{'; scores are ' + how if how else ''}.", icon=":material/account_tree:")
