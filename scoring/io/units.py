"""Which unit a row is: police forces by ONS code or by name through an alias table.

Force names differ between publishers ("Avon & Somerset", "London, City of",
"Metropolitan", "Dyfed Powys", "Devon & Cornwall"; compare the Home Office police recorded
crime and police workforce open data tables, the ONS Census 2011 tables by police force area
and the ONS *Police force area data tables* and boundary files), so names are
compared through :func:`name_key` (case, "&", punctuation, "Police",
"Constabulary" and "X, City of" ironed out) plus an explicit alias table. Rows that
are not units (England and Wales, England, Wales, regions, British Transport Police,
national fraud bodies, "Unknown") are dropped and reported, never silently.

A table whose rows are mostly forces is a force table: any other row in it is an
error naming the row (with a "did you mean" suggestion). A table of other units
(community safety partnerships, local authorities) keeps the codes and names it
gives; force rows inside it are subtotals and are dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from scoring.core.dataset import SAMPLE_DIR
from scoring.io.cells import clean_text, is_blank, show
from scoring.io.report import ERROR, WARNING, Place, Report

FORCES, UNITS = "police force areas", "units"
ONS_CODE = re.compile(r"^[A-Z]\d{8}$")
FORCE_CODES = [f"E23{i:06d}" for i in range(1, 40)] + [f"W15{i:06d}" for i in range(1, 5)]
_FORCE_SET = frozenset(FORCE_CODES)
ENGLAND_AND_WALES = "K04000001"
AGGREGATE_CODES = {
    "K04": "England and Wales total", "K03": "Great Britain total", "K02": "United Kingdom total",
    "E92": "England total", "W92": "Wales total", "E12": "region total",
    "N92": "Northern Ireland total", "S92": "Scotland total",
}  # fmt: skip
# Names as published -> ONS code: the variants met in the raw files and on police.uk.
ALIASES = {
    "Avon & Somerset": "E23000036", "Avon and Somerset Constabulary": "E23000036",
    "London, City of": "E23000034", "City of London Police": "E23000034",
    "Devon & Cornwall": "E23000035", "Devon and Cornwall Police": "E23000035",
    "Metropolitan": "E23000001", "Metropolitan Police Service": "E23000001",
    "Met": "E23000001", "MPS": "E23000001", "GMP": "E23000005",
    "Dyfed Powys": "W15000004", "Heddlu Dyfed-Powys": "W15000004",
    "Heddlu Gogledd Cymru": "W15000001", "Heddlu De Cymru": "W15000003",
}  # fmt: skip
REGIONS = ("North East", "North West", "Yorkshire and The Humber", "Yorkshire and Humber",
           "East Midlands", "East", "East of England", "London", "South East", "South West")
# "West Midlands" is a region and a force; by name alone it is read as the force.
NOT_UNITS = {
    "England and Wales": "England and Wales total", "England": "England total",
    "Wales": "Wales total", "Total": "total row", "Grand total": "total row",
    "British Transport Police": "British Transport Police is not a territorial force",
    "BTP": "British Transport Police is not a territorial force",
    "Action Fraud": "national fraud body, not a force", "CIFAS": "national fraud body, not a force",
    "UK Finance": "national fraud body, not a force",
    "Financial Fraud Action UK": "national fraud body, not a force",
    "Unknown": "no force (not attributable)",
    **dict.fromkeys(REGIONS, "region total"),
}  # fmt: skip
FILLER = {"police", "constabulary", "service", "force", "the", "pfa", "heddlu", "area"}


def name_key(text) -> str:
    """Comparable form of a unit name: "London, City of Police" -> "city of london"."""
    t = clean_text(text).lower()
    t = re.sub(r"^(.+?),\s*(city of)\b(.*)$", r"\2 \1\3", t)
    t = re.sub(r"[^a-z0-9]+", " ", t.replace("&", " and "))
    return " ".join(w for w in t.split() if w not in FILLER)


@cache
def force_units() -> pd.DataFrame:
    """The 43 forces (code index; name, region, country, population, ...) from the sample."""
    return pd.read_csv(SAMPLE_DIR / "units.csv", index_col="code")


@cache
def _force_keys() -> dict[str, str]:
    keys = {name_key(name): code for code, name in force_units()["name"].items()}
    keys.update({name_key(alias): code for alias, code in ALIASES.items()})
    return keys


@cache
def _not_unit_keys() -> dict[str, str]:
    return {name_key(name): why for name, why in NOT_UNITS.items()}


@dataclass(frozen=True)
class Match:
    """What one row's code and name cells identify."""

    code: str = ""  # unit id ("" when none)
    how: str = ""  # "code", "name" or "alias"
    drop: str = ""  # why the row is not a unit ("" when it is one)
    force: bool = False  # one of the 43 forces


def classify(code_cell, name_cell) -> Match:
    """Identify a row from its code and name cells (either may be empty)."""
    code, name = _cells(code_cell, name_cell)
    if code[:3] in AGGREGATE_CODES:
        return Match(code=code, drop=AGGREGATE_CODES[code[:3]])
    if code in _FORCE_SET:
        return Match(code, "code", force=True)
    if code:
        return Match(code, "code")
    key = name_key(name)
    if not code and key in _not_unit_keys():
        return Match(drop=_not_unit_keys()[key])
    if not code and key in _force_keys():
        found = _force_keys()[key]
        exact = name.lower() == str(force_units().at[found, "name"]).lower()
        return Match(found, "name" if exact else "alias", force=True)
    return Match(code or name, "code" if code else "name")


def assign(entries: list[tuple[int, object, object]], place: Place, report: Report):
    """Identify the unit of every entry ``(spreadsheet row, code cell, name cell)``.

    Returns ``(kind, codes)``: :data:`FORCES` or :data:`UNITS`, and one unit id per
    entry (None for a dropped or unusable row). Matches, dropped rows and errors go to
    ``report``; an entry's unit may repeat (long tables) and is reported once.
    """
    matches = [classify(code, name) for _, code, name in entries]
    forces = sum(m.force for m in matches)
    others = sum(bool(m.code) and not (m.force or m.drop) for m in matches)
    kind = FORCES if forces and forces >= others else UNITS
    report.unit_kind = kind
    codes: list[str | None] = []
    seen: set[str] = set()
    for (row, code_cell, name_cell), m in zip(entries, matches, strict=True):
        given = " / ".join(clean_text(c) for c in (code_cell, name_cell) if not is_blank(c))
        unit = _check(m, kind, given, row, code_cell, name_cell, place, report)
        codes.append(unit)
        if unit and unit not in seen:
            seen.add(unit)
            name = force_units().at[unit, "name"] if m.force else clean_text(name_cell or unit)
            report.matches.append({"row": row, "given": given, "code": unit, "name": name, "how": m.how})
    if kind == FORCES:
        _missing_forces(seen, place, report)
    return kind, codes


def _check(m: Match, kind, given, row, code_cell, name_cell, place, report) -> str | None:
    if m.drop:
        if given not in {d["given"] for d in report.dropped}:
            report.dropped.append({"row": row, "given": given, "reason": m.drop})
        return None
    if not m.code:
        report.add(ERROR, "this row has values but no unit code or name", place(row=row))
        return None
    if kind == FORCES and not m.force:
        report.add(ERROR, _unknown(code_cell, name_cell), place(row=row))
        return None
    if kind == UNITS and m.force:
        why = "police force area subtotal (the other rows are smaller units)"
        report.dropped.append({"row": row, "given": given, "reason": why})
        return None
    if m.force and not is_blank(name_cell) and not is_blank(code_cell):
        named = _force_keys().get(name_key(name_cell))
        if named and named != m.code:
            report.add(WARNING, f"the code {m.code} is {force_units().at[m.code, 'name']} but the "
                       f"name says {show(clean_text(name_cell))}: the code was used", place(row=row))  # fmt: skip
    return m.code


def _cells(code_cell, name_cell) -> tuple[str, str]:
    """The code (upper case) and name a row gives; a lone non-code "code" is a name."""
    code = "" if is_blank(code_cell) else clean_text(code_cell).upper()
    name = "" if is_blank(name_cell) else clean_text(name_cell)
    if not code and ONS_CODE.match(name.upper()):
        return name.upper(), ""  # a "name" column holding codes, in any case ("e23000001")
    if code and not name and not ONS_CODE.match(code):
        return "", clean_text(code_cell)  # a "unit" column holding names, not codes
    return code, name


def _unknown(code_cell, name_cell) -> str:
    code, name = _cells(code_cell, name_cell)
    if code[:3] in ("E23", "W15"):
        return (f"{show(code)} is not the ONS code of a police force area "
                "(E23000001-E23000039, W15000001-W15000004)")  # fmt: skip
    if code:
        return f"{show(code)} is not a police force area code, and the other rows are forces"
    names = force_units()["name"]
    choices = {str(n): str(n) for n in names} | {a: str(names[c]) for a, c in ALIASES.items()}
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    hint = f" (did you mean {show(choices[close[0]])}?)" if close else ""
    return f"{show(name)} is not a police force area code or a known force name{hint}"


def _missing_forces(seen: set[str], place: Place, report: Report) -> None:
    missing = [c for c in FORCE_CODES if c not in seen]
    if missing:
        names = ", ".join(force_units().loc[missing[:8], "name"])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        report.add(WARNING, f"{len(missing)} of the 43 forces are not in the file ({names}{more}); "
                   "they will not appear in the table", place())  # fmt: skip
