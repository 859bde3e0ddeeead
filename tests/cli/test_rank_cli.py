import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_rank_lists_43_forces_and_is_deterministic():
    first, second = run("rank"), run("rank", "--no-cache")  # computed twice, not replayed
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.strip().splitlines()
    assert lines[0].startswith("code,name,score,rank,status,c_homicide")
    assert len(lines) == 44
    codes = [line.split(",")[0] for line in lines[1:]]
    assert len(set(codes)) == 43 and all(c[:3] in ("E23", "W15") for c in codes)


def test_rank_json_with_a_scenario_file(tmp_path, capsys):
    from scoring.core.scenario import Scenario

    path = tmp_path / "s.json"
    path.write_text(Scenario(measure_weights={"homicide": 10, "drugs": 0}).to_json())
    blas = os.environ.get("OPENBLAS_NUM_THREADS")
    assert main(["rank", "--scenario", str(path), "--format", "json"]) == 0
    assert gc.isenabled()  # rank pauses the garbage collector while it imports, no longer
    assert os.environ.get("OPENBLAS_NUM_THREADS") == blas  # numpy was loaded: nothing to set
    out = json.loads(capsys.readouterr().out)
    assert len(out["rows"]) == 43
    assert out["scenario"]["measure_weights"]["homicide"] == 10
    ranked = [r for r in out["rows"] if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked)
    # The publishers' notes travel with their units' rows (ONS, year ending December 2024).
    notes = {r["name"]: r["data_note"] for r in out["rows"] if r["data_note"]}
    assert "Burglary under-counted in November–December 2024" in notes["Leicestershire"]
    assert "NDQIS" in notes["Gloucestershire"]
    assert notes["Leicestershire"] != notes["Gloucestershire"]


def test_bad_input_gives_a_message_and_a_non_zero_exit(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for args, message in [(["--scenario", str(bad)], "not valid JSON"),
                          (["--scenario", str(tmp_path / "missing.json")], "cannot read"),
                          (["--data", "nowhere"], "unknown dataset")]:
        result = run("rank", *args)
        assert result.returncode == 2
        assert message in result.stderr and result.stdout == ""


def test_clamped_scenario_values_are_warned_about(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"measure_weights": {"homicide": 99}}))
    result = run("rank", "--scenario", str(path))
    assert result.returncode == 0
    assert "above the maximum" in result.stderr


# Modules `python -m scoring rank` on the shipped data must not import: each costs the command
# time it would spend on nothing (issue 14: the whole process within 0.5 s, bench/run_all.py).
# The analyses pull in scipy, the app plotly and streamlit, the file readers a workbook library.
NOT_FOR_RANK = ("scipy", "plotly", "streamlit", "pyarrow", "python_calamine", "openpyxl",
                "scoring.io.load", "scoring.io.read", "scoring.io.workbook", "scoring.instability",
                "scoring.gaming", "scoring.grading", "scoring.commands.sensitivity")  # fmt: skip
# The modules a process had loaded (not those it refused, as pyarrow), written as it ends
# (-X importtime misses those imported through importlib, as a command's module).
PROBE = ("import atexit, os, runpy, sys\n"
         "listing = sys.argv[1]\n"
         "atexit.register(lambda: open(listing, 'w').write('\\n'.join(\n"
         "    [*(n for n, m in sys.modules.items() if m is not None),\n"
         "     'blas_threads=' + os.environ.get('OPENBLAS_NUM_THREADS', 'any')])))\n"
         "sys.argv = ['scoring', *sys.argv[2:]]\n"
         "runpy.run_module('scoring', run_name='__main__', alter_sys=True)\n")  # fmt: skip


def test_rank_imports_only_what_it_uses(tmp_path):
    listing = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(listing), "rank", "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
                          env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("rank", "--no-cache").stdout  # the probe ran the real command
    loaded = set(listing.read_text().split())
    assert {"pandas", "numpy", "scoring.commands.rank", "scoring.io.named"} <= loaded
    assert "blas_threads=1" in loaded  # no BLAS threads started for nothing
    wrong = sorted(m for m in loaded if any(m == n or m.startswith(f"{n}.") for n in NOT_FOR_RANK))
    assert not wrong, f"python -m scoring rank imported {len(wrong)} modules it needs not: {wrong[:6]}"
