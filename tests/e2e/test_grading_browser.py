"""Real browser: each section of the Grades and thresholds page draws, reacts and fits 1280x800."""

import pytest
from browser_helpers import drawn_chart, grid_column, open_expander, open_page, settled, wait_idle
from playwright.sync_api import expect

FAST = "gr.s=300"
THRESHOLDS = f"{FAST}&gr.t.homicide=12&gr.t.residential_burglary=3"


def open_grading(page, app_url: str, query: str = FAST) -> None:
    open_page(page, app_url)  # the entry page first, as a visitor arrives
    open_page(page, app_url, "grading", query)


def show(page, section: str) -> None:
    page.get_by_test_id("stMain").get_by_role("radio", name=section, exact=True).click()
    wait_idle(page)


def chart(page, text: str):
    """The chart on the page that shows ``text`` (the sidebar has one of its own)."""
    return page.locator(".js-plotly-plot").filter(has_text=text).first


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_each_force_s_grade_answer_first_then_chances(page, app_url):
    open_grading(page, app_url)
    expect(page.get_by_text("Under this rule, ", exact=False).first).to_be_visible()
    body = page.inner_text("body")
    assert "graded wrongly" in body and "cliff edge" in body
    expect(drawn_chart(page, "published grade")).to_be_visible()
    assert grid_column(page, column=0, rows=1) == ["Merseyside"]  # best score first
    assert fits_the_width(page)
    open_expander(page, "Change the grade rule, the thresholds or what varies")
    page.get_by_test_id("stRadio").get_by_text("Fixed shares of forces (quantiles)").click()
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('gr.b=quantile')")
    expect(page.get_by_text("Rule: Fixed shares of forces", exact=False)).to_be_visible()


def test_thresholds_meet_or_fall_short_with_the_exact_chance(page, app_url):
    open_grading(page, app_url, THRESHOLDS)
    show(page, "Thresholds")
    expect(page.get_by_text("fall short of Homicide as published", exact=False)).to_be_visible()
    expect(chart(page, "threshold 12")).to_be_visible()
    assert grid_column(page, column=0, rows=1) == ["Lincolnshire"]  # the highest homicide rate
    assert fits_the_width(page)


def test_interventions_are_a_range(page, app_url):
    open_grading(page, app_url, THRESHOLDS)
    show(page, "Interventions")
    expect(page.get_by_text("Repeat the measurement and it is between", exact=False)).to_be_visible()
    expect(chart(page, "published")).to_be_visible()
    assert fits_the_width(page)


def test_over_the_line_for_a_chosen_force(page, app_url):
    open_grading(page, app_url, f"{THRESHOLDS}&gr.f=E23000013")
    show(page, "Over the line")
    expect(page.get_by_text("The cheapest way for Cleveland to", exact=False)).to_be_visible()
    first = settled(page, lambda: grid_column(page, column=0, rows=1)[0],
                    lambda v: v.startswith(("Reach", "Meet")))
    assert first.startswith(("Reach", "Meet")), first
    assert fits_the_width(page)


def test_the_points_table_of_2004_07(page, app_url):
    open_grading(page, app_url)
    show(page, "Points table (2004–07)")
    expect(page.get_by_text("share their place with another", exact=False)).to_be_visible()
    assert grid_column(page, column=0, rows=1) == ["1"]
    assert fits_the_width(page)


@pytest.mark.parametrize("preset", ["Police Performance Framework 2026 (provisional)"])
def test_the_2026_framework_preset_from_the_sidebar(page, app_url, preset):
    open_grading(page, app_url)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=preset).click()
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('data=ppf-2026-charges')")
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Source:" in sidebar and "January 2026" in sidebar
    expect(page.get_by_text("have no force-level figures yet", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Download the 2026 framework's template (XLSX)")).to_be_visible()
    assert fits_the_width(page)
