"""Inputs of the gaming page, bound to ``scenario.gaming``, and its cached analysis.

Every input is drawn with :func:`ui.widgets.bound`, so the scenario stays the single
source of truth (and the URL replays the page); updates are partials of module-level
functions because Streamlit pickles widget callbacks.
"""

from __future__ import annotations

import contextlib
import dataclasses
from functools import partial

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import GamingSettings, Scenario
from scoring.gaming import manipulability, stopsearch
from scoring.gaming import report as gaming_report
from scoring.gaming.climb import PLACES, target_label
from ui import state
from ui.widgets import bound, escape

PLACE_OPTIONS = {**{str(k): target_label(k) for k in PLACES}, "top10": target_label(None)}


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=state._HASH)
def _table_analysis(dataset: Dataset, scenario: Scenario) -> gaming_report.TableAnalysis:
    return gaming_report.analyse_table(dataset, scenario)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=state._HASH)
def _report(dataset: Dataset, scenario: Scenario) -> gaming_report.GamingReport:
    table = _table_analysis(dataset, gaming_report.table_scenario(scenario))
    routes = gaming_report.analyse_routes(table, dataset, scenario.gaming)
    return gaming_report.assemble(table, dataset, scenario.gaming, routes)


def report(dataset: Dataset, scenario: Scenario) -> gaming_report.GamingReport:
    """:func:`scoring.gaming.report.report`, cached on what each part depends on."""
    spinner = (st.spinner("Recomputing the table for every force, indicator and target…")
               if state.in_a_run() else contextlib.nullcontext())  # fmt: skip
    with spinner:
        return _report(dataset, gaming_report.analysis_scenario(scenario))


# ------------------------------------------------------------------------ updates


def _update_gaming(field: str, s: Scenario, value) -> Scenario:
    return s.with_section("gaming", **{field: value})


def _set_gaming(field: str):
    return partial(_update_gaming, field)


def _update_grade(indicator: str, axis: int, default: tuple, s: Scenario, value) -> Scenario:
    grades = [float(v) for v in s.gaming.rubric.get(indicator, default)]
    grades[axis] = float(value)
    rubric = {k: v for k, v in s.gaming.rubric.items() if k != indicator}
    if tuple(grades) != tuple(float(v) for v in default):  # keep links short: store edits only
        rubric[indicator] = tuple(grades)
    return _update_gaming("rubric", s, rubric)


def _update_ratio(group: str, s: Scenario, value) -> Scenario:
    return _update_gaming("group_ratios", s, {**s.gaming.group_ratios, group: float(value)})


def _reset_rubric() -> None:
    s = state.get_scenario()
    state.set_scenario(_update_gaming("rubric", s, {}))


# ------------------------------------------------------------------------ pickers


def force_picker(table: pd.DataFrame, scenario: Scenario) -> str:
    """Choose the force in focus (stored in ``scenario.gaming.force``); returns its code.

    Defaults to the force in the middle of the table, where threshold effects bite.
    """
    ordered = table.sort_values(["rank", "would_rank", "name"], na_position="last")
    names = dict(zip(ordered.index, ordered["name"], strict=True))
    ranked = ordered.index[ordered["rank"].notna()]
    default = ranked[len(ranked) // 2] if len(ranked) else ordered.index[0]
    current = scenario.gaming.force if scenario.gaming.force in names else default
    return bound(st.selectbox, "Force", "gm_force", current, _set_gaming("force"),
                 options=list(names), format_func=names.get)  # fmt: skip


def target_picker(scenario: Scenario) -> str:
    """Choose how far to climb; returns the target label ("3 places", "top 10")."""
    key = bound(st.radio, "Climb", "gm_places", scenario.gaming.places, _set_gaming("places"),
                options=list(PLACE_OPTIONS), format_func=PLACE_OPTIONS.get,
                horizontal=True)  # fmt: skip
    return PLACE_OPTIONS[key]


def recording_picker(options: dict[str, str], scenario: Scenario) -> str:
    """Choose the recorded-crime indicator to under-record (or all of them)."""
    current = scenario.gaming.recording
    current = current if current in options else next(iter(options))
    return bound(st.selectbox, "Indicator left under-recorded", "gm_recording", current,
                 _set_gaming("recording"), options=list(options),
                 format_func=options.get)  # fmt: skip


# ------------------------------------------------------------------------ inputs


def rubric_editor(dataset: Dataset, grades: pd.DataFrame) -> None:
    """Four 0-3 grades per indicator, each bound to ``scenario.gaming.rubric``."""
    axes = manipulability.AXES
    head = st.columns([3, 1, 1, 1, 1, 1])
    head[0].markdown("**Indicator**")
    for col, axis in zip(head[1:], axes, strict=False):
        col.markdown(f"**{manipulability.AXIS_LABELS[axis]}**",
                     help=manipulability.AXIS_QUESTIONS[axis])  # fmt: skip
    head[5].markdown("**G (0-1)**")
    for j in dataset.indicators:
        default = manipulability.default_grade(dataset, j).grades
        cols = st.columns([3, 1, 1, 1, 1, 1], vertical_alignment="center")
        edited = " *(your grades)*" if grades.at[j, "edited"] else ""
        cols[0].markdown(escape(dataset.label(j)) + edited)
        for a, axis in enumerate(axes):
            with cols[1 + a]:
                bound(st.number_input, f"{manipulability.AXIS_LABELS[axis]}: {dataset.label(j)}",
                      f"gm_rub_{j}_{a}", float(grades.at[j, axis]),
                      partial(_update_grade, j, a, default), min_value=0.0, max_value=3.0,
                      step=1.0, format="%.0f", label_visibility="collapsed")  # fmt: skip
        cols[5].markdown(f"**{grades.at[j, 'G']:.2f}**")
    st.button("Reset to the evidence-based grades", on_click=_reset_rubric,
              icon=":material/restart_alt:", key="gm_rub_reset")  # fmt: skip


def stop_search_inputs(settings: GamingSettings) -> None:
    """The editable inputs of the stop-and-search chain (sources are shown beside them)."""
    left, right = st.columns(2)
    with left:
        bound(st.number_input, "Recorded drug offences per extra search", "gm_yield",
              settings.offences_per_search, _set_gaming("offences_per_search"), min_value=0.01,
              max_value=1.0, step=0.01, format="%.2f",
              help="Default 0.25; plausible range 0.10 to 0.44 (sources below).")  # fmt: skip
        bound(st.number_input, "Share of searches ending in no further action", "gm_nfa",
              settings.nfa_share, _set_gaming("nfa_share"), min_value=0.0, max_value=1.0,
              step=0.01, format="%.2f")  # fmt: skip
        bound(st.number_input, "Officer-hours per search", "gm_hours", settings.hours_per_search,
              _set_gaming("hours_per_search"), min_value=0.05, max_value=10.0,
              step=0.05)  # fmt: skip
        bound(st.number_input, "Extra drug offences to trace (0 = what the climb needs)",
              "gm_extra", settings.extra_offences, _set_gaming("extra_offences"), min_value=0,
              max_value=1_000_000, step=100)  # fmt: skip
    with right:
        bound(st.radio, "Search rates by ethnic group", "gm_rsrc", settings.ratio_source,
              _set_gaming("ratio_source"), options=["force", "national"],
              format_func={"force": f"This force's own ({stopsearch.FORCE_RATES_YEAR})",
                           "national": "National ratio (year ending March 2021)"}.get,
              help="The force's own searches per 1,000 people of each group, over Census 2011 "
              "populations, or one national ratio for every force.")  # fmt: skip
        national = settings.ratio_source == "national"
        bound(st.number_input, "Black people: search rate × the White rate (national)", "gm_rr",
              settings.disproportionality, _set_gaming("disproportionality"), min_value=1.0,
              max_value=30.0, step=0.1, format="%.1f", disabled=not national)  # fmt: skip
        ratios = stopsearch.ratios(dataclasses.replace(settings, ratio_source="national"))
        for group in ("asian", "mixed", "other"):
            bound(st.number_input, f"{stopsearch.GROUP_LABELS[group]} people: × the White rate (national)",
                  f"gm_rr_{group}", ratios[group], partial(_update_ratio, group), min_value=0.1,
                  max_value=30.0, step=0.1, format="%.1f", disabled=not national)  # fmt: skip


def assumption_inputs(settings: GamingSettings) -> None:
    """The plausibility cap of B3 and the threshold distance of B4."""
    left, right = st.columns(2)
    with left:
        bound(st.number_input, "Largest plausible change of a fully manipulable indicator (G = 1)",
              "gm_cap", settings.max_change, _set_gaming("max_change"), min_value=0.05,
              max_value=3.0, step=0.05, format="%.2f",
              help="An indicator with manipulability G can plausibly move by this x G in a "
              "year. 0.5 gives 17% for recorded neighbourhood crime and 29% for violence with "
              "injury, close to the 19% and a third HMIC (2014) found unrecorded.")  # fmt: skip
    with right:
        bound(st.number_input, "Threshold distance (share of the score range)", "gm_thr",
              settings.threshold, _set_gaming("threshold"), min_value=0.001, max_value=0.25,
              step=0.005, format="%.3f")  # fmt: skip

