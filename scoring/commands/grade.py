"""``python -m scoring grade``: grades, thresholds and the chance each grade is wrong."""

from __future__ import annotations

import argparse
import sys

from scoring.commands.common import add_scenario_data_format, check_samples_seed, emit, load_inputs
from scoring.core.dataset import FRAMEWORKS, load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import PRESETS, preset
from scoring.errors import InputError
from scoring.grading import misgrading

HELP = ("Print, per graded force, its grade under the scenario's grade rule, its chance of each "
        "grade and of a wrong grade under noise (and weights, if the scenario varies them), "
        "whether it is on a cliff edge, each minimum threshold met or missed, and its chance of "
        "being sent for intervention.")  # fmt: skip
MAX_SAMPLES = 50_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format, --preset, --samples, --seed."""
    add_scenario_data_format(parser)
    parser.add_argument("--preset", choices=list(PRESETS), metavar="NAME",
                        help="start from a preset instead of a scenario file (its own data unless "
                        f"--data is given): {', '.join(PRESETS)}")  # fmt: skip
    parser.add_argument("--samples", type=int, metavar="N",
                        help="Monte Carlo draws (default: the scenario's, 2000)")
    parser.add_argument("--seed", type=int, metavar="S",
                        help="random seed (default: the scenario's); the same seed gives the same numbers")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """One row per graded force, best grade first; the rule and the intervention spread in JSON."""
    if args.preset and args.scenario:
        raise InputError("give --scenario or --preset, not both", where="--preset")
    if args.preset and not args.data:
        args.data = PRESETS[args.preset].data or "sample"
    dataset, scenario = load_inputs(args)
    if args.preset:
        scenario = preset(args.preset, dataset.measure_of, data=dataset.id)
    elif not args.scenario and dataset.id in FRAMEWORKS:  # the framework's own rule and thresholds
        scenario = preset("ppf_2026", load_sample(dataset.id).measure_of, data=dataset.id)
    samples = scenario.grading.samples if args.samples is None else args.samples
    seed = scenario.seed if args.seed is None else args.seed
    check_samples_seed(samples, seed, 200, MAX_SAMPLES)
    try:
        result = misgrading.simulate(dataset, scenario, samples=samples, seed=seed)
    except ValueError as exc:
        raise InputError(f"nothing to grade: {exc}", where=dataset.id) from None
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    out = result.frame()
    out.insert(2, "rank", score(dataset, scenario).table["rank"].reindex(out.index))
    out = out.assign(_g=result.grade).sort_values(["_g", "rank", "name"], kind="stable").drop(columns="_g")
    emit(out, args.format, extra={
        "scenario": scenario.to_dict(), "dataset": dataset.id, "grades": list(result.bands.names),
        "summary": result.summary(), "interventions_per_draw": result.interventions.tolist(),
        "method": misgrading.__doc__.split("\n\n")[0],
    })  # fmt: skip
    return 0
