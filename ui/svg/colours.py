"""Colour scales of server-drawn charts: a value's colour along a plotly colour scale."""

from __future__ import annotations

import functools
import itertools
import re

import plotly.colors


def rgb(colour: str) -> tuple[float, float, float]:
    """A ``#rrggbb`` or ``rgb(r, g, b)`` colour as three numbers 0-255."""
    if colour.startswith("#"):
        return tuple(int(colour[k : k + 2], 16) for k in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return r, g, b


def colour_at(scale, share: float) -> str:
    """The colour at ``share`` (0-1) along a plotly colour scale (a name or [[pos, colour], ...])."""
    stops = named(scale) if isinstance(scale, str) else scale
    share = min(max(share, 0.0), 1.0)
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if share <= p1:
            t = 0.0 if p1 == p0 else (share - p0) / (p1 - p0)
            a, b = rgb(c0), rgb(c1)
            return "#" + "".join(f"{round(x + t * (y - x)):02x}" for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{round(v):02x}" for v in rgb(stops[-1][1]))


@functools.cache
def named(scale: str) -> tuple[tuple[float, str], ...]:
    """The stops of a named plotly colour scale ("Cividis", "Viridis_r"), looked up once: plotly
    searches its every scale at each lookup, which cost a heatmap's cells 130 ms (measured)."""
    return tuple((float(p), str(c)) for p, c in plotly.colors.get_colorscale(scale))


def ink_on(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour`` (by its luminance)."""
    r, g, b = rgb(colour)
    return "#262730" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "white"
