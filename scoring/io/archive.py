"""Workbooks as zip archives: what the directory declares is checked before anything is unpacked.

XLSX and ODS files are zip archives of XML parts. A hostile archive can declare a
member that unpacks to gigabytes (a "zip bomb"), hold thousands of members, or be cut
short. Python's :mod:`zipfile` never returns more bytes than a member declares, so
checking the declared sizes (each, all together, and each against its packed size) is
enough to bound what unpacking costs; a member whose data is damaged raises one of a
handful of exceptions, all turned into one message here.
"""

from __future__ import annotations

import io
import xml.parsers.expat
import zipfile
import zlib

from scoring.io.limits import MAX_MEMBERS, MAX_RATIO, MAX_UNPACKED
from scoring.io.report import Place, Report

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and password-protected workbooks
RATIO_FLOOR = 1024 * 1024  # small members compress as they like: only big ones are judged
# Everything reading a damaged or unusual member can raise.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
           RuntimeError, KeyError)  # fmt: skip


def open_archive(content: bytes, kind: str, report: Report) -> zipfile.ZipFile:
    """The archive of an XLSX or ODS file, once its directory passes every check."""
    where = Place(report.file)()
    if content.startswith(OLE_MAGIC):
        report.fail("this is an old Excel 97-2003 (.xls) file or a password-protected "
                    "workbook: save it as .xlsx without a password", where)  # fmt: skip
    if not content.startswith(ZIP_MAGIC):
        report.fail(f"not a valid {kind} workbook (it may be a CSV or another file renamed)", where)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except DAMAGED:
        report.fail(f"the {kind} workbook is damaged (its zip container cannot be opened; "
                    "it may be cut short)", where)  # fmt: skip
    if len(infos) > MAX_MEMBERS:
        report.fail(f"the workbook holds {len(infos):,} parts, more than the {MAX_MEMBERS:,} a "
                    "spreadsheet needs", where)  # fmt: skip
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        report.fail(f"the workbook declares {unpacked / 2**20:,.0f} MB once unpacked, over the "
                    f"{MAX_UNPACKED // 2**20} MB this tool unpacks", where)  # fmt: skip
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            report.fail(f"the part {info.filename!r} would unpack {ratio:,.0f} times its packed "
                        f"size (over {MAX_RATIO}): a compression bomb, not a spreadsheet", where)  # fmt: skip
        if info.flag_bits & 0x1:
            report.fail("the workbook is encrypted: save it without a password", where)
    return archive


def member(archive: zipfile.ZipFile, name: str, kind: str, report: Report) -> bytes:
    """One member's bytes (at most its declared size), or a "damaged" error."""
    try:
        return archive.read(name)
    except DAMAGED:
        report.fail(f"the {kind} workbook is damaged: its part {name!r} cannot be unpacked",
                    Place(report.file)())  # fmt: skip


def xml_elements(data: bytes, wanted: set[str]) -> list[tuple[str, dict]]:
    """``(local tag, attributes)`` of the wanted elements of a small XML part.

    Document type declarations are refused, so no entity can be declared and none
    expanded (the same rule as the ``defusedxml`` package, without the dependency).
    Namespace prefixes are dropped from tag and attribute names.
    """
    found: list[tuple[str, dict]] = []

    def start(tag, attrs):
        local = tag.rpartition(":")[2]
        if local in wanted:
            found.append((local, {k.rpartition(":")[2]: v for k, v in attrs.items()}))

    def forbid(*_):
        raise ValueError("document type declarations are not allowed")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.Parse(data, True)
    return found
