import json
import subprocess
import sys

from conftest import ROOT  # noqa: F401  (tests/conftest.py puts the repo on the path)

from scoring.cli import main
from scoring.core.pipeline import score
from scoring.core.dataset import load_sample
from scoring.core.scenario import preset


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", "ranksets", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_one_row_per_ranked_force_in_table_order_and_replayable(capsys):
    first = run("--tau", "5", "--seed", "3")
    assert first.returncode == 0, first.stderr
    assert main(["ranksets", "--tau", "5", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first.stdout
    lines = first.stdout.strip().splitlines()
    assert lines[0] == "code,name,rank,lower,upper,top_5,bottom_5"
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 42 and "E23000034" not in {r[0] for r in rows}  # City of London apart
    ds = load_sample()
    table = score(ds, preset("home_office_2021", ds.measure_of)).ranked
    assert [r[0] for r in rows] == list(table.index)
    assert [int(r[2]) for r in rows] == list(table["rank"])
    assert all(int(r[3]) <= int(r[2]) <= int(r[4]) for r in rows)
    assert all((r[5] == "True") == (int(r[3]) <= 5) for r in rows)
    assert all((r[6] == "True") == (int(r[4]) >= 38) for r in rows)


def test_marginal_sets_are_narrower_and_json_says_how_they_were_made(capsys):
    assert main(["ranksets", "--format", "json", "--seed", "3"]) == 0
    joint = json.loads(capsys.readouterr().out)
    assert main(["ranksets", "--format", "json", "--seed", "3", "--marginal", "--level", "0.9"]) == 0
    each = json.loads(capsys.readouterr().out)
    assert joint["sets"] == "simultaneous" and each["sets"] == "marginal" and each["level"] == 0.9
    assert "parametric bootstrap" in joint["method"] and joint["draws"] == 1000
    width = lambda out: sum(r["upper"] - r["lower"] for r in out["rows"])  # noqa: E731
    assert width(each) < width(joint)
    assert set(joint["rows"][0]) == {"code", "name", "rank", "lower", "upper"}


def test_bad_options_give_a_message_and_exit_status_2(capsys):
    for args, message in [(["--level", "1.5"], "--level"), (["--tau", "0"], "--tau"),
                          (["--seed", "-1"], "--seed")]:  # fmt: skip
        assert main(["ranksets", *args]) == 2
        out = capsys.readouterr()
        assert message in out.err and out.out == ""
