"""Command-line interface: ``python -m scoring COMMAND [options]``.

Each command lives in its own module under :mod:`scoring.commands` and provides
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``. Bad input (an unreadable
scenario or data file) prints one clear line on stderr and exits with status 2;
nothing is printed on stdout in that case, so pipelines fail cleanly.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from scoring.commands import COMMANDS
from scoring.errors import InputError


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="League Table Lab: score, rank and stress-test police league tables.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"scoring.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `python -m scoring rank | head`
        return 0
