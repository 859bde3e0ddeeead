"""Weights at any depth: indicator -> measure -> ... -> index.

A framework is a tree. Its leaves are the indicators (level 1); each indicator belongs to
a measure (level 2); measures may sit in themes, themes in areas, and so on up to the
index, the root. A node's weight counts against its *siblings* only (the children of the
same parent), so the effective weight of indicator *j* is the product of the normalised
weights on its path to the index,

.. math:: w_j = \\prod_{a \\in \\mathrm{path}(j)} \\frac{W_a}{\\sum_{b \\in \\mathrm{sib}(a)} W_b},

the effective weights of COINr's ``get_eff_weights`` (Becker et al. 2022, "COINr: An R
package for developing composite indicators", *J. Open Source Software* 7(78):4567;
OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, step 6). A node whose
indicators all weigh nothing (no data yet, or weight 0) drops out and its siblings share
its weight, as a measure does in :func:`scoring.core.weights.effective_weights`.

How a :class:`~scoring.core.dataset.Dataset` stores it (both optional; a dataset with
neither is the two-level framework the project started with):

* ``measures["parent"]``: the group each measure sits in ("" or missing: the index);
* ``context["groups"]``: one row per group above the measures, indexed by id, with
  ``label`` and ``parent`` ("" = the index) and, when a file states them, ``weight``.

Ids are shared by the scenario: ``Scenario.group_weights`` holds the weight of every
group (0-10 slider scale, 5 when not mentioned), beside ``measure_weights`` and
``indicator_weights``. A preset declares theme -> measure -> metric by shipping data whose
measures have a ``parent`` and whose ``groups`` name the themes.

Aggregation may differ by level: ``Scenario.aggregation`` combines the indicators within
each top-level node (a theme, or a measure when there are no themes) and
``Scenario.across`` combines the top-level nodes (``"same"``: one aggregation over every
indicator with its effective weight, the project's original table).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import once
from scoring.core.weights import effective_weights

INDEX = ""  # the root's id: a parent of "" means "directly under the index"
LEVEL_NAMES = {1: "Indicators", 2: "Measures", 3: "Themes", 4: "Areas"}
ACROSS = ("same", "arithmetic", "geometric")
ACROSS_LABELS = {
    "same": "The same as within (one aggregation over every indicator)",
    "arithmetic": "Arithmetic mean of the top-level scores",
    "geometric": "Geometric mean of the top-level scores",
}


@dataclass(frozen=True)
class Hierarchy:
    """A framework's tree: every node's parent, label and level (1 = indicators).

    ``parent`` maps every indicator, measure and group to its parent id (:data:`INDEX`
    for the top level); ``level`` is 1 for indicators, 2 for measures and, for a group,
    one more than its deepest child, so the index is at ``depth``.
    """

    parent: Mapping[str, str]
    labels: Mapping[str, str]
    level: Mapping[str, int]
    measures: tuple[str, ...]
    groups: tuple[str, ...]  # bottom-up, in the order the dataset lists them

    @property
    def depth(self) -> int:
        """Levels counting the index: 3 for indicator -> measure -> index."""
        return max(self.level.values(), default=1) + 1

    def nodes_at(self, level: int) -> list[str]:
        """The nodes of one level (1 indicators, 2 measures, 3 and up groups)."""
        return [n for n, lv in self.level.items() if lv == level]

    def children(self, node: str) -> list[str]:
        """Direct children of ``node`` (:data:`INDEX` for the top level)."""
        return [n for n, p in self.parent.items() if p == node]

    @property
    def top(self) -> list[str]:
        """The nodes directly under the index (themes, or measures when there are none)."""
        return [n for n in (*self.groups, *self.measures) if self.parent[n] == INDEX]

    def ancestor(self, node: str, level: int) -> str:
        """The node's ancestor at ``level`` (itself if it is there; the top node if the
        path skips that level)."""
        while self.level[node] < level and self.parent.get(node, INDEX) != INDEX:
            node = self.parent[node]
        return node

    def path(self, node: str) -> list[str]:
        """``node`` and the groups above it, up to its top-level node (the index left out)."""
        out = [node]
        while self.parent.get(out[-1], INDEX) != INDEX:
            out.append(self.parent[out[-1]])
        return out

    def top_of(self, node: str) -> str:
        """The top-level node above ``node`` (itself if it is one)."""
        return self.path(node)[-1]

    def level_name(self, level: int) -> str:
        """"Measures", "Themes", ... for a level number."""
        return LEVEL_NAMES.get(level, f"Level {level}")


def of(dataset) -> Hierarchy:
    """The hierarchy a :class:`~scoring.core.dataset.Dataset` declares (see module docstring),
    built once per dataset."""
    return once(dataset, "hierarchy", lambda: _build(dataset))


def _build(dataset) -> Hierarchy:
    meta, measures = dataset.meta, dataset.measures
    groups = dataset.context.get("groups")
    groups = groups if groups is not None else pd.DataFrame(columns=["label", "parent"])
    parent = {str(j): str(m) for j, m in meta["measure"].items()}
    measure_parent = measures["parent"] if "parent" in measures else pd.Series(INDEX, index=measures.index)
    for m in dataset.measure_ids:
        parent[m] = _parent_id(measure_parent.get(m, INDEX))
    for g in groups.index:
        parent[str(g)] = _parent_id(groups.at[g, "parent"])
    labels = {**{j: str(meta.at[j, "label"]) for j in meta.index},
              **{m: str(measures.at[m, "label"]) for m in measures.index},
              **{str(g): str(groups.at[g, "label"]) for g in groups.index}}  # fmt: skip
    level = {j: 1 for j in meta.index} | {m: 2 for m in dataset.measure_ids}
    for g in groups.index:
        level[str(g)] = 3
    for _ in range(len(groups)):  # a group sits one level above its deepest child
        for n, p in parent.items():
            if p != INDEX and p in level:
                level[p] = max(level[p], level[n] + 1)
    return Hierarchy(parent=parent, labels=labels, level=level, measures=tuple(dataset.measure_ids),
                     groups=tuple(str(g) for g in groups.index))  # fmt: skip


def _parent_id(value) -> str:
    return INDEX if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()


def has_groups(dataset) -> bool:
    """True when the dataset declares a level above its measures."""
    groups = dataset.context.get("groups")
    return groups is not None and len(groups) > 0


def path_shares(h: Hierarchy, weight: Mapping[str, float], filled: Mapping[str, bool]) -> dict[str, float]:
    """Each measure's share of the index: the product of its path's normalised weights.

    ``weight`` gives every measure and group its weight (any non-negative scale);
    ``filled`` says which measures have any indicator weight (the others, and groups with
    no filled measure below them, drop out and their siblings share their weight).
    """
    alive = {m: bool(filled.get(m, False)) and weight.get(m, 0.0) > 0 for m in h.measures}
    for g in sorted(h.groups, key=h.level.get):
        alive[g] = weight.get(g, 0.0) > 0 and any(alive.get(c, False) for c in h.children(g))
    share = {}
    for node in (*h.measures, *h.groups):
        siblings = h.children(h.parent[node])
        total = sum(max(weight.get(s, 0.0), 0.0) for s in siblings if alive.get(s, False))
        share[node] = max(weight.get(node, 0.0), 0.0) / total if alive.get(node) and total > 0 else 0.0
    return {m: math.prod(share[n] for n in h.path(m)) for m in h.measures}  # in path order


def tree_weights(h: Hierarchy, measure_of: pd.Series, weight: Mapping[str, float],
                 indicator_weights: Mapping[str, float]) -> pd.Series:
    """Effective weight of every indicator in a tree of any depth (sums to 1).

    Raises ``ValueError`` when every weight is zero, as
    :func:`scoring.core.weights.effective_weights` does.
    """
    within = pd.Series([max(float(indicator_weights.get(j, 1.0)), 0.0) for j in measure_of.index],
                       index=measure_of.index).groupby(measure_of).sum()  # fmt: skip
    shares = path_shares(h, weight, {m: within.get(m, 0.0) > 0 for m in h.measures})
    return effective_weights(measure_of, shares, indicator_weights)


def level_shares(h: Hierarchy, weights: pd.Series, level: int) -> pd.Series:
    """Effective weight summed at one level: each node's share of the index."""
    return weights.groupby(lambda j: h.ancestor(j, level), sort=False).sum()


def top_index(h: Hierarchy, indicators: list[str]) -> tuple[np.ndarray, list[str]]:
    """Index of each indicator's top-level node, and the top-level nodes in that order."""
    tops = list(dict.fromkeys(h.top_of(j) for j in indicators))
    order = {t: i for i, t in enumerate(tops)}
    return np.array([order[h.top_of(j)] for j in indicators], dtype=int), tops


def level_contributions(h: Hierarchy, table: pd.DataFrame, level: int) -> pd.DataFrame:
    """Each node's part of every unit's score at ``level`` (2 = measures), from the
    table's ``c_<measure>`` columns: a group's part is the sum of its measures' parts."""
    parts = {}
    for m in h.measures:
        column = f"c_{m}"
        if column in table:
            node = h.ancestor(m, level)
            parts[node] = parts.get(node, 0.0) + table[column]
    return pd.DataFrame(parts, index=table.index)


def attach(dataset, measure_parent: Mapping[str, str], groups: pd.DataFrame):
    """The dataset with a hierarchy above its measures.

    ``measure_parent`` maps measure ids to their group (missing: the index); ``groups`` is
    indexed by group id with ``label`` and ``parent`` (and optionally ``weight``). Raises
    ``ValueError`` naming the node when a parent is unknown, an id is used twice or the
    parents run in a circle.
    """
    import dataclasses

    groups = groups.copy()
    groups["parent"] = groups["parent"].map(_parent_id) if len(groups) else groups.get("parent")
    known = set(groups.index)
    clash = known & (set(dataset.measure_ids) | set(dataset.indicators))
    if clash:
        raise ValueError(f"the group id {sorted(clash)[0]!r} is also a measure or an indicator id")
    for node, p in [*measure_parent.items(), *groups["parent"].items()]:
        if p != INDEX and p not in known:
            raise ValueError(f"the parent {p!r} of {node!r} is not a group")
    for g in groups.index:  # every chain must reach the index
        seen, node = set(), g
        while node != INDEX:
            if node in seen:
                raise ValueError(f"the parents of {g!r} run in a circle")
            seen.add(node)
            node = groups.at[node, "parent"]
    measures = dataset.measures.copy()
    measures["parent"] = [_parent_id(measure_parent.get(m, INDEX)) for m in measures.index]
    return dataclasses.replace(dataset, measures=measures, context={**dataset.context, "groups": groups})


def effective_table(h: Hierarchy, weights: pd.Series) -> pd.DataFrame:
    """Every node with its level, parent and effective weight (its share of the index),
    top level first: the table shown beside the sliders and written to exports."""
    rows = []
    for level in range(h.depth - 1, 0, -1):
        shares = level_shares(h, weights, level)
        for node in h.nodes_at(level):
            rows.append({"id": node, "label": h.labels.get(node, node), "level": level,
                         "level_name": h.level_name(level), "parent": h.parent.get(node, INDEX),
                         "effective_weight": float(shares.get(node, 0.0))})  # fmt: skip
    return pd.DataFrame(rows).set_index("id")


def group_contributions(h: Hierarchy, table: pd.DataFrame) -> pd.DataFrame:
    """``c_<group>`` columns: each group's part of the score, for every level above the measures."""
    parts = [level_contributions(h, table, level) for level in range(3, h.depth)]
    out = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=table.index)
    return out[[g for g in out.columns if g in h.groups]].add_prefix("c_")
