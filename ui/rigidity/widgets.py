"""Widgets and cached calls of the rigidity page.

The analyses are this project's design, after Holmström & Milgrom (1991, "Multitask
principal-agent analyses", *J. Law, Economics & Organization* 7:24-52), Baker (2002,
"Distortion and risk in optimal incentive contracts", *J. Human Resources* 37(4):728-751)
and Bevan & Hood (2006, "What's measured is what matters", *Public Administration*
84(3):517-538).

Every control writes into ``scenario.rigidity`` through :func:`ui.widgets.bound`, so the
page's settings travel in the URL like the weights do. The harm-weight table is a
``st.data_editor``, which cannot be bound: its edits are applied to the scenario by a
callback, and its key carries a digest of the weights so that it redraws from the
scenario whenever they change (reset, a loaded link).
"""

from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.rigidity import harm
from scoring.rigidity.analysis import Rigidity, analyse
from scoring.rigidity.local_priorities import on_slider_scale
from ui import state, widgets

LOCAL_SOURCES = {"harm": "This force's own harm profile", "custom": "Weights I set"}
WEIGHT = "Weight (CSS points)"


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=state._HASH)
def analysed(dataset: Dataset, scenario: Scenario) -> Rigidity:
    """:func:`scoring.rigidity.analysis.analyse`, cached per dataset content and scenario."""
    return analyse(dataset, scenario)


# Updates are partials of module-level functions: Streamlit pickles widget callbacks.
def _update(field: str, s: Scenario, value) -> Scenario:
    return s.with_section("rigidity", **{field: value})


def _update_local(domain: str, s: Scenario, value) -> Scenario:
    return _update("local_weights", s, {**s.rigidity.local_weights, domain: float(value)})


def _set(field: str):
    return partial(_update, field)


def force_picker(result: Rigidity) -> str:
    """Choose the force in focus (bound to ``scenario.rigidity.force``)."""
    ordered = result.forces.sort_values(["rank_national", "name"], na_position="last")
    names = dict(zip(ordered.index, ordered["name"], strict=True))
    return widgets.bound(st.selectbox, "Force in focus", "rg_force", result.code, _set("force"),
                         options=list(names), format_func=names.get)  # fmt: skip


def number(label: str, key: str, value: float, field: str, lo: float, hi: float, step: float,
           help: str) -> None:  # noqa: A002 (Streamlit's own argument name)
    """A slider bound to one numeric field of ``scenario.rigidity``."""
    widgets.bound(st.slider, label, key, float(value), _set(field), min_value=lo, max_value=hi,
                  step=step, help=help)  # fmt: skip


# ------------------------------------------------------------------------- harm weights


def proactive_toggle(scenario: Scenario) -> None:
    """Whether police-generated offences count as harm (``scenario.rigidity.proactive``)."""
    widgets.bound(st.toggle, "Count police-generated offences as harm", "rg_proactive",
                  scenario.rigidity.proactive, _set("proactive"),
                  help="Recorded drug and weapons-possession offences rise with stop and search; "
                  "the Cambridge Crime Harm Index leaves them out.")  # fmt: skip


def harm_editor_key(scenario: Scenario) -> str:
    """The editor's key: a digest of the weights, so it redraws whenever they change."""
    digest = hashlib.sha1(repr(sorted(scenario.rigidity.harm_weights.items())).encode())
    return f"rg_harm_{digest.hexdigest()[:10]}"


def harm_editor(scenario: Scenario) -> None:
    """The harm-weight table: editable weights beside their source and whether approximate.

    An edit becomes part of the scenario at once (and the table is redrawn from it); a
    cleared cell goes back to the default.
    """
    table = harm.table(scenario)
    shown = pd.DataFrame({
        "Offence group": table["label"],
        WEIGHT: table["weight"],
        "Default": table["value"],
        "Status": ["≈ approximate" if a else "ONS 2016, rounded" for a in table["approximate"]],
        "Counted as harm": ["yes" if c else "no: police-generated" if p else "no: weight 0"
                            for c, p in zip(table["counted"], table["proactive"], strict=True)],
        "Source and basis": table["source"] + ". " + table["basis"],
    })  # fmt: skip
    fit = widgets.fit_columns(shown, 760)  # in an expander: a little narrower than the page
    edited = st.data_editor(
        shown, key=harm_editor_key(scenario), hide_index=True, width="stretch",
        disabled=[c for c in shown.columns if c != WEIGHT], row_height=fit.get("row_height"),
        column_config={
            **fit["column_config"],
            WEIGHT: st.column_config.NumberColumn(min_value=0.0, max_value=100_000.0, step=1.0,
                                                  format="%.0f", help=harm.UNIT),
            "Default": st.column_config.NumberColumn(format="%.0f"),
        },
    )  # fmt: skip
    weights = dict(scenario.rigidity.harm_weights)
    for group, old, new in zip(table.index, shown[WEIGHT], edited[WEIGHT], strict=True):
        if pd.isna(new):
            weights.pop(group, None)
        elif float(new) != float(old):
            weights[group] = min(max(float(new), 0.0), 100_000.0)
    if weights != scenario.rigidity.harm_weights:
        state.set_scenario(_update("harm_weights", scenario, weights))
        st.rerun()


def reset_harm_button() -> None:
    """Put every harm weight back to its default."""
    st.button("Reset harm weights to the defaults", icon=":material/restart_alt:",
              on_click=_reset_harm, key="rg_harm_reset")  # fmt: skip


def _reset_harm() -> None:
    state.set_scenario(_update("harm_weights", state.get_scenario(), {}))


# ------------------------------------------------------------------------ local weights


def local_controls(result: Rigidity, scenario: Scenario) -> None:
    """Choose where local priorities come from; with "Weights I set", a slider per domain."""
    widgets.bound(st.radio, "Local priorities", "rg_local", scenario.rigidity.local, _set("local"),
                  options=list(LOCAL_SOURCES), format_func=LOCAL_SOURCES.get, horizontal=True,
                  help="Both are value judgements. The harm profile weighs each domain by the "
                  "recorded harm in it (CSS points); your own weights could follow a Police and "
                  "Crime Plan or a local survey.")  # fmt: skip
    if scenario.rigidity.local != "custom":
        return
    data = result.data
    profile = on_slider_scale(data.profile.loc[result.code]).to_dict()
    national = on_slider_scale(data.national).to_dict()
    left, right = st.columns(2)
    left.button("Start from the national weights", on_click=_fill_local, args=(national,),
                key="rg_fill_national")  # fmt: skip
    right.button("Start from this force's harm profile", on_click=_fill_local, args=(profile,),
                 key="rg_fill_profile")  # fmt: skip
    with st.expander("Local weight of every domain (0 = leave out; only ratios matter)",
                     expanded=True):  # fmt: skip
        columns = st.columns(3)
        for i, domain in enumerate(data.domains.ids):
            with columns[i % 3]:
                widgets.bound(st.slider, data.domains.labels[domain], f"rg_lw_{domain}",
                              float(scenario.rigidity.local_weights.get(domain, 0.0)),
                              partial(_update_local, domain), min_value=0.0, max_value=10.0,
                              step=0.5)  # fmt: skip


def _fill_local(weights: dict) -> None:
    clean = {k: float(v) for k, v in weights.items()}
    state.set_scenario(_update("local_weights", state.get_scenario(), clean))


# ------------------------------------------------------------------------------ tables


def _yes_no(flag) -> str:
    return "yes" if flag else "no"


# Columns of the page's tables: (heading, source column, format). The format is "pct" for a
# share shown as 12.3%, a printf pattern or "localized" for a number, a function to map
# each value to text, or None to show the value as it is.
COVERAGE = [("Force", "name", None), ("Inside the basket", "coverage", "pct"),
            ("Harm per 1,000 residents", "harm_per_1000", "localized"),
            ("Largest harm outside (share of its harm)", "top_outside", None)]
OUTSIDE = [("Offence group", "label", None), ("Status", "status", None),
           ("Offences recorded", "offences", "localized"), ("Share of all harm", "share", "pct")]
UNCOUNTED = [("Demand", 0, None), ("Why it matters", 1, None),
             ("A typical day in a typical force", 2, None)]
EFFORT = [("Domain", "label", None), ("In the basket", "measured", _yes_no),
          ("Now (%)", "status_quo", "%.1f"),
          ("Chasing (%)", "at_pressure", "%.1f"),
          ("Fully chasing (%)", "league", "%.1f"),
          ("Harm (CSS points)", "harm", "localized"),
          ("Change in harm", "harm_change", "localized")]
WEIGHTS = [("Domain", "label", None), ("National", "national", "pct"), ("Local", "local", "pct")]
RANKS = [("Force", "name", None), ("National rank", "rank_national", None),
         ("Own-harm-profile rank", "rank_own", None),
         ("Places gained", "change", widgets.movement_text),
         ("Weight in the wrong place", "tv", "pct"), ("Order agreement", "tau", "%.2f")]
ANGLES = [("Force", "name", None), ("Angle (°)", "theta", "%.1f"),
          ("Effort outside the basket now (%)", "unmeasured_now", "%.1f"),
          ("Local value lost chasing the table", "value_loss", "pct")]
RATCHET = [("Force", "name", None), ("Bar moves", "change", "pct"),
           ("Chance band (±)", "noise", "pct"), ("Reading", "verdict", None)]
RATCHET_DETAIL = [("Indicator", "label", None), ("Last year = this year's bar", "before", "%.3f"),
                  ("This year = next year's bar", "now", "%.3f"), ("Unit", "unit", None),
                  ("Better when", "better", None), ("Change (+ = better)", "change", "pct")]


table = widgets.column_table  # a read-only table of chosen columns (see :data:`COVERAGE`)
