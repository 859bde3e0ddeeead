"""The data dictionary: what each uploaded indicator is, how we know, and what is only assumed.

Every indicator gets a *kind* (a count, a rate per N, a share in %, a score, a time),
a *denominator*, a *direction* (is more better or worse?) and a *measure*, each with
the reason it was given. The reasons come, in order of trust, from

1. a metadata sheet in the file (or COINr's ``iMeta``): stated by the user, not assumed;
2. the shipped sample's indicators (a column called ``robbery`` or ``Drug offences``
   means what it means in the sample, from the ONS tables): not assumed;
3. a vocabulary of policing terms: recorded-crime categories are counts where lower is
   better; satisfaction, confidence, trust and charge or solved rates are shares where
   higher is better; response and answer times are times where lower is better. These
   are inferences from a header, so they are *assumptions* until the user confirms them;
4. the values alone (whole numbers, or numbers between 0 and 100): assumptions too, and
   a direction that nothing names is assumed higher-is-better and said so.

A count becomes a rate per 1,000 residents whenever the units' populations are known
(the 43 forces and the community safety partnerships ship theirs; a ``population``
column counts too). Counts with no population are ranked as given, which is itself an
assumption. Assumptions are listed wherever the table is shown, as "provisional",
until the user confirms them: the confirmation (and any answer the user changes) is
part of the scenario, so a link replays it. :func:`answered` applies those answers.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from scoring.core import hierarchy
from scoring.core.dataset import Dataset

KINDS = {"count": "count", "rate": "rate per N", "percent": "share in %", "score": "score", "time": "time"}
COUNT_PER = 1000.0
# Header words, matched on whole words of the lower-cased header (see _words).
HIGHER = ("satisf", "confiden", "trust", "charge rate", "charged", "solved", "outcome rate",
          "positive outcome", "detection", "answered within", "attended within", "within target",
          "visibility", "feel safe", "safety", "well being", "wellbeing")  # fmt: skip
TIME = ("response time", "answer time", "time to answer", "time to attend", "attendance time",
        "minutes", "seconds", "waiting time", "wait time", "days to", "hours to")  # fmt: skip
CRIME = ("homicide", "murder", "manslaughter", "violence", "violent", "assault", "wounding",
         "robbery", "burglary", "theft", "stealing", "shoplifting", "vehicle offences", "vehicle crime",
         "criminal damage", "arson", "drug", "weapon", "knife", "firearm", "public order",
         "sexual offences", "sexual offence", "rape", "stalking", "harassment", "fraud",
         "computer misuse", "cyber", "miscellaneous crimes", "crimes against society",
         "recorded crime", "total crime", "offences", "offence", "anti social", "asb",
         "domestic abuse", "hate crime", "death or serious injury")  # fmt: skip
SHARE_WORDS = ("percent", "per cent", "%", "share", "proportion", "rate")


@dataclasses.dataclass
class Inference:
    """What the header and the values say about one indicator, with reasons."""

    kind: str
    direction: int
    reasons: list[str]
    assumed: list[str]  # "kind", "direction": not stated by the file or the sample


def _words(label: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9%]+", " ", str(label).lower()).split()) + " "


def _has(words: str, vocabulary: tuple[str, ...]) -> str:
    return next((w for w in vocabulary if f" {w}" in words), "")


def infer(label: str, values: pd.Series) -> Inference:
    """Kind and direction of a column that neither the sample nor a metadata sheet describes."""
    words = _words(label)
    column = values.to_numpy(float)
    column = column[~np.isnan(column)]
    whole = bool(len(column)) and bool((column == np.round(column)).all()) and bool((column >= 0).all())
    within_100 = bool(len(column)) and bool(((column >= 0) & (column <= 100)).all())
    higher, time, crime = _has(words, HIGHER), _has(words, TIME), _has(words, CRIME)
    share = _has(words, SHARE_WORDS)
    if higher:
        kind = "percent" if within_100 else "score"
        return Inference(kind, 1, [f"'{higher.strip()}' in the header: a {KINDS[kind]} where higher is "
                                   "better (policing vocabulary)"], ["kind", "direction"])  # fmt: skip
    if time:
        return Inference("time", -1, [f"'{time.strip()}' in the header: a time, where lower is better "
                                      "(policing vocabulary)"], ["kind", "direction"])  # fmt: skip
    if crime:
        kind = "count" if whole and not share else "rate"
        what = "recorded counts" if kind == "count" else "a rate (the values are not whole counts)"
        return Inference(kind, -1, [f"'{crime.strip()}' in the header: a recorded-crime category, "
                                    f"{what}, where lower is better (policing vocabulary)"],
                         ["kind", "direction"])  # fmt: skip
    if whole and not share and len(column) and column.max() > 100:
        kind, why = "count", "whole numbers above 100: read as counts"
    elif within_100 and (share or not whole):
        kind, why = "percent", "values between 0 and 100: read as shares in %"
    else:
        kind, why = "score", "read as a score, used as given"
    return Inference(kind, 1, [why, "nothing in the header says which way is better: assumed "
                               "higher is better"], ["kind", "direction"])  # fmt: skip


def dictionary(dataset: Dataset) -> pd.DataFrame:
    """One row per indicator: label, kind, denominator, direction, measure, basis, assumed;
    in a framework with themes, also the themes above its measure ("Harm > Violence")."""
    meta = dataset.meta
    table = pd.DataFrame({
        "indicator": [dataset.label(j) for j in meta.index],
        "kind": [kind_text(meta, j) for j in meta.index],
        "denominator": [str(meta.at[j, "denominator"]) or "none (used as given)" for j in meta.index],
        "direction": ["higher is better" if meta.at[j, "direction"] > 0 else "lower is better" for j in meta.index],
        "measure": dataset.measure_labels.reindex(meta["measure"]).to_numpy(),
        "basis": [str(meta.get("basis", pd.Series("", index=meta.index)).get(j, "")) or "the shipped sample"
                  for j in meta.index],
        "assumed": [assumed_fields(meta, j) for j in meta.index],
    }, index=meta.index)  # fmt: skip
    if hierarchy.has_groups(dataset):
        table.insert(table.columns.get_loc("measure") + 1, "themes",
                     [themes_above(hierarchy.of(dataset), str(m)) for m in meta["measure"]])
    return table


def themes_above(tree: hierarchy.Hierarchy, measure: str) -> str:
    """The groups above ``measure``, top first ("Harm > Violence"); "" directly under the index."""
    return " > ".join(tree.labels.get(n, n) for n in reversed(tree.path(measure)[1:]))


def kind_text(meta: pd.DataFrame, j: str) -> str:
    kind = str(meta.at[j, "kind"])
    if kind == "count":
        return f"count, shown {meta.at[j, 'unit']}"
    return KINDS.get(kind, kind) + (f" ({meta.at[j, 'unit']})" if str(meta.at[j, "unit"]) not in ("", "as given") else "")


def assumed_fields(meta: pd.DataFrame, j: str) -> str:
    """ "kind, direction" (what was assumed about indicator ``j``), "" when nothing was."""
    if "assumed" not in meta:
        return ""
    return str(meta.at[j, "assumed"] or "")


def pending(dataset: Dataset, scenario) -> pd.DataFrame:
    """The assumptions the user has not confirmed: indicator, what, assumed value, reason.

    Empty when the scenario confirms this dataset's assumptions (``scenario.confirmed``)
    or answers each of them itself (a direction, or count / as given).
    """
    if "assumed" not in dataset.meta or scenario.confirmed == dataset.id:
        return pd.DataFrame(columns=["indicator", "what", "assumed", "reason"])
    rows = []
    meta = dataset.meta
    for j in meta.index:
        fields = [f.strip() for f in str(meta.at[j, "assumed"] or "").split(",") if f.strip()]
        if "direction" in fields and j in scenario.directions:
            fields.remove("direction")
        if "kind" in fields and j in scenario.counts:
            fields.remove("kind")
        for what in fields:
            value = (("higher is better" if meta.at[j, "direction"] > 0 else "lower is better")
                     if what == "direction" else kind_text(meta, j))  # fmt: skip
            rows.append({"indicator": dataset.label(j), "id": j, "what": what, "assumed": value,
                         "reason": str(meta.at[j, "basis"])})  # fmt: skip
    return pd.DataFrame(rows, columns=["indicator", "id", "what", "assumed", "reason"])


def answered(dataset: Dataset, scenario) -> Dataset:
    """The dataset with the scenario's answers about kinds applied (a count, or used as given).

    Directions need no change here: every analysis reads them through
    ``scenario.direction``. A count needs populations: without them it stays as given.
    """
    if not scenario.counts:
        return dataset
    meta = dataset.meta.copy()
    has_population = dataset.units["population"].notna().any()
    for j, flag in scenario.counts.items():
        if j not in meta.index:
            continue
        if flag >= 0.5 and has_population and meta.at[j, "kind"] != "count":
            meta.loc[j, ["kind", "per", "unit", "noise"]] = ["count", COUNT_PER, "per 1,000 residents", "poisson"]
            meta.at[j, "denominator"] = "resident population"
        elif flag < 0.5 and meta.at[j, "kind"] == "count":
            meta.loc[j, ["kind", "per", "unit", "noise"]] = ["rate", np.nan, "as given", "none"]
            meta.at[j, "denominator"] = ""
    if meta.equals(dataset.meta):
        return dataset
    return dataclasses.replace(dataset, meta=meta)


ANSWERS = {"higher": ("direction", 1), "lower": ("direction", -1), "count": ("kind", 1),
           "as-given": ("kind", 0), "as_given": ("kind", 0)}  # fmt: skip


def apply_answers(scenario, dataset: Dataset, answers: list[str] | None):
    """The scenario with command-line answers (``ID=lower``, ``ID=count``, ``all``) applied.

    ``all`` confirms every assumption as listed; ``ID=higher|lower`` sets a direction and
    ``ID=count|as-given`` says whether a column is a count (per resident) or used as
    given. Raises :class:`~scoring.errors.InputError` naming ``--assume`` on a bad answer.
    """
    from scoring.errors import InputError

    for answer in answers or []:
        text = answer.strip()
        if text.lower() == "all":
            scenario = scenario.replace(confirmed=dataset.id)
            continue
        ident, _, value = text.partition("=")
        if ident not in dataset.meta.index or value.lower() not in ANSWERS:
            raise InputError(f"{text!r}: write ID=higher, ID=lower, ID=count or ID=as-given with an "
                             f"indicator id ({', '.join(dataset.indicators[:5])}...), or 'all'",
                             where="--assume")  # fmt: skip
        what, number = ANSWERS[value.lower()]
        field = "directions" if what == "direction" else "counts"
        scenario = scenario.replace(**{field: {**getattr(scenario, field), ident: number}})
    return scenario


def describe_pending(rows: pd.DataFrame) -> list[str]:
    """One plain line per assumption, for the command line and the report."""
    return [f"{r.id}: {r.what} assumed {r.assumed} ({r.reason})" for r in rows.itertuples()]


def with_stated_weights(scenario, dataset: Dataset):
    """The scenario with the weights the file states (COINr's iMeta), on the 0-10 slider scale.

    Only ratios matter (within a measure, and between siblings at every level), so each set is scaled
    so that its largest weight is 10. A dataset that states no weights changes nothing.
    """
    if "weight" not in dataset.measures or "weight" not in dataset.meta:
        return scenario
    def scaled(weights: pd.Series) -> dict:
        weights = weights.dropna()
        top = weights.max() if len(weights) else 0
        return {k: float(10 * v / top) for k, v in weights.items()} if top > 0 else {}
    groups = dataset.context.get("groups")
    stated = groups["weight"] if groups is not None and "weight" in groups else pd.Series(dtype=float)
    return scenario.replace(measure_weights=scaled(dataset.measures["weight"]),
                            indicator_weights=scaled(dataset.meta["weight"]),
                            group_weights=scaled(stated),
                            name="Weights stated in the file")  # fmt: skip
