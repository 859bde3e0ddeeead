"""AppTest: the Grades and thresholds page, every section, the rule's controls and the 2026 preset."""

from __future__ import annotations

from tests.conftest import open_tab
from tests.conftest import page_text as text

PAGE = "pages/grading.py"
FAST = {"gr.s": "300"}  # fewer re-runs keep the tests quick; the numbers are tested in tests/scoring
THRESHOLDS = {**FAST, "gr.t.homicide": "12", "gr.t.residential_burglary": "3"}


def show(at, section: str):
    at.segmented_control(key="gr_section").set_value(section).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_answer_comes_first_then_each_force_s_chances(app):
    at = app(page=PAGE, query=FAST)
    first = at.markdown[0].value
    assert first.startswith("**Under this rule, ") and "Inadequate" in first
    assert "graded wrongly" in first and "sent for intervention" in first
    assert "Rule: Cut-offs on the score: Outstanding from" in text(at)
    grid = at.dataframe[0].value
    assert len(grid) == 42 and {"Force", "Grade", "Chance wrong", "Cliff edge"} <= set(grid.columns)
    assert "Victim satisfaction has no force-level figures yet" in text(at)


def test_the_rule_s_controls_write_into_the_link(app):
    at = app(page=PAGE, query=FAST)
    at.radio(key="gr_bands").set_value("quantile").run()
    at.number_input(key="gr_grades").set_value(4).run()
    at.selectbox(key="gr_names").set_value("ppa").run()
    assert at.query_params["gr.b"] == "quantile" and at.query_params["gr.nm"] == "ppa"
    assert [n.label for n in at.number_input if n.key.startswith("gr_q")] == [
        "% Excellent", "% Good", "% Fair", "% Poor"]  # fmt: skip
    at.number_input(key="gr_q0").set_value(10).run()
    assert at.query_params["gr.q.1"] == "10.0"
    at.multiselect(key="gr_thresholds").set_value(["Homicide"]).run()
    assert float(at.query_params["gr.t.homicide"]) > 0  # starts at the England and Wales value
    assert not at.exception


def test_thresholds_say_who_falls_short_and_how_sure_that_is(app):
    at = show(app(page=PAGE, query=THRESHOLDS), "thresholds")
    assert "fall short of Homicide as published" in text(at)
    grid = at.dataframe[0].value
    assert {"Meets", "Chance it meets", "Exact", "Chance the call is wrong"} <= set(grid.columns)
    at.selectbox(key="gr_threshold").set_value("residential_burglary").run()
    assert "fall short of Residential burglary" in text(at)


def test_no_threshold_says_how_to_set_one(app):
    at = show(app(page=PAGE, query=FAST), "thresholds")
    assert "No minimum threshold is set" in text(at)


def test_interventions_give_a_range_not_one_number(app):
    at = show(app(page=PAGE, query=THRESHOLDS), "interventions")
    assert "in 90% of re-runs" in text(at)
    assert "Chance of being sent" in at.dataframe[0].value.columns


def test_over_the_line_names_the_cheapest_change_in_whole_offences(app):
    at = show(app(page=PAGE, query={**THRESHOLDS, "gr.f": "E23000013"}), "lift")
    assert at.selectbox(key="gr_force").value == "E23000013"
    assert "The cheapest way for **Cleveland** to " in text(at)
    routes = at.dataframe[0].value
    assert {"Line", "Indicator", "Offences", "Effort"} <= set(routes.columns)
    assert any(line.startswith("Meet the threshold on") for line in routes["Line"])
    at.selectbox(key="gr_force").set_value("E23000014").run()  # West Midlands
    assert at.query_params["gr.f"] == "E23000014" and "**West Midlands**" in text(at)


def test_the_points_table_of_2004_07(app):
    at = show(app(page=PAGE, query=FAST), "press")
    assert "share their place with another" in text(at)
    grid = at.dataframe[0].value
    assert len(grid) == 42 and {"Place", "Points", "Place on the score", "Homicide"} <= set(grid.columns)


def test_the_2026_framework_preset_brings_its_data_threshold_source_and_template(app):
    at = app(page=PAGE, query=FAST)
    at.selectbox(key="ui_preset").set_value("ppf_2026").run()
    assert not at.exception
    assert at.query_params["data"] == "ppf-2026-charges" and at.query_params["gr.t.calls_999_10s"] == "90.0"
    caption = text(at)
    assert "**Source:** Home Office white paper" in caption and "**Date:** January 2026" in caption
    assert "have no force-level figures yet" in caption
    assert [b.label for b in at.get("download_button")][:1] == ["Download the 2026 framework's template (XLSX)"]
    show(at, "thresholds")
    assert "No force has a figure for 999 calls answered within 10 seconds yet" in text(at)


def test_data_with_nothing_to_grade_is_said_plainly(app):
    at = app(page=PAGE, query=FAST)
    at.selectbox(key="ui_preset").set_value("ppf_2026").run()
    open_tab(at, "sb_data", True).selectbox(key="m_data").set_value("ppf-2026").run()  # without the 2018/19 charge rates
    assert not at.exception
    said = text(at)
    assert "Nothing to rank yet: no weighted measure has figures yet" in said
    assert "Every weight is zero" not in said  # the weights are fine; the data has no figures


def test_shares_that_add_up_to_less_than_100_are_rescaled_and_said(app):
    at = app(page=PAGE, query={"gr.b": "quantile", "gr.g": "3", "gr.q.1": "10", "gr.q.2": "10", **FAST})
    assert not at.exception and at.markdown[0].value.startswith("**Under this rule")
    assert "The shares add up to 53.3333%: rescaled to 100%." in text(at)
