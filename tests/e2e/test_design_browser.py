"""Real browser: the Design assistant searches, draws the trade-off, applies a point and cut-offs."""

from browser_helpers import grid_column, open_page, wait_idle
from playwright.sync_api import expect

SMALL = "ds.n=10&ds.it=1&ds.d=100&gr.s=300"


def open_design(page, app_url: str) -> None:
    open_page(page, app_url)
    open_page(page, app_url, "design", SMALL)


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_search_draws_the_pareto_chart_and_applies_a_point(page, app_url):
    open_design(page, app_url)
    page.get_by_role("button", name="Search the admissible weights").click()
    wait_idle(page)
    expect(page.get_by_text("the steadiest table has rank sets", exact=False)).to_be_visible()
    chart = page.locator(".js-plotly-plot").filter(has_text="Best trade-offs (Pareto)")
    expect(chart).to_be_visible()
    assert fits_the_width(page)
    page.get_by_role("button", name="Apply these weights").click()
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('Design+assistant+choice')"
                           " || window.location.search.includes('Design%20assistant%20choice')")
    expect(page.get_by_text("Applied: the sidebar's weights are now the chosen point")).to_be_visible()


def test_cut_offs_that_misgrade_fewest(page, app_url):
    open_design(page, app_url)
    page.get_by_role("button", name="Find the cut-offs").click()
    wait_idle(page)
    expect(page.get_by_text("forces are expected to be graded wrongly", exact=False)).to_be_visible()
    assert grid_column(page, column=0, rows=2) == ["Outstanding", "Good"]
    page.get_by_role("button", name="Apply these cut-offs").click()
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('gr.c.1=')")
    assert fits_the_width(page)
