"""Instability page: uncertainty controls, cached runs with progress, and the headline.

Every control writes into ``scenario.uncertainty`` through :func:`ui.widgets.bound`, so
the settings travel in the URL and the scenario file like every other choice. Runs
are cached per dataset content and scenario (``st.cache_data`` with the same hashing as
:mod:`ui.state`); a run that takes more than about a second shows a progress bar. The
bar is drawn inside the cached function, so a cache hit replays it already finished
and cleared.
"""

from __future__ import annotations

import hashlib
import time
from functools import partial

import numpy as np
import streamlit as st

from scoring.core import aggregate, hierarchy, normalise
from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.instability import bestworst, churn, importance, sobol, uncertainty
from scoring.instability import stability as stab
from scoring.instability import summary as rank_summary
from ui import state, widgets

SHOW_AFTER = 0.6  # seconds before a run shows its progress bar
AUTO, RAN = "inst_auto", "inst_ran"
SOBOL_SIZES = [64, 128, 256, 512, 1024, 2048, 4096, 8192]


# ------------------------------------------------------------------------- cached runs


def _progress(label: str):
    """A placeholder and a callback that fills a progress bar once a run is slow."""
    slot, start = st.empty(), time.perf_counter()

    def update(fraction: float) -> None:
        if time.perf_counter() - start > SHOW_AFTER:
            slot.progress(min(max(fraction, 0.0), 1.0), text=f"{label}: {fraction:.0%}")

    return slot, update


# What each analysis runs, and the progress label of the slow ones (None: always quick).
ANALYSES = {
    "monte_carlo": (uncertainty.run, "Ranking the table under every drawn choice"),
    "sobol": (sobol.analyse, "Splitting the variance of every rank"),
    "best_worst": (bestworst.best_worst, "Solving for the best and worst rank of every force"),
    "churn": (churn.churn, "Simulating pairs of years with nothing changed"),
    "stability": (stab.stability, None),
    "importance": (importance.importance, None),
}


@st.cache_data(max_entries=96, show_spinner=False, hash_funcs=state._HASH)
def analysis(name: str, dataset: Dataset, scenario: Scenario):
    """Run one of :data:`ANALYSES`, cached per analysis, dataset content and scenario.

    Errors (:class:`~scoring.errors.InputError`) propagate and are not cached.
    """
    run, label = ANALYSES[name]
    if label is None or not state.in_a_run():
        return run(dataset, scenario)
    slot, update = _progress(label)
    try:
        return run(dataset, scenario, progress=update)
    finally:
        slot.empty()


def best_worst_or_message(dataset: Dataset, scenario: Scenario):
    """``(result, None)`` or ``(None, message)`` when the bounds or methods rule it out."""
    try:
        return analysis("best_worst", dataset, scenario), None
    except InputError as exc:
        return None, str(exc)


# ------------------------------------------------------------------------- controls


def _update(field: str, percent: bool, s: Scenario, value) -> Scenario:
    if isinstance(value, list):  # a multiselect: keep the options' order, never empty
        value = tuple(o for o in _OPTIONS[field] if o in value) or getattr(s.uncertainty, field)
    elif percent:  # the widget shows a share as a whole percentage
        value = value / 100
    return s.with_section("uncertainty", **{field: value})


def _update_bounds(measure: str, s: Scenario, value) -> Scenario:
    bounds = {**s.uncertainty.weight_bounds, measure: (value[0] / 100, value[1] / 100)}
    return s.with_section("uncertainty", weight_bounds=bounds)


def _clear_bounds() -> None:
    s = state.get_scenario()
    state.set_scenario(s.with_section("uncertainty", weight_bounds={}))


def _new_seed() -> None:
    s = state.get_scenario()
    state.set_scenario(s.replace(seed=int(np.random.default_rng().integers(0, 2**32 - 1))))


_OPTIONS = {"normalisations": normalise.METHODS, "aggregations": aggregate.METHODS}


def _set(field: str, *, percent: bool = False):
    return partial(_update, field, percent)


def controls(scenario: Scenario, dataset: Dataset) -> None:
    """The sources of uncertainty, sample sizes and admissible weights, in the page."""
    u = scenario.uncertainty
    with st.expander("Change what may vary", icon=":material/tune:"):
        # Two by two: four columns squeeze the labels on a 1280-pixel projector.
        weights, methods = st.columns(2, gap="medium")
        data, runs = st.columns(2, gap="medium")
        with weights:
            widgets.bound(st.toggle, "Weights", "u_w", u.vary_weights, _set("vary_weights"),
                          help="Draw the measure weights around yours.")  # fmt: skip
            widgets.bound(st.radio, "How", "u_wm", u.weight_mode, _set("weight_mode"),
                          options=["multiplier", "dirichlet"], disabled=not u.vary_weights,
                          format_func={"multiplier": "Each weight up or down by up to d",
                                       "dirichlet": "Shares drawn around yours"}.get,
                          help="Up or down: each weight × U[1−d, 1+d], a uniform draw. Shares: "
                          "a Dirichlet distribution centred on your shares.")  # fmt: skip
            if u.weight_mode == "multiplier":
                widgets.bound(st.slider, "Spread d (± % of each weight)", "u_ws",
                              round(u.weight_spread * 100), _set("weight_spread", percent=True),
                              min_value=0, max_value=95, step=5, disabled=not u.vary_weights)  # fmt: skip
            else:
                widgets.bound(st.number_input, "Concentration (higher = closer to yours)", "u_conc",
                              u.concentration, _set("concentration"), min_value=1.0,
                              max_value=10_000.0, step=10.0, disabled=not u.vary_weights)  # fmt: skip
        with methods:
            widgets.bound(st.toggle, "Methods", "u_m", u.vary_methods, _set("vary_methods"),
                          help="Draw a normalisation and an aggregation for each run.")  # fmt: skip
            widgets.bound(st.multiselect, "Normalisations", "u_norms", list(u.normalisations),
                          _set("normalisations"), options=list(normalise.METHODS),
                          format_func=normalise.LABELS.get, disabled=not u.vary_methods)  # fmt: skip
            widgets.bound(st.multiselect, "Aggregations", "u_aggs", list(u.aggregations),
                          _set("aggregations"), options=list(aggregate.METHODS),
                          format_func=aggregate.LABELS.get, disabled=not u.vary_methods)  # fmt: skip
            distinct = aggregate.distinct_methods(u.normalisations, u.aggregations)
            every = len(u.normalisations) * len(u.aggregations)
            if u.vary_methods and len(distinct) < every:
                st.caption(f"{len(distinct)} distinct tables among these {every} combinations: "
                           "under the geometric mean min-max, z-score and distance coincide, "
                           "and Copeland uses only the order. Each distinct table is drawn "
                           "equally often.")  # fmt: skip
        with data:
            widgets.bound(st.toggle, "Noise in the data", "u_noise", u.data_noise, _set("data_noise"),
                          help="Counts drawn from a Poisson distribution, survey results "
                          "from a binomial with the survey's sample size.")  # fmt: skip
            widgets.bound(st.slider, "Recording error (± % per force)", "u_rec",
                          round(u.recording_error * 100), _set("recording_error", percent=True),
                          min_value=0, max_value=50, step=1,
                          help="Each force's counts × U[1−δ, 1+δ]. HMIC 2014 found 81% of crime "
                          "recorded nationally, with wide gaps between forces; ±15% matches "
                          "that spread.")  # fmt: skip
            widgets.bound(st.toggle, "Leave one indicator out", "u_drop", u.drop_indicator,
                          _set("drop_indicator"), help="Each run drops one indicator (or none).")  # fmt: skip
        with runs:
            widgets.bound(st.number_input, "Monte Carlo runs", "u_n", u.samples, _set("samples"),
                          min_value=100, max_value=100_000, step=1000)  # fmt: skip
            widgets.bound(st.selectbox, "Runs for what matters most (base sample)", "u_sobol",
                          sobol.base_size(u.sobol_n), _set("sobol_n"), options=SOBOL_SIZES,
                          help="The base sample of the Sobol' indices: runs × (inputs + 2) "
                          "scenarios in all.")  # fmt: skip
            st.toggle("Run automatically", key=AUTO,
                      help="Off: nothing runs until you press Run, so you can change several "
                      "settings first.")  # fmt: skip
        admissible_weights(scenario, dataset)


SOBOL_LEVELS = {"measures": "One per measure", "top": "One per theme (the top level)"}


def sobol_level_picker(scenario: Scenario, dataset: Dataset) -> None:
    """Sobol' by level: with themes, the weight inputs are the measures' or the themes'."""
    if not hierarchy.has_groups(dataset):
        return
    widgets.bound(st.radio, "Weights as inputs", "u_slev", scenario.uncertainty.sobol_level,
                  _set("sobol_level"), options=list(SOBOL_LEVELS), format_func=SOBOL_LEVELS.get,
                  horizontal=True, help="Per theme: one input multiplies all the theme's measures "
                  "together, so its index is the share of a rank's variance due to that theme's "
                  "weight. Per measure: each measure's weight on its own.")  # fmt: skip


def admissible_weights(scenario: Scenario, dataset: Dataset) -> None:
    """The admissible measure shares (a popover): shared by best and worst ranks and the design assistant."""
    u = scenario.uncertainty
    with st.popover("Admissible weights for best and worst ranks", icon=":material/straighten:"):
        st.caption("Best and worst ranks range over every set of measure weights within these "
                   "limits (measures you weight at 0 stay out unless given their own range).")  # fmt: skip
        widgets.bound(st.slider, "Minimum share of each measure (%)", "u_wmin",
                      round(u.weight_floor * 100), _set("weight_floor", percent=True), min_value=0,
                      max_value=100, step=1)  # fmt: skip
        widgets.bound(st.slider, "Maximum share of each measure (%)", "u_wmax",
                      round(u.weight_cap * 100), _set("weight_cap", percent=True), min_value=0,
                      max_value=100, step=1)  # fmt: skip
        st.markdown("**Per measure** (overrides the two limits above)")
        for m in dataset.measure_ids:
            lo, hi = u.weight_bounds.get(m, (u.weight_floor, u.weight_cap))
            widgets.bound(st.slider, str(dataset.measures.at[m, "label"]), f"u_wb_{m}",
                          (round(lo * 100), round(hi * 100)), partial(_update_bounds, m),
                          min_value=0, max_value=100, step=1)  # fmt: skip
        st.button("Use the two limits for every measure", on_click=_clear_bounds,
                  disabled=not u.weight_bounds)  # fmt: skip


def ready(dataset: Dataset, scenario: Scenario) -> bool:
    """True when the analyses should run: automatically, or after Run for these settings."""
    if st.session_state.get(AUTO, True):
        return True
    key = hashlib.sha256((dataset.fingerprint + scenario.to_json()).encode()).hexdigest()
    ran = st.session_state.setdefault(RAN, set())
    if st.button("Run", type="primary", icon=":material/play_arrow:"):
        ran.add(key)
    if key not in ran:
        st.info("Settings changed. Press Run to see how stable the table is under them.")
    return key in ran


def init() -> None:
    """Session defaults for the page's own view state (not part of the scenario)."""
    st.session_state.setdefault(AUTO, True)


# ------------------------------------------------------------------------- headline


def sources_text(scenario: Scenario, sources: tuple[str, ...]) -> str:
    """What varied, in words."""
    u = scenario.uncertainty
    words = {
        "weights": (f"weights (each multiplied by a random factor from {1 - u.weight_spread:.2f} to {1 + u.weight_spread:.2f})"
                    if u.weight_mode == "multiplier"
                    else f"weights (random shares centred on yours, concentration {u.concentration:g})"),
        "methods": f"methods ({len(aggregate.distinct_methods(u.normalisations, u.aggregations))} "
                   "distinct normalisation and aggregation combinations)",
        "noise": "counting and survey noise",
        "recording": f"recording error (±{u.recording_error:.0%} per force)",
        "drop": "one indicator left out at a time",
    }  # fmt: skip
    return ", ".join(words[s] for s in sources) or "nothing"


def headline(facts: dict, bw, bw_message: str | None, scenario: Scenario) -> None:
    """The plain-language summary with numbers."""
    n, k = facts["n_ranked"], facts["top"]
    if not facts["sources"]:
        st.warning("Nothing is set to vary, so every interval below has zero width. Switch on a "
                   "source under *Change what may vary*.", icon=":material/info:")  # fmt: skip
    parts = [
        f"Under these choices, **{facts['plausible_top']} of {n} forces could plausibly be in the "
        f"top {k}** (a 5% chance or more) and **{facts['plausible_bottom']} in the bottom {k}**.",
        f"Forces move **{facts['mean_shift']:.1f} places** on average from their place in the "
        f"table (90% of runs: {facts['shift_p05']:.1f} to {facts['shift_p95']:.1f}; rank "
        f"agreement with the table {facts['tau_mean']:.2f}, where 1 is the same order).",
    ]
    if facts["bands"] is not None:
        parts.append(f"Counting only clear differences, the table separates **{facts['bands']} "
                     f"positions** for {n} forces.")  # fmt: skip
    if bw is not None:
        lo, hi = scenario.uncertainty.weight_floor, scenario.uncertainty.weight_cap
        parts.append(f"Over admissible weights (each measure {lo:.0%} to {hi:.0%} unless set "
                     f"otherwise), **{bw.could_be_first} forces could be first** and "
                     f"**{bw.could_be_last} could be last** ({bw.robustly_first} and "
                     f"{bw.robustly_last} with a clear lead).")  # fmt: skip
    st.markdown(" ".join(parts))
    if bw_message:
        st.caption(f":material/info: Best and worst ranks: {widgets.escape(bw_message)}.")


def seed_line(scenario: Scenario, result: uncertainty.MonteCarloResult) -> None:
    """The seed, the run count and how to replay them."""
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(
        f":material/casino: Seed **{result.seed}** · {result.samples:,} runs · varied: "
        f"{sources_text(scenario, result.sources)}. The address bar replays these exact numbers; "
        f"so does `python -m scoring sensitivity --scenario scenario.json --samples "
        f"{result.samples} --seed {result.seed}` with the scenario saved from the sidebar. "
        f"{result.note}".rstrip()
    )
    right.button("New seed", on_click=_new_seed, icon=":material/refresh:",
                 help="Draw again with another seed to see how much the numbers move by chance.")  # fmt: skip


def core(dataset: Dataset, scenario: Scenario):
    """The Monte Carlo run, its summaries and the best/worst ranks the headline needs."""
    mc = analysis("monte_carlo", dataset, scenario)
    summary = rank_summary.force_summary(mc, dataset.units["name"])
    bw, message = best_worst_or_message(dataset, scenario)
    return mc, summary, rank_summary.overall(mc), bw, message
