"""Plotly figures of the data explorer. Pure functions: data in, figure out, no Streamlit.

Same conventions as :mod:`ui.figures`: Okabe-Ito colours, a pattern as well as a colour
for the highlighted unit, every number in the hover text, and a table beside each chart
on the page. Unit names come from data files, so they are only ever passed to plotly as
data (hover text, tick labels), which plotly renders as text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scoring.explore.funnel import LEVELS, Funnel
from ui.figures import GREY, OKABE_ITO, _axes, _layout, hline, layout

HIGHLIGHT, BAR, ABOVE, BELOW = OKABE_ITO[5], "#9BB7D4", OKABE_ITO[5], OKABE_ITO[0]
LIMIT_STYLE = {0.95: dict(dash="dash", width=1.5), 0.998: dict(dash="dot", width=1.5)}


def ski_slope(frame: pd.DataFrame, national: float, label: str, unit: str,
              highlight: str | None = None, reference: str = "England and Wales") -> dict:
    """Sorted bars of one indicator; the chosen unit hatched and coloured; a line at ``reference``.

    ``frame`` is :func:`scoring.explore.indicators.ski_slope` output (index code; ``name, value``).
    A plain figure dict (the Data page's first view; see :func:`ui.figures.layout`).
    """
    shown = frame[frame["value"].notna()]
    chosen = shown.index == highlight
    bars = dict(type="bar", x=shown["name"].to_numpy(), y=shown["value"].to_numpy(),
                marker=dict(color=np.where(chosen, HIGHLIGHT, BAR),
                            pattern=dict(shape=np.where(chosen, "/", ""))),
                hovertemplate="%{x}: %{y:.4g} " + unit + "<extra></extra>")  # fmt: skip
    line = (hline(national, f"{reference} {national:.4g}", "top", dash="dash", color="#333333")
            if np.isfinite(national) else {})  # fmt: skip
    axes = _axes(dict(showticklabels=len(shown) <= 60, tickangle=-60, tickfont=dict(size=10),
                      categoryorder="array", categoryarray=list(shown["name"])),
                 dict(title=dict(text=f"{label} ({unit})" if unit else label)))  # fmt: skip
    return {"data": [bars], "layout": layout(height=420, **axes, **line)}


def funnel_plot(frame: pd.DataFrame, funnel: Funnel, target: float, label: str, unit: str,
                highlight: str | None = None, target_label: str = "all units",
                height: int = 480) -> dict:
    """Rates against population with 95% and 99.8% limits around the target rate.

    ``frame`` is :func:`scoring.explore.indicators.indicator_funnel` output. Points above the upper
    99.8% limit are orange, below the lower blue, inside grey; the symbol also differs,
    so the reading never rests on colour alone. A plain figure dict (the Context page's first
    view; see :func:`ui.figures.layout`).
    """
    shown = frame[frame["population"].notna() & frame["rate"].notna()]
    traces = []
    grid = np.geomspace(max(shown["population"].min() * 0.8, 1), shown["population"].max() * 1.1, 200)
    expected = grid / shown["population"].sum() * shown["expected"].sum()
    for level in LEVELS:
        lo, hi = funnel.limits(expected, level)
        for bound, name in ((hi, f"{level * 100:g}% limits"), (lo, None)):
            traces.append(dict(type="scatter", x=grid, y=bound * target, mode="lines",
                               line=dict(color="#555555", **LIMIT_STYLE[level]), hoverinfo="skip",
                               showlegend=name is not None, legendgroup=str(level),
                               **({"name": name} if name is not None else {})))  # fmt: skip
    marks = hline(target, f"{target_label} {target:.4g}", "bottom", color="#333333", width=1)
    side = shown["outside_998"].fillna(0)
    for value, colour, symbol, name in ((1, ABOVE, "triangle-up", "above the 99.8% limit"),
                                        (-1, BELOW, "triangle-down", "below the 99.8% limit"),
                                        (0, GREY, "circle", "inside")):  # fmt: skip
        part = shown[side == value]
        if len(part):
            traces.append(dict(
                type="scatter", x=part["population"].to_numpy(), y=part["rate"].to_numpy(),
                mode="markers", name=name,
                marker=dict(color=colour, symbol=symbol, size=9, line=dict(width=0.5, color="white")),
                customdata=np.column_stack([part["name"], part["count"], part["z"]]),
                hovertemplate="%{customdata[0]}<br>%{y:.4g} " + unit + " (%{customdata[1]:.0f} counted, "
                "population %{x:,.0f})<br>z = %{customdata[2]:.2f}<extra></extra>",
            ))  # fmt: skip
    if highlight in shown.index:
        row = shown.loc[highlight]
        traces.append(dict(type="scatter", x=[row["population"]], y=[row["rate"]], mode="markers+text",
                           text=[row["name"]], textposition="top center",
                           marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(width=2, color="#000000")),
                           name="chosen", hoverinfo="skip"))  # fmt: skip
    if funnel.exact:
        marks["annotations"].append(dict(
            text="Upper limits: the exact one-sided Poisson test,<br>one count above "
            "Spiegelhalter's (2005) interpolation", xref="paper", yref="paper",
            x=0.99, y=0.98, xanchor="right", yanchor="top", showarrow=False,
            align="right", font=dict(size=11, color="#444444"), bgcolor="rgba(255,255,255,0.8)"))  # fmt: skip
    # The limits of the smallest units soar; the axis follows the data, not the limits.
    top = 1.3 * max(float(shown["rate"].max()), target)
    axes = _axes(dict(type="log", title=dict(text="Population (log scale)")),
                 dict(title=dict(text=f"{label} ({unit})" if unit else label), range=[0, top]))  # fmt: skip
    return {"data": traces, "layout": layout(height=height, **axes, **marks)}


def correlation_heatmap(corr: pd.DataFrame, labels: dict[str, str], threshold: float) -> go.Figure:
    """Spearman correlations, diverging colour scale, coefficients printed in each cell.

    Cells at or beyond ``threshold`` in absolute value are marked with "!" so the
    redundancy flag does not depend on telling colours apart.
    """
    names = [labels.get(c, c) for c in corr.columns]
    values = corr.to_numpy()
    text = [[("" if np.isnan(v) else f"{v:.2f}" + (" !" if abs(v) >= threshold and i != j else ""))
             for j, v in enumerate(row)] for i, row in enumerate(values)]  # fmt: skip
    fig = go.Figure(go.Heatmap(
        z=values, x=names, y=names, zmin=-1, zmax=1, colorscale="RdBu", reversescale=True,
        text=text, texttemplate="%{text}", textfont=dict(size=11),
        hovertemplate="%{y} and %{x}: %{z:.2f}<extra></extra>", colorbar=dict(title="Spearman"),
    ))  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-40)
    return _layout(fig, height=max(380, 44 * len(names) + 160))
