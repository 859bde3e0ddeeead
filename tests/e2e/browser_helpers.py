"""Helpers for the browser tests (imported as ``from browser_helpers import ...``)."""

from __future__ import annotations


def wait_idle(page) -> None:
    """Wait until the Streamlit script has finished running (Streamlit's own e2e idiom)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_timeout(300)


def open_page(page, app_url: str, path: str = "", query: str = "") -> None:
    """Go to a page of the app and wait for its first run to finish.

    The script-state attribute reads "notRunning" before the first run has even
    started, so wait for the page title (every page has one) first.
    """
    page.goto(f"{app_url}/{path}{'?' + query if query else ''}")
    page.locator("h1").first.wait_for()
    wait_idle(page)


def grid_column(page, column: int, rows: int = 10, nth: int = 0) -> list[str]:
    """Texts of the first ``rows`` cells of ``column`` in the ``nth`` st.dataframe.

    The data grid draws on a canvas; its accessible table (role=gridcell) carries the text.
    """
    grid = page.get_by_test_id("stDataFrame").nth(nth)
    grid.locator("[role='gridcell']").first.wait_for(state="attached")
    return [grid.get_by_test_id(f"glide-cell-{column}-{r}").text_content() for r in range(rows)]


def metric_value(page, label: str) -> str:
    """The value text of the st.metric whose label is ``label``."""
    name = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    box = page.get_by_test_id("stMetric").filter(has=name)
    return box.get_by_test_id("stMetricValue").inner_text().strip()
