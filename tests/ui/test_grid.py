"""ui.widgets.grid: every read-only table sizes its text columns from every row."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from ui import widgets


@pytest.fixture
def drawn(monkeypatch):
    calls = []
    monkeypatch.setattr(st, "dataframe", lambda frame, **kw: calls.append(kw))
    return calls


def test_a_long_name_far_down_sets_the_width(drawn):
    names = ["Kent"] * 40 + ["Devon and Cornwall"]
    widgets.grid(pd.DataFrame({"Unit": names, "Rate": range(41)}))
    width = drawn[0]["column_config"]["Unit"]["width"]
    assert width == widgets.text_width(["Devon and Cornwall"]) > widgets.text_width(["Kent"], "Unit")


def test_the_caller_s_width_wins_and_other_settings_get_the_fitted_width(drawn):
    frame = pd.DataFrame({"Force": ["Devon and Cornwall"], "Note": ["a longer note than most"]})
    widgets.grid(frame, column_config={"Force": st.column_config.TextColumn(width=140),
                                       "Note": st.column_config.TextColumn(help="why")})  # fmt: skip
    config = drawn[0]["column_config"]
    assert config["Force"]["width"] == 140
    assert config["Note"]["width"] == widgets.text_width(["a longer note than most"])
    assert config["Note"]["help"] == "why"


def test_too_wide_wraps_and_max_height_follows_the_taller_rows(drawn):
    frame = pd.DataFrame({"A": ["word " * 40] * 3, "B": ["word " * 40] * 3})
    widgets.grid(frame, width=400, max_height=1000)
    kw = drawn[0]
    assert kw["row_height"] == widgets.WRAPPED_ROW
    assert kw["height"] == 38 + widgets.WRAPPED_ROW * 3
    assert sum(c["width"] for c in kw["column_config"].values()) <= 400
