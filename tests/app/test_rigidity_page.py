"""AppTest: the rigidity page draws every panel and its controls live in the scenario and URL."""

from scoring.core.scenario import Scenario
from tests.conftest import every_tab, open_tab, svg_charts
from tests.conftest import page_text as text

PAGE = "pages/rigidity.py"
TABS = ["What the basket leaves out", "Effort reallocation", "Local priorities", "Distortion and ratchet"]


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_every_panel_renders_with_sources_and_caveats(app):
    at = app(page=PAGE)
    assert at.title[0].value == "Rigidity and local priorities"
    assert [t.label for t in at.tabs] == TABS
    # the answer opens the page, before any control: a sentence and then the chart
    assert at.markdown[0].value.startswith("**This table counts ")
    assert "of recorded crime harm in England and Wales" in at.markdown[0].value
    assert "Share of recorded crime harm" in svg_charts(at)[0]
    assert "Weitzman 1980" not in text(at)  # only the open tab runs
    words, specs, svgs = every_tab(at, "rg_tab", TABS[1:] + TABS[:1])
    assert "Sexual offences" in words and "approximate" in words
    assert "Cambridge Crime Harm Index" in words and "Weitzman 1980" in words
    assert "Ranks are uncertain" in words
    assert "Contains OS data" in words  # map attribution
    assert len(svgs) == 5 and len(specs) == 6  # with each of the 4 tabs the answer's chart; 7 in the tabs
    assert any(d["type"] == "choroplethmap" for s in specs for d in s["data"])
    assert all(s["layout"]["map"]["style"] == "white-bg" for s in specs if "map" in s["layout"])
    assert at.selectbox(key="rg_force").value == "E23000004"  # top of the national table
    assert metric(open_tab(at, "rg_tab", TABS[2]), "Rank under national weights") == "1st of 42"


def test_pressure_slider_writes_the_scenario_and_url(app):
    at = open_tab(app(page=PAGE), "rg_tab", TABS[1])
    assert metric(at, "Local value lost") != "0%"
    at.slider(key="rg_pressure").set_value(0.0).run()
    assert not at.exception
    assert at.query_params["rg.lambda"] == "0.0"
    assert metric(at, "Local value lost") == "0%"
    assert metric(at, "League score gain") == "+0%"
    assert "at this pressure the force keeps to its local priorities" in text(at)


def test_choosing_a_force_and_a_deep_link(app):
    at = open_tab(app(page=PAGE), "rg_tab", TABS[1])
    at.selectbox(key="rg_force").set_value("E23000001").run()
    assert at.query_params["rg.f"] == "E23000001"
    assert "**Metropolitan Police** has a fixed amount" in text(at)
    again = app(page=PAGE, query={"rg.f": "E23000001", "rg.beta": "0.3", "rg.lambda": "0.5"})
    assert open_tab(again, "rg_tab", TABS[1]).selectbox(key="rg_force").value == "E23000001"
    assert again.slider(key="rg_beta").value == 0.3
    assert again.slider(key="rg_pressure").value == 0.5


def test_local_weights_equal_to_national_give_zero_distance_and_the_same_rank(app):
    at = open_tab(app(page=PAGE), "rg_tab", TABS[2])
    at.radio(key="rg_local").set_value("custom").run()
    assert at.slider(key="rg_lw_sexual_offences")  # a slider per domain
    at.button(key="rg_fill_national").click().run()
    assert not at.exception
    assert metric(at, "Weight in the wrong place") == "0%"
    assert metric(at, "Rank under local priorities") == metric(at, "Rank under national weights")
    s, notes = Scenario.from_query(dict(at.query_params))
    assert s.rigidity.local == "custom" and s.rigidity.local_weights["homicide"] == 10.0
    at.slider(key="rg_lw_sexual_offences").set_value(10.0).run()
    assert metric(at, "Weight in the wrong place") != "0%"


def test_editing_a_harm_weight_and_counting_police_generated_offences(app):
    from ui.rigidity.widgets import WEIGHT, harm_editor_key

    at = app(page=PAGE)
    before = text(at)
    key = harm_editor_key(Scenario.from_query(dict(at.query_params))[0])
    row = 5  # sexual offences, in the order of scoring.rigidity.harm.DEFAULTS
    at.session_state[key] = {"edited_rows": {row: {WEIGHT: 8000}}, "added_rows": [],
                             "deleted_rows": []}  # fmt: skip
    at.run()
    assert not at.exception
    assert at.query_params["rg.harm.sexual_offences"] == "8000.0"
    assert text(at) != before  # coverage falls: sexual offences are outside the basket
    at.toggle(key="rg_proactive").set_value(True).run()
    assert at.query_params["rg.pro"] == "1"
    at.button(key="rg_harm_reset").click().run()
    assert "rg.harm.sexual_offences" not in at.query_params


def test_giving_a_measure_weight_0_moves_its_offences_outside(app):
    at = app(page=PAGE)
    at.slider(key="w_neighbourhood").set_value(0.0).run()
    assert not at.exception
    assert "Robbery" in " ".join(at.dataframe[1].value["Offence group"])  # outside the basket


def test_data_without_a_previous_year_explains_why_there_is_no_ratchet(app):
    at = open_tab(app(page=PAGE, query={"data": "sample-2023"}), "rg_tab", TABS[3])
    assert "no previous year" in text(at)
    assert "year ending December 2023" in text(at)
