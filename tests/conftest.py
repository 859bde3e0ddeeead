"""Shared test helpers: the repository root, a fresh AppTest per test, one PostgreSQL database."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, timeout: float = 120):
    """``python -m scoring ARGS`` in a fresh process from the repository root."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


@pytest.fixture(autouse=True)
def cli_cache(tmp_path_factory, monkeypatch) -> Path:
    """A result cache of the command line's own for each test (created when first written), so
    no test answers from another's run (``scoring.commands.cache``)."""
    path = tmp_path_factory.getbasetemp() / f"cli-cache-{secrets.token_hex(6)}"
    monkeypatch.setenv("LEAGUE_TABLE_CACHE", str(path))
    return path


SHOWN = ("markdown", "caption", "info", "error", "success", "warning")


def page_text(at, kinds=SHOWN) -> str:
    """The text an AppTest page shows in ``kinds`` of element, one element a line."""
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def open_tab(at, key: str, label: str):
    """Open tab ``label`` of the tabs with ``key`` (or, with True, the folded expander ``key``):
    only the open tab's contents run, and a
    click on a tab sets this state in the browser."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def svg_charts(at) -> list[str]:
    """The SVG of each chart an AppTest page drew on the server (``ui.widgets.chart``)."""
    import base64

    prefix = "data:image/svg+xml;base64,"
    return [base64.b64decode(img.url[len(prefix):]).decode() for image in at.get("image")
            for img in image.proto.imgs if img.url.startswith(prefix)]  # fmt: skip


def every_tab(at, key: str, labels: list[str]) -> tuple[str, list[dict], list[str]]:
    """Open each tab of ``key`` in turn: the text shown (:func:`page_text`), the plotly specs
    drawn and the server-drawn charts' SVG (:func:`svg_charts`), over all of them."""
    import json

    words, specs, svgs = [], [], []
    for label in labels:
        open_tab(at, key, label)
        words.append(page_text(at))
        specs += [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        svgs += svg_charts(at)
    return "\n".join(words), specs, svgs


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


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL database URL for the whole session (one cluster per session).

    ``LTL_TEST_POSTGRES_URL`` when set (CI sets it, see ``.ci/run``); otherwise a
    throwaway cluster on localhost (:mod:`workshop.local_postgres`), where Debian's
    ``postgresql`` package is installed. Without either, PostgreSQL tests skip, except
    in CI (``CI`` set), where they fail: CI must run every workshop test.
    """
    url = os.environ.get("LTL_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    from workshop import local_postgres

    stack = contextlib.ExitStack()
    try:
        url = stack.enter_context(local_postgres.cluster())
    except local_postgres.NoPostgres as error:
        why = f"PostgreSQL tests need LTL_TEST_POSTGRES_URL or a local PostgreSQL: {error}"
        pytest.fail(why) if os.environ.get("CI") else pytest.skip(why)
    with stack:
        yield url


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    """The session's PostgreSQL URL, working in a schema of its own (dropped at the end)."""
    import sqlalchemy as sa

    from workshop.store import database_url

    schema = f"ltl_test_{secrets.token_hex(4)}"
    engine = sa.create_engine(database_url(postgres_server))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield (
        sa.make_url(database_url(postgres_server))
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    engine.dispose()
