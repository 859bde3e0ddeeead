"""Figures of the Context and fairness page. Pure plotly: data in, figure out, no Streamlit.

Colours come from :mod:`ui.figures` (Okabe-Ito, colour-blind safe; Cividis for ordered
values). Nothing is told by colour alone: readings also differ by marker symbol, and the page
shows a table beside every chart. Force names come from data files and reach plotly only as
data (hover text, labels), which it renders as text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import figures

IMPROVING, STABLE, DETERIORATING = figures.OKABE_ITO[0], figures.GREY, figures.OKABE_ITO[5]
STYLE = {  # reading -> (colour, marker symbol)
    "improving": (IMPROVING, "triangle-down"),
    "stable": (STABLE, "circle"),
    "deteriorating": (DETERIORATING, "triangle-up"),
}
HEIGHT = 400


def group_map(members: pd.DataFrame) -> dict:
    """The focus force's group on a map, coloured by distance (others grey): a plain figure
    dict, as :func:`ui.figures.value_map` gives.

    ``members`` is indexed by code with ``name`` and ``distance`` (0 for the force itself,
    NaN for forces outside the group).
    """
    fig = figures.value_map(members, "distance", "Distance", scale="Cividis", number=":.2f",
                            missing="not in the group")  # fmt: skip
    frame = fig["layout"]
    frame.update(height=HEIGHT, margin=dict(l=0, r=0, t=10, b=0))
    frame["map"] = {**frame["map"], "zoom": 4.6, "center": dict(lat=52.7, lon=-2.0)}
    frame["coloraxis"]["showscale"] = False  # the page says "darker = more alike"; hover has the number
    return fig


def adjusted_scatter(table: pd.DataFrame, labelled: int = 6) -> go.Figure:
    """Raw rank against context-adjusted rank, coloured by the Black, Asian and minority
    ethnic share; forces above the diagonal rank better once context is allowed for.

    ``table`` is :attr:`scoring.context.fairness.Adjustment.table`; the ``labelled`` forces
    that move most carry their name.
    """
    n = len(table)
    colour = table["diversity"] if "diversity" in table else None
    fig = go.Figure()
    fig.add_scatter(x=[1, n], y=[1, n], mode="lines", line=dict(color=figures.GREY, dash="dash"),
                    name="no change", hoverinfo="skip", showlegend=False)  # fmt: skip
    movers = table["places"].abs().sort_values(ascending=False).index[:labelled]
    fig.add_scatter(
        x=table["rank"], y=table["adjusted_rank"], mode="markers+text", name="force",
        text=[str(name) if code in movers else "" for code, name in table["name"].items()],
        # Names open towards the middle of the chart, so none runs off its edge.
        textposition=["middle left" if r < n / 2 else "middle right" for r in table["rank"]],
        textfont=dict(size=11), showlegend=False,
        marker=dict(size=10, color=colour, colorscale="Cividis", showscale=colour is not None,
                    colorbar=dict(title=dict(text="BAME"), tickformat=".0%", thickness=10, len=0.7),
                    line=dict(width=0.5, color="white")),
        customdata=np.column_stack([table["name"], table["places"]]),
        hovertemplate="%{customdata[0]}<br>raw rank %{x}, adjusted %{y} "
        "(places %{customdata[1]:+d})<extra></extra>",
    )  # fmt: skip
    fig.update_xaxes(title="Raw rank (1 = best)", range=[n + 1, 0])
    fig.update_yaxes(title="Context-adjusted rank", range=[n + 1, 0])
    fig.add_annotation(x=n * 0.2, y=n * 0.95, text="above the line: climbs once context<br>"
                       "is allowed for", showarrow=False, font=dict(size=11, color="#555"))
    return figures._layout(fig, height=HEIGHT)


def change_dots(year: pd.DataFrame, code: str | None) -> go.Figure:
    """Each force's year-on-year change with its noise band, smallest change first.

    ``year`` is :meth:`scoring.context.travel.Travel.year_table`; the force ``code`` is ringed.
    """
    rows = year.sort_values("change")
    fig = go.Figure()
    for reading, (colour, symbol) in STYLE.items():
        part = rows[rows["reading"] == reading]
        if not len(part):
            continue
        fig.add_scatter(
            x=list(part["name"]), y=part["change"], mode="markers", name=reading,
            marker=dict(color=colour, symbol=symbol, size=9),
            error_y=dict(type="data", array=part["band"], color=colour, thickness=1.2, width=0),
            hovertemplate="%{x}: %{y:+.1%} (noise band ±%{error_y.array:.1%})<extra></extra>",
        )  # fmt: skip
    if code in rows.index:
        fig.add_scatter(x=[rows.at[code, "name"]], y=[rows.at[code, "change"]], mode="markers",
                        marker=dict(size=17, color="rgba(0,0,0,0)", line=dict(width=2, color="#000")),
                        name="in focus", hoverinfo="skip")  # fmt: skip
    fig.add_hline(y=0, line_color="#333333", line_width=1)
    fig.update_xaxes(categoryorder="array", categoryarray=list(rows["name"]), showticklabels=False,
                     title="Forces, smallest change first (hover for names)")  # fmt: skip
    fig.update_yaxes(title="Change on the year before", tickformat="+.0%")
    return figures._layout(fig, height=HEIGHT)


def force_series(table: pd.DataFrame, name: str, relative: bool) -> go.Figure:
    """One force's Crime Severity Score over the years, England and Wales beside it, and the
    years flagged improving (▼) or deteriorating (▲).

    ``table`` is :meth:`scoring.context.travel.Travel.force_table`.
    """
    fig = go.Figure()
    fig.add_scatter(x=table.index, y=table["national_css"], mode="lines", name="England and Wales",
                    line=dict(color=figures.GREY, dash="dash"))  # fmt: skip
    fig.add_scatter(x=table.index, y=table["css"], mode="lines+markers", name=str(name),
                    line=dict(color=figures.OKABE_ITO[0]), marker=dict(size=5))  # fmt: skip
    for reading in ("improving", "deteriorating"):
        colour, symbol = STYLE[reading]
        part = table[table["reading"] == reading]
        if len(part):
            fig.add_scatter(x=part.index, y=part["css"], mode="markers", name=reading + (
                " (against England and Wales)" if relative else ""),
                marker=dict(color=colour, symbol=symbol, size=13, line=dict(width=1, color="#000")),
                customdata=part["change"],
                hovertemplate="%{x}: %{y:.2f}, change %{customdata:+.1%}<extra></extra>")  # fmt: skip
    fig.update_xaxes(title="Year ending March", dtick=2)
    fig.update_yaxes(title="Crime Severity Score (lower is better)")
    return figures._layout(fig, height=HEIGHT)


def ratchet_years(years: pd.DataFrame) -> go.Figure:
    """Per year: forces whose bar tightened beyond noise, tightened within noise, or eased.

    ``years`` is :attr:`scoring.context.travel.RatchetHistory.years`.
    """
    fig = go.Figure()
    parts = (
        (years["improved"] - years["improved_on_noise"], "improved", IMPROVING, ""),
        (years["improved_on_noise"], "improved, within noise", figures.OKABE_ITO[4], "/"),
        (years["slipped"], "slipped", DETERIORATING, "x"),
    )  # fmt: skip
    for values, name, colour, pattern in parts:
        fig.add_bar(x=years.index, y=values, name=name, marker_color=colour,
                    marker_pattern_shape=pattern,
                    hovertemplate="%{x}: %{y} forces " + name + "<extra></extra>")  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="Year ending March", dtick=2)
    fig.update_yaxes(title="Forces")
    figures._layout(fig, height=HEIGHT)
    fig.update_layout(legend=dict(entrywidth=1.0))  # one entry per row: no name is cut short
    return fig
