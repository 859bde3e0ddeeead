"""What this tool reads, at most: every size is checked before anything is expanded.

An upload is untrusted. A 1.6 KB workbook can declare a sheet of 16,384 columns by
19,000 rows, an 800-byte ODS file can repeat one row a million times, a zip member can
claim to unpack to gigabytes, and one CSV row can hold 100,000 commas. Each of those
is refused here from what the file *declares* (zip directory sizes, compression
ratios, cell references, repeat attributes, field lengths, row and column counts),
before any cell is built, so that any file up to the upload limit gets an answer
within seconds and a few hundred megabytes of memory. ``bench/bench_io.py`` measures
that against a generated corpus of hostile files.
"""

from __future__ import annotations

MAX_MB = 10
MAX_BYTES = MAX_MB * 1024 * 1024  # Streamlit counts upload megabytes the same way
MAX_CELLS = 1_000_000  # cells holding a value, all sheets together
MAX_GRID = 2_000_000  # rows x columns of one sheet's used area, empty cells included
MAX_ROWS = 50_000  # the 35,672 LSOAs of England and Wales fit; rows cost per-unit work
MAX_COLUMNS = 1_000
MAX_FIELD = 10_000  # characters in one cell
MAX_SHEETS = 100
# Workbooks are zip archives: what their directory declares, checked before unpacking.
MAX_MEMBERS = 1_000
MAX_UNPACKED = 200 * 1024 * 1024  # all members together
MAX_RATIO = 100  # unpacked / packed size of one member (over 1 MB unpacked)
MAX_ELEMENTS = 4_000_000  # cell elements in one sheet's XML, empty ones included

LIMITS_TEXT = (
    f"up to {MAX_MB} MB; at most {MAX_CELLS:,} cells with values, {MAX_ROWS:,} rows, "
    f"{MAX_COLUMNS:,} columns, {MAX_FIELD:,} characters in a cell and {MAX_SHEETS} sheets"
)
