"""Charts drawn on the server as SVG, from the same plotly figures the pages build.

Why: a page's first chart made the browser load and start plotly.js (about 4.6 MB), which
took 2 to 4 seconds on a projector laptop after the page itself was ready. An SVG of the
same figure, shown as an image, is drawn by the browser at once. It reads the subset of plotly's figure format
our first views use: bar (stacked, grouped, horizontal, patterned, labelled), scatter
(markers, lines, text), reference lines and notes, and choropleth maps; anything else raises
:class:`Unsupported`, so a new chart is never drawn wrong in silence. Hover text becomes a
``<title>`` in the SVG (read by tools; an image shows no tooltip, so the pages offer
the interactive chart beside it).

The SVG is made only of our own markup; every label, user text included, is escaped
(:func:`ui.svg.text.esc`), so a name such as ``<script>`` shows as those characters; and
the page shows the SVG as an image, in which no script runs.
"""

from __future__ import annotations

import math

from ui.svg import maps, marks
from ui.svg.scales import build, values
from ui.svg.text import esc, lines, width

__all__ = ["Unsupported", "esc", "render"]

FONT = "'Source Sans Pro', 'Source Sans 3', Arial, Helvetica, 'Liberation Sans', sans-serif"
INK, GRID, ZERO = "#262730", "#E6E6EA", "#9A9A9A"
KINDS = {"bar", "scatter", "heatmap", "choroplethmap"}


class Unsupported(ValueError):
    """The figure uses a part of plotly's format this renderer does not draw."""


def spec_of(figure) -> dict:
    """A figure as a plain dict (``data``, ``layout``), from a ``go.Figure`` or a dict."""
    if hasattr(figure, "to_dict"):
        figure = figure.to_dict()
    layout = dict(figure.get("layout") or {})
    layout.pop("template", None)
    return {"data": [dict(t) for t in figure.get("data") or []], "layout": layout}


def render(figure, width_px: int = 720) -> str:
    """The figure as an SVG document ``width_px`` wide (its layout's height tall).

    Parameters
    ----------
    figure : plotly.graph_objects.Figure or dict
        Built by the pages' figure functions; only the subset named above is read.
    width_px : int
        The width the chart is drawn for; the page scales it to its column, so this should be
        about the column's width on a 1280-pixel-wide screen, for text at its set size.
    """
    spec = spec_of(figure)
    traces, layout = spec["data"], spec["layout"]
    kinds = {t.get("type", "scatter") for t in traces}
    if not kinds <= KINDS or ("choroplethmap" in kinds and len(kinds) > 1):
        raise Unsupported(f"chart types {sorted(kinds - KINDS) or sorted(kinds)}")
    for t in traces:
        t.setdefault("type", "scatter")
    font = float((layout.get("font") or {}).get("size") or 12)
    height = float(layout.get("height") or 450)
    fills = marks.Fills()
    title = lines(((layout.get("title") or {}).get("text")) if isinstance(layout.get("title"), dict)
                  else layout.get("title"))  # fmt: skip
    top = 8 + len(title) * font * 1.3
    body: list[str] = [f'<text x="8" y="{8 + font * (k + 1) * 1.2:.1f}" font-size="{font * 1.1:g}" '
                       f'fill="{INK}">{esc(row)}</text>' for k, row in enumerate(title)]  # fmt: skip
    legend, legend_height = legend_block(traces, layout, width_px, top, fills)
    body += legend
    top += legend_height
    if "choroplethmap" in kinds:
        body += maps.draw(traces, layout, (4, top, width_px - 8, height - top - 4), font)
    else:
        body += cartesian(traces, layout, (width_px, height, top), font, fills)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_px} {height:.0f}" '
            f'width="{width_px}" height="{height:.0f}" font-family="{FONT}">'
            f"{''.join(body)}</svg>")  # fmt: skip


def legend_block(
    traces: list[dict], layout: dict, width_px: int, top: float, fills: marks.Fills
) -> tuple[list[str], float]:
    """Legend entries in rows above the chart, wrapping at its width: none is cut."""
    named = [t for t in traces if t.get("showlegend", True) is not False and t.get("name") is not None
             and t["type"] != "choroplethmap"]  # fmt: skip
    shown = layout.get("showlegend", len(named) > 1 or any(t.get("showlegend") for t in traces))
    if not shown or not named:
        return [], 0.0
    size = float(((layout.get("legend") or {}).get("font") or {}).get("size") or 12)
    row_height, x, y, out = size * 1.7, 8.0, top + size, []
    for trace in named:
        label = " ".join(lines(trace["name"]))
        step = 30 + width(label, size) + 14
        if x > 8 and x + step > width_px - 8:
            x, y = 8.0, y + row_height
        out.append(marks.legend_sample(trace, x, y, fills))
        out.append(f'<text x="{x + 30:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{INK}" '
                   f'dominant-baseline="central">{esc(label)}</text>')  # fmt: skip
        x += step
    return out, y - top + row_height / 2 + 6


def axis_title(spec: dict) -> list[str]:
    title = spec.get("title")
    return lines(title.get("text") if isinstance(title, dict) else title)


def cartesian(
    traces: list[dict],
    layout: dict,
    size: tuple[float, float, float],
    font: float,
    fills: marks.Fills,
) -> list[str]:
    """Axes, grid and marks of a one-panel chart."""
    width_px, height, top = size
    xspec, yspec = dict(layout.get("xaxis") or {}), dict(layout.get("yaxis") or {})
    barmode = layout.get("barmode", "group")
    extents = marks.bar_extents(traces, barmode)
    flat = {t: traces[t].get("orientation") == "h" for t, *_ in extents}
    xdata, ydata = [], []
    for t, _, cat, v0, v1 in extents:
        (ydata if flat[t] else xdata).append(cat)
        (xdata if flat[t] else ydata).extend([v0, v1])
    for t in traces:
        if t["type"] in ("scatter", "heatmap"):
            xdata += values(t.get("x"))
            ydata += values(t.get("y"))
    xa, ya = build(xspec, xdata, padded=not extents), build(yspec, ydata, padded=not extents)
    if extents:  # bars: pad the value axis away from zero only
        value_axis = xa if any(flat.values()) else ya
        if "range" not in (xspec if value_axis is xa else yspec) and value_axis.kind == "linear":
            lo, hi = sorted((value_axis.low, value_axis.high))
            pad = 0.05 * (hi - lo)
            lo, hi = (lo - pad if lo < 0 else lo), (hi + pad if hi > 0 else hi)
            value_axis.low, value_axis.high = (
                (hi, lo) if value_axis.low > value_axis.high else (lo, hi)
            )
    xfont = float((xspec.get("tickfont") or {}).get("size") or font * 0.85)
    yfont = float((yspec.get("tickfont") or {}).get("size") or font * 0.85)
    ytitle, xtitle = axis_title(yspec), axis_title(xspec)
    y_visible = yspec.get("visible", True) is not False
    ylabels = [text for _, text in ya.ticks(height)] if y_visible else []
    left = (
        8
        + max([width(" ".join(lines(t)), yfont) for t in ylabels] or [0])
        + 8
        + len(ytitle) * font * 1.25
    )
    xlabels = [" ".join(lines(t)) for _, t in xa.ticks(width_px)]
    angle = float(xspec.get("tickangle") or 0)
    on_top = xspec.get("side") == "top"
    xwide = max([width(t, xfont) for t in xlabels] or [0])
    tick_room = xfont * 1.4 if not angle else xwide * abs(math.sin(math.radians(angle))) + xfont
    scaled = [t for t in traces if t["type"] == "heatmap" and t.get("showscale", True) is not False]
    right = 12 + (0 if angle else xwide / 2) + (80 if scaled else 0)  # room for a colour bar
    if on_top and angle:  # the last label rises to the right of its tick
        right = max(right, 12 + xwide * abs(math.cos(math.radians(angle))))
    bottom = 8 + (0 if on_top else tick_room) + len(xtitle) * font * 1.25
    top += tick_room if on_top else 6
    if on_top and xtitle:
        top += len(xtitle) * font * 1.25
    if xlabels and not angle and not on_top:
        left = max(left, 8 + width(xlabels[0], xfont) / 2)
    xa.start, xa.end = left, width_px - right
    ya.start, ya.end = height - bottom, top
    out = [f'<g font-size="{xfont:g}" fill="{INK}">']
    grid = xspec.get("showgrid", True) is not False
    for p, text in xa.ticks(width_px):
        if grid and xa.kind != "category":
            out.append(
                f'<line x1="{p:.1f}" y1="{top:.1f}" x2="{p:.1f}" y2="{height - bottom:.1f}" stroke="{GRID}"/>'
            )
        label = esc(" ".join(lines(text)))
        if on_top and angle:  # rising from its tick, away from the plot
            out.append(f'<text x="{p:.1f}" y="{top - 8:.1f}" text-anchor="start" '
                       f'transform="rotate({angle:g} {p:.1f} {top - 8:.1f})">{label}</text>')  # fmt: skip
        elif on_top:
            out.append(f'<text x="{p:.1f}" y="{top - 8:.1f}" text-anchor="middle">{label}</text>')
        elif angle:
            ty = height - bottom + 6
            out.append(f'<text x="{p:.1f}" y="{ty:.1f}" text-anchor="end" dominant-baseline="central" '
                       f'transform="rotate({angle:g} {p:.1f} {ty:.1f})">{label}</text>')  # fmt: skip
        else:
            out.append(
                f'<text x="{p:.1f}" y="{height - bottom + xfont * 1.2:.1f}" text-anchor="middle">{label}</text>'
            )
    out.append("</g>")
    if y_visible:
        out.append(f'<g font-size="{yfont:g}" fill="{INK}">')
        for p, text in ya.ticks(height):
            if yspec.get("showgrid", True) is not False and ya.kind != "category":
                out.append(
                    f'<line x1="{left:.1f}" y1="{p:.1f}" x2="{width_px - right:.1f}" y2="{p:.1f}" stroke="{GRID}"/>'
                )
            out.append(f'<text x="{left - 6:.1f}" y="{p:.1f}" text-anchor="end" dominant-baseline="central">'
                       f'{esc(" ".join(lines(text)))}</text>')  # fmt: skip
        out.append("</g>")
    out += zero_lines(xa, ya, xspec, yspec)
    for k, row in enumerate(xtitle):
        y = (
            (8 + font * (k + 1) * 1.2 + (top - tick_room - len(xtitle) * font * 1.25 - 8))
            if on_top
            else height - 8 - (len(xtitle) - 1 - k) * font * 1.25
        )
        out.append(f'<text x="{(left + width_px - right) / 2:.1f}" y="{y:.1f}" font-size="{font:g}" '
                   f'fill="{INK}" text-anchor="middle">{esc(row)}</text>')  # fmt: skip
    for k, row in enumerate(ytitle):
        x, y = 8 + font * (k + 0.9) * 1.2, (top + height - bottom) / 2
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font:g}" fill="{INK}" text-anchor="middle" '
                   f'transform="rotate(-90 {x:.1f} {y:.1f})">{esc(row)}</text>')  # fmt: skip
    # Marks are clipped to the plot area, as plotly clips them (a funnel's limits run past it).
    x0, x1, y0, y1 = left - 6, width_px - right + 6, top - 6, height - bottom + 6
    out.append(f'<clipPath id="plot"><rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
               f'height="{y1 - y0:.1f}"/></clipPath><g clip-path="url(#plot)">')  # fmt: skip
    for trace in traces:
        if trace["type"] == "heatmap":
            out += marks.heatmap(trace, xa, ya)
    if extents:
        cat_axis, value_axis = (ya, xa) if any(flat.values()) else (xa, ya)
        out += marks.bars(traces, extents, cat_axis, value_axis, barmode, fills, font)
    out += marks.shapes(list(layout.get("shapes") or []), xa, ya)
    for trace in traces:
        if trace["type"] == "scatter":
            out += marks.scatter(trace, xa, ya, font)
    out.append("</g>")
    for trace in scaled:
        colours, low, high = marks.heat_scale(trace)
        scale = {"colorscale": colours, "colorbar": trace.get("colorbar") or {}}
        out += maps.colour_bar(
            scale, low, high, (width_px - 70, top + 20, height - bottom - top - 40), font
        )
    out += marks.notes(list(layout.get("annotations") or []), xa, ya, font)
    return out


def zero_lines(xa, ya, xspec: dict, yspec: dict) -> list[str]:
    """Plotly's darker line at zero on a linear axis whose range includes it."""
    out = []
    for axis, spec, other in ((xa, xspec, ya), (ya, yspec, xa)):
        if axis.kind != "linear" or spec.get("zeroline") is False:
            continue
        if min(axis.low, axis.high) <= 0 <= max(axis.low, axis.high):
            p = axis.pos(0)
            x1, y1, x2, y2 = (
                (p, other.start, p, other.end) if axis is xa else (other.start, p, other.end, p)
            )
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{ZERO}"/>'
            )
    return out
