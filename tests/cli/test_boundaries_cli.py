"""The command line's boundaries: scenario files, options and weights give one line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.core.scenario import Scenario, ScenarioError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("text", [
    '{"gaming":' * 1000 + "1" + "}" * 1000,
    "[" * 100_000 + "]" * 100_000,
    '{"measure_weights": ' + '{"a":' * 50 + "1" + "}" * 50 + "}",
])  # fmt: skip
def test_a_scenario_nested_deeply_is_refused_in_one_message(text):
    with pytest.raises(ScenarioError, match="nested"):
        Scenario.from_json(text)


def test_the_commands_answer_bad_scenarios_and_zero_weights_in_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"gaming":' * 1000 + "1" + "}" * 1000)
    zero = tmp_path / "zero.json"
    zero.write_text(json.dumps({"measure_weights": dict.fromkeys(
        ("homicide", "serious_violence", "drugs", "neighbourhood", "cyber", "victim_satisfaction"), 0)}))
    for args, words in ((["rank", "--scenario", str(deep)], "nested too deeply"),
                        (["rank", "--scenario", str(zero)], "weights: every weight is zero"),
                        (["rank", "--data", str(tmp_path)], "unknown dataset"),
                        (["sensitivity", "--samples", "-3"], "--samples")):  # fmt: skip
        result = run(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert words in result.stderr and result.stdout == ""
