"""AppTest: the league-table page reacts to the scenario controls and round-trips URLs."""

import json

import pytest

from scoring.core.scenario import Scenario
from tests.conftest import open_tab

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
    open_tab(at, "sb_methods", True)  # the folded Methods run only when open
    at.selectbox(key="m_norm").set_value("zscore").run()
    params = dict(at.query_params)
    expected = order(at)
    again = open_tab(app(query=params), "sb_methods", True)
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
    with pytest.raises(KeyError):  # folded: its widgets are not drawn until it is opened
        at.selectbox(key="m_agg")
    open_tab(at, "sb_methods", True)
    at.selectbox(key="m_agg").set_value("copeland").run()
    assert "Copeland" in at.dataframe[0].value.columns[3]
    at.radio(key="m_small").set_value("include").run()
    assert at.dataframe[0].value["Rank"].notna().sum() == 43
    open_tab(at, "sb_data", True).selectbox(key="m_base").set_value("previous_year").run()
    assert not at.exception


def test_scenario_download_is_the_current_scenario(app):
    at = app()
    at.slider(key="w_cyber").set_value(2.0).run()
    assert at.download_button  # scenario JSON and table CSV
    s, notes = Scenario.from_query(dict(at.query_params))
    assert s.measure_weights["cyber"] == 2.0 and not notes
    json.loads(s.to_json())


def test_every_rank_has_its_set_and_the_profile_says_it_in_words(app):
    at = app()
    table = at.dataframe[0].value
    ranked = table[table["Rank"].notna()]
    ends = ranked["Could be"].str.split("–", expand=True).astype(int)
    assert ((ends[0] <= ranked["Rank"]) & (ranked["Rank"] <= ends[1])).all()
    assert (ends[1] - ends[0]).max() > 0  # the data do not pin every place
    assert table.loc[table["Rank"].isna(), "Could be"].eq("").all()  # City of London: no set
    captions = " ".join(c.value for c in at.caption)
    assert "Mogstad" in captions and "parametric bootstrap" in captions
    at.selectbox(key="profile_force").set_value("E23000020").run()  # Lincolnshire
    text = " ".join(m.value for m in at.markdown)
    row = ranked[ranked["Force"] == "Lincolnshire"].iloc[0]
    lower, upper = row["Could be"].split("–")
    assert "the data support any place from" in text and "cannot be told apart from" in text
    assert f"ranked {int(row['Rank'])}" in text and f"to {upper}" in text
    assert "marginal set" in " ".join(c.value for c in at.caption)


def test_publishers_notes_mark_the_forces_they_concern(app):
    at = app()
    forces = list(at.dataframe[0].value["Force"])
    assert "Leicestershire ⚑" in forces and "Gloucestershire ⚑" in forces
    assert "Lincolnshire" in forces  # no note, no mark
    at.selectbox(key="profile_force").set_value("E23000021").run()
    assert "under-counted in November–December 2024" in " ".join(c.value for c in at.caption)


def test_default_is_real_data_and_the_switch_loads_the_labelled_demonstration(app):
    at = app()
    assert at.slider(key="w_victim_satisfaction").value == 5.0  # still in the preset
    captions = " ".join(c.value for c in at.caption)
    assert "no force-level data yet" in captions and "Victim satisfaction (no data yet) 0%" in captions
    open_tab(at, "sb_data", True).toggle(key="m_demo").set_value(True).run()
    assert at.query_params["demo"] == "1"
    captions = " ".join(c.value for c in at.caption)
    assert "illustrative" in captions and "Victim satisfaction (illustrative) 17%" in captions


def test_the_first_page_of_a_new_server_imports_no_scipy():
    # scipy.stats and what it pulls in (spatial, optimize, interpolate, ndimage) took about a
    # second of a fresh server's first page; the League table needs none of it. In a fresh
    # process, as a server's first page (the report's warm-up, which imports the analyses in
    # the background, switched off).
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys\nfrom streamlit.testing.v1 import AppTest\n"
            "at = AppTest.from_file('app.py', default_timeout=120).run()\n"
            "assert not at.exception and len(at.dataframe[0].value) == 43\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "LTL_REPORT_WARMUP": "0"}, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
