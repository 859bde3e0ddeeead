"""``python -m scoring gaming``: the smallest change that climbs the table, and the leverage."""

from __future__ import annotations

import argparse

import pandas as pd

from scoring.commands.common import add_scenario_data_format, emit, load_inputs
from scoring.errors import InputError
from scoring.gaming.climb import LEVERAGE_STEP
from scoring.gaming.manipulability import rubric
from scoring.gaming.report import analyse_table

HELP = ("Print, per force and indicator, the smallest change that climbs 1 and 3 places "
        "(per cent and recorded offences) and the gaming leverage.")  # fmt: skip
COLUMNS = {
    "rank": "current rank",
    "weight": "effective weight of the indicator",
    "manipulability": ("G, 0-1 (this project's manipulability rubric, built on HMIC 2014 and "
                       "Home Office evidence; scenario.gaming.rubric overrides)"),
    "change_pct_1": "smallest change in per cent that climbs 1 place (table recomputed)",
    "change_count_1": "the same change in recorded offences (empty for a percentage)",
    "status_1": "'ok' or why there is no answer",
    "change_pct_3": "smallest change in per cent that climbs 3 places",
    "change_count_3": "the same change in recorded offences",
    "status_3": "'ok' or why there is no answer",
    "places_per_pct": f"places gained per 1% change (over a {LEVERAGE_STEP:.0%} change)",
    "leverage": "places_per_pct x manipulability",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format and --force."""
    add_scenario_data_format(parser)
    parser.add_argument("--force", metavar="CODE",
                        help="only this force (ONS code, e.g. E23000003)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """One row per force and indicator, forces in table order."""
    dataset, scenario = load_inputs(args)
    if args.force and args.force not in dataset.units.index:
        raise InputError(f"no force with code {args.force!r} in {dataset.id}", where="--force")
    table = analyse_table(dataset, scenario)
    grades = rubric(dataset, scenario.gaming.rubric)
    climb = table.climb
    if args.force:
        climb = climb[climb["code"] == args.force]
    wide = (climb[climb["places"].isin([1, 3])]
            .set_index(["code", "indicator", "places"])[["change_pct", "change_count", "status"]]
            .unstack("places"))  # fmt: skip
    wide.columns = [f"{name}_{int(k)}" for name, k in wide.columns]
    out = climb.drop_duplicates(["code", "indicator"])[["code", "name", "rank", "indicator"]]
    out = out.join(wide, on=["code", "indicator"])
    out["weight"] = out["indicator"].map(pd.Series(table.whatif.weights, table.whatif.indicators))
    out["manipulability"] = out["indicator"].map(grades["G"])
    per_pct = table.places_per_pct.stack().rename("places_per_pct")
    out = out.join(per_pct, on=["code", "indicator"])
    out["leverage"] = out["places_per_pct"] * out["manipulability"]
    out = out.sort_values(["rank", "name"], na_position="last", kind="stable")
    out["rank"] = out["rank"].astype("Int64")
    out = out.set_index("code")
    order = ["name", "indicator", *COLUMNS]
    emit(out[order], args.format, extra={"scenario": scenario.to_dict(), "dataset": dataset.id,
                                         "columns": COLUMNS})  # fmt: skip
    return 0
