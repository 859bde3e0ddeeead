"""Derive League Table Lab's small, clean sample data from the raw public files.

Usage::

    python sample_data/build.py [RAW_DIR] [--out DIR]

RAW_DIR defaults to ``../shared/data`` beside the repository; DIR defaults to this folder. The raw
files are never copied: each is checked against its recorded SHA-256 and only the derived files
below are written. Output is deterministic (same bytes on every run). Every CSV is UTF-8 without
BOM, "\\n" line endings, rows sorted by ``code``. Police force rows are keyed by ONS code
(E23000001-E23000039, W15000001-W15000004): 43 rows in every per-force file.

Outputs
-------
units.csv
    code, name, region, country, population, households, officers_fte, officers_headcount.
    Names and regions from ONS PFA tables YE Dec 2024, Table P1 (notes stripped; the region is the
    E12 row, or Wales, listed above the force). Population mid-2023 and households mid-2021 (both
    rounded to 100 by ONS) from Table P3. Police officers at 31 March 2023 (Worker type "Police
    Officer"), FTE (2 dp) and headcount, summed by Geo code from the Home Office workforce open
    data table; the 43 FTE sum to the 147,430 headline.
indicators_2024.csv, indicators_2023.csv
    code, homicide, knife_offences, violence_with_injury, drug_offences, residential_burglary,
    robbery, theft_from_person, vehicle_offences, fraud_cyber, victim_satisfaction,
    victim_satisfaction_n. Counts for Jan-Dec 2024 (Tables P1, P5, P9) and Jan-Dec 2023 (Tables
    P4, P6, P9). knife_offences is the total of selected serious offences involving a knife;
    fraud_cyber is fraud and computer misuse offences referred to the NFIB.
    victim_satisfaction is ILLUSTRATIVE, NOT DATA: no force-level figure exists in the raw files,
    so it is drawn per force, in code order, as one vector of 43 draws from
    numpy.random.default_rng(seed).normal(75.0, 4.0), seed 2024 for the 2024 file and 2023 for
    the 2023 file, clipped to [55, 95] and rounded to 1 dp. victim_satisfaction_n = 800 is an
    illustrative survey sample size (for binomial noise).
indicator_meta.csv
    One row per indicator column above (10 rows): id, label, measure, direction (+1 higher is
    better, -1 higher is worse), kind, per (rate multiplier), unit, denominator, source_table, period,
    licence, status (real/illustrative), police_generated, noise (poisson/binomial), description.
measures.csv
    The six National Crime and Policing Measures: id, label, order, ncpm_wording.
offence_groups_2024.csv, offence_groups_2023.csv
    code plus every offence-group count of Table P1 (YE Dec 2024) and Table P4 (YE Dec 2023),
    as snake_case ids.
reference_rows.csv
    The published non-force rows (England and Wales, England, Wales, and British Transport Police
    as code "BTP") for 2024 and 2023: code, name, year, the offence groups, population,
    fraud_cyber, knife_offences, so tests can reproduce the published totals from the force rows.
    population is the mid-2023 Table P3 figure for BOTH years (the workbook has no mid-2022
    column). BTP has no population and no fraud figure (Table P9 has no BTP row).
ethnicity_2011.csv
    code, all_people, white, mixed, asian, black, other: Census 2011 (QS201EW) five high-level
    ethnic groups by PFA, joined from names to codes through an explicit alias table.
homicide_rate_3yr.csv
    code, period, rate_per_million, lci_95, uci_95, status: ONS Explore Local Statistics homicide
    offences per million, every 3-year window (period like "2022-04-01/P3Y"), rounded to 3 dp.
    City of London is suppressed by ONS (status "u") and stays empty. lci_95 and uci_95 are empty
    for every row of the source and are kept as empty columns.
stop_search_2019.csv
    code, searches_<group> for white, mixed, asian, black, other and not_stated (all legislation,
    year ending 31 March 2019, the latest year of the Home Office table by self-defined ethnicity;
    "Chinese or Other Ethnic Group" is "other", "Vehicle only" is left out), searches_total,
    population_<group> from Census 2011 with the Chinese moved from Asian to Other (so each
    population matches its search group), and searches_2025 (all searches, year ending March 2025,
    Table SS_20). A missing cell in the search table ("NA": none recorded) counts 0.
unit_notes.csv
    code, year, indicator, note, source, publisher_text: the ONS workbook's notes that concern one
    force's figure (Leicestershire burglary Nov-Dec 2024; Gloucestershire knife crime not on the
    NDQIS basis; the Metropolitan Police's knife-crime recording review from April 2024), mapped
    by an explicit table that checks the note still names the force.
boundaries.geojson
    ONS PFA (Dec 2023) BUC boundaries with properties {"code", "name"} only; each ring rounded to
    4 dp and simplified with Douglas-Peucker (0.003 degrees); compact JSON.
force_areas.csv
    code, area_km2: the land area of each police force area in km2 (1 dp), computed from the raw
    (full-resolution) ONS boundaries with Lambert's cylindrical equal-area projection on the WGS84
    ellipsoid (Snyder 1987, *Map Projections: A Working Manual*, USGS Professional Paper 1395,
    eqs. 3-12 and 10-15) and the shoelace formula, holes subtracted. The BUC boundaries are
    clipped to the coastline, so areas are land areas; they agree with areas summed from local
    authorities to within about 1% (City of London: 2.7 km2).
crime_severity_2003_2022.csv
    code, year, total and the six offence groups of the ONS Crime Severity Score (experimental
    statistics) for the 43 forces and England and Wales (K04000001), years ending March 2003 to
    March 2022 (``year`` is the year the 12 months end in). Scores rounded to 4 dp; the groups add
    up to the total. City of London is suppressed in the source (":") and stays empty.
charge_rates_2018_19.csv
    code, charged, offences, charge_rate: the Home Office force charge rate for offences recorded in
    April 2018 to March 2019. ``offences`` sums ``force_outcomes_for_offences_recorded_in_quarter``
    over every offence code and outcome (including "not yet assigned an outcome"; the three rows
    with no value are left out); ``charged`` is the same for outcome type 1, charged/summonsed;
    ``charge_rate`` = 100 x charged / offences (2 dp). Joined from force names to codes through
    the names in units.csv ("London, City of" is City of London); British Transport Police is left
    out. The 43 forces give 8.47% nationally, Kent 4.84% lowest and South Wales 14.18% highest.
framework_2026_meta.csv, framework_2026_measures.csv
    The Police Performance Framework 2026 (provisional) as this project reads the January 2026
    white paper *From local to national: a new model for policing* and its press coverage: six
    headline areas (measures) and seven indicators, in the columns of indicator_meta.csv and
    measures.csv. Only crime solving has a public force-level figure (the charge rate above,
    labelled 2018/19); every other indicator has status "no data": no force figure is invented.
SOURCES.md, sources.json
    Provenance of every raw file used (repository, path, commit, SHA-256, licence, what feeds
    what), the required map attribution and the illustrative status of victim_satisfaction.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: the ONS reader lives in the scoring package

from scoring.io.ons import FROM_GROUP, GROUP_IDS, INDICATOR_COLUMNS, area_tables, read_table  # noqa: E402
from scoring.io.read import read_book  # noqa: E402
from scoring.io.report import Report  # noqa: E402
from scoring.io.units import FORCE_CODES  # noqa: E402

DEFAULT_RAW = HERE.parent.parent / "shared" / "data"

XLSX = "policeforceareatablesyedecember2024.xlsx"
WORKFORCE = "open-data-table-police-workforce-260723.ods"
CENSUS = "force-demographics.csv"
HOMICIDE = "homicide-offences.csv"
BOUNDARIES = "Police_Force_Areas.geojson"
SEVERITY = "crime-severity-score-2003-2022.csv.gz"
STOP_SEARCH = "stop-search-ethnicity-2007-2019.csv.gz"
STOP_SEARCH_2025 = "stop-search-totals-ye-mar-2025.csv"
OUTCOMES = "crime-outcomes-2018-19.csv.gz"

# The brief fixes these display spellings. Table P1 already uses them once notes and spaces are
# stripped, so this only guards against a future edition spelling them differently.
DISPLAY_NAMES = {
    "E23000036": "Avon and Somerset",
    "E23000035": "Devon and Cornwall",
    "E23000034": "City of London",
    "E23000001": "Metropolitan Police",
    "W15000004": "Dyfed-Powys",
}

# The ONS workbook's tables (P1-P9), their offence-group ids, the indicator columns and the
# previous-year layout are read by scoring.io.ons, shared with the app's file upload.

SATISFACTION_MEAN, SATISFACTION_SD, SATISFACTION_N = 75.0, 4.0, 800
SATISFACTION_RANGE = (55.0, 95.0)

REFERENCE_NAMES = {
    "BTP": "British Transport Police",
    "E92000001": "England",
    "K04000001": "England and Wales",
    "W92000004": "Wales",
}

# Census names that differ from the Table P1 display names; every other name must match exactly.
CENSUS_ALIASES = {
    "Avon & Somerset": "Avon and Somerset",
    "Devon & Cornwall": "Devon and Cornwall",
    "Metropolitan": "Metropolitan Police",
}
CENSUS_GROUPS = {
    "Ethnic Group: All categories: Ethnic group; measures: Value": "all_people",
    "Ethnic Group: White; measures: Value": "white",
    "Ethnic Group: Mixed; measures: Value": "mixed",
    "Ethnic Group: Asian; measures: Value": "asian",
    "Ethnic Group: Black; measures: Value": "black",
    "Ethnic Group: Other; measures: Value": "other",
}

SIMPLIFY_TOLERANCE = 0.003  # degrees, ~200-330 m: invisible at a national choropleth's zoom
COORD_DECIMALS = 4  # ~10 m, well inside the tolerance
MIN_RING_AREA = 1e-8  # square degrees (~100 m2): a simplified ring this small is a sliver

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023"
)

SOURCES = [
    {
        "file": XLSX,
        "title": "Police force area data tables, year ending December 2024",
        "publisher": "Office for National Statistics (police recorded crime from the Home "
        "Office; Table P9 from the National Fraud Intelligence Bureau)",
        "period": "Jan–Dec 2024 and Jan–Dec 2023; population mid-2023; households mid-2021",
        "licence": "OGL v3.0",
        "repo": "anushka-0104/uk-crime-trends-dashboard",
        "path": "data/policeforceareatablesyedecember2024.xlsx",
        "commit": "5ab0c5cfdf86a8b666fc12c470962935de29bed2",
        "sha256": "c3bd6fb94635c8e9da6f6f917fc3c4a06c8ca56601e25e7975fc6b80fae54867",
        "used_for": [
            "units.csv: name and region from Table P1 (notes stripped); population "
            "'Population figures (mid-2023) rounded to 100' and households 'Household figures "
            "(mid-2021) rounded to 100' from Table P3",
            "offence_groups_2024.csv and indicators_2024.csv: offence-group counts, Table P1",
            "offence_groups_2023.csv and indicators_2023.csv: offence-group counts, Table P4",
            "indicators_2024.csv knife_offences: Table P5 'Total of selected serious offences "
            "involving a knife'; indicators_2023.csv knife_offences: Table P6 'Jan 2023 to "
            "Dec 2023'",
            "indicators_*.csv fraud_cyber: Table P9 'Jan 2024 to Dec 2024' and 'Jan 2023 to "
            "Dec 2023'",
            "reference_rows.csv: the England and Wales, England, Wales and British Transport "
            "Police rows of Tables P1/P4, P3, P5/P6 and P9 (population is the mid-2023 figure "
            "for both years; Table P9's 'Unknown' row, referrals with no force, is not shipped)",
        ],
    },
    {
        "file": WORKFORCE,
        "title": "Police workforce open data table, 31 March 2007 to 31 March 2023 "
        "(released 26 July 2023)",
        "publisher": "Home Office",
        "period": "As at 31 March 2023",
        "licence": "OGL v3.0",
        "repo": "jamesLSI/ecom185",
        "path": "data/open-data-table-police-workforce-260723.ods",
        "commit": "810757a2450e54ef95d68193e3630b5dbd381b2d",
        "sha256": "dc9e6d20e3fd64f9040f1ce85f153e15a3cd980de4c311f5c418b3adf197124a",
        "used_for": [
            "units.csv officers_fte and officers_headcount: sheet Data, 'As at 31 March...' == "
            "2023, 'Worker type' == 'Police Officer', 'Total (FTE)' and 'Total (headcount)' "
            "summed by 'Geo code'",
        ],
    },
    {
        "file": CENSUS,
        "title": "Census 2011 ethnic group (QS201EW) aggregated from local authority to police "
        "force area",
        "publisher": "Office for National Statistics (aggregated by Resistance Lab)",
        "period": "Census day, 27 March 2011",
        "licence": "OGL v3.0",
        "repo": "Resistance-Lab/resistancelab_data",
        "path": "analysis/0002-demographics-by-police-force-area/force-demographics.csv",
        "commit": "c31baef3bb331aa86cbbbed82fbd8364be24709d",
        "sha256": "44c03237ad75e80bf56817db31dd0c1da9f8db38f27f8cbff27667b5e2ab399f",
        "used_for": [
            "ethnicity_2011.csv: the 'All categories' column and the five high-level groups "
            "(White, Mixed, Asian, Black, Other), PFA16NM names mapped to ONS codes",
        ],
    },
    {
        "file": HOMICIDE,
        "title": "Explore Local Statistics: homicide offences per million population, "
        "3-year rolling",
        "publisher": "Office for National Statistics (Home Office Homicide Index)",
        "period": "Apr 2014–Mar 2017 to Apr 2022–Mar 2025",
        "licence": "OGL v3.0",
        "repo": "ONSdigital/explore-local-statistics-data",
        "path": "homicide-offences/homicide-offences.csv",
        "commit": "2d35f9e46f90105a12a371abd997179d938a8d63",
        "sha256": "6b4269e0eabc5f92dfaf03fb7e97930cc4fc1ee5febd046020649ccf6889b6f8",
        "used_for": [
            "homicide_rate_3yr.csv: rows with geography 'Police Force Area'; observation, "
            "lci_95, uci_95 and status for every period",
        ],
    },
    {
        "file": SEVERITY,
        "title": "Crime Severity Score (experimental statistics) by police force area, years "
        "ending March 2003 to March 2022",
        "publisher": "Office for National Statistics (collected by Matt Ashby, lesscrime.info; "
        "file renamed from crime-pressure-force-2022-data.csv.gz)",
        "period": "Years ending 31 March 2003 to 31 March 2022",
        "licence": "OGL v3.0",
        "repo": "mpjashby/lesscrime.info",
        "path": "content/post/crime-pressure-force-2022-data.csv.gz",
        "commit": "45e92ee4dcef39a68bea920c38700a875cf22b98",
        "sha256": "a5a8345f750b28ab4bffd976245a25d9496852b0115918282da54f36fbcf1f80",
        "used_for": [
            "crime_severity_2003_2022.csv: severity_score by offence_group for the 43 police "
            "force areas and England and Wales (K04000001), keyed by year_ending (the 'year' "
            "text column is not used); ':' (City of London) kept as empty",
        ],
    },
    {
        "file": BOUNDARIES,
        "title": "Police Force Areas (December 2023) Boundaries EW BUC",
        "publisher": "Office for National Statistics",
        "period": "December 2023",
        "licence": "OGL v3.0 (attribution required)",
        "repo": "anushka-0104/uk-crime-trends-dashboard",
        "path": "data/Police_Force_Areas.geojson",
        "commit": "5ab0c5cfdf86a8b666fc12c470962935de29bed2",
        "sha256": "fd2c4c840b6f299742421b5cecf82616f907f56572da74a5c546ea932a2be51d",
        "used_for": [
            "boundaries.geojson: PFA23CD as code, geometry simplified (Douglas-Peucker 0.003 "
            "degrees per ring, coordinates rounded to 4 dp); name taken from units.csv",
            "force_areas.csv: land area in km2 from the full-resolution geometry (Lambert "
            "cylindrical equal-area projection on the WGS84 ellipsoid, shoelace formula)",
        ],
    },
    {
        "file": STOP_SEARCH,
        "title": "Stop and search open data tables (Police powers and procedures), by force and "
        "self-defined ethnicity",
        "publisher": "Home Office (tidied by the repository author)",
        "period": "Years ending 31 March 2007 to 31 March 2019 (only the year ending March 2019 "
        "is used)",
        "licence": "OGL v3.0",
        "repo": "mpjashby/lesscrime.info",
        "path": "content/post/search-arrests-data.csv.gz",
        "commit": "45e92ee4dcef39a68bea920c38700a875cf22b98",
        "sha256": "012aa87fa24d65fbefa39683bcf2de9aaf15f8f696ef7bf94dabafa4ea8c659e",
        "used_for": [
            "stop_search_2019.csv searches_*: year ending 2019-03-31, all legislation (s1 PACE, "
            "s60, s44/47a), searches summed by force and self-defined ethnic group; 'London, City "
            "of' is City of London; British Transport Police is left out",
        ],
    },
    {
        "file": STOP_SEARCH_2025,
        "title": "Stop and search, arrests and mental health detentions, year ending March 2025, "
        "Table SS_20 (total searches by force)",
        "publisher": "Home Office",
        "period": "Year ending 31 March 2025",
        "licence": "OGL v3.0",
        "repo": "BlackThrive/searchlight",
        "path": "inst/extdata/ppap-totals.csv",
        "commit": "fb93fa6f33c47ce87d5bc4631c61d0cb34894b05",
        "sha256": "45d293af03aaec94365dc7b88bffec23a8e58f5810a493ee586e8c4b97d00a7f",
        "used_for": [
            "stop_search_2019.csv searches_2025: 'published_total' by 'pfa_code' (no ethnicity "
            "split in this table)",
        ],
    },
    {
        "file": OUTCOMES,
        "title": "Crime outcomes in England and Wales, open data, 2018/19 (quarters 1-4), by force, "
        "offence code and outcome",
        "publisher": "Home Office (tidied by the repository author; file renamed from "
        "violence-prosecutions-data.csv.gz)",
        "period": "Offences recorded April 2018 to March 2019, outcomes assigned to date",
        "licence": "OGL v3.0",
        "repo": "mpjashby/lesscrime.info",
        "path": "content/post/violence-prosecutions-data.csv.gz",
        "commit": "45e92ee4dcef39a68bea920c38700a875cf22b98",
        "sha256": "c8debf3a3c3bf78ef3e97cb4183506c8bb0336d31be5bbaeb978f02f265e438a",
        "used_for": [
            "charge_rates_2018_19.csv: 'force_outcomes_for_offences_recorded_in_quarter' summed by "
            "force over every offence and outcome (offences) and over outcome type 1, "
            "charged/summonsed (charged); British Transport Police left out",
        ],
    },
]


# -----------------------------------------------------------------------------------------------
# Reading helpers
# -----------------------------------------------------------------------------------------------

def verify_checksums(raw_dir: Path) -> None:
    """Refuse to build from files that differ from the recorded copies: provenance stays true."""
    for source in SOURCES:
        digest = hashlib.sha256((raw_dir / source["file"]).read_bytes()).hexdigest()
        if digest != source["sha256"]:
            raise SystemExit(f"{source['file']}: SHA-256 {digest} != recorded {source['sha256']}")


def whole(frame: pd.DataFrame | pd.Series, allow_missing: bool = False):
    """Counts as nullable integers so they print without ".0"; a marker in a count is an error."""
    if not allow_missing:
        assert not frame.isna().to_numpy().any(), "unexpected missing value"
    return frame.round().astype("Int64")


# -----------------------------------------------------------------------------------------------
# Crime tables (ONS PFA workbook) and officers
# -----------------------------------------------------------------------------------------------


def forces(frame: pd.DataFrame) -> pd.DataFrame:
    """The 43 force rows in code order; .loc raises if any force is missing."""
    selected = frame.loc[FORCE_CODES]
    selected.index.name = "code"
    return selected


def illustrative_satisfaction(seed: int) -> np.ndarray:
    """ILLUSTRATIVE victim satisfaction (%): no real force-level series exists in the raw data."""
    rng = np.random.default_rng(seed)
    draws = rng.normal(SATISFACTION_MEAN, SATISFACTION_SD, size=len(FORCE_CODES))
    return np.clip(draws, *SATISFACTION_RANGE).round(1)


def indicators(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The indicator columns for the 43 forces, plus the illustrative satisfaction draw."""
    rows = forces(table)
    out = pd.DataFrame(index=rows.index)
    for column in INDICATOR_COLUMNS:
        out[column] = whole(rows[FROM_GROUP.get(column, column)])
    out["victim_satisfaction"] = illustrative_satisfaction(seed)
    out["victim_satisfaction_n"] = SATISFACTION_N
    return out


def reference_rows(tables: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Published national and BTP rows, so tests can reconcile force sums with the headlines."""
    parts = []
    for year, table in tables.items():
        rows = table.loc[list(REFERENCE_NAMES)].copy()
        rows.insert(0, "year", year)
        rows.insert(0, "name", [REFERENCE_NAMES[code] for code in rows.index])
        parts.append(rows)
    out = pd.concat(parts)
    counts = GROUP_IDS + ["population", "fraud_cyber", "knife_offences"]
    out = out[["name", "year"] + counts]
    out[counts] = whole(out[counts], allow_missing=True)  # BTP has no population or fraud row
    out.index.name = "code"
    return out.reset_index().sort_values(["code", "year"])


def regions(p1: pd.DataFrame) -> pd.Series:
    """Table P1 lists each region row (E12..., or WALES) just above its forces: carry it down."""
    current, found = None, {}
    for code, name in p1["name"].items():
        if code.startswith("E12"):
            current = name
        elif code == "W92000004":
            current = "Wales"
        elif code in FORCE_CODES:
            found[code] = current
    return pd.Series(found)


def officers(raw_dir: Path) -> pd.DataFrame:
    """Police officers (not staff, PCSOs or specials) at 31 March 2023, over all sexes and ranks."""
    data = pd.read_excel(raw_dir / WORKFORCE, engine="calamine", sheet_name="Data")
    data = data[(data["As at 31 March..."] == 2023) & (data["Worker type"] == "Police Officer")]
    # BTP rows have no Geo code; grouping drops them, leaving the 43 territorial forces.
    sums = data.groupby("Geo code")[["Total (FTE)", "Total (headcount)"]].sum()
    out = pd.DataFrame({
        "officers_fte": sums["Total (FTE)"].round(2),
        "officers_headcount": whole(sums["Total (headcount)"]),
    })
    assert sorted(out.index) == FORCE_CODES
    total = out["officers_fte"].sum()
    assert round(total) == 147_430, total  # the Home Office headline for 31 March 2023
    return out


def units(p1: pd.DataFrame, p3: pd.DataFrame, officer_counts: pd.DataFrame) -> pd.DataFrame:
    """One row per force: display name, region, country, denominators and officer numbers."""
    out = pd.DataFrame(index=pd.Index(FORCE_CODES, name="code"))
    out["name"] = p1["name"]
    out.loc[list(DISPLAY_NAMES), "name"] = list(DISPLAY_NAMES.values())
    out["region"] = regions(p1)
    out["country"] = ["England" if code.startswith("E") else "Wales" for code in out.index]
    out["population"] = whole(p3["Population figures (mid-2023) rounded to 100"])
    out["households"] = whole(p3["Household figures (mid-2021) rounded to 100"])
    return out.join(officer_counts)


# -----------------------------------------------------------------------------------------------
# Census 2011 ethnicity and ONS homicide rates (CSV files)
# -----------------------------------------------------------------------------------------------


def ethnicity(raw_dir: Path, names: pd.Series) -> pd.DataFrame:
    """Five high-level Census 2011 groups; the file is keyed by PFA16NM names, not codes."""
    census = pd.read_csv(raw_dir / CENSUS)
    code_of = {name: code for code, name in names.items()}
    codes = census["PFA16NM"].map(lambda name: code_of.get(CENSUS_ALIASES.get(name, name)))
    unmatched = census["PFA16NM"][codes.isna()].tolist()
    assert not unmatched and sorted(codes) == FORCE_CODES, unmatched
    out = census[list(CENSUS_GROUPS)].rename(columns=CENSUS_GROUPS).set_index(codes.rename("code"))
    out = whole(out.sort_index())
    groups = out.drop(columns="all_people").sum(axis=1)
    assert (groups == out["all_people"]).all(), "high-level groups do not add up to all people"
    assert out["all_people"].sum() == 56_075_912  # the England and Wales Census 2011 population
    return out


def homicide_rates(raw_dir: Path) -> pd.DataFrame:
    """ONS 3-year homicide rates for the 43 force areas; suppressed values (status u) stay empty."""
    data = pd.read_csv(raw_dir / HOMICIDE, encoding="utf-8-sig")  # the file starts with a BOM
    data = data[data["geography"] == "Police Force Area"]
    out = pd.DataFrame({
        "code": data["areacd"],
        "period": data["period"],
        "rate_per_million": data["observation"].round(3),
        "lci_95": data["lci_95"].round(3),
        "uci_95": data["uci_95"].round(3),
        "status": data["status"].fillna(""),
    })
    assert sorted(out["code"].unique()) == FORCE_CODES
    assert not out.duplicated(["code", "period"]).any()
    return out.sort_values(["code", "period"])


# -----------------------------------------------------------------------------------------------
# Boundaries: Douglas-Peucker per ring (no shapely)
# -----------------------------------------------------------------------------------------------


def segment_distance(p, a, b) -> float:
    """Distance from point p to segment ab, in planar degrees (fine at this tolerance)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    t = max(0.0, min(1.0, t))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: list, first: int, last: int, keep: set) -> None:
    """Add to keep the indices between first and last that Douglas-Peucker retains."""
    stack = [(first, last)]  # iterative: long coastlines would otherwise recurse deeply
    while stack:
        lo, hi = stack.pop()
        if hi - lo < 2:
            continue
        dist, index = max(
            (segment_distance(points[i], points[lo], points[hi]), i) for i in range(lo + 1, hi)
        )
        if dist > SIMPLIFY_TOLERANCE:
            keep.add(index)
            stack += [(lo, index), (index, hi)]


def simplify_ring(ring: list) -> list:
    """A closed ring, rounded then simplified, that never drops below 4 points (a triangle)."""
    rounded = [(round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)) for x, y in ring]
    # Rounding can merge neighbouring vertices; a repeated point would survive simplification.
    points = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    if points[0] != points[-1]:
        points.append(points[0])
    last = len(points) - 1
    if last <= 3:
        return [list(p) for p in points]
    # A closed ring's own chord has zero length, so split it at the point farthest from the start.
    far = max(range(1, last), key=lambda i: math.dist(points[0], points[i]))
    keep = {0, far, last}
    douglas_peucker(points, 0, far, keep)
    douglas_peucker(points, far, last, keep)
    if len(keep) < 4:
        # All points lay within tolerance of the chord: keep the most offset one so the ring
        # stays an area rather than a line.
        others = [i for i in range(1, last) if i != far]
        keep.add(max(others, key=lambda i: segment_distance(points[i], points[0], points[far])))
    return [list(points[i]) for i in sorted(keep)]


def ring_area(ring: list) -> float:
    """Unsigned shoelace area in square degrees."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def simplify_multipolygon(polygons: list) -> list:
    """Simplify every ring; drop only holes and islands that collapse, never the largest part."""
    simplified = []
    for polygon in polygons:
        outer, *holes = [simplify_ring(ring) for ring in polygon]
        simplified.append([outer] + [hole for hole in holes if ring_area(hole) >= MIN_RING_AREA])
    largest = max(range(len(simplified)), key=lambda i: ring_area(simplified[i][0]))
    return [
        part for i, part in enumerate(simplified)
        if i == largest or ring_area(part[0]) >= MIN_RING_AREA
    ]


def boundaries(raw_dir: Path, names: pd.Series) -> dict:
    """FeatureCollection of the 43 forces with only code and display name as properties."""
    source = json.loads((raw_dir / BOUNDARIES).read_text(encoding="utf-8"))
    features = []
    for feature in sorted(source["features"], key=lambda f: f["properties"]["PFA23CD"]):
        code, geometry = feature["properties"]["PFA23CD"], feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": names[code]},
            "geometry": {"type": "MultiPolygon", "coordinates": simplify_multipolygon(polygons)},
        })
    assert [f["properties"]["code"] for f in features] == FORCE_CODES
    return {"type": "FeatureCollection", "features": features}


# -----------------------------------------------------------------------------------------------
# Context for the Context and fairness page: land areas and the Crime Severity Score series
# -----------------------------------------------------------------------------------------------

WGS84_A = 6_378_137.0  # semi-major axis, metres
WGS84_F = 1 / 298.257223563  # flattening
SEVERITY_GROUPS = {
    "Total recorded crime": "total",
    "Violence against the person": "violence_against_the_person",
    "Sexual offences": "sexual_offences",
    "Robbery": "robbery",
    "Theft offences": "theft_offences",
    "Criminal damage and arson": "criminal_damage_and_arson",
    "Other crimes against society": "other_crimes_against_society",
}
ENGLAND_AND_WALES = "K04000001"


def equal_area_ring(ring: list) -> float:
    """Area in m2 of one lon/lat ring on the WGS84 ellipsoid.

    Lambert's cylindrical equal-area projection preserves area exactly on the ellipsoid
    (Snyder 1987, eqs. 3-12 and 10-15): x = a*lon, y = a*q(lat)/2 with
    q = (1-e2)[sin(lat)/(1-e2 sin2(lat)) - ln((1-e sin(lat))/(1+e sin(lat)))/(2e)].
    The shoelace formula on (x, y) then gives the area; the vertices are dense enough that the
    edge shape between them does not matter.
    """
    e2 = WGS84_F * (2 - WGS84_F)
    e = math.sqrt(e2)
    points = np.radians(np.asarray(ring, dtype=float))
    sin = np.sin(points[:, 1])
    q = (1 - e2) * (sin / (1 - e2 * sin**2) - np.log((1 - e * sin) / (1 + e * sin)) / (2 * e))
    x, y = WGS84_A * points[:, 0], WGS84_A * q / 2
    return abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2


def force_areas(raw_dir: Path) -> pd.DataFrame:
    """Land area of each force area in km2, from the full-resolution boundaries (holes removed)."""
    source = json.loads((raw_dir / BOUNDARIES).read_text(encoding="utf-8"))
    areas = {}
    for feature in source["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        m2 = sum(equal_area_ring(outer) - sum(equal_area_ring(hole) for hole in holes)
                 for outer, *holes in polygons)  # fmt: skip
        areas[feature["properties"]["PFA23CD"]] = round(m2 / 1e6, 1)
    out = pd.DataFrame({"area_km2": pd.Series(areas)}).loc[FORCE_CODES]
    out.index.name = "code"
    assert 150_000 < out["area_km2"].sum() < 153_000  # England and Wales: about 151,000 km2 of land
    return out


def crime_severity(raw_dir: Path) -> pd.DataFrame:
    """The CSS by force (and England and Wales) and year ending March, one column per group."""
    data = pd.read_csv(raw_dir / SEVERITY)
    data = data[data["code"].isin(FORCE_CODES + [ENGLAND_AND_WALES])]
    assert set(data["offence_group"]) == set(SEVERITY_GROUPS)
    score = pd.to_numeric(data["severity_score"].replace(":", None), errors="raise")
    suppressed = data.loc[score.isna(), "code"].unique().tolist()
    assert suppressed == ["E23000034"], suppressed  # only City of London, which ONS suppresses
    wide = (data.assign(score=score.round(4), year=data["year_ending"].str[:4].astype(int),
                        group=data["offence_group"].map(SEVERITY_GROUPS))  # fmt: skip
            .pivot(index=["code", "year"], columns="group", values="score"))
    wide = wide[list(SEVERITY_GROUPS.values())].reset_index()
    assert len(wide) == 44 * 20 and sorted(wide["year"].unique()) == list(range(2003, 2023))
    parts = wide.drop(columns=["code", "year", "total"]).sum(axis=1)
    assert ((parts - wide["total"]).abs().dropna() < 1e-3).all()  # the groups add up
    wide.columns.name = None
    return wide.sort_values(["code", "year"])


# -----------------------------------------------------------------------------------------------
# Metadata
# -----------------------------------------------------------------------------------------------

MEASURES = [
    ("homicide", "Homicide", "Reduce murder and other homicide"),
    ("serious_violence", "Serious violence", "Reduce serious violence"),
    ("drugs", "Drugs supply", "Disrupt drugs supply and county lines"),
    ("neighbourhood", "Neighbourhood crime", "Reduce neighbourhood crime"),
    ("cyber", "Cyber crime", "Tackle cyber crime"),
    (
        "victim_satisfaction",
        "Victim satisfaction",
        "Improve satisfaction among victims, with a particular focus on victims of domestic abuse",
    ),
]

UNIT_OF = {1_000_000: "per million residents", 1000: "per 1,000 residents"}
P1 = "P1 (2023 file: P4)"

# The count indicators: (id, label, measure, direction, per, tables in 2024 (2023), description).
COUNT_INDICATORS = [
    ("homicide", "Homicide", "homicide", -1, 1_000_000, P1,
     "Police recorded homicide. Small counts: one incident moves a small force's rate a lot."),
    ("knife_offences", "Knife or sharp instrument offences", "serious_violence", -1, 1000,
     "P5 (2023 file: P6)",
     "Total of selected serious offences involving a knife or sharp instrument (attempted "
     "murder, threats to kill, assault with injury or intent to cause serious harm, robbery, "
     "rape and sexual assault, homicide)."),
    ("violence_with_injury", "Violence with injury", "serious_violence", -1, 1000, P1,
     "Police recorded violence with injury: a broader serious-violence proxy."),
    ("drug_offences", "Drug offences", "drugs", 1, 1000, P1,
     "Police recorded drug offences (possession and trafficking combined). Direction +1 is the "
     "naive 'more disruption is better' reading, and it is a value judgement: more recorded drug "
     "offences mostly reflects police activity, not more drug supply. The Home Office (Crime in "
     "England and Wales 2011/12) says the number recorded is 'heavily dependent on police "
     "activities and priorities'."),
    ("residential_burglary", "Residential burglary", "neighbourhood", -1, 1000, P1,
     "Police recorded residential burglary."),
    ("robbery", "Robbery", "neighbourhood", -1, 1000, P1,
     "Police recorded robbery (personal and business property)."),
    ("theft_from_person", "Theft from the person", "neighbourhood", -1, 1000, P1,
     "Police recorded theft from the person."),
    ("vehicle_offences", "Vehicle offences", "neighbourhood", -1, 1000, P1,
     "Police recorded vehicle offences (theft of or from a vehicle, interference)."),
    ("fraud_cyber", "Fraud and computer misuse referrals", "cyber", -1, 1000, "P9",
     "Fraud and computer misuse offences referred to the National Fraud Intelligence Bureau by "
     "Action Fraud, counted where the victim lives or reports. Offenders are often elsewhere or "
     "abroad, so it is only weakly attributable to a force; 7-10% of referrals (Table P9's "
     "'Unknown' row) have no force."),
]

SATISFACTION_METHOD = (
    f"Drawn per force in code order from Normal(mean {SATISFACTION_MEAN}, sd {SATISFACTION_SD}) "
    "with numpy.random.default_rng(seed), seed 2024 for indicators_2024.csv and 2023 for "
    f"indicators_2023.csv, clipped to [{SATISFACTION_RANGE[0]:g}, {SATISFACTION_RANGE[1]:g}] and "
    f"rounded to 1 dp; victim_satisfaction_n = {SATISFACTION_N} is an illustrative survey sample "
    "size for binomial noise."
)
SATISFACTION_DESCRIPTION = (
    "ILLUSTRATIVE, NOT DATA: no real force-level victim satisfaction figure is available in the "
    "raw files. " + SATISFACTION_METHOD
)


POPULATION_NOTE = "resident population, mid-2023, rounded to 100 (ONS Table P3)"


def indicator_meta() -> pd.DataFrame:
    """One row per indicator: how the scoring code should read, orient and perturb it."""
    rows = [
        {
            "id": ident, "label": label, "measure": measure, "direction": direction,
            "kind": "count", "per": per, "unit": UNIT_OF[per], "denominator": POPULATION_NOTE,
            "source_table": f"ONS PFA tables YE Dec 2024, Table {tables}",
            "period": "Jan–Dec 2024 (2023 file: Jan–Dec 2023)", "licence": "OGL v3.0",
            "status": "real", "police_generated": "true" if ident == "drug_offences" else "false",
            "noise": "poisson", "description": description,
        }
        for ident, label, measure, direction, per, tables, description in COUNT_INDICATORS
    ]
    rows.append({
        "id": "victim_satisfaction", "label": "Victim satisfaction (illustrative)",
        "measure": "victim_satisfaction", "direction": 1, "kind": "percent", "per": None,
        "unit": "% satisfied", "denominator": f"survey respondents (illustrative n = {SATISFACTION_N})",
        "source_table": "Generated by sample_data/build.py (no real source)",
        "period": "Illustrative", "licence": "Illustrative, not data", "status": "illustrative",
        "police_generated": "false", "noise": "binomial", "description": SATISFACTION_DESCRIPTION,
    })
    return meta_frame(rows)


def meta_frame(rows: list[dict]) -> pd.DataFrame:
    """Indicator metadata rows as a table, ``per`` as a whole number (empty for a percentage)."""
    out = pd.DataFrame(rows)
    out["per"] = out["per"].astype("Int64")
    return out


def measures(listed=None) -> pd.DataFrame:
    """Measures (default: the six National Crime and Policing Measures) with their wording."""
    rows = [(ident, label, order, wording)
            for order, (ident, label, wording) in enumerate(listed or MEASURES, start=1)]
    return pd.DataFrame(rows, columns=["id", "label", "order", "ncpm_wording"])


def sources_markdown() -> str:
    """Human-readable provenance, rendered from the same records as sources.json."""
    lines = [
        "# Sample data sources",
        "",
        "Generated by `sample_data/build.py` from raw public files that are not stored in this",
        "repository (they sit in `../shared/data/`). The build recomputes each file's SHA-256 and",
        "stops if it differs from the value below. Machine-readable copy: `sources.json`. All data",
        "are Crown copyright under the Open Government Licence v3.0 (OGL v3.0).",
        "",
        "## Map attribution (required wherever boundaries.geojson is drawn)",
        "",
        f'> "{ATTRIBUTION}"',
        "",
        "## victim_satisfaction is ILLUSTRATIVE, not data",
        "",
        "No real force-level victim satisfaction figure was available: none of the raw files has",
        "one, and no open file breaks the national NCPM figure down by force. The column exists so",
        "the app can show the sixth measure; it must never be presented as a real figure.",
        "",
        f"How it was generated: {SATISFACTION_METHOD}",
        "",
        "## Raw files used",
    ]
    for source in SOURCES:
        lines += [
            "",
            f"### `{source['file']}`",
            "",
            f"- What: {source['title']}. Publisher: {source['publisher']}.",
            f"- Period: {source['period']}.",
            f"- Source: `{source['repo']}` / `{source['path']}` at commit `{source['commit']}`.",
            f"- SHA-256: `{source['sha256']}`",
            f"- Licence: {source['licence']}.",
            "- Feeds:",
        ]
        lines += [f"  - {use}" for use in source["used_for"]]
    lines += [
        "",
        "Not used: `prc-pfa-mar2013-onwards-tables201718.csv` (PRC 2017/18) and",
        "`population_data.csv` (mid-2018 population), which describe an earlier year.",
        "",
    ]
    return "\n".join(lines)


# -----------------------------------------------------------------------------------------------
# Stop and search by ethnicity; publishers' notes on single forces
# -----------------------------------------------------------------------------------------------

SEARCH_GROUPS = {
    "White": "white", "Mixed": "mixed", "Asian or Asian British": "asian",
    "Black or Black British": "black", "Chinese or Other Ethnic Group": "other",
    "Not stated": "not_stated",
}  # fmt: skip
SEARCH_NAMES = {"London, City of": "City of London", "Metropolitan Police": "Metropolitan Police"}
SEARCH_YEAR = "2019-03-31"
CHINESE = "Ethnic Group: Asian/Asian British: Chinese; measures: Value"


def stop_search(raw_dir: Path, names: pd.Series, census: pd.DataFrame) -> pd.DataFrame:
    """Searches by self-defined ethnic group (YE Mar 2019) and the Census 2011 populations
    they are rated against, per force; plus all searches in the year ending March 2025."""
    data = pd.read_csv(raw_dir / STOP_SEARCH, low_memory=False)
    data = data[(data["year_ending"] == SEARCH_YEAR)
                & data["ethnic_group_self_defined"].isin(SEARCH_GROUPS)]  # fmt: skip
    code_of = {name: code for code, name in names.items()}
    data = data[data["force_name"] != "British Transport Police"]
    codes = data["force_name"].map(lambda n: code_of.get(SEARCH_NAMES.get(n, n)))
    assert codes.notna().all(), sorted(set(data["force_name"][codes.isna()]))
    counts = (data.assign(code=codes, group=data["ethnic_group_self_defined"].map(SEARCH_GROUPS))
              .groupby(["code", "group"])["searches"].sum(min_count=0).unstack(fill_value=0))  # fmt: skip
    out = pd.DataFrame(index=pd.Index(FORCE_CODES, name="code"))
    for group in SEARCH_GROUPS.values():
        out[f"searches_{group}"] = whole(counts[group].reindex(out.index).fillna(0))
    out["searches_total"] = out[[c for c in out if c.startswith("searches_")]].sum(axis=1)
    assert int(out["searches_total"].sum()) == 369_278  # 43 forces, every group but vehicle only
    # Census groups re-cut to the search groups: the search table files Chinese people under
    # "Chinese or Other", the Census under Asian.
    raw = pd.read_csv(raw_dir / CENSUS)
    chinese = raw.set_index(raw["PFA16NM"].map(
        lambda n: code_of.get(CENSUS_ALIASES.get(n, n))))[CHINESE].reindex(out.index)  # fmt: skip
    population = census[["white", "mixed", "asian", "black", "other"]].astype(int).copy()
    population["asian"] -= chinese.astype(int)
    population["other"] += chinese.astype(int)
    for group in population:
        out[f"population_{group}"] = whole(population[group])
    totals = pd.read_csv(raw_dir / STOP_SEARCH_2025).set_index("pfa_code")["published_total"]
    out["searches_2025"] = whole(totals.reindex(out.index))
    national = {g: out[f"searches_{g}"].sum() / out[f"population_{g}"].sum() for g in ("black", "white")}
    assert round(national["black"] / national["white"], 1) == 9.7  # Home Office, YE Mar 2019
    return out


# -----------------------------------------------------------------------------------------------
# Crime solving: force charge rates, 2018/19; the 2026 framework's headline areas
# -----------------------------------------------------------------------------------------------

OUTCOME_NAMES = {"London, City of": "City of London"}
OUTCOMES_COLUMN = "force_outcomes_for_offences_recorded_in_quarter"


def charge_rates(raw_dir: Path, names: pd.Series) -> pd.DataFrame:
    """Charged or summonsed, over every offence recorded in 2018/19, per force."""
    data = pd.read_csv(raw_dir / OUTCOMES, low_memory=False)
    data = data[(data["force_name"] != "British Transport Police") & data[OUTCOMES_COLUMN].notna()]
    code_of = {name: code for code, name in names.items()}
    codes = data["force_name"].map(lambda n: code_of.get(OUTCOME_NAMES.get(n, n)))
    assert codes.notna().all(), sorted(set(data["force_name"][codes.isna()]))
    data = data.assign(code=codes)
    offences = data.groupby("code")[OUTCOMES_COLUMN].sum()
    charged = data[data["outcome_type"] == 1].groupby("code")[OUTCOMES_COLUMN].sum()
    out = pd.DataFrame(index=pd.Index(FORCE_CODES, name="code"))
    out["charged"] = whole(charged.reindex(out.index))
    out["offences"] = whole(offences.reindex(out.index))
    out["charge_rate"] = (100 * out["charged"].astype(float) / out["offences"].astype(float)).round(2)
    national = out["charged"].sum() / out["offences"].sum()
    assert round(100 * national, 2) == 8.47, national  # about 8% that year (Home Office)
    assert out["charge_rate"].idxmin() == "E23000032" and out["charge_rate"].idxmax() == "W15000003"
    return out


FRAMEWORK_MEASURES = [
    ("calls_999", "999 calls", "Answer 999 calls within 10 seconds"),
    ("attendance", "Emergency attendance",
     "Attend the most serious incidents within 15 minutes in urban areas and 20 in rural areas"),
    ("victim_satisfaction", "Victim satisfaction", "Satisfaction of victims of crime"),
    ("trust", "Public trust and confidence", "Public trust and confidence in the police"),
    ("crime_solving", "Crime solving", "Solve more crime (charge rate)"),
    ("neighbourhood_policing", "Neighbourhood policing", "Neighbourhood policing"),
]
NO_FIGURE = ("No public file holds a force-level figure: supply it in the framework's template "
             "(Data page) or leave it out. Nothing is invented.")
# (id, label, measure, unit, description): the indicators with no public force figure.
FRAMEWORK_AWAITING = [
    ("calls_999_10s", "999 calls answered within 10 seconds", "calls_999", "% of 999 calls",
     "Share of 999 calls answered within 10 seconds (call connected by BT to the force answering). "
     "The Home Office has published force figures since May 2022 against a standard of 90% in 10 "
     "seconds (PA, 31 May 2022), but no file here holds them. " + NO_FIGURE),
    ("attend_urban_15", "Most serious incidents attended within 15 minutes (urban)", "attendance",
     "% of incidents", "Share of the most serious incidents in urban areas attended within 15 "
     "minutes, the standard announced in January 2026 (The Independent, 26 Jan 2026). " + NO_FIGURE),
    ("attend_rural_20", "Most serious incidents attended within 20 minutes (rural)", "attendance",
     "% of incidents", "Share of the most serious incidents in rural areas attended within 20 "
     "minutes, the standard announced in January 2026 (The Independent, 26 Jan 2026). " + NO_FIGURE),
    ("victim_satisfaction", "Victim satisfaction", "victim_satisfaction", "% satisfied",
     "Share of victims satisfied with the service they received. " + NO_FIGURE),
    ("trust_confidence", "Public trust and confidence", "trust", "% confident",
     "Share of residents who have confidence in their local police (a survey measure). " + NO_FIGURE),
    ("neighbourhood_policing", "Neighbourhood officers per 10,000 residents",
     "neighbourhood_policing", "per 10,000 residents",
     "Neighbourhood officers and PCSOs per 10,000 residents, as forces' dashboards are to show "
     "neighbourhood team size. " + NO_FIGURE),
]


def framework_meta() -> pd.DataFrame:
    """The 2026 framework's indicators; only the 2018/19 charge rate has force figures."""
    rows = [{
        "id": "charge_rate", "label": "Charge rate, 2018/19", "measure": "crime_solving",
        "direction": 1, "kind": "percent", "per": None, "unit": "% of recorded offences charged",
        "denominator": "offences recorded April 2018 to March 2019 (outcomes to date)",
        "source_table": "Home Office, Crime outcomes in England and Wales, open data, 2018/19",
        "period": "April 2018–March 2019", "licence": "OGL v3.0", "status": "real",
        "police_generated": "false", "noise": "binomial",
        "description": "Offences recorded in 2018/19 that resulted in a charge or summons, as a share "
        "of all offences recorded that year: the latest force-level outcomes in the shipped data, "
        "seven years before the framework. Binomial noise uses the number of offences.",
    }]
    rows += [{
        "id": ident, "label": label, "measure": measure, "direction": 1,
        "kind": "rate" if ident == "neighbourhood_policing" else "percent", "per": None,
        "unit": unit, "denominator": "", "source_table": "no data", "period": "no data",
        "licence": "no data", "status": "no data", "police_generated": "false", "noise": "none",
        "description": description,
    } for ident, label, measure, unit, description in FRAMEWORK_AWAITING]
    return meta_frame(rows)


# (code, indicator, years, notes block, note number, what the note says about this figure)
UNIT_NOTES = [
    ("E23000021", "residential_burglary", (2024,), "Notes for tables P1, P2, P3, P4", 4,
     "Leicestershire", "Burglary under-counted in November–December 2024 (ONS: to be fixed in "
     "the next publication)"),
    ("E23000037", "knife_offences", (2024, 2023), "Notes for tables P5 P6 P7", 2,
     "Gloucestershire", "Knife crime not counted on the NDQIS basis the other forces use "
     "(aggregated return)"),
    ("E23000001", "knife_offences", (2024,), "Notes for tables P5 P6 P7", 4,
     "Metropolitan Police", "Knife-crime recording reviewed from April 2024: not comparable "
     "with earlier years"),
]  # fmt: skip


def unit_notes(raw_dir: Path) -> pd.DataFrame:
    """The workbook's notes that concern one force's figure, each checked to name that force."""
    sheet = pd.read_excel(raw_dir / XLSX, sheet_name="Notes- PFA ", header=None, dtype=str,
                          engine="openpyxl")
    block, texts = None, {}
    for first, second in zip(sheet[0].fillna(""), sheet[1].fillna(""), strict=True):
        if first.startswith("Notes for table"):
            block = first.strip()
        elif first.strip().isdigit() and block:
            texts[(block, int(first))] = " ".join(second.split())
    rows = []
    for code, indicator, years, block, number, name, note in UNIT_NOTES:
        text = texts[(block, number)]
        assert name.split()[0] in text, (name, text)  # the note still names this force
        table = block.removeprefix("Notes for tables ").replace(",", "")
        rows += [{"code": code, "year": year, "indicator": indicator, "note": note,
                  "source": f"ONS PFA tables YE Dec 2024, notes to tables {table}, note {number}",
                  "publisher_text": text} for year in years]  # fmt: skip
    return pd.DataFrame(rows).sort_values(["code", "year", "indicator"])


# -----------------------------------------------------------------------------------------------
# Writing
# -----------------------------------------------------------------------------------------------


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 without BOM, "\\n" endings, no index: identical bytes on every platform and run."""
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_text(text: str, path: Path) -> None:
    path.write_bytes(text.encode("utf-8"))  # bytes, so no platform newline translation


def build(raw_dir: Path, out_dir: Path) -> None:
    verify_checksums(raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report(XLSX)
    book = read_book((raw_dir / XLSX).read_bytes(), report, max_bytes=1 << 30)
    p1, p3 = read_table(book, "Table P1", report), read_table(book, "Table P3", report)
    # Table P1/P5/P9 hold this year (2024); P4 and P6 carry the previous year (2023).
    found = area_tables(book, report)
    tables = {2024: found["current"], 2023: found["previous"]}
    if report.errors:
        raise SystemExit("\n".join(map(str, report.errors)))

    unit_table = units(p1, p3, officers(raw_dir))
    names = unit_table["name"]
    write_csv(unit_table.reset_index(), out_dir / "units.csv")
    for year, table in tables.items():
        write_csv(indicators(table, seed=year).reset_index(), out_dir / f"indicators_{year}.csv")
        groups = whole(forces(table)[GROUP_IDS]).reset_index()
        write_csv(groups, out_dir / f"offence_groups_{year}.csv")
    write_csv(reference_rows(tables), out_dir / "reference_rows.csv")
    write_csv(indicator_meta(), out_dir / "indicator_meta.csv")
    write_csv(measures(), out_dir / "measures.csv")
    census = ethnicity(raw_dir, names)
    write_csv(census.reset_index(), out_dir / "ethnicity_2011.csv")
    write_csv(stop_search(raw_dir, names, census).reset_index(), out_dir / "stop_search_2019.csv")
    write_csv(unit_notes(raw_dir), out_dir / "unit_notes.csv")
    write_csv(homicide_rates(raw_dir), out_dir / "homicide_rate_3yr.csv")
    geojson = json.dumps(boundaries(raw_dir, names), separators=(",", ":"), ensure_ascii=False)
    write_text(geojson + "\n", out_dir / "boundaries.geojson")
    write_csv(force_areas(raw_dir).reset_index(), out_dir / "force_areas.csv")
    write_csv(crime_severity(raw_dir), out_dir / "crime_severity_2003_2022.csv")
    write_csv(charge_rates(raw_dir, names).reset_index(), out_dir / "charge_rates_2018_19.csv")
    write_csv(framework_meta(), out_dir / "framework_2026_meta.csv")
    write_csv(measures(FRAMEWORK_MEASURES), out_dir / "framework_2026_measures.csv")
    write_text(sources_markdown(), out_dir / "SOURCES.md")
    write_text(json.dumps(SOURCES, indent=2, ensure_ascii=False) + "\n", out_dir / "sources.json")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("raw_dir", nargs="?", type=Path, default=DEFAULT_RAW,
                        help="folder of raw files (default: ../shared/data beside the repo)")
    parser.add_argument("--out", type=Path, default=HERE,
                        help="output folder (default: sample_data/)")
    args = parser.parse_args(argv)
    build(args.raw_dir, args.out)


if __name__ == "__main__":
    main()
