"""Plotly figures of the gaming page. Pure functions: frames in, figure out, no Streamlit.

Colour-blind safe (Okabe & Ito 2008 for categories, Cividis for ordered values) and
never colour alone: every figure prints its numbers on the marks or in the hover, uses
marker shapes or patterns for categories, and the page shows a table beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import OKABE_ITO, _axes, _layout, layout

TARGET_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star")


def climb_dots(rows: pd.DataFrame) -> dict:
    """Smallest change needed on each indicator, one marker shape per target.

    ``rows`` (one force): ``label, target, change_pct, count_text, status``. The x axis is
    the size of the change in per cent; unreachable routes are listed in the hover of a
    grey cross at the right edge. A plain figure dict (the page's first view; see
    :func:`ui.figures.layout`).
    """
    traces = []
    ok = rows[rows["status"] == "ok"]
    for i, (target, part) in enumerate(rows.groupby("target", sort=False)):
        hit = part[part["status"] == "ok"]
        traces.append(dict(
            type="scatter", x=hit["change_pct"].abs().to_numpy(), y=hit["label"].to_numpy(),
            mode="markers", name=f"climb {target}",
            marker=dict(symbol=TARGET_SYMBOLS[i % 5], size=12, color=OKABE_ITO[i % 8],
                        line=dict(width=1, color="#333333")),
            customdata=np.column_stack([hit["change_pct"], hit["count_text"]]),
            hovertemplate="%{y}: %{customdata[0]:+.1f}% (%{customdata[1]})<extra>climb "
            + target + "</extra>",
        ))  # fmt: skip
    ticks = [0.1, 0.3, 1, 3, 10, 30, 100, 300]
    axes = _axes(dict(title=dict(text="Change needed, per cent of the current value (log scale)"),
                      type="log", tickvals=ticks, ticktext=[f"{t:g}%" for t in ticks]),
                 dict(autorange="reversed", categoryorder="array",
                      categoryarray=list(dict.fromkeys(rows["label"]))))  # fmt: skip
    empty = ([dict(text="No single indicator can climb this far", showarrow=False, x=0.5, y=0.5,
                   xref="paper", yref="paper")] if ok.empty else [])  # fmt: skip
    frame = layout(height=max(300, 34 * rows["label"].nunique() + 110), **axes,
                   **({"annotations": empty} if empty else {}))  # fmt: skip
    return {"data": traces, "layout": frame}


def leverage_heatmap(leverage: pd.DataFrame, names: pd.Series, labels: dict[str, str],
                     ranks: pd.Series) -> dict:
    """Force x indicator heatmap of gaming leverage, forces in table order, values printed
    (a plain figure dict: the report draws it; see :func:`ui.figures.layout`)."""
    order = ranks.reindex(leverage.index).sort_values(kind="stable").index
    data = leverage.loc[order]
    y = [f"{int(ranks[c])}. {names[c]}" for c in order]
    x = [labels[j] for j in data.columns]
    cells = data.to_numpy()
    heat = dict(
        type="heatmap", z=cells, x=x, y=y, colorscale="Cividis", zmin=0,
        text=np.vectorize(lambda v: "" if v == 0 or np.isnan(v) else f"{v:.2f}")(cells),
        texttemplate="%{text}", textfont=dict(size=10),
        colorbar=dict(title=dict(text="Leverage"), thickness=14),
        hovertemplate="%{y}<br>%{x}<br>leverage %{z:.3f} places per 1% (weighted)<extra></extra>",
    )  # fmt: skip
    axes = _axes(dict(side="top", tickangle=-30), dict(autorange="reversed", tickfont=dict(size=11)))
    return {"data": [heat], "layout": layout(height=max(420, 20 * len(y) + 160), **axes)}


def threshold_bars(frame: pd.DataFrame, top: int = 10) -> go.Figure:
    """Forces within the threshold distance above (solid) and below (hatched) each force.

    ``frame``: ``label`` (rank and name), ``above``, ``below``, ``rank``; a dashed line
    marks the top-``top`` boundary, where a threshold is most tempting.
    """
    fig = go.Figure()
    fig.add_bar(x=frame["label"], y=frame["above"], name="a small rise would pass",
                marker_color=OKABE_ITO[0], text=_nonzero(frame["above"]), textposition="outside",
                hovertemplate="%{x}: a small rise passes %{y} force(s)<extra></extra>")  # fmt: skip
    fig.add_bar(x=frame["label"], y=-frame["below"], name="a small fall would let past",
                marker_color=OKABE_ITO[1], marker_pattern_shape="/",
                customdata=frame["below"], text=_nonzero(frame["below"]), textposition="outside",
                hovertemplate="%{x}: a small fall lets %{customdata} force(s) past"
                "<extra></extra>")  # fmt: skip
    boundary = frame.index[frame["rank"] <= top]
    if len(boundary) and len(boundary) < len(frame):
        fig.add_vline(x=len(boundary) - 0.5, line_dash="dash", line_color="#333333")
        fig.add_annotation(x=len(boundary) - 0.5, y=1, yref="paper", text=f"top {top}",
                           showarrow=False, xanchor="left")  # fmt: skip
    fig.update_layout(barmode="relative")
    fig.update_xaxes(tickangle=-60, tickfont=dict(size=10))
    fig.update_yaxes(title="Forces within the distance")
    return _layout(fig, height=460)


def _nonzero(values: pd.Series) -> list[str]:
    """Bar labels, blank for zero so empty bars do not carry a stray "0"."""
    return [str(int(v)) if v else "" for v in values]


def searches_by_group(by_group: pd.DataFrame) -> go.Figure:
    """Extra searches per 1,000 residents of each group, numbers on the bars."""
    fig = go.Figure(go.Bar(
        x=by_group["label"], y=by_group["per_1000"], marker_color=OKABE_ITO[5],
        text=[f"{v:.1f}" for v in by_group["per_1000"]], textposition="outside",
        customdata=np.column_stack([by_group["extra_searches"], by_group["no_further_action"]]),
        hovertemplate="%{x}: %{y:.2f} extra searches per 1,000<br>%{customdata[0]:,.0f} "
        "searches, %{customdata[1]:,.0f} ending in no further action<extra></extra>",
    ))  # fmt: skip
    fig.update_yaxes(title="Extra searches per 1,000 residents")
    return _layout(fig, height=340)


def recording_dumbbell(frame: pd.DataFrame, levels: tuple[int, ...]) -> go.Figure:
    """Each force's rank now and with ``levels`` per cent of crimes left unrecorded.

    ``frame``: ``label`` (rank and name), ``rank`` and ``rank_<level>`` columns, in table
    order. One marker shape per level, joined by a line so the climb reads as a distance.
    """
    fig = go.Figure()
    ends = frame[[f"rank_{levels[-1]}", "rank"]].to_numpy()
    xs = np.column_stack([ends, np.full(len(frame), np.nan)]).ravel()
    ys = np.repeat(frame["label"].to_numpy(), 3)
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="#BBBBBB", width=2),
                    showlegend=False, hoverinfo="skip")  # fmt: skip
    marks = [("rank", "now", "circle", OKABE_ITO[7])]
    marks += [(f"rank_{lv}", f"{lv}% unrecorded", TARGET_SYMBOLS[1 + i], OKABE_ITO[i])
              for i, lv in enumerate(levels)]  # fmt: skip
    for column, name, symbol, colour in marks:
        fig.add_scatter(x=frame[column], y=frame["label"], mode="markers", name=name,
                        marker=dict(symbol=symbol, size=10, color=colour),
                        hovertemplate="%{y}: rank %{x} (" + name + ")<extra></extra>")  # fmt: skip
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=10))
    fig.update_xaxes(title="Rank (1 = best)", autorange="reversed", dtick=5)
    return _layout(fig, height=max(420, 19 * len(frame) + 120))


def recording_lines(frame: pd.DataFrame) -> go.Figure:
    """One force's rank as the share left unrecorded grows, one line per indicator."""
    fig = go.Figure()
    for i, (label, part) in enumerate(frame.groupby("label", sort=False)):
        fig.add_scatter(x=part["pct"], y=part["rank"], mode="lines+markers", name=label,
                        line=dict(color=OKABE_ITO[i % 8], dash=("solid", "dot", "dash")[i % 3]),
                        marker=dict(symbol=TARGET_SYMBOLS[i % 5]),
                        hovertemplate=label + ": %{x}% unrecorded, rank %{y}"
                        "<extra></extra>")  # fmt: skip
    fig.update_xaxes(title="Share of recorded crimes left unrecorded (%)")
    fig.update_yaxes(title="Rank (1 = best)", autorange="reversed")
    return _layout(fig, height=380)
