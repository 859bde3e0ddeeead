"""Sections of the gaming page: the plain-language panel, cheapest climb, leverage, thresholds.

Each function draws one section from a :class:`scoring.gaming.report.GamingReport`;
the arithmetic lives in :mod:`scoring`, these only shape tables for display. Names
from data files are escaped before they reach Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import export
from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import Scenario
from scoring.gaming import climb as gaming
from scoring.gaming import story as gaming_story
from scoring.gaming.report import GamingReport
from ui.gaming import figures as gaming_figures
from ui import widgets
from ui.widgets import escape

CHART = {"displaylogo": False}


def story_panel(report: GamingReport, dataset: Dataset, scenario: Scenario, code: str,
                target: str) -> None:
    """ "To climb N places, this force could ..." with numbers and burdens."""
    with st.container(border=True):
        for line in gaming_story.story(report, dataset, scenario.gaming, code, target):
            st.markdown(escape(line))


def change_cell(row: pd.Series) -> str:
    """One table cell: "+8.4% (310)" (whole offences in brackets), or why there is no answer."""
    if row["status"] != "ok":
        return "—" if row["status"].startswith(("already", "cannot")) else "not reachable"
    text = f"{row['change_pct']:+.1f}%"
    if pd.notna(row["change_count"]):
        text += f" ({gaming_story.number(row['change_count'])})"
    return text


def _climb_rows(report: GamingReport, code: str) -> pd.DataFrame | None:
    """The force's smallest changes per indicator and target; None when it is not ranked."""
    rows = report.table.climb[report.table.climb["code"] == code].copy()
    if rows["rank"].isna().all():
        return None
    rows["count_text"] = [change_cell(r) for _, r in rows.iterrows()]
    return rows


def climb_chart(report: GamingReport, code: str) -> None:
    """The answer's chart: the change each indicator needs, on its own, for each target."""
    rows = _climb_rows(report, code)
    if rows is None:
        return
    st.markdown(f"**Smallest change of one indicator, on its own, that climbs each target** "
                f"(from {ordinal(int(rows['rank'].iloc[0]))}; every answer recomputed with "
                "re-normalisation, and 1% less does not reach the target).")  # fmt: skip
    widgets.chart(gaming_figures.climb_dots(rows), key="gm_climb_dots", alt="Dot chart of the change in per cent each indicator "
                    "needs to climb 1, 3 and 5 places and into the top 10.")  # fmt: skip


def climb_section(report: GamingReport, dataset: Dataset, code: str, target: str) -> None:
    """Smallest change per indicator and target for one force (the answer's chart as a
    table), and the cheapest routes."""
    rows = _climb_rows(report, code)
    if rows is None:
        name = report.table.climb.loc[report.table.climb["code"] == code, "name"].iloc[0]
        st.info(f"{escape(name)} is not ranked in this table, so it has no rank to climb.")
        return
    st.markdown("**The chart above as a table**: the smallest change of each indicator, on its "
                "own, for each target")  # fmt: skip
    wide = rows.pivot(index="label", columns="target", values="count_text")
    wide = wide.reindex(index=list(dict.fromkeys(rows["label"])),
                        columns=list(dict.fromkeys(rows["target"])))  # fmt: skip
    g = report.rubric["G"]
    wide.insert(0, "G", [g[j] for j in dict.fromkeys(rows["indicator"])])
    # Short cells and a short G heading, so every target's column fits a projector's width.
    widgets.grid(wide.rename_axis("Indicator").reset_index(), column_config={"G": st.column_config.NumberColumn(
                     format="%.2f", help="Manipulability G (0-1): how easily police activity or "
                     "recording can move the indicator.")})  # fmt: skip
    st.caption("Each cell: the change in per cent, and in brackets in whole offences.")
    st.markdown("**Cheapest plausible route** (effort = change ÷ manipulability; each "
                "indicator at most the plausible cap × G)")
    # One force: its name and rank are said above, so the route gets the width; long routes wrap.
    widgets.grid(route_frame(report, dataset, report.routes["code"] == code)
                 .drop(columns=["Rank", "Force"]), row_height=70, column_config={"Route": st.column_config.TextColumn(width=430)})
    # Every force's route is worded row by row: only when asked for (a click reruns the page).
    widgets.folded(f"Cheapest route for every force to climb {target}", "gm_all_routes", lambda: widgets.grid(
        route_frame(report, dataset, report.routes["target"] == target), row_height=70,
        column_config={"Route": st.column_config.TextColumn(width=330)}))  # fmt: skip


def route_frame(report: GamingReport, dataset: Dataset, keep: pd.Series) -> pd.DataFrame:
    """Routes as a readable table: target or force, the changes, effort and the check."""
    routes = report.routes[keep]
    steps = report.steps.merge(routes[["code", "target"]])
    text = {
        key: "; ".join(gaming_story.change_text(r, dataset) for _, r in part.iterrows())
        for key, part in steps.groupby(["code", "target"], sort=False)
    }
    return pd.DataFrame({
        "Rank": routes["rank"].astype("Int64"),
        "Force": routes["name"],
        "Climb": routes["target"],
        "Route": [text.get((c, t), "none within plausible changes")
                  for c, t in zip(routes["code"], routes["target"], strict=True)],
        "Effort": routes["effort"].round(3),
        "New rank": routes["new_rank"].astype("Int64"),
        "With 1% less": routes["rank_if_1pct_less"].astype("Int64"),
    })  # fmt: skip


def leverage_section(report: GamingReport, dataset: Dataset, table: pd.DataFrame) -> None:
    """Force x indicator heatmap of gaming leverage, with the table behind it."""
    st.markdown(f"**Gaming leverage** = places gained per 1% change (averaged over a "
                f"{gaming.LEVERAGE_STEP:.0%} change in the helpful direction, table recomputed) "
                "× manipulability G. High values: cheap places.")  # fmt: skip
    labels = {j: dataset.label(j) for j in dataset.indicators}
    st.plotly_chart(
        gaming_figures.leverage_heatmap(report.leverage, table["name"], labels, table["rank"]),
        width="stretch", key="gm_leverage", config=CHART,
        alt="Heatmap of gaming leverage for every ranked force and indicator.",
    )  # fmt: skip
    # Forces by indicators is wider than a projector: the numbers behind the heatmap go to a file.
    frame = report.leverage.rename(columns=labels).round(3)
    frame.insert(0, "Force", table["name"].reindex(frame.index))
    frame.insert(0, "Rank", table["rank"].reindex(frame.index))
    st.download_button("Download the leverage as a table (CSV)",
                       export.to_csv(frame.sort_values("Rank")), file_name="gaming_leverage.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:",
                       key="gm_leverage_csv")  # fmt: skip


def threshold_section(report: GamingReport, dataset: Dataset, table: pd.DataFrame) -> None:
    """Forces within a small score distance of each force, and what 1% buys."""
    th = report.thresholds.sort_values("rank").copy()
    names = table["name"].reindex(th.index)
    th["label"] = [f"{int(r)}. {n}" for r, n in zip(th["rank"], names, strict=True)]
    delta = th["delta"].iloc[0] if len(th) else float("nan")
    st.markdown(f"**Threshold effects** (Bevan & Hood 2006): forces within **{delta:.3g}** score "
                "points of each force. Where many sit close together a tiny change moves many "
                "places, and that is where the pressure to game is strongest.")  # fmt: skip
    st.plotly_chart(gaming_figures.threshold_bars(th), width="stretch", key="gm_thresholds",
                    config=CHART, alt="Bar chart of how many forces sit within the threshold "
                    "distance above and below each force.")  # fmt: skip
    gains = report.table.gain_1pct.reindex(th.index)
    labels = {j: dataset.label(j) for j in gains.columns}
    best = gains.idxmax(axis=1)
    frame = pd.DataFrame({
        "Rank": th["rank"].astype("Int64"), "Force": names,
        "Close above": th["above"],
        "Close below": th["below"],
        "Short of top 10": th["gap_to_top"].round(4),
        "1% buys (places)": gains.max(axis=1).astype("Int64"),
        "through": [labels[j] if gains.at[c, j] > 0 else "" for c, j in best.items()],
    })  # fmt: skip
    widgets.grid(frame)
    st.caption("Close above and below: forces within that distance of the force's score. Short "
               "of top 10: score points. 1% buys: the most places a 1% change of one indicator "
               "buys, and through which.")  # fmt: skip
