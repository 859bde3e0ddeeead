"""Grades and thresholds page: the rule's controls, cached runs and the answer in words.

Every control writes into ``scenario.grading`` through :func:`ui.widgets.bound`, so the
rule travels in the URL and the scenario file. Runs are cached per dataset content and
scenario, with the same hashing as :mod:`ui.state`.
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from scoring.core.dataset import FRAMEWORKS, Dataset
from scoring.core import rates
from scoring.core.scenario import GRADE_BANDS, Scenario
from scoring.grading import lift, misgrading, press, rules
from scoring.io.template import framework_template_xlsx
from ui import state, widgets

BANDS = {"peel": "Five PEEL-style grades", "fixed": "Fixed cut-offs on the score",
         "quantile": "Fixed shares of forces (quantiles)"}  # fmt: skip
NAMES = {"letters": "A, B, C, …", "ppa": "Excellent, Good, Fair, Poor"}
INTERVENE = {"either": "Bottom grade or thresholds missed", "bottom": "Bottom grade only",
             "thresholds": "Thresholds missed only"}  # fmt: skip
SHOW_AFTER = 0.6  # seconds before a run shows its progress bar


# ------------------------------------------------------------------------------ runs


def _with_progress(label: str, run, *args):
    slot, start = st.empty(), time.perf_counter()

    def update(fraction: float) -> None:
        if time.perf_counter() - start > SHOW_AFTER:
            slot.progress(min(max(fraction, 0.0), 1.0), text=f"{label}: {fraction:.0%}")

    try:
        return run(*args, progress=update)
    finally:
        slot.empty()


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=state._HASH)
def graded(dataset: Dataset, scenario: Scenario) -> misgrading.Grading:
    """:func:`scoring.grading.misgrading.simulate`, cached; ``ValueError`` when nothing can be graded."""
    return _with_progress("Re-running the data", partial(misgrading.simulate, dataset, scenario))


@st.cache_data(max_entries=32, show_spinner="Building the points table...", hash_funcs=state._HASH)
def press_table(dataset: Dataset, scenario: Scenario) -> press.PressTable:
    """:func:`scoring.grading.press.press_table`, cached."""
    return press.press_table(dataset, scenario)


@st.cache_data(max_entries=64, show_spinner="Searching for the cheapest change...", hash_funcs=state._HASH)
def routes(dataset: Dataset, scenario: Scenario, code: str) -> pd.DataFrame:
    """:func:`scoring.grading.lift.routes`, cached per force."""
    return lift.routes(dataset, scenario, code)


# ------------------------------------------------------------------------------ controls


def _update(field: str, s: Scenario, value) -> Scenario:
    return s.with_section("grading", **{field: value})


def _update_entry(field: str, key: str, s: Scenario, value) -> Scenario:
    return s.with_section("grading", **{field: {**getattr(s.grading, field), key: float(value)}})


def _update_thresholds(defaults: dict, labels: dict, s: Scenario, chosen: list) -> Scenario:
    ids = [j for j, label in labels.items() if label in chosen]
    kept = {j: s.grading.thresholds.get(j, defaults[j]) for j in ids}
    return s.with_section("grading", thresholds=kept)


def _reset(field: str) -> None:
    s = state.get_scenario()
    state.set_scenario(s.with_section("grading", **{field: {}}))


def _set(field: str):
    return partial(_update, field)


def controls(scenario: Scenario, dataset: Dataset, bands: rules.Bands | None) -> None:
    """The grade rule, the thresholds and what varies, in one collapsed expander."""
    g = scenario.grading
    with st.expander("Change the grade rule, the thresholds or what varies", icon=":material/tune:"):
        rule, limits, runs = st.columns([4, 4, 3], gap="medium")
        with rule:
            widgets.bound(st.radio, "Grades", "gr_bands", g.bands, _set("bands"),
                          options=list(GRADE_BANDS), format_func=BANDS.get,
                          help="PEEL-style grades are fixed cut-offs named as HMICFRS PEEL's five "
                          "grades; quantiles keep a fixed share of forces in each grade, so "
                          "grades are relative, like ranks.")  # fmt: skip
            left, right = st.columns(2)
            with left:
                widgets.bound(st.number_input, "Number of grades", "gr_grades", g.grades, _set("grades"),
                              min_value=2, max_value=6, step=1, disabled=g.bands == "peel")  # fmt: skip
            with right:
                widgets.bound(st.selectbox, "Names", "gr_names", g.names, _set("names"),
                              options=list(NAMES), format_func=NAMES.get,
                              disabled=g.bands == "peel" or g.grades != 4)  # fmt: skip
            if bands is not None:
                _band_inputs(g, bands)
        with limits:
            _threshold_inputs(scenario, dataset)
        with runs:
            widgets.bound(st.toggle, "Noise in the data", "gr_noise", g.noise, _set("noise"),
                          help="Counts drawn from a Poisson distribution, survey results from a "
                          "binomial with the survey's sample size, at the published values.")  # fmt: skip
            widgets.bound(st.toggle, "Weights vary too", "gr_weights", g.vary_weights, _set("vary_weights"),
                          help="Weights drawn as set on the Instability page (around yours).")  # fmt: skip
            widgets.bound(st.number_input, "Re-runs of the data", "gr_samples", g.samples, _set("samples"),
                          min_value=200, max_value=50_000, step=500)  # fmt: skip
            widgets.bound(st.slider, "Cliff edge: no grade this likely", "gr_cliff", g.cliff, _set("cliff"),
                          min_value=0.5, max_value=0.99, step=0.01, format="%.2f")  # fmt: skip


def _band_inputs(g, bands: rules.Bands) -> None:
    if bands.kind == "quantile":
        cols = st.columns(bands.size)
        for k, (col, name) in enumerate(zip(cols, bands.names, strict=True)):
            with col:
                widgets.bound(st.number_input, f"% {name}", f"gr_q{k}", float(round(bands.shares[k], 1)),
                              partial(_update_entry, "shares", str(k + 1)), min_value=0.0,
                              max_value=100.0, step=1.0, format="%.0f")  # fmt: skip
        st.button("Equal shares", key="gr_reset_q", on_click=_reset, args=("shares",), disabled=not g.shares)
        return
    cols = st.columns(bands.size - 1)
    for k, col in enumerate(cols):
        with col:
            widgets.bound(st.number_input, f"{bands.names[k + 1]} below", f"gr_c{k}",
                          float(round(bands.cutoffs[k], 3)), partial(_update_entry, "cutoffs", str(k + 1)),
                          step=0.01, format="%.3f")  # fmt: skip
    st.button("Default cut-offs", key="gr_reset_c", on_click=_reset, args=("cutoffs",), disabled=not g.cutoffs)


def _threshold_inputs(scenario: Scenario, dataset: Dataset) -> None:
    g = scenario.grading
    values = rates.indicator_rates(dataset.values, dataset.units, dataset.meta)
    national = rates.national_rates(dataset.national, dataset.meta, values, dataset.units)
    have = [j for j in dataset.indicators if values[j].notna().any() or j in g.thresholds]
    labels = {j: dataset.label(j) for j in have}
    defaults = {j: float(f"{national[j]:.3g}") if pd.notna(national[j]) else 0.0 for j in have}
    widgets.bound(st.multiselect, "Minimum thresholds on", "gr_thresholds",
                  [labels[j] for j in g.thresholds if j in labels], partial(_update_thresholds, defaults, labels),
                  options=list(labels.values()),
                  help="A new threshold starts at the England and Wales value; change it below.")  # fmt: skip
    for j in [j for j in g.thresholds if j in labels]:
        way = "at least" if scenario.direction(j, int(dataset.meta.at[j, "direction"])) > 0 else "at most"
        widgets.bound(st.number_input, widgets.escape(f"{labels[j]} ({dataset.meta.at[j, 'unit']}, {way})"),
                      f"gr_t_{j}", float(g.thresholds[j]), partial(_update_entry, "thresholds", j),
                      format="%.3g")  # fmt: skip
    if g.thresholds:
        widgets.bound(st.number_input, "Intervention when short of this many thresholds", "gr_k",
                      g.shortfalls, _set("shortfalls"), min_value=1, max_value=50, step=1)  # fmt: skip
    widgets.bound(st.selectbox, "Sent for intervention", "gr_intervene", g.intervene, _set("intervene"),
                  options=list(INTERVENE), format_func=INTERVENE.get)  # fmt: skip


# ------------------------------------------------------------------------------ words


def counted(counts: dict[str, int], total: int) -> str:
    """ "16 of the 42 forces are graded Good, 18 Adequate and 4 Inadequate"."""
    parts = [(n, name) for name, n in counts.items() if n]
    first = f"{parts[0][0]} of the {total} forces {'is' if parts[0][0] == 1 else 'are'} graded {parts[0][1]}"
    items = [first] + [f"{n} {name}" for n, name in parts[1:]]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else first


def headline(result: misgrading.Grading) -> None:
    """The answer first, in plain words."""
    facts = result.summary()
    n = facts["graded"]
    low, mid, high = facts["interventions_5_50_95"]
    noise = {("noise",): "Noise in the data alone", ("weights", "noise"): "Noise in the data and the "
             "weights together", ("weights",): "The weights alone"}.get(tuple(s for s in result.sources
             if s != "recording"), "Nothing varies, so nothing")  # fmt: skip
    lines = [
        f"**Under this rule, {counted(facts['published'], n)}.**",
        f"{noise} could change the grade of **{facts['likely_wrong']}** of them with at least a "
        f"1 in 5 chance: expect about **{facts['expected_misgrades']:.0f}** "
        f"{'force' if round(facts['expected_misgrades']) == 1 else 'forces'} to be graded wrongly. **{facts['cliff_edge']}** are on a cliff edge (no grade {result.cliff_level:.0%} likely).",
        f"As published, **{facts['interventions_published']}** forces would be sent for intervention; "
        f"in 90% of re-runs of the data it would be between **{low}** and **{high}** (median {mid}).",
    ]
    st.markdown("  \n".join(lines))
    st.caption(f"Rule: {widgets.escape(result.bands.describe())} "
               + " ".join(widgets.escape(n) for n in result.notes))  # fmt: skip


def force_picker(result: misgrading.Grading, scenario: Scenario) -> str:
    """Pick a force (default: the one in focus, else the lowest graded)."""
    order = np.lexsort((-result.scores, -result.grade))
    names = {c: str(n) for c, n in zip(result.codes[order], result.names[order], strict=True)}
    code = scenario.grading.force if scenario.grading.force in names else next(iter(names))
    return widgets.bound(st.selectbox, "Force", "gr_force", code, _set("force"), options=list(names),
                         format_func=names.get)  # fmt: skip


def template_download(dataset: Dataset) -> None:
    """The 2026 framework's fill-in template, on the framework's own data."""
    if dataset.id not in FRAMEWORKS:
        return
    st.download_button("Download the 2026 framework's template (XLSX)", partial(framework_template_xlsx),
                       file_name="police_performance_framework_2026_template.xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="gr_template",
                       help="The 43 forces, the 2018/19 charge rates filled in and an empty column for "
                       "every measure no public file holds. Fill in what you have, delete the columns "
                       "you lack, and upload it on the Data page.")  # fmt: skip


def awaiting(scenario: Scenario, dataset: Dataset) -> None:
    """Which weighted measures have no figures yet, so the grades rest on the others (and the template)."""
    waiting = list(widgets.awaiting_shares(scenario, dataset))
    if not waiting:
        return
    listed = ", ".join(waiting[:-1]) + " and " + waiting[-1] if len(waiting) > 1 else waiting[0]
    st.caption(f":material/hourglass_empty: {widgets.escape(listed)} "
               f"{'have' if len(waiting) > 1 else 'has'} no force-level figures yet, so these grades "
               "rest on the other measures alone; each takes its weight once figures are supplied "
               "(Data page).")  # fmt: skip
    template_download(dataset)
