"""``python -m scoring validate FILE``: what a data file was understood to hold, and whether it can be used."""

from __future__ import annotations

import argparse
import json
import sys

from scoring.io import DataFileError, load_path, split_table

HELP = "Check a CSV, XLSX or ODS data file: units, indicators, periods and issues found."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: FILE, --table, --format."""
    parser.add_argument("file", metavar="FILE", help="the data file (FILE#SHEET picks a sheet)")
    parser.add_argument("--table", metavar="NAME",
                        help="sheet to read, or 'C2' for the ONS workbook's community safety "
                        "partnerships (default: found automatically)")  # fmt: skip
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default text)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 0 when the file can be used, 1 (reasons on stderr) when not."""
    path, table = split_table(args.file)
    try:
        report = load_path(path, args.table or table).report
    except DataFileError as exc:
        report = exc.report
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write("\n".join(report.describe()) + "\n")
    for issue in report.errors:
        print(f"error: {issue}", file=sys.stderr)
    return 0 if report.ok else 1
