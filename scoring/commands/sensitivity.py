"""``python -m scoring sensitivity``: rank intervals from the Monte Carlo uncertainty analysis."""

from __future__ import annotations

import argparse

from scoring.commands.common import add_scenario_data_format, check_samples_seed, emit, load_inputs
from scoring.core.pipeline import score
from scoring.instability import summary as rank_summary
from scoring.instability import uncertainty

HELP = ("Print each force's nominal, median, 5th and 95th percentile rank and its chance of a "
        "top-10 place under the scenario's uncertainty settings.")  # fmt: skip
MAX_SAMPLES = 100_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format, --samples, --seed."""
    add_scenario_data_format(parser)
    parser.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help="Monte Carlo samples (default: the scenario's, 2000)",
    )
    parser.add_argument("--seed", type=int, metavar="S",
                        help="random seed (default: the scenario's); the same seed gives the same numbers")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Run the Monte Carlo analysis and print one row per force, nominal order, unranked last."""
    dataset, scenario = load_inputs(args)
    samples = scenario.uncertainty.samples if args.samples is None else args.samples
    seed = scenario.seed if args.seed is None else args.seed
    check_samples_seed(samples, seed, 1, MAX_SAMPLES)
    result = uncertainty.run(dataset, scenario, samples=samples, seed=seed)
    summary = rank_summary.force_summary(result, dataset.units["name"])
    unranked = [c for c in dataset.units.index if c not in summary.index]
    out = summary[["nominal", "median", "p05", "p95", "p_top"]].reindex([*summary.index, *unranked])
    out = out.astype({c: "Int64" for c in ("nominal", "median", "p05", "p95")})
    out.insert(0, "name", dataset.units["name"].reindex(out.index))
    out["status"] = score(dataset, scenario).table["status"].reindex(out.index)
    out = out.rename(columns={"p05": "p5", "p_top": "p_top10"}).rename_axis("code")
    overall = rank_summary.overall(result)
    emit(out, args.format, extra={
        "scenario": scenario.to_dict(), "dataset": dataset.id, "samples": samples, "seed": seed,
        "sources": list(result.sources), "mean_rank_shift": round(overall["mean_shift"], 6),
    })  # fmt: skip
    return 0
