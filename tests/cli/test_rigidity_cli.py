import json
import subprocess
import sys
from pathlib import Path

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", "rigidity", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_rigidity_csv_lists_every_force_and_is_deterministic():
    first, second = run(), run("--no-cache")  # computed twice, not replayed
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.strip().splitlines()
    assert lines[0].startswith("code,name,coverage,rank_national,rank_own")
    assert len(lines) == 44
    rows = [line.split(",") for line in lines[1:]]
    assert rows[0][3] == "1"  # national rank order
    assert all(0 < float(r[2]) < 1 for r in rows)
    city = next(r for r in rows if r[0] == "E23000034")
    assert city[3] == "" and city[4] == ""  # ranked apart
    assert rows[-1][0] == "E23000034"


def test_rigidity_json_with_a_scenario_that_drops_a_measure(tmp_path, capsys):
    from scoring.core.scenario import Scenario

    path = tmp_path / "s.json"
    path.write_text(Scenario(measure_weights={"neighbourhood": 0.0}).to_json())
    assert main(["rigidity", "--format", "json"]) == 0
    full = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert main(["rigidity", "--scenario", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scenario"]["measure_weights"]["neighbourhood"] == 0.0
    dropped = {r["code"]: r for r in out["rows"]}
    assert len(dropped) == 43
    assert all(dropped[c]["coverage"] < full[c]["coverage"] for c in dropped)


def test_bad_input_gives_a_message_and_exit_status_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = run("--scenario", str(bad))
    assert result.returncode == 2 and "JSON object" in result.stderr and result.stdout == ""
