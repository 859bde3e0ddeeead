"""Streamlit's own floor on this machine, for ``bench/run_all.py``: pages that do no work.

Not part of the app. ``?page=title`` draws a title and a line of text; ``?page=elements``
draws, with no computation behind them, the kinds of element the League table's first view
draws (sidebar sliders, a select box, an expander, a 43-row table, a server-drawn SVG chart,
a switch, columns, tabs, a download button). Timed in the same browser as the app's pages,
they say how much of a page's wait is Streamlit's own start and element code, which no page
can go below.
"""

import numpy as np
import pandas as pd
import streamlit as st

CHART = ('<svg xmlns="http://www.w3.org/2000/svg" width="360" height="600" viewBox="0 0 360 600">'
         + "".join(f'<rect x="90" y="{14 * i}" width="{200 - 4 * i}" height="11" fill="#0072B2"/>'
                   for i in range(43))
         + "</svg>")  # fmt: skip

kind = st.query_params.get("page", "title")
if kind == "elements":
    with st.sidebar:
        st.subheader("Scenario")
        st.selectbox("Preset", ["Home Office 2021", "Equal weights"])
        weights = [st.slider(name, 0.0, 10.0, 5.0, 0.5)
                   for name in ("Homicide", "Serious violence", "Drugs supply")]  # fmt: skip
        weight = sum(weights)
        with st.expander("Methods"):
            st.write("folded")
st.title("Floor")
st.caption("A page that does no work.")
if kind == "elements":
    rng = np.random.default_rng(int(weight * 2))  # each move, another table
    table = pd.DataFrame({"Rank": range(1, 44), "Force": [f"Force {i}" for i in range(43)],
                          "Score": np.sort(rng.normal(size=43))[::-1] * weight})  # fmt: skip
    left, right = st.columns([6, 5])
    with left:
        st.subheader("Table")
        st.dataframe(table, hide_index=True, height=400)
    with right:
        st.subheader("Chart")
        st.image(CHART, width="stretch")
        st.toggle("Values on hover")
    st.download_button("Download", table.to_csv(index=False), "table.csv")
    for i, tab in enumerate(st.tabs(["A force", "Map"])):
        with tab:
            st.selectbox("Force", table["Force"], key=f"pick_{i}")
            st.dataframe(table.head(8), hide_index=True)
