"""Sections of the Context and fairness page, one function per tab.

Each takes the analysis (:func:`scoring.context.analysis.analyse`), the scenario, the dataset
and the force in focus, and draws: first the answer in plain words, then the charts and
tables. Methods and sources: :mod:`scoring.context`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.context import similar, travel
from scoring.context.changes import per_force
from scoring.context.analysis import ContextAnalysis
from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import CONTEXT_VARIABLES, Scenario
from ui import figures, widgets
from ui.context import figures as cf
from ui.context import widgets as cw
from ui.data.figures import funnel_plot

CHART = {"displaylogo": False}
esc = widgets.escape


def _names(codes, table: pd.DataFrame) -> str:
    names = [esc(str(table.at[c, "name"])) for c in codes]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _listing(labels: list[str]) -> str:
    return ", ".join(esc(label) for label in labels)


# ------------------------------------------------------------------- most similar forces


def groups_tab(result: ContextAnalysis, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """Most-similar groups: who is like whom, and each force's rank and funnel position in its group."""
    ranks, groups = result.ranks, result.groups
    row = ranks.loc[code]
    name = esc(str(row["name"]))
    n_ranked = int(result.table["rank"].notna().sum())
    labels = {j: dataset.label(j) for j in dataset.indicators}
    mine = result.group_summary(code)
    worse = [labels[j] for j in mine.index[mine["better"] == -1]]
    better = [labels[j] for j in mine.index[mine["better"] == 1]]
    place = (f"ranks **{cw.place(row['group_rank'], int(row['group_ranked']))}** in its group "
             f"({cw.place(row['rank'], n_ranked)} nationally)") if pd.notna(row["rank"]) else (
             "is ranked apart nationally, so it has no place in its group")  # fmt: skip
    beyond = ("chance and the usual variation between forces explain" if scenario.context.overdispersion
              else "chance alone explains")  # fmt: skip
    funnel_words = (f"Against the pooled rate of its similar forces it is worse than {beyond} on "
                    f"**{_listing(worse) or 'no indicator'}**, and "
                    f"better on **{_listing(better) or 'no indicator'}**") if result.indicators else (
                    "The scenario weighs no count indicator, so there is no funnel to place it on")  # fmt: skip
    st.markdown(
        f"**{name}** is most like {_names(groups.peers(code), ranks)}. On this scenario's score "
        f"it {place}. {funnel_words}."
    )
    st.caption(
        "This project's own approximation of HMICFRS's most similar groups, not the Home "
        "Office's published groups (which also weigh deprivation and other measures): each "
        f"force's {groups.k} nearest forces when {', '.join(cw.NOUNS[v] for v in groups.variables)} "
        "each count equally (standardised; population and density on a log scale; the crime mix "
        "as one variable of nine offence-group shares). A force is always in its own group. "
        f"Population mid-2023; ethnicity Census 2011; {esc(result.context.year_note)}."
    )
    c1, c2 = st.columns([3, 1])
    with c1:
        cw.variables_picker("Group forces by", "cx_group_by", scenario.context.group_by, "group_by",
                            CONTEXT_VARIABLES, "Which context makes forces similar.")  # fmt: skip
    with c2:
        cw.group_size(scenario)

    left, right = widgets.stacked()
    members = groups.group(code)
    frame = result.context.table.loc[members].assign(
        distance=groups.distance.loc[code, members], rank=ranks.loc[members, "rank"],
        pop_k=lambda f: (f["population"] / 1000).round())
    with left:
        st.markdown(f"**{name} and its similar forces**, nearest first")
        widgets.column_table(frame, cw.MEMBERS, "cx_members", height=340)
        st.caption("BAME: Black, Asian and minority ethnic share (Census 2011). Mix: the "
                   f"crime-mix index, {esc(result.context.mix_words())}.")
    with right:
        indicator = cw.indicator_picker(result, scenario, dataset)
        if indicator is not None:
            funnel, fframe, target = similar.group_funnel(dataset, groups, code, indicator,
                                                          result.tau2(indicator))  # fmt: skip
            unit = str(dataset.meta.at[indicator, "unit"])
            fig = funnel_plot(fframe, funnel, target, dataset.label(indicator), unit,
                              highlight=code, target_label="similar forces", height=cf.HEIGHT - 60)  # fmt: skip
            widgets.chart(fig, key="cx_funnel", width=widgets.HALF,
                          alt="Funnel plot of the group's rates around its similar forces' rate.")
            cw.overdispersion_toggle(scenario)
    table = ranks.copy()
    table["national"] = [cw.place(r, n_ranked) for r in table["rank"]]
    table["in_group"] = [cw.place(r, n) for r, n in zip(table["group_rank"], table["group_ranked"],
                                                          strict=True)]  # fmt: skip
    better = result.positions["better"]
    sides = pd.DataFrame({"worse_n": better == -1, "better_n": better == 1}).groupby(
        result.positions["code"]).sum()  # indicators beyond the limits, per force
    table[["worse_n", "better_n"]] = sides.reindex(table.index).fillna(0)
    st.markdown("**Every force within its own group**: its rank among its similar forces, and on "
                "how many weighted indicators it is worse or better than they are (beyond the 95% "
                "funnel limits). On the map, the darker a force, the more like "
                f"{name} it is; grey forces are outside its group.")
    map_col, table_col = widgets.stacked()
    with map_col:
        shown = ranks[["name"]].assign(distance=groups.distance.loc[code].where(
            ranks.index.isin(members)))
        widgets.chart(cf.group_map(shown), key="cx_map",
                      alt="Map of police force areas: the force in focus and its group.")
        st.caption(figures.MAP_ATTRIBUTION)
    with table_col:
        ordered = table.sort_values(["rank", "name"], na_position="last")
        widgets.column_table(ordered, cw.GROUPS, "cx_groups", height=420)
    widgets.rank_caveat()


# ---------------------------------------------------------------------- is it fair?


def answer(result: ContextAnalysis) -> None:
    """The page's answer in one sentence: does this table go with the diversity of the area served?"""
    coef, facts = result.adjustment.coefficients, result.adjustment.summary()
    v = "diversity" if "diversity" in coef.index else coef.index[0]
    gap = coef.at[v, "gap"]
    lower = "lower" if gap > 0 else "higher"
    st.markdown(f"**Under this table, the third of forces with {cw.MOST[v]} rank on average "
                f"{abs(gap):.0f} places {lower} than the third with {cw.LEAST[v]}.** Allowing for "
                f"context moves forces a median {facts['median_move']:.0f} places; see *Is the "
                "table fair?* below.")  # fmt: skip


def fairness_tab(result: ContextAnalysis, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """How ranks relate to context, and the context-adjusted table beside the raw one."""
    adj = result.adjustment
    coef = adj.coefficients
    facts = adj.summary()
    lines = []
    for v, row in coef.iterrows():
        lower = "lower" if row["gap"] > 0 else "higher"
        lines.append(f"the third of forces with **{cw.MOST[v]}** rank on average "
                     f"**{abs(row['gap']):.0f} places {lower}** than the third with {cw.LEAST[v]} "
                     f"(Spearman ρ = {row['spearman']:.2f})")  # fmt: skip
    what = " and ".join(cw.NOUNS[v] for v in adj.variables)
    focus = adj.table.loc[code] if code in adj.table.index else None
    focus_words = (f" **{esc(str(focus['name']))}**: {ordinal(int(focus['rank']))} raw, "
                   f"{ordinal(int(focus['adjusted_rank']))} once context is allowed for."
                   if focus is not None else "")  # fmt: skip
    gainer = (f" Most helped by the adjustment: {esc(facts['gainer'][0])} (▲ {facts['gainer'][1]}); "
              f"most hurt: {esc(facts['loser'][0])} (▼ {-facts['loser'][1]})."
              if facts["gainer"] and facts["loser"] else "")  # fmt: skip
    st.markdown(
        "Under this scenario, " + "; ".join(lines) + ". "
        f"Allowing for {what} moves forces a median **{facts['median_move']:.0f} places** "
        f"(**{facts['moved_5']}** of {facts['n']} move 5 or more); context explains "
        f"{facts['r2']:.0%} of the variation in scores." + gainer + focus_words
    )
    if "crime_mix" in adj.variables:
        st.caption(f"Crime-mix index: {result.context.mix_words()} (the first principal component "
                   f"of the offence-group shares, {result.context.explained:.0%} of their variation).")
    cw.variables_picker("Adjust for", "cx_adjust", scenario.context.adjust_for, "adjust_for",
                        CONTEXT_VARIABLES, "The context the adjusted table allows for.")  # fmt: skip
    left, right = widgets.stacked()
    left.plotly_chart(cf.adjusted_scatter(adj.table), width="stretch", key="cx_adjusted",
                      config=CHART, alt="Scatter of raw rank against context-adjusted rank.")
    with right:
        st.markdown("**The raw table and the context-adjusted table**")
        widgets.column_table(adj.table.sort_values("adjusted_rank"), cw.ADJUSTED, "cx_adjusted_table",
                             height=380)  # fmt: skip
    shown = coef.assign(
        interval=[f"{lo:+.3f} to {hi:+.3f}" for lo, hi in zip(coef["low"], coef["high"], strict=True)],
        short=[cw.SHORT[v] for v in coef.index])  # fmt: skip
    st.markdown("**How the score goes with each context variable** (one regression on all chosen)")
    widgets.column_table(shown, cw.COEFFICIENTS, "cx_coefficients")
    st.caption("Rank gap: mean rank of the highest third of forces on the variable minus that of "
               "the lowest third (+ = the highest third ranks lower). Score per SD: change in "
               "score for one standard deviation more, the others held fixed, with a "
               "heteroskedasticity-robust 95% interval (HC3). Top third gains: mean places the "
               "highest third move up in the adjusted table.")
    left, right = widgets.stacked()
    with left:
        st.markdown("**Does a weighting penalise diverse areas?**")
        widgets.column_table(cw.weightings(dataset, scenario, "diversity"), cw.WEIGHTINGS,
                             "cx_weightings")  # fmt: skip
        st.caption("Each preset's weights with this scenario's methods, against the Black, Asian "
                   "and minority ethnic share.")
    right.info(
        "**What this can and cannot show.** It shows how this table's ranks go with the context "
        "forces work in, and how far allowing for it would move them (Goldstein & "
        "Spiegelhalter 1996). It cannot show why: with 42 forces a pattern can arise by chance "
        "(read the intervals); an association is not a cause; adjusting removes every "
        "difference that goes with context, real under-performance included; the crime mix is "
        "partly what the table measures; context left out (deprivation, age, the night-time "
        "economy) is not allowed for; the ethnicity figures are from the 2011 Census; and "
        "adjusted ranks are no more certain than raw ones.", icon=":material/info:")
    widgets.rank_caveat()


# ---------------------------------------------------------------------- direction of travel


def travel_tab(result: ContextAnalysis, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """Year-on-year change with noise allowed for: this table 2023 to 2024, then 20 years of CSS."""
    name = esc(str(result.ranks.at[code, "name"]))
    st.subheader("This scenario's table, 2023 to 2024")
    moves = cw.composite_changes(dataset, scenario)
    if moves is None:
        st.caption("This data has no previous year (or weighs only illustrative indicators), so "
                   "the table's direction of travel cannot be shown.")
    else:
        beyond = moves[moves["beyond"]]
        climbed = int((beyond["moved"] > 0).sum())
        focus = (f" {name}: {ordinal(int(moves.at[code, 'then']))} → "
                 f"{ordinal(int(moves.at[code, 'now']))}, {moves.at[code, 'reading']}."
                 if code in moves.index and pd.notna(moves.at[code, "then"]) else "")  # fmt: skip
        st.markdown(
            f"**{len(beyond)}** of {len(moves)} forces moved more places than noise alone moves "
            f"them in 9 years out of 10 ({climbed} climbed, {len(beyond) - climbed} fell); the "
            f"other **{len(moves) - len(beyond)}** moves are within noise.{focus}")
        st.caption("Illustrative indicators are left out: they are drawn afresh each year. Noise: "
                   "1,000 pairs of years of Poisson counting noise with the same weights and "
                   "methods (Marshall & Spiegelhalter 1998).")
        widgets.column_table(moves.sort_values(["now", "name"]), cw.COMPOSITE, "cx_composite",
                             height=320)  # fmt: skip
        _indicator_changes(dataset, scenario, code, name)

    st.subheader("Twenty years of the Crime Severity Score")
    cw.series_controls(scenario)
    settings = scenario.context
    t = cw.series(settings.series, settings.relative)
    year = t.year_table(settings.year)
    counts = t.summary(settings.year)
    basis = "compared with England and Wales, " if settings.relative else ""
    label = travel.SERIES_LABELS[settings.series].lower()
    focus = (f" {name}: {year.at[code, 'change']:+.1%} ({year.at[code, 'reading']}; its noise band "
             f"is ±{year.at[code, 'band']:.1%})." if code in year.index else
             f" {name}: no series (ONS suppresses it).")  # fmt: skip
    st.markdown(
        f"In the year ending March {settings.year}, {basis}**{counts['deteriorating']}** of "
        f"{counts['n']} forces' scores for {label} rose beyond their noise band "
        f"(*deteriorating*), **{counts['improving']}** fell beyond it (*improving*) and "
        f"**{counts['stable']}** stayed within it (*stable*). England and Wales: "
        f"{year['national'].iloc[0]:+.1%}.{focus}")
    left, right = widgets.stacked()
    left.plotly_chart(cf.change_dots(year, code), width="stretch", key="cx_changes", config=CHART,
                      alt="Each force's change in Crime Severity Score with its noise band.")
    if code in t.names.index:
        right.plotly_chart(cf.force_series(t.force_table(code), str(t.names[code]), settings.relative),
                           width="stretch", key="cx_series", config=CHART,
                           alt="Line chart of the force's Crime Severity Score over 20 years.")  # fmt: skip
    with st.expander(f"Every force in the year ending March {settings.year}"):
        widgets.column_table(year.sort_values("change"), cw.YEAR, "cx_year_table")
    st.caption(
        "Noise band: read from each force's own series, since the counts behind the score are not "
        "published with it. Second differences of the log score strip a smooth trend and leave "
        "the year-to-year noise (the variate difference method, Tintner 1940, with a robust "
        "median absolute deviation); a change beyond ±1.96 × √2 × that noise is flagged. Lower "
        "scores are better. Police recorded crime follows recording practice as well as crime: "
        "ONS attributes much of the rise after 2014 to better recording (ONS 2016).")


def _indicator_changes(dataset: Dataset, scenario: Scenario, code: str, name: str) -> None:
    changes = cw.indicator_changes(dataset, scenario)
    if changes is None or changes.empty:
        return
    mine = changes[changes["code"] == code]
    words = {r: _listing(list(mine.loc[mine["reading"] == r, "label"])) for r in
             ("improving", "deteriorating")}  # fmt: skip
    worse = int((per_force(changes)["deteriorating"] > 0).sum())
    st.markdown(f"**{name}, indicator by indicator**: improving on "
                f"{words['improving'] or 'none'}; deteriorating on {words['deteriorating'] or 'none'}; "
                f"stable on the rest. Across England and Wales, **{worse}** forces deteriorated "
                "beyond chance on at least one weighted indicator.")  # fmt: skip
    widgets.column_table(mine, cw.INDICATORS, "cx_indicators", height=300)
    st.caption("Exact test of two Poisson counts on the same population (5% level). Poisson is "
               "the least noise a count can carry, so these flags are generous.")


# ---------------------------------------------------------------------- ratchet on history


def ratchet_tab(result: ContextAnalysis, scenario: Scenario, dataset: Dataset, code: str) -> None:
    """The ratchet applied to the real Crime Severity Score series, 2003-2022."""
    settings = scenario.context
    h = cw.ratchet_history(settings.series, settings.relative)
    years = h.years
    tightened, on_noise = int(years["improved"].sum()), int(years["improved_on_noise"].sum())
    label = travel.SERIES_LABELS[settings.series].lower()
    basis = " compared with England and Wales" if settings.relative else ""
    persists = h.after_improving >= h.after_slipping
    reading = ("improvements tended to persist rather than reverse, so the penalty came through "
               "the bar itself: each improvement raised the next bar by as much" if persists else
               "forces that improved missed their next bar more often than forces that slipped "
               "missed theirs: the ratchet set early improvers up to fail")  # fmt: skip
    st.markdown(
        f"If each force's bar were its own Crime Severity Score ({label}{basis}) the year before, "
        f"the bar tightened **{tightened}** times in {int(years['n'].sum()):,} force-years"
        f" (2004–2022); **{on_noise}** of those tightenings ({on_noise / max(tightened, 1):.0%}) were "
        "within the noise band, so the bar moved on chance. A force that improved met its tougher "
        f"bar the next year **{h.after_improving:.0%}** of the time; one that slipped met its easier "
        f"bar **{h.after_slipping:.0%}** of the time (noise alone would give "
        f"{travel.NOISE_ONLY[0]:.0%} and {travel.NOISE_ONLY[1]:.0%}): {reading} "
        "(Weitzman 1980; Bevan & Hood 2006).")
    left, right = widgets.stacked()
    left.plotly_chart(cf.ratchet_years(years), width="stretch", key="cx_ratchet", config=CHART,
                      alt="Stacked bars per year: forces whose bar tightened or eased.")
    with right:
        widgets.column_table(h.forces.sort_values(["missed_after", "improved"], ascending=False),
                             cw.HISTORY, "cx_history", height=380)  # fmt: skip
    st.caption("Per force: the years its bar tightened (it improved), how often it then missed "
               "that tougher bar the next year, and the typical tightening. Series and comparison "
               "as set on the Direction of travel tab. The Rigidity page shows the same ratchet "
               "on this scenario's own basket, 2023 to 2024.")


def sources() -> None:
    """Sources and method notes under the tabs."""
    with st.expander("Sources and method"):
        st.markdown(
            "- Goldstein, H. & Spiegelhalter, D. J. (1996) League tables and their limitations: "
            "statistical issues in comparisons of institutional performance. *JRSS A* 159(3): 385–443.\n"
            "- Spiegelhalter, D. J. (2005) Funnel plots for comparing institutional performance. "
            "*Statistics in Medicine* 24: 1185–1202; and Handling over-dispersion of performance "
            "indicators. *Quality and Safety in Health Care* 14: 347–351.\n"
            "- MacKinnon, J. G. & White, H. (1985) Some heteroskedasticity-consistent covariance "
            "matrix estimators with improved finite sample properties. *J. Econometrics* 29: 305–325.\n"
            "- Aitchison, J. (1986) *The Statistical Analysis of Compositional Data*. Chapman & Hall.\n"
            "- Tintner, G. (1940) *The Variate Difference Method*. Principia Press.\n"
            "- Przyborowski, J. & Wilenski, H. (1940) Homogeneity of results in testing samples "
            "from Poisson series. *Biometrika* 31: 313–323.\n"
            "- Marshall, E. C. & Spiegelhalter, D. J. (1998) Reliability of league tables of in "
            "vitro fertilisation clinics. *BMJ* 316: 1701.\n"
            "- Weitzman, M. L. (1980) The 'ratchet principle' and performance incentives. *Bell "
            "Journal of Economics* 11(1): 302–308. Bevan, G. & Hood, C. (2006) What's measured is "
            "what matters. *Public Administration* 84(3): 517–538.\n"
            "- Data: ONS, Census 2011 ethnic group (QS201EW) by police force area; ONS, *Police "
            "force area data tables*, year ending December 2024 (population, offence groups); ONS, "
            "*Police Force Areas (December 2023) Boundaries* (land area); ONS, *Crime Severity "
            "Score* (experimental statistics), years ending March 2003–2022. All OGL v3.0.\n"
            "- The most-similar groups are this project's approximation, not HMICFRS's or the "
            "Home Office's published groups.")
