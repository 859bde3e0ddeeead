"""Recording-practice manipulation: what leaving crimes unrecorded does to a rank.

A force that records a share :math:`\\delta` fewer of the crimes it is told about
lowers its recorded rate by :math:`\\Delta x = -x\\,\\delta` and, where lower is
better, climbs the table with no victim better off. :func:`under_recording` recomputes
the whole table (with re-normalisation) for :math:`\\delta` = 1%, 2%, ... 19% on each
recorded-crime indicator in turn, and on all of them at once.

Why up to 19%: HMIC (2014), *Crime-recording: making the victim count*, found "the
national average of under-recording of crime is 19 per cent", about a third of violent
crime and over a quarter of sexual offences, with forces ranging from "very good" to
"unacceptably bad". A change smaller than those audited shares is *within observed
recording variation* (this project's test, on the HMIC 2014 audit): a table could not tell
it from normal practice.
The Public Administration Select Committee (2014), *Caught red-handed* (HC 760), tied
mis-recording to numerical targets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset
from scoring.gaming.whatif import WhatIf

LEVELS = tuple(range(1, 20))  # per cent of recorded crimes left unrecorded
HMIC_NATIONAL = 0.19
HMIC_VIOLENCE = 1 / 3
VIOLENCE = ("violence_with_injury", "knife_offences")
ALL = "all"
SOURCE = "HMIC (2014), Crime-recording: making the victim count"


def recorded_crime(w: WhatIf, dataset: Dataset, rubric: pd.DataFrame) -> list[str]:
    """Indicators a force could improve by recording less.

    Counts of crime where fewer is better under the scenario and where the rubric gives
    the force some recording discretion.
    """
    meta = dataset.meta.reindex(w.indicators)
    return [
        j for k, j in enumerate(w.indicators)
        if meta.at[j, "kind"] == "count" and w.direction[k] < 0
        and float(rubric.at[j, "recording_discretion"]) > 0
    ]  # fmt: skip


def audited_share(indicator: str) -> float:
    """The unrecorded share HMIC found for this kind of crime (a third for violence)."""
    return HMIC_VIOLENCE if indicator in VIOLENCE else HMIC_NATIONAL


def under_recording(w: WhatIf, indicators: list[str], levels=LEVELS) -> pd.DataFrame:
    """Rank of every ranked force when it leaves ``levels`` per cent of one indicator unrecorded.

    Returns
    -------
    DataFrame
        Long: ``code, indicator, pct, rank`` (recomputed) and ``gain`` (places climbed).
    """
    f, d = _grid(w, levels)
    parts = []
    for j in indicators:
        k = w.indicators.index(j)
        cut = -d / 100 * w.observed[f, k]  # a missing or filled-in value is not the force's record
        parts.append(_frame(w, f, j, d, w.rank_single(f, np.full(len(f), k), cut)))
    return pd.concat(parts, ignore_index=True) if parts else _frame(w, f[:0], ALL, d[:0], d[:0])


def under_recording_all(w: WhatIf, indicators: list[str], levels=LEVELS) -> pd.DataFrame:
    """As :func:`under_recording`, every listed indicator under-recorded at once (``"all"``)."""
    f, d = _grid(w, levels)
    together = np.zeros((len(f), len(w.indicators)))
    cols = [w.indicators.index(j) for j in indicators]
    together[:, cols] = -d[:, None] / 100 * w.observed[f][:, cols]
    ranks = w.rank_columns(f, together) if indicators else w.ranks[f]
    return _frame(w, f, ALL, d, ranks)


def _grid(w: WhatIf, levels) -> tuple[np.ndarray, np.ndarray]:
    """Every ranked force crossed with every level."""
    forces = np.flatnonzero(w.ranked)
    pct = np.asarray(levels, dtype=float)
    return np.repeat(forces, len(pct)), np.tile(pct, len(forces))


def _frame(w: WhatIf, f, name: str, d, ranks) -> pd.DataFrame:
    return pd.DataFrame({"code": w.codes[f], "indicator": name, "pct": d, "rank": ranks,
                         "gain": w.ranks[f] - ranks})  # fmt: skip


def needed(climb: pd.DataFrame, indicators: list[str]) -> pd.DataFrame:
    """Under-recording each climb needs, and whether audits found that much (B6 test).

    From :func:`scoring.gaming.climb.climb_table`: for the listed indicators the smallest
    change is a cut, so the share left unrecorded is ``-change_pct``; ``within_audit``
    is True when it is below the share HMIC found unrecorded for that kind of crime.
    """
    rows = climb[climb["indicator"].isin(indicators) & (climb["status"] == "ok")].copy()
    rows["unrecorded_pct"] = -rows["change_pct"]
    rows["audited_pct"] = 100 * rows["indicator"].map(audited_share).astype(float)  # float when empty too
    rows["within_audit"] = rows["unrecorded_pct"] <= rows["audited_pct"]
    return rows
