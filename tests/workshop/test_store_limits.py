"""The workshop store's limits: a full room, guessed codes, expiry and deletion.

Each test runs on SQLite and on PostgreSQL (see conftest.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scoring.errors import InputError
from workshop import store as store_module
from workshop import submission as sub
from workshop.store import Store, StoreUnavailable, submissions

MEASURES = {"homicide": "Homicide", "serious_violence": "Serious violence", "drugs": "Drugs supply"}
WEIGHTS = {"homicide": 8.0, "serious_violence": 4.0, "drugs": 0.0}
T0 = datetime(2026, 5, 14, 9, 0, tzinfo=UTC)


class Clock:
    """A settable clock for the store."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_fifty_concurrent_joins_at_295_of_300_end_at_exactly_300(opened, db_url):
    store, ws, _ = opened
    rows = [
        dict(workshop=ws.code, participant=f"seated-{i:04d}", name="", weights=json.dumps(WEIGHTS),
             ordering="[]", note="", revision=1, updated=T0)
        for i in range(295)
    ]  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(submissions.insert(), rows)
    servers = [Store(db_url) for _ in range(5)]  # five app servers, ten people each
    barrier = threading.Barrier(50)

    def join(i: int) -> str:
        barrier.wait(timeout=60)
        try:
            servers[i % 5].submit(ws.code, f"latecomer-{i:04d}", weights=WEIGHTS)
            return "in"
        except InputError as error:
            assert "full (300 participants)" in str(error)
            return "full"

    try:
        with ThreadPoolExecutor(50) as pool:
            outcomes = list(pool.map(join, range(50)))
    finally:
        for server in servers:
            server.dispose()
    assert outcomes.count("in") == 5 and outcomes.count("full") == 45
    assert len(store.submissions(ws.code)) == sub.MAX_PARTICIPANTS


def test_workshops_expire_after_thirty_days(db_url):
    clock = Clock()
    store = Store(db_url, clock=clock)
    try:
        ws, _ = store.open_workshop("Old room", MEASURES, "sample")
        assert ws.expires - ws.created == timedelta(days=30) == store_module.EXPIRY
        store.submit(ws.code, "participant-001", weights=WEIGHTS)
        clock.now = T0 + timedelta(days=30) - timedelta(seconds=1)
        assert store.join(ws.code, "10.0.0.1") == ws
        clock.now = T0 + timedelta(days=30)
        for lookup in (store.workshop, lambda c: store.join(c, "10.0.0.1")):
            with pytest.raises(InputError, match="deleted 30 days after they open"):
                lookup(ws.code)
        with pytest.raises(InputError, match="no workshop"):
            store.submit(ws.code, "participant-001", weights=WEIGHTS)
        fresh, _ = store.open_workshop("New room", MEASURES, "sample")  # purges the old one
        assert store.purge_expired() == 0 and store.submissions(ws.code) == []
        assert store.workshop(fresh.code) == fresh
    finally:
        store.dispose()


def test_repeated_misses_lock_a_client_out_on_every_server(db_url, monkeypatch):
    clock = Clock()
    one, two = Store(db_url, clock=clock), Store(db_url, clock=clock)  # two app servers
    try:
        ws, _ = one.open_workshop("Room", MEASURES, "sample")
        wrong = "ZZZZZ" + ("Z" if ws.code[-1] != "Z" else "Y")
        attacker, neighbour = "203.0.113.7", "203.0.113.8"
        for k in range(store_module.MISSES_BEFORE_LOCKOUT - 1):
            with pytest.raises(InputError, match="no workshop has the code"):
                (one, two)[k % 2].join(wrong, attacker)
        assert two.join(ws.code, attacker) == ws  # nine misses: not yet locked out
        with pytest.raises(InputError, match="no workshop has the code"):
            one.join(wrong, attacker)  # the tenth
        for server in (one, two):  # now even the right code is refused, on every server
            with pytest.raises(InputError, match="paused for 15 more minute"):
                server.join(ws.code, attacker)
        assert one.join(ws.code, neighbour) == ws  # other clients are not affected
        clock.now += store_module.LOCKOUT
        assert two.join(ws.code, attacker) == ws  # the lockout ends
        monkeypatch.setattr(store_module, "ATTEMPTS_PER_MINUTE", 3)
        clock.now += timedelta(minutes=1)
        for _ in range(3):
            one.join(ws.code, neighbour)
        with pytest.raises(InputError, match="too many attempts to join"):
            two.join(ws.code, neighbour)
        clock.now += timedelta(minutes=1)
        assert two.join(ws.code, neighbour) == ws
    finally:
        one.dispose()
        two.dispose()


def test_only_the_facilitator_deletes_a_workshop_and_its_answers(opened):
    store, ws, key = opened
    store.submit(ws.code, "participant-001", weights=WEIGHTS)
    with pytest.raises(InputError, match="only the facilitator"):
        store.delete_workshop(ws.code, "guess")
    store.delete_workshop(ws.code, key)
    with pytest.raises(InputError, match="no workshop"):
        store.workshop(ws.code)
    assert store.submissions(ws.code) == [] and not store.is_facilitator(ws.code, key)


def test_a_table_from_the_previous_version_gets_an_expiry(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the schema as the previous version made it
        db.execute(
            "CREATE TABLE ltl_workshops (code VARCHAR(6) PRIMARY KEY, title VARCHAR(80) NOT NULL, "
            "measures TEXT NOT NULL, data VARCHAR(64) NOT NULL, key_hash VARCHAR(64) NOT NULL, "
            "is_open BOOLEAN NOT NULL, created DATETIME NOT NULL)"
        )
        db.execute(
            "INSERT INTO ltl_workshops VALUES ('K7M2QX', 'Old', '[[\"a\", \"A\"]]', 'sample', "
            "'x', 1, '2026-05-01 10:00:00.000000')"
        )
    store = Store(str(path), clock=Clock(datetime(2026, 5, 2, tzinfo=UTC)))
    try:
        assert store.workshop("K7M2QX").expires == datetime(2026, 5, 31, 10, tzinfo=UTC)
    finally:
        store.dispose()


def test_pool_size_per_server(monkeypatch):
    monkeypatch.delenv(store_module.POOL_ENV, raising=False)
    assert store_module.pool_size() == 5
    monkeypatch.setenv(store_module.POOL_ENV, "20")
    assert store_module.pool_size() == 20
    for bad in ("lots", "0", "1000"):
        monkeypatch.setenv(store_module.POOL_ENV, bad)
        with pytest.raises(StoreUnavailable, match="LTL_WORKSHOP_POOL"):
            store_module.pool_size()


def test_postgres_pool_follows_the_setting(postgres_url, monkeypatch):
    monkeypatch.setenv(store_module.POOL_ENV, "7")
    store = Store(postgres_url)
    try:
        assert store.engine.pool.size() == 7
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    finally:
        store.dispose()
