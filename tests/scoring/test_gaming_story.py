"""The plain-language panel: numbers, burden on communities, no real change in crime."""

import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.gaming import report as gaming_report
from scoring.gaming import story as gaming_story


@pytest.fixture(scope="module")
def sample():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    return ds, s, gaming_report.report(ds, s)


def test_a_mid_table_force_gets_routes_searches_and_the_reminder(sample):
    ds, s, report = sample
    text = "\n".join(gaming_story.story(report, ds, s.gaming, "E23000003", "3 places"))
    assert "Lancashire is 32nd of 42" in text and "To climb 3 places (to 29th)" in text
    assert "cheapest route" in text
    assert "more drug offences" in text and "extra stop-searches" in text
    assert "no further action" in text and "Black residents" in text
    assert "unrecorded" in text and "HMIC" in text
    assert gaming_story.NOT_REAL in text


def test_the_drug_line_matches_the_exact_minimum_change(sample):
    ds, s, report = sample
    drug = gaming_story.drug_change(report, ds, "E23000003", "3 places")
    climb = report.table.climb
    row = climb[(climb["code"] == "E23000003") & (climb["indicator"] == "drug_offences")
                & (climb["target"] == "3 places")].iloc[0]  # fmt: skip
    assert drug == row["change_count"] > 0
    assert f"{round(drug):,} more drug offences" in "\n".join(
        gaming_story.story(report, ds, s.gaming, "E23000003", "3 places"))


def test_ranked_apart_and_top_forces_are_told_plainly(sample):
    ds, s, report = sample
    city = gaming_story.story(report, ds, s.gaming, "E23000034", "1 place")
    assert len(city) == 1 and "no rank to climb" in city[0]
    top = report.table.climb.query("rank == 1")["code"].iloc[0]
    lines = gaming_story.story(report, ds, s.gaming, top, "1 place")
    assert "cannot climb 1 place from 1st" in lines[1]
    second = report.table.climb.query("rank == 2")["code"].iloc[0]
    lines = gaming_story.story(report, ds, s.gaming, second, "top 10")
    assert lines[1] == "It is already in the top 10."


def test_numbers_read_naturally():
    assert gaming_story.number(1564.4) == "1,564"
    assert gaming_story.number(-0.8) == "0.8"
    assert gaming_story.places_text(1) == "1 place" and gaming_story.places_text(4) == "4 places"
    assert gaming_story.goal_text("top 10") == "reach the top 10"
