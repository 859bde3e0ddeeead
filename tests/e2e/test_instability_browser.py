"""Real browser: the instability page draws its charts, switches sections and keeps the URL."""

from browser_helpers import drawn_chart, grid_column, open_expander, open_page, wait_idle

QUERY = "mc.n=400&mc.sobol=64"


def open_instability(page, app_url, query=QUERY):
    # The entry page first: it sets up the navigation (a fresh server would otherwise serve a
    # deep link to pages/instability.py in Streamlit's legacy pages mode).
    open_page(page, app_url)
    open_page(page, app_url, "instability", query)


def test_instability_page_draws_and_reacts(page, app_url):
    open_instability(page, app_url)
    assert page.get_by_role("heading", name="Instability").is_visible()
    assert page.get_by_text("could plausibly be in the top 10").is_visible()
    drawn_chart(page, "90% of runs")  # the chart below the collapsed controls
    assert grid_column(page, column=1, rows=3) == ["Merseyside", "Cheshire", "North Yorkshire"]
    page.get_by_role("radio", name="Best and worst", exact=True).click()
    wait_idle(page)
    page.get_by_text("could be last under some admissible weights").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()  # drawn interactively, once loaded
    open_expander(page, "Change what may vary")  # the controls sit in a collapsed panel
    page.get_by_text("Noise in the data").click()  # the toggle's label switches it off
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('mc.noise=0')")
    assert "mc.n=400" in page.url


def test_a_deep_link_replays_the_settings(page, app_url):
    open_instability(page, app_url, QUERY + "&mc.m=1&seed=7")
    assert page.get_by_text("Seed 7").is_visible()
    assert page.get_by_text("distinct normalisation and aggregation combinations").first.is_visible()
