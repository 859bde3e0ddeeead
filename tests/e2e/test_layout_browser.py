"""Real browser at 1280x800: nothing on any page is cut off on a projector.

One test per page registered in app.py (and the workshop's projected view), all on the
session's one server; every tab and expander of a page is opened and looked at. ``overflow.js`` lists what is cut: the page scrolling sideways; a
heading, paragraph, caption, label, metric or tab strip whose content is wider than its
box; a chart title, axis title, tick label, annotation or legend entry outside its figure,
outside its legend or running into the next entry; a text of a server-drawn chart (an SVG
image) outside the image or its plot area; a data grid wider than its place, or a
header or cell text wider than its column (measured with the grid's own font, since
st.dataframe draws on a canvas).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from browser_helpers import STILL, open_page, open_tab, open_workshop, wait_idle

ROOT = Path(__file__).resolve().parents[2]
OVERFLOW = (Path(__file__).with_name("overflow.js")).read_text(encoding="utf-8")


def registered_pages() -> list[str]:
    """The URL path of every page in app.py's PAGES (the first is the default, at "/")."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES")  # fmt: skip
    return ["" if i == 0 else Path(path).stem for i, (_, path, _, _) in enumerate(pages)]


def cut_elements(page) -> list[str]:
    """What is cut on the page, in every tab (a tab that runs only when open reruns the page)."""
    cut: list[str] = []
    labels = page.locator("[data-testid=stMain] [role=tab]").all_inner_texts()
    for i, label in enumerate(labels or [""]):
        if i:
            open_tab(page, label.strip())
        # Open every expander on show: its contents must fit too (one whose contents run only
        # when open reruns the page: wait for that run).
        page.evaluate("document.querySelectorAll('[data-testid=stMain] details:not([open]) > summary')"
                      ".forEach(s => s.getBoundingClientRect().width > 0 && s.click())")  # fmt: skip
        page.wait_for_timeout(400)  # plotly lays out legends after the first draw
        wait_idle(page)
        # Measured mid-animation, an unfolding expander's contents would read as cut.
        page.wait_for_function(f"() => [...document.querySelectorAll('[data-testid=stMain] details')]"
                               f".every({STILL})")  # fmt: skip
        found = page.wait_for_function(f"({OVERFLOW})()").json_value()  # once all has drawn
        cut += [c for c in found if c not in cut]
    return cut


# Settings that make a page draw more than its first view: the stop-and-search burden table
# (traced for 500 extra drug offences); a quicker Monte Carlo on Instability.
QUERY = {"gaming": "gm.dd=500", "instability": "mc.n=400&mc.sobol=64"}


@pytest.mark.parametrize("path", registered_pages(), ids=lambda p: p or "league_table")
def test_nothing_is_cut_at_1280x800(page, app_url, path):
    open_page(page, app_url, path, QUERY.get(path, ""))
    cut = cut_elements(page)
    assert not cut, "cut at 1280x800:\n" + "\n".join(cut)


def test_the_workshop_projector_and_participant_views_are_not_cut(browser, page, app_url):
    code = open_workshop(page, app_url, "Layout check")
    cut = cut_elements(page)
    assert not cut, "projector view cut at 1280x800:\n" + "\n".join(cut)

    # A participant on a laptop: their own page only (no navigation into the app), not cut.
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        mine = laptop.new_page()
        mine.set_default_timeout(60_000)
        open_page(mine, app_url, "workshop", f"join={code}")
        mine.wait_for_function("() => window.location.search.includes('pid=')")
        wait_idle(mine)
        for nav in ("stTopNavSection", "stSidebarNav", "stSidebar", "stSidebarCollapsedControl"):
            assert mine.get_by_test_id(nav).count() == 0, nav
        hrefs = mine.eval_on_selector_all("a[href]", "a => a.map(e => e.getAttribute('href'))")
        assert all(h.startswith("#") for h in hrefs), hrefs  # in-page anchors only
        cut = cut_elements(mine)
        assert not cut, "participant's page cut at 1280x800:\n" + "\n".join(cut)
        note = "We weighted homicide up because our area had three cases last year; " * 3
        mine.get_by_label("A note for the facilitator (optional)").fill(note)
        mine.get_by_role("button", name="Submit my answer").click()
        mine.get_by_text("Thank you: your answer is in").wait_for()
    finally:
        laptop.close()

    # The facilitator's controls: every participant's shares and note fit too.
    page.get_by_role("radio", name="Facilitator controls").click()
    page.get_by_text("1 participants").wait_for()
    wait_idle(page)
    cut = cut_elements(page)
    assert not cut, "facilitator's controls cut at 1280x800:\n" + "\n".join(cut)
