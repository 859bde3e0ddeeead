"""A room's answers as a table, CSV and JSON: what the facilitator keeps before deleting.

One row per participant: a number (the same as on the facilitator's screen), the name
they gave, how they answered, the weight they set per measure (0-10; blank for an
order), each measure's share of their weight (an order counts as its rank-order
centroid weights, Barron & Barrett 1996), the order, the note, the number of changes
and the time of the last one. The participant ids are left out: they are the
participants' private tokens, not data.

Both files go through :mod:`scoring.export`, so a spreadsheet runs nothing a
participant typed: text starting with ``= + - @`` gets a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from scoring import export
from scoring.together import consensus as cs
from workshop.store import Workshop
from workshop.submission import Submission


def table(ws: Workshop, answers: Sequence[Submission]) -> pd.DataFrame:
    """The answers, one row per participant, indexed by participant number from 1."""
    measures = list(ws.measures)
    pool = cs.make_pool(measures, [(a.weights or None, a.order or None) for a in answers])
    frame = pd.DataFrame(
        {
            "name": [a.name for a in answers],
            "answer": ["weights" if a.weights else "order" for a in answers],
            **{
                f"weight {ws.measures[m]} (0-10)": pd.array(
                    [a.weights.get(m) if a.weights else None for a in answers], dtype="Float64"
                )
                for m in measures
            },
            **{
                f"share {ws.measures[m]} (%)": (pool.shares[:, k] * 100).round(2)
                for k, m in enumerate(measures)
            },
            "order": [" > ".join(ws.measures[m] for m in a.order) for a in answers],
            "note": [a.note for a in answers],
            "changes": [a.revision - 1 for a in answers],
            "last update (UTC)": [a.updated.isoformat() if a.updated else "" for a in answers],
        },
        index=pd.RangeIndex(1, len(answers) + 1, name="participant"),
    )
    return frame


def to_csv(ws: Workshop, answers: Sequence[Submission]) -> str:
    """The answers as spreadsheet-safe CSV."""
    return export.to_csv(table(ws, answers), float_format="%.2f")


def to_json(ws: Workshop, answers: Sequence[Submission]) -> str:
    """The answers as JSON, with the workshop's code, title, measures and dates."""
    about = {
        "workshop": ws.code,
        "title": export.safe_text(ws.title),
        "measures": {m: export.safe_text(label) for m, label in ws.measures.items()},
        "opened": ws.created.isoformat(),
        "expires": ws.expires.isoformat(),
        "participants": len(answers),
        "note": "Text starting with = + - @ carries a leading apostrophe (spreadsheet-safe).",
    }
    return export.to_json(export.safe_frame(table(ws, answers)), extra=about, decimals=2)
