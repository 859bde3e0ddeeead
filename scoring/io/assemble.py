"""From a checked :class:`Parsed` table to a :class:`~scoring.core.dataset.Dataset`.

Forces take their names, regions and countries from the sample's ``units.csv`` (so
every page shows the same names whatever the file called them) and their
population from the file when it has one, otherwise the sample's mid-2023 ONS
estimates, which the report says. Other units keep the file's names, regions and
populations. The dataset id is ``upload:<Dataset.fingerprint>``: the same file always
gets the same id, so a saved scenario names exactly the data it was made on.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from scoring.core import hierarchy
from scoring.core.dataset import SAMPLE_DIR, Dataset
from scoring.io.cells import display_text, is_blank
from scoring.io.checks import check, check_counts, check_shape
from scoring.io.dictionary import kind_text
from scoring.io.meta import build_meta, sample_measures, tree_from_sheet
from scoring.io.parsed import Parsed
from scoring.io.report import NOTE, Report
from scoring.io.units import ENGLAND_AND_WALES, FORCES, force_units


def assemble(parsed: Parsed, report: Report, *, sha256: str) -> Dataset:
    """Metadata, checks (raising :class:`DataFileError` on errors), then the Dataset."""
    check_shape(parsed, report)
    _tidy_labels(parsed)
    values = parsed.values
    has_population = parsed.kind == FORCES or (
        parsed.population is not None and parsed.population.notna().any())  # fmt: skip
    meta, _ = build_meta(values, parsed.labels, source=parsed.source, period=parsed.period,
                         has_population=has_population, overrides=parsed.overrides,
                         place=parsed.place, report=report)  # fmt: skip
    measures = _measures(meta, parsed.measure_labels)
    if parsed.weights:  # weights the file states (COINr's iMeta): the default scenario uses them
        meta["weight"] = [float(parsed.weights["indicators"].get(j, np.nan)) for j in meta.index]
        measures["weight"] = [float(parsed.weights["measures"].get(k, np.nan)) for k in measures.index]
    rows, labels, missing = meta.to_dict("index"), measures["label"].to_dict(), values.isna().sum()
    report.indicators = [
        {"id": j, "label": str(r["label"]), "column": parsed.source[j], "kind": kind_text(meta, j),
         "denominator": str(r["denominator"]) or "none", "measure": labels[r["measure"]],
         "direction": "higher is better" if r["direction"] > 0 else "lower is better",
         "basis": str(r["basis"]), "assumed": str(r["assumed"]), "missing": int(missing[j])}
        for j, r in rows.items()
    ]  # fmt: skip
    meta = _survey_noise(meta, parsed.sample_size)
    check(parsed, meta, report)
    units = _units(parsed, report)
    check_counts(parsed, meta, units["population"], report)
    report.raise_if_errors()
    title = parsed.title or f"{report.file}{f', sheet {report.sheet}' if report.sheet else ''} (uploaded)"
    dataset = Dataset(
        id="upload", title=title, units=units, values=values, meta=meta,
        measures=measures, national=_national(parsed.national, parsed.kind),
        context=_context(parsed, values), sources=(_source(parsed, meta, report, title, sha256),),
    )  # fmt: skip
    dataset = _with_tree(dataset, parsed, report)
    return dataclasses.replace(dataset, id=f"upload:{dataset.fingerprint}")


def _with_tree(dataset: Dataset, parsed: Parsed, report: Report) -> Dataset:
    """Levels above the measures, from COINr's iMeta or the metadata sheet's ``parent`` column."""
    parents, groups = parsed.parents, parsed.groups
    if groups is None:
        parents, groups = tree_from_sheet(parsed.overrides, dataset.meta, report)
        report.raise_if_errors()
    if groups is None or not len(groups):
        return dataset
    try:
        return hierarchy.attach(dataset, parents, groups)
    except ValueError as exc:
        report.fail(f"the hierarchy: {exc}", parsed.place())


def _tidy_labels(parsed: Parsed) -> None:
    """Names and labels come from the file: make them safe to show in any chart or table."""
    parsed.labels = {j: display_text(v) for j, v in parsed.labels.items()}
    parsed.names = {c: display_text(v) for c, v in parsed.names.items()}
    if parsed.region is not None:
        parsed.region = parsed.region.map(display_text)
    if parsed.overrides is not None:
        for column in ("label", "measure", "unit", "description"):
            if column in parsed.overrides:
                parsed.overrides[column] = parsed.overrides[column].map(
                    lambda v: v if is_blank(v) else display_text(v))  # fmt: skip


def _units(parsed: Parsed, report: Report) -> pd.DataFrame:
    codes = parsed.values.index
    if parsed.kind == FORCES:
        units = force_units().loc[codes, ["name", "region", "country", "population"]]
        units = units.astype({"population": float})
        given = parsed.population.reindex(codes) if parsed.population is not None else None
        if given is None or given.isna().any():
            report.add(NOTE, "population: the ONS mid-2023 estimates (Table P3, as in the sample) "
                       + ("for the forces the file gives none" if given is not None else
                          "as the file has no population column"), parsed.place())  # fmt: skip
        if given is not None:
            units["population"] = given.where(given.notna(), units["population"])
        return units
    population = parsed.population if parsed.population is not None else pd.Series(np.nan, index=codes)
    region = parsed.region if parsed.region is not None else pd.Series("", index=codes)
    return pd.DataFrame({"name": [parsed.names.get(c, c) for c in codes], "region": region.to_numpy(),
                         "population": population.reindex(codes).to_numpy(float)},
                        index=pd.Index(codes, name="code"))  # fmt: skip


def _national(national: pd.Series | None, kind: str) -> pd.Series | None:
    """The England and Wales row; forces without its population get the sample's mid-2023 one."""
    if national is None:
        return None
    out = national.astype(float).copy()
    if kind == FORCES and pd.isna(out.get("population", np.nan)):
        rows = pd.read_csv(SAMPLE_DIR / "reference_rows.csv")
        out["population"] = float(rows.loc[rows["code"] == ENGLAND_AND_WALES, "population"].iloc[0])
    return out


def _measures(meta: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Sample measures for known measure ids, one new measure per other id (after them)."""
    known = sample_measures()
    rows = {}
    groups = meta.groupby("measure", sort=False).groups
    for k in dict.fromkeys(meta["measure"]):
        if k in known.index:
            rows[k] = known.loc[k].to_dict()
        else:
            members = groups[k]
            label = labels.get(k) or (str(meta.at[members[0], "label"]) if len(members) == 1
                                      else k.replace("_", " ").capitalize())  # fmt: skip
            rows[k] = {"label": label, "order": len(known) + len(rows) + 1, "ncpm_wording": label}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out["order"] = out["order"].astype(int)
    out.index.name = "id"
    return out


def _context(parsed: Parsed, values: pd.DataFrame) -> dict:
    context = {"markers": parsed.markers.reindex(index=values.index, columns=values.columns).fillna("")}
    if parsed.previous is not None:
        context["previous"] = parsed.previous.reindex(columns=values.columns).astype(float)
    if parsed.previous_national is not None:
        context["previous_national"] = parsed.previous_national.astype(float).to_frame("national").T
    if parsed.sample_size is not None:
        context["sample_size"] = parsed.sample_size.astype(float)
    return context


def _survey_noise(meta: pd.DataFrame, sample_size: pd.DataFrame | None) -> pd.DataFrame:
    """A percentage with its sample size (an ``<id>_n`` column) gets binomial sampling noise."""
    if sample_size is None:
        return meta
    meta = meta.copy()
    sized = [j for j in sample_size.columns if j in meta.index and meta.at[j, "kind"] == "percent"]
    meta.loc[sized, "noise"] = "binomial"
    return meta


def _source(parsed: Parsed, meta, report: Report, title: str, sha256: str) -> dict:
    return {
        "file": report.file, "title": title, "publisher": parsed.publisher,
        "period": " and ".join(p for p in (parsed.previous_period, parsed.period) if p) or "not stated",
        "licence": "as supplied", "sha256": sha256,
        "used_for": [f"{meta.at[j, 'label']}: {parsed.source[j]}" for j in meta.index],
    }  # fmt: skip
