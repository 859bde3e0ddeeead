"""The charts drawn on every rerun, built as dicts: what they show, and the house layout."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui import figures
from ui.widgets import _share_bar

RANKED = pd.DataFrame({"name": ["Best", "Middle", "Worst"], "rank": [1, 2, 3],
                       "score": [0.9, 0.5, 0.1], "c_a": [0.6, 0.3, 0.1], "c_b": [0.3, 0.2, 0.0],
                       "c_c": [0.0, 0.0, 0.0]})  # fmt: skip
LABELS = {"a": "Homicide", "b": "Victim satisfaction (illustrative)", "c": "Cyber crime"}


def house_layout(fig) -> None:
    layout = fig.layout
    assert layout.font.size == figures.FONT["size"] and layout.margin.l == 10
    assert layout.xaxis.automargin and layout.yaxis.automargin  # titles push margins out


@pytest.mark.parametrize("additive", [True, False])
def test_league_bars_stack_the_weighted_parts_best_at_the_top(additive):
    fig = go.Figure(figures.league_bars(RANKED, ["a", "b", "c"], LABELS, additive, "Score"))
    house_layout(fig)
    assert list(fig.data[0].y) == ["1. Best", "2. Middle", "3. Worst"]
    assert fig.layout.yaxis.autorange == "reversed" and fig.layout.xaxis.title.text == "Score"
    if additive:  # a part with no weight has no bar and no legend entry
        assert [t.name for t in fig.data] == ["Homicide", "Victim satisfaction (illustrative)"]
        assert fig.layout.barmode == "stack" and list(fig.data[1].x) == [0.3, 0.2, 0.0]
        assert fig.layout.legend.entrywidthmode == "pixels" and fig.layout.legend.entrywidth == 150
    else:
        assert [t.name for t in fig.data] == ["Score"] and list(fig.data[0].x) == [0.9, 0.5, 0.1]
    assert fig.data[0].marker.color == figures.OKABE_ITO[0]


def test_indicator_profile_hatches_the_worse_bars_and_marks_the_national_value():
    profile = pd.DataFrame({"label": ["Knife crime", "Drugs"], "value": [2.0, 1.0],
                            "national": [1.0, 2.0], "better": ["lower", "higher"]})  # fmt: skip
    fig = go.Figure(figures.indicator_profile(profile, "Kent"))
    house_layout(fig)
    assert list(fig.data[0].x) == [2.0, 0.5] and list(fig.data[0].marker.pattern.shape) == ["/", "/"]
    line = fig.layout.shapes[0]
    assert (line.x0, line.x1, line.yref, line.line.dash) == (1, 1, "y domain", "dash")
    assert "Kent" in fig.data[0].hovertemplate


def test_the_sidebar_share_bar_is_html_of_numbers_and_the_palette_only():
    html = _share_bar(pd.Series({"a": 0.25, "<b>x</b>": 0.75, "c": 0.0}))
    assert html.count("<div style=") == 2 and "flex:0.250000 1 0" in html and "flex:0.750000" in html
    assert "<b>" not in html  # no label reaches the HTML
    assert figures.OKABE_ITO[0] in html and 'role="img"' in html


def test_a_map_sends_each_boundary_once_and_greys_the_areas_without_a_value():
    codes = [f["properties"]["code"] for f in figures.boundaries()["features"]][:5]
    table = pd.DataFrame({"name": list("ABCDE"), "rank": [1, 2, None, 3, 4], "note": list("vwxyz")},
                         index=pd.Index(codes, name="code"))  # fmt: skip
    spec = figures.rank_map(table, n_max=4, hover={"note": "Publisher's note"})
    fig = go.Figure(spec)  # a plain dict (no validation on the page's path): plotly takes it as is
    valued, grey = fig.data
    assert [f["properties"]["code"] for f in valued.geojson["features"]] == codes[:2] + codes[3:]
    assert [f["properties"]["code"] for f in grey.geojson["features"]] == [codes[2]]
    assert list(valued.z) == [1, 2, 3, 4] and (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (1, 4)
    assert "Publisher's note: %{customdata[0]}" in valued.hovertemplate and "not ranked" in grey.hovertemplate
    assert fig.layout.map.style == "white-bg"  # offline: no tiles fetched


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
def test_the_league_table_s_figure_dicts_draw_the_same_svg_as_the_validated_figures(aggregation):
    # The page hands ui.svg the plain dicts (plotly validates only an interactive chart): the
    # image must be the one the validated figure gives, byte for byte.
    from scoring.core.dataset import load_sample
    from scoring.core.explain import unit_profile
    from scoring.core.pipeline import score
    from scoring.core.scenario import preset
    from ui import svg

    ds = load_sample()
    result = score(ds, preset("home_office_2021", ds.measure_of).replace(aggregation=aggregation))
    bars = figures.league_bars(result.ranked, ds.measure_ids, dict(ds.measure_labels),
                               aggregation == "arithmetic")  # fmt: skip
    assert svg.render(bars, 360) == svg.render(go.Figure(bars), 360)
    for code in result.table.index[::6]:
        profile = figures.indicator_profile(unit_profile(result, ds, code), str(result.table.at[code, "name"]))
        assert svg.render(profile, 820) == svg.render(go.Figure(profile), 820)


def test_the_maps_are_figure_dicts_that_draw_the_same_svg_as_the_validated_figures():
    # Plotly's validation of every boundary cost most of a map's drawing; the dicts must still be
    # valid figures (go.Figure takes them) and give the same image, byte for byte.
    from ui import svg
    from ui.context import figures as context_figures

    codes = [f["properties"]["code"] for f in figures.boundaries()["features"]]
    table = pd.DataFrame({"name": [f"<b>F{i}</b> & co" for i in range(len(codes))],
                          "rank": [float(i + 1) if i % 5 else None for i in range(len(codes))]},
                         index=pd.Index(codes, name="code"))  # fmt: skip
    group = table[["name"]].assign(distance=[i / 10 if i % 3 == 0 else None for i in range(len(codes))])
    maps = [figures.rank_map(table, n_max=len(codes)), figures.value_map(table, "rank", "Rank"),
            context_figures.group_map(group)]  # fmt: skip
    for spec in maps:
        assert isinstance(spec, dict)
        assert svg.render(spec, 700) == svg.render(go.Figure(spec), 700)
    assert go.Figure(maps[2]).layout.coloraxis.showscale is False
    assert go.Figure(maps[2]).layout.map.style == "white-bg" and maps[2]["layout"]["height"] == 400


def test_the_ski_slope_is_a_figure_dict_that_draws_as_the_validated_figure():
    # The Data page's first view: its line at the national value is plotly's add_hline as data.
    from scoring.core.dataset import load_sample
    from scoring.explore import indicators as explore
    from ui import svg
    from ui.data import figures as data_figures

    ds = load_sample()
    frame, national = explore.ski_slope(ds, "drug_offences")
    for mark, line in ((frame.index[3], national), (None, float("nan"))):
        spec = data_figures.ski_slope(frame, line, "Drug offences", "per 1,000", highlight=mark)
        assert isinstance(spec, dict)
        assert svg.render(spec, 820) == svg.render(go.Figure(spec), 820)
    drawn = go.Figure(spec)
    drawn.add_hline(y=2.0, line_dash="dash", line_color="#333333", annotation_text="E&W 2",
                    annotation_position="top right")  # fmt: skip
    made = figures.hline(2.0, "E&W 2", "top", dash="dash", color="#333333")
    assert drawn.to_dict()["layout"]["shapes"] == made["shapes"]
    assert drawn.to_dict()["layout"]["annotations"] == made["annotations"]


def _first_view_dicts():
    """The dict figures of the pages' first views (Compare, Gaming, Rigidity, Context, Grades, Instability), on the sample."""
    import numpy as np

    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset
    from scoring.gaming import report as gaming_report
    from scoring.rigidity.analysis import analyse
    from ui.compare import figures as compare_figures
    from ui.gaming import figures as gaming_figures
    from ui.gaming import sections as gaming_sections
    from ui.rigidity import figures as rigidity_figures

    ds = load_sample()
    s = preset("harm_focused", ds.measure_of)
    a, b = np.arange(1, 44), np.r_[np.arange(2, 44), 1]
    pairs = pd.DataFrame({"name": [f"<i>F{i}</i>" for i in range(43)], "rank_a": a.astype(float),
                          "rank_b": b.astype(float), "change": a - b}, index=[f"C{i}" for i in range(43)])  # fmt: skip
    yield compare_figures.slope_chart(pairs, "A <b>", "B & C", ["C0", "C42", "C7"])
    scenario = gaming_report.analysis_scenario(s)
    table = gaming_report.analyse_table(ds, gaming_report.table_scenario(scenario))
    routes = gaming_report.analyse_routes(table, ds, scenario.gaming)
    rows = gaming_sections._climb_rows(gaming_report.assemble(table, ds, scenario.gaming, routes),
                                       ds.units.index[20])  # fmt: skip
    yield gaming_figures.climb_dots(rows)
    yield gaming_figures.climb_dots(rows.assign(status="none"))  # the "cannot climb" note
    games = gaming_report.assemble(table, ds, scenario.gaming, routes)
    ranked = games.leverage.index.to_series().rank()  # any order: the heatmap sorts by it
    yield gaming_figures.leverage_heatmap(games.leverage, ds.units["name"],
                                          {j: ds.label(j) for j in ds.indicators}, ranked)  # fmt: skip
    rigid = analyse(ds, s)
    yield rigidity_figures.coverage_bars(rigid.coverage.table)
    yield rigidity_figures.group_harm_bars(rigid.coverage.groups)
    yield rigidity_figures.effort_bars(rigid.effort, 0.5)
    yield rigidity_figures.weights_compare(rigid.view.weights, "Local <b>")
    from scoring.explore import indicators as explore
    from ui.data import figures as data_figures

    for adjust in (False, True):
        funnel, frame, target = explore.indicator_funnel(ds, "robbery", overdispersion=adjust)
        yield data_figures.funnel_plot(frame, funnel, target, "Robbery", "per 1,000",
                                       highlight=frame.index[3], height=340)  # fmt: skip
    from scoring.grading import misgrading
    from ui.grading import figures as grading_figures

    graded = misgrading.simulate(ds, s.with_section("uncertainty", samples=200))
    yield grading_figures.grade_chances(graded.frame(), graded.bands.names)
    from scoring.instability import summary, uncertainty
    from ui.instability import figures as instability_figures

    mc = uncertainty.run(ds, s.with_section("uncertainty", samples=200))
    yield instability_figures.rank_intervals(summary.force_summary(mc, ds.units["name"]))


def test_the_pages_figure_dicts_draw_the_same_svg_as_the_validated_figures():
    # Built as plain dicts (plotly's validation was most of each chart's cost); each must be
    # a figure plotly takes as it is and draw the same image, byte for byte.
    from ui import svg

    for spec in _first_view_dicts():
        assert isinstance(spec, dict)
        assert svg.render(spec, 820) == svg.render(go.Figure(spec), 820)
