"""COINr's data layout, read as is: ``iData`` and ``iMeta`` (two sheets, or two CSV files).

COINr (Becker et al. 2022, "COINr: An R package for developing composite indicators",
*Journal of Open Source Software* 7(78), 4567) keeps a composite indicator's data in
``iData`` (one row per unit: ``uCode``, optional ``uName`` and ``Time``, then group,
denominator and indicator columns) and describes every column in ``iMeta`` (``Level``,
``iCode``, ``iName``, ``Direction``, ``Weight``, ``Parent``, ``Type``, optional
``Denominator``). Here:

* ``Type`` decides a column's role: ``Indicator`` columns are scored; ``Group``,
  ``Denominator`` and ``Other`` columns are listed and never scored;
* an indicator's ``Direction`` and ``Weight`` come from ``iMeta`` (stated, not assumed),
  and a ``Denominator`` names the ``iData`` column it is divided by (COINr's
  ``Denominate``), applied here and shown as the indicator's denominator;
* the hierarchy is read from ``Parent``: each indicator's parent becomes its measure,
  and the ``Aggregate`` rows above the measures become groups at any depth
  (:mod:`scoring.core.hierarchy`), each with the weight iMeta states; COINr's single
  root (the index) is the index itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.io.cells import clean_text, is_blank, read_number
from scoring.io.meta import indicator_id
from scoring.io.numbers import read_values
from scoring.io.parsed import Parsed
from scoring.io.read import Book, Sheet
from scoring.io.report import ERROR, NOTE, Place, Report
from scoring.io.table import Layout, header_key
from scoring.io.wide import read_wide

DATA, META = "idata", "imeta"
TYPES = ("Indicator", "Aggregate", "Group", "Denominator", "Other")
REQUIRED = ("iCode", "Type")


def is_coinr(book: Book) -> bool:
    """True for a book with an ``iData`` and an ``iMeta`` sheet (or two such CSV files)."""
    return book.sheet(DATA) is not None and book.sheet(META) is not None


@dataclass
class Node:
    """One row of iMeta."""

    code: str
    name: str
    type: str
    level: float
    parent: str
    weight: float
    direction: int
    denominator: str
    row: int


def read_imeta(sheet: Sheet, place: Place, report: Report) -> dict[str, Node]:
    """Every iMeta row by iCode, checked: a known Type, a direction of 1 or -1, a number as weight."""
    grid = sheet.grid
    head = [clean_text(c) if not is_blank(c) else "" for c in grid.iloc[0]] if len(grid) else []
    keys = {header_key(h).replace(" ", ""): j for j, h in enumerate(head)}
    missing = [c for c in REQUIRED if c.lower() not in keys]
    if missing:
        report.fail(f"iMeta needs the columns {', '.join(REQUIRED)} (missing: {', '.join(missing)})", place(row=1))
    cell = lambda i, name: grid.iat[i, keys[name]] if name in keys else None  # noqa: E731
    nodes: dict[str, Node] = {}
    for i in range(1, len(grid)):
        code = "" if is_blank(cell(i, "icode")) else clean_text(cell(i, "icode"))
        if not code:
            continue
        kind = clean_text(cell(i, "type") or "").capitalize()
        if kind not in TYPES:
            report.add(ERROR, f"Type {kind or 'blank'!r} for {code!r}: must be one of {', '.join(TYPES)}",
                       place(row=i + 1, column="Type", index=keys["type"]))  # fmt: skip
            continue
        direction, weight, level = (_number(cell(i, k)) for k in ("direction", "weight", "level"))
        if kind == "Indicator" and direction not in (1, -1):
            report.add(ERROR, f"Direction {cell(i, 'direction')!r} for {code!r}: must be 1 or -1",
                       place(row=i + 1, column="Direction", index=keys.get("direction")))  # fmt: skip
        if kind in ("Indicator", "Aggregate") and not weight >= 0:
            report.add(ERROR, f"Weight {cell(i, 'weight')!r} for {code!r}: must be a number, 0 or more",
                       place(row=i + 1, column="Weight", index=keys.get("weight")))  # fmt: skip
        nodes[code] = Node(
            code, clean_text(cell(i, "iname") or code), kind, level,
            "" if is_blank(cell(i, "parent")) else clean_text(cell(i, "parent")),
            weight if weight >= 0 else 0.0, int(direction) if direction in (1, -1) else 1,
            "" if is_blank(cell(i, "denominator")) else clean_text(cell(i, "denominator")), i + 1,
        )  # fmt: skip
    report.raise_if_errors()
    return nodes


def _number(value) -> float:
    try:
        number, _ = read_number(value)
    except ValueError:
        return np.nan
    return number


def hierarchy(nodes: dict[str, Node], place: Place, report: Report) -> Tree:
    """The iMeta tree: each indicator's measure (its parent), the measures' parents and the
    groups above them, with the weights iMeta states at every level.

    A single root (an Aggregate with no Parent, COINr's index) is the index itself; several
    roots are the top level of the index. An indicator with no Parent is its own measure.
    """
    indicators = [n for n in nodes.values() if n.type == "Indicator"]
    measure_of = {}
    for n in indicators:
        parent = nodes.get(n.parent)
        if n.parent and parent is None:
            report.add(ERROR, f"the Parent {n.parent!r} of {n.code!r} is not an iCode of iMeta", place(row=n.row))
        measure_of[n.code] = n.parent if parent is not None else n.code
    report.raise_if_errors()
    measures = list(dict.fromkeys(measure_of.values()))
    roots = [n.code for n in nodes.values() if n.type == "Aggregate" and not n.parent]
    index = roots[0] if len(roots) == 1 else None
    up = lambda code: "" if code in ("", index) else code  # noqa: E731
    parent_of = {m: up(nodes[m].parent) if m in nodes and nodes[m].type == "Aggregate" else "" for m in measures}
    groups: dict[str, Node] = {}
    todo = [p for p in parent_of.values() if p]
    while todo:
        code = todo.pop()
        node = nodes.get(code)
        if code in groups or code in measure_of:
            continue
        if node is None or node.type != "Aggregate":
            report.add(ERROR, f"{code!r} is a Parent but not an Aggregate row of iMeta", place())
            continue
        groups[code] = node
        if up(node.parent):
            todo.append(up(node.parent))
    report.raise_if_errors()
    groups = dict(sorted(groups.items(), key=lambda item: item[1].row))  # iMeta's order
    frame = pd.DataFrame({"label": [g.name for g in groups.values()],
                          "parent": [up(g.parent) for g in groups.values()],
                          "weight": [g.weight for g in groups.values()]},
                         index=pd.Index(list(groups), dtype=object))  # fmt: skip
    weights = {m: (nodes[m].weight if m in nodes else 1.0) for m in measures}
    if len(groups):
        levels = sorted({int(g.level) for g in groups.values() if np.isfinite(g.level)})
        report.add(NOTE, f"COINr hierarchy: {len(measures)} measures"
                   + (f", levels {', '.join(map(str, levels))} above them ({len(groups)} groups)" if levels else "")
                   + (f", index {index!r}" if index else "")
                   + ": each has the weight iMeta states, against its siblings", place())  # fmt: skip
    return Tree(measure_of, weights, parent_of, frame)


@dataclass
class Tree:
    """What :func:`hierarchy` reads: the measure of each indicator, each measure's weight and
    parent, and the groups above the measures (``label``, ``parent``, ``weight``)."""

    measure_of: dict[str, str]
    measure_weight: dict[str, float]
    measure_parent: dict[str, str]
    groups: pd.DataFrame


def read_coinr(book: Book, report: Report) -> Parsed:
    """A COINr iData / iMeta pair as a :class:`Parsed` table with its metadata stated."""
    data, meta = book.sheet(DATA), book.sheet(META)
    report.shape, report.sheet = "COINr iData / iMeta", data.name
    place = Place(book.file, data.name)
    nodes = read_imeta(meta, Place(book.file, meta.name), report)
    tree = hierarchy(nodes, Place(book.file, meta.name), report)
    measure_of = tree.measure_of
    grid = data.grid
    names = [clean_text(c) if not is_blank(c) else "" for c in grid.iloc[0]]
    where = {n: j for j, n in enumerate(names) if n}
    if "uCode" not in where:
        report.fail("iData needs a uCode column (the unit codes)", place(row=1))
    lay = Layout(0, names, code=where["uCode"], name=where.get("uName"), period=where.get("Time"))
    roles = {where["uCode"], where.get("uName"), where.get("Time")}
    for j, n in enumerate(names):
        if j in roles or not n:
            continue
        node = nodes.get(n)
        if node is None:
            report.add(ERROR, f"the column {n!r} is not described in iMeta (every iData column must be)",
                       place(row=1, column=n, index=j))  # fmt: skip
        (lay.data if node is not None and node.type == "Indicator" else lay.ignored).append(j)
    report.raise_if_errors()
    kinds = {t: [names[j] for j in lay.ignored if nodes.get(names[j]) and nodes[names[j]].type == t]
             for t in ("Group", "Denominator", "Other")}  # fmt: skip
    report.add(NOTE, "not scored: " + "; ".join(f"{t.lower()} columns {', '.join(map(repr, c))}"
                                               for t, c in kinds.items() if c), place())  # fmt: skip
    parsed = read_wide(grid, lay, place, report)
    report.shape = "COINr iData / iMeta (a row per unit; iMeta says what each column is)"
    ids = {indicator_id(names[j]): names[j] for j in lay.data}
    _denominate(parsed, grid, lay, names, nodes, ids, place, report)
    parsed.overrides = pd.DataFrame({
        "label": [nodes[c].name for c in ids.values()],
        "measure": [indicator_id(measure_of[c]) for c in ids.values()],
        "direction": [nodes[c].direction for c in ids.values()],
        "kind": ["rate" if nodes[c].denominator else "score" for c in ids.values()],
        "denominator": [f"{nodes[c].denominator} (iData column)" if nodes[c].denominator else "" for c in ids.values()],
        "unit": [f"per unit of {nodes[c].denominator}" if nodes[c].denominator else "as given" for c in ids.values()],
    }, index=list(ids))  # fmt: skip
    within = {c: nodes[c].weight for c in ids.values()}
    parsed.weights = {
        "measures": {indicator_id(m): w for m, w in tree.measure_weight.items()},
        "indicators": {indicator_id(c): w for c, w in within.items()},
    }
    parsed.measure_labels = {indicator_id(m): (nodes[m].name if m in nodes else m) for m in tree.measure_weight}
    if len(tree.groups):
        parsed.parents = {indicator_id(m): indicator_id(p) if p else "" for m, p in tree.measure_parent.items()}
        parsed.groups = tree.groups.set_axis([indicator_id(g) for g in tree.groups.index]).assign(
            parent=[indicator_id(p) if p else "" for p in tree.groups["parent"]])
    parsed.publisher = "Supplied by the user (COINr layout)"
    return parsed


def _denominate(parsed: Parsed, grid, lay: Layout, names, nodes, ids, place: Place, report: Report) -> None:
    """Divide each indicator by its iMeta Denominator column, as COINr's Denominate does."""
    rows = parsed.cell_rows
    for ident, code in ids.items():
        denominator = nodes[code].denominator
        if not denominator or ident not in parsed.values:
            continue
        j = names.index(denominator) if denominator in names else None
        if j is None:
            report.add(ERROR, f"{code!r} is to be divided by {denominator!r}, which is not a column of iData",
                       place(row=nodes[code].row))  # fmt: skip
            continue
        spreadsheet_rows = [int(r) for r in rows[ident]] if rows is not None else []
        values, _ = read_values([grid.iat[r - 1, j] for r in spreadsheet_rows], spreadsheet_rows,
                                denominator, j, place, report)  # fmt: skip
        values = np.where(values > 0, values, np.nan)
        parsed.values[ident] = parsed.values[ident].to_numpy(float) / values
    report.raise_if_errors()
