"""A fresh server's very first request can be a deep link (a workshop join link, say).

With a folder called pages/ beside app.py, Streamlit starts in its legacy pages mode and
would run the requested page on its own: old file-name menu, no page set-up. The app
must still show its own navigation and wide layout.
"""

from browser_helpers import open_page, streamlit_server


def test_first_request_to_a_sub_page_gets_the_app_navigation(page):
    with streamlit_server() as url:
        open_page(page, url, "rigidity")
        assert page.get_by_role("heading", name="Rigidity and local priorities").is_visible()
        assert page.get_by_test_id("stTopNavSection").count() >= 3  # Explore, Sensitivity, ...
        assert page.get_by_test_id("stSidebarNav").count() == 0  # no legacy file-name menu
