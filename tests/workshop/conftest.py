"""Workshop-store fixtures: every store test runs on SQLite and, when configured, PostgreSQL.

PostgreSQL runs only when ``LTL_TEST_POSTGRES_URL`` is set (for example
``postgresql://ltl:ltl@127.0.0.1:5432/ltl_test``); each test session works in a
schema of its own, dropped at the end, so no existing table is touched.
"""

from __future__ import annotations

import os
import secrets

import pytest

MEASURES = {"homicide": "Homicide", "serious_violence": "Serious violence", "drugs": "Drugs supply"}


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("LTL_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL tests need LTL_TEST_POSTGRES_URL (a database the tests may use)")
    import sqlalchemy as sa

    from workshop.store import database_url

    schema = f"ltl_test_{secrets.token_hex(4)}"
    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield (
        sa.make_url(database_url(url))
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    engine.dispose()


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
