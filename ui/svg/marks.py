"""Marks of a server-drawn chart: bars, points, lines, text, reference lines and notes.

Each function returns SVG elements as strings; every text goes through :func:`esc`.
Hover text becomes an SVG ``<title>``, which browsers show as a tooltip.
"""

from __future__ import annotations

import math

import numpy as np

from ui.svg.colours import colour_at, ink_on
from ui.svg.scales import Axis, array, is_number, values
from ui.svg.text import esc, hover, lines, width

DASHES = {"dash": "6,4", "dot": "2,3", "dashdot": "6,3,2,3", "longdash": "10,4"}
GAP = 0.2  # plotly's bargap: the share of each category's band left empty


HATCH = 8 * math.sqrt(2)  # hatching: white lines x + y = k * HATCH, 8 px apart, 2.5 px wide
# Hatching is drawn as lines clipped to each bar, not as an SVG <pattern> fill: chromium prints
# a pattern into a PDF as tiles, and the report's coverage chart of 43 hatched bars alone took
# 1.1 s to print and 1.85 MB of PDF. As lines, a page with that chart prints in 0.85-0.88 s (a
# blank page 0.71-0.75 s) and 87 KB; the lines' text costs that chart's SVG 2.5-5 ms more
# (measured).


class Fills:
    """Bar fills: a colour, hatched where the trace's ``marker.pattern`` asks for it."""

    def __init__(self) -> None:
        self.clips = 0  # clip paths drawn so far: each hatched bar's id is unique in the SVG

    def rect(self, trace: dict, i: int, x: float, y: float, w: float, h: float,
             extra: str = "", inner: str = "") -> str:
        """Bar ``i`` of ``trace`` as a rectangle, and its hatching when it has a pattern."""
        style = trace.get("marker") or {}
        colour = esc(str(each(style.get("color"), i, "#0072B2")))
        box = f'x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"'
        out = f'<rect {box} fill="{colour}"{extra}' + (f">{inner}</rect>" if inner else "/>")
        if not each((style.get("pattern") or {}).get("shape"), i, ""):
            return out
        self.clips += 1
        clip = f"hatch{self.clips}"
        x, y, w, h = (round(v, 1) for v in (x, y, w, h))  # the rectangle as written above
        return (f'{out}<clipPath id="{clip}"><rect {box}/></clipPath>'
                f'<path d="{hatch_lines(x, y, w, h)}" stroke="white" stroke-width="2.5" '
                f'clip-path="url(#{clip})" pointer-events="none"{extra}/>')  # fmt: skip


def hatch_lines(x: float, y: float, w: float, h: float) -> str:
    """Path data of the hatching lines over a rectangle and 2 px beyond it (its clip trims
    them), on one grid for the whole chart, as a pattern fill would lie."""
    x0, y0, x1, y1 = x - 2, y - 2, x + w + 2, y + h + 2
    out = []
    for k in range(math.floor((x0 + y0) / HATCH), math.ceil((x1 + y1) / HATCH) + 1):
        c = k * HATCH  # the line x + y = c, from its top end down to its bottom end
        top, bottom = max(y0, c - x1), min(y1, c - x0)
        if bottom > top:
            out.append(f"M{c - top:.1f} {top:.1f}L{c - bottom:.1f} {bottom:.1f}")
    return "".join(out)


POINTS = "_svg_points"  # a trace's fields, read once per trace (its copy in ui.svg.spec_of)


def point_values(trace: dict, i: int) -> dict:
    """Trace ``trace``'s fields for point ``i``, as a hover template reads them."""
    fields = trace.get(POINTS)
    if fields is None:  # read each array once, not once per point: a chart has hundreds
        fields = trace[POINTS] = {
            key: data if isinstance(data, str) else array(data) if key == "customdata" else values(data)
            for key in ("x", "y", "z", "text", "hovertext", "customdata")
            if (data := trace.get(key)) is not None
        }  # fmt: skip
    out = {}
    for key, items in fields.items():
        if isinstance(items, str):
            out[key] = items
        elif i < len(items):
            out[key] = items[i]
    return out


def tooltip(trace: dict, i: int) -> str:
    """``<title>`` element of point ``i``: what the interactive chart shows on hover."""
    info = trace.get("hoverinfo", "")
    point = point_values(trace, i)
    if info == "skip" or info == "none":
        return ""
    if info == "text":
        text = "\n".join(lines(point.get("hovertext", point.get("text", ""))))
    else:
        text = hover(trace.get("hovertemplate"), point)
    return f"<title>{esc(text)}</title>" if text else ""


def each(value, i: int, default=None):
    """Item ``i`` of a per-point property, or the property itself when it is one value."""
    if isinstance(value, (list, tuple)) or hasattr(value, "__array__"):
        items = values(value)
        return items[i] if i < len(items) else default
    return default if value is None else value


def bar_extents(traces: list[dict], barmode: str) -> list[tuple[int, int, object, float, float]]:
    """(trace, point, category, start, end) of every bar, stacked as ``barmode`` says."""
    stacks: dict[tuple[object, bool], float] = {}
    out = []
    for t, trace in enumerate(traces):
        if trace.get("type") != "bar":
            continue
        flat = trace.get("orientation") == "h"
        cats, vals = (
            values(trace.get("y" if flat else "x")),
            values(trace.get("x" if flat else "y")),
        )
        for i, (cat, v) in enumerate(zip(cats, vals, strict=False)):
            if not is_number(v):
                continue
            base = each(trace.get("base"), i, 0.0)
            base = float(base) if is_number(base) else 0.0
            if barmode in ("stack", "relative"):
                key = (cat, v >= 0)
                base = stacks.get(key, 0.0)
                stacks[key] = base + v
            out.append((t, i, cat, base, base + float(v)))
    return out


def bars(
    traces: list[dict],
    extents,
    cat_axis: Axis,
    value_axis: Axis,
    barmode: str,
    fills: Fills,
    font: float,
) -> list[str]:
    """Rectangles (and their inside or outside text) of every bar trace."""
    drawn = [t for t, trace in enumerate(traces) if trace.get("type") == "bar"]
    grouped = barmode == "group" and len(drawn) > 1
    band = cat_axis.band() * (1 - GAP)
    thick = band / len(drawn) if grouped else band
    out = []
    for t, i, cat, v0, v1 in extents:
        trace = traces[t]
        centre = cat_axis.pos(cat)
        a, b = value_axis.pos(v0), value_axis.pos(v1)
        if centre is None or a is None or b is None:
            continue
        if grouped:
            centre += (
                (drawn.index(t) - (len(drawn) - 1) / 2)
                * thick
                * math.copysign(1, cat_axis.end - cat_axis.start)
            )
        lo, span = min(a, b), abs(b - a)
        flat = trace.get("orientation") == "h"
        x, y, w, h = (
            (lo, centre - thick / 2, span, thick) if flat else (centre - thick / 2, lo, thick, span)
        )
        opacity = trace.get("opacity")
        extra = f' opacity="{opacity}"' if opacity is not None else ""
        out.append(fills.rect(trace, i, x, y, w, h, extra, tooltip(trace, i)))
        text = each(trace.get("text"), i)
        if text is not None and str(text) != "":
            out.append(bar_text(str(text), trace, x, y, w, h, flat, font, b >= a))
    return out


def bar_text(text: str, trace: dict, x, y, w, h, flat: bool, font: float, forward: bool) -> str:
    """A bar's label: inside it (white, when it fits) or just past its end."""
    size = (trace.get("textfont") or {}).get("size") or font * 0.85
    where = trace.get("textposition", "auto")
    fits = width(text, size) + 6 <= (w if flat else h) and size + 2 <= (h if flat else w)
    if where == "inside" or (where == "auto" and fits):
        if not fits:
            return ""
        # White on a dark outline: readable on every bar colour and on the hatched ones.
        place = (f'x="{x + w / 2:.1f}" y="{y + h / 2:.1f}" font-size="{size:g}" text-anchor="middle" '
                 f'dominant-baseline="central"')  # fmt: skip
        return (f'<text {place} fill="#262730" stroke="#262730" stroke-width="3" stroke-linejoin="round">'
                f'{esc(text)}</text><text {place} fill="white">{esc(text)}</text>')  # fmt: skip
    if flat:
        tx, anchor = (x + w + 4, "start") if forward else (x - 4, "end")
        return (f'<text x="{tx:.1f}" y="{y + h / 2:.1f}" font-size="{size:g}" fill="#262730" '
                f'text-anchor="{anchor}" dominant-baseline="central">{esc(text)}</text>')  # fmt: skip
    ty = y - 4 if forward else y + h + size
    return (f'<text x="{x + w / 2:.1f}" y="{ty:.1f}" font-size="{size:g}" fill="#262730" '
            f'text-anchor="middle">{esc(text)}</text>')  # fmt: skip


def stroke(line: dict, default: str = "#0072B2", widest: float = 99) -> str:
    """SVG stroke attributes of a plotly ``line`` dict (colour, width, dash)."""
    dash = DASHES.get(line.get("dash", ""), "")
    return (f'stroke="{esc(line.get("color", default))}" stroke-width="{min(line.get("width", 2), widest):g}"'
            + (f' stroke-dasharray="{dash}"' if dash else ""))  # fmt: skip


def marker(trace: dict, i: int, x: float, y: float, title: str, largest: float = 99) -> str:
    """Point ``i`` of a scatter trace drawn as its marker (size capped at ``largest``)."""
    style = trace.get("marker") or {}
    edge = style.get("line") or {}
    return symbol(str(each(style.get("symbol"), i, "circle")), x, y, min(float(each(style.get("size"), i, 6)), largest),
                  str(each(style.get("color"), i, "#0072B2")), str(each(edge.get("color"), i, "none")),
                  float(edge.get("width") or 0), title)  # fmt: skip


def heat_scale(trace: dict) -> tuple[object, float, float]:
    """A heatmap's colour scale and the values at its two ends (``zmin``, ``zmax``, else the
    smallest and largest finite value), shared by its cells and its colour bar."""
    z = array(trace.get("z")).astype(float)
    finite = z[np.isfinite(z)]
    low = trace.get("zmin", finite.min() if finite.size else 0.0)
    high = trace.get("zmax", finite.max() if finite.size else 1.0)
    return trace.get("colorscale") or "Viridis", low, high


def heatmap(trace: dict, xa: Axis, ya: Axis) -> list[str]:
    """Cells of a heatmap on two category axes, coloured along its scale, with their text."""
    z = array(trace.get("z")).astype(float)
    xs, ys = values(trace.get("x")), values(trace.get("y"))
    scale, low, high = heat_scale(trace)
    texts = (
        array(trace["text"])
        if trace.get("text") is not None and "%{text}" in str(trace.get("texttemplate", ""))
        else None
    )
    size = (trace.get("textfont") or {}).get("size") or 10
    w, h = xa.band(), ya.band()
    out = []
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            cx, cy, v = xa.pos(x), ya.pos(y), z[i, j]
            if cx is None or cy is None or not np.isfinite(v):
                continue
            fill = colour_at(scale, 0.0 if high == low else (v - low) / (high - low))
            point = {"x": x, "y": y, "z": v, **({"text": texts[i, j]} if texts is not None else {})}
            title = hover(trace.get("hovertemplate"), point)
            out.append(f'<rect x="{cx - w / 2:.1f}" y="{cy - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" '
                       f'fill="{fill}">' + (f"<title>{esc(title)}</title>" if title else "") + "</rect>")  # fmt: skip
            if texts is not None and str(texts[i, j]):
                out.append(f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="{size:g}" fill="{ink_on(fill)}" '
                           f'text-anchor="middle" dominant-baseline="central">{esc(texts[i, j])}</text>')  # fmt: skip
    return out


def symbol(
    kind: str,
    x: float,
    y: float,
    size: float,
    fill: str,
    stroke: str,
    stroke_width: float,
    title: str,
) -> str:
    """One marker of plotly's symbol ``kind`` (circle, square, diamond, triangle-up, x; "-open")."""
    open_ = kind.endswith("-open")
    kind = kind.removesuffix("-open")
    r = size / 2
    if open_:
        fill, stroke, stroke_width = "none", fill, max(stroke_width, 1.5)
    paint = f'fill="{esc(fill)}" stroke="{esc(stroke)}" stroke-width="{stroke_width:g}"'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" {paint}>{title}</rect>'
    corners = {"diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
               "triangle-up": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
               "triangle-down": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
               "x": [(-1, -1), (0, -0.3), (1, -1), (0.3, 0), (1, 1), (0, 0.3), (-1, 1), (-0.3, 0)]}.get(kind)  # fmt: skip
    if corners:
        path = " ".join(f"{x + r * dx:.1f},{y + r * dy:.1f}" for dx, dy in corners)
        return f'<polygon points="{path}" {paint}>{title}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}>{title}</circle>'


def scatter(trace: dict, xa: Axis, ya: Axis, font: float) -> list[str]:
    """Lines, markers and text of one scatter trace, in plotly's order (lines under points)."""
    mode = trace.get("mode") or "markers"
    xs, ys = values(trace.get("x")), values(trace.get("y"))
    points = [(xa.pos(x), ya.pos(y)) for x, y in zip(xs, ys, strict=False)]
    out = []
    opacity = trace.get("opacity")
    group = f'<g opacity="{opacity}">' if opacity is not None else "<g>"
    if "lines" in mode:
        paint = stroke(trace.get("line") or {})
        runs, run = [], []
        for p in points:
            if p[0] is None or p[1] is None:
                runs, run = runs + [run] if run else runs, []
            else:
                run.append(p)
        runs += [run] if run else []
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{path}" fill="none" {paint}/>')
    if "markers" in mode:
        out += [marker(trace, i, x, y, tooltip(trace, i)) for i, (x, y) in enumerate(points)
                if x is not None and y is not None]  # fmt: skip
    if "text" in mode:
        textfont = trace.get("textfont") or {}
        size = textfont.get("size") or font * 0.85
        room = float(each((trace.get("marker") or {}).get("size"), 0, 6)) / 2 + 3
        for i, (x, y) in enumerate(points):
            text = each(trace.get("text"), i)
            if x is None or y is None or text is None:
                continue
            where = str(each(trace.get("textposition"), i, "middle center"))
            out.append(point_text(" ".join(lines(text)), x, y, where, room, size,
                                  textfont.get("color", "#262730")))  # fmt: skip
    return [group, *out, "</g>"]


def point_text(text: str, x: float, y: float, where: str, room: float, size: float, colour) -> str:
    """Text beside a point, placed as plotly's ``textposition`` ("top center", "middle left"...)."""
    vertical, _, horizontal = where.partition(" ")
    anchor = {"left": "end", "right": "start"}.get(horizontal, "middle")
    x += {"left": -room, "right": room}.get(horizontal, 0)
    y += {"top": -room, "bottom": room + size * 0.7}.get(vertical, size * 0.35)
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{esc(colour)}" '
            f'text-anchor="{anchor}">{esc(text)}</text>')  # fmt: skip


def place(value, ref: str, axis: Axis) -> float | None:
    """Pixel of a shape's or note's coordinate: on the data (``x``), or a share of the plot
    (``x domain``, ``paper``)."""
    if ref.endswith("domain") or ref == "paper":
        return axis.start + float(value) * (axis.end - axis.start) if is_number(value) else None
    return axis.pos(value)


def shapes(items: list[dict], xa: Axis, ya: Axis) -> list[str]:
    """Reference lines and rectangles of the layout."""
    out = []
    for s in items:
        x0, x1 = (
            place(s.get("x0"), s.get("xref", "x"), xa),
            place(s.get("x1"), s.get("xref", "x"), xa),
        )
        y0, y1 = (
            place(s.get("y0"), s.get("yref", "y"), ya),
            place(s.get("y1"), s.get("yref", "y"), ya),
        )
        if None in (x0, x1, y0, y1):
            continue
        paint = stroke(s.get("line") or {}, "#333333")
        if s.get("type") == "rect":
            out.append(f'<rect x="{min(x0, x1):.1f}" y="{min(y0, y1):.1f}" width="{abs(x1 - x0):.1f}" '
                       f'height="{abs(y1 - y0):.1f}" fill="{esc(s.get("fillcolor", "none"))}" '
                       f'opacity="{s.get("opacity", 1)}" {paint}/>')  # fmt: skip
        else:
            out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" {paint}/>')
    return out


def notes(items: list[dict], xa: Axis, ya: Axis, font: float) -> list[str]:
    """The layout's annotations without arrows: text anchored at a point."""
    out = []
    for a in items:
        x, y = place(a.get("x"), a.get("xref", "x"), xa), place(a.get("y"), a.get("yref", "y"), ya)
        if x is None or y is None:
            continue
        size = (a.get("font") or {}).get("size") or font * 0.85
        anchor = {"left": "start", "right": "end"}.get(a.get("xanchor", "center"), "middle")
        rows = lines(a.get("text", ""))
        top = {"bottom": y - 3 - size * 0.25 - (len(rows) - 1) * size * 1.2,
               "top": y + 3 + size * 0.85}.get(a.get("yanchor", "middle"), y + size * 0.35)  # fmt: skip
        for k, row in enumerate(rows):
            out.append(f'<text x="{x:.1f}" y="{top + k * size * 1.2:.1f}" font-size="{size:g}" '
                       f'fill="#262730" text-anchor="{anchor}">{esc(row)}</text>')  # fmt: skip
    return out


def legend_sample(trace: dict, x: float, y: float, fills: Fills) -> str:
    """The small mark before a legend entry: a bar swatch, a line, or the trace's marker."""
    mode = trace.get("mode") or "markers"
    if trace.get("type") == "bar":
        return fills.rect(trace, 0, x, y - 6, 20, 12)
    out = ""
    if "lines" in mode:
        out += (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" '
                f"{stroke(trace.get('line') or {}, widest=4)}/>")  # fmt: skip
    if "markers" in mode:
        out += marker(trace, 0, x + 12, y, "", largest=12)
    return out
