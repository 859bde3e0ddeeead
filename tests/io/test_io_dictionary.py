"""The data dictionary: kinds, directions and denominators inferred with reasons, and what is assumed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.errors import InputError
from scoring.io import load_path
from scoring.io.dictionary import answered, apply_answers, dictionary, infer, pending

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.mark.parametrize(("header", "values", "kind", "direction"), [
    ("Burglary", [120, 3400, 56], "count", -1),
    ("Criminal damage and arson", [1200, 300, 56], "count", -1),
    ("Theft offences per 1,000", [12.5, 30.1, 5.6], "rate", -1),
    ("Victim satisfaction (%)", [71.5, 80.2, 64.0], "percent", 1),
    ("Public confidence in the police", [55.0, 61.0, 70.0], "percent", 1),
    ("Charge rate", [5.9, 7.1, 4.4], "percent", 1),
    ("999 calls answered within 10 seconds", [88.0, 91.0, 79.0], "percent", 1),
    ("Average response time (minutes)", [11.2, 9.8, 14.1], "time", -1),
    ("Mystery column", [0.4, 0.9, 0.2], "percent", 1),
])  # fmt: skip
def test_the_vocabulary_and_the_values_give_a_kind_and_a_direction_with_a_reason(header, values, kind, direction):
    found = infer(header, pd.Series(values))
    assert (found.kind, found.direction) == (kind, direction)
    assert found.reasons and found.assumed == ["kind", "direction"]


def test_a_count_file_is_ranked_per_resident_with_crime_lower_is_better():
    ds = load_path(GOOD / "forces_counts.csv").dataset
    book = dictionary(ds)
    assert (book["direction"].drop("drug_offences") == "lower is better").all()
    assert book["kind"].str.startswith("count, shown per").all()
    assert book.at["burglary", "assumed"] == "kind, direction" and book.at["robbery", "assumed"] == ""
    ranked = score(ds, preset("home_office_2021", ds.measure_of, data=ds.id)).ranked
    assert ranked["name"].iloc[0] != "Metropolitan Police"
    assert list(ranked["name"]).index("Metropolitan Police") >= 20  # most crime, per resident: low
    assert len(pending(ds, preset("home_office_2021", ds.measure_of, data=ds.id))) == 16


def test_answers_change_the_table_and_a_confirmation_clears_the_list():
    ds = load_path(GOOD / "forces_counts.csv").dataset
    scenario = preset("home_office_2021", ds.measure_of, data=ds.id)
    given = apply_answers(scenario, ds, ["burglary=as-given", "theft_offences=higher"])
    assert given.counts == {"burglary": 0} and given.directions == {"theft_offences": 1}
    assert answered(ds, given).meta.at["burglary", "kind"] == "rate"
    assert len(pending(ds, given)) == 14
    assert pending(ds, apply_answers(scenario, ds, ["all"])).empty
    with pytest.raises(InputError, match="--assume"):
        apply_answers(scenario, ds, ["burglary=sideways"])


def test_the_dictionary_names_the_themes_above_each_measure_only_in_a_framework_with_themes():
    framework = dictionary(load_path(GOOD / "coinr_forces.xlsx").dataset)
    assert framework.at["homicide", "themes"] == "Serious harm"
    assert framework.at["burglary", "themes"] == "Crime in communities"
    assert list(framework.columns).index("themes") == list(framework.columns).index("measure") + 1
    flat = dictionary(load_path(GOOD / "forces_newer.csv").dataset)
    assert "themes" not in flat
