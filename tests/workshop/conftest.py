"""Workshop-store fixtures: every store test runs on SQLite and, when configured, PostgreSQL.

PostgreSQL comes from ``tests/conftest.py``: ``LTL_TEST_POSTGRES_URL`` (for example
``postgresql://ltl:ltl@127.0.0.1:5432/ltl_test``), else a throwaway local cluster; each
test session works in a schema of its own, dropped at the end, so no table is touched.
"""

from __future__ import annotations

import pytest

MEASURES = {"homicide": "Homicide", "serious_violence": "Serious violence", "drugs": "Drugs supply"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL or path: a fresh SQLite file, or the PostgreSQL test schema."""
    if request.param == "sqlite":
        return str(tmp_path / "workshop.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(db_url):
    from workshop.store import Store

    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def opened(store):
    """A store with one open workshop: ``(store, workshop, facilitator key)``."""
    ws, key = store.open_workshop("Test room", MEASURES, "sample")
    return store, ws, key
