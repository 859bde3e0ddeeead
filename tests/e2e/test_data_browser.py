"""Real browser: uploading a file on the Data page re-ranks the league table; a bad file changes nothing."""

from pathlib import Path

from browser_helpers import go_to, grid_column, open_page, open_tab, upload_data, wait_idle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def forces(page) -> list[str]:
    return grid_column(page, column=2, rows=12)  # Rank, Could be, Force


def test_a_good_upload_re_ranks_and_a_bad_one_keeps_the_table(page, app_url):
    open_page(page, app_url)  # the entrypoint first: it sets up the navigation
    sample = forces(page)
    go_to(page, "Explore", "Data")
    upload_data(page, FIXTURES / "good" / "forces_newer.csv")
    page.get_by_text("every page now ranks it").wait_for()
    assert "data=upload%3A" in page.url or "data=upload:" in page.url
    go_to(page, "Explore", "League table")
    uploaded = forces(page)
    assert uploaded != sample

    go_to(page, "Explore", "Data")
    upload_data(page, FIXTURES / "malformed" / "non_numeric.csv")
    error = page.get_by_test_id("stAlertContentError")
    error.wait_for()
    assert "'twelve' is not a number" in error.inner_text()
    assert "unchanged" in error.inner_text()
    go_to(page, "Explore", "League table")
    assert forces(page) == uploaded


def test_the_explorer_draws_its_charts(page, app_url):
    open_page(page, app_url)
    go_to(page, "Explore", "Data")
    open_tab(page, "Funnel plot")
    assert page.get_by_text("Allow for overdispersion").is_visible()
    open_tab(page, "Correlations")  # the heatmap, drawn once its tab is open
    page.get_by_role("tabpanel", name="Correlations").locator(".js-plotly-plot").wait_for()


def test_a_count_file_is_provisional_until_its_assumptions_are_confirmed(page, app_url):
    open_page(page, app_url)
    go_to(page, "Explore", "Data")
    upload_data(page, FIXTURES / "good" / "forces_counts.csv")
    page.get_by_text("every page now ranks it").wait_for()
    # The one confirmation table on the Data page lists what was inferred.
    page.get_by_text("Assumptions to confirm").wait_for()
    assert page.get_by_test_id("stDataFrame").count() >= 2  # the dictionary and the editor
    go_to(page, "Explore", "League table")
    banner = page.get_by_test_id("stAlertContentWarning").first
    banner.wait_for()
    assert "Provisional: 16 assumptions" in banner.inner_text()
    assert forces(page)[0] != "Metropolitan Police"  # per resident, crime lower is better
    go_to(page, "Explore", "Data")
    page.get_by_role("button", name="Confirm these 8 indicators as shown").click()
    wait_idle(page)
    page.get_by_text("confirmed for this data").wait_for()
    assert "ok=upload" in page.url
    go_to(page, "Explore", "League table")
    assert page.get_by_text("Provisional:").count() == 0
