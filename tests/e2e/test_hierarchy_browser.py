"""Real browser: a four-level COINr workbook gives the sidebar a slider per level, the top level
open and the measures folded; moving a theme's weight re-ranks the table and rides in the link."""

from pathlib import Path

from browser_helpers import go_to, grid_column, open_page, settled, upload_data, wait_idle

FOUR = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "coinr_forces.xlsx"


def test_theme_sliders_open_measure_sliders_folded(page, app_url):
    open_page(page, app_url)
    go_to(page, "Explore", "Data")
    upload_data(page, FOUR)
    page.get_by_text("every page now ranks it").wait_for()
    go_to(page, "Explore", "League table")
    sidebar = page.get_by_test_id("stSidebar")
    harm = sidebar.get_by_test_id("stSlider").filter(has_text="Serious harm")
    assert harm.is_visible()
    assert not sidebar.get_by_text("Homicide measure", exact=True).is_visible()  # folded
    sidebar.get_by_text("Weights of the measures, within each group").click()
    sidebar.get_by_text("Homicide measure", exact=True).wait_for()
    assert page.get_by_role("tab", name="Themes").is_visible()
    main = page.get_by_test_id("stMain")
    before = grid_column(main, column=2, rows=5)
    thumb = harm.get_by_role("slider")
    thumb.focus()
    thumb.press("Home")  # Serious harm weighs nothing
    wait_idle(page)
    page.wait_for_function("() => window.location.search.includes('gw.harm=0.0')")
    # The grid's accessible cells can lag the rerun that redraws it.
    after = settled(page, lambda: grid_column(main, column=2, rows=5), lambda v: v != before, tries=40)
    assert after != before
