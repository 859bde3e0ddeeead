"""Sections of the rigidity page, one function per tab.

The analyses are this project's design, after Holmström & Milgrom (1991, "Multitask
principal-agent analyses", *J. Law, Economics & Organization* 7:24-52), Baker (2002,
"Distortion and risk in optimal incentive contracts", *J. Human Resources* 37(4):728-751)
and Bevan & Hood (2006, "What's measured is what matters", *Public Administration*
84(3):517-538).

Each takes the analysis (:func:`scoring.rigidity.analysis.analyse`), the scenario, the dataset
and the force in focus, and draws; the page itself only arranges them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import Scenario
from scoring.rigidity import coverage, local_priorities, ratchet
from scoring.rigidity.analysis import Rigidity
from ui import figures, widgets
from ui.rigidity import figures as rf
from ui.rigidity import widgets as rw


def answer(result: Rigidity) -> None:
    """The page's answer first: how much recorded crime harm the basket counts, by force, and a chart."""
    facts = coverage.summary(result.coverage)
    st.markdown(
        f"**This table counts {facts['overall']:.0%} of recorded crime harm in England and Wales; "
        f"the rest earns a force nothing.** By force it runs from {facts['lowest'][1]:.0%} "
        f"({widgets.escape(facts['lowest'][0])}) to {facts['highest'][1]:.0%} "
        f"({widgets.escape(facts['highest'][0])})."
    )
    # One chart, above the tabs: side by side with a table, columns do not fit a projector.
    widgets.chart(rf.coverage_bars(result.coverage.table), key="rg_coverage",
                  alt="Bar chart of each force's recorded crime harm, inside and outside the basket.")


def coverage_tab(result: Rigidity, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """C4: how much of each force's recorded crime harm the basket counts, and what it leaves out."""
    focus = result.forces.loc[code]
    facts = coverage.summary(result.coverage)
    st.markdown(
        f"{widgets.escape(str(focus['name']))}: the basket counts **{focus['coverage']:.0%}** "
        "of its recorded crime harm. Largest harm outside, across England and Wales: "
        + "; ".join(f"{widgets.escape(label)} ({share:.0%} of all harm)"
                    for label, share in facts["top_outside"])
        + "."
    )
    st.caption(
        "Harm = recorded offences × a harm weight per offence group, on the scale of the ONS "
        "Crime Severity Score (points from sentencing, about days of custody; ONS 2016). "
        "Police-generated offences (drug offences, weapons possession) are not counted as "
        "harm by default, as in the Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud "
        "2016). A group counts as inside when an indicator with weight above 0 counts it; "
        "give a measure weight 0 and its offences fall outside."
    )
    cov_table = result.coverage.table.sort_values("coverage", ascending=False)
    rw.table(cov_table, rw.COVERAGE, "rg_coverage_table")

    st.subheader("What falls outside")
    groups = result.coverage.groups
    widgets.chart(rf.group_harm_bars(groups), key="rg_groups",
                  alt="Bar chart of recorded harm by offence group, marked inside or outside the basket.")
    rw.table(result.coverage.outside_groups, rw.OUTSIDE, "rg_outside_table")
    st.markdown("**Demand no recorded-crime count carries** (outside every figure above)")
    # A static table, so the long reasons wrap instead of running off the grid.
    st.table(pd.DataFrame(list(coverage.UNCOUNTED), columns=[h for h, _, _ in rw.UNCOUNTED])
             .set_index(rw.UNCOUNTED[0][0]))
    st.caption(f"Typical-day figures: {coverage.COLLEGE}.")

    with st.expander("Harm weights (edit them to your own)"):
        rw.proactive_toggle(scenario)
        rw.harm_editor(scenario)
        rw.reset_harm_button()
        st.caption(
            "Only two figures were checked against the ONS release: homicide (7,797 or 7,979 "
            "points in different reports) and possession of cannabis (3 points). ONS weighs "
            "offence codes, not these groups, so every row marked ≈ approximate is this "
            "project's estimate of a group average on the same scale, with how it was chosen. "
            "Do not quote them as ONS figures."
        )


def effort_tab(result: Rigidity, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """C1: what a force chasing the table would stop doing."""
    focus = result.forces.loc[code]
    focus_name = widgets.escape(str(focus["name"]))
    st.markdown(
        f"**{focus_name}** has a fixed amount of officer time (100%). Today it is spread to "
        "serve its local priorities (set on the Local priorities tab: now "
        f"*{result.view.source}*). A force chasing the table spreads it to maximise its "
        "league score instead. Returns diminish (each extra hour achieves less) and every "
        "domain keeps a minimum-service floor (Holmström & Milgrom 1991)."
    )
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        rw.number("Target pressure", "rg_pressure", scenario.rigidity.pressure, "pressure", 0.0,
                  1.0, 0.05, "0 = follows local priorities; 1 = maximises its league score.")
    with c2:
        rw.number("Returns to effort β", "rg_beta", scenario.rigidity.returns, "returns", 0.05,
                  0.95, 0.05, "Outcome = effort^β. Lower β: returns diminish faster, effort "
                  "spreads more evenly.")  # fmt: skip
    with c3:
        rw.number("Minimum-service floor (% per domain)", "rg_floor", scenario.rigidity.floor,
                  "floor", 0.0, 5.0, 0.5, "Every domain keeps at least this share of officer "
                  "time: calls are answered and crimes recorded.")  # fmt: skip
    with c4:
        rw.number("Harm policing prevents now", "rg_prevented", scenario.rigidity.prevented,
                  "prevented", 0.0, 1.0, 0.05, "An assumption: prevented harm as a share of "
                  "recorded harm in each domain. Scales the harm figures only.")  # fmt: skip
    h = result.headline
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("League score gain", f"{h['league_gain']:+.0%}")
    m2.metric("Local value lost", f"{h['value_loss']:.0%}")
    m3.metric("Effort outside the basket", f"{h['unmeasured_at']:.0f}%",
              f"{h['unmeasured_shift']:+.0f} points from {h['unmeasured_now']:.0f}%",
              delta_color="off")  # fmt: skip
    m4.metric("Harm outside the basket", f"{h['harm_change_pct']:+.1%}",
              f"{h['harm_change']:+,.0f} CSS points", delta_color="off")  # fmt: skip
    stops_col, drift_col = widgets.stacked()
    with stops_col:
        st.markdown("**What a force chasing the table stops doing**")
        if len(h["stops"]):
            for _, row in h["stops"].iterrows():
                where = "in the basket" if row["measured"] else "outside the basket"
                st.markdown(
                    f"- **{widgets.escape(row['label'])}** ({where}): from "
                    f"{row['status_quo']:.1f}% to {row['at_pressure']:.1f}% of officer time (cut "
                    f"by {row['neglect']:.0%}); predicted harm there {row['harm_change']:+,.0f} "
                    "CSS points."
                )
        else:
            st.markdown("- Nothing: at this pressure the force keeps to its local priorities, "
                        "or they already match the table.")  # fmt: skip
        st.caption(
            f"Net change in recorded harm over all domains: {h['net_harm_change']:+,.0f} CSS "
            f"points (with {scenario.rigidity.prevented:.0%} of harm prevented now). Effort "
            "moved to victim satisfaction or to police-generated drug offences prevents no "
            "recorded harm."
        )
    with drift_col:
        st.plotly_chart(
            rf.drift_curve(result.path, scenario.rigidity.pressure), width="stretch",
            key="rg_drift", config={"displaylogo": False},
            alt="Line chart of league score gained and local value lost as target pressure rises.",
        )  # fmt: skip
        st.caption("Returns diminish, so the first steps toward the table gain much score for "
                   "little visible loss: drift toward the basket is hard to spot.")  # fmt: skip
    st.plotly_chart(
        rf.effort_bars(result.effort, scenario.rigidity.pressure), width="stretch",
        key="rg_effort", config={"displaylogo": False},
        alt="Bar chart of officer time per domain now and when chasing the table.",
    )  # fmt: skip
    rw.table(result.effort, rw.EFFORT, "rg_effort_table")
    st.caption("Effort in % of officer time: now, chasing the table at this pressure, and "
               "chasing it fully; harm in Crime Severity Score points.")
    st.caption(
        "Model (this project's design, after Holmström & Milgrom 1991): outcome in each "
        "domain = effort^β, an hour buying the same outcome everywhere at equal effort. Today's "
        "effort is the best allocation for local value, so it follows local priorities to the "
        "power 1/(1−β); chasing the table is the best allocation for the league score; "
        "pressure mixes the two. Harm change = prevented share × recorded harm × (1 − "
        "(effort ratio)^β). Assumptions, not estimates: change them above."
    )


def local_tab(result: Rigidity, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """C3: the force's own priorities against the national weights, and every force's ranks."""
    rw.local_controls(result, scenario)
    view = result.view
    n = view.n_ranked
    place = (lambda r: f"{ordinal(int(r))} of {n}" if pd.notna(r) else "ranked apart")  # noqa: E731
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Rank under national weights", place(view.rank_national))
    m2.metric("Rank under local priorities", place(view.rank_local))
    m3.metric("Weight in the wrong place", f"{view.tv:.0%}",
              help="Total variation (TV): half the sum of the weight differences.")  # fmt: skip
    m4.metric("Agreement of the two orders", f"{view.tau:.2f}",
              help=f"Kendall's τ: 1 = the same order. Also: cosine similarity of the weights "
              f"{view.cosine:.2f}; Jensen–Shannon divergence {view.js:.2f} nats (0 = same, "
              "0.69 = no overlap).")  # fmt: skip
    st.caption(f"Local weights: {view.source}.")
    widgets.rank_caveat()
    left, right = widgets.stacked()
    left.plotly_chart(
        rf.weights_compare(view.weights, "Local priorities"), width="stretch", key="rg_weights",
        config={"displaylogo": False},
        alt="Bar chart of national and local weight on every domain.",
    )  # fmt: skip
    with right:
        rw.table(view.weights, rw.WEIGHTS, "rg_weights_table")

    st.subheader("Every force under its own harm profile")
    ranks = result.forces
    s = local_priorities.summary(ranks)
    st.markdown(
        f"**{s['better']}** of {s['n']} ranked forces place higher when every force is scored "
        f"with their own harm profile, **{s['worse']}** lower (median move "
        f"{s['median_abs_change']:.0f} places). Median weight in the wrong place: "
        f"**{s['median_tv']:.0%}**."
    )
    left, right = widgets.stacked()
    left.plotly_chart(
        rf.rank_scatter(ranks, code), width="stretch", key="rg_rank_scatter",
        config={"displaylogo": False},
        alt="Scatter of each force's rank under national weights against its own harm profile.",
    )  # fmt: skip
    with right:
        ordered = ranks.sort_values(["rank_national", "name"], na_position="last")
        rw.table(ordered, rw.RANKS, "rg_ranks_table")
    st.caption(
        "Own-harm-profile rank: the force's place when all forces are scored with its weights, "
        "the domains outside the basket by their recorded rate per 1,000 residents (lower is "
        "better) with the table's own methods. A harm profile is a value judgement, and "
        "recorded rates also reflect recording practice and victims' willingness to report."
    )


def ratchet_tab(result: Rigidity, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """C2 and the ratchet: the distortion angle, and a bar set from last year's result."""
    ranks = result.forces
    focus = result.forces.loc[code]
    focus_name = widgets.escape(str(focus["name"]))
    st.subheader("Distortion angle")
    st.markdown(
        "The angle between what the table rewards and what each force values (its own harm "
        "profile), at today's effort: 0° means the table pays for exactly what the force "
        "values, 90° that its incentives point entirely elsewhere (after Baker 2002)."
    )
    left, right = widgets.stacked()
    with left:
        st.plotly_chart(
            figures.value_map(ranks, "theta", "Angle (°)", number=":.0f"), width="stretch",
            key="rg_angle_map", config={"displaylogo": False, "scrollZoom": False},
            alt="Map of police force areas coloured by distortion angle.",
        )  # fmt: skip
        st.caption(figures.MAP_ATTRIBUTION)
    with right:
        by_angle = ranks.sort_values("theta", ascending=False)
        rw.table(by_angle, rw.ANGLES, "rg_angle_table")

    st.subheader("Ratchet: next year's bar set from this year's result")
    rt = result.ratchet
    if rt is None:
        st.caption("This dataset has no previous year, so the ratchet cannot be shown.")
    else:
        r = ratchet.summary(rt.table)
        st.markdown(
            f"If each force's bar were last year's result, **{r['improved']}** of {r['n']} forces "
            f"improved on the basket and start next year with a tougher bar (median "
            f"{r['median_tighter']:.1%}): they are penalised for improving early. The "
            f"**{r['slipped']}** that slipped get an easier one (median {r['median_easier']:.1%}). "
            f"For **{r['improved_on_noise']}** of the improvers the change is within what chance "
            "alone produces, so the bar moved on noise (Bevan & Hood 2006; Weitzman 1980)."
        )
        if rt.left_out:
            st.caption(f"Left out: {', '.join(rt.left_out)} (illustrative, or no previous year).")
        left, right = widgets.stacked()
        left.plotly_chart(
            rf.ratchet_bars(rt.table), width="stretch", key="rg_ratchet",
            config={"displaylogo": False},
            alt="Bar chart of how far each force's bar moves next year under a ratchet.",
        )  # fmt: skip
        with right:
            by_move = rt.table.sort_values("change", ascending=False)
            rw.table(by_move, rw.RATCHET, "rg_ratchet_table")
            st.markdown(f"**{focus_name}**, indicator by indicator")
            rw.table(rt.detail(code), rw.RATCHET_DETAIL, "rg_ratchet_detail")


def sources(dataset: Dataset) -> None:
    """The sources and method notes under the tabs."""
    with st.expander("Sources and method"):
        st.markdown(
            "- Bevan, G. & Hood, C. (2006) What's measured is what matters: targets and gaming in "
            "the English public health care system. *Public Administration* 84(3): 517–538.\n"
            "- Smith, P. (1995) On the unintended consequences of publishing performance data in "
            "the public sector. *International Journal of Public Administration* 18: 277–310.\n"
            "- Holmström, B. & Milgrom, P. (1991) Multitask principal-agent analyses. *Journal of "
            "Law, Economics and Organization* 7: 24–52.\n"
            "- Baker, G. (2002) Distortion and risk in optimal incentive contracts. *Journal of "
            "Human Resources* 37(4): 728–751.\n"
            "- Weitzman, M. (1980) The 'ratchet principle' and performance incentives. *Bell "
            "Journal of Economics* 11(1): 302–308.\n"
            "- Office for National Statistics (2016) Research outputs: developing a Crime Severity "
            "Score for England and Wales using data on crimes recorded by the police.\n"
            "- Sherman, L., Neyroud, P. & Neyroud, E. (2016) The Cambridge Crime Harm Index. "
            "*Policing* 10(3): 171–183.\n"
            f"- {coverage.COLLEGE}.\n"
            f"- Offence counts: {dataset.title}, Tables P1, P5 and P9 (Open Government Licence "
            "v3.0)."
        )
        st.caption(
            "Domains: each measure of the table, plus each offence group no indicator counts. "
            "Knife offences are counted as part of violence with injury and robbery; a group "
            "counted whole and in part is counted once. The reallocation, the harm change and "
            "the distortion angle are this project's models on published ideas: use them to ask "
            "questions, not as forecasts."
        )
