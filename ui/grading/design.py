"""Design assistant page: admissible weights in, a Pareto chart and cut-offs out, one click to apply.

The searches are expensive (a few hundred re-scorings with bootstrap rank sets each), so
they run when asked, show progress, and are cached per dataset content and scenario; the
result stays on screen after its weights are applied, with "your weights" meaning the ones
the search started from.
"""

from __future__ import annotations

import hashlib
import time
from functools import partial

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.grading import design
from scoring.together.consensus import to_slider_scale
from ui import state, widgets
from ui.grading import figures as gf
from ui.instability.widgets import admissible_weights

RAN, CUTS, CHOSEN, RESULT = "ds_ran", "ds_cuts", "ds_chosen", "ds_result"
CHART = {"width": "stretch", "config": {"displaylogo": False}}
SHOW_AFTER = 0.6


def _problem_key(dataset: Dataset, scenario: Scenario) -> str:
    """What the search depends on apart from your own weights (so applying one keeps the chart)."""
    text = scenario.replace(measure_weights={}, name="").to_json()
    return hashlib.sha256((dataset.fingerprint + text).encode()).hexdigest()


def _weights(dataset: Dataset, scenario: Scenario, key: str) -> design.WeightDesign:
    """The search for this problem: run once, then kept for the session (applying a point
    changes your weights but not the problem, so the chart stays)."""
    kept = st.session_state.get(RESULT)
    if kept is not None and kept[0] == key:
        return kept[1]
    result = _search(dataset, scenario)
    st.session_state[RESULT] = (key, result)
    return result


def _search(dataset: Dataset, scenario: Scenario) -> design.WeightDesign:
    slot, start = st.empty(), time.perf_counter()

    def update(fraction: float) -> None:
        if time.perf_counter() - start > SHOW_AFTER:
            slot.progress(fraction, text=f"Scoring admissible weights: {fraction:.0%}")

    try:
        return design.design_weights(dataset, scenario, progress=update)
    finally:
        slot.empty()


@st.cache_data(max_entries=8, show_spinner="Finding the cut-offs...", hash_funcs=state._HASH)
def _cutoffs(dataset: Dataset, scenario: Scenario) -> design.CutDesign:
    return design.design_cutoffs(dataset, scenario)


def _label(row: pd.Series, labels: dict[str, str], measures: tuple[str, ...]) -> str:
    shares = ", ".join(f"{labels[m]} {row[m]:.0%}" for m in measures if row[m] > 0.0005)
    return f"{row['instability']:.1f} places wide, leverage {row['leverage']:.2f}: {shares}"


def _apply_weights(row: dict, index: int) -> None:
    s = state.get_scenario()
    sliders = to_slider_scale(pd.Series(row).to_numpy(float))
    weights = {m: round(float(v), 3) for m, v in zip(row, sliders, strict=True)}
    state.set_scenario(s.replace(measure_weights={**s.measure_weights, **weights},
                                 name="Design assistant choice"))
    st.session_state[CHOSEN] = index


def _apply_cutoffs(cutoffs: list[float]) -> None:
    s = state.get_scenario()
    bands = s.grading.bands if s.grading.bands != "quantile" else "fixed"
    state.set_scenario(s.with_section("grading", bands=bands,
                                      cutoffs={str(k + 1): round(c, 6) for k, c in enumerate(cutoffs)}))


def bounds(scenario: Scenario, dataset: Dataset) -> None:
    """The admissible weights (shared with the best and worst ranks) and the search budget."""
    left, right = st.columns([5, 6], gap="medium")
    with left:
        admissible_weights(scenario, dataset)
        st.caption("The spread of a workshop's answers can set these: in the workshop's controls on "
                   "the Workshop page, press 'Use the room's range as admissible weights'.")  # fmt: skip
    with right, st.popover("Search budget", icon=":material/speed:"):
        d = scenario.design
        for field, label, lo, hi, step in (("candidates", "Weightings sampled first", 10, 2000, 10),
                                           ("iterations", "Search generations per objective", 0, 200, 1),
                                           ("draws", "Bootstrap draws per weighting", 100, 5000, 100)):
            widgets.bound(st.number_input, label, f"ds_{field}", getattr(d, field),
                          _section_update("design", field), min_value=lo, max_value=hi, step=step)  # fmt: skip


def _section_update(section: str, field: str):
    return partial(_update, section, field)


def _update(section: str, field: str, s: Scenario, value) -> Scenario:
    return s.with_section(section, **{field: value})


def weights_section(dataset: Dataset, scenario: Scenario) -> None:
    """Run (on request) the weight search; the answer, the Pareto chart and one-click apply."""
    key = _problem_key(dataset, scenario)
    if st.button("Search the admissible weights", type="primary", icon=":material/search:", key="ds_run"):
        st.session_state[RAN] = key
        for stale in (CHOSEN, RESULT):
            st.session_state.pop(stale, None)
    if st.session_state.get(RAN) != key:
        st.info("Press the button to search: it scores a few hundred admissible weightings, each with "
                "its rank confidence sets and its gaming leverage (about 10-20 seconds).",
                icon=":material/info:")  # fmt: skip
        return
    try:
        result = _weights(dataset, scenario, key)
    except InputError as exc:
        st.error(f"No search: {widgets.escape(exc.message)}.", icon=":material/block:")
        return
    labels = {m: str(dataset.measures["label"].get(m, m)) for m in result.measures}
    mine, steady, safe = result.current, result.best("instability"), result.best("leverage")
    st.markdown(
        f"Within your admissible weights, the **steadiest** table has rank sets **{steady['instability']:.1f}** "
        f"places wide on average (your weights: {mine['instability']:.1f}); the **least gameable** has a "
        f"largest leverage of **{safe['leverage']:.2f}** places per 1% change (yours: {mine['leverage']:.2f}). "
        f"{int(result.points['pareto'].sum())} weightings are best trade-offs: none of the "
        f"{result.evaluations} evaluated beats them on both.")  # fmt: skip
    chosen = st.session_state.get(CHOSEN)
    st.plotly_chart(gf.pareto(result.points, chosen), key="ds_pareto", **CHART,
                    alt="Scatter of every admissible weighting evaluated: rank instability against "
                    "gaming leverage, with the best trade-offs joined and your weights starred.")  # fmt: skip
    front = result.points[result.points["pareto"]].sort_values("instability")
    options = {int(i): _label(front.loc[i], labels, result.measures) for i in front.index}
    pick = st.selectbox("Best trade-offs", list(options), key="ds_pick", format_func=options.get)
    row = {m: float(front.at[pick, m]) for m in result.measures}
    st.button("Apply these weights", icon=":material/check:", key="ds_apply", on_click=_apply_weights,
              args=(row, int(pick)))  # fmt: skip
    if chosen is not None:
        st.success("Applied: the sidebar's weights are now the chosen point (the star marks the weights "
                   "the search started from).", icon=":material/check_circle:")  # fmt: skip


def cutoffs_section(dataset: Dataset, scenario: Scenario) -> None:
    """Cut-offs that misgrade fewest, on request, against the rule in use; one click to apply."""
    st.subheader("Grade cut-offs that misgrade fewest forces")
    left, right = st.columns([3, 8])
    with left:
        widgets.bound(st.number_input, "Fewest forces in a grade", "ds_min", scenario.design.min_per_grade,
                      _section_update("design", "min_per_grade"), min_value=1, max_value=20, step=1)  # fmt: skip
    key = _problem_key(dataset, scenario) + str(scenario.measure_weights)
    with right:
        st.write("")
        if st.button("Find the cut-offs", icon=":material/straighten:", key="ds_cut_run"):
            st.session_state[CUTS] = key
    if st.session_state.get(CUTS) != key:
        return
    try:
        c = _cutoffs(dataset, scenario)
    except (InputError, ValueError) as exc:
        st.error(f"No cut-offs: {widgets.escape(str(exc))}.", icon=":material/block:")
        return
    st.markdown(f"With these cut-offs about **{c.expected:.1f}** forces are expected to be graded wrongly, "
                f"against **{c.current_expected:.1f}** with the rule in use, keeping at least "
                f"{c.min_per_grade} forces in every grade.")  # fmt: skip
    widgets.column_table(pd.DataFrame({
        "grade": c.names, "cut": [*(f"{v:.3f}" for v in c.cutoffs), "below"],
        "now": c.current_counts, "then": c.counts}), [("Grade", "grade", None), ("From score", "cut", None),
        ("Forces now", "now", "%d"), ("Forces with these cut-offs", "then", "%d")], key="ds_cut_table",
        height=260)  # fmt: skip
    st.button("Apply these cut-offs", icon=":material/check:", key="ds_cut_apply", on_click=_apply_cutoffs,
              args=([float(v) for v in c.cutoffs],))  # fmt: skip
    st.caption("Fewest misgraded forces usually means piling forces into the middle grade, where no line "
               "is near them: the same lesson as school bands built on confidence intervals, which "
               "collapse into 'average'. And cut-offs fitted to one year's data can be re-fitted each "
               "year, which a force can learn to play (the ratchet).")  # fmt: skip
