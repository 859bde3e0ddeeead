"""Figures for the workshop's projected view: the join QR code (segno) and the room's
charts (plotly). Pure: data in, image or figure out; type sized for a projector.

No participant-typed text goes into a figure (plotly reads a few HTML tags in
labels): participants appear as numbers that match the participants table.
Numbers are always printed in the figure or in the hover, never left to colour.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import segno

from ui.figures import FONT, measure_colours, plain_text

# White for "nobody", then one blue hue darkening with the share (readable in greyscale too).
ACCEPTABILITY_SCALE = [
    [0.0, "#FFFFFF"],
    [0.005, "#EAF2FA"],
    [0.25, "#9ECAE1"],
    [0.5, "#4292C6"],
    [0.75, "#08519C"],
    [1.0, "#08306B"],
]


def qr_png(text: str, size: int = 280) -> bytes:
    """A QR code for ``text`` as PNG bytes, at most ``size`` pixels wide (segno, pure Python).

    Error correction M (15%), black on white, the standard four-module quiet zone, and a
    whole number of pixels per module, so the code stays sharp (never resample it) and
    phone cameras read it off a projector.
    """
    qr = segno.make(text, error="m")
    modules = qr.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(2, size // modules), border=4)
    return buffer.getvalue()


def weight_spread(shares: pd.DataFrame, consensus: pd.Series, labels: dict[str, str]) -> go.Figure:
    """Each participant's share of every measure (dots over a box), with the consensus.

    Parameters
    ----------
    shares : DataFrame
        Participants (rows, labelled 1..p) x measures (columns), shares summing to 1 per row.
    consensus : Series
        The consensus share per measure.
    labels : dict
        Measure id -> display label.
    """
    measures = list(shares.columns)
    colours = measure_colours(measures)
    labels = {m: plain_text(labels[m]) for m in measures}
    rng = np.random.default_rng(0)  # fixed jitter, so the dots do not jump on every refresh
    fig = go.Figure()
    for k, m in enumerate(measures):
        fig.add_trace(
            go.Box(
                x=shares[m] * 100,
                y=[k] * len(shares),
                orientation="h",
                name=labels[m],
                boxpoints=False,
                line=dict(color=colours[m], width=1.5),
                fillcolor="rgba(0,0,0,0)",
                hoverinfo="skip",
                width=0.6,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=shares[m] * 100,
                y=k + rng.uniform(-0.22, 0.22, len(shares)),
                mode="markers",
                name=labels[m],
                customdata=list(shares.index),
                marker=dict(
                    color=colours[m], size=14, opacity=0.8, line=dict(color="white", width=1)
                ),
                hovertemplate="Participant %{customdata}: %{x:.0f}%<extra>"
                + labels[m]
                + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=consensus[measures] * 100,
            y=list(range(len(measures))),
            mode="markers",
            name="Consensus (median)",
            hovertemplate="Consensus %{x:.0f}%<extra></extra>",
            marker=dict(
                symbol="diamond", size=18, color="#000000", line=dict(color="white", width=2)
            ),
        )
    )
    for k, m in enumerate(measures):  # the consensus as a number, in a column right of the plot
        fig.add_annotation(
            x=1.01,
            xref="paper",
            xanchor="left",
            y=k,
            text=f"<b>{consensus[m]:.0%}</b>",
            showarrow=False,
            font=dict(size=22, color="#000000"),
        )
    fig.add_annotation(
        x=1.01,
        xref="paper",
        xanchor="left",
        y=-0.55,
        yanchor="bottom",
        showarrow=False,
        text="◆ consensus",
        font=dict(size=16, color="#000000"),
    )
    top = min(100.0, 10 * np.ceil(shares.to_numpy().max() * 10 + 0.5))
    fig.update_yaxes(
        tickvals=list(range(len(measures))),
        ticktext=[labels[m] for m in measures],
        range=[len(measures) - 0.5, -0.6],
        tickfont=dict(size=20),
        showgrid=False,
    )
    fig.update_xaxes(
        title="Share of the score (%)",
        range=[-1.5, top],
        dtick=10,
        showgrid=True,
        gridcolor="#E5E5E5",
    )
    fig.update_layout(
        height=110 + 75 * len(measures),
        showlegend=False,
        font=dict(FONT, size=18),  # read off a projector at the back of a room
        margin=dict(l=10, r=110, t=10, b=10),
        plot_bgcolor="white",
    )
    return fig


def acceptability_heatmap(b: pd.DataFrame, names: pd.Series, order: list[str]) -> go.Figure:
    """SMAA rank acceptability: one row per force, one column per place, cells = share of the room.

    Cells print their percentage (blank when 0), so the figure reads without colour.
    """
    b = b.loc[order]
    pct = (b.to_numpy() * 100).round().astype(int)
    text = np.where(b.to_numpy() > 0, np.char.mod("%d", np.maximum(pct, 1)), "")
    rows = [plain_text(names[c]) for c in order]
    fig = go.Figure(
        go.Heatmap(
            z=b.to_numpy() * 100,
            x=list(b.columns),
            y=rows,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=10),
            colorscale=ACCEPTABILITY_SCALE,
            zmin=0,
            zmax=100,
            xgap=1,
            ygap=1,
            colorbar=dict(title=dict(text="% of room"), thickness=14),
            hovertemplate="%{y}: place %{x} for %{z:.0f}% of the room<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=12))
    fig.update_xaxes(title="Place (1 = best)", dtick=1, side="top", tickfont=dict(size=11))
    fig.update_layout(
        height=max(360, 20 * len(rows) + 110),
        font=FONT,
        margin=dict(l=10, r=10, t=60, b=10),
        plot_bgcolor="white",
    )
    return fig
