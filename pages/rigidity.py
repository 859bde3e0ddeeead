"""Rigidity and local priorities: what the basket leaves out.

The analyses are this project's design, after Holmström & Milgrom (1991, "Multitask
principal-agent analyses", *J. Law, Economics & Organization* 7:24-52), Baker (2002,
"Distortion and risk in optimal incentive contracts", *J. Human Resources* 37(4):728-751)
and Bevan & Hood (2006, "What's measured is what matters", *Public Administration*
84(3):517-538).
"""

import streamlit as st

from scoring.errors import InputError
from ui import levels, widgets
from ui.rigidity import sections
from ui.rigidity import widgets as rw

scenario, dataset = widgets.scenario_sidebar()
st.title("Rigidity and local priorities")
st.caption(f"{dataset.title}. Scenario: {scenario.name}.")
try:
    result = rw.analysed(dataset, scenario)
except InputError as exc:
    st.info(f"{exc}. The rigidity analyses need every offence group per unit, as in the "
            "shipped sample.", icon=":material/info:")  # fmt: skip
    st.stop()

sections.answer(result)  # the answer first, in one sentence; the why below, folded
with st.expander("Why this page", icon=":material/help:"):
    st.markdown(
        "A league table counts a basket of things; whatever sits outside it earns a force nothing, "
        "and a force pressed to climb moves officers toward what is counted. Bevan & Hood (2006) "
        "call taking the measured part for the whole *synecdoche*; Smith (1995) calls the rigidity "
        "that follows *ossification*. Below: how much of each force's recorded crime harm the "
        "basket leaves out, what a force chasing the table would stop doing, how each force ranks "
        "under its own priorities, and how a ratchet treats early improvers."
    )

levels.level_note(dataset, scenario, "these analyses work on offence groups and measures; the themes "
                  "above the measures are not used here (local priorities weight each offence domain "
                  "directly, flat)")  # fmt: skip
code = rw.force_picker(result)
widgets.tabs({"What the basket leaves out": sections.coverage_tab,
              "Effort reallocation": sections.effort_tab, "Local priorities": sections.local_tab,
              "Distortion and ratchet": sections.ratchet_tab}, result, scenario, dataset, code, key="rg_tab")
sections.sources(dataset)
