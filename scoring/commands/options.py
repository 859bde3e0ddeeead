"""The options commands share, in a module that imports nothing heavy.

``python -m scoring COMMAND`` builds its parser before it knows whether a cached answer
will do (:mod:`scoring.commands.cache`), so declaring options must not import pandas.
"""

from __future__ import annotations

import argparse


def add_scenario_data_format(parser: argparse.ArgumentParser) -> None:
    """Add ``--scenario``, ``--data`` and ``--format``."""
    parser.add_argument("--scenario", metavar="FILE.json",
                        help="scenario saved by the app (default: the Home Office 2021 preset)")  # fmt: skip
    parser.add_argument("--data", metavar="PATH",
                        help="'sample' (default), 'sample-2023', or a CSV, XLSX or ODS file to "
                        "score (FILE#SHEET picks a sheet; an ONS workbook#C2 its community safety "
                        "partnerships)")  # fmt: skip
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="output format (default csv)")  # fmt: skip
    add_assume(parser)


def add_assume(parser: argparse.ArgumentParser) -> None:
    """Add ``--assume``: answers to what was assumed about a data file."""
    parser.add_argument("--assume", action="append", metavar="ID=ANSWER|all",
                        help="answer an assumption about your data file: ID=higher or ID=lower (which "
                        "way is better), ID=count or ID=as-given (divide by population or not); 'all' "
                        "confirms every assumption as listed on stderr. Repeat as needed.")  # fmt: skip
