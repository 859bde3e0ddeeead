"""From a file's bytes to sheets of raw cells: format, encoding, delimiter and limits.

CSV text may arrive as UTF-8 (with or without a byte-order mark, as Excel writes
"CSV UTF-8"), UTF-16 (Excel's "Unicode text", with or without a byte-order mark) or
Windows-1252 (Excel's plain "CSV" on Windows); the delimiter may be a comma, semicolon,
tab or bar. Workbooks (XLSX, ODS) are read by :mod:`scoring.io.workbook`. Every size
is checked against :mod:`scoring.io.limits` before it is expanded: a CSV row's fields
and columns as it is read, a workbook's declared sizes before any cell is built. Every
sheet becomes a grid of raw cells with spreadsheet geometry kept (grid row ``i`` is
spreadsheet row ``i + 1``), so messages can point at the cell the user sees.

The encoding is decided by rules, not guessed: ``charset-normalizer`` was measured
(``bench/bench_io.py`` notes) and is fast, but it reads a short Latin-1 line as Big5,
which would garble names silently.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scoring.io.archive import OLE_MAGIC, ZIP_MAGIC
from scoring.io.limits import (
    MAX_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FIELD,
    MAX_GRID,
    MAX_MB,
    MAX_ROWS,
)
from scoring.io.locale import decimal_commas
from scoring.io.report import NOTE, Place, Report
from scoring.io.workbook import read_workbook

__all__ = ["MAX_BYTES", "MAX_MB", "Book", "Sheet", "read_book", "read_path"]
FORMATS = {".csv": "CSV", ".xlsx": "XLSX", ".ods": "ODS"}
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
SNIFF_CHARS = 65_536  # the delimiter is judged on the first lines only


@dataclass(frozen=True)
class Sheet:
    """One sheet as raw cells: ``grid`` has object cells, None where empty."""

    name: str
    grid: pd.DataFrame


@dataclass(frozen=True)
class Book:
    """A file's sheets (a CSV file is one sheet with an empty name)."""

    file: str
    format: str
    sheets: tuple[Sheet, ...]
    delimiter: str = ""

    def sheet(self, title: str) -> Sheet | None:
        """The sheet whose name matches ``title`` ignoring case and stray spaces."""
        want = title.strip().lower()
        return next((s for s in self.sheets if s.name.strip().lower() == want), None)


def read_path(path: Path, report: Report, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes from disk; its size is checked before it is read."""
    where = Place(report.file)()
    try:
        if path.stat().st_size > max_bytes:
            report.fail(_too_big(path.stat().st_size, max_bytes), where)
        return path.read_bytes()
    except OSError as exc:
        report.fail(f"cannot read the file ({exc.strerror or exc})", where)


def read_book(content: bytes, report: Report, *, max_bytes: int = MAX_BYTES) -> Book:
    """Read a CSV, XLSX or ODS file's bytes into sheets; errors go to ``report``."""
    file = report.file
    where = Place(file)()
    suffix = Path(file).suffix.lower()
    if suffix not in FORMATS:
        report.fail(f"{suffix or 'no extension'}: not a CSV, XLSX or ODS file "
                    "(save it in one of those formats)", where)  # fmt: skip
    if not content:
        report.fail("the file is empty", where)
    if len(content) > max_bytes:
        report.fail(_too_big(len(content), max_bytes), where)
    report.format = FORMATS[suffix]
    delimiter = ""
    if suffix == ".csv":
        if content.startswith(ZIP_MAGIC) or content.startswith(OLE_MAGIC):
            report.fail("this is a spreadsheet workbook saved with a .csv name: "
                        "rename it .xlsx or .ods, or save it as CSV", where)  # fmt: skip
        text = _decode(content, report)
        delimiter = _delimiter(text)
        grid = _csv_grid(text, delimiter, report)
        sheets = (Sheet("", decimal_commas(grid, report) if delimiter == ";" else grid),)
    else:
        sheets = tuple(Sheet(name, _trim(grid)) for name, grid in read_workbook(content, suffix, report))
    if not any(s.grid.size for s in sheets):
        report.fail("the file has no cells with data", where)
    return Book(file, report.format, sheets, delimiter)


def _too_big(size: int, limit: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB, over the {limit / 1024 / 1024:g} MB "
            "limit; keep only the sheets and rows you need")  # fmt: skip


# ----------------------------------------------------------------------------- text


def _decode(content: bytes, report: Report) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 (BOM or not), else Windows-1252."""
    where = Place(report.file)()
    utf16 = _utf16_without_bom(content)
    if content.startswith(codecs.BOM_UTF8):
        text, report.format = _strict(content[3:], "utf-8", report), "CSV, UTF-8 with BOM"
        report.add(NOTE, "text is UTF-8 with a byte-order mark (as Excel saves 'CSV UTF-8'); "
                   "the mark was removed", where)  # fmt: skip
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16:
        text, report.format = _strict(content, utf16 or "utf-16", report), "CSV, UTF-16"
        report.add(NOTE, "text is UTF-16 (as Excel saves 'Unicode text')", where)
    else:
        try:
            text, report.format = content.decode("utf-8"), "CSV, UTF-8"
        except UnicodeDecodeError:
            text, report.format = _strict(content, "cp1252", report), "CSV, Windows-1252"
            report.add(NOTE, "text is not UTF-8, so it was read as Windows-1252 (cp1252, "
                       "Excel's plain CSV on Windows): check accented names", where)  # fmt: skip
    if "\x00" in text:
        report.fail("the file holds binary data, not a text table", where)
    return text


def _utf16_without_bom(content: bytes) -> str:
    """ "utf-16-le" or "utf-16-be" when every other byte of the start is zero (plain text), else ""."""
    head = content[:4096]
    if len(head) < 8 or len(head) % 2:
        return ""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.9 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.9 * half and odd < 0.05 * half:
        return "utf-16-be"
    return ""


def _strict(content: bytes, encoding: str, report: Report) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        report.fail(f"the text cannot be read as {encoding} (byte {exc.start}); save it as "
                    "CSV UTF-8", Place(report.file)())  # fmt: skip


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (a comma on ties)."""
    lines = text[:SNIFF_CHARS].splitlines()[:60]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        except csv.Error:  # a field longer than the csv module allows: judged when read
            continue
        if widths:
            modal = max(set(widths), key=widths.count)
            score = widths.count(modal) * modal
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _csv_grid(text: str, delimiter: str, report: Report) -> pd.DataFrame:
    """Parse CSV text in one pass, refusing a row, field or table over the limits as it comes."""
    place = Place(report.file)
    if delimiter != ",":
        report.add(NOTE, f"columns are separated by {DELIMITERS[delimiter]}", place())
    rows: list[list] = []
    width = filled = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            row = len(rows) + 1
            if row > MAX_ROWS:
                report.fail(f"more than {MAX_ROWS:,} rows, over what this tool reads", place())
            if len(record) > MAX_COLUMNS:
                report.fail(f"this row has {len(record):,} columns, over the {MAX_COLUMNS:,} this "
                            "tool reads (is the delimiter right?)", place(row=row))  # fmt: skip
            if record and max(map(len, record)) > MAX_FIELD:
                j = next(j for j, c in enumerate(record) if len(c) > MAX_FIELD)
                report.fail(_long_field(len(record[j])), place(row=row, index=j))
            cells = [c if c.strip() else None for c in record]
            filled += len(cells) - cells.count(None)
            width = max(width, len(cells))
            rows.append(cells)
            if filled > MAX_CELLS or len(rows) * width > MAX_GRID:
                report.fail(f"more than {min(MAX_CELLS, MAX_GRID):,} cells by row {row:,}, over "
                            "what this tool reads: keep only the rows and columns you need", place())  # fmt: skip
    except csv.Error as exc:
        message = (_long_field(MAX_FIELD) if "field limit" in str(exc)
                   else f"cannot be read as CSV ({exc})")  # fmt: skip
        report.fail(message, place(row=len(rows) + 1))
    for cells in rows:
        cells.extend([None] * (width - len(cells)))
    return _trim(pd.DataFrame(rows, dtype=object))


def _long_field(length: int) -> str:
    return (f"a cell holds over {length:,} characters; this tool reads at most {MAX_FIELD:,} "
            "in one cell (a missing closing quote can cause this)")  # fmt: skip


def _trim(grid: pd.DataFrame) -> pd.DataFrame:
    """Trailing empty rows and columns removed (leading ones kept, so row numbers stay true)."""
    filled = grid.notna()
    if not filled.to_numpy().any():
        return grid.iloc[:0, :0]
    last_row = filled.any(axis=1).to_numpy().nonzero()[0][-1]
    last_col = filled.any(axis=0).to_numpy().nonzero()[0][-1]
    out = grid.iloc[: last_row + 1, : last_col + 1]
    return out.set_axis(range(out.shape[1]), axis=1).set_axis(range(len(out)), axis=0)
