import pandas as pd

from scoring.together.report import Section, render


def test_text_and_tables_are_escaped():
    hostile = '<script>alert("x")</script>'
    html = render(hostile, "sub & title", [
        Section("Table " + hostile).text(hostile).bullets([hostile]).caveat(hostile)
        .table(pd.DataFrame({"name": [hostile, "=SUM(A1)"], "score": [0.5, 0.25]})),
    ])
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 7  # title, h1, h2, text, bullet, caveat, cell
    assert "sub &amp; title" in html
    assert '<td class="num">0.500</td>' in html


def test_images_are_embedded_and_a_missing_chart_says_so():
    png = b"\x89PNG\r\n\x1a\nfake"
    html = render("t", "s", [Section("c").image(png, "A chart").image(None, "Map")])
    assert 'src="data:image/png;base64,' in html and "<figcaption>A chart</figcaption>" in html
    assert "[Chart not available: Map]" in html


def test_document_needs_nothing_from_the_network():
    html = render("t", "s", [Section("x").text("y")])
    assert "http://" not in html and "https://" not in html
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
