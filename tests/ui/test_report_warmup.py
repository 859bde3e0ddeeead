"""The report's warm-up (ui.report.warmup): one background thread per process computes the
report's analyses through the app's caches, waits while a page runs, never does a scenario
twice, and fails quietly."""

import logging
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import UncertaintySettings, preset
from tests.conftest import forbid_report_analyses
from ui.report import builder as report_builder
from ui.report import warmup

DATA = load_sample()
SCENARIO = preset("harm_focused", DATA.measure_of, uncertainty=UncertaintySettings(samples=200))
CHEAP = ("rank_sets", "monte_carlo")  # steps quick enough for the tests that only count them


@pytest.fixture
def cold(monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    monkeypatch.setenv(warmup.SWITCH, "1")


def steps(w: warmup.Warmup) -> list[str]:
    return [step for _, step in w.ran]


def test_the_warm_up_fills_the_caches_the_report_reads(cold, monkeypatch):
    """The analyses draw nothing in the warm-up's thread (it has no page: no progress bar, no
    spinner). After it, a build computes none of the heavier analyses (each is made to fail
    if it runs) and gives the report a build from scratch gives."""
    import streamlit as st

    from ui.instability import widgets as instability_widgets

    def fail(*args, **kwargs):
        raise AssertionError("drawn")

    with monkeypatch.context() as drawing:
        drawing.setattr(instability_widgets, "_progress", fail)
        drawing.setattr(st, "spinner", fail)
        w = warmup.Warmup(quiet=0.0, default=False)
        w.ahead(DATA, SCENARIO)
        assert w.wait(180) and sorted(steps(w)) == sorted(warmup.STEPS)

    forbid_report_analyses(monkeypatch)
    warm = report_builder.build(DATA, SCENARIO, images=False, analyses=warmup.cached_analyses())
    monkeypatch.undo()
    fresh = report_builder.build(DATA, SCENARIO, images=False)
    strip = lambda html: re.sub(r"Generated [^.]+UTC", "", html)  # noqa: E731
    assert strip(warm) == strip(fresh)


def test_nothing_starts_while_a_page_runs_and_nothing_is_done_twice(cold, monkeypatch):
    monkeypatch.setattr(warmup, "STEPS", CHEAP)
    w = warmup.Warmup(quiet=0.0, default=False)
    with w.serving():  # a page is running: the thread waits
        w.ahead(DATA, SCENARIO)
        assert not w.wait(1.0) and not w.ran
    assert w.wait(60) and steps(w) == list(CHEAP)
    thread = w.thread
    for _ in range(3):  # the same scenario again, from pages and the Report page
        with w.serving():
            w.ahead(DATA, SCENARIO)
        w.ahead(DATA, SCENARIO)
    assert w.wait(60) and steps(w) == list(CHEAP)
    assert w.thread is thread and thread.is_alive()
    assert [t.name for t in threading.enumerate()].count(warmup.NAME) >= 1
    other = SCENARIO.replace(seed=7)
    with w.serving(), w.build(DATA, other):  # a report being built: it works meanwhile
        assert w.wait(60)
    assert steps(w) == [*CHEAP, *CHEAP]


def test_after_the_first_page_the_default_scenario_is_warmed_once(cold, monkeypatch):
    from ui import state

    monkeypatch.setattr(warmup, "STEPS", CHEAP)
    monkeypatch.setattr(state, "default_scenario", lambda: SCENARIO)
    w = warmup.Warmup(quiet=0.0)
    assert w.thread is None  # nothing before a page has been served
    with w.serving():
        pass
    assert w.wait(60) and steps(w) == list(CHEAP)
    with w.serving():
        pass
    assert w.wait(60) and steps(w) == list(CHEAP)  # not again
    assert [k for k, _ in w.ran] == [warmup.key(DATA, SCENARIO)] * len(CHEAP)


def test_a_failing_analysis_is_skipped_without_a_traceback_or_a_context_warning(cold, monkeypatch):
    """A step that fails is skipped (the others still run) with one debug line; a step that
    draws (as replaying a cached result's elements does) logs no "missing ScriptRunContext"
    from the warm-up's thread, while the same warning from another thread still shows."""
    import streamlit as st

    from ui.instability import widgets as instability_widgets

    monkeypatch.setattr(warmup, "STEPS", ("best_worst", *CHEAP))

    def boom(dataset, scenario):
        st.empty()  # no page in this thread: Streamlit would warn
        raise RuntimeError("boom")

    monkeypatch.setitem(instability_widgets.ANALYSES, "best_worst", (boom, None))
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    context = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    ours = logging.getLogger(warmup.__name__)
    for logger in (context, ours):
        logger.addHandler(handler)
    level = ours.level
    ours.setLevel(logging.DEBUG)
    try:
        w = warmup.Warmup(quiet=0.0, default=False)
        w.ahead(DATA, SCENARIO)
        assert w.wait(60)
        elsewhere = threading.Thread(target=st.empty, name="not-the-warm-up")
        elsewhere.start()
        elsewhere.join()
    finally:
        ours.setLevel(level)
        for logger in (context, ours):
            logger.removeHandler(handler)
    assert steps(w) == list(CHEAP)  # best_worst failed; the others were computed
    mine = [r for r in records if r.threadName == warmup.NAME]
    assert [r.getMessage() for r in mine] == ["report warm-up: best_worst skipped (RuntimeError: boom)"]
    assert all(r.exc_info is None and r.levelno == logging.DEBUG for r in mine)
    assert any("missing ScriptRunContext" in r.getMessage() and r.threadName == "not-the-warm-up"
               for r in records)  # fmt: skip


def test_switched_off_it_starts_nothing(monkeypatch):
    monkeypatch.setenv(warmup.SWITCH, "0")
    w = warmup.Warmup(quiet=0.0)
    with w.serving():
        w.ahead(DATA, SCENARIO)
    with w.build(DATA, SCENARIO):
        pass
    assert w.thread is None and not w.pending


def test_the_report_s_analyses_import_no_scipy():
    # On a new server, the warm-up and a report built at once imported the Instability page's
    # modules, and through them scipy.stats and scipy.interpolate (Sobol' indices, importance),
    # which the report does not use: about a second of CPU while the user waited.
    code = ("import sys\nfrom ui.report import warmup\nwarmup.cached_analyses()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
