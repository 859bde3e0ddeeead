"""League Table Lab: test a police performance league table before anyone publishes one.

Run with ``streamlit run app.py``. This entrypoint only sets up the page and the
navigation; every page draws the shared scenario sidebar itself (ui.widgets), which
keeps the controls testable with Streamlit's AppTest.
"""

import streamlit as st

st.set_page_config(
    page_title="League Table Lab",
    page_icon=":material/leaderboard:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = {
    "Explore": [
        st.Page("pages/league_table.py", title="League table", icon=":material/leaderboard:",
                default=True),  # fmt: skip
    ],
}

st.navigation(PAGES, position="top").run()
