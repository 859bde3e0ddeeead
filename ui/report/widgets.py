"""Report page widgets: build the report once per scenario, then offer the downloads."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from ui.report import browser as report_browser
from ui.report import builder as report_builder
from ui.report import warmup

KEY = "report"  # session state: the last report built, with what it was built from


@dataclass(frozen=True)
class Built:
    """A built report and the scenario/data it belongs to."""

    key: str
    html: str
    pdf: bytes | None


# The app's cached analyses, which the warm-up fills (a re-export: tests and scripts use it here).
cached_analyses = warmup.cached_analyses


def build_button(dataset: Dataset, scenario: Scenario) -> Built | None:
    """The build button; returns the report for *this* scenario, if one has been built."""
    key = warmup.key(dataset, scenario)
    built: Built | None = st.session_state.get(KEY)
    current = built is not None and built.key == key
    if built is not None and not current:
        st.info("The scenario has changed since the last report: build it again to match.",
                icon=":material/info:")  # fmt: skip
    if st.button("Build the report", type="primary", icon=":material/description:",
                 disabled=current, key="report_build"):  # fmt: skip
        bar = st.progress(0.0, text="Starting")
        with warmup.building(dataset, scenario):  # it works on meanwhile, on other cores
            html = report_builder.build(dataset, scenario, analyses=cached_analyses(),
                                        progress=lambda f, label: bar.progress(0.9 * f, text=label))  # fmt: skip
        bar.progress(0.9, text="Printing the PDF")
        pdf = report_builder.to_pdf(html) if report_builder.pdf_available() else None
        bar.empty()
        st.session_state[KEY] = Built(key, html, pdf)
        st.rerun()  # redraw with the button disabled and the downloads shown
    # Last, in the background: the browser and this scenario's analyses, ready by the press.
    report_browser.start()
    warmup.ahead(dataset, scenario)
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
