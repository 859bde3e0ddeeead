"""Real browser: each section of the Context and fairness page draws, reacts, and fits 1280x800."""

from browser_helpers import drawn_chart, grid_column, open_page, open_tab, wait_idle
from playwright.sync_api import expect


def open_context(page, app_url: str, query: str = "") -> None:
    open_page(page, app_url)  # the entry page first, as a visitor arrives
    open_page(page, app_url, "context", query)


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def show(page, tab: str) -> None:
    open_tab(page, tab)


def test_most_similar_forces_group_funnel_and_map(page, app_url):
    open_context(page, app_url, "cx.f=E23000001")
    body = page.inner_text("body")
    assert "Metropolitan Police is most like West Midlands" in body
    assert grid_column(page, column=0, rows=2) == ["Metropolitan Police", "West Midlands"]
    drawn_chart(page, "Map of police force areas")
    drawn_chart(page, "Funnel plot")
    assert fits_the_width(page)
    slider = page.get_by_test_id("stSlider").filter(has_text="Similar forces per group").get_by_role("slider")
    slider.focus()
    slider.press("Home")  # three similar forces
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('cx.k=3')")
    assert len(grid_column(page, column=0, rows=4)) == 4


def test_is_the_table_fair_answers_in_places_and_adjusts(page, app_url):
    open_context(page, app_url)
    show(page, "Is the table fair?")
    body = page.inner_text("body")
    assert "17 places lower" in body and "What this can and cannot show" in body
    assert page.get_by_role("heading", level=1).inner_text() == "Context and fairness"
    assert fits_the_width(page)
    # Adjusting for diversity alone: the link carries it and the sentence follows.
    page.get_by_test_id("stMultiSelect").filter(has_text="Adjust for").get_by_role(
        "button", name="Remove Density").click()  # fmt: skip
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('cx.av=diversity')")
    expect(page.get_by_text("Allowing for the share of Black, Asian and minority ethnic residents "
                            "moves", exact=False)).to_be_visible()  # fmt: skip


def test_direction_of_travel_flags_and_year_slider(page, app_url):
    open_context(page, app_url)
    show(page, "Direction of travel")
    expect(page.get_by_text("forces moved more places than noise alone", exact=False)).to_be_visible()
    assert "In the year ending March 2022" in page.inner_text("body")
    assert fits_the_width(page)
    slider = page.get_by_test_id("stSlider").filter(has_text="Year ending March").get_by_role("slider")
    slider.focus()
    slider.press("Home")
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('cx.yr=2004')")
    expect(page.get_by_text("In the year ending March 2004, ", exact=False)).to_be_visible()


def test_ratchet_on_real_history(page, app_url):
    open_context(page, app_url, "cx.rel=1")
    show(page, "Ratchet on real history")
    body = page.inner_text("body")
    assert "compared with England and Wales) the year before, the bar tightened" in body
    assert "noise alone would give 33% and 67%" in body
    page.locator(".js-plotly-plot").first.wait_for()
    assert fits_the_width(page)
