import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import PRESETS, Scenario, ScenarioError, preset

MEASURES = load_sample().measure_of

weights = st.dictionaries(st.sampled_from(sorted(set(MEASURES))),
                          st.floats(0, 10, allow_nan=False), min_size=1)
scenarios = st.builds(
    Scenario,
    measure_weights=weights,
    normalisation=st.sampled_from(["minmax", "zscore", "percentile", "distance"]),
    aggregation=st.sampled_from(["arithmetic", "geometric", "copeland"]),
    transform=st.sampled_from(["none", "winsorise", "log"]),
    seed=st.integers(0, 2**32 - 1),
)


@settings(max_examples=60, deadline=None)
@given(scenarios)
def test_json_and_url_round_trips_are_exact(s):
    back, notes = Scenario.from_json(s.to_json())
    assert back == s and notes == []
    back, notes = Scenario.from_query(s.to_query())
    assert back == s and notes == []


def test_replaying_a_scenario_reproduces_every_number():
    ds = load_sample()
    s = preset("harm_focused", ds.measure_of, normalisation="zscore", aggregation="geometric")
    replayed, _ = Scenario.from_json(s.to_json())
    a, b = score(ds, s).table, score(ds, replayed).table
    assert a.equals(b)


def test_bad_values_are_clamped_or_dropped_with_notes():
    s, notes = Scenario.from_dict({
        "measure_weights": {"homicide": 50, "drugs": -1, "x y": 2, "cyber": "lots"},
        "normalisation": "rank-it", "seed": 3.5, "uncertainty": {"samples": 10**9},
        "unknown": True,
    })
    assert s.measure_weights == {"homicide": 10.0, "drugs": 0.0}
    assert s.normalisation == "minmax" and s.seed == Scenario().seed
    assert s.uncertainty.samples == 100_000
    text = "\n".join(notes)
    for expected in ("above the maximum 10", "below the minimum 0", "'x y' is not a valid id",
                     "'lots' is not a number", "'rank-it' is not one of", "unknown: not a known"):
        assert expected in text


def test_hostile_url_parameters_never_raise():
    s, notes = Scenario.from_query({"w.homicide": "nan", "norm": "<script>", "seed": "1e999",
                                    "mc.n": "abc", "name": "x" * 500 + "\x00"})
    assert s.measure_weights.get("homicide") is None
    assert s.normalisation == "minmax" and len(s.name) <= 80 and "\x00" not in s.name
    assert notes


@pytest.mark.parametrize("text", [b"not json", b"[1, 2]", b'"a string"', b"{" * 10])
def test_unreadable_scenario_files_raise_a_clear_error(text):
    with pytest.raises(ScenarioError):
        Scenario.from_json(text)


def test_oversized_scenario_file_is_refused():
    with pytest.raises(ScenarioError, match="over"):
        Scenario.from_json(json.dumps({"name": "x" * 300_000}))


def test_presets():
    assert set(PRESETS) == {"home_office_2021", "ppf_2026", "ppa_2005", "equal_indicators",
                            "harm_focused", "victim_focused"}
    for key in ("home_office_2021", "ppf_2026", "ppa_2005"):  # each shows its source and date
        assert PRESETS[key].source and PRESETS[key].date
    home = preset("home_office_2021", MEASURES)
    assert len(set(home.measure_weights.values())) == 1 and len(home.measure_weights) == 6
    equal = preset("equal_indicators", MEASURES)
    assert equal.measure_weights == {k: float(v) for k, v in MEASURES.value_counts().items()}
    assert preset("harm_focused", MEASURES).measure_weights["drugs"] == 0


def test_scenario_is_hashable_and_picklable():
    import pickle

    s = preset("victim_focused", MEASURES)
    assert hash(s) == hash(pickle.loads(pickle.dumps(s)))
