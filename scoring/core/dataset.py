"""Datasets: the units, their indicator values, and what each indicator means.

A :class:`Dataset` is everything the scoring needs and nothing it does not:

* ``units``: one row per unit (police force, community safety partnership, ...),
  indexed by code, with at least ``name`` and ``population``;
* ``values``: raw indicator values (counts, or percentages), same index;
* ``meta``: one row per indicator: ``label, measure, direction, kind, per, unit,
  source_table, period, licence, status, police_generated, noise, description``;
* ``measures``: one row per measure: ``label, order, ncpm_wording``, optionally
  ``parent`` (the group above it: :mod:`scoring.core.hierarchy`);
* ``national``: published national values (same units as ``values``) and
  ``population``, used for the distance-to-England-and-Wales normalisation;
* ``context``: further tables keyed by name, indexed by unit code: ``previous``
  (the same indicators a year earlier), ``offence_groups`` and
  ``offence_groups_previous`` (every recorded offence group, including those outside
  the basket), ``ethnicity`` (Census 2011 counts by group), ``sample_size`` (survey
  sample size per indicator), ``homicide_rate_3yr`` (long format, ONS),
  ``stop_search`` (searches by ethnic group, year ending March 2019, and the Census 2011
  populations they are rated against) and ``unit_notes`` (publishers' notes on one unit's
  figure: ``indicator, note, source``) and ``groups`` (the levels above the measures:
  ``label, parent``, optionally ``weight``; :mod:`scoring.core.hierarchy`).

The shipped sample is derived from public ONS and Home Office tables by
``sample_data/build.py``; see ``sample_data/SOURCES.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import weakref
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = {
    "sample": (2024, "Police force areas, year ending December 2024 (ONS / Home Office)"),
    "sample-2023": (2023, "Police force areas, year ending December 2023 (ONS / Home Office)"),
    "ppf-2026": (2026, "Police Performance Framework 2026 (provisional): force figures to supply"),
    "ppf-2026-charges": (2026, "Police Performance Framework 2026 (provisional), crime solving "
                               "from the Home Office charge rates 2018/19"),
}
# The 2026 framework's shipped data: id -> whether crime solving takes the 2018/19 charge rates.
FRAMEWORKS = {"ppf-2026": False, "ppf-2026-charges": True}
META_COLUMNS = (
    "label", "measure", "direction", "kind", "per", "unit", "denominator", "source_table",
    "period", "licence", "status", "police_generated", "noise", "description",
)  # fmt: skip
NO_DATA = "no data"  # status of an indicator with no force-level figures yet
NO_DATA_NOTE = "no force-level data yet"
# Offence-group column in the published national rows for each sample indicator.
_NATIONAL_COLUMN = {"theft_from_person": "theft_from_the_person"}


# Values a dataset computes once (its frames are read-only) and every rerun asks for, kept
# beside it rather than in its __dict__, so copying its fields copies no stale answer.
_ONCE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def once(dataset: Dataset, name: Hashable, compute):
    """``compute()`` the first time ``name`` is asked of ``dataset``; its answer after that."""
    answers = _ONCE.setdefault(dataset, {})
    if name not in answers:
        answers[name] = compute()
    return answers[name]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Units, indicator values and metadata; treat every frame as read-only."""

    id: str
    title: str
    units: pd.DataFrame
    values: pd.DataFrame
    meta: pd.DataFrame
    measures: pd.DataFrame
    national: pd.Series | None = None
    context: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    sources: tuple[Mapping[str, str], ...] = ()

    @property
    def indicators(self) -> list[str]:
        """Indicator ids in metadata order."""
        return list(self.meta.index)

    @property
    def measure_of(self) -> pd.Series:
        """Indicator id -> measure id."""
        return self.meta["measure"]

    @property
    def measure_ids(self) -> list[str]:
        """Measure ids in display order."""
        return list(once(self, "measure_ids", lambda: list(self.measures.sort_values("order").index)))

    @property
    def illustrative(self) -> list[str]:
        """Indicators whose values are illustrative, not data."""
        return list(self.meta.index[self.meta["status"] == "illustrative"])

    @property
    def awaiting(self) -> list[str]:
        """Indicators with no value for any unit: measures waiting for figures (they weigh nothing)."""
        return list(once(self, "awaiting", lambda: list(self.values.columns[self.values.isna().all()])))

    @property
    def awaiting_measures(self) -> frozenset[str]:
        """Measures none of whose indicators has a value yet."""
        return once(self, "awaiting_measures", lambda: frozenset(self._empty()[lambda e: e].index))

    def _empty(self) -> pd.Series:
        """Per measure: True when every one of its indicators is awaiting figures."""
        return self.meta.index.to_series().isin(set(self.awaiting)).groupby(self.meta["measure"]).all()

    @property
    def fingerprint(self) -> str:
        """Short content hash: two datasets with the same fingerprint score the same."""
        return once(self, "fingerprint", self._fingerprint)

    def _fingerprint(self) -> str:
        h = hashlib.sha256()
        for frame in (self.units, self.values, self.meta, self.measures):
            h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
            h.update(",".join(map(str, frame.columns)).encode())
        if self.national is not None:
            h.update(self.national.to_json().encode())
        if self.context.get("groups") is not None:  # levels above the measures score too
            h.update(self.context["groups"].to_json().encode())
        return h.hexdigest()[:12]

    @property
    def measure_labels(self) -> pd.Series:
        """Display label per measure; "(illustrative)" when all its indicators are illustrative,
        "(no data yet)" when none of them has a value."""
        return once(self, "measure_labels", self._measure_labels).copy()  # callers may change theirs

    def _measure_labels(self) -> pd.Series:
        labels = self.measures["label"].astype(str).copy()
        status = self.meta.groupby("measure")["status"].agg(lambda s: (s == "illustrative").all())
        empty = self._empty()
        for m in labels.index:
            if status.get(m, False) and "illustrative" not in labels[m]:
                labels[m] += " (illustrative)"
            elif empty.get(m, False):
                labels[m] += " (no data yet)"
        return labels

    @property
    def data_notes(self) -> pd.Series:
        """Publishers' notes per unit code, "Indicator: note; ..." (empty when there are none)."""
        return once(self, "data_notes", self._data_notes).copy()  # made once: every rerun shows them

    def _data_notes(self) -> pd.Series:
        notes = self.context.get("unit_notes")
        if notes is None or notes.empty:
            return pd.Series(dtype=object)
        text = [f"{self.label(j) if j in self.meta.index else j}: {n}"
                for j, n in zip(notes["indicator"], notes["note"], strict=True)]  # fmt: skip
        return pd.Series(text, index=notes.index).groupby(level=0).agg("; ".join)

    def export_names(self, columns) -> list[str]:
        """Column names for exports: ``c_<measure>`` of an illustrative measure gets a suffix."""
        flagged = {f"c_{m}" for m, label in self.measure_labels.items() if "illustrative" in label}
        return [f"{c}_illustrative" if c in flagged else c for c in columns]

    def label(self, indicator: str) -> str:
        """Display label of an indicator (always carries "(illustrative)" if it is)."""
        text = str(self.meta.at[indicator, "label"])
        if self.meta.at[indicator, "status"] == "illustrative" and "illustrative" not in text:
            text += " (illustrative)"
        elif self.meta.at[indicator, "status"] == NO_DATA:
            text += f" ({NO_DATA_NOTE})"
        return text


def load_sample(dataset_id: str = "sample", illustrative: bool = False) -> Dataset:
    """Load one of the shipped sample datasets (``"sample"`` or ``"sample-2023"``).

    By default every indicator holds real figures only: victim satisfaction, which has
    no force-level public figure, is kept as a measure with no data (see
    :func:`awaiting_figures`). ``illustrative=True`` loads the generated demonstration
    values instead, labelled "(illustrative)" wherever they appear.
    """
    if dataset_id not in SAMPLES:
        raise KeyError(f"unknown sample dataset {dataset_id!r}; choose one of {sorted(SAMPLES)}")
    return _load_sample(dataset_id, bool(illustrative))


def awaiting_figures(dataset: Dataset, empty: list[str] | None = None) -> Dataset:
    """The dataset with its illustrative indicators (or ``empty``) emptied: measures awaiting
    real figures.

    They stay in the dataset, with their measure, so a page can show them and a preset
    can name them, but they have no values and therefore weigh nothing in any score
    (:func:`scoring.core.pipeline.scenario_weights`) until figures are supplied.
    """
    empty = dataset.illustrative if empty is None else list(empty)
    if not empty:
        return dataset
    values = dataset.values.copy()
    values[empty] = np.nan
    meta = dataset.meta.copy()
    demo = [j for j in empty if meta.at[j, "status"] == "illustrative"]
    switched_off = [j for j in empty if meta.at[j, "status"] not in ("illustrative", NO_DATA)]
    meta.loc[empty, "label"] = meta.loc[empty, "label"].str.replace(r"\s*\(illustrative\)", "", regex=True)
    meta.loc[empty, ["source_table", "period", "licence"]] = NO_DATA_NOTE
    meta.loc[empty, ["status", "noise", "denominator"]] = [NO_DATA, "none", ""]
    meta.loc[demo, "description"] = (
        "No force-level figure is published. Its weight applies once figures are supplied "
        "(Data page: upload a file, or fill in the template); the sidebar's illustrative "
        "switch loads generated values for a demonstration.")  # fmt: skip
    meta.loc[switched_off, "description"] = (
        "Left out of this data: its figures are not used. Its weight applies once figures are "
        "supplied (the other choice of data, or the Data page).")  # fmt: skip
    context = dict(dataset.context)
    if "sample_size" in context:
        context["sample_size"] = context["sample_size"].drop(columns=empty, errors="ignore")
    if "previous" in context:
        context["previous"] = context["previous"].assign(**dict.fromkeys(empty, np.nan))
    national = None if dataset.national is None else dataset.national.drop(empty, errors="ignore")
    return Dataset(id=dataset.id, title=dataset.title, units=dataset.units, values=values,
                   meta=meta, measures=dataset.measures, national=national, context=context,
                   sources=dataset.sources)  # fmt: skip


@cache
def _load_sample(dataset_id: str, illustrative: bool) -> Dataset:
    if dataset_id in FRAMEWORKS:  # no illustrative values: the framework's gaps stay gaps
        return _load_framework(dataset_id)
    full = _load_full_sample(dataset_id)
    if illustrative:
        title = f"{full.title}, with illustrative victim satisfaction"
        return dataclasses.replace(full, title=title)
    return awaiting_figures(full)


@cache
def _load_full_sample(dataset_id: str) -> Dataset:
    year, title = SAMPLES[dataset_id]
    units = _read("units.csv")
    table = _read(f"indicators_{year}.csv")
    meta = read_meta(SAMPLE_DIR / "indicator_meta.csv")
    measures = pd.read_csv(SAMPLE_DIR / "measures.csv", index_col="id")
    values = table[list(meta.index)].astype(float)
    context = {
        # Survey sample sizes ("<indicator>_n" columns), for binomial noise.
        "sample_size": table[[f"{j}_n" for j in meta.index if f"{j}_n" in table]]
        .rename(columns=lambda c: c[:-2])
        .astype(float),
        "offence_groups": _read(f"offence_groups_{year}.csv"),
        "ethnicity": _read("ethnicity_2011.csv"),
        "homicide_rate_3yr": pd.read_csv(SAMPLE_DIR / "homicide_rate_3yr.csv"),
        "stop_search": _read("stop_search_2019.csv"),
        "unit_notes": _notes(year),
    }
    if (SAMPLE_DIR / f"indicators_{year - 1}.csv").exists():
        context["previous"] = _read(f"indicators_{year - 1}.csv")[list(meta.index)].astype(float)
        context["offence_groups_previous"] = _read(f"offence_groups_{year - 1}.csv")
    return Dataset(
        id=dataset_id,
        title=title,
        units=units,
        values=values,
        meta=meta,
        measures=measures,
        national=_sample_national(year, meta, values, units),
        context=context,
        sources=tuple(_sources()),
    )


def _load_framework(dataset_id: str) -> Dataset:
    """The Police Performance Framework 2026 (provisional): six headline areas, one real figure.

    Only crime solving has a public force-level figure, the Home Office charge rate for
    2018/19 (with the number of offences as the binomial sample size); without the
    ``-charges`` option it too awaits figures. Every other indicator has no data.
    """
    _, title = SAMPLES[dataset_id]
    meta = read_meta(SAMPLE_DIR / "framework_2026_meta.csv")
    measures = pd.read_csv(SAMPLE_DIR / "framework_2026_measures.csv", index_col="id")
    units = _read("units.csv")
    charges = _read("charge_rates_2018_19.csv")
    values = pd.DataFrame(np.nan, index=units.index, columns=list(meta.index))
    values["charge_rate"] = charges["charge_rate"].reindex(units.index).astype(float)
    national = pd.Series({"charge_rate": 100 * charges["charged"].sum() / charges["offences"].sum(),
                          "population": float(units["population"].sum())})  # fmt: skip
    dataset = Dataset(id=dataset_id, title=title, units=units, values=values, meta=meta,
                      measures=measures, national=national,
                      context={"sample_size": charges[["offences"]].rename(
                          columns={"offences": "charge_rate"}).astype(float)},
                      sources=tuple(s for s in _sources() if "charge_rates" in " ".join(s["used_for"])))  # fmt: skip
    no_data = [j for j in meta.index if meta.at[j, "status"] == NO_DATA]
    return awaiting_figures(dataset, no_data if FRAMEWORKS[dataset_id] else [*no_data, "charge_rate"])


def make_dataset(
    values: pd.DataFrame,
    *,
    directions: Mapping[str, int] | None = None,
    measures: Mapping[str, str] | None = None,
    population: Mapping[str, float] | pd.Series | None = None,
    names: Mapping[str, str] | None = None,
    regions: Mapping[str, str] | None = None,
    kind: str = "rate",
    dataset_id: str = "custom",
    title: str = "Custom data",
    national: pd.Series | None = None,
) -> Dataset:
    """Build a :class:`Dataset` from a values table, with sensible metadata defaults.

    Every indicator is its own measure unless ``measures`` maps indicator -> measure;
    directions default to +1 (higher is better); values are used as they are
    (``kind="rate"``) unless ``kind="count"``, which divides by ``population`` per 1,000.
    Handy for tests, notebooks and the importers.
    """
    values = values.astype(float)
    ids = [str(c) for c in values.columns]
    measure_of = {j: (measures or {}).get(j, j) for j in ids}
    meta = pd.DataFrame(
        {
            "label": ids,
            "measure": [measure_of[j] for j in ids],
            "direction": [int((directions or {}).get(j, 1)) for j in ids],
            "kind": kind,
            "per": 1000.0 if kind == "count" else float("nan"),
            "unit": "per 1,000 residents" if kind == "count" else "",
            "denominator": "resident population" if kind == "count" else "",
            "source_table": "", "period": "", "licence": "", "status": "real",
            "police_generated": False, "noise": "poisson" if kind == "count" else "none",
            "description": "",
        },  # fmt: skip
        index=pd.Index(ids, name="id"),
    )
    order = list(dict.fromkeys(measure_of.values()))
    measures_frame = pd.DataFrame(
        {"label": order, "order": range(1, len(order) + 1), "ncpm_wording": order},
        index=pd.Index(order, name="id"),
    )
    index = values.index.astype(str)
    pop = pd.Series(population if population is not None else 1.0, index=index, dtype=float)
    units = pd.DataFrame(
        {
            "name": [str((names or {}).get(c, c)) for c in index],
            "region": [str((regions or {}).get(c, "")) for c in index],
            "population": pop.reindex(index).to_numpy(),
        },
        index=pd.Index(index, name="code"),
    )
    values = values.set_axis(index, axis=0).set_axis(ids, axis=1).rename_axis("code")
    return Dataset(dataset_id, title, units, values, meta, measures_frame, national)


def previous_period(dataset: Dataset) -> Dataset | None:
    """The same units in the period before, when a loaded file had one (else None)."""
    before = dataset.context.get("previous")
    if before is None or dataset.id in SAMPLES:
        return None
    national = dataset.context.get("previous_national")
    return Dataset(
        id=f"{dataset.id}:previous", title=f"{dataset.title}, previous period", units=dataset.units,
        values=before, meta=dataset.meta, measures=dataset.measures,
        national=None if national is None else national.iloc[0], sources=dataset.sources,
    )  # fmt: skip


def read_meta(path: Path) -> pd.DataFrame:
    """Read an indicator metadata table and coerce its types."""
    meta = pd.read_csv(path, index_col="id", keep_default_na=False)
    if "denominator" not in meta:  # metadata written before the column existed
        meta.insert(meta.columns.get_loc("unit") + 1, "denominator", "")
    meta["direction"] = meta["direction"].astype(int)
    meta["per"] = pd.to_numeric(meta["per"], errors="coerce")
    meta["police_generated"] = meta["police_generated"].astype(str).str.lower().eq("true")
    return meta


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / name, index_col="code")


def _notes(year: int) -> pd.DataFrame:
    notes = _read("unit_notes.csv")
    return notes[notes["year"] == year][["indicator", "note", "source"]]


def _sample_national(year: int, meta: pd.DataFrame, values, units) -> pd.Series:
    """Published England and Wales values (they include British Transport Police)."""
    rows = pd.read_csv(SAMPLE_DIR / "reference_rows.csv")
    row = rows[(rows["code"] == "K04000001") & (rows["year"] == year)].iloc[0]
    out = {}
    for ind in meta.index:
        column = _NATIONAL_COLUMN.get(ind, ind)
        if column in row.index and pd.notna(row[column]):
            out[ind] = float(row[column])
        else:  # no published figure (the illustrative survey): population-weighted mean
            w = units["population"].reindex(values.index)
            out[ind] = float((values[ind] * w).sum() / w[values[ind].notna()].sum())
    out["population"] = float(row["population"])
    return pd.Series(out)


def _sources() -> list[dict]:
    path = SAMPLE_DIR / "sources.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
