"""How easily can police activity or recording practice move an indicator?

Each indicator is graded 0-3 on four axes and the grades give one score

.. math:: G_j = \\frac{1}{12} \\sum_{a=1}^{4} g_{ja} \\in [0, 1],

0 for an outcome the police cannot move, 1 for a count the police generate, classify
and self-report with nothing independent to check it against. The rubric is this
project's design, built on the published evidence listed below: it is a judgement to
be argued with, so every default grade carries its evidence, and the user can change
any grade (``scenario.gaming.rubric``: indicator -> four numbers).

Sources for the default grades
------------------------------
Home Office (2012) *Crime in England and Wales 2011/12*: drug offences recorded are
"heavily dependent on police activities and priorities". ONS (Aug 2020), recorded
drug offences +22% (April) and +44% (May 2020) in lockdown, attributed to proactive
policing. HMIC (2014) *Crime-recording: making the victim count*: 19% of crime
unrecorded nationally, about a third of violent crime and over a quarter of sexual
offences. Sherman, Neyroud & Neyroud (2016), Cambridge Crime Harm Index (excludes
proactively detected offences). Sutherland et al. (2021), ambulance records of violent
injury largely missing from police records. ONS Homicide Index (coroners and CPS).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core.dataset import Dataset

AXES = ("police_generated", "recording_discretion", "admin_control", "no_anchor")
AXIS_LABELS = {
    "police_generated": "Police-generated",
    "recording_discretion": "Recording discretion",
    "admin_control": "Force controls the instrument",
    "no_anchor": "No independent check",
}
AXIS_QUESTIONS = {
    "police_generated": "Is the count started by police activity (stop and search, patrols, "
                        "operations)?",
    "recording_discretion": "Is classifying, recording or 'no-criming' at the force's discretion?",
    "admin_control": "Does the force run the survey, set the definition or self-report the output?",
    "no_anchor": "Is there no independent source (NHS, Homicide Index, crime survey) to check it?",
}
HOME_OFFICE_2012 = "Home Office (2012), Crime in England and Wales 2011/12"
ONS_2020 = "ONS (Aug 2020), Crime in England and Wales, year ending March 2020 (lockdown release)"
HMIC_2014 = "HMIC (2014), Crime-recording: making the victim count"
CHI_2016 = "Sherman, Neyroud & Neyroud (2016), The Cambridge Crime Harm Index, Policing 10(3)"
SUTHERLAND_2021 = "Sutherland et al. (2021), Tracking violent crime with ambulance data"
HOMICIDE_INDEX = "ONS (2021), Homicide in England and Wales (Homicide Index)"
CSEW = "ONS, Crime Survey for England and Wales (national and regional estimates only)"
RUBRIC = ("This project's design (manipulability rubric: the force runs the survey or sets "
          "the measure), built on HMIC (2014) and Home Office (2012) evidence")
NFIB = "ONS PFA tables, Table P9 (Action Fraud / National Fraud Intelligence Bureau)"


@dataclass(frozen=True)
class Grade:
    """Default grades of one indicator with the evidence for each (this project's grading)."""

    grades: tuple[int, int, int, int]
    evidence: tuple[str, str, str, str]
    sources: tuple[str, ...]


_RECORDED_VICTIM_CRIME = (
    "Reported by victims; police activity adds few offences.",
    "Classification and 'no-criming' are force decisions: HMIC found 19% of crime unrecorded.",
    "The force applies the Home Office counting rules itself (audited by HMICFRS).",
    "The crime survey estimates these crimes only nationally, not per force.",
)
DEFAULTS: dict[str, Grade] = {
    "homicide": Grade(
        (0, 1, 0, 0),
        ("A death is not produced by police activity.",
         "Some discretion in classifying a death as homicide.",
         "Counted in the Homicide Index with coroner and CPS information.",
         "Checked against the Homicide Index."),
        (HOMICIDE_INDEX,),
    ),  # fmt: skip
    "knife_offences": Grade(
        (0, 2, 1, 1),
        ("Mostly reported by victims.",
         "Whether a knife was involved is flagged by the recording officer; violence is "
         "the crime type most often left unrecorded (HMIC: about a third).",
         "The force records the flag under the counting rules.",
         "NHS admissions for assault with a sharp object give a partial independent check."),
        (HMIC_2014,),
    ),  # fmt: skip
    "violence_with_injury": Grade(
        (1, 3, 1, 2),
        ("Some offences come to light through patrols and night-time operations.",
         "HMIC found about a third of violent crime reported to the police was not recorded.",
         "The force applies the counting rules itself.",
         "Ambulance data show most violent injuries never reach police records "
         "(West Midlands: about 90% unmatched), so there is no routine check."),
        (HMIC_2014, SUTHERLAND_2021),
    ),  # fmt: skip
    "drug_offences": Grade(
        (3, 1, 1, 3),
        ("Recorded only when police find drugs: 'heavily dependent on police activities and "
         "priorities' (Home Office 2012). In the 2020 lockdown all crime fell 25% while drug "
         "offences rose 22-44%, from proactive policing (ONS 2020).",
         "Possession or supply is a charging choice.",
         "The force records its own finds.",
         "No independent count of drug crime exists; the Cambridge Crime Harm Index "
         "leaves out proactively detected offences for this reason."),
        (HOME_OFFICE_2012, ONS_2020, CHI_2016),
    ),  # fmt: skip
    **{
        j: Grade((0, 2, 1, 1), _RECORDED_VICTIM_CRIME, (HMIC_2014, CSEW))
        for j in ("residential_burglary", "robbery", "theft_from_person", "vehicle_offences")
    },
    "fraud_cyber": Grade(
        (0, 0, 0, 1),
        ("Reported by victims to Action Fraud.",
         "Recorded centrally by the National Fraud Intelligence Bureau, not by the force.",
         "Not under the force's control.",
         "Only the crime survey checks it, and only nationally."),
        (NFIB, CSEW),
    ),  # fmt: skip
    "victim_satisfaction": Grade(
        (0, 1, 3, 2),
        ("Not produced by police activity.",
         "The force chooses which victims are surveyed.",
         "A force-run survey: the force sets the sample and the questions.",
         "No independent force-level survey exists."),
        (RUBRIC,),
    ),  # fmt: skip
}
_GENERIC = {
    "police_generated": Grade((3, 1, 1, 3), ("Marked police-generated in the data.",) * 4,
                              (HOME_OFFICE_2012,)),
    "count": Grade((0, 2, 1, 1), _RECORDED_VICTIM_CRIME, (HMIC_2014,)),
    "other": Grade((0, 1, 3, 2), ("A survey or rate the force may run itself.",) * 4,
                   (RUBRIC,)),
}  # fmt: skip


def default_grade(dataset: Dataset, indicator: str) -> Grade:
    """The evidence-based default for an indicator (a generic one for unknown ids)."""
    if indicator in DEFAULTS:
        return DEFAULTS[indicator]
    meta = dataset.meta.loc[indicator]
    if bool(meta.get("police_generated", False)):
        return _GENERIC["police_generated"]
    return _GENERIC["count" if meta.get("kind") == "count" else "other"]


def manipulability(grades) -> np.ndarray:
    """:math:`G = \\sum g_a / 12` for grades shaped ``(..., 4)`` (each clipped to 0-3)."""
    return np.clip(np.asarray(grades, dtype=float), 0.0, 3.0).sum(axis=-1) / 12.0


def rubric(dataset: Dataset, overrides: Mapping[str, tuple] | None = None) -> pd.DataFrame:
    """The rubric for every indicator of ``dataset``.

    Parameters
    ----------
    overrides : mapping, optional
        Indicator -> four grades (``scenario.gaming.rubric``); ids the dataset lacks are
        ignored.

    Returns
    -------
    DataFrame
        Indexed by indicator: ``label``, one column per axis in :data:`AXES`, ``G``,
        ``edited`` (True where the user's grades differ from the default), the default
        grades ``default_<axis>``, ``evidence_<axis>`` and ``sources``.
    """
    rows = {}
    for j in dataset.indicators:
        base = default_grade(dataset, j)
        grades = tuple(float(v) for v in (overrides or {}).get(j, base.grades))
        row = {"label": dataset.label(j), **dict(zip(AXES, grades, strict=True))}
        row["G"] = float(manipulability(grades))
        row["edited"] = tuple(grades) != tuple(float(v) for v in base.grades)
        row.update({f"default_{a}": g for a, g in zip(AXES, base.grades, strict=True)})
        row.update({f"evidence_{a}": e for a, e in zip(AXES, base.evidence, strict=True)})
        row["sources"] = "; ".join(base.sources)
        rows[j] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("indicator")
