"""AppTest: every page speaks plain words; statistics vocabulary lives in help text only.

The rendered text of every page (titles, headings, Markdown, captions, metric and widget
labels, options) is scanned for technical names and internal keys. Help text (tooltips)
and the methods sections (expanders named "Methods ..." or "How it ...") may use them.
"""

from __future__ import annotations

import re
from pathlib import Path

TECHNICAL = re.compile(r"U\[1|Dirichlet|Sobol|Kendall|τ(?!²)|\bnats\b|\bminmax\b|\bzscore\b"
                       r"|home_office_2021|harm_focused|victim_focused|equal_indicators")
PAGES = sorted(f"pages/{p.name}" for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
METHODS = re.compile(r"^(methods|how it)", re.IGNORECASE)
TEXT = ("markdown", "caption", "title", "header", "subheader", "text", "metric", "tab", "expander")


def shown_text(node) -> list[tuple[str, str]]:
    """``(element type, text)`` of every piece of on-screen text under ``node``, help left out."""
    label = getattr(node, "label", None)
    if node.type == "expander" and isinstance(label, str) and METHODS.search(label):
        return []
    found = []
    if node.type in TEXT and isinstance(getattr(node, "value", None), str):
        found.append((node.type, node.value))
    if isinstance(label, str):
        found.append((node.type, label))
    for option in getattr(node, "options", None) or []:
        found.append((node.type, str(option)))
    for child in getattr(node, "children", {}).values():
        found += shown_text(child)
    return found


FOLDS = ("sb_indicators", "sb_methods", "sb_data", "sb_save")


def test_no_technical_names_outside_help_text(app):
    at = app(query={"mc.n": "100", "mc.sobol": "64"})
    offending = []
    for page in PAGES:
        for fold in FOLDS:  # the sidebar's folded controls are drawn only when open: open them
            at.session_state[fold] = True
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        offending += [f"{page}: {kind}: {text[:120]}" for kind, text in shown_text(at._tree[0])
                      if TECHNICAL.search(text)]  # fmt: skip
    assert not offending, "\n".join(offending)
