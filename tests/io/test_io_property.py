"""Property: no generated table crashes the loader; it loads, or raises the validation error.

Tables are drawn from headers and cells that real files contain (codes, names, markers,
separators, dates, booleans, formulas, stray text), written as CSV (any delimiter and
encoding) or XLSX, or replaced by arbitrary bytes. A table that loads must also score and
give the Data page's numbers (correlations, missing values, ski slopes, funnels).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.errors import InputError
from scoring.explore import indicators as explore
from scoring.io import load_bytes

HEADERS = ["code", "name", "Area Code", "force", "homicide", "robbery", "Drug offences",
           "population", "region", "period", "indicator", "value", "", "x", "[note 1]",
           "=cmd()", "%", "victim_satisfaction_n", "unit"]  # fmt: skip
CODES = ["E23000001", "E23000002", "E23000034", "W15000004", "K04000001", "E12000001",
         "E22000001", "E23000099", "Avon & Somerset", "London, City of", "Metropolitan",
         "England and Wales", "West Midlands", "British Transport Police"]  # fmt: skip
TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F,
                                      blacklist_categories=("Cs",)), max_size=8)  # fmt: skip
CELLS = st.one_of(
    st.none(), st.integers(-10, 10**7), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(CODES), st.sampled_from(["[x]", "[c]", "[u1]", "[z]", "..", "1,234", "12,5",
                                             "75%", "-", "#DIV/0!", "2024", "2023/24"]),
    TEXT, st.booleans(), st.just(dt.datetime(2024, 1, 31)),
)  # fmt: skip


@st.composite
def tables(draw):
    width = draw(st.integers(1, 6))
    header = [draw(st.sampled_from(HEADERS)) for _ in range(width)]
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), max_size=12))
    above = draw(st.lists(st.lists(TEXT, max_size=2), max_size=3))  # title rows over the header
    return above + [header] + rows


def as_csv(table, delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(
        [["" if c is None else str(c) for c in row] for row in table])
    return out.getvalue().encode(encoding, errors="replace")


def as_xlsx(table) -> bytes:
    book = openpyxl.Workbook()
    for row in table:
        book.active.append([c if not isinstance(c, float) or c == c and abs(c) != float("inf") else str(c)
                            for c in row])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def loads_or_refuses(content: bytes, name: str) -> None:
    try:
        loaded = load_bytes(content, name)
    except InputError:
        return
    ds = loaded.dataset
    scenario = preset("equal_indicators", ds.measure_of, data=ds.id)
    result = score(ds, scenario)
    assert len(result.table) == len(ds.values)
    # The Data page's numbers must hold for anything that loads, too.
    explore.redundant_pairs(explore.correlations(ds))
    explore.missing_cells(ds, scenario.replace(missing="impute_region_median"))
    for j in ds.indicators[:2]:
        explore.ski_slope(ds, j)
    for j in explore.count_indicators(ds)[:2]:
        explore.indicator_funnel(ds, j, overdispersion=True)


SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@SETTINGS
@given(tables(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_generated_csv_loads_or_raises_input_error(table, delimiter, encoding):
    loads_or_refuses(as_csv(table, delimiter, encoding), "generated.csv")


@SETTINGS
@given(tables())
def test_generated_xlsx_loads_or_raises_input_error(table):
    loads_or_refuses(as_xlsx(table), "generated.xlsx")


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["a.csv", "a.xlsx", "a.ods", "a.txt"]))
def test_arbitrary_bytes_load_or_raise_input_error(content, name):
    loads_or_refuses(content, name)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(CODES[:4] + ["E22000001", "E22000002", "E22000003"]),
                          st.integers(0, 500), st.integers(1, 10**6)), min_size=3, max_size=10))
def test_mostly_valid_tables_load_or_say_why(rows):
    text = "code,homicide,population\n" + "".join(f"{c},{h},{p}\n" for c, h, p in rows)
    loads_or_refuses(text.encode(), "units.csv")
