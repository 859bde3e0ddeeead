"""Report page widgets: build the report once per scenario, then offer the downloads."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from ui import state
from ui.gaming import widgets as gaming_widgets
from ui.instability import widgets as instability_widgets
from ui.report import browser as report_browser
from ui.report import builder as report_builder
from ui.rigidity import widgets as rigidity_widgets

KEY = "report"  # session state: the last report built, with what it was built from


@dataclass(frozen=True)
class Built:
    """A built report and the scenario/data it belongs to."""

    key: str
    html: str
    pdf: bytes | None


def _key(dataset: Dataset, scenario: Scenario) -> str:
    return f"{dataset.fingerprint}:{scenario.to_json()}"


def cached_analyses() -> report_builder.Analyses:
    """The app's cached analyses: a report built after the other pages reuses their results.
    The Monte Carlo is the Instability page's run when its sample count is within the report's."""
    def monte_carlo(dataset: Dataset, scenario: Scenario):
        if scenario.uncertainty.samples <= report_builder.REPORT_SAMPLES:
            return instability_widgets.analysis("monte_carlo", dataset, scenario)
        return report_builder.Analyses().monte_carlo(dataset, scenario)

    def rank_sets(dataset: Dataset, scenario: Scenario):
        sets, why = state.rank_sets(dataset, scenario)
        if sets is None:
            raise ValueError(why)
        return sets

    return report_builder.Analyses(
        rank_sets=rank_sets, monte_carlo=monte_carlo, gaming=gaming_widgets.report,
        best_worst=lambda d, s: instability_widgets.analysis("best_worst", d, s),
        rigidity=rigidity_widgets.analysed)


def build_button(dataset: Dataset, scenario: Scenario) -> Built | None:
    """The build button; returns the report for *this* scenario, if one has been built."""
    key = _key(dataset, scenario)
    built: Built | None = st.session_state.get(KEY)
    current = built is not None and built.key == key
    if built is not None and not current:
        st.info("The scenario has changed since the last report: build it again to match.",
                icon=":material/info:")  # fmt: skip
    if st.button("Build the report", type="primary", icon=":material/description:",
                 disabled=current, key="report_build"):  # fmt: skip
        bar = st.progress(0.0, text="Starting")
        html = report_builder.build(dataset, scenario, analyses=cached_analyses(),
                                    progress=lambda f, label: bar.progress(0.9 * f, text=label))  # fmt: skip
        bar.progress(0.9, text="Printing the PDF")
        pdf = report_builder.to_pdf(html) if report_builder.pdf_available() else None
        bar.empty()
        st.session_state[KEY] = Built(key, html, pdf)
        st.rerun()  # redraw with the button disabled and the downloads shown
    report_browser.start()  # last, in the background: warm by the time the button is pressed
    return built if current else None


def downloads(built: Built) -> None:
    """Download buttons for the HTML and, where chromium is installed, the PDF."""
    left, right = st.columns(2)
    left.download_button("Download the report (HTML)", built.html.encode("utf-8"),
                         file_name="league_table_report.html", mime="text/html",
                         on_click="ignore", icon=":material/download:", width="stretch")  # fmt: skip
    if built.pdf is not None:
        right.download_button("Download the report (PDF)", built.pdf,
                              file_name="league_table_report.pdf", mime="application/pdf",
                              on_click="ignore", icon=":material/picture_as_pdf:",
                              width="stretch")  # fmt: skip
    else:
        right.caption("PDF needs a chromium browser on the server (Debian package "
                      "`chromium`); the HTML prints to PDF from any browser.")  # fmt: skip
    st.success(f"Report ready: {len(built.html) // 1024:,} kB of HTML"
               + (f", {len(built.pdf) // 1024:,} kB PDF." if built.pdf else "."),
               icon=":material/check_circle:")  # fmt: skip
