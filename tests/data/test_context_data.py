"""Checks on the context files sample_data/build.py derives for the Context and fairness page.

force_areas.csv (land areas from the ONS boundaries) and crime_severity_2003_2022.csv (the ONS
Crime Severity Score by force, years ending March 2003-2022). Spot values were read from the raw
files while building; the byte-for-byte rebuild is checked in test_sample_data.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "sample_data"
FORCE_CODES = [f"E23{i:06d}" for i in range(1, 40)] + [f"W15{i:06d}" for i in range(1, 5)]
GROUPS = ["violence_against_the_person", "sexual_offences", "robbery", "theft_offences",
          "criminal_damage_and_arson", "other_crimes_against_society"]  # fmt: skip


@pytest.fixture(scope="module")
def areas() -> pd.Series:
    frame = pd.read_csv(DATA / "force_areas.csv", index_col="code")
    assert list(frame.columns) == ["area_km2"]
    return frame["area_km2"]


@pytest.fixture(scope="module")
def severity() -> pd.DataFrame:
    return pd.read_csv(DATA / "crime_severity_2003_2022.csv")


def test_areas_cover_the_43_forces_and_add_up_to_england_and_wales(areas):
    assert list(areas.index) == FORCE_CODES
    assert (areas > 0).all()
    assert 151_000 < areas.sum() < 152_000  # land area of England and Wales, BUC boundaries


@pytest.mark.parametrize(("code", "km2"), [
    ("E23000001", 1_581.3),  # Metropolitan Police: Greater London less the City, about 1,570
    ("W15000004", 10_980.6),  # Dyfed-Powys, the largest
    ("E23000034", 2.7),  # City of London ("the Square Mile", 2.9 km2 at full resolution)
])  # fmt: skip
def test_area_spot_values(areas, code, km2):
    assert areas[code] == pytest.approx(km2, abs=0.05)


def test_densities_match_published_orders_of_magnitude(areas):
    population = pd.read_csv(DATA / "units.csv", index_col="code")["population"]
    density = population / areas
    assert density.idxmax() == "E23000001"  # London, about 5,650 residents per km2
    assert density["E23000034"] == pytest.approx(5_000, rel=0.05)  # few residents, tiny area
    assert density.idxmin() == "W15000004"
    assert density["W15000004"] == pytest.approx(48, abs=2)  # "48 people/km2"


def test_severity_series_shape_and_header(severity):
    header = (DATA / "crime_severity_2003_2022.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "code,year,total," + ",".join(GROUPS)
    assert sorted(severity["code"].unique()) == sorted(FORCE_CODES + ["K04000001"])
    assert sorted(severity["year"].unique()) == list(range(2003, 2023))
    assert not severity.duplicated(["code", "year"]).any()


def test_severity_groups_add_up_and_only_city_of_london_is_suppressed(severity):
    empty = severity[severity["total"].isna()]
    assert set(empty["code"]) == {"E23000034"} and len(empty) == 20
    full = severity.dropna(subset=["total"])
    assert not full[GROUPS].isna().any().any()
    np.testing.assert_allclose(full[GROUPS].sum(axis=1), full["total"], atol=1e-3)


def test_severity_spot_values(severity):
    at = severity.set_index(["code", "year"])
    assert at.at[("K04000001", 2003), "total"] == pytest.approx(15.8891, abs=1e-4)
    assert at.at[("K04000001", 2022), "total"] == pytest.approx(15.8546, abs=1e-3)
    assert at.at[("E23000001", 2003), "total"] == pytest.approx(22.3341, abs=1e-4)


def test_severity_source_recorded_with_checksum():
    records = {r["file"]: r for r in json.loads((DATA / "sources.json").read_text(encoding="utf-8"))}
    record = records["crime-severity-score-2003-2022.csv.gz"]
    assert record["sha256"].startswith("a5a8345f") and record["licence"] == "OGL v3.0"
    assert any("crime_severity_2003_2022.csv" in use for use in record["used_for"])
    assert any("force_areas.csv" in use for use in records["Police_Force_Areas.geojson"]["used_for"])
