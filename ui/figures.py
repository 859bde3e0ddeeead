"""Plotly figures shared by the pages. Pure functions: data in, figure out, no Streamlit.

Colours are colour-blind safe: the Okabe-Ito palette for categories (Okabe & Ito
2008, "Color Universal Design") and Viridis/Cividis for ordered values. Rank is
never shown by colour alone: every chart has the numbers in its hover text (a first view's
chart, drawn as an image by ``ui.svg``, shows them once its "Values on hover" switch is on)
and the pages show a table beside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#9A9A9A"
FONT = dict(size=15)
MAP_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023."
)
BOUNDARIES = Path(__file__).resolve().parents[1] / "sample_data" / "boundaries.geojson"


def measure_colours(measures: list[str]) -> dict[str, str]:
    """A fixed colour per measure, in measure order."""
    return {m: OKABE_ITO[i % len(OKABE_ITO)] for i, m in enumerate(measures)}


def layout(*, height: int, title: str | None = None, **extra) -> dict:
    """The house layout as a plain dict: the one place its margins, font and legend are set.

    Every page's first-view charts, the maps and the report's charts are plain figure dicts:
    ``ui.svg`` draws them as they are, and plotly validates one only when it is drawn
    interactively (``st.plotly_chart`` takes the dict). Built with plotly's ``add_*`` and
    ``update_*`` calls, each property was validated again, and a ``go.Figure`` was copied
    again for ``ui.svg``: that cost several times the drawing, for example 85 ms against 7 ms
    for the Compare page's slope chart and 131 ms against 42 ms for a map (measured). Tests
    check that each dict draws the same SVG as its validated figure, byte for byte."""
    return dict(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=FONT,
        **({"title": dict(text=title)} if title else {}),
        # A fixed entry width: without it Streamlit's theme stacks a horizontal legend
        # one entry per row in narrow columns.
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, entrywidth=0.5,
                    entrywidthmode="fraction", traceorder="normal", font=dict(size=12)),
        **extra,
    )  # fmt: skip


def _layout(fig: go.Figure, *, height: int, title: str | None = None, **extra) -> go.Figure:
    fig.update_layout(layout(height=height, title=title, **extra))
    # Axis titles and tick labels push the margins out rather than fall off the figure.
    fig.update_xaxes(automargin=True)
    return fig.update_yaxes(automargin=True)


def _axes(x: dict, y: dict) -> dict:
    """Layout axes of a one-panel figure, with :func:`_layout`'s automargins."""
    return {"xaxis": {**x, "automargin": True}, "yaxis": {**y, "automargin": True}}


def hline(y: float, text: str, side: str, **line) -> dict:
    """Layout ``shapes`` and ``annotations`` of a line across the plot at ``y``, labelled
    ``text`` at its right end, above it (``side="top"``) or below: what plotly's
    ``add_hline(..., annotation_position="top right")`` puts in a figure, for a figure dict."""
    return {"shapes": [dict(line=line, type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y")],
            "annotations": [dict(showarrow=False, text=text, x=1, xanchor="right", xref="x domain",
                                 y=y, yanchor="bottom" if side == "top" else "top", yref="y")]}  # fmt: skip


def league_bars(ranked: pd.DataFrame, measures: list[str], labels: dict[str, str],
                additive: bool, score_label: str = "Score") -> dict:
    """Horizontal bars, best at the top; stacked by measure when parts add up to the score.

    Parameters
    ----------
    ranked : DataFrame
        Rows best first, with ``name``, ``rank``, ``score`` and ``c_<measure>`` columns.
    additive : bool
        True when the contributions sum to the score (arithmetic aggregation); otherwise
        one bar per unit shows the score and the hover lists the parts.
    """
    names = [f"{int(r)}. {n}" for r, n in zip(ranked["rank"], ranked["name"], strict=True)]
    colours = measure_colours(measures)
    if additive:
        # A measure with no weight (or no data yet) adds nothing: no bar, no legend entry.
        shown = [m for m in measures if ranked[f"c_{m}"].fillna(0).abs().gt(0).any()]
        bars = [(ranked[f"c_{m}"], labels[m], colours[m]) for m in shown]
    else:
        bars = [(ranked["score"], score_label, OKABE_ITO[0])]
    traces = [dict(type="bar", y=names, x=x, orientation="h", name=name, marker=dict(color=colour),
                   hovertemplate="%{y}<br>" + name + ": %{x:.3f}<extra></extra>")
              for x, name, colour in bars]  # fmt: skip
    frame = layout(height=max(360, 22 * len(ranked) + 80), **({"barmode": "stack"} if additive else {}),
                   **_axes(dict(title=dict(text=score_label)),
                           dict(autorange="reversed", tickfont=dict(size=12))))  # fmt: skip
    # Fixed-width legend entries: a fraction of the plot area (narrowed by the names) cuts
    # the longer measure labels in a half-width column.
    frame["legend"].update(entrywidthmode="pixels", entrywidth=150, x=-0.6)
    return {"data": traces, "layout": frame}


def indicator_profile(profile: pd.DataFrame, unit_name: str) -> dict:
    """A unit's indicators against England and Wales, as ratios (1 = national value).

    ``profile`` has ``label``, ``value``, ``national``, ``better`` ("higher"/"lower").
    Bars right of 1 are above the national value; the hover says whether that is good.
    """
    ratio = profile["value"] / profile["national"]
    good = ((ratio >= 1) & (profile["better"] == "higher")) | (
        (ratio <= 1) & (profile["better"] == "lower")
    )
    bar = dict(
        type="bar", y=profile["label"], x=ratio, orientation="h", base=0,
        marker=dict(color=[OKABE_ITO[0] if g else OKABE_ITO[5] for g in good],
                    pattern=dict(shape=["" if g else "/" for g in good])),
        customdata=profile[["value", "national", "better"]].to_numpy(),
        hovertemplate="%{y}<br>" + unit_name + ": %{customdata[0]:.3g}<br>"
        "England and Wales: %{customdata[1]:.3g}<br>ratio %{x:.2f} (%{customdata[2]} is better)"
        "<extra></extra>",
    )  # fmt: skip
    national = dict(type="line", x0=1, x1=1, xref="x", y0=0, y1=1, yref="y domain",
                    line=dict(dash="dash", color="#333333"))  # fmt: skip
    frame = layout(height=max(300, 38 * len(profile) + 90), shapes=[national],
                   **_axes(dict(title=dict(text="Ratio to England and Wales<br>(hatched = worse)")),
                           dict(autorange="reversed")))  # fmt: skip
    return {"data": [bar], "layout": frame}


@cache
def boundaries() -> dict:
    """The simplified force-area boundaries shipped in ``sample_data``."""
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def rank_map(table: pd.DataFrame, value: str = "rank", title: str = "Rank (1 = best)",
             n_max: int | None = None, hover: dict[str, str] | None = None) -> dict:
    """Choropleth of force areas coloured by ``value`` (offline MapLibre, white background).

    Rank 1 gets the bright end of Viridis (reversed); the colour range is pinned to 1..n so
    colours stay comparable between scenarios. Units without a value are drawn grey.
    No tiles are fetched: ``map_style="white-bg"`` draws the polygons on white.
    ``hover`` maps further columns of ``table`` to the labels their values get in the hover.
    """
    ranks = pd.to_numeric(table[value], errors="coerce").astype(float)
    n_max = n_max or int(ranks.max() if ranks.notna().any() else 1)
    return value_map(table, value, title, scale="Viridis_r", range_color=(1, n_max),
                     number=":.0f", missing="not ranked", hover=hover)


def value_map(table: pd.DataFrame, value: str, title: str, *, scale: str = "Cividis",
              range_color: tuple[float, float] | None = None, number: str = ":.1f",
              missing: str = "no value", hover: dict[str, str] | None = None) -> dict:
    """Choropleth of force areas coloured by any numeric column (offline, white background).

    ``table`` is indexed by ONS code with a ``name`` column; ``number`` formats the hover
    value; units without a value are drawn grey with the ``missing`` text; ``hover``
    adds columns (column -> label) to the hover text. Each trace carries only its own
    areas' boundaries: the page sends every boundary once.

    A plain figure dict, as :func:`layout` explains: plotly validates every boundary's
    coordinates when it makes a ``go.Figure`` and copies them again for ``ui.svg``, about
    80 ms of the 90-130 ms a map took to draw (measured); ``st.plotly_chart`` and ``ui.svg``
    take the dict as it is.
    """
    data = table.reset_index().rename(columns={table.index.name or "index": "code"})
    data[value] = pd.to_numeric(data[value], errors="coerce").astype(float)
    extra = dict(hover or {})
    shown, absent = data[data[value].notna()], data[data[value].isna()]
    lines = [f"{title}: %{{z{number}}}", *(f"{label}: %{{customdata[{i}]}}" for i, label in enumerate(extra.values()))]
    traces = [_areas(shown["code"], z=shown[value], coloraxis="coloraxis", hovertext=shown["name"],
                     customdata=shown[list(extra)].astype(str).to_numpy() if extra else None,
                     hovertemplate="<b>%{hovertext}</b><br>" + "<br>".join(lines) + "<extra></extra>")]  # fmt: skip
    if len(absent):
        traces.append(_areas(absent["code"], z=[0] * len(absent), colorscale=[[0, GREY], [1, GREY]],
                             showscale=False, text=absent["name"],
                             hovertemplate="%{text}: " + missing + "<extra></extra>"))  # fmt: skip
    low, high = range_color or (None, None)
    colours = dict(colorscale=scale, colorbar=dict(title=dict(text=title), thickness=14),
                   **({"cmin": low, "cmax": high} if range_color else {}))  # fmt: skip
    frame = layout(height=640, coloraxis=colours,
                   map=dict(style="white-bg", zoom=5.0, center=dict(lat=52.7, lon=-2.3)))  # fmt: skip
    return {"data": traces, "layout": frame}


def _areas(codes: pd.Series, **trace) -> dict:
    """A choropleth trace of the areas ``codes``, with their boundaries only."""
    wanted = set(codes)
    features = [f for f in boundaries()["features"] if f["properties"]["code"] in wanted]
    return dict(type="choroplethmap", geojson={"type": "FeatureCollection", "features": features},
                featureidkey="properties.code", locations=list(codes),
                marker=dict(line=dict(width=0.6, color="white")), **trace)  # fmt: skip


def plain_text(text: str) -> str:
    """User text for a plotly label: ``& < >`` as entities, so plotly shows them instead of
    reading tags such as ``<a href=...>`` or ``<b>`` (plotly renders a few HTML tags)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
