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
* :mod:`~scoring.io.report`: the report of issues, each naming file, sheet, row, column.
"""

from scoring.io.load import Loaded, load_bytes, load_path, open_dataset, split_table
from scoring.io.read import MAX_BYTES, MAX_MB
from scoring.io.report import DataFileError, Issue, Report
from scoring.io.template import template_csv

__all__ = ["MAX_BYTES", "MAX_MB", "DataFileError", "Issue", "Loaded", "Report", "load_bytes",
           "load_path", "open_dataset", "split_table", "template_csv"]
