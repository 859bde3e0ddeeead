"""Plotly figures for grades and the design assistant. Pure: data in, figure out, no Streamlit.

Grades are ordered, so they get an ordered colour-blind-safe scale (blue for the best
through grey to vermilion for the worst, from Okabe & Ito 2008); every number is also in
the hover text and in the table beside each chart, and the published grade is marked with
a symbol, never by colour alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import GREY, OKABE_ITO, _axes, _layout, layout, plain_text

BEST, WORST = OKABE_ITO[0], OKABE_ITO[5]
GRADE_COLOURS = {2: [BEST, WORST], 3: [BEST, GREY, WORST],
                 4: [BEST, OKABE_ITO[4], OKABE_ITO[1], WORST],
                 5: [BEST, OKABE_ITO[4], GREY, OKABE_ITO[1], WORST],
                 6: [BEST, OKABE_ITO[4], OKABE_ITO[2], GREY, OKABE_ITO[1], WORST]}  # fmt: skip
ROW = 17  # pixels per force


def grade_chances(frame: pd.DataFrame, names: tuple[str, ...]) -> dict:
    """One stacked bar per force: its chance of each grade, best score at the top.

    ``frame`` is :meth:`scoring.grading.misgrading.Grading.frame` with a ``p_<grade>`` column
    per grade (in the order of ``names``) and ``grade``, ``p_wrong``. A plain figure dict (the
    page's first view; see :func:`ui.figures.layout`).
    """
    ordered = frame.sort_values("score", ascending=False)
    rows = [plain_text(n) for n in ordered["name"]]
    columns = [c for c in ordered.columns if c.startswith("p_")][: len(names)]
    traces = [dict(type="bar", y=rows, x=ordered[column].to_numpy(), orientation="h", name=label,
                   marker=dict(color=colour), hovertemplate="%{y}<br>" + label + ": %{x:.0%}<extra></extra>")
              for label, column, colour in zip(names, columns, GRADE_COLOURS[len(names)], strict=True)]  # fmt: skip
    traces.append(dict(
        type="scatter", y=rows, x=[1.02] * len(rows), mode="markers+text",
        marker=dict(symbol="diamond", color="#333333", size=7),
        text=[plain_text(g) for g in ordered["grade"]], textposition="middle right", name="Published grade",
        customdata=ordered["p_wrong"].to_numpy(), hovertemplate="%{y}: published %{text}<br>chance it is wrong "
        "%{customdata:.0%}<extra></extra>", textfont=dict(size=11),
    ))  # fmt: skip
    axes = _axes(dict(range=[0, 1.62], tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1],
                      title=dict(text="Chance of each grade")),
                 dict(autorange="reversed", tickfont=dict(size=11)))  # fmt: skip
    return {"data": traces,
            "layout": layout(height=max(320, ROW * len(rows) + 90), barmode="stack", **axes)}


def interventions(counts: np.ndarray, published: int) -> go.Figure:
    """How many forces each re-run of the data sends for intervention, with the published count."""
    values, freq = np.unique(np.asarray(counts, dtype=int), return_counts=True)
    fig = go.Figure(go.Bar(x=values, y=freq / max(len(counts), 1), marker_color=OKABE_ITO[0],
                           name="Re-runs of the data",
                           hovertemplate="%{x} forces: %{y:.0%} of re-runs<extra></extra>"))  # fmt: skip
    fig.add_vline(x=published, line_dash="dash", line_color="#333333",
                  annotation_text=f"published: {published}", annotation_position="top")  # fmt: skip
    fig.update_xaxes(title="Forces sent for intervention", dtick=1)
    fig.update_yaxes(title="Share of re-runs", tickformat=".0%")
    return _layout(fig, height=320)


def threshold_strip(frame: pd.DataFrame, threshold: float, label: str, unit: str) -> go.Figure:
    """Each force's published value against one threshold (hatched: falls short)."""
    ordered = frame.sort_values("value", ascending=False)
    meets = ordered["meets"].fillna(False).astype(bool)
    fig = go.Figure(go.Bar(
        y=[plain_text(n) for n in ordered["name"]], x=ordered["value"], orientation="h",
        marker_color=[OKABE_ITO[0] if m else WORST for m in meets],
        marker_pattern_shape=["" if m else "/" for m in meets], customdata=ordered["p_meets"],
        hovertemplate="%{y}: %{x:.3g}<br>chance it meets: %{customdata:.0%}<extra></extra>",
    ))  # fmt: skip
    fig.add_vline(x=threshold, line_dash="dash", line_color="#333333",
                  annotation_text=f"threshold {threshold:g}", annotation_position="top")  # fmt: skip
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
    fig.update_xaxes(title=plain_text(f"{label} ({unit}; hatched = falls short)"))
    fig = _layout(fig, height=max(320, ROW * len(ordered) + 110))
    return fig.update_layout(margin=dict(t=40))


def pareto(points: pd.DataFrame, chosen: int | None = None) -> go.Figure:
    """Every admissible weighting evaluated: rank instability against gaming leverage.

    Lower is better on both axes; the Pareto set is joined by a line; your weights, the
    steadiest and the least gameable points are marked with their own symbols.
    """
    fig = go.Figure()
    rest = points[~points["pareto"]]
    fig.add_scatter(x=rest["instability"], y=rest["leverage"], mode="markers", name="Evaluated",
                    marker=dict(color=GREY, size=6, opacity=0.6), customdata=rest.index,
                    hovertemplate="point %{customdata}<br>mean width %{x:.1f} places<br>"
                    "largest leverage %{y:.3f}<extra></extra>")  # fmt: skip
    front = points[points["pareto"]].sort_values("instability")
    fig.add_scatter(x=front["instability"], y=front["leverage"], mode="lines+markers",
                    name="Best trade-offs (Pareto)", customdata=front.index,
                    marker=dict(color=OKABE_ITO[0], size=9), line=dict(color=OKABE_ITO[0]),
                    hovertemplate="point %{customdata}<br>mean width %{x:.1f} places<br>"
                    "largest leverage %{y:.3f}<extra></extra>")  # fmt: skip
    marks = [("yours", "Your weights", "star", OKABE_ITO[1])]
    if chosen is not None:
        marks.append((chosen, "Chosen", "circle-open", "#000000"))
    for key, name, symbol, colour in marks:
        row = points[points["origin"] == key] if isinstance(key, str) else points.loc[[key]]
        fig.add_scatter(x=row["instability"], y=row["leverage"], mode="markers", name=name,
                        marker=dict(symbol=symbol, size=16, color=colour, line=dict(width=2)),
                        hovertemplate=name + ": mean width %{x:.1f}, leverage %{y:.3f}<extra></extra>")  # fmt: skip
    fig.update_xaxes(title="Rank instability: mean width of the rank sets (places)")
    fig.update_yaxes(title="Largest gaming leverage (places per 1%)")
    return _layout(fig, height=420)
