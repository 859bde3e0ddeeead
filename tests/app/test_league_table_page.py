"""AppTest: the league-table page reacts to the scenario controls and round-trips URLs."""

import json

from scoring.core.scenario import Scenario

PAGE = "pages/league_table.py"


def order(at) -> list[str]:
    return list(at.dataframe[0].value["Force"])


def test_first_render_shows_42_ranked_forces_and_caveats(app):
    at = app()
    table = at.dataframe[0].value
    assert len(table) == 43 and table["Rank"].notna().sum() == 42
    captions = " ".join(c.value for c in at.caption)
    assert "Ranks are uncertain" in captions
    assert "City of London" in captions and "illustrative" in captions


def test_moving_a_slider_changes_the_order_and_the_url(app):
    at = app()
    before = order(at)
    at.slider(key="w_drugs").set_value(0.0).run()
    assert not at.exception
    after = order(at)
    assert after != before
    assert at.query_params["w.drugs"] == "0.0"
    assert "▲" in " ".join(at.dataframe[0].value["Movement"])  # movement against the preset


def test_presets_load(app):
    at = app()
    at.selectbox(key="ui_preset").set_value("harm_focused").run()
    assert at.slider(key="w_homicide").value == 7.0
    assert at.slider(key="w_drugs").value == 0.0
    at.selectbox(key="ui_preset").set_value("equal_indicators").run()
    assert at.slider(key="w_neighbourhood").value == 4.0
    at.button[0].click().run()  # Reset everything
    assert at.selectbox(key="ui_preset").value == "home_office_2021"


def test_url_round_trip(app):
    at = app()
    at.slider(key="w_homicide").set_value(9.5).run()
    at.selectbox(key="m_norm").set_value("zscore").run()
    params = dict(at.query_params)
    expected = order(at)
    again = app(query=params)
    assert again.slider(key="w_homicide").value == 9.5
    assert again.selectbox(key="m_norm").value == "zscore"
    assert order(again) == expected


def test_a_hostile_link_is_clamped_with_a_message(app):
    at = app(query={"w.homicide": "500", "norm": "nonsense"})
    assert at.slider(key="w_homicide").value == 10.0
    warnings = " ".join(w.value for w in at.warning)
    assert "above the maximum" in warnings and "nonsense" in warnings


def test_methods_and_baseline_controls(app):
    at = app()
    at.selectbox(key="m_agg").set_value("copeland").run()
    assert "Copeland" in at.dataframe[0].value.columns[2]
    at.radio(key="m_small").set_value("include").run()
    assert at.dataframe[0].value["Rank"].notna().sum() == 43
    at.selectbox(key="m_base").set_value("previous_year").run()
    assert not at.exception


def test_scenario_download_is_the_current_scenario(app):
    at = app()
    at.slider(key="w_cyber").set_value(2.0).run()
    assert at.download_button  # scenario JSON and table CSV
    s, notes = Scenario.from_query(dict(at.query_params))
    assert s.measure_weights["cyber"] == 2.0 and not notes
    json.loads(s.to_json())
