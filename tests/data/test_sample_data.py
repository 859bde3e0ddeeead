"""Checks on the committed sample data in sample_data/, produced by sample_data/build.py.

Every test reads only the committed files, except test_rebuild_matches_committed_files, which
re-runs the build from the raw files in ../shared/data (beside the repository) and is skipped when
they are absent. Hard-coded spot values were read from the raw tables while building.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "sample_data"
RAW = REPO.parent / "shared" / "data"

FORCE_CODES = [f"E23{i:06d}" for i in range(1, 40)] + [f"W15{i:06d}" for i in range(1, 5)]
FORCE_FILES = [
    "units.csv",
    "indicators_2024.csv",
    "indicators_2023.csv",
    "offence_groups_2024.csv",
    "offence_groups_2023.csv",
    "ethnicity_2011.csv",
    "stop_search_2019.csv",
]
CSV_FILES = FORCE_FILES + [
    "indicator_meta.csv",
    "measures.csv",
    "reference_rows.csv",
    "homicide_rate_3yr.csv",
    "unit_notes.csv",
]
CONTEXT_FILES = ["force_areas.csv", "crime_severity_2003_2022.csv"]  # tests/data/test_context_data.py
FRAMEWORK_FILES = ["charge_rates_2018_19.csv", "framework_2026_meta.csv",
                   "framework_2026_measures.csv"]  # tests/data/test_framework_data.py
OUTPUTS = (CSV_FILES + CONTEXT_FILES + FRAMEWORK_FILES
           + ["boundaries.geojson", "SOURCES.md", "sources.json"])

GROUP_IDS = [
    "total_excl_fraud", "violence_against_the_person", "homicide",
    "death_serious_injury_unlawful_driving", "violence_with_injury", "violence_without_injury",
    "stalking_and_harassment", "sexual_offences", "robbery", "theft_offences", "burglary",
    "residential_burglary", "non_residential_burglary", "vehicle_offences",
    "theft_from_the_person", "bicycle_theft", "shoplifting", "other_theft_offences",
    "criminal_damage_and_arson", "drug_offences", "possession_of_weapons_offences",
    "public_order_offences", "miscellaneous_crimes",
]
COUNT_INDICATORS = [
    "homicide", "knife_offences", "violence_with_injury", "drug_offences", "residential_burglary",
    "robbery", "theft_from_person", "vehicle_offences", "fraud_cyber",
]
INDICATOR_IDS = COUNT_INDICATORS + ["victim_satisfaction"]
INDICATOR_HEADER = ",".join(["code"] + INDICATOR_IDS + ["victim_satisfaction_n"])
GROUP_HEADER = ",".join(["code"] + GROUP_IDS)
HEADERS = {
    "units.csv": "code,name,region,country,population,households,officers_fte,officers_headcount",
    "indicators_2024.csv": INDICATOR_HEADER,
    "indicators_2023.csv": INDICATOR_HEADER,
    "offence_groups_2024.csv": GROUP_HEADER,
    "offence_groups_2023.csv": GROUP_HEADER,
    "ethnicity_2011.csv": "code,all_people,white,mixed,asian,black,other",
    "indicator_meta.csv": "id,label,measure,direction,kind,per,unit,denominator,source_table,period,licence,"
    "status,police_generated,noise,description",
    "measures.csv": "id,label,order,ncpm_wording",
    "reference_rows.csv": ",".join(
        ["code", "name", "year"] + GROUP_IDS + ["population", "fraud_cyber", "knife_offences"]
    ),
    "homicide_rate_3yr.csv": "code,period,rate_per_million,lci_95,uci_95,status",
    "stop_search_2019.csv": "code,searches_white,searches_mixed,searches_asian,searches_black,"
    "searches_other,searches_not_stated,searches_total,population_white,population_mixed,"
    "population_asian,population_black,population_other,searches_2025",
    "unit_notes.csv": "code,year,indicator,note,source,publisher_text",
}
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023"
)
ENGLAND_WALES, ENGLAND, WALES = "K04000001", "E92000001", "W92000004"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, encoding="utf-8")


def by_code(name: str) -> pd.DataFrame:
    return read(name).set_index("code")


def reference(year: int) -> pd.DataFrame:
    rows = read("reference_rows.csv")
    return rows[rows["year"] == year].set_index("code")


# -----------------------------------------------------------------------------------------------
# Shape and format
# -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_is_plain_utf8_with_exact_header(name):
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in raw and raw.endswith(b"\n")
    assert raw.decode("utf-8").split("\n", 1)[0] == HEADERS[name]


@pytest.mark.parametrize("name", FORCE_FILES)
def test_force_files_hold_exactly_the_43_forces_in_code_order(name):
    assert read(name)["code"].tolist() == FORCE_CODES


def test_homicide_rates_cover_the_43_forces_for_every_window():
    rates = read("homicide_rate_3yr.csv")
    keys = rates[["code", "period"]]
    assert sorted(set(rates["code"])) == FORCE_CODES
    assert rates.groupby("code")["period"].nunique().eq(9).all()
    assert not keys.duplicated().any() and keys.equals(keys.sort_values(["code", "period"]))
    assert rates["period"].str.fullmatch(r"20\d\d-04-01/P3Y").all()


def test_city_of_london_homicide_rate_stays_suppressed():
    rates = read("homicide_rate_3yr.csv")
    city = rates["code"] == "E23000034"
    assert rates.loc[city, "rate_per_million"].isna().all()
    assert (rates.loc[city, "status"] == "u").all()
    assert rates.loc[~city, "rate_per_million"].notna().all()
    assert rates.loc[~city, "status"].isna().all()


@pytest.mark.parametrize(
    "name, columns",
    [(f"indicators_{y}.csv", COUNT_INDICATORS) for y in (2024, 2023)]
    + [(f"offence_groups_{y}.csv", GROUP_IDS) for y in (2024, 2023)],
)
def test_counts_are_written_as_integers_and_never_missing(name, columns):
    text = pd.read_csv(DATA / name, dtype=str)[columns]
    assert text.notna().all().all()
    assert text.apply(lambda column: column.str.fullmatch(r"\d+")).all().all()


@pytest.mark.parametrize("year", [2024, 2023])
def test_indicators_match_offence_groups(year):
    indicators, groups = by_code(f"indicators_{year}.csv"), by_code(f"offence_groups_{year}.csv")
    shared = ["homicide", "violence_with_injury", "drug_offences", "residential_burglary",
              "robbery", "vehicle_offences"]
    assert indicators[shared].equals(groups[shared])
    assert indicators["theft_from_person"].equals(groups["theft_from_the_person"])


# -----------------------------------------------------------------------------------------------
# Reconciliation with the published totals
# -----------------------------------------------------------------------------------------------


def test_force_sums_reproduce_published_2024_headlines():
    groups, ref = by_code("offence_groups_2024.csv"), reference(2024)
    assert groups["homicide"].sum() == 526 and ref.loc["BTP", "homicide"] == 9
    assert ref.loc[ENGLAND_WALES, "homicide"] == 535
    assert groups["total_excl_fraud"].sum() == 5_267_542
    assert ref.loc["BTP", "total_excl_fraud"] == 82_863
    assert ref.loc[ENGLAND_WALES, "total_excl_fraud"] == 5_350_405


@pytest.mark.parametrize("year", [2024, 2023])
def test_every_offence_group_reconciles(year):
    groups, ref = by_code(f"offence_groups_{year}.csv"), reference(year)
    force_sum = groups[GROUP_IDS].sum()
    # England + Wales are the 43 forces; England and Wales adds British Transport Police.
    assert (ref.loc[ENGLAND, GROUP_IDS] + ref.loc[WALES, GROUP_IDS]).equals(force_sum)
    assert (force_sum + ref.loc["BTP", GROUP_IDS]).equals(ref.loc[ENGLAND_WALES, GROUP_IDS])


def test_population_sum_matches_published_within_rounding():
    population = by_code("units.csv")["population"]
    published = reference(2024).loc[ENGLAND_WALES, "population"]
    assert population.sum() == 60_854_900 and published == 60_854_700
    assert abs(population.sum() - published) <= 43 * 50  # each force is rounded to 100
    assert reference(2023).loc[ENGLAND_WALES, "population"] == published  # mid-2023 both years
    assert pd.isna(reference(2024).loc["BTP", "population"])


@pytest.mark.parametrize(
    "year, england_wales, england, wales, unknown",
    [(2024, 354_002, 303_171, 14_833, 35_998), (2023, 343_709, 304_229, 15_323, 24_157)],
)
def test_fraud_referrals_as_published(year, england_wales, england, wales, unknown):
    ref = reference(year)
    assert ref.loc[ENGLAND_WALES, "fraud_cyber"] == england_wales
    assert ref.loc[ENGLAND, "fraud_cyber"] == england
    assert ref.loc[WALES, "fraud_cyber"] == wales
    # The 43 forces add up to England + Wales; the gap to England and Wales is Table P9's
    # "Unknown" row (referrals with no force), which is not shipped.
    assert by_code(f"indicators_{year}.csv")["fraud_cyber"].sum() == england + wales
    assert england_wales - (england + wales) == unknown


@pytest.mark.parametrize("year, england_wales, btp", [(2024, 54_587, 591), (2023, 53_413, 472)])
def test_knife_offences_reconcile(year, england_wales, btp):
    ref = reference(year)
    assert ref.loc[ENGLAND_WALES, "knife_offences"] == england_wales
    assert ref.loc["BTP", "knife_offences"] == btp
    assert by_code(f"indicators_{year}.csv")["knife_offences"].sum() + btp == england_wales


def test_spot_values_from_the_workbook():
    g2024, g2023 = by_code("offence_groups_2024.csv"), by_code("offence_groups_2023.csv")
    assert g2024.loc["E23000001", "total_excl_fraud"] == 948_211  # Metropolitan Police
    assert g2024.loc["E23000034", "total_excl_fraud"] == 9_270  # City of London
    assert g2024.loc["E23000013", "homicide"] == 8  # Cleveland
    assert g2023.loc["E23000013", "homicide"] == 11
    assert g2023.loc["E23000001", "total_excl_fraud"] == 925_752
    units = by_code("units.csv")
    assert units.loc["E23000001", "population"] == 8_931_800
    assert units.loc["E23000013", "population"] == 588_400
    assert units.loc["E23000013", "households"] == 246_600
    assert units.loc["E23000001", "officers_fte"] == pytest.approx(34_899.05)
    assert units.loc["E23000001", "officers_headcount"] == 35_411


# -----------------------------------------------------------------------------------------------
# Units, officers, Census
# -----------------------------------------------------------------------------------------------


def test_display_names_regions_and_countries():
    units = by_code("units.csv")
    names = units["name"]
    assert names["E23000036"] == "Avon and Somerset" and names["E23000035"] == "Devon and Cornwall"
    assert names["E23000034"] == "City of London" and names["E23000001"] == "Metropolitan Police"
    assert names["W15000004"] == "Dyfed-Powys"
    assert names.is_unique and not names.str.contains(r"\[|^\s|\s$|\s\s").any()
    assert units.loc["E23000013", "region"] == "North East"
    assert units.loc["E23000001", "region"] == "London"
    welsh = units.index.str.startswith("W15")
    assert (units.loc[welsh, ["region", "country"]] == "Wales").all().all()
    assert (units.loc[~welsh, "country"] == "England").all()
    assert units["region"].nunique() == 10  # nine English regions plus Wales


def test_officer_totals_match_home_office_headline():
    units = by_code("units.csv")
    assert abs(units["officers_fte"].sum() - 147_430) <= 1
    assert units["officers_headcount"].sum() == 149_566


def test_census_2011_totals():
    census = by_code("ethnicity_2011.csv")
    assert census["all_people"].sum() == 56_075_912
    groups = census[["white", "mixed", "asian", "black", "other"]].sum(axis=1)
    assert groups.equals(census["all_people"])
    assert census.loc["E23000034", "all_people"] == 7_375  # City of London residents


# -----------------------------------------------------------------------------------------------
# Illustrative victim satisfaction and metadata
# -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2023])
def test_victim_satisfaction_is_the_documented_illustrative_draw(year):
    indicators = by_code(f"indicators_{year}.csv")
    assert indicators["victim_satisfaction"].between(55, 95).all()
    assert (indicators["victim_satisfaction_n"] == 800).all()
    draws = np.random.default_rng(year).normal(75.0, 4.0, size=43)
    expected = np.clip(draws, 55, 95).round(1)
    assert np.array_equal(indicators["victim_satisfaction"].to_numpy(), expected)


def test_victim_satisfaction_is_labelled_illustrative():
    row = read("indicator_meta.csv").set_index("id").loc["victim_satisfaction"]
    assert row["status"] == "illustrative" and "(illustrative)" in row["label"]
    assert row["kind"] == "percent" and pd.isna(row["per"]) and row["unit"] == "% satisfied"
    assert row["noise"] == "binomial" and row["licence"] == "Illustrative, not data"


def test_indicator_meta_for_counts():
    meta = read("indicator_meta.csv").set_index("id")
    assert meta.index.tolist() == INDICATOR_IDS
    counts = meta.drop(index="victim_satisfaction")
    assert (counts["status"] == "real").all() and (counts["noise"] == "poisson").all()
    assert (counts["licence"] == "OGL v3.0").all() and (counts["kind"] == "count").all()
    assert meta.index[meta["police_generated"]].tolist() == ["drug_offences"]
    positive = {"drug_offences", "victim_satisfaction"}
    assert meta["direction"].to_dict() == {i: 1 if i in positive else -1 for i in INDICATOR_IDS}
    assert meta.loc["homicide", "per"] == 1_000_000
    assert (counts.drop(index="homicide")["per"] == 1000).all()
    quote = "heavily dependent on police activities and priorities"
    assert quote in meta.loc["drug_offences", "description"]
    assert set(meta["measure"]) == set(read("measures.csv")["id"])


def test_measures_use_official_ncpm_wording():
    measures = read("measures.csv")
    assert measures["id"].tolist() == [
        "homicide", "serious_violence", "drugs", "neighbourhood", "cyber", "victim_satisfaction"
    ]
    assert measures["order"].tolist() == [1, 2, 3, 4, 5, 6]
    assert measures["ncpm_wording"].iloc[-1] == (
        "Improve satisfaction among victims, with a particular focus on victims of domestic abuse"
    )


def test_sources_record_provenance_and_attribution():
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in text and "ILLUSTRATIVE" in text and "OGL v3.0" in text
    records = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    fields = {"file", "title", "publisher", "period", "licence", "repo", "path", "commit",
              "sha256", "used_for"}
    for record in records:
        assert fields <= set(record)
        assert re.fullmatch(r"[0-9a-f]{64}", record["sha256"])
        assert re.fullmatch(r"[0-9a-f]{40}", record["commit"])
        assert record["sha256"] in text and record["file"] in text


# -----------------------------------------------------------------------------------------------
# Boundaries
# -----------------------------------------------------------------------------------------------


def test_boundaries_are_small_complete_and_valid():
    path = DATA / "boundaries.geojson"
    assert path.stat().st_size < 250_000
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    names = by_code("units.csv")["name"]
    expected = [{"code": code, "name": names[code]} for code in FORCE_CODES]
    assert [feature["properties"] for feature in features] == expected
    for feature in features:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]["code"]
                assert all(round(value, 4) == value for point in ring for value in point)


# -----------------------------------------------------------------------------------------------
# Reproducibility
# -----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data folder ../shared/data ({RAW}) not found")
def test_rebuild_matches_committed_files(tmp_path):
    command = [sys.executable, str(DATA / "build.py"), str(RAW), "--out", str(tmp_path)]
    subprocess.run(command, check=True, cwd=REPO)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_indicator_meta_names_each_denominator():
    meta = read("indicator_meta.csv").set_index("id")
    counts = meta[meta["kind"] == "count"]
    assert counts["denominator"].str.contains("population, mid-2023").all()
    assert "illustrative" in meta.at["victim_satisfaction", "denominator"]


def test_stop_search_2019_reproduces_the_national_ratio_and_the_census():
    ss = read("stop_search_2019.csv").set_index("code")
    census = read("ethnicity_2011.csv").set_index("code")
    groups = ["white", "mixed", "asian", "black", "other"]
    # The search groups' populations re-cut the Census (Chinese from Asian to Other): same people.
    np.testing.assert_array_equal(ss[[f"population_{g}" for g in groups]].sum(axis=1),
                                  census["all_people"].reindex(ss.index))  # fmt: skip
    assert (ss["population_asian"] < census["asian"]).all()
    rate = {g: ss[f"searches_{g}"].sum() / ss[f"population_{g}"].sum() for g in ("black", "white")}
    assert round(rate["black"] / rate["white"], 1) == 9.7  # Home Office, year ending March 2019
    assert ss.loc["E23000001", "searches_black"] == 55_855  # Metropolitan Police, spot value
    assert ss["searches_2025"].sum() == 513_474  # 528,582 less British Transport Police


def test_unit_notes_name_the_forces_they_concern():
    notes = read("unit_notes.csv")
    assert set(notes["code"]) == {"E23000021", "E23000037", "E23000001"}
    leics = notes[notes["code"] == "E23000021"].iloc[0]
    assert leics["indicator"] == "residential_burglary" and leics["year"] == 2024
    assert "Leicestershire" in leics["publisher_text"] and "November" in leics["note"]
    assert "NDQIS" in notes[notes["code"] == "E23000037"]["publisher_text"].iloc[0]
