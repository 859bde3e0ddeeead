"""Context and fairness: compare like with like, and ask whether the table itself is fair.

After Goldstein & Spiegelhalter (1996, "League tables and their limitations: statistical issues
in comparisons of institutional performance", *JRSS A* 159(3):385-443). The most-similar
groups are this project's own approximation of HMICFRS's most similar groups.
"""

import streamlit as st

from scoring.errors import InputError
from ui import widgets
from ui.context import sections
from ui.context import widgets as cw

scenario, dataset = widgets.scenario_sidebar()
st.title("Context and fairness")
st.caption(f"{dataset.title}. Scenario: {scenario.name}.")
try:
    result = cw.analysed(dataset, scenario)
except (InputError, ValueError) as exc:
    st.info(f"{widgets.escape(str(exc))}. The context analyses need the police force areas, as in "
            "the shipped sample, and at least one context variable.", icon=":material/info:")  # fmt: skip
    st.stop()

sections.answer(result)  # the answer first; what the page asks, folded below
with st.expander("Why this page", icon=":material/help:"):
    st.markdown(
        "A league table compares forces that serve very different places. Below: which forces are "
        "most alike and how each does among them; whether this table's ranks go with the "
        "diversity, density or crime mix of the area a force serves, and how it would read with "
        "that allowed for; and which way each force is heading once noise is allowed for."
    )

with st.columns([4, 7])[0]:
    code = cw.force_picker(result, scenario)
widgets.tabs({"Most similar forces": sections.groups_tab, "Is the table fair?": sections.fairness_tab,
              "Direction of travel": sections.travel_tab,
              "Ratchet on real history": sections.ratchet_tab}, result, scenario, dataset, code, key="cx_tab")
sections.sources()
