"""The report's analyses worked out ahead, in one background thread per server process.

On a freshly started server nothing has computed the report's heavier analyses yet (best
and worst ranks, the Monte Carlo rank intervals, gaming routes, rigidity, rank sets), so
the first "Build the report" computed them all while the user waited. Once the server has
served its first page, this thread computes them for the default scenario, through the very
cached functions the report reads (:func:`cached_analyses`, Streamlit's ``st.cache_data``,
which is shared by every session and works from a thread without a page); the Report page
asks for its own scenario while it draws (:func:`ahead`). First, it starts the report's
browser, whose start-up (seconds of chromium) the first report's PDF would otherwise wait
for; like the Report page's, it closes after ten minutes unused.

- Bounded: one thread per process, started once; at most :data:`PENDING` scenarios waiting,
  the newest first; a scenario done is not done again.
- No work twice: while one caller computes a cached value, ``st.cache_data`` makes any other
  caller of the same function and arguments (a build pressed meanwhile) wait for it.
- Out of the way: an analysis starts only when no page has been running for :data:`QUIET`
  seconds, so its stretches of Python (the gaming what-ifs, imports) do not take the GIL
  from a page being drawn; while a report is being built (:func:`building`) it works on,
  that build's scenario first, to share the build's work across the cores. An analysis is
  never paused once begun: it holds the cache's lock, which a page may be waiting on.
- Harmless: an analysis that fails is skipped with a one-line debug log (no traceback), and
  the build computes it as usual. The thread has no page to draw on: the analyses draw no
  progress there (:func:`ui.state.in_a_run`), and Streamlit's "missing ScriptRunContext"
  warning, which replaying a cached result's elements would log from it, is dropped for
  this thread alone.

``LTL_REPORT_WARMUP=0`` switches it off (the AppTest fixture does, so tests stay cold).
Imports of the analyses happen in the thread, so a page's first render pays nothing here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict, deque

SWITCH = "LTL_REPORT_WARMUP"
NAME = "report-warmup"
QUIET = 1.0  # seconds without a page running before an analysis starts (a rerun often follows)
PENDING = 2  # scenarios waiting at most (the newest kept)
REMEMBER = 64  # scenarios remembered as done
# First the report's browser (ui.report.browser): starting chromium takes seconds, in its own
# processes while the analyses run, and the PDF waits for it; unused, it closes after
# browser.RETIRE seconds. Then the report's analyses (fields of ui.report.builder.Analyses),
# the slowest first: a build pressed meanwhile computes them in the opposite order, so the
# two meet without waiting.
STEPS = ("browser", "best_worst", "rigidity", "gaming", "monte_carlo", "rank_sets")

_log = logging.getLogger(__name__)


def cached_analyses():
    """The app's cached analyses (``ui.report.builder.Analyses``): a report built after the
    other pages, or after this warm-up, reuses their results. The Monte Carlo is the
    Instability page's cached run at the report's sample count (at most
    ``builder.REPORT_SAMPLES``)."""
    from ui import state
    from ui.gaming import widgets as gaming_widgets
    from ui.instability import widgets as instability_widgets
    from ui.report import builder
    from ui.rigidity import widgets as rigidity_widgets

    def monte_carlo(dataset, scenario):
        samples = min(scenario.uncertainty.samples, builder.REPORT_SAMPLES)
        return instability_widgets.analysis(
            "monte_carlo", dataset, scenario.with_section("uncertainty", samples=samples))

    def rank_sets(dataset, scenario):
        sets, why = state.rank_sets(dataset, scenario)
        if sets is None:
            raise ValueError(why)
        return sets

    return builder.Analyses(
        rank_sets=rank_sets, monte_carlo=monte_carlo, gaming=gaming_widgets.report,
        best_worst=lambda d, s: instability_widgets.analysis("best_worst", d, s),
        rigidity=rigidity_widgets.analysed)  # fmt: skip


def key(dataset, scenario) -> str:
    """What a report is built from: the data's content and the whole scenario."""
    return f"{dataset.fingerprint}:{scenario.to_json()}"


class Warmup:
    """The thread and its queue (one instance per process: :data:`_warmup`)."""

    def __init__(self, quiet: float = QUIET, default: bool = True) -> None:
        self.quiet, self.default = quiet, default
        self._cond = threading.Condition()
        self.running = 0  # pages running now
        self.building = 0  # report builds running now
        self.last = 0.0  # when the last page run ended (time.monotonic)
        self.thread: threading.Thread | None = None
        self.pending: OrderedDict[str, list] = OrderedDict()  # key -> [dataset, scenario, steps left]
        self.busy = False  # an analysis is running
        self.done: OrderedDict[str, None] = OrderedDict()
        self.ran: deque[tuple[str, str]] = deque(maxlen=100)  # (key, step) computed lately

    # ------------------------------------------------------------------ the app's side

    @contextlib.contextmanager
    def serving(self):
        """Around a page's run: nothing starts meanwhile; after the first, the thread starts."""
        with self._cond:
            self.running += 1
        try:
            yield
        finally:
            with self._cond:
                self.running -= 1
                self.last = time.monotonic()
                self._cond.notify_all()
            self.start()

    @contextlib.contextmanager
    def build(self, dataset, scenario):
        """Around a report build: the thread works on meanwhile, this scenario first."""
        if not enabled():
            yield
            return
        with self._cond:
            self.building += 1
            self._add(key(dataset, scenario), dataset, scenario)
            self._cond.notify_all()
        try:
            yield
        finally:
            with self._cond:
                self.building -= 1

    def ahead(self, dataset, scenario) -> None:
        """Ask for this scenario's analyses (the newest request is served first)."""
        if not enabled():
            return
        with self._cond:
            self._add(key(dataset, scenario), dataset, scenario)
            self._cond.notify_all()
        self.start()

    def start(self) -> bool:
        """Start the thread unless it runs (or the switch is off); whether it runs."""
        if not enabled():
            return False
        with self._cond:
            if self.thread is not None:
                return True
            self.thread = threading.Thread(target=self._work, name=NAME, daemon=True)
            self.busy = self.default  # until the default scenario is queued
        _quiet_missing_context()
        self.thread.start()
        return True

    def wait(self, timeout: float) -> bool:
        """Wait until nothing is pending or running; whether that happened in time."""
        with self._cond:
            return self._cond.wait_for(lambda: not self.pending and not self.busy, timeout)

    # ------------------------------------------------------------------ the thread

    def _add(self, name: str, dataset, scenario, newest: bool = True) -> None:
        if name in self.done:
            return
        if name not in self.pending:
            self.pending[name] = [dataset, scenario, list(STEPS)]
        self.pending.move_to_end(name, last=newest)
        while len(self.pending) > PENDING:  # drop the oldest request
            self.pending.popitem(last=False)

    def _open(self) -> float:
        """0 when an analysis may start now, else how long to wait (None: until notified)."""
        if self.building:
            return 0.0
        if self.running:
            return None
        return max(0.0, self.last + self.quiet - time.monotonic())

    def _next(self):
        """Block until an analysis may start; return (key, dataset, scenario, step)."""
        with self._cond:
            while True:
                wait = self._open() if self.pending else None
                if wait == 0.0:
                    name, item = next(reversed(self.pending.items()))
                    step = item[2].pop(0)
                    if not item[2]:
                        del self.pending[name]
                        self.done[name] = None
                        while len(self.done) > REMEMBER:
                            self.done.popitem(last=False)
                    self.busy = True
                    return name, item[0], item[1], step
                self._cond.wait(wait)

    def _work(self) -> None:
        if self.default:
            self._add_default()
        while True:
            name, dataset, scenario, step = self._next()
            try:
                if step == "browser":
                    from ui.report import browser

                    browser.start()
                else:
                    getattr(cached_analyses(), step)(dataset, scenario)
                self.ran.append((name, step))
            except Exception as exc:  # noqa: BLE001 - the build will compute it, and say why
                _log.debug("report warm-up: %s skipped (%s: %s)", step, type(exc).__name__, exc)
            finally:
                with self._cond:
                    self.busy = False
                    self._cond.notify_all()

    def _add_default(self) -> None:
        """Queue the default scenario, behind any scenario a page has asked for."""
        with self._cond:
            while self._open() != 0.0:  # the imports below are Python too: wait for quiet
                self._cond.wait(self._open())
        try:
            from scoring.core.dataset import load_sample
            from ui import state

            dataset, scenario = load_sample(), state.default_scenario()
            cached_analyses()  # import the analyses now, before any is timed by a page
        except Exception as exc:  # noqa: BLE001 - no warm-up, the build computes as usual
            _log.debug("report warm-up: no default scenario (%s: %s)", type(exc).__name__, exc)
            dataset = None
        with self._cond:
            if dataset is not None:
                self._add(key(dataset, scenario), dataset, scenario, newest=False)
            self.busy = False
            self._cond.notify_all()


def enabled() -> bool:
    """Whether the warm-up runs in this process (``LTL_REPORT_WARMUP`` is not ``0``)."""
    return os.environ.get(SWITCH, "1") != "0"


class _NotThisThread(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != NAME


def _quiet_missing_context() -> None:
    """Drop Streamlit's "missing ScriptRunContext" warnings of this thread (it has no page
    by design); the same warning from any other thread is still logged."""
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    if not any(isinstance(f, _NotThisThread) for f in logger.filters):
        logger.addFilter(_NotThisThread())


_warmup = Warmup()  # the process's one


def serving():
    """:meth:`Warmup.serving` of the process's warm-up (app.py wraps every page's run in it)."""
    return _warmup.serving()


def building(dataset, scenario):
    """:meth:`Warmup.build` of the process's warm-up (around a report build)."""
    return _warmup.build(dataset, scenario)


def ahead(dataset, scenario) -> None:
    """:meth:`Warmup.ahead` of the process's warm-up (the Report page, as it draws)."""
    _warmup.ahead(dataset, scenario)
