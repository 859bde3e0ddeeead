"""Who is looking at the Workshop page, from the URL and the session; light enough for app.py.

* ``?join=CODE&pid=ID``: a participant (``pid`` is issued on the first visit and
  identifies their answer). Participants get their own page and no navigation.
* ``?workshop=CODE``: the projected view of a workshop. It needs no key, so nothing
  secret is ever in its address or on its page.
* ``?workshop=CODE&key=KEY``: the facilitator's private link. The page moves the key
  into the browser session (a session login) and takes it out of the address at once.

These keys are listed in ``ui.state.PAGE_KEYS`` so the scenario's URL syncing leaves
them alone.
"""

from __future__ import annotations

import streamlit as st

JOIN, PID, WORKSHOP, KEY = "join", "pid", "workshop", "key"
KEYS = "ws_keys"  # session state: workshop code -> facilitator key (the session login)


def is_participant() -> bool:
    """Whether this request is a participant's (a join link)."""
    return JOIN in st.query_params


def role() -> str:
    """``participant`` for a join link, else ``facilitator`` (who may not have opened one yet)."""
    return "participant" if is_participant() else "facilitator"


def signed_in_key(code: str) -> str | None:
    """The facilitator key this session signed in with for ``code``, if any."""
    return st.session_state.get(KEYS, {}).get(code)


def sign_in(code: str, key: str) -> None:
    """Remember in this browser session (never in the URL) that it runs workshop ``code``."""
    st.session_state[KEYS] = {**st.session_state.get(KEYS, {}), code: key}


def sign_out(code: str) -> None:
    st.session_state[KEYS] = {
        c: k for c, k in st.session_state.get(KEYS, {}).items() if c != code
    }


def client() -> str:
    """Where this session's requests come from, for the join rate limit: a network address.

    Streamlit reports no address for a connection from this machine; that is also how a
    reverse proxy on this machine connects, so then the last ``X-Forwarded-For`` entry
    (the one the proxy added) names the client. Without one, all local users share a count.
    """
    address = getattr(st.context, "ip_address", None)
    if address:
        return address
    forwarded = (st.context.headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
    return forwarded[:64] or "localhost"
