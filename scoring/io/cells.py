"""Reading one cell: numbers, suppression markers, separators, and tidy header text.

Official tables mix numbers with shorthand. ONS writes ``[x]`` (not available),
``[c]`` (confidential), ``[u1]`` (low reliability), ``[z]`` (not applicable) and
attaches ``[note n]`` to headers and names; older tables use ``..`` or ``:``.
Every such marker becomes a missing value, never a zero, and is reported. Numbers
typed with thousands separators (``1,234``) or a percent sign are read and reported;
anything else that is not a number (a word, a date, a spreadsheet error such as
``#DIV/0!``, a decimal comma) is an error naming the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

NOTE = re.compile(r"\[note[^\]]*\]", re.IGNORECASE)
MARKER = re.compile(r"^\[\s*([a-z]+)\d*\s*\]$", re.IGNORECASE)
MARKER_MEANING = {
    "x": "not available", "c": "confidential", "u": "low reliability",
    "z": "not applicable", "low": "rounds to zero", "w": "withheld",
}  # fmt: skip
# Words and symbols used for "no value" in spreadsheets and older statistical tables.
MISSING_WORDS = {"..", ":", "-", "–", "—", "*", "x", "c", "z", "n/a", "na", "nan", "null",
                 "none", "#n/a", "missing", "not available"}  # fmt: skip
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
SPACED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?$")
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CellError(ValueError):
    """A cell that should hold a number but does not; the message says why."""


def clean_text(value) -> str:
    """Drop "[note n]" markers and control characters; collapse line breaks and spaces."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        value = int(value)  # a workbook's 2024 is a year "2024", not "2024.0"
    text = str(value)
    if text.isprintable() and "[" not in text and "  " not in text:  # the usual case, at C speed
        return text.strip()
    return " ".join(CONTROL.sub("", NOTE.sub(" ", text)).split())


def display_text(value) -> str:
    """Text for a label shown anywhere: charts read "<...>" as markup, so angle brackets become ‹ ›."""
    return clean_text(value).replace("<", "\u2039").replace(">", "\u203a")


def is_blank(cell) -> bool:
    """True for an empty cell (None, NaN or only spaces)."""
    if cell is None:
        return True
    if isinstance(cell, float):
        return math.isnan(cell)
    return isinstance(cell, str) and not cell.strip()


def read_number(cell) -> tuple[float, str]:
    """Read one cell as a number.

    Returns
    -------
    (value, how)
        ``value`` is NaN for a missing cell; ``how`` is "" for a plain number, or
        "empty", "marker", "thousands" or "percent" to say how it was read.

    Raises
    ------
    CellError
        When the cell is text, a date, a yes/no value or a spreadsheet error.
    """
    if is_blank(cell):
        return math.nan, "empty"
    if isinstance(cell, bool | np.bool_):
        return _fail(f"{cell} is a yes/no value, not a number")
    if isinstance(cell, int | float | np.integer | np.floating):
        value = float(cell)
        return (value, "") if math.isfinite(value) else _fail(f"{cell} is not a finite number")
    if isinstance(cell, dt.date | dt.time | dt.timedelta):
        return _fail(f"{cell} is a date or time, not a number")
    text = str(cell).strip().replace("\u2212", "-")  # a typographic minus is still a minus
    if MARKER.match(text) or text.lower() in MISSING_WORDS:
        return math.nan, "marker"
    if text.startswith("#"):
        return _fail(f"{show(text)} is a spreadsheet error, not a number")
    if THOUSANDS.match(text):
        return float(text.replace(",", "")), "thousands"
    if SPACED.match(text):
        return float(re.sub(r"[ \u00a0\u202f]", "", text)), "thousands"
    if DECIMAL_COMMA.match(text):
        return _fail(f"{show(text)} looks like a decimal comma: write it as "
                     f"{text.replace(',', '.')}")  # fmt: skip
    if text.endswith("%") and NUMBER.match(text[:-1].strip()):
        return float(text[:-1]), "percent"
    if NUMBER.match(text):
        return float(text), ""
    return _fail(f"{show(text)} is not a number")


def marker_meaning(text: str) -> str:
    """What a suppression marker means ("[u1]" -> "low reliability"), or ""."""
    found = MARKER.match(str(text).strip())
    return MARKER_MEANING.get(found.group(1).lower(), "") if found else ""


def show(value, limit: int = 40) -> str:
    """A cell's text quoted for a message, shortened so one cell cannot flood it."""
    quoted = repr(str(value))
    return quoted if len(quoted) <= limit else quoted[: limit - 4] + "...'"


def _fail(message: str):
    raise CellError(message)
