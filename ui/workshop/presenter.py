"""Workshop mode, the projected view: how to join, and the room's answers as they arrive.

Built to be projected: it needs no facilitator key (so none is in its address or on its
page), shows no participant's name or note (only the room as a whole, participants as
numbers), and uses large type. The live part is a fragment that re-reads the database
every few seconds, so answers sent to any app server appear without a reload.
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
from ui import state
from ui.widgets import escape, grid, rank_caveat
from ui.workshop import figures as workshop_figures
from ui.workshop.widgets import join_card, show_error
from workshop.store import Store, StoreUnavailable, Workshop
from workshop.submission import Submission

REFRESH_SECONDS = 5


def presenter_view(store: Store, ws: Workshop, scenario: Scenario, dataset: Dataset) -> None:
    """The join card, then the live results."""
    if not ws.is_open:
        st.warning("This workshop is closed: participants cannot send new answers.")
    join_card(ws)
    auto = st.toggle(f"Refresh every {REFRESH_SECONDS} s", value=True, key="ws_auto")
    st.fragment(run_every=REFRESH_SECONDS if auto else None)(_live)(store, ws, scenario, dataset)


def room(store: Store, ws: Workshop) -> tuple[list[Submission], cs.Pool | None]:
    """The answers so far and their pool (None before the first answer)."""
    answers = store.submissions(ws.code)
    if not answers:
        return answers, None
    return answers, cs.make_pool(
        list(ws.measures), [(a.weights or None, a.order or None) for a in answers]
    )


def _live(store: Store, ws: Workshop, scenario: Scenario, dataset: Dataset) -> None:
    try:
        ws = store.workshop(ws.code)  # closed, or deleted, since the page was drawn?
        answers, pool = room(store, ws)
    except InputError:
        st.info("This workshop has been deleted.", icon=":material/delete:")
        return
    except StoreUnavailable as exc:
        show_error(exc)
        return
    if not ws.is_open:
        st.caption(":material/lock: Closed to new answers.")
    by_order = sum(1 for a in answers if not a.weights)
    cols = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    cols[0].metric("Participants", len(answers))
    cols[1].metric("Gave weights", len(answers) - by_order)
    cols[2].metric("Gave an order", by_order)
    cols[3].button("Refresh now", icon=":material/refresh:", key="ws_refresh")
    if pool is None:
        st.info(
            "Waiting for the first answer. Answers appear here as they arrive.",
            icon=":material/hourglass_top:",
        )
        return
    weights_tab, places_tab = st.tabs(["Weights", "Contested places"])
    with weights_tab:
        _weights(pool, ws)
    with places_tab:
        _places(answers, ws, scenario, dataset)


def _weights(pool: cs.Pool, ws: Workshop) -> None:
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
    with table:
        st.markdown("**Consensus weights** (median share of each measure, rescaled to 100%)")
        grid(
            pd.DataFrame(
                {
                    "Measure": [ws.measures[m] for m in spread.index],
                    "Consensus": (spread["consensus"] * 100).round(1),
                    "Middle half of the room": between(
                        spread["q1"], spread["q3"], "{:.0%}".format
                    ),
                    "Range": between(spread["min"], spread["max"], "{:.0%}".format),
                }
            ),
            key="ws_consensus",
            width=440,  # two fifths of the projected view
            column_config={
                "Consensus": st.column_config.NumberColumn("Consensus (%)", format="%.1f")
            },
        )
        st.caption(
            "Dots are participants, by number; an order counts as its rank-order centroid "
            "weights. The wider the box, the more the room disagrees."
        )


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
        ranks = state.room_ranks(dataset, scenario, tuple(ws.measures), entries, threshold)
    except ValueError as exc:
        show_error(exc)
        return
    summary = ranks.summary
    names = dataset.units["name"]
    contested = summary[summary["contested"]]
    methods = (
        f"{normalise.LABELS[scenario.normalisation]}, {aggregate.LABELS[scenario.aggregation]}"
    )
    st.markdown(
        f"#### {len(contested)} of {len(summary)} forces have contested places under this "
        f"room's weights"
    )
    st.caption(f"Methods from the sidebar: {escape(methods.lower())}.")
    rank_caveat()
    order = summary.sort_values(["median", "consensus"]).index
    st.plotly_chart(
        workshop_figures.acceptability_heatmap(ranks.acceptability, names, list(order)),
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
            "Middle 80% of the room": between(summary["p10"], summary["p90"], _place),
            "Best – worst": between(summary["best"], summary["worst"], _place),
            "Spread over (places)": summary["places"].round(1),
            "Contested": summary["contested"].map({True: "Yes", False: "No"}),
            "_band": band,
            "_rank": summary["consensus"],
        }
    ).sort_values(["Contested", "_band", "_rank"], ascending=[False, False, True])
    grid(
        shown.drop(columns=["_band", "_rank"]),
        max_height=760,
        key="ws_contested_table",
    )
    st.caption(
        "Rank acceptability (SMAA-2, Lahdelma & Salminen 2001): each participant's weights count "
        "once; an order counts as every weighting consistent with it (200 draws, seeded from the "
        "scenario). *Spread over* is the effective number of places (1 = the whole room agrees)."
    )


def _place(rank) -> str:
    return ordinal(int(rank))


def between(low, high, show) -> list[str]:
    """ "a – b" for each pair of ends, each shown with ``show``."""
    return [f"{show(a)} – {show(b)}" for a, b in zip(low, high, strict=True)]
