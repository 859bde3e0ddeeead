"""No file can exhaust the server: every hostile or malformed file is answered, in bounded memory and time.

``tests/fixtures/hostile.py`` writes a corpus of 50+ hostile files (zip and XML bombs,
declared areas of 16,384 x 1,048,576 cells, ODS rows repeated a million times, CSV
rows of 100,000 commas, every encoding, NULs, 1e137). A child process runs
``python -m scoring validate FILE`` and ``python -m scoring rank --data FILE`` on each,
and on every committed malformed fixture, with its address space capped at what its
imports take plus 500 MB (``resource.setrlimit(RLIMIT_AS)``) and an alarm per run. The
memory cap and the timeout are the only limits here; the times themselves (against the
5 s budget) are measured by ``bench/bench_io.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES))
import hostile  # noqa: E402

SECONDS = 15  # per command: three times the 5 s budget, for a loaded test machine
# file -> words its error must contain: the bombs are refused for the right reason.
REFUSED = {
    "csv_100k_commas.csv": "row 2: this row has 100,001 columns, over the 1,000",
    "csv_field_200k.csv": "this tool reads at most 10,000 in one cell",
    "csv_unclosed_quote.csv": "a missing closing quote can cause this",
    "csv_150k_rows.csv": "more than 50,000 rows",
    "csv_many_cells.csv": "more than 1,000,000 cells",
    "xlsx_corner_cell.xlsx": "cells in column XFD (16,384 columns), over the 1,000",
    "xlsx_area_20000x1000.xlsx": "20,000 rows x 1,000 columns, over the 2,000,000",
    "xlsx_zip_bomb_190mb.xlsx": "times its packed size",
    "xlsx_styled_empty_cells.xlsx": "times its packed size",
    "xlsx_billion_laughs.xlsx": "document type declarations are not allowed",
    "xlsx_external_entity.xlsx": "document type declarations are not allowed",
    "xlsx_too_many_parts.xlsx": "3,000 parts",
    "xlsx_lying_sizes.xlsx": "damaged",
    "xlsx_error_cells.xlsx": "'#REF!' is a spreadsheet error",
    "ods_row_repeated_1m.ods": "row 2 is repeated 1,000,000 times",
    "ods_cell_repeated_16k.ods": "row 2 is repeated 19,000 times with 16,384 filled cells",
    "ods_far_corner.ods": "cells on row 1,048,572",
    "csv_nul.csv": "binary data",
    "csv_huge_number.csv": "1e+137",
}


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> dict[tuple[str, str], dict]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = [str(p) for p in hostile.write_corpus(folder)]
    paths += [str(p) for p in sorted((FIXTURES / "malformed").iterdir())]
    run = subprocess.run(
        [sys.executable, str(FIXTURES / "hostile.py"), str(SECONDS), "validate,rank", *paths],
        capture_output=True, text=True, timeout=SECONDS * 2 * len(paths) + 120,
        env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0 and len(lines) == 2 * len(paths), run.stderr[-2000:]
    return {(r["file"], r["command"]): r for r in lines}


def test_the_corpus_has_at_least_40_hostile_files():
    files = hostile.corpus()
    assert len(files) >= 40
    assert all(len(content) <= 10 * 1024 * 1024 for content in files.values())  # all under the upload limit


def test_every_file_is_answered_in_bounded_memory_and_time_without_a_traceback(answers):
    bad = {key: (r["outcome"], r["stderr"][-300:]) for key, r in answers.items()
           if r["outcome"] != "answered" or r["traceback_text"] or r["status"] not in (0, 1, 2, 3)}  # fmt: skip
    assert not bad


def test_a_refused_file_says_why_in_one_line_on_stderr(answers):
    for (name, command), r in answers.items():
        if r["status"] not in (0, 3):  # unusable: one "error:" line that names the file
            assert name in r["error"], (name, command, r["stderr"])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bombs_are_refused_for_the_right_reason(answers, name):
    for command in ("validate", "rank"):
        r = answers[(name, command)]
        assert r["status"] in (1, 2) and REFUSED[name] in r["error"], (command, r["stderr"])
