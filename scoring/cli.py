"""Command-line interface: ``python -m scoring COMMAND [options]``.

Each command lives in its own module under :mod:`scoring.commands` and provides
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``. Bad input (an unreadable
scenario or data file) prints one clear line on stderr and exits with status 2;
nothing is printed on stdout in that case, so pipelines fail cleanly.

Exit statuses: 0 done; 1 ``validate``: the file cannot be used; 2 bad input (file,
scenario, option); 3 ``validate``: usable after confirming the assumptions it lists;
4 an internal error, reported in one line (set ``LTL_DEBUG=1`` for the traceback).

Run as a process, the commands in :data:`CACHED` answer a repeat of the same command on
unchanged inputs from a result cache without importing pandas (:mod:`scoring.commands.cache`;
``--no-cache`` bypasses it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from scoring.commands import COMMANDS
from scoring.errors import InputError

# Commands whose output depends only on their options and input files, and that write no file
# (validate, a check of a file, always reads it afresh).
CACHED = ("rank", "sensitivity", "gaming", "rigidity", "context", "ranksets", "grade")


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser with one sub-parser per command.

    When ``chosen`` names a command, only that command's module is imported (the others
    get a bare sub-parser that is never run): each command's imports (scipy, the
    analyses) cost up to a second, and ``rank`` must start fast.
    """
    parser = argparse.ArgumentParser(
        prog="python -m scoring",
        description="League Table Lab: score, rank and stress-test police league tables.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        if chosen in COMMANDS and name != chosen:
            sub.add_parser(name)
            continue
        module = importlib.import_module(f"scoring.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        if name in CACHED:
            command.add_argument("--no-cache", action="store_true",
                                 help="compute afresh; do not read or write the result cache")  # fmt: skip
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None, *, cache: bool | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status.

    ``cache`` (default: on when ``argv`` is None, that is for the process's own command
    line) lets the commands in :data:`CACHED` answer from the result cache.
    """
    cache = argv is None if cache is None else cache
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        if cache and args.command in CACHED and not args.no_cache:
            from scoring.commands import cache as results

            options = {k: v for k, v in vars(args).items() if k not in ("run", "no_cache")}
            return results.run(options, lambda: int(args.run(args) or 0))
        return int(args.run(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `python -m scoring rank | head`
        return 0
    except RecursionError:
        print("error: the input is nested too deeply to be read", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: the input needs more memory than this tool allows", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last boundary: one line, never a traceback
        if os.environ.get("LTL_DEBUG"):
            raise
        print(f"error: internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it "
              "with the command you ran", file=sys.stderr)  # fmt: skip
        return 4
