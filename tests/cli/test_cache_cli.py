"""The command line's result cache (scoring.commands.cache): a repeat answers at once, never stale.

Most tests run ``main(..., cache=True)`` in this process (the cache is on by default only for
a process's own command line); the first checks whole processes byte for byte. Every test has
a cache folder of its own (the ``cli_cache`` fixture of tests/conftest.py).
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from scoring.cli import main
from scoring.commands import cache, rank
from tests.conftest import ROOT

GOOD = ROOT / "tests" / "fixtures" / "good"


def process(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, env=env, timeout=180, check=False
    )


@pytest.mark.parametrize("args", [
    ("rank",),
    ("rank", "--format", "json"),
    ("rank", "--data", "sample-2023"),
    ("rank", "--data", str(GOOD / "forces_counts.csv"), "--assume", "all", "--format", "json"),
])  # fmt: skip
def test_a_cached_answer_is_the_fresh_answer_byte_for_byte(args, cli_cache, capsys):
    env = {**os.environ, "LEAGUE_TABLE_CACHE": str(cli_cache)}
    # -X importtime lists every import on stderr, after what the command writes there.
    fresh, fresh_imports = split(
        process("-X", "importtime", "-m", "scoring", *args, "--no-cache", env=env)
    )
    assert fresh.returncode == 0 and not cli_cache.exists()  # --no-cache writes nothing
    # pyarrow is tried (an import line of its own) and refused (scoring/__main__.py): none of
    # its modules loads.
    assert "pandas" in fresh_imports and not any(m.startswith("pyarrow.") for m in fresh_imports)
    first = process("-m", "scoring", *args, env=env)
    assert len(list(cli_cache.glob("*.json"))) == 1
    again, again_imports = split(process("-X", "importtime", "-m", "scoring", *args, env=env))
    assert again_imports and not again_imports & {"pandas", "numpy", "pyarrow"}  # a replay
    for run in (first, again):
        assert (run.returncode, run.stdout, run.stderr) == (0, fresh.stdout, fresh.stderr)
    # pandas with pyarrow (as in this process, and the app) writes the same bytes.
    assert main(list(args)) == 0
    assert sys.modules.get("pyarrow") is not None
    assert capsys.readouterr().out.encode() == fresh.stdout


def split(done: subprocess.CompletedProcess) -> tuple[subprocess.CompletedProcess, set[str]]:
    """The run with its stderr less -X importtime's lines, and the modules those name."""
    lines = done.stderr.splitlines(keepends=True)
    imports = {
        x.rsplit(b"|", 1)[1].strip().decode() for x in lines if x.startswith(b"import time:")
    }
    done.stderr = b"".join(x for x in lines if not x.startswith(b"import time:"))
    return done, imports


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args), cache=True)
    out = capsys.readouterr()
    return status, out.out, out.err


def refuse(*_) -> int:
    raise AssertionError("computed, where the cache should have answered")


def test_a_repeat_is_answered_without_computing(capsys, monkeypatch, cli_cache):
    data = str(GOOD / "forces_counts.csv")  # its assumptions are listed on stderr
    first = run(capsys, "rank", "--data", data)
    assert first[0] == 0 and first[1].startswith("code,name,score,rank")
    assert "\nprovisional: " in first[2]
    (entry,) = cli_cache.glob("*.json")
    os.utime(entry, (1, 1))
    monkeypatch.setattr(rank, "run", refuse)  # computing now fails: only a replay succeeds
    assert run(capsys, "rank", "--data", data) == first  # stdout, stderr and status
    assert entry.stat().st_mtime > 1  # used just now: pruned last
    assert (
        run(capsys, "rank", "--data", data, "--format", "csv") == first
    )  # the default, spelled out


def test_the_analysis_commands_answer_a_repeat_too(capsys, monkeypatch):
    from scoring.commands import gaming

    first = run(capsys, "gaming", "--force", "E23000013")
    assert first[0] == 0 and first[1].startswith("code,name,indicator")
    monkeypatch.setattr(gaming, "run", refuse)
    assert run(capsys, "gaming", "--force", "E23000013") == first


def test_other_options_are_other_answers(capsys, monkeypatch, cli_cache):
    csv = run(capsys, "rank")
    status, out, _ = run(capsys, "rank", "--format", "json")
    assert status == 0 and len(json.loads(out)["rows"]) == 43
    data = str(GOOD / "forces_counts.csv")
    provisional = run(capsys, "rank", "--data", data)
    confirmed = run(capsys, "rank", "--data", data, "--assume", "all")
    # Confirming changes only what is said on stderr: a replay of the first would say too much.
    assert "\nprovisional: " in provisional[2] and "\nprovisional: " not in confirmed[2]
    assert len({csv[1], out, provisional[1]}) == 3
    assert len(list(cli_cache.glob("*.json"))) == 4


def test_a_data_file_changed_in_place_is_read_again(capsys, tmp_path):
    data = tmp_path / "forces.csv"
    shutil.copy(GOOD / "forces_newer.csv", data)
    before = run(capsys, "rank", "--data", str(data))
    stat = data.stat()
    text = data.read_text()
    assert "Metropolitan Police,56," in text
    data.write_text(text.replace("Metropolitan Police,56,", "Metropolitan Police,65,"))
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only content
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    after = run(capsys, "rank", "--data", str(data))
    assert after[0] == 0 and after[1] != before[1]
    assert after == run(capsys, "rank", "--data", str(data), "--no-cache")


def test_every_file_a_run_opened_is_checked_on_replay(capsys, tmp_path):
    # A file no option names (as the sample data) is still a dependency: the audit hook saw it.
    source = tmp_path / "figures.txt"
    source.write_text("12")
    stat = source.stat()

    def compute() -> int:
        with open(source, encoding="utf-8") as handle:
            print(handle.read())
        return 0

    assert cache.run({"command": "test"}, compute) == 0
    assert capsys.readouterr().out == "12\n"
    source.write_text("21")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.run({"command": "test"}, compute) == 0
    assert capsys.readouterr().out == "21\n"
    assert cache.run({"command": "test"}, refuse) == 0  # and now that answer is the cached one
    assert capsys.readouterr().out == "21\n"


def test_a_file_changed_while_the_command_ran_is_not_stored(capsys, tmp_path, cli_cache):
    source = tmp_path / "figures.txt"
    source.write_text("12")

    def compute() -> int:
        with open(source, encoding="utf-8") as handle:
            print(handle.read())
        # Another process rewrites it (same size, same time) before the command ends.
        path = repr(str(source))
        rewrite = (f"import os; s = os.stat({path}); open({path}, 'w').write('21'); "
                   f"os.utime({path}, ns=(s.st_atime_ns, s.st_mtime_ns))")  # fmt: skip
        subprocess.run([sys.executable, "-c", rewrite], check=True)
        return 0

    assert cache.run({"command": "test"}, compute) == 0
    assert capsys.readouterr().out == "12\n"
    assert not cli_cache.exists() or not list(cli_cache.glob("*.json"))


def test_a_changed_module_of_the_package_is_a_miss(capsys, monkeypatch, cli_cache):
    run(capsys, "rank")
    (entry,) = cli_cache.glob("*.json")
    stored = json.loads(entry.read_text())
    modules = [path for path, _ in stored["depends"] if path.startswith(cache.PACKAGE)]
    pipeline = os.path.join(cache.PACKAGE, "core", "pipeline.py")
    assert pipeline in modules and os.path.join(cache.PACKAGE, "commands", "rank.py") in modules
    stored["depends"] = [[p, "0" * 40 if p == pipeline else d] for p, d in stored["depends"]]
    entry.write_text(json.dumps(stored))  # as if scoring/core/pipeline.py had been edited
    monkeypatch.setattr(rank, "run", lambda args: print("computed") or 0)
    assert run(capsys, "rank")[1] == "computed\n"


def test_a_module_added_to_the_package_is_a_miss(capsys, monkeypatch, cli_cache, tmp_path):
    # A folder's hash is the names in it (bytecode caches aside) ...
    folder = os.path.join(tmp_path, "")
    (tmp_path / "one.py").write_text("")
    before = cache.content_hash(folder)
    (tmp_path / "__pycache__").mkdir()
    assert cache.content_hash(folder) == before
    (tmp_path / "two.py").write_text("")
    assert cache.content_hash(folder) != before
    # ... and every package folder a run imported from is checked on replay.
    run(capsys, "rank")
    (entry,) = cli_cache.glob("*.json")
    stored = json.loads(entry.read_text())
    core = os.path.join(cache.PACKAGE, "core", "")
    assert {cache.PACKAGE, core} <= {path for path, _ in stored["depends"]}
    stored["depends"] = [[p, "0" * 40 if p == core else d] for p, d in stored["depends"]]
    entry.write_text(json.dumps(stored))  # as if a module had been added to scoring/core/
    monkeypatch.setattr(rank, "run", lambda args: print("computed") or 0)
    assert run(capsys, "rank")[1] == "computed\n"


TRUNCATED = json.dumps({"format": cache.FORMAT, "status": 0}).encode()  # no "depends"


@pytest.mark.parametrize("damage", [b"", b"{not json", TRUNCATED, b"\xff\xfe", b"[]"])
def test_a_corrupt_entry_is_computed_afresh_and_replaced(capsys, cli_cache, damage):
    first = run(capsys, "rank")
    (entry,) = cli_cache.glob("*.json")
    entry.write_bytes(damage)
    assert run(capsys, "rank") == first
    assert json.loads(entry.read_bytes())["depends"]  # a whole entry again


def test_an_entry_written_by_another_user_is_not_trusted(capsys, monkeypatch, cli_cache):
    run(capsys, "rank")
    (entry,) = cli_cache.glob("*.json")
    try:
        os.chown(entry, os.getuid() + 1, -1)
    except PermissionError:
        pytest.skip("changing a file's owner needs root")
    monkeypatch.setattr(rank, "run", lambda args: print("computed") or 0)
    assert run(capsys, "rank")[1] == "computed\n"


def test_a_cache_that_cannot_be_written_never_stops_the_command(capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LEAGUE_TABLE_CACHE", str(blocker / "cache"))  # a folder inside a file
    first = run(capsys, "rank")
    assert first[0] == 0 and first[1].startswith("code,name")
    assert first == run(capsys, "rank", "--no-cache")


def test_no_cache_neither_reads_nor_writes(capsys, monkeypatch, cli_cache):
    run(capsys, "rank", "--no-cache")
    assert not cli_cache.exists()
    run(capsys, "rank")
    monkeypatch.setattr(rank, "run", lambda args: print("computed") or 0)
    assert run(capsys, "rank", "--no-cache")[1] == "computed\n"


def test_runs_a_replay_would_not_reproduce_are_not_stored(capsys, tmp_path, cli_cache):
    status, _, err = run(capsys, "rank", "--data", str(tmp_path / "missing.csv"))
    assert status == 2 and "unknown dataset" in err

    def writes() -> int:
        (tmp_path / "out.txt").write_text("x")
        return 0

    def binary() -> int:
        sys.stdout.buffer.write(b"bytes the recorder cannot see\n")
        return 0

    def terminal() -> int:
        print("coloured" if sys.stdout.isatty() else "plain")
        return 0

    for compute in (writes, binary, terminal):
        assert cache.run({"command": compute.__name__}, compute) == 0
    assert not cli_cache.exists() or not list(cli_cache.glob("*.json"))


def test_the_cache_keeps_the_most_recently_used_entries(capsys, monkeypatch, cli_cache):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    cli_cache.mkdir()
    for n in range(5):
        old = cli_cache / f"{n:040x}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    os.utime(cli_cache / f"{0:040x}.json", None)  # used just now: kept
    run(capsys, "rank")
    left = sorted(p.name for p in cli_cache.glob("*.json"))
    assert len(left) == 5
    assert f"{0:040x}.json" in left and f"{1:040x}.json" not in left
    assert any(not name.startswith("0000") for name in left)  # the new entry


def test_where_the_cache_lives(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAGUE_TABLE_CACHE", str(tmp_path / "mine"))
    assert cache.directory() == str(tmp_path / "mine")
    monkeypatch.delenv("LEAGUE_TABLE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == str(tmp_path / "xdg" / "league-table-lab")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == str(tmp_path / "home" / ".cache" / "league-table-lab")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home folder at all
    with pytest.raises(OSError):
        cache.directory()
    monkeypatch.chdir(tmp_path)
    assert cache.run({"command": "test"}, lambda: print("computed") or 0) == 0
    assert not (tmp_path / "~").exists()


def test_a_scenario_read_from_a_pipe_is_never_cached(cli_cache):
    # /dev/stdin (or a shell's <(...)) is not a file whose content can be checked again.
    env = {**os.environ, "LEAGUE_TABLE_CACHE": str(cli_cache)}
    outputs = []
    for weight in (10, 0):
        scenario = json.dumps({"measure_weights": {"homicide": weight}}).encode()
        done = subprocess.run([sys.executable, "-m", "scoring", "rank", "--scenario", "/dev/stdin",
                               "--format", "json"], input=scenario, cwd=ROOT, capture_output=True,
                              env=env, timeout=180, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout)["scenario"]["measure_weights"]["homicide"])
    assert outputs == [10, 0]
    assert not cli_cache.exists() or not list(cli_cache.glob("*.json"))
