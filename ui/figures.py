"""Plotly figures shared by the pages. Pure functions: data in, figure out, no Streamlit.

Colours are colour-blind safe: the Okabe-Ito palette for categories (Okabe & Ito
2008, "Color Universal Design") and Viridis/Cividis for ordered values. Rank is
never shown by colour alone: every chart has the numbers in its hover text and the
pages show a table beside it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.express as px
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


def _layout(fig: go.Figure, *, height: int, title: str | None = None, **extra) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=FONT,
        title=dict(text=title) if title else None,
        # A fixed entry width: without it Streamlit's theme stacks a horizontal legend
        # one entry per row in narrow columns.
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, entrywidth=0.5,
                    entrywidthmode="fraction", traceorder="normal", font=dict(size=12)),
        **extra,
    )
    # Axis titles and tick labels push the margins out rather than fall off the figure.
    fig.update_xaxes(automargin=True)
    return fig.update_yaxes(automargin=True)


def league_bars(ranked: pd.DataFrame, measures: list[str], labels: dict[str, str],
                additive: bool, score_label: str = "Score") -> go.Figure:
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
    fig = go.Figure()
    colours = measure_colours(measures)
    if additive:
        # A measure with no weight (or no data yet) adds nothing: no bar, no legend entry.
        for m in [m for m in measures if ranked[f"c_{m}"].fillna(0).abs().gt(0).any()]:
            fig.add_bar(
                y=names, x=ranked[f"c_{m}"], orientation="h", name=labels[m],
                marker_color=colours[m],
                hovertemplate="%{y}<br>" + labels[m] + ": %{x:.3f}<extra></extra>",
            )  # fmt: skip
        fig.update_layout(barmode="stack")
    else:
        fig.add_bar(
            y=names, x=ranked["score"], orientation="h", name=score_label, marker_color=OKABE_ITO[0],
            hovertemplate="%{y}<br>" + score_label + ": %{x:.3f}<extra></extra>",
        )  # fmt: skip
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=12))
    fig.update_xaxes(title=score_label)
    fig = _layout(fig, height=max(360, 22 * len(ranked) + 80))
    # Fixed-width legend entries: a fraction of the plot area (narrowed by the names) cuts
    # the longer measure labels in a half-width column.
    return fig.update_layout(legend=dict(entrywidthmode="pixels", entrywidth=150, x=-0.6))


def indicator_profile(profile: pd.DataFrame, unit_name: str) -> go.Figure:
    """A unit's indicators against England and Wales, as ratios (1 = national value).

    ``profile`` has ``label``, ``value``, ``national``, ``better`` ("higher"/"lower").
    Bars right of 1 are above the national value; the hover says whether that is good.
    """
    ratio = profile["value"] / profile["national"]
    good = ((ratio >= 1) & (profile["better"] == "higher")) | (
        (ratio <= 1) & (profile["better"] == "lower")
    )
    fig = go.Figure(
        go.Bar(
            y=profile["label"], x=ratio, orientation="h", base=0,
            marker_color=[OKABE_ITO[0] if g else OKABE_ITO[5] for g in good],
            marker_pattern_shape=["" if g else "/" for g in good],
            customdata=profile[["value", "national", "better"]].to_numpy(),
            hovertemplate="%{y}<br>" + unit_name + ": %{customdata[0]:.3g}<br>"
            "England and Wales: %{customdata[1]:.3g}<br>ratio %{x:.2f} (%{customdata[2]} is better)"
            "<extra></extra>",
        )  # fmt: skip
    )
    fig.add_vline(x=1, line_dash="dash", line_color="#333333")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Ratio to England and Wales<br>(hatched = worse)")
    return _layout(fig, height=max(300, 38 * len(profile) + 90))


@cache
def boundaries() -> dict:
    """The simplified force-area boundaries shipped in ``sample_data``."""
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def rank_map(table: pd.DataFrame, value: str = "rank", title: str = "Rank (1 = best)",
             n_max: int | None = None, hover: dict[str, str] | None = None) -> go.Figure:
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
              missing: str = "no value", hover: dict[str, str] | None = None) -> go.Figure:
    """Choropleth of force areas coloured by any numeric column (offline, white background).

    ``table`` is indexed by ONS code with a ``name`` column; ``number`` formats the hover
    value; units without a value are drawn grey with the ``missing`` text; ``hover``
    adds columns (column -> label) to the hover text.
    """
    data = table.reset_index().rename(columns={table.index.name or "index": "code"})
    data[value] = pd.to_numeric(data[value], errors="coerce").astype(float)
    extra = dict(hover or {})
    fig = px.choropleth_map(
        data[data[value].notna()], geojson=boundaries(), featureidkey="properties.code",
        locations="code", color=value, color_continuous_scale=scale, range_color=range_color,
        hover_name="name", hover_data={"code": False, value: number, **dict.fromkeys(extra, True)},
        labels={value: title, **extra}, map_style="white-bg", zoom=5.0, center=dict(lat=52.7, lon=-2.3),
    )  # fmt: skip
    absent = data[data[value].isna()]
    if len(absent):
        fig.add_trace(go.Choroplethmap(
            geojson=boundaries(), featureidkey="properties.code", locations=absent["code"],
            z=[0] * len(absent), colorscale=[[0, GREY], [1, GREY]], showscale=False,
            text=absent["name"], hovertemplate="%{text}: " + missing + "<extra></extra>",
        ))  # fmt: skip
    fig.update_traces(marker_line_width=0.6, marker_line_color="white")
    fig.update_coloraxes(colorbar=dict(title=dict(text=title), thickness=14))
    return _layout(fig, height=640)


def plain_text(text: str) -> str:
    """User text for a plotly label: ``& < >`` as entities, so plotly shows them instead of
    reading tags such as ``<a href=...>`` or ``<b>`` (plotly renders a few HTML tags)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
