"""Workshop mode, the participant's view: big simple controls that work on a phone.

A participant gives weights (one slider per measure) or only an order of
importance, plus an optional name and note, inside a form, so nothing is sent
until they press the button. Their id stays in the URL: a reload shows their
stored answer, and a new answer replaces it (see :mod:`workshop.store`).
"""

from __future__ import annotations

import streamlit as st

from scoring.errors import InputError
from scoring.together.consensus import roc_weights
from ui.widgets import escape
from ui.workshop.roles import JOIN, PID
from ui.workshop.widgets import code_entry, look_up, shares_text, show_error
from workshop import submission as sub
from workshop.store import Store, StoreUnavailable, Workshop

MODES = {"weights": "Set weights", "order": "Put the measures in order"}
LOADED = "p_loaded"  # (code, participant id) whose stored answer fills the controls


def participant_view(store: Store) -> None:
    """The whole participant page below the title."""
    try:
        ws = look_up(store, st.query_params.get(JOIN, ""))
    except InputError as exc:
        show_error(exc)
        code_entry()
        return
    pid = participant_id()
    existing = store.submission(ws.code, pid)
    _fill_controls(ws, pid, existing)
    st.subheader(escape(ws.title))
    if not ws.is_open:
        st.warning(
            "The facilitator has closed this workshop to new answers.", icon=":material/lock:"
        )
        if existing:
            st.caption(f"Your answer: {_summary(existing, ws)}")
        return
    mode = st.radio(
        "How do you want to answer?",
        list(MODES),
        format_func=MODES.get,
        key="p_mode",
        horizontal=True,
    )
    with st.form("answer", border=False):
        st.text_input(
            "Your name or role (optional; only the facilitator sees it)",
            key="p_name",
            max_chars=sub.NAME_MAX,
        )
        if mode == "weights":
            st.caption(
                "How much should each measure count in the table? 0 leaves it out. "
                "Only the proportions matter."
            )
            for m, label in ws.measures.items():
                st.slider(escape(label), 0.0, 10.0, step=1.0, key=f"p_w_{m}", format="%.0f")
        else:
            st.multiselect(
                "Pick the measures in order of importance, most important first. "
                "Leave out any that should not count.",
                list(ws.measures),
                format_func=ws.measures.get,
                key="p_order",
            )
        st.text_area(
            "A note for the facilitator (optional)", key="p_note", max_chars=sub.NOTE_MAX, height=80
        )
        sent = st.form_submit_button(
            "Update my answer" if existing else "Submit my answer",
            type="primary",
            width="stretch",
            icon=":material/send:",
        )
    if sent:
        _send(store, ws, pid, mode)
    elif existing:
        st.info(
            f"Your answer is in ({_when(existing)}): {_summary(existing, ws)}. "
            "Change anything and press **Update my answer**.",
            icon=":material/check_circle:",
        )


def participant_id() -> str:
    """This browser's participant id: from the URL, the session, or new (then put in the URL)."""
    pid = st.query_params.get(PID) or st.session_state.get("p_pid")
    try:
        sub.check_participant(pid)
    except InputError:
        pid = sub.new_participant_id()
    st.session_state["p_pid"] = pid
    if st.query_params.get(PID) != pid:
        st.query_params[PID] = pid
    return pid


def _fill_controls(ws: Workshop, pid: str, existing: sub.Submission | None) -> None:
    """Put the stored answer (or neutral values) into the controls, once per workshop and id."""
    if st.session_state.get(LOADED) == (ws.code, pid):
        return
    st.session_state[LOADED] = (ws.code, pid)
    st.session_state["p_name"] = existing.name if existing else ""
    st.session_state["p_note"] = existing.note if existing else ""
    st.session_state["p_mode"] = "order" if existing and not existing.weights else "weights"
    st.session_state["p_order"] = list(existing.order) if existing else []
    for m in ws.measures:
        st.session_state[f"p_w_{m}"] = (
            float(existing.weights.get(m, 5.0)) if existing and existing.weights else 5.0
        )


def _send(store: Store, ws: Workshop, pid: str, mode: str) -> None:
    weights = {m: st.session_state[f"p_w_{m}"] for m in ws.measures} if mode == "weights" else None
    order = list(st.session_state.get("p_order", [])) if mode == "order" else None
    try:
        got = store.submit(
            ws.code,
            pid,
            name=st.session_state.get("p_name", ""),
            weights=weights,
            order=order,
            note=st.session_state.get("p_note", ""),
        )
    except (InputError, StoreUnavailable) as exc:
        show_error(exc)
        return
    again = " (updated)" if got.revision > 1 else ""
    st.success(
        f"Thank you: your answer is in{again}. {_summary(got, ws)}. "
        "You can change it and submit again at any time.",
        icon=":material/check_circle:",
    )


def _summary(s: sub.Submission, ws: Workshop) -> str:
    """The shares an answer stands for, as escaped text (an order: its ROC weights)."""
    weights = dict(s.weights) or dict(zip(s.order, roc_weights(len(s.order)), strict=True))
    return escape(shares_text(weights, ws.measures))


def _when(s: sub.Submission) -> str:
    return f"sent at {s.updated:%H:%M} UTC" if s.updated else "sent"
