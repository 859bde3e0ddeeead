"""Helpers for the browser tests (imported as ``from browser_helpers import ...``)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


class Server(str):
    """A running server's base URL (a str), with its process id in ``pid`` and the path of its
    output in ``log``."""

    pid: int
    log: str


@contextlib.contextmanager
def streamlit_server(workshop_db: str | None = None, warm_up: bool = False, app: str = "app.py"):
    """Run ``streamlit run app.py`` (or ``app``, a path from the repository root) on a free port; yield its base URL; stop it afterwards.

    The workshop database is ``workshop_db`` (a path or URL), else a fresh temporary
    file. Server output goes to a temp file (a pipe can fill and block the server) and
    is printed if start-up fails. The report's warm-up (``ui.report.warmup``: seconds of
    CPU and a chromium after the first page) runs only with ``warm_up``: test servers
    share two cores with the browsers that drive them, and AppTests cover the warm-up.
    """
    port = _free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    db = workshop_db or str(Path(tempfile.mkdtemp()) / "workshop.sqlite3")
    env = {**os.environ, "LTL_WORKSHOP_DB": db, "LTL_REPORT_WARMUP": "1" if warm_up else "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--global.developmentMode", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    url = Server(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    url.log = log.name
    try:
        _wait_healthy(url, proc)
        yield url
    except Exception:
        log.seek(0)
        print(log.read()[-4000:])
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# Streamlit draws an element's placeholder ("skeleton") until the code that draws that kind
# of element (slider, table, chart) has loaded in the browser, which can be after the script
# has finished: a page is drawn once its script has finished and no placeholder is left.
DRAWN = ("() => !document.querySelector(\"[data-testid='stSkeleton'],"
         "[data-testid='stSkeletonElement']\")")


def wait_idle(page) -> None:
    """Wait until the Streamlit script has finished running (Streamlit's own e2e idiom) and
    every element is drawn (no placeholder left)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function(DRAWN)
    page.wait_for_timeout(300)


def open_tab(page, name: str) -> None:
    """Click the tab ``name`` in the page and wait for its contents: only the open tab runs,
    so a click reruns the page and the tab fills when the rerun reaches it."""
    tab = page.get_by_test_id("stMain").get_by_role("tab", name=name, exact=True)
    tab.click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid=stMain] [role=tabpanel]')]
                 .some(p => !p.hidden && p.getBoundingClientRect().height > 0
                            && p.querySelector('[data-testid=stElementContainer]'))""")
    wait_idle(page)


# An expander's contents unfold in an animation of about 0.6 s (longer under load). A click
# into them meanwhile can land on a container instead of the control aimed at: seen here, a
# radio click lost under load (the click's target was the radio group, its value unchanged).
STILL = "details => details.getAnimations({subtree: true}).every(a => a.playState !== 'running')"
UNFOLDED = f"summary => summary.parentElement.open && ({STILL})(summary.parentElement)"


def open_expander(scope, label: str) -> None:
    """Open the expander ``label`` in ``scope`` (a page or a locator) and wait until its contents
    have unfolded, so that a click into them lands where it is aimed."""
    summary = scope.locator("details > summary").filter(has_text=label).first
    summary.click()
    summary.page.wait_for_function(UNFOLDED, arg=summary.element_handle())


def drawn_chart(page, alt: str):
    """The server-drawn chart (``ui.widgets.chart``) whose description contains ``alt``, once
    its image has decoded: a malformed SVG never does."""
    image = page.locator(f"[data-testid='stImage'] img[alt*={alt!r}]").first
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image


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


def settled(page, read, done, tries: int = 20):
    """``read()`` again every 250 ms until ``done(value)`` or ``tries`` reads; the last value.

    A grid's accessible cells or a metric can lag a rerun by a frame."""
    value = read()
    for _ in range(tries):
        if done(value):
            break
        page.wait_for_timeout(250)
        value = read()
    return value


def metric_value(page, label: str) -> str:
    """The value text of the st.metric whose label is ``label``."""
    name = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    box = page.get_by_test_id("stMetric").filter(has=name)
    return box.get_by_test_id("stMetricValue").inner_text().strip()


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
    """Give a file to the Data page's data uploader (not the iMeta one, nor the sidebar's scenario uploader)."""
    page.get_by_test_id("stMain").get_by_test_id("stFileUploader").first.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_idle(page)


def open_workshop(page, app_url: str, title: str) -> str:
    """Open a workshop from the Workshop page; return its join code (projector view shown)."""
    open_page(page, app_url, "workshop")
    page.get_by_label("Title (participants see it)").fill(title)
    page.get_by_role("button", name="Open a workshop").click()
    page.get_by_text("Join on your phone or laptop").wait_for()
    wait_idle(page)
    return re.search(r"workshop=([A-Z0-9]{6})", page.url).group(1)
