"""``python -m scoring context``: the raw and context-adjusted table on the command line."""

import json
import subprocess
import sys
from pathlib import Path

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_context_csv_lists_every_ranked_force_in_adjusted_order():
    result = subprocess.run([sys.executable, "-m", "scoring", "context"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ("code,force,score,rank,adjusted_score,adjusted_rank,places,diversity,"
                        "density,group_rank,group_size,similar_forces")
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 42 and "E23000034" not in {r[0] for r in rows}  # City ranked apart
    assert [int(r[5]) for r in rows] == sorted(int(r[5]) for r in rows)
    assert all(int(r[6]) == int(r[3]) - int(r[5]) for r in rows)


def test_context_json_with_chosen_adjustment_and_group_size(capsys):
    assert main(["context", "--format", "json", "--adjust", "diversity", "--group-size", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["adjusted_for"] == ["diversity"] and out["n"] == 42
    assert out["scenario"]["context"]["group_size"] == 4
    assert [c["variable"] for c in out["coefficients"]] == ["diversity"]
    assert all(r["group_size"] <= 5 for r in out["rows"])
    assert "not cause" in out["caveat"]


def test_bad_options_give_a_message_and_exit_status_2(capsys):
    assert main(["context", "--adjust", "wealth"]) == 2
    assert "unknown context variable" in capsys.readouterr().err
    assert main(["context", "--group-size", "40"]) == 2
    assert "between 3 and 15" in capsys.readouterr().err
