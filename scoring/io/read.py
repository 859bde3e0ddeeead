"""From a file's bytes to sheets of raw cells: format, encoding, delimiter and limits.

CSV text may arrive as UTF-8 (with or without a byte-order mark, as Excel writes
"CSV UTF-8"), UTF-16 (Excel's "Unicode text") or Windows-1252 (Excel's plain "CSV"
on Windows); the delimiter may be a comma, semicolon, tab or bar. Workbooks (XLSX,
ODS) are zip archives: their unpacked size is checked before parsing so a small
upload cannot expand into gigabytes. Every sheet becomes a grid of raw cells with
spreadsheet geometry kept (grid row ``i`` is spreadsheet row ``i + 1``), so messages
can point at the cell the user sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from scoring.io.report import NOTE, Place, Report

MAX_MB = 10
MAX_BYTES = MAX_MB * 1024 * 1024  # Streamlit counts upload megabytes the same way
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELLS = 1_000_000
FORMATS = {".csv": "CSV", ".xlsx": "XLSX", ".ods": "ODS"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and password-protected workbooks
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


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
    if suffix == ".csv":
        if content.startswith(ZIP_MAGIC) or content.startswith(OLE_MAGIC):
            report.fail("this is a spreadsheet workbook saved with a .csv name: "
                        "rename it .xlsx or .ods, or save it as CSV", where)  # fmt: skip
        sheets = (Sheet("", _csv_grid(_decode(content, report), report)),)
    else:
        sheets = _workbook(content, suffix, report)
    for sheet in sheets:
        if sheet.grid.size > MAX_CELLS or len(sheet.grid) > MAX_ROWS:
            report.fail(f"{len(sheet.grid):,} rows x {sheet.grid.shape[1]:,} columns is more "
                        f"than this tool reads ({MAX_ROWS:,} rows, {MAX_CELLS:,} cells)",
                        Place(file, sheet.name)())  # fmt: skip
    if not any(s.grid.size for s in sheets):
        report.fail("the file has no cells with data", where)
    return Book(file, report.format, sheets)


def _too_big(size: int, limit: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB, over the {limit / 1024 / 1024:g} MB "
            "limit; keep only the sheets and rows you need")  # fmt: skip


# ----------------------------------------------------------------------------- text


def _decode(content: bytes, report: Report) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    where = Place(report.file)()
    if content.startswith(codecs.BOM_UTF8):
        text, report.format = _strict(content[3:], "utf-8", report), "CSV, UTF-8 with BOM"
        report.add(NOTE, "text is UTF-8 with a byte-order mark (as Excel saves 'CSV UTF-8'); "
                   "the mark was removed", where)  # fmt: skip
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, report.format = _strict(content, "utf-16", report), "CSV, UTF-16"
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


def _strict(content: bytes, encoding: str, report: Report) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        report.fail(f"the text cannot be read as {encoding} (byte {exc.start}); save it as "
                    "CSV UTF-8", Place(report.file)())  # fmt: skip


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (a comma on ties)."""
    lines = text.splitlines()[:60]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        if widths:
            modal = max(set(widths), key=widths.count)
            score = widths.count(modal) * modal
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _csv_grid(text: str, report: Report) -> pd.DataFrame:
    delimiter = _delimiter(text)
    if delimiter != ",":
        report.add(NOTE, f"columns are separated by {DELIMITERS[delimiter]}", Place(report.file)())
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.fail(f"cannot be read as CSV ({exc})", Place(report.file)())
    if len(records) > MAX_ROWS:
        report.fail(f"{len(records):,} rows is more than this tool reads ({MAX_ROWS:,})",
                    Place(report.file)())  # fmt: skip
    width = max((len(r) for r in records), default=0)
    rows = [[cell if cell.strip() else None for cell in r] + [None] * (width - len(r)) for r in records]
    return _trim(pd.DataFrame(rows, dtype=object))


# ------------------------------------------------------------------------- workbooks


def _workbook(content: bytes, suffix: str, report: Report) -> tuple[Sheet, ...]:
    where, kind = Place(report.file)(), FORMATS[suffix]
    if content.startswith(OLE_MAGIC):
        report.fail("this is an old Excel 97-2003 (.xls) file or a password-protected "
                    "workbook: save it as .xlsx without a password", where)  # fmt: skip
    if not content.startswith(ZIP_MAGIC):
        report.fail(f"not a valid {kind} workbook (it may be a CSV or another file renamed)", where)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        report.fail(f"the {kind} workbook is damaged (its zip container cannot be opened)", where)
    if unpacked > MAX_UNPACKED_BYTES:
        report.fail(f"the workbook unpacks to {unpacked / 1024 / 1024:.0f} MB, over the "
                    f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB limit", where)  # fmt: skip
    needed = "xl/workbook.xml" if suffix == ".xlsx" else "content.xml"
    if needed not in names:
        report.fail(f"not a {kind} workbook (no {needed} inside)", where)
    try:
        frames = _xlsx(content) if suffix == ".xlsx" else pd.read_excel(
            io.BytesIO(content), sheet_name=None, header=None, dtype=object, engine="odf")
    # The parsers raise many exception types on malformed archives (KeyError, TypeError,
    # XML errors, ...); for an uploaded file any of them means "cannot be read".
    except Exception as exc:  # noqa: BLE001
        report.fail(f"the {kind} workbook cannot be read ({type(exc).__name__})", where)
    return tuple(Sheet(str(name), _trim(frame.astype(object))) for name, frame in frames.items())


def _xlsx(content: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet's cached cell values from row 1, column A.

    Read with openpyxl directly rather than through pandas, which turns error cells
    (``#DIV/0!``, ``#REF!``) into blanks: here they stay text and are reported.
    """
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return {ws.title: pd.DataFrame(list(ws.iter_rows(min_row=1, min_col=1, values_only=True)),
                                       dtype=object) for ws in book.worksheets}  # fmt: skip
    finally:
        book.close()


def _trim(grid: pd.DataFrame) -> pd.DataFrame:
    """None for empty cells; trailing empty rows and columns removed (leading ones kept)."""
    grid = grid.where(grid.notna(), None)
    grid = grid.map(lambda c: None if isinstance(c, str) and not c.strip() else c)
    filled = grid.notna()
    if not filled.to_numpy().any():
        return grid.iloc[:0, :0]
    last_row = filled.any(axis=1).to_numpy().nonzero()[0][-1]
    last_col = filled.any(axis=0).to_numpy().nonzero()[0][-1]
    out = grid.iloc[: last_row + 1, : last_col + 1]
    return out.set_axis(range(out.shape[1]), axis=1).set_axis(range(len(out)), axis=0)
