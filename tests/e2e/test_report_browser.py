"""Real browser: build the report and download it; the file holds the league table."""

from browser_helpers import open_page


def test_report_downloads_with_the_league_table(page, app_url):
    open_page(page, app_url, "report", query="mc.n=200")
    page.get_by_role("button", name="Build the report").click()
    button = page.get_by_role("button", name="Download the report (HTML)")
    button.wait_for(timeout=180_000)
    with page.expect_download() as download:
        button.click()
    html = open(download.value.path(), encoding="utf-8").read()
    assert "<h2>The league table, with rank intervals</h2>" in html
    assert "North Yorkshire" in html and 'src="data:image/svg+xml;base64,' in html
