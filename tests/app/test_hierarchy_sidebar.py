"""AppTest: a four-level framework (COINr iMeta) gets a slider per level, the top one open and
the lower ones folded, effective weights at every level, contributions per level, and the
League table re-ranks when a theme's weight moves; the link carries it."""

from __future__ import annotations

from test_data_page import GOOD, LEAGUE, PAGE, upload

from scoring.core.pipeline import score
from scoring.io import load_path
from tests.conftest import open_tab


def test_sliders_per_level_and_contributions_per_level(app):
    at = app(page=PAGE)
    upload(at, GOOD, "coinr_forces.xlsx")
    at.switch_page(LEAGUE).run()
    assert not at.exception
    sidebar = at.sidebar
    top = [s.label for s in sidebar.slider if s.key in ("w_harm", "w_community")]
    assert top == ["Serious harm", "Crime in communities"]
    folded = next(e for e in sidebar.expander if e.label == "Weights of the measures, within each group")
    assert [s.key for s in folded.slider] == ["w_homicide_m", "w_violence_m", "w_drugs_m",
                                              "w_neighbourhood_m", "w_cyber_m"]  # fmt: skip
    shares = next(e for e in sidebar.expander if e.label == "Effective weights at every level").dataframe[0].value
    assert shares["Share of the score"].tolist()[:2] == ["75.0%", "25.0%"]
    assert [t.label for t in at.tabs][:2] == ["Themes", "Measures"]

    before = at.session_state["scenario"]
    at.sidebar.slider(key="w_harm").set_value(0.0).run()
    after = at.session_state["scenario"]
    assert after.group_weights["harm"] == 0.0 and at.query_params["gw.harm"] == "0.0"
    dataset = load_path(GOOD / "coinr_forces.xlsx").dataset
    assert dataset.id == after.data
    assert score(dataset, after).weights[["homicide", "knife", "injury"]].sum() == 0.0
    assert score(dataset, before).ranked.index[0] != score(dataset, after).ranked.index[0]
    shares = next(e for e in at.sidebar.expander if e.label == "Effective weights at every level").dataframe[0].value
    assert shares["Share of the score"].tolist()[:2] == ["0.0%", "100.0%"]


def test_across_the_themes_is_a_method_and_rides_in_the_link(app):
    at = open_tab(app(page=LEAGUE), "sb_methods", True)
    at.selectbox(key="m_across").set_value("geometric").run()
    assert not at.exception
    assert at.session_state["scenario"].across == "geometric" and at.query_params["across"] == "geometric"
    assert any("do not add up" in c.value for c in at.caption)


def test_the_instability_page_says_its_level_and_splits_variance_by_theme(app):
    at = app(page=PAGE, query={"mc.n": "100", "mc.sobol": "64"})
    upload(at, GOOD, "coinr_forces.xlsx")
    at.switch_page("pages/instability.py").run()
    assert not at.exception
    note = next(i.value for i in at.info if i.value.startswith("**Level:**"))
    assert "draws the weights level by level" in note and "move the weights of the 5 measures" in note
    assert "themes" in note
    at.segmented_control(key="inst_section").set_value("sobol").run()
    at.radio(key="u_slev").set_value("top").run()
    assert not at.exception
    assert at.session_state["scenario"].uncertainty.sobol_level == "top"
    assert at.query_params["mc.slev"] == "top"
    frame = next(d.value for d in at.dataframe if "Biggest influence on its rank" in d.value.columns)
    top = frame["Biggest influence on its rank"]
    assert not top.str.contains("measure").any()  # the fixture's measures are all "... measure"
    assert top.str.startswith("Weight: ").any()


def test_the_four_level_workbook_grades_in_the_app_and_its_exports_carry_every_level(app):
    at = app(page=PAGE)
    upload(at, GOOD, "coinr_forces.xlsx")
    at.switch_page("pages/grading.py").run()
    assert not at.exception
    assert any(i.value.startswith("**Level:** grades are cut from the whole framework's score") for i in at.info)
    assert at.session_state["scenario"].group_weights == {"harm": 10.0, "community": 10 / 3}  # iMeta's 3 : 1

    from ui import widgets

    dataset = load_path(GOOD / "coinr_forces.xlsx").dataset
    result = score(dataset, at.session_state["scenario"])
    lines = widgets.export_caveats(result, dataset)
    assert "Effective weights, themes: Serious harm 75.0%; Crime in communities 25.0%" in lines
    assert {"c_harm", "c_community"} <= set(widgets.export_frame(result.table, dataset).columns)
