"""AppTest: the Data page loads files, re-ranks every page on them, and refuses bad ones cleanly."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import every_tab, open_tab

ROOT = Path(__file__).resolve().parents[2]

PAGE, LEAGUE = "pages/data.py", "pages/league_table.py"
GOOD, BAD = ROOT / "tests" / "fixtures" / "good", ROOT / "tests" / "fixtures" / "malformed"


def upload(at, folder, name: str):
    at.file_uploader(key="data_upload").set_value((name, (folder / name).read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def league_order(at) -> list[str]:
    at.switch_page(LEAGUE).run()
    assert not at.exception, [e.value for e in at.exception]
    return list(at.dataframe[0].value["Force"])


def test_the_page_describes_the_sample_and_draws_the_explorer(app):
    at = app(page=PAGE)
    assert at.title[0].value == "Data"
    assert any("43 police force areas, 10 indicators in 6 measures" in m.value for m in at.markdown)
    _, specs, svgs = every_tab(at, "explore_tab", ["Ski slope", "Funnel plot", "Correlations"])
    assert {d["type"] for s in specs for d in s["data"]} == {"heatmap"}  # drawn interactively
    # The ski slope's bars and the funnel of homicide, drawn on the server.
    assert any("England and Wales" in s and s.count("<rect") > 43 for s in svgs)
    assert any("99.8% limits" in s for s in svgs)


def test_uploading_a_good_file_re_ranks_the_league_table(app):
    at = app()
    before = league_order(at)
    at.switch_page(PAGE).run()
    upload(at, GOOD, "forces_newer.csv")
    assert at.success[0].value.startswith("Loaded **forces_newer.csv**: every page now ranks it")
    data_id = at.session_state["scenario"].data
    assert data_id.startswith("upload:")
    assert open_tab(at, "sb_data", True).selectbox(key="m_data").value == data_id
    assert "forces_newer.csv (uploaded)" in at.selectbox(key="m_data").options
    assert [m.value for m in at.metric][:3] == ["43", "0", "10"]
    after = league_order(at)
    assert len(after) == 43 and after != before
    assert at.query_params["data"] == data_id


def test_a_bad_file_shows_its_message_and_the_previous_table_stays(app):
    at = app(page=PAGE)
    upload(at, GOOD, "forces_newer.csv")
    data_id = at.session_state["scenario"].data
    good_order = league_order(at)
    at.switch_page(PAGE).run()
    upload(at, BAD, "non_numeric.csv")
    message = at.error[0].value
    assert "non_numeric.csv was not loaded" in message
    assert "row 3, column 'homicide' (C): 'twelve' is not a number" in message
    assert "unchanged" in message
    assert at.session_state["scenario"].data == data_id
    assert league_order(at) == good_order


def test_a_bad_first_upload_keeps_the_sample(app):
    at = app(page=PAGE)
    upload(at, BAD, "duplicate_code.csv")
    assert "E23000002 is given twice, on rows 3 and 45" in at.error[0].value
    assert at.session_state["scenario"].data == "sample"


def test_missing_values_are_listed_and_the_policy_is_recorded_in_the_scenario(app):
    at = app(page=PAGE)
    upload(at, BAD, "marker_x.csv")
    missing = next(d.value for d in at.dataframe if "Marker" in d.value.columns)
    assert missing[["Unit", "Marker"]].values.tolist() == [["Cumbria", "[x]"]]
    at.radio(key="data_missing").set_value("exclude").run()
    assert at.session_state["scenario"].missing == "exclude"
    assert at.query_params["miss"] == "exclude"
    at.switch_page(LEAGUE).run()
    table = at.dataframe[0].value
    assert table.loc[table["Force"] == "Cumbria", "Rank"].isna().all()


def test_the_ons_workbook_layout_offers_its_community_safety_partnerships(app):
    at = app(page=PAGE)
    upload(at, GOOD, "ons_like.xlsx")
    assert at.selectbox(key="data_table").options == [
        "Police force areas (Tables P1, P3, P5, P9)",
        "Community safety partnerships (Table C2, populations from C4)"]
    forces = at.session_state["scenario"].data
    at.selectbox(key="data_table").set_value("Table C2").run()
    assert not at.exception and at.session_state["scenario"].data != forces
    assert sorted(league_order(at)) == [f"District {i}" for i in range(1, 7)]
    open_tab(at, "lt_tab", "Map of ranks")
    assert any("not forces" in c.value for c in at.caption)  # no force map for these units


def test_direction_of_an_indicator_is_a_scenario_setting(app):
    at = app(page=PAGE)
    open_tab(at, "data_dirs", True).radio(key="data_dir_homicide").set_value(1).run()
    assert at.session_state["scenario"].directions == {"homicide": 1}
    assert at.query_params["dir.homicide"] == "1"


# Every good file renders every page, the League table and its previous-year baseline included:
# tests/app/test_every_page_every_fixture.py (one file per shape of data).


def test_a_count_file_is_ranked_per_resident_and_provisional_until_confirmed(app):
    at = app(page=PAGE)
    upload(at, GOOD, "forces_counts.csv")
    # The Data page lists what was assumed in one confirmation table.
    table = next(d.value for d in at.dataframe if "Which way is better" in d.value.columns)
    assert len(table) == 8 and set(table["Which way is better"]) == {"lower is better"}
    assert set(table["Kind"]) == {"a count: per 1,000 residents"}
    assert any("Assumptions to confirm** (16 open)" in m.value for m in at.markdown)
    # The League table ranks per resident, crime lower-is-better, marked provisional.
    order = league_order(at)
    assert order[0] != "Metropolitan Police" and order.index("Metropolitan Police") > 10
    banner = at.warning[0].value
    assert banner.startswith("**Provisional: 16 assumptions**") and "lower is better" in banner
    # Confirming on the Data page lifts the banner, and the link carries the confirmation.
    at.switch_page(PAGE).run()
    at.button(key="confirm_assumptions").click().run()
    assert not at.exception, [e.value for e in at.exception]
    data_id = at.session_state["scenario"].data
    assert at.session_state["scenario"].confirmed == data_id and at.query_params["ok"] == data_id
    assert league_order(at) == order
    assert not any("Provisional" in w.value for w in at.warning)
