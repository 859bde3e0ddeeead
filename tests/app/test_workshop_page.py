"""AppTest: the workshop page for a facilitator and for participants, on a temporary database."""

from __future__ import annotations

import pytest

from scoring.errors import InputError
from workshop import store as store_module
from workshop.store import Store

PAGE = "pages/workshop.py"
SIX = {
    "homicide": 10,
    "serious_violence": 5,
    "drugs": 0,
    "neighbourhood": 5,
    "cyber": 2,
    "victim_satisfaction": 3,
}


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh workshop database for the app (the app reads LTL_WORKSHOP_DB) and a store on it."""
    path = tmp_path / "workshop.sqlite3"
    monkeypatch.setenv("LTL_WORKSHOP_DB", str(path))
    store = Store(str(path))
    yield store
    store.dispose()


def click(at, label: str):
    at.button[[b.label for b in at.button].index(label)].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def grid(at, column: str):
    """The st.dataframe that has ``column`` (data grids carry no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def open_workshop(app, title="Room 1"):
    at = app(page=PAGE)
    at.text_input(key="ws_title").set_value(title)
    return click(at, "Open a workshop")


def page_text(at) -> str:
    """Every text the page shows (Markdown, code, captions, metrics, grids, alerts)."""
    parts = [e.value for kind in ("markdown", "code", "caption", "subheader", "title", "error",
                                  "warning", "info", "success") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)  # fmt: skip


def key_of(at, code: str) -> str:
    return at.session_state["ws_keys"][code]


def test_the_projected_view_shows_the_room_without_a_key_or_names(app, db):
    at = open_workshop(app)
    code = at.query_params["workshop"]
    key = key_of(at, code)  # signed in: the key is in the session, not the address
    assert db.is_facilitator(code, key) and set(at.query_params) >= {"workshop"}
    assert "key" not in at.query_params and key not in page_text(at)
    assert f"# {code[:3]} {code[3:]}" in [m.value for m in at.markdown]  # large type
    assert any(f"/workshop?join={code}" in m.value for m in at.markdown) and len(at.image) == 1
    assert metrics(at)["Participants"] == "0" and "Waiting for the first answer" in at.info[0].value
    db.submit(code, "participant-one", name="Ann", note="secret note", weights=SIX)  # a phone
    db.submit(code, "participant-two", order=["victim_satisfaction", "neighbourhood"])
    at.run()  # the fragment's refresh
    m = metrics(at)
    assert (m["Participants"], m["Gave weights"], m["Gave an order"]) == ("2", "1", "1")
    assert grid(at, "Middle half of the room")["Measure"].iloc[0] == "Homicide"
    contested = grid(at, "Contested")
    assert len(contested) == 42 and set(contested["Contested"]) <= {"Yes", "No"}
    assert "Ranks are uncertain" in " ".join(c.value for c in at.caption)
    shown = page_text(at)
    assert "Ann" not in shown and "secret note" not in shown and key not in shown
    fresh = app(page=PAGE, query={"workshop": code})  # the projector's own browser: no key
    assert metrics(fresh)["Participants"] == "2" and not fresh.segmented_control
    assert "Ann" not in page_text(fresh) and "ws_keys" not in fresh.session_state


def test_the_controls_show_names_and_the_private_link_only_on_request(app, db):
    at = open_workshop(app)
    code = at.query_params["workshop"]
    key = key_of(at, code)
    db.submit(code, "participant-one", name="Ann", weights=SIX)
    db.submit(code, "participant-two", order=["victim_satisfaction", "neighbourhood"])
    at.segmented_control(key="ws_view").set_value("controls").run()
    assert list(grid(at, "Distance from consensus")["Name"]) == ["Ann", "Participant part"]
    assert key not in page_text(at)  # the private link is hidden until asked for
    at.toggle(key="ws_link").set_value(True).run()
    assert f"/workshop?workshop={code}&key={key}" in at.code[0].value
    assert "key" not in at.query_params


def test_a_private_link_signs_the_session_in_and_leaves_the_address(app, db):
    ws, key = db.open_workshop("Room", {"homicide": "Homicide"}, "sample")
    db.submit(ws.code, "participant-one", name="Ann", weights={"homicide": 3})
    at = app(page=PAGE, query={"workshop": ws.code, "key": key})
    assert "key" not in at.query_params and at.query_params["workshop"] == ws.code
    assert at.segmented_control(key="ws_view").value == "controls"
    assert list(grid(at, "Distance from consensus")["Name"]) == ["Ann"]
    at.segmented_control(key="ws_view").set_value("present").run()
    assert metrics(at)["Participants"] == "1" and "Ann" not in page_text(at)


def test_apply_and_save_the_consensus(app, db):
    at = open_workshop(app)
    code = at.query_params["workshop"]
    db.submit(code, "participant-one", weights=SIX)
    at.segmented_control(key="ws_view").set_value("controls").run()
    click(at, "Apply consensus weights to my scenario")
    assert at.slider(key="w_homicide").value == 10.0 and at.slider(key="w_drugs").value == 0.0
    assert at.query_params["name"] == f"Workshop {code} consensus"
    click(at, "Save consensus as a named scenario")
    assert f"Workshop {code} consensus" in at.session_state["named_scenarios"]


def test_the_room_s_range_becomes_the_admissible_weights(app, db):
    at = open_workshop(app)
    code = at.query_params["workshop"]
    db.submit(code, "participant-one", weights=SIX)
    db.submit(code, "participant-two", weights={**SIX, "drugs": 5})
    at.segmented_control(key="ws_view").set_value("controls").run()
    click(at, "Use the room's range as admissible weights")
    bounds = at.session_state["scenario"].uncertainty.weight_bounds
    assert bounds["drugs"] == (0.0, round(5 / 30, 4)) and bounds["homicide"] == (round(10 / 30, 4), 0.4)
    assert at.query_params["mc.wb.drugs"] == "0.0:0.1667"  # in the link, like every setting


def test_close_download_and_delete(app, db):
    at = open_workshop(app)
    code = at.query_params["workshop"]
    db.submit(code, "participant-one", name="=1+1", weights=SIX)
    at.segmented_control(key="ws_view").set_value("controls").run()
    click(at, "Close to new answers")
    assert not db.workshop(code).is_open
    labels = [b.label for b in at.main.download_button]
    assert labels == ["Download answers (CSV)", "Download answers (JSON)"]
    delete = at.button(key="ws_delete")
    assert delete.disabled  # not before the facilitator says the answers are kept
    at.checkbox(key="ws_kept").check().run()
    at.button(key="ws_delete").click().run()
    assert "workshop" not in at.query_params and "are deleted" in at.success[0].value
    assert db.submissions(code) == [] and "Open a workshop" in [b.label for b in at.button]
    with pytest.raises(InputError, match="no workshop"):
        db.workshop(code)


def test_participant_joins_submits_reloads_and_resubmits(app, db):
    ws, _ = db.open_workshop("Room", {"homicide": "Homicide", "drugs": "Drugs supply"}, "sample")
    at = app(page=PAGE, query={"join": ws.code.lower()})
    assert not at.sidebar.slider  # no scenario sidebar for participants
    pid = at.query_params["pid"]
    at.text_input(key="p_name").set_value("<b>Ann</b>")
    at.slider(key="p_w_drugs").set_value(2.0)
    click(at, "Submit my answer")
    assert "your answer is in" in at.success[0].value
    stored = db.submissions(ws.code)
    assert len(stored) == 1 and stored[0].weights == {"homicide": 5.0, "drugs": 2.0}
    assert stored[0].name == "<b>Ann</b>"  # kept as plain text
    reloaded = app(page=PAGE, query={"join": ws.code, "pid": pid})  # same browser, page reloaded
    assert reloaded.slider(key="p_w_drugs").value == 2.0
    assert reloaded.text_input(key="p_name").value == "<b>Ann</b>"
    reloaded.radio(key="p_mode").set_value("order").run()
    reloaded.multiselect(key="p_order").set_value(["drugs"])  # in a form: sent by the button
    click(reloaded, "Update my answer")
    stored = db.submissions(ws.code)
    assert len(stored) == 1 and stored[0].order == ("drugs",) and stored[0].revision == 2


def test_a_join_link_to_any_page_opens_the_participants_page(app, db):
    ws, _ = db.open_workshop("Room", {"homicide": "Homicide"}, "sample")
    at = app(query={"join": ws.code})  # the app's root (the League table), not /workshop
    assert at.title[0].value == "Workshop" and at.subheader[0].value == "Room"
    assert at.query_params["join"] == ws.code and not at.sidebar.slider


def test_unknown_and_malformed_codes_are_refused_plainly(app, db):
    at = app(page=PAGE, query={"join": "ZZZZZZ"})
    assert "no workshop has the code ZZZZZZ" in at.error[0].value
    at = app(page=PAGE, query={"join": "<script>alert(1)</script>"})
    assert "not a workshop code" in at.error[0].value and "<script>" not in at.error[0].value
    at.text_input(key="join_code").set_value("k7m 2qx")
    click(at, "Join")
    assert at.query_params["join"] == "K7M2QX"


def test_a_bad_submission_is_refused_with_a_message(app, db, monkeypatch):
    ws, key = db.open_workshop("Room", {"homicide": "Homicide", "drugs": "Drugs supply"}, "sample")
    at = app(page=PAGE, query={"join": ws.code})
    at.slider(key="p_w_homicide").set_value(0.0)
    at.slider(key="p_w_drugs").set_value(0.0)
    click(at, "Submit my answer")
    assert "every weight is zero" in at.error[0].value and db.submissions(ws.code) == []
    db.set_open(ws.code, key, False)
    at.run()
    assert "closed this workshop" in at.warning[0].value


def test_a_wrong_facilitator_key_signs_nobody_in(app, db):
    ws, _ = db.open_workshop("Room", {"homicide": "Homicide"}, "sample")
    db.submit(ws.code, "participant-one", name="Ann", weights={"homicide": 3})
    at = app(page=PAGE, query={"workshop": ws.code, "key": "guess"})
    assert "facilitator link is not valid" in at.error[0].value and "key" not in at.query_params
    assert not at.segmented_control and "Ann" not in page_text(at)  # the projected view only


def test_repeated_wrong_codes_lock_a_client_out(app, db, monkeypatch):
    monkeypatch.setattr(store_module, "MISSES_BEFORE_LOCKOUT", 2)
    ws, _ = db.open_workshop("Room", {"homicide": "Homicide"}, "sample")
    for _ in range(2):
        assert "no workshop has the code" in app(page=PAGE, query={"join": "ZZZZZZ"}).error[0].value
    for query in ({"join": ws.code}, {"workshop": ws.code}):  # now the right code waits too
        assert "joining is paused" in app(page=PAGE, query=query).error[0].value


def test_an_unreachable_database_is_explained_without_its_password(app, monkeypatch):
    url = "postgresql+psycopg://ltl:secret@127.0.0.1:1/none?connect_timeout=2"
    monkeypatch.setenv("LTL_WORKSHOP_DB", url)
    at = app(page=PAGE, query={"join": "K7M2QX"})
    message = at.error[0].value
    assert "workshop database is not available" in message and "secret" not in message
