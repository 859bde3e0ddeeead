"""Sections of the Grades and thresholds page, one function per view.

Each ``show_*`` takes ``(dataset, scenario, result)`` with the misgrading result
(:func:`ui.grading.widgets.graded`) and draws the answer in words first, then the chart and
the numbers. Only the open section is computed. Methods and sources: :mod:`scoring.grading`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.grading import rules
from scoring.grading.misgrading import Grading
from ui import widgets
from ui.grading import figures as gf
from ui.grading import widgets as gw

SECTION = "gr_section"
CHART = {"width": "stretch", "config": {"displaylogo": False}}
SECTIONS = {"grades": "Each force's grade", "thresholds": "Thresholds", "interventions": "Interventions",
            "lift": "Over the line", "press": "Points table (2004–07)"}  # fmt: skip
esc = widgets.escape


def section_picker() -> str:
    """Which view to show (only that one is computed)."""
    st.session_state.setdefault(SECTION, "grades")
    return st.segmented_control("Show", list(SECTIONS), format_func=SECTIONS.get, key=SECTION,
                                required=True, label_visibility="collapsed") or "grades"  # fmt: skip


def show_grades(dataset: Dataset, scenario: Scenario, result: Grading) -> None:
    """Each force's chance of each grade, and of a wrong one."""
    frame = result.frame()
    worst = frame.sort_values("p_wrong", ascending=False).head(3)
    st.markdown("Most likely to be graded wrongly: " + "; ".join(
        f"**{esc(str(r.name))}** ({r.grade}, {r.p_wrong:.0%})" for r in worst.itertuples()) + ".")  # fmt: skip
    # The chart, then the table at full width: beside the chart its columns do not fit.
    widgets.chart(gf.grade_chances(frame, result.bands.names), key="gr_chances",
                  alt="Stacked bars: each force's chance of each grade, best score at the top, "
                    "with its published grade beside the bar.")  # fmt: skip
    # Headed by the grade alone (the caption says they are chances), so the table fits.
    chances = [(name, f"p_{rules.slug(name)}", "pct") for name in result.bands.names]
    widgets.column_table(frame.sort_values("score", ascending=False), [
        ("Force", "name", None), ("Score", "score", "%.3f"), ("Grade", "grade", None),
        ("Chance wrong", "p_wrong", "pct"), ("Cliff edge", "cliff_edge", lambda v: "yes" if v else ""),
        *chances], key="gr_table", height=620)  # fmt: skip
    st.caption(f"The columns after Cliff edge give each force's chance of each grade. "
               f"The chance a grade is wrong is the chance that the same measurement, repeated "
               f"({result.samples:,} re-runs, seed {result.seed}), grades the force differently. "
               "A force is on a cliff edge when no grade reaches "
               f"{result.cliff_level:.0%}. {widgets.RANK_CAVEAT}")  # fmt: skip


def show_thresholds(dataset: Dataset, scenario: Scenario, result: Grading) -> None:
    """Meets or falls short, and how sure that is, per threshold."""
    if not result.indicators:
        st.info("No minimum threshold is set. Add one under 'Change the grade rule' above; the 2026 "
                "framework preset sets the published one (90% of 999 calls in 10 seconds).",
                icon=":material/info:")  # fmt: skip
        return
    labels = {j: dataset.label(j) for j in result.indicators}
    j = st.selectbox("Threshold", list(result.indicators), format_func=labels.get, key="gr_threshold")
    i = result.indicators.index(j)
    frame = pd.DataFrame({"name": result.names, "value": result.values[:, i], "meets": result.met[:, i],
                          "p_meets": result.p_meet[:, i], "exact": result.exact[:, i],
                          "wrong": result.threshold_wrong[:, i]})  # fmt: skip
    have = frame["value"].notna()
    if not have.any():
        st.info(f"No force has a figure for {esc(str(dataset.meta.at[j, 'label']))} yet, so nobody can be "
                "said to meet or miss it. Supply the figures on the Data page (for the 2026 framework, "
                "its template is offered above) to test it.", icon=":material/hourglass_empty:")  # fmt: skip
        return
    short, unsure = int((frame["meets"] == 0).sum()), int((frame["wrong"] >= 0.2).sum())
    st.markdown(f"**{short}** of {int(have.sum())} forces fall short of {esc(labels[j])} as published; "
                f"for **{unsure}** the noise in the data gives at least a 1 in 5 chance that this is "
                "the wrong call.")  # fmt: skip
    left, right = st.columns([5, 6], gap="medium")
    left.plotly_chart(gf.threshold_strip(frame[have], result.thresholds[i], labels[j],
                                         str(dataset.meta.at[j, "unit"])), key="gr_strip", **CHART,
                      alt="Bars of each force's value against the threshold line.")  # fmt: skip
    with right:
        widgets.column_table(frame[have].sort_values("value", ascending=False), [
            ("Force", "name", None), ("Value", "value", "%.3g"),
            ("Meets", "meets", lambda v: "yes" if v == 1 else "no"), ("Chance it meets", "p_meets", "pct"),
            ("Exact", "exact", "pct"), ("Chance the call is wrong", "wrong", "pct")], key="gr_thr_table",
            height=620)  # fmt: skip
    st.caption("'Exact' is the Poisson (counts) or binomial (surveys) tail at the published value, "
               "computed directly; the simulated chance should agree with it within Monte Carlo "
               "error. It is blank when a recording-error band is on.")  # fmt: skip


def show_interventions(dataset: Dataset, scenario: Scenario, result: Grading) -> None:
    """How many forces each re-run sends for intervention, and who."""
    facts = result.summary()
    low, _, high = facts["interventions_5_50_95"]
    st.markdown(f"As published, **{facts['interventions_published']}** forces are sent for "
                f"intervention ({gw.INTERVENE[scenario.grading.intervene].lower()}). Repeat the "
                f"measurement and it is between **{low}** and **{high}** in 90% of re-runs: the number "
                "itself is uncertain, not just who is in it.")  # fmt: skip
    left, right = st.columns([5, 6], gap="medium")
    left.plotly_chart(gf.interventions(result.interventions, facts["interventions_published"]),
                      key="gr_interventions", **CHART,
                      alt="Bar chart of how many forces each re-run sends for intervention.")  # fmt: skip
    frame = result.frame()
    at_risk = frame[frame["p_intervention"] > 0].sort_values("p_intervention", ascending=False)
    with right:
        widgets.column_table(at_risk, [("Force", "name", None), ("Grade", "grade", None),
                                       ("Sent as published", "intervention", lambda v: "yes" if v else ""),
                                       ("Chance of being sent", "p_intervention", "pct")],
                             key="gr_int_table", height=420)  # fmt: skip


def show_lift(dataset: Dataset, scenario: Scenario, result: Grading) -> None:
    """The cheapest change that lifts a force over the line, in whole offences."""
    with st.columns([4, 7])[0]:
        code = gw.force_picker(result, scenario)
    name = esc(str(result.names[list(result.codes).index(code)]))
    routes = gw.routes(dataset, scenario, code)
    ok = routes[routes["status"] == "ok"] if len(routes) else routes
    if routes.empty:
        st.success(f"{name} is in the best grade and meets every threshold: there is no line to lift it over.")
        return
    if ok.empty:
        st.markdown(f"No single indicator lifts **{name}** over the line within the search range.")
    else:
        top = ok.iloc[0]
        change = (f"{abs(top['change_count']):,.0f} {'more' if top['change_count'] > 0 else 'fewer'} recorded "
                  f"offences ({top['change_pct']:+.0f}%)" if pd.notna(top["change_count"])
                  else f"a change of {top['change_value']:+.3g} {top['unit']}")  # fmt: skip
        flag = " This indicator is police-generated: activity, not crime, moves it." if top["police_generated"] else ""
        st.markdown(f"The cheapest way for **{name}** to **{esc(top['target'].lower())}**: "
                    f"{esc(change)} of **{esc(top['label'])}**.{flag}")  # fmt: skip
    shown = routes.assign(count=routes["change_count"].map(lambda v: "" if pd.isna(v) else f"{v:+,.0f}"))
    widgets.column_table(shown, [("Line", "target", None), ("Indicator", "label", None),
                                 ("Change (%)", "change_pct", "%+.1f"), ("Offences", "count", None),
                                 ("Effort", "effort", "%.2f"), ("Grade or status after", "after", None),
                                 ("One offence less", "after_one_less", None), ("Status", "status", None)],
                         key="gr_routes", height=420)  # fmt: skip
    st.caption("Each change moves one indicator of this force, in the direction that helps it, with the "
               "whole table recomputed (re-normalised and re-aggregated); counts are whole offences and "
               "one offence less misses. Effort is the change over how easily police activity or "
               "recording moves the indicator (the rubric on the Gaming page): the cheapest route is "
               "the one a force under pressure would take.")  # fmt: skip


def show_press(dataset: Dataset, scenario: Scenario, result: Grading) -> None:
    """The press's 2004-07 points table built on this scenario."""
    t = gw.press_table(dataset, scenario)
    st.markdown(
        f"Built the way the press built its table from the Police Performance Assessments (each area "
        f"graded, the grades scored {', '.join(f'{v:g}' for v in rules.points(len(t.grade_names)))} and "
        f"added, out of {t.maximum:g}): **{t.tied}** of {len(t.codes)} forces share their place with "
        f"another (rank agreement with the order on the score **{t.tau:.2f}**, 1 = the same order). "
        f"Repeat the measurement and a force keeps its points only **{np.mean(t.p_same):.0%}** of "
        "the time on average.")  # fmt: skip
    frame = t.frame().sort_values(["rank", "name"])
    frame["spread"] = [f"{a:g} to {b:g}" for a, b in zip(frame["points_5pct"], frame["points_95pct"], strict=True)]
    widgets.column_table(frame, [("Place", "rank", "%d"), ("Force", "name", None), ("Points", "points", "%g"),
                                 ("Place on the score", "composite_rank", "%d"),
                                 *[(label, label, None) for label in t.area_labels],
                                 ("Same points on a re-run", "p_same_points", "pct"),
                                 ("Points in 90% of re-runs", "spread", None)], key="gr_press", height=560)  # fmt: skip
    st.caption("Police Performance Assessments 2004/05 to 2006/07 (Home Office and HMIC): seven areas "
               "graded Excellent, Good, Fair or Poor, with no overall table; the Press Association added "
               "3, 2, 1 and -1 points per area, out of a possible 21 (Metro, 24 Oct 2006), a table the "
               "Home Office had called 'unhelpful and inaccurate'. Here each weighted measure is an area; "
               "the 2004-07 force grades themselves are in no public file here.")  # fmt: skip


SHOW = {"grades": show_grades, "thresholds": show_thresholds, "interventions": show_interventions,
        "lift": show_lift, "press": show_press}  # fmt: skip
