"""Design assistant: weights and grade cut-offs chosen within what is admissible.

Rank instability (the mean width of the rank confidence sets, Mogstad, Romano, Shaikh &
Wilhelm 2024) against gaming leverage over the admissible weights; cut-offs that misgrade
fewest forces. Methods and what the optimiser guarantees: :mod:`scoring.grading.design`.
"""

import streamlit as st

from scoring.grading.design import OPTIMISER
from ui import widgets
from ui.grading import design as dw

scenario, dataset = widgets.scenario_sidebar()
st.title("Design assistant")
st.caption(widgets.escape(f"{dataset.title}. Scenario: {scenario.name}."))
st.markdown("Before fixing a table: which weights, within the range you find acceptable, make the "
            "ranks steadiest or the table hardest to game, and what each costs in the other? And "
            "where should grade boundaries go so that fewest forces are graded wrongly?")  # fmt: skip
dw.bounds(scenario, dataset)
dw.weights_section(dataset, scenario)
dw.cutoffs_section(dataset, scenario)
with st.expander("How it searches, and what it guarantees", icon=":material/info:"):
    st.markdown(OPTIMISER)
    st.caption("Rank instability: the mean width of the 95% simultaneous rank confidence sets "
               "(Mogstad, Romano, Shaikh & Wilhelm 2024, Review of Economic Studies) from one set "
               "of bootstrap draws of the data, shared by every weighting. Gaming leverage: the most "
               "places any force can buy per 1% change of one indicator, weighted by how easily "
               "police activity or recording moves it. Both are re-evaluated exactly at every point "
               "shown; a point is 'best' only among the points evaluated.")  # fmt: skip
