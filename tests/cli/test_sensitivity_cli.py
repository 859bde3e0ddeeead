import json
import subprocess
import sys

from conftest import ROOT  # noqa: F401  (tests/conftest.py puts the repo on the path)

from scoring.cli import main
from scoring.core.scenario import Scenario, UncertaintySettings


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", "sensitivity", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_one_row_per_force_and_the_same_seed_gives_the_same_output():
    first = run("--samples", "300", "--seed", "5")
    second = run("--samples", "300", "--seed", "5", "--no-cache")  # computed twice, not replayed
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.strip().splitlines()
    assert lines[0] == "code,name,nominal,median,p5,p95,p_top10,status"
    assert len(lines) == 44
    rows = [line.split(",") for line in lines[1:43]]
    assert [int(r[2]) for r in rows] == list(range(1, 43))  # nominal order
    assert all(int(r[4]) <= int(r[3]) <= int(r[5]) for r in rows)  # p5 <= median <= p95
    assert lines[-1].startswith("E23000034,City of London,,,,,,")
    assert run("--samples", "300", "--seed", "6").stdout != first.stdout


def test_json_with_a_scenario_file_and_no_uncertainty(tmp_path, capsys):
    off = UncertaintySettings(vary_weights=False, data_noise=False)
    path = tmp_path / "s.json"
    path.write_text(
        Scenario(measure_weights={"homicide": 10, "drugs": 0}, uncertainty=off).to_json()
    )
    assert (
        main(["sensitivity", "--scenario", str(path), "--samples", "100", "--format", "json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["samples"] == 100 and out["sources"] == [] and out["mean_rank_shift"] == 0
    ranked = [r for r in out["rows"] if r["nominal"] is not None]
    assert len(out["rows"]) == 43 and len(ranked) == 42
    assert all(r["nominal"] == r["median"] == r["p5"] == r["p95"] for r in ranked)
    assert out["scenario"]["measure_weights"]["homicide"] == 10


def test_bad_options_give_a_message_and_exit_status_2():
    for args, message in [(["--samples", "0"], "--samples"), (["--seed", "-1"], "--seed"),
                          (["--data", "nowhere"], "unknown dataset")]:  # fmt: skip
        result = run(*args)
        assert result.returncode == 2 and message in result.stderr and result.stdout == ""
