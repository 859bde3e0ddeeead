"""XLSX and ODS workbooks: sizes checked from the XML, then cells read by calamine.

Cells are read by ``python-calamine`` (the Rust calamine reader): 0.23 s of CPU for a
300,000-cell sheet, against 4.6 s for openpyxl in read-only mode and 1.2 s for a
hand-written expat parser that only collects the text (``bench/bench_io.py``). Calamine builds each sheet as one dense block from
its first to its last cell, and when that allocation fails the Rust runtime aborts the
whole process, which in the app would be the server. So nothing reaches calamine before
the sheet's XML has been scanned here, by regular expressions that run at C speed and
build no cell: the references of every cell (``r="XFD19000"``), the ``<dimension>`` a
sheet declares, ODS ``number-rows-repeated`` and ``number-columns-repeated``
attributes. A sheet whose used area, columns, rows or cells are over the limits in
:mod:`scoring.io.limits` is refused with the cell or row that is out of bounds.

Error cells (``#DIV/0!``) come back from calamine as blanks, which would turn an error
into a silent gap: the scan finds them and puts their text back, so they are reported.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from html import unescape

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from scoring.io.archive import DAMAGED, member, open_archive, xml_elements
from scoring.io.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ELEMENTS,
    MAX_FIELD,
    MAX_GRID,
    MAX_ROWS,
    MAX_SHEETS,
)
from scoring.io.report import Place, Report, column_letter

REF = re.compile(rb'\sr="([A-Za-z]{1,4})(\d{1,9})"')
TABLE_NS = b'"urn:oasis:names:tc:opendocument:xmlns:table:1.0"'


@dataclass
class Plan:
    """What the scan of one sheet found: its used area and any error cells."""

    name: str
    rows: int = 0
    columns: int = 0
    cells: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def read_workbook(content: bytes, suffix: str, report: Report) -> list[tuple[str, pd.DataFrame]]:
    """``(sheet name, raw grid)`` for every sheet of an XLSX or ODS file's bytes."""
    kind = "XLSX" if suffix == ".xlsx" else "ODS"
    archive = open_archive(content, kind, report)
    plans = _xlsx_plans(archive, report) if kind == "XLSX" else _ods_plans(archive, report)
    if len(plans) > MAX_SHEETS:
        report.fail(f"{len(plans)} sheets: this tool reads at most {MAX_SHEETS}", Place(report.file)())
    total = sum(p.cells for p in plans.values())
    if total > MAX_CELLS:
        report.fail(f"the workbook holds about {total:,} cells with values, over the {MAX_CELLS:,} "
                    "this tool reads: keep only the sheets and rows you need", Place(report.file)())  # fmt: skip
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = book.sheet_names
    except (CalamineError, *DAMAGED) as exc:
        report.fail(f"the {kind} workbook cannot be read ({_reason(exc)})", Place(report.file)())
    out = []
    for name in names:
        plan = plans.get(name, Plan(name))
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False) if plan.cells else []
        except (CalamineError, *DAMAGED) as exc:
            report.fail(f"the sheet cannot be read ({_reason(exc)})", Place(report.file, name)())
        out.append((name, _grid(rows, plan, Place(report.file, name), report)))
    return out


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _grid(rows: list[list], plan: Plan, place: Place, report: Report) -> pd.DataFrame:
    """Calamine's rows as a grid: None where empty, error cells as their text, long text refused."""
    if not rows:
        return pd.DataFrame(dtype=object)
    width = max(map(len, rows))
    cells = np.empty((len(rows), width), dtype=object)
    for i, row in enumerate(rows):
        cells[i, : len(row)] = row
    texts = np.frompyfunc(type, 1, 1)(cells) == str  # one C loop; the string cells are few
    for i, j in zip(*np.nonzero(texts), strict=True):
        text = cells[i, j]
        if not text.strip():
            cells[i, j] = None
        elif len(text) > MAX_FIELD:
            report.fail(f"this cell holds {len(text):,} characters, over the {MAX_FIELD:,} "
                        "this tool reads in one cell", place(row=int(i) + 1, index=int(j)))  # fmt: skip
    for (i, j), text in plan.errors.items():
        if i < len(cells) and j < width:
            cells[i, j] = text
    return pd.DataFrame(cells, dtype=object)


# ------------------------------------------------------------------------------ XLSX


def _xlsx_plans(archive, report: Report) -> dict[str, Plan]:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        report.fail("not an XLSX workbook (no xl/workbook.xml inside)", Place(report.file)())
    sheets = _xlsx_sheet_parts(archive, names, report)
    plans = {}
    for name, part in sheets:
        plans[name] = _xlsx_plan(member(archive, part, "XLSX", report), name, report) if part else Plan(name)
    return plans


def _xlsx_sheet_parts(archive, names: set[str], report: Report) -> list[tuple[str, str | None]]:
    """``(sheet name, worksheet part)`` in workbook order, from workbook.xml and its relations."""
    try:
        sheets = xml_elements(member(archive, "xl/workbook.xml", "XLSX", report), {"sheet"})
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = xml_elements(member(archive, rels_name, "XLSX", report), {"Relationship"}) if rels_name in names else []
    except (ValueError, xml.parsers.expat.ExpatError) as exc:
        report.fail(f"the XLSX workbook's list of sheets cannot be read ({_reason(exc)})", Place(report.file)())
    targets = {a.get("Id"): a.get("Target", "") for _, a in rels}
    out = []
    for _, attrs in sheets:
        target = targets.get(attrs.get("id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out.append((attrs.get("name", ""), part if part in names and target else None))
    return out


def _xlsx_plan(data: bytes, name: str, report: Report) -> Plan:
    place = Place(report.file, name)
    root = re.search(rb"<(\w+:)?worksheet\b", data[:4096])
    p = re.escape(root.group(1)) if root and root.group(1) else b""
    elements = sum(data.count(b"<" + (root.group(1) if root and root.group(1) else b"") + b"c" + end)
                   for end in (b" ", b">", b"/"))  # fmt: skip
    if elements > MAX_ELEMENTS:
        report.fail(f"the sheet's XML holds {elements:,} cells (most of them may be empty "
                    f"formatting), over the {MAX_ELEMENTS:,} this tool scans", place())  # fmt: skip
    # Every cell's column letters and row number, as two flat lists (cheaper than pairs).
    letters = re.findall(rb"<" + p + rb"c\b[^>]*?\sr=\"([A-Za-z]{1,4})\d{1,9}\"", data)
    cell_rows = re.findall(rb"<" + p + rb"c\b[^>]*?\sr=\"[A-Za-z]{1,4}(\d{1,9})\"", data)
    row_refs = re.findall(rb"<" + p + rb"row\b[^>]*?\sr=\"(\d{1,9})\"", data)
    n_rows = data.count(b"<" + (root.group(1) if root and root.group(1) else b"") + b"row")
    max_col = max((_column_index(c.upper()) for c in set(letters)), default=-1) + (elements - len(letters))
    max_row = max(map(int, set(row_refs) | set(cell_rows)), default=0) + (n_rows - len(row_refs))
    _declared(data, p, max_row, max_col, place, report)
    _check_area(max_row, max_col + 1, place, report)
    errors = {}
    for m in re.finditer(rb"<" + p + rb"c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</" + p + rb"c>", data, re.S):
        ref, value = REF.search(b" " + m.group(1)), re.search(rb">([^<]*)<", m.group(2))
        if ref and value:
            key = (int(ref.group(2)) - 1, _column_index(ref.group(1).upper()))
            errors[key] = unescape(value.group(1).decode("utf-8", "replace")) or "#ERROR"
    values = data.count(b"<" + (root.group(1) if root and root.group(1) else b"") + b"v") + data.count(b"<is>")
    return Plan(name, max_row, max_col + 1, values, errors)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _declared(data: bytes, p: bytes, rows: int, last_col: int, place: Place, report: Report) -> None:
    """A note when the sheet declares a bigger area than its cells use (the declaration is not used)."""
    found = re.search(rb"<" + p + rb"dimension\s+ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"", data[:8192])
    if not found:
        return
    end = re.search(rb"([A-Z]+)(\d+)$", found.group(1))
    declared_rows, declared_cols = int(end.group(2)), _column_index(end.group(1)) + 1
    if declared_rows * declared_cols > max(rows * (last_col + 1), 1) * 4 and declared_rows * declared_cols > MAX_GRID:
        report.add("note", f"the sheet declares the area {found.group(1).decode()} "
                   f"({declared_rows:,} rows x {declared_cols:,} columns) but its cells fill "
                   f"{rows:,} x {last_col + 1:,}: the declaration was not used", place())  # fmt: skip


def _check_area(rows: int, columns: int, place: Place, report: Report) -> None:
    """Refuse a sheet whose used area is over the limits, naming the furthest cell."""
    if columns > MAX_COLUMNS:
        report.fail(f"the sheet has cells in column {column_letter(columns - 1)} ({columns:,} "
                    f"columns), over the {MAX_COLUMNS:,} this tool reads: delete the columns "
                    "you do not need", place())  # fmt: skip
    if rows > MAX_ROWS:
        report.fail(f"the sheet has cells on row {rows:,}, over the {MAX_ROWS:,} rows this tool "
                    "reads: delete the rows you do not need", place())  # fmt: skip
    if rows * columns > MAX_GRID:
        report.fail(f"the sheet's cells span {rows:,} rows x {columns:,} columns, over the "
                    f"{MAX_GRID:,} cells this tool reads in one sheet", place())  # fmt: skip


# ------------------------------------------------------------------------------- ODS

ODS_TOKEN = re.compile(
    rb"<table:table\s[^>]*?table:name=\"([^\"]*)\"[^>]*>"  # 1: a sheet starts
    rb"|<table:table-row\b([^>]*?)(/?)>"  # 2, 3: a row starts (or is empty)
    rb"|</table:table-row>"
    rb"|<table:(?:table-cell|covered-table-cell)\b([^>]*?)(/?)>"  # 4, 5: a cell
)
REPEAT_ROWS = re.compile(rb"table:number-rows-repeated=\"(\d{1,12})\"")
REPEAT_COLUMNS = re.compile(rb"table:number-columns-repeated=\"(\d{1,12})\"")


def _ods_plans(archive, report: Report) -> dict[str, Plan]:
    if "content.xml" not in set(archive.namelist()):
        report.fail("not an ODS workbook (no content.xml inside)", Place(report.file)())
    data = member(archive, "content.xml", "ODS", report)
    if TABLE_NS not in data[:16384]:
        report.fail("this ODS file does not use the usual OpenDocument table names: open it in "
                    "LibreOffice and save it again", Place(report.file)())  # fmt: skip
    elements = data.count(b"<table:table-cell") + data.count(b"<table:covered-table-cell")
    if elements > MAX_ELEMENTS:
        report.fail(f"the workbook's XML holds {elements:,} cells (most may be empty), over the "
                    f"{MAX_ELEMENTS:,} this tool scans", Place(report.file)())  # fmt: skip
    plans: dict[str, Plan] = {}
    plan = Plan("")
    row = col = 0
    row_repeat = content = last = 0
    for m in ODS_TOKEN.finditer(data):
        if m.group(1) is not None:  # a new sheet
            plan = plans.setdefault(unescape(m.group(1).decode("utf-8", "replace")), Plan(""))
            plan.name, row = unescape(m.group(1).decode("utf-8", "replace")), 0
        elif m.group(2) is not None:  # a row starts
            found = REPEAT_ROWS.search(m.group(2))
            row_repeat, col, content, last = int(found.group(1)) if found else 1, 0, 0, 0
            if m.group(3):
                row += row_repeat
        elif m.group(4) is not None:  # a cell
            found = REPEAT_COLUMNS.search(m.group(4))
            repeat = int(found.group(1)) if found else 1
            if not m.group(5) or b"value-type" in m.group(4):
                content, last = content + repeat, col + repeat
            col += repeat
        else:  # the row ends: its repeats are counted, never expanded
            if content:
                _ods_row(plan, row, row_repeat, content, last, Place(report.file, plan.name), report)
            row += row_repeat
    return plans


def _ods_row(plan: Plan, row: int, repeat: int, content: int, last: int, place: Place, report: Report) -> None:
    if repeat > 1 and content * repeat > MAX_CELLS:
        report.fail(f"row {row + 1} is repeated {repeat:,} times with {content:,} filled cells: "
                    f"{content * repeat:,} cells, over the {MAX_CELLS:,} this tool reads", place())  # fmt: skip
    plan.rows, plan.columns = row + repeat, max(plan.columns, last)
    plan.cells += content * repeat
    _check_area(plan.rows, plan.columns, place, report)
    if plan.cells > MAX_CELLS:
        report.fail(f"the sheet holds more than {MAX_CELLS:,} filled cells, over what this tool "
                    "reads", place())  # fmt: skip
