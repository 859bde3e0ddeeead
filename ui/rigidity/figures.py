"""Figures of the rigidity page. Pure plotly: data in, figure out, no Streamlit.

Colours come from :mod:`ui.figures` (Okabe-Ito, colour-blind safe). Nothing is told by
colour alone: what is outside the basket is also hatched, and every bar carries its
number as text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui import figures

INSIDE, OUTSIDE = figures.OKABE_ITO[0], figures.OKABE_ITO[5]
NOW, CHASING = figures.OKABE_ITO[4], figures.OKABE_ITO[1]
HATCH = "/"


def _height(rows: int, per_row: int = 22, extra: int = 90) -> int:
    return max(300, per_row * rows + extra)


def _bar_traces(y, rows: pd.DataFrame, series, number: str, unit: str = "",
                position: str = "outside") -> list[dict]:
    """Horizontal bars, one trace per ``(column, name, colour, pattern)`` in ``series``.

    ``number`` is a format spec such as ``".1%"``; every bar carries its value as text.
    """
    text = ("{:" + number + "}" + unit).format
    return [dict(type="bar", y=_values(y), x=rows[column].to_numpy(), orientation="h", name=name,
                 marker=dict(color=colour, pattern=dict(shape=pattern)),
                 text=rows[column].map(text).to_numpy(), textposition=position,
                 insidetextanchor="middle",
                 hovertemplate="%{y}<br>" + name + ": %{x:" + number + "}" + unit + "<extra></extra>")
            for column, name, colour, pattern in series]  # fmt: skip


def _values(y):
    return y.to_numpy() if isinstance(y, pd.Series) else y


def _paired(y, rows: pd.DataFrame, series, number: str, unit: str = "", *, x: dict,
            height: int) -> dict:
    """Two bars per row side by side, the axis leaving room for the text (a figure dict)."""
    top = float(max(rows[column].max() for column, *_ in series))
    axes = figures._axes({"range": [0, top * 1.25], **x}, {})
    return {"data": _bar_traces(y, rows, series, number, unit),
            "layout": figures.layout(height=height, barmode="group", **axes)}


def coverage_bars(table: pd.DataFrame) -> dict:
    """Each force's recorded harm split into inside and outside the basket (shares).

    ``table`` has ``name``, ``coverage`` and ``outside``; rows are drawn best covered first.
    A plain figure dict, as the page's first view (see :func:`ui.figures.layout`).
    """
    rows = table.sort_values("coverage", ascending=False)
    traces = _bar_traces(rows["name"], rows, (("coverage", "Inside", INSIDE, ""),
                                              ("outside", "Outside", OUTSIDE, HATCH)), ".0%",
                         position="inside")  # fmt: skip
    axes = figures._axes(dict(tickformat=".0%", range=[0, 1],
                              title=dict(text="Share of recorded crime harm")),
                         dict(autorange="reversed", tickfont=dict(size=12)))  # fmt: skip
    return {"data": traces,
            "layout": figures.layout(height=_height(len(rows)), barmode="stack", **axes)}


def group_harm_bars(groups: pd.DataFrame) -> dict:
    """England and Wales harm by offence group, marked in, partly in or outside the basket
    (a plain figure dict, as :func:`coverage_bars`)."""
    rows = groups[groups["harm"] > 0].sort_values("harm", ascending=False)
    styles = {"in the basket": ("Inside", INSIDE, ""),
              "partly in the basket": ("Partly", figures.OKABE_ITO[2], "."),
              "outside the basket": ("Outside", OUTSIDE, HATCH)}  # fmt: skip
    traces = []
    for status, (name, colour, pattern) in styles.items():
        part = rows[rows["status"] == status]
        if len(part):
            traces += _bar_traces(part["label"], part, [("share", name, colour, pattern)], ".1%")
    axes = figures._axes(dict(tickformat=".0%", title=dict(text="Share of England and Wales recorded harm"),
                              range=[0, float(rows["share"].max()) * 1.3 if len(rows) else 1]),
                         dict(categoryorder="array", categoryarray=list(rows["label"]),
                              autorange="reversed"))  # fmt: skip
    return {"data": traces, "layout": figures.layout(height=_height(len(rows), 26), **axes)}


def effort_bars(table: pd.DataFrame, pressure: float) -> dict:
    """Effort per domain now and under target pressure, in % of officer time."""
    rows = table.iloc[::-1]
    labels = [f"{lab} {'(measured)' if m else '(outside)'}"
              for lab, m in zip(rows["label"], rows["measured"], strict=True)]  # fmt: skip
    return _paired(labels, rows, (
        ("status_quo", "Now", NOW, ""),
        ("at_pressure", f"Chasing the table (pressure {pressure:.2f})", CHASING, HATCH),
    ), ".1f", "%", x=dict(title=dict(text="Share of officer time (%)")),
        height=_height(2 * len(rows), 17))  # fmt: skip


def drift_curve(path: dict, pressure: float) -> go.Figure:
    """League-score gain against local value lost as target pressure rises."""
    fig = go.Figure()
    for key, name, colour, dash in (("league_gain", "League score gain", CHASING, "solid"),
                                    ("value_loss", "Local value lost", OUTSIDE, "dash")):
        fig.add_scatter(
            x=path["pressure"], y=path[key], name=name, mode="lines+markers",
            line=dict(color=colour, dash=dash),
            hovertemplate="pressure %{x:.2f}<br>" + name + ": %{y:.1%}<extra></extra>",
        )  # fmt: skip
    fig.add_vline(x=pressure, line_dash="dot", line_color="#333333",
                  annotation_text=f"pressure {pressure:.2f}")  # fmt: skip
    fig.update_xaxes(title="Target pressure (0 = local priorities, 1 = chase the table)")
    fig.update_yaxes(tickformat=".0%", title="Change against now")
    return figures._layout(fig, height=360)


def weights_compare(table: pd.DataFrame, local_label: str) -> dict:
    """National against local weight on every domain."""
    rows = table.iloc[::-1]
    return _paired(rows["label"], rows, (("national", "National", INSIDE, ""),
                                         ("local", local_label, CHASING, HATCH)), ".0%",
                   x=dict(tickformat=".0%", title=dict(text="Share of the weight")),
                   height=_height(2 * len(rows), 15))  # fmt: skip


def rank_scatter(table: pd.DataFrame, highlight: str | None = None) -> go.Figure:
    """Rank under national weights (x) against rank under each force's own harm profile (y)."""
    rows = table.dropna(subset=["rank_national", "rank_own"])
    n = int(rows["rank_national"].max()) if len(rows) else 1
    fig = go.Figure()
    fig.add_scatter(x=[1, n], y=[1, n], mode="lines", name="Same rank",
                    line=dict(color=figures.GREY, dash="dash"), hoverinfo="skip")  # fmt: skip
    fig.add_scatter(
        x=rows["rank_national"].astype(float), y=rows["rank_own"].astype(float), mode="markers",
        name="Force", marker=dict(color=INSIDE, size=9), text=rows["name"],
        hovertemplate="%{text}<br>national %{x:.0f}, own harm profile %{y:.0f}<extra></extra>",
    )  # fmt: skip
    if highlight in rows.index:
        row = rows.loc[highlight]
        fig.add_scatter(
            x=[float(row["rank_national"])], y=[float(row["rank_own"])], mode="markers+text",
            name=str(row["name"]), text=[str(row["name"])], textposition="bottom left",
            marker=dict(color=CHASING, size=15, symbol="diamond"),
        )  # fmt: skip
    for axis in (fig.update_xaxes, fig.update_yaxes):
        axis(autorange="reversed", dtick=5)
    fig.update_xaxes(title="Rank under national weights (1 = best)")
    fig.update_yaxes(title="Rank under its own harm profile")
    return figures._layout(fig, height=520)


def ratchet_bars(table: pd.DataFrame) -> go.Figure:
    """How far each force's bar moves under a ratchet: tougher if it improved, easier if it slipped.

    The move is written beside each force's name; whiskers show the band chance alone produces.
    """
    rows = table.dropna(subset=["change"]).sort_values("change", ascending=False)
    labels = [f"{n} ({c:+.1%})" for n, c in zip(rows["name"], rows["change"], strict=True)]
    rows = rows.assign(label=labels)
    fig = go.Figure()
    for mask, name, colour, pattern in ((rows["change"] > 0, "Tougher (improved)", INSIDE, ""),
                                        (rows["change"] <= 0, "Easier (slipped)", OUTSIDE, HATCH)):
        part = rows[mask]
        fig.add_bar(
            y=part["label"], x=part["change"], orientation="h", name=name, marker_color=colour,
            marker_pattern_shape=pattern, customdata=part["noise"],
            error_x=dict(type="data", array=part["noise"], color="#555555", thickness=1),
            hovertemplate="%{y}<br>bar moves %{x:+.1%} (chance ±%{customdata:.1%})<extra></extra>",
        )  # fmt: skip
    reach = float((rows["change"].abs() + rows["noise"]).quantile(0.95)) if len(rows) else 1.0
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed",
                     tickfont=dict(size=12))  # fmt: skip
    fig.update_xaxes(tickformat="+.0%", range=[-reach, reach],
                     title="Next year's bar against this year's (whisker: chance)")  # fmt: skip
    return figures._layout(fig, height=_height(len(rows)))
