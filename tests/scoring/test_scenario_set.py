import json

import pytest

from scoring.core.scenario import Scenario, ScenarioError
from scoring.together import scenario_set


def test_round_trip_keeps_order_and_values():
    scenarios = [
        Scenario(name="A", measure_weights={"homicide": 7.0}),
        Scenario(name="B", normalisation="zscore"),
    ]
    back, notes = scenario_set.from_json(scenario_set.to_json(scenarios))
    assert back == scenarios and notes == []


def test_a_single_scenario_file_reads_as_a_set_of_one():
    one = Scenario(name="Solo", aggregation="geometric")
    back, _ = scenario_set.from_json(one.to_json())
    assert back == [one]


def test_bad_values_are_clamped_and_reported():
    text = json.dumps(
        {
            "kind": "scenario-set",
            "scenarios": [{"name": "X", "measure_weights": {"homicide": 99}}, "junk"],
        }
    )
    back, notes = scenario_set.from_json(text)
    assert back[0].measure_weights["homicide"] == 10.0
    assert any("X: measure_weights.homicide" in n for n in notes)
    assert any("scenario 2: not a JSON object" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"kind": "scenario-set", "scenarios": {}}), "must be a list"),
        (json.dumps({"kind": "scenario-set", "scenarios": [{}] * 51}), "limit is 50"),
        ("{" + " " * 300_000 + "}", "over 256 kB"),
    ],
)
def test_unreadable_files_are_refused(text, message):
    with pytest.raises(ScenarioError, match=message):
        scenario_set.from_json(text)


def test_unique_names():
    assert scenario_set.unique_name("A", ["A", "A (2)"]) == "A (3)"
    assert scenario_set.unique_name("  ", []) == "Scenario"
    assert scenario_set.unique_name("B", ["A"]) == "B"
