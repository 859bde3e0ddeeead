"""Plain-language summary for one force: "to climb N places, this force could ...".

Turns the numbers of :mod:`scoring.gaming.report` and :mod:`scoring.gaming.stopsearch` into
short Markdown sentences, each with its numbers, the burden on communities and the
reminder that no route is a real change in crime. Text only: the page escapes it.
"""

from __future__ import annotations

import math

import pandas as pd

from scoring.core.dataset import Dataset
from scoring.core.ranking import ordinal
from scoring.core.scenario import GamingSettings
from scoring.gaming import recording, stopsearch
from scoring.gaming.report import GamingReport

NOT_REAL = ("**None of these is a real change in crime.** Each would buy places while "
            "victims, offending and harm stay exactly as they are.")  # fmt: skip


def number(value: float) -> str:
    """A count for a sentence: whole numbers with commas, one decimal below 10."""
    value = abs(float(value))
    if math.isnan(value):
        return "an unknown number of"
    return f"{value:,.1f}" if value < 10 and not float(value).is_integer() else f"{round(value):,}"


def change_text(row: pd.Series, dataset: Dataset) -> str:
    """ "drug offences: record 612 more (+16.5%)" for one change of a route."""
    j = row["indicator"]
    label = dataset.label(j).lower()
    pct = float(row["change_pct"])
    if pd.notna(row.get("change_count")):
        more = "more" if pct > 0 else "fewer"
        return f"{label}: record {number(row['change_count'])} {more} ({pct:+.1f}%)"
    if dataset.meta.at[j, "kind"] == "percent":
        return f"{label}: {row['change_value']:+.1f} points ({pct:+.1f}%)"
    return f"{label}: {row['change_value']:+.3g} {dataset.meta.at[j, 'unit']} ({pct:+.1f}%)"


def story(report: GamingReport, dataset: Dataset, settings: GamingSettings, code: str,
          target: str) -> list[str]:
    """Markdown lines for force ``code`` and ``target`` ("1 place", "top 10", ...)."""
    table = report.table
    name = str(dataset.units.at[code, "name"])
    rows = table.climb[table.climb["code"] == code]
    rank = rows["rank"].iloc[0] if len(rows) else float("nan")
    if pd.isna(rank):
        status = rows["status"].iloc[0] if len(rows) else "not ranked"
        return [f"**{name}** is not ranked in this table ({status}), so it has no rank to climb "
                "and no incentive from it."]  # fmt: skip
    n = int(table.whatif.ranked.sum())
    lines = [f"**{name} is {ordinal(int(rank))} of {n}.**"]
    goal = rows[rows["target"] == target]
    if goal["status"].str.startswith(("already", "cannot")).all():
        status = goal["status"].iloc[0]
        lines.append(f"It {'is ' if status.startswith('already') else ''}{status}.")
        more = _recording_lines(report, dataset, code, rank)
        return lines + (["Places it could still buy:", *more] if more else []) + [NOT_REAL]
    to = int(goal["target_rank"].iloc[0])
    lines.append(f"To {goal_text(target)} (to {ordinal(to)}), it could:")
    lines += _route_lines(report, dataset, code, target)
    lines += _drug_lines(report, dataset, settings, code, target)
    lines += _unrecorded_lines(report, dataset, code, target)
    lines += _recording_lines(report, dataset, code, rank)
    lines += _threshold_lines(report, code)
    return lines + [NOT_REAL]


def goal_text(target: str) -> str:
    """ "climb 3 places" or "reach the top 10"."""
    return f"reach the {target}" if target.startswith("top") else f"climb {target}"


def places_text(k: int) -> str:
    """ "1 place", "4 places"."""
    return f"{k} place" + ("" if k == 1 else "s")


def _unrecorded_lines(report: GamingReport, dataset: Dataset, code: str, target: str) -> list[str]:
    rows = recording.needed(report.table.climb, report.recording_indicators)
    rows = rows[(rows["code"] == code) & (rows["target"] == target)]
    if not len(rows):
        return []
    best = rows.loc[rows["unrecorded_pct"].idxmin()]
    audit = ("less than" if best["within_audit"] else "more than")
    return [f"- leave **{best['unrecorded_pct']:.1f}% of its recorded "
            f"{dataset.label(best['indicator']).lower()} unrecorded** "
            f"({number(best['change_count'])} crimes), {audit} the {best['audited_pct']:.0f}% "
            f"HMIC found unrecorded for such crime in 2014."]


def _route_lines(report: GamingReport, dataset: Dataset, code: str, target: str) -> list[str]:
    route = report.routes[(report.routes["code"] == code) & (report.routes["target"] == target)]
    if not len(route) or route["route"].iloc[0] == "none":
        return ["- not get there by any plausible change (each indicator at most "
                "max change x manipulability); only larger manipulation would do it."]
    steps = report.steps[(report.steps["code"] == code) & (report.steps["target"] == target)]
    what = " and ".join(change_text(r, dataset) for _, r in steps.iterrows())
    return [f"- **cheapest route:** {what}; new rank {ordinal(int(route['new_rank'].iloc[0]))}, "
            f"effort {route['effort'].iloc[0]:.2g} (change ÷ manipulability)."]


def drug_change(report: GamingReport, dataset: Dataset, code: str, target: str) -> float:
    """Recorded drug offences needed to climb ``target`` through them alone (NaN if none)."""
    drug = police_generated(dataset)
    climb = report.table.climb
    row = climb[(climb["code"] == code) & (climb["target"] == target)
                & (climb["indicator"] == drug)]  # fmt: skip
    if not len(row) or row["status"].iloc[0] != "ok":
        return float("nan")
    return float(row["change_count"].iloc[0])


def police_generated(dataset: Dataset) -> str | None:
    """The first police-generated count indicator (recorded drug offences in the sample)."""
    meta = dataset.meta
    found = meta.index[meta["police_generated"] & (meta["kind"] == "count")]
    return str(found[0]) if len(found) else None


def _drug_lines(report, dataset, settings, code, target) -> list[str]:
    drug = drug_change(report, dataset, code, target)
    if math.isnan(drug) or drug <= 0:
        return []
    population = stopsearch.group_population(dataset, code)
    text = f"- record **{number(drug)} more drug offences**"
    if population is None:
        return [text + "; no Census ethnicity data for this area, so no split by group."]
    by_group, totals = stopsearch.search_burden(drug, population, settings,
                                                stopsearch.force_rates(dataset, code))
    black, white = by_group.loc["black"], by_group.loc["white"]
    return [
        f"{text}: at {settings.offences_per_search:.2f} offences per extra search, about "
        f"**{number(totals['extra_searches'])} extra stop-searches** "
        f"({number(totals['officer_hours'])} officer-hours), "
        f"**{number(totals['no_further_action'])} of them ending in no further action**. "
        f"Black residents would take {number(black['extra_searches'])} of them: "
        f"{black['per_1000']:.1f} extra searches per 1,000 Black residents against "
        f"{white['per_1000']:.1f} per 1,000 White residents."
    ]


def _recording_lines(report: GamingReport, dataset: Dataset, code: str, rank: float) -> list[str]:
    data = report.under_recording
    mine = data[(data["code"] == code) & (data["pct"] == 19)]
    if not len(mine) or mine["gain"].max() <= 0:
        return []
    each = mine[mine["indicator"] != recording.ALL]
    lines = []
    if len(each) and each["gain"].max() > 0:
        best = each.loc[each["gain"].idxmax()]
        lines.append(f"- leave 19% of its recorded {dataset.label(best['indicator']).lower()} "
                     f"unrecorded (HMIC's national figure in 2014) and climb "
                     f"**{places_text(int(best['gain']))}**, "
                     f"to {ordinal(int(best['rank']))}.")  # fmt: skip
    together = mine[mine["indicator"] == recording.ALL]
    if len(together) and together["gain"].iloc[0] > 0:
        row = together.iloc[0]
        lines.append(f"- leave 19% of every recorded-crime indicator unrecorded and climb "
                     f"**{places_text(int(row['gain']))}**, to {ordinal(int(row['rank']))}, "
                     "with no real change in crime.")  # fmt: skip
    return lines


def _threshold_lines(report: GamingReport, code: str) -> list[str]:
    if code not in report.thresholds.index:
        return []
    row = report.thresholds.loc[code]
    if row["above"] <= 0:
        return []
    return [f"Threshold effect: {int(row['above'])} force(s) sit less than {row['delta']:.3g} "
            "score points above it (the threshold distance you set), so a very small gain "
            "passes all of them at once."]
