"""The report builder: content, escaping, images and PDF (chromium is a test requirement)."""

import re

import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import Scenario, UncertaintySettings, preset
from tests.conftest import forbid_report_analyses
from ui.report import builder as report_builder

DATA = load_sample()


@pytest.fixture(scope="module")
def text_only():
    scenario = preset("harm_focused", DATA.measure_of,
                      uncertainty=UncertaintySettings(samples=300)).replace(name="<b>Room 3</b> & co")
    return scenario, report_builder.build(DATA, scenario, images=False)


def test_report_has_every_section_and_the_league_table(text_only):
    _, html = text_only
    for heading in ("Weights and methods", "The league table, with rank intervals",
                    "How stable is the table?", "How could a force game it, and who pays?",
                    "What the basket leaves out", "Caveats and data sources",
                    "Appendix: the scenario as JSON"):
        assert f"<h2>{heading}</h2>" in html
    table = html[html.index("The league table"):html.index("How stable")]
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td>", table)
    assert len(rows) == 42 and rows[0][0] == "1"
    assert "City of London" in table and "ranked apart" in table
    assert "90% interval" in table and "P(top 10)" in table


def test_page_one_is_a_summary_in_words(text_only):
    scenario, html = text_only
    first = html.index('<section class="summary"><h2>Summary</h2>')
    assert first < html.index("<h2>Weights and methods</h2>")  # the first section
    summary = html[first:html.index("</section>", first)]
    assert "Scenario &quot;&lt;b&gt;Room 3" in summary and "Shares of the score: Homicide 39%, Serious violence 33%" in summary
    assert "Methods: min-max scaling, no outlier treatment, combined by a weighted average" in summary
    assert "against the Home Office 2021 proposal" in summary
    findings = re.findall(r"<li>([^<]+)</li>", summary)
    assert len(findings) == 3
    assert "could plausibly be in the top 10" in findings[0]
    assert "through plausible changes to recorded figures" in findings[1]
    assert "of recorded crime harm" in findings[2]
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td><td>(\d+) to (\d+)</td>", summary)
    assert len(rows) == 42 and all(int(a) <= int(r) <= int(b) for r, _, a, b in rows)


def test_report_names_methods_in_words(text_only):
    _, html = text_only
    body = html[:html.index("<h2>Appendix: the scenario as JSON</h2>")]  # the JSON keeps its keys
    for term in ("minmax", "home_office_2021", "harm_focused", "Kendall", "Dirichlet", "Sobol",
                 "nats", "U[1"):
        assert term not in body, term


def test_report_labels_illustrative_data_and_escapes_user_text(text_only):
    _, html = text_only
    assert "Victim satisfaction (no force-level data yet)" in html  # real data by default
    assert "carries no weight in this table until figures are supplied" in html
    assert "Data support" in html and "Mogstad" in html  # every rank with its set
    assert "Leicestershire ⚑" in html and "s note, Leicestershire: Residential burglary" in html
    assert "<b>Room 3</b>" not in html and "&lt;b&gt;Room 3&lt;/b&gt; &amp; co" in html
    assert "Open Government Licence v3.0" in html


def test_report_appendix_replays_the_scenario(text_only):
    scenario, html = text_only
    assert "&quot;homicide&quot;: 7.0" in html and "&quot;drugs&quot;: 0.0" in html
    assert f"&quot;seed&quot;: {scenario.seed}" in html


@pytest.mark.slow
def test_charts_are_images_and_the_pdf_prints():
    scenario = Scenario(uncertainty=UncertaintySettings(samples=200))
    html = report_builder.build(DATA, scenario)
    # Bars, map, intervals, leverage, coverage: all drawn on the server, none by the browser.
    assert html.count('src="data:image/svg+xml;base64,') == 5 and "data:image/png" not in html
    pdf = report_builder.to_pdf(html)
    assert pdf is not None and pdf.startswith(b"%PDF") and len(pdf) > 100_000
    # A4 paper: every page 595 x 842 points (chromium writes each page's MediaBox plainly).
    boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)
    assert boxes and {tuple(round(float(v)) for v in b.split()) for b in boxes} == {(0, 0, 595, 842)}


def test_the_report_page_reuses_the_app_s_cached_analyses(text_only, monkeypatch):
    """Built from the app's caches, the report is the same, and a second build computes none
    of the heavier analyses again (each is made to fail if it runs)."""
    import streamlit as st

    from ui.report import widgets as report_widgets

    scenario, fresh = text_only
    st.cache_data.clear()
    strip = lambda html: re.sub(r"Generated [^.]+UTC", "", html)  # noqa: E731
    build = lambda: report_builder.build(DATA, scenario, images=False,  # noqa: E731
                                         analyses=report_widgets.cached_analyses())
    assert strip(build()) == strip(fresh)

    forbid_report_analyses(monkeypatch)
    assert strip(build()) == strip(fresh)


def test_the_report_says_when_counts_were_drawn_from_the_normal_approximation(text_only):
    import dataclasses

    from scoring.instability import noise

    scenario, fresh = text_only
    assert noise.NORMAL_NOTE not in fresh  # the 43 forces: exact Poisson draws

    def approx(dataset, scenario):
        return dataclasses.replace(report_builder._monte_carlo(dataset, scenario), normal_counts=True)

    html = report_builder.build(DATA, scenario, images=False,
                                analyses=report_builder.Analyses(monte_carlo=approx))  # fmt: skip
    assert "For speed at this size, counts of 100 or more were drawn with the normal approximation " \
           "to the Poisson" in html  # fmt: skip


# ---------------------------------------------------------------- the warm browser


def _pages(pdf: bytes):
    import io

    import pypdf

    return pypdf.PdfReader(io.BytesIO(pdf)).pages


@pytest.mark.slow
def test_the_warm_browser_prints_a4_with_the_summary_alone_on_page_1(text_only):
    """Page.printToPDF in the shared browser gives the same pages as chromium --print-to-pdf."""
    from ui.report import browser

    _, html = text_only
    pages = _pages(browser.pdf(html))
    assert {tuple(round(float(v)) for v in p.mediabox) for p in pages} == {(0, 0, 595, 842)}
    first = " ".join(pages[0].extract_text().split())
    for words in ("Summary Scenario", "Methods: min-max scaling", "plausibly be in the top 10",
                  "through plausible changes", "of recorded crime harm", "1 Wiltshire 1 to 35",
                  "City of London"):  # fmt: skip
        assert words in first, words  # the scenario, the three findings, the whole table
    assert "Weights and methods" not in first and pages[1].extract_text().startswith("Weights")
    alone = _pages(report_builder._print_alone(html, 120))
    assert [p.extract_text() for p in pages] == [p.extract_text() for p in alone]


@pytest.mark.slow
def test_one_browser_is_started_once_and_shared_by_every_build():
    import threading

    import plotly.graph_objects as go

    from ui.report import browser

    browser.start()
    before, first = browser.starts(), browser._state["ready"].result(60)
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    pngs = []
    threads = [threading.Thread(target=lambda: pngs.append(browser.chart(figure, 300, 200)
                                                           .result(60))) for _ in range(4)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert browser.start() and browser.starts() == before  # no second browser
    assert browser._state["ready"].result() is first and first.subprocess.poll() is None
    assert len(pngs) == 4 and all(p.startswith(b"\x89PNG") for p in pngs) and len(set(pngs)) == 1


def test_the_chart_tab_opens_at_the_first_chart_not_with_the_browser():
    # Its plotly.js costs seconds of CPU at every start, and ui.svg draws the report's charts:
    # a browser that only prints never loads it.
    import plotly.graph_objects as go

    from ui.report import browser

    browser.stop()
    browser.start()
    opened = browser._state["ready"].result(60)
    assert browser.pdf("<!doctype html><p>A report.</p>").startswith(b"%PDF")
    assert opened._total_tabs == 0 and opened.tabs_ready.qsize() == 0  # no chart tab yet
    png = browser.chart(go.Figure(go.Bar(x=[1], y=[1])), 200, 200).result(60)
    assert png.startswith(b"\x89PNG") and opened._total_tabs == browser.TABS


def test_an_unused_browser_is_closed_and_the_next_use_starts_another(monkeypatch):
    import time

    from ui.report import browser

    # Seconds apart, with a second's margin either way: a loaded machine's sleeps run late.
    monkeypatch.setattr(browser, "RETIRE", 3.0)
    browser.start()
    opened = browser._state["ready"].result(60)
    before = browser.starts()
    time.sleep(2.0)
    browser.start()  # a use pushes the closing back
    time.sleep(2.0)
    assert "ready" in browser._state and opened.subprocess.poll() is None
    deadline = time.monotonic() + 30
    while "ready" in browser._state and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "ready" not in browser._state  # closed after three seconds unused
    opened.subprocess.wait(10)
    assert browser.start() and browser.starts() == before + 1


@pytest.mark.slow
def test_a_dead_browser_costs_the_charts_then_is_replaced(monkeypatch):
    """Kill the shared chromium: the next report still builds (charts the browser would draw
    noted as missing, the progress bar moving through every stage, the PDF printed by chromium
    alone); the build after that has a new browser and its charts again."""
    import plotly.graph_objects as go

    from ui import svg
    from ui.report import browser

    def cannot(*_):
        raise svg.Unsupported("as for a chart ui.svg does not draw")

    monkeypatch.setattr(report_builder.svg, "render", cannot)
    browser.start()
    before = browser.starts()
    browser._state["ready"].result(60).subprocess.kill()
    steps = []
    html = report_builder.build(DATA, Scenario(uncertainty=UncertaintySettings(samples=100)),
                                progress=lambda f, label: steps.append((f, label)))  # fmt: skip
    assert "[Chart not available: " in html and "data:image/png" not in html
    assert [f for f, _ in steps] == sorted(f for f, _ in steps) and steps[-1] == (1.0, "Done")
    assert "Drawing the charts" in {label for _, label in steps}
    png = browser.chart(go.Figure(go.Bar(x=[1], y=[1])), 200, 200).result(60)
    assert png.startswith(b"\x89PNG") and browser.starts() == before + 1
    alone = []
    monkeypatch.setattr(report_builder, "_print_alone", lambda h, t: alone.append(h) or b"%PDF")
    monkeypatch.setattr(browser, "pdf", lambda h, timeout: 1 / 0)
    assert report_builder.to_pdf(html) == b"%PDF" and alone == [html]
