"""Workshop mode, the facilitator: open a workshop, sign in, run it, keep the answers, delete it.

The facilitator's key never appears in the address bar or on the projected view. It is
shown once, on the facilitator's own controls and only on request, as a private link;
opening that link signs the browser session in (the key moves from the address into
the session) and the address becomes the projected view's, ``?workshop=CODE``. A signed-in
session switches between the projected view and its controls; the controls (names and
notes, close, download, delete) are never part of the projected view. Everything shown
comes from the database, so a reload or a restarted server loses nothing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core import hierarchy
from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.together import consensus as cs
from ui import named_scenarios, state
from ui.widgets import escape, grid
from ui.workshop import roles
from ui.workshop.presenter import presenter_view, room
from ui.workshop.roles import KEY, WORKSHOP
from ui.workshop.widgets import (
    code_entry,
    facilitator_link,
    look_up,
    remember,
    shares_text,
    show_error,
)
from workshop import answers as room_answers
from workshop import store as store_module
from workshop.store import Store, StoreUnavailable, Workshop

DONE = "ws_done"  # a message for the next run (after a deletion)
VIEWS = {"present": "Projector view", "controls": "Facilitator controls"}


def facilitator_view(store: Store, scenario: Scenario, dataset: Dataset) -> None:
    """Start a workshop, or show the one in the URL: projected, or the signed-in controls."""
    if DONE in st.session_state:
        st.success(st.session_state.pop(DONE), icon=":material/delete:")
    code = st.query_params.get(WORKSHOP)
    if not code:
        _start(store, dataset)
        return
    _sign_in_from_link(store, code)
    try:
        ws = look_up(store, code)
    except InputError as exc:
        show_error(exc)
        _start(store, dataset)
        return
    key = roles.signed_in_key(ws.code)
    if key is not None and not store.is_facilitator(ws.code, key):
        roles.sign_out(ws.code)  # deleted and reopened elsewhere, for instance
        key = None
    view = "present"
    if key is not None:
        st.session_state.setdefault("ws_view", "present")
        view = st.segmented_control(
            "View", list(VIEWS), format_func=VIEWS.get, key="ws_view", label_visibility="collapsed"
        ) or "present"  # fmt: skip
    if view == "controls":
        _controls(store, ws, key, scenario)
    else:
        presenter_view(store, ws, scenario, dataset)


def _sign_in_from_link(store: Store, code: str) -> None:
    """A private link's key goes into the session and out of the address, at once."""
    if KEY not in st.query_params:
        return
    key = st.query_params.get(KEY, "")
    del st.query_params[KEY]
    if store.is_facilitator(code, key):
        roles.sign_in(store.workshop(code).code, key)
        st.session_state["ws_view"] = "controls"
    else:
        st.error(
            "This facilitator link is not valid: the code or the key is wrong. "
            "The projected view below needs no key.",
            icon=":material/block:",
        )


def _start(store: Store, dataset: Dataset) -> None:
    st.caption(
        "Pool a room's weights: everyone sets theirs on their own device, and the projected "
        "view shows where the room agrees, where it does not, and which forces' places that "
        "disagreement decides."
    )
    run, join = st.columns(2, gap="large")
    with run:
        st.subheader("Run a workshop")
        st.caption(
            "Participants will weigh the measures of the current data: "
            + escape(", ".join(measure_labels(dataset).values()))
            + (". Each measure is named with its theme; the room weighs the measures directly"
               if hierarchy.has_groups(dataset) else "")
            + f". The workshop and its answers are deleted {store_module.EXPIRY.days} days "
            "after it opens, or when you delete it."
        )
        with st.form("open_workshop", border=False):
            title = st.text_input(
                "Title (participants see it)",
                key="ws_title",
                max_chars=80,
                placeholder="e.g. Federation weights workshop, 14 May",
            )
            if st.form_submit_button("Open a workshop", icon=":material/groups:", type="primary"):
                labels = measure_labels(dataset)
                try:
                    ws, key = store.open_workshop(title, labels, dataset.id)
                except (InputError, StoreUnavailable) as exc:
                    show_error(exc)
                    return
                roles.sign_in(ws.code, key)
                remember(ws.code)
                st.query_params.update({WORKSHOP: ws.code})
                st.rerun()
    with join:
        st.subheader("Join a workshop")
        st.caption("Type the code on the facilitator's screen.")
        code_entry("start_join_code")


def _controls(store: Store, ws: Workshop, key: str, scenario: Scenario) -> None:
    st.subheader(escape(ws.title))
    st.warning(
        "Your controls, with participants' names and notes: do not project this view. "
        "Switch to **Projector view** above for the room.",
        icon=":material/visibility_off:",
    )
    answers, pool = room(store, ws)
    state_text = "open to answers" if ws.is_open else "closed to new answers"
    st.markdown(
        f"**{len(answers)} participants**; the workshop is {state_text}; it will be deleted "
        f"on {ws.expires:%d %B %Y} ({store_module.EXPIRY.days} days after it opened)."
    )
    left, right = st.columns(2, gap="large")
    label = "Close to new answers" if ws.is_open else "Reopen to new answers"
    if left.button(label, icon=":material/lock:" if ws.is_open else ":material/lock_open:"):
        store.set_open(ws.code, key, not ws.is_open)
        st.rerun()
    right.button("Refresh", icon=":material/refresh:", key="ws_controls_refresh")
    if st.toggle("Show my private link (to come back to these controls later)", key="ws_link"):
        st.caption("Anyone who has this link can run the workshop and see every answer.")
        st.code(facilitator_link(ws.code, key), language=None, wrap_lines=True)
    if pool is not None:
        _consensus(pool, ws, scenario)
        _people(store, answers, pool, ws, key)
    _keep_and_delete(store, ws, key, answers)


def _consensus(pool: cs.Pool, ws: Workshop, scenario: Scenario) -> None:
    sliders = cs.to_slider_scale(cs.consensus(pool))
    weights = {m: round(float(v), 2) for m, v in zip(ws.measures, sliders, strict=True)}
    named = f"Workshop {ws.code} consensus"
    apply, save = st.columns(2)
    if apply.button(
        "Apply consensus weights to my scenario", icon=":material/check:", type="primary",
        width="stretch", key="ws_apply",
    ):  # fmt: skip
        state.set_scenario(
            scenario.replace(
                measure_weights={**scenario.measure_weights, **weights}, name=named
            )
        )
        st.rerun()
    if save.button(
        "Save consensus as a named scenario", icon=":material/bookmark_add:", width="stretch",
        key="ws_save",
    ):  # fmt: skip
        kept = named_scenarios.save(
            scenario.replace(measure_weights={**scenario.measure_weights, **weights}), named
        )
        st.success(f"Saved as “{escape(kept)}”: compare it on the Compare scenarios page.")
    if st.button("Use the room's range as admissible weights", icon=":material/straighten:",
                 width="stretch", key="ws_bounds",
                 help="Each measure's lowest to highest share among the answers becomes its "
                 "admissible range, for the Design assistant and the best and worst ranks."):  # fmt: skip
        state.set_scenario(scenario.with_section("uncertainty", weight_bounds=cs.room_bounds(pool)))
        st.rerun()
    if scenario.uncertainty.weight_bounds == cs.room_bounds(pool):
        st.caption("The admissible weights are the room's range of answers: the Design assistant "
                   "and the best and worst ranks search within it.")  # fmt: skip


def _people(store: Store, answers, pool: cs.Pool, ws: Workshop, key: str) -> None:
    distance = cs.distance_to(pool, cs.consensus(pool))
    frame = pd.DataFrame(
        {
            "No.": range(1, len(answers) + 1),
            "Name": [a.label for a in answers],
            "Answer": ["Weights" if a.weights else "Order" for a in answers],
            # One text cell of shares, so the table (and every note) fits a projector's width.
            "Shares": [shares_text(dict(zip(ws.measures, row, strict=True)), ws.measures)
                       for row in pool.shares],
            "Distance from consensus": (distance * 100).round(0),
            "Changes": [a.revision - 1 for a in answers],
            "Last update (UTC)": [f"{a.updated:%H:%M:%S}" if a.updated else "" for a in answers],
            "Note": [a.note for a in answers],
        }
    )
    grid(
        frame,
        key="ws_people",
        max_height=1100,
        column_config={
            "Distance from consensus": st.column_config.NumberColumn(
                help="Total-variation distance, in % of the weight: how much of this "
                "participant's weight would have to move to match the consensus."
            ),
        },
    )
    st.caption(
        "Numbers match the dots on the projected view. Shares are each participant's "
        "weights as shares of the whole; an order counts as its rank-order centroid weights (Barron & Barrett 1996)."
    )
    with st.expander("Remove an answer (a test or a duplicate)"):
        labels = {a.participant: f"{i}: {a.label}" for i, a in enumerate(answers, start=1)}
        chosen = st.selectbox("Answer", list(labels), format_func=labels.get, key="ws_remove_pick")
        if st.button("Remove this answer", icon=":material/delete:", key="ws_remove"):
            store.remove(ws.code, key, chosen)
            st.rerun()


def _keep_and_delete(store: Store, ws: Workshop, key: str, answers) -> None:
    st.markdown("**Keep the answers, then delete the workshop**")
    name = f"workshop-{ws.code}-answers"
    csv_col, json_col = st.columns(2)
    csv_col.download_button(
        "Download answers (CSV)", room_answers.to_csv(ws, answers), f"{name}.csv",
        mime="text/csv", icon=":material/download:", width="stretch", on_click="ignore",
    )  # fmt: skip
    json_col.download_button(
        "Download answers (JSON)", room_answers.to_json(ws, answers), f"{name}.json",
        mime="application/json", icon=":material/download:", width="stretch", on_click="ignore",
    )  # fmt: skip
    with st.expander("Delete this workshop"):
        st.caption(
            "Deleting removes the workshop and every answer from the database, on every "
            "server, at once. It cannot be undone: download the answers first."
        )
        kept = st.checkbox("I have downloaded the answers I need", key="ws_kept")
        if st.button(
            "Delete the workshop and its answers", icon=":material/delete_forever:",
            disabled=not kept, key="ws_delete",
        ):  # fmt: skip
            store.delete_workshop(ws.code, key)
            roles.sign_out(ws.code)
            st.session_state[DONE] = f"Workshop {ws.code} and its {len(answers)} answers are deleted."
            del st.query_params[WORKSHOP]
            st.rerun()


def measure_labels(dataset: Dataset) -> dict[str, str]:
    """Each measure's label for the workshop; in a framework with themes, led by its top theme
    ("Serious harm: Homicide"), so the room sees where each measure sits (at most 80 characters)."""
    labels = {m: str(dataset.measure_labels[m]) for m in dataset.measure_ids}
    if not hierarchy.has_groups(dataset):
        return labels
    tree = hierarchy.of(dataset)
    themed = {m: f"{tree.labels[tree.top_of(m)]}: {label}" if tree.top_of(m) != m else label
              for m, label in labels.items()}  # fmt: skip
    return {m: text if len(text) <= 80 else labels[m] for m, text in themed.items()}
