"""Stop and search linkage (B5): the split sums to the total and follows the inputs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample
from scoring.core.scenario import GamingSettings
from scoring.gaming import stopsearch

POP = pd.Series({"white": 1_350_000, "mixed": 15_000, "asian": 75_000, "black": 45_000,
                 "other": 15_000})  # fmt: skip


def test_defaults_carry_sources_and_years():
    settings = GamingSettings()
    items = {a.key: a for a in stopsearch.assumptions(settings)}
    assert items["offences_per_search"].value == 0.25
    assert items["nfa_share"].value == 0.77
    assert "year ending 31 March 2021" in items["nfa_share"].source
    assert items["disproportionality"].value == 7.0 and items["disproportionality"].year
    assert "parity" in items["group_ratios"].source
    assert "Census 2011" in items["population"].source
    assert all(a.source for a in items.values())


def test_split_sums_to_the_total_and_keeps_the_ratio():
    frame, totals = stopsearch.search_burden(1564, POP, GamingSettings())
    assert totals["extra_searches"] == pytest.approx(1564 / 0.25)  # 6,256, worked by hand
    assert frame["extra_searches"].sum() == pytest.approx(totals["extra_searches"])
    assert frame["no_further_action"].sum() == pytest.approx(0.77 * 6256)
    assert frame["excess_over_parity"].sum() == pytest.approx(0, abs=1e-9)
    per = frame["per_1000"]
    assert per["black"] / per["white"] == pytest.approx(7.0)
    assert per["asian"] / per["white"] == pytest.approx(1.0)
    assert totals["officer_hours"] == pytest.approx(0.5 * 6256)
    assert totals["gap_per_1000"] == pytest.approx(per["black"] - per["white"])


@settings(max_examples=60, deadline=None)
@given(drug=st.floats(1, 1e5), y=st.floats(0.05, 1), nfa=st.floats(0, 1), rr=st.floats(1, 30),
       asian=st.floats(0.1, 30), shares=st.lists(st.floats(1, 1e6), min_size=5, max_size=5))
def test_split_follows_the_inputs(drug, y, nfa, rr, asian, shares):
    pop = pd.Series(shares, index=list(stopsearch.GROUPS))
    s = GamingSettings(offences_per_search=y, nfa_share=nfa, disproportionality=rr,
                       group_ratios={"asian": asian})  # fmt: skip
    frame, totals = stopsearch.search_burden(drug, pop, s)
    assert totals["extra_searches"] == pytest.approx(drug / y)
    assert frame["extra_searches"].sum() == pytest.approx(drug / y)
    np.testing.assert_allclose(frame["no_further_action"], nfa * frame["extra_searches"])
    per = frame["per_1000"]
    assert per["black"] == pytest.approx(rr * per["white"])
    assert per["asian"] == pytest.approx(asian * per["white"])
    assert per["mixed"] == pytest.approx(per["white"])
    doubled, _ = stopsearch.search_burden(2 * drug, pop, s)  # proportional in the offences
    np.testing.assert_allclose(doubled["extra_searches"], 2 * frame["extra_searches"])


def test_no_extra_offences_means_no_extra_searches():
    frame, totals = stopsearch.search_burden(-50, POP, GamingSettings())
    assert totals["extra_searches"] == 0 and (frame["extra_searches"] == 0).all()


def test_force_population_uses_census_shares_and_current_population():
    ds = load_sample()
    pop = stopsearch.group_population(ds, "E23000001")
    assert pop.sum() == pytest.approx(ds.units.at["E23000001", "population"])
    census = ds.context["ethnicity"].loc["E23000001"]
    share = census["black"] / census[list(stopsearch.GROUPS)].sum()
    assert pop["black"] / pop.sum() == pytest.approx(share)
    assert stopsearch.group_population(ds, "NOWHERE") is None


def test_every_force_table_uses_only_population_shares_and_ratios():
    ds = load_sample()
    extra = pd.Series({"E23000001": 1000.0, "E23000002": np.nan, "E23000003": -5.0})
    table = stopsearch.all_forces(ds, extra, GamingSettings())
    assert list(table.index) == ["E23000001"]
    assert table.at["E23000001", "extra_searches"] == pytest.approx(4000)
    met = table.loc["E23000001"]
    assert met["black_per_1000"] == pytest.approx(7 * met["white_per_1000"])
    empty = stopsearch.all_forces(ds, pd.Series(dtype=float), GamingSettings())
    assert list(empty.columns) == list(stopsearch.FORCE_COLUMNS)

