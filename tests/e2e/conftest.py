"""Real-browser fixtures: one `streamlit run` server per test session, Debian's chromium.

Playwright cannot download a browser here, so it drives the system chromium through
``executable_path`` (override with ``CHROMIUM_PATH``). Tests are marked ``e2e``.
"""

from __future__ import annotations

import os
import re
import tempfile
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, report what the browser showed and what the server logged.

    A browser test that fails once in many CI runs cannot be run again there: the address, the
    script's state, the page's text, a screenshot and the end of the server's output are what
    is left to tell a lost click from a slow or failed run.
    """
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    page = item.funcargs.get("page")
    if page is not None:
        report.sections.append(("browser at the failure", _browser_state(page, item.nodeid)))
    log = getattr(item.funcargs.get("app_url"), "log", None)
    if log:
        try:
            tail = Path(log).read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError as exc:
            tail = f"(could not read {log}: {exc})"
        report.sections.append(("server output, last 4,000 characters", tail or "(none)"))


def _browser_state(page, nodeid: str) -> str:
    lines = [f"address: {page.url}"]
    probes = {  # waits bounded (evaluate waits for nothing): a hung page must not hang the report
        "script state": lambda: page.get_attribute("[data-testid='stApp']", "data-test-script-state",
                                                   timeout=5_000),
        "checked radios": lambda: page.evaluate(
            "() => [...document.querySelectorAll('input[type=radio]:checked')]"
            ".map(e => e.closest('label')?.innerText ?? e.value).join(' | ')"),
        "page text": lambda: page.inner_text("[data-testid='stMain']", timeout=5_000)[:3000],
    }  # fmt: skip
    for name, probe in probes.items():
        try:
            lines.append(f"{name}: {probe()}")
        except Exception as exc:  # noqa: BLE001 - the page may be gone: say so and go on
            lines.append(f"{name}: unavailable ({type(exc).__name__})")
    folder = Path(os.environ.get("E2E_ARTIFACTS", tempfile.gettempdir()), "e2e-failures")
    shot = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid) + ".png")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), timeout=10_000)
        lines.append(f"screenshot: {shot}")
    except Exception as exc:  # noqa: BLE001 - as above
        lines.append(f"screenshot: unavailable ({type(exc).__name__})")
    return "\n".join(lines)
