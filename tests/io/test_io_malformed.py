"""Every committed malformed file gives its own message, at the right place, and nothing else.

The files are written by ``tests/fixtures/make_fixtures.py``. Errors mean the file is not
used (``DataFileError``, whose message is the first error); warnings and notes mean it is
used and the user is told. Row numbers are spreadsheet rows (header counted).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import InputError
from scoring.io import DataFileError, load_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"

# file -> (level, words the message must contain, words the location must contain)
EXPECTED = {
    "empty.csv": ("error", "the file is empty", "empty.csv"),
    "header_only.csv": ("error", "no data rows below the header", "row 1"),
    "non_numeric.csv": ("error", "'twelve' is not a number", "row 3, column 'homicide' (C)"),
    "marker_x.csv": ("warning", "1 cell marked '[x]' (not available) in row 3: treated as missing", "column 'homicide' (C)"),
    "marker_c.csv": ("warning", "'[c]' (confidential) in row 4", "column 'robbery' (H)"),
    "marker_u1.csv": ("warning", "'[u1]' (low reliability) in row 35", "column 'knife_offences' (D)"),
    "marker_z.csv": ("warning", "'[z]' (not applicable) in row 5", "column 'fraud_cyber' (K)"),
    "thousands.csv": ("note", "written with thousands separators (row 2) read as numbers", "column 'vehicle_offences'"),
    "decimal_comma.csv": ("error", "'81,6' looks like a decimal comma: write it as 81.6", "row 3, column 'victim_satisfaction'"),
    "negative_count.csv": ("error", "-3 is negative, but 'homicide' is a count", "row 6, column 'homicide'"),
    "duplicate_code.csv": ("error", "E23000002 is given twice, on rows 3 and 45", "row 45"),
    "unknown_name.csv": ("error", "'Avon & Somersett' is not a police force area code or a known force name (did you mean 'Avon and Somerset'?)", "row 37"),
    "unknown_code.csv": ("error", "'E23000099' is not the ONS code of a police force area", "row 40"),
    "all_missing.csv": ("error", "this indicator has no values", "column 'fraud_cyber' (K)"),
    "constant.csv": ("warning", "every unit has the same value (75)", "column 'victim_satisfaction'"),
    "header_row_5.csv": ("note", "the header is on row 5; rows 1-4 (titles and notes) were skipped", "header_row_5.csv"),
    "utf8_bom.csv": ("note", "UTF-8 with a byte-order mark", "utf8_bom.csv"),
    "cp1252.csv": ("note", "read as Windows-1252", "cp1252.csv"),
    "utf16.csv": ("note", "UTF-16", "utf16.csv"),
    "semicolon.csv": ("note", "separated by semicolons", "semicolon.csv"),
    "binary.csv": ("error", "binary data, not a text table", "binary.csv"),
    "no_unit_column.csv": ("error", "no column of unit codes or names", "row 1"),
    "no_indicators.csv": ("error", "no indicator columns", "row 1"),
    "blank_header.csv": ("error", "this column has values but no header", "row 2, column D"),
    "duplicate_header.csv": ("error", "two columns are called 'homicide'", "column 'homicide' (H)"),
    "ragged_row.csv": ("error", "this row has more cells than the header has columns", "row 3, column M"),
    "long_no_value.csv": ("error", "long table (it has an 'indicator' column) but it has no 'value' column", "row 1"),
    "long_duplicate.csv": ("error", "E23000001 / homicide is given twice, on rows 2 and 5", "row 5"),
    "long_non_numeric.csv": ("error", "'n.a.' is not a number", "row 3, column 'value' (C)"),
    "long_no_indicator_name.csv": ("error", "this row has no indicator name", "row 3, column 'indicator' (B)"),
    "formula_text.csv": ("error", "'=1+2' is not a number", "row 3, column 'robbery'"),
    "corrupt.xlsx": ("error", "the XLSX workbook is damaged", "corrupt.xlsx"),
    "wrong_extension.pdf": ("error", ".pdf: not a CSV, XLSX or ODS file", "wrong_extension.pdf"),
    "old_excel.xlsx": ("error", "old Excel 97-2003 (.xls) file", "old_excel.xlsx"),
    "csv_text_named.xlsx": ("error", "not a valid XLSX workbook", "csv_text_named.xlsx"),
    "zip_named.csv": ("error", "a spreadsheet workbook saved with a .csv name", "zip_named.csv"),
    "too_few_units.csv": ("error", "2 unit(s) left after dropping totals and unusable rows: a league table needs at least 3", "too_few_units.csv"),
    "population_text.csv": ("error", "'lots' is not a number", "row 5, column 'population' (M)"),
    "population_zero.csv": ("error", "population 0 must be above zero", "row 5, column 'population'"),
    "only_totals.csv": ("error", "no units left after dropping totals", "only_totals.csv"),
    "csp_in_force_table.csv": ("error", "'E22000001' is not a police force area code, and the other rows are forces", "row 40"),
    "name_code_mismatch.csv": ("warning", "the code E23000001 is Metropolitan Police but the name says 'Cumbria': the code was used", "row 2"),
    "percent_sign.csv": ("note", "1 cell written with a % sign (row 3) read as percentages", "column 'victim_satisfaction'"),
    "missing_forces.csv": ("warning", "3 of the 43 forces are not in the file (Gwent, South Wales, Dyfed-Powys)", "missing_forces.csv"),
    "text_column.csv": ("warning", "this column holds text, not numbers: ignored", "column 'chief_officer' (M)"),
    "west_midlands_twice.csv": ("error", "E23000014 is given twice, on rows 15 and 45 ('West Midlands' is a region and a force: use ONS codes)", "row 45"),
    "no_unit_in_row.csv": ("error", "this row has values but no unit code or name", "row 4"),
    "region_rows.csv": ("dropped", "England and Wales total: used as the national reference", "2"),
    "date_cell.xlsx": ("error", "2024-03-01 is a date or time, not a number", "sheet 'Data', row 6, column 'homicide' (C)"),
    "excel_error.xlsx": ("error", "'#DIV/0!' is a spreadsheet error, not a number", "sheet 'Data', row 7, column 'knife_offences' (D)"),
    "bool_cell.xlsx": ("error", "True is a yes/no value, not a number", "row 8, column 'violence_with_injury' (E)"),
    "several_sheets.xlsx": ("warning", "several sheets hold tables: used 'Data'; not used: 'Notes', 'Last year'", "several_sheets.xlsx"),
    "meta_bad_direction.xlsx": ("error", "'up-ish': direction must be 1 (higher is better) or -1 (higher is worse)", "sheet 'meta', row 2, column 'direction' (B)"),
    "meta_bad_kind.xlsx": ("error", "'lots': kind must be count, rate or percent", "sheet 'meta', row 2, column 'kind' (B)"),
    "meta_unknown_indicator.xlsx": ("warning", "the metadata describes 'arrests', which is not a column of the data: ignored", "meta_unknown_indicator.xlsx"),
    "empty_workbook.xlsx": ("error", "the file has no cells with data", "empty_workbook.xlsx"),
}  # fmt: skip


def test_every_fixture_has_an_expectation_and_there_are_at_least_30():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_its_message(name):
    level, words, where = EXPECTED[name]
    content = (FIXTURES / name).read_bytes()
    if level == "error":
        with pytest.raises(DataFileError) as caught:
            load_bytes(content, name)
        first = caught.value.report.errors[0]
        assert words in first.message, str(first)
        assert where in first.where, str(first)
        assert isinstance(caught.value, InputError) and str(caught.value).startswith(first.where)
        return
    report = load_bytes(content, name).report
    if level == "dropped":
        assert any(words in d["reason"] for d in report.dropped), report.dropped
        return
    found = [i for i in report.issues if i.level == level and words in i.message]
    assert found, [str(i) for i in report.issues]
    assert where in found[0].where
