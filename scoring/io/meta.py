"""Indicator ids and metadata: what each column means and how it is scored.

A column whose id matches an indicator of the shipped sample ("homicide",
"Drug offences", "Theft from the person", ...) takes the sample's metadata
(measure, direction, counts per 1,000 or per million residents), so a newer
quarter in the sample's layout ranks the same way. Any other column is its own
measure, used as given, higher is better: that assumption is reported, and a
metadata sheet (a sheet called "meta", "metadata" or "indicators", with columns
``id, label, measure, direction, kind, per, unit, period, source, description`` and
``parent``) can say otherwise. ``parent`` names the group above the indicator's measure
(a theme); a deeper path is written from the top down, "Area > Theme"
(:func:`tree_from_sheet`). A "count" whose values have decimals is read as a rate, and
said so: dividing a rate by population again would silently reorder the table.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from scoring.core.dataset import META_COLUMNS, SAMPLE_DIR, read_meta
from scoring.io.cells import clean_text, is_blank, read_number, show
from scoring.io.dictionary import COUNT_PER, infer
from scoring.io.read import Sheet
from scoring.io.report import ERROR, NOTE, WARNING, Place, Report
from scoring.io.table import header_key

META_SHEETS = ("meta", "metadata", "indicators", "indicator_meta")
# Published headers whose plain id differs from the sample's indicator id.
INDICATOR_ALIASES = {
    "theft_from_the_person": "theft_from_person",
    "total_of_selected_serious_offences_involving_a_knife": "knife_offences",
    "knife_or_sharp_instrument_offences": "knife_offences",
    "fraud_and_computer_misuse_offences": "fraud_cyber",
    "fraud_and_computer_misuse_referrals": "fraud_cyber",
    "victim_satisfaction_illustrative": "victim_satisfaction",
}
KINDS = {"count": "count", "counts": "count", "rate": "rate", "percent": "percent",
         "percentage": "percent", "%": "percent"}  # fmt: skip
DIRECTIONS = {"1": 1, "+1": 1, "-1": -1, "higher is better": 1, "higher": 1, "up": 1,
              "lower is better": -1, "lower": -1, "down": -1, "higher is worse": -1}  # fmt: skip
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


def indicator_id(text) -> str:
    """Id of an indicator column: "Theft from the person [note 3]" -> "theft_from_person"."""
    key = re.sub(r"[^a-z0-9]+", "_", clean_text(text).lower()).strip("_")[:64]
    return INDICATOR_ALIASES.get(key, key)


@cache
def sample_meta() -> pd.DataFrame:
    """The shipped sample's indicator metadata."""
    return read_meta(SAMPLE_DIR / "indicator_meta.csv")


@cache
def sample_measures() -> pd.DataFrame:
    """The shipped sample's measures (the six National Crime and Policing Measures)."""
    return pd.read_csv(SAMPLE_DIR / "measures.csv", index_col="id")


def build_meta(values: pd.DataFrame, labels: dict[str, str], *, source: dict[str, str],
               period: str, has_population: bool, overrides: pd.DataFrame | None,
               place: Place, report: Report) -> tuple[pd.DataFrame, list[str]]:
    """Metadata for every indicator column, and the ids with something assumed.

    Each row says how its kind, direction and denominator were decided (``basis``) and
    what is only assumed (``assumed``: "kind", "direction"); see :mod:`scoring.io.dictionary`.

    Parameters
    ----------
    values : DataFrame
        Units x indicators, raw values as read.
    labels, source : dict
        Indicator id -> header text, and -> where it came from ("column 'X' (C)").
    overrides : DataFrame, optional
        A metadata sheet read by :func:`read_meta_sheet` (index = indicator id).
    """
    rows = {}
    known = sample_meta()
    for j in values.columns:
        if j in known.index:
            row = known.loc[j].to_dict()
            row["label"] = re.sub(r"\s*\(illustrative\)", "", str(row["label"]))
            if row["status"] != "real":
                row["description"] = f"Supplied in {report.file}."
            row.update(basis=f"the shipped sample's indicator {j!r} (its kind, direction and measure)", assumed="")
        else:
            guess = infer(labels[j], values[j])
            row = {"label": labels[j], "measure": j, "direction": guess.direction, "kind": guess.kind,
                   "per": np.nan, "unit": "as given", "denominator": "", "police_generated": False,
                   "noise": "none", "description": f"Supplied in {report.file}.",
                   "basis": "; ".join(guess.reasons), "assumed": ", ".join(guess.assumed)}  # fmt: skip
            if guess.kind == "count":
                row.update(per=COUNT_PER, unit=per_unit(COUNT_PER), noise="poisson")
        row.update(source_table=source[j], period=period, licence="as supplied", status="real")
        rows[j] = row
    meta = pd.DataFrame.from_dict(rows, orient="index")[[*META_COLUMNS, "basis", "assumed"]]
    meta.index.name = "id"
    if overrides is not None:
        meta = _apply(meta, overrides, place, report)
    meta = _counts(meta, values, has_population, place, report)
    assumed = [j for j in meta.index if meta.at[j, "assumed"]]
    if assumed:
        report.add(WARNING, f"{len(assumed)} indicator(s) with something assumed ("
                   + ", ".join(f"{j!r}: {meta.at[j, 'assumed']}" for j in assumed[:6])
                   + (" ..." if len(assumed) > 6 else "") + "): the table is provisional until "
                   "they are confirmed on the Data page (or with --assume)", place())  # fmt: skip
    return meta, assumed


def _counts(meta, values, has_population, place, report) -> pd.DataFrame:
    """Counts with decimals are rates; counts with no population are ranked as given (assumed)."""
    counts = list(meta.index[meta["kind"] == "count"])
    numbers = values[counts].to_numpy(float)
    decimals = dict(zip(counts, np.nansum(np.abs(numbers - np.round(numbers)), axis=0) > 1e-9, strict=True))
    for j in counts:
        if decimals[j]:
            why = "its values have decimals, so they are read as rates and used as given"
            report.add(WARNING, f"{j!r}: {why}", place())
            meta.loc[j, ["kind", "per", "unit", "noise", "denominator"]] = ["rate", np.nan, "as given", "none", ""]
            meta.at[j, "basis"] = f"{meta.at[j, 'basis']}; {why}".strip("; ")
        elif not has_population:  # else: a count per resident (see below)
            why = "no population is known for these units, so the counts are ranked as given (not per resident)"
            report.add(WARNING, f"{j!r}: {why}", place())
            meta.loc[j, ["kind", "per", "unit", "noise", "denominator"]] = ["rate", np.nan, "as given", "none", ""]
            meta.at[j, "basis"] = f"{meta.at[j, 'basis']}; {why}".strip("; ")
            meta.at[j, "assumed"] = ", ".join(dict.fromkeys([*_fields(meta.at[j, "assumed"]), "kind"]))
    plain = [j for j in counts if not decimals[j] and has_population]
    meta.loc[plain, "denominator"] = meta.loc[plain, "denominator"].where(meta.loc[plain, "denominator"] != "",
                                                                          "resident population")  # fmt: skip
    return meta


def _fields(text) -> list[str]:
    return [f.strip() for f in str(text or "").split(",") if f.strip()]


def per_unit(per: float) -> str:
    """ "per 1,000 residents" for ``per`` = 1000."""
    return {1e6: "per million residents"}.get(per, f"per {per:,.0f} residents")


def find_meta_sheet(sheets: tuple[Sheet, ...]) -> Sheet | None:
    """The workbook's metadata sheet, if it has one."""
    return next((s for s in sheets if s.name.strip().lower() in META_SHEETS), None)


def read_meta_sheet(sheet: Sheet, file: str, report: Report) -> pd.DataFrame | None:
    """Read and check a metadata sheet: one row per indicator."""
    place = Place(file, sheet.name)
    grid = sheet.grid
    filled = [i for i in range(len(grid)) if not all(is_blank(c) for c in grid.iloc[i])]
    if not filled:
        return None
    head = filled[0]
    keys = [header_key(c) if not is_blank(c) else "" for c in grid.iloc[head]]
    keys = ["id" if k in ("indicator", "indicator id") else "source_table" if k == "source" else
            k.replace(" ", "_") for k in keys]  # fmt: skip
    if "id" not in keys:
        report.add(ERROR, "the metadata sheet needs an 'id' column naming each indicator",
                   place(row=head + 1))  # fmt: skip
        return None
    out = {}
    for i in filled[1:]:
        cells = dict(zip(keys, grid.iloc[i], strict=True))
        ident = indicator_id(cells["id"]) if not is_blank(cells["id"]) else ""
        if ident:
            out[ident] = _meta_row(cells, keys, place, i + 1, report)
    frame = pd.DataFrame.from_dict(out, orient="index")
    return frame.reindex(columns=[c for c in (*META_COLUMNS, "parent", "parent_where")
                                  if c in frame.columns or c == "direction"])


def tree_from_sheet(overrides: pd.DataFrame | None, meta: pd.DataFrame, report: Report):
    """The groups above the measures that a metadata sheet's ``parent`` column declares.

    Each row's ``parent`` is the path of groups above its measure, top first, joined by
    ">" ("Harm" or "Overall > Harm"). Returns ``(measure -> parent id, groups frame)``, or
    ``({}, None)`` when no row has a parent. A measure given two different parents is an
    error naming the row.
    """
    if overrides is None or "parent" not in overrides or overrides["parent"].map(is_blank).all():
        return {}, None
    parents, groups = {}, {}
    for j, row in overrides.iterrows():
        if j not in meta.index or is_blank(row["parent"]):
            continue
        path = [p.strip() for p in str(row["parent"]).split(">") if p.strip()]
        ids = [indicator_id(p) for p in path]
        for above, (label, ident) in zip(["", *ids], zip(path, ids, strict=True), strict=False):
            if groups.setdefault(ident, (label, above))[1] != above:
                report.add(ERROR, f"{label!r} sits under two different groups", row["parent_where"])
        measure = meta.at[j, "measure"]
        if parents.setdefault(measure, ids[-1]) != ids[-1]:
            report.add(ERROR, f"the measure {measure!r} has two different parents ({parents[measure]!r} "
                       f"and {ids[-1]!r})", row["parent_where"])  # fmt: skip
    frame = pd.DataFrame({"label": [v[0] for v in groups.values()], "parent": [v[1] for v in groups.values()]},
                         index=pd.Index(list(groups), dtype=object))  # fmt: skip
    return parents, frame


def _meta_row(cells: dict, keys: list[str], place: Place, row: int, report: Report) -> dict:
    out = {k: clean_text(v) for k, v in cells.items() if k in (*META_COLUMNS, "parent") and not is_blank(v)}
    if "parent" in out:  # where to point when the parent does not fit the tree
        out["parent_where"] = place(row=row, column="parent", index=keys.index("parent"))
    checks = {"direction": (DIRECTIONS, "1 (higher is better) or -1 (higher is worse)"),
              "kind": (KINDS, "count, rate or percent")}  # fmt: skip
    for key, (allowed, wording) in checks.items():
        if key in out:
            found = allowed.get(out[key].lower())
            if found is None:
                report.add(ERROR, f"{show(out[key])}: {key} must be {wording}",
                           place(row=row, column=key, index=keys.index(key)))  # fmt: skip
            out[key] = found
    if "per" in out:
        try:
            per, _ = read_number(out["per"])
        except ValueError:
            per = np.nan
        if not per > 0:
            report.add(ERROR, f"{show(out['per'])}: per must be a positive number such as 1000",
                       place(row=row, column="per", index=keys.index("per")))  # fmt: skip
        out["per"] = per
    if "police_generated" in out:
        out["police_generated"] = out["police_generated"].lower() in TRUE_WORDS
    return out


def _apply(meta: pd.DataFrame, overrides: pd.DataFrame, place: Place, report: Report) -> pd.DataFrame:
    meta = meta.astype(object)
    for j, row in overrides.iterrows():
        if j not in meta.index:
            report.add(WARNING, f"the metadata describes {j!r}, which is not a column of the "
                       "data: ignored", place())  # fmt: skip
            continue
        stated = [key for key, value in row.items() if key in meta.columns and not is_blank(value)]
        for key in stated:
            # A measure is a scenario key (weights, links): an id, like an indicator's.
            meta.at[j, key] = (indicator_id(row[key]) or j) if key == "measure" else row[key]
        if stated:
            meta.at[j, "assumed"] = ", ".join(f for f in _fields(meta.at[j, "assumed"]) if f not in stated)
            meta.at[j, "basis"] = "the metadata sheet (" + ", ".join(stated) + ")" + (
                f"; {meta.at[j, 'basis']}" if meta.at[j, "assumed"] else "")
        if meta.at[j, "kind"] != "count":  # a rate keeps a stated base ("per 1,000") for its checks
            meta.loc[j, ["per", "noise"]] = [meta.at[j, "per"] if "per" in stated else np.nan, "none"]
            continue
        if is_blank(meta.at[j, "per"]):
            meta.at[j, "per"] = 1000.0
            report.add(NOTE, f"{j!r}: a count with no 'per' is shown per 1,000 residents", place())
        if "unit" not in row or is_blank(row["unit"]):
            meta.at[j, "unit"] = per_unit(float(meta.at[j, "per"]))
        meta.at[j, "noise"] = "poisson"
    meta["direction"] = meta["direction"].astype(int)
    meta["per"] = pd.to_numeric(meta["per"], errors="coerce")
    meta["police_generated"] = meta["police_generated"].astype(bool)
    return meta
