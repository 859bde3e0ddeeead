"""Server-drawn charts (ui.svg): well-formed, escaped, and drawing what the figure says."""

import math
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui import figures, svg
from ui.svg.scales import values
from ui.svg.text import hover, width

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def rects(root: ET.Element, fill: str) -> list[dict]:
    return [r.attrib for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == fill]


def ranked(names: list[str]) -> pd.DataFrame:
    n = len(names)
    frame = pd.DataFrame({"name": names, "rank": range(1, n + 1)})
    frame["c_a"] = np.linspace(0.4, 0.1, n)
    frame["c_b"] = np.linspace(0.3, 0.2, n)
    frame["score"] = frame["c_a"] + frame["c_b"]
    return frame


def test_user_text_is_escaped_and_the_svg_is_well_formed():
    names = ["<script>alert(1)</script>", "A & B", 'Quote "x"', figures.plain_text("<img src=x>")]
    out = svg.render(figures.league_bars(ranked(names), ["a", "b"], {"a": "<b>Bold</b>", "b": "B"}, True), 400)
    root = parse(out)  # well-formed XML: nothing a name holds breaks out of its text
    assert {e.tag.split("}")[1] for e in root.iter()} <= {"svg", "defs", "g", "rect", "text", "line", "title",
                                                           "clipPath", "polyline", "circle", "polygon"}  # fmt: skip
    shown = texts(root)
    assert "2. A & B" in shown and '3. Quote "x"' in shown
    assert "4. <img src=x>" in shown  # text made plain for plotly shows as typed
    assert "Bold" in shown  # plotly's own tags in a label are read as markup, as plotly does


def test_stacked_bars_add_up_and_the_first_unit_is_at_the_top():
    frame = ranked(["First", "Second", "Third"])
    root = parse(svg.render(figures.league_bars(frame, ["a", "b"], {"a": "A", "b": "B"}, True), 600))
    blue, orange = rects(root, figures.OKABE_ITO[0]), rects(root, figures.OKABE_ITO[1])
    bars_a, bars_b = blue[1:], orange[1:]  # the legend's swatch comes first
    widths = [float(a["width"]) + float(b["width"]) for a, b in zip(bars_a, bars_b, strict=True)]
    scale = widths[0] / frame["score"].iloc[0]
    assert widths == pytest.approx(list(frame["score"] * scale), rel=1e-2)
    assert [float(b["x"]) for b in bars_b] == pytest.approx(
        [float(a["x"]) + float(a["width"]) for a in bars_a], abs=0.2)  # b starts where a ends
    ys = [float(a["y"]) for a in bars_a]
    assert ys == sorted(ys)  # reversed axis: rank 1 on top


def test_the_legend_wraps_inside_the_chart():
    labels = {m: f"A long measure label number {m}" for m in "abcdef"}
    frame = ranked([f"Force {i}" for i in range(5)])
    for m in "cdef":
        frame[f"c_{m}"] = 0.1
    out = svg.render(figures.league_bars(frame, list("abcdef"), labels, True), 360)
    root = parse(out)
    for t in root.iter("{http://www.w3.org/2000/svg}text"):
        if "".join(t.itertext()).startswith("A long"):
            assert float(t.get("x")) + width("".join(t.itertext()), float(t.get("font-size"))) <= 360


def test_hover_templates_become_titles():
    assert hover("%{y}<br>Homicide: %{x:.3f}<extra>x</extra>", {"y": "Kent", "x": 0.08261}) == \
        "Kent\nHomicide: 0.083"  # fmt: skip
    assert hover("%{customdata[1]:,.0f} and %{x:.0%}", {"customdata": [0, 12345.6], "x": 0.25}) == "12,346 and 25%"
    out = svg.render(figures.league_bars(ranked(["Kent", "Essex"]), ["a"], {"a": "Homicide"}, True), 400)
    assert "<title>1. Kent\nHomicide: 0.400</title>" in out


@pytest.mark.parametrize("validated", [False, True])
def test_every_bar_s_title_reads_its_own_point(validated):
    # A trace's arrays are read once per chart, then indexed per bar (and per hover field).
    frame = ranked([f"Unit {k}" for k in range(12)])
    spec = figures.indicator_profile(pd.DataFrame({"label": frame["name"], "value": frame["c_a"],
                                                   "national": 0.25, "better": "higher"}), "U")  # fmt: skip
    root = parse(svg.render(go.Figure(spec) if validated else spec, 600))
    titles = [r.find("s:title", NS).text for r in root.iter("{http://www.w3.org/2000/svg}rect")
              if r.find("s:title", NS) is not None]  # fmt: skip
    assert titles == [f"Unit {k}\nU: {a:.3g}\nEngland and Wales: 0.25\nratio {a / 0.25:.2f} (higher is better)"
                      for k, a in enumerate(frame["c_a"])]  # fmt: skip


def test_typed_arrays_of_plotly_dicts_are_read():
    fig = go.Figure(go.Bar(x=np.array([1.5, 2.5]), y=["a", "b"], orientation="h"))
    spec = fig.to_dict()
    assert isinstance(spec["data"][0]["x"], dict)  # plotly stores numpy data as base64
    assert values(spec["data"][0]["x"]) == [1.5, 2.5]
    assert len(rects(parse(svg.render(spec, 400)), "#0072B2")) == 2


def test_scatter_log_axis_percent_ticks_lines_and_reference_line():
    fig = go.Figure([go.Scatter(x=[1, 10, 100], y=[0.1, 0.2, 0.3], mode="lines+markers", name="a"),
                     go.Scatter(x=[2, 20], y=[0.15, None], mode="markers", name="b")],
                    layout=dict(xaxis=dict(type="log"), yaxis=dict(tickformat=".0%"), height=300,
                                shapes=[dict(type="line", x0=0, x1=1, xref="x domain", y0=0.2, y1=0.2)]))  # fmt: skip
    root = parse(svg.render(fig, 500))
    shown = texts(root)
    assert {"1", "10", "100"} <= set(shown) and "20%" in shown
    assert len(list(root.iter("{http://www.w3.org/2000/svg}polyline"))) == 1
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 3 + 1 + 2  # 2 legend samples


def test_map_draws_every_area_coloured_by_rank():
    units = pd.DataFrame({"name": ["A", "B", "C"], "rank": [1, 3, np.nan]},
                         index=pd.Index([f["properties"]["code"] for f in figures.boundaries()["features"][:3]], name="code"))  # fmt: skip
    root = parse(svg.render(figures.rank_map(units, n_max=3), 600))
    paths = list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert len(paths) == 3
    fills = {p.find("s:title", NS).text.split("\n")[0].split(":")[0]: p.get("fill") for p in paths}
    assert fills["C"] == figures.GREY.lower()
    assert fills["A"] == "#fde725" and fills["B"] == "#440154"  # Viridis reversed: rank 1 bright


def test_a_chart_it_cannot_draw_is_refused():
    with pytest.raises(svg.Unsupported):
        svg.render(go.Figure(go.Pie(values=[1, 2])), 400)


def test_heatmap_cells_take_their_scale_colours_and_text():
    fig = go.Figure(go.Heatmap(z=[[0.0, 2.0], [1.0, np.nan]], x=["a", "b"], y=["r1", "r2"], zmin=0, zmax=2,
                               colorscale="Cividis", text=[["0", "2"], ["1", ""]], texttemplate="%{text}",
                               hovertemplate="%{y} %{x}: %{z:.1f}<extra></extra>"))  # fmt: skip
    root = parse(svg.render(fig, 400))
    cells = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("s:title", NS) is not None]
    assert [c.find("s:title", NS).text for c in cells] == ["r1 a: 0.0", "r1 b: 2.0", "r2 a: 1.0"]  # no NaN cell
    assert cells[0].get("fill") == "#00224e" and cells[1].get("fill") == "#fee838"  # Cividis' ends
    assert {"0", "2", "1"} <= set(texts(root))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.just(math.nan)), min_size=1, max_size=12),
       st.sampled_from(["stack", "group"]))  # fmt: skip
def test_any_bar_values_give_a_well_formed_chart_inside_its_box(numbers, barmode):
    cats = [f"u{i}" for i in range(len(numbers))]
    fig = go.Figure([go.Bar(x=numbers, y=cats, orientation="h", name="one"),
                     go.Bar(x=[abs(v) for v in numbers], y=cats, orientation="h", name="two")],
                    layout=dict(barmode=barmode, height=300))  # fmt: skip
    root = parse(svg.render(fig, 400))
    for r in root.iter("{http://www.w3.org/2000/svg}rect"):
        if r.get("width") is None:
            continue
        x, w = float(r.get("x", 0)), float(r.get("width"))
        assert math.isfinite(x) and math.isfinite(w)
        assert -1 <= x and x + w <= 401


def test_hatched_bars_are_white_lines_clipped_to_each_bar_not_a_pattern_fill():
    # Chromium prints a <pattern> fill into a PDF as tiles: the report's coverage chart alone
    # took 1.1 s to print and 1.85 MB of PDF. Lines clipped to their bar print at once.
    fig = go.Figure(go.Bar(x=[3.0, 1.0, 2.0], y=["a", "b", "c"], orientation="h", name="Outside",
                           marker={"color": "#D55E00", "pattern": {"shape": ["/", "", "/"]}}),
                    layout={"showlegend": True, "height": 300})  # fmt: skip
    root = parse(svg.render(fig, 400))
    tag = "{http://www.w3.org/2000/svg}"
    assert not list(root.iter(f"{tag}pattern"))
    clips = {c.get("id"): c.find(f"{tag}rect").attrib for c in root.iter(f"{tag}clipPath")}
    paths = list(root.iter(f"{tag}path"))
    assert len(paths) == 3  # the legend's swatch and bars a and c; b is plain
    bars = [r.attrib for r in root.iter(f"{tag}rect") if r.get("fill") == "#D55E00"]
    for path in paths:
        box = clips[path.get("clip-path")[5:-1]]
        assert box in [{k: b[k] for k in ("x", "y", "width", "height")} for b in bars]
        x, y, w, h = (float(box[k]) for k in ("x", "y", "width", "height"))
        ends = [tuple(map(float, p.split())) for p in path.get("d")[1:].replace("L", "M").split("M")]
        assert len(ends) >= 2 * (w + h) / 12  # lines 8 px apart (11.3 px along an edge)
        for px, py in ends:
            assert x - 2.1 <= px <= x + w + 2.1 and y - 2.1 <= py <= y + h + 2.1
            k = (px + py) / (8 * math.sqrt(2))  # one grid for the chart, as a pattern lies
            assert abs(k - round(k)) * 8 * math.sqrt(2) < 0.15
        assert path.get("stroke") == "white"
