"""AppTest: the instability page runs, reacts to its controls and replays from a link."""

import json

from tests.conftest import svg_charts

PAGE = "pages/instability.py"
FAST = {"mc.n": "300", "mc.sobol": "64"}


def headline(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Under these choices"))


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.main.get("plotly_chart")]


def test_first_render_has_the_headline_intervals_and_seed(app):
    at = app(page=PAGE, query=FAST)
    text = headline(at)
    assert "could plausibly be in the top 10" in text and "forces could be first" in text
    captions = " ".join(c.value for c in at.caption)
    assert "Seed **20241231**" in captions and "300 runs" in captions
    table = at.dataframe[0].value
    assert len(table) == 42 and "City of London" not in set(table["Force"])
    assert list(table["Rank"]) == list(range(1, 43))
    dumbbell = svg_charts(at)[-1]
    assert all(name in dumbbell for name in ("90% of runs", "Median rank", "Rank in the table"))
    assert dumbbell.count("<circle") == 42 + 1  # a median per force, and the legend's


def test_every_section_draws(app):
    at = app(page=PAGE, query=FAST)
    for section, text in [("probabilities", "P(rank)"), ("sobol", "Total effect"),
                          ("stability", "No rank changes"), ("bestworst", "Best rank"),
                          ("importance", "Nominal weight"), ("churn", "Noise alone")]:  # fmt: skip
        at.segmented_control(key="inst_section").set_value(section).run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(text in json.dumps(spec) for spec in specs(at)), section


def test_switching_every_source_off_gives_zero_width_intervals(app):
    at = app(page=PAGE, query=FAST)
    at.toggle(key="u_w").set_value(False).run()
    at.toggle(key="u_noise").set_value(False).run()
    assert at.query_params["mc.w"] == "0" and at.query_params["mc.noise"] == "0"
    assert any("Nothing is set to vary" in w.value for w in at.warning)
    ranges = at.dataframe[0].value["90% of runs"]
    assert all(r.split("–")[0] == r.split("–")[1] for r in ranges)


def test_a_link_replays_the_same_numbers(app):
    query = {**FAST, "mc.m": "1", "mc.rec": "0.15", "seed": "99"}
    first = app(page=PAGE, query=query)
    again = app(page=PAGE, query=query)
    assert headline(first) == headline(again)
    assert first.dataframe[0].value.equals(again.dataframe[0].value)
    assert first.toggle(key="u_m").value is True and first.slider(key="u_rec").value == 15
    assert "Seed **99**" in " ".join(c.value for c in first.caption)


def test_without_auto_run_nothing_runs_until_run_is_pressed(app):
    at = app(page=PAGE, query=FAST)
    at.toggle(key="inst_auto").set_value(False).run()
    at.slider(key="u_ws").set_value(30).run()
    assert any("Press Run" in i.value for i in at.info)
    assert not [m for m in at.markdown if m.value.startswith("Under these choices")]
    next(b for b in at.button if b.label == "Run").click().run()
    assert "could plausibly" in headline(at)
    assert at.query_params["mc.ws"] == "0.3"


def test_impossible_bounds_and_copeland_are_explained_not_crashed(app):
    at = app(page=PAGE, query={**FAST, "mc.wmin": "0.3"})
    assert any("no weights fit these bounds" in c.value for c in at.caption)
    at = app(page=PAGE, query={**FAST, "agg": "copeland"})
    at.segmented_control(key="inst_section").set_value("bestworst").run()
    assert any("Copeland" in i.value for i in at.info)
    at.segmented_control(key="inst_section").set_value("stability").run()
    assert any("contest flips" in c.value for c in at.caption)


def test_new_seed_changes_the_scenario(app):
    at = app(page=PAGE, query=FAST)
    next(b for b in at.button if b.label == "New seed").click().run()
    assert at.query_params["seed"] != "20241231"


def test_the_seed_line_says_when_counts_were_drawn_from_the_normal_approximation(monkeypatch):
    """A run too large for the app (a 1,000-unit table) flags its normal draws; the seed line,
    where the page says how the runs were made, shows the sentence."""
    import dataclasses

    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset
    from scoring.instability import noise, uncertainty
    from ui.instability import widgets as sw

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    result = uncertainty.run(ds, s, samples=100)
    shown = []

    class Column:
        def caption(self, text):
            shown.append(text)

        def button(self, *args, **kwargs):
            pass

    monkeypatch.setattr(sw.st, "columns", lambda *a, **k: (Column(), Column()))
    sw.seed_line(s, result)
    sw.seed_line(s, dataclasses.replace(result, normal_counts=True))
    assert noise.NORMAL_NOTE not in shown[0]
    assert shown[1].endswith("sidebar. " + noise.NORMAL_NOTE)
