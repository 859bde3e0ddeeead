"""What a data file was understood to hold, and what is wrong with it.

Every reader fills one :class:`Report` as it goes: the file's format, the sheet and
header row used, how each unit was matched, which rows were dropped and why, the
indicators and periods found, and a list of :class:`Issue` (errors, warnings and
notes), each with a location the user can find in a spreadsheet: file, sheet, row
(numbered as the spreadsheet numbers them, header counted) and column.

A file with any error is not used: :meth:`Report.raise_if_errors` raises
:class:`DataFileError`, an :class:`~scoring.errors.InputError` that carries the
whole report, so the app and ``python -m scoring validate`` can list every problem.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import NoReturn

import pandas as pd

from scoring.errors import InputError
from scoring.io.cells import show

ERROR, WARNING, NOTE = "error", "warning", "note"
MAX_ERRORS = 25  # past this many, a file is too broken for a longer list to help


@dataclass(frozen=True)
class Issue:
    """One finding: ``level`` is "error" (the file is not used), "warning" or "note"."""

    level: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Place:
    """Locates cells of one sheet of one file for messages."""

    file: str
    sheet: str = ""

    def __call__(self, row: int | None = None, column: str | None = None,
                 index: int | None = None) -> str:
        """"file.xlsx, sheet 'Data', row 12, column 'homicide' (C)"; parts left out when None.

        ``row`` is the spreadsheet row number (1-based, header counted); ``index`` the
        0-based column position, shown as the column letter.
        """
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {show(self.sheet)}")
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            letter = f" ({column_letter(index)})" if index is not None else ""
            parts.append(f"column {show(column)}{letter}")
        elif index is not None:
            parts.append(f"column {column_letter(index)}")
        return ", ".join(parts)


@dataclass
class Report:
    """Everything the loader understood about one file (see the module docstring)."""

    file: str
    format: str = ""
    sheet: str = ""
    shape: str = ""
    header_row: int | None = None
    unit_kind: str = ""
    matches: list[dict] = field(default_factory=list)  # row, given, code, name, how
    dropped: list[dict] = field(default_factory=list)  # row, given, reason
    indicators: list[dict] = field(default_factory=list)  # id, label, column, kind, ...
    periods: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tables: list[tuple[str, str]] = field(default_factory=list)  # a workbook's other tables

    def add(self, level: str, message: str, where: str = "") -> None:
        """Record an issue; past :data:`MAX_ERRORS` errors the file is given up on."""
        self.issues.append(Issue(level, message, where))
        if level == ERROR and len(self.errors) >= MAX_ERRORS:
            self.issues.append(Issue(ERROR, f"more than {MAX_ERRORS} problems: stopped checking"))
            raise DataFileError(self)

    def fail(self, message: str, where: str = "") -> NoReturn:
        """Record an error that stops reading at once, and raise."""
        self.issues.append(Issue(ERROR, message, where))
        raise DataFileError(self)

    def raise_if_errors(self) -> None:
        """Raise :class:`DataFileError` when any error was recorded."""
        if self.errors:
            raise DataFileError(self)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def ok(self) -> bool:
        """True when the file can be used."""
        return not self.errors

    def table(self, part: str) -> pd.DataFrame:
        """``matches``, ``dropped``, ``indicators`` or ``issues`` as a table for display."""
        rows = [asdict(i) for i in self.issues] if part == "issues" else getattr(self, part)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-ready copy (for ``validate --format json``)."""
        out = asdict(self)
        out["usable"] = self.ok
        return out

    def describe(self) -> list[str]:
        """Plain-text lines saying what was understood, for the command line."""
        by_how = pd.Series([m["how"] for m in self.matches], dtype=object).value_counts()
        lines = [
            f"file: {self.file} ({self.format})",
            f"table: {self.shape}" + (f", sheet {self.sheet!r}" if self.sheet else "")
            + (f", header on row {self.header_row}" if self.header_row else ""),
            f"units: {len(self.matches)} {self.unit_kind}"
            + (" (" + ", ".join(f"{n} by {how}" for how, n in by_how.items()) + ")" if len(by_how) else ""),
        ]
        lines += [f"  dropped row {d['row']}: {d['given']} ({d['reason']})" for d in self.dropped]
        lines.append(f"indicators: {len(self.indicators)}")
        lines += [f"  {i['id']}: {i['label']} [{i['kind']}; {i['direction']}"
                  + (f"; assumed: {i['assumed']}" if i.get("assumed") else "") + f"] from {i['column']}"
                  for i in self.indicators]  # fmt: skip
        lines.append("periods: " + (", ".join(self.periods) or "not stated"))
        lines += [f"{issue.level}: {issue}" for issue in self.issues]
        verdict = "usable" if self.ok else f"NOT usable ({len(self.errors)} error(s))"
        lines.append(f"result: {verdict}, {len(self.warnings)} warning(s)")
        return lines


class DataFileError(InputError):
    """A data file that cannot be used; ``.report`` lists every problem found."""

    def __init__(self, report: Report) -> None:
        errors = report.errors
        first = errors[0] if errors else Issue(ERROR, "the file cannot be used")
        more = len(errors) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first.message + suffix, where=first.where)
        self.report = report
