"""Real browsers, two app servers, one PostgreSQL database: a workshop across servers.

The facilitator projects the workshop from server A; a participant on a phone answers
through server B; the answer appears on A's projected view by itself. Along the way:
the projected view's address and HTML carry no facilitator key, the participant's page
has no navigation into the app, and the QR code encodes the join link. Then a room of
simulated participants (the load benchmark's, smaller) answers through both at once.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest
from browser_helpers import (
    grid_column,
    metric_value,
    open_page,
    open_workshop,
    streamlit_server,
    wait_idle,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import bench_workshop_load as load  # noqa: E402
from ui.workshop.figures import qr_png  # noqa: E402
from workshop.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def two_servers(postgres_url):
    """Two ``streamlit run`` servers on different ports sharing the session's PostgreSQL."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(streamlit_server(postgres_url)) for _ in range(2)]


def test_a_workshop_across_two_servers(browser, two_servers):
    server_a, server_b = two_servers
    projector = browser.new_context(viewport={"width": 1280, "height": 800})
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = projector.new_page()
        page.set_default_timeout(60_000)
        code = open_workshop(page, server_a, "Two-server room")
        assert metric_value(page, "Participants") == "0"

        # The facilitator's key, read from their private link on the controls ...
        page.get_by_role("radio", name="Facilitator controls").click()
        page.get_by_text("Show my private link").click()
        link = page.get_by_text(f"workshop={code}&key=").inner_text()
        key = re.search(r"key=([\w-]+)", link).group(1)
        page.get_by_role("radio", name="Projector view").click()
        page.get_by_text("Join on your phone or laptop").wait_for()
        wait_idle(page)
        # ... is nowhere in the projected view's address or HTML.
        assert key not in page.url and "key=" not in page.url
        assert key not in page.content() and "Show my private link" not in page.content()

        # Readable from the back of the room, and the QR code is the join link.
        big = page.get_by_text(f"{code[:3]} {code[3:]}", exact=True)
        assert float(big.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 40
        join = page.get_by_text("/workshop?join=").inner_text().strip()
        assert join == f"{server_a}/workshop?join={code}"
        src = page.get_by_role("img", name="Scan to join").or_(page.locator("img").first)
        with urlopen(server_a + src.first.get_attribute("src").removeprefix(server_a)) as r:
            assert r.read() == qr_png(join)

        # A participant on server B: their own page, no navigation into the app.
        participant = phone.new_page()
        participant.set_default_timeout(60_000)
        open_page(participant, server_b, "workshop", f"join={code}")
        participant.wait_for_function("() => window.location.search.includes('pid=')")
        for nav in ("stTopNavSection", "stSidebarNav", "stSidebar", "stSidebarCollapsedControl"):
            assert participant.get_by_test_id(nav).count() == 0, nav
        hrefs = participant.eval_on_selector_all("a[href]", "a => a.map(e => e.getAttribute('href'))")
        assert all(h.startswith("#") for h in hrefs), hrefs  # in-page anchors only
        participant.get_by_label("Your name or role (optional; only the facilitator sees it)").fill(
            "<b>Phone</b> user"
        )
        slider = participant.get_by_role("slider").first  # homicide
        slider.focus()
        slider.press("End")  # weight 10
        participant.get_by_role("button", name="Submit my answer").click()
        participant.get_by_text("your answer is in").wait_for()
        participant.reload()  # a reload keeps the answer: the button now updates it
        participant.get_by_role("button", name="Update my answer").wait_for()

        # No click on server A: its projected view refreshes itself.
        page.wait_for_function(
            """() => [...document.querySelectorAll("[data-testid='stMetric']")].some(
                   m => m.innerText.includes('Participants') && m.innerText.trim().endsWith('1'))""",
            timeout=30_000,
        )
        assert "Phone" not in page.content()  # names stay off the projector
        page.get_by_role("radio", name="Facilitator controls").click()
        wait_idle(page)
        assert grid_column(page, column=1, rows=1) == ["<b>Phone</b> user"]  # plain text
        shares = grid_column(page, column=3, rows=1)[0]  # one text cell, so notes fit the projector
        assert shares.startswith("Homicide 29% · ")  # 10 / (10 + 5 × 5) = 29%
    finally:
        phone.close()
        projector.close()


def test_a_room_answers_through_two_servers_at_once(two_servers, postgres_url):
    """The load benchmark in small (bench/bench_workshop_load.py runs 300 participants)."""
    store = Store(postgres_url)
    try:
        ws, _ = store.open_workshop("Busy room", dict.fromkeys(load.MEASURES, "m"), "sample")
        outcomes = load.run_room(two_servers, ws.code, n=40, concurrency=20)
        assert [o.answer for o in outcomes] == ["in"] * 40
        assert load.count(store, ws.code, outcomes) == (0, 0)  # nothing lost, nothing doubled
    finally:
        store.dispose()
