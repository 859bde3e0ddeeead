"""Force-area maps drawn on the server: boundaries as SVG paths, coloured by a value."""

from __future__ import annotations

import math

from ui.svg.colours import colour_at
from ui.svg.marks import tooltip
from ui.svg.scales import is_number, values
from ui.svg.text import esc, width

LAT0 = 52.5  # England and Wales: one degree of longitude is cos(52.5°) of a degree of latitude


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon * math.cos(math.radians(LAT0)), -lat


def _outline(rings: tuple) -> tuple[str, tuple[float, float, float, float]]:
    """Path data of one area in projected units, and its bounds."""
    parts, xs, ys = [], [], []
    for ring in rings:
        pts = [project(lon, lat) for lon, lat in ring]
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
        parts.append(pts)
    return parts, (min(xs), min(ys), max(xs), max(ys))  # type: ignore[return-value]


def rings_of(feature: dict) -> tuple:
    geometry = feature["geometry"]
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return tuple(tuple(tuple(pt[:2]) for pt in ring) for polygon in polygons for ring in polygon)


def draw(
    traces: list[dict], layout: dict, box: tuple[float, float, float, float], font: float
) -> list[str]:
    """Every area of the choropleth ``traces`` inside ``box`` (x, y, width, height), with a
    colour bar at the right when the colour axis shows one."""
    axis = layout.get("coloraxis") or {}
    areas = []  # (trace, point, outline parts)
    for t, trace in enumerate(traces):
        key = (trace.get("featureidkey") or "id").split(".")[-1]
        features = {
            str(f.get("properties", {}).get(key, f.get("id"))): f
            for f in trace["geojson"]["features"]
        }
        for i, code in enumerate(values(trace.get("locations"))):
            feature = features.get(str(code))
            if feature is not None:
                areas.append((t, i, _outline(rings_of(feature))))
    if not areas:
        return []
    bar = 70 if axis.get("showscale", True) and any(tr.get("coloraxis") for tr in traces) else 0
    x0, y0, w, h = box
    w -= bar
    left = min(a[2][1][0] for a in areas)
    top = min(a[2][1][1] for a in areas)
    right = max(a[2][1][2] for a in areas)
    bottom = max(a[2][1][3] for a in areas)
    k = min(w / (right - left), h / (bottom - top))
    dx, dy = x0 + (w - k * (right - left)) / 2, y0 + (h - k * (bottom - top)) / 2
    zs = [
        float(z)
        for tr in traces
        if tr.get("coloraxis")
        for z in values(tr.get("z"))
        if is_number(z)
    ]
    low = axis.get("cmin", min(zs) if zs else 0.0)
    high = axis.get("cmax", max(zs) if zs else 1.0)
    out = []
    for t, i, (parts, _) in areas:
        trace = traces[t]
        z = values(trace.get("z"))[i]
        scale = (
            axis.get("colorscale") if trace.get("coloraxis") else trace.get("colorscale", "Viridis")
        )
        share = 0.0 if high == low or not is_number(z) else (float(z) - low) / (high - low)
        d = " ".join("M" + " L".join(f"{dx + k * (px - left):.1f},{dy + k * (py - top):.1f}" for px, py in ring) + "Z"
                     for ring in parts)  # fmt: skip
        out.append(f'<path d="{d}" fill="{colour_at(scale, share)}" stroke="white" stroke-width="0.6" '
                   f'fill-rule="evenodd">{tooltip(trace, i)}</path>')  # fmt: skip
    if bar:
        out += colour_bar(axis, low, high, (x0 + w + 10, y0 + 20, h - 40), font)
    return out


def colour_bar(
    axis: dict, low: float, high: float, box: tuple[float, float, float], font: float
) -> list[str]:
    """A vertical colour bar at ``box`` (x, y, height), its title and its two ends' values."""
    x, y, h = box
    scale = axis.get("colorscale", "Viridis")
    stops = "".join(
        f'<stop offset="{p:.2f}" stop-color="{colour_at(scale, 1 - p)}"/>'
        for p in (0, 0.25, 0.5, 0.75, 1)
    )
    title = ((axis.get("colorbar") or {}).get("title") or {}).get("text", "")
    size = font * 0.8
    label = (f'<text x="{x:.1f}" y="{y - 6:.1f}" font-size="{size:g}" fill="#262730">{esc(title)}</text>'
             if title and width(title, size) < 70 else "")  # fmt: skip
    return [f'<defs><linearGradient id="colours" x1="0" y1="0" x2="0" y2="1">{stops}</linearGradient></defs>',
            label, f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="{h:.1f}" fill="url(#colours)"/>',
            f'<text x="{x + 18:.1f}" y="{y + size:.1f}" font-size="{size:g}" fill="#262730">{high:.3g}</text>',
            f'<text x="{x + 18:.1f}" y="{y + h:.1f}" font-size="{size:g}" fill="#262730">{low:.3g}</text>']  # fmt: skip
