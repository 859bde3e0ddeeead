"""Loading a user's data file: read, recognise the shape, parse, check, assemble.

``load_bytes(content, file)`` returns a :class:`Loaded` (the dataset and the report
of what was understood) or raises :class:`~scoring.io.report.DataFileError`, an
:class:`~scoring.errors.InputError` whose ``.report`` lists every problem. Nothing
else escapes for any input: the hypothesis test in ``tests/io`` holds it to that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from scoring.core.dataset import Dataset
from scoring.io import coinr, ons
from scoring.io.assemble import assemble
from scoring.io.long import read_long
from scoring.io.meta import META_SHEETS, find_meta_sheet, read_meta_sheet
from scoring.io.parsed import Parsed
from scoring.io.read import MAX_BYTES, Book, Sheet, read_book, read_path
from scoring.io.report import NOTE, WARNING, Place, Report
from scoring.io.table import find_header, layout
from scoring.io.wide import read_wide

PFA_OPTIONS = ("", "pfa", "forces", "p1", "table p1")
CSP_OPTIONS = ("csp", "c2", "table c2")


@dataclass(frozen=True)
class Loaded:
    """A usable dataset and the report of what was understood and changed."""

    dataset: Dataset
    report: Report


def load_bytes(content: bytes, file: str, table: str | None = None, *,
               max_bytes: int = MAX_BYTES, imeta: tuple[bytes, str] | None = None) -> Loaded:
    """Load a CSV, XLSX or ODS file's bytes; ``table`` picks a sheet or an ONS table.

    ``imeta`` is COINr's iMeta as a second CSV file ``(bytes, name)``, when ``content``
    is its iData.
    """
    report = Report(Path(str(file)).name or "upload")  # a name, never a path from a browser
    book = read_book(content, report, max_bytes=max_bytes)  # the one parse of the file
    if imeta is not None:
        book = _with_imeta(book, imeta, report, max_bytes)
    report.tables = table_options(book)
    parsed = parse(book, table, report)
    dataset = assemble(parsed, report, sha256=hashlib.sha256(content).hexdigest())
    return Loaded(dataset, report)


def load_path(path: str | Path, table: str | None = None, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Load a file from disk (see :func:`load_bytes`).

    A CSV whose name ends in ``iData`` is read with its ``iMeta`` sibling, when there
    is one, as COINr's two-file layout (``ASEM_iData.csv`` with ``ASEM_iMeta.csv``).
    """
    path = Path(path)
    content = read_path(path, Report(path.name), max_bytes=max_bytes)
    sibling = _imeta_sibling(path)
    imeta = (read_path(sibling, Report(sibling.name), max_bytes=max_bytes), sibling.name) if sibling else None
    return load_bytes(content, path.name, table, max_bytes=max_bytes, imeta=imeta)


def _imeta_sibling(path: Path) -> Path | None:
    stem = path.stem
    if path.suffix.lower() != ".csv" or not stem.lower().endswith("idata"):
        return None
    found = path.with_name(stem[:-5] + ("iMeta" if stem[-5:] == "iData" else "imeta") + path.suffix)
    return found if found.is_file() else None


def _with_imeta(book: Book, imeta: tuple[bytes, str], report: Report, max_bytes: int) -> Book:
    """The iData CSV and the iMeta CSV as one book with sheets "iData" and "iMeta"."""
    content, name = imeta
    meta = read_book(content, Report(Path(name).name), max_bytes=max_bytes)
    report.add(NOTE, f"COINr's two files: {book.file} (iData) and {Path(name).name} (iMeta)", Place(book.file)())
    return Book(book.file, book.format, (Sheet("iData", book.sheets[0].grid), Sheet("iMeta", meta.sheets[0].grid)))


def table_options(book: Book) -> list[tuple[str, str]]:
    """The tables a workbook offers (``(table option, description)``), [] for one table.

    Found in the same read as the data (``Report.tables``), so a file is parsed once.
    """
    if ons.is_ons(book):
        return ons.choices(book)
    found = _candidates(book)
    return [(s.name, f"Sheet {s.name!r}") for s in found] if len(found) > 1 else []


def parse(book: Book, table: str | None, report: Report) -> Parsed:
    """Recognise the file's shape and read it (the ONS workbook, or a wide or long sheet)."""
    option = (table or "").strip().lower()
    if coinr.is_coinr(book) and not table:
        return coinr.read_coinr(book, report)
    if ons.is_ons(book) and option in PFA_OPTIONS + CSP_OPTIONS:
        return ons.read_csp(book, report) if option in CSP_OPTIONS else ons.read_pfa(book, report)
    sheet = _pick_sheet(book, table, report)
    report.sheet = sheet.name
    place = Place(book.file, sheet.name)
    lay = layout(sheet.grid, place, report)
    parsed = (read_long if lay.long else read_wide)(sheet.grid, lay, place, report)
    meta_sheet = find_meta_sheet(book.sheets)
    if meta_sheet is not None and meta_sheet is not sheet:
        parsed.overrides = read_meta_sheet(meta_sheet, book.file, report)
    return parsed


def _candidates(book: Book) -> list[Sheet]:
    """Sheets that hold a table with a unit column (metadata sheets excluded)."""
    return [s for s in book.sheets if s.name.strip().lower() not in META_SHEETS and s.grid.size
            and find_header(s.grid) is not None]  # fmt: skip


def _pick_sheet(book: Book, table: str | None, report: Report) -> Sheet:
    names = ", ".join(repr(s.name) for s in book.sheets)
    if table:
        sheet = book.sheet(table)
        if sheet is None:
            report.fail(f"no sheet called {table!r}; the sheets are {names}", Place(book.file)())
        return sheet
    if len(book.sheets) == 1:
        return book.sheets[0]
    found = _candidates(book)
    if not found:
        report.fail(f"no sheet holds a table with a unit column ('code', 'name' or 'force'); "
                    f"the sheets are {names}", Place(book.file)())  # fmt: skip
    chosen = next((s for s in found if s.name.strip().lower() == "data"), found[0])
    others = [s.name for s in book.sheets if s is not chosen and s.name.strip().lower() not in META_SHEETS]
    if len(found) > 1:
        report.add(WARNING, f"several sheets hold tables: used {chosen.name!r}; not used: "
                   + ", ".join(map(repr, others)) + " (choose another sheet to load it instead)",
                   Place(book.file)())  # fmt: skip
    elif others:
        report.add(NOTE, f"used sheet {chosen.name!r}; other sheets (" + ", ".join(map(repr, others))
                   + ") hold no table and were not read", Place(book.file)())  # fmt: skip
    return chosen
