"""Widgets for comparing two scenarios: the pickers, the headline numbers, the movers table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.pipeline import ScoredTable, baseline_scenario
from scoring.core.scenario import PRESETS, Scenario
from scoring.together.compare import RankDistances
from ui import named_scenarios, state
from ui.compare.figures import change_text
from ui.widgets import escape

CURRENT = "current"


def choices(scenario: Scenario, dataset: Dataset) -> dict[str, tuple[str, Scenario]]:
    """Scenarios to compare, by key: the current one, the saved ones, then the presets.

    A preset keeps the current data and small-unit and missing-value policies (as a
    baseline does), so it ranks the same forces.
    """
    out = {CURRENT: (f"Current scenario: {scenario.name}", scenario)}
    for name, s in named_scenarios.saved().items():
        out[f"saved:{name}"] = (f"Saved: {name}", s)
    for key, p in PRESETS.items():
        out[f"preset:{key}"] = (
            f"Preset: {p.label}",
            baseline_scenario(scenario.replace(baseline=key), dataset.measure_of),
        )
    return out


def pick(options: dict[str, tuple[str, Scenario]]) -> tuple[str, str]:
    """Two selectboxes, A and B; defaults: the first saved scenario (else a preset) and the current.

    A scenario saved in this run becomes A.
    The default preset is the Home Office proposal, or harm-focused when the current
    scenario *is* the Home Office proposal, so the first view shows a difference.
    """
    keys = list(options)
    saved = [k for k in keys if k.startswith("saved:")]
    default_a = saved[0] if saved else "preset:home_office_2021"
    if options[default_a][1].to_json() == options[CURRENT][1].to_json():
        default_a = "preset:harm_focused"
    labels = {k: label for k, (label, _) in options.items()}
    left, right = st.columns(2)
    for key, default in (("compare_a", default_a), ("compare_b", CURRENT)):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
    just_saved = f"saved:{st.session_state.pop(named_scenarios.JUST_SAVED, '')}"
    if just_saved in options:  # "save, change the sliders, compare" needs no extra click
        st.session_state["compare_a"] = just_saved
    a = left.selectbox("Scenario A (left)", keys, format_func=labels.get, key="compare_a")
    b = right.selectbox("Scenario B (right)", keys, format_func=labels.get, key="compare_b")
    return a, b


def scored_or_error(label: str, scenario: Scenario) -> ScoredTable | None:
    """The scenario's table, or None after telling the user why it cannot be built."""
    dataset = state.dataset_for(scenario)
    if dataset is None:
        st.error(
            f"{escape(label)} uses data that is not loaded in this session "
            f"({escape(repr(scenario.data))}): "
            "upload it on the Data page, or open the scenario and choose other data."
        )
        return None
    try:
        return state.scored(dataset, scenario)
    except ValueError as exc:
        st.error(f"{escape(label)}: {exc}")
        return None


def headline(d: RankDistances, label_a: str, label_b: str) -> None:
    """Kendall's tau, how many forces moved, mean places moved, and top-k overlap, as metrics."""
    cols = st.columns(4)
    cols[0].metric(
        "Rank agreement",
        f"{d.tau:.2f}",
        help="Kendall's τ: 1 = the same order, 0 = unrelated, "
        "−1 = reversed. Counts every pair of forces that swap places.",
    )
    cols[1].metric("Forces that moved", f"{d.moved} of {d.n}")
    cols[2].metric(
        "Mean places moved",
        f"{d.rank_shift:.1f}",
        help="Mean absolute change in rank, R_S (OECD/JRC Handbook 2008).",
    )
    cols[3].metric(
        f"Same top {d.top_k}",
        f"{d.top_k_overlap:.0%}",
        help=escape(
            f"Share of {label_a}'s top {d.top_k} who are also in {label_b}'s top {d.top_k}."
        ),
    )
    st.caption(
        f"{d.discordant} pairs of forces swap order between A and B; Spearman's ρ "
        f"{d.rho:.2f}. Only forces ranked in both tables are compared."
    )


def movers_frame(moved: pd.DataFrame) -> pd.DataFrame:
    """The movers table as shown: force, both ranks, the change as arrow text."""
    return pd.DataFrame(
        {
            "Force": moved["name"],
            "Rank in A": moved["rank_a"],
            "Rank in B": moved["rank_b"],
            "Change (A → B)": moved["change"].map(change_text),
        }
    )
