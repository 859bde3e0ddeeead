"""Grades and thresholds: grade bands and minimum standards beside the ranks, and how sure they are.

After the January 2026 white paper *From local to national: a new model for policing* (minimum
thresholds, graded forces, intervention) and HMICFRS PEEL's five grades; methods in
:mod:`scoring.grading`.
"""

import streamlit as st

from scoring.grading import rules
from ui import levels, widgets
from ui.grading import sections
from ui.grading import widgets as gw

scenario, dataset = widgets.scenario_sidebar()
st.title("Grades and thresholds")
st.caption(widgets.escape(f"{dataset.title}. Scenario: {scenario.name}. Grade bands on the score and "
                          "minimum standards per measure, as the 2026 reforms propose: how many forces "
                          "would be graded wrongly, and who would be sent for intervention?"))  # fmt: skip
try:
    result = gw.graded(dataset, scenario)
except ValueError as exc:
    gw.controls(scenario, dataset, None)
    st.info(f"Nothing to grade: {widgets.escape(str(exc))}.", icon=":material/info:")
    st.stop()
gw.headline(result)
levels.level_note(dataset, scenario, "grades are cut from the whole framework's score, themes included; "
                  "weight uncertainty draws each level's weights in turn, themes then measures")  # fmt: skip
gw.awaiting(scenario, dataset)
gw.controls(scenario, dataset, rules.bands(scenario.grading, result.scores))
section = sections.section_picker()
sections.SHOW[section](dataset, scenario, result)
