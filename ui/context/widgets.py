"""Widgets and cached calls of the Context and fairness page.

Every control writes into ``scenario.context`` through :func:`ui.widgets.bound`, so the page's
settings travel in the URL like the weights do. The analyses are keyed on the scenario without
its display-only settings (:func:`scoring.context.analysis.without_focus`), so choosing another
force or year redraws without recomputing.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from scoring.context import changes, fairness, travel
from scoring.context.analysis import ContextAnalysis, analyse, without_focus
from scoring.context.variables import force_context
from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import CONTEXT_VARIABLES, Scenario
from ui import state, widgets

ADJUSTABLE = CONTEXT_VARIABLES


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=state._HASH)
def _analysed(dataset: Dataset, scenario: Scenario) -> ContextAnalysis:
    return analyse(dataset, scenario)


def analysed(dataset: Dataset, scenario: Scenario) -> ContextAnalysis:
    """:func:`scoring.context.analysis.analyse`, cached per dataset and the settings it reads."""
    return _analysed(dataset, without_focus(scenario))


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=state._HASH)
def weightings(dataset: Dataset, scenario: Scenario, variable: str) -> pd.DataFrame:
    """:func:`scoring.context.fairness.by_weighting`, cached."""
    return fairness.by_weighting(dataset, scenario, force_context(dataset), variable)


@st.cache_data(max_entries=16, show_spinner=False)
def series(name: str, relative: bool) -> travel.Travel:
    """:func:`scoring.context.travel.travel`, cached per series and basis."""
    return travel.travel(name, relative=relative)


@st.cache_data(max_entries=16, show_spinner=False)
def ratchet_history(name: str, relative: bool) -> travel.RatchetHistory:
    """:func:`scoring.context.travel.ratchet_history` of a cached series."""
    return travel.ratchet_history(series(name, relative))


@st.cache_data(max_entries=32, show_spinner="Simulating noise-only years...", hash_funcs=state._HASH)
def composite_changes(dataset: Dataset, scenario: Scenario) -> pd.DataFrame | None:
    """:func:`scoring.context.changes.composite_changes`, cached (1,000 simulated year pairs)."""
    return changes.composite_changes(dataset, scenario)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=state._HASH)
def indicator_changes(dataset: Dataset, scenario: Scenario) -> pd.DataFrame | None:
    """:func:`scoring.context.changes.indicator_changes`, cached."""
    return changes.indicator_changes(dataset, scenario)


# Updates are partials of module-level functions: Streamlit pickles widget callbacks.
def _update(field: str, s: Scenario, value) -> Scenario:
    if isinstance(value, list):
        if not value:  # groups and the adjustment need at least one variable: keep the last choice
            state.add_note("Choose at least one context variable; the previous choice is kept.")
            return s
        value = tuple(value)
    return s.with_section("context", **{field: value})


def _set(field: str):
    return partial(_update, field)


def force_picker(result: ContextAnalysis, scenario: Scenario) -> str:
    """Choose the force in focus (bound to ``scenario.context.force``)."""
    ordered = result.ranks.sort_values(["rank", "name"], na_position="last")
    names = dict(zip(ordered.index, ordered["name"], strict=True))
    return widgets.bound(st.selectbox, "Force in focus", "cx_force", result.focus(scenario.context),
                         _set("force"), options=list(names), format_func=names.get)  # fmt: skip


def variables_picker(label: str, key: str, value: tuple, field: str, options, help: str) -> None:  # noqa: A002
    """A multiselect of context variables bound to one field of ``scenario.context``."""
    widgets.bound(st.multiselect, label, key, list(value), _set(field), options=list(options),
                  format_func=SHORT.get, help=help)  # fmt: skip


def group_size(scenario: Scenario) -> None:
    """How many similar forces make a group."""
    widgets.bound(st.slider, "Similar forces per group", "cx_k", scenario.context.group_size,
                  _set("group_size"), min_value=3, max_value=15, step=1,
                  help="HMICFRS's most similar groups have up to seven forces besides the "
                  "force itself.")  # fmt: skip


def overdispersion_toggle(scenario: Scenario) -> None:
    """Whether funnel limits allow for variation between forces beyond chance."""
    widgets.bound(st.toggle, "Allow for extra variation", "cx_od",
                  scenario.context.overdispersion, _set("overdispersion"),
                  help="Recorded crime varies between forces far more than Poisson chance: the "
                  "limits widen by the between-force variance (Spiegelhalter 2005).")  # fmt: skip


def indicator_picker(result: ContextAnalysis, scenario: Scenario, dataset: Dataset) -> str | None:
    """The count indicator shown on the group's funnel plot."""
    if not result.indicators:
        return None
    return widgets.bound(st.selectbox, "Indicator on the funnel", "cx_ind",
                         result.funnel_indicator(scenario.context), _set("indicator"),
                         options=result.indicators, format_func=dataset.label)  # fmt: skip


def series_controls(scenario: Scenario) -> None:
    """Which Crime Severity Score series, compared how, and which year."""
    left, middle, right = st.columns([4, 4, 4])
    with left:
        widgets.bound(st.selectbox, "Crime Severity Score", "cx_css", scenario.context.series,
                      _set("series"), options=list(travel.SERIES_LABELS),
                      format_func=travel.SERIES_LABELS.get)  # fmt: skip
    with middle:
        widgets.bound(st.toggle, "Against England and Wales", "cx_rel",
                      scenario.context.relative, _set("relative"),
                      help="Changes relative to the national change: shifts every force shared "
                      "(recording rules, lockdowns) drop out.")  # fmt: skip
    with right:
        widgets.bound(st.slider, "Year ending March", "cx_year", scenario.context.year,
                      _set("year"), min_value=2004, max_value=2022, step=1)  # fmt: skip


def place(rank, n: int) -> str:
    """ "3rd of 8", or "ranked apart"."""
    return f"{ordinal(int(rank))} of {n}" if pd.notna(rank) else "ranked apart"


SHORT = {"population": "Population", "density": "Density", "diversity": "Ethnic diversity",
         "crime_mix": "Crime mix"}  # fmt: skip
# Plain words for each context variable, in sentences.
NOUNS = {"population": "population", "density": "population density",
         "diversity": "the share of Black, Asian and minority ethnic residents",
         "crime_mix": "the crime mix"}  # fmt: skip
MOST = {"population": "the largest populations", "density": "the densest populations",
        "diversity": "the most Black, Asian and minority ethnic residents",
        "crime_mix": "the highest crime-mix index"}  # fmt: skip
LEAST = {"population": "the smallest", "density": "the sparsest", "diversity": "the fewest",
         "crime_mix": "the lowest"}  # fmt: skip

# Columns of the page's tables, as ui.widgets.column_table reads them. Headings are short so
# every table fits its column at 1280x800.
MEMBERS = [("Force", "name", None), ("Rank", "rank", "%d"), ("Pop. (000s)", "pop_k", "localized"),
           ("Per km²", "density", "%.0f"), ("BAME", "diversity", "pct"), ("Mix", "crime_mix", "%.1f")]
GROUPS = [("Force", "name", None), ("Nationally", "national", None),
          ("In its group", "in_group", None), ("Worse", "worse_n", "%d"), ("Better", "better_n", "%d")]
ADJUSTED = [("Force", "name", None), ("Raw", "rank", "%d"), ("Adjusted", "adjusted_rank", "%d"),
            ("Places", "places", widgets.movement_text), ("BAME", "diversity", "pct"),
            ("Per km²", "density", "%.0f")]
COEFFICIENTS = [("Context", "short", None), ("Rank gap (thirds)", "gap", "%+.1f"),
                ("ρ with rank", "spearman", "%.2f"), ("Score per SD", "estimate", "%+.3f"),
                ("95% interval", "interval", None), ("p", "p", "%.3f"),
                ("Top third gains", "gain", "%+.1f")]
WEIGHTINGS = [("Weights", "weighting", None), ("ρ with rank", "spearman", "%.2f"),
              ("Rank gap (thirds)", "gap", "%+.1f")]
COMPOSITE = [("Force", "name", None), ("2023", "then", "%d"), ("2024", "now", "%d"),
             ("Places", "moved", widgets.movement_text), ("Noise (9 in 10)", "noise_p90", "%.0f"),
             ("Reading", "reading", None)]
INDICATORS = [("Indicator", "label", None), ("2023", "before", "localized"),
              ("2024", "now", "localized"), ("Change", "change", "pct"), ("p (Poisson)", "p", "%.3f"),
              ("Reading", "reading", None)]
YEAR = [("Force", "name", None), ("Score", "css", "%.2f"), ("Change", "change", "pct"),
        ("Noise band (±)", "band", "pct"), ("Reading", "reading", None)]
HISTORY = [("Force", "name", None), ("Tightened", "improved", "%d"),
           ("Then missed", "missed_after", "%d"), ("Typical", "tightening", "pct")]
