"""League Table Lab: test a police performance league table before anyone publishes one.

Run with ``streamlit run app.py``. This entrypoint only sets up the page and the
navigation; every page draws the shared scenario sidebar itself (ui.widgets), which
keeps the controls testable with Streamlit's AppTest.
"""

import streamlit as st

from ui.report import warmup
from ui.workshop.roles import is_participant

st.set_page_config(
    page_title="League Table Lab",
    page_icon=":material/leaderboard:",
    layout="wide",
    initial_sidebar_state="expanded",
)

# (section, page file, title, icon)
PAGES = [
    ("Explore", "pages/league_table.py", "League table", ":material/leaderboard:"),
    ("Explore", "pages/grading.py", "Grades and thresholds", ":material/grading:"),
    ("Explore", "pages/data.py", "Data", ":material/table_chart:"),
    ("Sensitivity", "pages/instability.py", "Instability", ":material/query_stats:"),
    ("Sensitivity", "pages/gaming.py", "Gaming and fairness", ":material/balance:"),
    ("Sensitivity", "pages/rigidity.py", "Rigidity and local priorities", ":material/grid_view:"),
    ("Sensitivity", "pages/context.py", "Context and fairness", ":material/diversity_3:"),
    ("Sensitivity", "pages/design.py", "Design assistant", ":material/tune:"),
    ("Work together", "pages/compare.py", "Compare scenarios", ":material/compare_arrows:"),
    ("Work together", "pages/workshop.py", "Workshop", ":material/groups:"),
    ("Work together", "pages/report.py", "Report", ":material/description:"),
]

navigation: dict[str, list] = {}
for section, path, title, icon in PAGES:
    navigation.setdefault(section, []).append(
        st.Page(path, title=title, icon=icon, default=path == PAGES[0][1])
    )
# A workshop participant (a join link) sees only their own page: no navigation into the app,
# and a join link that names another page still opens theirs.
participant = is_participant()
page = st.navigation(navigation, position="hidden" if participant else "top")
if participant and page.url_path != "workshop":
    st.switch_page("pages/workshop.py", query_params=st.query_params.to_dict())
# Once a first page is served, the report's analyses are worked out in the background (none
# starts while a page runs), so a first report on a new server is as quick as a later one.
with warmup.serving():
    page.run()
