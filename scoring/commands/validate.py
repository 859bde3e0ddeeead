"""``python -m scoring validate FILE``: what a data file was understood to hold, and whether it can be used.

Exit status (and the last line of the report) tells three cases apart:

* 0, "usable as is": nothing about the file is assumed;
* 3, "usable after confirming N assumptions": the file loads, but some kinds or
  directions were inferred (listed on stderr as ``assumed: ...``); answer them with
  ``--assume`` (or a metadata sheet) and the status becomes 0;
* 1, "unusable": the reasons are on stderr, one ``error: ...`` line each.
"""

from __future__ import annotations

import argparse
import json
import sys

from scoring.commands.common import add_assume, report_assumptions
from scoring.core.scenario import Scenario
from scoring.io import DataFileError, load_path, split_table
from scoring.io.dictionary import answered, apply_answers

HELP = ("Check a CSV, XLSX or ODS data file: units, indicators, periods and issues found. Exit 0: "
        "usable as is; 3: usable after confirming the assumptions listed; 1: unusable.")  # fmt: skip
USABLE, UNUSABLE, PROVISIONAL = 0, 1, 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: FILE, --table, --format, --assume."""
    parser.add_argument("file", metavar="FILE", help="the data file (FILE#SHEET picks a sheet)")
    parser.add_argument("--table", metavar="NAME",
                        help="sheet to read, or 'C2' for the ONS workbook's community safety "
                        "partnerships (default: found automatically)")  # fmt: skip
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default text)")  # fmt: skip
    add_assume(parser)


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 0 (usable as is), 3 (after confirming assumptions) or 1 (unusable)."""
    path, table = split_table(args.file)
    pending_count = 0
    try:
        loaded = load_path(path, args.table or table)
        report = loaded.report
        scenario = apply_answers(Scenario(data=loaded.dataset.id), loaded.dataset, args.assume)
        pending_count = report_assumptions(answered(loaded.dataset, scenario), scenario)
    except DataFileError as exc:
        report = exc.report
    status = UNUSABLE if not report.ok else PROVISIONAL if pending_count else USABLE
    verdict = {USABLE: "usable as is", PROVISIONAL: f"usable after confirming {pending_count} assumption(s)",
               UNUSABLE: f"unusable ({len(report.errors)} error(s))"}[status]  # fmt: skip
    if args.format == "json":
        out = {**report.to_dict(), "verdict": verdict, "assumptions": pending_count}
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write("\n".join([*report.describe()[:-1], f"result: {verdict}, "
                                     f"{len(report.warnings)} warning(s)"]) + "\n")  # fmt: skip
    for issue in report.errors:
        print(f"error: {issue}", file=sys.stderr)
    return status
