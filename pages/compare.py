"""Compare scenarios: save named scenarios, then set two side by side and see who moves."""

import streamlit as st

from scoring.together.compare import distances, movers, paired_ranks
from ui import named_scenarios, widgets
from ui.compare import figures as compare_figures
from ui.compare import widgets as compare

scenario, dataset = widgets.scenario_sidebar()
st.title("Compare scenarios")
st.caption(
    "Save the scenarios you want to keep, then compare any two: which forces move, and "
    "how different the two orders are. Saved scenarios last for this browser session; "
    "download them to keep them."
)

st.subheader("Your scenarios")
named_scenarios.manager(scenario, dataset)

st.subheader("Compare two scenarios")
options = compare.choices(scenario, dataset)
key_a, key_b = compare.pick(options)
(label_a, scenario_a), (label_b, scenario_b) = options[key_a], options[key_b]
table_a = compare.scored_or_error(label_a, scenario_a)
table_b = compare.scored_or_error(label_b, scenario_b)
if table_a is None or table_b is None:
    st.stop()

pairs = paired_ranks(table_a.table, table_b.table)
if len(pairs) < 2:
    st.warning("The two scenarios have fewer than two ranked forces in common: nothing to compare.")
    st.stop()
result = distances(pairs, k=10)
compare.headline(result, label_a, label_b)
widgets.rank_caveat()
if scenario_a.data != scenario_b.data:
    st.caption(":material/info: The two scenarios use different data: forces are matched by code.")

top = movers(pairs, 6)
chart, table = widgets.stacked()  # side by side, the movers table does not fit
with chart:
    widgets.chart(
        compare_figures.slope_chart(
            pairs, "A: " + scenario_a.name, "B: " + scenario_b.name, list(top.index)
        ),
        key="slope_chart",
        alt="Slope chart: each force's rank in scenario A on the left and in B on the right; "
        "the biggest movers are coloured.",
    )
with table:
    st.markdown("**Biggest movers** (all forces that moved, biggest change first)")
    moved = movers(pairs)
    if moved.empty:
        st.info("No force changes place between A and B.")
    else:
        frame = compare.movers_frame(moved)
        widgets.grid(frame, key="movers_table", max_height=760)
