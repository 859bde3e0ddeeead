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
* the hierarchy is read from ``Parent``: each indicator's level-2 parent becomes its
  measure, and the levels above are *folded*: a measure's weight is the product of the
  normalised weights on its path to the top. The report says which levels were folded.
  Hierarchies of any depth are a later step; everything COINr-specific stays in this
  module so that step extends :func:`hierarchy` rather than the readers.
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


def hierarchy(nodes: dict[str, Node], place: Place, report: Report) -> tuple[dict[str, str], dict[str, float]]:
    """Each indicator's measure (its level-2 parent) and each measure's folded weight share.

    A measure's share is the product, up its path to the top, of each node's weight over
    the weights of its siblings. Returns ``(indicator -> measure, measure -> share)``.
    """
    indicators = [n for n in nodes.values() if n.type == "Indicator"]
    measure_of = {}
    for n in indicators:
        parent = nodes.get(n.parent)
        if n.parent and parent is None:
            report.add(ERROR, f"the Parent {n.parent!r} of {n.code!r} is not an iCode of iMeta", place(row=n.row))
        measure_of[n.code] = n.parent if parent is not None else n.code
    report.raise_if_errors()
    shares = {m: _path_share(nodes, m) for m in dict.fromkeys(measure_of.values())}
    total = sum(shares.values())
    shares = {m: (s / total if total > 0 else 1 / len(shares)) for m, s in shares.items()}
    levels = sorted({n.level for n in nodes.values() if n.type == "Aggregate" and np.isfinite(n.level)})
    above = [lv for lv in levels if lv > 2]
    if above:
        names = {lv: sorted(n.code for n in nodes.values() if n.level == lv) for lv in above}
        report.add(NOTE, "COINr hierarchy of " + f"{int(max(levels))} levels: indicators are ranked within "
                   f"their level-2 groups ({len(shares)} measures); levels "
                   + ", ".join(f"{int(lv)} ({', '.join(names[lv][:4])}{' ...' if len(names[lv]) > 4 else ''})"
                               for lv in above)
                   + " are folded into the measures' weights (each weight times those above it); "
                   "deeper hierarchies are not yet shown as such", place())  # fmt: skip
    return measure_of, shares


def _path_share(nodes: dict[str, Node], code: str) -> float:
    share, seen = 1.0, set()
    node = nodes.get(code)
    while node is not None and node.code not in seen:
        seen.add(node.code)
        siblings = [n.weight for n in nodes.values() if n.parent == node.parent and n.type in ("Aggregate", "Indicator")]
        share *= node.weight / sum(siblings) if sum(siblings) > 0 else 1.0
        node = nodes.get(node.parent)
    return share


def read_coinr(book: Book, report: Report) -> Parsed:
    """A COINr iData / iMeta pair as a :class:`Parsed` table with its metadata stated."""
    data, meta = book.sheet(DATA), book.sheet(META)
    report.shape, report.sheet = "COINr iData / iMeta", data.name
    place = Place(book.file, data.name)
    nodes = read_imeta(meta, Place(book.file, meta.name), report)
    measure_of, shares = hierarchy(nodes, Place(book.file, meta.name), report)
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
        "measures": {indicator_id(m): s for m, s in shares.items()},
        "indicators": {indicator_id(c): w for c, w in within.items()},
    }
    parsed.measure_labels = {indicator_id(m): (nodes[m].name if m in nodes else m) for m in shares}
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
