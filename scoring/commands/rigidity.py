"""``python -m scoring rigidity``: what the basket leaves out, force by force."""

from __future__ import annotations

import argparse

from scoring.commands.common import add_scenario_data_format, emit, load_inputs
from scoring.rigidity.analysis import analyse

HELP = ("Print each force's coverage (share of recorded crime harm inside the basket), its rank "
        "under national weights and its rank under its own harm profile.")  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format."""
    add_scenario_data_format(parser)


def run(args: argparse.Namespace) -> int:
    """One row per force, in national rank order (forces ranked apart last)."""
    dataset, scenario = load_inputs(args)
    result = analyse(dataset, scenario)
    forces = result.forces.sort_values(["rank_national", "name"], na_position="last")
    out = forces[["name", "coverage", "rank_national", "rank_own", "change", "tv", "theta"]]
    out = out.rename(columns={
        "change": "places_gained_own", "tv": "weight_distance_tv",
        "theta": "distortion_angle_deg",
    })  # fmt: skip
    out.index.name = "code"
    emit(out, args.format, extra={"scenario": scenario.to_dict(), "dataset": dataset.id,
                                  "harm_weights": "ONS Crime Severity Score scale; most are "
                                  "approximations (see scoring/harm.py)"})  # fmt: skip
    return 0
