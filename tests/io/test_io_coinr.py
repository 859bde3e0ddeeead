"""COINr's layout as is: iData and iMeta, as a workbook or two CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.core import hierarchy
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.io import DataFileError, load_bytes, load_path
from scoring.io.dictionary import pending, with_stated_weights

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.fixture(scope="module")
def book():
    return load_path(GOOD / "coinr.xlsx")


def test_units_come_from_ucode_and_uname_and_no_number_is_a_name(book):
    ds, report = book.dataset, book.report
    assert len(ds.values) == 51 and report.unit_kind == "units"
    assert ds.units.at["AUT", "name"] == "Country AUT"  # not the land area
    assert set(ds.indicators) == {"flights", "goods", "renew", "co2", "poverty", "freepress"}


def test_directions_weights_and_denominators_come_from_imeta(book):
    ds = book.dataset
    idata = pd.read_csv(GOOD / "coinr_iData.csv", index_col="uCode")
    assert ds.meta.at["co2", "direction"] == -1 and ds.meta.at["freepress", "direction"] == 1
    assert np.allclose(ds.values["flights"], (idata["Flights"] / idata["Population"]).reindex(ds.values.index))
    assert ds.meta.at["goods", "denominator"] == "GDP (iData column)"
    assert pending(ds, preset("home_office_2021", ds.measure_of, data=ds.id)).empty  # nothing assumed
    # Levels 3 and 4 read as a tree: the measures sit in the sub-indices, the root is the index.
    assert ds.measures["weight"].round(6).to_dict() == {"connect": 1.0, "environ": 1.0, "social": 1.0}
    assert ds.measures["parent"].to_dict() == {"connect": "conn", "environ": "sust", "social": "sust"}
    groups = ds.context["groups"]
    assert groups.to_dict("index") == {"conn": {"label": "Connectivity sub-index", "parent": "", "weight": 1.0},
                                       "sust": {"label": "Sustainability sub-index", "parent": "", "weight": 1.0}}
    assert hierarchy.of(ds).depth == 4
    assert ds.measure_labels["environ"] == "Environment"
    notes = " ".join(i.message for i in book.report.issues)
    assert "COINr hierarchy: 3 measures, levels 3 above them (2 groups), index 'Index'" in notes
    assert "group columns 'GDP_group', 'EurAsia_group'; denominator columns 'Area', 'GDP', 'Population'" in notes


def test_the_stated_weights_rank_the_table_and_no_unit_is_ranked_apart(book):
    ds = book.dataset
    scenario = with_stated_weights(preset("home_office_2021", ds.measure_of, data=ds.id), ds)
    result = score(ds, scenario)
    assert result.weights.round(6).to_dict() == {"flights": 0.25, "goods": 0.25, "renew": 0.083333,
                                                 "co2": 0.166667, "poverty": 0.125, "freepress": 0.125}
    assert result.table["rank"].notna().all()  # countries are not police force areas


def test_the_two_csv_files_read_as_the_workbook(book):
    pair = load_path(GOOD / "coinr_iData.csv").dataset
    assert pair.values.equals(book.dataset.values)
    assert pair.meta["direction"].equals(book.dataset.meta["direction"])
    assert pair.measures["weight"].equals(book.dataset.measures["weight"])
    again = load_bytes((GOOD / "coinr_iData.csv").read_bytes(), "iData.csv",
                       imeta=((GOOD / "coinr_iMeta.csv").read_bytes(), "iMeta.csv")).dataset
    assert again.values.equals(book.dataset.values)


@pytest.mark.parametrize(("change", "words"), [
    (("Type", 1, "Pillar"), "Type 'Pillar' for 'Goods': must be one of"),
    (("Direction", 0, 5), "Direction '5' for 'Flights': must be 1 or -1"),
    (("Parent", 2, "Nowhere"), "the Parent 'Nowhere' of 'Renew' is not an iCode"),
])  # fmt: skip
def test_a_bad_imeta_names_its_row(change, words):
    imeta = pd.read_csv(GOOD / "coinr_iMeta.csv")
    column, row, value = change
    imeta[column] = imeta[column].astype(object)
    imeta.at[row, column] = value
    with pytest.raises(DataFileError, match=words):
        load_bytes((GOOD / "coinr_iData.csv").read_bytes(), "iData.csv",
                   imeta=(imeta.to_csv(index=False).encode(), "iMeta.csv"))
