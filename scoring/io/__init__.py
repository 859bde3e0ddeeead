"""Bring your own data: read CSV, XLSX and ODS files into datasets, and say what was understood.

Three shapes are recognised: the project's wide format (a row per unit, a column per
indicator, optional metadata sheet), a long format (unit, indicator, value, optional
period), and the ONS "Police force area data tables" workbook as published (its
police force area tables, or its community safety partnership tables). Modules:

* :mod:`~scoring.io.read`: bytes to sheets (format, encoding, delimiter, size limits);
* :mod:`~scoring.io.cells`: one cell to a number (markers, separators);
* :mod:`~scoring.io.table`: the header row and column roles;
* :mod:`~scoring.io.units`: ONS codes and the force-name alias table;
* :mod:`~scoring.io.wide`, :mod:`~scoring.io.long`, :mod:`~scoring.io.ons`: the readers;
* :mod:`~scoring.io.meta`, :mod:`~scoring.io.checks`, :mod:`~scoring.io.assemble`:
  indicator metadata, validation, and the Dataset;
* :mod:`~scoring.io.report`: the report of issues, each naming file, sheet, row, column;
* :mod:`~scoring.io.named`: :func:`open_dataset`, a shipped sample or a file by name.
"""

import importlib

# Each name is imported from its module on first use (PEP 562), not here: a module of this
# package (scoring.io.dictionary for the command line's `rank`) then loads without the
# file readers, which it does not need.
_FROM = {"Loaded": "load", "load_bytes": "load", "load_path": "load", "open_dataset": "named",
         "split_table": "named", "MAX_BYTES": "read", "MAX_MB": "read", "DataFileError": "report",
         "Issue": "report", "Report": "report", "template_csv": "template"}  # fmt: skip
__all__ = ["MAX_BYTES", "MAX_MB", "DataFileError", "Issue", "Loaded", "Report", "load_bytes",
           "load_path", "open_dataset", "split_table", "template_csv"]  # fmt: skip


def __getattr__(name: str):
    if name not in _FROM:
        raise AttributeError(f"module 'scoring.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"scoring.io.{_FROM[name]}"), name)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
