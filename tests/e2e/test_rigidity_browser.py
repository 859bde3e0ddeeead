"""Real browser: the rigidity page draws its charts and map, and its sliders move the numbers."""

from browser_helpers import drawn_chart, grid_column, open_page, open_tab, wait_idle
from playwright.sync_api import expect


def open_rigidity(page, app_url: str, query: str = "") -> None:
    open_page(page, app_url)  # the entry page first, as a visitor arrives
    open_page(page, app_url, "rigidity", query)


def metric(page, label: str):
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue")


def test_coverage_panel_and_pressure_slider(page, app_url):
    open_rigidity(page, app_url)
    assert page.get_by_role("heading", name="Rigidity and local priorities").is_visible()
    assert "recorded crime harm in England and Wales" in page.inner_text("body")
    forces = grid_column(page, column=0, rows=3)
    assert forces[0] == "Metropolitan Police"  # best covered first
    drawn_chart(page, "inside and outside the basket")  # the answer's chart

    open_tab(page, "Effort reallocation")
    expect(metric(page, "Local value lost")).not_to_have_text("0%")
    box = page.get_by_test_id("stSlider").filter(has_text="Target pressure")
    slider = box.get_by_role("slider")
    slider.focus()
    slider.press("Home")  # pressure 0: the force keeps to its local priorities
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('rg.lambda=0.0')")
    expect(metric(page, "Local value lost")).to_have_text("0%")


def test_local_priorities_and_the_distortion_map(page, app_url):
    open_rigidity(page, app_url, query="rg.f=E23000001")
    open_tab(page, "Local priorities")
    expect(metric(page, "Rank under national weights")).to_have_text("42nd of 42")
    page.get_by_text("Weights I set").click()
    wait_idle(page)
    page.get_by_role("button", name="Start from the national weights").click()
    wait_idle(page)
    expect(metric(page, "Weight in the wrong place")).to_have_text("0%")

    open_tab(page, "Distortion and ratchet")
    page.locator(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas").first.wait_for()
    assert "Contains OS data" in page.inner_text("body")
    assert "penalised for improving early" in page.inner_text("body")
