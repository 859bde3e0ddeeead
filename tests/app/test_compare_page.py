"""AppTest: the compare page saves named scenarios and compares any two of them."""

import json

from scoring.core.scenario import Scenario
from scoring.together import scenario_set

PAGE = "pages/compare.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart(at) -> dict:
    """The slope chart's figure, drawn interactively (its switch turned on)."""
    if not at.session_state["slope_chart_live"]:
        at.toggle(key="slope_chart_live").set_value(True).run()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["data"] and s["data"][0].get("mode") == "lines+markers+text")


def save_as(at, name: str):
    at.text_input(key="save_name").set_value(name)
    at.button[[b.label for b in at.button].index("Save current scenario")].click().run()
    assert not at.exception
    return at


def test_first_view_compares_the_current_scenario_with_a_preset(app):
    at = app(page=PAGE)
    assert at.title[0].value == "Compare scenarios"
    assert at.selectbox(key="compare_a").value == "preset:harm_focused"  # differs from the current
    assert at.selectbox(key="compare_b").value == "current"
    m = metrics(at)
    assert 0 < float(m["Rank agreement"]) < 1 and m["Forces that moved"].endswith("of 42")
    movers = at.dataframe[-1].value
    changes = movers["Change (A → B)"].str.extract(r"(\d+)")[0].astype(int)
    assert changes.is_monotonic_decreasing
    assert movers["Change (A → B)"].str.match("[▲▼] ").all()
    spec = chart(at)
    assert len(spec["data"]) == 42  # one line per ranked force
    thick = [t for t in spec["data"] if t["line"]["width"] > 2]
    assert {t["name"] for t in thick} == set(movers["Force"].head(6))
    assert "Ranks are uncertain" in " ".join(c.value for c in at.caption)


def test_save_change_and_compare_with_the_saved_scenario(app):
    at = save_as(app(page=PAGE), "Before")
    assert list(at.session_state["named_scenarios"]) == ["Before"]
    at.slider(key="w_homicide").set_value(10.0).run()
    at.slider(key="w_drugs").set_value(0.0).run()
    assert at.selectbox(key="compare_a").value == "saved:Before"
    assert float(metrics(at)["Rank agreement"]) < 1
    at.selectbox(key="compare_b").set_value("saved:Before").run()
    assert metrics(at)["Rank agreement"] == "1.00" and metrics(at)["Forces that moved"] == "0 of 42"
    assert "No force changes place" in at.info[0].value


def test_rename_delete_and_open(app):
    at = save_as(app(page=PAGE), "One")
    at.slider(key="w_cyber").set_value(0.0).run()
    at = save_as(at, "Two")
    assert list(at.dataframe[0].value["Name"]) == ["One", "Two"]
    at.selectbox(key="saved_pick").set_value("One").run()
    at.text_input(key="rename_One").set_value("Two").run()  # taken: gets a suffix
    at.button[[b.label for b in at.button].index("Rename")].click().run()
    assert list(at.session_state["named_scenarios"]) == ["Two (2)", "Two"]
    at.selectbox(key="saved_pick").set_value("Two (2)").run()
    at.button[[b.label for b in at.button].index("Open in the sidebar")].click().run()
    assert at.slider(key="w_cyber").value == 5.0  # "One" had the neutral cyber weight
    at.button[[b.label for b in at.button].index("Delete")].click().run()
    assert list(at.session_state["named_scenarios"]) == ["Two"]


def test_upload_a_set_and_refuse_a_bad_file(app):
    at = app(page=PAGE)
    text = scenario_set.to_json(
        [
            Scenario(name="<b>Harm</b> [x](http://e.vil)", measure_weights={"homicide": 99}),
            Scenario(name="Plain"),
        ]
    )
    at.file_uploader(key="scenarios_upload").set_value(
        ("set.json", text.encode(), "application/json")
    ).run()
    assert not at.exception
    names = list(at.session_state["named_scenarios"])
    assert names == ["<b>Harm</b> [x](http://e.vil)", "Plain"]
    assert list(at.dataframe[0].value["Name"]) == names  # plain text in a data grid
    assert at.session_state["named_scenarios"][names[0]].measure_weights["homicide"] == 10.0
    success = at.success[0].value
    assert "\\[x\\]" in success and "\\<b\\>" in success  # markdown escaped
    assert any("above the maximum" in w.value for w in at.warning)
    at.file_uploader(key="scenarios_upload").set_value(
        ("bad.json", b"{not json", "application/json")
    ).run()
    assert "not valid JSON" in at.error[0].value and "Nothing was loaded" in at.error[0].value
    assert len(at.session_state["named_scenarios"]) == 2
