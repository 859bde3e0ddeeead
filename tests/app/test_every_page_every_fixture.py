"""AppTest: every page renders, without an exception, for every usable data fixture.

"Usable" is decided by the loader itself: every committed fixture (good and malformed)
that loads. Fixtures that load into the same shape (the same units, indicators, kinds,
directions, measures, national row, context tables and gaps: for example the 43-force
files that differ only in one cell's spelling, encoding or delimiter) take the pages'
same code paths, so one of each shape is uploaded on the Data page and every page is
visited on it; the others are checked to load into that shape. Pages that cannot
compute for the data in use (no forces for the map, gaming on countries) must say so
and keep working. The sensitivity settings are the smallest the scenario allows (100
Monte Carlo samples, Sobol' n = 64), so the suite stays quick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import InputError
from scoring.io import load_path
from tests.conftest import open_tab

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PAGES = sorted(f"pages/{p.name}" for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
QUICK = {"mc.n": "100", "mc.sobol": "64"}
# Pages whose tabs run only when open: each of their tabs is opened in turn.
TABS = {
    "pages/league_table.py": ("lt_tab", ["Map of ranks"]),
    "pages/data.py": ("explore_tab", ["Funnel plot", "Correlations"]),
    "pages/gaming.py": ("gm_tab", ["Leverage", "Threshold effects", "Stop and search", "Recording",
                                   "Manipulability rubric", "Assumptions"]),
    "pages/rigidity.py": ("rg_tab", ["Effort reallocation", "Local priorities", "Distortion and ratchet"]),
    "pages/context.py": ("cx_tab", ["Is the table fair?", "Direction of travel", "Ratchet on real history"]),
}


def shapes() -> dict[tuple, list[Path]]:
    """Usable fixtures grouped by the shape of the dataset they load into."""
    out: dict[tuple, list[Path]] = {}
    for path in sorted([*(FIXTURES / "good").iterdir(), *(FIXTURES / "malformed").iterdir()]):
        try:
            ds = load_path(path).dataset
        except InputError:
            continue
        meta = ds.meta
        shape = (tuple(sorted(ds.values.index)), tuple(ds.indicators), tuple(meta["kind"]),
                 tuple(meta["direction"]), tuple(meta["measure"]), ds.national is not None,
                 tuple(sorted(ds.context)), bool(ds.values.isna().any().any()))  # fmt: skip
        out.setdefault(shape, []).append(path)
    return out


SHAPES = shapes()
USABLE = [paths[0] for paths in SHAPES.values()]


def test_the_usable_fixtures_cover_every_shape():
    names = {p.name for paths in SHAPES.values() for p in paths}
    assert {"forces_newer.csv", "forces_long.csv", "forces.ods", "ons_like.xlsx", "csp_small.csv",
            "coinr.xlsx", "forces_counts.csv"} <= names and len(names) >= 20  # fmt: skip
    assert len(SHAPES) >= 10


@pytest.mark.parametrize("path", USABLE, ids=lambda p: p.name)
def test_every_page_renders_on_the_fixture(app, path):
    at = app(page="pages/data.py", query=QUICK)
    at.file_uploader(key="data_upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["scenario"].data.startswith("upload:"), [e.value for e in at.error]
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page  # the page drew its title: it did not stop early
        key, labels = TABS.get(page, ("", []))
        for label in labels if key in at.session_state else []:  # a page may stop before its tabs
            open_tab(at, key, label)
    # The League table ranks the file's units, and against the previous year's table too.
    at.switch_page("pages/league_table.py").run()
    assert len(at.dataframe[0].value) >= 6
    open_tab(at, "sb_data", True).selectbox(key="m_base").set_value("previous_year").run()
    assert not at.exception, [e.value for e in at.exception]
