"""The ONS "Police force area data tables" workbook, read as published.

Police force areas (Tables P1 to P9) map to the sample's indicators exactly as
``sample_data/build.py`` does (build.py imports this module): offence-group counts
from Table P1 (previous year: P4), knife or sharp instrument offences from Table P5
(previous year: the matching column of P6), fraud and computer misuse referrals
from Table P9, population from Table P3. Community safety partnerships come from
Table C2 (previous year: C5) with populations from Table C4: the offences ONS
publishes for them (knife offences and fraud referrals are force-level only).

Sheet names carry stray trailing spaces, headers sit on rows 8 to 10 with notes
and line breaks in them, and cells hold ``[x]``, ``[u1]``, ``[z]``: all handled
here, with every dropped row (England and Wales, regions, British Transport
Police, "Unknown", "Unassigned" CSP rows) reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from scoring.io.cells import clean_text, is_blank
from scoring.io.meta import indicator_id
from scoring.io.numbers import read_values
from scoring.io.parsed import Parsed
from scoring.io.read import Book
from scoring.io.report import ERROR, NOTE, WARNING, Place, Report
from scoring.io.table import header_key, layout
from scoring.io.units import ENGLAND_AND_WALES, FORCES, assign
from scoring.io.wide import read_wide

PUBLISHER = "Office for National Statistics (police recorded crime from the Home Office; Table P9 from the National Fraud Intelligence Bureau)"  # noqa: E501
# Cleaned Table P1/P4 header -> id. Listing every header makes a renamed or new column fail loudly.
OFFENCE_GROUPS = {
    "Total recorded crime (excluding fraud)": "total_excl_fraud",
    "Violence against the person": "violence_against_the_person",
    "Homicide": "homicide",
    "Death or serious injury - unlawful driving": "death_serious_injury_unlawful_driving",
    "Violence with injury": "violence_with_injury",
    "Violence without injury": "violence_without_injury",
    "Stalking and harassment": "stalking_and_harassment",
    "Sexual offences": "sexual_offences",
    "Robbery": "robbery",
    "Theft offences": "theft_offences",
    "Burglary": "burglary",
    "Residential burglary": "residential_burglary",
    "Non-residential burglary": "non_residential_burglary",
    "Vehicle offences": "vehicle_offences",
    "Theft from the person": "theft_from_the_person",
    "Bicycle theft": "bicycle_theft",
    "Shoplifting": "shoplifting",
    "Other theft offences": "other_theft_offences",
    "Criminal damage and arson": "criminal_damage_and_arson",
    "Drug offences": "drug_offences",
    "Possession of weapons offences": "possession_of_weapons_offences",
    "Public order offences": "public_order_offences",
    "Miscellaneous crimes": "miscellaneous_crimes",
    "Miscellaneous crimes against society": "miscellaneous_crimes",  # Table P4's longer name
}
GROUP_IDS = list(dict.fromkeys(OFFENCE_GROUPS.values()))
INDICATOR_COLUMNS = [
    "homicide", "knife_offences", "violence_with_injury", "drug_offences", "residential_burglary",
    "robbery", "theft_from_person", "vehicle_offences", "fraud_cyber",
]  # fmt: skip
FROM_GROUP = {"theft_from_person": "theft_from_the_person"}  # indicator id -> offence-group id
KNIFE_TOTAL = "Total of selected serious offences involving a knife"
MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}"
PERIOD = re.compile(rf"^{MONTH} to {MONTH}$")
# (table key, crime table, knife table, which knife column, which P9 period column)
YEARS = (("current", "Table P1", "Table P5", KNIFE_TOTAL, -1),
         ("previous", "Table P4", "Table P6", -2, -2))  # fmt: skip
CSP_TABLES = ("Table C2", "Table C5")  # counts: this year, the year before
CSP_POPULATION = "Table C4"


def is_ons(book: Book) -> bool:
    """True for the ONS police force area tables workbook (it has a Table P1 sheet)."""
    return book.sheet("Table P1") is not None


def choices(book: Book) -> list[tuple[str, str]]:
    """The tables of an ONS workbook a user can load: ``(table option, description)``."""
    out = [("", "Police force areas (Tables P1, P3, P5, P9)")]
    if book.sheet(CSP_TABLES[0]) is not None:
        out.append(("Table C2", "Community safety partnerships (Table C2, populations from C4)"))
    return out


def read_table(book: Book, title: str, report: Report, *, codes=None,
               columns: Callable[[list[str]], list[str]] | None = None) -> pd.DataFrame:
    """One ONS P table indexed by area code: ``name`` plus numeric columns.

    The header row (the one starting "Area Code") is found, not assumed. British
    Transport Police has no code and gets "BTP"; other rows without a code (P9's
    "Unknown", P6's "exc. Greater Manchester" rows) are left out. ``codes`` keeps only
    those rows and ``columns`` picks headers from the cleaned header list.
    """
    sheet = book.sheet(title)
    if sheet is None:
        report.fail(f"the workbook has no sheet {title!r}", Place(book.file)())
    place, grid = Place(book.file, sheet.name), sheet.grid
    head = next((i for i in range(min(len(grid), 50)) if str(grid.iat[i, 0]).startswith("Area Code")), None)
    if head is None:
        report.fail("no 'Area Code' header in the first 50 rows", place())
    headers = [clean_text(c) for c in grid.iloc[head]]
    body = grid.iloc[head + 1 :]
    names = body[1].map(lambda c: "" if is_blank(c) else clean_text(c))
    code = body[0].map(lambda c: "" if is_blank(c) else clean_text(c))
    code[(code == "") & (names == "British Transport Police")] = "BTP"
    keep = (code != "") & (code.isin(codes) if codes is not None else True)
    duplicated = code[keep][code[keep].duplicated()]
    if len(duplicated):
        report.fail(f"the area code {duplicated.iloc[0]} appears twice", place(row=duplicated.index[0] + 1))
    table = pd.DataFrame({"name": names[keep].to_numpy()}, index=pd.Index(code[keep], name="code"))
    wanted = columns(headers[2:]) if columns else headers[2:]
    rows = [i + 1 for i in body.index[keep]]
    for j, header in enumerate(headers):
        if j >= 2 and header in wanted:
            table[header], _ = read_values(list(body[j][keep]), rows, header, j, place, report)
    table.attrs["period"] = table_period(grid)
    table.attrs["rows"] = dict(zip(table.index, rows, strict=True))
    return table


def table_period(grid: pd.DataFrame) -> str:
    """ "year ending December 2024" from a table's title cell (A1), or ""."""
    found = re.search(r"year ending (\w+ \d{4})", clean_text(grid.iat[0, 0]) if grid.size else "")
    return f"year ending {found.group(1)}" if found else ""


def period_columns(headers: list[str]) -> list[str]:
    """Headers that are periods ("Jan 2024 to Dec 2024"), in sheet order."""
    return [h for h in headers if PERIOD.match(h)]


def offence_groups(table: pd.DataFrame, report: Report) -> pd.DataFrame:
    """Offence-group counts renamed to snake_case ids, in the published column order."""
    groups = table.drop(columns="name").rename(columns=OFFENCE_GROUPS)
    if list(groups.columns) != GROUP_IDS:
        unknown = [c for c in groups.columns if c not in GROUP_IDS]
        report.fail(f"unexpected offence-group columns {unknown or list(groups.columns)}: "
                    "this edition's layout is not the one this tool knows", Place(report.file)())  # fmt: skip
    groups.attrs = table.attrs
    return groups


def area_tables(book: Book, report: Report, codes=None) -> dict[str, pd.DataFrame]:
    """Every area row for this year and the year before.

    Returns ``{"current": ..., "previous": ...}``: the offence groups plus
    ``knife_offences``, ``fraud_cyber`` and ``population`` (mid-year, Table P3, for
    both years, as the workbook has no other), each with ``attrs["period"]``.
    """
    population = lambda hs: [h for h in hs if header_key(h).startswith("population figures")][:1]  # noqa: E731
    p3 = read_table(book, "Table P3", report, codes=codes, columns=population)
    if p3.shape[1] < 2:
        report.fail("Table P3 has no 'Population figures' column", Place(book.file)())
    p9 = read_table(book, "Table P9", report, codes=codes, columns=lambda hs: period_columns(hs)[-2:])
    out = {}
    for key, crime, knife_sheet, knife_column, fraud in YEARS:
        table = offence_groups(read_table(book, crime, report, codes=codes), report)
        pick = (lambda hs, c=knife_column: [c]) if isinstance(knife_column, str) else (
            lambda hs, k=knife_column: period_columns(hs)[k:][:1])  # fmt: skip
        knife = read_table(book, knife_sheet, report, codes=codes, columns=pick)
        if knife.shape[1] < 2 or p9.shape[1] < 3:
            report.fail(f"{knife_sheet} or Table P9 lacks the expected columns", Place(book.file)())
        table["knife_offences"] = knife.iloc[:, 1]
        table["fraud_cyber"] = p9[period_columns(list(p9.columns))[fraud]]
        table["population"] = p3.iloc[:, 1]
        out[key] = table
    return out


def read_pfa(book: Book, report: Report) -> Parsed:
    """The 43 forces' indicators, the England and Wales row, and the previous year."""
    report.shape = "ONS police force area tables (P1, P3, P4, P5, P6, P9)"
    report.sheet = "Table P1"
    place = Place(book.file, "Table P1")
    p1 = read_table(book, "Table P1", report, columns=lambda hs: [])
    rows = p1.attrs["rows"]
    entries = [(rows[c], None if c == "BTP" else c, name) for c, name in p1["name"].items()]
    _, codes = assign(entries, place, report)
    for d in report.dropped:
        if d["given"].startswith(ENGLAND_AND_WALES):
            d["reason"] += ": used as the national reference"
    forces = [c for c in codes if c]
    tables = area_tables(book, report, codes=[*forces, ENGLAND_AND_WALES])
    ids = INDICATOR_COLUMNS
    pick = lambda t: t.reindex(columns=[FROM_GROUP.get(j, j) for j in ids]).set_axis(ids, axis=1)  # noqa: E731
    now, before = tables["current"], tables["previous"]
    national = [pick(t).loc[ENGLAND_AND_WALES] if ENGLAND_AND_WALES in t.index else None
                for t in (now, before)]  # fmt: skip
    for series, table in zip(national, (now, before), strict=True):
        if series is not None:
            series["population"] = table.at[ENGLAND_AND_WALES, "population"]
    values = pick(now).reindex(forces)
    report.periods = [before.attrs["period"], now.attrs["period"]]
    sources = {"knife_offences": "Table P5", "fraud_cyber": "Table P9"}
    return Parsed(
        kind=FORCES, values=values, place=Place(book.file),
        labels={j: j.replace("_", " ").capitalize() for j in ids},
        source={j: f"{book.file}, {sources.get(j, 'Table P1')}" for j in ids},
        population=now["population"].reindex(forces), period=now.attrs["period"],
        previous=pick(before).reindex(forces), previous_period=before.attrs["period"],
        national=national[0], previous_national=national[1],
        markers=pd.DataFrame("", index=values.index, columns=ids),
        title=f"{book.file}: police force areas, {now.attrs['period']}", publisher=PUBLISHER,
    )  # fmt: skip


def read_csp(book: Book, report: Report) -> Parsed:
    """Community safety partnerships: Table C2 counts, C4 populations, C5 the year before."""
    parsed = _csp_counts(book, CSP_TABLES[0], report)
    report.shape = "ONS community safety partnership tables (C2, C4, C5)"
    report.sheet = CSP_TABLES[0]
    report.add(NOTE, "knife offences (Table P5) and fraud referrals (Table P9) are published for "
               "police force areas only, so community safety partnerships are ranked without them",
               Place(book.file)())  # fmt: skip
    _negatives_missing(parsed, report)
    parsed.population = _csp_population(book, parsed.values.index, report)
    if book.sheet(CSP_TABLES[1]) is not None:
        scratch = Report(report.file)  # the earlier year's rows are not listed a second time
        earlier = _csp_counts(book, CSP_TABLES[1], scratch)
        report.issues += scratch.errors
        parsed.previous = earlier.values.reindex(index=parsed.values.index, columns=parsed.values.columns)
        parsed.previous_period = earlier.period
        report.periods = [earlier.period, parsed.period]
    parsed.title = f"{book.file}: community safety partnerships, {parsed.period}"
    parsed.publisher = PUBLISHER
    return parsed


def _csp_counts(book: Book, title: str, report: Report) -> Parsed:
    sheet = book.sheet(title)
    if sheet is None:
        report.fail(f"the workbook has no sheet {title!r}", Place(book.file)())
    place, grid = Place(book.file, sheet.name), sheet.grid
    lay = layout(grid, place, report)
    if lay.code is None or header_key(lay.names[lay.code]) != "community safety partnership code":
        report.fail("no 'Community Safety Partnership code' column", place(row=lay.header + 1))
    rows, kept = [i for i in range(lay.header + 1, len(grid)) if not _blank_row(grid, i)], []
    for i in rows:
        if is_blank(grid.iat[i, lay.code]):
            why = _csp_why(grid, lay, i)
            report.dropped.append({"row": i + 1, "given": _csp_label(grid, lay, i), "reason": why})
        else:
            kept.append(i)
    used = [j for j in lay.data if indicator_id(lay.names[j]) in INDICATOR_COLUMNS]
    lay.ignored += [j for j in lay.data if j not in used]
    lay.data = used
    parsed = read_wide(grid, lay, place, report, rows=kept)
    parsed.period = table_period(grid)
    return parsed


def _blank_row(grid, i) -> bool:
    return all(is_blank(c) for c in grid.iloc[i])


def _csp_label(grid, lay, i) -> str:
    cells = [grid.iat[i, j] for j in (lay.name, lay.region) if j is not None]
    return next((clean_text(c) for c in cells if not is_blank(c)), "")


def _csp_why(grid, lay, i) -> str:
    name = "" if lay.name is None or is_blank(grid.iat[i, lay.name]) else clean_text(grid.iat[i, lay.name])
    if not name:
        return "police force area total"
    if name.lower().startswith("unassigned"):
        return "offences not allocated to a community safety partnership (ONS CSP note 2)"
    return "no community safety partnership code: recorded at force level, no population (ONS CSP notes 2, 8)"


def _negatives_missing(parsed: Parsed, report: Report) -> None:
    """ONS CSP note 3: counts can be negative after transfers or cancellations; not usable."""
    negative = parsed.values < 0
    for code, j in zip(*np.nonzero(negative.to_numpy()), strict=True):
        unit, ind = parsed.values.index[code], parsed.values.columns[j]
        header, index = parsed.columns[ind]
        report.add(WARNING, f"{parsed.values.iat[code, j]:g} offences is negative (ONS CSP note 3: "
                   "transferred or cancelled offences); treated as missing",
                   parsed.place(row=int(parsed.cell_rows.at[unit, ind]), column=header, index=index))  # fmt: skip
    parsed.values = parsed.values.mask(negative)
    parsed.markers = parsed.markers.mask(negative, "negative")


def _csp_population(book: Book, codes: pd.Index, report: Report) -> pd.Series:
    sheet = book.sheet(CSP_POPULATION)
    if sheet is None:
        report.add(WARNING, f"no {CSP_POPULATION} sheet, so no populations: counts are ranked as given",
                   Place(book.file)())  # fmt: skip
        return None
    place, grid = Place(book.file, sheet.name), sheet.grid
    lay = layout(grid, place, Report(report.file))
    if lay.code is None or lay.population is None:
        report.fail(f"{CSP_POPULATION} has no CSP code or population column", place())
    where = {clean_text(grid.iat[i, lay.code]): i for i in range(lay.header + 1, len(grid))
             if not is_blank(grid.iat[i, lay.code])}  # fmt: skip
    rows = [where.get(c) for c in codes]
    found = [i for i in rows if i is not None]
    values, _ = read_values([grid.iat[i, lay.population] for i in found], [i + 1 for i in found],
                            lay.names[lay.population], lay.population, place, report)  # fmt: skip
    population = pd.Series(np.nan, index=codes)
    population[[c for c, i in zip(codes, rows, strict=True) if i is not None]] = values
    if population.isna().any():
        report.add(ERROR if population.isna().all() else WARNING,
                   f"no population for {', '.join(population.index[population.isna()][:5])}",
                   place(column=lay.names[lay.population], index=lay.population))  # fmt: skip
    return population
