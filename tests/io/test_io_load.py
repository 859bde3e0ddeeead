"""Good files in every shape load, match units, and score the way the app scores them."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.core.dataset import load_sample, previous_period
from scoring.core.pipeline import score
from scoring.core.scenario import Scenario, preset
from scoring.errors import InputError
from scoring.io import (
    MAX_BYTES,
    DataFileError,
    load_bytes,
    load_path,
    open_dataset,
    split_table,
)
from scoring.io.cells import read_number
from scoring.io.limits import MAX_ROWS
from scoring.io.units import ALIASES, classify, name_key

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"
SAMPLE = load_sample()


def load(name: str, table: str | None = None):
    return load_path(GOOD / name, table)


def test_wide_csv_of_the_sample_layout_keeps_the_sample_metadata():
    loaded = load("forces_newer.csv")
    ds = loaded.dataset
    assert ds.id.startswith("upload:") and len(ds.id) == len("upload:") + 12
    assert list(ds.values.columns) == list(SAMPLE.values.columns)
    assert ds.meta.loc["homicide", ["kind", "per", "direction"]].tolist() == ["count", 1_000_000, -1]
    # The user's own survey is real data, not the sample's illustrative column.
    assert ds.meta.at["victim_satisfaction", "status"] == "real" and not ds.illustrative
    assert ds.context["sample_size"]["victim_satisfaction"].eq(600).all()
    assert ds.units["population"].equals(SAMPLE.units.loc[ds.values.index, "population"].astype(float))
    assert len(loaded.report.matches) == 43 and not loaded.report.errors


def test_same_content_same_id_and_a_changed_value_a_new_one():
    content = (GOOD / "forces_newer.csv").read_bytes()
    first, again = load_bytes(content, "a.csv").dataset, load_bytes(content, "a.csv").dataset
    assert first.id == again.id
    changed = content.replace(b"E23000002,Cumbria,", b"E23000002,Cumbria,1", 1)
    assert load_bytes(changed, "a.csv").dataset.id != first.id


def test_names_through_the_alias_table_header_below_titles_and_a_metadata_sheet():
    loaded = load("forces_names.xlsx")
    ds, report = loaded.dataset, loaded.report
    how = {m["given"]: m["how"] for m in report.matches}
    assert how["Avon & Somerset"] == "alias" and how["Cumbria"] == "name"
    assert {"London, City of", "Metropolitan", "Dyfed Powys", "Devon & Cornwall"} <= set(how)
    assert report.header_row == 4
    assert ds.meta.at["arrests_per_officer", "label"] == "Arrests per officer"
    assert ds.meta.at["arrests_per_officer", "measure"] == "arrests"
    assert ds.meta.at["drug_offences", "direction"] == -1  # the metadata sheet overrides the sample's +1
    assert ds.units.at["E23000034", "name"] == "City of London"  # one display name everywhere


@pytest.mark.parametrize("given", sorted(ALIASES))
def test_every_alias_finds_its_force(given):
    assert classify(None, given).code == ALIASES[given]


def test_name_key_irons_out_publisher_differences():
    assert name_key("London, City of") == name_key("City of London Police") == "city of london"
    assert name_key("Avon & Somerset Constabulary") == name_key("avon and somerset")


def test_long_file_with_two_periods_and_an_england_and_wales_row():
    loaded = load("forces_long.csv")
    ds = loaded.dataset
    assert loaded.report.periods == ["2023", "2024"]
    assert ds.values.columns.name is None and ds.values.index.name == "code"
    assert ds.values["homicide"].equals(SAMPLE.values["homicide"].reindex(ds.values.index))
    assert ds.national["homicide"] == 535 and ds.national["population"] == 60_854_700
    before = previous_period(ds)
    assert before is not None and before.values.at["E23000001", "homicide"] == 112
    assert any("used as the national reference" in d["reason"] for d in loaded.report.dropped)


def test_ods_loads_like_csv():
    ods = load("forces.ods").dataset
    sample = load_sample(illustrative=True)  # the fixture carries the demonstration column
    assert ods.values.equals(sample.values.reindex(ods.values.index).astype(float))


def test_other_units_keep_their_own_names_regions_and_population():
    loaded = load("csp_small.csv")
    ds = loaded.dataset
    assert loaded.report.unit_kind == "units" and len(ds.values) == 12
    assert ds.units.at["E22000900", "population"] == 2300
    assert set(ds.units["region"]) == {"Testshire", "Exampleton"}
    scenario = preset("equal_indicators", ds.measure_of, data=ds.id)
    # The small-unit rule is a policing rule: partnerships are all ranked unless the user sets it.
    assert score(ds, scenario).table["status"].eq("").all()
    result = score(ds, scenario.replace(small_units_everywhere=True))
    assert result.table.at["E22000900", "status"].startswith("ranked apart")  # 2,300 residents
    assert result.table.at["E22000906", "status"].startswith("ranked apart")  # 45,000
    assert result.ranked["rank"].tolist() == sorted(result.ranked["rank"].tolist())


def test_ons_layout_workbook_reproduces_the_sample_values():
    loaded = load("ons_like.xlsx")
    ds = loaded.dataset
    sample = SAMPLE.values[ds.indicators].reindex(ds.values.index)
    assert ds.values.equals(sample)
    assert ds.context["previous"].equals(SAMPLE.context["previous"][ds.indicators].reindex(ds.values.index))
    assert ds.national["homicide"] == SAMPLE.national["homicide"]
    reasons = " ".join(d["reason"] for d in loaded.report.dropped)
    assert "region total" in reasons and "British Transport Police" in reasons
    assert loaded.report.periods == ["year ending December 2023", "year ending December 2024"]


def test_ons_layout_community_safety_partnerships():
    loaded = load("ons_like.xlsx", "Table C2")
    ds = loaded.dataset
    assert list(ds.values.index) == [f"E22{i:06d}" for i in range(1, 7)]
    assert ds.units.at["E22000001", "population"] == 8600
    assert ds.context["previous"].at["E22000002", "robbery"] * 2 == ds.values.at["E22000002", "robbery"]
    reasons = [d["reason"] for d in loaded.report.dropped]
    assert "police force area total" in reasons and any("ONS CSP note 2" in r for r in reasons)
    # The tables on offer come from the same read as the data: the file is parsed once.
    assert loaded.report.tables[1][0] == "Table C2"
    assert load("forces_newer.csv").report.tables == []


def test_rank_through_open_dataset_is_the_app_pipeline():
    path = GOOD / "forces_newer.csv"
    scenario = preset("home_office_2021", SAMPLE.measure_of)
    direct = score(load_path(path).dataset, scenario).table
    via_name = score(open_dataset(str(path)), scenario).table
    pd.testing.assert_frame_equal(direct, via_name)
    assert direct["rank"].notna().sum() == 42


def test_open_dataset_messages():
    with pytest.raises(InputError, match="unknown dataset"):
        open_dataset("nowhere.csv")
    with pytest.raises(InputError, match="uploaded to the app"):
        open_dataset("upload:0123456789ab")
    assert split_table("book.xlsx#Table C2") == (Path("book.xlsx"), "Table C2")


def test_the_package_names_each_load_from_their_module_on_first_use():
    import scoring.io

    # scoring/io/__init__.py names where each lives, and imports it only when asked (a
    # command that opens a shipped sample never loads the file readers).
    assert sorted(scoring.io.__all__) == sorted(scoring.io._FROM)
    for name in scoring.io.__all__:
        module = importlib.import_module(f"scoring.io.{scoring.io._FROM[name]}")
        assert getattr(scoring.io, name) is getattr(module, name) and name in dir(scoring.io)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        scoring.io.nothing  # noqa: B018


def test_file_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(DataFileError, match="over the 10 MB limit"):
        load_bytes(b"x" * (MAX_BYTES + 1), "big.csv")


def test_too_many_rows_is_refused_while_reading():
    rows = "code,homicide\n" + "E23000001,1\n" * MAX_ROWS
    with pytest.raises(DataFileError, match=f"more than {MAX_ROWS:,} rows, over what this tool reads"):
        load_bytes(rows.encode(), "long.csv")


def test_a_failed_file_reports_every_problem_not_only_the_first():
    text = "code,homicide,robbery\nE23000001,abc,1\nE23000002,2,xyz\nE23000003,3,4\n"
    with pytest.raises(DataFileError) as caught:
        load_bytes(text.encode(), "two.csv")
    assert len(caught.value.report.errors) == 2
    assert "(and 1 more problem)" in str(caught.value)


@pytest.mark.parametrize(("cell", "expected"), [
    ("1,234", (1234.0, "thousands")), ("1 234", (1234.0, "thousands")), (" 12 ", (12.0, "")),
    ("−5", (-5.0, "")), ("..", (np.nan, "marker")), ("[c]", (np.nan, "marker")),
    ("75%", (75.0, "percent")), (None, (np.nan, "empty")), (3, (3.0, "")),
])  # fmt: skip
def test_read_number(cell, expected):
    value, how = read_number(cell)
    assert how == expected[1]
    assert (np.isnan(value) and np.isnan(expected[0])) or value == expected[0]


def test_scenario_records_an_upload_by_id():
    ds = load("forces_newer.csv").dataset
    scenario, notes = Scenario.from_query(Scenario(data=ds.id).to_query())
    assert scenario.data == ds.id and not notes
