"""AppTest: the gaming page answers for the force on screen and follows every input."""

import json

from scoring.core.scenario import Scenario
from tests.conftest import every_tab, open_tab, svg_charts

PAGE = "pages/gaming.py"
TABS = ["Cheapest climb", "Leverage", "Threshold effects", "Stop and search", "Recording",
        "Manipulability rubric", "Assumptions"]


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def heatmap(at) -> dict:
    for chart in at.get("plotly_chart"):
        data = json.loads(chart.proto.spec)["data"]
        if data and data[0].get("type") == "heatmap":
            return data[0]
    raise AssertionError("no heatmap")


def metric(at, label: str) -> float:
    value = next(m.value for m in at.metric if m.label.startswith(label))
    return float(value.replace(",", ""))


def test_page_renders_every_section_for_the_middle_force(app):
    at = app(page=PAGE)
    assert at.title[0].value == "Gaming and fairness"
    body = text(at)
    assert "is 22nd of 42" in body and "To climb 1 place" in body
    assert "None of these is a real change in crime" in body
    # The answer is a sentence and a chart; the force and target pickers are folded below it.
    assert any("Change needed, per cent of the current value" in s for s in svg_charts(at))
    assert "Which force, and how far to climb" in [e.label for e in at.expander]
    assert [t.label for t in at.tabs] == TABS
    words, specs, svgs = every_tab(at, "gm_tab", TABS)
    assert len(svgs) == len(TABS) and len(specs) >= 5  # with each tab, the answer's chart
    assert "Ranks are uncertain" in words
    body = words
    # Every stop-and-search input shows its source and year.
    assert "Home Office (2021), Police powers and procedures" in body
    assert "year ending March 2021" in body and "Census 2011" in body


def test_force_and_target_are_saved_in_the_scenario_and_the_link(app):
    at = app(page=PAGE)
    at.selectbox(key="gm_force").set_value("E23000003").run()
    at.radio(key="gm_places").set_value("top10").run()
    assert not at.exception
    assert at.query_params["gm.f"] == "E23000003" and at.query_params["gm.k"] == "top10"
    assert "Lancashire is 32nd of 42" in text(at) and "reach the top 10" in text(at)
    again = app(page=PAGE, query={"gm.f": "E23000003", "gm.k": "top10"})
    assert again.selectbox(key="gm_force").value == "E23000003"
    assert "reach the top 10" in text(again)


def test_ranked_apart_force_has_no_rank_to_climb(app):
    at = app(page=PAGE, query={"gm.f": "E23000034"})
    assert "City of London** is not ranked" in text(at)


def test_stop_and_search_follows_its_inputs(app):
    at = open_tab(app(page=PAGE, query={"gm.f": "E23000003", "gm.k": "3"}), "gm_tab", TABS[3])
    searches = metric(at, "Extra stop-searches")
    assert searches == 3096  # 774 more drug offences (whole offences) at 0.25 per search
    body = text(at)  # the force's own search rates, with their year
    assert "Lancashire searched Black people at" in body and "year ending March 2019" in body
    gap = metric(at, "Black–White gap per 1,000")
    at.radio(key="gm_rsrc").set_value("national").run()
    assert at.query_params["gm.rsrc"] == "national"
    assert metric(at, "Black–White gap per 1,000") != gap  # the national 7x instead
    assert "Not used: you chose the national ratio" in text(at)
    at.number_input(key="gm_yield").set_value(0.5).run()
    assert abs(metric(at, "Extra stop-searches") - searches / 2) <= 1
    at.number_input(key="gm_extra").set_value(1000).run()
    assert metric(at, "Extra stop-searches") == 2000
    assert metric(at, "Ending in no further action") == 1540
    assert at.query_params["gm.yield"] == "0.5" and at.query_params["gm.dd"] == "1000"


def test_editing_the_rubric_changes_leverage_and_is_saved(app):
    at = open_tab(app(page=PAGE), "gm_tab", TABS[5])
    for axis in range(4):
        at.number_input(key=f"gm_rub_drug_offences_{axis}").set_value(0.0).run()
    assert not at.exception
    s, notes = Scenario.from_query(dict(at.query_params))
    assert s.gaming.rubric["drug_offences"] == (0, 0, 0, 0) and not notes
    assert "your grades" in text(at)
    open_tab(at, "gm_tab", TABS[1])
    cells = heatmap(at)["text"]  # the printed values; blank where the leverage is 0
    drug = heatmap(at)["x"].index("Drug offences")
    assert all(row[drug] == "" for row in cells)  # G = 0: no leverage
    assert any(row[drug - 1] != "" for row in cells)
    open_tab(at, "gm_tab", TABS[5]).button(key="gm_rub_reset").click().run()
    assert "gm.rub.drug_offences" not in dict(at.query_params)


def test_zero_weight_for_drugs_removes_the_search_route(app):
    at = app(page=PAGE, query={"gm.f": "E23000003"})
    at.slider(key="w_drugs").set_value(0.0).run()
    assert not at.exception
    assert "more drug offences" not in text(at).split("Cheapest climb")[0]
    assert any("No drug-offence route" in i.value for i in open_tab(at, "gm_tab", TABS[3]).info)


def test_recording_and_assumption_settings(app):
    at = open_tab(app(page=PAGE), "gm_tab", TABS[4])
    assert at.selectbox(key="gm_recording").value == "violence_with_injury"
    every = next(d.value for d in at.dataframe if "19%" in d.value.columns)
    assert len(every) == 42 and list(every.columns[2:]) == [f"{p}%" for p in range(1, 20, 2)]
    assert (every["19%"] <= every["Now"]).all()  # recording less never costs a place here
    at.selectbox(key="gm_recording").set_value("all").run()
    open_tab(at, "gm_tab", TABS[6]).number_input(key="gm_cap").set_value(0.2).run()
    at.number_input(key="gm_thr").set_value(0.05).run()
    assert not at.exception
    params = dict(at.query_params)
    assert params["gm.ri"] == "all" and params["gm.cap"] == "0.2" and params["gm.thr"] == "0.05"


def test_every_forces_route_is_worded_only_when_asked_for(app):
    at = app(page=PAGE)
    tables = len(at.dataframe)
    folded = next(e for e in at.expander if e.label.startswith("Cheapest route for every force"))
    assert not folded.children  # folded: nothing computed or sent
    open_tab(at, "gm_all_routes", True)
    assert len(at.dataframe) == tables + 1
    routes = at.dataframe[-1].value
    assert len(routes) == 41 and routes["Route"].str.len().gt(0).all()  # all ranked but the first
