"""AppTest: links, sidebar values and data that cannot be ranked never end in a traceback.

Every page either draws, or says in one message why it cannot compute for the data and
scenario in use, and keeps its sidebar so the user can fix it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = sorted(f"pages/{p.name}" for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
ZERO = {f"w.{m}": "0" for m in ("homicide", "serious_violence", "drugs", "neighbourhood", "cyber",
                                "victim_satisfaction")}  # fmt: skip
HOSTILE_LINK = {"w.homicide": "nan", "iw.robbery": "inf", "seed": "1e400", "mc.n": "-5",
                "smallpop": "99999999999999999999", "dir.homicide": "7", "gm.rub.robbery": "1:2",
                "norm": "<script>", "data": "upload:doesnotexist", "ok": "x" * 500, "cnt.robbery": "2"}  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_every_weight_at_zero_says_why_on_every_page(app, page):
    at = app(page=page, query={**ZERO, "mc.n": "100", "mc.sobol": "64"})
    assert any("Nothing to rank yet: every weight is zero" in e.value for e in at.error), [e.value for e in at.error]
    assert at.sidebar.slider  # the sliders are still there to fix it


def test_setting_every_slider_to_zero_in_the_sidebar_keeps_the_page_working(app):
    at = app()
    for slider in at.sidebar.slider:
        if slider.key and slider.key.startswith("w_"):
            slider.set_value(0.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("every weight is zero" in e.value for e in at.error)


def test_a_hostile_link_is_clamped_and_said_not_a_traceback(app):
    at = app(query=HOSTILE_LINK)
    assert not at.exception, [e.value for e in at.exception]
    notes = " ".join(w.value for w in at.warning)
    assert "'nan' is not a number" in notes and "not loaded in this session" in notes
    assert at.dataframe  # the table drew


def test_a_rule_that_would_rank_no_unit_is_not_applied_and_the_page_says_so(app):
    at = app(query={"smallpop": "10000000"})  # every force is under ten million residents
    assert not at.exception, [e.value for e in at.exception]
    assert any("so the small-unit rule was not applied" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) == 43
