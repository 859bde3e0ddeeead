"""League table: weights in the sidebar, the table, its parts, a force's profile and a map."""

import streamlit as st

from scoring.core.explain import headline, unit_profile
from scoring.core.pipeline import with_movement
from scoring.instability import ranksets
from scoring.io.units import FORCE_CODES
from ui import figures, levels, state, widgets

scenario, dataset = widgets.scenario_sidebar()
st.title("League table")
st.caption(widgets.escape(f"{dataset.title}. Scenario: {scenario.name}."))
widgets.provisional_banner(dataset, scenario)

result = state.scored(dataset, scenario)
baseline = state.scored_baseline(dataset, scenario)
table = with_movement(result, baseline) if baseline is not None else result.table
table, sets, no_sets = widgets.with_sets_and_notes(table, dataset, scenario)
movement_label = f"against {widgets.BASELINE_LABELS[scenario.baseline]}"
facts = headline(table)

widgets.headline_line(facts, movement_label, baseline is not None)
widgets.rank_caveat()
widgets.result_notes(result, dataset)
if baseline is None:
    st.caption("No previous year is available for this data, so no movement is shown.")

score_label = {"arithmetic": "Score", "geometric": "Score (geometric)",
               "copeland": "Copeland score (wins − losses)"}[scenario.aggregation]  # fmt: skip
left, right = st.columns([6, 5], gap="medium")
with left:
    st.subheader("Table")
    ordered = table.sort_values(["rank", "would_rank", "name"], na_position="last")
    widgets.league_dataframe(ordered, score_label, movement_label, sets and sets.level)
    st.caption(f"{ranksets.tau_text(sets)} {ranksets.method_text(sets, facts['n_ranked'])}"
               if sets else f"No rank sets: {no_sets}.")  # fmt: skip
    widgets.notes_caption(ordered)
with right:
    st.subheader("What makes up each score")
    levels.contributions(result, dataset, scenario, score_label)  # by measure; with themes, per level

widgets.table_downloads(table, result, dataset, scenario, key="league_download", sets=sets)

@st.fragment  # picking a force redraws its profile only, not the page
def profile_tab() -> None:
    code = widgets.unit_picker(table, key="profile_force")
    row = table.loc[code]
    place = widgets.place_text(row, facts["n_ranked"])  # statuses quote file-supplied labels
    st.markdown(f"**{widgets.escape(str(row['name']))}**: {widgets.escape(place)}.")
    widgets.marginal_line(sets, code)
    widgets.note_line(row)
    profile = unit_profile(result, dataset, code)
    # One above the other: side by side, the table's columns do not fit a projector's width.
    widgets.chart(figures.indicator_profile(profile, str(row["name"])), key="profile_chart",
                  alt="Bar chart of the force's indicators as ratios to England and Wales.")  # fmt: skip
    widgets.grid(widgets.profile_frame(profile))


def map_tab() -> None:
    if table.index.isin(FORCE_CODES).any():
        shown = table.assign(could_be=widgets.set_text(table))
        hover = {"could_be": "Places the data support", "data_note": "Publisher's note"}
        st.plotly_chart(figures.rank_map(shown, n_max=facts["n_ranked"], hover=hover), width="stretch",
                        key="rank_map", config={"displaylogo": False, "scrollZoom": False},
                        alt="Map of police force areas coloured by rank.")  # fmt: skip
        st.caption(f"Grey: not ranked. {figures.MAP_ATTRIBUTION}")
    else:
        st.caption("The map has police force area boundaries only; these units are not forces.")


# The map is drawn only when its tab is open: it costs the browser more than the rest together.
widgets.tabs({"A force against England and Wales": profile_tab, "Map of ranks": map_tab}, key="lt_tab")
