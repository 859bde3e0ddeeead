"""AppTest: the Context and fairness page draws every section and its settings live in the URL."""

from scoring.core.scenario import Scenario
from tests.conftest import every_tab, open_tab
from tests.conftest import page_text as text

PAGE = "pages/context.py"
TABS = ["Most similar forces", "Is the table fair?", "Direction of travel", "Ratchet on real history"]


def test_every_section_renders_with_its_answer_first(app):
    at = app(page=PAGE)
    assert at.title[0].value == "Context and fairness"
    assert [t.label for t in at.tabs] == TABS
    # the answer opens the page, in one sentence, before any control
    assert at.markdown[0].value.startswith("**Under this table, the third of forces with the most "
                                           "Black, Asian and minority ethnic residents rank on "
                                           "average 17 places lower")  # fmt: skip
    assert "Weitzman 1980" not in text(at)  # only the open tab runs
    words, specs, svgs = every_tab(at, "cx_tab", TABS)
    assert "**Merseyside** is most like" in words  # the top force is in focus by default
    assert "approximation of HMICFRS's most similar groups" in words
    assert "rank on average **17 places lower**" in words  # the most diverse third, HO 2021
    assert "forces moved more places than noise alone" in words
    assert "In the year ending March 2022" in words and "rose beyond their noise band" in words
    assert "the bar tightened" in words and "Weitzman 1980" in words
    assert "Contains OS data" in words and "Ranks are uncertain" in words
    assert "cannot show" in words
    assert len(svgs) == 2 and len(specs) == 4  # funnel, map; adjusted ranks, changes, series, ratchet
    assert sum(s.count("<path") for s in svgs) == 43  # the map: every force area


def test_group_settings_and_focus_write_the_scenario_and_url(app):
    at = app(page=PAGE)
    at.selectbox(key="cx_force").set_value("E23000001").run()
    assert at.query_params["cx.f"] == "E23000001"
    assert "**Metropolitan Police** is most like West Midlands" in text(at)
    at.slider(key="cx_k").set_value(4).run()
    assert at.query_params["cx.k"] == "4"
    assert "in its group" in text(at) and "of 5" in text(at)
    at.multiselect(key="cx_group_by").set_value(["diversity"]).run()
    assert at.query_params["cx.gv"] == "diversity"
    assert not at.exception


def test_adjusting_for_other_context_changes_the_adjusted_table(app):
    at = open_tab(app(page=PAGE), "cx_tab", "Is the table fair?")
    before = text(at)
    at.multiselect(key="cx_adjust").set_value(["diversity"]).run()
    assert at.query_params["cx.av"] == "diversity"
    after = text(at)
    assert "Allowing for the share of Black, Asian and minority ethnic residents moves" in after
    assert after != before
    s, notes = Scenario.from_query(dict(at.query_params))
    assert s.context.adjust_for == ("diversity",) and notes == []


def test_a_deep_link_replays_the_travel_settings(app):
    at = app(page=PAGE, query={"cx.css": "robbery", "cx.rel": "1", "cx.yr": "2010",
                               "cx.f": "E23000014"})  # fmt: skip
    words, *_ = every_tab(at, "cx_tab", TABS[3:] + TABS[2:3])  # the travel tab last: its controls
    assert at.selectbox(key="cx_css").value == "robbery"
    assert at.toggle(key="cx_rel").value is True
    assert at.slider(key="cx_year").value == 2010
    assert "In the year ending March 2010, compared with England and Wales," in words
    assert "scores for robbery" in words and "West Midlands:" in words
    at.toggle(key="cx_rel").set_value(False).run()
    assert "cx.rel" not in at.query_params


def test_uploaded_data_context_for_forces_and_a_plain_message_for_other_units(app):
    from pathlib import Path

    good = Path(__file__).resolve().parents[1] / "fixtures" / "good"
    at = app(page="pages/data.py")
    for name, works in (("forces_newer.csv", True), ("csp_small.csv", False)):
        at.switch_page("pages/data.py").run()
        content = (good / name).read_bytes()
        at.file_uploader(key="data_upload").set_value((name, content, "text/csv")).run()
        at.switch_page(PAGE).run()
        assert not at.exception, [e.value for e in at.exception]
        if works:  # no offence groups in the file: the shipped crime mix stands in
            assert "is most like" in text(at) and len(at.tabs) == 4
            assert "crime mix from the year ending December 2024 (shipped sample)" in text(at)
        else:
            assert any("43 police force areas" in i.value for i in at.info)
            assert not at.tabs


def test_removing_every_variable_keeps_the_last_choice(app):
    at = open_tab(app(page=PAGE), "cx_tab", "Is the table fair?")
    at.multiselect(key="cx_adjust").set_value([]).run()
    assert not at.exception and len(at.tabs) == 4
    assert at.multiselect(key="cx_adjust").value == ["density", "diversity"]
    assert any("at least one context variable" in w.value for w in at.warning)
