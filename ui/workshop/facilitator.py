"""Workshop mode, the facilitator's view: open a workshop, then watch the room's answers.

The live part is a fragment that re-reads the database every few seconds (or on
"Refresh now"), so late joiners appear without anyone reloading. Everything shown
comes from the database, so the facilitator can reload, or the server restart,
without losing anything. Participants' names and notes are shown only in data
grids (plain text), never in Markdown or in figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core import aggregate, normalise
from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.together import consensus as cs
from ui import named_scenarios, state
from ui.widgets import escape, rank_caveat
from ui.workshop import figures as workshop_figures
from ui.workshop.widgets import KEY, WORKSHOP, code_entry, facilitator_link, join_link, show_error
from workshop.store import Store, StoreUnavailable, Workshop

REFRESH_SECONDS = 5


def facilitator_view(store: Store, scenario: Scenario, dataset: Dataset) -> None:
    """Start a workshop, or run the one in the URL."""
    code, key = st.query_params.get(WORKSHOP), st.query_params.get(KEY, "")
    if not code:
        _start(store, dataset)
        return
    if not store.is_facilitator(code, key):
        st.error(
            "This facilitator link is not valid: the code or the key is wrong. "
            "Open a new workshop, or use the link you kept.",
            icon=":material/block:",
        )
        _start(store, dataset)
        return
    ws = store.workshop(code)
    _header(store, ws, key)
    auto = st.toggle(f"Refresh every {REFRESH_SECONDS} s", value=True, key="ws_auto")
    st.fragment(run_every=REFRESH_SECONDS if auto else None)(_live)(
        store, ws, key, scenario, dataset
    )


def _start(store: Store, dataset: Dataset) -> None:
    run, join = st.columns(2, gap="large")
    with run:
        st.subheader("Run a workshop")
        st.caption(
            "Participants will weigh the measures of the current data: "
            + escape(", ".join(dataset.measure_labels.reindex(dataset.measure_ids)))
            + "."
        )
        with st.form("open_workshop", border=False):
            title = st.text_input(
                "Title (participants see it)",
                key="ws_title",
                max_chars=80,
                placeholder="e.g. Federation weights workshop, 14 May",
            )
            if st.form_submit_button("Open a workshop", icon=":material/groups:", type="primary"):
                labels = {m: str(dataset.measure_labels[m]) for m in dataset.measure_ids}
                try:
                    ws, key = store.open_workshop(title, labels, dataset.id)
                except (InputError, StoreUnavailable) as exc:
                    show_error(exc)
                    return
                st.query_params.update({WORKSHOP: ws.code, KEY: key})
                st.rerun()
    with join:
        st.subheader("Join a workshop")
        st.caption("Type the code on the facilitator's screen.")
        code_entry("start_join_code")


def _header(store: Store, ws: Workshop, key: str) -> None:
    st.subheader(escape(ws.title))
    left, right = st.columns([1, 2], gap="large")
    left.metric("Join code", ws.code, help="Participants type it on the Workshop page.")
    with right:
        st.markdown("**Join link** (show it, or read out the code):")
        st.code(join_link(ws.code), language=None, wrap_lines=True)
    with st.expander("Facilitator link and settings"):
        st.caption(
            "Keep this link to come back to this view. Anyone who has it sees every answer, "
            "so do not project it."
        )
        st.code(facilitator_link(ws.code, key), language=None, wrap_lines=True)
        label = "Close to new answers" if ws.is_open else "Reopen to new answers"
        if st.button(label, icon=":material/lock:" if ws.is_open else ":material/lock_open:"):
            store.set_open(ws.code, key, not ws.is_open)
            st.rerun()
    if not ws.is_open:
        st.warning("This workshop is closed: participants cannot send new answers.")


def _live(store: Store, ws: Workshop, key: str, scenario: Scenario, dataset: Dataset) -> None:
    try:
        answers = store.submissions(ws.code)
    except StoreUnavailable as exc:
        show_error(exc)
        return
    by_order = sum(1 for a in answers if not a.weights)
    cols = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    cols[0].metric("Participants", len(answers))
    cols[1].metric("Gave weights", len(answers) - by_order)
    cols[2].metric("Gave an order", by_order)
    cols[3].button("Refresh now", icon=":material/refresh:", key="ws_refresh")
    if not answers:
        st.info(
            "Waiting for the first answer. Answers appear here as they arrive.",
            icon=":material/hourglass_top:",
        )
        return
    pool = cs.make_pool(list(ws.measures), [(a.weights or None, a.order or None) for a in answers])
    weights_tab, places_tab, people_tab = st.tabs(["Weights", "Contested places", "Participants"])
    with weights_tab:
        _weights(pool, ws, scenario)
    with places_tab:
        _places(answers, ws, scenario, dataset)
    with people_tab:
        _people(store, answers, pool, ws, key)


def _weights(pool: cs.Pool, ws: Workshop, scenario: Scenario) -> None:
    shares = pd.DataFrame(pool.shares, index=range(1, pool.size + 1), columns=list(ws.measures))
    spread = cs.spread(pool)
    chart, table = st.columns([3, 2], gap="medium")
    chart.plotly_chart(
        workshop_figures.weight_spread(shares, spread["consensus"], dict(ws.measures)),
        width="stretch",
        key="ws_spread",
        config={"displaylogo": False, "displayModeBar": False},
        alt="Each participant's share for every measure as dots over a box plot; a black diamond "
        "marks the consensus (median) share.",
    )
    sliders = pd.Series(cs.to_slider_scale(spread["consensus"].to_numpy()), index=spread.index)
    with table:
        st.markdown("**Consensus weights** (median share of each measure, rescaled to 100%)")
        st.dataframe(
            pd.DataFrame(
                {
                    "Measure": [ws.measures[m] for m in spread.index],
                    "Consensus": (spread["consensus"] * 100).round(1),
                    "Middle half of the room": _between(
                        spread["q1"], spread["q3"], "{:.0%}".format
                    ),
                    "Range": _between(spread["min"], spread["max"], "{:.0%}".format),
                }
            ),
            hide_index=True,
            width="stretch",
            key="ws_consensus",
            column_config={
                "Consensus": st.column_config.NumberColumn("Consensus (%)", format="%.1f")
            },
        )
        st.caption(
            "Dots are participants (numbers as in the Participants tab); an order counts "
            "as its rank-order centroid weights. The wider the box, the more the room disagrees."
        )
        weights = {m: round(float(v), 2) for m, v in sliders.items()}
        if st.button(
            "Apply consensus weights to my scenario",
            icon=":material/check:",
            type="primary",
            width="stretch",
            key="ws_apply",
        ):
            state.set_scenario(
                scenario.replace(
                    measure_weights={**scenario.measure_weights, **weights},
                    name=f"Workshop {ws.code} consensus",
                )
            )
            st.rerun(scope="app")
        if st.button(
            "Save consensus as a named scenario",
            icon=":material/bookmark_add:",
            width="stretch",
            key="ws_save",
        ):
            kept = named_scenarios.save(
                scenario.replace(measure_weights={**scenario.measure_weights, **weights}),
                f"Workshop {ws.code} consensus",
            )
            st.success(f"Saved as “{escape(kept)}”: compare it on the Compare scenarios page.")


def _places(answers, ws: Workshop, scenario: Scenario, dataset: Dataset) -> None:
    threshold = st.slider(
        "Call a place contested when the middle 80% of the room spans at least",
        1,
        20,
        5,
        key="ws_contested",
        format="%d places",
    )
    entries = tuple((tuple(sorted(a.weights.items())), tuple(a.order)) for a in answers)
    try:
        room = state.room_ranks(dataset, scenario, tuple(ws.measures), entries, threshold)
    except ValueError as exc:
        show_error(exc)
        return
    summary = room.summary
    names = dataset.units["name"]
    contested = summary[summary["contested"]]
    methods = (
        f"{normalise.LABELS[scenario.normalisation]}, {aggregate.LABELS[scenario.aggregation]}"
    )
    st.markdown(
        f"**{len(contested)} of {len(summary)} forces have contested places** under this "
        f"room's weights (methods from the sidebar: {escape(methods.lower())})."
    )
    rank_caveat()
    order = summary.sort_values(["median", "consensus"]).index
    st.plotly_chart(
        workshop_figures.acceptability_heatmap(room.acceptability, names, list(order)),
        width="stretch",
        key="ws_heatmap",
        config={"displaylogo": False},
        alt="Heatmap: for each force (rows) the share of the room whose weights put it at each "
        "place (columns); cells print the percentage.",
    )
    band = summary["p90"] - summary["p10"]
    shown = pd.DataFrame(
        {
            "Force": names.reindex(summary.index),
            "With consensus weights": summary["consensus"].map(_place),
            "Middle 80% of the room": _between(summary["p10"], summary["p90"], _place),
            "Best – worst": _between(summary["best"], summary["worst"], _place),
            "Spread over (places)": summary["places"].round(1),
            "Contested": summary["contested"].map({True: "Yes", False: "No"}),
            "_band": band,
            "_rank": summary["consensus"],
        }
    ).sort_values(["Contested", "_band", "_rank"], ascending=[False, False, True])
    st.dataframe(
        shown.drop(columns=["_band", "_rank"]),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 760),
        key="ws_contested_table",
    )
    st.caption(
        "Rank acceptability (SMAA-2, Lahdelma & Salminen 2001): each participant's weights count "
        "once; an order counts as every weighting consistent with it (200 draws, seeded from the "
        "scenario). *Spread over* is the effective number of places (1 = the whole room agrees)."
    )


def _people(store: Store, answers, pool: cs.Pool, ws: Workshop, key: str) -> None:
    distance = cs.distance_to(pool, cs.consensus(pool))
    frame = pd.DataFrame(
        {
            "No.": range(1, len(answers) + 1),
            "Name": [a.label for a in answers],
            "Answer": ["Weights" if a.weights else "Order" for a in answers],
            **{
                ws.measures[m]: (pool.shares[:, k] * 100).round(0)
                for k, m in enumerate(ws.measures)
            },
            "Distance from consensus": (distance * 100).round(0),
            "Changes": [a.revision - 1 for a in answers],
            "Last update (UTC)": [f"{a.updated:%H:%M:%S}" if a.updated else "" for a in answers],
            "Note": [a.note for a in answers],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="ws_people",
        height=min(38 + 35 * len(frame), 1100),
        column_config={
            "Distance from consensus": st.column_config.NumberColumn(
                help="Total-variation distance, in % of the weight: how much of this "
                "participant's weight would have to move to match the consensus."
            )
        },
    )
    st.caption(
        "Measure columns are each participant's shares (%); an order counts as its "
        "rank-order centroid weights (Barron & Barrett 1996)."
    )
    with st.expander("Remove an answer (a test or a duplicate)"):
        labels = {a.participant: f"{i}: {a.label}" for i, a in enumerate(answers, start=1)}
        chosen = st.selectbox("Answer", list(labels), format_func=labels.get, key="ws_remove_pick")
        if st.button("Remove this answer", icon=":material/delete:", key="ws_remove"):
            store.remove(ws.code, key, chosen)
            st.rerun(scope="fragment")


def _place(rank) -> str:
    return ordinal(int(rank))


def _between(low, high, show) -> list[str]:
    """ "a – b" for each pair of ends, each shown with ``show``."""
    return [f"{show(a)} – {show(b)}" for a, b in zip(low, high, strict=True)]
