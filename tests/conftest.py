"""Shared test helpers: the repository root and a fresh AppTest per test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app():
    """Factory for an AppTest of the whole app (navigation included), with cold caches.

    ``app(page=None, query=None)`` runs the entrypoint, optionally with URL query
    parameters, and switches to ``page`` (a path such as ``"pages/league_table.py"``).
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()

    def make(page: str | None = None, query: dict | None = None, timeout: float = 90):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make
