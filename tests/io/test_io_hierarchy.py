"""Hierarchies in files: COINr's iMeta at four levels and the metadata sheet's ``parent`` column;
the four-level workbook ranks and grades with its own weights and directions (in the CLI too)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.core import hierarchy
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.io import DataFileError, load_bytes, load_path
from scoring.io.dictionary import with_stated_weights
from tests.conftest import run_cli
from tests.fixtures.make_fixtures import FORCE_COLUMNS, coinr_forces, sample_wide, workbook

FOUR = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "coinr_forces.xlsx"


@pytest.fixture(scope="module")
def four():
    ds = load_path(FOUR).dataset
    return ds, with_stated_weights(preset("home_office_2021", ds.measure_of, data=ds.id), ds)


def test_four_levels_with_the_files_weights_and_directions(four):
    ds, scenario = four
    tree = hierarchy.of(ds)
    assert tree.depth == 4 and tree.top == ["harm", "community"]
    assert ds.meta.at["drugs", "direction"] == -1  # iMeta's, not the sample's +1 for drug offences
    weights = score(ds, scenario).weights
    # Harm 3 : Community 1; in Harm homicide 1 : violence 2, knife 2 : injury 1; in Community 1 : 2 : 1
    want = {"homicide": 0.25, "knife": 0.5 * 2 / 3, "injury": 0.5 / 3, "drugs": 0.0625,
            "burglary": 0.03125, "robbery": 0.03125, "theft": 0.03125, "vehicle": 0.03125, "fraud": 0.0625}
    assert weights.to_dict() == pytest.approx(want)
    table = hierarchy.effective_table(tree, weights)
    assert table.loc[["harm", "community"], "effective_weight"].tolist() == pytest.approx([0.75, 0.25])


def test_the_four_level_table_is_the_one_computed_by_hand(four):
    ds, scenario = four
    ranked = score(ds, scenario).ranked
    idata, imeta = coinr_forces()
    idata = idata.set_index("uCode")
    rates = idata[list(FORCE_COLUMNS)].div(idata["Population"], axis=0)
    scale = rates.drop(index="E23000034")  # City of London: ranked apart, outside the bounds
    z = (scale.max() - rates) / (scale.max() - scale.min())  # every direction is -1 in iMeta
    w = pd.Series({"Homicide": 0.25, "Knife": 1 / 3, "Injury": 1 / 6, "Drugs": 0.0625, "Burglary": 0.03125,
                   "Robbery": 0.03125, "Theft": 0.03125, "Vehicle": 0.03125, "Fraud": 0.0625})
    by_hand = (z[w.index] * w).sum(axis=1).drop(index="E23000034")
    np.testing.assert_allclose(ranked["score"].to_numpy(), by_hand.reindex(ranked.index).to_numpy())
    assert list(ranked.index[:5]) == list(by_hand.sort_values(ascending=False).index[:5])


def test_the_cli_ranks_and_grades_the_four_level_workbook(four):
    ds, scenario = four
    rank = run_cli("rank", "--data", str(FOUR))
    assert rank.returncode == 0, rank.stderr
    table = pd.read_csv(io.StringIO(rank.stdout), index_col="code")
    assert {"c_harm", "c_community", "c_violence_m"} <= set(table.columns)
    expected = score(ds, scenario).ranked
    assert list(table.index[:10]) == list(expected.index[:10])
    np.testing.assert_allclose(table["c_harm"] + table["c_community"], table["score"], atol=2e-6)
    grade = run_cli("grade", "--data", str(FOUR), "--samples", "200")
    assert grade.returncode == 0, grade.stderr
    grades = pd.read_csv(io.StringIO(grade.stdout), index_col="code")
    np.testing.assert_allclose(grades["score"].reindex(table.index[:42]), table["score"].iloc[:42], atol=2e-6)
    assert grades["grade"].notna().all() and grades["grade"].nunique() > 1


def _with_meta(rows: list[list]) -> bytes:
    wide = sample_wide()[["code", "name", "homicide", "robbery", "drug_offences", "fraud_cyber"]]
    data = [list(wide.columns), *wide.itertuples(index=False, name=None)]
    return workbook({"Data": [list(map(lambda v: v.item() if hasattr(v, "item") else v, r)) for r in data],
                     "meta": [["id", "measure", "parent"], *rows]})


def test_the_metadata_sheets_parent_column_builds_the_tree():
    ds = load_bytes(_with_meta([["homicide", "homicide", "Overall > Harm"],
                                ["robbery", "neighbourhood", "Overall > Volume"],
                                ["drug_offences", "drugs", "Overall > Harm"],
                                ["fraud_cyber", "cyber", ""]]), "tree.xlsx").dataset  # fmt: skip
    tree = hierarchy.of(ds)
    assert tree.parent["homicide"] == "harm" and tree.parent["harm"] == "overall"
    assert tree.parent["cyber"] == "" and tree.labels["volume"] == "Volume"
    assert tree.depth == 5 and tree.level["overall"] == 4


def test_a_measure_with_two_parents_names_its_row():
    bad = _with_meta([["homicide", "harm_m", "Harm"], ["robbery", "harm_m", "Volume"]])
    with pytest.raises(DataFileError, match="two different parents") as caught:
        load_bytes(bad, "tree.xlsx")
    assert "sheet 'meta', row 3, column 'parent'" in str(caught.value)
