"""Workshop: a facilitator pools a room's weights; participants join with a code on their phones.

Participants (``?join=CODE``) get a page of their own, without the scenario sidebar or
the app's navigation (app.py hides it): a few big controls work on a phone. The
projected view and the facilitator's controls get the sidebar, because the room's
weights are scored with the facilitator's data and methods.
"""

import streamlit as st

from ui import state, widgets
from ui.workshop import roles
from ui.workshop import widgets as workshop_widgets
from ui.workshop.facilitator import facilitator_view
from ui.workshop.participant import participant_view

state.ensure_app_navigation()  # participants arrive by deep link, often first
if roles.is_participant():
    # On a phone an expanded sidebar covers the page, and participants need nothing in it.
    st.set_page_config(initial_sidebar_state="collapsed")
    st.title("Workshop")
    store = workshop_widgets.store()
    if store is not None:
        workshop_widgets.guarded(participant_view, store)
else:
    if roles.WORKSHOP in st.query_params:  # the projected view: the room needs the width
        st.set_page_config(initial_sidebar_state="collapsed")
    scenario, dataset = widgets.scenario_sidebar()
    st.title("Workshop")
    store = workshop_widgets.store()
    if store is not None:
        workshop_widgets.guarded(facilitator_view, store, scenario, dataset)
