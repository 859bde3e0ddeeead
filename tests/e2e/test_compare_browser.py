"""Real browser: save a scenario, change the weights, compare the two."""

from browser_helpers import drawn_chart, metric_value, open_page, settled, wait_idle


def test_save_change_and_compare(page, app_url):
    open_page(page, app_url, "compare")
    page.get_by_label("Name for the current scenario").fill("Before")
    page.get_by_role("button", name="Save current scenario").click()
    page.get_by_text("Saved “Before”").wait_for()
    wait_idle(page)
    slider = page.get_by_role("slider").nth(2)  # drugs supply, in the sidebar
    slider.focus()
    slider.press("Home")  # weight 0
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('w.drugs=0.0')")
    wait_idle(page)  # the link is written by the sidebar, before the comparison below it redraws
    tau = settled(page, lambda: float(metric_value(page, "Rank agreement")), lambda v: v < 1)
    assert 0 < tau < 1
    assert metric_value(page, "Forces that moved").endswith("of 42")
    drawn_chart(page, "Slope chart")
    assert page.get_by_role("button", name="Download saved scenarios (JSON)").is_enabled()
