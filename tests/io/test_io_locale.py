"""Decimal commas and plausible values: "10,125" is never silently 10125, and 1e137 is refused."""

from __future__ import annotations

import pytest

from scoring.io import DataFileError, load_bytes

HEAD = "code;name;homicide;robbery\n"
ROWS = [("E23000001", "Metropolitan Police"), ("E23000002", "Cumbria"), ("E23000003", "Lancashire")]


def semicolon(values: list[tuple[str, str]]) -> bytes:
    return (HEAD + "".join(f"{c};{n};{a};{b}\n" for (c, n), (a, b) in zip(ROWS, values, strict=True))).encode()


def test_a_semicolon_file_with_decimal_commas_reads_10_125_as_10_point_125():
    loaded = load_bytes(semicolon([("1,5", "10,125"), ("2,25", "3"), ("0,5", "1.234,5")]), "eu.csv")
    values = loaded.dataset.values
    assert values.at["E23000001", "robbery"] == 10.125 and values.at["E23000003", "robbery"] == 1234.5
    assert any("decimal comma" in i.message for i in loaded.report.issues)


def test_a_semicolon_file_where_10_125_could_be_either_is_refused_naming_the_cell():
    with pytest.raises(DataFileError) as caught:
        load_bytes(semicolon([("1", "10,125"), ("2", "3"), ("5", "7")]), "eu.csv")
    first = caught.value.report.errors[0]
    assert "'10,125' could be 10.125" in first.message and first.where == "eu.csv, row 2, column D"


def test_decimal_and_thousands_commas_in_one_file_are_refused():
    with pytest.raises(DataFileError, match="uses a decimal comma but '1,234,567'"):
        load_bytes(semicolon([("1,5", "1,234,567"), ("2", "3"), ("5", "7")]), "eu.csv")


def test_a_comma_separated_file_keeps_reading_quoted_thousands():
    text = 'code,homicide,robbery\nE23000001,109,"10,125"\nE23000002,6,30\nE23000003,12,40\n'
    assert load_bytes(text.encode(), "uk.csv").dataset.values.at["E23000001", "robbery"] == 10125


@pytest.mark.parametrize(("cell", "words"), [
    ("1e137", r"1e\+137 is not a plausible value"),
    ("-4", "-4 is negative, but 'homicide' is a count"),
])  # fmt: skip
def test_implausible_values_are_errors(cell, words):
    text = f"code,homicide,robbery\nE23000001,{cell},1\nE23000002,6,30\nE23000003,12,40\n"
    with pytest.raises(DataFileError, match=words):
        load_bytes(text.encode(), "odd.csv")


def test_a_share_over_100_is_an_error_and_more_offences_than_residents_a_warning():
    text = "code,victim_satisfaction,population,robbery\nE23000001,180,9000,1\nE23000002,70,500000,30\nE23000003,60,1200000,40\n"
    with pytest.raises(DataFileError, match="180 is over 100"):
        load_bytes(text.encode(), "odd.csv")
    text = "code,robbery,population\nE23000001,12000,9000\nE23000002,30,500000\nE23000003,40,1200000\n"
    report = load_bytes(text.encode(), "odd.csv").report
    assert any("more than the unit's 9,000 residents" in w.message for w in report.warnings)


def test_a_rate_above_its_base_is_a_warning():
    book = (b"code,homicide,robbery\nE23000001,1,1500\nE23000002,6,30\nE23000003,12,40\n")
    meta = "id,kind,per\nrobbery,rate,1000\n"
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    for line in book.decode().splitlines():
        wb.active.append([int(c) if c.isdigit() else c for c in line.split(",")])
    sheet = wb.create_sheet("meta")
    for line in meta.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = load_bytes(buffer.getvalue(), "rates.xlsx").report
    assert any("1500 per 1,000 is more than one per resident" in w.message for w in report.warnings)
