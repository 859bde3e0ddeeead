"""Text in a server-drawn chart: plotly's label markup read, widths estimated, numbers formatted.

Every string that reaches the SVG passes through :func:`esc`, so a force or indicator named
``<script>`` is drawn as those characters: user text is never markup.
"""

from __future__ import annotations

import html
import math
import re

# Widths of characters in em, for a sans-serif face, rounded up: a label measured too wide
# only costs margin, one measured too narrow is cut at the chart's edge.
_NARROW = set("fijlrt.,:;'!|()[] ")
_WIDE = set("mwMW@%")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_FIELD = re.compile(r"%\{([^}:]+)(?::([^}]*))?\}")


def esc(text) -> str:
    """``text`` as SVG character data or an attribute value: ``& < > " '`` as entities."""
    return html.escape(str(text), quote=True)


def lines(label) -> list[str]:
    """A plotly label as plain lines: ``<br>`` breaks, other tags dropped, entities read.

    Labels reach plotly with user text's ``& < >`` as entities (``ui.figures.plain_text``),
    so the entities are read back last and :func:`esc` writes them again."""
    if label is None:
        return []
    return [html.unescape(_TAG.sub("", part)) for part in _BREAK.split(str(label))]


def width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of ``text`` at font ``size``."""
    em = sum(0.34 if c in _NARROW else 0.9 if c in _WIDE else 0.7 if c.isupper() else 0.58
             for c in text)  # fmt: skip
    return em * size


def number(value, spec: str = "") -> str:
    """``value`` formatted by a d3-style ``spec`` (``.3f``, ``.0%``, ``,.0f``, ``+.1f``):
    for these, d3's and Python's format mini-languages agree."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not spec:
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value)
    try:
        return format(float(value), spec.replace("~", ""))
    except (TypeError, ValueError):
        return str(value)


def hover(template: str | None, point: dict) -> str:
    """A plotly hover template filled in for one point, as plain text (lines joined by newlines).

    ``point`` maps ``x``, ``y``, ``z``, ``text``, ``hovertext`` and ``customdata`` to this
    point's values; ``<extra>`` parts (plotly's side box) are dropped."""
    if not template:
        return ""
    template = re.sub(r"<extra>.*?</extra>", "", template, flags=re.DOTALL)

    def field(match: re.Match) -> str:
        name, spec = match.group(1).strip(), match.group(2) or ""
        index = re.fullmatch(r"customdata\[(\d+)\]", name)
        if index:
            row = point.get("customdata")
            value = row[int(index.group(1))] if row is not None else None
        else:
            value = point.get(name)
        if isinstance(value, str):
            return value
        return number(value, spec)

    return "\n".join(lines(_FIELD.sub(field, template)))
