"""Instability page sections: one function per view, each computing only what it shows.

Each ``show_*`` takes ``(dataset, scenario, mc, summary)``: the Monte Carlo result and its
per-force summary are shared; Sobol' indices, stability intervals, best/worst ranks,
main effects and churn are computed (cached) only when their section is open.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.errors import InputError
from scoring.instability import importance, sobol
from scoring.instability import stability as stab
from scoring.instability import summary as rank_summary
from ui import widgets
from ui.instability import figures as figs
from ui.instability.widgets import analysis, best_worst_or_message, sobol_level_picker

SECTION, FOCUS = "inst_section", "inst_focus"
CHART = {"width": "stretch", "config": {"displaylogo": False}}


SECTIONS = {
    "intervals": "Rank intervals",
    "probabilities": "Rank probabilities",
    "sobol": "What drives it",
    "stability": "Weight stability",
    "bestworst": "Best and worst",
    "importance": "Weight vs importance",
    "churn": "Noise alone",
}


def section_picker() -> str:
    """Which section to show (only that one is computed, so the page stays quick)."""
    st.session_state.setdefault(SECTION, "intervals")
    return st.segmented_control("Show", list(SECTIONS), format_func=SECTIONS.get, key=SECTION,
                                required=True, label_visibility="collapsed") or "intervals"  # fmt: skip


def _names(dataset: Dataset) -> pd.Series:
    return dataset.units["name"]


def show_intervals(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Dumbbells in nominal order, and the table beside them."""
    widgets.chart(figs.rank_intervals(summary), key="inst_intervals",
                  alt="Each force's rank in the table, its median rank and the range holding "
                    "90% of runs, in table order.")  # fmt: skip
    st.caption("Grey bar: the ranks each force takes in 90% of runs. Circle: median. Open "
               "diamond: its place in the table.")  # fmt: skip
    shown = pd.DataFrame({
        "Rank": summary["nominal"], "Force": summary["name"], "Median": summary["median"],
        "90% of runs": [f"{a}–{b}" for a, b in zip(summary["p05"], summary["p95"], strict=True)],
        "P(top 10)": summary["p_top"], "P(bottom 10)": summary["p_bottom"],
        "Clear rank": summary["band"], "Can't be told apart from": summary["apart"],
    })  # fmt: skip
    widgets.grid(shown, max_height=600,
                 column_config={
                     "P(top 10)": st.column_config.NumberColumn(format="percent"),
                     "P(bottom 10)": st.column_config.NumberColumn(format="percent"),
                     "Clear rank": st.column_config.NumberColumn(
                         help="1 + the number of forces that rank above this one in at least "
                         "95% of runs: forces that cannot be told apart share a clear rank."),
                     "Can't be told apart from": st.column_config.NumberColumn(
                         help="Forces neither clearly above nor clearly below this one."),
                 })  # fmt: skip
    st.download_button("Download rank intervals (CSV)", partial(widgets.table_csv, summary, scenario, dataset),
                       file_name="rank_intervals.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")  # fmt: skip


def show_probabilities(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Rank acceptability heatmap."""
    order = [list(mc.codes).index(c) for c in summary.index]
    prob = rank_summary.acceptability(mc)[order]
    st.plotly_chart(figs.rank_heatmap(prob, summary), key="inst_heatmap", **CHART,
                    alt="Heatmap of the probability of each force taking each rank.")  # fmt: skip
    st.caption("Each row: how often the force took each rank (SMAA-2 rank acceptability). A "
               "wide smear means the place in the table is mostly the luck of the draw.")  # fmt: skip
    st.plotly_chart(figs.table_movement(mc.shift, mc.tau), key="inst_movement", **CHART,
                    alt="Histograms over runs of the average rank shift and of Kendall's tau "
                    "between each run's table and the nominal one.")  # fmt: skip
    st.caption("The whole table, run by run: how far forces move on average (mean absolute rank "
               "shift, OECD/JRC Handbook eq. 38) and how similar the order stays (rank agreement, 1 = the same order).")  # fmt: skip


def show_sobol(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Sobol' bars for the whole table or one force, and each force's biggest influence."""
    sobol_level_picker(scenario, dataset)
    result = analysis("sobol", dataset, scenario)
    if not result.inputs:
        st.info("Nothing is set to vary, so there is no variance to split.")
        return
    options = [sobol.SHIFT, *summary.index]
    labels = {sobol.SHIFT: "The whole table (average rank shift)", **summary["name"].to_dict()}
    if st.session_state.get(FOCUS) not in options:
        st.session_state[FOCUS] = sobol.SHIFT
    focus = st.selectbox("Whose rank?", options, format_func=labels.get, key=FOCUS)
    if result.fixed[result.outputs.index(focus)]:
        st.success(f"{labels[focus]}: rank fixed. It never moved in any run, so there is "
                   "nothing to explain.", icon=":material/lock:")  # fmt: skip
    else:
        st.plotly_chart(figs.sobol_bars(result.frame(focus)), key="inst_sobol",
                        **CHART, alt="Bars of each input's share of the variance of the rank.")  # fmt: skip
    st.caption(f"Long bar: the input's total effect, including its interactions with the others "
               f"(read this one: ranks jump, so interactions are large). Short bar inside: its "
               f"effect alone. Whiskers: 90% bootstrap intervals. {result.n} base runs, "
               f"{result.runs:,} evaluations, seed {result.seed}.")  # fmt: skip
    top = result.top_input().drop(sobol.SHIFT)
    widgets.grid(pd.DataFrame({"Force": summary["name"], "Biggest influence on its rank":
                               top.reindex(summary.index)}), height=300)  # fmt: skip


def show_stability(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Stability intervals of every measure weight."""
    try:
        result = analysis("stability", dataset, scenario)
    except InputError as exc:  # e.g. a different aggregation across the themes
        st.info(f"No stability intervals: {widgets.escape(str(exc))}.", icon=":material/info:")
        return
    table = result.table
    names = _names(dataset)
    st.plotly_chart(figs.stability_intervals(table), key="inst_stability", **CHART,
                    alt="For each measure, the range of its weight over which no rank changes "
                    "and the wider range over which the top 10 stay the same.")  # fmt: skip
    row = stab.critical_weight(table)
    if row is not None:
        st.markdown(f"**Critical weight: {widgets.escape(row['label'])}.** At {row['share']:.1%} "
                    f"it can move only {row['margin']:.1%} of its value before the order changes "
                    f"({row['low']:.1%} to {row['high']:.1%}, others rescaled in proportion).")  # fmt: skip
    pair = lambda p: "" if p is None else " ↔ ".join(str(names.get(c, c)) for c in p)  # noqa: E731
    widgets.grid(pd.DataFrame({
        "Measure": table["label"], "Weight": table["share"],
        "No rank changes from": table["low"], "to": table["high"],
        "First swap below": table["low_pair"].map(pair), "First swap above": table["high_pair"].map(pair),
        "Top 10 unchanged from": table["top_low"], "up to": table["top_high"],
    }), column_config={
        c: st.column_config.NumberColumn(format="percent")
        for c in ("Weight", "No rank changes from", "to", "Top 10 unchanged from", "up to")})  # fmt: skip
    method = ("Copeland scores change only where a pairwise contest flips, so the intervals are "
              "exact there too." if result.aggregation == "copeland" else
              "Exact: the score differences are linear in the weight, so each change point is "
              "solved for, not searched.")  # fmt: skip
    st.caption(f"Each weight moves alone while the others keep their proportions. {method}")


def show_bestworst(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Best and worst achievable ranks."""
    result, message = best_worst_or_message(dataset, scenario)
    if result is None:
        st.info(f"Best and worst ranks: {widgets.escape(message)}.", icon=":material/info:")
        return
    table = result.table.assign(name=_names(dataset).reindex(result.table.index))
    table = table.sort_values(["nominal", "name"])
    lead = scenario.uncertainty.min_lead
    st.markdown(f"**{result.could_be_first} forces could be first and {result.could_be_last} "
                f"could be last** under some admissible weights; with a lead of at least "
                f"{lead:.1%} of the score spread, **{result.robustly_first} could be first and "
                f"{result.robustly_last} last**.")  # fmt: skip
    st.plotly_chart(figs.best_worst(table), key="inst_bestworst", **CHART,
                    alt="For each force, the best and worst rank reachable over the admissible "
                    "weights.")  # fmt: skip
    limits = " · ".join(f"{dataset.measures.at[m, 'label']} {lo:.0%}–{hi:.0%}"
                        for m, lo, hi in zip(result.lower.index, result.lower, result.upper,
                                             strict=True))  # fmt: skip
    st.caption(f"Admissible weights: {limits}. Exact (mixed-integer programming, HiGHS); each "
               "rank is re-checked by ranking the table at the weights found."
               + ("" if result.nominal_admissible else " Your own weights are outside these "
                  "limits, so a force's rank in the table may lie outside its range."))  # fmt: skip
    st.caption(f"Robust: a force passes a rival only when it leads by at least {result.lead:.2g} "
               f"({lead:.1%} of the score spread). A best or worst rank marked ◌ holds only on a "
               "sliver of weight space, by a smaller lead.")  # fmt: skip
    mark = lambda rank, sliver: [f"{int(r)} ◌" if s else f"{int(r)}" for r, s in  # noqa: E731
                                 zip(rank, sliver, strict=True)]  # fmt: skip
    widgets.grid(pd.DataFrame({"Rank": table["nominal"], "Force": table["name"],
                               "Best": mark(table["best"], table["sliver_best"]),
                               "Robust best": table["robust_best"],
                               "Worst": mark(table["worst"], table["sliver_worst"]),
                               "Robust worst": table["robust_worst"]}),
                 height=300)  # fmt: skip


def show_importance(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Nominal weights against main effects."""
    frame = analysis("importance", dataset, scenario)
    st.plotly_chart(figs.importance_bars(frame), key="inst_importance", **CHART,
                    alt="For each indicator, its nominal weight beside its share of the "
                    "composite's variance it explains.")  # fmt: skip
    against = frame[frame["reading"] == "pulls against the index"]["label"].tolist()
    notes = [f"{widgets.escape(r['label'])} carries {r['weight_share']:.0%} of the weight but "
             f"explains {r['effect_share']:.0%} of the differences between forces"
             for _, r in importance.underweighted(frame).iterrows()]  # fmt: skip
    if against:
        notes.append(f"{', '.join(map(widgets.escape, against))} pulls against the index")
    if notes:
        st.markdown("**" + "; ".join(notes) + ".**")
    st.caption("Main effect: the share of the differences in the composite that each indicator "
               "explains on its own (a smoothing spline across the ranked forces; Paruolo, Saisana "
               "& Saltelli 2013). With 42 forces it is noisy: the linear r² is its floor.")  # fmt: skip
    widgets.grid(frame[["label", "weight_share", "effect_share", "r2", "corr", "reading"]].rename(
        columns={"label": "Indicator", "weight_share": "Weight", "effect_share": "Main effect",
                 "r2": "Linear r²", "corr": "Correlation", "reading": "Reading"}),
        column_config={
            "Weight": st.column_config.NumberColumn(format="percent"),
            "Main effect": st.column_config.NumberColumn(format="percent"),
            "Linear r²": st.column_config.NumberColumn(format="%.2f"),
            "Correlation": st.column_config.NumberColumn(format="%.2f")})  # fmt: skip


def show_churn(dataset: Dataset, scenario: Scenario, mc, summary: pd.DataFrame) -> None:
    """Year-to-year moves from noise alone, beside the observed ones."""
    result = analysis("churn", dataset, scenario)
    table = result.table.assign(name=_names(dataset).reindex(result.table.index))
    table = table.sort_values(["nominal", "name"])
    low, high = result.noise_range()
    text = (f"If nothing real changed, counting and survey noise alone would move forces "
            f"**{result.noise_shift.mean():.1f} places** a year on average (90% of simulated "
            f"years: {low:.1f} to {high:.1f}).")  # fmt: skip
    if result.observed_shift is not None:
        text += (f" Between last year's table and this one they moved **{result.observed_shift:.1f} "
                 f"places** on average; {result.beyond_noise} forces moved more than noise "
                 f"alone does 9 years in 10.")  # fmt: skip
    st.markdown(text)
    st.plotly_chart(figs.churn_moves(table), key="inst_churn", **CHART,
                    alt="For each force, the year-to-year move expected from noise alone and the "
                    "move observed since last year.")  # fmt: skip
    caveat = ""
    illustrative = [dataset.label(j) for j in dataset.illustrative]
    if illustrative and result.observed_shift is not None:
        caveat = (f" {', '.join(illustrative)} is generated afresh for each year, so part of the "
                  "observed movement is that, not policing.")  # fmt: skip
    st.caption(
        "Bar: 9 simulated years in 10 move a force less than this; tick: the average "
        "simulated move; × an observed move beyond the bar, ● one within it. Weights and "
        "methods fixed at yours; recording error left out (a force's recording practice "
        f"persists from year to year). Marshall & Spiegelhalter (1998).{caveat}"
    )


SHOW = {
    "intervals": show_intervals, "probabilities": show_probabilities, "sobol": show_sobol,
    "stability": show_stability, "bestworst": show_bestworst, "importance": show_importance,
    "churn": show_churn,
}  # fmt: skip
