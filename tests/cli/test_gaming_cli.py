import io
import json

import pandas as pd
from test_rank_cli import run

from scoring.cli import main
from scoring.core.scenario import GamingSettings, Scenario


def test_gaming_prints_every_force_and_indicator_with_changes_and_leverage():
    result = run("gaming")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns[:4]) == ["code", "name", "indicator", "rank"]
    for column in ("change_pct_1", "change_count_1", "change_pct_3", "change_count_3", "leverage"):
        assert column in table.columns
    assert len(table) == 43 * 10 and table["code"].nunique() == 43
    lancs = table[(table["code"] == "E23000003") & (table["indicator"] == "drug_offences")].iloc[0]
    assert lancs["name"] == "Lancashire" and lancs["status_1"] == "ok"
    assert 0 < lancs["change_pct_1"] < lancs["change_pct_3"]
    assert (table.loc[table["weight"] == 0, "leverage"].fillna(0) == 0).all()


def test_force_filter_json_and_scenario_rubric(tmp_path, capsys):
    path = tmp_path / "s.json"
    rubric = {"drug_offences": [0, 0, 0, 0]}
    path.write_text(Scenario(gaming=GamingSettings(rubric=rubric)).to_json())
    args = ["gaming", "--scenario", str(path), "--force", "E23000003", "--format", "json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in out["rows"]} == {"E23000003"} and len(out["rows"]) == 10
    drug = next(r for r in out["rows"] if r["indicator"] == "drug_offences")
    assert drug["manipulability"] == 0 and drug["leverage"] == 0
    assert "change_pct_1" in out["columns"]


def test_ranked_apart_force_and_unknown_code():
    city = run("gaming", "--force", "E23000034")
    assert city.returncode == 0 and "no place to climb" in city.stdout
    bad = run("gaming", "--force", "E99999999")
    assert bad.returncode == 2 and "no force with code" in bad.stderr and bad.stdout == ""
