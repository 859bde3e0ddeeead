"""Open a dataset by name: a shipped sample id, or the path of a CSV, XLSX or ODS file.

Apart from :mod:`scoring.io.load` so that opening a shipped sample (``python -m scoring
rank``) imports none of the file readers: they and what they import (the workbook reader
among them) cost the command a tenth of a second it would spend on nothing.
"""

from __future__ import annotations

from pathlib import Path

from scoring.core.dataset import SAMPLES, Dataset, load_sample
from scoring.errors import InputError


def split_table(name: str) -> tuple[Path, str | None]:
    """``"book.xlsx#Table C2"`` -> ``(Path("book.xlsx"), "Table C2")``; no "#" -> no table."""
    path, hash_, table = str(name).rpartition("#")
    if hash_ and path and not Path(name).exists():
        return Path(path), table
    return Path(name), None


def open_dataset(name: str, on_warning=None) -> Dataset:
    """Open a dataset by name: a shipped sample id, or a path to a CSV, XLSX or ODS file.

    A path may end in ``#TABLE`` to pick a sheet, or ``#C2`` for the community safety
    partnerships of the ONS workbook. ``on_warning(text)`` receives the loader's
    warnings (the command line prints them on stderr).
    """
    if name in SAMPLES:
        return load_sample(name)
    if name.startswith("upload:"):
        raise InputError(f"{name!r} is a file uploaded to the app: pass that file with --data FILE")
    path, table = split_table(name)
    if not path.is_file():
        raise InputError(f"unknown dataset {name!r}; use one of {', '.join(SAMPLES)} or the path "
                         "of a CSV, XLSX or ODS file")  # fmt: skip
    from scoring.io.load import load_path  # the file readers: only for a file

    loaded = load_path(path, table)
    for issue in loaded.report.warnings:
        if on_warning is not None:
            on_warning(str(issue))
    return loaded.dataset
