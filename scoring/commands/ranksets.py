"""``python -m scoring ranksets``: confidence sets for every rank (Mogstad et al. 2024)."""

from __future__ import annotations

import argparse

import pandas as pd

from scoring.commands.common import add_scenario_data_format, emit, load_inputs
from scoring.errors import InputError
from scoring.instability import ranksets

HELP = ("Print, per ranked unit, its rank and the range of places the data support "
        "(a confidence set with a coverage guarantee: Mogstad, Romano, Shaikh & Wilhelm 2024).")  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format, --level, --tau, --marginal, --seed."""
    add_scenario_data_format(parser)
    parser.add_argument("--level", type=float, metavar="0.95",
                        help="confidence level, 0.5 to 0.995 (default: the scenario's, 0.95)")
    parser.add_argument("--tau", type=int, metavar="K",
                        help="add columns top_K and bottom_K: could the unit be among the best "
                        "(worst) K? (from the simultaneous sets)")
    parser.add_argument("--marginal", action="store_true",
                        help="marginal sets (each unit on its own) instead of simultaneous sets "
                        "(all units at once, the default)")
    parser.add_argument("--seed", type=int, metavar="S",
                        help="random seed (default: the scenario's); the same seed gives the same sets")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """One row per ranked unit, best first."""
    dataset, scenario = load_inputs(args)
    if args.level is not None and not 0.5 <= args.level <= 0.995:
        raise InputError("must be between 0.5 and 0.995", where="--level")
    if args.seed is not None and not 0 <= args.seed < 2**32:
        raise InputError("must be between 0 and 2**32 - 1", where="--seed")
    try:
        result = ranksets.for_scenario(dataset, scenario, level=args.level, seed=args.seed)
    except ValueError as exc:
        raise InputError(f"no rank sets: {exc}", where=dataset.id) from None
    n = len(result.simultaneous.codes)
    if args.tau is not None and not 1 <= args.tau < n:
        raise InputError(f"must be between 1 and {n - 1}", where="--tau")
    sets = result.marginal if args.marginal else result.simultaneous
    out = pd.DataFrame({"name": dataset.units["name"].reindex(sets.codes).to_numpy(),
                        "rank": sets.rank, "lower": sets.lower, "upper": sets.upper},
                       index=pd.Index(sets.codes, name="code"))  # fmt: skip
    if args.tau is not None:
        out[f"top_{args.tau}"] = result.simultaneous.best(args.tau)
        out[f"bottom_{args.tau}"] = result.simultaneous.worst(args.tau)
    out = out.sort_values(["rank", "name"], kind="stable")
    emit(out, args.format, extra={
        "scenario": scenario.to_dict(), "dataset": dataset.id, "level": sets.level,
        "sets": "marginal" if args.marginal else "simultaneous", "method": ranksets.METHOD,
        "draws": result.draws, "seed": result.seed,
    })  # fmt: skip
    return 0
