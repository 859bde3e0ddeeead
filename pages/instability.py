"""Instability: how far each force's place depends on the weights, the methods and the noise."""

import streamlit as st

from ui import levels, widgets
from ui.instability import sections
from ui.instability import widgets as sw

scenario, dataset = widgets.scenario_sidebar()
st.title("Instability")
st.caption(f"{dataset.title}. Scenario: {scenario.name}. Before anyone is called the worst force: "
           "how much of each place is down to the weights, the methods and the noise in small "
           "numbers?")  # fmt: skip
levels.level_note(dataset, scenario)  # with themes: which level the weights analyses move
sw.init()
run = sw.ready(dataset, scenario)
if run:  # the answer first; the controls below it, in a collapsed panel
    mc, summary, facts, bw, bw_message = sw.core(dataset, scenario)
    sw.headline(facts, bw, bw_message, scenario)
    sw.seed_line(scenario, mc)
    widgets.rank_caveat()
sw.controls(scenario, dataset)
if run:
    section = sections.section_picker()
    sections.SHOW[section](dataset, scenario, mc, summary)
