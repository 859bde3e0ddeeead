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


def go_to(page, section: str, title: str) -> None:
    """Open a page through the top navigation (``section`` menu, then ``title``).

    Navigating this way keeps the Streamlit session (its uploads and scenario); typing a
    URL would start a new one.
    """
    page.get_by_test_id("stTopNavSection").filter(has_text=section).click()
    page.get_by_role("menuitem", name=title).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    wait_idle(page)


def upload_data(page, path) -> None:
    """Give a file to the Data page's uploader (not the sidebar's scenario uploader)."""
    page.get_by_test_id("stMain").get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_idle(page)
