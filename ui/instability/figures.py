"""Plotly figures for the instability page. Pure: data in, figure out, no Streamlit.

Colour-blind safe throughout: Okabe-Ito for categories, Cividis for probabilities
(Nuñez, Anderton & Renslow 2018, "Optimizing colormaps with consideration for color
vision deficiency"). Nothing is shown by colour alone: marker shapes differ, and every
number is in the hover text and in a table beside the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import GREY, OKABE_ITO, _axes, _layout, layout

BLUE, ORANGE, GREEN, PINK, VERMILION = (OKABE_ITO[i] for i in (0, 1, 2, 3, 5))
ROW = 21  # pixels per force row


def _rows(frame: pd.DataFrame) -> list[str]:
    """Row labels "1. North Yorkshire", in the frame's order."""
    return [f"{int(r)}. {n}" for r, n in zip(frame["nominal"], frame["name"], strict=True)]


def _segments(starts, ends, rows) -> tuple[list, list]:
    """x and y of many horizontal segments in one trace (None breaks the line)."""
    xs, ys = [], []
    for a, b, y in zip(starts, ends, rows, strict=True):
        xs += [a, b, None]
        ys += [y, y, None]
    return xs, ys


def _rank_ticks(n: int) -> list[int]:
    return sorted({1, *range(5, n + 1, 5), n})


def _rank_axes(fig: go.Figure, n: int, title: str) -> None:
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11), title=None)
    fig.update_xaxes(range=[0.5, n + 0.5], title=title, tickvals=_rank_ticks(n), zeroline=False)


def rank_intervals(summary: pd.DataFrame) -> dict:
    """Dumbbells: each force's 5-95% rank interval, median and nominal rank, nominal order.

    ``summary`` is :func:`scoring.instability.summary.force_summary` output (rows in nominal order).
    A plain figure dict (the page's first view; see :func:`ui.figures.layout`).
    """
    rows = _rows(summary)
    n = len(summary)
    xs, ys = _segments(summary["p05"], summary["p95"], rows)
    hover = [
        f"{r}<br>nominal {int(a)}, median {int(b)}<br>90% of runs: {int(c)}–{int(d)}"
        f"<br>P(top 10) {e:.0%}, P(bottom 10) {f:.0%}"
        for r, a, b, c, d, e, f in zip(rows, summary["nominal"], summary["median"], summary["p05"],
                                       summary["p95"], summary["p_top"], summary["p_bottom"],
                                       strict=True)
    ]  # fmt: skip
    traces = [
        dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=GREY, width=6),
             name="90% of runs", hoverinfo="skip"),
        dict(type="scatter", x=summary["median"].to_numpy(), y=rows, mode="markers", name="Median rank",
             marker=dict(color=BLUE, size=9, symbol="circle"), hovertext=hover, hoverinfo="text"),
        dict(type="scatter", x=summary["nominal"].to_numpy(), y=rows, mode="markers",
             name="Rank in the table", hovertext=hover, hoverinfo="text",
             marker=dict(color=ORANGE, size=10, symbol="diamond-open", line=dict(width=2))),
    ]  # fmt: skip
    axes = _axes(dict(range=[0.5, n + 0.5], title=dict(text="Rank (1 = best)"), tickvals=_rank_ticks(n),
                      zeroline=False), dict(autorange="reversed", tickfont=dict(size=11)))  # fmt: skip
    return {"data": traces, "layout": layout(height=max(360, ROW * n + 90), **axes)}


def rank_heatmap(probability: np.ndarray, summary: pd.DataFrame) -> go.Figure:
    """Rank acceptability: P(force has rank k), rows in nominal order, Cividis."""
    rows = _rows(summary)
    n = probability.shape[1]
    fig = go.Figure(go.Heatmap(
        z=probability, x=np.arange(1, n + 1), y=rows, colorscale="Cividis", zmin=0,
        zmax=max(float(probability.max()), 1e-9),
        colorbar=dict(title=dict(text="P(rank)"), tickformat=".0%", thickness=14),
        hovertemplate="%{y}<br>rank %{x}: %{z:.1%}<extra></extra>",
    ))  # fmt: skip
    _rank_axes(fig, n, "Rank (1 = best)")
    fig.update_xaxes(showgrid=False)
    return _layout(fig, height=max(360, ROW * len(rows) + 90))


def sobol_bars(frame: pd.DataFrame) -> go.Figure:
    """Total-order bars with the first-order bar inside, 90% bootstrap intervals as whiskers.

    ``frame`` is :meth:`scoring.instability.sobol.SobolResult.frame` output (largest total first).
    """
    labels = list(frame.index)
    fig = go.Figure()
    for col, name, colour, width in (("total", "Total effect (with interactions)", BLUE, 0.8),
                                     ("first", "Alone (first order)", ORANGE, 0.4)):  # fmt: skip
        value = frame[col].clip(lower=0)
        fig.add_bar(
            x=value, y=labels, orientation="h", name=name, marker_color=colour, width=width,
            error_x=dict(type="data", array=(frame[f"{col}_high"] - frame[col]).clip(lower=0),
                         arrayminus=(frame[col] - frame[f"{col}_low"]).clip(lower=0),
                         color="#333333", thickness=1),
            customdata=frame[[f"{col}_low", f"{col}_high"]].to_numpy(),
            hovertemplate="%{y}<br>" + name + ": %{x:.2f} (90% interval %{customdata[0]:.2f}"
            "–%{customdata[1]:.2f})<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Share of the variance", range=[0, 1.02], tickformat=".0%")
    return _layout(fig, height=max(260, 34 * len(labels) + 110))


def stability_intervals(table: pd.DataFrame) -> go.Figure:
    """For each measure: the share range keeping every rank, and the wider one keeping the top 10.

    ``table`` is :attr:`scoring.instability.stability.StabilityResult.table`.
    """
    t = table[table["low"].notna()]
    labels = list(t["label"])
    fig = go.Figure()
    xs, ys = _segments(t["top_low"], t["top_high"], labels)
    fig.add_scatter(x=xs, y=ys, mode="lines", name="Top 10 unchanged",
                    line=dict(color="#BBD7EA", width=18), hoverinfo="skip")  # fmt: skip
    # Often a fraction of a percentage point wide: end ticks keep it visible.
    xs, ys = _segments(t["low"], t["high"], labels)
    fig.add_scatter(x=xs, y=ys, mode="lines+markers", name="No rank changes",
                    line=dict(color=BLUE, width=6),
                    marker=dict(symbol="line-ns-open", size=16, color=BLUE, line=dict(width=2)),
                    hoverinfo="skip")  # fmt: skip
    hover = [f"{m}: weight {s:.1%}<br>no rank changes: {a:.1%}–{b:.1%}<br>top 10 unchanged: "
             f"{c:.1%}–{d:.1%}" for m, s, a, b, c, d in
             zip(labels, t["share"], t["low"], t["high"], t["top_low"], t["top_high"], strict=True)]  # fmt: skip
    fig.add_scatter(x=t["share"], y=labels, mode="markers", name="Weight now",
                    marker=dict(color=ORANGE, size=12, symbol="diamond", line=dict(width=1)),
                    hovertext=hover, hoverinfo="text")  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Measure's share of the score", range=[0, 1], tickformat=".0%")
    return _layout(fig, height=max(240, 46 * len(labels) + 110))


def best_worst(table: pd.DataFrame) -> go.Figure:
    """Best and worst achievable rank of every force, nominal order (``name`` column needed)."""
    rows = _rows(table)
    n = len(table)
    xs, ys = _segments(table["best"], table["worst"], rows)
    fig = go.Figure()
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=GREY, width=6),
                    name="Reachable ranks", hoverinfo="skip")  # fmt: skip
    hover = [f"{r}<br>best {int(b)}, worst {int(w)}" for r, b, w in
             zip(rows, table["best"], table["worst"], strict=True)]  # fmt: skip
    if "robust_best" in table:  # the range that holds with the stated lead, drawn darker
        xs, ys = _segments(table["robust_best"], table["robust_worst"], rows)
        fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="#555555", width=3),
                        name="With the minimum lead", hoverinfo="skip")  # fmt: skip
    for col, name, colour, symbol in (("best", "Best rank", GREEN, "triangle-left"),
                                      ("worst", "Worst rank", VERMILION, "triangle-right"),
                                      ("nominal", "Rank in the table", ORANGE, "diamond-open")):  # fmt: skip
        fig.add_scatter(x=table[col], y=rows, mode="markers", name=name, hovertext=hover,
                        hoverinfo="text", marker=dict(color=colour, size=9, symbol=symbol))  # fmt: skip
    _rank_axes(fig, n, "Rank (1 = best)")
    return _layout(fig, height=max(360, ROW * n + 90))


def importance_bars(frame: pd.DataFrame) -> go.Figure:
    """Each indicator's nominal weight beside its share of the main effects.

    After Paruolo, Saisana & Saltelli (2013, "Ratings and rankings: voodoo or science?",
    *JRSS A* 176(3):609-634).
    """
    labels = list(frame["label"])
    fig = go.Figure()
    fig.add_bar(x=frame["weight_share"], y=labels, orientation="h", name="Nominal weight",
                marker_color=BLUE, hovertemplate="%{y}<br>weight %{x:.0%}<extra></extra>")  # fmt: skip
    fig.add_bar(
        x=frame["effect_share"], y=labels, orientation="h", name="Share of the main effects",
        marker_color=ORANGE, marker_pattern_shape=["/" if c < 0 else "" for c in frame["corr"]],
        customdata=frame[["corr", "reading"]].to_numpy(),
        hovertemplate="%{y}<br>main effect share %{x:.0%}<br>correlation with the index "
        "%{customdata[0]:.2f}: %{customdata[1]}<extra></extra>",
    )  # fmt: skip
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Share (hatched: moves against the index)", tickformat=".0%")
    return _layout(fig, height=max(300, 44 * len(labels) + 110))


def churn_moves(table: pd.DataFrame) -> go.Figure:
    """Year-to-year moves: 90% of noise-only moves (bar) against the observed move (marker)."""
    rows = _rows(table)
    fig = go.Figure()
    fig.add_bar(x=table["noise_p90"], y=rows, orientation="h", marker_color="#BBD7EA",
                name="Noise alone: 9 years in 10 move less than this",
                hovertemplate="%{y}<br>noise alone, 90%: %{x:.0f} places<extra></extra>")  # fmt: skip
    fig.add_scatter(x=table["noise_mean"], y=rows, mode="markers", name="Noise alone: average",
                    marker=dict(color=BLUE, size=7, symbol="line-ns-open", line=dict(width=2)),
                    hovertemplate="%{y}<br>noise alone, average %{x:.1f} places<extra></extra>")  # fmt: skip
    if table["observed"].notna().any():
        fig.add_scatter(
            x=table["observed"], y=rows, mode="markers", name="Observed move since last year",
            marker=dict(color=[VERMILION if b else PINK for b in table["beyond"]], size=9,
                        symbol=["x" if b else "circle" for b in table["beyond"]]),
            hovertemplate="%{y}<br>observed %{x:.0f} places<extra></extra>",
        )  # fmt: skip
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
    fig.update_xaxes(title="Places moved between two years", rangemode="tozero")
    return _layout(fig, height=max(360, ROW * len(rows) + 90))


def table_movement(shift: np.ndarray, tau: np.ndarray) -> go.Figure:
    """Distributions over runs of the mean rank shift R_S and of Kendall's tau with the table."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12, subplot_titles=(
        "Average places moved per force (R_S)", "Rank agreement with the table (1 = same order)"))  # fmt: skip
    for col, values, colour in ((1, shift, BLUE), (2, tau[~np.isnan(tau)], ORANGE)):
        fig.add_histogram(x=values, row=1, col=col, marker_color=colour, showlegend=False,
                          histnorm="percent", nbinsx=40,
                          hovertemplate="%{x}: %{y:.1f}% of runs<extra></extra>")  # fmt: skip
    fig.update_yaxes(title="% of runs", row=1, col=1)
    return _layout(fig, height=300)
