"""The room's answers as CSV and JSON: complete, and safe to open in a spreadsheet."""

from __future__ import annotations

import io
import json

import pandas as pd

from workshop import answers


def test_answers_download_as_safe_csv_and_json(opened):
    store, ws, _ = opened
    store.submit(ws.code, "participant-001", name="=HYPERLINK(1)", note="@SUM(A1)",
                 weights={"homicide": 6, "serious_violence": 2, "drugs": 0})  # fmt: skip
    store.submit(ws.code, "participant-002", name="Bo", order=["drugs", "homicide"])
    rows = store.submissions(ws.code)
    csv = pd.read_csv(io.StringIO(answers.to_csv(ws, rows)), index_col="participant")
    assert list(csv["name"]) == ["'=HYPERLINK(1)", "Bo"] and csv.loc[1, "note"] == "'@SUM(A1)"
    assert list(csv["share Homicide (%)"]) == [75.0, 25.0]  # 6/8, and ROC for 2nd of 2
    assert csv.loc[2, "order"] == "Drugs supply > Homicide" and pd.isna(csv.loc[2, "weight Drugs supply (0-10)"])
    assert "participant-00" not in answers.to_csv(ws, rows)  # private tokens stay out
    data = json.loads(answers.to_json(ws, rows))
    assert data["workshop"] == ws.code and data["participants"] == 2
    assert data["rows"][0]["name"] == "'=HYPERLINK(1)" and data["rows"][1]["share Drugs supply (%)"] == 75.0
    assert json.loads(answers.to_json(ws, []))["rows"] == []
