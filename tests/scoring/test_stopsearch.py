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


def test_every_force_table_uses_each_forces_own_rates_or_the_national_ratio():
    ds = load_sample()
    extra = pd.Series({"E23000001": 1000.0, "E23000002": np.nan, "E23000003": -5.0})
    table = stopsearch.all_forces(ds, extra, GamingSettings())
    assert list(table.index) == ["E23000001"]
    assert table.at["E23000001", "extra_searches"] == pytest.approx(4000)
    met = table.loc["E23000001"]
    own = stopsearch.force_rates(ds, "E23000001").ratios["black"]
    assert met["black_per_1000"] == pytest.approx(own * met["white_per_1000"])
    national = stopsearch.all_forces(ds, extra, GamingSettings(ratio_source="national"))
    met = national.loc["E23000001"]
    assert met["black_per_1000"] == pytest.approx(7 * met["white_per_1000"])
    empty = stopsearch.all_forces(ds, pd.Series(dtype=float), GamingSettings())
    assert list(empty.columns) == list(stopsearch.FORCE_COLUMNS)



def test_a_forces_own_rates_are_its_searches_over_its_census_population():
    ds = load_sample()
    row = ds.context["stop_search"].loc["E23000001"]  # Metropolitan Police, YE March 2019
    by_hand = (row["searches_black"] / row["population_black"]) / (
        row["searches_white"] / row["population_white"])
    own = stopsearch.force_rates(ds, "E23000001")
    assert own.ratios["black"] == pytest.approx(by_hand) and 4 < by_hand < 5
    assert own.per_1000["white"] == pytest.approx(1000 * 55_704 / 4_881_636)
    assert all(own.own.values()) and own.searches_2025 == 122_631
    line = stopsearch.rates_line("Metropolitan Police", own)
    assert "year ending March 2019" in line and f"{by_hand:.1f}×" in line


def test_groups_with_a_handful_of_searches_take_the_national_ratio_of_that_year():
    ds = load_sample()
    cumbria = stopsearch.force_rates(ds, "E23000002")  # 14 searches of Black people
    national = stopsearch.national_rates(ds)
    assert not cumbria.own["black"] and cumbria.own["white"]
    assert cumbria.ratios["black"] == pytest.approx(national["black"] / national["white"])
    assert round(cumbria.ratios["black"], 1) == 9.7  # Home Office's published 2018/19 figure
    items = {a.key: a for a in stopsearch.assumptions(GamingSettings(), cumbria)}
    assert items["force_ratios"].year == "year ending March 2019"
    assert "fewer than 20 searches" in items["force_ratios"].note
    assert "disproportionality" not in items  # the national input is not in use
    assert stopsearch.force_rates(ds, "NOWHERE") is None
