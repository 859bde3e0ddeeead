"""Figures for comparing two scenarios. Pure plotly: data in, figure out, no Streamlit.

The slope chart labels every force with its name and both ranks, so nothing is read
from colour alone; the biggest movers get an Okabe-Ito colour and a thick line, the
rest are grey.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.figures import FONT, GREY, OKABE_ITO, plain_text

# Okabe-Ito without yellow (too faint on a projector's white) and black (reads as grey lines).
HIGHLIGHT = [c for c in OKABE_ITO if c not in ("#F0E442", "#000000")]


def change_text(change: int) -> str:
    """▲ 3, ▼ 2 or – for a change in places (positive = climbed)."""
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "–"


def slope_chart(pairs: pd.DataFrame, label_a: str, label_b: str, highlight: list[str]) -> go.Figure:
    """Ranks in scenario A (left) and B (right), one line per force, best at the top.

    Parameters
    ----------
    pairs : DataFrame
        :func:`scoring.together.compare.paired_ranks` output: ``name, rank_a, rank_b, change``.
    highlight : list of codes
        Forces drawn in colour with thick lines (the biggest movers); the rest are grey.
    """
    fig = go.Figure()
    colours = {code: HIGHLIGHT[i % len(HIGHLIGHT)] for i, code in enumerate(highlight)}
    ordered = [c for c in pairs.index if c not in colours] + [
        c for c in highlight if c in pairs.index
    ]
    for code in ordered:  # highlighted lines last, so they are drawn on top
        row = pairs.loc[code]
        colour = colours.get(code, GREY)
        strong = code in colours
        name = plain_text(row["name"])
        hover = (
            f"{name}<br>{plain_text(label_a)}: {int(row['rank_a'])}<br>{plain_text(label_b)}: "
            f"{int(row['rank_b'])}"
            f"<br>{change_text(int(row['change']))}"
        )
        fig.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[row["rank_a"], row["rank_b"]],
                mode="lines+markers+text",
                line=dict(color=colour, width=3.5 if strong else 1.2),
                marker=dict(size=9 if strong else 5, color=colour),
                opacity=1.0 if strong else 0.65,
                text=[
                    f"{name}  {int(row['rank_a'])}",
                    f"{int(row['rank_b'])}  {name}"
                    + (f"  ({change_text(int(row['change']))})" if strong else ""),
                ],
                textposition=["middle left", "middle right"],
                textfont=dict(color="#000000" if strong else "#555555", size=13 if strong else 11),
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
                name=name,
            )
        )
    n = int(max(pairs["rank_a"].max(), pairs["rank_b"].max())) if len(pairs) else 1
    fig.update_xaxes(
        tickvals=[0, 1],
        ticktext=[plain_text(label_a), plain_text(label_b)],
        range=[-0.9, 1.9],
        side="top",
        showgrid=False,
        zeroline=False,
        tickfont=dict(size=15),
    )
    fig.update_yaxes(range=[n + 0.5, 0.5], visible=False)  # reversed: rank 1 at the top
    fig.update_layout(
        height=max(420, 21 * n + 90),
        margin=dict(l=10, r=10, t=50, b=10),
        font=FONT,
        hovermode="closest",
        plot_bgcolor="white",
    )
    return fig
