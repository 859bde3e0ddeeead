"""AppTest: the Design assistant, from admissible weights to one click that applies a point."""

from __future__ import annotations

from tests.conftest import page_text as text

PAGE = "pages/design.py"
SMALL = {"ds.n": "10", "ds.it": "1", "ds.d": "100", "gr.s": "300"}  # a small search keeps it quick


def charts(at) -> list[str]:
    return [c.key for c in at.get("plotly_chart")]


def test_nothing_runs_until_asked_and_the_optimiser_is_stated(app):
    at = app(page=PAGE, query=SMALL)
    assert "Press the button to search" in text(at)
    assert "scipy.optimize.differential_evolution" in text(at) and "no proof" in text(at)
    assert at.slider(key="u_wmin").value == 5 and at.slider(key="u_wb_homicide").value == (5, 50)


def test_the_search_answers_draws_the_trade_off_and_applies_a_point(app, monkeypatch):
    from scoring.grading import design

    runs = []
    search = design.design_weights
    monkeypatch.setattr(design, "design_weights", lambda *a, **k: runs.append(1) or search(*a, **k))
    at = app(page=PAGE, query=SMALL)
    at.button(key="ds_run").click().run()
    assert not at.exception
    answer = text(at)
    assert "the **steadiest** table has rank sets" in answer and "the **least gameable**" in answer
    assert "ds_pareto" in charts(at)
    pick = at.selectbox(key="ds_pick")
    assert pick.options and "places wide, leverage" in pick.options[0]
    before = dict(at.session_state["scenario"].measure_weights)
    at.button(key="ds_apply").click().run()
    after = at.session_state["scenario"].measure_weights
    assert after != before and max(after.values()) == 10.0
    assert at.query_params["name"] == "Design assistant choice"
    assert "Applied: the sidebar's weights are now the chosen point" in text(at)
    assert "ds_pareto" in charts(at) and len(runs) == 1  # the chart stays: no new search after applying


def test_cut_offs_that_misgrade_fewest_and_one_click_to_apply(app):
    at = app(page=PAGE, query={**SMALL, "ds.m": "3"})
    at.button(key="ds_cut_run").click().run()
    assert "forces are expected to be graded wrongly" in text(at)
    grid = at.dataframe[0].value
    assert list(grid["Grade"]) == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    assert (grid["Forces with these cut-offs"] >= 3).all()
    at.button(key="ds_cut_apply").click().run()
    assert {f"gr.c.{k}" for k in range(1, 5)} <= set(at.query_params)


def test_a_search_that_cannot_run_says_why(app):
    at = app(page=PAGE, query={**SMALL, "agg": "copeland"})
    at.button(key="ds_run").click().run()
    assert not at.exception and "No search: the design assistant needs a weighted mean" in text(at)
