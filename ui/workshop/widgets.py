"""Workshop mode, shared parts: the store, links, the join card, errors.

Who is looking (participant, projector or facilitator) is in :mod:`ui.workshop.roles`.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from scoring.errors import InputError
from ui.widgets import escape
from ui.workshop import roles
from ui.workshop.figures import qr_png
from ui.workshop.roles import JOIN, KEY, WORKSHOP
from workshop import submission as sub
from workshop.store import Store, StoreUnavailable, Workshop, database_url

PAGE_PATH = "workshop"  # url path of pages/workshop.py under st.navigation


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store | None:
    """The process's workshop store (from ``LTL_WORKSHOP_DB``), or None after showing why not."""
    try:
        return _store(database_url())
    except StoreUnavailable as exc:
        st.error(
            f"The workshop database is not available, so workshops cannot run: {escape(str(exc))}",
            icon=":material/database:",
        )
        return None


LOOKUPS = "ws_lookups"  # session state: code from the address -> None (found) or the miss


def look_up(store: Store, code: str) -> Workshop:
    """The workshop for a code from the address, counted against the join limit once.

    Each code a session brings is counted (:meth:`workshop.store.Store.join`) on its
    first look-up only; later reruns of the same session read it freely, or repeat the
    same "no such workshop" answer, so clicking around never adds to the count. A
    refusal by the limit itself is not remembered: it is asked again next time.
    """
    seen = st.session_state.setdefault(LOOKUPS, {})
    if code in seen:
        if seen[code] is not None:
            raise InputError(seen[code])
        return store.workshop(code)
    try:
        ws = store.join(code, roles.client())
    except InputError as exc:
        if "no workshop has the code" in str(exc):
            seen[code] = str(exc)
        raise
    seen[code] = None
    return ws


def remember(code: str) -> None:
    """A workshop this session opened needs no look-up."""
    st.session_state.setdefault(LOOKUPS, {})[code] = None


def guarded(view, *args) -> None:
    """Run a view; if the database fails meanwhile, say so instead of showing a traceback."""
    try:
        view(*args)
    except StoreUnavailable as exc:
        show_error(exc)


def show_error(exc: Exception) -> None:
    """A refusal, in plain words (user text inside is escaped)."""
    st.error(escape(str(exc)), icon=":material/block:")


def base_url() -> str:
    """The app's address as the browser sees it, or "" when unknown (then links are relative)."""
    url = (getattr(st.context, "url", None) or "").split("?")[0].rstrip("/")
    # Streamlit trims the page's path, except when a fresh server's first request is a deep
    # link (it then runs the page without the navigation); trim it here in that case.
    return url[: -len(PAGE_PATH) - 1] if url.endswith(f"/{PAGE_PATH}") else url


def join_link(code: str) -> str:
    """The link participants open: the workshop page with ``?join=CODE``."""
    return f"{base_url()}/{PAGE_PATH}?{JOIN}={code}"


def facilitator_link(code: str, key: str) -> str:
    """The link that reopens the facilitator view (keep it private)."""
    return f"{base_url()}/{PAGE_PATH}?{WORKSHOP}={code}&{KEY}={key}"


def join_card(ws: Workshop) -> None:
    """How to join, readable from the back of a room: the code in large type, the QR code."""
    link = join_link(ws.code)
    words, qr = st.columns([3, 2], gap="large", vertical_alignment="center")
    with words:
        st.subheader(escape(ws.title))
        st.markdown("#### Join on your phone or laptop with the code")
        st.markdown(f"# {ws.code[:3]} {ws.code[3:]}")
        st.markdown(f"#### {escape(link)}")
        st.caption("Scan the QR code, open the link, or type the code on the Workshop page.")
    # At its own size and as PNG: a resized or JPEG-compressed QR code blurs.
    qr.image(qr_png(link), caption="Scan to join", output_format="PNG")


def shares_text(weights: Mapping[str, float], labels: Mapping[str, str]) -> str:
    """ "Homicide 30% · Serious violence 20% ..." for a weight mapping (any scale)."""
    total = sum(weights.values()) or 1.0
    return " · ".join(f"{labels.get(m, m)} {weights.get(m, 0.0) / total:.0%}" for m in labels)


def code_entry(key: str = "join_code") -> None:
    """A box for a join code; a valid one goes into the URL and the page reloads as theirs."""
    with st.form(f"{key}_form", border=False):
        typed = st.text_input(
            "Workshop code",
            key=key,
            max_chars=12,
            placeholder="e.g. K7M2QX",
            help="The six-character code on the facilitator's screen.",
        )
        if st.form_submit_button("Join", icon=":material/login:", type="primary"):
            try:
                code = sub.normalise_code(typed)
            except InputError as exc:
                show_error(exc)
                return
            st.query_params.from_dict({JOIN: code})
            st.rerun()
