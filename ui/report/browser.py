"""One warm headless chromium per server process for the report: its charts (kaleido) and
its PDF (DevTools ``Page.printToPDF``). No Streamlit here.

The Report page calls :func:`start` when it renders, so the browser is up by the time
"Build the report" is pressed (starting it takes a few seconds on a small machine). Every
build and session then shares that one browser, and it is closed when the process exits.
It runs in its own thread with its own asyncio loop; the functions here are thread-safe
and never block on the start except where a result is needed. A browser that failed (or
died) is closed and started afresh on the next call; callers treat any error as "no chart"
or "no PDF", as they did before.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import os
import shutil
import tempfile
import threading
import time
import warnings
from pathlib import Path

# Charts drawn at once. Each chart tab loads plotly.js, so they open at the first chart, not
# with the browser: ui.svg draws every chart of today's report, so this browser draws only one
# it refuses, and most browsers only print. Measured on this 2-core machine, a browser ready in
# 2.4-2.9 s (first PDF 2.6-3.1 s, 3.1-3.6 s of CPU) with its chart tab, 0.6 s without (first
# PDF 0.9-1.0 s, 2.5-2.7 s of CPU); the first chart then takes 1.8-2.2 s instead of 0.2 s.
TABS = 1
# Seconds unused before the browser is closed: it holds about half a gigabyte, and a server
# whose Report page nobody has opened for a while need not keep it. The next visit starts it.
RETIRE = 600.0
IDLE = 1.0  # seconds without a chart or a print before used tabs are reloaded
# Every chart is drawn 1,080 pixels wide: 150 dpi across the 182 mm text width of the A4 page
# (210 mm less 14 mm margins), the width it prints at. Fewer pixels draw faster.
PRINT_PIXELS = 1080
# Page.printToPDF with the paper and margins of the report's CSS (@page A4), no header or
# footer, no background colours: what ``chromium --print-to-pdf --no-pdf-header-footer`` gives.
PDF = {"preferCSSPageSize": True, "displayHeaderFooter": False, "printBackground": False}

_lock = threading.Lock()
_state: dict = {}  # loop, thread, ready (a future of the open kaleido browser), starts


def path() -> str | None:
    """The chromium the report uses for charts and PDF (``BROWSER_PATH`` or on PATH)."""
    for candidate in (os.environ.get("BROWSER_PATH"), os.environ.get("CHROMIUM_PATH"),
                      shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):  # fmt: skip
        if candidate and Path(candidate).exists():
            return candidate
    return None


def start() -> bool:
    """Start the shared browser in the background unless it is running; False without one."""
    with _lock:
        _retire_later()
        ready = _state.get("ready")
        if ready is not None and not (ready.done() and ready.exception() is not None):
            return True
        _stop_locked()
        executable = path()
        if executable is None:
            return False
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="report-browser", daemon=True)
        thread.start()
        _state.update(loop=loop, thread=thread, starts=_state.get("starts", 0) + 1,
                      ready=asyncio.run_coroutine_threadsafe(_open(executable), loop))  # fmt: skip
        if not _state.get("atexit"):
            atexit.register(stop)
            _state["atexit"] = True
        return True


def _retire_later() -> None:
    """(Re)arm the timer that closes the browser :data:`RETIRE` seconds after its last use."""
    if (timer := _state.get("retire")) is not None:
        timer.cancel()
    _state["used"] = time.monotonic()
    timer = threading.Timer(RETIRE, _retire)
    timer.daemon = True
    timer.start()
    _state["retire"] = timer


def _retire() -> None:
    with _lock:  # a use since this timer was set (it may have fired while waiting) keeps it
        if time.monotonic() - _state.get("used", 0.0) >= RETIRE:
            _stop_locked()


def starts() -> int:
    """How many browsers this process has started (one, unless one failed)."""
    return _state.get("starts", 0)


def chart(figure, width: int, height: int) -> concurrent.futures.Future:
    """Begin drawing ``figure`` as PNG; the future gives its bytes (or raises)."""
    if not start():
        raise RuntimeError("no chromium for the charts")
    opts = {"format": "png", "width": width, "height": height, "scale": PRINT_PIXELS / width}
    return _submit(lambda k: k.calc_fig(figure, opts=opts))


def pdf(html: str, timeout: float = 60) -> bytes:
    """The HTML document printed to PDF by the shared browser (raises on any failure)."""
    if not start():
        raise RuntimeError("no chromium for the PDF")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.html"
        source.write_text(html, encoding="utf-8")
        return _submit(lambda k: _print(k, source.as_uri(), timeout)).result(timeout + 5)


def stop() -> None:
    """Close the shared browser (at exit, or after a failure)."""
    with _lock:
        _stop_locked()


def failed() -> None:
    """Drop the browser after an error it may not survive; the next call starts another."""
    stop()


# ------------------------------------------------------------------------- inside


async def _open(executable: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import kaleido

    class Kaleido(kaleido.Kaleido):
        """Kaleido, but its chart tabs open at the first chart (:data:`TABS`), and a used tab
        is reloaded (a fresh plotly.js page, as kaleido does after every figure) once no
        chart is being drawn, not while the others wait for it."""

        held, used, tidying, opening = 0, [], None, None

        async def populate_targets(self) -> None:
            # Choreographer's own: the browser's first tab stays blank, where kaleido would
            # load plotly.js into it and into TABS - 1 more.
            await super(kaleido.Kaleido, self).populate_targets()

        async def _get_kaleido_tab(self):
            if self.opening is None:  # the first chart: every other waits for the same tabs
                self.opening = asyncio.ensure_future(
                    asyncio.gather(*(self._create_kaleido_tab() for _ in range(TABS))))
            await self.opening
            tab = await super()._get_kaleido_tab()
            self.held += 1
            return tab

        async def _return_kaleido_tab(self, tab) -> None:
            self.held -= 1
            self.used.append(tab)
            if self.tidying is None or self.tidying.done():
                self.tidying = asyncio.ensure_future(self._tidy())

        async def _tidy(self) -> None:
            quiet = 0.0
            while quiet < IDLE:  # the PDF usually follows the charts: let it go first
                await asyncio.sleep(0.1)
                quiet = 0.0 if self.held or self.printing else quiet + 0.1
            tabs, self.used = self.used, []
            # Errors are kept, not raised: a task's unread error is logged with a traceback
            # from this thread, and Python 3.11 formats it with ast.parse, which is not safe
            # beside Streamlit's own ast.parse of a page ("AST constructor recursion depth
            # mismatch", CPython issue 106905). A tab that fails to reload is simply not reused.
            await asyncio.gather(*(super(Kaleido, self)._return_kaleido_tab(t) for t in tabs),
                                 return_exceptions=True)  # fmt: skip

    browser = Kaleido(n=TABS, timeout=60, mathjax=False, path=executable)
    browser.printing = 0
    await browser.open()
    return browser


def _submit(work) -> concurrent.futures.Future:
    loop, ready = _state["loop"], _state["ready"]

    async def run():
        return await work(await asyncio.wrap_future(ready))

    return asyncio.run_coroutine_threadsafe(run(), loop)


async def _print(browser, url: str, timeout: float) -> bytes:
    browser.printing += 1
    tab = await browser.create_tab("about:blank", window=True)
    try:
        _check(await tab.send_command("Page.navigate", params={"url": url}))
        deadline = time.monotonic() + timeout
        while True:  # images are inline (data: URLs), so "complete" means laid out in full
            state = await tab.send_command("Runtime.evaluate",
                                           params={"expression": "document.readyState"})  # fmt: skip
            if _check(state)["result"].get("value") == "complete":
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the report did not load in the browser")
            await asyncio.sleep(0.02)
        printed = _check(await tab.send_command("Page.printToPDF", params=PDF))
        return base64.b64decode(printed["data"])
    finally:
        browser.printing -= 1
        await browser.close_tab(tab)


def _check(response: dict) -> dict:
    if "error" in response:
        raise RuntimeError(f"chromium: {response['error']}")
    return response["result"]


def _stop_locked() -> None:
    loop, thread, ready = (_state.pop(k, None) for k in ("loop", "thread", "ready"))
    if loop is None:
        return
    try:
        browser = ready.result(30)  # one still starting is waited for, so it is not left behind
    except Exception:  # noqa: BLE001 - it never opened: nothing to close
        browser = None
    try:
        asyncio.run_coroutine_threadsafe(_shut(browser), loop).result(20)
    except Exception:  # noqa: BLE001 - closing must not raise: kill the process instead
        with contextlib.suppress(Exception):
            browser.subprocess.kill()
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    if not thread.is_alive():
        loop.close()


async def _shut(browser) -> None:
    """Close the browser, then end what is left on the loop (a pending reload of tabs)."""
    if browser is not None:
        await browser.close()
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in left:
        task.cancel()
    await asyncio.gather(*left, return_exceptions=True)
