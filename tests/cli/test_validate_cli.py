"""``python -m scoring validate FILE`` and ``rank --data FILE``."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]

from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.io import load_path

FIXTURES = ROOT / "tests" / "fixtures"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_validate_a_good_file_says_what_was_understood_and_exits_0():
    result = run("validate", str(FIXTURES / "good" / "forces_names.xlsx"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "units: 43 police force areas (38 by name, 5 by alias)" in out
    assert "arrests_per_officer: Arrests per officer [rate per N (per officer); higher is better]" in out
    assert "note: forces_names.xlsx, sheet 'Data': the header is on row 4" in out
    assert out.rstrip().endswith("result: usable as is, 0 warning(s)") and result.stderr == ""


def test_validate_tells_usable_as_is_from_usable_after_confirming_and_unusable():
    counts = str(FIXTURES / "good" / "forces_counts.csv")
    provisional = run("validate", counts)
    assert provisional.returncode == 3
    assert "result: usable after confirming 16 assumption(s)" in provisional.stdout
    assert "assumed: burglary: direction assumed lower is better ('burglary' in the header" in provisional.stderr
    assert run("validate", counts, "--assume", "all").returncode == 0
    answered = run("validate", counts, "--assume", "burglary=lower", "--assume", "burglary=count")
    assert answered.returncode == 3 and "usable after confirming 14 assumption(s)" in answered.stdout
    assert run("validate", counts, "--assume", "nothing=up").returncode == 2


def test_rank_prints_what_it_assumed_on_stderr():
    result = run("rank", "--data", str(FIXTURES / "good" / "forces_counts.csv"))
    assert result.returncode == 0
    assert "provisional: 16 assumption(s)" in result.stderr and "assumed: theft_offences:" in result.stderr
    first = pd.read_csv(StringIO(result.stdout)).iloc[0]["name"]
    assert first != "Metropolitan Police"


def test_validate_a_bad_file_exits_non_zero_with_the_reasons():
    result = run("validate", str(FIXTURES / "malformed" / "non_numeric.csv"))
    assert result.returncode == 1
    assert "error: non_numeric.csv, row 3, column 'homicide' (C): 'twelve' is not a number" in result.stderr
    assert "result: unusable (1 error(s))" in result.stdout


def test_validate_json_and_the_csp_table_of_a_workbook():
    result = run("validate", str(FIXTURES / "good" / "ons_like.xlsx") + "#C2", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["usable"] and report["unit_kind"] == "units" and len(report["matches"]) == 6


def test_validate_a_missing_file():
    result = run("validate", "nowhere.csv")
    assert result.returncode == 1 and "cannot read the file" in result.stderr


def test_rank_data_file_is_the_app_pipeline():
    path = FIXTURES / "good" / "forces_newer.csv"
    result = run("rank", "--data", str(path))
    assert result.returncode == 0, result.stderr
    printed = pd.read_csv(StringIO(result.stdout), index_col="code")
    dataset = load_path(path).dataset
    expected = score(dataset, preset("home_office_2021", dataset.measure_of, data=dataset.id)).table
    assert printed["rank"].astype("Float64").equals(expected["rank"].astype("Float64").reindex(printed.index))
    assert (printed["score"] - expected["score"].reindex(printed.index)).abs().max() < 1e-6


def test_rank_warns_about_the_file_on_stderr_and_ranks_other_units():
    result = run("rank", "--data", str(FIXTURES / "malformed" / "missing_forces.csv"))
    assert result.returncode == 0
    assert "warning: missing_forces.csv: 3 of the 43 forces are not in the file" in result.stderr
    csp = run("rank", "--data", str(FIXTURES / "good" / "csp_small.csv"))
    assert csp.returncode == 0 and len(csp.stdout.strip().splitlines()) == 13


def test_rank_refuses_a_bad_file_with_one_line():
    result = run("rank", "--data", str(FIXTURES / "malformed" / "negative_count.csv"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == ("error: negative_count.csv, row 6, column 'homicide' (C): "
                                     "-3 is negative, but 'homicide' is a count")
