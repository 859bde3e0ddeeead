"""A self-contained HTML report: sections of text, tables and images, safely escaped.

The document needs nothing from the network (images are embedded as base64 PNG, the
style sheet is inline), prints cleanly to PDF, and escapes every piece of text, so a
unit name or scenario name from an uploaded file can never become markup.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

STYLE = """
@page { size: A4; margin: 12mm 14mm; }
body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; margin: 2em auto;
       max-width: 60em; color: #1d1d1d; line-height: 1.45; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #0072B2;
       padding-bottom: 0.2em; margin-top: 1.8em; page-break-after: avoid; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1em; }
th, td { border: 1px solid #c8c8c8; padding: 0.2em 0.5em; text-align: left; }
th { background: #eef3f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.caveat { background: #fff6dd; border-left: 4px solid #E69F00; padding: 0.5em 0.8em; }
.meta { color: #555; font-size: 0.9em; } img { max-width: 100%; page-break-inside: avoid; }
figure { margin: 0.8em 0; } figcaption { color: #555; font-size: 0.85em; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-before: auto; } }
section.summary { page-break-after: always; break-after: page; }
section.summary h2 { margin-top: 0.5em; }
section.summary p, section.summary li { font-size: 0.8em; margin: 0.2em 0; line-height: 1.3; }
section.summary table { font-size: 0.62em; line-height: 1.1; margin: 0.3em 0; }
section.summary th, section.summary td { padding: 0 0.4em; white-space: nowrap; }
@media print { h1 { font-size: 1.5em; margin: 0 0 0.1em; } .meta { margin: 0; } }
"""


@dataclass
class Section:
    """One section of a report: a heading followed by blocks in order."""

    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)
    style: str = ""  # a CSS class for the section ("summary": page 1, compact, then a page break)

    def text(self, paragraph: str) -> Section:
        """Add a paragraph of plain text."""
        self.blocks.append(("text", paragraph))
        return self

    def caveat(self, paragraph: str) -> Section:
        """Add a highlighted caveat."""
        self.blocks.append(("caveat", paragraph))
        return self

    def bullets(self, items: list[str]) -> Section:
        """Add a bulleted list of plain-text items."""
        self.blocks.append(("bullets", list(items)))
        return self

    def table(self, frame: pd.DataFrame, decimals: int = 3) -> Section:
        """Add a table (index not shown; numbers right-aligned)."""
        self.blocks.append(("table", (frame, decimals)))
        return self

    def image(self, picture: bytes | None, caption: str) -> Section:
        """Add an image (SVG or PNG bytes) with a caption (just the caption when there is none)."""
        self.blocks.append(("image", (picture, caption)))
        return self


def render(title: str, subtitle: str, sections: list[Section]) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(subtitle)}</p>',
    ]
    for section in sections:
        parts.append(f'<section class="{_e(section.style)}"><h2>{_e(section.title)}</h2>')
        parts.extend(_block(kind, content) for kind, content in section.blocks)
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _block(kind: str, content) -> str:
    if kind == "text":
        return f"<p>{_e(content)}</p>"
    if kind == "caveat":
        return f'<p class="caveat">{_e(content)}</p>'
    if kind == "bullets":
        return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in content) + "</ul>"
    if kind == "table":
        return _table(*content)
    if kind == "image":
        picture, caption = content
        if picture is None:
            return f'<p class="meta">[Chart not available: {_e(caption)}]</p>'
        data = base64.b64encode(picture).decode("ascii")
        kind = "svg+xml" if picture.lstrip().startswith(b"<svg") else "png"  # an image: no script runs
        return (f'<figure><img alt="{_e(caption)}" src="data:image/{kind};base64,{data}">'
                f"<figcaption>{_e(caption)}</figcaption></figure>")  # fmt: skip
    raise ValueError(f"unknown block kind {kind!r}")


def _table(frame: pd.DataFrame, decimals: int) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for value in row:
            if isinstance(value, float) and pd.notna(value):
                cells.append(f'<td class="num">{value:,.{decimals}f}</td>')
            elif isinstance(value, int | np.integer) and not isinstance(value, bool):
                cells.append(f'<td class="num">{value}</td>')
            else:
                cells.append(f"<td>{'' if pd.isna(value) else _e(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
