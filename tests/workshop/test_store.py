"""The workshop store: nothing lost, nothing counted twice, hostile input refused.

Each test runs on SQLite and, with ``LTL_TEST_POSTGRES_URL`` set, on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from scoring.errors import InputError
from workshop import submission as sub
from workshop.store import Store, StoreUnavailable, database_url

WEIGHTS = {"homicide": 8.0, "serious_violence": 4.0, "drugs": 0.0}


def pid(i: int) -> str:
    return f"participant-{i:03d}"


def test_open_workshop_gives_a_short_unambiguous_code(opened):
    store, ws, key = opened
    assert len(ws.code) == 6 and set(ws.code) <= set(sub.ALPHABET)
    assert not set("01OIL") & set(ws.code)
    assert list(ws.measures) == ["homicide", "serious_violence", "drugs"] and ws.is_open
    assert store.workshop(f" {ws.code[:3].lower()}-{ws.code[3:]} ").code == ws.code  # typed loosely
    assert store.is_facilitator(ws.code, key) and not store.is_facilitator(ws.code, key + "x")
    assert not store.is_facilitator("<script>", key)


def test_resubmission_updates_the_same_row(opened):
    store, ws, _ = opened
    first = store.submit(ws.code, pid(1), name="Ann", weights=WEIGHTS)
    assert first.revision == 1 and first.weights == WEIGHTS
    again = store.submit(ws.code, pid(1), name="Ann B", weights={**WEIGHTS, "drugs": 2.0})
    assert again.revision == 2 and again.weights["drugs"] == 2.0 and again.name == "Ann B"
    only = store.submissions(ws.code)
    assert len(only) == 1 and only[0] == again
    assert store.submission(ws.code, pid(2)) is None


def test_orders_are_stored_and_weights_are_optional(opened):
    store, ws, _ = opened
    got = store.submit(ws.code, pid(1), order=["drugs", "homicide"], note="drugs first")
    assert got.order == ("drugs", "homicide") and got.weights == {} and got.note == "drugs first"


def test_a_restart_loses_nothing(db_url):
    before = Store(db_url)
    ws, key = before.open_workshop("Restart", {"a": "A", "b": "B"}, "sample")
    for i in range(5):
        before.submit(ws.code, pid(i), name=f"P{i}", weights={"a": i, "b": 1})
    before.dispose()  # the server stops
    after = Store(db_url)  # and starts again on the same database
    try:
        assert after.workshop(ws.code) == ws and after.is_facilitator(ws.code, key)
        assert [s.name for s in after.submissions(ws.code)] == [f"P{i}" for i in range(5)]
    finally:
        after.dispose()


def _submit_twice(url: str, code: str, i: int, barrier) -> int:
    """One participant: submit, then change their mind, from a store of their own."""
    store = Store(url)
    try:
        barrier.wait(timeout=60)
        store.submit(code, pid(i), name=f"P{i}", weights={**WEIGHTS, "drugs": 1.0})
        return store.submit(
            code, pid(i), name=f"P{i}", weights={**WEIGHTS, "drugs": float(i % 10)}
        ).revision
    finally:
        store.dispose()


def _check_thirty(store: Store, code: str, revisions: list[int]) -> None:
    rows = store.submissions(code)
    assert revisions == [2] * 30
    assert len(rows) == 30 and len({r.participant for r in rows}) == 30  # nothing double-counted
    assert {r.participant: r.weights["drugs"] for r in rows} == {
        pid(i): float(i % 10) for i in range(30)
    }
    assert all(r.revision == 2 for r in rows)  # both submissions of everyone arrived


def test_thirty_concurrent_participants_lose_nothing_and_count_once(opened, db_url):
    store, ws, _ = opened
    barrier = threading.Barrier(30)
    with ThreadPoolExecutor(30) as pool:
        revisions = list(pool.map(lambda i: _submit_twice(db_url, ws.code, i, barrier), range(30)))
    _check_thirty(store, ws.code, revisions)


def _process(url: str, code: str, first: int, barrier, results) -> None:
    with ThreadPoolExecutor(5) as pool:
        results.put(
            list(pool.map(lambda i: _submit_twice(url, code, i, barrier), range(first, first + 5)))
        )


def test_thirty_participants_across_six_server_processes(opened, db_url):
    store, ws, _ = opened
    ctx = multiprocessing.get_context("fork")  # the barrier and queue are inherited
    barrier, results = ctx.Barrier(30), ctx.Queue()
    procs = [
        ctx.Process(target=_process, args=(db_url, ws.code, 5 * k, barrier, results))
        for k in range(6)
    ]
    for proc in procs:
        proc.start()
    revisions = [r for _ in procs for r in results.get(timeout=120)]
    for proc in procs:
        proc.join(timeout=30)
    assert [proc.exitcode for proc in procs] == [0] * 6
    _check_thirty(store, ws.code, revisions)


def test_one_shared_store_under_thirty_threads(opened):
    """The app's case: one store per server process, one thread per browser session."""
    store, ws, _ = opened
    with ThreadPoolExecutor(30) as pool:
        list(pool.map(lambda i: store.submit(ws.code, pid(i), weights=WEIGHTS), range(30)))
        list(pool.map(lambda i: store.submit(ws.code, pid(i), weights=WEIGHTS), range(30)))
    rows = store.submissions(ws.code)
    assert len(rows) == 30 and all(r.revision == 2 for r in rows)


# ------------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ZZZZZZ", "no workshop has the code ZZZZZZ"),
        ("abc", "not a workshop code"),
        ("<script>alert(1)</script>", "not a workshop code"),
        ("", "not a workshop code"),
        ("O0O0O0", "not a workshop code"),
    ],
)
def test_unknown_or_malformed_codes_are_refused(store, code, message):
    with pytest.raises(InputError, match=message) as err:
        store.submit(code, pid(1), weights=WEIGHTS)
    assert "<" not in str(err.value)  # never echoes markup back


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "x" * 41}, "name: is 41 characters long; the limit is 40"),
        ({"note": "y" * 10_000}, "note: is 10000 characters long; the limit is 280"),
        ({"weights": {**WEIGHTS, "homicide": 11}}, "must be from 0 to 10"),
        ({"weights": {**WEIGHTS, "homicide": -1}}, "must be from 0 to 10"),
        ({"weights": {**WEIGHTS, "homicide": float("nan")}}, "not a number"),
        ({"weights": {**WEIGHTS, "homicide": "5"}}, "not a number"),
        ({"weights": {**WEIGHTS, "homicide": True}}, "not a number"),
        ({"weights": {**WEIGHTS, "<img src=x>": 1}}, "4 weights sent"),
        (
            {"weights": {"homicide": 1, "serious_violence": 1, "<b>x</b>": 1}},
            "'bxb' is not a measure",
        ),
        ({"weights": {"homicide": 1}}, "no weight for 'serious_violence'"),
        ({"weights": dict.fromkeys(WEIGHTS, 0)}, "every weight is zero"),
        ({"weights": ["homicide"]}, "must be a mapping"),
        ({"weights": {f"m{i}": 1 for i in range(10_000)}}, "10000 weights sent"),
        ({"weights": None, "order": ["drugs", "drugs"]}, "more than once"),
        ({"weights": None, "order": ["cheese"]}, "'cheese' is not a measure"),
        ({"weights": None, "order": "drugs"}, "must be a list"),
        ({"weights": None, "order": None}, "give weights or put at least one measure in order"),
        ({"participant": "../../etc"}, "participant id is not valid"),
        ({"participant": "x" * 65}, "participant id is not valid"),
        ({"name": 12}, "name: must be text"),
        # NULs (PostgreSQL cannot store them), unhashable items, oversize payloads:
        ({"name": "Ann\x00"}, "name: contains a NUL character"),
        ({"note": "\x00"}, "note: contains a NUL character"),
        ({"participant": "participant\x00001"}, "participant id is not valid"),
        ({"participant": "participant-001\n"}, "participant id is not valid"),
        ({"participant": ["participant-001"]}, "participant id is not valid"),
        ({"weights": {**WEIGHTS, "drugs\x00": 1}}, "4 weights sent"),
        ({"weights": {"homicide": 1, "serious_violence": 1, "drugs\x00": 1}}, "is not a measure"),
        ({"weights": None, "order": ["drugs\x00"]}, "is not a measure"),
        ({"weights": None, "order": [["drugs"]]}, "is not the name of a measure"),
        ({"weights": None, "order": [{"a": 1}, "drugs"]}, "is not the name of a measure"),
        ({"weights": None, "order": [["x"] * 10**6]}, "is not the name of a measure"),
        ({"weights": None, "order": ["drugs"] * 10**6}, "1000000 entries"),
        ({"weights": {**WEIGHTS, "homicide": 10**400}}, "must be from 0 to 10"),
        ({"name": "x" * 10**7}, "name: is 10000000 characters long; the limit is 40"),
        ({"note": "\x00" * 10**7}, "note: is 10000000 characters long; the limit is 280"),
    ],
)
def test_bad_submissions_are_refused_with_a_clear_message(opened, fields, message):
    store, ws, _ = opened
    args = {"participant": pid(1), "weights": WEIGHTS, **fields}
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as err:
        store.submit(ws.code, args.pop("participant"), **args)
    assert len(str(err.value)) < 200 and "\x00" not in str(err.value)  # one short message
    assert store.submissions(ws.code) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.open_workshop("Room\x00", {"a": "A"}, "sample"), "title: contains a NUL"),
        (lambda s: s.open_workshop("Room", {"a\x00": "A"}, "sample"), "measure id: contains a NUL"),
        (lambda s: s.open_workshop("Room", {"a": "A\x00"}, "sample"), "label: contains a NUL"),
        (lambda s: s.open_workshop("Room", {"a": "A"}, "x\x00"), "data id: contains a NUL"),
        (lambda s: s.open_workshop("Room", {("a",): "A"}, "sample"), "measure id: must be text"),
        (lambda s: s.open_workshop("Room", {f"m{i}": "M" for i in range(10**4)}, "x"), "1 to 50"),
        (lambda s: s.workshop("ABC\x00EF"), "not a workshop code"),
        (lambda s: s.join(["K7M2QX"], "client"), "not a workshop code"),
        (lambda s: s.submission("K7M2QX", "pid\x00pid\x00"), "participant id is not valid"),
    ],
)
def test_every_value_is_checked_before_the_database(store, call, message):
    with pytest.raises(InputError, match=message):
        call(store)
    assert not store.is_facilitator("K7M2QX", "key\x00")


def test_markup_is_kept_as_plain_text_and_control_characters_are_stripped(opened):
    store, ws, _ = opened
    got = store.submit(
        ws.code,
        pid(1),
        name="<b>Ann</b>\x1b[31m",
        weights=WEIGHTS,
        note="<script>alert('x')</script>\n\rline two\u202e",
    )
    assert got.name == "<b>Ann</b> [31m"
    assert got.note == "<script>alert('x')</script> line two"
    assert store.submissions(ws.code)[0].name == "<b>Ann</b> [31m"


def test_closed_and_full_workshops_refuse_and_only_the_facilitator_may_close(opened, monkeypatch):
    store, ws, key = opened
    with pytest.raises(InputError, match="only the facilitator"):
        store.set_open(ws.code, "wrong key", False)
    store.set_open(ws.code, key, False)
    with pytest.raises(InputError, match="closed this workshop"):
        store.submit(ws.code, pid(1), weights=WEIGHTS)
    store.set_open(ws.code, key, True)
    monkeypatch.setattr(sub, "MAX_PARTICIPANTS", 2)
    store.submit(ws.code, pid(1), weights=WEIGHTS)
    store.submit(ws.code, pid(2), weights=WEIGHTS)
    store.submit(ws.code, pid(2), weights=WEIGHTS)  # a resubmission still fits
    with pytest.raises(InputError, match="full"):
        store.submit(ws.code, pid(3), weights=WEIGHTS)
    store.remove(ws.code, key, pid(1))
    assert [s.participant for s in store.submissions(ws.code)] == [pid(2)]


def test_database_urls(tmp_path, monkeypatch):
    monkeypatch.delenv("LTL_WORKSHOP_DB", raising=False)
    assert database_url().endswith("/workshop.sqlite3") and database_url().startswith("sqlite:///")
    monkeypatch.setenv("LTL_WORKSHOP_DB", str(tmp_path / "a.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    with pytest.raises(StoreUnavailable, match="only SQLite and PostgreSQL"):
        Store("mysql://u:secret@h/db")


def test_an_unreachable_database_is_reported_without_its_password():
    with pytest.raises(StoreUnavailable) as err:
        Store("postgresql+psycopg://ltl:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(err.value) and "127.0.0.1:1" in str(err.value)
