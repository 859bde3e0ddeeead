"""Sections of the gaming page on who pays and how: stop and search, recording, the rubric.

Every input shows its source and year. The split by group uses the force's own search
rates (Home Office, year ending March 2019, over Census 2011 populations) or, as an
option, the national ratios; nothing is invented.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.gaming import climb as gaming
from scoring.gaming import manipulability, recording, route, stopsearch
from scoring.gaming import story as gaming_story
from scoring.gaming.report import GamingReport
from ui.gaming import figures as gaming_figures
from ui.gaming import widgets as gaming_widgets
from ui.gaming.sections import CHART
from ui.widgets import escape, grid

LEVELS = (10, 19)


def stop_search_section(report: GamingReport, dataset: Dataset, scenario: Scenario, code: str,
                        target: str) -> None:
    """Extra searches by ethnic group implied by extra recorded drug offences (B5)."""
    settings = scenario.gaming
    drug = gaming_story.police_generated(dataset)
    if drug is None:
        st.info("This dataset has no police-generated count indicator, so there is no "
                "stop-and-search route to trace.")  # fmt: skip
        return
    gaming_widgets.stop_search_inputs(settings)
    needed = gaming_story.drug_change(report, dataset, code, target)
    extra = float(settings.extra_offences) if settings.extra_offences > 0 else needed
    name = escape(str(dataset.units.at[code, "name"]))
    if settings.extra_offences > 0:
        st.markdown(f"Tracing **{extra:,.0f} extra recorded drug offences** in {name} "
                    "(your number).")  # fmt: skip
    elif pd.notna(needed) and needed > 0:
        st.markdown(f"To climb {target} through drug offences alone, {name} would need "
                    f"**{gaming_story.number(needed)} more recorded drug offences**.")  # fmt: skip
    else:
        why = ("more recorded drug offences count against a force in this scenario"
               if scenario.direction(drug, int(dataset.meta.at[drug, "direction"])) < 0
               else "drug offences alone cannot climb that far, or the force has no rank")
        st.info(f"No drug-offence route to trace: {why}. Enter a number above to trace one anyway.")
        extra = float("nan")
    population = stopsearch.group_population(dataset, code)
    own = stopsearch.force_rates(dataset, code)
    if own is not None:
        st.markdown(escape(stopsearch.rates_line(str(dataset.units.at[code, "name"]), own))
                    + ("" if settings.ratio_source == "force" else " *Not used: you chose the "
                       "national ratio.*"))  # fmt: skip
    elif settings.ratio_source == "force":
        st.caption("No search figures by ethnic group for this area: the national ratio is used.")
    if pd.notna(extra) and population is not None:
        _burden(extra, population, settings, own)
    elif population is None:
        st.caption("No Census ethnicity counts for this area: no split by group.")
    st.markdown("**Inputs, sources and years**")
    for a in stopsearch.assumptions(settings, own):
        year = f" ({a.year})" if a.year else ""
        st.markdown(f"- **{a.label}: {a.shown}.** Source: {a.source}{year}. {a.note}")
    st.caption("Not all recorded drug offences come from stop and search; searches are "
               "recorded by the searching force and people searched may live elsewhere "
               "(Race Disparity Unit 2021); searches with unrecorded ethnicity are not split. "
               "Operation BLUNT 2 (McCandless et al. 2016, Home Office): a near fourfold rise in "
               "weapons searches had no statistically significant effect on crime.")  # fmt: skip
    _all_forces(report, dataset, scenario, target)


def _burden(extra: float, population: pd.Series, settings, own) -> None:
    by_group, totals = stopsearch.search_burden(extra, population, settings, own)
    cols = st.columns(4)
    cols[0].metric("Extra stop-searches", f"{totals['extra_searches']:,.0f}")
    cols[1].metric("Ending in no further action", f"{totals['no_further_action']:,.0f}")
    cols[2].metric("Officer-hours", f"{totals['officer_hours']:,.0f}")
    cols[3].metric("Black–White gap per 1,000", f"{totals['gap_per_1000']:+.1f}",
                   help="Extra searches per 1,000 Black residents minus per 1,000 White residents.")
    # The chart above the table: beside it, the table's columns (Per 1,000 ...) were cut.
    st.plotly_chart(gaming_figures.searches_by_group(by_group), width="stretch",
                    key="gm_searches", config=CHART,
                    alt="Bar chart of extra searches per 1,000 residents of each group.")
    burden = pd.DataFrame({
        "Group": by_group["label"],
        "Residents": by_group["population"].round(-2).map("{:,.0f}".format),
        "Share of residents": by_group["population_share"].map("{:.1%}".format),
        "Share of extra searches": by_group["search_share"].map("{:.1%}".format),
        "Extra searches": by_group["extra_searches"].map(gaming_story.number),
        "Per 1,000": by_group["per_1000"].round(2),
        "No further action": by_group["no_further_action"].map(gaming_story.number),
        "Beyond population share": by_group["excess_over_parity"].map("{:+,.0f}".format),
    })  # fmt: skip
    # Groups across, figures down: eight figures across five groups would not fit a projector.
    grid(burden.astype({"Per 1,000": str}).set_index("Group").T.rename_axis("Per group")
                 .reset_index())  # fmt: skip
    later = own.searches_2025 if own is not None else float("nan")
    if later == later and later > 0:
        st.caption(f"For scale: the force made {later:,.0f} searches in the year ending March 2025 "
                   f"(Home Office, Table SS_20); this would add {totals['extra_searches'] / later:.0%}.")
    st.caption("The ratio between groups stays as it is, but the absolute gap per 1,000 "
               "grows with every extra search: that gap is what communities experience.")


def _all_forces(report: GamingReport, dataset: Dataset, scenario: Scenario, target: str) -> None:
    climb = report.table.climb
    drug = gaming_story.police_generated(dataset)
    rows = climb[(climb["indicator"] == drug) & (climb["target"] == target)].set_index("code")
    table = stopsearch.all_forces(dataset, rows["change_count"], scenario.gaming)
    with st.expander(f"Every force: searches implied by climbing {target} through drug offences"):
        if table.empty:
            st.caption("No force can climb that far through drug offences alone.")
            return
        grid(pd.DataFrame({
            "Rank": rows["rank"].reindex(table.index).astype("Int64"),
            "Force": dataset.units["name"].reindex(table.index),
            "Drug offences": table["extra_offences"].round(0),
            "Searches": table["extra_searches"].round(0),
            "Black people": table["black_searches"].round(0),
            "Black /1,000": table["black_per_1000"].round(2),
            "White /1,000": table["white_per_1000"].round(2),
            "No action": table["no_further_action"].round(0),
        }).sort_values("Rank"))  # fmt: skip
        st.caption("Extra drug offences recorded, the extra searches they imply, how many of "
                   "those are of Black people, extra searches per 1,000 Black and per 1,000 White "
                   "residents, and how many end in no further action.")  # fmt: skip


def recording_section(report: GamingReport, dataset: Dataset, scenario: Scenario, code: str,
                      table: pd.DataFrame) -> None:
    """Ranks when a recorded-crime indicator is under-recorded by 1-19%."""
    # Most discretionary first: the default is the crime most open to under-recording.
    discretion = report.rubric["recording_discretion"]
    kept = sorted(report.recording_indicators, key=lambda j: -discretion[j])
    if not kept:
        st.info("No recorded-crime indicator in this scenario improves a rank by recording less.")
        return
    options = {**{j: dataset.label(j) for j in kept}, recording.ALL: "All of them at once"}
    chosen = gaming_widgets.recording_picker(options, scenario)
    data = report.under_recording
    mine = data[data["indicator"] == chosen]
    wide = mine[mine["pct"].isin(LEVELS)].pivot(index="code", columns="pct", values="rank")
    frame = pd.DataFrame({"rank": report.table.whatif.ranks}, index=report.table.whatif.codes)
    frame = frame.join(wide.rename(columns=lambda p: f"rank_{int(p)}"), how="inner")
    frame = frame.sort_values("rank")
    frame["label"] = [f"{int(r)}. {table.at[c, 'name']}" for c, r in frame["rank"].items()]
    st.markdown(f"**{escape(options[chosen])}: each force's rank now and with 10% and 19% of "
                "its recorded crimes left unrecorded** (HMIC 2014 found 19% unrecorded "
                "nationally, a third of violent crime). Nothing about crime has changed.")
    st.plotly_chart(gaming_figures.recording_dumbbell(frame, LEVELS), width="stretch",
                    key="gm_recording_chart", config=CHART,
                    alt="Dumbbell chart of each force's rank now and with 10% and 19% of "
                    "recorded crimes left unrecorded.")  # fmt: skip
    with st.expander(f"Every force's rank with 1% to 19% of {options[chosen].lower()} unrecorded"):
        every = mine.pivot(index="code", columns="pct", values="rank").reindex(frame.index)
        every = every[[p for p in every.columns if int(p) % 2]]  # odd percentages: fits a projector
        every.columns = [f"{int(p)}%" for p in every.columns]
        every.insert(0, "Now", frame["rank"])
        every.insert(0, "Force", table["name"].reindex(every.index))
        grid(every.astype({c: "Int64" for c in every.columns if c != "Force"}))  # fmt: skip
    own = data[data["code"] == code].copy()
    if len(own):
        own["label"] = own["indicator"].map({**options})
        st.plotly_chart(gaming_figures.recording_lines(own), width="stretch",
                        key="gm_recording_lines", config=CHART,
                        alt="Line chart of the chosen force's rank as the unrecorded "
                        "share grows.")  # fmt: skip
    needed = recording.needed(report.table.climb, kept)
    needed = needed[needed["code"] == code]
    if len(needed):
        st.markdown("**Under-recording this force would need to climb**, against what audits found")
        grid(pd.DataFrame({
            "Indicator": needed["label"], "Climb": needed["target"],
            "Left unrecorded": needed["unrecorded_pct"].map("{:.1f}%".format),
            "Crimes": needed["change_count"].map(gaming_story.number),
            "HMIC found unrecorded": needed["audited_pct"].map("{:.0f}%".format),
            "Within what audits found": needed["within_audit"].map({True: "yes", False: "no"}),
        }))  # fmt: skip


def rubric_section(report: GamingReport, dataset: Dataset) -> None:
    """The B1 rubric: editable grades and the evidence behind each default."""
    st.markdown("**Manipulability rubric** (this project's design on published evidence: "
                "HMIC 2014, Home Office 2012, ONS 2020, Sherman, Neyroud & Neyroud 2016, "
                "listed under each default): each indicator graded 0-3 on four axes; "
                "G = sum ÷ 12. Edit any grade: leverage and cheapest routes follow, and the "
                "grades are saved in the scenario and its link.")  # fmt: skip
    gaming_widgets.rubric_editor(dataset, report.rubric)
    with st.expander("Evidence behind each default grade", expanded=True):
        for j in dataset.indicators:
            r = report.rubric.loc[j]
            default = [r[f"default_{a}"] for a in manipulability.AXES]
            lines = [f"**{escape(dataset.label(j))}** (default G "
                     f"{manipulability.manipulability(default):.2f})"]
            lines += [f"- {manipulability.AXIS_LABELS[a]}: **{int(r[f'default_{a}'])}**. "
                      f"{escape(str(r[f'evidence_{a}']))}" for a in manipulability.AXES]
            lines.append(f"- Sources: {escape(str(r['sources']))}")
            st.markdown("\n".join(lines))


def assumptions_section(scenario: Scenario) -> None:
    """What the page assumes, with sources, and the two settings behind routes and thresholds."""
    gaming_widgets.assumption_inputs(scenario.gaming)
    st.markdown(
        f"""
- **Exact re-scoring.** Every change is applied to the force's recorded value and the whole
  table is recomputed: outlier treatment, normalisation (so every other force's normalised value
  moves with it), aggregation and ranks. Each answer is checked twice: the change reaches the
  target and 1% less does not (adapted from Triantaphyllou & Sánchez 1997, *A sensitivity
  analysis approach for some deterministic multi-criteria decision-making methods*, Decision
  Sciences 28(1); the whole-table check is this project's design).
- **Whole offences.** A change in a count is rounded away from zero to the next whole offence
  (a minimum of -0.44 homicides is one homicide fewer) and the table is recomputed at it; one
  offence less does not reach the target.
- **Search range.** Up to +{gaming.MAX_INCREASE:.0%} (four times the recorded value) or down to
  zero; beyond that a route is *not reachable*. With z-scores and the arithmetic mean the rank is
  not monotone in a force's own value, so a {gaming.GRID_STEP:.1%} grid is scanned first.
- **Leverage** = places gained per 1% change, averaged over a {gaming.LEVERAGE_STEP:.0%} change,
  × manipulability G. A zero-weight indicator has no leverage.
- **Effort and plausibility.** Effort = change ÷ G. A change is plausible up to the cap above × G
  (default {route.DEFAULT_MAX_CHANGE:.0%} × G). Routes are the cheapest plausible single
  indicator or a mix filled greedily by score per unit of effort (fractional knapsack; this
  project's design after Holmström & Milgrom 1991, *Multitask principal-agent analyses*, J. Law,
  Economics & Organization 7).
- **Threshold effects** count the forces within the distance above of each force's score (Bevan &
  Hood 2006, *What's measured is what matters*).
- **Under-recording** lowers a recorded count by 1-19%; HMIC (2014, *Crime-recording: making the
  victim count*) found 19% of crime unrecorded nationally and about a third of violent crime.
- **Stop and search** uses each force's own search rates by ethnic group (Home Office, year ending
  March 2019, the latest year published by self-defined ethnicity, over Census 2011 populations),
  or the national ratio (Home Office, year ending March 2021) if you choose it.
- **Victim satisfaction** has no force-level data in the sample; with the illustrative switch on,
  routes through it show what a force-run survey would allow, not what any force does.
- **Ranked-apart units** (City of London by default) have no rank to climb.
- None of these routes is a real change in crime: they are what a league table would reward.
"""
    )
