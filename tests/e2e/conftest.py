"""Real-browser fixtures: one `streamlit run` server per test session, Debian's chromium.

Playwright cannot download a browser here, so it drives the system chromium through
``executable_path`` (override with ``CHROMIUM_PATH``). Tests are marked ``e2e``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_helpers import streamlit_server
from playwright.sync_api import expect

# Playwright's expect() waits 5 s by default. The charting library loads with a page's first
# chart (no longer with every page), which on a busy 2-core CI machine can take longer.
expect.set_options(timeout=30_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_url():
    """Base URL of a streamlit server running app.py (stopped after the session)."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (its own Streamlit session) at 1280x800."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
