"""Exports: CSV and XLSX with the scenario attached, safe against formula injection."""

import io
import json

import numpy as np
import openpyxl
import pandas as pd

from scoring import export
from scoring.core.scenario import Scenario

HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx"]


def table() -> pd.DataFrame:
    return pd.DataFrame({"name": HOSTILE, "score": [-0.5, 0.1, 0.2, 0.3, 0.4],
                         "rank": pd.array([1, 2, None, 4, 5], dtype="Int64")},
                        index=pd.Index([f"u{i}" for i in range(5)], name="code"))  # fmt: skip


def test_csv_neutralises_text_keeps_numbers_and_carries_the_scenario():
    scenario = Scenario(name="=evil()", measure_weights={"homicide": 7.0})
    text = export.scored_csv(table(), scenario_json=scenario.to_json(), caveats=["Ranks are\nuncertain"])
    lines = text.splitlines()
    assert lines[0] == "# Ranks are uncertain"
    assert Scenario.from_json(lines[1].removeprefix("# scenario: "))[0] == scenario
    back = pd.read_csv(io.StringIO(text), comment="#", index_col="code")
    assert all(v.startswith("'") for v in back["name"])
    assert back.at["u0", "score"] == -0.5  # a negative number is data, not a formula


def test_xlsx_has_no_formula_cells_and_round_trips_the_scenario():
    scenario = Scenario(measure_weights={"drugs": 0.0}, directions={"drug_offences": -1})
    content = export.scored_xlsx(table(), scenario_json=scenario.to_json(), caveats=["-caveat", "ok"])
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["League table", "scenario", "caveats"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    sheet = book["League table"]
    assert [c.value for c in sheet[1]] == ["code", "name", "score", "rank"]
    assert sheet["C2"].value == -0.5 and sheet["C2"].data_type == "n"
    assert sheet["D4"].value is None  # a missing rank stays empty
    lines = [r[0] for r in book["scenario"].iter_rows(min_row=2, values_only=True)]
    assert Scenario.from_json("\n".join(lines))[0] == scenario
    assert json.loads("\n".join(lines))["app"] == "league-table-lab"
    assert [r[0] for r in book["caveats"].iter_rows(min_row=2, values_only=True)] == ["'-caveat", "ok"]


def test_control_characters_cannot_break_the_workbook():
    frame = pd.DataFrame({"name": ["bell\x07", "nul\x00"]}, index=pd.Index(["a", "b"], name="code"))
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx({"t": frame})))
    assert [c.value for c in book["t"]["B"]][1:] == ["bell", "nul"]


def test_to_csv_formats_floats_exactly_as_pandas_float_format():
    # to_csv formats float columns itself (pandas is slow on wide tables): same bytes as pandas.
    frame = pd.DataFrame(
        {"a": [1.5, np.nan, -0.0, np.inf], "b": pd.array([1, None, 3, 4], dtype="Int64"),
         "c": ["x", "=y", None, "a,b"], "d": [True, False, True, False], "e": [1, 2, 3, 4],
         "f": np.array([1, 2, 3, 4], dtype="float32")},
        index=pd.Index(["k", "k", "j", "=m"], name="code"),
    )  # fmt: skip
    for f in (frame, frame.set_axis(["a", "a", "c", "d", "e", "f"], axis=1), frame.iloc[:0]):
        pandas = export.safe_frame(f).to_csv(float_format="%.6f", lineterminator="\n")
        assert export.to_csv(f) == pandas
