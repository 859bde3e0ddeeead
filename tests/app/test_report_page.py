"""AppTest: the report page builds the report for the scenario on screen and offers it."""

PAGE = "pages/report.py"


def test_build_report_download_and_mark_it_stale_when_the_scenario_changes(app):
    # One build serves both checks: building the report is the slowest step of the page.
    from ui.report import browser

    browser.stop()
    at = app(page=PAGE, query={"mc.n": "200", "w.drugs": "0.0"})
    assert at.title[0].value == "Report"
    assert browser._state.get("ready") is not None  # the page started the browser, to be warm
    at.button(key="report_build").click().run()
    assert not at.exception
    built = at.session_state["report"]
    assert "<h2>The league table, with rank intervals</h2>" in built.html
    assert "North Yorkshire" in built.html and "Bedfordshire" in built.html
    assert built.pdf is None or built.pdf.startswith(b"%PDF")
    labels = [b.label for b in at.download_button]
    assert "Download the report (HTML)" in labels
    assert at.button(key="report_build").disabled  # up to date
    at.slider(key="w_homicide").set_value(9.0).run()
    assert "changed since the last report" in at.info[0].value
    assert not at.button(key="report_build").disabled
    assert "Download the report (HTML)" not in [b.label for b in at.download_button]


def test_the_report_builds_on_units_that_are_not_the_43_forces(app):
    from pathlib import Path

    csp = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "csp_small.csv"
    at = app(page="pages/data.py", query={"mc.n": "100", "mc.sobol": "64"})
    at.file_uploader(key="data_upload").set_value((csp.name, csp.read_bytes(), "text/csv")).run()
    at.switch_page(PAGE).run()
    at.button(key="report_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Testshire district" in at.session_state["report"].html


def warmup_steps():
    from ui.report import warmup

    return warmup.STEPS


def _warm_up(monkeypatch, **options):
    """The report warm-up switched on, with a warm-up of this test's own."""
    from ui.report import warmup

    monkeypatch.setenv(warmup.SWITCH, "1")
    w = warmup.Warmup(quiet=0.0, **options)
    monkeypatch.setattr(warmup, "_warmup", w)
    return w


def test_after_the_first_page_the_warm_up_fills_what_the_report_reads(app, monkeypatch):
    """A first page (the League table) is served, then the warm-up computes the default
    scenario's analyses; the report built afterwards computes none of them again."""
    from scoring.core.scenario import UncertaintySettings
    from tests.conftest import forbid_report_analyses
    from ui import state

    default = state.default_scenario(uncertainty=UncertaintySettings(samples=200))
    monkeypatch.setattr(state, "default_scenario", lambda: default)
    w = _warm_up(monkeypatch)
    at = app()
    assert at.title[0].value == "League table"
    assert w.wait(180) and [s for _, s in w.ran] == list(warmup_steps())

    forbid_report_analyses(monkeypatch)
    at.switch_page(PAGE).run()
    at.button(key="report_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Best and worst ranks" not in at.session_state["report"].html  # computed, not failed
    assert "could be first" in at.session_state["report"].html


def test_a_failing_warm_up_leaves_the_page_and_its_build_as_they_were(app, monkeypatch):
    from ui.report import warmup
    from ui.report import widgets  # noqa: F401 - the build keeps the working cached_analyses

    def broken():
        raise RuntimeError("no analyses today")

    monkeypatch.setattr(warmup, "cached_analyses", broken)  # the warm-up's alone
    w = _warm_up(monkeypatch, default=True)
    at = app(page=PAGE, query={"mc.n": "200"})
    assert w.wait(60) and w.thread is not None  # it ran, and every analysis failed:
    assert [s for _, s in w.ran] == ["browser"]
    assert len(w.done) == 1  # the page asked for its scenario (the default failed to load)
    assert not at.exception and not at.error
    at.button(key="report_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "<h2>The league table, with rank intervals</h2>" in at.session_state["report"].html
