"""AppTest: the report page builds the report for the scenario on screen and offers it."""

PAGE = "pages/report.py"


def test_build_report_and_download(app):
    at = app(page=PAGE, query={"mc.n": "200", "w.drugs": "0.0"})
    assert at.title[0].value == "Report"
    at.button(key="report_build").click().run()
    assert not at.exception
    built = at.session_state["report"]
    assert "<h2>The league table, with rank intervals</h2>" in built.html
    assert "North Yorkshire" in built.html and "Bedfordshire" in built.html
    assert built.pdf is None or built.pdf.startswith(b"%PDF")
    labels = [b.label for b in at.download_button]
    assert "Download the report (HTML)" in labels
    assert at.button(key="report_build").disabled  # up to date


def test_changing_the_scenario_marks_the_report_stale(app):
    at = app(page=PAGE, query={"mc.n": "200"})
    at.button(key="report_build").click().run()
    at.slider(key="w_homicide").set_value(9.0).run()
    assert "changed since the last report" in at.info[0].value
    assert not at.button(key="report_build").disabled
    assert "Download the report (HTML)" not in [b.label for b in at.download_button]
