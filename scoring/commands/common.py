"""Options and helpers shared by the commands: scenario, data and output format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from scoring import export
from scoring.commands.options import add_assume, add_scenario_data_format  # noqa: F401 - re-exported
from scoring.core import hierarchy
from scoring.core.dataset import SAMPLES, Dataset, load_sample
from scoring.core.scenario import Scenario, ScenarioError, preset
from scoring.errors import InputError
from scoring.io import open_dataset
from scoring.io.dictionary import (
    answered,
    apply_answers,
    describe_pending,
    pending,
    with_stated_weights,
)


def report_assumptions(dataset: Dataset, scenario: Scenario) -> int:
    """Print what is still assumed about the data on stderr; return how many."""
    rows = pending(dataset, scenario)
    for line in describe_pending(rows):
        print(f"assumed: {line}", file=sys.stderr)
    if len(rows):
        print(f"provisional: {len(rows)} assumption(s) about {dataset.title} are not confirmed; answer "
              "them with --assume ID=ANSWER, or confirm them all with --assume all", file=sys.stderr)  # fmt: skip
    return len(rows)


def load_inputs(args: argparse.Namespace) -> tuple[Dataset, Scenario]:
    """Read the scenario and the dataset named by the options; warnings go to stderr."""
    if args.scenario:
        path = Path(args.scenario)
        try:
            scenario, notes = Scenario.from_json(path.read_bytes())
        except OSError as exc:
            raise InputError(f"cannot read the scenario file ({exc.strerror})", where=str(path)) from None
        except ScenarioError as exc:
            raise InputError(str(exc), where=str(path)) from None
        for note in notes:
            print(f"warning: {path}: {note}", file=sys.stderr)
        data_id = args.data or scenario.data
    else:
        scenario, data_id = None, args.data or "sample"
    dataset = open_dataset(data_id, on_warning=lambda text: print(f"warning: {text}", file=sys.stderr))
    if scenario is not None and scenario.illustrative and dataset.id in SAMPLES:
        dataset = load_sample(dataset.id, illustrative=True)  # the scenario's demonstration switch
    if scenario is not None and scenario.data.startswith("upload:") and scenario.data != dataset.id:
        print(f"warning: the scenario was made on other data ({scenario.data}); ranking "
              f"{dataset.id} instead", file=sys.stderr)  # fmt: skip
    if scenario is None:
        scenario = with_stated_weights(preset("home_office_2021", dataset.measure_of, data=dataset.id), dataset)
    scenario = apply_answers(scenario, dataset, getattr(args, "assume", None))
    dataset = answered(dataset, scenario)
    for note in scenario.check(dataset.measure_ids, dataset.indicators, groups=hierarchy.of(dataset).groups):
        print(f"warning: {note}", file=sys.stderr)
    report_assumptions(dataset, scenario)
    return dataset, scenario


def emit(frame: pd.DataFrame, fmt: str, extra: dict | None = None) -> None:
    """Write a table to stdout as CSV or JSON (text cells neutralised)."""
    if fmt == "json":
        sys.stdout.write(export.to_json(frame, extra=extra) + "\n")
    else:
        sys.stdout.write(export.to_csv(frame))


def check_samples_seed(samples: int, seed: int, lowest: int, highest: int) -> None:
    """Refuse a sample count outside ``[lowest, highest]`` or a seed outside 32 bits."""
    if not lowest <= samples <= highest:
        raise InputError(f"must be between {lowest:,} and {highest:,}", where="--samples")
    if not 0 <= seed < 2**32:
        raise InputError("must be between 0 and 2**32 - 1", where="--seed")
