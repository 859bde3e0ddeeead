"""Named scenarios kept in the session: save, rename, delete, download and upload.

They live in ``st.session_state["named_scenarios"]``, a dict from name to
:class:`~scoring.core.scenario.Scenario` in the order saved; a scenario's ``name`` field
is its key. They last as long as the browser session: the download (one JSON file
for the whole set, :mod:`scoring.together.scenario_set`) is how to keep them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core import hierarchy, normalise
from scoring.core.aggregate import LABELS as AGGREGATIONS
from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario, ScenarioError
from scoring.together import scenario_set
from ui import state, widgets

KEY = "named_scenarios"
JUST_SAVED = "named_scenario_just_saved"  # the compare pickers put a newly saved scenario in A


def saved() -> dict[str, Scenario]:
    """The saved scenarios by name, in the order saved."""
    return st.session_state.setdefault(KEY, {})


def save(scenario: Scenario, name: str) -> str:
    """Save ``scenario`` under ``name`` (replacing a scenario of that name); return the name."""
    name = clean_name(name, scenario.name)
    st.session_state[KEY] = {**saved(), name: scenario.replace(name=name)}
    st.session_state[JUST_SAVED] = name
    return name


def clean_name(name: str, fallback: str) -> str:
    """A name under the scenario's own text rules (printable, at most 80 characters)."""
    clean, _ = Scenario.from_dict({"name": name.strip() or fallback})
    return clean.name


def add(scenarios: list[Scenario]) -> list[str]:
    """Add uploaded scenarios, renaming any whose name is taken; return the names used."""
    names = []
    for s in scenarios:
        name = scenario_set.unique_name(s.name, saved())
        st.session_state[KEY] = {**saved(), name: s.replace(name=name)}
        names.append(name)
    return names


def rename(old: str, new: str) -> str:
    """Rename a saved scenario (kept in place); return the name it got."""
    name = scenario_set.unique_name(clean_name(new, old), [k for k in saved() if k != old])
    st.session_state[KEY] = {
        (name if k == old else k): (v.replace(name=name) if k == old else v)
        for k, v in saved().items()
    }
    return name


def delete(name: str) -> None:
    """Forget a saved scenario."""
    st.session_state[KEY] = {k: v for k, v in saved().items() if k != name}


def overview(dataset: Dataset) -> pd.DataFrame:
    """One row per saved scenario: its weights and methods, as plain text."""
    labels = dataset.measure_labels
    tree = hierarchy.of(dataset) if hierarchy.has_groups(dataset) else None
    rows = []
    for name, s in saved().items():
        weights = " · ".join(
            f"{labels.get(m, m)} {s.measure_weight(m):g}" for m in dataset.measure_ids
        )
        if tree is not None:  # the themes' weights first: they set how much each theme counts
            themes = " · ".join(f"{tree.labels[g]} {s.group_weight(g):g}" for g in tree.groups)
            weights = f"themes: {themes}; measures: {weights}"
        rows.append(
            {
                "Name": name,
                "Weights (0-10)": weights,
                "Methods": f"{normalise.LABELS[s.normalisation]}; {AGGREGATIONS[s.aggregation]}",
                "Data": s.data,
            }
        )
    return pd.DataFrame(rows, columns=["Name", "Weights (0-10)", "Methods", "Data"])


# --------------------------------------------------------------------------- widgets


def manager(scenario: Scenario, dataset: Dataset) -> None:
    """Save the current scenario; list, rename, delete, download and upload saved ones."""
    with st.form("save_scenario", clear_on_submit=False, border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.text_input(
            "Name for the current scenario", value=scenario.name, max_chars=80, key="save_name"
        )
        if right.form_submit_button(
            "Save current scenario", icon=":material/bookmark_add:", width="stretch"
        ):
            replaced = clean_name(name, scenario.name) in saved()
            kept = save(scenario, name)
            st.success(f"{'Updated' if replaced else 'Saved'} “{widgets.escape(kept)}”.")
    _download_upload()
    if saved():
        widgets.grid(overview(dataset), key="saved_table")
        _edit_saved()
    else:
        st.caption("No saved scenarios yet: save the current one, or load a file.")


def _edit_saved() -> None:
    with st.expander("Rename, delete or open a saved scenario"):
        names = list(saved())
        chosen = st.selectbox("Saved scenario", names, key="saved_pick")
        new = st.text_input("New name", value=chosen, max_chars=80, key=f"rename_{chosen}")
        a, b, c = st.columns(3)
        if a.button(
            "Rename", icon=":material/edit:", width="stretch", disabled=new.strip() == chosen
        ):
            rename(chosen, new)
            st.rerun()
        if b.button("Delete", icon=":material/delete:", width="stretch"):
            delete(chosen)
            st.rerun()
        if c.button(
            "Open in the sidebar",
            icon=":material/tune:",
            width="stretch",
            help="Make this the current scenario (the sidebar and every page follow).",
        ):
            state.set_scenario(saved()[chosen])
            st.rerun()


def _download_upload() -> None:
    left, right = st.columns(2)
    with right:  # filled first, so that the download beside it already holds what was just loaded
        upload = st.file_uploader(
            "Load scenarios (JSON: a saved set or one scenario)",
            type=["json"],
            key="scenarios_upload",
            max_upload_size=1,
        )
        if upload is not None and st.session_state.get("scenarios_upload_done") != upload.file_id:
            st.session_state["scenarios_upload_done"] = upload.file_id
            load_file(upload.name, upload.getvalue())
    left.download_button(
        "Download saved scenarios (JSON)",
        scenario_set.to_json(list(saved().values())),
        file_name="scenarios.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        disabled=not saved(),
        width="stretch",
    )


def load_file(name: str, content: bytes) -> None:
    """Add the scenarios in an uploaded file, reporting what was changed or refused."""
    try:
        scenarios, notes = scenario_set.from_json(content)
    except ScenarioError as exc:
        st.error(f"{widgets.escape(name)}: {widgets.escape(str(exc))}. Nothing was loaded.")
        return
    added = add(scenarios)
    st.success(f"Loaded {len(added)} scenario(s): {widgets.escape(', '.join(added))}.")
    for note in notes:
        st.warning(widgets.escape(f"{name}: {note}"), icon=":material/info:")
