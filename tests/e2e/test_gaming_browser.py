"""Real browser: the gaming page answers for a force and follows its inputs (Debian chromium)."""

import re

from browser_helpers import drawn_chart, open_expander, open_page, open_tab, wait_idle
from playwright.sync_api import expect


def open_gaming(page, app_url, query=""):
    open_page(page, app_url)  # the entrypoint first, so the app's navigation is in charge
    open_page(page, app_url, "gaming", query)
    page.get_by_role("heading", name="Gaming and fairness").wait_for()


def metric(page, label: str):
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue")


def metric_value(page, label: str) -> float:
    return float(metric(page, label).inner_text().replace(",", ""))


def test_plain_words_follow_the_force_and_the_target(page, app_url):
    open_gaming(page, app_url, "gm.f=E23000003")
    expect(page.get_by_text("Lancashire is 32nd of 42.")).to_be_visible()
    expect(page.get_by_text(re.compile("None of these is a real change in crime"))).to_be_visible()
    drawn_chart(page, "Dot chart of the change")  # the answer's chart
    open_expander(page, "Which force, and how far to climb")  # the pickers, folded
    page.get_by_text("3 places", exact=True).first.click()
    expect(page.get_by_role("radio", name="3 places")).to_be_checked()  # the click took
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('gm.k=3')")
    expect(page.get_by_text(re.compile(r"To climb 3 places \(to 29th\)"))).to_be_visible()
    drawn_chart(page, "Dot chart of the change")


def test_stop_and_search_inputs_change_the_burden(page, app_url):
    open_gaming(page, app_url, "gm.f=E23000003&gm.k=3")
    open_tab(page, "Stop and search")
    page.get_by_test_id("stMetric").first.wait_for()
    before = metric_value(page, "Extra stop-searches")
    assert before == 3096  # 774 more drug offences, whole, at 0.25 per search
    box = page.get_by_role("spinbutton", name="Recorded drug offences per extra search")
    box.fill("0.50")
    box.press("Enter")
    page.wait_for_function("() => window.location.search.includes('gm.yield=0.5')")
    # The URL changes early in the rerun; wait for the metric itself to be redrawn.
    expect(metric(page, "Extra stop-searches")).to_have_text(re.compile(r"^1,548$"))
    assert page.get_by_text(re.compile("Source: Home Office \\(2021\\)")).first.is_visible()
