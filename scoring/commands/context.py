"""``python -m scoring context``: the raw and the context-adjusted table, force by force."""

from __future__ import annotations

import argparse

from scoring.commands.common import add_scenario_data_format, emit, load_inputs
from scoring.context.analysis import analyse
from scoring.core.scenario import CONTEXT_VARIABLES
from scoring.errors import InputError

HELP = ("Print each force's rank, its rank once the scenario's score is adjusted for context "
        "(Census 2011 ethnicity, density, crime mix, population) and its rank in its group of "
        "most similar forces.")  # fmt: skip
COLUMNS = {
    "score": "the scenario's composite score",
    "rank": "rank in the raw table (1 = best)",
    "adjusted_score": "score at average context: mean score + the residual of an OLS "
    "regression of the score on the chosen context (Goldstein & Spiegelhalter 1996)",
    "adjusted_rank": "rank on the adjusted score",
    "places": "raw rank - adjusted rank (+ = the force climbs once context is allowed for)",
    "diversity": "Black, Asian and minority ethnic share of residents (Census 2011)",
    "density": "residents per km2 (mid-2023 population over land area)",
    "group_rank": "rank among its most similar forces (this project's approximation of "
    "HMICFRS's most similar groups), itself included",
    "group_size": "ranked forces in its group",
    "similar_forces": "its most similar forces, nearest first",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format, --adjust and --group-size."""
    add_scenario_data_format(parser)
    parser.add_argument("--adjust", metavar="VARS",
                        help="context to adjust for, comma-separated from "
                        f"{', '.join(CONTEXT_VARIABLES)} (default: the scenario's, "
                        "density,diversity)")  # fmt: skip
    parser.add_argument("--group-size", type=int, metavar="K",
                        help="most similar forces per group, 3-15 (default: the scenario's, 7)")


def run(args: argparse.Namespace) -> int:
    """One row per ranked force, in adjusted-rank order."""
    dataset, scenario = load_inputs(args)
    changes = {}
    if args.adjust:
        chosen = [v.strip() for v in args.adjust.split(",") if v.strip()]
        unknown = [v for v in chosen if v not in CONTEXT_VARIABLES]
        if unknown or not chosen:
            raise InputError(f"unknown context variable(s) {', '.join(unknown) or '(none given)'}; "
                             f"choose from {', '.join(CONTEXT_VARIABLES)}", where="--adjust")
        changes["adjust_for"] = tuple(v for v in CONTEXT_VARIABLES if v in chosen)
    if args.group_size is not None:
        if not 3 <= args.group_size <= 15:
            raise InputError("the group size must be between 3 and 15", where="--group-size")
        changes["group_size"] = args.group_size
    scenario = scenario.with_section("context", **changes)
    try:
        result = analyse(dataset, scenario)
    except ValueError as exc:  # too few forces for the variables chosen, and the like
        raise InputError(str(exc)) from None
    adj = result.adjustment
    out = adj.table.join(result.ranks[["group_rank", "group_ranked", "members"]])
    out = out.rename(columns={"name": "force", "group_ranked": "group_size",
                              "members": "similar_forces"})  # fmt: skip
    for column in ("diversity", "density"):
        if column not in out:
            out[column] = result.context.table.loc[out.index, column]
    out = out.sort_values(["adjusted_rank", "rank"], kind="stable")
    coefficients = adj.coefficients[["estimate", "se", "low", "high", "p", "spearman", "gap", "gain"]]
    emit(out[["force", *COLUMNS]], args.format, extra={
        "scenario": scenario.to_dict(), "dataset": dataset.id, "columns": COLUMNS,
        "adjusted_for": list(adj.variables), "r2": adj.r2, "n": adj.n,
        "coefficients": coefficients.reset_index().to_dict(orient="records"),
        "caveat": "Association, not cause: with 42 forces a pattern can arise by chance, and "
        "adjusting removes every difference that goes with context, real ones included.",
    })  # fmt: skip
    return 0
