"""Figures for comparing two scenarios. Pure plotly: data in, figure out, no Streamlit.

The slope chart labels every force with its name and both ranks, so nothing is read
from colour alone; the biggest movers get an Okabe-Ito colour and a thick line, the
rest are grey.
"""

from __future__ import annotations

import pandas as pd

from ui.figures import FONT, GREY, OKABE_ITO, plain_text

# Okabe-Ito without yellow (too faint on a projector's white) and black (reads as grey lines).
HIGHLIGHT = [c for c in OKABE_ITO if c not in ("#F0E442", "#000000")]


def change_text(change: int) -> str:
    """▲ 3, ▼ 2 or – for a change in places (positive = climbed)."""
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "–"


def slope_chart(pairs: pd.DataFrame, label_a: str, label_b: str, highlight: list[str]) -> dict:
    """Ranks in scenario A (left) and B (right), one line per force, best at the top.

    A plain figure dict: ``ui.svg`` draws it as it is, and plotly validates it only when it is
    drawn interactively (building 43 validated traces took most of the 85 ms this chart and its
    image took; see :func:`ui.figures.layout`).

    Parameters
    ----------
    pairs : DataFrame
        :func:`scoring.together.compare.paired_ranks` output: ``name, rank_a, rank_b, change``.
    highlight : list of codes
        Forces drawn in colour with thick lines (the biggest movers); the rest are grey.
    """
    colours = {code: HIGHLIGHT[i % len(HIGHLIGHT)] for i, code in enumerate(highlight)}
    ordered = [c for c in pairs.index if c not in colours] + [
        c for c in highlight if c in pairs.index
    ]
    traces = []
    for code in ordered:  # highlighted lines last, so they are drawn on top
        row = pairs.loc[code]
        colour = colours.get(code, GREY)
        strong = code in colours
        name = plain_text(row["name"])
        a, b, change = int(row["rank_a"]), int(row["rank_b"]), int(row["change"])
        hover = (f"{name}<br>{plain_text(label_a)}: {a}<br>{plain_text(label_b)}: {b}"
                 f"<br>{change_text(change)}")  # fmt: skip
        traces.append(dict(
            type="scatter", x=[0, 1], y=[row["rank_a"], row["rank_b"]], mode="lines+markers+text",
            line=dict(color=colour, width=3.5 if strong else 1.2),
            marker=dict(size=9 if strong else 5, color=colour), opacity=1.0 if strong else 0.65,
            text=[f"{name}  {a}", f"{b}  {name}" + (f"  ({change_text(change)})" if strong else "")],
            textposition=["middle left", "middle right"],
            textfont=dict(color="#000000" if strong else "#555555", size=13 if strong else 11),
            hovertext=hover, hoverinfo="text", showlegend=False, name=name,
        ))  # fmt: skip
    n = int(max(pairs["rank_a"].max(), pairs["rank_b"].max())) if len(pairs) else 1
    xaxis = dict(tickvals=[0, 1], ticktext=[plain_text(label_a), plain_text(label_b)],
                 range=[-0.9, 1.9], side="top", showgrid=False, zeroline=False,
                 tickfont=dict(size=15))  # fmt: skip
    yaxis = dict(range=[n + 0.5, 0.5], visible=False)  # reversed: rank 1 at the top
    return {"data": traces, "layout": dict(
        xaxis=xaxis, yaxis=yaxis, height=max(420, 21 * n + 90),
        margin=dict(l=10, r=10, t=50, b=10), font=FONT, hovermode="closest",
        plot_bgcolor="white")}  # fmt: skip
