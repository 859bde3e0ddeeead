"""Data: load your own file, see what was understood, and explore the data before ranking it."""

import streamlit as st

from ui import state, widgets
from ui.data import widgets as data_widgets

scenario, dataset = widgets.scenario_sidebar()
st.title("Data")
st.caption("Bring your own figures (a newer quarter, a force survey, community safety partnership "
           "tables), see exactly what was understood, and look at the indicators before ranking "
           "them.")

data_widgets.upload_panel(scenario)
data_widgets.understood(dataset)
data_widgets.dictionary_panel(dataset, scenario)
data_widgets.data_in_use(dataset, scenario)
data_widgets.missing_panel(dataset, scenario)
result = state.scored(dataset, scenario)
data_widgets.explorer(dataset, result.table)
data_widgets.downloads(result.table, result, dataset, scenario)
