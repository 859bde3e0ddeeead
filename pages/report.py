"""Report: the current scenario, its table with rank intervals and the key findings, to keep."""

import streamlit as st

from ui import widgets
from ui.report import widgets as report_widgets

scenario, dataset = widgets.scenario_sidebar()
st.title("Report")
st.caption(
    "A self-contained record of the scenario in the sidebar: weights and methods, the league "
    "table with rank intervals, the key findings on instability, gaming and rigidity, caveats "
    "and data sources, with charts as images. Open the HTML in any browser; the PDF is the "
    "same document printed."
)
widgets.rank_caveat()
report = report_widgets.build_button(dataset, scenario)
if report is not None:
    report_widgets.downloads(report)
