"""Gaming and fairness: how could a force climb this table without any real change in crime,
and who would pay for it?

The analyses are this project's design, after Triantaphyllou & Sánchez (1997, "A sensitivity
analysis approach for some deterministic multi-criteria decision-making methods", *Decision
Sciences* 28(1):151-194), Holmström & Milgrom (1991, "Multitask principal-agent analyses",
*J. Law, Economics & Organization* 7:24-52), Bevan & Hood (2006, "What's measured is what
matters", *Public Administration* 84(3):517-538) and HMIC (2014, *Crime-recording: making
the victim count*).
"""

import streamlit as st

from ui import levels, state, widgets
from ui.gaming import fairness as gaming_fairness
from ui.gaming import sections as gaming_sections
from ui.gaming import widgets as gaming_widgets

scenario, dataset = widgets.scenario_sidebar()
st.title("Gaming and fairness")
st.caption(
    f"{dataset.title}. Scenario: {scenario.name}. Which indicators can police activity or "
    "recording practice move cheaply, how many places would that buy, and what would it mean "
    "for stop and search by ethnic group? Every number comes from recomputing this table."
)

result = state.scored(dataset, scenario)
report = gaming_widgets.report(dataset, scenario)
widgets.rank_caveat()
widgets.result_notes(result, dataset)
levels.level_note(dataset, scenario, "every figure here changes indicator values and re-scores the whole "
                  "framework, themes and every level above the measures included")  # fmt: skip

answer = st.container()  # the answer first, a sentence and a chart; what it is for, folded below
with st.expander("Which force, and how far to climb"):
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    with left:
        code = gaming_widgets.force_picker(result.table, scenario)
    with right:
        target = gaming_widgets.target_picker(scenario)
scenario = state.get_scenario()

with answer:
    st.subheader("In plain words")
    gaming_sections.story_panel(report, dataset, scenario, code, target)
    gaming_sections.climb_chart(report, code)

widgets.tabs({
    "Cheapest climb": lambda: gaming_sections.climb_section(report, dataset, code, target),
    "Leverage": lambda: gaming_sections.leverage_section(report, dataset, result.table),
    "Threshold effects": lambda: gaming_sections.threshold_section(report, dataset, result.table),
    "Stop and search": lambda: gaming_fairness.stop_search_section(report, dataset, scenario, code, target),
    "Recording": lambda: gaming_fairness.recording_section(report, dataset, scenario, code, result.table),
    "Manipulability rubric": lambda: gaming_fairness.rubric_section(report, dataset),
    "Assumptions": lambda: gaming_fairness.assumptions_section(scenario),
}, key="gm_tab")  # fmt: skip
