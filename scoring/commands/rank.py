"""``python -m scoring rank``: the league table for a scenario."""

from __future__ import annotations

import argparse
import gc
import os
import sys

from scoring.commands.options import add_scenario_data_format

HELP = ("Print the league table (code, name, score, rank, measure contributions; with themes or "
        "deeper levels, each group's contribution too, and in JSON the effective weight of every "
        "node; last, data_note: the publisher's note on a unit's figures, blank when there is none).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: --scenario, --data, --format."""
    add_scenario_data_format(parser)


def run(args: argparse.Namespace) -> int:
    """Score the dataset and print one row per unit, best first, unranked units last."""
    # Imported here, not above: a cached answer (scoring.commands.cache) needs only the
    # options, and pandas alone takes most of a second to import. The garbage collector
    # rests meanwhile: the imports make some 46,000 objects it tracks and no garbage, and
    # scanning them again and again is a fortieth of the command's run.
    # In a process of its own (numpy not loaded yet), numpy's BLAS gets one thread, as in the
    # app: ranking multiplies no matrix worth sharing out, and starting the others costs CPU.
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    collecting = gc.isenabled()
    gc.disable()
    try:
        from scoring.commands.common import emit, load_inputs
        from scoring.core import hierarchy
        from scoring.core.pipeline import score
    finally:
        if collecting:
            gc.enable()

    dataset, scenario = load_inputs(args)
    result = score(dataset, scenario)
    table = result.table.sort_values(["rank", "would_rank", "name"], na_position="last")
    columns = ["name", "score", "rank", "status", *result.contribution_columns, *result.group_columns]
    out = table[columns].copy()
    out.index.name = "code"
    out.columns = dataset.export_names(out.columns)  # illustrative measures say so
    # The publisher's caveat travels with the unit's row, as in the app's download.
    out["data_note"] = dataset.data_notes.reindex(out.index).fillna("").astype(str)
    extra = {"scenario": scenario.to_dict(), "dataset": dataset.id}
    if hierarchy.has_groups(dataset):  # the effective weight of every node, at every level
        weights = hierarchy.effective_table(hierarchy.of(dataset), result.weights)
        extra["hierarchy"] = weights.reset_index().to_dict("records")
    emit(out, args.format, extra=extra)
    return 0
