"""Cheapest route up the table (B3): effort, plausibility caps and the knapsack mix."""

import numpy as np
import pytest
from gaming_toy import scenario, toy

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.gaming import climb as gaming
from scoring.gaming import route, whatif


def routes_for(ds, s, g, max_change, places=(1, 2, 3)):
    w = whatif.build(ds, s)
    table = gaming.climb_table(w, ds.units["name"], {j: j for j in ds.indicators}, places=places,
                               top=None)  # fmt: skip
    return w, table, *route.cheapest_routes(w, table, np.asarray(g, float), max_change)


def test_effort_divides_each_change_by_its_manipulability():
    g = np.array([0.5, 0.25, 0.0])
    assert route.effort(np.array([0.1, -0.1, 0.0]), g) == pytest.approx(0.2 + 0.4)
    assert route.effort(np.array([0.0, 0.0, 0.1]), g) == np.inf  # G = 0: not for sale
    assert route.effort(np.array([np.nan, 0, 0]), g) == np.inf  # no route


def test_single_route_is_the_exact_minimum_change_when_it_is_plausible():
    # Only D can be moved (G = 1 for D); E passes A with the B2 change of D (+35%).
    _, table, routes, steps = routes_for(toy(), scenario(), [0, 0, 1, 0], max_change=0.5)
    r = routes[(routes["code"] == "E") & (routes["target"] == "1 place")].iloc[0]
    assert r["route"] == "one indicator" and r["new_rank"] == 2 and r["rank_if_1pct_less"] == 3
    step = steps[(steps["code"] == "E") & (steps["target"] == "1 place")]
    single = table[(table["code"] == "E") & (table["indicator"] == "D") & (table["places"] == 1)]
    assert list(step["indicator"]) == ["D"]
    assert step["change_pct"].iloc[0] == pytest.approx(single["change_pct"].iloc[0])
    assert r["effort"] == pytest.approx(single["change_pct"].iloc[0] / 100)


def test_implausible_changes_are_not_routes():
    # A cap of 10% is below the 35% E needs, so there is no plausible route.
    _, _, routes, _ = routes_for(toy(), scenario(), [0, 0, 1, 0], max_change=0.1)
    r = routes[(routes["code"] == "E") & (routes["target"] == "1 place")].iloc[0]
    assert r["route"] == "none" and r["status"] == "not reachable within plausible changes"


def test_a_mix_climbs_where_no_single_indicator_can_and_is_confirmed():
    # E cannot pass C (2 places) through D alone (test_gaming.py), nor through S within its
    # plausible 10% (0.5 x G = 0.2), but D and S together can.
    g = [0, 0, 1, 0.2]
    _, table, routes, steps = routes_for(toy(), scenario(), g, max_change=0.5)
    singles = table[(table["code"] == "E") & (table["places"] == 2)].set_index("indicator")
    assert singles.at["D", "status"].startswith("not reachable")
    assert singles.at["S", "change_pct"] > 10
    r = routes[(routes["code"] == "E") & (routes["target"] == "2 places")].iloc[0]
    assert r["route"] == "a mix"
    assert r["new_rank"] <= 1 and r["rank_if_1pct_less"] > 1
    mix = steps[(steps["code"] == "E") & (steps["target"] == "2 places")].set_index("indicator")
    assert set(mix.index) == {"D", "S"}
    # S buys 0.35 score points per unit of effort at its cap, D 0.17: S is used up first.
    assert mix.at["S", "change_pct"] == pytest.approx(10)
    assert 0 < mix.at["D", "change_pct"] < 50
    assert r["effort"] == pytest.approx(0.1 / 0.2 + mix.at["D", "change_pct"] / 100)


def test_every_route_on_the_sample_reaches_its_target_and_1pct_less_does_not():
    ds = load_sample()
    for name in ("home_office_2021", "harm_focused"):
        s = preset(name, ds.measure_of)
        g = np.linspace(0.1, 0.7, len(ds.indicators))
        _, _, routes, steps = routes_for(ds, s, g, max_change=0.5, places=(1, 3, 5))
        ok = routes[routes["status"] == "ok"]
        assert len(ok) > 50
        if name == "harm_focused":
            assert (routes["route"] == "a mix").any()
        assert (ok["new_rank"] <= ok["target_rank"]).all()
        assert (ok["rank_if_1pct_less"] > ok["target_rank"]).all()
        assert set(steps["code"]) <= set(ok["code"])
